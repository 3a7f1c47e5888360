package tlsrules_test

import "testing"

func TestR3(t *testing.T) {
	runCases(t, "ANSSI-TLS-R3", []tcase{
		{name: "pass - TLS 1.3 and 1.2 supported", res: compliant().Result()},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "fail - TLS 1.2 only", res: compliant().NotSupported(tls13).Result(), items: []string{"TLSv1.3"}},
		{name: "incomplete - TLS 1.3 status unknown (timeout)", res: compliant().NotSupported(tls13).Unknown(tls13, "timeout").Result()},
		{name: "fail - nothing supported", res: newObs().Result(), items: []string{"TLSv1.3"}},
	})
}
