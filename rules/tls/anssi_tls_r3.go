package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R3",
		Title:     "TLS 1.3 is supported",
		Reference: tlsRef("R3", "§2.1"),
		Severity:  rules.Medium,
		Description: "TLS 1.3 must be supported and preferred; TLS 1.2 is accepted only if the rest of the guide is followed " +
			"(the other rules). Support is probed directly. Preference is not probed separately: a server that " +
			"implements RFC 8446 negotiates TLS 1.3 whenever the client offers it, and a server that answered an " +
			"older version to a TLS 1.3 hello would be recorded as not supporting TLS 1.3.",
		Fix:     "Enable TLS 1.3 (OpenSSL 1.1.1 or later; nginx ssl_protocols TLSv1.2 TLSv1.3).",
		Reads:   reads(tls13, rules.FactVersion),
		Applies: hasTLS,
		Check:   checkR3,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().NotSupported(scanner.TLSv13).Result(),
			}
		},
	})
}

func checkR3(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	if sup, known := w.version(scanner.TLSv13); known && !sup {
		w.item(rules.Item{Kind: rules.ItemVersion, Version: scanner.TLSv13, Name: scanner.TLSv13.String(), Status: rules.Fail, Why: "not supported"})
	}
	return w.finding("TLS 1.3 is supported", "TLS 1.3 missing")
}
