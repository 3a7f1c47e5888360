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
		judge:    judgeR9Minus,
		pass:     "no Camellia or ARIA suite is accepted",
		offence:  "Camellia or ARIA (R9– fallback) accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R9-",
		Title:     "Camellia and ARIA are only a tolerated fallback",
		Reference: tlsRef("R9–", "§2.2"),
		Severity:  rules.Low,
		Description: "Camellia and ARIA are tolerated (R9–) where AES or ChaCha20 cannot be used; supporting AES as well is " +
			"advised. Every accepted Camellia or ARIA suite is reported degraded.",
		Fix: "Prefer AES-GCM or ChaCha20-Poly1305 suites and drop Camellia and ARIA unless a client population needs them (OpenSSL: !CAMELLIA:!ARIA).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC08B).Result(), // TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384
			}
		},
	})
}

func judgeR9Minus(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	if cs.Cipher == tlsprobe.CipherCamellia || cs.Cipher == tlsprobe.CipherARIA {
		return rules.Degraded, cipherName(cs.Cipher) + " is tolerated only"
	}
	return rules.Pass, ""
}
