package pkirules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR31(t *testing.T) {
	rsaLeaf := fixture.HARICARoot().Issue(fixture.LeafTemplate("example.fr"), fixture.RSAKey("rsa2048-leaf"))
	rsa12 := fixture.TrustedChain("example.fr", "mozilla", nil, rsaLeaf, fixture.HARICARoot())
	rsa12.Versions = []scanner.Version{tls12}
	// An RSA leaf on TLS 1.2 alone, the compliant TLS 1.3 leaf beside it.
	rsaEndpoint := func(suites ...scanner.Code) *fixture.Builder {
		return fixture.Compliant().Suites(tls12, suites...).Chains(rsa12, fixture.CompliantChain13())
	}
	// Another certificate on the TLS 1.3 leaf's key: still one key.
	sameKey := fixture.HARICARoot().Issue(fixture.LeafTemplate("www.example.fr"), fixture.CompliantLeaf13().Key)
	sameKey12 := fixture.TrustedChain("example.fr", "mozilla", nil, sameKey, fixture.HARICARoot())
	sameKey12.Versions = []scanner.Version{tls12}
	runCases(t, "ANSSI-TLS-R31", []tcase{
		{name: "pass - a key for TLS 1.2 ECDHE, another for TLS 1.3", res: fixture.Compliant().Result()},
		{name: "warn - one chain for TLS 1.2 and 1.3", res: compliant().Result(), why: []string{"its key serves TLSv1.2 ECDHE, TLSv1.3 (EC)DHE"}},
		{name: "warn - two certificates on one key", res: fixture.Compliant().Chains(sameKey12, fixture.CompliantChain13()).Result(),
			why: []string{"its key serves TLSv1.2 ECDHE, TLSv1.3 (EC)DHE"}},
		{name: "pass - an RSA key for ECDHE only", res: rsaEndpoint(0xC02F, 0xC030).Result()},
		{name: "warn - an RSA key for RSA key transport and ECDHE", res: rsaEndpoint(0xC02F, 0x009C).Result(),
			why: []string{"its key serves TLSv1.2 ECDHE, TLSv1.2 RSA key transport"}},
		{name: "warn - an RSA key for DHE and ECDHE", res: rsaEndpoint(0xC02F, 0x009E).Result(), why: []string{"TLSv1.2 DHE, TLSv1.2 ECDHE"}},
		{name: "pass - anonymous and PSK suites use no certificate", res: rsaEndpoint(0xC02F, 0x00A6, 0x00A8).Result()},
		{name: "incomplete - compliance depth: the suites are not all known",
			res: rsaEndpoint(0xC02F).Enumeration(tls12, scanner.EnumCipherSuites, scanner.EnumComplete, scanner.ScopeNonCompliant, "").Result()},
		{name: "warn - compliance depth, one key on two versions already",
			res: compliant().Enumeration(tls12, scanner.EnumCipherSuites, scanner.EnumComplete, scanner.ScopeNonCompliant, "").Result(),
			why: []string{"TLSv1.2 ECDHE, TLSv1.3 (EC)DHE"}},
		{name: "incomplete - TLS 1.3's chain not observed", res: fixture.Compliant().Chains(fixture.CompliantChain()).Result()},
		{name: "not_applicable - no version supported", res: fixture.New().Result()},
	})
}
