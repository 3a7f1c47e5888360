package dnsrules_test

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func hexSHA256(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
func hexSHA512(b []byte) string { h := sha512.Sum512(b); return hex.EncodeToString(h[:]) }

func tlsa(recs ...dnsprobe.TLSA) func(o *dnsprobe.Observation) {
	return func(o *dnsprobe.Observation) { o.TLSA[0].Records = recs }
}

// single is the compliant endpoint serving one chain, the compliant one,
// under TLS 1.2 and 1.3, so that each case's records are checked against
// it alone.
func single() *fixture.Builder {
	c := fixture.CompliantChain()
	c.Versions = []scanner.Version{scanner.TLSv12, scanner.TLSv13}
	return fixture.Compliant().Chains(c)
}

// dns1 is single with the compliant DNS observation, edited.
func dns1(edit func(o *dnsprobe.Observation)) *scanner.Result {
	return withDNS(single().Result(), edit)
}

func TestTLSA(t *testing.T) {
	chain := fixture.CompliantChain()
	leaf, root := chain.Served[0], chain.Served[1]
	leafKey := hexSHA256(leaf.X509.RawSubjectPublicKeyInfo)
	stale := strings.Repeat("5a", 32)
	rsaLeaf := fixture.HARICARoot().Issue(fixture.LeafTemplate("example.fr"), fixture.RSAKey("rsa2048-leaf"))
	rsaChain := fixture.TrustedChain("example.fr", "mozilla", nil, rsaLeaf, fixture.HARICARoot())
	runCases(t, "DNS-TLSA", []tcase{
		{name: "pass - DANE-EE 3 1 1 on the leaf's key", res: dns1(nil)},
		{name: "pass - DANE-EE 3 0 2 on the leaf certificate", res: dns1(tlsa(dnsprobe.TLSA{Usage: 3, Selector: 0, MatchingType: 2, Data: hexSHA512(leaf.DER)}))},
		{name: "pass - DANE-TA 2 0 1 on the served root", res: dns1(tlsa(dnsprobe.TLSA{Usage: 2, Selector: 0, MatchingType: 1, Data: hexSHA256(root.DER)}))},
		{name: "pass - a rollover record beside the matching one", res: dns1(tlsa(
			dnsprobe.TLSA{Usage: 3, Selector: 1, MatchingType: 1, Data: stale},
			dnsprobe.TLSA{Usage: 3, Selector: 1, MatchingType: 1, Data: leafKey}))},
		{name: "fail - the record names a retired key", res: dns1(tlsa(dnsprobe.TLSA{Usage: 3, Selector: 1, MatchingType: 1, Data: stale})),
			why: []string{"_443._tcp.example.fr TLSA 3 1 1 5a5a5a5a5a5a5a5a… on chain 0", "DANE-EE record does not match: the leaf certificate does not have this data"}},
		{name: "fail - DANE-TA on a root the server does not send", res: dns1(tlsa(dnsprobe.TLSA{Usage: 2, Selector: 0, MatchingType: 1, Data: stale})),
			why: []string{"DANE-TA record does not match: no served CA certificate has this data"}},
		{name: "fail - second chain (RSA) not covered", res: withDNS(single().AddChain(rsaChain).Result(), nil),
			why: []string{"on chain 1"}},
		{name: "pass - both chains covered", res: withDNS(single().AddChain(rsaChain).Result(), tlsa(
			dnsprobe.TLSA{Usage: 3, Selector: 1, MatchingType: 1, Data: leafKey},
			dnsprobe.TLSA{Usage: 3, Selector: 1, MatchingType: 1, Data: hexSHA256(rsaLeaf.X509.RawSubjectPublicKeyInfo)}))},
		{name: "warn - only unusable records", res: dns1(tlsa(dnsprobe.TLSA{Usage: 4, Selector: 1, MatchingType: 1, Data: leafKey})),
			why: []string{"unusable: unknown certificate usage 4"}},
		{name: "warn - matching records in an unsigned zone", res: dns1(unsigned), why: []string{"the zone is not signed"}},
		{name: "pass - signed zone, the resolver did not set AD", res: dns1(func(o *dnsprobe.Observation) { o.TLSA[0].Lookup.Authenticated = false })},
		{name: "incomplete - no AD and the zone's DNSKEY lookup failed", res: dns1(func(o *dnsprobe.Observation) {
			o.TLSA[0].Lookup.Authenticated = false
			o.DNSSEC.DNSKEY = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonServFail}}
			o.DNSSEC.Keys = nil
		})},
		{name: "info - no TLSA record", res: dns1(func(o *dnsprobe.Observation) {
			o.TLSA[0].Lookup, o.TLSA[0].Records = dnsprobe.Lookup{State: dnsprobe.Absent, NXDomain: true}, nil
		}), why: []string{"no TLSA record"}},
		{name: "incomplete - TLSA lookup timed out", res: dns1(func(o *dnsprobe.Observation) {
			o.TLSA[0].Lookup = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout}}
			o.TLSA[0].Records = nil
		})},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: withDNS(fixture.Compliant().NotSupported(0x0303).Chains().Result(), nil)},
		{name: "not_applicable - TLSA not asked for the port", res: dns1(func(o *dnsprobe.Observation) { o.TLSA[0].Port = 25 })},
	})
}
