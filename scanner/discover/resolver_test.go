package discover

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func recordStrings(rrs []dns.RR) []string {
	var out []string
	for _, rr := range rrs {
		out = append(out, strings.ReplaceAll(rr.String(), "\t", " "))
	}
	return out
}

func TestResolverAnswer(t *testing.T) {
	z := newZone(t,
		"example.fr. 300 IN A 192.0.2.10",
		"example.fr. 300 IN A 192.0.2.11",
		"www.example.fr. 300 IN CNAME web.example.fr.",
		"web.example.fr. 300 IN CNAME example.fr.",
		"other.example.fr. 300 IN A 192.0.2.99",
	)
	addr := zoneServer(t, z)
	r := testResolver(addr)
	ctx := context.Background()

	resp := r.query(ctx, "www.example.fr", dns.TypeA)
	want := []string{"example.fr. 300 IN A 192.0.2.10", "example.fr. 300 IN A 192.0.2.11"}
	if got := recordStrings(resp.records); !reflect.DeepEqual(got, want) || resp.problem != "" || resp.nxdomain {
		t.Errorf("A www.example.fr (two CNAMEs) = %q %+v, want %q", got, resp, want)
	}

	resp = r.query(ctx, "other.example.fr", dns.TypeAAAA)
	if len(resp.records) != 0 || resp.nxdomain || resp.problem != "" {
		t.Errorf("AAAA other.example.fr (no data) = %+v", resp)
	}

	resp = r.query(ctx, "missing.example.fr", dns.TypeA)
	if !resp.nxdomain || resp.problem != "" {
		t.Errorf("A missing.example.fr = %+v, want NXDOMAIN", resp)
	}
	if got := z.queries(); !slices.Equal(got, []string{"udp A www.example.fr.", "udp AAAA other.example.fr.", "udp A missing.example.fr."}) {
		t.Errorf("queries %q, want one UDP question each", got)
	}
}

// A record of another name in the answer is not taken for the name's.
func TestChainRecordsIgnoresStrangers(t *testing.T) {
	m := new(dns.Msg)
	for _, s := range []string{
		"www.example.fr. 300 IN CNAME example.fr.",
		"example.fr. 300 IN A 192.0.2.10",
		"evil.example.net. 300 IN A 203.0.113.66",
		"example.fr. 300 IN AAAA 2001:db8::10",
	} {
		rr, _ := dns.NewRR(s)
		m.Answer = append(m.Answer, rr)
	}
	got := recordStrings(chainRecords(m, "WWW.example.fr", dns.TypeA))
	if !slices.Equal(got, []string{"example.fr. 300 IN A 192.0.2.10"}) {
		t.Errorf("chain records = %q", got)
	}
}

func TestResolverTruncatedRetriesOverTCP(t *testing.T) {
	z := newZone(t, "big.example.fr. 300 IN TXT \"pretend this is large\"")
	z.truncateUDP["big.example.fr."] = true
	r := testResolver(zoneServer(t, z))
	resp := r.query(context.Background(), "big.example.fr", dns.TypeTXT)
	if len(resp.records) != 1 || resp.problem != "" {
		t.Errorf("TXT big.example.fr = %+v, want the record from TCP", resp)
	}
	if got := z.queries(); !slices.Equal(got, []string{"udp TXT big.example.fr.", "tcp TXT big.example.fr."}) {
		t.Errorf("queries %q, want UDP then TCP", got)
	}
}

func TestResolverServfail(t *testing.T) {
	z := newZone(t)
	z.servfail["broken.example.fr."] = true
	addr := zoneServer(t, z)
	r := testResolver(addr)
	resp := r.query(context.Background(), "broken.example.fr", dns.TypeMX)
	if want := "SERVFAIL (2 queries to " + addr + ")"; resp.problem != want {
		t.Errorf("problem %q, want %q", resp.problem, want)
	}
}

func TestResolverTimeout(t *testing.T) {
	z := newZone(t)
	z.slow["slow.example.fr."] = true
	addr := zoneServer(t, z)
	r := &Resolver{Servers: []string{addr}, Timeout: 100 * time.Millisecond, Attempts: 1}
	start := time.Now()
	resp := r.query(context.Background(), "slow.example.fr", dns.TypeA)
	if want := "timeout after 100ms (1 query to " + addr + ")"; resp.problem != want {
		t.Errorf("problem %q, want %q", resp.problem, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v for a 100ms timeout", d)
	}
}

// A server that fails is skipped for the next one; the reasons of every
// failed try are kept when all fail.
func TestResolverNextServer(t *testing.T) {
	bad := newZone(t)
	bad.servfail["example.fr."] = true
	badAddr := zoneServer(t, bad)
	good := newZone(t, "example.fr. 300 IN A 192.0.2.10")
	goodAddr := zoneServer(t, good)

	r := &Resolver{Servers: []string{badAddr, goodAddr}, Timeout: 150 * time.Millisecond, Attempts: 1}
	if resp := r.query(context.Background(), "example.fr", dns.TypeA); len(resp.records) != 1 {
		t.Errorf("A example.fr = %+v, want the good server's answer", resp)
	}

	slow := newZone(t)
	slow.slow["example.fr."] = true
	slowAddr := zoneServer(t, slow)
	r = &Resolver{Servers: []string{badAddr, slowAddr}, Timeout: 100 * time.Millisecond, Attempts: 1}
	resp := r.query(context.Background(), "example.fr", dns.TypeA)
	if want := "SERVFAIL, timeout after 100ms (2 queries to " + badAddr + ", " + slowAddr + ")"; resp.problem != want {
		t.Errorf("problem %q, want %q", resp.problem, want)
	}
}

func TestResolverInterrupted(t *testing.T) {
	z := newZone(t, "example.fr. 300 IN A 192.0.2.10")
	r := testResolver(zoneServer(t, z))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if resp := r.query(ctx, "example.fr", dns.TypeA); resp.problem != "interrupted" {
		t.Errorf("cancelled query = %+v, want interrupted", resp)
	}
	if resp := (&Resolver{}).query(context.Background(), "example.fr", dns.TypeA); resp.problem != "no DNS server configured" {
		t.Errorf("no server: %+v", resp)
	}
}

func TestSystemResolver(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "resolv.conf")
	hosts := filepath.Join(dir, "hosts")
	os.WriteFile(conf, []byte("# generated\nsearch corp.example\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nnameserver resolver.example\noptions timeout:1 attempts:3 ndots:2\n"), 0o644)
	os.WriteFile(hosts, []byte("127.0.0.1 localhost\n192.0.2.7 intranet.corp.example Intranet # the wiki\n::ffff:192.0.2.8 legacy.corp.example\n2001:db8::7 intranet.corp.example\nbogus line\n"), 0o644)

	r := systemResolver(conf, hosts)
	want := &Resolver{
		Servers:  []string{"192.0.2.53:53", "[2001:db8::53]:53"},
		Timeout:  time.Second,
		Attempts: 3,
		Hosts: map[string][]netip.Addr{
			"localhost":             {netip.MustParseAddr("127.0.0.1")},
			"intranet.corp.example": {netip.MustParseAddr("192.0.2.7"), netip.MustParseAddr("2001:db8::7")},
			"intranet":              {netip.MustParseAddr("192.0.2.7")},
			"legacy.corp.example":   {netip.MustParseAddr("192.0.2.8")},
		},
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("systemResolver = %+v\nwant %+v", r, want)
	}

	r = systemResolver(filepath.Join(dir, "missing"), filepath.Join(dir, "missing"))
	if !slices.Equal(r.Servers, []string{"127.0.0.1:53", "[::1]:53"}) || !strings.Contains(r.Fallback, "cannot read") || r.Hosts != nil {
		t.Errorf("missing resolv.conf: %+v", r)
	}
	os.WriteFile(conf, []byte("options timeout:1\n"), 0o644)
	r = systemResolver(conf, hosts)
	if !slices.Equal(r.Servers, []string{"127.0.0.1:53", "[::1]:53"}) || !strings.Contains(r.Fallback, "no nameserver in") {
		t.Errorf("no nameserver: %+v", r)
	}
}

func TestNewResolver(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.53":          "192.0.2.53:53",
		"192.0.2.53:5353":     "192.0.2.53:5353",
		"2001:db8::53":        "[2001:db8::53]:53",
		"[2001:db8::53]:5353": "[2001:db8::53]:5353",
	} {
		r, err := NewResolver(in)
		if err != nil || !slices.Equal(r.Servers, []string{want}) {
			t.Errorf("NewResolver(%q) = %v, %v; want %s", in, r, err, want)
		}
	}
	for _, in := range []string{"", "resolver.example:53", "192.0.2.53:0", "192.0.2.53:99999", "[fe80::1%eth0]:53", "0.0.0.0:53"} {
		if _, err := NewResolver(in); err == nil || Hint(err) == "" || !strings.HasPrefix(err.Error(), "DNS server ") {
			t.Errorf("NewResolver(%q) = %v (hint %q), want an error with a hint", in, err, Hint(err))
		}
	}
}
