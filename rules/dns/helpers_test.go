package dnsrules_test

import (
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	dnsrules "github.com/cryptoscan/cryptoscan/rules/dns"
	"github.com/cryptoscan/cryptoscan/rules/dns/dnsfact"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

var evalTime = ruletest.EvalTime

func testContext() rules.Context { return ruletest.Context() }

func horizon(y int) func(*rules.Context) { return func(c *rules.Context) { c.Horizon = y } }

// ruleByID finds a rule of the family, registered or pending.
func ruleByID(t *testing.T, id string) *rules.Rule {
	t.Helper()
	for _, r := range dnsrules.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rule %s is not in the family", id)
	return nil
}

// dns is the compliant endpoint with its compliant DNS observation, edited.
func dns(edit func(o *dnsprobe.Observation)) *scanner.Result {
	return withDNS(fixture.Compliant().Result(), edit)
}

// withDNS attaches the compliant DNS observation, edited, to r.
func withDNS(r *scanner.Result, edit func(o *dnsprobe.Observation)) *scanner.Result {
	o := dnsrules.CompliantObservation()
	if edit != nil {
		edit(o)
	}
	return dnsrules.Attach(r, o)
}

// tcase is one row of a rule's table test. The name starts with the
// status it expects ("fail - RSA/SHA-1 zone").
type tcase struct {
	name string
	res  *scanner.Result
	// why are substrings of the offending items' reasons, in order; nil:
	// not checked.
	why []string
	ctx func(*rules.Context)
}

// runCases evaluates rule id on each case and checks the status its name
// announces, the offending items' reasons, and that no DNS or TLS fact set
// to unknown turns the case into a pass (ruletest).
func runCases(t *testing.T, id string, cases []tcase) {
	t.Helper()
	var cs []ruletest.Case
	for _, tc := range cases {
		c := ruletest.Case{Name: tc.name, Res: tc.res, Ctx: tc.ctx}
		if tc.why != nil {
			c.Check = ruletest.InOrder(tc.why)
		}
		cs = append(cs, c)
	}
	ruletest.Family{Single: true, Mutations: mutated, Check: infoNamesItem}.Run(t, ruleByID(t, id), cs)
}

// infoNamesItem: information is not an offence; its message states what
// was noted, starting with the first item.
func infoNamesItem(t *testing.T, f rules.Finding) {
	t.Helper()
	if off := f.Evidence.Offending(); f.Status == rules.Info && (len(off) == 0 || !strings.HasPrefix(f.Message, off[0].Name+": ")) {
		t.Errorf("info message %q does not start with its first item", f.Message)
	}
}

func one(t *testing.T, r *rules.Rule, res *scanner.Result, c rules.Context) rules.Finding {
	t.Helper()
	fs := rules.EvaluateRule(r, res, c)
	if len(fs) != 1 {
		t.Fatalf("%s: %d findings, want 1: %+v", r.ID, len(fs), fs)
	}
	return fs[0]
}

// mutated returns r with each DNS mutation and each TLS fact mutation of
// rules/fixture applied, one at a time, the observation carried over.
func mutated(res *scanner.Result) map[string]*scanner.Result {
	out := map[string]*scanner.Result{}
	for _, m := range dnsfact.Mutations() {
		o := dnsfact.CloneObservation(dnsrules.Observation(res))
		if o == nil {
			continue
		}
		m.Apply(o)
		out["dns "+m.String()] = dnsrules.Attach(fixture.Clone(res), o)
	}
	for _, m := range fixture.AllMutations() {
		out["tls "+m.String()] = tlsMutated(m, res)
	}
	return out
}

// tlsMutated applies a rules/fixture mutation, keeping the observation
// (a clone loses it while it is attached rather than a Result field).
func tlsMutated(m fixture.Mutation, res *scanner.Result) *scanner.Result {
	got := m.Apply(res)
	if dnsrules.Observation(got) == nil {
		dnsrules.Attach(got, dnsrules.Observation(res))
	}
	return got
}
