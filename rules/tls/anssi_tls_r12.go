package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// minAcceptable is how many acceptable suites R12 expects per version; the
// guide says "several", the number is cryptoscan's.
const minAcceptable = 2

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R12",
		Title:     "Several acceptable suites are offered",
		Reference: tlsRef("R12", "§2.2"),
		Severity:  rules.Low,
		Description: "Implement several acceptable suites; a single suite is fine only when both ends are controlled. For TLS " +
			"1.2 and 1.3, the suites no suite rule fails (degraded ones included, except under anssi-strict), that IANA " +
			"assigned and that authenticate the server by RSA or ECDSA certificate, TLS 1.3 signature or PSK are counted; fewer than 2 per supported version is a warning (the threshold is cryptoscan's reading of " +
			"\"several\"). Two acceptable suites seen are enough at any depth; saying there are fewer needs every accepted suite (inventory depth).",
		Fix:     "Offer at least two recommended suites per version, e.g. AES-128-GCM and AES-256-GCM (plus ChaCha20-Poly1305).",
		Reads:   reads(allowed, rules.FactVersion, rules.FactSuites),
		Applies: appliesTo(allowed...),
		Check:   checkR12,
		Fixtures: func() rules.Fixtures {
			two := fixture.Compliant().Suites(scanner.TLSv13, 0x1302, 0x1301).Order(scanner.TLSv13, true)
			return rules.Fixtures{
				Pass: two.Result(),
				Fail: two.RemoveSuites(scanner.TLSv13, 0x1301).Result(), // TLS 1.3 with TLS_AES_256_GCM_SHA384 only
			}
		},
	})
}

// acceptable grades a suite for counting: the worst of every suite rule,
// and fail for suites outside the guide's whitelist that no rule fails on
// its own: code points IANA never assigned (pre-standard ChaCha20, the
// CECPQ1 experiment) and server authentication by anything but an RSA or
// ECDSA certificate (R8), a TLS 1.3 signature or a tolerated PSK (R8–).
func acceptable(v scanner.Version, cs tlsprobe.CipherSuite, e env) rules.Status {
	st := classify(v, cs, e)
	if !cs.IANA {
		st = rules.Fail
	}
	switch cs.Auth {
	case tlsprobe.AuthRSA, tlsprobe.AuthECDSA, tlsprobe.AuthTLS13, tlsprobe.AuthPSK:
	default:
		st = rules.Fail
	}
	return st
}

func checkR12(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, v := range allowed {
		if !w.inScope(v) {
			continue
		}
		// Two acceptable suites seen settle it, whatever the depth; fewer
		// need every accepted suite (inventory depth) to say so.
		list := w.suites(v, false)
		n := 0
		for _, s := range list {
			cs, ok := tlsprobe.SuiteByCode(s.Code)
			if !ok {
				continue
			}
			switch acceptable(v, cs, env{ctx: ctx, etm: w.etm(s)}) {
			case rules.Pass:
				n++
			case rules.Degraded:
				if !ctx.Profile.DegradedFails {
					n++
				}
			}
		}
		w.checked(rules.FactSuites, v, "acceptable", n)
		if n < minAcceptable && versionFact(w.o, v).Status == scanner.Supported && !w.list(v, scanner.EnumCipherSuites, true, len(list)) {
			continue // fewer seen, but not every accepted suite was asked for
		}
		if n < minAcceptable && versionFact(w.o, v).Status == scanner.Supported {
			w.item(rules.Item{Kind: rules.ItemVersion, Version: v, Name: v.String(), Status: rules.Warn,
				Why: fmt.Sprintf("%d acceptable suite(s) of %d accepted", n, len(list))})
		}
	}
	return w.finding("at least two acceptable suites per supported version", "too few acceptable suites")
}
