package ikerules_test

import (
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	ikerules "github.com/cryptoscan/cryptoscan/rules/ike"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// compliant is the compliant IKE endpoint, to edit.
func compliant() *fixture.IKEBuilder { return fixture.CompliantIKE() }

// v1 is an IKEv1 Main Mode transform.
var v1 = fixture.V1

// goodV1 is an IKEv1 transform every algorithm rule passes.
var goodV1 = v1("AES-CBC", 256, "SHA2-256", "RSA signatures", 19)

// enc is an encryption transform with a key length.
func enc(id uint16, bits int) fixture.IKEEncr { return fixture.IKEEncr{ID: id, Bits: bits} }

// withV1 is the compliant endpoint also answering IKEv1 with ts.
func withV1(ts ...scanner.IKEv1Transform) *fixture.IKEBuilder { return compliant().IKEv1(ts...) }

// Transform types, for Enumeration and NoEnumeration.
const (
	encr  = scanner.IKEEncryption
	prf   = scanner.IKEPRF
	integ = scanner.IKEIntegrity
	ke    = scanner.IKEKeyExchange
)

func horizon(y int) func(*rules.Context) { return func(c *rules.Context) { c.Horizon = y } }

func year(y int) func(*rules.Context) {
	return func(c *rules.Context) { c.Time = time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
}

// ruleByID finds a rule of the family.
func ruleByID(t *testing.T, id string) *rules.Rule {
	t.Helper()
	for _, r := range ikerules.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rule %s is not in the family", id)
	return nil
}

// tcase is one row of a rule's table test. The name starts with the
// status it expects ("fail - DES accepted").
type tcase struct {
	name string
	res  *scanner.Result
	// items are the names of the offending items, in order; nil: not
	// checked.
	items []string
	// why are substrings of the offending items' "name: why" lines, in
	// order; nil: not checked.
	why []string
	ctx func(*rules.Context)
}

// runCases evaluates rule id on each case and checks the status its name
// announces, the offending items, and that no IKE, SSH or TLS fact set to
// unknown turns the case into a pass (ruletest).
func runCases(t *testing.T, id string, cases []tcase) {
	t.Helper()
	var cs []ruletest.Case
	for _, tc := range cases {
		c := ruletest.Case{Name: tc.name, Res: tc.res, Ctx: tc.ctx}
		items, why := tc.items, tc.why
		if items != nil || why != nil {
			c.Check = func(t *testing.T, f rules.Finding) {
				t.Helper()
				if items != nil {
					ruletest.ItemNames(items)(t, f)
				}
				if why != nil {
					ruletest.InOrder(why)(t, f)
				}
			}
		}
		cs = append(cs, c)
	}
	ruletest.Family{Single: true, Mutations: mutated}.Run(t, ruleByID(t, id), cs)
}

// mutated returns res with each IKE mutation and each other mutation of
// rules/fixture applied, one at a time: the others must change nothing an
// IKE rule reads.
func mutated(res *scanner.Result) map[string]*scanner.Result {
	out := map[string]*scanner.Result{}
	for _, m := range fixture.IKEMutations() {
		out["ike "+m.String()] = m.Apply(res)
	}
	for _, m := range fixture.AllMutations() {
		got := m.Apply(res)
		got.IKE = fixture.CloneIKE(res.IKE)
		out["other "+m.String()] = got
	}
	return out
}

func one(t *testing.T, r *rules.Rule, res *scanner.Result, c rules.Context) rules.Finding {
	t.Helper()
	fs := rules.EvaluateRule(r, res, c)
	if len(fs) != 1 {
		t.Fatalf("%s: %d findings, want 1: %+v", r.ID, len(fs), fs)
	}
	return fs[0]
}
