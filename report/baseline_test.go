package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// changeSchemaFragment is the JSON Schema of the "change" event: the
// $defs to add to report/schema/events.schema.json, with "change" added to
// the enum of "event" and {"$ref": "#/$defs/change_event"} to the oneOf.
// changeSchema adds them to the schema file when it lacks them, so the
// tests hold before and after the schema file has them.
const changeSchemaFragment = `{
  "change_event": {
    "description": "One difference on one endpoint between a baseline run (--baseline, a previous run's NDJSON) and this run. Written after the endpoint and finding events and before the summary; an identical rerun against unchanged servers writes none. before describes the baseline, after this run.",
    "type": "object",
    "required": ["schema_version", "event", "time", "event_id", "run_id", "kind", "endpoint", "baseline", "message"],
    "additionalProperties": false,
    "properties": {
      "schema_version": { "$ref": "#/$defs/schema_version" },
      "event": { "const": "change" },
      "time": { "$ref": "#/$defs/time", "description": "The evaluation time of this run." },
      "event_id": { "$ref": "#/$defs/event_id", "description": "Hash of run_id, kind, endpoint, rule_id, certificate and the fingerprints on both sides." },
      "run_id": { "$ref": "#/$defs/run_id" },
      "kind": {
        "enum": [
          "endpoint_new",
          "endpoint_vanished",
          "endpoint_unreachable",
          "certificate_changed",
          "issuer_changed",
          "certificate_expiring",
          "status_changed",
          "finding_new",
          "finding_changed",
          "finding_resolved"
        ]
      },
      "endpoint": { "$ref": "#/$defs/endpoint" },
      "baseline": {
        "description": "The run compared with: its run_id and evaluation time.",
        "type": "object",
        "required": ["run_id"],
        "additionalProperties": false,
        "properties": { "run_id": { "$ref": "#/$defs/run_id" }, "time": { "$ref": "#/$defs/time" } }
      },
      "rule_id": { "type": "string", "pattern": "^[A-Z][A-Za-z0-9._-]*[A-Za-z0-9._–-]$" },
      "title": { "type": "string", "minLength": 1 },
      "severity": {
        "$ref": "#/$defs/severity",
        "description": "The rule's for a finding change; medium for endpoint_unreachable and certificate_expiring, high for a certificate already expired."
      },
      "certificate": { "$ref": "#/$defs/sha256", "description": "The certificate of a certificate_expiring change." },
      "message": { "type": "string", "minLength": 1 },
      "before": { "$ref": "#/$defs/change_state" },
      "after": { "$ref": "#/$defs/change_state" },
      "expiry": {
        "type": "object",
        "required": ["not_after", "days_left", "window_days"],
        "additionalProperties": false,
        "properties": {
          "not_after": { "$ref": "#/$defs/time" },
          "days_left": { "type": "integer", "description": "Whole days from this run's evaluation time to not_after; negative once expired." },
          "window_days": { "type": "integer", "minimum": 0 }
        }
      }
    },
    "allOf": [
      {
        "if": { "properties": { "kind": { "enum": ["status_changed", "finding_new", "finding_changed", "finding_resolved"] } } },
        "then": { "required": ["rule_id"] }
      },
      {
        "if": { "properties": { "kind": { "enum": ["endpoint_new", "finding_new", "certificate_expiring"] } } },
        "then": { "required": ["after"] }
      },
      {
        "if": { "properties": { "kind": { "enum": ["endpoint_vanished", "finding_resolved"] } } },
        "then": { "required": ["before"] }
      },
      {
        "if": { "properties": { "kind": { "enum": ["endpoint_unreachable", "certificate_changed", "issuer_changed", "status_changed", "finding_changed"] } } },
        "then": { "required": ["before", "after"] }
      },
      {
        "if": { "properties": { "kind": { "const": "certificate_expiring" } } },
        "then": { "required": ["certificate", "expiry"] }
      }
    ]
  },
  "change_state": {
    "description": "One side of a change. Endpoint changes carry verdict (and error); finding changes status, fingerprint and message; certificate, issuer and expiry changes certificates.",
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "verdict": { "enum": ["compliant", "degraded", "non-compliant", "incomplete"] },
      "error": { "$ref": "#/$defs/unknown" },
      "status": { "$ref": "#/$defs/finding_status" },
      "fingerprint": { "type": "string", "pattern": "^[0-9a-f]{32}$" },
      "message": { "type": "string" },
      "certificates": { "type": "array", "items": { "$ref": "#/$defs/change_certificate" } }
    }
  },
  "change_certificate": {
    "description": "A certificate in a change: its SHA-256, subject, issuer and end of validity.",
    "type": "object",
    "required": ["sha256", "subject", "issuer"],
    "additionalProperties": false,
    "properties": {
      "sha256": { "$ref": "#/$defs/sha256" },
      "subject": { "type": "string" },
      "issuer": { "type": "string" },
      "not_after": { "$ref": "#/$defs/time" }
    }
  }
}`

// changeSchema compiles report/schema/events.schema.json with the change
// event added (unless the file already has it).
func changeSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("schema", "events.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	defs := doc["$defs"].(map[string]any)
	if _, ok := defs["change_event"]; !ok {
		var frag map[string]any
		if err := json.Unmarshal([]byte(changeSchemaFragment), &frag); err != nil {
			t.Fatalf("the change schema fragment: %v", err)
		}
		for k, v := range frag {
			defs[k] = v
		}
		ev := doc["properties"].(map[string]any)["event"].(map[string]any)
		ev["enum"] = append(ev["enum"].([]any), "change")
		doc["oneOf"] = append(doc["oneOf"].([]any), map[string]any{"$ref": "#/$defs/change_event"})
	}
	patched, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	sdoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(patched))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(schema.ID, sdoc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schema.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validateWithChanges validates every line of an NDJSON stream against the
// schema with the change event.
func validateWithChanges(t *testing.T, s *jsonschema.Schema, stream []byte) {
	t.Helper()
	for i, line := range bytes.Split(bytes.TrimSuffix(stream, []byte("\n")), []byte("\n")) {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("line %d does not validate: %v\n%s", i+1, err, line)
		}
	}
}

// The drift scenario: a baseline at driftT0 and a run a day later, with
// one endpoint per kind of change and one that does not change.
var (
	driftT0 = time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	driftT1 = driftT0.Add(24 * time.Hour)
)

const (
	driftRun0 = "0b6c1e2a-8d4f-4e1a-9c3b-5a7d2f1e0c90"
	driftRun1 = "7e3a5c1d-2b9f-4c6e-8a1d-3f5b7c9e1a20"
)

func driftEndpoint(host string, port uint16, ip string) scanner.Endpoint {
	return scanner.Endpoint{Host: host, IP: netip.MustParseAddr(ip), Port: port, Protocol: "tls", SNI: host, Source: "argument"}
}

// driftCert is a certificate summary whose SHA-256 hashes its name.
func driftCert(name, issuer string, notAfter time.Time) scanner.CertRef {
	h := sha256.Sum256([]byte(name))
	return scanner.CertRef{SHA256: hex.EncodeToString(h[:]), Subject: "CN=" + name, Issuer: issuer, KeyType: "ECDSA", KeyBits: 256,
		Curve: "P-256", SignatureAlgorithm: "ECDSA-SHA256", NotBefore: notAfter.AddDate(0, -3, 0), NotAfter: notAfter}
}

// driftResult is a TLS 1.2 and 1.3 endpoint serving the given chains.
func driftResult(ep scanner.Endpoint, at time.Time, chains ...[]scanner.CertRef) scanner.Result {
	o := &scanner.TLSObservation{
		Versions: []scanner.VersionFact{
			{Version: scanner.TLSv11, Status: scanner.NotSupported, Reason: scanner.AlertReason(70)},
			{Version: scanner.TLSv12, Status: scanner.Supported},
			{Version: scanner.TLSv13, Status: scanner.Supported},
		},
		CipherSuites: []scanner.SuiteFact{
			{Version: scanner.TLSv12, Code: 0xC02B, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
			{Version: scanner.TLSv13, Code: 0x1302, Name: "TLS_AES_256_GCM_SHA384"},
			{Version: scanner.TLSv13, Code: 0x1301, Name: "TLS_AES_128_GCM_SHA256"},
		},
	}
	yes := true
	o.ServerOrder = []scanner.OrderFact{{Version: scanner.TLSv13, Enforced: &yes, Order: []scanner.Code{0x1302, 0x1301}}}
	o.Groups = []scanner.GroupFact{{Version: scanner.TLSv13, Code: 0x001D, Name: "x25519", Preferred: true}}
	var certs []scanner.CertificateFact
	for _, ch := range chains {
		f := scanner.ChainFact{Versions: []scanner.Version{scanner.TLSv12}, SNI: true, Chain: ch}
		f.Trusted, f.HostnameMatch, f.ServerName = true, true, ep.SNI
		for _, c := range ch {
			f.Served = append(f.Served, c.SHA256)
			if !slices.ContainsFunc(certs, func(x scanner.CertificateFact) bool { return x.SHA256 == c.SHA256 }) {
				certs = append(certs, driftCertificateFact(c))
			}
		}
		f.Path = f.Served
		o.Certificates = append(o.Certificates, f)
	}
	return scanner.Result{Endpoint: ep, Start: at, TLS: o, Certificates: certs, Stats: scanner.Stats{Connections: 12, DurationMS: 340}}
}

// driftCertificateFact describes a certificate of driftCert fully, as the
// scanner does.
func driftCertificateFact(c scanner.CertRef) scanner.CertificateFact {
	var f scanner.CertificateFact
	f.SHA256, f.Subject, f.Issuer, f.KeyType, f.KeyBits, f.Curve = c.SHA256, c.Subject, c.Issuer, c.KeyType, c.KeyBits, c.Curve
	f.SignatureAlgorithm, f.NotBefore, f.NotAfter = c.SignatureAlgorithm, c.NotBefore, c.NotAfter
	f.Version, f.Serial = 3, c.SHA256[:16]
	name := strings.TrimPrefix(c.Subject, "CN=")
	f.SubjectAttributes = []pki.Attribute{{Type: "C", OID: "2.5.4.6", Value: "FR"}, {Type: "O", OID: "2.5.4.10", Value: "Exemple SA"}, {Type: "CN", OID: "2.5.4.3", Value: name}}
	f.IssuerAttributes = []pki.Attribute{{Type: "CN", OID: "2.5.4.3", Value: strings.TrimPrefix(c.Issuer, "CN=")}}
	f.DNSNames = []string{name}
	f.DER = []byte("der of " + name)
	return f
}

func driftFinding(ep scanner.Endpoint, rule string, st rules.Status, msg string, items ...rules.Item) rules.Finding {
	return rules.Finding{RuleID: rule, Title: "title of " + rule, Status: st, Severity: rules.High, Endpoint: ep, Message: msg,
		Evidence:  rules.Evidence{Items: items},
		Reference: rules.Reference{Document: "ANSSI TLS guide", Edition: "v1.2 (2020)", Item: strings.TrimPrefix(rule, "ANSSI-TLS-"), Section: "§2.1"}}
}

func driftItem(v scanner.Version, code scanner.Code, name string, st rules.Status) rules.Item {
	return rules.Item{Kind: rules.ItemCipherSuite, Version: v, Code: &code, Name: name, Status: st, Why: "not in ANSSI's list"}
}

// driftInputs returns the results and findings of the baseline run and of
// the current run.
type driftRun struct {
	results  []scanner.Result
	findings [][]rules.Finding
}

func (d driftRun) snapshot(runID string, at time.Time) *Snapshot {
	s := NewSnapshot(runID, at)
	for i, r := range d.results {
		s.Add(r, d.findings[i])
	}
	return s
}

func driftRuns() (before, after driftRun) {
	www := driftEndpoint("www.example.fr", 443, "192.0.2.10")
	mail := driftEndpoint("mail.example.fr", 465, "192.0.2.25")
	old := driftEndpoint("old.example.fr", 443, "192.0.2.30")
	nu := driftEndpoint("new.example.fr", 443, "192.0.2.40")
	same := driftEndpoint("same.example.fr", 443, "192.0.2.50")
	api := driftEndpoint("api.example.fr", 443, "2001:db8::443")

	inter := driftCert("Old CA", "CN=Old Root", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	oldLeaf := driftCert("www.example.fr", "CN=Old CA", time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC))
	newLeaf := driftCert("www.example.fr 2", "CN=New CA", driftT1.Add(12*24*time.Hour)) // within 30 days of T1
	newInter := driftCert("New CA", "CN=New Root", time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
	sameLeaf := driftCert("same.example.fr", "CN=Old CA", driftT0.Add(10*24*time.Hour)) // already in the window at T0
	apiLeaf := driftCert("api.example.fr", "CN=Old CA", driftT0.Add(30*24*time.Hour+12*time.Hour))

	suite := func(st rules.Status, codes ...scanner.Code) []rules.Item {
		var out []rules.Item
		for _, c := range codes {
			out = append(out, driftItem(scanner.TLSv12, c, fmt.Sprintf("suite %s", c), st))
		}
		return out
	}
	compliant := func(ep scanner.Endpoint) []rules.Finding {
		return []rules.Finding{
			driftFinding(ep, "ANSSI-TLS-R4", rules.Pass, "TLSv1.0 and TLSv1.1 refused"),
			driftFinding(ep, "ANSSI-TLS-R7", rules.Pass, "groups recommended"),
		}
	}

	before.results = []scanner.Result{
		driftResult(www, driftT0, []scanner.CertRef{oldLeaf, inter}),
		driftResult(mail, driftT0, []scanner.CertRef{driftCert("mail.example.fr", "CN=Old CA", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))}),
		driftResult(old, driftT0),
		driftResult(same, driftT0, []scanner.CertRef{sameLeaf, inter}),
		driftResult(api, driftT0, []scanner.CertRef{apiLeaf}),
	}
	before.findings = [][]rules.Finding{
		{
			driftFinding(www, "ANSSI-TLS-R4", rules.Pass, "TLSv1.0 and TLSv1.1 refused"),
			driftFinding(www, "ANSSI-TLS-R7", rules.Fail, "CBC suites accepted", suite(rules.Fail, 0xC013)...),
			driftFinding(www, "ANSSI-TLS-R10-", rules.Degraded, "CBC with encrypt_then_mac", suite(rules.Degraded, 0xC027)...),
			driftFinding(www, "ANSSI-TLS-R3", rules.NotApplicable, "the rule does not concern this endpoint"),
		},
		compliant(mail),
		{driftFinding(old, "ANSSI-TLS-R4", rules.Fail, "TLSv1.0 accepted")},
		append(compliant(same), driftFinding(same, "ANSSI-TLS-R34", rules.Warn, "the leaf expires in 10 days")),
		compliant(api),
	}

	after.results = []scanner.Result{
		driftResult(www, driftT1, []scanner.CertRef{newLeaf, newInter}),
		{Endpoint: mail, Start: driftT1, Error: &scanner.Unknown{Reason: scanner.ReasonUnreachable, Detail: "connection refused"}, Stats: scanner.Stats{Errors: 1, DurationMS: 3}},
		driftResult(same, driftT1, []scanner.CertRef{sameLeaf, inter}),
		driftResult(api, driftT1, []scanner.CertRef{apiLeaf}),
		driftResult(nu, driftT1),
	}
	after.findings = [][]rules.Finding{
		{
			driftFinding(www, "ANSSI-TLS-R4", rules.Fail, "TLSv1.0 accepted"),
			driftFinding(www, "ANSSI-TLS-R7", rules.Fail, "CBC suites accepted", suite(rules.Fail, 0xC013, 0xC014)...),
			driftFinding(www, "ANSSI-TLS-R14", rules.Warn, "extended_master_secret not sent"),
			driftFinding(www, "ANSSI-TLS-R3", rules.NotApplicable, "the rule does not concern this endpoint"),
		},
		{
			driftFinding(mail, "ANSSI-TLS-R4", rules.Incomplete, "the versions are unknown"),
			driftFinding(mail, "ANSSI-TLS-R7", rules.Incomplete, "the groups are unknown"),
		},
		append(compliant(same), driftFinding(same, "ANSSI-TLS-R34", rules.Warn, "the leaf expires in 9 days")),
		compliant(api),
		{driftFinding(nu, "ANSSI-TLS-R4", rules.Fail, "SSLv3 accepted"), driftFinding(nu, "ANSSI-TLS-R7", rules.Pass, "groups recommended")},
	}
	// The warn on same.example.fr keeps its fingerprint: the message is not
	// part of it.
	return before, after
}

func driftChanges(t *testing.T) (*Snapshot, []Change) {
	t.Helper()
	b, a := driftRuns()
	base := b.snapshot(driftRun0, driftT0)
	return base, Diff(base, a.snapshot(driftRun1, driftT1), DiffOptions{ExpiryWindow: 30 * 24 * time.Hour})
}

// TestDiffScenario: each difference of the scenario gives exactly its
// change, the endpoint that did not change gives none, and a status change
// is one change, not a new and a resolved finding.
func TestDiffScenario(t *testing.T) {
	_, cs := driftChanges(t)
	var got []string
	for _, c := range cs {
		s := string(c.Kind) + " " + c.Endpoint.Host
		if c.RuleID != "" {
			s += " " + c.RuleID
		}
		got = append(got, s)
	}
	want := []string{
		"certificate_expiring api.example.fr",
		"endpoint_unreachable mail.example.fr",
		"endpoint_new new.example.fr",
		"finding_new new.example.fr ANSSI-TLS-R4",
		"endpoint_vanished old.example.fr",
		"certificate_changed www.example.fr",
		"issuer_changed www.example.fr",
		"certificate_expiring www.example.fr",
		"status_changed www.example.fr ANSSI-TLS-R4",
		"finding_new www.example.fr ANSSI-TLS-R14",
		"finding_changed www.example.fr ANSSI-TLS-R7",
		"finding_resolved www.example.fr ANSSI-TLS-R10-",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
	for _, c := range cs {
		if c.Baseline.RunID != driftRun0 || !c.Baseline.Time.Equal(driftT0) {
			t.Errorf("%s: baseline %+v", c.Kind, c.Baseline)
		}
		if c.Message == "" {
			t.Errorf("%s: no message", c.Kind)
		}
		switch c.Kind {
		case ChangeStatus:
			if c.Before.Status != rules.Pass || c.After.Status != rules.Fail || c.Before.Fingerprint == c.After.Fingerprint || !c.NeedsAction() {
				t.Errorf("status change %+v %+v", c.Before, c.After)
			}
		case ChangeExpiring:
			switch c.Endpoint.Host {
			case "www.example.fr":
				if c.Expiry.DaysLeft != 12 || c.Expiry.WindowDays != 30 || c.Severity != rules.Medium || c.Certificate != c.After.Certificates[0].SHA256 {
					t.Errorf("www expiry %+v severity %s", c.Expiry, c.Severity)
				}
			case "api.example.fr":
				if c.Expiry.DaysLeft != 29 {
					t.Errorf("api expiry %+v", c.Expiry)
				}
			}
		case ChangeIssuer:
			if c.Before.Certificates[0].Issuer != "CN=Old CA" || c.After.Certificates[0].Issuer != "CN=New CA" {
				t.Errorf("issuer change %+v → %+v", c.Before, c.After)
			}
		case ChangeEndpointUnreachable:
			if c.Before.Verdict != Compliant || c.After.Verdict != Incomplete || c.After.Error == nil {
				t.Errorf("unreachable %+v → %+v", c.Before, c.After)
			}
		case ChangeEndpointNew:
			if c.After.Verdict != NonCompliant {
				t.Errorf("new endpoint verdict %s", c.After.Verdict)
			}
		case ChangeEndpointVanished:
			if c.Before.Verdict != NonCompliant {
				t.Errorf("vanished endpoint verdict %s", c.Before.Verdict)
			}
		}
	}
}

// TestDiffIdenticalRerun: two runs built from the same observations and
// findings give no change, whether the rerun is at the same time or a day
// later (no certificate enters the window in between).
func TestDiffIdenticalRerun(t *testing.T) {
	b, _ := driftRuns()
	for _, later := range []time.Duration{0, 24 * time.Hour} {
		// same.example.fr's leaf is in the window at both times, and was
		// already in it at the baseline: not a change.
		cs := Diff(b.snapshot(driftRun0, driftT0), b.snapshot(driftRun1, driftT0.Add(later)), DiffOptions{ExpiryWindow: 20 * 24 * time.Hour})
		if len(cs) != 0 {
			t.Errorf("rerun %s later: %d changes, first: %s", later, len(cs), cs[0].Message)
		}
	}
}

// catalogueRun grades fixture endpoints with the live catalogue.
func catalogueRun(t *testing.T, at time.Time, results ...*scanner.Result) driftRun {
	t.Helper()
	ctx, err := rules.NewContext(rules.DefaultProfile, 0, at)
	if err != nil {
		t.Fatal(err)
	}
	var d driftRun
	for _, r := range results {
		d.results = append(d.results, *r)
		d.findings = append(d.findings, rules.Evaluate(r, ctx))
	}
	return d
}

func catalogueEndpoints(tls10 bool) []*scanner.Result {
	www := fixture.Compliant()
	if tls10 {
		www.Supported(scanner.TLSv10).Suites(scanner.TLSv10, 0xC013) // ECDHE-RSA-AES128-SHA
	}
	mail := fixture.Compliant().Endpoint(driftEndpoint("mail.example.fr", 465, "192.0.2.25"))
	out := []*scanner.Result{www.Endpoint(driftEndpoint("example.fr", 443, "192.0.2.10")).Result(), mail.Result()}
	for _, r := range out {
		r.Start = driftT0
	}
	return out
}

// TestDiffCatalogueRerun: the same fixture servers graded by the live
// catalogue twice, the first run read back from its NDJSON, give no
// change; enabling TLS 1.0 on one endpoint gives changes on that endpoint
// only, finding changes only, and none of them a finding_new and a
// finding_resolved of the same rule.
func TestDiffCatalogueRerun(t *testing.T) {
	run0 := catalogueRun(t, driftT0, catalogueEndpoints(false)...)
	var buf bytes.Buffer
	w := NewNDJSON(&buf, Run{ID: driftRun0, Now: func() time.Time { return driftT0 }})
	for i, r := range run0.results {
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(r, run0.findings[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Summary(Summary{Provenance: Provenance{EvaluatedAt: driftT0}}); err != nil {
		t.Fatal(err)
	}
	base, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	opts := DiffOptions{ExpiryWindow: rules.DefaultExpiryWarning}
	same := catalogueRun(t, driftT1, catalogueEndpoints(false)...)
	if cs := Diff(base, same.snapshot(driftRun1, driftT1), opts); len(cs) != 0 {
		t.Fatalf("identical rerun: %d changes, first: %s", len(cs), cs[0].Message)
	}

	changed := catalogueRun(t, driftT1, catalogueEndpoints(true)...)
	cs := Diff(base, changed.snapshot(driftRun1, driftT1), opts)
	if len(cs) == 0 {
		t.Fatal("enabling TLS 1.0 changed nothing")
	}
	kinds := map[string][]ChangeKind{}
	for _, c := range cs {
		if c.Endpoint.Host != "example.fr" {
			t.Errorf("change on an endpoint that did not change: %s", c.Message)
		}
		switch c.Kind {
		case ChangeStatus, ChangeFindingNew, ChangeFindingChanged, ChangeFindingResolved:
		default:
			t.Errorf("unexpected change: %s", c.Message)
		}
		kinds[c.RuleID] = append(kinds[c.RuleID], c.Kind)
	}
	for id, ks := range kinds {
		if slices.Contains(ks, ChangeFindingNew) && slices.Contains(ks, ChangeFindingResolved) {
			t.Errorf("%s: new and resolved instead of one status change: %v", id, ks)
		}
	}
	if !slices.Contains(kinds["ANSSI-TLS-R4"], ChangeStatus) {
		t.Errorf("ANSSI-TLS-R4 did not change status: %v", cs)
	}
}

// TestDiffOnlyActionableNewOrResolved: findings that need no action
// appear or disappear silently (a baseline written with --only-failures
// against a full run), but a status change to or from them is reported.
func TestDiffOnlyActionableNewOrResolved(t *testing.T) {
	ep := driftEndpoint("example.fr", 443, "192.0.2.10")
	r := driftResult(ep, driftT0)
	b := NewSnapshot("run-0", driftT0)
	b.Add(r, []rules.Finding{driftFinding(ep, "ANSSI-TLS-R4", rules.Fail, "TLSv1.0 accepted")})
	a := NewSnapshot("run-1", driftT0)
	a.Add(r, []rules.Finding{
		driftFinding(ep, "ANSSI-TLS-R4", rules.Pass, "refused"),
		driftFinding(ep, "ANSSI-TLS-R3", rules.Pass, "TLS 1.3 supported"),
		driftFinding(ep, "ANSSI-TLS-R5", rules.NotApplicable, "n/a"),
		driftFinding(ep, "ANSSI-TLS-R6", rules.Info, "for information"),
	})
	cs := Diff(b, a, DiffOptions{})
	if len(cs) != 1 || cs[0].Kind != ChangeStatus || cs[0].RuleID != "ANSSI-TLS-R4" || cs[0].NeedsAction() || !cs[0].Improves() {
		t.Fatalf("got %+v", cs)
	}
	if cs := Diff(a, b, DiffOptions{}); len(cs) != 1 || cs[0].Kind != ChangeStatus || !cs[0].NeedsAction() {
		t.Fatalf("reverse: got %+v", cs)
	}
}

// TestDiffSeveralFindingsOfOneRule: a rule that reports several findings
// on one endpoint is paired finding by finding: unchanged ones give
// nothing, one changed gives one change.
func TestDiffSeveralFindingsOfOneRule(t *testing.T) {
	ep := driftEndpoint("example.fr", 443, "192.0.2.10")
	r := driftResult(ep, driftT0)
	chain := func(st rules.Status, name string) rules.Finding {
		return driftFinding(ep, "ANSSI-TLS-R26", st, name, rules.Item{Kind: "certificate", Name: name, Status: st, Why: "key size"})
	}
	b := NewSnapshot("run-0", driftT0)
	b.Add(r, []rules.Finding{chain(rules.Fail, "rsa chain"), chain(rules.Pass, "ecdsa chain")})
	a := NewSnapshot("run-1", driftT0)
	a.Add(r, []rules.Finding{chain(rules.Pass, "ecdsa chain"), chain(rules.Pass, "rsa chain")})
	cs := Diff(b, a, DiffOptions{})
	if len(cs) != 1 || cs[0].Kind != ChangeStatus || cs[0].Before.Status != rules.Fail || cs[0].After.Status != rules.Pass {
		t.Fatalf("got %+v", cs)
	}
}

// TestDiffInterrupted: endpoints an interrupted run did not reach are not
// reported as vanished.
func TestDiffInterrupted(t *testing.T) {
	b, _ := driftRuns()
	base := b.snapshot(driftRun0, driftT0)
	partial := driftRun{results: b.results[:1], findings: b.findings[:1]}
	if cs := Diff(base, partial.snapshot(driftRun1, driftT0), DiffOptions{Interrupted: true}); len(cs) != 0 {
		t.Errorf("interrupted: %d changes, first: %s", len(cs), cs[0].Message)
	}
	cs := Diff(base, partial.snapshot(driftRun1, driftT0), DiffOptions{})
	if len(cs) != len(b.results)-1 {
		t.Errorf("complete: %d changes, want %d vanished endpoints", len(cs), len(b.results)-1)
	}
	for _, c := range cs {
		if c.Kind != ChangeEndpointVanished {
			t.Errorf("unexpected %s", c.Message)
		}
	}
}

// TestDiffExpiredCertificate: a new leaf already expired is reported as
// such, with high severity and a negative number of days.
func TestDiffExpiredCertificate(t *testing.T) {
	ep := driftEndpoint("example.fr", 443, "192.0.2.10")
	good := driftCert("good", "CN=CA", driftT1.AddDate(1, 0, 0))
	expired := driftCert("expired", "CN=CA", driftT1.Add(-36*time.Hour))
	b := NewSnapshot("run-0", driftT0)
	b.Add(driftResult(ep, driftT0, []scanner.CertRef{good}), nil)
	a := NewSnapshot("run-1", driftT1)
	a.Add(driftResult(ep, driftT1, []scanner.CertRef{expired}), nil)
	cs := Diff(b, a, DiffOptions{})
	var exp *Change
	for i := range cs {
		if cs[i].Kind == ChangeExpiring {
			exp = &cs[i]
		}
	}
	if exp == nil || exp.Severity != rules.High || exp.Expiry.DaysLeft != -2 || !strings.Contains(exp.Message, "expired 2 days ago") {
		t.Fatalf("got %+v", cs)
	}
	// The same issuer: no issuer change.
	for _, c := range cs {
		if c.Kind == ChangeIssuer {
			t.Errorf("issuer change with the same issuer: %s", c.Message)
		}
	}
}

// TestReadBaselineFile reads the checked-in baseline (the NDJSON of the
// scenario's first run, with a change event and an event type from the
// future): the same snapshot as the run it was written from.
func TestReadBaselineFile(t *testing.T) {
	b, _ := driftRuns()
	var buf bytes.Buffer
	w := NewNDJSON(&buf, Run{ID: driftRun0, Now: func() time.Time { return driftT0 }})
	for i, r := range b.results {
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(r, b.findings[i]); err != nil {
			t.Fatal(err)
		}
	}
	// A baseline may itself have been compared with an older run.
	if err := w.Changes([]Change{{Kind: ChangeEndpointNew, Endpoint: b.results[0].Endpoint, Baseline: BaselineRef{RunID: "older"},
		Message: "new endpoint", After: &ChangeState{Verdict: Compliant}}}); err != nil {
		t.Fatal(err)
	}
	// An event type of a later version, whose fields clash with the known
	// events' (endpoint is a string, time is not a time): skipped unread.
	buf.WriteString(`{"schema_version":"1.3","event":"dns","time":"yesterday","event_id":"0123456789abcdef0123456789abcdef","run_id":"` + driftRun0 + `","endpoint":"example.fr","dnssec":{"signed":true}}` + "\n")
	if err := w.Summary(Summary{Provenance: Provenance{ToolVersion: "v1", EvaluatedAt: driftT0, Profile: "anssi"}, ExitCode: 1}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "baseline", "previous.ndjson")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	defer f.Close()
	base, err := ReadBaseline(f)
	if err != nil {
		t.Fatal(err)
	}
	if base.Ref() != (BaselineRef{RunID: driftRun0, Time: driftT0}) || base.Len() != len(b.results) {
		t.Errorf("ref %+v, %d endpoints", base.Ref(), base.Len())
	}
	if cs := Diff(base, b.snapshot(driftRun1, driftT0), DiffOptions{}); len(cs) != 0 {
		t.Errorf("the file and the run it was written from differ: %d changes, first: %s", len(cs), cs[0].Message)
	}
	// And the scenario's changes are the same from the file.
	_, want := driftChanges(t)
	_, a := driftRuns()
	got := Diff(base, a.snapshot(driftRun1, driftT1), DiffOptions{ExpiryWindow: 30 * 24 * time.Hour})
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("changes against the file differ from those against the run:\n%s\n%s", g, w)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadBaselineErrors: what is not one run's NDJSON is refused, with
// the line.
func TestReadBaselineErrors(t *testing.T) {
	ev := func(runID, version string) string {
		return `{"schema_version":"` + version + `","event":"summary","time":"2026-11-25T18:00:00Z","run_id":"` + runID + `","provenance":{"evaluated_at":"2026-11-25T18:00:00Z"}}`
	}
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "no cryptoscan event"},
		{"blank lines only", "\n\n", "no cryptoscan event"},
		{"only unknown events", `{"schema_version":"1.0","event":"dns","run_id":"r"}`, "no cryptoscan event"},
		{"not JSON", "endpoint example.fr\n", "line 1: not a cryptoscan event"},
		{"ECS document", `{"@timestamp":"2026-11-25T18:00:00Z","event":{"kind":"state"}}`, "ECS documents cannot be a baseline"},
		{"schema version 2", ev("r", "2.0"), `schema_version "2.0" is not supported`},
		{"no schema version", `{"event":"summary","run_id":"r"}`, `schema_version "" is not supported`},
		{"two runs", ev("r1", "1.0") + "\n" + ev("r2", "1.0"), "line 2: run r2 follows run r1"},
		{"no run id", `{"schema_version":"1.0","event":"summary"}`, "without run_id"},
		{"finding without fingerprint", `{"schema_version":"1.0","event":"finding","run_id":"r","endpoint":{"host":"a","ip":"192.0.2.1","port":443,"protocol":"tls","source":"x"},"rule":{"id":"R"},"status":"fail"}`, "without endpoint, rule, status or fingerprint"},
		{"endpoint without endpoint", `{"schema_version":"1.0","event":"endpoint","run_id":"r"}`, "endpoint event without endpoint"},
		{"malformed endpoint", `{"schema_version":"1.0","event":"endpoint","run_id":"r","endpoint":{"port":"https"}}`, "line 1: malformed endpoint event"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadBaseline(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// A minor version ahead, with unknown fields, reads.
	s, err := ReadBaseline(strings.NewReader(strings.Replace(ev("r", "1.7"), `"provenance"`, `"future":[1,2],"provenance"`, 1)))
	if err != nil || s.Ref().RunID != "r" {
		t.Fatalf("schema 1.7: %v", err)
	}
}

// TestChangeEventsValidate: the change events of the scenario, written
// by NDJSON between the endpoints and the summary, validate against the
// schema with the change event, and the fragment names every kind.
func TestChangeEventsValidate(t *testing.T) {
	s := changeSchema(t)
	_, cs := driftChanges(t)
	_, a := driftRuns()
	var buf bytes.Buffer
	w := NewNDJSON(&buf, Run{ID: driftRun1, Now: func() time.Time { return driftT1 }})
	for i, r := range a.results {
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(r, a.findings[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Changes(cs); err != nil {
		t.Fatal(err)
	}
	if err := w.Summary(Summary{Provenance: Provenance{ToolVersion: "v1", CatalogueVersion: "0.1.0", CADataVersion: "x", RootStore: "y",
		Profile: "anssi", Horizon: 2026, EvaluatedAt: driftT1, FailOn: "high"}, ExitCode: 1}); err != nil {
		t.Fatal(err)
	}
	validateWithChanges(t, s, buf.Bytes())

	var frag struct {
		ChangeEvent struct {
			Properties struct {
				Kind struct {
					Enum []ChangeKind `json:"enum"`
				} `json:"kind"`
			} `json:"properties"`
		} `json:"change_event"`
	}
	if err := json.Unmarshal([]byte(changeSchemaFragment), &frag); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(frag.ChangeEvent.Properties.Kind.Enum, ChangeKinds) {
		t.Errorf("schema kinds %v, code kinds %v", frag.ChangeEvent.Properties.Kind.Enum, ChangeKinds)
	}
	// Every kind of the scenario is there.
	seen := map[ChangeKind]bool{}
	for _, c := range cs {
		seen[c.Kind] = true
	}
	for _, k := range ChangeKinds {
		if !seen[k] {
			t.Errorf("the scenario has no %s change", k)
		}
	}
	// A change event that breaks the schema is caught (the fragment is not
	// vacuous): a status change without its before side.
	bad := mustJSON(t, changeEvent{SchemaVersion: "1.0", Event: "change", Time: "2026-11-26T18:00:00Z", EventID: strings.Repeat("0", 32), RunID: "r",
		Change: Change{Kind: ChangeStatus, Endpoint: driftEndpoint("a.fr", 443, "192.0.2.1"), RuleID: "ANSSI-TLS-R4", Baseline: BaselineRef{RunID: "r0"}, Message: "m", After: &ChangeState{Status: rules.Fail}}})
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err := s.Validate(v); err == nil {
		t.Error("a status change without before validates")
	}
}

// TestChangeEventIDs: change event IDs are distinct within a run, the same
// for the same change in the same run, and differ between runs.
func TestChangeEventIDs(t *testing.T) {
	_, cs := driftChanges(t)
	seen := map[string]string{}
	for _, c := range cs {
		id := changeEventID(driftRun1, c)
		if prev, ok := seen[id]; ok {
			t.Errorf("%s and %s share event id %s", prev, c.Message, id)
		}
		seen[id] = c.Message
		if changeEventID(driftRun1, c) != id || changeEventID(driftRun0, c) == id {
			t.Errorf("%s: event id not stable per run", c.Message)
		}
	}
}

// TestChangesTextGolden pins the text of the scenario's changes.
func TestChangesTextGolden(t *testing.T) {
	base, cs := driftChanges(t)
	var b bytes.Buffer
	if err := WriteChangesText(&b, base.Ref(), cs, false); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "baseline", "changes.golden.txt")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("text differs from %s (go test -update rewrites it):\n%s", golden, b.String())
	}
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("colour without color")
	}

	var c bytes.Buffer
	if err := WriteChangesText(&c, base.Ref(), cs, true); err != nil {
		t.Fatal(err)
	}
	if ansi.ReplaceAllString(c.String(), "") != b.String() {
		t.Error("the coloured text differs from the plain one beyond colour")
	}
	for _, want := range []string{ansiRed + "STATUS", ansiGreen + "RESOLVED", ansiYellow + "CERTIFICATE"} {
		if !strings.Contains(c.String(), want) {
			t.Errorf("no %q in the coloured text", want)
		}
	}

	var none bytes.Buffer
	if err := WriteChangesText(&none, base.Ref(), nil, false); err != nil {
		t.Fatal(err)
	}
	if got := none.String(); got != "no change since the baseline run "+driftRun0+" of 2026-11-25T18:00:00Z\n" {
		t.Errorf("no change: %q", got)
	}
	// Changes built by hand without their sides print their message.
	var bare bytes.Buffer
	var sparse []Change
	for _, k := range ChangeKinds {
		sparse = append(sparse, Change{Kind: k, Endpoint: driftEndpoint("a.example.fr", 443, "192.0.2.1"), Message: "bare " + string(k)})
	}
	if err := WriteChangesText(&bare, base.Ref(), sparse, false); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(bare.String(), ": bare "); n != 0 || strings.Count(bare.String(), " bare ") != len(ChangeKinds) {
		t.Errorf("bare changes:\n%s", bare.String())
	}
	if err := WriteChangesText(errWriter{}, base.Ref(), cs, false); err == nil {
		t.Error("no error from a failing writer")
	}
}

// TestDiffIKECertificate: an IPsec gateway's certificate (from IKE_AUTH)
// is followed as a TLS server's is, through the snapshot and through a
// baseline read back from NDJSON.
func TestDiffIKECertificate(t *testing.T) {
	ep := scanner.Endpoint{Host: "vpn.example.fr", IP: netip.MustParseAddr("192.0.2.50"), Port: 500, Protocol: "ike", Source: "argument"}
	gateway := func(at time.Time, leaf scanner.CertRef) scanner.Result {
		return scanner.Result{Endpoint: ep, Start: at, IKE: &scanner.IKEObservation{
			V2: scanner.VersionStatus{Status: scanner.Supported}, V1: scanner.VersionStatus{Status: scanner.NotSupported},
			Auth: &scanner.IKEAuth{Status: scanner.Supported, AuthMethod: "Digital Signature",
				Certificates: []scanner.ChainFact{{Versions: []scanner.Version{}, Chain: []scanner.CertRef{leaf}}}},
		}}
	}
	before := gateway(driftT0, driftCert("old", "CN=CA", driftT1.AddDate(1, 0, 0)))
	after := gateway(driftT1, driftCert("new", "CN=CA", driftT1.AddDate(1, 0, 0)))
	b := NewSnapshot("run-0", driftT0)
	b.Add(before, nil)
	var buf bytes.Buffer
	w := NewNDJSON(&buf, Run{ID: "run-0", Now: func() time.Time { return driftT0 }})
	if err := w.Endpoint(before); err != nil {
		t.Fatal(err)
	}
	read, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for name, base := range map[string]*Snapshot{"snapshot": b, "read back": read} {
		a := NewSnapshot("run-1", driftT1)
		a.Add(after, nil)
		cs := Diff(base, a, DiffOptions{})
		if !slices.ContainsFunc(cs, func(c Change) bool { return c.Kind == ChangeCertificate }) {
			t.Errorf("%s: no certificate change in %+v", name, cs)
		}
	}
}
