package tlsrules_test

import "testing"

func TestR8Minus(t *testing.T) {
	runCases(t, "ANSSI-TLS-R8-", []tcase{
		{name: "pass - certificate-authenticated suites only", res: compliant().Result()},
		{name: "degraded - ECDHE-PSK and DHE-PSK accepted", res: compliant().AddSuites(tls12, 0xD001, 0x00AA).Result(),
			items: []string{"TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256"}},
		{name: "fail - ECDHE-PSK under anssi-strict", res: compliant().AddSuites(tls12, 0xD001).Result(), ctx: strict},
		{name: "degraded - plain PSK (R6 fails it separately)", res: compliant().AddSuites(tls12, 0x00A8).Result()},
		{name: "pass - RSA-PSK authenticates the server by certificate", res: compliant().AddSuites(tls12, 0x00AC).Result()},
		{name: "incomplete - TLS 1.2 status unknown", res: compliant().Unknown(tls12, "timeout").Result()},
	})
}
