package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-LongTermePQ",
		Title:     "Key exchange includes a post-quantum hybrid",
		Reference: b1Ref("RecommandationLongTermePQ", "§2.3.1.3"),
		Severity:  rules.Low,
		Description: "From 1 January 2030, or for data exposed to store-now-decrypt-later, key establishment should add a " +
			"post-quantum mechanism in a hybrid (e.g. X25519MLKEM768). Passes when TLS 1.3 accepts a hybrid group; " +
			"otherwise information before 2030 and a warning from 2030 or with a horizon of 2030 or later. Without a " +
			"hybrid listed, deciding needs every accepted TLS 1.3 group (inventory depth).",
		Fix:     "Enable a hybrid group in TLS 1.3 (OpenSSL 3.5+: Groups X25519MLKEM768:x25519:secp256r1).",
		Reads:   reads(tls13, rules.FactVersion),
		Applies: hasTLS,
		Check:   checkLongTermePQ,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().RemoveGroups(scanner.TLSv13, 0x11EC).Result(), // X25519MLKEM768 removed
			}
		},
	})
}

func checkLongTermePQ(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	sup, known := w.version(scanner.TLSv13)
	if sup {
		for _, gf := range r.TLS.Groups {
			if g, ok := tlsprobe.GroupByCode(uint16(gf.Code)); ok && gf.Version == scanner.TLSv13 && g.Kind == tlsprobe.GroupHybrid {
				w.ev.Notes = append(w.ev.Notes, "hybrid group accepted: "+gf.Name)
				return w.finding("a post-quantum hybrid group is accepted in TLS 1.3", "")
			}
		}
		// The hybrids are enumerated at both depths (the compliance depth
		// asks about them too), so a complete list of either scope tells.
		if !w.list(scanner.TLSv13, scanner.EnumGroups, !hybridsEnumerated(), 0) {
			return w.finding("", "")
		}
	}
	if !known {
		return w.finding("", "")
	}
	st, why := rules.Info, "no post-quantum hybrid group accepted; recommended from 2030"
	if ctx.Year() >= 2030 {
		st, why = rules.Warn, "no post-quantum hybrid group accepted"
	}
	w.item(rules.Item{Kind: rules.ItemVersion, Version: scanner.TLSv13, Name: scanner.TLSv13.String(), Status: st, Why: why})
	return w.finding("", "no post-quantum hybrid key exchange")
}

// hybridsEnumerated reports whether the compliance depth's group lists
// include every post-quantum hybrid group (none is among the groups it
// leaves out).
func hybridsEnumerated() bool {
	for _, g := range tlsprobe.RecommendedGroups() {
		if gr, ok := tlsprobe.GroupByCode(g); ok && gr.Kind == tlsprobe.GroupHybrid {
			return false
		}
	}
	return true
}
