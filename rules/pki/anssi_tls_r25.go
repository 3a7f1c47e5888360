package pkirules

import (
	"crypto/x509"
	"fmt"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// r25Cutover: certificates issued from this date may not exceed 825 days.
var r25Cutover = time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R25",
		Title:     "Server certificates are valid for 825 days at most",
		Reference: tlsRef("R25", "§3.1.1"),
		Severity:  rules.Medium,
		Description: "A TLS authentication certificate must not be valid for more than 3 years, and for no more than 825 " +
			"days when issued after 1 March 2018. The period is notAfter − notBefore, both inclusive (RFC 5280, " +
			"Section 4.1.2.5), graded on each chain's leaf by its notBefore. (Public CAs are held to shorter periods by the " +
			"CA/Browser Forum, which zlint checks.)",
		Fix:     "Have the certificate re-issued with a validity of 825 days or less (public CAs issue 199 days at most since 2026).",
		Reads:   reads,
		Applies: applies,
		Check:   checkR25,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) { t.NotAfter = t.NotBefore.Add(900 * 24 * time.Hour) })).Result(),
			}
		},
	})
}

func checkR25(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.leaves(func(c cert) {
		d := c.desc
		if d.NotBefore.IsZero() || d.NotAfter.IsZero() {
			w.unreadable(c, "validity period")
			return
		}
		period := d.NotAfter.Sub(d.NotBefore) + time.Second
		limit, basis := 825*24*time.Hour, "825 days (issued from 2018-03-01)"
		if d.NotBefore.Before(r25Cutover) {
			limit, basis = d.NotBefore.AddDate(3, 0, 0).Sub(d.NotBefore), "3 years (issued before 2018-03-01)"
		}
		if period > limit {
			w.item(c, rules.Fail, fmt.Sprintf("valid for %s, more than %s", days(period), basis))
		}
	})
	return w.finding("every leaf is valid for 825 days or less", "leaves valid for too long")
}
