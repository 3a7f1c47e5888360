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
		judge:    judgeBlocSym,
		pass:     "every accepted block cipher has blocks of the required size",
		offence:  "block ciphers with short blocks accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-BlocSym",
		Title:     "Block ciphers have 128-bit blocks",
		Reference: b1Ref("RègleBlocSym", "§2.1"),
		Severity:  rules.High,
		Description: "Block ciphers must have blocks of at least 64 bits up to the end of 2025 and at least 128 bits from 2026 " +
			"(the year is the later of the evaluation year and the horizon). 64-bit block ciphers (3DES, DES, IDEA, RC2, " +
			"GOST 28147-89 even in counter mode, Skipjack) fail from 2026 (Sweet32).",
		Fix: "Remove 3DES, IDEA, RC2 and GOST 28147-89 suites; keep AES, ChaCha20 (a stream cipher) or the tolerated Camellia and ARIA.",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC012).Result(), // TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
			}
		},
	})
}

// blockBits is the RègleBlocSym minimum for year.
func blockBits(year int) int {
	if year <= 2025 {
		return 64
	}
	return 128
}

func judgeBlocSym(_ scanner.Version, cs tlsprobe.CipherSuite, e env) (rules.Status, string) {
	min := blockBits(e.ctx.Year())
	if cs.BlockBits == 0 || cs.BlockBits >= min {
		return rules.Pass, ""
	}
	return rules.Fail, fmt.Sprintf("%s has %d-bit blocks, below %d bits", cipherName(cs.Cipher), cs.BlockBits, min)
}
