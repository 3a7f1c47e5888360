package dnsrules

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// CompliantObservation is the DNS observation of the reference compliant
// endpoint (fixture.Compliant, example.fr:443): a zone signed with ECDSA
// P-256 (KSK 257 tag 2371, ZSK 256 tag 31406), the KSK's DS with SHA-256 at
// the parent, validated by the resolver; a DANE-EE TLSA record (3 1 1) on
// _443._tcp.example.fr with the SHA-256 of the served leaf's key; a CAA set
// at the apex authorising HARICA (GR, EU and EU-controlled, the CA of the
// compliant chain) and forbidding wildcards.
func CompliantObservation() *dnsprobe.Observation {
	leaf := fixture.CompliantChain().Served[0]
	spki := sha256.Sum256(leaf.X509.RawSubjectPublicKeyInfo)
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
			Signatures: []dnsprobe.Signature{{Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: 2371, SignerName: "example.fr.", Verdict: dnsprobe.Valid}},
			DS:         ok,
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
			Records: []dnsprobe.TLSA{{Usage: 3, Selector: 1, MatchingType: 1, Data: hex.EncodeToString(spki[:])}},
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
	return &c
}

func cloneLookup(l dnsprobe.Lookup) dnsprobe.Lookup {
	if l.Unknown != nil {
		u := *l.Unknown
		l.Unknown = &u
	}
	return l
}

// compliantWith is the compliant endpoint with its compliant DNS
// observation, edited.
func compliantWith(edit func(o *dnsprobe.Observation)) *scanner.Result {
	o := CompliantObservation()
	if edit != nil {
		edit(o)
	}
	return Attach(fixture.Compliant().Result(), o)
}

// fixtures returns a rule's pass fixture (the compliant endpoint) and a
// fail fixture with one DNS fact changed.
func fixtures(fail func(o *dnsprobe.Observation)) func() (pass, failing *scanner.Result) {
	return func() (*scanner.Result, *scanner.Result) { return compliantWith(nil), compliantWith(fail) }
}
