package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR15(t *testing.T) {
	st, t13, alpn := fixture.FactSessionTicket, fixture.FactTLS13Tickets, fixture.FactALPN
	h2 := scanner.Feature{Status: scanner.Supported, Versions: []scanner.Version{tls12, tls13}, Names: []string{"h2"}}
	runCases(t, "ANSSI-TLS-R15", []tcase{
		{name: "pass - no ticket, no ALPN", res: compliant().Result()},
		{name: "info - ALPN h2", res: compliant().Feature(alpn, h2).Result(), items: []string{"application_layer_protocol_negotiation"}},
		{name: "info - tickets in TLS 1.2 and 1.3", res: compliant().Supports(st, tls12).SupportsValue(t13, 7200, tls13).Result(),
			items: []string{"session_ticket", "TLS 1.3 session tickets (pre_shared_key)"}},
		{name: "incomplete - ALPN refused with an unexpected alert", res: compliant().FeatureUnknown(alpn, "alert_40").Result()},
		{name: "pass - ALPN refused with no_application_protocol", res: compliant().Feature(alpn, scanner.Feature{Status: scanner.NotSupported,
			Reason: scanner.AlertReason(120), Versions: []scanner.Version{tls12, tls13}}).Result()},
		{name: "incomplete - TLS 1.3 handshake never completed", res: compliant().FeatureUnknown(t13, "malformed").Result()},
	})
}
