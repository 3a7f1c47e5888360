package tlsrules_test

import "testing"

func TestR14(t *testing.T) {
	runCases(t, "ANSSI-TLS-R14", []tcase{
		{name: "pass - extended_master_secret sent", res: compliant().Result()},
		{name: "warn - extended_master_secret missing", res: compliant().RemoveExtensions(tls12, 0x0017).Result(), items: []string{"extended_master_secret"}},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 status unknown", res: compliant().Unknown(tls12, "reset").Result()},
	})
}
