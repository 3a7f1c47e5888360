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
		judge:    judgeR6,
		pass:     "every accepted TLS 1.2 suite has an ephemeral key exchange",
		offence:  "suites without forward secrecy accepted",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R6",
		Title:     "Key exchange provides forward secrecy",
		Reference: tlsRef("R6", "§2.2"),
		Severity:  rules.High,
		Description: "Forward secrecy must always be provided: ECDHE, or DHE where ECDHE is impossible. Every accepted TLS 1.2 " +
			"suite with RSA key transport, static (EC)DH, plain PSK, RSA-PSK, SRP, Kerberos, GOST or a password key " +
			"exchange fails. TLS 1.3 key exchanges are always ephemeral (resumption without DH is R21's, not probed yet).",
		Fix: "Offer only ECDHE (or DHE) suites in TLS 1.2 (OpenSSL: ECDHE+AESGCM:ECDHE+CHACHA20; remove kRSA, kPSK, kSRP).",
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0x009C).Result(), // TLS_RSA_WITH_AES_128_GCM_SHA256
			}
		},
	})
}

// ephemeral reports whether a key exchange is ephemeral (EC)DH.
func ephemeral(kx tlsprobe.KeyExchange) bool {
	switch kx {
	case tlsprobe.KxDHE, tlsprobe.KxECDHE, tlsprobe.KxDHEPSK, tlsprobe.KxECDHEPSK, tlsprobe.KxDHExport,
		tlsprobe.KxCECPQ1, tlsprobe.KxTLS13:
		return true
	}
	return false
}

func judgeR6(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	if ephemeral(cs.Kx) {
		return rules.Pass, ""
	}
	return rules.Fail, "key exchange without forward secrecy: " + cs.Kx.String()
}
