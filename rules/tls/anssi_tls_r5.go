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
		judge:    judgeR5,
		pass:     "no anonymous cipher suite is accepted",
		offence:  "anonymous key exchange accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R5",
		Title:     "The server is authenticated during key exchange",
		Reference: tlsRef("R5", "§2.2"),
		Severity:  rules.High,
		Description: "Anonymous key exchanges (TLS_DH_anon_*, TLS_ECDH_anon_*, TLS_NULL_WITH_NULL_NULL) must not be accepted. " +
			"Raw public keys (RFC 7250, server_certificate_type) are also strongly discouraged by R5, but are not probed yet: " +
			"this rule checks the cipher suites only.",
		Fix: "Remove anonymous suites from the server's cipher list (OpenSSL: add !aNULL).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC018).Result(), // TLS_ECDH_anon_WITH_AES_128_CBC_SHA
			}
		},
	})
}

func judgeR5(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	if cs.Auth == tlsprobe.AuthNULL {
		return rules.Fail, "anonymous: the server is not authenticated"
	}
	return rules.Pass, ""
}
