package pkirules_test

import (
	"crypto/x509"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR33(t *testing.T) {
	revocation := func(crl, ocsp, issuers []string) func(*x509.Certificate) {
		return func(t *x509.Certificate) {
			t.CRLDistributionPoints, t.OCSPServer, t.IssuingCertificateURL = crl, ocsp, issuers
		}
	}
	noRevocationCA := fixture.ExempleRoot().Issue(func() *x509.Certificate {
		t := fixture.IntermediateTemplate("Exemple Bare Issuing CA")
		revocation(nil, nil, nil)(t)
		return t
	}(), fixture.RSAKey("rsa2048-intermediate"))
	root := fixture.ExempleRoot()
	runCases(t, "ANSSI-TLS-R33", []tcase{
		{name: "pass - CRL and OCSP", res: compliant().Result()},
		{name: "pass - CRL only", res: withLeaf(leafWith(revocation([]string{"http://crl.example.fr/a.crl"}, nil, nil), nil)).Result()},
		{name: "warn - caIssuers only", res: withLeaf(leafWith(revocation(nil, nil, []string{"http://ca.example.fr/ca.crt"}), nil)).Result(),
			why: []string{"no CRL URL nor OCSP responder"}},
		{name: "fail - nothing", res: withLeaf(leafWith(revocation(nil, nil, nil), nil)).Result(), why: []string{"neither CRLDistributionPoints nor AuthorityInfoAccess"}},
		{name: "fail - intermediate without revocation information", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root,
			noRevocationCA.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), noRevocationCA)).Result(),
			why: []string{"neither"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
