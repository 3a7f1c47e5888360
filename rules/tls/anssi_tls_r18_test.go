package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR18(t *testing.T) {
	s := fixture.FactDowngradeSentinel
	runCases(t, "ANSSI-TLS-R18", []tcase{
		{name: "pass - sentinel in TLS 1.2 randoms", res: compliant().Result()},
		{name: "warn - no sentinel in TLS 1.2 randoms", res: compliant().Lacks(s, tls12).Result(), items: []string{"downgrade sentinel"}},
		{name: "warn - sentinel in TLS 1.2, not in TLS 1.0", res: compliant().Suites(tls10, 0xC013).Lacks(s, tls10).Result(),
			items: []string{"downgrade sentinel"}},
		{name: "not_applicable - TLS 1.2 only", res: compliant().NotSupported(tls13).Result()},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.3 status unknown", res: compliant().Unknown(tls13, "timeout").Feature(s, notTested()).Result()},
		{name: "incomplete - no answer below TLS 1.3 read", res: compliant().FeatureUnknown(s, "timeout").Result()},
	})
}
