package dnsprobe

import (
	"crypto"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/cryptoscan/cryptoscan/internal/dnstest"
)

// resolver is what a test DNS server answers, as a validating recursive
// resolver would: records by owner, CNAME chains followed, RRSIGs when the
// question has the DO bit, the closest zone's SOA in negative answers,
// NXDOMAIN for a name with no record and nothing below it, and some names
// misbehaving.
type resolver struct {
	records     map[string][]dns.RR // by lower-case FQDN; RRSIGs included
	servfail    map[string]bool     // answered SERVFAIL
	slow        map[string]bool     // never answered (until the test ends)
	truncateUDP map[string]bool     // answered over UDP with TC and nothing else
	wrongName   map[string]bool     // answered for another question
	authentic   map[string]bool     // answers at or below these zones carry AD

	release chan struct{} // closed when the test ends: slow names give up

	mu  sync.Mutex
	log []string // "udp DNSKEY example.fr." per question, in arrival order
}

// newResolver reads records in zone-file syntax, one per string.
func newResolver(t *testing.T, rrs ...string) *resolver {
	t.Helper()
	r := &resolver{
		records:     make(map[string][]dns.RR),
		servfail:    make(map[string]bool),
		slow:        make(map[string]bool),
		truncateUDP: make(map[string]bool),
		wrongName:   make(map[string]bool),
		authentic:   make(map[string]bool),
		release:     make(chan struct{}),
	}
	r.add(t, rrs...)
	return r
}

func (r *resolver) add(t *testing.T, rrs ...string) {
	t.Helper()
	for _, s := range rrs {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		r.addRR(rr)
	}
}

func (r *resolver) addRR(rrs ...dns.RR) {
	for _, rr := range rrs {
		name := strings.ToLower(rr.Header().Name)
		r.records[name] = append(r.records[name], rr)
	}
}

// queries returns the questions asked so far.
func (r *resolver) queries() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.log...)
}

func (r *resolver) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		return
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	_, udp := w.RemoteAddr().(*net.UDPAddr)
	transport := "tcp"
	if udp {
		transport = "udp"
	}
	r.mu.Lock()
	r.log = append(r.log, fmt.Sprintf("%s %s %s", transport, dns.TypeToString[q.Qtype], name))
	r.mu.Unlock()
	if r.slow[name] {
		<-r.release
		return
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	do := req.IsEdns0() != nil && req.IsEdns0().Do()
	switch {
	case r.servfail[name]:
		m.Rcode = dns.RcodeServerFailure
	case udp && r.truncateUDP[name]:
		m.Truncated = true
	case r.wrongName[name]:
		m.Question[0].Name = "elsewhere.example."
		m.Rcode = r.answer(m, name, q.Qtype, do)
	default:
		m.Rcode = r.answer(m, name, q.Qtype, do)
	}
	for zone := range r.authentic {
		if dns.IsSubDomain(zone, name) && m.Rcode != dns.RcodeServerFailure {
			m.AuthenticatedData = true
		}
	}
	if do {
		m.SetEdns0(4096, true)
	}
	w.WriteMsg(m)
}

// answer fills m with name's records of type qtype, following CNAMEs.
func (r *resolver) answer(m *dns.Msg, name string, qtype uint16, do bool) int {
	for range 8 {
		rrs, ok := r.records[name]
		if !ok && !r.hasBelow(name) {
			r.negative(m, name, do)
			if len(m.Answer) > 0 {
				return dns.RcodeSuccess // a dangling CNAME
			}
			return dns.RcodeNameError
		}
		var cname *dns.CNAME
		found := false
		for _, rr := range rrs {
			if rr.Header().Rrtype == qtype {
				m.Answer = append(m.Answer, rr)
				found = true
			}
			if s, ok := rr.(*dns.RRSIG); ok && do && (s.TypeCovered == qtype || s.TypeCovered == dns.TypeCNAME && qtype != dns.TypeCNAME) {
				m.Answer = append(m.Answer, rr)
			}
			if c, ok := rr.(*dns.CNAME); ok {
				cname = c
			}
		}
		if cname == nil || qtype == dns.TypeCNAME {
			if !found {
				r.negative(m, name, do)
			}
			return dns.RcodeSuccess
		}
		m.Answer = append(m.Answer, cname)
		name = strings.ToLower(cname.Target)
	}
	return dns.RcodeServerFailure
}

func (r *resolver) hasBelow(name string) bool {
	for k := range r.records {
		if strings.HasSuffix(k, "."+name) {
			return true
		}
	}
	return false
}

// negative adds the SOA of the closest zone at or above name.
func (r *resolver) negative(m *dns.Msg, name string, do bool) {
	for cur := name; cur != ""; cur = parent(cur) {
		for _, rr := range r.records[cur] {
			if _, ok := rr.(*dns.SOA); ok {
				m.Ns = append(m.Ns, rr)
				return
			}
		}
		if cur == "." {
			return
		}
	}
}

func (r *resolver) serve(t *testing.T) string { return dnstest.Serve(t, r, r.release) }

// testConfig asks addr with short timeouts, at testNow.
func testConfig(addr string) Config {
	return Config{Servers: []string{addr}, Timeout: 200 * time.Millisecond, Attempts: 2, Now: func() time.Time { return testNow }}
}

// testNow is the time signatures are checked at.
var testNow = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

// zoneKeys are the keys a test zone is signed with.
type zoneKeys struct {
	apex     string
	ksk, zsk *dns.DNSKEY
	kskPriv  crypto.Signer
	zskPriv  crypto.Signer
}

// key generates a DNSKEY of the algorithm and size.
func key(t *testing.T, apex string, flags uint16, alg uint8, bits int) (*dns.DNSKEY, crypto.Signer) {
	t.Helper()
	k := &dns.DNSKEY{Hdr: dns.RR_Header{Name: apex, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600},
		Flags: flags, Protocol: 3, Algorithm: alg}
	priv, err := k.Generate(bits)
	if err != nil {
		t.Fatalf("generate %s %d-bit key: %v", dns.AlgorithmToString[alg], bits, err)
	}
	return k, priv.(crypto.Signer)
}

// signZone makes apex a signed zone of r: an SOA, a KSK and a ZSK of the
// algorithm (ksk bits, zsk bits), the DNSKEY set signed by the KSK over
// testNow ± 30 days, and a DS of each digest type for the KSK.
func signZone(t *testing.T, r *resolver, apex string, alg uint8, kskBits, zskBits int, digests ...uint8) *zoneKeys {
	t.Helper()
	zk := &zoneKeys{apex: apex}
	zk.ksk, zk.kskPriv = key(t, apex, 257, alg, kskBits)
	zk.zsk, zk.zskPriv = key(t, apex, 256, alg, zskBits)
	r.add(t, apex+" 3600 IN SOA ns1."+apex+" hostmaster."+apex+" 1 7200 3600 1209600 3600")
	r.addRR(zk.ksk, zk.zsk)
	r.addRR(zk.sign(t, testNow.Add(-30*24*time.Hour), testNow.Add(30*24*time.Hour)))
	for _, d := range digests {
		r.addRR(zk.ksk.ToDS(d))
	}
	return zk
}

// sign returns the KSK's RRSIG over the DNSKEY set, valid from inception
// to expiration.
func (zk *zoneKeys) sign(t *testing.T, inception, expiration time.Time) *dns.RRSIG {
	t.Helper()
	sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: zk.apex, Rrtype: dns.TypeRRSIG, Class: dns.ClassINET, Ttl: 3600},
		TypeCovered: dns.TypeDNSKEY, Algorithm: zk.ksk.Algorithm, OrigTtl: 3600,
		Inception: uint32(inception.Unix()), Expiration: uint32(expiration.Unix()), KeyTag: zk.ksk.KeyTag(), SignerName: zk.apex}
	if err := sig.Sign(zk.kskPriv, []dns.RR{zk.ksk, zk.zsk}); err != nil {
		t.Fatalf("sign DNSKEY set of %s: %v", zk.apex, err)
	}
	return sig
}
