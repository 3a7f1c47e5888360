package pkirules_test

import (
	"crypto/elliptic"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR26(t *testing.T) {
	on := func(k fixture.Key) *fixture.Builder { return withLeaf(leafWith(nil, &k)) }
	runCases(t, "ANSSI-TLS-R26", []tcase{
		{name: "pass - ECDSA P-256 leaf, RSA 4096 root", res: compliant().Result()},
		{name: "pass - ECDSA P-384", res: on(fixture.ECDSAKey(elliptic.P384())).Result()},
		{name: "pass - RSA 2048 before 2031", res: on(fixture.RSAKey("rsa2048-leaf")).Result()},
		{name: "fail - RSA 2048 with a 2031 horizon", res: on(fixture.RSAKey("rsa2048-leaf")).Result(), ctx: horizon(2031), why: []string{"RSA 2048 bits, below 3072"}},
		{name: "fail - RSA 1024", res: on(fixture.RSAKey("rsa1024")).Result(), why: []string{"RSA 1024 bits"}},
		{name: "fail - exponent 3", res: on(fixture.RSAExponentKey(3)).Result(), why: []string{"exponent 3, below 65537"}},
		{name: "fail - P-224", res: on(fixture.ECDSAKey(elliptic.P224())).Result(), why: []string{"224-bit order, below RègleECp's 250 bits"}},
		{name: "pass - Ed25519", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			edRoot().Issue(fixture.LeafTemplate("example.fr"), fixture.Ed25519Key()), edRoot())).Result()},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
