package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

var legacyVersions = []scanner.Version{scanner.SSLv2, scanner.SSLv3, scanner.TLSv10, scanner.TLSv11}

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R4",
		Title:     "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are not accepted",
		Reference: tlsRef("R4", "§2.1"),
		Severity:  rules.High,
		Description: "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are forbidden (v1.2 has no fallback for them). Each is probed on its " +
			"own; any accepted handshake fails. The evidence lists the suites accepted under each forbidden version: " +
			"the parameter rules grade TLS 1.2 and 1.3 only, so this is where legacy suites are named.",
		Fix:     "Disable SSLv2, SSLv3, TLS 1.0 and TLS 1.1 (e.g. OpenSSL MinProtocol = TLSv1.2, nginx ssl_protocols TLSv1.2 TLSv1.3).",
		Reads:   reads(legacyVersions, rules.FactVersion),
		Applies: hasTLS,
		Check:   checkR4,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Suites(scanner.TLSv10, 0xC014, 0xC013).Result(), // ECDHE-RSA-AES256/128-SHA under TLS 1.0
			}
		},
	})
}

func checkR4(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, v := range legacyVersions {
		if sup, _ := w.version(v); !sup {
			continue
		}
		var suites []scanner.SuiteFact
		for _, s := range r.TLS.CipherSuites {
			if s.Version == v {
				suites = append(suites, s)
			}
		}
		w.item(rules.Item{Kind: rules.ItemVersion, Version: v, Name: v.String(), Status: rules.Fail, Why: fmt.Sprintf("accepted, %d suite(s) seen", len(suites))})
		for _, s := range suites {
			w.item(suiteItem(v, s, rules.Fail, "accepted under a forbidden version"))
		}
	}
	return w.finding("SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are refused", "forbidden versions accepted")
}
