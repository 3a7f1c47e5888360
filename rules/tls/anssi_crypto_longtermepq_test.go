package tlsrules_test

import "testing"

func TestLongTermePQ(t *testing.T) {
	noPQ := func() *builder { return compliant().RemoveGroups(tls13, 0x11EC) }
	runCases(t, "ANSSI-CRYPTO-LongTermePQ", []tcase{
		{name: "pass - X25519MLKEM768 accepted", res: compliant().Result()},
		{name: "pass - hybrid seen at compliance depth", res: compliant().Enumeration(tls13, eg, edon, nonc, "").Result()},
		{name: "info - no hybrid in 2026", res: noPQ().Result(), items: []string{"TLSv1.3"}},
		{name: "warn - no hybrid with a 2035 horizon", res: noPQ().Result(), ctx: horizon(2035)},
		{name: "warn - no hybrid in 2030", res: noPQ().Result(), ctx: year(2030)},
		{name: "info - TLS 1.2 only", res: compliant().NotSupported(tls13).Result()},
		{name: "info - no hybrid listed by a compliance-depth enumeration, which asks about the hybrids", res: noPQ().Enumeration(tls13, eg, edon, nonc, "").Result()},
		{name: "incomplete - TLS 1.3 status unknown", res: compliant().NotSupported(tls13).Unknown(tls13, "timeout").Result()},
	})
}
