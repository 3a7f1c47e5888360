package tlsprobe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// outcomeKind is what one probe connection ended with.
type outcomeKind uint8

const (
	outAccepted    outcomeKind = iota // a ServerHello (or SSLv2 SERVER-HELLO)
	outRetry                          // a HelloRetryRequest
	outAlert                          // a TLS alert (or SSLv2 ERROR)
	outReset                          // TCP reset
	outClosed                         // closed without an answer
	outTimeout                        // deadline passed
	outMalformed                      // an answer that did not parse
	outUnreachable                    // connect failed
	outCanceled                       // the run was interrupted
)

// positive reports whether the server took the hello.
func (k outcomeKind) positive() bool { return k == outAccepted || k == outRetry }

// outcome is everything one probe connection revealed.
type outcome struct {
	kind  outcomeKind
	alert uint8
	err   error

	sh      *serverHello
	certs   [][]byte               // Certificate (TLS 1.2 and older)
	ske     []byte                 // ServerKeyExchange body
	ocsp    []byte                 // CertificateStatus response
	certReq *certificateRequestMsg // CertificateRequest (TLS 1.2 and older)
	v2      *sslv2ServerHello
	r13     *Result13 // a TLS 1.3 handshake of client13.go (sh is then its ServerHello's gist)

	sigScheme uint16 // the ServerKeyExchange signature scheme (TLS 1.2), 0 when none was read
	noSNI     bool   // the hello carried no server_name
	// defaultSchemes: the hello offered offeredSignatureSchemes, so the
	// scheme the server signed with is its choice among all of them.
	defaultSchemes bool

	group        uint16 // key-exchange group read from ServerKeyExchange (0: none)
	offeredFFDHE bool   // the hello named RFC 7919 groups
	flightDone   bool   // a TLS 1.2 (or older) flight was read up to ServerHelloDone
	throttled    bool   // the refusal could not be confirmed: a control probe failed too

	// seqStart and seqEnd order probes of one endpoint in time: a negative
	// answer is believed only when a positive probe started after it ended.
	seqStart, seqEnd int64
}

// upgradeRetries is how many times a connection whose plaintext dialogue
// failed (a busy SMTP server's 421) is opened again before its probe is
// given up as throttled.
const upgradeRetries = 3

// reason turns a negative outcome into an observation reason.
func (o *outcome) reason() scanner.Reason {
	switch o.kind {
	case outAlert:
		return scanner.AlertReason(o.alert)
	case outReset:
		return scanner.ReasonReset
	case outClosed:
		return scanner.ReasonClosed
	case outTimeout:
		return scanner.ReasonTimeout
	case outMalformed:
		return scanner.ReasonMalformed
	case outUnreachable:
		return scanner.ReasonUnreachable
	case outCanceled:
		if errors.Is(o.err, context.DeadlineExceeded) {
			return scanner.ReasonTimeout // the endpoint's deadline, not an interruption
		}
		return scanner.ReasonCanceled
	}
	return ""
}

func (o *outcome) String() string {
	switch o.kind {
	case outAccepted:
		if o.v2 != nil {
			return "SSLv2 server hello"
		}
		return fmt.Sprintf("server hello %s %s", scanner.Version(o.version()), SuiteName(scanner.Code(o.sh.cipherSuite)))
	case outRetry:
		return fmt.Sprintf("hello retry request %s group %s", SuiteName(scanner.Code(o.sh.cipherSuite)), GroupName(o.sh.selectedGroup))
	case outAlert:
		return fmt.Sprintf("alert %d (%s)", o.alert, alertName(o.alert))
	}
	if o.err != nil {
		return fmt.Sprintf("%s: %v", o.reason(), o.err)
	}
	return string(o.reason())
}

// version is the protocol version the server chose.
func (o *outcome) version() uint16 {
	if o.v2 != nil {
		return uint16(scanner.SSLv2)
	}
	if o.sh == nil {
		return 0
	}
	if o.sh.supportedVersion != 0 {
		return o.sh.supportedVersion
	}
	return o.sh.vers
}

// flightDepth says how far past the ServerHello a probe reads.
type flightDepth uint8

const (
	helloOnly  flightDepth = iota // stop at ServerHello / HelloRetryRequest
	fullFlight                    // read a TLS 1.2 flight up to ServerHelloDone
)

// maxFlightMessages bounds how many handshake messages one flight may carry.
const maxFlightMessages = 16

// dial opens one probe connection. When it cannot, it returns nil with o
// set to why.
func (s *endpointScan) dial(ctx context.Context, o *outcome) net.Conn {
	if ctx.Err() != nil {
		o.kind, o.err = outCanceled, ctx.Err()
		return nil
	}
	conn, err := s.d.Dial(ctx, s.addr)
	// Connected, but the plaintext dialogue (STARTTLS) failed: the hello
	// was never sent, so nothing is learnt about it. Try again after a
	// backoff; if the dialogue keeps failing, the hello's fate is unknown
	// (throttled), never a refusal.
	var upgrade *scanner.UpgradeError
	for try := 1; err != nil && errors.As(err, &upgrade) && try <= upgradeRetries && ctx.Err() == nil; try++ {
		s.d.CountError()
		if !scanner.Sleep(ctx, s.backoff()) {
			break
		}
		conn, err = s.d.Dial(ctx, s.addr)
	}
	switch {
	case err == nil:
		return conn
	case ctx.Err() != nil:
		o.kind, o.err = outCanceled, ctx.Err()
	case errors.As(err, &upgrade):
		o.kind, o.err, o.throttled = outClosed, err, true
	default:
		o.kind, o.err = outUnreachable, err
	}
	return nil
}

// exchange opens one connection, sends hello, and reads the answer. It never
// panics on what the server sends and never reads past the deadline.
func (s *endpointScan) exchange(ctx context.Context, payload []byte, sslv2 bool, depth flightDepth) *outcome {
	return s.exchangeAfter(ctx, payload, sslv2, depth, nil)
}

// exchangeAfter is exchange, then, when the server answered a TLS 1.2 (or
// older) hello up to ServerHelloDone, after on the same connection.
func (s *endpointScan) exchangeAfter(ctx context.Context, payload []byte, sslv2 bool, depth flightDepth, after afterFlight) *outcome {
	start := time.Now()
	o := &outcome{seqStart: s.seq.Add(1)}
	defer func() {
		o.seqEnd = s.seq.Add(1)
		if !o.kind.positive() && o.kind != outAlert {
			s.d.CountError()
		}
		if s.cfg.trace != nil {
			s.cfg.trace("hello", payload, o, start)
		}
	}()
	conn := s.dial(ctx, o)
	if conn == nil {
		return o
	}
	defer conn.Close()
	if d := s.d.Timeout; d > 0 {
		conn.SetDeadline(time.Now().Add(d))
	}
	// Close the connection when the run is interrupted, so a blocked read
	// returns at once.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if _, err := conn.Write(payload); err != nil {
		o.classify(ctx, err)
		return o
	}
	br := bufio.NewReaderSize(conn, 4096)
	if sslv2 {
		s.readSSLv2(ctx, br, o)
		return o
	}
	s.readFlight(ctx, br, o, depth)
	if after != nil && o.kind == outAccepted && o.flightDone {
		after(ctx, conn, br, o)
	}
	return o
}

func (s *endpointScan) readFlight(ctx context.Context, r io.Reader, o *outcome, depth flightDepth) {
	rr := newRecordReader(r)
	typ, msg, err := rr.readHandshake()
	if err != nil {
		o.classify(ctx, err)
		return
	}
	if typ != typeServerHello {
		o.kind, o.err = outMalformed, fmt.Errorf("expected server hello, got handshake type %d", typ)
		return
	}
	sh := new(serverHello)
	if !sh.unmarshal(msg) {
		o.kind, o.err = outMalformed, errors.New("malformed server hello")
		return
	}
	o.sh = sh
	if sh.isHelloRetryRequest() {
		o.kind = outRetry
		return
	}
	o.kind = outAccepted
	if depth == helloOnly || o.version() >= uint16(scanner.TLSv13) {
		return
	}
	// TLS 1.2 and older: the rest of the flight is in the clear. Whatever
	// goes wrong past the ServerHello, what was read is kept.
	for range maxFlightMessages {
		typ, msg, err := rr.readHandshake()
		if err != nil {
			return
		}
		switch typ {
		case typeCertificate:
			var m certificateMsg
			if m.unmarshal(msg) {
				o.certs = m.certificates
			}
		case typeServerKeyExchange:
			var m serverKeyExchangeMsg
			if m.unmarshal(msg) {
				o.ske = m.key
			}
		case typeCertificateStatus:
			var m certificateStatusMsg
			if m.unmarshal(msg) {
				o.ocsp = m.response
			}
		case typeCertificateRequest:
			m := &certificateRequestMsg{vers: o.version()}
			if !m.unmarshal(msg) {
				m = &certificateRequestMsg{vers: o.version()} // asked, but unreadable
			}
			o.certReq = m
		case typeServerHelloDone:
			o.flightDone = true
			return
		}
	}
}

func (s *endpointScan) readSSLv2(ctx context.Context, br *bufio.Reader, o *outcome) {
	head, err := br.Peek(1)
	if err != nil {
		o.classify(ctx, err)
		return
	}
	if head[0]&0x80 == 0 {
		// A TLS record: the server answered in TLS, most often an alert.
		s.readFlight(ctx, br, o, helloOnly)
		if o.kind.positive() {
			// A TLS server hello to an SSLv2 hello is not SSLv2.
			o.kind, o.err = outMalformed, errors.New("TLS server hello in answer to an SSLv2 hello")
		}
		return
	}
	body, err := readSSLv2Record(br)
	if err != nil {
		o.classify(ctx, err)
		return
	}
	if len(body) > 0 && body[0] == 0 { // SSLv2 ERROR
		var e sslv2Error
		if e.unmarshal(body) {
			o.kind, o.err = outAlert, fmt.Errorf("SSLv2 error %d", e.code)
			return
		}
	}
	var m sslv2ServerHello
	if !m.unmarshal(body) {
		o.kind, o.err = outMalformed, errors.New("malformed SSLv2 server hello")
		return
	}
	o.v2 = &m
	o.kind = outAccepted
}

// classify turns a read or write error into an outcome kind.
func (o *outcome) classify(ctx context.Context, err error) {
	o.err = err
	var ae *alertError
	var ne net.Error
	switch {
	case errors.As(err, &ae):
		o.kind, o.alert = outAlert, ae.description
	case ctx.Err() != nil:
		o.kind, o.err = outCanceled, ctx.Err()
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		o.kind = outReset
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		o.kind = outTimeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		o.kind = outClosed
	default:
		o.kind = outMalformed
	}
}

// addrOf is the address to dial for an endpoint.
func addrOf(ep scanner.Endpoint) netip.AddrPort {
	return netip.AddrPortFrom(ep.IP, ep.Port)
}

// detail is the free text that goes with a reason: the error alone when
// there is one (the reason already names its kind).
func (o *outcome) detail() string {
	if o.err != nil && !o.kind.positive() {
		return o.err.Error()
	}
	return o.String()
}
