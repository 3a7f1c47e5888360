package tlsrules_test

import "testing"

func TestR9Minus(t *testing.T) {
	runCases(t, "ANSSI-TLS-R9-", []tcase{
		{name: "pass - AES and ChaCha20 only", res: compliant().Result()},
		{name: "degraded - Camellia and ARIA", res: compliant().AddSuites(tls12, 0xC08B, 0xC061).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384"}},
		{name: "fail - ARIA under anssi-strict", res: compliant().AddSuites(tls12, 0xC061).Result(), ctx: strict},
		{name: "pass - 3DES is R9's", res: compliant().AddSuites(tls12, 0xC012).Result()},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "reset").Result()},
	})
}
