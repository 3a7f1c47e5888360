package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R22",
		Title:     "TLS 1.2 uses secure renegotiation (renegotiation_info)",
		Reference: tlsRef("R22", "§2.4"),
		Severity:  rules.Medium,
		Description: "Clients must always send renegotiation_info and servers that renegotiate must use it (RFC 5746). Every " +
			"hello cryptoscan sends below TLS 1.3 carries renegotiation_info; the TLS 1.2 server hellos must echo it " +
			"(fail otherwise). Whether the server accepts a renegotiation the client starts is reported as information, " +
			"as the guide's text asks nothing of it: accepted with secure renegotiation is info, accepted without it " +
			"fails (the RFC 5746 attack), and not tested (the probe renegotiates only over a TLS 1.2 AEAD suite crypto/tls " +
			"implements) is info with a note rather than incomplete, since the requirement itself is decided. TLS 1.3 " +
			"has no renegotiation.",
		Fix: "Upgrade the TLS library to one implementing RFC 5746 (OpenSSL 0.9.8m or later) and disable insecure renegotiation; " +
			"refuse client-initiated renegotiation (OpenSSL 3: the default; nginx and Apache refuse it).",
		Reads:   []rules.Fact{{Kind: fixture.FactSecureRenegotiation, Version: scanner.TLSv12}},
		Applies: appliesTo(scanner.TLSv12),
		Check:   checkR22,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Lacks(fixture.FactSecureRenegotiation, scanner.TLSv12).Result(),
			}
		},
	})
}

func checkR22(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	secure := w.echo(fixture.FactSecureRenegotiation, "renegotiation_info", rules.Fail)
	k := fixture.FactClientRenegotiation
	f := fixture.Feature(w.o.Extensions, k)
	switch {
	case f == nil || f.Status == "" || f.Status == scanner.StatusUnknown:
		if w.mayBeSupported(scanner.TLSv12) {
			why := "the observation has no client_renegotiation fact"
			if f != nil && f.Status != "" {
				why = string(f.Reason)
				if f.Detail != "" {
					why += ": " + f.Detail
				}
			}
			w.item(featureItem(k, "client-initiated renegotiation", rules.Info, "not tested ("+why+")"))
		}
	case f.Status == scanner.Supported && secure:
		w.checked(k, scanner.TLSv12, string(f.Status), 0)
		w.item(featureItem(k, "client-initiated renegotiation", rules.Info, "accepted (with secure renegotiation)"))
	case f.Status == scanner.Supported:
		w.checked(k, scanner.TLSv12, string(f.Status), 0)
		w.item(featureItem(k, "client-initiated renegotiation", rules.Fail, "accepted without secure renegotiation"))
	default:
		w.checked(k, scanner.TLSv12, string(f.Status), 0)
	}
	return w.finding("the server echoes renegotiation_info in TLS 1.2 and refuses client-initiated renegotiation",
		"renegotiation")
}
