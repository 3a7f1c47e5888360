package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func writeLines(t *testing.T, run Run, results ...scanner.Result) []string {
	t.Helper()
	var b bytes.Buffer
	w := NewNDJSON(&b, run)
	for _, r := range results {
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
	}
	out := b.String()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a newline: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(results) {
		t.Fatalf("got %d lines for %d results:\n%s", len(lines), len(results), out)
	}
	for i, l := range lines {
		if err := schema.Validate([]byte(l)); err != nil {
			t.Errorf("line %d does not validate: %v\n%s", i+1, err, l)
		}
	}
	return lines
}

func field(t *testing.T, line, name string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatal(err)
	}
	return m[name]
}

var testRun = Run{ID: "6f1c9a52-3e0b-4c1d-9a7e-2b8f4d6c1e30", Now: func() time.Time { return time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC) }}

func TestNDJSONValidates(t *testing.T) {
	writeLines(t, testRun,
		sampleResult(),
		unreachableResult(),
		notTestedResult(),
		scanner.Result{Endpoint: ep("::1", "::1", 443, "")}, // no observation, no error, zero time
	)
}

func TestNDJSONFields(t *testing.T) {
	r := sampleResult()
	line := writeLines(t, testRun, r)[0]
	if got, want := field(t, line, "time"), "2026-11-26T18:00:00Z"; got != want {
		t.Errorf("time = %v, want %v (r.Start in UTC)", got, want)
	}
	if got := field(t, line, "run_id"); got != testRun.ID {
		t.Errorf("run_id = %v, want %v", got, testRun.ID)
	}
	// Keys in a fixed order, the envelope first.
	if !strings.HasPrefix(line, `{"schema_version":"1.0","event":"endpoint","time":`) {
		t.Errorf("unexpected key order: %s", line)
	}
	// A zero start time falls back to the run clock.
	r.Start = time.Time{}
	line = writeLines(t, testRun, r)[0]
	if got, want := field(t, line, "time"), "2026-11-26T18:00:00Z"; got != want {
		t.Errorf("time with zero Start = %v, want the run clock %v", got, want)
	}
}

func TestNDJSONNilListsAreArrays(t *testing.T) {
	r := notTestedResult()
	line := writeLines(t, testRun, r)[0]
	for _, list := range []string{"cipher_suites", "enumerations", "server_order", "groups"} {
		if !strings.Contains(line, `"`+list+`":[]`) {
			t.Errorf("%s not written as an empty array: %s", list, line)
		}
	}
	if r.TLS.CipherSuites != nil {
		t.Errorf("writer modified its input")
	}
}

func TestEventIDStable(t *testing.T) {
	a := sampleResult()
	first := field(t, writeLines(t, testRun, a)[0], "event_id")
	// Same endpoint, other facts and time: same event.
	b := sampleResult()
	b.Start = b.Start.Add(time.Hour)
	b.Stats.Connections++
	b.TLS = nil
	second := field(t, writeLines(t, testRun, b)[0], "event_id")
	if first != second {
		t.Errorf("event_id changed between two writes of the same endpoint: %v, %v", first, second)
	}

	seen := map[any]string{first: "sample"}
	other := func(name string, run Run, f func(*scanner.Endpoint)) {
		r := sampleResult()
		f(&r.Endpoint)
		id := field(t, writeLines(t, run, r)[0], "event_id")
		if prev, ok := seen[id]; ok {
			t.Errorf("%s has the same event_id as %s: %v", name, prev, id)
		}
		seen[id] = name
	}
	same := func(*scanner.Endpoint) {}
	other("other host", testRun, func(e *scanner.Endpoint) { e.Host = "www.example.fr" })
	other("other ip", testRun, func(e *scanner.Endpoint) { e.IP = netip.MustParseAddr("192.0.2.11") })
	other("other port", testRun, func(e *scanner.Endpoint) { e.Port = 8443 })
	other("other protocol", testRun, func(e *scanner.Endpoint) { e.Protocol = "smtp" })
	other("other sni", testRun, func(e *scanner.Endpoint) { e.SNI = "" })
	other("other run", Run{ID: "run-2"}, same)
	// Fields are length-prefixed: moving a character from one to the next changes the id.
	other("shifted fields", testRun, func(e *scanner.Endpoint) { e.Host = "example.fr1"; e.SNI = "xample.fr" })
}

func TestNewRunID(t *testing.T) {
	id := NewRunID(bytes.NewReader(bytes.Repeat([]byte{0xff}, 16)))
	if want := "ffffffff-ffff-4fff-bfff-ffffffffffff"; id != want {
		t.Errorf("NewRunID = %q, want %q", id, want)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if id := NewRunID(bytes.NewReader(make([]byte, 16))); !uuid.MatchString(id) {
		t.Errorf("NewRunID = %q, not a version 4 UUID", id)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("NewRunID with a failing reader did not panic")
		}
	}()
	NewRunID(iotest.ErrReader(errors.New("no entropy")))
}

func TestNDJSONWriteError(t *testing.T) {
	w := NewNDJSON(errWriter{}, testRun)
	if err := w.Endpoint(sampleResult()); err == nil {
		t.Errorf("write error not returned")
	}
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestCertificatesOncePerRun: a certificate served by two endpoints is
// described once, before the first endpoint event that refers to it.
func TestCertificatesOncePerRun(t *testing.T) {
	cert := func(h string) scanner.CertificateFact {
		var c scanner.CertificateFact
		c.SHA256, c.Subject, c.Issuer, c.KeyType, c.SignatureAlgorithm = strings.Repeat(h, 64), "CN="+h, "CN=CA", "RSA", "SHA256-RSA"
		c.DER = []byte{0x30, 0x00}
		return c
	}
	ep := func(port uint16, certs ...scanner.CertificateFact) scanner.Result {
		return scanner.Result{
			Endpoint:     scanner.Endpoint{Host: "example.fr", IP: netip.MustParseAddr("192.0.2.1"), Port: port, Protocol: "tls", Source: "argument"},
			TLS:          &scanner.TLSObservation{},
			Certificates: certs,
		}
	}
	var b bytes.Buffer
	w := NewNDJSON(&b, Run{ID: "run-1"})
	for _, r := range []scanner.Result{ep(443, cert("a"), cert("c")), ep(8443, cert("a"), cert("b"))} {
		if err := w.Endpoint(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := schema.ValidateStream(bytes.NewReader(b.Bytes())); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var ev struct {
			Event       string `json:"event"`
			Certificate struct {
				SHA256 string `json:"sha256"`
			} `json:"certificate"`
			Endpoint struct {
				Port int `json:"port"`
			} `json:"endpoint"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Event == "certificate" {
			got = append(got, "cert "+ev.Certificate.SHA256[:1])
		} else {
			got = append(got, ev.Event+" "+strconv.Itoa(ev.Endpoint.Port))
		}
	}
	want := []string{"cert a", "cert c", "endpoint 443", "cert b", "endpoint 8443"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestNDJSONCarriesEachObservation: an endpoint event holds the
// observation of its protocol (tls, ssh or ike) and none of the others.
func TestNDJSONCarriesEachObservation(t *testing.T) {
	for _, tc := range []struct {
		r   scanner.Result
		key string
	}{{sampleResult(), "tls"}, {sshResult(), "ssh"}, {ikeResult(), "ike"}} {
		line := writeLines(t, testRun, tc.r)[0]
		for _, k := range []string{"tls", "ssh", "ike"} {
			if got := field(t, line, k) != nil; got != (k == tc.key) {
				t.Errorf("%s endpoint: %q present %v", tc.r.Endpoint.Protocol, k, got)
			}
		}
	}
}
