package pkirules_test

import (
	"crypto/x509"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR24(t *testing.T) {
	sha1Root := fixture.SelfSigned(func() *x509.Certificate {
		t := fixture.RootTemplate("Old SHA-1 Root")
		t.SignatureAlgorithm = x509.SHA1WithRSA
		return t
	}(), fixture.RSAKey("rsa2048-ca"))
	sha1Leaf := leafWith(func(t *x509.Certificate) { t.SignatureAlgorithm = x509.SHA1WithRSA }, nil)
	md5Leaf := fixture.HARICARoot().IssueOdd(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key, fixture.Odd{MD5: true})
	sha1Inter := fixture.ExempleRoot().Issue(func() *x509.Certificate {
		t := fixture.IntermediateTemplate("Exemple SHA-1 Issuing CA")
		t.SignatureAlgorithm = x509.SHA1WithRSA
		return t
	}(), fixture.RSAKey("rsa2048-intermediate"))
	runCases(t, "ANSSI-TLS-R24", []tcase{
		{name: "pass - SHA-256 leaf and root", res: compliant().Result()},
		{name: "fail - SHA-1 leaf", res: withLeaf(sha1Leaf).Result(), why: []string{"SHA1-RSA signature"}},
		{name: "fail - MD5 leaf", res: withLeaf(md5Leaf).Result(), why: []string{"MD5-RSA signature"}},
		{name: "fail - SHA-1 intermediate", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			fixture.ExempleIssuing().Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), sha1Inter, fixture.ExempleRoot())).Result(),
			why: []string{"SHA1-RSA"}},
		{name: "info - SHA-1 self-signature of a served root", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			sha1Root.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), sha1Root)).Result(),
			why: []string{"self-signature of a root"}},
		{name: "pass - Ed25519 leaf signed by an Ed25519 CA", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			edRoot().Issue(fixture.LeafTemplate("example.fr"), fixture.Ed25519Key()), edRoot())).Result()},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
		{name: "not_applicable - nothing supported", res: fixture.New().Result()},
	})
}

// edRoot is a root CA with an Ed25519 key.
func edRoot() fixture.Cert {
	return fixture.SelfSigned(fixture.RootTemplate("Ed25519 Root"), fixture.Ed25519Key())
}
