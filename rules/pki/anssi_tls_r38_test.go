package pkirules_test

import (
	"crypto/x509"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func TestR38(t *testing.T) {
	noSCT := leafWith(func(t *x509.Certificate) { t.ExtraExtensions = nil }, nil)
	inOCSP := compliantChain()
	inOCSP.Served[0] = noSCT
	inOCSP.OCSP.SCTs = []pki.SCT{{Source: pki.SCTFromOCSP, LogID: "bG9n"}}
	root := fixture.ExempleRoot()
	privateNoSCT := fixture.ExempleIssuing().Issue(func() *x509.Certificate {
		t := fixture.LeafTemplate("example.fr")
		t.ExtraExtensions = nil
		return t
	}(), fixture.CompliantLeaf().Key)
	runCases(t, "ANSSI-TLS-R38", []tcase{
		{name: "pass - three embedded SCTs", res: compliant().Result()},
		{name: "fail - no SCT under a public root", res: withLeaf(noSCT).Result(), why: []string{"no SCT"}},
		{name: "pass - SCTs in the stapled OCSP response", res: compliant().Chains(inOCSP).Result()},
		{name: "pass - SCTs in the TLS extension", res: withLeaf(noSCT).AddExtensions(tls12, 0x0012).Result()},
		{name: "not_applicable - private PKI", res: compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root, privateNoSCT)).Result()},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
