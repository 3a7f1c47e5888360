package report

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

var evalTime = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

func grade(t *testing.T, r *scanner.Result) []rules.Finding {
	t.Helper()
	r.Endpoint.IP = netip.MustParseAddr("192.0.2.10") // fixtures leave it unset
	ctx, err := rules.NewContext(rules.DefaultProfile, 0, evalTime)
	if err != nil {
		t.Fatal(err)
	}
	return rules.Evaluate(r, ctx)
}

// TestFindingEventsValidate writes the findings of a compliant endpoint and
// of one with TLS 1.0 and RC4 through the writer: every event validates,
// pass findings included, and the failing one names its offenders.
func TestFindingEventsValidate(t *testing.T) {
	good := fixture.Compliant().Result()
	bad := fixture.Compliant().AddSuites(scanner.TLSv12, 0x0005).Result() // TLS_RSA_WITH_RC4_128_SHA
	var b bytes.Buffer
	w := NewNDJSON(&b, Run{ID: "run-1", Now: func() time.Time { return evalTime }})
	counts := map[rules.Status]int{}
	verdicts := map[Verdict]int{}
	for _, r := range []*scanner.Result{good, bad} {
		fs := grade(t, r)
		for _, f := range fs {
			counts[f.Status]++
		}
		verdicts[VerdictOf(*r, fs)]++
		if err := w.Endpoint(*r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(*r, fs); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Summary(Summary{
		Provenance: Provenance{ToolVersion: "test", CatalogueVersion: rules.CatalogueVersion, CADataVersion: "x", RootStore: "y",
			Profile: "anssi", Horizon: 2026, EvaluatedAt: evalTime, FailOn: "high", Documents: rules.CatalogueMetadata().Documents},
		Endpoints: verdicts, Findings: counts, ExitCode: 1,
	}); err != nil {
		t.Fatal(err)
	}
	if err := schema.ValidateStream(bytes.NewReader(b.Bytes())); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if verdicts[Compliant] != 1 || verdicts[NonCompliant] != 1 {
		t.Errorf("verdicts %v, want one compliant and one non-compliant", verdicts)
	}
	out := b.String()
	for _, want := range []string{`"event":"finding"`, `"status":"pass"`, `"status":"fail"`, `"name":"TLS_RSA_WITH_RC4_128_SHA"`, `"event":"summary"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

// TestEvidenceSchemaIsFull: an Evidence with every field set validates, so
// a field added to rules.Evidence without the schema fails here.
func TestEvidenceSchemaIsFull(t *testing.T) {
	code := scanner.Code(0x0005)
	e := rules.Evidence{
		Items:     []rules.Item{{Kind: rules.ItemCipherSuite, Version: scanner.TLSv12, Code: &code, Name: "TLS_RSA_WITH_RC4_128_SHA", Bits: 128, Status: rules.Fail, Why: "RC4"}},
		Checked:   []rules.Checked{{Fact: rules.FactSuites, Version: scanner.TLSv12, State: "complete", Count: 3}},
		Unknown:   []rules.UnknownFact{{Fact: rules.FactGroups, Version: scanner.TLSv12, State: "partial", Reason: scanner.ReasonThrottled, Detail: "x"}},
		Threshold: &rules.Threshold{Bits: 2048, Year: 2026, Basis: "2048 bits up to 2030"},
		Notes:     []string{"note"},
	}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.IsZero() {
			t.Errorf("%s unset: set it here and describe it in events.schema.json", path)
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			walk(path, v.Elem())
		case reflect.Slice:
			walk(path+"[0]", v.Index(0))
		case reflect.Struct:
			if v.Type().PkgPath() != "github.com/cryptoscan/cryptoscan/rules" {
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(path+"."+v.Type().Field(i).Name, v.Field(i))
				}
			}
		}
	}
	walk("Evidence", reflect.ValueOf(e))
	r := fixture.Compliant().Result()
	r.Endpoint.IP = netip.MustParseAddr("192.0.2.10")
	f := rules.Finding{RuleID: "ANSSI-TLS-R4", Title: "t", Status: rules.Fail, Severity: rules.High, Endpoint: r.Endpoint, Message: "m", Evidence: e,
		Reference: rules.Reference{Document: "d", Edition: "e", Section: "s"}, Fix: "f", Graded: rules.Degraded,
		Waiver: &rules.Waiver{RuleID: "ANSSI-TLS-R4", Host: "h", Port: 1, Expires: evalTime, Reason: "r"}}
	b, err := json.Marshal(newFindingEvent(Run{ID: "run-1"}, evalTime, f))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(b); err != nil {
		t.Errorf("%v\n%s", err, b)
	}
	// Rule IDs as the catalogue writes them, zlint's included.
	for _, id := range []string{"ANSSI-TLS-R10-", "ANSSI-TLS-R21–", "SNC-10.6.a", "ZLINT-e_sub_cert_aia_missing", "ANSSI-CRYPTO-CleSym"} {
		f.RuleID = id
		b, _ := json.Marshal(newFindingEvent(Run{ID: "run-1"}, evalTime, f))
		if err := schema.Validate(b); err != nil {
			t.Errorf("rule id %s: %v", id, err)
		}
	}
}

func TestFingerprintStableAcrossRuns(t *testing.T) {
	r := fixture.Compliant().AddSuites(scanner.TLSv12, 0x0005).Result()
	a, b := grade(t, r), grade(t, fixture.Clone(r))
	for i := range a {
		if Fingerprint(a[i]) != Fingerprint(b[i]) {
			t.Errorf("%s: fingerprint changed between two gradings of the same facts", a[i].RuleID)
		}
	}
	// Another offending suite is another problem.
	c := grade(t, fixture.Compliant().AddSuites(scanner.TLSv12, 0x000A).Result())
	for i := range a {
		if a[i].RuleID == c[i].RuleID && a[i].Status == rules.Fail && c[i].Status == rules.Fail && Fingerprint(a[i]) == Fingerprint(c[i]) &&
			!reflect.DeepEqual(a[i].Evidence.Offending(), c[i].Evidence.Offending()) {
			t.Errorf("%s: same fingerprint for different offenders", a[i].RuleID)
		}
	}
}

func TestFailsAt(t *testing.T) {
	f := rules.Finding{Status: rules.Fail, Severity: rules.Medium}
	for th, want := range map[string]bool{"critical": false, "high": false, "medium": true, "low": true, "info": true, "none": false} {
		if got := FailsAt(f, th); got != want {
			t.Errorf("FailsAt(medium fail, %s) = %v", th, got)
		}
	}
	if FailsAt(rules.Finding{Status: rules.Degraded, Severity: rules.Critical}, "info") {
		t.Error("a degraded finding counts against --fail-on")
	}
}
