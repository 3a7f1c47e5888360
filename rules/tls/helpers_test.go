package tlsrules_test

import (
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
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

var evalTime = ruletest.EvalTime

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
// the case into a pass (ruletest). Whether each fact the rule declares it
// reads matters is checked on its passing fixture, in rules/meta_test.go:
// in a given case, a read fact may be moot.
func runCases(t *testing.T, id string, cases []tcase) {
	t.Helper()
	var cs []ruletest.Case
	for _, tc := range cases {
		c := ruletest.Case{Name: tc.name, Res: tc.res, Ctx: tc.ctx}
		if tc.items != nil {
			c.Check = ruletest.ItemNames(tc.items)
		}
		cs = append(cs, c)
	}
	ruletest.Family{Single: true}.Run(t, ruletest.Rule(t, id), cs)
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
