package pkirules_test

import (
	"crypto/x509"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

const (
	tls12 = scanner.TLSv12
	tls13 = scanner.TLSv13
)

var evalTime = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

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
// turns the case into a pass.
func runCases(t *testing.T, id string, cases []tcase) {
	t.Helper()
	r, ok := rules.ByID(id)
	if !ok {
		t.Fatalf("rule %s is not registered", id)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, _, ok := strings.Cut(tc.name, " - ")
			if !ok || !slices.Contains(rules.Statuses, rules.Status(want)) {
				t.Fatalf("case name %q does not start with a status", tc.name)
			}
			c := rules.Context{Profile: rules.Profiles()[0], Time: evalTime}
			if tc.ctx != nil {
				tc.ctx(&c)
			}
			got := evaluate(t, r, tc.res, c)
			if got.Status != rules.Status(want) {
				t.Fatalf("status %s, want %s: %s\nevidence: %+v", got.Status, want, got.Message, got.Evidence)
			}
			if got.Message == "" {
				t.Errorf("empty message")
			}
			if got.Status == rules.Incomplete && len(got.Evidence.Unknown) == 0 {
				t.Errorf("incomplete without naming the unknown fact")
			}
			if tc.why != nil {
				off := got.Evidence.Offending()
				if len(off) != len(tc.why) {
					t.Fatalf("%d offending items, want %d: %+v", len(off), len(tc.why), off)
				}
				for i, it := range off {
					if !strings.Contains(it.Why, tc.why[i]) {
						t.Errorf("item %d: %q, want it to say %q", i, it.Why, tc.why[i])
					}
				}
			}
			for _, m := range fixture.AllMutations() {
				mg := evaluate(t, r, m.Apply(tc.res), c)
				if mg.Status == rules.Pass && got.Status != rules.Pass {
					t.Errorf("%s: %s became pass", m, got.Status)
				}
			}
		})
	}
}

// evaluate runs the rule and returns its finding: the worst when it
// reports several.
func evaluate(t *testing.T, r *rules.Rule, res *scanner.Result, c rules.Context) rules.Finding {
	t.Helper()
	fs := rules.EvaluateRule(r, res, c)
	if len(fs) == 0 {
		t.Fatalf("no finding")
	}
	w := fs[0]
	for _, f := range fs[1:] {
		if rules.Worst(w.Status, f.Status) != w.Status {
			w = f
		}
	}
	return w
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
