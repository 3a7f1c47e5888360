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
		judge:    judgeR8Minus,
		pass:     "no suite with pre-shared-key authentication is accepted",
		offence:  "pre-shared-key authentication (R8– fallback) accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R8-",
		Title:     "Symmetric (PSK) server authentication is only a tolerated fallback",
		Reference: tlsRef("R8–", "§2.2"),
		Severity:  rules.Low,
		Description: "The server should authenticate with a certificate (R8); symmetric authentication by a pre-shared key is " +
			"tolerated (R8–). Every accepted TLS 1.2 suite authenticated by PSK is reported degraded; a PSK suite " +
			"without ephemeral DH also fails ANSSI-TLS-R6. R8 itself (ECDSA/EdDSA preferred, RSA-PSS tolerated) is " +
			"ANSSI-TLS-R8's. TLS 1.3 external PSKs are not probed.",
		Fix: "Authenticate the server with a certificate; keep (EC)DHE-PSK suites only for clients that need them.",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xD001).Result(), // TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256
			}
		},
	})
}

func judgeR8Minus(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	if cs.Auth == tlsprobe.AuthPSK {
		return rules.Degraded, "server authenticated by a pre-shared key (" + cs.Kx.String() + ")"
	}
	return rules.Pass, ""
}
