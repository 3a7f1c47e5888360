// Package dnsfact is the meta-test tooling of the DNS rule family, the
// counterpart of rules/fixture for DNS observations: an observation
// flattened into facts (to check that a rule's pass and fail fixtures
// differ by one), and the ways of making each fact unknown. It imports
// neither rules/fixture nor rules/dns, so rules/fixture may use it once
// scanner.Result carries the DNS observation.
package dnsfact

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// Kinds of DNS facts (rules.Rule.Reads).
const (
	DNSKEY rules.FactKind = "dnskey"  // the zone holding the name and its DNSKEY set
	DS     rules.FactKind = "ds"      // the DS set of the zone at its parent
	TLSA   rules.FactKind = "tlsa"    // the TLSA sets of the service names
	CAA    rules.FactKind = "caa"     // the CAA set governing the host name
	SSHFP  rules.FactKind = "sshfp"   // the SSHFP set of an SSH endpoint's host name
	MTASTS rules.FactKind = "mta_sts" // the MTA-STS record and policy of the mail domain an MX serves
)

// Kinds lists every DNS fact kind the mutations can make unknown.
var Kinds = []rules.FactKind{DNSKEY, DS, TLSA, CAA, SSHFP, MTASTS}

// Carrier is the version a DNS fact is declared under (rules.Fact.Version)
// in a rule's Reads and in rules/fixture's mutations. DNS facts have no
// protocol version, but rules.Fact.Version is not omitempty and version 0
// does not marshal (a rule must marshal for "cryptoscan rules --format
// json"), and the meta-tests enumerate the versions of scanner.Versions:
// TLS 1.2 carries them, as it carries the certificate facts. With
// Fact.Version made omitempty, the zero version would do.
const Carrier = scanner.TLSv12

func lookup(l dnsprobe.Lookup) string {
	s := fmt.Sprintf("%s nx=%t ad=%t", l.State, l.NXDomain, l.Authenticated)
	if l.Unknown != nil {
		s += " " + l.Unknown.Error()
	}
	return s
}

// Facts flattens an observation into facts, one key each. Stats are not
// facts.
func Facts(o *dnsprobe.Observation) map[string]string {
	m := map[string]string{}
	if o == nil {
		return m
	}
	d := o.DNSSEC
	// Keys start with the fact kind they belong to.
	m["dnskey zone"] = d.Zone + " " + lookup(d.ZoneLookup)
	m["dnskey set"] = lookup(d.DNSKEY)
	for i, k := range d.Keys {
		m[fmt.Sprintf("dnskey key %d", i)] = fmt.Sprintf("%+v", k)
	}
	for i, s := range d.Signatures {
		m[fmt.Sprintf("dnskey signature %d", i)] = fmt.Sprintf("%+v", s)
	}
	m["ds set"] = lookup(d.DS)
	for i, ds := range d.DSRecords {
		m[fmt.Sprintf("ds record %d", i)] = fmt.Sprintf("%+v", ds)
	}
	m["caa set"] = fmt.Sprintf("%s at %s asked %s", lookup(o.CAA.Lookup), o.CAA.Owner, strings.Join(o.CAA.Asked, ","))
	for i, r := range o.CAA.Records {
		m[fmt.Sprintf("caa record %d", i)] = fmt.Sprintf("%+v", r)
	}
	for _, s := range o.TLSA {
		m["tlsa "+s.Name] = lookup(s.Lookup)
		for i, r := range s.Records {
			m[fmt.Sprintf("tlsa %s record %d", s.Name, i)] = r.String() + " " + r.Data
		}
	}
	if p := o.MTASTS; p != nil {
		m["mta_sts record"] = fmt.Sprintf("%s %s records=%q id=%s problem=%q", p.Domain, lookup(p.Record), p.Records, p.ID, p.RecordProblem)
		if pol := p.Policy; pol != nil {
			v := fmt.Sprintf("%s fetched=%t version=%s mode=%s mx=%q max_age=%d problems=%q", pol.URL, pol.Fetched, pol.Version, pol.Mode, pol.MX, pol.MaxAge, pol.Problems)
			if pol.Unknown != nil {
				v += " unknown " + pol.Unknown.Error()
			}
			m["mta_sts policy"] = v
		}
		m["mta_sts tlsrpt"] = fmt.Sprintf("%s records=%q rua=%q", lookup(p.TLSRPT), p.TLSRPTRecords, p.RUA)
	}
	if s := o.SSHFP; s != nil {
		m["sshfp set"] = lookup(s.Lookup)
		for i, r := range s.Records {
			m[fmt.Sprintf("sshfp record %d", i)] = fmt.Sprintf("%+v", r)
		}
	}
	return m
}

// Diff names the facts that differ between two observations.
func Diff(a, b *dnsprobe.Observation) []string {
	fa, fb := Facts(a), Facts(b)
	var out []string
	for k, v := range fa {
		if w, ok := fb[k]; !ok || w != v {
			out = append(out, k)
		}
	}
	for k := range fb {
		if _, ok := fa[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Mutation makes one DNS fact unknown, in place, or narrows what is known
// of it.
type Mutation struct {
	Fact rules.FactKind
	Name string
	// Unknown is true when the mutation makes the fact unknown; false when
	// it only narrows what is known of it (the keys are listed but their
	// sizes unreadable), which only rules that need that part must treat
	// as unknown.
	Unknown bool
	Apply   func(o *dnsprobe.Observation)
}

func (m Mutation) String() string { return string(m.Fact) + ": " + m.Name }

func unknown(r dnsprobe.Reason) dnsprobe.Lookup {
	return dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: r, Detail: "mutated"}}
}

// Mutations returns every way of making a DNS fact unknown.
func Mutations() []Mutation {
	return []Mutation{
		// The probe would not ask for the DS set either; the DS facts are
		// left alone so that a mutation changes its own kind of fact only.
		{DNSKEY, "zone not found", true, func(o *dnsprobe.Observation) {
			d := &o.DNSSEC
			d.Zone, d.ZoneLookup = "", unknown(dnsprobe.ReasonTimeout)
			d.DNSKEY, d.Keys, d.Signatures = unknown(dnsprobe.ReasonNotTested), nil, nil
		}},
		{DNSKEY, "DNSKEY SERVFAIL", true, func(o *dnsprobe.Observation) {
			o.DNSSEC.DNSKEY, o.DNSSEC.Keys, o.DNSSEC.Signatures = unknown(dnsprobe.ReasonServFail), nil, nil
		}},
		{DS, "DS timeout", true, func(o *dnsprobe.Observation) {
			o.DNSSEC.DS, o.DNSSEC.DSRecords = unknown(dnsprobe.ReasonTimeout), nil
		}},
		{DNSKEY, "keys unreadable", false, func(o *dnsprobe.Observation) {
			for i := range o.DNSSEC.Keys {
				k := &o.DNSSEC.Keys[i]
				k.Bits, k.RSAExponent, k.Malformed = 0, "", "public key field is not base64"
			}
		}},
		{TLSA, "TLSA timeout", true, func(o *dnsprobe.Observation) {
			for i := range o.TLSA {
				o.TLSA[i].Lookup, o.TLSA[i].Records = unknown(dnsprobe.ReasonTimeout), nil
			}
		}},
		{CAA, "CAA SERVFAIL on the climb", true, func(o *dnsprobe.Observation) {
			o.CAA.Lookup, o.CAA.Owner, o.CAA.Records = unknown(dnsprobe.ReasonServFail), "", nil
		}},
		{MTASTS, "MTA-STS record timeout", true, func(o *dnsprobe.Observation) {
			if o.MTASTS != nil {
				o.MTASTS.Record, o.MTASTS.Records, o.MTASTS.ID, o.MTASTS.Policy = unknown(dnsprobe.ReasonTimeout), nil, "", nil
			}
		}},
		{MTASTS, "MTA-STS policy fetch timed out", true, func(o *dnsprobe.Observation) {
			if o.MTASTS != nil && o.MTASTS.Policy != nil {
				o.MTASTS.Policy = &dnsprobe.MTASTSPolicy{URL: o.MTASTS.Policy.URL, MaxAge: -1,
					Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout, Detail: "mutated"}}
			}
		}},
		{SSHFP, "SSHFP timeout", true, func(o *dnsprobe.Observation) {
			if o.SSHFP != nil {
				o.SSHFP.Lookup, o.SSHFP.Records = unknown(dnsprobe.ReasonTimeout), nil
			}
		}},
	}
}

// CompliantSSHObservation is the DNS observation of an SSH endpoint's host
// name as dnsprobe.ProbeSSH leaves it: the signed zone of
// CompliantObservation, CAA not asked, no TLSA, and the SSHFP set records,
// validated by the resolver (absent when there are none).
func CompliantSSHObservation(name string, records ...dnsprobe.SSHFP) *dnsprobe.Observation {
	o := CompliantObservation()
	o.Name, o.TLSA = name, nil
	o.CAA = dnsprobe.CAA{Asked: []string{}, Lookup: dnsprobe.Lookup{State: dnsprobe.Unknown,
		Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonNotTested, Detail: "CAA governs TLS certificate issuance: not asked for an SSH endpoint"}}}
	o.SSHFP = &dnsprobe.SSHFPSet{Lookup: dnsprobe.Lookup{State: dnsprobe.Present, Authenticated: true}, Records: slices.Clone(records)}
	if len(records) == 0 {
		o.SSHFP.Lookup.State = dnsprobe.Absent
	}
	return o
}

// CompliantObservation is the DNS observation of the reference compliant
// endpoint (rules/fixture's Compliant, example.fr:443), given the SHA-256
// input of its leaves' keys (their DER SubjectPublicKeyInfo): a zone signed with ECDSA
// P-256 (KSK 257 tag 2371, ZSK 256 tag 31406), the KSK's DS with SHA-256 at
// the parent, validated by the resolver; DANE-EE TLSA records (3 1 1) on
// _443._tcp.example.fr with the SHA-256 of each served leaf's key; a CAA set
// at the apex authorising HARICA (GR, EU and EU-controlled, the CA of the
// compliant chain) and forbidding wildcards.
func CompliantObservation(leafSPKIs ...[]byte) *dnsprobe.Observation {
	var tlsa []dnsprobe.TLSA
	for _, k := range leafSPKIs {
		spki := sha256.Sum256(k)
		tlsa = append(tlsa, dnsprobe.TLSA{Usage: 3, Selector: 1, MatchingType: 1, Data: hex.EncodeToString(spki[:])})
	}
	ok := dnsprobe.Lookup{State: dnsprobe.Present, Authenticated: true}
	return &dnsprobe.Observation{
		Name: "example.fr",
		DNSSEC: dnsprobe.DNSSEC{
			Zone:       "example.fr.",
			ZoneLookup: ok,
			DNSKEY:     ok,
			Keys: []dnsprobe.DNSKEY{
				{Flags: 257, ZoneKey: true, SEP: true, Protocol: 3, Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: 2371, Bits: 256},
				{Flags: 256, ZoneKey: true, Protocol: 3, Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: 31406, Bits: 256},
			},
			Signatures: []dnsprobe.Signature{{Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: 2371, SignerName: "example.fr.",
				Inception: time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC), Expiration: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC), Verdict: dnsprobe.Valid}},
			DS: ok,
			DSRecords: []dnsprobe.DS{{KeyTag: 2371, Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", DigestType: 2, DigestTypeName: "SHA-256",
				Digest: "4d5a3e4b2c1f7e6d5c4b3a29180706f5e4d3c2b1a09f8e7d6c5b4a3928170605", Verdict: dnsprobe.Matches}},
		},
		CAA: dnsprobe.CAA{
			Lookup: ok, Owner: "example.fr.", Asked: []string{"example.fr."},
			Records: []dnsprobe.CAARecord{
				{Tag: "issue", Value: "harica.gr", Issuer: "harica.gr"},
				{Tag: "issuewild", Value: ";"},
				{Tag: "iodef", Value: "mailto:security@example.fr"},
			},
		},
		TLSA: []dnsprobe.TLSASet{{
			Name: "_443._tcp.example.fr", Host: "example.fr", Port: 443, Lookup: ok,
			Records: tlsa,
		}},
	}
}

// CloneObservation returns a deep copy of o.
func CloneObservation(o *dnsprobe.Observation) *dnsprobe.Observation {
	if o == nil {
		return nil
	}
	c := *o
	c.DNSSEC.Keys = slices.Clone(o.DNSSEC.Keys)
	c.DNSSEC.Signatures = slices.Clone(o.DNSSEC.Signatures)
	c.DNSSEC.DSRecords = slices.Clone(o.DNSSEC.DSRecords)
	c.DNSSEC.ZoneLookup, c.DNSSEC.DNSKEY, c.DNSSEC.DS = cloneLookup(o.DNSSEC.ZoneLookup), cloneLookup(o.DNSSEC.DNSKEY), cloneLookup(o.DNSSEC.DS)
	c.CAA.Lookup = cloneLookup(o.CAA.Lookup)
	c.CAA.Asked = slices.Clone(o.CAA.Asked)
	c.CAA.Records = slices.Clone(o.CAA.Records)
	for i := range c.CAA.Records {
		c.CAA.Records[i].Parameters = slices.Clone(o.CAA.Records[i].Parameters)
	}
	c.TLSA = slices.Clone(o.TLSA)
	for i := range c.TLSA {
		c.TLSA[i].Lookup = cloneLookup(o.TLSA[i].Lookup)
		c.TLSA[i].Records = slices.Clone(o.TLSA[i].Records)
	}
	if o.MTASTS != nil {
		p := *o.MTASTS
		p.Record, p.TLSRPT = cloneLookup(o.MTASTS.Record), cloneLookup(o.MTASTS.TLSRPT)
		p.Records, p.TLSRPTRecords, p.RUA = slices.Clone(o.MTASTS.Records), slices.Clone(o.MTASTS.TLSRPTRecords), slices.Clone(o.MTASTS.RUA)
		if o.MTASTS.Policy != nil {
			pol := *o.MTASTS.Policy
			pol.MX, pol.Problems = slices.Clone(pol.MX), slices.Clone(pol.Problems)
			if pol.Unknown != nil {
				u := *pol.Unknown
				pol.Unknown = &u
			}
			p.Policy = &pol
		}
		c.MTASTS = &p
	}
	if o.SSHFP != nil {
		s := *o.SSHFP
		s.Lookup, s.Records = cloneLookup(o.SSHFP.Lookup), slices.Clone(o.SSHFP.Records)
		c.SSHFP = &s
	}
	return &c
}

func cloneLookup(l dnsprobe.Lookup) dnsprobe.Lookup {
	if l.Unknown != nil {
		u := *l.Unknown
		l.Unknown = &u
	}
	return l
}

// CompliantMTASTS is what a mail domain that enforces MTA-STS for its MX
// hosts mx publishes: one STSv1 record, an enforce policy listing mx,
// valid for a week, validated by the resolver, and a TLS-RPT record.
func CompliantMTASTS(domain string, mx ...string) *dnsprobe.MTASTS {
	ok := dnsprobe.Lookup{State: dnsprobe.Present, Authenticated: true}
	return &dnsprobe.MTASTS{
		Domain: domain, Record: ok, Records: []string{"v=STSv1; id=20261127T000000"}, ID: "20261127T000000",
		Policy: &dnsprobe.MTASTSPolicy{URL: "https://mta-sts." + domain + "/.well-known/mta-sts.txt", Fetched: true,
			Version: "STSv1", Mode: "enforce", MX: slices.Clone(mx), MaxAge: 604800},
		TLSRPT: ok, TLSRPTRecords: []string{"v=TLSRPTv1; rua=mailto:tlsrpt@" + domain}, RUA: []string{"mailto:tlsrpt@" + domain},
	}
}
