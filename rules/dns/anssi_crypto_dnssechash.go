package dnsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// hashBits are the output sizes of the hashes DNSSEC signs and digests
// with that RègleHash can judge. GOST and SM3 hashes (256 bits) are not
// assessed by the guide: they are graded as a warning.
var hashBits = map[string]int{"MD5": 128, "SHA-1": 160, "SHA-256": 256, "SHA-384": 384, "SHA-512": 512}

// minHashBits is RègleHash's minimum output size (v2.04).
const minHashBits = 256

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-DnssecHash",
		Title:     "DNSSEC signs and digests with a hash of at least 256 bits",
		Reference: b1Ref("RègleHash", "§2.2"),
		Severity:  rules.High,
		Description: "RègleHash applied to DNSSEC: a hash function must have an output of at least 256 bits and no known " +
			"partial attack, and SHA-1 is not compliant. Graded on the algorithm of every key of the zone holding the " +
			"endpoint's name (RSASHA1 and RSASHA1-NSEC3-SHA1, 5 and 7, DSA 3 and 6, sign with SHA-1; RSAMD5, 1, with MD5: " +
			"fail; RSASHA256 8, RSASHA512 10, ECDSA 13 and 14 and EdDSA 15 and 16 pass) and on the digest type of every DS " +
			"record at the parent (SHA-1, type 1, fails: a validator accepts any published digest, so a SHA-1 DS beside a " +
			"SHA-256 one still fails). GOST and SM2/SM3 algorithms and digests are not assessed by the guide: warning. A " +
			"revoked key (RFC 5011) is not used to sign and is not graded. An unsigned zone is reported as info: the " +
			"documents graded against say nothing of deploying DNSSEC.",
		Fix: "Roll the zone to ECDSAP256SHA256 (13) or RSASHA256 (8) keys and publish only SHA-256 (type 2) or SHA-384 " +
			"DS records at the registrar.",
		Reads:   reads(FactDNSKEY, FactDS),
		Applies: hasObservation,
		Check:   checkDnssecHash,
		Fixtures: ruleFixtures(fixtures(func(o *dnsprobe.Observation) {
			o.DNSSEC.DSRecords[0].DigestType, o.DNSSEC.DSRecords[0].DigestTypeName = 1, "SHA-1"
		})),
	})
}

func checkDnssecHash(r *scanner.Result, _ rules.Context) []rules.Finding {
	o := Observation(r)
	d := &o.DNSSEC
	var e evidence
	keysKnown := e.zoneFacts(d)
	if keysKnown && d.DNSKEY.State == dnsprobe.Absent {
		e.unsigned(d)
	}
	for _, k := range d.Keys {
		if k.Revoked {
			e.note("%s is revoked and not graded", keyName(d, k))
			continue
		}
		a, known := dnsprobe.AlgorithmByNumber(k.Algorithm)
		st, why := gradeHash(a.Hash, known, "signs with")
		if a.Kind == dnsprobe.KindEdDSA {
			st, why = rules.Pass, "EdDSA hashes internally (Ed25519 with SHA-512, Ed448 with SHAKE256)"
		}
		e.item(itemDNSKEY, keyName(d, k), k.Bits, st, why)
	}
	for _, ds := range d.DSRecords {
		dt, known := dnsprobe.DigestTypeByNumber(ds.DigestType)
		st, why := gradeHash(dt.Hash, known, "digest")
		e.item(itemDS, dsName(d, ds), 0, st, why)
	}
	e.ev.Threshold = &rules.Threshold{Bits: minHashBits, Basis: "RègleHash: hash output of at least 256 bits; SHA-1 is not compliant"}
	return e.finding("the zone's DNSSEC algorithms and DS digests use hashes of at least 256 bits",
		"DNSSEC hashes below 256 bits or not assessed")
}

func gradeHash(hash string, registered bool, verb string) (rules.Status, string) {
	if !registered {
		return rules.Warn, "algorithm not in the IANA registry: its hash cannot be graded"
	}
	bits, ok := hashBits[hash]
	switch {
	case !ok:
		return rules.Warn, fmt.Sprintf("%s %s, a hash the guide does not assess", verb, hash)
	case bits < minHashBits:
		return rules.Fail, fmt.Sprintf("%s %s, a %d-bit output below 256 bits", verb, hash, bits)
	}
	return rules.Pass, fmt.Sprintf("%s %s", verb, hash)
}
