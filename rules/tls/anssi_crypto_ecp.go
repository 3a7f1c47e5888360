package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// ecOrderBits is the RègleECp and RègleEC2 minimum subgroup order (v2.04).
const ecOrderBits = 250

func init() {
	groupRule{
		versions: allowed,
		judge:    judgeECp,
		pass:     "every accepted prime-field curve has a subgroup order of at least 250 bits",
		offence:  "prime-field curves with too small an order accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-ECp",
		Title:     "Prime-field curves have an order of at least 250 bits",
		Reference: b1Ref("RègleECp", "§2.3"),
		Severity:  rules.High,
		Description: "Elliptic curves over prime fields must have a prime subgroup order of at least 250 bits. P-256, P-384, " +
			"P-521, brainpool, x25519 (253 bits) and x448 pass; secp224r1 and smaller fail. The classical half of a " +
			"hybrid group is graded. Explicit curves (arbitrary_explicit_prime_curves) fail: their order is not fixed.",
		Fix: "Remove secp160*, secp192*, secp224* and explicit curves from the server's groups.",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddGroups(scanner.TLSv12, 21).Result(), // secp224r1
			}
		},
	})
}

func judgeECp(_ scanner.Version, g tlsprobe.Group, _ env) (rules.Status, string) {
	if g.Code == 0xFF01 {
		return rules.Fail, "explicit prime curves: the order is not fixed"
	}
	c, ok := classical(g)
	if !ok {
		return rules.Incomplete, "hybrid with an unknown classical half"
	}
	switch c.Kind {
	case tlsprobe.GroupECPrime, tlsprobe.GroupECX, tlsprobe.GroupGOST, tlsprobe.GroupSM2:
	default:
		return rules.Pass, ""
	}
	if n := tlsprobe.GroupOrderBits(c.Code); n < ecOrderBits {
		return rules.Fail, fmt.Sprintf("%d-bit order, below %d bits", n, ecOrderBits)
	}
	return rules.Pass, ""
}
