package dnsprobe

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// Config says which resolver to ask and how patiently. The zero value is
// not usable: Servers must name at least one resolver (the CLI passes the
// discovery resolver's, scanner/discover.Resolver.Servers).
type Config struct {
	Servers  []string      // recursive resolvers, "ADDR:PORT", tried in order
	Timeout  time.Duration // per message to one server; 0 means 2s
	Attempts int           // rounds over Servers before giving up; 0 means 2
	// Now is the time RRSIG validity periods, and the validity of an
	// MTA-STS policy host's certificate, are checked at; nil means
	// time.Now.
	Now func() time.Time
	// PolicyDial opens the TCP connections of MTA-STS policy fetches
	// (ProbeMTASTS), to "IP:443" of an address the resolver gave for the
	// policy host; nil means a net.Dialer with Timeout. The CLI passes
	// one that goes through its per-IP limiter.
	PolicyDial func(ctx context.Context, network, addr string) (net.Conn, error)
	// PolicyRoots are the roots a policy host's certificate must chain
	// to; nil means the Mozilla roots compiled into the binary
	// (golang.org/x/crypto/x509roots/fallback), never the system store.
	PolicyRoots *x509.CertPool
}

// maxClimb is the most levels the zone search and the CAA climb ask.
const maxClimb = 32

// Prober asks DNS about host names. It remembers every answer for its
// lifetime, so hosts of one zone share the zone's DNSSEC questions and the
// CAA levels above them; questions asked concurrently are sent once. A
// Prober is safe for concurrent use; use one per run.
type Prober struct {
	cfg    Config
	mu     sync.Mutex
	calls  map[callKey]*call
	mtasts map[string]*mtastsCall // by policy domain
}

type callKey struct {
	name  string // lower-case FQDN
	qtype uint16
}

type call struct {
	done chan struct{}
	a    answer
}

// NewProber returns a prober asking cfg's servers. cfg is copied.
func NewProber(cfg Config) *Prober {
	cfg.Servers = append([]string(nil), cfg.Servers...)
	return &Prober{cfg: cfg, calls: make(map[callKey]*call), mtasts: make(map[string]*mtastsCall)}
}

func (p *Prober) now() time.Time {
	if p.cfg.Now != nil {
		return p.cfg.Now()
	}
	return time.Now()
}

// query asks a question once per prober. sent is the number of messages
// this call sent (0 when another caller asked it).
func (p *Prober) query(ctx context.Context, name string, qtype uint16) (a answer, sent int) {
	k := callKey{strings.ToLower(dns.Fqdn(name)), qtype}
	p.mu.Lock()
	if c, ok := p.calls[k]; ok {
		p.mu.Unlock()
		select {
		case <-c.done:
			return c.a, 0
		case <-ctx.Done():
			return answer{lookup: unknownLookup(ReasonCanceled, ctx.Err().Error())}, 0
		}
	}
	c := &call{done: make(chan struct{})}
	p.calls[k] = c
	p.mu.Unlock()
	c.a = p.exchange(ctx, k.name, qtype)
	close(c.done)
	return c.a, c.a.queries
}

// Probe observes one host name: the DNSSEC keys of its zone, its CAA set
// and the TLSA records of _PORT._tcp.NAME for each port given (25 for an
// MX host, 443 for a web server). It never fails: what could not be
// learnt is unknown with its reason. The lookups run concurrently; ctx
// bounds them all.
func (p *Prober) Probe(ctx context.Context, host string, tlsaPorts ...uint16) *Observation {
	return p.observe(ctx, host, sets{caa: true, tlsaPorts: tlsaPorts})
}

// ProbeSSH observes the host name of an SSH endpoint: the DNSSEC keys of
// its zone, as Probe gathers them (and from the same remembered answers),
// and its SSHFP records (RFC 4255), with the AD bit of their answer: a
// client may trust a fingerprint from DNS only when DNSSEC validated it
// (RFC 4255 §2.4; ANSSI's OpenSSH guide, R6 and R31). No TLSA is asked,
// and CAA, which governs the issuance of TLS certificates, is not asked:
// Observation.CAA is unknown (not_tested). Observation.SSHFP is never nil.
func (p *Prober) ProbeSSH(ctx context.Context, host string) *Observation {
	return p.observe(ctx, host, sets{sshfp: true})
}

// sets says which record sets an observation asks for besides the
// DNSSEC facts of the zone, which it always gathers.
type sets struct {
	caa       bool     // the CAA climb (endpoints with TLS certificates)
	tlsaPorts []uint16 // TLSA at _PORT._tcp.NAME
	sshfp     bool     // SSHFP at NAME (SSH endpoints)
}

// caaNotAsked is why an SSH endpoint's observation has no CAA set.
const caaNotAsked = "CAA governs the issuance of TLS certificates (RFC 8659) and is not asked for an SSH endpoint"

// observe gathers the DNSSEC facts of host's zone and the sets asked for.
func (p *Prober) observe(ctx context.Context, host string, want sets) *Observation {
	start := time.Now()
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	o := &Observation{Name: name}
	if !want.caa {
		o.CAA = CAA{Lookup: unknownLookup(ReasonNotTested, caaNotAsked), Asked: []string{}}
	}
	if why := notAName(name); why != "" {
		skip := unknownLookup(ReasonNotTested, why)
		o.DNSSEC = DNSSEC{ZoneLookup: skip, DNSKEY: skip, DS: skip}
		if want.caa {
			o.CAA = CAA{Lookup: skip, Asked: []string{}}
		}
		for _, port := range want.tlsaPorts {
			o.TLSA = append(o.TLSA, TLSASet{Name: tlsaName(port, name), Host: name, Port: port, Lookup: skip})
		}
		if want.sshfp {
			o.SSHFP = &SSHFPSet{Lookup: skip}
		}
		return o
	}
	fqdn := dns.Fqdn(name)
	var queries atomic.Int64
	ask := func(n string, t uint16) answer {
		a, sent := p.query(ctx, n, t)
		queries.Add(int64(sent))
		return a
	}
	var wg sync.WaitGroup
	wg.Go(func() { o.DNSSEC = p.dnssec(ask, fqdn) })
	if want.caa {
		wg.Go(func() { o.CAA = caaClimb(ask, fqdn) })
	}
	if len(want.tlsaPorts) > 0 {
		o.TLSA = make([]TLSASet, len(want.tlsaPorts))
		for i, port := range want.tlsaPorts {
			wg.Go(func() { o.TLSA[i] = tlsaLookup(ask, name, port) })
		}
	}
	if want.sshfp {
		wg.Go(func() { o.SSHFP = sshfpLookup(ask, fqdn) })
	}
	wg.Wait()
	o.Stats = Stats{Queries: int(queries.Load()), DurationMS: time.Since(start).Milliseconds()}
	return o
}

// notAName says why host cannot be looked up, or "".
func notAName(host string) string {
	if _, err := netip.ParseAddr(host); err == nil {
		return "an IP address has no DNS security records"
	}
	if host == "" {
		return "empty host name"
	}
	if _, ok := dns.IsDomainName(host); !ok || strings.ContainsAny(host, " \t\\") {
		return fmt.Sprintf("%q is not a host name", host)
	}
	return ""
}

func tlsaName(port uint16, host string) string {
	return fmt.Sprintf("_%d._tcp.%s", port, host)
}

type askFunc func(name string, qtype uint16) answer

// parent returns the parent of an FQDN ("." for a TLD).
func parent(fqdn string) string {
	if fqdn == "." {
		return ""
	}
	_, rest, _ := strings.Cut(fqdn, ".")
	if rest == "" {
		return "."
	}
	return rest
}

// isSubdomain says whether child is parent or below it (FQDNs).
func isSubdomain(parent, child string) bool {
	return dns.IsSubDomain(strings.ToLower(parent), strings.ToLower(child))
}

// findZone finds the apex of the zone holding fqdn: the closest name at
// or above it that owns an SOA record. A negative answer's authority SOA
// names the zone at once; an alias (CNAME) has no zone of its own, so the
// search climbs past it.
func findZone(ask askFunc, fqdn string) (string, Lookup) {
	cur := fqdn
	for range maxClimb {
		a := ask(cur, dns.TypeSOA)
		if a.lookup.State == Unknown {
			return "", a.lookup
		}
		for _, rr := range a.records {
			if strings.EqualFold(rr.Header().Name, cur) {
				return strings.ToLower(cur), Lookup{State: Present, Authenticated: a.lookup.Authenticated}
			}
		}
		if !a.cnamed {
			for _, rr := range a.authority {
				if soa, ok := rr.(*dns.SOA); ok && isSubdomain(soa.Hdr.Name, cur) {
					return strings.ToLower(soa.Hdr.Name), Lookup{State: Present, Authenticated: a.lookup.Authenticated}
				}
			}
		}
		if cur == "." {
			return "", unknownLookup(ReasonMalformed, "no SOA record found up to the root")
		}
		cur = parent(cur)
	}
	return "", unknownLookup(ReasonTooDeep, fmt.Sprintf("no zone apex within %d levels of %s", maxClimb, fqdn))
}

// dnssec observes the DNSKEY set of the zone holding fqdn and the DS set
// of its parent.
func (p *Prober) dnssec(ask askFunc, fqdn string) DNSSEC {
	var d DNSSEC
	d.Zone, d.ZoneLookup = findZone(ask, fqdn)
	if d.Zone == "" {
		why := "zone apex not found: " + d.ZoneLookup.Unknown.Error()
		d.DNSKEY, d.DS = unknownLookup(ReasonNotTested, why), unknownLookup(ReasonNotTested, why)
		return d
	}
	var keys []*dns.DNSKEY
	var sigs []*dns.RRSIG
	var dsRRs []*dns.DS
	var wg sync.WaitGroup
	wg.Go(func() {
		a := ask(d.Zone, dns.TypeDNSKEY)
		d.DNSKEY = a.lookup
		for _, rr := range a.records {
			if k, ok := rr.(*dns.DNSKEY); ok && strings.EqualFold(k.Hdr.Name, d.Zone) {
				keys = append(keys, k)
			}
		}
		for _, s := range a.sigs {
			if strings.EqualFold(s.Hdr.Name, d.Zone) {
				sigs = append(sigs, s)
			}
		}
	})
	wg.Go(func() {
		if d.Zone == "." {
			d.DS = unknownLookup(ReasonNotTested, "the root zone has no parent")
			return
		}
		a := ask(d.Zone, dns.TypeDS)
		d.DS = a.lookup
		for _, rr := range a.records {
			if ds, ok := rr.(*dns.DS); ok && strings.EqualFold(ds.Hdr.Name, d.Zone) {
				dsRRs = append(dsRRs, ds)
			}
		}
	})
	wg.Wait()
	for _, k := range keys {
		d.Keys = append(d.Keys, describeKey(k))
	}
	d.Signatures = verifySignatures(sigs, keys, p.now())
	for _, ds := range dsRRs {
		d.DSRecords = append(d.DSRecords, checkDS(ds, keys, d.DNSKEY.State == Present || d.DNSKEY.State == Absent))
	}
	return d
}

func describeKey(k *dns.DNSKEY) DNSKEY {
	out := DNSKEY{
		Flags:         k.Flags,
		ZoneKey:       k.Flags&dns.ZONE != 0,
		SEP:           k.Flags&dns.SEP != 0,
		Revoked:       k.Flags&dns.REVOKE != 0,
		Protocol:      k.Protocol,
		Algorithm:     k.Algorithm,
		AlgorithmName: AlgorithmName(k.Algorithm),
		KeyTag:        k.KeyTag(),
	}
	out.Bits, out.RSAExponent, out.Malformed = keyInfo(k.Algorithm, k.PublicKey)
	return out
}

// verifySignatures checks each RRSIG over the DNSKEY set with the zone's
// key of the same tag and algorithm, at now. The number of signatures
// verified is bounded; RSA keys larger than 4096 bits or with exponents
// beyond 2^31 are refused by the library (a hostile key cannot stall).
func verifySignatures(sigs []*dns.RRSIG, keys []*dns.DNSKEY, now time.Time) []Signature {
	rrset := make([]dns.RR, len(keys))
	for i, k := range keys {
		rrset[i] = k
	}
	var out []Signature
	for i, s := range sigs {
		v := Signature{
			Algorithm: s.Algorithm, AlgorithmName: AlgorithmName(s.Algorithm), KeyTag: s.KeyTag,
			SignerName: strings.ToLower(s.SignerName),
			Inception:  time.Unix(int64(s.Inception), 0).UTC(), Expiration: time.Unix(int64(s.Expiration), 0).UTC(),
		}
		if i >= maxSignatures {
			v.Verdict, v.Detail = Unsupported, fmt.Sprintf("not verified: more than %d signatures", maxSignatures)
			out = append(out, v)
			continue
		}
		v.Verdict, v.Detail = NoKey, "no key of the zone has this tag and algorithm"
		for _, k := range keys {
			if k.KeyTag() != s.KeyTag || k.Algorithm != s.Algorithm || k.Flags&dns.ZONE == 0 {
				continue
			}
			err := s.Verify(k, rrset)
			switch {
			case err == dns.ErrAlg:
				v.Verdict, v.Detail = Unsupported, "algorithm not verified here"
			case err != nil:
				v.Verdict, v.Detail = Invalid, err.Error()
				continue // another key may share the tag
			case !s.ValidityPeriod(now):
				v.Verdict, v.Detail = Expired, "outside its validity period at "+now.UTC().Format(time.RFC3339)
			default:
				v.Verdict, v.Detail = Valid, ""
			}
			break
		}
		out = append(out, v)
	}
	return out
}

// checkDS compares a DS record with the zone's keys (RFC 4034 §5.1.4).
func checkDS(ds *dns.DS, keys []*dns.DNSKEY, keysKnown bool) DS {
	out := DS{
		KeyTag: ds.KeyTag, Algorithm: ds.Algorithm, AlgorithmName: AlgorithmName(ds.Algorithm),
		DigestType: ds.DigestType, DigestTypeName: DigestTypeName(ds.DigestType), Digest: strings.ToLower(ds.Digest),
	}
	if !keysKnown {
		out.Verdict = Unchecked
		return out
	}
	out.Verdict = NoKey
	for _, k := range keys {
		if k.KeyTag() != ds.KeyTag || k.Algorithm != ds.Algorithm {
			continue
		}
		want := k.ToDS(ds.DigestType)
		if want == nil {
			out.Verdict = Unsupported
			return out
		}
		if strings.EqualFold(want.Digest, ds.Digest) {
			out.Verdict = Matches
			return out
		}
		out.Verdict = NoMatch
	}
	return out
}

// tlsaLookup asks for the TLSA records of _port._tcp.host. A CNAME is
// followed (RFC 7671 §7).
func tlsaLookup(ask askFunc, host string, port uint16) TLSASet {
	name := tlsaName(port, host)
	s := TLSASet{Name: name, Host: host, Port: port}
	a := ask(dns.Fqdn(name), dns.TypeTLSA)
	s.Lookup = a.lookup
	for _, rr := range a.records {
		if t, ok := rr.(*dns.TLSA); ok {
			s.Records = append(s.Records, TLSA{Usage: t.Usage, Selector: t.Selector, MatchingType: t.MatchingType, Data: strings.ToLower(t.Certificate)})
		}
	}
	return s
}

// caaClimb finds the CAA set relevant to fqdn (RFC 8659 §3): the CAA
// records of the name (the resolver follows an alias, and the target's
// records count), else of its parent, and so on up to, not including, the
// root. A level that cannot be asked makes the whole set unknown.
func caaClimb(ask askFunc, fqdn string) CAA {
	c := CAA{Asked: []string{}}
	cur := fqdn
	for range maxClimb {
		if cur == "." || cur == "" {
			c.Lookup = Lookup{State: Absent}
			return c
		}
		c.Asked = append(c.Asked, strings.ToLower(cur))
		a := ask(cur, dns.TypeCAA)
		switch a.lookup.State {
		case Unknown:
			c.Lookup = a.lookup
			return c
		case Present:
			c.Lookup, c.Owner = a.lookup, strings.ToLower(cur)
			for _, rr := range a.records {
				if r, ok := rr.(*dns.CAA); ok {
					c.Records = append(c.Records, caaRecord(r.Flag, r.Tag, r.Value))
				}
			}
			return c
		}
		cur = parent(cur)
	}
	c.Lookup = unknownLookup(ReasonTooDeep, fmt.Sprintf("no CAA set within %d levels of %s", maxClimb, fqdn))
	return c
}
