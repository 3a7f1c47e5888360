package sshrules_test

import (
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	sshrules "github.com/cryptoscan/cryptoscan/rules/ssh"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// compliant is the compliant SSH endpoint, to edit.
func compliant() *fixture.SSHBuilder { return fixture.CompliantSSH() }

type (
	key     = fixture.SSHKey
	builder = fixture.SSHBuilder
)

// Keys of the fixtures.
var (
	rsa3072 = key{Type: "ssh-rsa", Bits: 3072}
	rsa2048 = key{Type: "ssh-rsa", Bits: 2048}
	rsa1024 = key{Type: "ssh-rsa", Bits: 1024}
	p256    = key{Type: "ecdsa-sha2-nistp256", Bits: 256}
	ed25519 = key{Type: "ssh-ed25519", Bits: 256}
	dsa     = key{Type: "ssh-dss", Bits: 1024}
)

func horizon(y int) func(*rules.Context) { return func(c *rules.Context) { c.Horizon = y } }

func year(y int) func(*rules.Context) {
	return func(c *rules.Context) { c.Time = time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
}

// ruleByID finds a rule of the family.
func ruleByID(t *testing.T, id string) *rules.Rule {
	t.Helper()
	for _, r := range sshrules.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rule %s is not in the family", id)
	return nil
}

// tcase is one row of a rule's table test. The name starts with the
// status it expects ("fail - ssh-dss offered").
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
// announces, the offending items, and that no SSH or TLS fact set to
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

// mutated returns res with each SSH mutation and each TLS mutation of
// rules/fixture applied, one at a time: the TLS ones must change nothing
// an SSH rule reads.
func mutated(res *scanner.Result) map[string]*scanner.Result {
	out := map[string]*scanner.Result{}
	for _, m := range fixture.SSHMutations() {
		out["ssh "+m.String()] = m.Apply(res)
	}
	for _, m := range fixture.AllMutations() {
		got := m.Apply(res)
		got.SSH = fixture.CloneSSH(res.SSH)
		out["tls "+m.String()] = got
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
