package pkirules_test

import (
	"crypto/x509"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestHash(t *testing.T) {
	with := func(alg x509.SignatureAlgorithm) fixture.Cert {
		return leafWith(func(t *x509.Certificate) { t.SignatureAlgorithm = alg }, nil)
	}
	sha1Root := fixture.SelfSigned(func() *x509.Certificate {
		t := fixture.RootTemplate("Old SHA-1 Root")
		t.SignatureAlgorithm = x509.SHA1WithRSA
		return t
	}(), fixture.RSAKey("rsa2048-ca"))
	pssRoot := fixture.SelfSigned(func() *x509.Certificate {
		t := fixture.RootTemplate("PSS Root")
		t.SignatureAlgorithm = x509.SHA512WithRSA
		return t
	}(), fixture.RSAKey("rsa2048-ca"))
	pssLeaf := fixture.LeafTemplate("example.fr")
	pssLeaf.SignatureAlgorithm = x509.SHA384WithRSAPSS
	runCases(t, "ANSSI-CRYPTO-Hash", []tcase{
		{name: "pass - SHA-256", res: compliant().Result()},
		{name: "pass - SHA-512 root, RSA-PSS leaf with SHA-384", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			pssRoot.Issue(pssLeaf, fixture.CompliantLeaf().Key), pssRoot)).Result()},
		{name: "fail - SHA-1 leaf", res: withLeaf(with(x509.SHA1WithRSA)).Result(), why: []string{"SHA-1 has a 160-bit output"}},
		{name: "fail - IPsec gateway, SHA-1 leaf in IKE_AUTH", res: asIKE(withLeaf(with(x509.SHA1WithRSA)).Result()), why: []string{"SHA-1 has a 160-bit output"}},
		{name: "fail - MD5 leaf", res: withLeaf(fixture.HARICARoot().IssueOdd(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key, fixture.Odd{MD5: true})).Result(),
			why: []string{"MD5 has a 128-bit output"}},
		{name: "info - SHA-1 self-signature of a served root", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			sha1Root.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), sha1Root)).Result(),
			why: []string{"self-signature of a root"}},
		{name: "pass - Ed25519", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			edRoot().Issue(fixture.LeafTemplate("example.fr"), fixture.Ed25519Key()), edRoot())).Result()},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
