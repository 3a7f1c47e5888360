package pkirules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestFact(t *testing.T) {
	rsa := func(name string) *fixture.Builder { return withLeaf(leafWith(nil, key(fixture.RSAKey(name)))) }
	runCases(t, "ANSSI-CRYPTO-Fact", []tcase{
		{name: "pass - ECDSA leaf, RSA 4096 root", res: compliant().Result()},
		{name: "pass - RSA 2048 before 2031", res: rsa("rsa2048-leaf").Result()},
		{name: "fail - RSA 2048 with a 2031 horizon", res: rsa("rsa2048-leaf").Result(), ctx: horizon(2031), why: []string{"2048-bit modulus, below 3072 bits"}},
		{name: "pass - RSA 3072 with a 2031 horizon", res: rsa("rsa3072").Result(), ctx: horizon(2031)},
		{name: "fail - RSA 1024", res: rsa("rsa1024").Result(), why: []string{"1024-bit modulus, below 2048 bits"}},
		{name: "fail - IPsec gateway, RSA 1024 in IKE_AUTH", res: asIKE(rsa("rsa1024").Result()), why: []string{"1024-bit modulus, below 2048 bits"}},
		{name: "pass - IPsec gateway, compliant chain in IKE_AUTH", res: asIKE(compliant().Result())},
		{name: "fail - exponent 3", res: withLeaf(leafWith(nil, key(fixture.RSAExponentKey(3)))).Result(), why: []string{"public exponent 3, not greater than 65536"}},
		{name: "fail - exponent 65536+1 is fine, 65535 is not", res: withLeaf(leafWith(nil, key(fixture.RSAExponentKey(65535)))).Result(), why: []string{"exponent 65535"}},
		{name: "fail - RSA 1024 intermediate", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			weakIssuing().Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), weakIssuing(), fixture.ExempleRoot())).Result(),
			why: []string{"1024-bit"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}

// weakIssuing is an issuing CA with a 1024-bit RSA key under ExempleRoot.
func weakIssuing() fixture.Cert {
	return fixture.ExempleRoot().Issue(fixture.IntermediateTemplate("Weak Issuing CA"), fixture.RSAKey("rsa1024"))
}
