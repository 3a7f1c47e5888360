package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR21(t *testing.T) {
	psk, t12, t13, st := fixture.FactPSKKE, fixture.FactTLS12Ticket, fixture.FactTLS13Tickets, fixture.FactSessionTicket
	full := scanner.Feature{Status: scanner.NotSupported, Versions: []scanner.Version{tls13}, Detail: "the server did a full handshake"}
	runCases(t, "ANSSI-TLS-R21", []tcase{
		{name: "pass - no tickets", res: compliant().Result()},
		{name: "pass - TLS 1.3 tickets, psk_ke refused", res: compliant().SupportsValue(t13, 7200, tls13).Feature(psk, full).Result()},
		{name: "degraded - psk_ke resumption accepted", res: compliant().SupportsValue(t13, 7200, tls13).Supports(psk, tls13).Result(),
			items: []string{"psk_ke"}},
		{name: "fail - psk_ke resumption accepted under anssi-strict", res: compliant().Supports(psk, tls13).Result(), ctx: strict},
		{name: "warn - TLS 1.2 session tickets", res: compliant().SupportsValue(t12, 7200, tls12).Supports(st, tls12).Result(), items: []string{"TLS 1.2 session tickets"}},
		{name: "warn - no complete TLS 1.2 handshake (a DHE-only server), session_ticket echoed",
			res: compliant().FeatureUnknown(t12, "not_tested").Supports(st, tls12).Result(), items: []string{"TLS 1.2 session tickets"}},
		{name: "pass - no complete TLS 1.2 handshake, session_ticket not echoed", res: compliant().FeatureUnknown(t12, "not_tested").Result()},
		{name: "incomplete - neither the handshake nor the echo known",
			res: compliant().FeatureUnknown(t12, "not_tested").FeatureUnknown(st, "timeout").Result()},
		{name: "degraded - both", res: compliant().SupportsValue(t12, 7200, tls12).Supports(st, tls12).Supports(psk, tls13).Result(),
			items: []string{"psk_ke", "TLS 1.2 session tickets"}},
		{name: "incomplete - psk_ke resumption refused by a reset", res: compliant().FeatureUnknown(psk, "reset").Result()},
		{name: "pass - TLS 1.2 only, no ticket", res: compliant().NotSupported(tls13).Result()},
		{name: "incomplete - TLS 1.3 status unknown, nothing seen", res: compliant().Unknown(tls13, "timeout").Feature(psk, notTested()).Result()},
	})
}
