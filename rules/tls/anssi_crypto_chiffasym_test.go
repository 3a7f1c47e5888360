package tlsrules_test

import "testing"

func TestChiffAsym(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-ChiffAsym", []tcase{
		{name: "pass - ECDHE only", res: compliant().Result()},
		{name: "warn - RSA key transport", res: compliant().AddSuites(tls12, 0x009D, 0x00AC).Result(),
			items: []string{"TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256"}},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "timeout").Result()},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "not_applicable - TLS 1.2 and 1.3 refused", res: compliant().NotSupported(tls12).NotSupported(tls13).Result()},
	})
}
