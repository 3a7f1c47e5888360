package pkirules

import (
	"crypto/x509"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

const oidExtKeyUsage = "2.5.29.37"

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R28",
		Title:     "Extended key usage is serverAuth only, not critical",
		Reference: tlsRef("R28", "§3.1.2"),
		Severity:  rules.Medium,
		Description: "The leaf's ExtendedKeyUsage extension must be present and non-critical, with id-kp-serverAuth only. " +
			"Many public certificates long carried serverAuth and clientAuth; the recommendation's text asks for " +
			"serverAuth alone, and so does the Chrome root program for public TLS certificates since 2026: it fails.",
		Fix:     "Have the certificate re-issued with a non-critical ExtendedKeyUsage of serverAuth alone.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR28,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) {
					t.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
				})).Result(),
			}
		},
	})
}

func checkR28(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.leaves(func(c cert) {
		d := c.desc
		if len(d.Errors) > 0 {
			w.unreadable(c, "extensions")
			return
		}
		present, critical := hasExtension(d, oidExtKeyUsage)
		if !present {
			w.item(c, rules.Fail, "no ExtendedKeyUsage extension")
			return
		}
		var why []string
		if critical {
			why = append(why, "ExtendedKeyUsage is critical")
		}
		if !slices.Contains(d.ExtKeyUsage, "serverAuth") {
			why = append(why, "no serverAuth")
		}
		if extra := slices.DeleteFunc(slices.Clone(d.ExtKeyUsage), func(u string) bool { return u == "serverAuth" }); len(extra) > 0 {
			why = append(why, "purposes beyond serverAuth: "+strings.Join(extra, ", "))
		}
		if len(why) > 0 {
			w.item(c, rules.Fail, strings.Join(why, "; "))
		}
	})
	return w.finding("every leaf's ExtendedKeyUsage is serverAuth alone, not critical", "leaves with another ExtendedKeyUsage")
}
