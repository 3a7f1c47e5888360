package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR26(t *testing.T) {
	runCases(t, "ANSSI-SSH-R26", []tcase{
		{name: "pass - port 22 on a private address", res: compliant().Result()},
		{name: "pass - port 2222 on loopback", res: compliant().IP("127.0.0.1").Port(2222).Result()},
		{name: "warn - port 22 on a public address", res: compliant().IP("193.51.24.1").Result(), items: []string{"193.51.24.1 port 22"}},
		{name: "warn - port 2222 on a public address", res: compliant().IP("193.51.24.1").Port(2222).Result(),
			items: []string{"193.51.24.1 port 2222"}, why: []string{"below 1024"}},
		{name: "pass - port 822 on a public address", res: compliant().IP("193.51.24.1").Port(822).Result()},
		{name: "incomplete - no address recorded", res: noIP(compliant()).Result()},
		{name: "incomplete - no SSH server answered", res: compliant().NoBanner(scanner.ReasonReset).Result()},
	})
}
