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
		judge:    judgeIntegSym,
		pass:     "every accepted suite protects integrity with a compliant MAC",
		offence:  "record MACs not compliant",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-IntegSym",
		Title:     "Record integrity uses a compliant MAC",
		Reference: b1Ref("RègleIntegSym", "§2.1"),
		Severity:  rules.High,
		Description: "A MAC must be built on compliant primitives with no attack below 2^(n/2). AEAD modes and HMAC-SHA-2 " +
			"pass. HMAC-SHA1 is tolerated (ANSSI PA-079, as summarised by a third party, unconfirmed) and reported as a " +
			"warning; so is the 64-bit tag of CCM-8 (PA-079 discourages tags under 96 bits). HMAC-MD5, no MAC, and MACs " +
			"on primitives B1 does not list (GOST, SM3, OMAC) fail.",
		Fix: "Offer only AEAD suites (GCM, CCM, ChaCha20-Poly1305), or CBC suites with HMAC-SHA256/384.",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0x0004).Result(), // TLS_RSA_WITH_RC4_128_MD5
			}
		},
	})
}

func judgeIntegSym(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch {
	case cs.Mode == tlsprobe.ModeCCM8:
		return rules.Warn, "CCM-8 has a 64-bit tag, under the 96 bits PA-079 advises"
	case cs.MAC == tlsprobe.MACAEAD, cs.MAC == tlsprobe.MACSHA256, cs.MAC == tlsprobe.MACSHA384:
		return rules.Pass, ""
	case cs.MAC == tlsprobe.MACSHA1:
		return rules.Warn, "HMAC-SHA1 is tolerated only"
	}
	return rules.Fail, "MAC " + macName(cs.MAC) + " is not compliant"
}
