package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// TestNDJSONGolden pins the shape of the JSON feed: a certificate, an
// endpoint, its findings and the summary, written from fixed values.
// Within schema version 1, a change to this file may only add fields
// (README, "Output"); go test ./report -update rewrites it.
func TestNDJSONGolden(t *testing.T) {
	r := sampleResult()
	var c = fullCertificateForGolden()
	r.Certificates = append(r.Certificates, c)
	fs := sampleFindings(r)
	var b bytes.Buffer
	at := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	w := NewNDJSON(&b, Run{ID: "6f1c9a52-3e0b-4c1d-9a7e-2b8f4d6c1e30", Now: func() time.Time { return at }})
	if err := w.Endpoint(r); err != nil {
		t.Fatal(err)
	}
	if err := w.Findings(r, fs); err != nil {
		t.Fatal(err)
	}
	err := w.Summary(Summary{
		Provenance: Provenance{ToolVersion: "v1.0.0", CatalogueVersion: "0.1.0", CADataVersion: "2026.06.24-1",
			RootStore: "golang.org/x/crypto/x509roots/fallback@v0.0.0-20261030153154-30a33513ff6d (117 Mozilla roots)",
			Profile:   "anssi", Horizon: 2026, EvaluatedAt: at, FailOn: "high", Depth: "inventory",
			Documents: []rules.Document{{Name: "tls", Title: "Recommandations de sécurité relatives à TLS", Reference: "ANSSI-PA-035", Edition: "v1.2", Date: "2020-03-26", Note: "SecNumCloud 3.2 cites the 2016 edition"}}},
		Endpoints: map[Verdict]int{NonCompliant: 1},
		Findings:  countStatuses(fs),
		ExitCode:  1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.ValidateStream(bytes.NewReader(b.Bytes())); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "events.golden.ndjson")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	// The promise: everything the golden file holds is still there, with
	// the same type and value; fields may be added.
	gotLines := strings.Split(strings.TrimSpace(b.String()), "\n")
	wantLines := strings.Split(strings.TrimSpace(string(want)), "\n")
	if len(gotLines) != len(wantLines) {
		t.Fatalf("%d events, golden %s has %d", len(gotLines), golden, len(wantLines))
	}
	for i := range wantLines {
		var g, w any
		if err := json.Unmarshal([]byte(gotLines[i]), &g); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(wantLines[i]), &w); err != nil {
			t.Fatal(err)
		}
		for _, p := range missing("", w, g) {
			t.Errorf("event %d: %s (in %s) is gone or changed: within schema version 1 fields are only added", i+1, p, golden)
		}
	}
}

// missing lists the paths of want that got lacks or holds differently.
// Objects may gain keys; arrays must keep their length.
func missing(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{path}
		}
		var out []string
		for k, v := range w {
			out = append(out, missing(path+"."+k, v, g[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{path}
		}
		var out []string
		for i := range w {
			out = append(out, missing(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	default:
		if want != got {
			return []string{path}
		}
		return nil
	}
}

// fullCertificateForGolden is the leaf of sampleResult's chain, described.
func fullCertificateForGolden() scanner.CertificateFact {
	var c scanner.CertificateFact
	c.SHA256, c.SPKISHA256, c.Version, c.Serial = strings.Repeat("a1", 32), strings.Repeat("b2", 32), 3, "01"
	c.Subject, c.Issuer = "CN=example.fr", "CN=Example CA"
	c.KeyType, c.KeyOID, c.KeyBits, c.Curve = pki.KeyECDSA, "1.2.840.10045.2.1", 256, "P-256"
	c.SignatureAlgorithm, c.SignatureHash, c.SignatureOID = "SHA256-RSA", "SHA-256", "1.2.840.113549.1.1.11"
	c.NotBefore, c.NotAfter = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	c.DNSNames = []string{"example.fr"}
	c.KeyUsage, c.KeyUsageCritical, c.ExtKeyUsage = []string{"digitalSignature"}, true, []string{"serverAuth"}
	c.DER = []byte{0x30, 0x03, 0x02, 0x01, 0x01}
	return c
}
