package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	suiteRule{
		versions: allowed,
		judge:    judgeCleSym,
		pass:     "every accepted suite has a symmetric key of the required size",
		offence:  "symmetric keys too short",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-CleSym",
		Title:     "Symmetric keys are at least 128 bits",
		Reference: b1Ref("RègleCléSym", "§2.1.1"),
		Severity:  rules.High,
		Description: "Symmetric keys must be at least 112 bits up to the end of 2025 and at least 128 bits from 2026 (the year " +
			"is the later of the evaluation year and the horizon). The effective key size of each accepted suite is " +
			"read from the registry: 3DES counts 112 bits, export suites 40, NULL encryption 0.",
		Fix: "Remove 3DES, DES, RC2, export and NULL suites; keep AES-128/256 and ChaCha20.",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC012).Result(), // TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
			}
		},
	})
}

// symKeyBits is the RègleCléSym minimum for year.
func symKeyBits(year int) int {
	if year <= 2025 {
		return 112
	}
	return 128
}

func judgeCleSym(_ scanner.Version, cs tlsprobe.CipherSuite, e env) (rules.Status, string) {
	min := symKeyBits(e.ctx.Year())
	if cs.KeyBits >= min {
		return rules.Pass, ""
	}
	return rules.Fail, fmt.Sprintf("%d-bit key, below %d bits", cs.KeyBits, min)
}
