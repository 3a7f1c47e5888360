package sink

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Test support: events, an RFC 5424 parser written from the RFC (not
// from the code under test), reassembly, and in-process collectors on
// 127.0.0.1.

// fastBackoff keeps reconnection tests quick.
var fastBackoff = Backoff{Initial: 2 * time.Millisecond, Max: 20 * time.Millisecond}

// testEvent is a finding event whose JSON is padded to about pad bytes.
func testEvent(i, pad int) Event {
	id := fmt.Sprintf("ev-%04d", i)
	m := map[string]any{"schema_version": "1.0", "event": "finding", "event_id": id, "n": i,
		"time": "2026-11-26T18:00:00Z", "status": "fail", "severity": "high"}
	if pad > 0 {
		// Multi-byte runes so that splitting must respect UTF-8.
		m["pad"] = strings.Repeat("é€x", pad/6+1)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return Event{ID: id, Kind: "finding", Time: time.Date(2026, 11, 26, 18, 0, 0, 123456789, time.UTC),
		Severity: SeverityFor("finding", "fail", "high"), JSON: append(b, '\n')}
}

func testEvents(n, pad int) []Event {
	evs := make([]Event, n)
	for i := range evs {
		evs[i] = testEvent(i, pad)
	}
	return evs
}

// message is an RFC 5424 message, parsed.
type message struct {
	pri                                 int
	timestamp, host, app, procid, msgid string
	sd                                  map[string]map[string]string // SD-ID -> params
	msg                                 []byte
}

// parse5424 parses an RFC 5424 SYSLOG-MSG (Section 6).
func parse5424(b []byte) (*message, error) {
	m := &message{sd: map[string]map[string]string{}}
	s := string(b)
	if !strings.HasPrefix(s, "<") {
		return nil, errors.New("no PRI")
	}
	end := strings.IndexByte(s, '>')
	if end < 2 || end > 4 {
		return nil, errors.New("bad PRI")
	}
	pri, err := strconv.Atoi(s[1:end])
	if err != nil || pri > 191 {
		return nil, errors.New("bad PRI value")
	}
	m.pri = pri
	s = s[end+1:]
	fields := strings.SplitN(s, " ", 7)
	if len(fields) < 7 || fields[0] != "1" {
		return nil, fmt.Errorf("bad header %q", s)
	}
	m.timestamp, m.host, m.app, m.procid, m.msgid = fields[1], fields[2], fields[3], fields[4], fields[5]
	for _, f := range []string{m.host, m.app, m.procid, m.msgid} {
		for _, c := range []byte(f) {
			if c < 33 || c > 126 {
				return nil, fmt.Errorf("non-PRINTUSASCII in header field %q", f)
			}
		}
	}
	if len(m.host) > 255 || len(m.app) > 48 || len(m.procid) > 128 || len(m.msgid) > 32 {
		return nil, errors.New("header field too long")
	}
	if m.timestamp != "-" {
		if _, err := time.Parse(time.RFC3339Nano, m.timestamp); err != nil {
			return nil, fmt.Errorf("bad TIMESTAMP: %v", err)
		}
	}
	rest := fields[6]
	if strings.HasPrefix(rest, "-") {
		rest = rest[1:]
	} else {
		for strings.HasPrefix(rest, "[") {
			i := 1
			j := strings.IndexAny(rest[i:], " ]")
			if j < 0 {
				return nil, errors.New("unterminated SD-ELEMENT")
			}
			id := rest[i : i+j]
			params := map[string]string{}
			i += j
			for rest[i] == ' ' {
				i++
				eq := strings.IndexByte(rest[i:], '=')
				if eq < 1 || i+eq+1 >= len(rest) || rest[i+eq+1] != '"' {
					return nil, errors.New("bad SD-PARAM")
				}
				name := rest[i : i+eq]
				i += eq + 2
				var v strings.Builder
				for {
					if i >= len(rest) {
						return nil, errors.New("unterminated PARAM-VALUE")
					}
					c := rest[i]
					if c == '\\' && i+1 < len(rest) && strings.IndexByte(`"\]`, rest[i+1]) >= 0 {
						v.WriteByte(rest[i+1])
						i += 2
						continue
					}
					if c == '"' {
						i++
						break
					}
					if c == ']' {
						return nil, errors.New("unescaped ] in PARAM-VALUE")
					}
					v.WriteByte(c)
					i++
				}
				params[name] = v.String()
				if i >= len(rest) {
					return nil, errors.New("unterminated SD-ELEMENT")
				}
			}
			if rest[i] != ']' {
				return nil, errors.New("bad SD-ELEMENT end")
			}
			m.sd[id] = params
			rest = rest[i+1:]
		}
	}
	if rest != "" {
		if rest[0] != ' ' {
			return nil, errors.New("no SP before MSG")
		}
		m.msg = []byte(rest[1:])
	}
	return m, nil
}

// assembler puts split events back together, as a collector would.
type assembler struct {
	parts  map[string]map[int][]byte // event_id -> part -> MSG
	total  map[string]int
	events map[string][]byte // complete events
	count  map[string]int    // times each event was completed (duplicates)
	order  []string
}

func newAssembler() *assembler {
	return &assembler{parts: map[string]map[int][]byte{}, total: map[string]int{}, events: map[string][]byte{}, count: map[string]int{}}
}

// add takes one message; it fails on a message without the cryptoscan SD
// element or with inconsistent part numbers.
func (a *assembler) add(raw []byte) error {
	m, err := parse5424(raw)
	if err != nil {
		return fmt.Errorf("%v in %q", err, raw)
	}
	sd, ok := m.sd[SDID]
	if !ok {
		return fmt.Errorf("no %s element in %q", SDID, raw)
	}
	id := sd["event_id"]
	part, err1 := strconv.Atoi(sd["part"])
	parts, err2 := strconv.Atoi(sd["parts"])
	if id == "" || err1 != nil || err2 != nil || part < 1 || part > parts {
		return fmt.Errorf("bad part numbers in %q", raw)
	}
	if t, ok := a.total[id]; ok && t != parts {
		return fmt.Errorf("event %s: parts %d, then %d", id, t, parts)
	}
	a.total[id] = parts
	if a.parts[id] == nil {
		a.parts[id] = map[int][]byte{}
	}
	a.parts[id][part] = m.msg
	if len(a.parts[id]) == parts {
		var b []byte
		for i := 1; i <= parts; i++ {
			b = append(b, a.parts[id][i]...)
		}
		if prev, ok := a.events[id]; ok && !bytes.Equal(prev, b) {
			return fmt.Errorf("event %s reassembled differently twice", id)
		}
		if _, ok := a.events[id]; !ok {
			a.order = append(a.order, id)
		}
		a.events[id] = b
		a.count[id]++
		delete(a.parts, id)
	}
	return nil
}

// checkEvents fails t unless every event arrived with its JSON intact,
// exactly once when exact is set.
func (a *assembler) checkEvents(t *testing.T, evs []Event, exact bool) {
	t.Helper()
	for _, ev := range evs {
		got, ok := a.events[ev.ID]
		if !ok {
			t.Errorf("event %s never arrived", ev.ID)
			continue
		}
		if !bytes.Equal(got, bytes.TrimRight(ev.JSON, "\n")) {
			t.Errorf("event %s arrived as %q, want %q", ev.ID, got, ev.JSON)
		}
		if !json.Valid(got) {
			t.Errorf("event %s is not JSON: %q", ev.ID, got)
		}
		if exact && a.count[ev.ID] != 1 {
			t.Errorf("event %s arrived %d times, want exactly once", ev.ID, a.count[ev.ID])
		}
	}
	if len(a.events) != len(evs) {
		t.Errorf("%d distinct events arrived, want %d", len(a.events), len(evs))
	}
}

// collector gathers syslog messages from a test server.
type collector struct {
	mu   sync.Mutex
	msgs [][]byte
	errs []error
	ch   chan struct{} // signalled on every message
}

func newCollector() *collector { return &collector{ch: make(chan struct{}, 1)} }

func (c *collector) add(m []byte) {
	c.mu.Lock()
	c.msgs = append(c.msgs, slices.Clone(m))
	c.mu.Unlock()
	select {
	case c.ch <- struct{}{}:
	default:
	}
}

func (c *collector) fail(err error) {
	c.mu.Lock()
	c.errs = append(c.errs, err)
	c.mu.Unlock()
}

func (c *collector) messages() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.msgs)
}

// assemble feeds every message received so far to a new assembler.
func (c *collector) assemble(t *testing.T) *assembler {
	t.Helper()
	c.mu.Lock()
	for _, err := range c.errs {
		t.Errorf("collector: %v", err)
	}
	c.mu.Unlock()
	a := newAssembler()
	for _, m := range c.messages() {
		if err := a.add(m); err != nil {
			t.Error(err)
		}
	}
	return a
}

// waitFor waits until cond holds for the messages received, or fails.
func (c *collector) waitFor(t *testing.T, what string, cond func([][]byte) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond(c.messages()) {
		select {
		case <-c.ch:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s (%d messages)", what, len(c.messages()))
		}
	}
}

// waitEvents waits until n distinct events have arrived complete: a sink
// counts an event sent once the collector's kernel has it, which may be
// before the collector's goroutine has read it.
func (c *collector) waitEvents(t *testing.T, n int) {
	t.Helper()
	c.waitFor(t, fmt.Sprintf("%d events", n), func(msgs [][]byte) bool {
		a := newAssembler()
		for _, m := range msgs {
			a.add(m)
		}
		return len(a.events) >= n
	})
}

// udpCollector receives datagrams on 127.0.0.1.
func udpCollector(t *testing.T) (string, *collector) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector()
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 65536)
		for {
			n, _, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			c.add(buf[:n])
		}
	}()
	t.Cleanup(func() { pc.Close(); <-done })
	return pc.LocalAddr().String(), c
}

// streamCollector accepts TCP (or TLS, when cfg is set) connections on
// 127.0.0.1 and reads octet-counted messages (RFC 6587, Section 3.4.1).
type streamCollector struct {
	*collector
	addr string
	cfg  *tls.Config

	mu    sync.Mutex
	l     net.Listener
	conns map[net.Conn]bool
	wg    sync.WaitGroup
}

func newStreamCollector(t *testing.T, cfg *tls.Config) *streamCollector {
	t.Helper()
	s := &streamCollector{collector: newCollector(), cfg: cfg, conns: map[net.Conn]bool{}}
	s.listen(t, "127.0.0.1:0")
	t.Cleanup(s.stop)
	return s
}

func (s *streamCollector) listen(t *testing.T, addr string) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if s.cfg != nil {
		l = tls.NewListener(l, s.cfg)
	}
	s.mu.Lock()
	s.l = l
	s.addr = l.Addr().String()
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
}

func (s *streamCollector) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		m, err := readOctetCounted(br)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				s.fail(err)
			}
			return
		}
		s.add(m)
	}
}

// stop closes the listener and every connection, as a crashed collector.
func (s *streamCollector) stop() {
	s.mu.Lock()
	s.l.Close()
	for c := range s.conns {
		c.Close()
	}
	clear(s.conns)
	s.mu.Unlock()
	s.wg.Wait()
}

// readOctetCounted reads MSG-LEN SP SYSLOG-MSG.
func readOctetCounted(br *bufio.Reader) ([]byte, error) {
	n := 0
	digits := 0
	for {
		c, err := br.ReadByte()
		if err != nil {
			if digits > 0 && err == io.EOF {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if c == ' ' && digits > 0 {
			break
		}
		if c < '0' || c > '9' || (digits == 0 && c == '0') || digits == 9 {
			return nil, fmt.Errorf("bad MSG-LEN byte %q", c)
		}
		n = n*10 + int(c-'0')
		digits++
	}
	m := make([]byte, n)
	if _, err := io.ReadFull(br, m); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return m, nil
}

// checkNoLeak fails t if a goroutine of the sink is still running (after
// Close, none may be).
func checkNoLeak(t *testing.T) {
	t.Helper()
	names := []string{"sink.(*base).start", "sink.(*streamConn).read", "sink.(*relpConn).read",
		"sink.(*Syslog).run", "sink.(*HTTP).run"}
	deadline := time.Now().Add(2 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		var leaked []string
		for _, n := range names {
			if strings.Contains(stacks, n) {
				leaked = append(leaked, n)
			}
		}
		if len(leaked) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutines still running after Close: %v\n%s", leaked, stacks)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// closeSink closes s within d and returns its error and stats.
func closeSink(t *testing.T, s Sink, d time.Duration) (error, Stats) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	start := time.Now()
	err := s.Close(ctx)
	if took := time.Since(start); took > d+2*time.Second {
		t.Errorf("Close took %v with a %v deadline", took, d)
	}
	st := s.Stats()
	if st.Accepted != st.Sent+st.Dropped || st.Pending != 0 {
		t.Errorf("after Close: accepted %d != sent %d + dropped %d, or pending %d", st.Accepted, st.Sent, st.Dropped, st.Pending)
	}
	return err, st
}

func sendAll(t *testing.T, s Sink, evs []Event) {
	t.Helper()
	for _, ev := range evs {
		if err := s.Send(ev); err != nil {
			t.Fatal(err)
		}
	}
}
