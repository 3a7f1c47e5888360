package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func TestSignAsym(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-SignAsym", []tcase{
		{name: "pass - ECDSA", res: compliant().Result()},
		{name: "pass - RSA-PSS preferred, PKCS #1 v1.5 as a fallback", res: compliant().Schemes(tls12, pki.KeyRSA, 0x0804, 0x0401).Result()},
		{name: "pass - Ed448 and brainpool", res: compliant().Schemes(tls13, pki.KeyEd448, 0x0808).Schemes(tls13, pki.KeyECDSA, 0x081A).Result()},
		{name: "warn - PKCS #1 v1.5 preferred", res: compliant().Schemes(tls12, pki.KeyRSA, 0x0401, 0x0804).Result(), items: []string{"rsa_pkcs1_sha256"}},
		{name: "warn - DSA and SM2", res: compliant().AddScheme(tls12, pki.KeyDSA, 0x0402).Schemes(tls13, pki.KeyUnknown, 0x0708).Result(),
			items: []string{"dsa_sha256", "sm2sig_sm3"}},
		{name: "incomplete - TLS 1.2 schemes not recorded", res: compliant().Enumeration(tls12, esch, ent, all, "not_tested").Result()},
		{name: "incomplete - PKCS #1 seen, but TLS 1.3 schemes are partial (incomplete outranks warn)", res: compliant().Schemes(tls12, pki.KeyRSA, 0x0401).
			Enumeration(tls13, esch, ep, all, "timeout").Result()},
		{name: "not_applicable - TLS 1.2 and 1.3 refused", res: compliant().NotSupported(tls12).NotSupported(tls13).Result()},
	})
}
