package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func TestR8(t *testing.T) {
	rsaOnly := func() *builder {
		return compliant().Schemes(tls13, pki.KeyECDSA).Schemes(tls12, pki.KeyECDSA).
			Schemes(tls13, pki.KeyRSA, 0x0804, 0x0805).Schemes(tls12, pki.KeyRSA, 0x0804, 0x0401)
	}
	runCases(t, "ANSSI-TLS-R8", []tcase{
		{name: "pass - ECDSA", res: compliant().Result()},
		{name: "pass - ECDSA and RSA-PSS with PKCS #1 fallback in TLS 1.2", res: compliant().Schemes(tls13, pki.KeyRSA, 0x0804).
			Schemes(tls12, pki.KeyRSA, 0x0804, 0x0401, 0x0501).Result()},
		{name: "pass - Ed25519", res: compliant().Schemes(tls13, pki.KeyEd25519, 0x0807).Result()},
		{name: "info - RSA certificate only, RSA-PSS", res: rsaOnly().Result(), items: []string{"RSA"}},
		{name: "warn - RSA PKCS #1 v1.5 preferred in TLS 1.2", res: compliant().Schemes(tls12, pki.KeyRSA, 0x0401, 0x0804).Result(),
			items: []string{"rsa_pkcs1_sha256"}},
		{name: "fail - PKCS #1 v1.5 in TLS 1.3", res: compliant().AddScheme(tls13, pki.KeyRSA, 0x0401).Result(), items: []string{"rsa_pkcs1_sha256"}},
		{name: "fail - DSA certificate", res: compliant().AddScheme(tls12, pki.KeyDSA, 0x0402).Result(), items: []string{"dsa_sha256"}},
		{name: "fail - GOST certificate", res: compliant().AddScheme(tls12, pki.KeyUnknown, 0x0840).Result(), items: []string{"gostr34102012_256"}},
		{name: "incomplete - TLS 1.3 schemes partial", res: compliant().Enumeration(tls13, esch, ep, all, "timeout").Result()},
		{name: "fail - DSA seen though TLS 1.3 schemes are partial", res: compliant().AddScheme(tls12, pki.KeyDSA, 0x0402).
			Enumeration(tls13, esch, ep, all, "timeout").Result()},
		{name: "pass - compliance depth", res: compliant().Enumeration(tls12, esch, edon, nonc, "").Enumeration(tls13, esch, edon, nonc, "").Result()},
		{name: "incomplete - TLS 1.2 status unknown", res: compliant().Unknown(tls12, "timeout").Result()},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "not_applicable - TLS 1.2 and 1.3 refused", res: compliant().NotSupported(tls12).NotSupported(tls13).Result()},
	})
}
