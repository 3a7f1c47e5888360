package rules_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// evalTime is the evaluation time of every fixture.
var evalTime = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

func ctx(t *testing.T) rules.Context {
	t.Helper()
	c, err := rules.NewContext("", 0, evalTime)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func one(t *testing.T, r *rules.Rule, res *scanner.Result, c rules.Context) rules.Finding {
	t.Helper()
	fs := rules.EvaluateRule(r, res, c)
	if len(fs) != 1 {
		t.Fatalf("%s: %d findings, want 1: %+v", r.ID, len(fs), fs)
	}
	return fs[0]
}

func TestCatalogueNotEmpty(t *testing.T) {
	if n := len(rules.All()); n < 20 {
		t.Fatalf("%d rules registered, the TLS family alone has more", n)
	}
}

func TestCompareIDs(t *testing.T) {
	ordered := []string{"ANSSI-CRYPTO-BlocSym", "ANSSI-CRYPTO-CleSym", "ANSSI-IPSEC-R8", "ANSSI-IPSEC-R16", "ANSSI-SSH-R2", "ANSSI-SSH-R15", "ANSSI-TLS-R3", "ANSSI-TLS-R7",
		"ANSSI-TLS-R7-", "ANSSI-TLS-R10", "ANSSI-TLS-R10-", "ANSSI-TLS-R22", "SNC-9.6.d", "SNC-10.6.a", "ZLINT-e_a"}
	for i := range ordered {
		for j := range ordered {
			if got := rules.CompareIDs(ordered[i], ordered[j]); (got < 0) != (i < j) || (got == 0) != (i == j) {
				t.Errorf("CompareIDs(%s, %s) = %d", ordered[i], ordered[j], got)
			}
		}
	}
}

func TestIDsWellFormedAndOrdered(t *testing.T) {
	all := rules.All()
	for i, r := range all {
		if !rules.ValidID(r.ID) {
			t.Errorf("malformed ID %q", r.ID)
		}
		if i > 0 && rules.CompareIDs(all[i-1].ID, r.ID) >= 0 {
			t.Errorf("All() not strictly ordered by ID: %s then %s", all[i-1].ID, r.ID)
		}
	}
	for _, bad := range []string{"ANSSI-TLS-4", "anssi-tls-r4", "ANSSI-TLS-R4--", "ANSSI-CRYPTO-", "SNC-10.6", "ANSSI-TLS-R04", "ANSSI-IKE-R8", "ANSSI-IPSEC-R8-x"} {
		if rules.ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

// ruleFile is the file a rule lives in: its ID in lower case, dashes as
// underscores, a trailing "–" variant as _minus.
func ruleFile(id string) string {
	s := strings.ToLower(id)
	if strings.HasSuffix(s, "-") {
		s = strings.TrimSuffix(s, "-") + "_minus"
	}
	return strings.NewReplacer("-", "_", ".", "_").Replace(s) + ".go"
}

func TestOneFilePerRule(t *testing.T) {
	for _, r := range rules.All() {
		name := ruleFile(r.ID)
		m, _ := filepath.Glob(filepath.Join("*", name))
		if len(m) != 1 {
			t.Errorf("%s: want exactly one file %s in a family directory, found %v", r.ID, name, m)
			continue
		}
		if _, err := os.Stat(strings.TrimSuffix(m[0], ".go") + "_test.go"); err != nil {
			t.Errorf("%s: no table test next to %s", r.ID, m[0])
		}
	}
}

var placeholder = regexp.MustCompile(`(?i)\b(todo|tbd|xxx|fixme|lorem|placeholder)\b`)

func TestMetadata(t *testing.T) {
	sev := rules.Severities
	for _, r := range rules.All() {
		ref := r.Reference
		if ref.Document == "" || ref.Edition == "" || ref.Section == "" {
			t.Errorf("%s: incomplete reference %+v", r.ID, ref)
		}
		if r.Title == "" || r.Description == "" || r.Fix == "" {
			t.Errorf("%s: empty title, description or fix", r.ID)
		}
		if !slices.Contains(sev, r.Severity) {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		for _, s := range []string{r.Title, r.Description, r.Fix, ref.String()} {
			if placeholder.MatchString(s) {
				t.Errorf("%s: placeholder text in %q", r.ID, s)
			}
		}
		if r.Fixtures == nil {
			t.Errorf("%s: no fixtures", r.ID)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("%s: rule does not marshal: %v", r.ID, err)
		}
	}
}

// withRun is c with a view of the run's other endpoints, for a rule
// graded across the run.
func withRun(c rules.Context, r *rules.Rule, fx rules.Fixtures) rules.Context {
	if !r.Run {
		return c
	}
	c.Run = rules.NewRunView()
	for _, o := range fx.Run {
		c.Run.Add(o)
	}
	return c
}

// nonPassing are the statuses a failing fixture may get: an offence of
// some level, never a lack of knowledge.
var nonPassing = []rules.Status{rules.Fail, rules.Degraded, rules.Warn, rules.Info}

func TestFixtures(t *testing.T) {
	c := ctx(t)
	for _, r := range rules.All() {
		if r.Fixtures == nil {
			continue
		}
		fx := r.Fixtures()
		c := withRun(c, r, fx)
		t.Run(r.ID, func(t *testing.T) {
			if !r.Applies(fx.Pass, c) || !r.Applies(fx.Fail, c) {
				t.Fatalf("the rule does not apply to its own fixtures")
			}
			p := one(t, r, fx.Pass, c)
			if p.Status != r.BestStatus() {
				t.Errorf("pass fixture: %s, want %s: %s", p.Status, r.BestStatus(), p.Message)
			}
			f := one(t, r, fx.Fail, c)
			if !slices.Contains(nonPassing, f.Status) {
				t.Errorf("fail fixture: %s: %s", f.Status, f.Message)
			}
			if len(f.Evidence.Offending()) == 0 {
				t.Errorf("fail fixture: the evidence names no offending item: %+v", f.Evidence)
			}
			if d := fixture.Diff(fx.Pass, fx.Fail); len(d) != 1 {
				t.Errorf("pass and fail fixtures differ by %d facts, want 1: %q", len(d), d)
			}
			for _, res := range []*scanner.Result{fx.Pass, fx.Fail} {
				if _, err := json.Marshal(rules.EvaluateRule(r, res, c)); err != nil {
					t.Errorf("finding does not marshal: %v", err)
				}
			}
		})
	}
}

// TestUnknownNeverPasses sets every fact of every version to unknown, one
// at a time, on each rule's fixtures: no unknown may turn a result into
// pass, and making a fact the rule declares it reads unknown must stop its
// passing fixture from passing.
func TestUnknownNeverPasses(t *testing.T) {
	c := ctx(t)
	muts := fixture.AllMutations()
	for _, r := range rules.All() {
		if r.Fixtures == nil {
			continue
		}
		fx := r.Fixtures()
		c := withRun(c, r, fx)
		t.Run(r.ID, func(t *testing.T) {
			for name, base := range map[string]*scanner.Result{"pass": fx.Pass, "fail": fx.Fail} {
				orig := ruletest.Worst(t, r, base, c).Status
				for _, m := range muts {
					got := ruletest.Worst(t, r, m.Apply(base), c)
					read := slices.Contains(r.Reads, m.Fact) && m.Unknown
					switch {
					case got.Status == rules.Pass && orig != rules.Pass:
						t.Errorf("%s fixture, %s: %s became pass", name, m, orig)
					case got.Status == r.BestStatus() && read:
						t.Errorf("%s fixture, %s: still %s though the rule reads %s", name, m, got.Status, m.Fact)
					case got.Status == rules.Incomplete && len(got.Evidence.Unknown) == 0:
						t.Errorf("%s fixture, %s: incomplete without naming the unknown fact", name, m)
					}
				}
			}
		})
	}
}

func TestReadsAreKnownFacts(t *testing.T) {
	for _, r := range rules.All() {
		if len(r.Reads) == 0 {
			t.Errorf("%s declares no fact it reads", r.ID)
		}
		for _, f := range r.Reads {
			if !slices.Contains(fixture.FactKinds, f.Kind) || !slices.Contains(scanner.Versions, f.Version) {
				t.Errorf("%s reads %s, which no mutation can make unknown", r.ID, f)
			}
		}
	}
}

// TestCompliantPassesEverything: the reference compliant endpoints (TLS,
// with its DNS observation, the same as an MX with its domain's MTA-STS
// facts, SSH and IKE) pass every rule that applies to them,
// and every rule applies to one, so each failing fixture fails for its one
// change; but the rules of appliesOnlyOffCompliant.
func TestCompliantPassesEverything(t *testing.T) {
	applied := map[string]bool{}
	for _, res := range []*scanner.Result{fixture.Compliant().Result(), fixture.CompliantMX().Result(), fixture.CompliantSSH().Result(),
		fixture.CompliantIKE().Result()} {
		for _, f := range rules.Evaluate(res, ctx(t)) {
			if f.Status == rules.NotApplicable {
				continue
			}
			applied[f.RuleID] = true
			if r, _ := rules.ByID(f.RuleID); r == nil && f.Status != rules.Pass || r != nil && f.Status != r.BestStatus() {
				t.Errorf("%s on %s: %s: %s", f.RuleID, res.Endpoint.Protocol, f.Status, f.Message)
			}
		}
	}
	for _, r := range rules.All() {
		if _, off := appliesOnlyOffCompliant[r.ID]; off {
			if applied[r.ID] {
				t.Errorf("%s applies to a compliant endpoint: take it off appliesOnlyOffCompliant", r.ID)
			}
			continue
		}
		if !r.Run && !applied[r.ID] {
			t.Errorf("%s applies to no compliant endpoint", r.ID)
		}
	}
}

// appliesOnlyOffCompliant are the rules that apply only where another
// rule already finds fault, so to no compliant endpoint, and why. Their
// own fixtures stage what they grade.
var appliesOnlyOffCompliant = map[string]string{
	"ANSSI-IPSEC-R9": "IKEv1 authentication: a responder speaking IKEv1 is what ANSSI-IPSEC-R8 warns of",
}
