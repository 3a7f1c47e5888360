package tlsrules_test

import "testing"

func TestCleSym(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-CleSym", []tcase{
		{name: "pass - AES-128 and larger", res: compliant().Result()},
		{name: "fail - 3DES (112 bits) from 2026", res: compliant().AddSuites(tls12, 0xC012).Result(), items: []string{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"}},
		{name: "pass - 3DES (112 bits) in 2025", res: compliant().AddSuites(tls12, 0xC012).Result(), ctx: year(2025)},
		{name: "fail - 3DES in 2025 with a 2030 horizon", res: compliant().AddSuites(tls12, 0xC012).Result(), ctx: func(c *rctx) { year(2025)(c); horizon(2030)(c) }},
		{name: "fail - NULL encryption", res: compliant().AddSuites(tls12, 0xC010).Result(), items: []string{"TLS_ECDHE_RSA_WITH_NULL_SHA"}},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "timeout").Result()},
	})
}
