package pkirules

import (
	"crypto/x509"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

const (
	oidCRLDistributionPoints = "2.5.29.31"
	oidAuthorityInfoAccess   = "1.3.6.1.5.5.7.1.1"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R33",
		Title:     "Certificates say where to check revocation",
		Reference: tlsRef("R33", "§3.1.2"),
		Severity:  rules.Medium,
		Description: "At least one of CRLDistributionPoints and AuthorityInfoAccess must be present, and non-critical. " +
			"Graded on every served certificate but self-signed roots. An AuthorityInfoAccess that only gives the issuer's " +
			"certificate (caIssuers) meets the letter but gives no revocation source: a warning.",
		Fix:     "Have the certificate re-issued with a CRL distribution point and an OCSP responder URL, neither critical.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR33,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) {
					t.CRLDistributionPoints, t.OCSPServer, t.IssuingCertificateURL = nil, nil, nil
				})).Result(),
			}
		},
	})
}

func checkR33(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.each(func(c cert) {
		d := c.desc
		if d.SelfSigned {
			return
		}
		if len(d.Errors) > 0 {
			w.unreadable(c, "extensions")
			return
		}
		crl, crlCritical := hasExtension(d, oidCRLDistributionPoints)
		aia, aiaCritical := hasExtension(d, oidAuthorityInfoAccess)
		switch {
		case !crl && !aia:
			w.item(c, rules.Fail, "neither CRLDistributionPoints nor AuthorityInfoAccess")
		case crlCritical || aiaCritical:
			w.item(c, rules.Fail, "a revocation extension is critical")
		case len(d.CRLDistributionPoints) == 0 && len(d.OCSPServers) == 0:
			w.item(c, rules.Warn, "no CRL URL nor OCSP responder: no revocation source")
		}
	})
	return w.finding("every served certificate but the roots gives a revocation source in a non-critical extension",
		"certificates without revocation information")
}
