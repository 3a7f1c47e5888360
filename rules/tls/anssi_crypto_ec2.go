package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	groupRule{
		versions: allowed,
		judge:    judgeEC2,
		pass:     "no binary-field curve with too small an order is accepted",
		offence:  "binary-field curves with too small an order accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-EC2",
		Title:     "Binary-field curves have an order of at least 250 bits",
		Reference: b1Ref("RègleEC2", "§2.3"),
		Severity:  rules.High,
		Description: "Elliptic curves over binary fields must have a prime subgroup order of at least 250 bits. sect163*, " +
			"sect193*, sect233* and sect239k1 fail; sect283 and larger pass this rule (ANSSI-TLS-R7 still fails every " +
			"binary curve). The order is taken two bits below the field size (cofactor 2 or 4), a lower bound. " +
			"Explicit binary curves fail: their order is not fixed.",
		Fix: "Remove the sect* binary curves and explicit curves from the server's groups.",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddGroups(scanner.TLSv12, 6).Result(), // sect233k1
			}
		},
	})
}

func judgeEC2(_ scanner.Version, g tlsprobe.Group, _ env) (rules.Status, string) {
	if g.Code == 0xFF02 {
		return rules.Fail, "explicit binary curves: the order is not fixed"
	}
	if g.Kind != tlsprobe.GroupECBinary {
		return rules.Pass, ""
	}
	if n := tlsprobe.GroupOrderBits(g.Code); n < ecOrderBits {
		return rules.Fail, fmt.Sprintf("order of about %d bits, below %d bits", n, ecOrderBits)
	}
	return rules.Pass, ""
}
