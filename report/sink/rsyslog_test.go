package sink

import (
	"crypto/x509"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// Conformance against a real rsyslog (Debian's rsyslog, rsyslog-relp and
// rsyslog-gnutls): its own RFC 5424 parser, octet-counting framing, RELP
// and TLS. Skipped when rsyslogd is absent unless
// CRYPTOSCAN_REQUIRE_PEERS=1.

func rsyslogPool(t *testing.T, r *peer.RsyslogServer) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(r.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in", r.CAFile)
	}
	return pool
}

func rsyslogAddr(r *peer.RsyslogServer, input string) string {
	return map[string]string{"tcp": r.TCP, "tls": r.TLS, "relp": r.RELP, "udp": r.UDP}[input]
}

// rsyslogAssemble reads what input wrote, checks that rsyslog parsed
// every message as RFC 5424 with the fields the sink sent, and
// reassembles the events from the raw messages.
func rsyslogAssemble(t *testing.T, r *peer.RsyslogServer, input string) *assembler {
	t.Helper()
	msgs, err := r.Messages(input)
	if err != nil {
		t.Fatal(err)
	}
	a := newAssembler()
	for _, m := range msgs {
		if m.Version != "1" || m.Facility != "local0" || m.Severity != "err" || m.AppName != "cryptoscan" ||
			m.MsgID != "finding" || m.Hostname != "scanner.test" {
			t.Errorf("%s: rsyslog parsed %+v", input, m)
			continue
		}
		// rsyslog's MSG and STRUCTURED-DATA are the sink's.
		p, err := parse5424([]byte(m.Raw))
		if err != nil {
			t.Errorf("%s: %v in %q", input, err, m.Raw)
			continue
		}
		if string(p.msg) != m.Msg {
			t.Errorf("%s: rsyslog's MSG %q, sent %q", input, m.Msg, p.msg)
		}
		if want := fmt.Sprintf(`[%s event_id="%s" part="%s" parts="%s"]`, SDID, p.sd[SDID]["event_id"], p.sd[SDID]["part"], p.sd[SDID]["parts"]); m.SD != want {
			t.Errorf("%s: rsyslog's STRUCTURED-DATA %q, want %q", input, m.SD, want)
		}
		if err := a.add([]byte(m.Raw)); err != nil {
			t.Errorf("%s: %v", input, err)
		}
	}
	return a
}

// waitRsyslogEvents waits until input has written n distinct events.
func waitRsyslogEvents(t *testing.T, r *peer.RsyslogServer, input string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		msgs, err := r.Messages(input)
		if err != nil {
			t.Fatal(err)
		}
		a := newAssembler()
		for _, m := range msgs {
			a.add([]byte(m.Raw))
		}
		if len(a.events) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d of %d events after 20s\n%s", input, len(a.events), n, r.Output())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// TestRsyslog sends events, some split, to each input of one rsyslog:
// every event arrives exactly once and is the JSON sent.
func TestRsyslog(t *testing.T) {
	r := peer.Rsyslog(t)
	pool := rsyslogPool(t, r)
	for _, input := range peer.RsyslogInputs {
		t.Run(input, func(t *testing.T) {
			s := newSyslog(t, SyslogConfig{URL: input + "://" + rsyslogAddr(r, input), RootCAs: pool})
			evs := mixedEvents(200)
			if input == "udp" {
				// Nothing paces UDP: a burst larger than rsyslog's
				// socket buffer is lost (about 50 of these datagrams
				// fit). Send in small bursts to test the format.
				for i := 0; i < len(evs); i += 10 {
					sendAll(t, s, evs[i:i+10])
					waitRsyslogEvents(t, r, input, i+10)
				}
			} else {
				sendAll(t, s, evs)
			}
			err, st := closeSink(t, s, 20*time.Second)
			if err != nil || st.Sent != 200 {
				t.Fatalf("Close: %v, %+v", err, st)
			}
			waitRsyslogEvents(t, r, input, 200)
			rsyslogAssemble(t, r, input).checkEvents(t, evs, true)
			if msgs, _ := r.Messages(input); len(msgs) <= len(evs) {
				t.Errorf("%d messages for %d events: the large ones were not split", len(msgs), len(evs))
			}
		})
	}
	checkNoLeak(t)
}

// TestRsyslogRestart stops rsyslog between two batches and sends a third
// while it is down; once it is started again on the same ports, Close
// delivers everything: exactly once over RELP, at least once over TCP and
// TLS.
func TestRsyslogRestart(t *testing.T) {
	r := peer.Rsyslog(t)
	pool := rsyslogPool(t, r)
	inputs := []string{"relp", "tcp", "tls"}
	sinks := map[string]*Syslog{}
	evs := mixedEvents(150)
	for _, input := range inputs {
		sinks[input] = newSyslog(t, SyslogConfig{URL: input + "://" + rsyslogAddr(r, input), RootCAs: pool})
		sendAll(t, sinks[input], evs[:50])
	}
	for _, input := range inputs {
		waitRsyslogEvents(t, r, input, 50)
	}
	r.Stop()
	for _, input := range inputs {
		sendAll(t, sinks[input], evs[50:100])
	}
	time.Sleep(200 * time.Millisecond) // the sinks find rsyslog gone and retry
	for _, input := range inputs {
		if st := sinks[input].Stats(); st.Pending == 0 {
			t.Errorf("%s: nothing pending while rsyslog is down: %+v", input, st)
		}
	}
	r.Start()
	for _, input := range inputs {
		sendAll(t, sinks[input], evs[100:])
	}
	for _, input := range inputs {
		err, st := closeSink(t, sinks[input], 30*time.Second)
		if err != nil || st.Sent != 150 || st.Dropped != 0 || st.Connects < 2 {
			t.Errorf("%s: Close: %v, %+v", input, err, st)
		}
	}
	for _, input := range inputs {
		t.Run(input, func(t *testing.T) {
			waitRsyslogEvents(t, r, input, 150)
			a := rsyslogAssemble(t, r, input)
			a.checkEvents(t, evs, input == "relp")
			dups := 0
			for _, n := range a.count {
				dups += n - 1
			}
			t.Logf("%s: %d events, %d duplicates", input, len(a.events), dups)
		})
	}
	checkNoLeak(t)
}
