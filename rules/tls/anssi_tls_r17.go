package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// serverHellos are the versions whose ServerHellos carry a random.
var serverHellos = []scanner.Version{scanner.SSLv3, scanner.TLSv10, scanner.TLSv11, scanner.TLSv12, scanner.TLSv13}

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R17",
		Title:     "Server randoms come from a cryptographic generator",
		Reference: tlsRef("R17", "§2.4"),
		Severity:  rules.High,
		Description: "The ClientHello and ServerHello randoms must come from a random generator of cryptographic quality. " +
			"The quality of a generator cannot be judged from outside; what a scan can see is its failure: every " +
			"ServerHello random the scan received (every version, HelloRetryRequests excepted, whose random is a fixed " +
			"value) is compared with the others, and one that came twice fails the rule (a broken generator, or a " +
			"replayed hello). A pass says only that the randoms seen were all distinct; the time prefix of older " +
			"randoms is R18–'s.",
		Fix:     "Find what replays the ServerHello (a caching middlebox, a test harness) or fix the TLS library's random source; then renew the server's keys, which the same generator may have made.",
		Reads:   []rules.Fact{{Kind: fixture.FactRepeatedRandoms, Version: scanner.TLSv12}},
		Applies: appliesTo(serverHellos...),
		Check:   checkR17,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Supports(fixture.FactRepeatedRandoms, scanner.TLSv12, scanner.TLSv13).Result(),
			}
		},
	})
}

func checkR17(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	k := fixture.FactRepeatedRandoms
	pass := "the server randoms seen in the scan were all distinct"
	f, known := w.feature(k, w.mayBeSupported(serverHellos...))
	if known && f.Status == scanner.Supported {
		if len(f.Names) == 0 {
			w.item(featureItem(k, "repeated random", rules.Fail, "a server random came twice"))
		}
		for _, n := range f.Names {
			w.item(featureItem(k, n, rules.Fail, "this server random came more than once"))
		}
	}
	return w.finding(pass, "repeated server randoms")
}
