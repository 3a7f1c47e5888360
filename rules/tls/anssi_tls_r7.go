package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// r7Curves are the curves R7 names: secp256r1, secp384r1, secp521r1
// (preferred), x25519, x448 and brainpool (acceptable), with the TLS 1.3
// brainpool code points of RFC 8734.
var r7Curves = map[uint16]bool{
	23: true, 24: true, 25: true,
	29: true, 30: true,
	26: true, 27: true, 28: true, 31: true, 32: true, 33: true,
}

func init() {
	groupRule{
		versions: allowed,
		judge:    judgeR7,
		pass:     "every accepted elliptic-curve group is one R7 names",
		offence:  "key-exchange groups outside R7 accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R7",
		Title:     "ECDHE uses the curves the guide names",
		Reference: tlsRef("R7", "§2.2"),
		Severity:  rules.High,
		Description: "Key exchange should be ECDHE on secp256r1, secp384r1 or secp521r1; x25519, x448 and brainpoolP256/384/512r1 " +
			"are acceptable. Every other accepted group fails (secp224r1 and smaller, secp256k1, binary sect* curves, " +
			"explicit curves, GOST and SM2 curves, pure post-quantum KEMs). A post-quantum hybrid passes when its " +
			"classical half is one of the named curves (the guide predates hybrids; B1 v2.04 asks for hybrid rather " +
			"than pure post-quantum key exchange). Finite-field groups are R7–'s (ANSSI-TLS-R7-). The server's " +
			"preferred group is noted.",
		Fix: "Restrict the groups to x25519, secp256r1, secp384r1 (and X25519MLKEM768) (OpenSSL Groups / nginx ssl_ecdh_curve).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddGroups(scanner.TLSv12, 22).Result(), // secp256k1
			}
		},
	})
}

func judgeR7(_ scanner.Version, g tlsprobe.Group, _ env) (rules.Status, string) {
	switch g.Kind {
	case tlsprobe.GroupFFDHE:
		return rules.Pass, "" // R7–
	case tlsprobe.GroupKEM:
		return rules.Fail, "pure post-quantum KEM, without an elliptic curve R7 names"
	case tlsprobe.GroupHybrid:
		c, ok := classical(g)
		if ok && r7Curves[c.Code] {
			return rules.Pass, ""
		}
		return rules.Fail, "hybrid whose classical half is not a curve R7 names"
	}
	if r7Curves[g.Code] {
		return rules.Pass, ""
	}
	return rules.Fail, "not a curve R7 names"
}
