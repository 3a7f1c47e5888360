package pkirules

import (
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
	"sync"

	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3"
	"github.com/zmap/zlint/v3/lint"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// zlintVersion is the zlint module the lints come from (go.mod).
const zlintVersion = "v3.7.3"

// rfcSources are linted on every chain; publicSources only on chains that
// end at a public root (Context.PublicRootSources). zlint's own Community
// lints are opinions, not requirements, and the S/MIME and code-signing
// requirements do not concern TLS servers: they are not run.
var (
	rfcSources    = lint.SourceList{lint.RFC3279, lint.RFC5280, lint.RFC5480, lint.RFC5891, lint.RFC6962, lint.RFC8813}
	publicSources = lint.SourceList{lint.CABFBaselineRequirements, lint.CABFEVGuidelines, lint.MozillaRootStorePolicy,
		lint.AppleRootStorePolicy, lint.ChromeRootStorePolicy, lint.EtsiEsi}
)

// supersededByBR are RFC lints the baseline requirements override for
// public certificates: zlint runs both, so that every subscriber
// certificate would offend one. RFC 5280 says a subscriber certificate
// SHOULD carry a subject key identifier; BR 7.1.2.7.6 makes it NOT
// RECOMMENDED (w_ext_subject_key_identifier_not_recommended_subscriber).
var supersededByBR = []string{"w_ext_subject_key_identifier_missing_sub_cert"}

// zlintRegistries are built once: the RFC lints, and the RFC plus the
// public-PKI lints.
var zlintRegistries = sync.OnceValues(func() ([2]lint.Registry, error) {
	var out [2]lint.Registry
	rfc, err := lint.GlobalRegistry().Filter(lint.FilterOptions{IncludeSources: rfcSources})
	if err != nil {
		return out, err
	}
	all, err := lint.GlobalRegistry().Filter(lint.FilterOptions{IncludeSources: append(slices.Clone(rfcSources), publicSources...),
		ExcludeNames: supersededByBR})
	if err != nil {
		return out, err
	}
	out[0], out[1] = rfc, all
	return out, nil
})

func init() {
	rules.Register(&rules.Rule{
		ID:        "ZLINT-v3",
		Title:     "Certificates pass the zlint lints",
		Reference: rules.Reference{Document: "zlint", Edition: zlintVersion, Item: "RFC 5280 and CA/Browser Forum lints", Section: "lints/rfc, lints/cabf_br, lints/cabf_ev, lints/mozilla, lints/apple, lints/chrome, lints/etsi"},
		Severity:  rules.Medium,
		Description: "Every served certificate is linted with zlint " + zlintVersion + ": the RFC lints (RFC 5280, 3279, 5480, " +
			"5891, 6962, 8813) on every chain, and the CA/Browser Forum baseline requirements and EV guidelines, the " +
			"Mozilla, Apple and Chrome root store policies and the ETSI lints on chains that end at a public root (Mozilla's " +
			"by default). A lint that errs fails and a lint that warns warns, each reported as its own finding " +
			"ZLINT-<lint name> with zlint's citation; the passes of a certificate without offence are summarised in one " +
			"finding under ZLINT-v3. A public root the server sends is the root program's business and is not linted. " +
			"zlint's Community lints are not run. An IPsec gateway's chain, read from its IKE_AUTH answer to an initiator asking for EAP, is graded the same way.",
		Fix:     "Have the CA re-issue the certificate so that it conforms to RFC 5280 and, for a public CA, to the baseline requirements.",
		Reads:   reads,
		Applies: appliesAll,
		Check:   checkZlint,
		Fixtures: func() rules.Fixtures {
			root := fixture.ExempleRoot()
			leaf := func(edit func(*x509.Certificate)) fixture.Cert {
				t := fixture.LeafTemplate("example.fr")
				t.SubjectKeyId = nil // RFC 5280 wants one
				if edit != nil {
					edit(t)
				}
				return fixture.ExempleIssuing().Issue(t, fixture.CompliantLeaf().Key)
			}
			return rules.Fixtures{
				// A leaf alone, under a private root: the RFC lints.
				Pass: fixture.Compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root, leaf(nil))).Result(),
				// Without a subject key identifier: w_ext_subject_key_identifier_missing_sub_cert.
				Fail: fixture.Compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root, leaf(func(t *x509.Certificate) { t.SubjectKeyId = []byte{} }))).Result(),
			}
		},
	})
}

func checkZlint(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	if len(w.chains) == 0 {
		return w.finding("", "")
	}
	regs, err := zlintRegistries()
	if err != nil {
		w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: "zlint", State: "unavailable", Detail: err.Error()})
		return w.finding("", "")
	}
	// A certificate is linted once, with the public lints when one of the
	// chains serving it ends at a public root.
	public := map[string]bool{}
	for _, ch := range w.chains {
		if ch.f.Anchor != "" && ctx.PublicRoot(ch.f.AnchorSource) {
			for _, c := range ch.certs {
				public[c.sha] = true
			}
		}
	}
	var out []rules.Finding
	w.each(func(c cert) {
		if c.sha == c.chain.f.Anchor && public[c.sha] {
			w.note("%s: a public root, served; not linted", c.name())
			return
		}
		out = append(out, lintOne(c, public[c.sha], regs)...)
	})
	if len(w.ev.Unknown) > 0 {
		// Certificates that are not described, or versions whose chains
		// were not seen: one finding says so, and no pass stands beside
		// it (the lints that fail or warn stay: they are known).
		passed := 0
		out = slices.DeleteFunc(out, func(f rules.Finding) bool {
			if f.Status == rules.Pass {
				passed++
				return true
			}
			return false
		})
		msg := "cannot lint: " + rules.DescribeUnknown(w.ev.Unknown)
		if passed > 0 {
			msg += fmt.Sprintf("; %d certificate(s) seen passed every lint", passed)
		}
		out = append(out, rules.Finding{Status: rules.Incomplete, Message: msg, Evidence: w.ev})
	}
	if len(out) == 0 {
		return []rules.Finding{{Status: rules.Pass, Message: "nothing to lint: the only served certificates are public roots", Evidence: w.ev}}
	}
	return out
}

// lintOne lints one certificate: a finding per lint that errs or warns,
// or one finding summarising the passes.
func lintOne(c cert, public bool, regs [2]lint.Registry) []rules.Finding {
	reg, scope := regs[0], "RFC lints"
	if public {
		reg, scope = regs[1], "RFC and public-PKI lints"
	}
	item := rules.Item{Kind: itemCertificate, Version: c.chain.version(), Name: c.name()}
	zc, err := zx509.ParseCertificate(c.desc.DER)
	if err != nil {
		ev := rules.Evidence{Unknown: []rules.UnknownFact{{Fact: factCertificates, Version: c.chain.version(), State: "unparseable",
			Detail: c.name() + ": zcrypto cannot parse it: " + err.Error()}}}
		return []rules.Finding{{Status: rules.Incomplete, Message: "cannot lint " + c.name() + ": it does not parse", Evidence: ev}}
	}
	res := zlint.LintCertificateEx(zc, reg)
	names := make([]string, 0, len(res.Results))
	for n := range res.Results {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []rules.Finding
	var passed, na int
	var notices []string
	for _, n := range names {
		lr := res.Results[n]
		var st rules.Status
		sev := rules.Medium
		switch lr.Status {
		case lint.Pass:
			passed++
			continue
		case lint.NA, lint.NE:
			na++
			continue
		case lint.Notice:
			notices = append(notices, n)
			continue
		case lint.Warn:
			st, sev = rules.Warn, rules.Low
		default: // Error, Fatal
			st = rules.Fail
		}
		m := lr.LintMetadata
		it := item
		it.Kind, it.Name, it.Status = itemLint, n+" on "+c.name(), st
		it.Why = m.Description
		if lr.Details != "" {
			it.Why += " (" + lr.Details + ")"
		}
		out = append(out, rules.Finding{
			RuleID:    "ZLINT-" + n,
			Title:     m.Description,
			Status:    st,
			Severity:  sev,
			Message:   fmt.Sprintf("%s on %s: %s", n, c.name(), it.Why),
			Evidence:  rules.Evidence{Items: []rules.Item{it}, Notes: []string{fmt.Sprintf("zlint %s, %s: %d other lints passed, %d not applicable", zlintVersion, scope, passed, na)}},
			Reference: rules.Reference{Document: "zlint", Edition: zlintVersion, Item: n + " (" + string(m.Source) + ")", Section: orUnknown(m.Citation)},
		})
	}
	if len(out) > 0 {
		// The counts are final only now.
		for i := range out {
			out[i].Evidence.Notes = []string{fmt.Sprintf("zlint %s, %s on this certificate: %d passed, %d not applicable, %d not passing", zlintVersion, scope, passed, na, len(out))}
		}
		return out
	}
	item.Status, item.Why = rules.Pass, fmt.Sprintf("%d lints passed, %d not applicable", passed, na)
	ev := rules.Evidence{Items: []rules.Item{item}, Checked: []rules.Checked{{Fact: "zlint_lints", Version: c.chain.version(), State: "passed", Count: passed}}}
	msg := fmt.Sprintf("%d zlint %s passed on %s (%d not applicable)", passed, scope, c.name(), na)
	if len(notices) > 0 {
		ev.Notes = append(ev.Notes, "notices: "+strings.Join(notices, ", "))
		msg += fmt.Sprintf("; %d notices", len(notices))
	}
	return []rules.Finding{{Status: rules.Pass, Message: msg, Evidence: ev}}
}
