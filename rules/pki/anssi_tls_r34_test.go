package pkirules_test

import (
	"crypto/x509"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// withDefects is c with the analysis stating defects (and untrusted when
// one blocks trust).
func withDefects(c fixture.Chain, trusted bool, ds ...pki.Defect) fixture.Chain {
	c.Report.Defects = ds
	c.Report.Trusted = trusted
	return c
}

func idx(i int) *int { return &i }

func TestR34(t *testing.T) {
	notAfter := fixture.CompliantLeaf().X509.NotAfter
	dated := func(nb, na time.Time) fixture.Cert {
		return leafWith(func(t *x509.Certificate) { t.NotBefore, t.NotAfter = nb, na }, nil)
	}
	leaf := fixture.ExempleIssuing().Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key)
	expiredCA := fixture.ExempleRoot().Issue(func() *x509.Certificate {
		t := fixture.IntermediateTemplate("Exemple Old Issuing CA")
		t.NotAfter = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		return t
	}(), fixture.RSAKey("rsa2048-intermediate"))
	private := privateChain(leaf)
	root := fixture.ExempleRoot()
	runCases(t, "ANSSI-TLS-R34", []tcase{
		{name: "pass - leaf and anchor served, trusted", res: compliant().Result()},
		{name: "pass - private chain anchored in a CA file", res: compliant().Chains(private).Result()},
		{name: "fail - leaf expired", res: withLeaf(dated(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))).Result(),
			why: []string{"expired on 2026-10-01T00:00:00Z"}},
		{name: "fail - leaf not yet valid", res: withLeaf(dated(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC))).Result(),
			why: []string{"not valid before 2026-12-01"}},
		{name: "warn - leaf expires in 10 days", res: compliant().Result(), ctx: at(notAfter.Add(-10 * 24 * time.Hour)), why: []string{"in 10 days (warning window 30 days)"}},
		{name: "pass - leaf expires in 10 days, 7-day warning window", res: compliant().Result(),
			ctx: func(c *rules.Context) { c.Time, c.ExpiryWarning = notAfter.Add(-10*24*time.Hour), 7*24*time.Hour }},
		{name: "fail - leaf expired at a later evaluation time", res: compliant().Result(), ctx: at(notAfter.Add(time.Hour)), why: []string{"expired"}},
		{name: "fail - intermediate expired", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root,
			expiredCA.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), expiredCA)).Result(),
			why: []string{"expired on 2026-06-01"}},
		{name: "fail - intermediate missing", res: compliant().Chains(withDefects(fixture.TrustedChain("example.fr", "", nil, leaf), false,
			pki.Defect{Code: pki.DefectMissingIntermediate, ServedIndex: idx(0), Detail: "issuer CN=Exemple Issuing CA not served"})).Result(),
			why: []string{"the path stops"}},
		{name: "fail - served out of order", res: compliant().Chains(withDefects(privateChain(leaf), true, pki.Defect{Code: pki.DefectWrongOrder})).Result(),
			why: []string{"out of path order"}},
		{name: "warn - an extraneous certificate", res: compliant().Chains(withDefects(privateChain(leaf), true,
			pki.Defect{Code: pki.DefectExtraneous, ServedIndex: idx(1)})).Result(), why: []string{"not on the path"}},
		{name: "fail - untrusted self-signed root", res: compliant().Chains(withDefects(fixture.TrustedChain("example.fr", "", nil, leaf, fixture.ExempleIssuing(), fixture.ExempleRoot()), false,
			pki.Defect{Code: pki.DefectUntrustedRoot, ServedIndex: idx(2)})).Result(), why: []string{"not a trust anchor"}},
		{name: "fail - untrusted without a defect", res: compliant().Chains(withDefects(privateChain(leaf), false)).Result(), why: []string{"recorded no defect"}},
		{name: "incomplete - trust unknown", res: func() *fixture.Builder {
			c := withDefects(privateChain(leaf), false)
			c.Report.Unknown = []pki.UnknownFact{{Fact: "trusted", Reason: "leaf_unparseable"}}
			return compliant().Chains(c)
		}().Result()},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
		{name: "fail - certificates unparseable", res: unparseable(compliant().Chains(private).Result()), why: []string{"does not parse", "does not parse"}},
	})
}
