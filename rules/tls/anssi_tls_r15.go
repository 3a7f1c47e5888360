package tlsrules

import (
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R15",
		Title:     "Table 2.8 extensions in use (enable only those needed)",
		Reference: tlsRef("R15", "§2.3"),
		Severity:  rules.SeverityInfo,
		Description: "The extensions of the guide's Table 2.8 serve particular deployments: enable only those judged necessary. " +
			"Whether one is needed is the operator's judgement, so the rule lists, as information, those the server " +
			"uses: session_ticket (echoed in TLS 1.2 and older), TLS 1.3 session tickets (pre_shared_key resumption) " +
			"and ALPN. The table was not seen in the guide's own text: session_ticket is in both independent " +
			"encodings, ALPN and pre_shared_key in one. status_request (OCSP stapling) is also in the table but is not " +
			"listed, since R35 recommends it (ANSSI-TLS-R35); server_name is sent by every hello and its use is not " +
			"observable as an echo.",
		Fix: "Disable what the service does not need: session tickets (nginx ssl_session_tickets off), ALPN protocols.",
		Reads: []rules.Fact{{Kind: fixture.FactSessionTicket, Version: scanner.TLSv12}, {Kind: fixture.FactTLS13Tickets, Version: scanner.TLSv13},
			{Kind: fixture.FactALPN, Version: scanner.TLSv12}},
		Applies: appliesTo(allowed...),
		Check:   checkR15,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Feature(fixture.FactALPN, scanner.Feature{Status: scanner.Supported,
					Versions: []scanner.Version{scanner.TLSv12, scanner.TLSv13}, Names: []string{"h2"}}).Result(),
			}
		},
	})
}

func checkR15(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	const why = "in use: check that the service needs it"
	if f, known := w.feature(fixture.FactSessionTicket, w.mayBeSupported(legacyHellos...)); known && f.Status == scanner.Supported {
		w.item(featureItem(fixture.FactSessionTicket, "session_ticket", rules.Info, "echoed in "+versionNames(f.Versions)+"; "+why))
	}
	if f, known := w.feature(fixture.FactTLS13Tickets, w.mayBeSupported(scanner.TLSv13)); known && f.Status == scanner.Supported {
		w.item(featureItem(fixture.FactTLS13Tickets, "TLS 1.3 session tickets (pre_shared_key)", rules.Info, "issued; "+why))
	}
	if f, known := w.feature(fixture.FactALPN, w.mayBeSupported(allowed...)); known && f.Status == scanner.Supported {
		w.item(featureItem(fixture.FactALPN, "application_layer_protocol_negotiation", rules.Info,
			"selected "+strings.Join(f.Names, ", ")+"; "+why))
	}
	return w.finding("the server uses none of the Table 2.8 extensions probed (session tickets, ALPN)", "Table 2.8 extensions in use")
}
