package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR16(t *testing.T) {
	hb, mfl, pf := fixture.FactHeartbeat, fixture.FactMaxFragmentLength, fixture.FactECPointFormats
	formats := scanner.Feature{Status: scanner.Supported, Versions: []scanner.Version{tls12}, Names: []string{"uncompressed"}}
	runCases(t, "ANSSI-TLS-R16", []tcase{
		{name: "pass - none echoed", res: compliant().Result()},
		{name: "warn - heartbeat", res: compliant().SupportsValue(hb, 1, tls12).Result(), items: []string{"heartbeat"}},
		{name: "warn - max_fragment_length in TLS 1.3", res: compliant().SupportsValue(mfl, 4, tls13).Result(), items: []string{"max_fragment_length"}},
		{name: "warn - ec_point_formats", res: compliant().Feature(pf, formats).Result(), items: []string{"ec_point_formats"}},
		{name: "warn - all three", res: compliant().SupportsValue(hb, 2, tls12).SupportsValue(mfl, 4, tls12, tls13).Feature(pf, formats).Result(),
			items: []string{"heartbeat", "max_fragment_length", "ec_point_formats"}},
		{name: "incomplete - the extensions hello was refused", res: compliant().FeatureUnknown(hb, "alert_40").FeatureUnknown(mfl, "alert_40").Result()},
		{name: "pass - TLS 1.3 only, TLS 1.2 facts not tested", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - observation without extension facts", res: compliant().NoExtensions().Result()},
	})
}
