package sink

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// relpServer speaks enough of RELP to accept, answer, refuse, reorder and
// crash. It stores a message when it answers it 200, as rsyslog does
// once the message is in its queue, and with lostAckAt also one it never
// answers (the acknowledgement lost in a crash).
type relpServer struct {
	*collector
	addr string

	// Behaviour, set before the sink connects.
	refuseOpen  bool
	refuse      func(data []byte, nth int) bool // answer 500 to this syslog frame
	crashAt     int                             // close without answering the crashAt-th syslog frame (1-based, over the server's life)
	closeAt     int                             // after answering the closeAt-th frame, send serverclose and close
	lostAckAt   int                             // record the lostAckAt-th frame, then close without answering it
	batch       int                             // answer frames in groups of batch, last first (out of order)
	silentFirst bool                            // never answer on the first connection

	mu          sync.Mutex
	frames      int // syslog frames received
	opens       int
	outstanding int // received but not answered, on the current connection
	maxOut      int
	l           net.Listener
	wg          sync.WaitGroup
}

func newRELPServer(t *testing.T, configure func(*relpServer)) *relpServer {
	t.Helper()
	s := &relpServer{collector: newCollector()}
	if configure != nil {
		configure(s)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.l, s.addr = l, l.Addr().String()
	conns := map[net.Conn]bool{}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			conns[c] = true
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		s.mu.Lock()
		for c := range conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

func (s *relpServer) serve(c net.Conn) {
	br := bufio.NewReader(c)
	w := bufio.NewWriter(c)
	send := func(f relpFrame) bool {
		w.Write(f.marshal())
		return w.Flush() == nil
	}
	rsp := func(txnr int, data string) bool {
		return send(relpFrame{txnr: txnr, command: "rsp", data: []byte(data)})
	}
	f, err := readRELPFrame(br, 1<<20)
	if err != nil || f.command != "open" || f.txnr != 1 {
		s.fail(fmt.Errorf("first frame: %+v, %v", f, err))
		return
	}
	offers := relpOffers(f.data)
	if offers["relp_version"] != "0" || offers["commands"] != "syslog" {
		s.fail(fmt.Errorf("open offers %q", f.data))
	}
	s.mu.Lock()
	s.opens++
	s.outstanding = 0
	silent := s.silentFirst && s.opens == 1
	s.mu.Unlock()
	if s.refuseOpen {
		rsp(f.txnr, "500 not today")
		return
	}
	if !rsp(f.txnr, "200 OK\nrelp_version=0\nrelp_software=relpServer\ncommands=syslog") {
		return
	}
	last := f.txnr
	type answer struct {
		txnr int
		data string
		msg  []byte // stored when answered 200
	}
	var held []answer
	flush := func() bool {
		for i := len(held) - 1; i >= 0; i-- {
			if held[i].msg != nil {
				s.add(held[i].msg)
			}
			if !rsp(held[i].txnr, held[i].data) {
				return false
			}
		}
		s.mu.Lock()
		s.outstanding -= len(held)
		s.mu.Unlock()
		held = held[:0]
		return true
	}
	for {
		if len(held) > 0 && br.Buffered() == 0 && (s.batch <= 1 || len(held) >= s.batch) {
			if !flush() {
				return
			}
		}
		if len(held) > 0 && br.Buffered() == 0 {
			// Out of order mode: wait briefly for more before answering.
			c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
			if _, err := br.Peek(1); err != nil {
				c.SetReadDeadline(time.Time{})
				if !flush() {
					return
				}
				continue
			}
			c.SetReadDeadline(time.Time{})
		}
		f, err := readRELPFrame(br, 1<<20)
		if err != nil {
			return
		}
		if silent {
			continue
		}
		if f.txnr != last+1 && !(last == relpMaxTxnr && f.txnr == 1) {
			s.fail(fmt.Errorf("txnr %d after %d", f.txnr, last))
		}
		last = f.txnr
		switch f.command {
		case "close":
			flush()
			rsp(f.txnr, "")
			send(relpFrame{command: "serverclose"})
			return
		case "syslog":
		default:
			s.fail(fmt.Errorf("unexpected command %q", f.command))
			return
		}
		s.mu.Lock()
		s.frames++
		n := s.frames
		s.outstanding++
		s.maxOut = max(s.maxOut, s.outstanding)
		s.mu.Unlock()
		switch {
		case n == s.crashAt:
			return // taken, not stored, not answered
		case n == s.lostAckAt:
			s.add(f.data)
			return // stored, never answered
		case s.refuse != nil && s.refuse(f.data, n):
			held = append(held, answer{f.txnr, "500 refused", nil})
		default:
			held = append(held, answer{f.txnr, "200 OK", f.data})
		}
		if n == s.closeAt {
			if !flush() {
				return
			}
			send(relpFrame{command: "serverclose"})
			return
		}
	}
}

func TestRELP(t *testing.T) {
	for _, tc := range []struct {
		name   string
		window int
		batch  int
	}{
		{"in order", 0, 0},
		{"window 4, answers out of order", 4, 4},
		{"window 1", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRELPServer(t, func(s *relpServer) { s.batch = tc.batch })
			s := newSyslog(t, SyslogConfig{URL: "relp://" + srv.addr, RELPWindow: tc.window})
			evs := mixedEvents(150)
			sendAll(t, s, evs)
			err, st := closeSink(t, s, 10*time.Second)
			if err != nil || st.Sent != 150 || st.Retries != 0 || st.Connects != 1 {
				t.Fatalf("Close: %v, %+v", err, st)
			}
			srv.assemble(t).checkEvents(t, evs, true)
			srv.mu.Lock()
			defer srv.mu.Unlock()
			window := tc.window
			if window == 0 {
				window = 128
			}
			// An event's parts go out together, so the window may be
			// passed by the parts of one event less one.
			if srv.maxOut > window+3 {
				t.Errorf("%d frames unanswered at once, window %d", srv.maxOut, window)
			}
			checkNoLeak(t)
		})
	}
}

// TestRELPReconnect: a session that ends (a crash before answering, a
// serverclose) has its unanswered events sent again on the next one,
// and each event is stored exactly once.
func TestRELPReconnect(t *testing.T) {
	for _, tc := range []struct {
		name      string
		configure func(*relpServer)
	}{
		{"crash", func(s *relpServer) { s.crashAt = 40 }},
		{"crash, answers out of order", func(s *relpServer) { s.crashAt = 40; s.batch = 8 }},
		{"serverclose", func(s *relpServer) { s.closeAt = 25 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRELPServer(t, tc.configure)
			s := newSyslog(t, SyslogConfig{URL: "relp://" + srv.addr, RELPWindow: 16})
			evs := testEvents(100, 0)
			sendAll(t, s, evs)
			err, st := closeSink(t, s, 10*time.Second)
			if err != nil || st.Sent != 100 || st.Connects != 2 {
				t.Fatalf("Close: %v, %+v", err, st)
			}
			srv.assemble(t).checkEvents(t, evs, true)
			checkNoLeak(t)
		})
	}
}

// TestRELPLostAck shows the limit of RELP: an event stored by the server
// whose answer is lost is sent again, and arrives twice (with the same
// event_id).
func TestRELPLostAck(t *testing.T) {
	srv := newRELPServer(t, func(s *relpServer) { s.lostAckAt = 10 })
	s := newSyslog(t, SyslogConfig{URL: "relp://" + srv.addr, RELPWindow: 1})
	evs := testEvents(20, 0)
	sendAll(t, s, evs)
	err, st := closeSink(t, s, 10*time.Second)
	if err != nil || st.Sent != 20 || st.Retries != 1 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	a := srv.assemble(t)
	a.checkEvents(t, evs, false)
	if a.count["ev-0009"] != 2 {
		t.Errorf("the event whose answer was lost arrived %d times, want 2", a.count["ev-0009"])
	}
}

func TestRELPRefusal(t *testing.T) {
	refusedOnce := false
	srv := newRELPServer(t, func(s *relpServer) {
		s.refuse = func(data []byte, n int) bool {
			if bytes.Contains(data, []byte(`"ev-0005"`)) {
				return true
			}
			if bytes.Contains(data, []byte(`"ev-0006"`)) && !refusedOnce {
				refusedOnce = true
				return true
			}
			return false
		}
	})
	s := newSyslog(t, SyslogConfig{URL: "relp://" + srv.addr})
	evs := testEvents(10, 0)
	sendAll(t, s, evs)
	err, st := closeSink(t, s, 10*time.Second)
	if err == nil || st.Sent != 9 || st.Dropped != 1 || st.Retries != maxRefusals-1+1 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(st.LastError, "500 refused") || !strings.Contains(st.LastError, "ev-0005") {
		t.Errorf("last error %q", st.LastError)
	}
	a := srv.assemble(t)
	a.checkEvents(t, append(evs[:5:5], evs[6:]...), true)
	checkNoLeak(t)
}

func TestRELPOpenRefused(t *testing.T) {
	srv := newRELPServer(t, func(s *relpServer) { s.refuseOpen = true })
	s := newSyslog(t, SyslogConfig{URL: "relp://" + srv.addr})
	sendAll(t, s, testEvents(3, 0))
	err, st := closeSink(t, s, 200*time.Millisecond)
	if err == nil || st.Dropped != 3 || st.Connects < 2 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(st.LastError, "500 not today") {
		t.Errorf("last error %q", st.LastError)
	}
	checkNoLeak(t)
}

func TestRELPFrame(t *testing.T) {
	for _, f := range []relpFrame{
		{txnr: 1, command: "open", data: []byte("relp_version=0\ncommands=syslog")},
		{txnr: 999999999, command: "rsp", data: []byte("200 OK")},
		{txnr: 0, command: "serverclose"},
		{txnr: 7, command: "syslog", data: []byte("<134>1 - - - - - - a\nb\x00c")},
	} {
		b := f.marshal()
		var g relpFrame
		if !g.unmarshal(b) || g.txnr != f.txnr || g.command != f.command || !bytes.Equal(g.data, f.data) {
			t.Errorf("round trip of %q: %+v", b, g)
		}
		// No strict prefix of a frame is a frame.
		for i := range len(b) {
			if g.unmarshal(b[:i]) {
				t.Errorf("prefix %q of %q parsed", b[:i], b)
			}
		}
	}
	if got := string((&relpFrame{txnr: 3, command: "rsp", data: []byte("200 OK")}).marshal()); got != "3 rsp 6 200 OK\n" {
		t.Errorf("marshal: %q", got)
	}
	if got := string((&relpFrame{txnr: 0, command: "serverclose"}).marshal()); got != "0 serverclose 0\n" {
		t.Errorf("marshal: %q", got)
	}
	for _, bad := range []string{
		"", "\n", "1 rsp 0", "1 rsp 0 \n", "1 rsp 1\n", "1 rsp 0 x\n", "01 rsp 0\n", "1 rsp 01 x\n",
		"1234567890 rsp 0\n", "1 r5p 0\n", "1  rsp 0\n", "1 rsp 3 abc", "1 rsp 3 abcd\n", "1 rsp 3 ab\n",
		"-1 rsp 0\n", "1 " + strings.Repeat("a", 33) + " 0\n", "1 rsp 0\n\n", "1 rsp 2 ab\nX",
	} {
		var f relpFrame
		if f.unmarshal([]byte(bad)) {
			t.Errorf("%q parsed as %+v", bad, f)
		}
	}
	if f := (relpFrame{}); !f.unmarshal([]byte("1 " + strings.Repeat("a", 32) + " 0\n")) {
		t.Error("a 32-letter command was refused")
	}
}

func TestRELPResponse(t *testing.T) {
	for in, want := range map[string]relpResponse{
		"200 OK":                        {code: 200, text: "OK"},
		"200":                           {code: 200},
		"500 error: queue full":         {code: 500, text: "error: queue full"},
		"200 OK\nrelp_version=0\nx=y\n": {code: 200, text: "OK", data: []byte("relp_version=0\nx=y\n")},
	} {
		var r relpResponse
		if !r.unmarshal([]byte(in)) || r.code != want.code || r.text != want.text || !bytes.Equal(r.data, want.data) {
			t.Errorf("%q: %+v", in, r)
		}
	}
	for _, bad := range []string{"", "20", "2x0 OK", "200OK", "OK 200"} {
		var r relpResponse
		if r.unmarshal([]byte(bad)) {
			t.Errorf("%q parsed", bad)
		}
	}
}

// FuzzRELPFrame: what a server sends cannot crash the client; a frame
// that parses is canonical (it marshals back to its bytes) and parses the
// same from a stream.
func FuzzRELPFrame(f *testing.F) {
	for _, s := range []string{
		"1 rsp 6 200 OK\n",
		"1 rsp 80 200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog\n",
		"0 serverclose 0\n",
		"2 rsp 0\n",
		"3 rsp 21 500 error: queue full\n",
		"999999999 syslog 20 <134>1 - - - - - - a\n",
		"1 rsp 3 ab\n", "01 rsp 0\n", "1 rsp 999999999 ",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fr relpFrame
		ok := fr.unmarshal(b)
		g, err := readRELPFrame(bufio.NewReader(bytes.NewReader(b)), relpMaxData)
		if ok {
			if got := fr.marshal(); !bytes.Equal(got, b) {
				t.Fatalf("%q parsed, marshals as %q", b, got)
			}
			if err != nil || g.txnr != fr.txnr || g.command != fr.command || !bytes.Equal(g.data, fr.data) {
				t.Fatalf("%q: stream parse %+v, %v", b, g, err)
			}
			var r relpResponse
			r.unmarshal(fr.data)
			relpOffers(r.data)
		}
		if err == nil && !ok && g.size() > len(b) {
			t.Fatalf("%q: stream parse read past the input", b)
		}
	})
}

// TestRELPNoAnswer: a server that takes frames and never answers is given
// WriteTimeout, then the session is dropped and the events sent again.
func TestRELPNoAnswer(t *testing.T) {
	srv := newRELPServer(t, func(s *relpServer) { s.silentFirst = true })
	s := newSyslog(t, SyslogConfig{URL: "relp://" + srv.addr, WriteTimeout: 200 * time.Millisecond})
	evs := testEvents(10, 0)
	sendAll(t, s, evs)
	err, st := closeSink(t, s, 10*time.Second)
	if err != nil || st.Sent != 10 || st.Retries != 10 || st.Connects != 2 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(st.LastError, "no answer in 200ms") {
		t.Errorf("last error %q", st.LastError)
	}
	srv.assemble(t).checkEvents(t, evs, true)
	checkNoLeak(t)
}
