package tlsrules_test

import "testing"

func TestChiffFlot(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-ChiffFlot", []tcase{
		{name: "pass - ChaCha20 is a sound stream cipher", res: compliant().Result()},
		{name: "fail - RC4", res: compliant().AddSuites(tls12, 0xC011, 0x0005).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_RC4_128_SHA"}},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "timeout").Result()},
	})
}
