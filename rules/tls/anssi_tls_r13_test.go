package tlsrules_test

import (
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
)

func TestR13(t *testing.T) {
	runCases(t, "ANSSI-TLS-R13", []tcase{
		{name: "pass - server order in both versions", res: compliant().Result()},
		{name: "fail - client order in TLS 1.3", res: compliant().Order(tls13, false).Result(), items: []string{"TLSv1.3"}},
		{name: "pass - a single TLS 1.2 suite leaves nothing to order", res: compliant().Suites(tls12, 0xC02F).OrderUnknown(tls12, "not_tested").Result()},
		{name: "incomplete - single suite known from compliance depth only", res: compliant().Suites(tls12, 0xC02F).OrderUnknown(tls12, "not_tested").
			Enumeration(tls12, ec, edon, nonc, "").Result()},
		{name: "warn - ChaCha20 prioritised for clients leading with it", res: compliant().MixedOrder(tls12, "a hello leading with TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 got it, not TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384").Result(),
			items: []string{"TLSv1.2"}},
		{name: "fail - client order in TLS 1.3 beats a mixed order in TLS 1.2", res: compliant().MixedOrder(tls12, "x").Order(tls13, false).Result(),
			items: []string{"TLSv1.2", "TLSv1.3"}},
		{name: "incomplete - order probe timed out", res: compliant().OrderUnknown(tls12, "timeout").Result()},
		{name: "fail - client order in TLS 1.2 while TLS 1.3 is unknown", res: compliant().Order(tls12, false).OrderUnknown(tls13, "timeout").Result()},
	})
}

// TestR13MixedMessage: a mixed order is not reported as the client's order.
func TestR13MixedMessage(t *testing.T) {
	r, _ := rules.ByID("ANSSI-TLS-R13")
	got := ruletest.Worst(t, r, compliant().MixedOrder(tls12, "x").Result(), ruletest.Context())
	if strings.Contains(got.Message, "client order followed") || !strings.Contains(got.Message, "server order, but") {
		t.Errorf("message %q", got.Message)
	}
}

// TestR13MessageNamesEachVersionOnce: the offending versions are named
// once each ("TLSv1.2 (the server follows the client's order), TLSv1.3"),
// not "TLSv1.2: TLSv1.2".
func TestR13MessageNamesEachVersionOnce(t *testing.T) {
	r := ruletest.Rule(t, "ANSSI-TLS-R13")
	got := ruletest.Worst(t, r, compliant().Order(tls12, false).Order(tls13, false).Result(), ruletest.Context())
	if strings.Contains(got.Message, "TLSv1.2: TLSv1.2") || !strings.Contains(got.Message, "TLSv1.2 (the server follows the client's order), TLSv1.3") {
		t.Errorf("message %q", got.Message)
	}
}
