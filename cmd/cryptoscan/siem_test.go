package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// Issue 6's end to end: a scan's ECS documents reach a real rsyslog over
// TLS and RELP, a scan started while the collector is down delivers once
// it is back, and a second run with --baseline reports exactly the change
// made to the server between the runs.

// deliveredEvents waits until input has received n events (split events
// joined by their event_id parts) and returns them.
func deliveredEvents(t *testing.T, r *peer.RsyslogServer, input string, n int) []string {
	t.Helper()
	var events []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		msgs, err := r.Messages(input)
		if err != nil {
			t.Fatal(err)
		}
		events = events[:0]
		for _, m := range msgs {
			if strings.Contains(m.SD, ` part="1" `) || !strings.Contains(m.SD, " part=") {
				events = append(events, m.Msg)
			} else if len(events) > 0 {
				events[len(events)-1] += m.Msg
			}
		}
		if len(events) >= n {
			return events
		}
	}
	t.Fatalf("%s: %d events delivered, want %d\n%s", input, len(events), n, r.Output())
	return nil
}

func TestSIEMDeliveryToRsyslog(t *testing.T) {
	r := peer.Rsyslog(t)
	addr := testServer(t)
	for _, c := range []struct {
		input string
		args  []string
	}{
		{"relp", []string{"--syslog", "relp://" + r.RELP}},
		{"tls", []string{"--syslog", "tls://" + r.TLS, "--syslog-ca", r.CAFile}},
	} {
		t.Run(c.input, func(t *testing.T) {
			args := append([]string{"--format", "ecs", "--fail-on", "none"}, c.args...)
			code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), append(args, addr.String())...)
			if code != exitOK && code != exitIncomplete {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			want := strings.Split(strings.TrimSpace(stdout), "\n")
			got := deliveredEvents(t, r, c.input, len(want))
			if !slices.Equal(got, want) {
				t.Errorf("%s delivered %d events that differ from the %d written", c.input, len(got), len(want))
			}
			for i, e := range got {
				var doc map[string]any
				if err := json.Unmarshal([]byte(e), &doc); err != nil || doc["ecs"] == nil {
					t.Errorf("event %d is not an ECS document: %v %.100s", i, err, e)
				}
			}
		})
	}
}

// TestSIEMCollectorRestart: the collector is down when the scan starts;
// the events wait in the sink's buffer and are delivered, once each over
// RELP, when it comes back before --sink-timeout.
func TestSIEMCollectorRestart(t *testing.T) {
	r := peer.Rsyslog(t)
	addr := testServer(t)
	r.Stop()
	restarted := make(chan struct{})
	go func() {
		time.Sleep(1 * time.Second)
		r.Start()
		close(restarted)
	}()
	code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none",
		"--syslog", "relp://"+r.RELP, "--sink-timeout", "60s", addr.String())
	<-restarted
	if code != exitOK && code != exitIncomplete {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stderr, "could not be delivered") {
		t.Fatalf("events lost: %s", stderr)
	}
	want := strings.Split(strings.TrimSpace(stdout), "\n")
	got := deliveredEvents(t, r, "relp", len(want))
	ids := map[string]int{}
	for _, e := range got {
		var ev struct {
			EventID string `json:"event_id"`
		}
		if err := json.Unmarshal([]byte(e), &ev); err != nil {
			t.Fatal(err)
		}
		ids[ev.EventID]++
	}
	for _, e := range want {
		var ev struct {
			EventID string `json:"event_id"`
		}
		json.Unmarshal([]byte(e), &ev)
		if ids[ev.EventID] != 1 {
			t.Errorf("event %s delivered %d times over RELP, want exactly once", ev.EventID, ids[ev.EventID])
		}
	}
}

// TestBaselineReportsExactlyTheChange: between two runs the server starts
// accepting TLS 1.0; the second run, against the first as its baseline,
// reports that change and nothing else.
func TestBaselineReportsExactlyTheChange(t *testing.T) {
	cert, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	var minVersion atomic.Uint32
	minVersion.Store(tls.VersionTLS12)
	base := &tls.Config{Certificates: []tls.Certificate{cert}}
	base.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		c := base.Clone()
		c.GetConfigForClient = nil
		c.MinVersion = uint16(minVersion.Load())
		return c, nil
	}
	srv, err := startTLSServer(base)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	target := srv.ln.Addr().String()

	_, first, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", target)
	saved := filepath.Join(t.TempDir(), "first.ndjson")
	if err := os.WriteFile(saved, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	_, same, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", "--baseline", saved, target)
	if n := strings.Count(same, `"event":"change"`); n != 0 {
		t.Errorf("an unchanged server gave %d change events:\n%s", n, grepLines(same, `"event":"change"`))
	}

	minVersion.Store(tls.VersionTLS10) // the change made to the server
	code, second, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", "--baseline", saved, target)
	if code != exitOK && code != exitIncomplete {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var kinds []string
	for _, l := range grepLines(second, `"event":"change"`) {
		var ch struct {
			Kind   string `json:"kind"`
			RuleID string `json:"rule_id"`
			Before *struct {
				Status string `json:"status"`
			} `json:"before"`
			After *struct {
				Status string `json:"status"`
			} `json:"after"`
		}
		if err := json.Unmarshal([]byte(l), &ch); err != nil {
			t.Fatal(err)
		}
		k := ch.Kind + " " + ch.RuleID
		if ch.Before != nil && ch.After != nil {
			k += " " + ch.Before.Status + "->" + ch.After.Status
		}
		kinds = append(kinds, k)
	}
	if want := []string{"status_changed ANSSI-TLS-R4 pass->fail"}; !slices.Equal(kinds, want) {
		t.Errorf("changes %q, want exactly %q", kinds, want)
	}
}

func grepLines(s, sub string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return out
}
