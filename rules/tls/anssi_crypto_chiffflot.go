package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	suiteRule{
		versions: allowed,
		judge:    judgeChiffFlot,
		pass:     "no broken stream cipher is accepted",
		offence:  "broken stream cipher accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-ChiffFlot",
		Title:     "No broken stream cipher",
		Reference: b1Ref("RègleChiffFlot", "§2.1"),
		Severity:  rules.High,
		Description: "A stream cipher must have no known attack cheaper than 2^100 operations (2^125 from 2026). RC4 has " +
			"practical keystream-bias attacks: every accepted RC4 suite fails. ChaCha20 passes; block ciphers used in " +
			"a counter mode are graded by the block-cipher rules.",
		Fix: "Remove every RC4 suite (OpenSSL: !RC4).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC011).Result(), // TLS_ECDHE_RSA_WITH_RC4_128_SHA
			}
		},
	})
}

func judgeChiffFlot(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	if cs.Cipher == tlsprobe.CipherRC4 {
		return rules.Fail, "RC4 has practical attacks"
	}
	return rules.Pass, ""
}
