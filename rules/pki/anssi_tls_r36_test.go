package pkirules_test

import (
	"crypto/x509"
	"testing"
)

func TestR36(t *testing.T) {
	revocation := func(crl, ocsp []string) func(*x509.Certificate) {
		return func(t *x509.Certificate) { t.CRLDistributionPoints, t.OCSPServer = crl, ocsp }
	}
	runCases(t, "ANSSI-TLS-R36", []tcase{
		{name: "pass - OCSP and a CRL", res: compliant().Result()},
		{name: "pass - two CRL URLs", res: withLeaf(leafWith(revocation([]string{"http://a.example.fr/c.crl", "ldap://b.example.fr/c"}, nil), nil)).Result()},
		{name: "warn - OCSP only", res: withLeaf(leafWith(revocation(nil, []string{"http://ocsp.example.fr"}), nil)).Result(),
			why: []string{"1 revocation source(s): 0 CRL URL(s), 1 OCSP responder(s)"}},
		{name: "warn - none", res: withLeaf(leafWith(revocation(nil, nil), nil)).Result(), why: []string{"0 revocation source(s)"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
