package pkirules_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

// akiExtension is an authority key identifier extension naming id.
func akiExtension(id []byte, critical bool) pkix.Extension {
	v, _ := encasn1.Marshal(struct {
		ID []byte `asn1:"optional,tag:0"`
	}{ID: id})
	return pkix.Extension{Id: encasn1.ObjectIdentifier{2, 5, 29, 35}, Critical: critical, Value: v}
}

func TestR32(t *testing.T) {
	haricaSKI := fixture.HARICARoot().X509.SubjectKeyId
	with := func(ext pkix.Extension) func(*x509.Certificate) {
		return func(t *x509.Certificate) { t.ExtraExtensions = append(t.ExtraExtensions, ext) }
	}
	// An issuer without a subject key identifier (crypto/x509 gives every
	// CA certificate one, so this one is not flagged CA) issues
	// certificates without an authority key identifier.
	bareRoot := fixture.SelfSigned(func() *x509.Certificate {
		t := fixture.RootTemplate("Root Without SKI")
		t.SubjectKeyId, t.IsCA, t.BasicConstraintsValid = []byte{}, false, false
		return t
	}(), fixture.RSAKey("rsa2048-ca"))
	leaf := fixture.ExempleIssuing().Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key)
	root := fixture.ExempleRoot()
	runCases(t, "ANSSI-TLS-R32", []tcase{
		{name: "pass - leaf names HARICA's key", res: compliant().Result()},
		{name: "pass - private chain, issuing CA's issuer not served", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root, leaf, fixture.ExempleIssuing())).Result()},
		{name: "fail - wrong key identifier", res: withLeaf(leafWith(with(akiExtension([]byte{1, 2, 3, 4}, false)), nil)).Result(),
			why: []string{"AuthorityKeyIdentifier 01020304 is not the issuer's SubjectKeyIdentifier"}},
		{name: "fail - critical", res: withLeaf(leafWith(with(akiExtension(haricaSKI, true)), nil)).Result(), why: []string{"AuthorityKeyIdentifier is critical"}},
		{name: "fail - absent", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			bareRoot.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), bareRoot)).Result(), why: []string{"no AuthorityKeyIdentifier"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
