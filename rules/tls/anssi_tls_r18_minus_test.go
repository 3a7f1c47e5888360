package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR18Minus(t *testing.T) {
	rt := fixture.FactRandomTime
	runCases(t, "ANSSI-TLS-R18-", []tcase{
		{name: "pass - random server randoms", res: compliant().Result()},
		{name: "warn - gmt_unix_time in server randoms", res: compliant().Supports(rt).Result(), items: []string{"gmt_unix_time"}},
		{name: "incomplete - no TLS 1.2 server hello read", res: compliant().FeatureUnknown(rt, "not_tested").Result()},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 status unknown, nothing seen", res: compliant().Unknown(tls12, "timeout").Feature(rt, notTested()).Result()},
	})
}
