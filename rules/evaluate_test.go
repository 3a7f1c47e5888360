package rules_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestEvaluateOneFindingPerRuleInIDOrder(t *testing.T) {
	res := fixture.Compliant().Suites(scanner.TLSv10, 0xC013).Result()
	fs := rules.Evaluate(res, ctx(t))
	var all []*rules.Rule
	for _, r := range rules.All() {
		if !r.Run {
			all = append(all, r) // EvaluateRun's
		}
	}
	if len(fs) != len(all) {
		t.Fatalf("%d findings for %d rules", len(fs), len(all))
	}
	for i, f := range fs {
		if f.RuleID != all[i].ID {
			t.Errorf("finding %d is %s, want %s", i, f.RuleID, all[i].ID)
		}
		if f.Endpoint != res.Endpoint || f.Reference != all[i].Reference || f.Severity != all[i].Severity || f.Title == "" {
			t.Errorf("%s: metadata not filled: %+v", f.RuleID, f)
		}
		if f.Status != rules.Pass && f.Status != rules.NotApplicable && f.Fix == "" {
			t.Errorf("%s: %s without a fix", f.RuleID, f.Status)
		}
	}
	if f := find(t, fs, "ANSSI-TLS-R4"); f.Status != rules.Fail || !strings.Contains(f.Message, "TLSv1.0") {
		t.Errorf("R4: %s: %s", f.Status, f.Message)
	}
}

func find(t *testing.T, fs []rules.Finding, id string) rules.Finding {
	t.Helper()
	i := slices.IndexFunc(fs, func(f rules.Finding) bool { return f.RuleID == id })
	if i < 0 {
		t.Fatalf("no finding for %s", id)
	}
	return fs[i]
}

func TestEvaluateWithoutTLSIsNotApplicable(t *testing.T) {
	res := &scanner.Result{Endpoint: scanner.Endpoint{Host: "example.fr", Port: 22, Protocol: "ssh"}}
	for _, f := range rules.Evaluate(res, ctx(t)) {
		if f.Status != rules.NotApplicable {
			t.Errorf("%s: %s on an endpoint without TLS", f.RuleID, f.Status)
		}
	}
}

func TestEvaluateUnreachableIsNeverPass(t *testing.T) {
	b := fixture.New()
	for _, v := range scanner.Versions {
		b.Unknown(v, scanner.ReasonUnreachable)
	}
	for _, f := range rules.Evaluate(b.Result(), ctx(t)) {
		if f.Status == rules.Pass {
			t.Errorf("%s: pass on an endpoint nothing is known of", f.RuleID)
		}
	}
}

func TestStrictProfileFailsDegraded(t *testing.T) {
	res := fixture.Compliant().AddSuites(scanner.TLSv12, 0xC08B).Result() // Camellia: R9–
	c := ctx(t)
	if f := find(t, rules.Evaluate(res, c), "ANSSI-TLS-R9-"); f.Status != rules.Degraded || f.Graded != "" {
		t.Errorf("anssi: %s (graded %q)", f.Status, f.Graded)
	}
	c.Profile, _ = rules.ProfileByName("anssi-strict")
	if f := find(t, rules.Evaluate(res, c), "ANSSI-TLS-R9-"); f.Status != rules.Fail || f.Graded != rules.Degraded {
		t.Errorf("anssi-strict: %s (graded %q)", f.Status, f.Graded)
	}
}

func TestWaivers(t *testing.T) {
	res := fixture.Compliant().Suites(scanner.TLSv11, 0xC013).Result()
	c := ctx(t)
	c.Waivers = []rules.Waiver{
		{RuleID: "ANSSI-TLS-R4", Host: "example.fr", Expires: evalTime.Add(time.Hour), Reason: "legacy clients until the migration"},
		{RuleID: "ANSSI-TLS-R3", Expires: evalTime.Add(time.Hour), Reason: "does not apply: R3 passes"},
	}
	fs := rules.Evaluate(res, c)
	if f := find(t, fs, "ANSSI-TLS-R4"); f.Status != rules.Waived || f.Graded != rules.Fail || f.Waiver == nil {
		t.Errorf("R4 under an unexpired waiver: %s graded %q", f.Status, f.Graded)
	}
	if f := find(t, fs, "ANSSI-TLS-R3"); f.Status != rules.Pass || f.Waiver != nil {
		t.Errorf("a waiver changed a pass: %s", f.Status)
	}
	c.Waivers[0].Expires = evalTime
	if f := find(t, rules.Evaluate(res, c), "ANSSI-TLS-R4"); f.Status != rules.Fail {
		t.Errorf("R4 under an expired waiver: %s", f.Status)
	}
	c.Waivers[0].Expires, c.Waivers[0].Host = evalTime.Add(time.Hour), "other.example.fr"
	if f := find(t, rules.Evaluate(res, c), "ANSSI-TLS-R4"); f.Status != rules.Fail {
		t.Errorf("R4 under another host's waiver: %s", f.Status)
	}
}

func TestProfiles(t *testing.T) {
	ps := rules.Profiles()
	if len(ps) != 2 || ps[0].Name != rules.DefaultProfile || ps[0].DegradedFails || !ps[1].DegradedFails {
		t.Fatalf("profiles: %+v", ps)
	}
	if _, err := rules.ProfileByName("compat"); err == nil || !strings.Contains(err.Error(), "anssi-strict") {
		t.Errorf("unknown profile: %v", err)
	}
	if _, err := rules.NewContext("anssi", 1999, evalTime); err == nil {
		t.Errorf("horizon 1999 accepted")
	}
	c, err := rules.NewContext("", 0, evalTime)
	if err != nil || c.Profile.Name != "anssi" || c.Year() != 2026 || c.Beyond2030() {
		t.Errorf("default context: %+v, %v", c, err)
	}
	c.Horizon = 2030
	if c.Year() != 2030 || c.Beyond2030() {
		t.Errorf("horizon 2030: year %d, beyond %t", c.Year(), c.Beyond2030())
	}
	c.Horizon = 2031
	if !c.Beyond2030() {
		t.Errorf("horizon 2031 is beyond 2030")
	}
	c.Horizon, c.Time = 0, time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	if !c.Beyond2030() {
		t.Errorf("2031 is beyond 2030")
	}
}

func TestWorst(t *testing.T) {
	for _, tc := range []struct {
		in   []rules.Status
		want rules.Status
	}{
		{nil, rules.Pass},
		{[]rules.Status{rules.Pass, rules.Warn}, rules.Warn},
		{[]rules.Status{rules.Degraded, rules.Incomplete}, rules.Incomplete},
		{[]rules.Status{rules.Incomplete, rules.Fail, rules.Degraded}, rules.Fail},
		{[]rules.Status{rules.Info, rules.Pass}, rules.Info},
	} {
		if got := rules.Worst(tc.in...); got != tc.want {
			t.Errorf("Worst(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestReferenceString(t *testing.T) {
	r, _ := rules.ByID("ANSSI-TLS-R4")
	if got, want := r.Reference.String(), "ANSSI TLS guide v1.2 (2020), R4, §2.1"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// TestFindingJSON pins the finding's field names (the report maps them).
func TestFindingJSON(t *testing.T) {
	res := fixture.Compliant().AddSuites(scanner.TLSv12, 0x009C).Result()
	f := find(t, rules.Evaluate(res, ctx(t)), "ANSSI-TLS-R6")
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"rule_id", "title", "status", "severity", "endpoint", "message", "evidence", "reference", "fix"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, b)
		}
	}
	if !strings.Contains(string(b), `"code":"0x009C","name":"TLS_RSA_WITH_AES_128_GCM_SHA256"`) || !strings.Contains(string(b), `"version":"TLSv1.2"`) {
		t.Errorf("evidence does not name the offending suite under its version: %s", b)
	}
}

func TestCatalogueMetadata(t *testing.T) {
	m := rules.CatalogueMetadata()
	if m.Version == "" || len(m.Documents) != 5 || m.Documents[0].Edition != "v1.2 (2020)" || !strings.Contains(m.Documents[0].Note, "2016") {
		t.Errorf("%+v", m)
	}
}
