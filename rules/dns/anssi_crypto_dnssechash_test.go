package dnsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// rsaZone replaces the compliant zone's keys by a KSK and a ZSK of the
// algorithm and sizes, with the KSK's DS of the digest types.
func rsaZone(alg uint8, kskBits, zskBits int, digests ...uint8) func(o *dnsprobe.Observation) {
	return func(o *dnsprobe.Observation) {
		d := &o.DNSSEC
		name := dnsprobe.AlgorithmName(alg)
		d.Keys = []dnsprobe.DNSKEY{
			{Flags: 257, ZoneKey: true, SEP: true, Protocol: 3, Algorithm: alg, AlgorithmName: name, KeyTag: 100, Bits: kskBits, RSAExponent: "65537"},
			{Flags: 256, ZoneKey: true, Protocol: 3, Algorithm: alg, AlgorithmName: name, KeyTag: 200, Bits: zskBits, RSAExponent: "65537"},
		}
		d.Signatures = []dnsprobe.Signature{{Algorithm: alg, AlgorithmName: name, KeyTag: 100, SignerName: d.Zone, Verdict: dnsprobe.Valid}}
		d.DSRecords = nil
		for _, dt := range digests {
			d.DSRecords = append(d.DSRecords, dnsprobe.DS{KeyTag: 100, Algorithm: alg, AlgorithmName: name, DigestType: dt,
				DigestTypeName: dnsprobe.DigestTypeName(dt), Digest: "00", Verdict: dnsprobe.Matches})
		}
	}
}

// unsigned makes the compliant zone unsigned: no DNSKEY, no DS, and no
// answer authenticated.
func unsigned(o *dnsprobe.Observation) {
	o.CAA.Lookup.Authenticated = false
	for i := range o.TLSA {
		o.TLSA[i].Lookup.Authenticated = false
	}
	d := &o.DNSSEC
	d.ZoneLookup.Authenticated = false
	d.DNSKEY = dnsprobe.Lookup{State: dnsprobe.Absent}
	d.DS = dnsprobe.Lookup{State: dnsprobe.Absent}
	d.Keys, d.Signatures, d.DSRecords = nil, nil, nil
}

func TestDnssecHash(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-DnssecHash", []tcase{
		{name: "pass - ECDSA P-256 zone, SHA-256 DS", res: dns(nil)},
		{name: "pass - RSASHA256 zone, SHA-256 and SHA-384 DS", res: dns(rsaZone(8, 2048, 2048, 2, 4))},
		{name: "pass - Ed25519 zone", res: dns(func(o *dnsprobe.Observation) {
			for i := range o.DNSSEC.Keys {
				o.DNSSEC.Keys[i].Algorithm, o.DNSSEC.Keys[i].AlgorithmName = 15, "ED25519"
			}
		})},
		{name: "fail - RSA/SHA-1 zone", res: dns(rsaZone(5, 2048, 2048, 2)),
			why: []string{"DNSKEY 100 (KSK, RSASHA1): signs with SHA-1, a 160-bit output below 256 bits", "DNSKEY 200 (ZSK, RSASHA1)"}},
		{name: "fail - RSASHA1-NSEC3-SHA1 zone", res: dns(rsaZone(7, 2048, 2048, 2)), why: []string{"SHA-1"}},
		{name: "fail - SHA-1 DS beside a SHA-256 one", res: dns(rsaZone(8, 2048, 2048, 1, 2)),
			why: []string{"DS 100 (RSASHA256, digest SHA-1): digest SHA-1, a 160-bit output below 256 bits"}},
		{name: "fail - RSAMD5 key", res: dns(rsaZone(1, 2048, 2048, 2)), why: []string{"MD5, a 128-bit output"}},
		{name: "fail - DSA key", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC.Keys[1] = dnsprobe.DNSKEY{Flags: 256, ZoneKey: true, Protocol: 3, Algorithm: 3, AlgorithmName: "DSA", KeyTag: 200, Bits: 1024}
		}), why: []string{"DSA"}},
		{name: "warn - GOST DS digest", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC.DSRecords[0].DigestType, o.DNSSEC.DSRecords[0].DigestTypeName = 3, "GOST R 34.11-94"
		}), why: []string{"a hash the guide does not assess"}},
		{name: "warn - unassigned algorithm", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC.Keys[1].Algorithm, o.DNSSEC.Keys[1].AlgorithmName = 200, "0xC8"
		}), why: []string{"not in the IANA registry"}},
		{name: "pass - a revoked RSA/SHA-1 key is not graded", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC.Keys = append(o.DNSSEC.Keys, dnsprobe.DNSKEY{Flags: 385, ZoneKey: true, SEP: true, Revoked: true, Protocol: 3,
				Algorithm: 5, AlgorithmName: "RSASHA1", KeyTag: 300, Bits: 1024, RSAExponent: "65537"})
		})},
		{name: "info - unsigned zone", res: dns(unsigned), why: []string{"example.fr: the zone is not signed"}},
		{name: "fail - unsigned zone with a stale SHA-1 DS", res: dns(func(o *dnsprobe.Observation) {
			unsigned(o)
			o.DNSSEC.DS = dnsprobe.Lookup{State: dnsprobe.Present}
			o.DNSSEC.DSRecords = []dnsprobe.DS{{KeyTag: 1, Algorithm: 8, AlgorithmName: "RSASHA256", DigestType: 1, DigestTypeName: "SHA-1", Digest: "00", Verdict: dnsprobe.NoKey}}
		}), why: []string{"not signed", "digest SHA-1"}},
		{name: "incomplete - DNSKEY SERVFAIL", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC.DNSKEY = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonServFail, Detail: "SERVFAIL"}}
			o.DNSSEC.Keys, o.DNSSEC.Signatures = nil, nil
		})},
		{name: "incomplete - DS timeout", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC.DS = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout}}
			o.DNSSEC.DSRecords = nil
		})},
		{name: "fail - RSA/SHA-1 zone, DS unknown", res: dns(func(o *dnsprobe.Observation) {
			rsaZone(5, 2048, 2048)(o)
			o.DNSSEC.DS = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout}}
		}), why: []string{"SHA-1"}},
	})
}
