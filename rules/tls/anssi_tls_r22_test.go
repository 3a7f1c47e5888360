package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR22(t *testing.T) {
	ri, cr := fixture.FactSecureRenegotiation, fixture.FactClientRenegotiation
	runCases(t, "ANSSI-TLS-R22", []tcase{
		{name: "pass - renegotiation_info echoed, client renegotiation refused", res: compliant().Result()},
		{name: "fail - renegotiation_info not echoed", res: compliant().Lacks(ri, tls12).Result(), items: []string{"renegotiation_info"}},
		{name: "info - client-initiated renegotiation accepted", res: compliant().Supports(cr, tls12).Result(),
			items: []string{"client-initiated renegotiation"}},
		{name: "fail - client-initiated renegotiation accepted without renegotiation_info", res: compliant().Lacks(ri, tls12).Supports(cr, tls12).Result(),
			items: []string{"renegotiation_info", "client-initiated renegotiation"}},
		{name: "info - client-initiated renegotiation not tested", res: compliant().Feature(cr, notTested()).Result(),
			items: []string{"client-initiated renegotiation"}},
		{name: "pass - client renegotiation refused by closing", res: compliant().Feature(cr, scanner.Feature{Status: scanner.NotSupported, Reason: scanner.ReasonClosed, Versions: []scanner.Version{tls12}}).Result()},
		{name: "not_applicable - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - renegotiation_info unknown", res: compliant().FeatureUnknown(ri, "timeout").Result()},
		{name: "incomplete - TLS 1.2 status unknown, nothing seen", res: compliant().Unknown(tls12, "timeout").Feature(ri, notTested()).Result()},
	})
}
