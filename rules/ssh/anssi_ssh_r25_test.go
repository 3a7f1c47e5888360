package sshrules_test

import (
	"net/netip"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR25(t *testing.T) {
	runCases(t, "ANSSI-SSH-R25", []tcase{
		{name: "pass - RFC 1918", res: compliant().Result()},
		{name: "pass - loopback", res: compliant().IP("127.0.0.1").Result()},
		{name: "pass - IPv6 unique local", res: compliant().IP("fd00:1::22").Result()},
		{name: "pass - carrier-grade NAT space", res: compliant().IP("100.64.1.2").Result()},
		{name: "pass - IPv4-mapped private", res: compliant().IP("::ffff:192.168.1.1").Result()},
		{name: "warn - public IPv4", res: compliant().IP("193.51.24.1").Result(), items: []string{"193.51.24.1"}},
		{name: "warn - public IPv6", res: compliant().IP("2001:660:3001:4002::1").Result(), items: []string{"2001:660:3001:4002::1"}},
		{name: "incomplete - no address recorded", res: noIP(compliant()).Result()},
		{name: "incomplete - no SSH server answered", res: compliant().IP("193.51.24.1").NoBanner(scanner.ReasonTimeout).Result()},
	})
}

// noIP is b's endpoint without an address.
func noIP(b *builder) *builder {
	ep := b.Result().Endpoint
	ep.IP = netip.Addr{}
	return b.Endpoint(ep)
}
