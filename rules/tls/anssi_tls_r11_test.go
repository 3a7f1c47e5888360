package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func TestR11(t *testing.T) {
	ss := esch
	runCases(t, "ANSSI-TLS-R11", []tcase{
		{name: "pass - AEAD only", res: compliant().Result()},
		{name: "pass - CBC with HMAC-SHA256", res: compliant().AddSuites(tls12, 0xC027).Result()},
		{name: "fail - HMAC-SHA1 and HMAC-MD5", res: compliant().AddSuites(tls12, 0xC013, 0x0004).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_RC4_128_MD5"}},
		{name: "incomplete - TLS 1.2 suites not tested", res: compliant().Enumeration(tls12, ec, ent, all, "not_tested").Result()},
		{name: "fail - ecdsa_sha1 and rsa_pkcs1_sha224 signatures in TLS 1.2", res: compliant().AddScheme(tls12, pki.KeyECDSA, 0x0203).
			Schemes(tls12, pki.KeyRSA, 0x0804, 0x0301).Result(), items: []string{"ecdsa_sha1", "rsa_pkcs1_sha224"}},
		{name: "pass - RSA-PSS, PKCS #1 with SHA-2 and Ed25519", res: compliant().Schemes(tls12, pki.KeyRSA, 0x0804, 0x0401).
			Schemes(tls13, pki.KeyEd25519, 0x0807).Result()},
		{name: "fail - SHA-1 scheme seen though the scheme list is partial", res: compliant().AddScheme(tls12, pki.KeyECDSA, 0x0203).
			Enumeration(tls12, ss, ep, all, "timeout").Result(), items: []string{"ecdsa_sha1"}},
		{name: "incomplete - TLS 1.3 schemes partial", res: compliant().Enumeration(tls13, ss, ep, all, "timeout").Result()},
		{name: "pass - TLS 1.2 schemes at compliance depth", res: compliant().Enumeration(tls12, ss, edon, nonc, "").Result()},
		{name: "pass - TLS 1.2 static RSA only: nothing signed", res: compliant().Suites(tls12, 0x009C).Schemes(tls12, pki.KeyECDSA).
			Enumeration(tls12, ss, ent, all, "not_tested").Result()},
		{name: "incomplete - TLS 1.2 schemes not tested though a suite signs", res: compliant().Schemes(tls12, pki.KeyECDSA).
			Enumeration(tls12, ss, ent, all, "not_tested").Result()},
	})
}
