package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R19",
		Title:     "TLS compression is refused",
		Reference: tlsRef("R19", "§2.4"),
		Severity:  rules.High,
		Description: "TLS compression must not be used (CRIME). A TLS 1.2 hello (or the newest version below TLS 1.3 the server " +
			"supports) offers DEFLATE before null: the server must choose null. The rule concerns endpoints that may " +
			"support a version below TLS 1.3, which has no compression.",
		Fix:     "Disable TLS compression (OpenSSL: SSL_OP_NO_COMPRESSION, the default since 1.1.0; nginx and Apache: SSLCompression off).",
		Reads:   []rules.Fact{{Kind: fixture.FactCompression, Version: scanner.TLSv12}},
		Applies: appliesTo(legacyHellos...),
		Check:   checkR19,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().SupportsValue(fixture.FactCompression, 1, scanner.TLSv12).Result(), // DEFLATE chosen
			}
		},
	})
}

func checkR19(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	k := fixture.FactCompression
	if f, known := w.feature(k, w.mayBeSupported(legacyHellos...)); known && f.Status == scanner.Supported {
		method := "a compression method"
		if f.Value != nil {
			method = fmt.Sprintf("compression method %d", *f.Value)
			if *f.Value == 1 {
				method += " (DEFLATE)"
			}
		}
		w.item(featureItem(k, "compression", rules.Fail, "the server chose "+method+" over null"))
	}
	return w.finding("the server refuses TLS compression", "TLS compression accepted")
}
