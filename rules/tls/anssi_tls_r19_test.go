package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR19(t *testing.T) {
	c := fixture.FactCompression
	runCases(t, "ANSSI-TLS-R19", []tcase{
		{name: "pass - null compression chosen", res: compliant().Result()},
		{name: "fail - DEFLATE chosen", res: compliant().SupportsValue(c, 1, tls12).Result(), items: []string{"compression"}},
		{name: "fail - DEFLATE chosen in TLS 1.0", res: compliant().NotSupported(tls12).Suites(tls10, 0xC013).SupportsValue(c, 1, tls10).Result(),
			items: []string{"compression"}},
		{name: "incomplete - the DEFLATE hello was refused", res: compliant().FeatureUnknown(c, "alert_40").Result()},
		{name: "incomplete - observation without extension facts", res: compliant().NoExtensions().Result()},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 status unknown, nothing seen", res: compliant().Unknown(tls12, "timeout").Feature(c, notTested()).Result()},
	})
}
