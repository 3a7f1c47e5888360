package dnsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func TestDnssecFact(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-DnssecFact", []tcase{
		{name: "pass - ECDSA zone, no RSA key", res: dns(nil)},
		{name: "pass - RSASHA256 2048-bit keys before 2031", res: dns(rsaZone(8, 2048, 2048, 2))},
		{name: "pass - RSASHA256 3072-bit keys with a 2031 horizon", res: dns(rsaZone(8, 3072, 3072, 2)), ctx: horizon(2031)},
		{name: "fail - 2048-bit keys with a 2031 horizon", res: dns(rsaZone(8, 2048, 3072, 2)), ctx: horizon(2031),
			why: []string{"DNSKEY 100 (KSK, RSASHA256): 2048-bit modulus, below 3072 bits"}},
		{name: "fail - 1024-bit ZSK", res: dns(rsaZone(8, 2048, 1024, 2)), why: []string{"DNSKEY 200 (ZSK, RSASHA256): 1024-bit modulus, below 2048 bits"}},
		{name: "fail - 1024-bit RSA/SHA-1 KSK", res: dns(rsaZone(5, 1024, 2048, 1)), why: []string{"DNSKEY 100 (KSK, RSASHA1): 1024-bit"}},
		{name: "warn - exponent 3", res: dns(func(o *dnsprobe.Observation) {
			rsaZone(8, 2048, 2048, 2)(o)
			o.DNSSEC.Keys[1].RSAExponent = "3"
		}), why: []string{"public exponent 3, not above 65536"}},
		{name: "pass - a revoked 1024-bit key is not graded", res: dns(func(o *dnsprobe.Observation) {
			rsaZone(8, 2048, 2048, 2)(o)
			o.DNSSEC.Keys = append(o.DNSSEC.Keys, dnsprobe.DNSKEY{Flags: 385, ZoneKey: true, SEP: true, Revoked: true, Protocol: 3,
				Algorithm: 8, AlgorithmName: "RSASHA256", KeyTag: 300, Bits: 1024, RSAExponent: "65537"})
		})},
		{name: "pass - DS unknown does not matter", res: dns(func(o *dnsprobe.Observation) {
			rsaZone(8, 2048, 2048)(o)
			o.DNSSEC.DS = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout}}
		})},
		{name: "info - unsigned zone", res: dns(unsigned), why: []string{"not signed"}},
		{name: "incomplete - RSA key unreadable", res: dns(func(o *dnsprobe.Observation) {
			rsaZone(8, 2048, 2048, 2)(o)
			o.DNSSEC.Keys[0].Bits, o.DNSSEC.Keys[0].RSAExponent, o.DNSSEC.Keys[0].Malformed = 0, "", "RSA public key truncated in the exponent"
		})},
		{name: "incomplete - zone not found", res: dns(func(o *dnsprobe.Observation) {
			o.DNSSEC = dnsprobe.DNSSEC{
				ZoneLookup: dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout}},
				DNSKEY:     dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonNotTested}},
				DS:         dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonNotTested}},
			}
		})},
	})
}
