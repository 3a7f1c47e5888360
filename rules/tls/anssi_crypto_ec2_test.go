package tlsrules_test

import "testing"

func TestEC2(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-EC2", []tcase{
		{name: "pass - no binary curve", res: compliant().Result()},
		{name: "pass - sect283k1 and sect571r1 are large enough", res: compliant().AddGroups(tls12, 9, 14).Result()},
		{name: "fail - sect163k1 and sect239k1", res: compliant().AddGroups(tls12, 1, 8).Result(), items: []string{"sect163k1", "sect239k1"}},
		{name: "fail - explicit binary curves", res: compliant().AddGroups(tls12, 0xFF02).Result()},
		{name: "incomplete - TLS 1.2 groups not tested", res: compliant().Enumeration(tls12, eg, ent, all, "not_tested").Result()},
	})
}
