package tlsrules_test

import "testing"

func TestR22(t *testing.T) {
	runCases(t, "ANSSI-TLS-R22", []tcase{
		{name: "pass - renegotiation_info sent", res: compliant().Result()},
		{name: "fail - renegotiation_info missing", res: compliant().RemoveExtensions(tls12, 0xFF01).Result(), items: []string{"renegotiation_info"}},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 status unknown", res: compliant().Unknown(tls12, "timeout").Result()},
	})
}
