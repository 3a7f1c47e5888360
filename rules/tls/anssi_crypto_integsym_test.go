package tlsrules_test

import "testing"

func TestIntegSym(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-IntegSym", []tcase{
		{name: "pass - AEAD and HMAC-SHA384", res: compliant().AddSuites(tls12, 0xC028).Result()},
		{name: "warn - HMAC-SHA1 tolerated", res: compliant().AddSuites(tls12, 0xC013).Result(), items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"}},
		{name: "warn - CCM-8 short tag", res: compliant().AddSuites(tls13, 0x1305).Result(), items: []string{"TLS_AES_128_CCM_8_SHA256"}},
		{name: "fail - HMAC-MD5", res: compliant().AddSuites(tls12, 0xC013, 0x0004).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_RC4_128_MD5"}},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "timeout").Result()},
	})
}
