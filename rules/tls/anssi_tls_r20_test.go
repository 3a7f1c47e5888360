package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR20(t *testing.T) {
	t12, t13 := fixture.FactTLS12Ticket, fixture.FactTLS13Tickets
	runCases(t, "ANSSI-TLS-R20", []tcase{
		{name: "pass - no tickets", res: compliant().Result()},
		{name: "pass - two-hour tickets in TLS 1.2 and 1.3", res: compliant().SupportsValue(t12, 7200, tls12).SupportsValue(t13, 7200, tls13).Result()},
		{name: "pass - exactly 24 hours", res: compliant().SupportsValue(t13, 86400, tls13).Result()},
		{name: "fail - TLS 1.3 tickets valid a week", res: compliant().SupportsValue(t13, 604800, tls13).Result(), items: []string{"TLS 1.3 session tickets"}},
		{name: "fail - TLS 1.2 hint of 36 hours", res: compliant().SupportsValue(t12, 129600, tls12).Result(), items: []string{"TLS 1.2 session ticket"}},
		{name: "warn - TLS 1.2 hint unspecified", res: compliant().SupportsValue(t12, 0, tls12).Result(), items: []string{"TLS 1.2 session ticket"}},
		{name: "incomplete - ticket lifetime not recorded", res: compliant().Supports(t13, tls13).Result()},
		{name: "incomplete - TLS 1.2 complete handshake failed", res: compliant().FeatureUnknown(t12, "malformed").Result()},
		{name: "pass - TLS 1.3 only, TLS 1.2 ticket not tested", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.3 status unknown, nothing seen", res: compliant().Unknown(tls13, "timeout").Feature(t13, notTested()).Result()},
		{name: "not_applicable - TLS 1.2 and 1.3 refused", res: compliant().NotSupported(tls12).NotSupported(tls13).Result()},
	})
}
