package sink

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// httpCollector records what an HTTP sink posts; answer decides the
// reply to each request (nil: 200).
type httpCollector struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []httpRequest
	answer   func(n int, r httpRequest, w http.ResponseWriter) bool // true: answered
}

type httpRequest struct {
	ctx    context.Context // the request's
	at     time.Time
	header http.Header
	body   []byte
	lines  [][]byte
}

func newHTTPCollector(t *testing.T, answer func(n int, r httpRequest, w http.ResponseWriter) bool) *httpCollector {
	t.Helper()
	c := &httpCollector{answer: answer}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return
		}
		r := httpRequest{ctx: req.Context(), at: time.Now(), header: req.Header.Clone(), body: body}
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			r.lines = append(r.lines, slices0(sc.Bytes()))
		}
		c.mu.Lock()
		n := len(c.requests)
		c.requests = append(c.requests, r)
		c.mu.Unlock()
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/x-ndjson" || !bytes.HasSuffix(body, []byte("\n")) {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if c.answer == nil || !c.answer(n, r, w) {
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func slices0(b []byte) []byte { return append([]byte(nil), b...) }

func (c *httpCollector) all() []httpRequest {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]httpRequest(nil), c.requests...)
}

func newHTTP(t *testing.T, cfg HTTPConfig) *HTTP {
	t.Helper()
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = fastBackoff
	}
	h, err := NewHTTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeSink(t, h, 0) })
	return h
}

// linesOf returns the events of plain NDJSON requests answered 2xx
// (answered says which), keyed by event_id, with their count.
func eventsIn(t *testing.T, reqs []httpRequest, delivered func(i int) bool) (map[string][]byte, map[string]int) {
	t.Helper()
	got, count := map[string][]byte{}, map[string]int{}
	for i, r := range reqs {
		if !delivered(i) {
			continue
		}
		for _, l := range r.lines {
			var ev struct {
				ID string `json:"event_id"`
			}
			if err := json.Unmarshal(l, &ev); err != nil {
				t.Fatalf("request %d: line %q: %v", i, l, err)
			}
			got[ev.ID] = l
			count[ev.ID]++
		}
	}
	return got, count
}

func checkHTTPEvents(t *testing.T, got map[string][]byte, count map[string]int, evs []Event) {
	t.Helper()
	for _, ev := range evs {
		if !bytes.Equal(got[ev.ID], bytes.TrimRight(ev.JSON, "\n")) {
			t.Errorf("event %s: got %q", ev.ID, got[ev.ID])
		}
		if count[ev.ID] != 1 {
			t.Errorf("event %s delivered %d times", ev.ID, count[ev.ID])
		}
	}
	if len(got) != len(evs) {
		t.Errorf("%d events delivered, want %d", len(got), len(evs))
	}
}

func TestHTTPNDJSON(t *testing.T) {
	t.Setenv("SINK_TEST_AUTH", "ApiKey c2VjcmV0\n")
	c := newHTTPCollector(t, nil)
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL + "/ingest", AuthEnv: "SINK_TEST_AUTH", BatchEvents: 10, FlushInterval: time.Hour})
	evs := testEvents(35, 100)
	sendAll(t, h, evs)
	err, st := closeSink(t, h, 10*time.Second)
	if err != nil || st.Sent != 35 || st.Connects != 4 || st.Retries != 0 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	reqs := c.all()
	for i, r := range reqs {
		if got := r.header.Get("Authorization"); got != "ApiKey c2VjcmV0" {
			t.Errorf("request %d: Authorization %q", i, got)
		}
		if i < 3 && len(r.lines) != 10 {
			t.Errorf("request %d: %d events, batch of 10", i, len(r.lines))
		}
	}
	got, count := eventsIn(t, reqs, func(int) bool { return true })
	checkHTTPEvents(t, got, count, evs)
	checkNoLeak(t)
}

func TestHTTPFlushInterval(t *testing.T) {
	c := newHTTPCollector(t, nil)
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL, FlushInterval: 50 * time.Millisecond})
	start := time.Now()
	sendAll(t, h, testEvents(3, 0))
	deadline := time.Now().Add(5 * time.Second)
	for h.Stats().Sent != 3 {
		if time.Now().After(deadline) {
			t.Fatalf("not flushed: %+v", h.Stats())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("flushed after %v, before the interval", d)
	}
	if n := len(c.all()); n != 1 {
		t.Errorf("%d requests for 3 events, want 1 batch", n)
	}
}

// TestHTTPRetry: 503, 429 with Retry-After, and a dropped connection are
// retried until the collector takes the batch.
func TestHTTPRetry(t *testing.T) {
	c := newHTTPCollector(t, func(n int, r httpRequest, w http.ResponseWriter) bool {
		switch n {
		case 0:
			http.Error(w, "down", http.StatusServiceUnavailable)
		case 1:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case 2:
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
		default:
			return false
		}
		return true
	})
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL})
	evs := testEvents(20, 0)
	sendAll(t, h, evs)
	err, st := closeSink(t, h, 20*time.Second)
	if err != nil || st.Sent != 20 || st.Retries != 3*20 || st.Connects != 4 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	reqs := c.all()
	if gap := reqs[2].at.Sub(reqs[1].at); gap < 900*time.Millisecond {
		t.Errorf("Retry-After: 1 honoured with a %v wait", gap)
	}
	got, count := eventsIn(t, reqs, func(i int) bool { return i == 3 })
	checkHTTPEvents(t, got, count, evs)
	checkNoLeak(t)
}

// TestHTTPTooLarge: a 413 halves the batch down to one event; an event
// too large on its own is dropped and counted.
func TestHTTPTooLarge(t *testing.T) {
	const limit = 2000
	c := newHTTPCollector(t, func(n int, r httpRequest, w http.ResponseWriter) bool {
		if len(r.body) > limit {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return true
		}
		return false
	})
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL, BatchEvents: 64})
	evs := testEvents(60, 0) // about 150 bytes each
	huge := testEvent(999, 5000)
	sendAll(t, h, evs[:30])
	sendAll(t, h, []Event{huge})
	sendAll(t, h, evs[30:])
	err, st := closeSink(t, h, 10*time.Second)
	if err == nil || st.Sent != 60 || st.Dropped != 1 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(err.Error(), "1 of 61 events dropped") || !strings.Contains(st.LastError, "ev-0999") {
		t.Errorf("Close error %v, last %q", err, st.LastError)
	}
	reqs := c.all()
	got, count := eventsIn(t, reqs, func(i int) bool { return len(reqs[i].body) <= limit })
	checkHTTPEvents(t, got, count, evs)
}

// bulkCollector is an Elasticsearch _bulk endpoint keeping documents by
// _id; item decides per item errors.
func bulkCollector(t *testing.T, stored map[string][]byte, mu *sync.Mutex, item func(id string, attempt int) (int, string)) *httpCollector {
	attempts := map[string]int{}
	return newHTTPCollector(t, func(n int, r httpRequest, w http.ResponseWriter) bool {
		mu.Lock()
		defer mu.Unlock()
		if len(r.lines)%2 != 0 {
			http.Error(w, "odd number of lines", http.StatusBadRequest)
			return true
		}
		type result struct {
			Index  string          `json:"_index"`
			ID     string          `json:"_id"`
			Status int             `json:"status"`
			Error  json.RawMessage `json:"error,omitempty"`
		}
		var items []map[string]result
		errors := false
		for i := 0; i < len(r.lines); i += 2 {
			var action map[string]struct {
				Index string `json:"_index"`
				ID    string `json:"_id"`
			}
			if err := json.Unmarshal(r.lines[i], &action); err != nil || len(action) != 1 {
				http.Error(w, "bad action", http.StatusBadRequest)
				return true
			}
			a, ok := action["create"]
			if !ok || a.Index != "cryptoscan-events" || a.ID == "" {
				http.Error(w, "want create into cryptoscan-events", http.StatusBadRequest)
				return true
			}
			attempts[a.ID]++
			res := result{Index: a.Index, ID: a.ID, Status: http.StatusCreated}
			if code, reason := item(a.ID, attempts[a.ID]); code != 0 {
				res.Status = code
				res.Error = json.RawMessage(fmt.Sprintf(`{"type":%q,"reason":"test"}`, reason))
			} else if _, dup := stored[a.ID]; dup {
				res.Status = http.StatusConflict
				res.Error = json.RawMessage(`{"type":"version_conflict_engine_exception","reason":"document already exists"}`)
			} else {
				stored[a.ID] = r.lines[i+1]
			}
			if res.Status >= 300 {
				errors = true
			}
			items = append(items, map[string]result{"create": res})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"took": 1, "errors": errors, "items": items})
		return true
	})
}

func TestHTTPBulk(t *testing.T) {
	var mu sync.Mutex
	stored := map[string][]byte{}
	evs := testEvents(40, 100)
	stored["ev-0007"] = bytes.TrimRight(evs[7].JSON, "\n") // delivered by an earlier attempt
	c := bulkCollector(t, stored, &mu, func(id string, attempt int) (int, string) {
		switch {
		case id == "ev-0003":
			return http.StatusBadRequest, "mapper_parsing_exception"
		case id == "ev-0004" && attempt == 1:
			return http.StatusTooManyRequests, "es_rejected_execution_exception"
		case id == "ev-0005" && attempt < 3:
			return http.StatusServiceUnavailable, "unavailable_shards_exception"
		case id == "ev-0006" && attempt == 1:
			return http.StatusBadRequest, "illegal_argument_exception"
		}
		return 0, ""
	})
	dir := t.TempDir()
	auth := filepath.Join(dir, "es-auth")
	os.WriteFile(auth, []byte("Bearer token-from-file\n"), 0o600)
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL + "/_bulk", Mode: ElasticBulk, Index: "cryptoscan-events", AuthFile: auth, BatchEvents: 16})
	sendAll(t, h, evs)
	err, st := closeSink(t, h, 10*time.Second)
	if err == nil || st.Sent != 39 || st.Dropped != 1 || st.Duplicates != 1 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	// ev-0003: 2 retries before being dropped; ev-0004: 1; ev-0005: 2;
	// ev-0006: 1.
	if st.Retries != 6 {
		t.Errorf("%d retries, want 6", st.Retries)
	}
	if !strings.Contains(st.LastError, "mapper_parsing_exception") {
		t.Errorf("last error %q", st.LastError)
	}
	for _, r := range c.all() {
		if got := r.header.Get("Authorization"); got != "Bearer token-from-file" {
			t.Errorf("Authorization %q", got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, ev := range evs {
		got, ok := stored[ev.ID]
		if ev.ID == "ev-0003" {
			if ok {
				t.Error("the refused event was stored")
			}
			continue
		}
		if !bytes.Equal(got, bytes.TrimRight(ev.JSON, "\n")) {
			t.Errorf("event %s stored as %q", ev.ID, got)
		}
	}
	checkNoLeak(t)
}

func TestHTTPRefused(t *testing.T) {
	c := newHTTPCollector(t, func(n int, r httpRequest, w http.ResponseWriter) bool {
		http.Error(w, "who are you", http.StatusUnauthorized)
		return true
	})
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL})
	sendAll(t, h, testEvents(5, 0))
	err, st := closeSink(t, h, 10*time.Second)
	if err == nil || st.Dropped != 5 || st.Connects != maxRefusals {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(st.LastError, "401") {
		t.Errorf("last error %q", st.LastError)
	}
}

func TestHTTPCollectorDown(t *testing.T) {
	h := newHTTP(t, HTTPConfig{URL: "http://" + freeAddr(t) + "/"})
	sendAll(t, h, testEvents(5, 0))
	err, st := closeSink(t, h, 200*time.Millisecond)
	if err == nil || st.Dropped != 5 || st.Connects < 2 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(st.LastError, "refused") {
		t.Errorf("last error %q", st.LastError)
	}
	checkNoLeak(t)
}

func TestReadAuth(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv("SINK_AUTH_SET", "Basic dTpw")
	t.Setenv("SINK_AUTH_EMPTY", "")
	for _, tc := range []struct {
		env, file string
		want      string
		ok        bool
	}{
		{"", "", "", true},
		{"SINK_AUTH_SET", "", "Basic dTpw", true},
		{"", write("ok", "ApiKey abc\r\n"), "ApiKey abc", true},
		{"SINK_AUTH_SET", write("both", "x"), "", false},
		{"SINK_AUTH_EMPTY", "", "", false},
		{"SINK_AUTH_UNSET_FOR_SURE", "", "", false},
		{"", write("empty", " \n"), "", false},
		{"", filepath.Join(dir, "missing"), "", false},
		{"", write("two-lines", "a\nb\n"), "", false},
	} {
		got, err := readAuth(tc.env, tc.file)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("readAuth(%q, %q) = %q, %v", tc.env, tc.file, got, err)
		}
	}
}

func TestNewHTTPErrors(t *testing.T) {
	for _, cfg := range []HTTPConfig{
		{URL: "ftp://127.0.0.1/"},
		{URL: "http://"},
		{URL: "http://127.0.0.1/_bulk", Mode: ElasticBulk},
		{URL: "http://127.0.0.1/", Mode: 7},
		{URL: "http://127.0.0.1/", AuthEnv: "A", AuthFile: "/b"},
	} {
		if h, err := NewHTTP(cfg); err == nil {
			h.Close(t.Context())
			t.Errorf("NewHTTP(%+v) succeeded", cfg)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"7":                             7 * time.Second,
		" 7 ":                           7 * time.Second,
		"-3":                            0,
		"soon":                          0,
		"86400":                         maxRetryAfter,
		"Thu, 26 Nov 2026 18:00:30 GMT": 30 * time.Second,
		"Thu, 26 Nov 2026 17:00:00 GMT": 0,
	} {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestHTTPCloseHung: a collector that never answers costs Close its
// deadline, no more.
func TestHTTPCloseHung(t *testing.T) {
	c := newHTTPCollector(t, func(n int, r httpRequest, w http.ResponseWriter) bool {
		<-r.ctx.Done()
		return true
	})
	h := newHTTP(t, HTTPConfig{URL: c.srv.URL})
	sendAll(t, h, testEvents(5, 0))
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	err, st := closeSink(t, h, 300*time.Millisecond)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v with a 300ms deadline", d)
	}
	if err == nil || st.Dropped != 5 {
		t.Errorf("Close: %v, %+v", err, st)
	}
	checkNoLeak(t)
}
