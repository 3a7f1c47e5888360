package report

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

var ecsRun = Run{ID: driftRun1, Now: func() time.Time { return driftT1 }}

func ecsProvenanceFixture() Provenance {
	return Provenance{ToolVersion: "v1.0.0", CatalogueVersion: "0.1.0", CADataVersion: "2026.06.24-1",
		RootStore: "golang.org/x/crypto/x509roots/fallback@v0.0.0 (117 Mozilla roots)", Profile: "anssi", Horizon: 2026,
		EvaluatedAt: driftT1, FailOn: "high", Depth: "inventory",
		Documents: []rules.Document{rules.TLSGuide}}
}

func ecsOptionsFixture() ECSOptions {
	return ECSOptions{Provenance: ecsProvenanceFixture(), ObserverHostname: "scanner-0", ObserverIP: []netip.Addr{netip.MustParseAddr("192.0.2.200"), netip.MustParseAddr("2001:db8::200")}}
}

// ecsResults are the current run of the drift scenario, with a fuller
// certificate description and an unknown version on www.example.fr.
func ecsResults() []scanner.Result {
	_, a := driftRuns()
	rs := slices.Clone(a.results)
	www := &rs[0]
	www.TLS.Versions = append([]scanner.VersionFact{{Version: scanner.SSLv3, Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer in 5s"}}, www.TLS.Versions...)
	for i := range www.Certificates {
		c := &www.Certificates[i]
		c.SubjectAttributes = append(c.SubjectAttributes, pki.Attribute{Type: "L", OID: "2.5.4.7", Value: "Paris"},
			pki.Attribute{Type: "ST", OID: "2.5.4.8", Value: "Île-de-France"}, pki.Attribute{Type: "OU", OID: "2.5.4.11", Value: "Web"})
		c.IssuerAttributes = append([]pki.Attribute{{Type: "C", OID: "2.5.4.6", Value: "FR"}, {Type: "L", OID: "2.5.4.7", Value: "Paris"},
			{Type: "ST", OID: "2.5.4.8", Value: "IDF"}, {Type: "O", OID: "2.5.4.10", Value: "Exemple PKI"}, {Type: "OU", OID: "2.5.4.11", Value: "PKI"}}, c.IssuerAttributes...)
		c.IPAddresses = []string{"192.0.2.10"}
		if i == 1 {
			c.KeyType, c.KeyBits, c.Curve, c.RSAExponent, c.RSAExponentHex, c.SignatureAlgorithm = pki.KeyRSA, 3072, "", 65537, "010001", "SHA256-RSA"
		}
	}
	return rs
}

// ecsFindings has every status and every part of the evidence.
func ecsFindings(ep scanner.Endpoint) []rules.Finding {
	f := func(rule string, st rules.Status, sev rules.Severity, msg string, ev rules.Evidence) rules.Finding {
		x := driftFinding(ep, rule, st, msg)
		x.Severity, x.Evidence = sev, ev
		return x
	}
	tls10 := scanner.Code(0xC013)
	fail := f("ANSSI-TLS-R4", rules.Fail, rules.High, "TLSv1.0 accepted", rules.Evidence{
		Items:   []rules.Item{{Kind: rules.ItemVersion, Version: scanner.TLSv10, Status: rules.Fail, Why: "TLS 1.0 is not allowed"}},
		Checked: []rules.Checked{{Fact: rules.FactVersion, Version: scanner.TLSv10, State: "supported"}},
	})
	fail.Fix = "nginx: ssl_protocols TLSv1.2 TLSv1.3;"
	waived := f("ANSSI-TLS-R5", rules.Waived, rules.Medium, "RSA key exchange accepted", rules.Evidence{
		Items: []rules.Item{{Kind: rules.ItemCipherSuite, Version: scanner.TLSv12, Code: &tls10, Name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Status: rules.Fail, Why: "CBC"}},
	})
	waived.Graded = rules.Fail
	waived.Waiver = &rules.Waiver{RuleID: "ANSSI-TLS-R5", Host: ep.Host, Port: ep.Port, Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Reason: "legacy clients until January"}
	return []rules.Finding{
		f("ANSSI-TLS-R3", rules.Pass, rules.High, "TLSv1.3 supported", rules.Evidence{Checked: []rules.Checked{{Fact: rules.FactVersion, Version: scanner.TLSv13, State: "supported"}}}),
		fail,
		f("ANSSI-TLS-R7", rules.Incomplete, rules.High, "the TLSv1.2 groups are only partly known", rules.Evidence{
			Unknown: []rules.UnknownFact{{Fact: rules.FactGroups, Version: scanner.TLSv12, State: "partial", Reason: scanner.ReasonThrottled, Detail: "control probe failed"}},
			Checked: []rules.Checked{{Fact: rules.FactGroups, Version: scanner.TLSv13, State: "complete", Count: 1}},
		}),
		f("ANSSI-TLS-R10-", rules.Degraded, rules.Medium, "CBC suites with encrypt_then_mac", rules.Evidence{
			Items:     []rules.Item{{Kind: rules.ItemCipherSuite, Version: scanner.TLSv12, Code: &tls10, Name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Bits: 128, Status: rules.Degraded, Why: "CBC"}},
			Threshold: &rules.Threshold{Bits: 128, Year: 2026, Basis: "128 bits"}, Notes: []string{"tolerated by R10-"},
		}),
		f("ANSSI-TLS-R14", rules.Warn, rules.Low, "extended_master_secret not sent", rules.Evidence{}),
		waived,
		f("ANSSI-TLS-R6", rules.Info, rules.SeverityInfo, "for information", rules.Evidence{}),
		f("ANSSI-TLS-R22", rules.NotApplicable, rules.Medium, "the rule does not concern this endpoint", rules.Evidence{}),
	}
}

// writeECSScan writes the scenario's current run as ECS: endpoints with
// their findings, the changes against the baseline, the summary.
func writeECSScan(t *testing.T, opts ECSOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewECS(&b, ecsRun, opts)
	_, a := driftRuns()
	for i, r := range ecsResults() {
		fs := a.findings[i]
		if i == 0 {
			fs = ecsFindings(r.Endpoint)
		}
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(r, fs); err != nil {
			t.Fatal(err)
		}
	}
	_, cs := driftChanges(t)
	if err := w.Changes(cs); err != nil {
		t.Fatal(err)
	}
	if err := w.Summary(Summary{Provenance: opts.Provenance, Endpoints: map[Verdict]int{NonCompliant: 2, Incomplete: 1, Compliant: 2},
		Findings: map[rules.Status]int{rules.Fail: 2, rules.Pass: 6}, ExitCode: 1, Undelivered: 2,
		NotScanned: []NotScanned{{Endpoint: driftEndpoint("mx.provider.example", 25, "198.51.100.25"), Reason: "out of scope"}}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func ecsDocs(t *testing.T, stream []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(stream))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			t.Fatalf("%v: %s", err, sc.Bytes())
		}
		if d.More() {
			t.Fatalf("more than one document on a line: %s", sc.Bytes())
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		t.Fatal("no document")
	}
	return out
}

// get returns the value at a dotted path of a document (no arrays on the
// way).
func get(doc map[string]any, path string) any {
	var v any = doc
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// TestECSGolden pins the ECS documents of the scenario's run. go test
// ./report -update rewrites the file.
func TestECSGolden(t *testing.T) {
	got := writeECSScan(t, ecsOptionsFixture())
	golden := filepath.Join("testdata", "ecs", "scan.golden.ndjson")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			if i >= len(gl) || i >= len(wl) || gl[i] != wl[i] {
				t.Fatalf("line %d differs from %s (go test -update rewrites it):\n got %.600s\nwant %.600s", i+1, golden, at(gl, i), at(wl, i))
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}

// ecsAllDocs writes every kind of document, with every optional field at
// least once: the scenario, the same with aggregated passes and an
// offline provenance, a vanished endpoint that the baseline could not
// inspect, and the live catalogue on fixture servers (with certificates
// from real DER).
func ecsAllDocs(t *testing.T) []map[string]any {
	t.Helper()
	docs := ecsDocs(t, writeECSScan(t, ecsOptionsFixture()))
	opts := ecsOptionsFixture()
	opts.AggregatePasses = true
	opts.Provenance.Offline, opts.Provenance.Input = true, "saved.ndjson"
	docs = append(docs, ecsDocs(t, writeECSScan(t, opts))...)

	gone := driftEndpoint("gone.example.fr", 443, "192.0.2.99")
	b := NewSnapshot(driftRun0, driftT0)
	b.Add(scanner.Result{Endpoint: gone, Error: &scanner.Unknown{Reason: scanner.ReasonTimeout}}, nil)
	var buf bytes.Buffer
	w := NewECS(&buf, ecsRun, ecsOptionsFixture())
	if err := w.Changes(Diff(b, NewSnapshot(driftRun1, driftT1), DiffOptions{})); err != nil {
		t.Fatal(err)
	}
	docs = append(docs, ecsDocs(t, buf.Bytes())...)

	// An SSH endpoint.
	buf.Reset()
	w = NewECS(&buf, ecsRun, ecsOptionsFixture())
	if err := w.Endpoint(sshResult()); err != nil {
		t.Fatal(err)
	}
	if err := w.Endpoint(ikeResult()); err != nil {
		t.Fatal(err)
	}
	docs = append(docs, ecsDocs(t, buf.Bytes())...)

	buf.Reset()
	w = NewECS(&buf, ecsRun, ecsOptionsFixture())
	ctx, err := rules.NewContext(rules.DefaultProfile, 0, driftT1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*scanner.Result{
		fixture.Compliant().Endpoint(driftEndpoint("example.fr", 443, "192.0.2.10")).Result(),
		fixture.Compliant().AddSuites(scanner.TLSv12, 0x0005).Supported(scanner.TLSv10).Unknown(scanner.SSLv3, scanner.ReasonThrottled).
			Endpoint(driftEndpoint("legacy.example.fr", 443, "2001:db8::10")).Result(),
	} {
		if err := w.Endpoint(*r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(*r, rules.Evaluate(r, ctx)); err != nil {
			t.Fatal(err)
		}
	}
	return append(docs, ecsDocs(t, buf.Bytes())...)
}

// jsonType classifies a JSON value as an index mapping would see it:
// object, boolean, long, double, date (a string Elasticsearch's date
// detection takes for one), string.
func jsonType(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "object"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "long"
		}
		return "double"
	case string:
		if _, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return "date"
		}
		if _, err := time.Parse("2006-01-02", x); err == nil {
			return "date"
		}
		return "string"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// walkTypes records the type of every dotted path of v; array elements
// take the array's path, as in an index mapping.
func walkTypes(path string, v any, types map[string]map[string]string, where string) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkTypes(path, e, types, where)
		}
		return
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkTypes(p, e, types, where)
		}
	}
	if path == "" {
		return
	}
	if types[path] == nil {
		types[path] = map[string]string{}
	}
	if _, ok := types[path][jsonType(v)]; !ok {
		types[path][jsonType(v)] = where
	}
}

// typeConflicts returns the dotted paths that do not keep one JSON type
// across docs, and those that are null somewhere, each with the type and
// the document it was first seen in; count is the number of paths.
func typeConflicts(docs []map[string]any) (problems []string, count int) {
	types := map[string]map[string]string{}
	for _, d := range docs {
		walkTypes("", d, types, fmt.Sprint(get(d, "event.dataset"), ": ", get(d, "message")))
	}
	for _, p := range slices.Sorted(maps.Keys(types)) {
		if len(types[p]) > 1 {
			problems = append(problems, fmt.Sprintf("%s has several types: %v", p, types[p]))
		}
		if w, ok := types[p]["null"]; ok {
			problems = append(problems, fmt.Sprintf("%s is null in %s", p, w))
		}
	}
	return problems, len(types)
}

// TestECSFieldTypesNeverConflict walks every document of whole scans (the
// scenario, aggregated passes, the live catalogue on fixture servers) and
// checks that every dotted path keeps one JSON type: an index mapping
// built from any document accepts all the others. No value is null.
func TestECSFieldTypesNeverConflict(t *testing.T) {
	problems, n := typeConflicts(ecsAllDocs(t))
	for _, p := range problems {
		t.Error(p)
	}
	if n < 200 {
		t.Errorf("only %d paths: the walk missed documents", n)
	}
}

// TestTypeConflictsFindsThem: the walk sees a string that is an object
// elsewhere, a number that is a string, an integer that is a fraction, a
// date that is text, and does so inside arrays.
func TestTypeConflictsFindsThem(t *testing.T) {
	var docs []map[string]any
	for _, s := range []string{
		`{"a":"x","n":1,"f":1,"d":"2026-11-26T18:00:00Z","l":[{"k":true}],"ok":"same"}`,
		`{"a":{"b":"x"},"n":"1","f":1.5,"d":"soon","l":[{"k":"yes"}],"ok":"same","z":null}`,
	} {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, m)
	}
	problems, _ := typeConflicts(docs)
	var paths []string
	for _, p := range problems {
		path, _, _ := strings.Cut(p, " ")
		paths = append(paths, path)
	}
	if want := []string{"a", "d", "f", "l.k", "n", "z"}; !slices.Equal(paths, want) {
		t.Errorf("conflicts in %v, want %v:\n%s", paths, want, strings.Join(problems, "\n"))
	}
}

// mappingRow is one row of MAPPING.md's field table.
type mappingRow struct {
	field, typ string
	docs       []string
}

func readMapping(t *testing.T) []mappingRow {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "ecs", "MAPPING.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "| Field | Type | Documents | Value |")
	if !ok {
		t.Fatal("MAPPING.md has no field table")
	}
	row := regexp.MustCompile("^\\| `([^`]+)` \\| ([a-z_\\[\\]]+) \\| ([a-z, ]+) \\| .*\\|$")
	var out []mappingRow
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		m := row.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("malformed row: %s", line)
		}
		docs := strings.Split(m[3], ", ")
		if m[3] == "all" {
			docs = []string{"endpoint", "certificate", "finding", "passes", "change", "summary"}
		}
		out = append(out, mappingRow{field: m[1], typ: m[2], docs: docs})
	}
	return out
}

// ecsFields lists the fields of ecsDoc by walking its Go type: the
// structs of this package are followed, a value of another package's
// type (the NDJSON objects under cryptoscan.*) is one field. The result
// maps each field to its kind: string, long, boolean, date, object, with
// [] for arrays.
func ecsFields() map[string]string {
	out := map[string]string{}
	own := reflect.TypeOf(ecsDoc{}).PkgPath()
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := prefix + name
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			array := ""
			if ft.Kind() == reflect.Slice {
				array, ft = "[]", ft.Elem()
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
			}
			switch {
			case ft == reflect.TypeOf(time.Time{}):
				out[path] = "date" + array
			case ft.Implements(textMarshaler) || reflect.PointerTo(ft).Implements(textMarshaler):
				out[path] = "string" + array // scanner.Version, scanner.Code, netip.Addr
			case ft.Kind() == reflect.Struct && ft.PkgPath() == own:
				walk(ft, path+".")
			case ft.Kind() == reflect.Struct || ft.Kind() == reflect.Map:
				out[path] = "object" + array
			case ft.Kind() == reflect.String:
				out[path] = "string" + array
			case ft.Kind() == reflect.Bool:
				out[path] = "boolean" + array
			default:
				out[path] = "long" + array
			}
		}
	}
	walk(reflect.TypeOf(ecsDoc{}), "")
	return out
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()

// compatible says whether an ECS type in MAPPING.md fits the Go kind.
func compatible(ecs, kind string) bool {
	ea, ka := strings.HasSuffix(ecs, "[]"), strings.HasSuffix(kind, "[]")
	ecs, kind = strings.TrimSuffix(ecs, "[]"), strings.TrimSuffix(kind, "[]")
	// A list of our own objects is walked into: its fields are not arrays
	// themselves, so only scalar fields compare array-ness.
	if ea != ka {
		return false
	}
	switch ecs {
	case "keyword", "match_only_text", "text", "ip":
		return kind == "string"
	case "date":
		return kind == "date" || kind == "string"
	}
	return ecs == kind
}

// TestECSMappingInSync: MAPPING.md lists exactly the fields the code
// writes, with a type that fits the Go type.
func TestECSMappingInSync(t *testing.T) {
	fields := ecsFields()
	rows := readMapping(t)
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.field] {
			t.Errorf("MAPPING.md lists %s twice", r.field)
		}
		seen[r.field] = true
		kind, ok := fields[r.field]
		if !ok {
			t.Errorf("MAPPING.md lists %s, which the code does not write", r.field)
			continue
		}
		if !compatible(r.typ, kind) {
			t.Errorf("%s: MAPPING.md says %s, the code writes %s", r.field, r.typ, kind)
		}
	}
	for f := range fields {
		if !seen[f] {
			t.Errorf("%s is written but MAPPING.md does not document it", f)
		}
	}
}

// leafValues collects the values of the documented fields of a document:
// objects are followed unless the field is documented as an object;
// arrays of objects are followed element by element.
func leafValues(path string, v any, documented map[string]mappingRow, out map[string][]any) {
	if r, ok := documented[path]; ok {
		out[path] = append(out[path], v)
		if strings.HasPrefix(r.typ, "object") {
			return
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			leafValues(p, e, documented, out)
		}
	case []any:
		if _, ok := documented[path]; ok {
			return
		}
		for _, e := range x {
			leafValues(path, e, documented, out)
		}
	default:
		if _, ok := documented[path]; !ok {
			out["undocumented:"+path] = append(out["undocumented:"+path], v)
		}
	}
}

func valueFits(typ string, v any) bool {
	if strings.HasSuffix(typ, "[]") {
		arr, ok := v.([]any)
		if !ok || len(arr) == 0 {
			return false
		}
		for _, e := range arr {
			if !valueFits(strings.TrimSuffix(typ, "[]"), e) {
				return false
			}
		}
		return true
	}
	switch typ {
	case "keyword", "text", "match_only_text":
		s, ok := v.(string)
		return ok && s != ""
	case "date":
		s, ok := v.(string)
		if !ok {
			return false
		}
		_, err := time.Parse(time.RFC3339Nano, s)
		return err == nil && strings.HasSuffix(s, "Z")
	case "ip":
		s, ok := v.(string)
		if !ok {
			return false
		}
		_, err := netip.ParseAddr(s)
		return err == nil
	case "long":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := n.Int64()
		return err == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

// TestECSDocumentsMatchMapping: in every document of whole scans, every
// field is documented in MAPPING.md, has the documented type (an array
// where it says so), and appears only in the documents it names; and
// every documented field appears in every kind of document it names.
func TestECSDocumentsMatchMapping(t *testing.T) {
	rows := readMapping(t)
	documented := map[string]mappingRow{}
	for _, r := range rows {
		documented[r.field] = r
	}
	present := map[string]bool{} // field + " " + document
	for _, d := range ecsAllDocs(t) {
		dataset, _ := get(d, "event.dataset").(string)
		kind := strings.TrimPrefix(dataset, "cryptoscan.")
		vals := map[string][]any{}
		leafValues("", d, documented, vals)
		for f, vs := range vals {
			if after, ok := strings.CutPrefix(f, "undocumented:"); ok {
				t.Errorf("%s: %s is not in MAPPING.md", dataset, after)
				continue
			}
			r := documented[f]
			if !slices.Contains(r.docs, kind) {
				t.Errorf("%s appears in a %s document; MAPPING.md says %v", f, kind, r.docs)
			}
			for _, v := range vs {
				if !valueFits(r.typ, v) {
					t.Errorf("%s in %s: %v is not a %s", f, dataset, v, r.typ)
				}
			}
			present[f+" "+kind] = true
		}
	}
	for _, r := range rows {
		for _, k := range r.docs {
			if !present[r.field+" "+k] {
				t.Errorf("MAPPING.md says %s is in %s documents; no %s document of the test scans has it", r.field, k, k)
			}
		}
	}
}

// ECS 8.11 categorization: the allowed event.kind values, and the
// event.type values expected with each event.category used.
var (
	ecsKinds      = []string{"alert", "enrichment", "event", "metric", "state", "pipeline_error", "signal"}
	ecsCategories = map[string][]string{
		"configuration": {"access", "change", "creation", "deletion", "info"},
		"network":       {"access", "allowed", "connection", "denied", "end", "info", "protocol", "start"},
		"process":       {"access", "change", "end", "info", "start"},
		"vulnerability": {"info"},
	}
	ecsOutcomes = []string{"success", "failure", "unknown"}
)

// TestECSCategorization: every document uses ECS 8.11's categorization
// values, each event.type expected for each of its categories; event.id is
// unique and has the NDJSON event_id's form; @timestamp is RFC 3339 UTC.
func TestECSCategorization(t *testing.T) {
	ids := map[string]bool{}
	for _, d := range ecsDocs(t, writeECSScan(t, ecsOptionsFixture())) {
		ds := get(d, "event.dataset")
		if k, _ := get(d, "event.kind").(string); !slices.Contains(ecsKinds, k) {
			t.Errorf("%s: event.kind %q", ds, k)
		}
		cats, _ := get(d, "event.category").([]any)
		types, _ := get(d, "event.type").([]any)
		if len(cats) == 0 || len(types) == 0 {
			t.Errorf("%s: no category or type", ds)
		}
		for _, c := range cats {
			expected, ok := ecsCategories[c.(string)]
			if !ok {
				t.Errorf("%s: category %v", ds, c)
			}
			for _, ty := range types {
				if !slices.Contains(expected, ty.(string)) {
					t.Errorf("%s: type %v is not expected with category %v", ds, ty, c)
				}
			}
		}
		if o := get(d, "event.outcome"); o != nil && !slices.Contains(ecsOutcomes, o.(string)) {
			t.Errorf("%s: outcome %v", ds, o)
		}
		id, _ := get(d, "event.id").(string)
		if !regexp.MustCompile("^[0-9a-f]{32}$").MatchString(id) || ids[id] {
			t.Errorf("%s: event.id %q malformed or repeated", ds, id)
		}
		ids[id] = true
		if ts, _ := get(d, "@timestamp").(string); !strings.HasSuffix(ts, "Z") {
			t.Errorf("%s: @timestamp %q", ds, ts)
		}
		if get(d, "ecs.version") != ECSVersion || get(d, "labels.run_id") != ecsRun.ID {
			t.Errorf("%s: ecs.version %v, labels.run_id %v", ds, get(d, "ecs.version"), get(d, "labels.run_id"))
		}
	}
}

// TestECSEventIDsAreNDJSONEventIDs: written from the same results and run,
// the ECS documents carry the NDJSON events' event_id, one for one.
func TestECSEventIDsAreNDJSONEventIDs(t *testing.T) {
	var nd bytes.Buffer
	w := NewNDJSON(&nd, ecsRun)
	_, a := driftRuns()
	for i, r := range ecsResults() {
		fs := a.findings[i]
		if i == 0 {
			fs = ecsFindings(r.Endpoint)
		}
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
		if err := w.Findings(r, fs); err != nil {
			t.Fatal(err)
		}
	}
	_, cs := driftChanges(t)
	if err := w.Changes(cs); err != nil {
		t.Fatal(err)
	}
	if err := w.Summary(Summary{Provenance: ecsProvenanceFixture(), ExitCode: 1}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range ecsDocs(t, nd.Bytes()) {
		want = append(want, fmt.Sprint(d["event"], " ", d["event_id"]))
	}
	var got []string
	for _, d := range ecsDocs(t, writeECSScan(t, ecsOptionsFixture())) {
		got = append(got, fmt.Sprint(strings.TrimPrefix(get(d, "event.dataset").(string), "cryptoscan."), " ", get(d, "event.id")))
	}
	if !slices.Equal(got, want) {
		t.Errorf("ECS (dataset, event.id):\n%q\nNDJSON (event, event_id):\n%q", got, want)
	}
}

// TestECSFindingMapping: status decides the outcome, the categories, the
// vulnerability fields and whether event.severity is the rule's.
func TestECSFindingMapping(t *testing.T) {
	byRule := map[string]map[string]any{}
	for _, d := range ecsDocs(t, writeECSScan(t, ecsOptionsFixture())) {
		if get(d, "event.dataset") == DatasetFinding && get(d, "server.address") == "www.example.fr" {
			byRule[get(d, "rule.id").(string)] = d
		}
	}
	for _, tc := range []struct {
		rule, outcome string
		vuln          bool
		severity      int64
	}{
		{"ANSSI-TLS-R3", "success", false, 0},   // pass
		{"ANSSI-TLS-R4", "failure", true, 73},   // fail, high
		{"ANSSI-TLS-R7", "unknown", false, 73},  // incomplete, high
		{"ANSSI-TLS-R10-", "failure", true, 47}, // degraded, medium
		{"ANSSI-TLS-R14", "failure", false, 21}, // warn, low
		{"ANSSI-TLS-R5", "success", false, 0},   // waived
		{"ANSSI-TLS-R6", "unknown", false, 0},   // info
		{"ANSSI-TLS-R22", "unknown", false, 0},  // not_applicable
	} {
		d := byRule[tc.rule]
		if d == nil {
			t.Errorf("%s: no document", tc.rule)
			continue
		}
		sev, _ := get(d, "event.severity").(json.Number).Int64()
		cats := fmt.Sprint(get(d, "event.category"))
		if get(d, "event.outcome") != tc.outcome || (get(d, "vulnerability") != nil) != tc.vuln || sev != tc.severity ||
			strings.Contains(cats, "vulnerability") != tc.vuln {
			t.Errorf("%s: outcome %v, vulnerability %v, severity %d, categories %s", tc.rule, get(d, "event.outcome"), get(d, "vulnerability") != nil, sev, cats)
		}
	}
	d := byRule["ANSSI-TLS-R4"]
	for path, want := range map[string]any{
		"vulnerability.id": "ANSSI-TLS-R4", "vulnerability.severity": "high", "vulnerability.classification": "ANSSI TLS guide",
		"rule.reference": "ANSSI TLS guide v1.2 (2020), R4, §2.1", "rule.ruleset": "ANSSI TLS guide", "rule.version": "0.1.0",
		"cryptoscan.finding.fix": "nginx: ssl_protocols TLSv1.2 TLSv1.3;", "server.ip": "192.0.2.10", "server.port": json.Number("443"),
	} {
		if got := get(d, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if fp := get(d, "cryptoscan.finding.fingerprint"); fp != Fingerprint(ecsFindings(driftEndpoint("www.example.fr", 443, "192.0.2.10"))[1]) {
		t.Errorf("fingerprint %v", fp)
	}
}

// TestECSEndpointTLSFields: tls.version is the newest supported version
// in ECS's spelling; tls.cipher is the server's choice when it imposes
// one, absent when the client's order decides.
func TestECSEndpointTLSFields(t *testing.T) {
	yes, no := true, false
	obs := func(enforced *bool, versions ...scanner.Version) *scanner.TLSObservation {
		o := &scanner.TLSObservation{}
		for _, v := range versions {
			o.Versions = append(o.Versions, scanner.VersionFact{Version: v, Status: scanner.Supported})
			o.CipherSuites = append(o.CipherSuites,
				scanner.SuiteFact{Version: v, Code: 0x000A, Name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
				scanner.SuiteFact{Version: v, Code: 0x002F, Name: "TLS_RSA_WITH_AES_128_CBC_SHA"})
			o.ServerOrder = append(o.ServerOrder, scanner.OrderFact{Version: v, Enforced: enforced, Order: []scanner.Code{0x002F, 0x000A}})
		}
		return o
	}
	for _, tc := range []struct {
		name                     string
		o                        *scanner.TLSObservation
		protocol, version, suite string
	}{
		{"ssl 3.0, server order", obs(&yes, scanner.SSLv3), "ssl", "3.0", "TLS_RSA_WITH_AES_128_CBC_SHA"},
		{"tls 1.1 over 1.0, client order", obs(&no, scanner.TLSv10, scanner.TLSv11), "tls", "1.1", ""},
		{"order unknown", obs(nil, scanner.TLSv12), "tls", "1.2", ""},
		{"nothing supported", &scanner.TLSObservation{Versions: []scanner.VersionFact{{Version: scanner.TLSv13, Status: scanner.NotSupported}}}, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			r := scanner.Result{Endpoint: driftEndpoint("example.fr", 443, "192.0.2.1"), TLS: tc.o}
			if err := NewECS(&b, ecsRun, ECSOptions{}).Endpoint(r); err != nil {
				t.Fatal(err)
			}
			d := ecsDocs(t, b.Bytes())[0]
			str := func(p string) string { s, _ := get(d, p).(string); return s }
			if str("tls.version_protocol") != tc.protocol || str("tls.version") != tc.version || str("tls.cipher") != tc.suite {
				t.Errorf("tls %v", get(d, "tls"))
			}
		})
	}
	// An endpoint that could not be inspected: failure, and no tls.
	var b bytes.Buffer
	r := scanner.Result{Endpoint: driftEndpoint("example.fr", 443, "192.0.2.1"), Error: &scanner.Unknown{Reason: scanner.ReasonUnreachable}}
	if err := NewECS(&b, ecsRun, ECSOptions{}).Endpoint(r); err != nil {
		t.Fatal(err)
	}
	d := ecsDocs(t, b.Bytes())[0]
	if get(d, "event.outcome") != "failure" || get(d, "tls") != nil || get(d, "cryptoscan.error.reason") != "unreachable" {
		t.Errorf("unreachable endpoint: %v", d)
	}
}

// TestECSCertificatesOncePerRun: a certificate served by several
// endpoints is one cryptoscan.certificate document, written before the
// first endpoint document that refers to it.
func TestECSCertificatesOncePerRun(t *testing.T) {
	var order []string
	for _, d := range ecsDocs(t, writeECSScan(t, ecsOptionsFixture())) {
		switch get(d, "event.dataset") {
		case DatasetCertificate:
			order = append(order, "cert "+get(d, "cryptoscan.certificate.sha256").(string)[:8])
		case DatasetEndpoint:
			order = append(order, "endpoint "+get(d, "server.address").(string))
		}
	}
	// Old CA (81707b21) is served by same.example.fr only in this run;
	// www, same and api each bring their own leaf.
	seen := map[string]int{}
	for _, o := range order {
		seen[o]++
		if seen[o] > 1 {
			t.Errorf("%s written twice: %v", o, order)
		}
	}
	if !slices.Contains(order, "cert 81707b21") || slices.Index(order, "cert 81707b21") > slices.Index(order, "endpoint same.example.fr") {
		t.Errorf("order %v", order)
	}
	// Two endpoints with the same certificate.
	var b bytes.Buffer
	w := NewECS(&b, ecsRun, ECSOptions{})
	leaf := driftCert("shared", "CN=CA", driftT1.AddDate(1, 0, 0))
	for _, host := range []string{"a.example.fr", "b.example.fr"} {
		if err := w.Endpoint(driftResult(driftEndpoint(host, 443, "192.0.2.1"), driftT1, []scanner.CertRef{leaf})); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, d := range ecsDocs(t, b.Bytes()) {
		if get(d, "event.dataset") == DatasetCertificate {
			n++
			if get(d, "tls.server.hash.sha256") != strings.ToUpper(leaf.SHA256) || get(d, "tls.server.x509.public_key_curve") != "nistp256" {
				t.Errorf("certificate document %v", get(d, "tls"))
			}
		}
	}
	if n != 1 {
		t.Errorf("%d certificate documents, want 1", n)
	}
}

// TestECSAggregatePasses: with AggregatePasses, an endpoint's pass and
// not_applicable findings are one cryptoscan.passes document listing
// their rules, the others stay one document each; without it, every
// finding is a document.
func TestECSAggregatePasses(t *testing.T) {
	ep := driftEndpoint("www.example.fr", 443, "192.0.2.10")
	fs := ecsFindings(ep)
	for _, agg := range []bool{false, true} {
		var b bytes.Buffer
		if err := NewECS(&b, ecsRun, ECSOptions{AggregatePasses: agg}).Findings(scanner.Result{Endpoint: ep, Start: driftT1}, fs); err != nil {
			t.Fatal(err)
		}
		docs := ecsDocs(t, b.Bytes())
		var findings []string
		var passes map[string]any
		for _, d := range docs {
			switch get(d, "event.dataset") {
			case DatasetFinding:
				findings = append(findings, get(d, "rule.id").(string))
			case DatasetPasses:
				passes = d
			}
		}
		if !agg {
			if len(findings) != len(fs) || passes != nil {
				t.Errorf("not aggregated: %d findings of %d, passes %v", len(findings), len(fs), passes != nil)
			}
			continue
		}
		want := []string{"ANSSI-TLS-R4", "ANSSI-TLS-R7", "ANSSI-TLS-R10-", "ANSSI-TLS-R14", "ANSSI-TLS-R5", "ANSSI-TLS-R6"}
		if !slices.Equal(findings, want) || passes == nil {
			t.Fatalf("aggregated: findings %v, passes %v", findings, passes)
		}
		if fmt.Sprint(get(passes, "cryptoscan.passes.rule_ids")) != "[ANSSI-TLS-R3]" ||
			fmt.Sprint(get(passes, "cryptoscan.passes.not_applicable")) != "[ANSSI-TLS-R22]" ||
			get(passes, "server.address") != "www.example.fr" || get(passes, "event.outcome") != "success" {
			t.Errorf("passes document %v", passes)
		}
	}
}

// TestECSChangeDocuments: a change document carries the change, its rule
// and, for certificate changes, the new certificate in tls.server.*.
func TestECSChangeDocuments(t *testing.T) {
	var kinds []string
	for _, d := range ecsDocs(t, writeECSScan(t, ecsOptionsFixture())) {
		if get(d, "event.dataset") != DatasetChange {
			continue
		}
		kind := get(d, "cryptoscan.change.kind").(string)
		kinds = append(kinds, kind)
		if get(d, "event.action") != kind || get(d, "cryptoscan.change.baseline.run_id") != driftRun0 {
			t.Errorf("%s: action %v, baseline %v", kind, get(d, "event.action"), get(d, "cryptoscan.change.baseline"))
		}
		sev, _ := get(d, "event.severity").(json.Number).Int64()
		switch kind {
		case "status_changed":
			if get(d, "rule.id") != "ANSSI-TLS-R4" || sev != 73 || get(d, "cryptoscan.change.before.status") != "pass" {
				t.Errorf("status change: rule %v severity %d", get(d, "rule.id"), sev)
			}
		case "finding_resolved", "endpoint_new", "certificate_changed":
			if sev != 0 {
				t.Errorf("%s: severity %d", kind, sev)
			}
		case "certificate_expiring":
			if sev != 47 || get(d, "tls.server.hash.sha256") != strings.ToUpper(get(d, "cryptoscan.change.certificate").(string)) {
				t.Errorf("expiry: severity %d, hash %v", sev, get(d, "tls.server.hash.sha256"))
			}
		case "endpoint_vanished":
			if fmt.Sprint(get(d, "event.type")) != "[deletion]" {
				t.Errorf("vanished: type %v", get(d, "event.type"))
			}
		}
	}
	if len(kinds) != 12 {
		t.Errorf("%d change documents: %v", len(kinds), kinds)
	}
}

// TestECSProvenanceOnEveryDocument: every document carries the provenance
// and the observer; only the summary lists the documents.
func TestECSProvenanceOnEveryDocument(t *testing.T) {
	for _, d := range ecsDocs(t, writeECSScan(t, ecsOptionsFixture())) {
		ds := get(d, "event.dataset")
		if get(d, "cryptoscan.provenance.catalogue_version") != "0.1.0" || get(d, "cryptoscan.provenance.profile") != "anssi" ||
			get(d, "observer.version") != "v1.0.0" || fmt.Sprint(get(d, "observer.ip")) != "[192.0.2.200 2001:db8::200]" {
			t.Errorf("%s: provenance %v observer %v", ds, get(d, "cryptoscan.provenance"), get(d, "observer"))
		}
		if (get(d, "cryptoscan.provenance.documents") != nil) != (ds == DatasetSummary) {
			t.Errorf("%s: documents %v", ds, get(d, "cryptoscan.provenance.documents"))
		}
	}
}

// TestNewECSCopiesOptions: the caller's slices are not shared.
func TestNewECSCopiesOptions(t *testing.T) {
	opts := ecsOptionsFixture()
	var b bytes.Buffer
	w := NewECS(&b, ecsRun, opts)
	opts.ObserverIP[0] = netip.MustParseAddr("198.51.100.1")
	if err := w.Endpoint(driftResult(driftEndpoint("a.example.fr", 443, "192.0.2.1"), driftT1)); err != nil {
		t.Fatal(err)
	}
	if ip := fmt.Sprint(get(ecsDocs(t, b.Bytes())[0], "observer.ip")); ip != "[192.0.2.200 2001:db8::200]" {
		t.Errorf("observer.ip %s", ip)
	}
}

// TestECSWriteError: a failing writer's error is returned, from every
// method.
func TestECSWriteError(t *testing.T) {
	w := NewECS(errWriter{}, ecsRun, ECSOptions{})
	r := driftResult(driftEndpoint("a.example.fr", 443, "192.0.2.1"), driftT1, []scanner.CertRef{driftCert("a", "CN=CA", driftT1)})
	_, cs := driftChanges(t)
	for name, err := range map[string]error{
		"endpoint": w.Endpoint(r),
		"findings": w.Findings(r, ecsFindings(r.Endpoint)),
		"changes":  w.Changes(cs),
		"summary":  w.Summary(Summary{}),
	} {
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := NewECS(errWriter{}, ecsRun, ECSOptions{}).Changes(nil); err != nil {
		t.Errorf("no changes, nothing written, yet %v", err)
	}
	if err := NewECS(ecsBrokenWriter{}, ecsRun, ECSOptions{}).Summary(Summary{}); !errors.Is(err, errECSBroken) {
		t.Errorf("the write error is not wrapped: %v", err)
	}
}

var errECSBroken = errors.New("broken pipe")

type ecsBrokenWriter struct{}

func (ecsBrokenWriter) Write([]byte) (int, error) { return 0, errECSBroken }

// TestParseECSMeta: what a sink reads of each document agrees with the
// document; what is not a cryptoscan ECS document is refused.
func TestParseECSMeta(t *testing.T) {
	stream := writeECSScan(t, ecsOptionsFixture())
	kinds := map[string]int{}
	for _, line := range bytes.Split(bytes.TrimSpace(stream), []byte("\n")) {
		m, err := ParseECSMeta(line)
		if err != nil {
			t.Fatal(err)
		}
		d := ecsDocs(t, line)[0]
		if m.ID != get(d, "event.id") || "cryptoscan."+m.Kind != get(d, "event.dataset") || m.Time.Format(time.RFC3339) != get(d, "@timestamp") {
			t.Errorf("meta %+v of %s", m, line)
		}
		if m.Kind == "finding" && (m.Status != get(d, "cryptoscan.finding.status") || m.Severity != get(d, "cryptoscan.finding.severity") || m.Status == "") {
			t.Errorf("finding meta %+v", m)
		}
		kinds[m.Kind]++
	}
	if len(kinds) != 5 { // endpoint, certificate, finding, change, summary
		t.Errorf("kinds %v", kinds)
	}
	for _, bad := range []string{`{"event":"finding","event_id":"x"}`, `{"event":{"id":"x","dataset":"zeek.ssl"}}`, `not json`} {
		if _, err := ParseECSMeta([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
