package pkirules

import (
	"crypto/x509"
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R36",
		Title:     "Revocation information is published redundantly",
		Reference: tlsRef("R36", "§3.2"),
		Severity:  rules.Low,
		Description: "Revocation information must be published redundantly, for availability. The network shows only what " +
			"the leaf advertises; reading 'redundant' as at least two sources (several CRL URLs, or OCSP and a CRL) is " +
			"cryptoscan's, not the guide's, so a single source is a warning. Whether each source answers is not probed.",
		Fix:     "Publish the leaf's revocation status at two places at least: an OCSP responder and a CRL distribution point.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR36,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) { t.CRLDistributionPoints = nil })).Result(),
			}
		},
	})
}

func checkR36(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.leaves(func(c cert) {
		d := c.desc
		if len(d.Errors) > 0 {
			w.unreadable(c, "extensions")
			return
		}
		if n := len(d.CRLDistributionPoints) + len(d.OCSPServers); n < 2 {
			w.item(c, rules.Warn, fmt.Sprintf("%d revocation source(s): %d CRL URL(s), %d OCSP responder(s)", n, len(d.CRLDistributionPoints), len(d.OCSPServers)))
		}
	})
	return w.finding("every leaf advertises at least two revocation sources", "leaves with a single revocation source or none")
}
