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
		judge:    judgeR9,
		pass:     "every accepted suite encrypts with AES or ChaCha20 (or the tolerated Camellia or ARIA)",
		offence:  "suites with a cipher outside AES, ChaCha20, Camellia and ARIA accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R9",
		Title:     "Records are encrypted with AES or ChaCha20",
		Reference: tlsRef("R9", "§2.2"),
		Severity:  rules.High,
		Description: "AES is preferred and ChaCha20 is an acceptable alternative. Camellia and ARIA are tolerated by R9– " +
			"(graded by ANSSI-TLS-R9-); any other cipher (NULL, RC4, DES, 3DES, IDEA, SEED, RC2, GOST, SM4, AEGIS...) fails, " +
			"by the guide's principle that what it does not list is discouraged.",
		Fix: "Offer only AES-GCM, AES-CCM and ChaCha20-Poly1305 suites (OpenSSL: !aNULL:!eNULL:!RC4:!3DES:!SEED:!IDEA).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC011).Result(), // TLS_ECDHE_RSA_WITH_RC4_128_SHA
			}
		},
	})
}

func judgeR9(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch cs.Cipher {
	case tlsprobe.CipherAES, tlsprobe.CipherChaCha20, tlsprobe.CipherCamellia, tlsprobe.CipherARIA:
		return rules.Pass, ""
	}
	return rules.Fail, "cipher " + cipherName(cs.Cipher) + " is not AES or ChaCha20"
}

// cipherName names a bulk cipher for people.
func cipherName(c tlsprobe.Cipher) string {
	switch c {
	case tlsprobe.CipherNULL:
		return "NULL (no encryption)"
	case tlsprobe.CipherRC2:
		return "RC2"
	case tlsprobe.CipherRC4:
		return "RC4"
	case tlsprobe.CipherDES:
		return "DES"
	case tlsprobe.Cipher3DES:
		return "3DES"
	case tlsprobe.CipherIDEA:
		return "IDEA"
	case tlsprobe.CipherSEED:
		return "SEED"
	case tlsprobe.CipherAES:
		return "AES"
	case tlsprobe.CipherCamellia:
		return "Camellia"
	case tlsprobe.CipherARIA:
		return "ARIA"
	case tlsprobe.CipherChaCha20:
		return "ChaCha20"
	case tlsprobe.CipherGOST28147:
		return "GOST 28147-89"
	case tlsprobe.CipherKuznyechik:
		return "Kuznyechik"
	case tlsprobe.CipherMagma:
		return "Magma"
	case tlsprobe.CipherSM4:
		return "SM4"
	case tlsprobe.CipherFortezza:
		return "Skipjack (Fortezza)"
	case tlsprobe.CipherAEGIS:
		return "AEGIS"
	}
	return "unknown"
}
