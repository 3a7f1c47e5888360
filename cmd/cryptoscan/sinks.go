package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/report/sink"
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// sinkOptions are the delivery flags: where NDJSON events go besides the
// report.
type sinkOptions struct {
	syslog       string
	syslogCA     string
	facility     string
	http         string
	httpMode     string
	httpIndex    string
	httpAuthEnv  string
	httpAuthFile string
	closeTimeout time.Duration
}

func (o sinkOptions) any() bool { return o.syslog != "" || o.http != "" }

// openSinks connects the sinks the flags ask for. An error is a usage or
// configuration error (a bad URL, an unreadable CA or credentials file).
func openSinks(o sinkOptions) ([]sink.Sink, error) {
	var out []sink.Sink
	if o.syslog != "" {
		var pool *x509.CertPool
		if o.syslogCA != "" {
			pem, err := os.ReadFile(o.syslogCA)
			if err != nil {
				return nil, fmt.Errorf("--syslog-ca: %w", err)
			}
			pool = x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("--syslog-ca %s: no PEM certificate", o.syslogCA)
			}
		}
		fac, err := sink.ParseFacility(o.facility)
		if err != nil {
			return nil, fmt.Errorf("--syslog-facility: %w", err)
		}
		s, err := sink.NewSyslog(sink.SyslogConfig{URL: o.syslog, RootCAs: pool, Facility: fac})
		if err != nil {
			return nil, fmt.Errorf("--syslog: %w", err)
		}
		out = append(out, s)
	}
	if o.http != "" {
		mode := sink.NDJSONLines
		switch o.httpMode {
		case "", "ndjson":
		case "elastic-bulk":
			mode = sink.ElasticBulk
		default:
			closeAll(out)
			return nil, fmt.Errorf("unknown --http-mode %q (want ndjson or elastic-bulk)", o.httpMode)
		}
		s, err := sink.NewHTTP(sink.HTTPConfig{URL: o.http, Mode: mode, Index: o.httpIndex, AuthEnv: o.httpAuthEnv, AuthFile: o.httpAuthFile})
		if err != nil {
			closeAll(out)
			return nil, fmt.Errorf("--http: %w", err)
		}
		out = append(out, s)
	}
	return out, nil
}

func closeAll(ss []sink.Sink) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, s := range ss {
		s.Close(ctx)
	}
}

// sinkTee receives the NDJSON lines of a run and hands each event to
// every sink. It never blocks: the sinks buffer.
type sinkTee struct {
	sinks []sink.Sink
	ecs   bool // the lines are ECS documents, not NDJSON events
	buf   []byte
}

func (t *sinkTee) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	for {
		i := bytes.IndexByte(t.buf, '\n')
		if i < 0 {
			break
		}
		line := t.buf[:i]
		t.send(line)
		t.buf = t.buf[i+1:]
	}
	return len(p), nil
}

func (t *sinkTee) send(line []byte) {
	var ev struct {
		Event    string    `json:"event"`
		EventID  string    `json:"event_id"`
		Time     time.Time `json:"time"`
		Status   string    `json:"status"`
		Severity string    `json:"severity"`
	}
	if t.ecs {
		m, err := report.ParseECSMeta(line)
		if err != nil {
			return // the writer only writes valid documents
		}
		ev.Event, ev.EventID, ev.Time, ev.Status, ev.Severity = m.Kind, m.ID, m.Time, m.Status, m.Severity
	} else if err := json.Unmarshal(line, &ev); err != nil {
		return // the writer only writes valid events; nothing to send
	}
	e := sink.Event{
		ID: ev.EventID, Kind: ev.Event, Time: ev.Time,
		Severity: sink.SeverityFor(ev.Event, ev.Status, ev.Severity),
		JSON:     bytes.Clone(line),
	}
	for _, s := range t.sinks {
		s.Send(e) // a full buffer drops the oldest event and counts it
	}
}

// dropped is how many events the sinks have dropped so far (0 for no
// tee).
func (t *sinkTee) dropped() int {
	if t == nil {
		return 0
	}
	n := 0
	for _, s := range t.sinks {
		n += int(s.Stats().Dropped)
	}
	return n
}

// close flushes every sink within d and returns the events that could not
// be delivered, with the reasons.
func (t *sinkTee) close(d time.Duration) (dropped uint64, errs []string) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for _, s := range t.sinks {
		err := s.Close(ctx)
		st := s.Stats()
		dropped += st.Dropped
		if err != nil {
			errs = append(errs, err.Error())
		} else if st.Dropped > 0 && st.LastError != "" {
			errs = append(errs, st.LastError)
		}
	}
	return dropped, errs
}

// teeWriter writes every result to the report and, as events (NDJSON, or
// ECS documents with --format ecs), to the sinks.
type teeWriter struct {
	report writer
	events writer
}

func (w teeWriter) Changes(cs []report.Change) error {
	if err := w.events.Changes(cs); err != nil {
		return err
	}
	return w.report.Changes(cs)
}

func (w teeWriter) Endpoint(r scanner.Result, fs []rules.Finding) error {
	if err := w.events.Endpoint(r, fs); err != nil {
		return err
	}
	return w.report.Endpoint(r, fs)
}

func (w teeWriter) Across(r scanner.Result, fs []rules.Finding) error {
	if err := w.events.Across(r, fs); err != nil {
		return err
	}
	return w.report.Across(r, fs)
}

func (w teeWriter) Summary(s report.Summary) error {
	if err := w.events.Summary(s); err != nil {
		return err
	}
	return w.report.Summary(s)
}

// deliveryError says what the sinks could not deliver.
func deliveryError(dropped uint64, errs []string) error {
	if dropped == 0 && len(errs) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d events could not be delivered", dropped)
	if len(errs) > 0 {
		msg += ": " + strings.Join(errs, "; ")
	}
	return errors.New(msg)
}
