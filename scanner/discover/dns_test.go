package discover

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/cryptoscan/cryptoscan/internal/dnstest"
)

// zone is what a test DNS server answers, as a recursive resolver would:
// records by owner, CNAME chains followed, NXDOMAIN for a name with no
// record, and some names misbehaving.
type zone struct {
	records     map[string][]dns.RR // by lower-case FQDN
	servfail    map[string]bool     // answered SERVFAIL
	slow        map[string]bool     // never answered (until the test ends)
	truncateUDP map[string]bool     // answered over UDP with TC and nothing else
	delay       time.Duration       // before every answer

	release chan struct{} // closed when the test ends: slow names give up

	mu       sync.Mutex
	log      []string // "udp MX example.fr." per question, in arrival order
	inFlight int
	maxIn    int // most questions handled at once
}

// newZone reads records in zone-file syntax, one per string.
func newZone(t *testing.T, rrs ...string) *zone {
	t.Helper()
	z := &zone{
		records:     make(map[string][]dns.RR),
		servfail:    make(map[string]bool),
		slow:        make(map[string]bool),
		truncateUDP: make(map[string]bool),
		release:     make(chan struct{}),
	}
	for _, s := range rrs {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		name := strings.ToLower(rr.Header().Name)
		z.records[name] = append(z.records[name], rr)
	}
	return z
}

// queries returns the questions asked so far.
func (z *zone) queries() []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]string(nil), z.log...)
}

func (z *zone) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		return // not asked by the resolver under test
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	_, udp := w.RemoteAddr().(*net.UDPAddr)
	transport := "tcp"
	if udp {
		transport = "udp"
	}
	z.mu.Lock()
	z.log = append(z.log, fmt.Sprintf("%s %s %s", transport, dns.TypeToString[q.Qtype], name))
	z.inFlight++
	z.maxIn = max(z.maxIn, z.inFlight)
	z.mu.Unlock()
	// Done before the answer is written, since the client may ask its next
	// question as soon as it reads it.
	done := func() {
		z.mu.Lock()
		z.inFlight--
		z.mu.Unlock()
	}

	if z.delay > 0 {
		time.Sleep(z.delay)
	}
	if z.slow[name] {
		<-z.release
		done()
		return
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	switch {
	case z.servfail[name]:
		m.Rcode = dns.RcodeServerFailure
	case udp && z.truncateUDP[name]:
		m.Truncated = true
	default:
		m.Rcode = z.answer(m, name, q.Qtype)
	}
	done()
	w.WriteMsg(m)
}

// answer fills m with name's records of type qtype, following CNAMEs.
func (z *zone) answer(m *dns.Msg, name string, qtype uint16) int {
	for range 8 {
		rrs, ok := z.records[name]
		if !ok {
			if len(m.Answer) > 0 {
				return dns.RcodeSuccess // a dangling CNAME
			}
			return dns.RcodeNameError
		}
		var cname *dns.CNAME
		for _, rr := range rrs {
			if rr.Header().Rrtype == qtype {
				m.Answer = append(m.Answer, rr)
			}
			if c, ok := rr.(*dns.CNAME); ok {
				cname = c
			}
		}
		if cname == nil || qtype == dns.TypeCNAME {
			return dns.RcodeSuccess
		}
		m.Answer = append(m.Answer, cname)
		name = strings.ToLower(cname.Target)
	}
	return dns.RcodeServerFailure
}

// zoneServer serves z over UDP and TCP on one port of 127.0.0.1 and
// returns its address once both are listening.
func zoneServer(t *testing.T, z *zone) string { return dnstest.Serve(t, z, z.release) }

// testResolver asks addr, with short timeouts.
func testResolver(addr string) *Resolver {
	return &Resolver{Servers: []string{addr}, Timeout: 150 * time.Millisecond, Attempts: 2}
}

// exampleFrZone is the zone of the end-to-end scenario: a web site on
// the apex and www (a CNAME), mail on an in-scope host and at an
// out-of-scope provider, SRV services (one declared absent with target
// "."), an MX answer too big for UDP, a SERVFAIL name and a name that
// never answers.
func exampleFrZone(t *testing.T) *zone {
	z := newZone(t,
		"example.fr. 300 IN A 192.0.2.10",
		"example.fr. 300 IN AAAA 2001:db8::10",
		"www.example.fr. 300 IN CNAME example.fr.",
		"example.fr. 300 IN MX 20 mx.provider.net.",
		"example.fr. 300 IN MX 10 mail.example.fr.",
		"example.fr. 300 IN MX 30 gone.example.fr.",
		"mail.example.fr. 300 IN A 192.0.2.25",
		"mx.provider.net. 300 IN A 198.51.100.25",
		"mx.provider.net. 300 IN AAAA 2001:db8:bad::25",
		"_submission._tcp.example.fr. 300 IN SRV 0 1 587 mail.example.fr.",
		"_submissions._tcp.example.fr. 300 IN SRV 0 1 465 smtp.provider.net.",
		"smtp.provider.net. 300 IN A 198.51.100.26",
		"_imap._tcp.example.fr. 300 IN SRV 0 0 0 .",
		"_imaps._tcp.example.fr. 300 IN SRV 10 1 993 imap2.example.fr.",
		"_imaps._tcp.example.fr. 300 IN SRV 0 1 993 mail.example.fr.",
		"imap2.example.fr. 300 IN A 192.0.2.28",
		"_pop3s._tcp.example.fr. 300 IN SRV 0 1 995 pop.example.fr.",
		"pop.example.fr. 300 IN A 192.0.2.26",
		"_caldavs._tcp.example.fr. 300 IN SRV 0 1 8443 dav.example.fr.",
		"dav.example.fr. 300 IN AAAA 2001:db8::27",
	)
	z.truncateUDP["example.fr."] = true // every type: A, AAAA and MX come over TCP
	z.servfail["_xmpp-client._tcp.example.fr."] = true
	z.slow["_ldap._tcp.example.fr."] = true
	return z
}

// exampleFrServer serves exampleFrZone.
func exampleFrServer(t *testing.T) (string, *zone) {
	z := exampleFrZone(t)
	return zoneServer(t, z), z
}
