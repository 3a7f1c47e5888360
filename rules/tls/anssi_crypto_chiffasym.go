package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	suiteRule{
		versions: tls12,
		applies:  allowed,
		judge:    judgeChiffAsym,
		pass:     "no accepted suite uses RSA PKCS#1 v1.5 key transport",
		offence:  "RSA PKCS#1 v1.5 key transport accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-ChiffAsym",
		Title:     "No RSA PKCS#1 v1.5 key transport",
		Reference: b1Ref("RecommandationChiffAsym", "§2.3"),
		Severity:  rules.Medium,
		Description: "Asymmetric encryption should be provably secure: RSAES-PKCS1-v1_5 is not compliant where a padding " +
			"oracle is possible, which is exactly TLS RSA key transport (Bleichenbacher, ROBOT). Every accepted TLS 1.2 " +
			"suite with RSA, export RSA or RSA-PSK key transport is reported. This is a B1 recommendation, so the " +
			"finding is a warning; ANSSI-TLS-R6 fails the same suites for their lack of forward secrecy.",
		Fix: "Remove the TLS_RSA_* and TLS_RSA_PSK_* suites (OpenSSL: !kRSA:!kRSAPSK).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0x009D).Result(), // TLS_RSA_WITH_AES_256_GCM_SHA384
			}
		},
	})
}

func judgeChiffAsym(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch cs.Kx {
	case tlsprobe.KxRSA, tlsprobe.KxRSAExport, tlsprobe.KxRSAPSK, tlsprobe.KxSSLv2:
		return rules.Warn, cs.Kx.String() + " uses RSAES-PKCS1-v1_5"
	}
	return rules.Pass, ""
}
