package tlsprobe

import (
	"slices"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Lookups the rules (rules/) need beyond the registry entries: the
// compliance-depth probe plan, the classical half of hybrid groups, curve
// subgroup orders and what is known of the named DH primes.

// RecommendedSuites returns the suites the compliance depth does not
// enumerate (it only confirms one of them is accepted), in code order.
// Rules that pass an endpoint from a compliance-depth enumeration rely on
// none of these being an offence.
func RecommendedSuites() []scanner.Code {
	var out []scanner.Code
	for c := range recommendedSuites {
		out = append(out, scanner.Code(c))
	}
	slices.Sort(out)
	return out
}

// RecommendedGroups returns the groups the compliance depth does not
// enumerate, in code order: the recommended ones but the post-quantum
// hybrids, which it asks about.
func RecommendedGroups() []uint16 {
	var out []uint16
	for g := range recommendedGroups {
		if !complianceGroup(g) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// hybridClassical maps each post-quantum hybrid group to its classical
// elliptic-curve half (draft-ietf-tls-ecdhe-mlkem,
// draft-yang-tls-hybrid-sm2-mlkem, draft-tls-westerbaan-xyber768d00).
var hybridClassical = map[uint16]uint16{
	0x11EB: 23, // SecP256r1MLKEM768: secp256r1
	0x11EC: 29, // X25519MLKEM768: x25519
	0x11ED: 24, // SecP384r1MLKEM1024: secp384r1
	0x11EE: 41, // curveSM2MLKEM768: curveSM2
	0x6399: 29, // X25519Kyber768Draft00: x25519
	0x639A: 23, // SecP256r1Kyber768Draft00: secp256r1
}

// HybridClassical returns the classical group of a hybrid group.
func HybridClassical(code uint16) (uint16, bool) {
	c, ok := hybridClassical[code]
	return c, ok
}

// orderBits overrides Group.Bits where the prime subgroup order of a curve
// is shorter than its field: Montgomery curves (cofactor 8 and 4) and the
// GOST twisted Edwards curves of cofactor 4 (RFC 7836).
var orderBits = map[uint16]int{
	29: 253, // x25519: order 2^252 + ...
	30: 446, // x448: order 2^446 - ...
	34: 254, // GC256A
	37: 254, // GC256D
	40: 510, // GC512C
}

// GroupOrderBits returns the bit length of the prime order of the subgroup
// an elliptic-curve group computes in, or 0 for a group that is not an
// elliptic curve. Binary curves are counted two bits below their field
// (cofactor 2 or 4): a lower bound.
func GroupOrderBits(code uint16) int {
	g, ok := GroupByCode(code)
	if !ok {
		return 0
	}
	if n, ok := orderBits[code]; ok {
		return n
	}
	switch g.Kind {
	case GroupECPrime, GroupECX, GroupGOST, GroupSM2:
		return g.Bits
	case GroupECBinary:
		return g.Bits - 2
	}
	return 0
}

// DHGroup is what is known of a named finite-field DH prime (the Known
// name of scanner.DHParam).
type DHGroup struct {
	Name    string
	RFC7919 bool // one of the RFC 7919 ffdhe groups
	// SubgroupBits is the size of the prime-order subgroup the generator
	// spans: the prime's size minus one for safe primes, the q of the
	// DSA-style groups otherwise.
	SubgroupBits int
}

// dsaStyle lists the DSA-style primes of the table, whose generator spans
// a small subgroup (dhgroups_test.go checks all others are safe primes).
var dsaStyle = map[string]int{
	"RFC 5114 1024-bit MODP with 160-bit subgroup":  160,
	"RFC 5114 2048-bit MODP with 224-bit subgroup":  224,
	"RFC 5114 2048-bit MODP with 256-bit subgroup":  256,
	"Java 512-bit DSA group with 160-bit subgroup":  160,
	"Java 768-bit DSA group with 160-bit subgroup":  160,
	"Java 1024-bit DSA group with 160-bit subgroup": 160,
}

// DHGroupByName returns what is known of the named prime.
func DHGroupByName(name string) (DHGroup, bool) {
	for _, d := range dhPrimes {
		if d.name != name {
			continue
		}
		p, ok := parseDHPrime(d.hex)
		if !ok {
			return DHGroup{}, false
		}
		g := DHGroup{Name: name, SubgroupBits: p.BitLen() - 1}
		if q, ok := dsaStyle[name]; ok {
			g.SubgroupBits = q
		}
		for _, grp := range Groups {
			if grp.Kind == GroupFFDHE && grp.Name == name {
				g.RFC7919 = true
			}
		}
		return g, true
	}
	return DHGroup{}, false
}

// DHGroupNames lists the names of every prime the probes recognise.
func DHGroupNames() []string {
	out := make([]string, len(dhPrimes))
	for i, d := range dhPrimes {
		out[i] = d.name
	}
	return out
}

// RecommendedSchemes returns the signature schemes the compliance depth
// does not name one by one (it names the one a server prefers per key
// type, and every other scheme it accepts), in code order.
func RecommendedSchemes() []scanner.Code {
	var out []scanner.Code
	for c := range recommendedSchemes {
		out = append(out, scanner.Code(c))
	}
	slices.Sort(out)
	return out
}
