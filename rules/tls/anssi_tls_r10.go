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
		judge:    judgeR10,
		pass:     "every accepted suite uses GCM, CCM or ChaCha20-Poly1305 (or CBC, graded by ANSSI-TLS-R10-)",
		offence:  "suites without an accepted authenticated mode",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R10",
		Title:     "Records are protected by an authenticated encryption mode",
		Reference: tlsRef("R10", "§2.2"),
		Severity:  rules.High,
		Description: "Suites must use an AEAD mode: GCM or CCM (not CCM-8, whose 8-byte tag R10 excludes), or ChaCha20-Poly1305. " +
			"CBC with HMAC is tolerated with encrypt_then_mac (R10–, graded by ANSSI-TLS-R10-). Stream ciphers, NULL " +
			"encryption, CCM-8 and modes the guide does not list (GOST MGM and CTR-OMAC, AEGIS) fail.",
		Fix: "Offer only AES-GCM, AES-CCM and ChaCha20-Poly1305 suites; remove CCM-8 (TLS_AES_128_CCM_8_SHA256, *_CCM_8).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv13, 0x1305).Result(), // TLS_AES_128_CCM_8_SHA256
			}
		},
	})
}

func judgeR10(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch cs.Mode {
	case tlsprobe.ModeGCM, tlsprobe.ModeCCM, tlsprobe.ModePoly1305, tlsprobe.ModeCBC:
		return rules.Pass, ""
	}
	return rules.Fail, "mode " + modeName(cs.Mode) + " is not GCM, CCM or ChaCha20-Poly1305"
}

// modeName names a mode of operation for people.
func modeName(m tlsprobe.Mode) string {
	switch m {
	case tlsprobe.ModeNone:
		return "none (NULL cipher)"
	case tlsprobe.ModeStream:
		return "stream"
	case tlsprobe.ModeCBC:
		return "CBC"
	case tlsprobe.ModeGCM:
		return "GCM"
	case tlsprobe.ModeCCM:
		return "CCM"
	case tlsprobe.ModeCCM8:
		return "CCM-8 (64-bit tag)"
	case tlsprobe.ModePoly1305:
		return "ChaCha20-Poly1305"
	case tlsprobe.ModeMGM:
		return "MGM"
	case tlsprobe.ModeCTROMAC:
		return "CTR-OMAC"
	case tlsprobe.ModeAEGIS:
		return "AEGIS"
	}
	return "unknown"
}
