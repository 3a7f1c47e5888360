package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR2(t *testing.T) {
	ccs, hb, robot := fixture.FactCCSInjection, fixture.FactHeartbleed, fixture.FactROBOT
	// withRSA accepts TLS_RSA_WITH_AES_128_GCM_SHA256 in TLS 1.2: the
	// ROBOT probe runs, and its fact is needed.
	withRSA := func() *fixture.Builder { return compliant().AddSuites(tls12, 0x009C) }
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
		{name: "fail - ROBOT", res: withRSA().Supports(robot, tls12).Result(), items: []string{"ROBOT (CVE-2017-13099 family)"}},
		{name: "fail - ROBOT and CCS injection", res: withRSA().Supports(ccs, tls12).Supports(robot, tls12).Result(),
			items: []string{"CCS injection (CVE-2014-0224)", "ROBOT (CVE-2017-13099 family)"}},
		{name: "info - RSA key transport, no oracle", res: withRSA().Lacks(robot, tls12).Result()},
		{name: "incomplete - RSA key transport, the ROBOT answers inconsistent", res: withRSA().FeatureUnknown(robot, "throttled").Result()},
		{name: "incomplete - RSA key transport, ROBOT not tested", res: withRSA().FeatureUnknown(robot, "not_tested").Result()},
		{name: "info - no RSA key transport: ROBOT not tested, not needed", res: compliant().FeatureUnknown(robot, "not_tested").Result()},
		{name: "info - a report from before ROBOT was probed", res: compliant().Feature(robot, scanner.Feature{}).Result()},
	})
}
