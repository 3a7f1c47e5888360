package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR2(t *testing.T) {
	ccs, hb := fixture.FactCCSInjection, fixture.FactHeartbleed
	runCases(t, "ANSSI-TLS-R2", []tcase{
		{name: "info - neither flaw: R2 never passes", res: compliant().Result()},
		{name: "fail - CCS injection", res: compliant().Supports(ccs, tls12).Result(), items: []string{"CCS injection (CVE-2014-0224)"}},
		{name: "fail - Heartbleed", res: compliant().Supports(hb, tls12).Result(), items: []string{"Heartbleed (CVE-2014-0160)"}},
		{name: "fail - both", res: compliant().Supports(ccs, tls12).Supports(hb, tls12).Result(),
			items: []string{"CCS injection (CVE-2014-0224)", "Heartbleed (CVE-2014-0160)"}},
		{name: "incomplete - the CCS probe got no answer", res: compliant().FeatureUnknown(ccs, "timeout").Result()},
		{name: "fail - Heartbleed, the CCS probe unanswered", res: compliant().FeatureUnknown(ccs, "timeout").Supports(hb, tls12).Result(),
			items: []string{"Heartbleed (CVE-2014-0160)"}},
		{name: "info - TLS 1.3 only: the flaws are out of reach", res: compliant().NotSupported(tls12).Result()},
	})
}
