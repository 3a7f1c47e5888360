package pkirules

import (
	"crypto/x509"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

// compliantWithLeaf is the compliant endpoint serving leaf in place of its
// own (same issuer, same stapled OCSP response): one fact differs.
func compliantWithLeaf(leaf fixture.Cert) *fixture.Builder {
	c := fixture.CompliantChain()
	c.Served = append([]fixture.Cert{leaf}, c.Served[1:]...)
	return fixture.Compliant().Chains(c, fixture.CompliantChain13())
}

// compliantLeafWith is the compliant leaf with edit applied to its template
// (and its key, ECDSA P-256, unless key is given).
func compliantLeafWith(edit func(t *x509.Certificate), key ...fixture.Key) fixture.Cert {
	t := fixture.LeafTemplate("example.fr")
	edit(t)
	k := fixture.CompliantLeaf().Key
	if len(key) > 0 {
		k = key[0]
	}
	return fixture.HARICARoot().Issue(t, k)
}
