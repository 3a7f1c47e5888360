// Package ruletest runs the table tests of the rule families (rules/tls,
// rules/pki, rules/dns): each case names the status it expects, and every
// case is checked the same way: the status, a message, an incomplete
// finding naming its unknown fact, the family's check of the offending
// items, and that no fact set to unknown turns the case into a pass.
package ruletest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// EvalTime is the evaluation time of every case.
var EvalTime = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

// Case is one row of a rule's table test. Name starts with the status it
// expects ("fail - TLS 1.0 accepted").
type Case struct {
	Name string
	Res  *scanner.Result
	// Ctx adjusts the evaluation context (profile, horizon, time).
	Ctx func(*rules.Context)
	// Check is the case's own check of the finding (its offending items);
	// nil: none.
	Check func(t *testing.T, f rules.Finding)
}

// Family says how a family's cases are run.
type Family struct {
	// Mutations returns res with each fact set to unknown, one at a time,
	// by name; nil: Mutated.
	Mutations func(res *scanner.Result) map[string]*scanner.Result
	// Check is run on every case's finding; nil: none.
	Check func(t *testing.T, f rules.Finding)
	// Single says the family's rules report one finding per endpoint.
	Single bool
}

// Run evaluates rule r on each case as the Family says.
func (fam Family) Run(t *testing.T, r *rules.Rule, cases []Case) {
	t.Helper()
	mutations := fam.Mutations
	if mutations == nil {
		mutations = Mutated
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			want, _, ok := strings.Cut(tc.Name, " - ")
			if !ok || !slices.Contains(rules.Statuses, rules.Status(want)) {
				t.Fatalf("case name %q does not start with a status", tc.Name)
			}
			c := Context()
			if tc.Ctx != nil {
				tc.Ctx(&c)
			}
			if n := len(rules.EvaluateRule(r, tc.Res, c)); fam.Single && n != 1 {
				t.Fatalf("%d findings, want 1", n)
			}
			got := Worst(t, r, tc.Res, c)
			if got.Status != rules.Status(want) {
				t.Fatalf("status %s, want %s: %s\nevidence: %+v", got.Status, want, got.Message, got.Evidence)
			}
			if got.Message == "" {
				t.Errorf("empty message")
			}
			if got.Status == rules.Incomplete && len(got.Evidence.Unknown) == 0 {
				t.Errorf("incomplete without naming the unknown fact")
			}
			if fam.Check != nil {
				fam.Check(t, got)
			}
			if tc.Check != nil {
				tc.Check(t, got)
			}
			if got.Status == rules.Pass {
				return
			}
			for name, m := range mutations(tc.Res) {
				if mg := Worst(t, r, m, c); mg.Status == rules.Pass {
					t.Errorf("%s: %s became pass", name, got.Status)
				}
			}
		})
	}
}

// Rule returns the registered rule id.
func Rule(t *testing.T, id string) *rules.Rule {
	t.Helper()
	r, ok := rules.ByID(id)
	if !ok {
		t.Fatalf("rule %s is not registered", id)
	}
	return r
}

// Context is the default profile at EvalTime.
func Context() rules.Context {
	return rules.Context{Profile: rules.Profiles()[0], Time: EvalTime}
}

// Worst runs rule r on res and returns its most severe finding (the zlint
// rule reports several).
func Worst(t testing.TB, r *rules.Rule, res *scanner.Result, c rules.Context) rules.Finding {
	t.Helper()
	fs := rules.EvaluateRule(r, res, c)
	if len(fs) == 0 {
		t.Fatalf("%s: no finding", r.ID)
	}
	w := fs[0]
	for _, f := range fs[1:] {
		if rules.Worst(w.Status, f.Status) != w.Status {
			w = f
		}
	}
	return w
}

// Mutated returns res with each of rules/fixture's mutations applied, by
// name.
func Mutated(res *scanner.Result) map[string]*scanner.Result {
	out := map[string]*scanner.Result{}
	for _, m := range fixture.AllMutations() {
		out[m.String()] = m.Apply(res)
	}
	return out
}

// ItemNames checks that the offending items are named want, in order.
func ItemNames(want []string) func(t *testing.T, f rules.Finding) {
	return func(t *testing.T, f rules.Finding) {
		t.Helper()
		var names []string
		for _, it := range f.Evidence.Offending() {
			names = append(names, it.Name)
		}
		if !slices.Equal(names, want) {
			t.Errorf("offending items %q, want %q", names, want)
		}
	}
}

// Reasons checks that there are as many offending items as want, each
// item's reason containing its entry.
func Reasons(want []string) func(t *testing.T, f rules.Finding) {
	return func(t *testing.T, f rules.Finding) {
		t.Helper()
		off := f.Evidence.Offending()
		if len(off) != len(want) {
			t.Fatalf("%d offending items, want %d: %+v", len(off), len(want), off)
		}
		for i, it := range off {
			if !strings.Contains(it.Why, want[i]) {
				t.Errorf("item %d: %q, want it to say %q", i, it.Why, want[i])
			}
		}
	}
}

// InOrder checks that the offending items, written "name: why" one per
// line, contain each entry of want, in order.
func InOrder(want []string) func(t *testing.T, f rules.Finding) {
	return func(t *testing.T, f rules.Finding) {
		t.Helper()
		var lines []string
		for _, it := range f.Evidence.Offending() {
			lines = append(lines, it.Name+": "+it.Why)
		}
		joined := strings.Join(lines, "\n")
		pos := 0
		for _, w := range want {
			i := strings.Index(joined[pos:], w)
			if i < 0 {
				t.Fatalf("offending items lack %q (in order):\n%s", w, joined)
			}
			pos += i + len(w)
		}
	}
}
