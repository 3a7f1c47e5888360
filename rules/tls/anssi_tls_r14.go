package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R14",
		Title:     "TLS 1.2 uses extended_master_secret",
		Reference: tlsRef("R14", "§2.3"),
		Severity:  rules.Low,
		Description: "Support the extensions of Table 2.4 in the contexts it gives. The table's contents are unconfirmed " +
			"against the guide (two independent encodings agree on supported_groups, signature_algorithms, " +
			"encrypt_then_mac, extended_master_secret, renegotiation_info, supported_versions, key_share), so a missing " +
			"extension is a warning. This rule checks extended_master_secret (RFC 7627) in TLS 1.2 hellos; " +
			"renegotiation_info is ANSSI-TLS-R22's, encrypt_then_mac ANSSI-TLS-R10-'s, supported_versions and " +
			"key_share are inherent to TLS 1.3, and honouring signature_algorithms and supported_groups is not observed.",
		Fix:     "Enable extended master secret (OpenSSL 1.1.0+ by default; check middleboxes and old libraries).",
		Reads:   reads(tls12, rules.FactVersion),
		Applies: appliesTo(scanner.TLSv12),
		Check:   checkR14,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().RemoveExtensions(scanner.TLSv12, extEMS).Result(),
			}
		},
	})
}

func checkR14(r *scanner.Result, ctx rules.Context) []rules.Finding {
	return extensionCheck(r, ctx, extEMS, "extended_master_secret", rules.Warn)
}

// extensionCheck grades whether the server sent extension c in its TLS
// 1.2 hellos: st when it did not.
func extensionCheck(r *scanner.Result, ctx rules.Context, c scanner.Code, name string, st rules.Status) []rules.Finding {
	w := newView(r, ctx)
	if sup, _ := w.version(scanner.TLSv12); sup && !w.extension(scanner.TLSv12, c) {
		code := c
		w.item(rules.Item{Kind: rules.ItemExtension, Version: scanner.TLSv12, Code: &code, Name: name, Status: st, Why: "not sent by the server"})
	}
	return w.finding("the server sends "+name+" in TLS 1.2", name+" missing")
}
