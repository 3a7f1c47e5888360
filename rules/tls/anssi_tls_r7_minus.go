package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	// For the suite classification (ANSSI-TLS-R12): a DHE suite relies on
	// the R7– fallback whatever its prime.
	suiteJudges = append(suiteJudges, struct {
		id    string
		judge suiteJudge
	}{"ANSSI-TLS-R7-", judgeR7MinusSuite})
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R7-",
		Title:     "Finite-field DHE only as a tolerated fallback, with large RFC 7919 groups",
		Reference: tlsRef("R7–", "§2.2"),
		Severity:  rules.Medium,
		Description: "DHE is tolerated (R7–) with groups of 2048 bits or more from the guide's reference [34], and 3072 bits or " +
			"more when the data must stay protected beyond 2030 (from 2031, or with a horizon beyond 2030). Every " +
			"finite-field group in use (TLS 1.2 ServerKeyExchange primes, TLS 1.3 ffdhe groups) is degraded when large " +
			"enough, and fails when smaller. Reference [34] is read as RFC 7919, which is unconfirmed: a prime that is " +
			"not an RFC 7919 group is named in the evidence but not failed for that alone.",
		Fix:     "Prefer ECDHE; where DHE must stay, use ffdhe3072 or larger (OpenSSL: SSL_CTX_set_dh_auto or Groups with ffdhe3072).",
		Reads:   append(reads(allowed, rules.FactVersion), rules.Fact{Kind: rules.FactSuites, Version: scanner.TLSv12}, rules.Fact{Kind: rules.FactGroups, Version: scanner.TLSv13}),
		Applies: appliesTo(allowed...),
		Check:   checkR7Minus,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0x009F).DH(scanner.TLSv12, 0x009F, 1024, "").Result(), // DHE-RSA-AES256-GCM-SHA384 with a 1024-bit prime
			}
		},
	})
}

func judgeR7MinusSuite(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch cs.Kx {
	case tlsprobe.KxDHE, tlsprobe.KxDHEPSK, tlsprobe.KxDHExport:
		return rules.Degraded, "finite-field DHE is tolerated only"
	}
	return rules.Pass, ""
}

func checkR7Minus(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	min, t := dhBits(ctx)
	for _, ff := range w.finiteFields() {
		it := ff.item
		switch {
		case ff.bits < min:
			it.Status, it.Why = rules.Fail, fmt.Sprintf("%d-bit group, below %d bits", ff.bits, min)
		default:
			it.Status, it.Why = rules.Degraded, "finite-field DHE is tolerated only"
			if !ff.named || !ff.group.RFC7919 {
				it.Why += "; not an RFC 7919 group (reference [34], read as RFC 7919)"
			}
		}
		w.item(it)
	}
	w.ev.Threshold = t
	return w.finding("no finite-field DHE is used", "finite-field DHE")
}
