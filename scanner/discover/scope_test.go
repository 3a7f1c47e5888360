package discover

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestParseScope(t *testing.T) {
	s, err := ParseScope("Example.FR., *.example.com", ".example.org 192.0.2.7", "[2001:db8::1]", "198.51.100.9/24,example.fr")
	if err != nil {
		t.Fatal(err)
	}
	want := Scope{
		Domains: []string{"example.fr", "example.com", "example.org"},
		Prefixes: []netip.Prefix{
			netip.MustParsePrefix("192.0.2.7/32"),
			netip.MustParsePrefix("2001:db8::1/128"),
			netip.MustParsePrefix("198.51.100.0/24"),
		},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("ParseScope = %+v, want %+v", s, want)
	}
	for in, msg := range map[string]string{
		"":                    "empty scope",
		" , ":                 "empty scope",
		"example.fr:443":      `scope "example.fr:443": not a host name, IP address or CIDR range (no ports here)`,
		"10.0.0.0/99":         `scope "10.0.0.0/99": not a CIDR range`,
		"-bad.fr":             `scope "-bad.fr": host name label "-bad" starts or ends with a hyphen`,
		"::ffff:10.0.0.0/104": `scope "::ffff:10.0.0.0/104": an IPv4-mapped range: write it in IPv4 form`,
	} {
		_, err := ParseScope(in)
		if err == nil || err.Error() != msg || Hint(err) == "" {
			t.Errorf("ParseScope(%q) = %v (hint %q), want %q", in, err, Hint(err), msg)
		}
	}
}

func TestScopeCheck(t *testing.T) {
	named := func(host, ip string) scanner.Endpoint {
		return scanner.Endpoint{Host: host, IP: netip.MustParseAddr(ip), SNI: host}
	}
	bare := func(ip string) scanner.Endpoint {
		return scanner.Endpoint{Host: ip, IP: netip.MustParseAddr(ip)}
	}
	inputs := mustInputs(t, "example.fr", "mail.example.com:25", "192.0.2.7", "198.51.100.0/24:443", "[2001:db8::/120]:443")
	def := defaultScope(inputs)
	domainsOnly, _ := ParseScope("example.fr")
	many, _ := ParseScope("a.fr,b.fr,c.fr,d.fr,e.fr,f.fr,g.fr")
	tests := []struct {
		scope  Scope
		ep     scanner.Endpoint
		in     bool
		reason string
	}{
		{def, named("example.fr", "203.0.113.1"), true, "example.fr is a scope domain"},
		{def, named("mail.example.fr", "203.0.113.1"), true, "mail.example.fr is under example.fr"},
		{def, named("MAIL.Example.FR", "203.0.113.1"), true, "mail.example.fr is under example.fr"},
		{def, named("deep.mail.example.com", "203.0.113.1"), true, "deep.mail.example.com is under mail.example.com"},
		{def, named("notexample.fr", "203.0.113.1"), false, "notexample.fr is not under example.fr or mail.example.com, and 203.0.113.1 is not in 192.0.2.7, 198.51.100.0/24 or 2001:db8::/120"},
		{def, named("example.com", "203.0.113.1"), false, "example.com is not under example.fr or mail.example.com, and 203.0.113.1 is not in 192.0.2.7, 198.51.100.0/24 or 2001:db8::/120"},
		{def, named("mx.provider.net", "198.51.100.25"), true, "198.51.100.25 is in 198.51.100.0/24"},
		{def, bare("192.0.2.7"), true, "192.0.2.7 is a scope address"},
		{def, bare("2001:db8::ff"), true, "2001:db8::ff is in 2001:db8::/120"},
		{def, bare("2001:db8::1:0"), false, "2001:db8::1:0 is not in 192.0.2.7, 198.51.100.0/24 or 2001:db8::/120"},
		{domainsOnly, named("mx.provider.net", "198.51.100.25"), false, "mx.provider.net is not under example.fr"},
		{domainsOnly, bare("192.0.2.7"), false, "192.0.2.7 has no name, and the scope holds only domains"},
		{many, named("z.fr", "192.0.2.1"), false, "z.fr is not under a.fr, b.fr, c.fr, d.fr, e.fr or 2 others"},
	}
	for _, tt := range tests {
		in, reason := tt.scope.Check(tt.ep)
		if in != tt.in || reason != tt.reason {
			t.Errorf("Check(%v) = %v %q, want %v %q", tt.ep, in, reason, tt.in, tt.reason)
		}
	}
}
