package tlsrules_test

import "testing"

func TestR9(t *testing.T) {
	runCases(t, "ANSSI-TLS-R9", []tcase{
		{name: "pass - AES and ChaCha20", res: compliant().Result()},
		{name: "pass - Camellia is R9–'s", res: compliant().AddSuites(tls12, 0xC08B).Result()},
		{name: "fail - 3DES, SEED and NULL", res: compliant().AddSuites(tls12, 0xC012, 0x0096, 0xC010).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_SEED_CBC_SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA"}},
		{name: "fail - TLS 1.3 integrity-only suite", res: compliant().AddSuites(tls13, 0xC0B4).Result(), items: []string{"TLS_SHA256_SHA256"}},
		{name: "incomplete - TLS 1.3 suites partial", res: compliant().Enumeration(tls13, ec, ep, all, "timeout").Result()},
	})
}
