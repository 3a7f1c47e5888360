package rules

import (
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Waiver accepts a known fail or degraded finding until it expires.
type Waiver struct {
	RuleID  string    `json:"rule_id"`
	Host    string    `json:"host,omitempty"` // empty: every host
	Port    uint16    `json:"port,omitempty"` // 0: every port
	Expires time.Time `json:"expires"`
	Reason  string    `json:"reason"`
	Source  string    `json:"source,omitempty"` // file:line of its declaration
}

func (w Waiver) covers(f Finding, now time.Time) bool {
	return w.RuleID == f.RuleID &&
		(w.Host == "" || strings.EqualFold(w.Host, f.Endpoint.Host)) &&
		(w.Port == 0 || w.Port == f.Endpoint.Port) &&
		now.Before(w.Expires)
}

// Evaluate runs every registered rule on one observation, but those graded
// across the run (Rule.Run: see EvaluateRun), and returns one
// finding per rule (more when a rule reports several), ordered by rule ID:
// not_applicable for the rules that do not concern the endpoint, pass
// included. The profile turns degraded into fail where it says so; an
// unexpired waiver turns fail or degraded into waived.
func Evaluate(r *scanner.Result, ctx Context) []Finding {
	ctx = ctx.withDefaults()
	var out []Finding
	for _, rule := range All() {
		if !rule.Run {
			out = append(out, EvaluateRule(rule, r, ctx)...)
		}
	}
	return out
}

// withDefaults fills what the context leaves out: the current time, the
// default profile.
func (c Context) withDefaults() Context {
	if c.Time.IsZero() {
		c.Time = time.Now().UTC()
	}
	if c.Profile.Name == "" {
		c.Profile, _ = ProfileByName(DefaultProfile)
	}
	return c
}

// EvaluateRule runs one rule on one observation, as Evaluate does.
func EvaluateRule(rule *Rule, r *scanner.Result, ctx Context) []Finding {
	var fs []Finding
	if !rule.Applies(r, ctx) {
		fs = []Finding{{Status: NotApplicable, Message: "the rule does not concern this endpoint"}}
	} else {
		fs = rule.Check(r, ctx)
		if len(fs) == 0 {
			fs = []Finding{{Status: Incomplete, Message: "the rule reported nothing"}}
		}
	}
	for i := range fs {
		f := &fs[i]
		if !reportsUnder(rule.ID, f.RuleID) {
			f.RuleID = rule.ID
		}
		if f.Title == "" {
			f.Title = rule.Title
		}
		if f.Severity == "" {
			f.Severity = rule.Severity
		}
		f.Endpoint = r.Endpoint
		if f.Reference == (Reference{}) {
			f.Reference = rule.Reference
		}
		if f.Fix == "" && f.Status != Pass && f.Status != NotApplicable {
			f.Fix = rule.Fix
		}
		if f.Status == Degraded && ctx.Profile.DegradedFails {
			f.Graded, f.Status = Degraded, Fail
		}
		if f.Status == Fail || f.Status == Degraded {
			for _, w := range ctx.Waivers {
				if w.covers(*f, ctx.Time) {
					if f.Graded == "" {
						f.Graded = f.Status
					}
					w := w
					f.Status, f.Waiver = Waived, &w
					break
				}
			}
		}
	}
	return fs
}

// reportsUnder says whether a rule may report a finding under id rather
// than its own ID. Only the zlint rule does: it runs hundreds of lints,
// reports each lint that does not pass as ZLINT-<lint name> (so a waiver
// or a SIEM query names the lint), and summarises the passes of each
// certificate under its own ID. Every other finding carries its rule's ID.
func reportsUnder(ruleID, id string) bool {
	return strings.HasPrefix(ruleID, "ZLINT-") && strings.HasPrefix(id, "ZLINT-") && ValidID(id)
}
