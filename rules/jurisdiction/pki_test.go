package jurisdiction

import (
	"crypto/x509/pkix"
	"testing"
)

// privatePKI is the generated PKI that testdata/private-ca.yaml declares.
type privatePKI struct {
	root, rootReissued, issuing, leafIssuer *issuer
	usRoot, frIntermediate                  *issuer
}

func newPrivatePKI(t *testing.T) privatePKI {
	t.Helper()
	var p privatePKI
	rootName := pkix.Name{Country: []string{"FR"}, Organization: []string{"Exemple SA"}, CommonName: "Exemple Private Root CA"}
	p.root = newCA(t, 1, caTemplate(1, rootName, skiOf(1)), nil)
	// The same key, re-issued: a new certificate hash, the same SPKI hash.
	p.rootReissued = newCA(t, 1, caTemplate(2, rootName, skiOf(1)), nil)
	p.issuing = newCA(t, 2, caTemplate(3, pkix.Name{Country: []string{"FR"}, Organization: []string{"Exemple SA"}, CommonName: "Exemple Issuing CA"}, skiOf(2)), p.root)
	// A US root with an intermediate the user says is operated in France.
	p.usRoot = newCA(t, 4, caTemplate(4, pkix.Name{Country: []string{"US"}, Organization: []string{"Example Inc"}, CommonName: "Example US Root"}, skiOf(4)), nil)
	p.frIntermediate = newCA(t, 5, caTemplate(5, pkix.Name{Country: []string{"FR"}, Organization: []string{"Example France SAS"}, CommonName: "Example FR Issuing CA"}, skiOf(5)), p.usRoot)
	return p
}
