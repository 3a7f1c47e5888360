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
			"TLS 1.2 hello cryptoscan sends carries renegotiation_info; the server must answer with it. Whether the " +
			"server accepts client-initiated renegotiation is not probed yet. TLS 1.3 has no renegotiation.",
		Fix:     "Upgrade the TLS library to one implementing RFC 5746 (OpenSSL 0.9.8m or later) and disable insecure renegotiation.",
		Reads:   reads(tls12, rules.FactVersion),
		Applies: appliesTo(scanner.TLSv12),
		Check:   checkR22,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().RemoveExtensions(scanner.TLSv12, extReneg).Result(),
			}
		},
	})
}

func checkR22(r *scanner.Result, ctx rules.Context) []rules.Finding {
	return extensionCheck(r, ctx, extReneg, "renegotiation_info", rules.Fail)
}
