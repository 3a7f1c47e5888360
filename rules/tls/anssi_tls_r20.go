package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// maxTicketLifetime is R20's bound on a session ticket's validity.
const maxTicketLifetime = 24 * 60 * 60

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R20",
		Title:     "Session tickets are valid for 24 hours or less",
		Reference: tlsRef("R20", "§2.4"),
		Severity:  rules.Medium,
		Description: "A server must issue session tickets valid for 24 hours (86,400 s) or less. The lifetime the server states is " +
			"read: ticket_lifetime_hint of the NewSessionTicket of a complete TLS 1.2 handshake, and the longest " +
			"ticket_lifetime of the TLS 1.3 NewSessionTickets. Above 86,400 s fails; a TLS 1.2 hint of 0 (lifetime " +
			"unspecified, RFC 5077) warns, since nothing bounds it. A stated lifetime is what the server tells the " +
			"client: whether it accepts older tickets is not probed. A server that issues no ticket passes.",
		Fix: "Limit ticket lifetimes to 24 hours or less (OpenSSL: SSL_CTX_set_timeout; nginx: ssl_session_timeout; " +
			"Apache: SSLSessionCacheTimeout) and rotate ticket keys.",
		Reads:   []rules.Fact{{Kind: fixture.FactTLS12Ticket, Version: scanner.TLSv12}, {Kind: fixture.FactTLS13Tickets, Version: scanner.TLSv13}},
		Applies: appliesTo(allowed...),
		Check:   checkR20,
		Fixtures: func() rules.Fixtures {
			tickets := fixture.Compliant().SupportsValue(fixture.FactTLS13Tickets, 7200, scanner.TLSv13)
			return rules.Fixtures{
				Pass: tickets.Result(),
				Fail: tickets.SupportsValue(fixture.FactTLS13Tickets, 7*24*3600, scanner.TLSv13).Result(), // a week
			}
		},
	})
}

func checkR20(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, t := range []struct {
		k    rules.FactKind
		v    scanner.Version
		name string
	}{
		{fixture.FactTLS12Ticket, scanner.TLSv12, "TLS 1.2 session ticket"},
		{fixture.FactTLS13Tickets, scanner.TLSv13, "TLS 1.3 session tickets"},
	} {
		f, known := w.feature(t.k, w.mayBeSupported(t.v))
		if !known || f.Status != scanner.Supported {
			continue
		}
		switch {
		case f.Value == nil:
			w.unknown(t.k, t.v, "unknown", scanner.ReasonMalformed, "a ticket was issued but its lifetime was not recorded")
		case *f.Value > maxTicketLifetime:
			w.item(featureItem(t.k, t.name, rules.Fail, fmt.Sprintf("lifetime %s, above 24 hours", lifetime(*f.Value))))
		case *f.Value == 0 && t.v == scanner.TLSv12:
			w.item(featureItem(t.k, t.name, rules.Warn, "lifetime hint 0: unspecified, nothing bounds it"))
		default:
			w.ev.Notes = append(w.ev.Notes, fmt.Sprintf("%s lifetime %s", t.name, lifetime(*f.Value)))
		}
	}
	return w.finding("session tickets, if any, are valid for 24 hours or less", "session tickets valid too long")
}

// lifetime writes a ticket lifetime in seconds for people.
func lifetime(s int64) string {
	switch {
	case s%86400 == 0 && s > 0:
		return fmt.Sprintf("%d s (%d days)", s, s/86400)
	case s%3600 == 0 && s > 0:
		return fmt.Sprintf("%d s (%d hours)", s, s/3600)
	}
	return fmt.Sprintf("%d s", s)
}
