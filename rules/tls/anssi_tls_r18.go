package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R18",
		Title:     "A TLS 1.3 server's random ends with the downgrade sentinel below TLS 1.3",
		Reference: tlsRef("R18", "§2.4"),
		Severity:  rules.Low,
		Description: "The server random should be 24 random bytes followed by the suffix of the guide's reference [11], read as " +
			"the RFC 8446 (Section 4.1.3) downgrade sentinel: a TLS 1.3 server answering a TLS 1.2 hello ends its random " +
			"with DOWNGRD\\x01, and an older hello with DOWNGRD\\x00, so that clients detect a downgrade. Every server " +
			"random of a TLS 1.3 server below TLS 1.3 is read. Reference [11] is unconfirmed, so a missing sentinel " +
			"is a warning. The rule concerns servers that support TLS 1.3 and an older version; the randomness of " +
			"the other bytes is R17's and R18–'s.",
		Fix:     "Upgrade the TLS library to one that implements RFC 8446's downgrade protection (OpenSSL 1.1.1+, any current library).",
		Reads:   []rules.Fact{{Kind: fixture.FactDowngradeSentinel, Version: scanner.TLSv12}},
		Applies: appliesR18,
		Check:   checkR18,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Lacks(fixture.FactDowngradeSentinel, scanner.TLSv12).Result(),
			}
		},
	})
}

// appliesR18: TLS 1.3 and an older version may both be supported.
func appliesR18(r *scanner.Result, ctx rules.Context) bool {
	return appliesTo(scanner.TLSv13)(r, ctx) && appliesTo(legacyHellos...)(r, ctx)
}

func checkR18(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	k := fixture.FactDowngradeSentinel
	if f, known := w.feature(k, true); known && f.Status != scanner.Supported {
		w.item(featureItem(k, "downgrade sentinel", rules.Warn, "server randoms without DOWNGRD in "+versionNames(f.Versions)))
	}
	return w.finding("the server's randoms below TLS 1.3 end with the downgrade sentinel", "no downgrade sentinel")
}
