package sink

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RELP, the Reliable Event Logging Protocol (librelp's doc/relp.html).
// A frame is
//
//	RELP-FRAME = TXNR SP COMMAND SP DATALEN [SP DATA] TRAILER
//	TXNR       = NUMBER            ; 1 to 999999999, then 1 again; 0 for server hints
//	COMMAND    = 1*32ALPHA
//	DATALEN    = NUMBER            ; octets of DATA; no SP DATA when 0
//	TRAILER    = LF
//	NUMBER     = 1*9DIGIT
//
// and the answer to a command is an "rsp" frame with the same TXNR whose
// DATA is "CODE SP TEXT [LF CMDDATA]" (CODE 200 for success).

const (
	relpMaxTxnr    = 999999999
	relpMaxCommand = 32
	relpMaxNumber  = 9
	// relpMaxData bounds what this client accepts from a server: an answer
	// is a status and at most the list of offers.
	relpMaxData = 64 << 10
	relpVersion = "0"
)

// relpFrame is one RELP frame.
type relpFrame struct {
	txnr    int
	command string
	data    []byte
}

func (f *relpFrame) marshal() []byte {
	b := strconv.AppendInt(nil, int64(f.txnr), 10)
	b = append(b, ' ')
	b = append(b, f.command...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(len(f.data)), 10)
	if len(f.data) > 0 {
		b = append(b, ' ')
		b = append(b, f.data...)
	}
	return append(b, '\n')
}

// unmarshal parses exactly one frame from b.
func (f *relpFrame) unmarshal(b []byte) bool {
	*f = relpFrame{}
	g, err := readRELPFrame(bufio.NewReader(bytes.NewReader(b)), len(b))
	if err != nil || g.size() != len(b) {
		return false
	}
	*f = g
	return true
}

// size is the length of the frame on the wire.
func (f *relpFrame) size() int { return len(f.marshal()) }

// errRELPFrame is a frame that does not follow the grammar.
var errRELPFrame = errors.New("malformed RELP frame")

// readRELPFrame reads one frame from r, with at most maxData octets of
// data.
func readRELPFrame(r *bufio.Reader, maxData int) (relpFrame, error) {
	var f relpFrame
	txnr, err := readRELPNumber(r)
	if err != nil {
		return f, err
	}
	cmd := make([]byte, 0, 8)
	for {
		c, err := r.ReadByte()
		if err != nil {
			return f, unexpectedEOF(err)
		}
		if c == ' ' {
			break
		}
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') || len(cmd) == relpMaxCommand {
			return f, fmt.Errorf("%w: bad command", errRELPFrame)
		}
		cmd = append(cmd, c)
	}
	if len(cmd) == 0 {
		return f, fmt.Errorf("%w: empty command", errRELPFrame)
	}
	n, err := readRELPNumberUntil(r, ' ', '\n')
	if err != nil {
		return f, err
	}
	if n.value > maxData {
		return f, fmt.Errorf("%w: %d octets of data, at most %d accepted", errRELPFrame, n.value, maxData)
	}
	switch {
	case n.end == '\n' && n.value != 0:
		return f, fmt.Errorf("%w: DATALEN %d but no data", errRELPFrame, n.value)
	case n.end == ' ' && n.value == 0:
		return f, fmt.Errorf("%w: data after DATALEN 0", errRELPFrame)
	case n.end == ' ':
		f.data = make([]byte, n.value)
		if _, err := io.ReadFull(r, f.data); err != nil {
			return f, unexpectedEOF(err)
		}
		c, err := r.ReadByte()
		if err != nil {
			return f, unexpectedEOF(err)
		}
		if c != '\n' {
			return f, fmt.Errorf("%w: no LF after the data", errRELPFrame)
		}
	}
	f.txnr = txnr.value
	f.command = string(cmd)
	return f, nil
}

type relpNumber struct {
	value int
	end   byte
}

func readRELPNumber(r *bufio.Reader) (relpNumber, error) {
	return readRELPNumberUntil(r, ' ', ' ')
}

// readRELPNumberUntil reads 1 to 9 digits, without leading zeros, ended
// by end1 or end2.
func readRELPNumberUntil(r *bufio.Reader, end1, end2 byte) (relpNumber, error) {
	var n relpNumber
	digits := 0
	for {
		c, err := r.ReadByte()
		if err != nil {
			return n, unexpectedEOF(err)
		}
		if (c == end1 || c == end2) && digits > 0 {
			n.end = c
			return n, nil
		}
		if c < '0' || c > '9' || digits == relpMaxNumber || (digits == 1 && n.value == 0) {
			return n, fmt.Errorf("%w: bad number", errRELPFrame)
		}
		n.value = n.value*10 + int(c-'0')
		digits++
	}
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// relpResponse is the DATA of an rsp frame.
type relpResponse struct {
	code int
	text string
	data []byte // after the first LF
}

func (r *relpResponse) unmarshal(b []byte) bool {
	*r = relpResponse{}
	line, rest, hasData := bytes.Cut(b, []byte{'\n'})
	if len(line) < 3 {
		return false
	}
	for _, c := range line[:3] {
		if c < '0' || c > '9' {
			return false
		}
	}
	switch {
	case len(line) == 3:
	case line[3] == ' ':
		r.text = string(line[4:])
	default:
		return false
	}
	r.code, _ = strconv.Atoi(string(line[:3]))
	if hasData {
		r.data = rest
	}
	return true
}

// relpOffers parses the offers of an open command or its answer: one per
// line, NAME[=VALUE].
func relpOffers(b []byte) map[string]string {
	m := make(map[string]string)
	for line := range strings.Lines(string(b)) {
		name, value, _ := strings.Cut(strings.TrimRight(line, "\r\n"), "=")
		if name != "" {
			m[name] = value
		}
	}
	return m
}

// relpConn is an open RELP session.
type relpConn struct {
	c     net.Conn
	txnr  int            // the last transaction number used
	rsps  chan relpFrame // answers, from the reader
	dead  chan struct{}  // closed when the reader stops
	quit  chan struct{}  // closed by close, to stop the reader
	err   error          // why, valid after dead
	clean bool           // the server announced serverclose
	stop  func() bool    // unregisters the cancellation hook
}

func (rc *relpConn) nextTxnr() int {
	rc.txnr++
	if rc.txnr > relpMaxTxnr {
		rc.txnr = 1
	}
	return rc.txnr
}

// dialRELP connects and opens a session, within DialTimeout. Once ctx is
// done, every read and write on the connection fails at once.
func (s *Syslog) dialRELP(ctx context.Context) (*relpConn, error) {
	dctx, cancel := context.WithTimeout(ctx, s.dialTO)
	defer cancel()
	s.st.connects.Add(1)
	var d net.Dialer
	c, err := d.DialContext(dctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(dctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	rc := &relpConn{c: c, rsps: make(chan relpFrame, s.window+8), dead: make(chan struct{}), quit: make(chan struct{})}
	open := relpFrame{txnr: rc.nextTxnr(), command: "open",
		data: []byte("relp_version=" + relpVersion + "\nrelp_software=cryptoscan\ncommands=syslog")}
	if _, err := c.Write(open.marshal()); err != nil {
		c.Close()
		return nil, fmt.Errorf("RELP open: %w", err)
	}
	br := bufio.NewReader(c)
	f, err := readRELPFrame(br, relpMaxData)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("RELP open: %w", err)
	}
	var rsp relpResponse
	switch {
	case f.command == "serverclose":
		err = errors.New("the server closed the session")
	case f.command != "rsp" || f.txnr != open.txnr:
		err = fmt.Errorf("%w: %d %s in answer to open", errRELPFrame, f.txnr, f.command)
	case !rsp.unmarshal(f.data):
		err = fmt.Errorf("%w: bad answer to open", errRELPFrame)
	case rsp.code != 200:
		err = fmt.Errorf("%d %s", rsp.code, rsp.text)
	default:
		offers := relpOffers(rsp.data)
		if v, ok := offers["relp_version"]; ok && v != relpVersion {
			err = fmt.Errorf("server speaks RELP version %q", v)
		} else if cmds, ok := offers["commands"]; ok && !slices.Contains(strings.Split(cmds, ","), "syslog") {
			err = fmt.Errorf("server does not offer the syslog command (commands=%s)", cmds)
		}
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("RELP open refused by %s: %w", s.addr, err)
	}
	if !stop() {
		c.Close()
		return nil, fmt.Errorf("RELP open: %w", dctx.Err())
	}
	c.SetDeadline(time.Time{})
	rc.stop = context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	go rc.read(br)
	return rc, nil
}

// read passes answers on until the session ends.
func (rc *relpConn) read(br *bufio.Reader) {
	defer close(rc.dead)
	for {
		f, err := readRELPFrame(br, relpMaxData)
		if err != nil {
			rc.err = err
			return
		}
		switch f.command {
		case "rsp":
			select {
			case rc.rsps <- f:
			case <-rc.quit:
				rc.err = net.ErrClosed
				return
			}
		case "serverclose":
			rc.clean = true
			rc.err = errors.New("the server closed the session (serverclose)")
			return
		default:
			rc.err = fmt.Errorf("%w: unexpected command %q from the server", errRELPFrame, f.command)
			return
		}
	}
}

func (rc *relpConn) close() {
	rc.stop()
	close(rc.quit)
	rc.c.Close()
	<-rc.dead
}

// relpFlight is what one RELP session has sent and not had answered.
type relpFlight struct {
	parts map[int]*item // txnr -> the event whose part it carried
	left  map[*item]int // event -> parts unanswered
	order []*item       // events in the order first sent
	since map[int]time.Time
}

func newRELPFlight() *relpFlight {
	return &relpFlight{parts: map[int]*item{}, left: map[*item]int{}, since: map[int]time.Time{}}
}

func (fl *relpFlight) add(txnr int, it *item) {
	if _, ok := fl.left[it]; !ok {
		fl.order = append(fl.order, it)
	}
	fl.parts[txnr] = it
	fl.left[it]++
	fl.since[txnr] = time.Now()
}

// forget removes every part of it, and returns it.
func (fl *relpFlight) forget(it *item) {
	for t, x := range fl.parts {
		if x == it {
			delete(fl.parts, t)
			delete(fl.since, t)
		}
	}
	delete(fl.left, it)
	fl.order = slices.DeleteFunc(fl.order, func(x *item) bool { return x == it })
}

// events returns the events still in flight, in the order sent, and
// forgets them.
func (fl *relpFlight) events() []*item {
	out := fl.order
	*fl = *newRELPFlight()
	return out
}

// oldest is when the oldest unanswered frame was sent.
func (fl *relpFlight) oldest() (time.Time, bool) {
	var t time.Time
	for _, s := range fl.since {
		if t.IsZero() || s.Before(t) {
			t = s
		}
	}
	return t, !t.IsZero()
}

// runRELP sends each message as a RELP syslog command and holds the event
// until the server has answered 200 for every one of its messages, with
// up to RELPWindow frames unanswered. When the session ends (a network
// error, serverclose, no answer within WriteTimeout), the unanswered
// events are sent again on the next session. An answer other than 200 is
// a refusal: the event is sent again after a backoff, and dropped after
// three refusals.
func (s *Syslog) runRELP(ctx context.Context) {
	var rc *relpConn
	fl := newRELPFlight()
	bo := s.bo.start()
	var pauseUntil time.Time
	lost := func(err error) {
		s.st.failIn(ctx, fmt.Errorf("RELP session with %s: %w", s.addr, err))
		rc.close()
		rc = nil
		s.q.requeue(fl.events())
	}
	defer func() {
		if rc != nil {
			rc.close()
		}
		s.q.requeue(fl.events())
	}()
	for ctx.Err() == nil {
		if s.finished() && len(fl.order) == 0 {
			if rc != nil {
				s.closeRELP(ctx, rc)
				rc = nil
			}
			return
		}
		if rc == nil {
			if s.q.empty() {
				s.idle(ctx, 0)
				continue
			}
			var err error
			rc, err = s.dialRELP(ctx)
			if err != nil {
				s.st.failIn(ctx, err)
				sleep(ctx, bo.next())
				continue
			}
		}
		// Send what the window allows.
		var err error
		for err == nil && len(fl.parts) < s.window && time.Now().After(pauseUntil) {
			batch := s.q.take(1, 1<<20)
			if len(batch) == 0 {
				break
			}
			it := batch[0]
			msgs := s.messages(it)
			if msgs == nil {
				continue
			}
			s.markSent(it)
			var buf []byte
			for _, m := range msgs {
				f := relpFrame{txnr: rc.nextTxnr(), command: "syslog", data: m}
				buf = append(buf, f.marshal()...)
				fl.add(f.txnr, it)
			}
			rc.c.SetWriteDeadline(time.Now().Add(s.writeTO))
			_, err = rc.c.Write(buf)
		}
		if err != nil {
			// Answers sent before the session broke still count: read
			// them (briefly) before giving up on the rest.
			rc.c.SetReadDeadline(time.Now().Add(time.Second))
		drain:
			for {
				select {
				case f := <-rc.rsps:
					pauseUntil = s.answered(fl, f, bo, pauseUntil)
				case <-rc.dead:
					break drain
				case <-ctx.Done():
					break drain
				}
			}
			for len(rc.rsps) > 0 {
				pauseUntil = s.answered(fl, <-rc.rsps, bo, pauseUntil)
			}
			lost(err)
			sleep(ctx, bo.next())
			continue
		}
		// Wait for an answer, the end of the session, more to send, or
		// the deadline of the oldest unanswered frame.
		wait := time.Duration(0)
		if t, ok := fl.oldest(); ok {
			wait = max(time.Until(t.Add(s.writeTO)), time.Millisecond)
		}
		if d := time.Until(pauseUntil); d > 0 && (wait == 0 || d < wait) {
			wait = d
		}
		var wake <-chan struct{}
		if len(fl.parts) < s.window && !pauseUntil.After(time.Now()) {
			wake = s.q.wake
		}
		var timeout <-chan time.Time
		var timer *time.Timer
		if wait > 0 {
			timer = time.NewTimer(wait)
			timeout = timer.C
		}
		select {
		case f := <-rc.rsps:
			pauseUntil = s.answered(fl, f, bo, pauseUntil)
		case <-rc.dead:
			// Answers the reader passed on before it stopped still count.
			for len(rc.rsps) > 0 {
				pauseUntil = s.answered(fl, <-rc.rsps, bo, pauseUntil)
			}
			if len(fl.order) == 0 && rc.clean {
				rc.close()
				rc = nil
				break
			}
			lost(rc.err)
			sleep(ctx, bo.next())
		case <-wake:
		case <-timeout:
			if t, ok := fl.oldest(); ok && time.Since(t) >= s.writeTO {
				lost(fmt.Errorf("no answer in %v", s.writeTO))
			}
		case <-ctx.Done():
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// answered takes the answer f into account, and returns when sending may
// resume.
func (s *Syslog) answered(fl *relpFlight, f relpFrame, bo *backoff, pauseUntil time.Time) time.Time {
	it, ok := fl.parts[f.txnr]
	if !ok {
		return pauseUntil // an answer to nothing in flight: ignore it
	}
	var rsp relpResponse
	if !rsp.unmarshal(f.data) || rsp.code != 200 {
		fl.forget(it)
		it.refusals++
		err := fmt.Errorf("event %s: %w: %q", it.ev.ID, errRefused, f.data)
		if it.refusals >= maxRefusals {
			s.q.drop(err, it)
			return pauseUntil
		}
		s.st.fail(err)
		s.q.requeue([]*item{it})
		return time.Now().Add(bo.next())
	}
	delete(fl.parts, f.txnr)
	delete(fl.since, f.txnr)
	if fl.left[it]--; fl.left[it] == 0 {
		fl.forget(it)
		s.q.delivered(it)
		bo.reset()
	}
	return pauseUntil
}

// closeRELP ends a session politely: close, and wait (briefly) for its
// answer.
func (s *Syslog) closeRELP(ctx context.Context, rc *relpConn) {
	defer rc.close()
	f := relpFrame{txnr: rc.nextTxnr(), command: "close"}
	rc.c.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := rc.c.Write(f.marshal()); err != nil {
		return
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	for {
		select {
		case g := <-rc.rsps:
			if g.txnr == f.txnr {
				return
			}
		case <-rc.dead:
			return
		case <-t.C:
			return
		case <-ctx.Done():
			return
		}
	}
}
