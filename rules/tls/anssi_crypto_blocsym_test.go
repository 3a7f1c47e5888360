package tlsrules_test

import "testing"

func TestBlocSym(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-BlocSym", []tcase{
		{name: "pass - AES and ChaCha20", res: compliant().Result()},
		{name: "fail - 3DES and IDEA have 64-bit blocks", res: compliant().AddSuites(tls12, 0xC012, 0x0007).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_IDEA_CBC_SHA"}},
		{name: "pass - 64-bit blocks tolerated in 2025", res: compliant().AddSuites(tls12, 0xC012).Result(), ctx: year(2025)},
		{name: "pass - RC4 is a stream cipher, not this rule's", res: compliant().AddSuites(tls12, 0xC011).Result()},
		{name: "incomplete - TLS 1.3 status unknown", res: compliant().Unknown(tls13, "timeout").Result()},
	})
}
