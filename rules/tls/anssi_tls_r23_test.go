package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR23(t *testing.T) {
	e := fixture.FactEarlyData
	n := int64(16384)
	runCases(t, "ANSSI-TLS-R23", []tcase{
		{name: "pass - no ticket allows early data", res: compliant().Result()},
		{name: "fail - 0-RTT data accepted", res: compliant().SupportsValue(e, n, tls13).Result(), items: []string{"early_data"}},
		{name: "warn - tickets allow early data, which was rejected", res: compliant().Feature(e,
			scanner.Feature{Status: scanner.NotSupported, Versions: []scanner.Version{tls13}, Value: &n}).Result(), items: []string{"max_early_data_size"}},
		{name: "incomplete - resumption refused, early data not tried", res: compliant().Feature(e,
			scanner.Feature{Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested, Value: &n}).Result()},
		{name: "not_applicable - TLS 1.2 only", res: compliant().NotSupported(tls13).Result()},
		{name: "incomplete - TLS 1.3 status unknown, nothing seen", res: compliant().Unknown(tls13, "timeout").Feature(e, notTested()).Result()},
	})
}
