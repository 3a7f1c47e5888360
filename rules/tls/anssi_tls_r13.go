package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R13",
		Title:     "The server imposes its cipher suite order",
		Reference: tlsRef("R13", "§2.2"),
		Severity:  rules.Medium,
		Description: "When clients are not controlled, the server's suite order must win over the client's. For TLS 1.2 and " +
			"1.3, a server that follows the client's order fails. A server that imposes an order whose choice still " +
			"depends on the client's first suite (ChaCha20 prioritised for clients leading with it, crypto/tls's " +
			"AES-or-ChaCha20 rule) is a warning: the guide does not say whether such a choice among the server's own " +
			"suites is allowed, and the conservative reading flags it. With a single accepted suite there is nothing to " +
			"order. The order is probed at both depths (at compliance depth, from two recommended suites: free, or one " +
			"swapped hello); when it could not be told, the rule is incomplete.",
		Fix:     "Make the server's preference win (OpenSSL: Options ServerPreference; nginx: ssl_prefer_server_ciphers on).",
		Reads:   reads(allowed, rules.FactVersion, rules.FactOrder),
		Applies: appliesTo(allowed...),
		Check:   checkR13,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Order(scanner.TLSv12, false).Result(),
			}
		},
	})
}

func checkR13(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, v := range allowed {
		if !w.inScope(v) {
			continue
		}
		var of *scanner.OrderFact
		for i := range w.o.ServerOrder {
			if w.o.ServerOrder[i].Version == v {
				of = &w.o.ServerOrder[i]
			}
		}
		switch {
		case of != nil && of.Enforced != nil && *of.Enforced && of.Mixed:
			w.item(rules.Item{Kind: rules.ItemServerOrder, Version: v, Name: v.String(), Status: rules.Warn,
				Why: "server order, but the choice depends on the client's first suite: " + of.Detail})
		case of != nil && of.Enforced != nil && *of.Enforced:
			w.checked(rules.FactOrder, v, "enforced", len(of.Order))
		case of != nil && of.Enforced != nil:
			w.item(rules.Item{Kind: rules.ItemServerOrder, Version: v, Name: v.String(), Status: rules.Fail, Why: "the server follows the client's order"})
		case w.single(v):
			w.checked(rules.FactOrder, v, "single_suite", 1)
		case of == nil:
			w.unknown(rules.FactOrder, v, "missing", scanner.ReasonNotTested, "no order recorded (compliance depth does not probe it)")
		default:
			w.unknown(rules.FactOrder, v, "unknown", of.Reason, "")
		}
	}
	offence := "client order followed"
	if w.ev.Status() == rules.Warn {
		offence = "server order, but the client's first suite changes the choice"
	}
	return w.finding("the server's order wins in every supported version", offence)
}

// single reports whether v is supported with at most one suite, known from
// a complete enumeration of every candidate.
func (w *view) single(v scanner.Version) bool {
	if versionFact(w.o, v).Status != scanner.Supported {
		return false
	}
	e, ok := enumeration(w.o, v, scanner.EnumCipherSuites)
	if !ok || e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeAll {
		return false
	}
	n := 0
	for _, s := range w.o.CipherSuites {
		if s.Version == v {
			n++
		}
	}
	return n <= 1
}
