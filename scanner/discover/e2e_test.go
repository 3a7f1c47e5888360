package discover

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDiscoverExampleFr is the end-to-end expectation: discovering
// example.fr finds the web, mail and SRV endpoints with the right
// protocols and ports, and reports the out-of-scope MX.
func TestDiscoverExampleFr(t *testing.T) {
	addr, z := exampleFrServer(t)
	start := time.Now()
	res := discoverOK(t, Config{Resolver: testResolver(addr)}, "example.fr")
	checkTargets(t, res,
		"tls example.fr[192.0.2.10]:443 sni=example.fr | A example.fr",
		"tls example.fr[2001:db8::10]:443 sni=example.fr | AAAA example.fr",
		"tls www.example.fr[192.0.2.10]:443 sni=www.example.fr | A www.example.fr",
		"tls www.example.fr[2001:db8::10]:443 sni=www.example.fr | AAAA www.example.fr",
		"smtp mail.example.fr[192.0.2.25]:25 sni=mail.example.fr | MX example.fr (pref 10)",
		"skip smtp mx.provider.net[198.51.100.25]:25 sni=mx.provider.net | MX example.fr (pref 20) | OUT: mx.provider.net is not under example.fr",
		"skip smtp mx.provider.net[2001:db8:bad::25]:25 sni=mx.provider.net | MX example.fr (pref 20) | OUT: mx.provider.net is not under example.fr",
		"smtp mail.example.fr[192.0.2.25]:587 sni=mail.example.fr | SRV _submission._tcp.example.fr",
		"skip tls smtp.provider.net[198.51.100.26]:465 sni=smtp.provider.net | SRV _submissions._tcp.example.fr | OUT: smtp.provider.net is not under example.fr",
		"tls mail.example.fr[192.0.2.25]:993 sni=mail.example.fr | SRV _imaps._tcp.example.fr",
		"tls imap2.example.fr[192.0.2.28]:993 sni=imap2.example.fr | SRV _imaps._tcp.example.fr",
		"tls pop.example.fr[192.0.2.26]:995 sni=pop.example.fr | SRV _pop3s._tcp.example.fr",
		"tls dav.example.fr[2001:db8::27]:8443 sni=dav.example.fr | SRV _caldavs._tcp.example.fr",
	)
	var diags []string
	for _, d := range res.Diagnostics {
		s := d.String()
		if d.Incomplete {
			s = "INCOMPLETE " + s
		}
		diags = append(diags, s)
	}
	want := []string{
		"INCOMPLETE A/AAAA gone.example.fr: no such name (NXDOMAIN) (for MX example.fr (pref 30))",
		`SRV _imap._tcp.example.fr: target ".": the service is decidedly not available (RFC 2782) `,
		"INCOMPLETE SRV _xmpp-client._tcp.example.fr: SERVFAIL (2 queries to " + addr + ")",
		"INCOMPLETE SRV _ldap._tcp.example.fr: timeout after 150ms (2 queries to " + addr + ")",
	}
	want[1] = strings.TrimSpace(want[1])
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}
	if !res.Incomplete() {
		t.Error("Incomplete() = false with a SERVFAIL and a timeout")
	}

	// The truncated answers were asked again over TCP.
	qs := strings.Join(z.queries(), "\n")
	for _, q := range []string{"tcp A example.fr.", "tcp AAAA example.fr.", "tcp MX example.fr."} {
		if !strings.Contains(qs, q) {
			t.Errorf("no %q among the questions:\n%s", q, qs)
		}
	}
	// Each question was asked once over UDP (the memo), the slow and
	// failing ones once per attempt.
	for _, q := range []string{"udp A mail.example.fr.", "udp AAAA mail.example.fr.", "udp SRV _imaps._tcp.example.fr."} {
		if n := strings.Count(qs+"\n", q+"\n"); n != 1 {
			t.Errorf("%q asked %d times, want once", q, n)
		}
	}
	// The slow name costs its timeouts, not more: the other questions run
	// beside it.
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("discovery took %v", d)
	}

	// Scanned: everything in scope.
	for _, ep := range res.Endpoints() {
		if strings.HasSuffix(ep.Host, ".provider.net") {
			t.Errorf("out-of-scope %v to be scanned", ep)
		}
	}
	if n := len(res.Endpoints()); n != 10 {
		t.Errorf("%d endpoints to scan, want 10", n)
	}
}

func TestDiscoverFollowAndScope(t *testing.T) {
	addr, _ := exampleFrServer(t)

	res := discoverOK(t, Config{Resolver: testResolver(addr), FollowOutOfScope: true}, "example.fr")
	if n := len(res.Endpoints()); n != 13 {
		t.Errorf("following: %d endpoints to scan, want all 13", n)
	}
	lines := ListLines(res.Targets)
	if !strings.Contains(lines[5], "out of scope, followed: mx.provider.net is not under example.fr") || !strings.HasPrefix(lines[5], "scan") {
		t.Errorf("followed MX line: %q", lines[5])
	}

	// An explicit scope replaces the default one.
	scope, err := ParseScope("mail.example.fr,198.51.100.0/24")
	if err != nil {
		t.Fatal(err)
	}
	res = discoverOK(t, Config{Resolver: testResolver(addr), Scope: scope}, "example.fr")
	var in []string
	for _, tg := range res.Targets {
		if tg.InScope {
			in = append(in, tg.Endpoint.String()+" "+tg.ScopeReason)
		}
	}
	want := []string{
		"mail.example.fr[192.0.2.25]:25 mail.example.fr is a scope domain",
		"mx.provider.net[198.51.100.25]:25 198.51.100.25 is in 198.51.100.0/24",
		"mail.example.fr[192.0.2.25]:587 mail.example.fr is a scope domain",
		"smtp.provider.net[198.51.100.26]:465 198.51.100.26 is in 198.51.100.0/24",
		"mail.example.fr[192.0.2.25]:993 mail.example.fr is a scope domain",
	}
	if strings.Join(in, "\n") != strings.Join(want, "\n") {
		t.Errorf("in scope:\n%s\nwant\n%s", strings.Join(in, "\n"), strings.Join(want, "\n"))
	}
	if tg := res.Targets[0]; tg.InScope || tg.ScopeReason != "example.fr is not under mail.example.fr, and 192.0.2.10 is not in 198.51.100.0/24" {
		t.Errorf("apex: in scope %v, %q", tg.InScope, tg.ScopeReason)
	}
}

func TestDiscoverNoDNSDiscovery(t *testing.T) {
	addr, z := exampleFrServer(t)
	res := discoverOK(t, Config{Resolver: testResolver(addr), NoDNSDiscovery: true}, "example.fr", "missing.example.fr", "mail.example.fr:25")
	checkTargets(t, res,
		"tls example.fr[192.0.2.10]:443 sni=example.fr | argument",
		"tls example.fr[2001:db8::10]:443 sni=example.fr | argument",
		"smtp mail.example.fr[192.0.2.25]:25 sni=mail.example.fr | argument",
	)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != "A/AAAA missing.example.fr: no such name (NXDOMAIN)" || !res.Diagnostics[0].Incomplete {
		t.Errorf("diagnostics %v", res.Diagnostics)
	}
	for _, q := range z.queries() {
		if !strings.Contains(q, " A ") && !strings.Contains(q, " AAAA ") {
			t.Errorf("asked %q without discovery", q)
		}
	}
}

// A bare name given as host:port, an https URL or with discovery is not
// discovered further; a discovered domain with nothing at all says so.
func TestDiscoverEmptyDomain(t *testing.T) {
	z := newZone(t, "empty.example.fr. 300 IN TXT \"v=spf1 -all\"")
	addr := zoneServer(t, z)
	res := discoverOK(t, Config{Resolver: testResolver(addr)}, "empty.example.fr", "nowhere.example.fr")
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		"A/AAAA empty.example.fr: no endpoint found (no A, AAAA, MX or SRV record)",
		"A/AAAA nowhere.example.fr: no such name (NXDOMAIN)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Targets) != 0 {
		t.Errorf("targets %v", summaries(res.Targets))
	}
}

func TestDiscoverConcurrencyBound(t *testing.T) {
	z := exampleFrZone(t)
	z.slow = map[string]bool{}
	z.servfail = map[string]bool{}
	z.delay = 20 * time.Millisecond
	addr := zoneServer(t, z)
	discoverOK(t, Config{Resolver: testResolver(addr), Concurrency: 2}, "example.fr", "example.com")
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.maxIn > 2 || z.maxIn < 1 {
		t.Errorf("%d questions at once, want at most 2", z.maxIn)
	}
}

func TestDiscoverInterrupted(t *testing.T) {
	addr, _ := exampleFrServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Discover(ctx, Config{Resolver: testResolver(addr)}, mustInputs(t, "example.fr"))
	if err != context.Canceled || res == nil {
		t.Fatalf("Discover = %v, %v; want the partial result and context.Canceled", res, err)
	}
	if !res.Incomplete() || !strings.Contains(res.Diagnostics[0].Reason, "interrupted") {
		t.Errorf("diagnostics %v", res.Diagnostics)
	}
}

func TestDiscoverUnusableAddresses(t *testing.T) {
	z := newZone(t,
		"sinkholed.example.fr. 300 IN A 0.0.0.0",
		"mixed.example.fr. 300 IN A 0.0.0.0",
		"mixed.example.fr. 300 IN A 192.0.2.1",
		"mapped.example.fr. 300 IN AAAA ::ffff:192.0.2.2",
		"mapped.example.fr. 300 IN A 192.0.2.2",
	)
	addr := zoneServer(t, z)
	res := discoverOK(t, Config{Resolver: testResolver(addr), NoDNSDiscovery: true}, "sinkholed.example.fr", "mixed.example.fr", "mapped.example.fr")
	checkTargets(t, res,
		"tls mixed.example.fr[192.0.2.1]:443 sni=mixed.example.fr | argument",
		"tls mapped.example.fr[192.0.2.2]:443 sni=mapped.example.fr | argument",
	)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != "A/AAAA sinkholed.example.fr: no usable address (only unspecified or multicast ones)" {
		t.Errorf("diagnostics %v", res.Diagnostics)
	}
}

// Targets from a file keep their line in Origin, in Source when given
// explicitly, and in the Via of their diagnostics.
func TestDiscoverFromFile(t *testing.T) {
	addr, _ := exampleFrServer(t)
	inputs, err := ReadTargets(strings.NewReader("# web\nexample.fr:8443\n\nmissing.example.fr:443\n192.0.2.0/31:443\n"), "targets.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Discover(context.Background(), Config{Resolver: testResolver(addr)}, inputs)
	if err != nil {
		t.Fatal(err)
	}
	checkTargets(t, res,
		"tls example.fr[192.0.2.10]:8443 sni=example.fr | file targets.txt:2",
		"tls example.fr[2001:db8::10]:8443 sni=example.fr | file targets.txt:2",
		"tls 192.0.2.0:443 sni= | CIDR 192.0.2.0/31",
		"tls 192.0.2.1:443 sni= | CIDR 192.0.2.0/31",
	)
	if res.Targets[2].Origin != "file targets.txt:5" {
		t.Errorf("CIDR origin %q", res.Targets[2].Origin)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != "A/AAAA missing.example.fr: no such name (NXDOMAIN) (for file targets.txt:4)" {
		t.Errorf("diagnostics %v", res.Diagnostics)
	}

	inputs, _ = ReadTargets(strings.NewReader("example.fr\n10.0.0.0/8:443\n"), "targets.txt")
	_, err = Discover(context.Background(), Config{}, inputs)
	if err == nil || err.Error() != `targets.txt:2: target "10.0.0.0/8:443": range too large: 16777216 addresses, more than the limit of 65536` {
		t.Errorf("range cap from a file: %v", err)
	}
}
