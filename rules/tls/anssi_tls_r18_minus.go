package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R18-",
		Title:     "Server randoms are fully random, without a time prefix",
		Reference: tlsRef("R18–", "§2.4"),
		Severity:  rules.Low,
		Description: "32 fully random bytes are preferred over the old layout of the random that starts with a 4-byte Unix " +
			"time (gmt_unix_time), which leaves 28 random bytes and discloses the server's clock. The server randoms of " +
			"TLS 1.2 and older are read: when most begin with a time within a day of the scanner's clock, the rule " +
			"warns (a preference; TLS 1.3 randoms have no time field). Whether the remaining bytes are random is R17's " +
			"question and cannot be settled from outside.",
		Fix:     "Upgrade the TLS library (OpenSSL 1.1.0+ fills the whole random with random bytes).",
		Reads:   []rules.Fact{{Kind: fixture.FactRandomTime, Version: scanner.TLSv12}},
		Applies: appliesTo(legacyHellos...),
		Check:   checkR18Minus,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Supports(fixture.FactRandomTime).Result(),
			}
		},
	})
}

func checkR18Minus(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	k := fixture.FactRandomTime
	if f, known := w.feature(k, w.mayBeSupported(legacyHellos...)); known && f.Status == scanner.Supported {
		w.item(featureItem(k, "gmt_unix_time", rules.Warn, "server randoms begin with the current time"))
	}
	return w.finding("the server randoms do not begin with the time", "time in server randoms")
}
