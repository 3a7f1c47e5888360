package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// subgroupBits is the RègleLogp minimum size of the prime subgroup (v2.04).
const subgroupBits = 250

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-Logp",
		Title:     "Finite-field DH primes are large enough",
		Reference: b1Ref("RègleLogp", "§2.3"),
		Severity:  rules.High,
		Description: "A finite-field discrete-log prime must be at least 2048 bits up to the end of 2030 and 3072 bits beyond " +
			"(from 2031, or with a horizon beyond 2030), with a prime-order subgroup of at least 250 bits. Primes seen in " +
			"TLS 1.2 ServerKeyExchange and RFC 7919 groups accepted in TLS 1.3 are graded; the subgroup is known for " +
			"named groups (RFC 7919 and RFC 3526 safe primes, the RFC 5114 and Java DSA-style groups). A custom prime's " +
			"subgroup cannot be verified from the network: a warning.",
		Fix:     "Use ffdhe3072 or larger, or drop DHE for ECDHE.",
		Reads:   append(reads(allowed, rules.FactVersion), rules.Fact{Kind: rules.FactSuites, Version: scanner.TLSv12}, rules.Fact{Kind: rules.FactGroups, Version: scanner.TLSv13}, rules.Fact{Kind: rules.FactDH, Version: scanner.TLSv12}),
		Applies: appliesTo(allowed...),
		Check:   checkLogp,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				// DHE-RSA-AES256-GCM-SHA384 with ffdhe3072, then with the 1024-bit Oakley group 2
				Pass: fixture.Compliant().AddSuites(scanner.TLSv12, 0x009F).DH(scanner.TLSv12, 0x009F, 3072, "ffdhe3072").Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0x009F).DH(scanner.TLSv12, 0x009F, 1024, "RFC 2409 group 2 (1024-bit MODP)").Result(),
			}
		},
	})
}

func checkLogp(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	min, t := dhBits(ctx)
	for _, ff := range w.finiteFields() {
		it := ff.item
		switch {
		case ff.bits < min:
			it.Status, it.Why = rules.Fail, fmt.Sprintf("%d-bit prime, below %d bits", ff.bits, min)
		case ff.named && ff.group.SubgroupBits < subgroupBits:
			it.Status, it.Why = rules.Fail, fmt.Sprintf("%d-bit prime subgroup, below %d bits", ff.group.SubgroupBits, subgroupBits)
		case !ff.named:
			it.Status, it.Why = rules.Warn, "custom prime: its subgroup order cannot be verified"
		default:
			continue
		}
		w.item(it)
	}
	w.ev.Threshold = t
	return w.finding("every finite-field DH group in use is large enough", "finite-field DH groups too small or unverifiable")
}
