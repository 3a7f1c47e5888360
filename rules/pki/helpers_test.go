package pkirules_test

import (
	"crypto/x509"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
)

const (
	tls12 = scanner.TLSv12
	tls13 = scanner.TLSv13
)

var evalTime = ruletest.EvalTime

// tcase is one row of a rule's table test. The name starts with the
// status it expects ("fail - SHA-1 leaf").
type tcase struct {
	name string
	res  *scanner.Result
	// why are substrings of the offending items' reasons, in order; nil:
	// not checked.
	why []string
	ctx func(*rules.Context)
}

// compliant is the compliant endpoint serving one chain, compliantChain,
// under both its versions: the certificate rules judge one chain, and the
// cases replace it (fixture.TrustedChain's chains are served under both
// versions too). fixture.Compliant's own TLS 1.3 chain, with a key of its
// own, is ANSSI-TLS-R31's business.
func compliant() *fixture.Builder { return fixture.Compliant().Chains(compliantChain()) }

// compliantChain is fixture.CompliantChain served under TLS 1.2 and 1.3.
func compliantChain() fixture.Chain {
	c := fixture.CompliantChain()
	c.Versions = []scanner.Version{tls12, tls13}
	return c
}

// withLeaf is the compliant endpoint serving leaf instead of its own.
func withLeaf(leaf fixture.Cert) *fixture.Builder {
	c := compliantChain()
	c.Served = append([]fixture.Cert{leaf}, c.Served[1:]...)
	return fixture.Compliant().Chains(c)
}

// leafWith issues the compliant leaf with edit applied to its template,
// on key (the compliant leaf's key when nil).
func leafWith(edit func(*x509.Certificate), key *fixture.Key) fixture.Cert {
	t := fixture.LeafTemplate("example.fr")
	if edit != nil {
		edit(t)
	}
	k := fixture.CompliantLeaf().Key
	if key != nil {
		k = *key
	}
	return fixture.HARICARoot().Issue(t, k)
}

func key(k fixture.Key) *fixture.Key { return &k }

// privateChain is a chain under TLS 1.2 from the Exemple private PKI:
// leaf, issuing CA, with the root as an anchor from a CA file (not served).
func privateChain(leaf fixture.Cert) fixture.Chain {
	root := fixture.ExempleRoot()
	return fixture.TrustedChain("example.fr", "/etc/cryptoscan/ca.pem", &root, leaf, fixture.ExempleIssuing())
}

// runCases evaluates rule id on each case and checks the status its name
// announces, the offending items' reasons, and that no fact set to unknown
// turns the case into a pass (ruletest).
func runCases(t *testing.T, id string, cases []tcase) {
	t.Helper()
	var cs []ruletest.Case
	for _, tc := range cases {
		c := ruletest.Case{Name: tc.name, Res: tc.res, Ctx: tc.ctx}
		if tc.why != nil {
			c.Check = ruletest.Reasons(tc.why)
		}
		cs = append(cs, c)
	}
	ruletest.Family{}.Run(t, ruletest.Rule(t, id), cs)
}

func horizon(y int) func(*rules.Context) { return func(c *rules.Context) { c.Horizon = y } }

func at(t time.Time) func(*rules.Context) { return func(c *rules.Context) { c.Time = t } }

// tls13Only is the compliant endpoint without TLS 1.2: no chain observed.
func tls13Only() *scanner.Result { return compliant().NotSupported(tls12).Chains().Result() }

// unparseable is res with the certificates of its TLS 1.2 chains
// unreadable (the meta-tests' mutation).
func unparseable(res *scanner.Result) *scanner.Result {
	for _, m := range fixture.Mutations(rules.Fact{Kind: fixture.FactCertificates, Version: tls12}) {
		if m.Name == "certificates unparseable" {
			return m.Apply(res)
		}
	}
	panic("no such mutation")
}

// asIKE is r as an IPsec gateway: its chains read from an IKE_AUTH answer
// signed with a certificate, no TLS observation.
func asIKE(r *scanner.Result) *scanner.Result {
	chains := r.TLS.Certificates
	for i := range chains {
		chains[i].Versions, chains[i].SNI, chains[i].WithoutSNI = []scanner.Version{}, false, false
	}
	r.TLS = nil
	r.Endpoint.Protocol, r.Endpoint.Port, r.Endpoint.SNI = "ike", 500, ""
	r.IKE = &scanner.IKEObservation{
		V2: scanner.VersionStatus{Status: scanner.Supported}, V1: scanner.VersionStatus{Status: scanner.NotSupported},
		Auth: &scanner.IKEAuth{Status: scanner.Supported, IDType: "FQDN", ID: "example.fr", AuthMethod: "Digital Signature",
			SignatureAlgorithm: "ecdsa-with-SHA256", Certificates: chains},
	}
	return r
}

// ikeAuth is an IPsec gateway whose IKE_AUTH answer is edited by edit.
func ikeAuth(edit func(a *scanner.IKEAuth)) *scanner.Result {
	r := asIKE(compliant().Result())
	edit(r.IKE.Auth)
	return r
}
