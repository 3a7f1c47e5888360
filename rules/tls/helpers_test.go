package tlsrules_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Shorthands for the fixtures.
const (
	tls10 = scanner.TLSv10
	tls11 = scanner.TLSv11
	tls12 = scanner.TLSv12
	tls13 = scanner.TLSv13
	ssl3  = scanner.SSLv3
	ssl2  = scanner.SSLv2
)

var evalTime = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

// tcase is one row of a rule's table test. The name starts with the
// status it expects ("fail - TLS 1.0 accepted").
type tcase struct {
	name  string
	res   *scanner.Result
	items []string // names of the offending items, in order; nil: not checked
	// ctx adjusts the evaluation context (profile, horizon, time).
	ctx func(*rules.Context)
}

func compliant() *fixture.Builder { return fixture.Compliant() }

// runCases evaluates rule id on each case and checks the status its name
// announces, the offending items, and that no fact set to unknown turns
// the case into a pass. (Whether each fact the rule declares it reads
// matters is checked on its passing fixture, in rules/meta_test.go: in a
// given case, a read fact may be moot.)
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
			if tc.items != nil {
				var names []string
				for _, it := range got.Evidence.Offending() {
					names = append(names, it.Name)
				}
				if !slices.Equal(names, tc.items) {
					t.Errorf("offending items %q, want %q", names, tc.items)
				}
			}
			for _, m := range fixture.AllMutations() {
				mg := evaluate(t, r, m.Apply(tc.res), c)
				if mg.Status != rules.Pass {
					continue
				}
				if got.Status != rules.Pass {
					t.Errorf("%s: %s became pass", m, got.Status)
				}
			}
		})
	}
}

func evaluate(t *testing.T, r *rules.Rule, res *scanner.Result, c rules.Context) rules.Finding {
	t.Helper()
	fs := rules.EvaluateRule(r, res, c)
	if len(fs) != 1 {
		t.Fatalf("%d findings, want 1", len(fs))
	}
	return fs[0]
}

func strict(c *rules.Context) { c.Profile, _ = rules.ProfileByName("anssi-strict") }

func horizon(y int) func(*rules.Context) { return func(c *rules.Context) { c.Horizon = y } }

func year(y int) func(*rules.Context) {
	return func(c *rules.Context) { c.Time = time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
}

type builder = fixture.Builder

// Enumeration shorthands.
const (
	ec   = scanner.EnumCipherSuites
	eg   = scanner.EnumGroups
	esch = scanner.EnumSignatureSchemes
	ep   = scanner.EnumPartial
	edon = scanner.EnumComplete
	ent  = scanner.EnumNotTested
	all  = scanner.ScopeAll
	nonc = scanner.ScopeNonCompliant
)

type rctx = rules.Context

// notTested is an extension fact the probes did not establish.
func notTested() scanner.Feature {
	return scanner.Feature{Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested, Detail: "fixture"}
}
