package tlsrules_test

import "testing"

func TestR10(t *testing.T) {
	runCases(t, "ANSSI-TLS-R10", []tcase{
		{name: "pass - GCM and ChaCha20-Poly1305", res: compliant().Result()},
		{name: "pass - AES-CCM", res: compliant().AddSuites(tls13, 0x1304).AddSuites(tls12, 0xC0AC).Result()},
		{name: "pass - CBC is R10–'s", res: compliant().AddSuites(tls12, 0xC027).Result()},
		{name: "fail - CCM-8 in TLS 1.2 and 1.3", res: compliant().AddSuites(tls12, 0xC0AE).AddSuites(tls13, 0x1305).Result(),
			items: []string{"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_AES_128_CCM_8_SHA256"}},
		{name: "fail - RC4 stream cipher", res: compliant().AddSuites(tls12, 0xC011).Result(), items: []string{"TLS_ECDHE_RSA_WITH_RC4_128_SHA"}},
		{name: "incomplete - TLS 1.3 status unknown", res: compliant().Unknown(tls13, "timeout").Result()},
	})
}
