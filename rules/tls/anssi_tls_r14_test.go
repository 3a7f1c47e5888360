package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR14(t *testing.T) {
	ems := fixture.FactExtendedMasterSecret
	runCases(t, "ANSSI-TLS-R14", []tcase{
		{name: "pass - extended_master_secret echoed", res: compliant().Result()},
		{name: "warn - extended_master_secret not echoed", res: compliant().Lacks(ems, tls12).Result(), items: []string{"extended_master_secret"}},
		{name: "warn - echoed in TLS 1.0 only", res: compliant().Suites(tls10, 0xC013).Supports(ems, tls10).Result(), items: []string{"extended_master_secret"}},
		{name: "pass - echoed in TLS 1.0 and 1.2", res: compliant().Suites(tls10, 0xC013).Supports(ems, tls10, tls12).Result()},
		{name: "incomplete - not echoed in TLS 1.0, no TLS 1.2 hello read", res: compliant().Suites(tls10, 0xC013).Lacks(ems, tls10).Result()},
		{name: "pass - echoed, versions not recorded", res: compliant().Supports(ems).Result()},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - extended_master_secret unknown", res: compliant().FeatureUnknown(ems, "timeout").Result()},
		{name: "incomplete - observation without extension facts", res: compliant().NoExtensions().Result()},
		{name: "incomplete - TLS 1.2 status unknown, nothing seen", res: compliant().Unknown(tls12, "reset").Feature(ems, notTested()).Result()},
	})
}
