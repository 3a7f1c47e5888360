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
		judge:    judgeR11,
		pass:     "every accepted suite uses an AEAD or an HMAC with SHA-2",
		offence:  "suites whose integrity does not rest on SHA-2 accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R11",
		Title:     "Record integrity uses SHA-2",
		Reference: tlsRef("R11", "§2.2"),
		Severity:  rules.High,
		Description: "Hash functions must be from the SHA-2 family. Every accepted suite whose record MAC is HMAC-SHA1 (*_SHA), " +
			"HMAC-MD5, none, or a hash outside SHA-2 (GOST, SM3) fails; AEAD suites and HMAC-SHA256/384 pass. Signature " +
			"schemes using SHA-1 also fall under R11 but are not read by this rule yet (see the coverage table); " +
			"certificate signatures are R24's.",
		Fix: "Remove the *_SHA and *_MD5 suites (OpenSSL: !SHA1:!MD5, or list ECDHE+AESGCM:ECDHE+CHACHA20 only).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC013).Result(), // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
			}
		},
	})
}

func judgeR11(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch cs.MAC {
	case tlsprobe.MACAEAD, tlsprobe.MACSHA256, tlsprobe.MACSHA384:
		return rules.Pass, ""
	}
	return rules.Fail, "MAC " + macName(cs.MAC) + " is not SHA-2"
}

// macName names a record MAC for people.
func macName(m tlsprobe.MAC) string {
	switch m {
	case tlsprobe.MACNULL:
		return "none"
	case tlsprobe.MACAEAD:
		return "AEAD"
	case tlsprobe.MACMD5:
		return "HMAC-MD5"
	case tlsprobe.MACSHA1:
		return "HMAC-SHA1"
	case tlsprobe.MACSHA256:
		return "HMAC-SHA256"
	case tlsprobe.MACSHA384:
		return "HMAC-SHA384"
	case tlsprobe.MACGOST94:
		return "GOST R 34.11-94"
	case tlsprobe.MACStreebog:
		return "Streebog"
	case tlsprobe.MACGOSTIMIT:
		return "GOST 28147-89 IMIT"
	case tlsprobe.MACSM3:
		return "SM3"
	case tlsprobe.MACOMAC:
		return "OMAC"
	}
	return "unknown"
}
