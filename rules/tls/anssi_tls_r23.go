package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R23",
		Title:     "0-RTT (early data) is refused",
		Reference: tlsRef("R23", "§2.4"),
		Severity:  rules.Medium,
		Description: "Clients should not send 0-RTT data and servers must not accept it (replayable). A TLS 1.3 resumption " +
			"with a ticket that allows early data sends 0-RTT data: the server must not accept it in " +
			"EncryptedExtensions (fail otherwise). Tickets that advertise max_early_data_size above 0 although the " +
			"data was rejected warn: the digest's own suggestion (inference, not the guide's text), read " +
			"conservatively. A server that issues no ticket allowing early data passes without a resumption.",
		Fix:     "Disable early data (OpenSSL: SSL_CTX_set_max_early_data 0, the default; nginx: ssl_early_data off).",
		Reads:   []rules.Fact{{Kind: fixture.FactEarlyData, Version: scanner.TLSv13}},
		Applies: appliesTo(scanner.TLSv13),
		Check:   checkR23,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().SupportsValue(fixture.FactEarlyData, 16384, scanner.TLSv13).Result(),
			}
		},
	})
}

func checkR23(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	k := fixture.FactEarlyData
	f, known := w.feature(k, w.mayBeSupported(scanner.TLSv13))
	switch {
	case !known:
	case f.Status == scanner.Supported:
		w.item(featureItem(k, "early_data", rules.Fail, "0-RTT data accepted in a TLS 1.3 resumption"))
	case f.Value != nil && *f.Value > 0:
		w.item(featureItem(k, "max_early_data_size", rules.Warn,
			fmt.Sprintf("tickets allow %d bytes of early data, although the probe's was rejected", *f.Value)))
	}
	return w.finding("the server does not accept 0-RTT data", "0-RTT")
}
