package dnsrules

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-DnssecFact",
		Title:     "DNSSEC RSA keys are large enough",
		Reference: b1Ref("RègleFactorisation", "§2.3.1.1"),
		Severity:  rules.High,
		Description: "RègleFactorisation applied to DNSSEC: an RSA modulus must be at least 2048 bits up to the end of 2030 " +
			"and 3072 bits beyond (from 2031, or with a horizon beyond 2030). Graded on every RSA key (algorithms 1, 5, 7, 8, " +
			"10) of the zone holding the endpoint's name, KSK and ZSK alike: a zone-signing key of 1024 bits, common in " +
			"older deployments, fails. RecommandationFactorisation prefers 3072 bits before 2031 already and a public " +
			"exponent above 65536 for every use: a 2048-bit key passes with a note, a small exponent is a warning (the " +
			"rule's exponent clause is stated for encryption). ECDSA and EdDSA keys have fixed sizes that pass RègleECp; " +
			"DSA keys sign with SHA-1 and fail ANSSI-CRYPTO-DnssecHash. A revoked key is not graded; an unsigned zone is " +
			"reported as info.",
		Fix: "Roll the zone to ECDSAP256SHA256 (13) keys, or to RSASHA256 keys of 3072 bits or more (2048 at the very least " +
			"until 2030), KSK and ZSK.",
		Reads:   reads(FactDNSKEY),
		Applies: hasObservation,
		Check:   checkDnssecFact,
		Fixtures: ruleFixtures(fixtures(func(o *dnsprobe.Observation) {
			o.DNSSEC.Keys[1] = dnsprobe.DNSKEY{Flags: 256, ZoneKey: true, Protocol: 3, Algorithm: 8, AlgorithmName: "RSASHA256", KeyTag: 31406, Bits: 1024, RSAExponent: "65537"}
		})),
	})
}

func checkDnssecFact(r *scanner.Result, ctx rules.Context) []rules.Finding {
	o := Observation(r)
	d := &o.DNSSEC
	var e evidence
	keysKnown := e.zoneFacts(d)
	if keysKnown && d.DNSKEY.State == dnsprobe.Absent {
		e.unsigned(d)
	}
	// The DS set does not carry keys: its being unknown does not stop this rule.
	e.ev.Unknown = slices.DeleteFunc(e.ev.Unknown, func(u rules.UnknownFact) bool { return u.Fact == FactDS })
	min := 2048
	basis := "2048 bits up to 2030, 3072 from 2031 (RègleFactorisation)"
	if ctx.Beyond2030() {
		min = 3072
	}
	small := 0
	for _, k := range d.Keys {
		a, _ := dnsprobe.AlgorithmByNumber(k.Algorithm)
		if a.Kind != dnsprobe.KindRSA {
			continue
		}
		if k.Revoked {
			e.note("%s is revoked and not graded", keyName(d, k))
			continue
		}
		name := keyName(d, k)
		e64 := new(big.Int)
		_, expOK := e64.SetString(k.RSAExponent, 10)
		switch {
		case k.Malformed != "" || k.Bits == 0 || !expOK:
			e.ev.Unknown = append(e.ev.Unknown, rules.UnknownFact{Fact: FactDNSKEY, State: "unparseable",
				Reason: scanner.ReasonMalformed, Detail: name + ": RSA key not read (" + k.Malformed + ")"})
		case k.Bits < min:
			e.item(itemDNSKEY, name, k.Bits, rules.Fail, fmt.Sprintf("%d-bit modulus, below %d bits", k.Bits, min))
		case e64.Cmp(big.NewInt(65536)) <= 0:
			e.item(itemDNSKEY, name, k.Bits, rules.Warn, "public exponent "+k.RSAExponent+", not above 65536 (RecommandationFactorisation)")
		default:
			e.item(itemDNSKEY, name, k.Bits, rules.Pass, fmt.Sprintf("%d-bit modulus", k.Bits))
			if k.Bits < 3072 {
				small++
			}
		}
	}
	if keysKnown && d.DNSKEY.State == dnsprobe.Present && len(e.ev.Items) == 0 && len(e.ev.Unknown) == 0 {
		e.note("the zone has no RSA key (ECDSA and EdDSA keys have fixed sizes)")
	}
	if small > 0 {
		e.note("%d RSA key(s) below 3072 bits: RecommandationFactorisation prefers 3072 bits before 2031 already", small)
	}
	e.ev.Threshold = &rules.Threshold{Bits: min, Year: ctx.Year(), Basis: basis}
	return e.finding("every RSA key of the zone is large enough", "DNSSEC RSA keys too small")
}
