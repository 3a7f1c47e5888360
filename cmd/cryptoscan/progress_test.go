package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgress(t *testing.T) {
	var term syncBuffer
	clock := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	p := startProgress(&term, 3, 0, now)
	if got, want := term.String(), eraseLine+"cryptoscan: 0 of 3 endpoints scanned, 0:00"; got != want {
		t.Fatalf("first line %q, want %q", got, want)
	}
	var report bytes.Buffer
	out := p.wrap(&report)
	p.add()
	out.Write([]byte("example.fr[192.0.2.1]:443  tls\n"))
	// The line was erased before the report's write, once.
	if got := term.String(); !strings.HasSuffix(got, "0:00"+eraseLine) {
		t.Errorf("the line was not erased before the report: %q", got)
	}
	out.Write([]byte("more\n"))
	if got := strings.Count(term.String(), eraseLine); got != 2 {
		t.Errorf("%d erasures after two writes with the line drawn once, want 2: %q", got, term.String())
	}
	p.add()
	clock = clock.Add(83 * time.Second)
	p.draw()
	if got := term.String(); !strings.HasSuffix(got, "2 of 3 endpoints scanned, 1:23") {
		t.Errorf("redraw: %q", got)
	}
	p.finish()
	p.finish()
	if got := term.String(); !strings.HasSuffix(got, "1:23"+eraseLine) {
		t.Errorf("finish did not erase the line: %q", got)
	}
	if report.String() != "example.fr[192.0.2.1]:443  tls\nmore\n" {
		t.Errorf("report %q", report.String())
	}
}

// TestProgressDelayed: a run shorter than the delay shows nothing.
func TestProgressDelayed(t *testing.T) {
	var term syncBuffer
	p := startProgress(&term, 1, time.Hour, time.Now)
	p.add()
	p.finish()
	if term.String() != "" {
		t.Errorf("a short run wrote %q", term.String())
	}
}

// TestProgressCLI: on a terminal's stderr, a scan draws the line and
// erases it before the report's first write and at the end; stdout gets
// the report alone.
func TestProgressCLI(t *testing.T) {
	addr := testServer(t)
	var out bytes.Buffer
	var errb syncBuffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, resolver: hostsResolver(nil),
		getenv: func(string) string { return "" }, stderrTerminal: true}
	code := c.run(context.Background(), []string{"--fail-on", "none", "--format", "json", addr.String()})
	if code != exitOK && code != exitIncomplete {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got := errb.String()
	if !strings.HasPrefix(got, eraseLine+"cryptoscan: 0 of 1 endpoints scanned, 0:0") || !strings.Contains(got, "endpoints scanned") {
		t.Errorf("stderr %q, want the progress line first", got)
	}
	if last := strings.LastIndex(got, "endpoints scanned"); !strings.Contains(got[last:], eraseLine) {
		t.Errorf("stderr %q: the line is not erased after its last drawing", got)
	}
	if strings.Contains(out.String(), "endpoints scanned") || strings.Contains(out.String(), "\r") {
		t.Errorf("the progress line reached stdout")
	}
	// Without a terminal, nothing.
	errb = syncBuffer{}
	c.stderrTerminal = false
	c.stdout = new(bytes.Buffer)
	c.run(context.Background(), []string{"--fail-on", "none", "--format", "json", addr.String()})
	if strings.Contains(errb.String(), "endpoints scanned") {
		t.Errorf("progress without a terminal: %q", errb.String())
	}
}
