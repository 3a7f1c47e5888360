package sink

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// SyslogConfig configures a syslog sink. The zero value of every field
// but URL is a usable default.
type SyslogConfig struct {
	// URL is the collector: udp://HOST[:PORT] (RFC 5426, port 514),
	// tcp://HOST[:PORT] (RFC 6587 octet counting, port 514),
	// tls://HOST[:PORT] (RFC 5425, port 6514) or relp://HOST:PORT (RELP,
	// no default port).
	URL string
	// RootCAs verifies a tls:// collector's certificate; nil means the
	// system pool. The name verified is the URL's host.
	RootCAs *x509.CertPool
	// Facility of every message; 0 means local0.
	Facility Facility
	// Hostname is the HOSTNAME field; "" means os.Hostname.
	Hostname string
	// AppName is the APP-NAME field; "" means "cryptoscan".
	AppName string
	// ProcID is the PROCID field; "" means the process id.
	ProcID string
	// MaxMessage is the largest syslog message sent, in octets (framing
	// excluded); a larger event is split into parts (see the package
	// documentation). 0 means 2048 for UDP (RFC 5426, Section 3.2: what
	// every receiver SHOULD accept; larger datagrams risk IP
	// fragmentation) and 8096 otherwise: RFC 5425, Section 4.3.1, asks
	// receivers for 8192, but a stock rsyslog (maxMessageSize "8k")
	// truncates above 8096 octets and makes a second, broken message of
	// the rest. At least 480 (RFC 5426's minimum for IPv4).
	MaxMessage int
	// RELPWindow is the number of RELP frames sent ahead of their
	// acknowledgement; 0 means 128 (librelp's default).
	RELPWindow int
	// Buffer bounds what is held while the collector is down.
	Buffer Buffer
	// Backoff spaces reconnections.
	Backoff Backoff
	// DialTimeout bounds a connection and its TLS or RELP handshake; 0
	// means 10s.
	DialTimeout time.Duration
	// WriteTimeout bounds one write, and how long a RELP acknowledgement
	// may take; 0 means 30s.
	WriteTimeout time.Duration
}

// maxRefusals is how often a collector may refuse one event (a RELP
// answer other than 200, a _bulk item error) before it is dropped.
const maxRefusals = 3

// Syslog sends events as RFC 5424 messages over UDP, TCP, TLS or RELP.
type Syslog struct {
	base
	scheme  string // "udp", "tcp", "tls", "relp"
	addr    string
	hdr     header
	max     int
	window  int
	dialTO  time.Duration
	writeTO time.Duration
	tls     *tls.Config
	bo      Backoff
}

var _ Sink = (*Syslog)(nil)

// NewSyslog checks cfg and starts a sink that connects to the collector
// when the first event is sent, and reconnects whenever the connection is
// lost. cfg is not modified.
func NewSyslog(cfg SyslogConfig) (*Syslog, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("invalid syslog URL: %w", err)
	}
	s := &Syslog{scheme: u.Scheme, bo: cfg.Backoff}
	var port string
	switch u.Scheme {
	case "udp", "tcp":
		port = "514"
	case "tls":
		port = "6514"
	case "relp":
	default:
		return nil, fmt.Errorf("invalid syslog URL %q: the scheme must be udp, tcp, tls or relp", cfg.URL)
	}
	if u.Host == "" || u.Hostname() == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid syslog URL %q: want %s://HOST:PORT", cfg.URL, u.Scheme)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("invalid syslog URL %q: bad port", cfg.URL)
		}
		port = p
	}
	if port == "" {
		return nil, fmt.Errorf("invalid syslog URL %q: RELP has no default port", cfg.URL)
	}
	s.addr = net.JoinHostPort(u.Hostname(), port)
	if cfg.Facility > 23 {
		return nil, fmt.Errorf("invalid syslog facility %d", cfg.Facility)
	}
	host, app, proc := cfg.Hostname, cfg.AppName, cfg.ProcID
	if host == "" {
		host, _ = os.Hostname()
	}
	if app == "" {
		app = "cryptoscan"
	}
	if proc == "" {
		proc = strconv.Itoa(os.Getpid())
	}
	s.hdr = newHeader(cfg.Facility, host, app, proc)
	s.max = cfg.MaxMessage
	switch {
	case s.max == 0 && s.scheme == "udp":
		s.max = 2048
	case s.max == 0:
		s.max = 8096
	case s.max < 480:
		return nil, fmt.Errorf("syslog message limit %d is below 480 octets, the least a receiver must accept (RFC 5426, Section 3.2)", s.max)
	}
	s.window = cfg.RELPWindow
	if s.window <= 0 {
		s.window = 128
	}
	s.dialTO, s.writeTO = cfg.DialTimeout, cfg.WriteTimeout
	if s.dialTO <= 0 {
		s.dialTO = 10 * time.Second
	}
	if s.writeTO <= 0 {
		s.writeTO = 30 * time.Second
	}
	if s.scheme == "tls" {
		s.tls = &tls.Config{RootCAs: cfg.RootCAs, ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
	}
	s.init(cfg.Buffer)
	switch s.scheme {
	case "udp":
		s.start(s.runUDP)
	case "relp":
		s.start(s.runRELP)
	default:
		s.start(s.runStream)
	}
	return s, nil
}

// messages formats it, dropping it when it cannot be.
func (s *Syslog) messages(it *item) [][]byte {
	msgs, err := s.hdr.messages(&it.ev, s.max)
	if err != nil {
		s.q.drop(fmt.Errorf("event %s: %w", it.ev.ID, err), it)
		return nil
	}
	return msgs
}

// markSent counts a retry when it was written before.
func (s *Syslog) markSent(it *item) {
	if it.sent {
		s.st.retries.Add(1)
	}
	it.sent = true
}

// runUDP sends one datagram per message. Nothing acknowledges a datagram:
// an event is counted sent once written. A write error (such as the
// ICMP port unreachable a connected socket reports for an earlier
// datagram) closes the socket and retries the event after a backoff.
func (s *Syslog) runUDP(ctx context.Context) {
	var c net.Conn
	bo := s.bo.start()
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for ctx.Err() == nil && !s.finished() {
		if s.q.empty() {
			s.idle(ctx, 0)
			continue
		}
		if c == nil {
			d := net.Dialer{Timeout: s.dialTO}
			var err error
			c, err = d.DialContext(ctx, "udp", s.addr)
			s.st.connects.Add(1)
			if err != nil {
				s.st.failIn(ctx, err)
				sleep(ctx, bo.next())
				continue
			}
		}
		batch := s.q.take(64, 1<<20)
		for i, it := range batch {
			msgs := s.messages(it)
			if msgs == nil {
				continue
			}
			var err error
			s.markSent(it)
			for _, m := range msgs {
				c.SetWriteDeadline(time.Now().Add(s.writeTO))
				if _, err = c.Write(m); err != nil {
					break
				}
			}
			if err != nil {
				s.st.failIn(ctx, fmt.Errorf("failed to send to %s: %w", s.addr, err))
				s.q.requeue(batch[i:])
				c.Close()
				c = nil
				sleep(ctx, bo.next())
				break
			}
			bo.reset()
			s.q.delivered(it)
		}
	}
}

// streamConn is a TCP or TLS connection to a collector that never sends
// anything back: a goroutine reads it only to learn when it ends.
type streamConn struct {
	raw     net.Conn // the TCP connection
	c       net.Conn // raw, or TLS over it
	written atomic.Int64
	dead    chan struct{} // closed when the reader sees the end
	err     error         // why, valid after dead
	once    sync.Once
	stop    func() bool // unregisters the cancellation hook
}

// countingConn counts the bytes written to the TCP connection, TLS
// records included, so they can be matched against what the kernel says
// is still unacknowledged.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.n.Add(int64(n))
	return n, err
}

// dialStream connects, within DialTimeout. Once ctx is done, every read
// and write on the connection fails at once.
func (s *Syslog) dialStream(ctx context.Context) (*streamConn, error) {
	dctx, cancel := context.WithTimeout(ctx, s.dialTO)
	defer cancel()
	s.st.connects.Add(1)
	var d net.Dialer
	raw, err := d.DialContext(dctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	sc := &streamConn{raw: raw, dead: make(chan struct{})}
	sc.c = countingConn{raw, &sc.written}
	if s.tls != nil {
		tc := tls.Client(sc.c, s.tls)
		if err := tc.HandshakeContext(dctx); err != nil {
			raw.Close()
			return nil, fmt.Errorf("TLS handshake with %s: %w", s.addr, err)
		}
		sc.c = tc
	}
	sc.stop = context.AfterFunc(ctx, func() { raw.SetDeadline(time.Now()) })
	go sc.read()
	return sc, nil
}

func (sc *streamConn) read() {
	var buf [512]byte
	for {
		if _, err := sc.c.Read(buf[:]); err != nil {
			sc.err = err
			close(sc.dead)
			return
		}
	}
}

func (sc *streamConn) isDead() bool {
	select {
	case <-sc.dead:
		return true
	default:
		return false
	}
}

// close closes the connection and waits for its reader to stop.
func (sc *streamConn) close() {
	sc.once.Do(func() {
		sc.stop()
		sc.c.Close()
		sc.raw.Close()
		<-sc.dead
	})
}

// confirm returns inflight without the items whose every byte the
// collector's TCP stack has acknowledged, counting those delivered. Where
// the kernel cannot tell (not Linux), writing counts as delivery.
func (s *Syslog) confirm(sc *streamConn, inflight []*item) []*item {
	acked := sc.written.Load()
	if n, ok := unsentBytes(sc.raw); ok {
		acked -= int64(n)
	}
	i := 0
	for i < len(inflight) && inflight[i].end <= acked {
		i++
	}
	if i > 0 {
		s.q.delivered(inflight[:i]...)
		inflight = inflight[i:]
	}
	return inflight
}

// runStream writes octet-counted messages (RFC 6587 over TCP, RFC 5425
// over TLS). Neither acknowledges a message, so an event stays in flight
// until the collector's kernel has acknowledged its last byte (Linux's
// SIOCOUTQ); when the connection ends first, every event in flight is
// sent again on the next connection. Only data the collector's kernel
// acknowledged but the collector never read (it crashed with data in its
// socket buffer) is lost; what was acknowledged but not counted yet may
// arrive twice, which event_id lets the collector detect.
func (s *Syslog) runStream(ctx context.Context) {
	var sc *streamConn
	var inflight []*item
	bo := s.bo.start()
	lost := func(err error) {
		s.st.failIn(ctx, err)
		sc.close()
		sc = nil
		s.q.requeue(inflight)
		inflight = nil
	}
	defer func() {
		if sc != nil {
			sc.close()
		}
		s.q.requeue(inflight)
	}()
	for ctx.Err() == nil {
		if sc != nil {
			n := len(inflight)
			inflight = s.confirm(sc, inflight)
			if len(inflight) < n {
				bo.reset()
			}
			if sc.isDead() {
				if len(inflight) > 0 {
					lost(fmt.Errorf("connection to %s ended with %d events unacknowledged: %v", s.addr, len(inflight), sc.err))
					sleep(ctx, bo.next())
				} else {
					sc.close()
					sc = nil
				}
				continue
			}
		}
		if s.finished() && len(inflight) == 0 {
			return
		}
		if s.q.empty() {
			if len(inflight) > 0 {
				s.idle(ctx, 10*time.Millisecond)
			} else {
				s.idle(ctx, 0)
			}
			continue
		}
		if sc == nil {
			var err error
			sc, err = s.dialStream(ctx)
			if err != nil {
				s.st.failIn(ctx, err)
				sleep(ctx, bo.next())
				continue
			}
		}
		batch := s.q.take(64, 1<<20)
		var buf []byte
		for i, it := range batch {
			msgs := s.messages(it)
			if msgs == nil {
				continue
			}
			buf = buf[:0]
			for _, m := range msgs {
				buf = octetCounted(buf, m)
			}
			s.markSent(it)
			sc.c.SetWriteDeadline(time.Now().Add(s.writeTO))
			if _, err := sc.c.Write(buf); err != nil {
				inflight = append(inflight, it)
				s.q.requeue(batch[i+1:])
				lost(fmt.Errorf("failed to send to %s: %w", s.addr, err))
				sleep(ctx, bo.next())
				break
			}
			it.end = sc.written.Load()
			inflight = append(inflight, it)
		}
	}
}

// errRefused is a collector's refusal of one event.
var errRefused = errors.New("refused by the collector")
