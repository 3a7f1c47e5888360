package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R21",
		Title:     "Session resumption includes a Diffie-Hellman exchange",
		Reference: tlsRef("R21", "§2.4"),
		Severity:  rules.Low,
		Description: "Session resumption should include a Diffie-Hellman exchange; resumption without one is tolerated under " +
			"R21– (tickets rather than session IDs, discarded quickly, ticket keys rotated often). In TLS 1.3, a " +
			"resumption offering only psk_ke (no key share) is tried with a ticket the server issued: accepted is " +
			"degraded, the R21– fallback in use. TLS 1.2 resumption never includes DH, so a server that issues TLS 1.2 " +
			"session tickets offers resumption without DH: the digest reads that as R21– too, an inference the guide's " +
			"text does not state, so it is a warning. Whether the server issues TLS 1.2 tickets is read from the " +
			"NewSessionTicket of a complete handshake or, when none could be made, from the session_ticket extension its " +
			"hellos echo (a server echoes it exactly when it will send a ticket). Session-ID resumption and ticket-key rotation are not probed; the " +
			"ticket lifetime is ANSSI-TLS-R20's.",
		Fix: "Require (EC)DHE on TLS 1.3 resumption (OpenSSL: the default, without SSL_OP_ALLOW_NO_DHE_KEX); for TLS 1.2, " +
			"disable tickets where resumption is not needed (OpenSSL: SSL_OP_NO_TICKET; nginx: ssl_session_tickets off) " +
			"or keep their lifetime short and rotate their keys.",
		// TLS 1.2 tickets are read from either of two facts (see checkR21),
		// so neither alone is declared.
		Reads:   []rules.Fact{{Kind: fixture.FactPSKKE, Version: scanner.TLSv13}},
		Applies: appliesTo(allowed...),
		Check:   checkR21,
		Fixtures: func() rules.Fixtures {
			tickets := fixture.Compliant().SupportsValue(fixture.FactTLS13Tickets, 7200, scanner.TLSv13).
				Feature(fixture.FactPSKKE, scanner.Feature{Status: scanner.NotSupported, Versions: []scanner.Version{scanner.TLSv13},
					Detail: "the server did a full handshake"})
			return rules.Fixtures{
				Pass: tickets.Result(),
				Fail: tickets.Supports(fixture.FactPSKKE, scanner.TLSv13).Result(),
			}
		},
	})
}

func checkR21(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	if f, known := w.feature(fixture.FactPSKKE, w.mayBeSupported(scanner.TLSv13)); known && f.Status == scanner.Supported {
		w.item(featureItem(fixture.FactPSKKE, "psk_ke", rules.Degraded,
			"TLS 1.3 resumption without (EC)DHE accepted: tolerated only under R21–"))
	}
	// Whether the server issues TLS 1.2 tickets: the NewSessionTicket of a
	// complete handshake, or, when none could be made (a suite the
	// handshake's library lacks, such as DHE), the session_ticket
	// extension of its hellos, which a server echoes exactly when it will
	// send one (RFC 5077, Section 3.2).
	k := fixture.FactTLS12Ticket
	f, known := w.feature(k, false)
	if !known {
		k = fixture.FactSessionTicket
		f, known = w.feature(k, w.mayBeSupported(scanner.TLSv12))
	}
	if known && f.Status == scanner.Supported {
		w.item(featureItem(k, "TLS 1.2 session tickets", rules.Warn,
			"TLS 1.2 resumption never includes DH: the R21– fallback (the digest's reading, unconfirmed)"))
	}
	return w.finding("resumption, if any, includes (EC)DHE", "resumption without Diffie-Hellman")
}
