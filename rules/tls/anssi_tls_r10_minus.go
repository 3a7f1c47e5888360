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
		judge:    judgeR10Minus,
		pass:     "no CBC suite is accepted in TLS 1.2",
		offence:  "CBC suites accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R10-",
		Title:     "CBC suites only with encrypt_then_mac",
		Reference: tlsRef("R10–", "§2.2"),
		Severity:  rules.Medium,
		Description: "CBC with HMAC is tolerated (R10–) only together with the encrypt_then_mac extension (RFC 7366). Every " +
			"hello cryptoscan sends below TLS 1.3 offers encrypt_then_mac, and a server echoes it only when it selects a " +
			"CBC suite: each accepted CBC suite is degraded when the server echoed encrypt_then_mac every time it chose " +
			"that suite, and fails otherwise (the suite's encrypt_then_mac fact). An observation made before that fact " +
			"was recorded per suite is read per version: whether the TLS 1.2 hellos carried the extension.",
		Fix: "Prefer AEAD suites and drop CBC suites; where CBC must stay, enable encrypt_then_mac (OpenSSL 1.1.0+ does by default).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC028).Result(), // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, no encrypt_then_mac
			}
		},
	})
}

func judgeR10Minus(_ scanner.Version, cs tlsprobe.CipherSuite, e env) (rules.Status, string) {
	if cs.Mode != tlsprobe.ModeCBC {
		return rules.Pass, ""
	}
	if e.etm {
		return rules.Degraded, "CBC with encrypt_then_mac is tolerated only"
	}
	return rules.Fail, "CBC without encrypt_then_mac"
}
