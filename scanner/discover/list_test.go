package discover

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestListLines(t *testing.T) {
	ip := netip.MustParseAddr
	targets := []Target{
		{Endpoint: scanner.Endpoint{Host: "example.fr", IP: ip("192.0.2.10"), Port: 443, Protocol: "tls", SNI: "example.fr", Source: "A example.fr"},
			Origin: "argument", InScope: true, ScopeReason: "example.fr is a scope domain", Scan: true, AlsoFoundAs: []string{"A www.example.fr"}},
		{Endpoint: scanner.Endpoint{Host: "mx.provider.net", IP: ip("2001:db8::25"), Port: 25, Protocol: "smtp", SNI: "mx.provider.net", Source: "MX example.fr (pref 20)"},
			Origin: "file targets.txt:3", ScopeReason: "mx.provider.net is not under example.fr"},
		{Endpoint: scanner.Endpoint{Host: "198.51.100.7", IP: ip("198.51.100.7"), Port: 8443, Protocol: "tls", Source: "argument"},
			Origin: "argument", ScopeReason: "198.51.100.7 is not in 192.0.2.0/24", Scan: true},
	}
	got := ListLines(targets)
	want := []string{
		"scan  tls   example.fr[192.0.2.10]:443        sni example.fr       A example.fr; also A www.example.fr",
		"skip  smtp  mx.provider.net[2001:db8::25]:25  sni mx.provider.net  MX example.fr (pref 20) (file targets.txt:3)  out of scope: mx.provider.net is not under example.fr",
		"scan  tls   198.51.100.7:8443                 no sni               argument                                      out of scope, followed: 198.51.100.7 is not in 192.0.2.0/24",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ListLines:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := ListLines(nil); got != nil {
		t.Errorf("ListLines(nil) = %q", got)
	}
}
