package main

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestParseTarget(t *testing.T) {
	ip := netip.MustParseAddr
	tests := []struct {
		arg  string
		name string
		ip   netip.Addr
		port uint16
	}{
		{"example.fr", "example.fr", netip.Addr{}, 443},
		{"Example.FR.", "example.fr", netip.Addr{}, 443},
		{"example.fr:8443", "example.fr", netip.Addr{}, 8443},
		{"_acme.example.fr:1", "_acme.example.fr", netip.Addr{}, 1},
		{"localhost:65535", "localhost", netip.Addr{}, 65535},
		{"192.0.2.10", "", ip("192.0.2.10"), 443},
		{"192.0.2.10:993", "", ip("192.0.2.10"), 993},
		{"2001:db8::1", "", ip("2001:db8::1"), 443},
		{"::1", "", ip("::1"), 443},
		{"[2001:db8::1]", "", ip("2001:db8::1"), 443},
		{"[2001:db8::1]:8443", "", ip("2001:db8::1"), 8443},
		{"[::ffff:192.0.2.10]:443", "", ip("192.0.2.10"), 443},
		{"https://example.fr", "example.fr", netip.Addr{}, 443},
		{"https://example.fr/", "example.fr", netip.Addr{}, 443},
		{"https://example.fr:8443/path?q=1#f", "example.fr", netip.Addr{}, 8443},
		{"HTTPS://EXAMPLE.FR/", "example.fr", netip.Addr{}, 443},
		{"https://192.0.2.10:444/", "", ip("192.0.2.10"), 444},
		{"https://[2001:db8::1]:444/", "", ip("2001:db8::1"), 444},
		{"https://[2001:db8::1]/", "", ip("2001:db8::1"), 443},
	}
	for _, tt := range tests {
		got, err := parseTarget(tt.arg)
		if err != nil {
			t.Errorf("parseTarget(%q): %v", tt.arg, err)
			continue
		}
		if got.name != tt.name || got.ip != tt.ip || got.port != tt.port {
			t.Errorf("parseTarget(%q) = name %q ip %v port %d, want name %q ip %v port %d",
				tt.arg, got.name, got.ip, got.port, tt.name, tt.ip, tt.port)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct {
		arg  string
		want string // in the error
	}{
		{"", "empty"},
		{"example.fr:99999", `port "99999" is not a number from 1 to 65535`},
		{"example.fr:0", `port "0"`},
		{"example.fr:https", `port "https"`},
		{"example.fr:-1", `port "-1"`},
		{"example.fr:", "empty port"},
		{":443", "no host"},
		{"https://", "URL has no host"},
		{"https:///path", "URL has no host"},
		{"https://example.fr:99999/", `port "99999"`},
		{"https://example.fr:/", "empty port"},
		{"http://example.fr/", `unsupported URL scheme "http"`},
		{"ftp://example.fr", `unsupported URL scheme "ftp"`},
		{"[2001:db8::1", "[ADDRESS]:PORT"},
		{"[2001:db8::1]:", "empty port"},
		{"[2001:db8::1]:x", `port "x"`},
		{"[192.0.2.10]:443", "not an IPv6 address"},
		{"[example.fr]:443", "not an IPv6 address"},
		{"2001:db8::zz", "not an IPv6 address"},
		{"fe80::1%eth0", "zones are not supported"},
		{"https://[fe80::1%25eth0]/", "zones are not supported"},
		{"0.0.0.0", "unspecified"},
		{"[::]:443", "unspecified"},
		{"224.0.0.1", "multicast"},
		{"192.0.2.300", "not a valid IPv4 address"},
		{"1.2.3", "not a valid IPv4 address"},
		{"exa mple.fr", "invalid character"},
		{"example..fr", "empty label"},
		{"-example.fr", "hyphen"},
		{"exämple.fr", "xn--"},
		{strings.Repeat("a", 64) + ".fr", "longer than 63"},
		{strings.Repeat("a.", 127) + "fr", "longer than 253"},
	}
	for _, tt := range tests {
		_, err := parseTarget(tt.arg)
		if err == nil {
			t.Errorf("parseTarget(%q) succeeded, want an error", tt.arg)
			continue
		}
		var ue *usageError
		if !errors.As(err, &ue) || ue.hint == "" {
			t.Errorf("parseTarget(%q): %v is not a usage error with a hint", tt.arg, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseTarget(%q) = %q, want it to contain %q", tt.arg, err, tt.want)
		}
		if msg := err.Error(); strings.HasSuffix(msg, ".") {
			t.Errorf("parseTarget(%q): error ends with a period: %q", tt.arg, msg)
		}
	}
}

// fakeResolver answers from a table; a missing name does not exist.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	addrs, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, a := range addrs {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

func mustTargets(t *testing.T, args ...string) []target {
	t.Helper()
	var ts []target
	for _, a := range args {
		tg, err := parseTarget(a)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tg)
	}
	return ts
}

func TestResolve(t *testing.T) {
	res := fakeResolver{
		"example.fr": {"2001:db8::2", "192.0.2.20", "::ffff:192.0.2.10", "2001:db8::1", "192.0.2.20"},
		"empty.fr":   {},
	}
	ep := func(host, ip string, port uint16, sni string) scanner.Endpoint {
		return scanner.Endpoint{Host: host, IP: netip.MustParseAddr(ip), Port: port, Protocol: "tls", SNI: sni, Source: "argument"}
	}
	eps, errs := resolve(context.Background(), res, mustTargets(t,
		"example.fr", "192.0.2.99:8443", "missing.fr", "https://example.fr/", "example.fr:8443", "empty.fr", "[2001:db8::9]",
	), "", 2)
	want := []scanner.Endpoint{
		ep("example.fr", "192.0.2.10", 443, "example.fr"),
		ep("example.fr", "192.0.2.20", 443, "example.fr"),
		ep("example.fr", "2001:db8::1", 443, "example.fr"),
		ep("example.fr", "2001:db8::2", 443, "example.fr"),
		ep("192.0.2.99", "192.0.2.99", 8443, ""),
		ep("example.fr", "192.0.2.10", 8443, "example.fr"),
		ep("example.fr", "192.0.2.20", 8443, "example.fr"),
		ep("example.fr", "2001:db8::1", 8443, "example.fr"),
		ep("example.fr", "2001:db8::2", 8443, "example.fr"),
		ep("2001:db8::9", "2001:db8::9", 443, ""),
	}
	if !reflect.DeepEqual(eps, want) {
		t.Errorf("endpoints:\n got %v\nwant %v", eps, want)
	}
	if len(errs) != 2 || errs[0].Error() != "cannot resolve missing.fr: no such host" || errs[1].Error() != "cannot resolve empty.fr: no address" {
		t.Errorf("errors = %q, want missing.fr then empty.fr", errs)
	}

	eps, _ = resolve(context.Background(), res, mustTargets(t, "192.0.2.99", "example.fr"), "override.example", 1)
	for _, e := range eps {
		if e.SNI != "override.example" {
			t.Errorf("--sni not applied to %v: %q", e, e.SNI)
		}
	}
}
