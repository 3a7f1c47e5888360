package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR17(t *testing.T) {
	rr := fixture.FactRepeatedRandoms
	repeated := scanner.Feature{Status: scanner.Supported, Versions: []scanner.Version{tls12}, Names: []string{"aa01", "bb02"}}
	runCases(t, "ANSSI-TLS-R17", []tcase{
		{name: "pass - all distinct", res: compliant().Result()},
		{name: "fail - two randoms repeated", res: compliant().Feature(rr, repeated).Result(), items: []string{"aa01", "bb02"}},
		{name: "fail - repeated, values not listed", res: compliant().Supports(rr, tls13).Result(), items: []string{"repeated random"}},
		{name: "incomplete - fewer than two randoms", res: compliant().FeatureUnknown(rr, "not_tested").Result()},
		{name: "incomplete - an older document without the fact", res: compliant().Feature(rr, scanner.Feature{}).Result()},
		{name: "pass - TLS 1.3 only, its randoms distinct", res: compliant().NotSupported(tls12).Lacks(rr, tls13).Result()},
	})
}
