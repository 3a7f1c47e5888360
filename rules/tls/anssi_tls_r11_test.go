package tlsrules_test

import "testing"

func TestR11(t *testing.T) {
	runCases(t, "ANSSI-TLS-R11", []tcase{
		{name: "pass - AEAD only", res: compliant().Result()},
		{name: "pass - CBC with HMAC-SHA256", res: compliant().AddSuites(tls12, 0xC027).Result()},
		{name: "fail - HMAC-SHA1 and HMAC-MD5", res: compliant().AddSuites(tls12, 0xC013, 0x0004).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_RC4_128_MD5"}},
		{name: "incomplete - TLS 1.2 suites not tested", res: compliant().Enumeration(tls12, ec, ent, all, "not_tested").Result()},
	})
}
