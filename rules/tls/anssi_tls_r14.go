package tlsrules

import (
	"slices"

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
			"extension is a warning. This rule checks extended_master_secret (RFC 7627), which every hello below TLS 1.3 " +
			"offers: the TLS 1.2 server hellos must echo it (the extended_master_secret fact, unknown when no TLS 1.2 " +
			"hello was read). renegotiation_info is ANSSI-TLS-R22's, encrypt_then_mac ANSSI-TLS-R10-'s (per CBC suite), " +
			"supported_versions and key_share are inherent to TLS 1.3, and honouring signature_algorithms and " +
			"supported_groups is not observed.",
		Fix:     "Enable extended master secret (OpenSSL 1.1.0+ by default; check middleboxes and old libraries).",
		Reads:   []rules.Fact{{Kind: fixture.FactExtendedMasterSecret, Version: scanner.TLSv12}},
		Applies: appliesTo(scanner.TLSv12),
		Check:   checkR14,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Lacks(fixture.FactExtendedMasterSecret, scanner.TLSv12).Result(),
			}
		},
	})
}

func checkR14(r *scanner.Result, ctx rules.Context) []rules.Finding {
	return echoCheck(r, ctx, fixture.FactExtendedMasterSecret, "extended_master_secret", rules.Warn)
}

// echoCheck grades whether the server echoed the extension of fact k in
// its TLS 1.2 hellos: st when it did not. The fact is needed while TLS 1.2
// may be supported.
func echoCheck(r *scanner.Result, ctx rules.Context, k rules.FactKind, name string, st rules.Status) []rules.Finding {
	w := newView(r, ctx)
	w.echo(k, name, st)
	return w.finding("the server echoes "+name+" in TLS 1.2", name+" missing")
}

// echo grades whether the TLS 1.2 server hellos echoed the extension of
// fact k, adding an item of status st when they did not.
func (w *view) echo(k rules.FactKind, name string, st rules.Status) (echoed bool) {
	f, known := w.feature(k, w.mayBeSupported(scanner.TLSv12))
	in12 := slices.Contains(f.Versions, scanner.TLSv12) || len(f.Versions) == 0
	switch {
	case !known:
		return false
	case f.Status == scanner.Supported && in12:
		return true
	case f.Status == scanner.Supported:
		w.item(featureItem(k, name, st, "echoed in "+versionNames(f.Versions)+" but not in TLSv1.2"))
	case in12:
		w.item(featureItem(k, name, st, "not echoed by the server"))
	default:
		// Looked for in older versions only: no TLS 1.2 hello was read.
		w.unknown(k, fixture.FeatureHome(k), "unknown", scanner.ReasonNotTested, "not echoed in "+versionNames(f.Versions)+"; no TLSv1.2 server hello was read")
	}
	return false
}

func versionNames(vs []scanner.Version) string {
	var s string
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += v.String()
	}
	return s
}
