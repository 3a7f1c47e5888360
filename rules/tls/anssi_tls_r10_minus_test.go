package tlsrules_test

import "testing"

func TestR10Minus(t *testing.T) {
	etm := func() *builder { return compliant().AddSuites(tls12, 0xC027, 0xC028).AddExtensions(tls12, 0x0016) }
	runCases(t, "ANSSI-TLS-R10-", []tcase{
		{name: "pass - AEAD only", res: compliant().Result()},
		{name: "degraded - CBC-SHA256/384 with encrypt_then_mac", res: etm().Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"}},
		{name: "fail - CBC with encrypt_then_mac under anssi-strict", res: etm().Result(), ctx: strict},
		{name: "fail - CBC without encrypt_then_mac", res: compliant().AddSuites(tls12, 0xC027).Result(), items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"}},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "timeout").Result()},
		{name: "fail - CBC seen though the list is partial", res: compliant().AddSuites(tls12, 0xC027).Enumeration(tls12, ec, ep, all, "timeout").Result()},
	})
}
