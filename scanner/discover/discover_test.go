package discover

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func mustInputs(t *testing.T, args ...string) []Input {
	t.Helper()
	var ins []Input
	for _, a := range args {
		in, err := ParseTarget(a)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	return ins
}

// summary writes a target on one line: scan flag, protocol, endpoint, SNI,
// source, and scope reason when out of scope.
func summary(tg Target) string {
	ep := tg.Endpoint
	s := fmt.Sprintf("%s %s sni=%s | %s", ep.Protocol, ep, ep.SNI, ep.Source)
	if len(tg.AlsoFoundAs) > 0 {
		s += " | also " + strings.Join(tg.AlsoFoundAs, "; ")
	}
	if !tg.InScope {
		s += " | OUT: " + tg.ScopeReason
	}
	if !tg.Scan {
		s = "skip " + s
	}
	return s
}

func summaries(ts []Target) string {
	var out []string
	for _, tg := range ts {
		out = append(out, summary(tg))
	}
	return strings.Join(out, "\n")
}

// hostsOnly is a resolver that knows the names of a hosts file and has no
// DNS server: a test of it that asks DNS sees the question fail.
func hostsOnly(hosts map[string]string) *Resolver {
	r := &Resolver{Hosts: make(map[string][]netip.Addr)}
	for name, addrs := range hosts {
		for a := range strings.FieldsSeq(addrs) {
			r.Hosts[name] = append(r.Hosts[name], netip.MustParseAddr(a))
		}
	}
	return r
}

func discoverOK(t *testing.T, cfg Config, args ...string) *Result {
	t.Helper()
	res, err := Discover(context.Background(), cfg, mustInputs(t, args...))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func checkTargets(t *testing.T, res *Result, want ...string) {
	t.Helper()
	if got := summaries(res.Targets); got != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

func TestDiscoverAddresses(t *testing.T) {
	res := discoverOK(t, Config{NoDNSDiscovery: true},
		"192.0.2.0/30:443,8443", "[2001:db8::/126]:25", "192.0.2.9", "[2001:db8::9]:993", "192.0.2.1:8443", "192.0.2.8/31")
	checkTargets(t, res,
		"tls 192.0.2.1:443 sni= | CIDR 192.0.2.0/30",
		"tls 192.0.2.1:8443 sni= | CIDR 192.0.2.0/30 | also argument",
		"tls 192.0.2.2:443 sni= | CIDR 192.0.2.0/30",
		"tls 192.0.2.2:8443 sni= | CIDR 192.0.2.0/30",
		"smtp [2001:db8::]:25 sni= | CIDR 2001:db8::/126",
		"smtp [2001:db8::1]:25 sni= | CIDR 2001:db8::/126",
		"smtp [2001:db8::2]:25 sni= | CIDR 2001:db8::/126",
		"smtp [2001:db8::3]:25 sni= | CIDR 2001:db8::/126",
		"tls 192.0.2.9:443 sni= | argument | also CIDR 192.0.2.8/31",
		"tls [2001:db8::9]:993 sni= | argument",
		"tls 192.0.2.8:443 sni= | CIDR 192.0.2.8/31",
	)
	if len(res.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if eps := res.Endpoints(); len(eps) != len(res.Targets) {
		t.Errorf("%d endpoints to scan, want all %d", len(eps), len(res.Targets))
	}
}

func TestDiscoverPorts(t *testing.T) {
	ports, err := ParsePorts("443,25,2525/smtp")
	if err != nil {
		t.Fatal(err)
	}
	res := discoverOK(t, Config{Ports: ports, Resolver: hostsOnly(map[string]string{"mail.example.fr": "192.0.2.25"})},
		"192.0.2.1", "192.0.2.2:8443", "https://192.0.2.3/", "mail.example.fr", "192.0.2.4/32")
	checkTargets(t, res,
		"tls 192.0.2.1:443 sni= | argument",
		"smtp 192.0.2.1:25 sni= | argument",
		"smtp 192.0.2.1:2525 sni= | argument",
		"tls 192.0.2.2:8443 sni= | argument",
		"tls 192.0.2.3:443 sni= | argument",
		"tls mail.example.fr[192.0.2.25]:443 sni=mail.example.fr | hosts mail.example.fr",
		"smtp mail.example.fr[192.0.2.25]:25 sni=mail.example.fr | hosts mail.example.fr",
		"smtp mail.example.fr[192.0.2.25]:2525 sni=mail.example.fr | hosts mail.example.fr",
		"tls 192.0.2.4:443 sni= | CIDR 192.0.2.4/32",
		"smtp 192.0.2.4:25 sni= | CIDR 192.0.2.4/32",
		"smtp 192.0.2.4:2525 sni= | CIDR 192.0.2.4/32",
	)
	// mail.example.fr is bare, so discovery asked DNS for its MX and SRV,
	// and this resolver has no server.
	if !res.Incomplete() {
		t.Errorf("no DNS server, yet complete: %v", res.Diagnostics)
	}
}

// TestDiscoverSSH: ssh:// and port 22 make SSH endpoints, which name no
// server (no SNI) even when reached by name.
func TestDiscoverSSH(t *testing.T) {
	res := discoverOK(t, Config{NoDNSDiscovery: true, Resolver: hostsOnly(map[string]string{"bastion.example.fr": "192.0.2.22"})},
		"ssh://bastion.example.fr", "192.0.2.23:22", "ssh://192.0.2.24:2222", "bastion.example.fr:443")
	checkTargets(t, res,
		"ssh bastion.example.fr[192.0.2.22]:22 sni= | argument",
		"ssh 192.0.2.23:22 sni= | argument",
		"ssh 192.0.2.24:2222 sni= | argument",
		"tls bastion.example.fr[192.0.2.22]:443 sni=bastion.example.fr | argument",
	)
}

// TestDiscoverIKE: ike:// and port 500 make IKE endpoints, which name no
// server either; "4500/ike" in a port list is IKE on the NAT-T port.
func TestDiscoverIKE(t *testing.T) {
	res := discoverOK(t, Config{NoDNSDiscovery: true, Resolver: hostsOnly(map[string]string{"vpn.example.fr": "192.0.2.50"})},
		"ike://vpn.example.fr", "192.0.2.51:500", "ike://192.0.2.52:4500")
	checkTargets(t, res,
		"ike vpn.example.fr[192.0.2.50]:500 sni= | argument",
		"ike 192.0.2.51:500 sni= | argument",
		"ike 192.0.2.52:4500 sni= | argument",
	)
	ports, err := ParsePorts("443,4500/ike,500")
	if err != nil || !slices.Equal(ports, []Port{{443, ProtocolTLS}, {4500, ProtocolIKE}, {500, ProtocolIKE}}) {
		t.Errorf("ParsePorts: %v, %v", ports, err)
	}
}

func TestDiscoverRangeCap(t *testing.T) {
	inputs := mustInputs(t, "10.0.0.0/16", "10.0.0.0/15:443", "192.0.2.0/24", "[2001:db8::/64]:443")
	_, err := Discover(context.Background(), Config{}, inputs)
	want := []string{
		`target "10.0.0.0/15:443": range too large: 131072 addresses, more than the limit of 65536`,
		`target "[2001:db8::/64]:443": range too large: more than 2^63 addresses, more than the limit of 65536`,
	}
	if got := joinedErrors(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !errors.Is(err, ErrRangeTooLarge) || Hint(err) == "" {
		t.Errorf("%v: not ErrRangeTooLarge with a hint", err)
	}

	_, err = Discover(context.Background(), Config{MaxRangeAddrs: 8}, mustInputs(t, "192.0.2.0/29", "192.0.2.0/28"))
	if got := joinedErrors(err); len(got) != 1 || !strings.Contains(got[0], `"192.0.2.0/28": range too large: 16 addresses, more than the limit of 8`) {
		t.Errorf("MaxRangeAddrs 8: %q", got)
	}

	// At the cap, a /16 expands: every address but network and broadcast.
	res := discoverOK(t, Config{}, "10.1.0.0/16")
	if n := len(res.Targets); n != 65534 {
		t.Errorf("10.1.0.0/16: %d endpoints, want 65534", n)
	}
	if first, last := res.Targets[0].Endpoint.IP, res.Targets[len(res.Targets)-1].Endpoint.IP; first.String() != "10.1.0.1" || last.String() != "10.1.255.254" {
		t.Errorf("10.1.0.0/16 from %v to %v", first, last)
	}
}

func TestDiscoverExclude(t *testing.T) {
	x, err := ParseExclusions("192.0.2.2, 192.0.2.8/30", "[2001:db8::1]", "legacy.example.fr,*.old.example.fr")
	if err != nil {
		t.Fatal(err)
	}
	res := discoverOK(t, Config{Exclude: x, NoDNSDiscovery: true, Resolver: hostsOnly(map[string]string{
		"legacy.example.fr":     "192.0.2.100",
		"www.example.fr":        "192.0.2.101",
		"a.old.example.fr":      "192.0.2.102",
		"old.example.fr":        "192.0.2.103",
		"moved.example.fr":      "192.0.2.9",
		"v6.example.fr":         "2001:db8::1 2001:db8::2",
		"www.legacy.example.fr": "192.0.2.104",
	})},
		"192.0.2.0/28", "legacy.example.fr", "www.example.fr", "a.old.example.fr", "old.example.fr", "moved.example.fr", "v6.example.fr", "www.legacy.example.fr")
	checkTargets(t, res,
		"tls 192.0.2.1:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.3:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.4:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.5:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.6:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.7:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.12:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.13:443 sni= | CIDR 192.0.2.0/28",
		"tls 192.0.2.14:443 sni= | CIDR 192.0.2.0/28",
		"tls www.example.fr[192.0.2.101]:443 sni=www.example.fr | argument",
		"tls old.example.fr[192.0.2.103]:443 sni=old.example.fr | argument",
		"tls v6.example.fr[2001:db8::2]:443 sni=v6.example.fr | argument",
		"tls www.legacy.example.fr[192.0.2.104]:443 sni=www.legacy.example.fr | argument",
	)
}

func TestParseExclusionsErrors(t *testing.T) {
	for in, want := range map[string]string{
		"example.fr:443": `exclude "example.fr:443": not a host name, IP address or CIDR range (no ports here)`,
		"192.0.2.0/33":   `exclude "192.0.2.0/33": not a CIDR range`,
		"exa_mple!":      `exclude "exa_mple!": invalid character '!' in host name`,
		"fe80::1%eth0":   `exclude "fe80::1%eth0": IPv6 zones are not supported`,
	} {
		_, err := ParseExclusions(in)
		if err == nil || err.Error() != want || Hint(err) == "" {
			t.Errorf("ParseExclusions(%q) = %v (hint %q), want %q", in, err, Hint(err), want)
		}
	}
	if x, err := ParseExclusions("", " , "); err != nil || len(x.Hosts)+len(x.Prefixes) != 0 {
		t.Errorf("empty exclusions: %v, %v", x, err)
	}
}

func TestDiscoverDedup(t *testing.T) {
	res := discoverOK(t, Config{NoDNSDiscovery: true, Resolver: hostsOnly(map[string]string{
		"example.fr":       "192.0.2.10 2001:db8::10 192.0.2.10",
		"alias.example.fr": "192.0.2.10",
	})},
		"example.fr", "https://example.fr/", "example.fr:443", "EXAMPLE.fr.", "192.0.2.10", "192.0.2.10:443",
		"alias.example.fr", "example.fr:8443", "smtp://example.fr:443")
	checkTargets(t, res,
		"tls example.fr[192.0.2.10]:443 sni=example.fr | argument",
		"tls example.fr[2001:db8::10]:443 sni=example.fr | argument",
		"tls 192.0.2.10:443 sni= | argument",
		"tls alias.example.fr[192.0.2.10]:443 sni=alias.example.fr | argument",
		"tls example.fr[192.0.2.10]:8443 sni=example.fr | argument",
		"tls example.fr[2001:db8::10]:8443 sni=example.fr | argument",
		"smtp example.fr[192.0.2.10]:443 sni=example.fr | argument",
		"smtp example.fr[2001:db8::10]:443 sni=example.fr | argument",
	)
	if got := res.Targets[0].AlsoFoundAs; len(got) != 0 {
		t.Errorf("AlsoFoundAs = %q, want nothing: every form is an argument", got)
	}
}

func TestDiscoverLocalhost(t *testing.T) {
	r := hostsOnly(nil)
	res := discoverOK(t, Config{Resolver: r, Ports: []Port{{Number: 8443}, {Number: 25}, {}}}, "localhost", "db.localhost:5432")
	checkTargets(t, res,
		"tls localhost[127.0.0.1]:8443 sni=localhost | argument",
		"smtp localhost[127.0.0.1]:25 sni=localhost | argument",
		"tls localhost[::1]:8443 sni=localhost | argument",
		"smtp localhost[::1]:25 sni=localhost | argument",
		"postgres db.localhost[127.0.0.1]:5432 sni=db.localhost | argument",
		"postgres db.localhost[::1]:5432 sni=db.localhost | argument",
	)
	if len(res.Diagnostics) != 0 {
		t.Errorf("diagnostics %v: localhost needs no DNS", res.Diagnostics)
	}
}

func TestMXDomain(t *testing.T) {
	for _, tc := range []struct {
		source, domain string
		ok             bool
	}{
		{mxSource("example.fr", 10), "example.fr", true},
		{"MX mail.example.fr (pref 0)", "mail.example.fr", true},
		{"A example.fr", "", false},
		{"SRV _submission._tcp.example.fr", "", false},
		{"MX example.fr", "", false},
		{"MX  (pref 10)", "", false},
		{"MX example.fr (pref x)", "", false},
		{"argument", "", false},
	} {
		if d, ok := MXDomain(tc.source); d != tc.domain || ok != tc.ok {
			t.Errorf("MXDomain(%q) = %q, %t; want %q, %t", tc.source, d, ok, tc.domain, tc.ok)
		}
	}
}
