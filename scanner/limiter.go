package scanner

import (
	"context"
	"io"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxConnsPerIP is the default cap of concurrent connections to one IP.
const DefaultMaxConnsPerIP = 4

// Limiter caps the concurrent connections to each IP address. Every probe
// (TLS, STARTTLS, SSH) dials through the one Limiter of a run, so the cap
// holds whatever the number of endpoints, names and ports sharing an IP.
// The zero value is not usable; call NewLimiter.
type Limiter struct {
	perIP int
	dial  func(ctx context.Context, network, addr string) (net.Conn, error)

	mu    sync.Mutex
	slots map[netip.Addr]*ipSlots

	// interval is the least time between two connection starts to one IP
	// (0: no rate limit); next holds, per IP, the earliest next start.
	interval time.Duration
	next     map[netip.Addr]time.Time
}

type ipSlots struct {
	sem  chan struct{}
	refs int
}

// NewLimiter returns a limiter allowing perIP concurrent connections per IP
// (DefaultMaxConnsPerIP when perIP < 1). dial opens connections; nil means
// a net.Dialer.
func NewLimiter(perIP int, dial func(ctx context.Context, network, addr string) (net.Conn, error)) *Limiter {
	if perIP < 1 {
		perIP = DefaultMaxConnsPerIP
	}
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	return &Limiter{perIP: perIP, dial: dial, slots: make(map[netip.Addr]*ipSlots)}
}

// SetRate limits new connections to perSecond per IP (0 or less: no
// limit), on top of the concurrency cap. Call it before the first Dial.
func (l *Limiter) SetRate(perSecond float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.interval = 0
	if perSecond > 0 {
		l.interval = time.Duration(float64(time.Second) / perSecond)
		l.next = make(map[netip.Addr]time.Time)
	}
}

// wait reserves the next start time for ip under the rate limit and
// sleeps until it.
func (l *Limiter) wait(ctx context.Context, ip netip.Addr) error {
	l.mu.Lock()
	if l.interval == 0 {
		l.mu.Unlock()
		return nil
	}
	now := time.Now()
	at := now
	if n := l.next[ip]; n.After(now) {
		at = n
	}
	l.next[ip] = at.Add(l.interval)
	if len(l.next) > 4096 {
		// Forget IPs whose next start is already allowed.
		for k, t := range l.next {
			if t.Before(now) {
				delete(l.next, k)
			}
		}
	}
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// PerIP is the cap the limiter enforces.
func (l *Limiter) PerIP() int { return l.perIP }

func (l *Limiter) acquire(ctx context.Context, ip netip.Addr) (*ipSlots, error) {
	l.mu.Lock()
	s := l.slots[ip]
	if s == nil {
		s = &ipSlots{sem: make(chan struct{}, l.perIP)}
		l.slots[ip] = s
	}
	s.refs++
	l.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
		return s, nil
	case <-ctx.Done():
		l.release(ip, s, false)
		return nil, ctx.Err()
	}
}

func (l *Limiter) release(ip netip.Addr, s *ipSlots, held bool) {
	if held {
		<-s.sem
	}
	l.mu.Lock()
	s.refs--
	if s.refs == 0 {
		delete(l.slots, ip)
	}
	l.mu.Unlock()
}

// Dial waits for a free slot for addr's IP, then connects. The slot is
// released when the returned connection is closed.
func (l *Limiter) Dial(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	return l.dialNet(ctx, "tcp", addr)
}

// DialUDP is Dial for a UDP exchange (IKE): the socket takes one of the
// IP's slots, under the same rate limit, until it is closed.
func (l *Limiter) DialUDP(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	return l.dialNet(ctx, "udp", addr)
}

func (l *Limiter) dialNet(ctx context.Context, network string, addr netip.AddrPort) (net.Conn, error) {
	ip := addr.Addr().Unmap()
	s, err := l.acquire(ctx, ip)
	if err != nil {
		return nil, err
	}
	if err := l.wait(ctx, ip); err != nil {
		l.release(ip, s, true)
		return nil, err
	}
	c, err := l.dial(ctx, network, addr.String())
	if err != nil {
		l.release(ip, s, true)
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { l.release(ip, s, true) }}, nil
}

type limitedConn struct {
	net.Conn
	once     sync.Once
	release  func()
	deadline atomic.Int64 // UnixNano of the last deadline set; 0 for none
}

func (c *limitedConn) SetDeadline(t time.Time) error {
	c.deadline.Store(t.UnixNano())
	return c.Conn.SetDeadline(t)
}

// closeLinger bounds how long Close waits for the server to close its
// side; the wait never goes past the connection's deadline.
const closeLinger = time.Second

// Close shuts down the write side, waits (briefly, reading at most 64 KiB)
// for the server to close its side, then closes and frees the slot: the
// cap holds as the server counts connections, not only as we do.
func (c *limitedConn) Close() error {
	var err error
	c.once.Do(func() {
		until := time.Now().Add(closeLinger)
		if d := c.deadline.Load(); d != 0 && time.Unix(0, d).Before(until) {
			until = time.Unix(0, d)
		}
		hc, ok := c.Conn.(interface{ CloseWrite() error })
		if ok && time.Now().Before(until) && hc.CloseWrite() == nil {
			c.Conn.SetReadDeadline(until)
			io.Copy(io.Discard, io.LimitReader(c.Conn, 64<<10))
		}
		err = c.Conn.Close()
		c.release()
	})
	return err
}

// Dialer is what a probe of one endpoint dials with: the run's limiter, the
// I/O timeout, and the endpoint's connection accounting.
type Dialer struct {
	Limiter *Limiter
	// Timeout bounds the connect and every complete exchange on a connection.
	Timeout time.Duration
	// Upgrade, when set, runs on every new connection before it is handed
	// to the probe: the plaintext dialogue of a STARTTLS protocol. It is
	// bounded by Timeout too. An Upgrade error closes the connection and is
	// returned by Dial wrapped in an UpgradeError.
	Upgrade func(ctx context.Context, c net.Conn) error

	connections atomic.Int64
	errors      atomic.Int64
}

// Dial connects to addr through the limiter, with the connect bounded by
// Timeout, and counts the connection.
func (d *Dialer) Dial(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	if d.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.Timeout)
		defer cancel()
	}
	c, err := d.Limiter.Dial(ctx, addr)
	if err != nil {
		return nil, err
	}
	d.connections.Add(1)
	if d.Upgrade != nil {
		if dl, ok := ctx.Deadline(); ok {
			c.SetDeadline(dl)
		}
		if err := d.Upgrade(ctx, c); err != nil {
			c.Close()
			return nil, &UpgradeError{Err: err}
		}
		c.SetDeadline(time.Time{})
	}
	return c, nil
}

// DialUDP opens a UDP socket to addr through the limiter and counts it as
// a connection. Upgrade does not apply.
func (d *Dialer) DialUDP(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	c, err := d.Limiter.DialUDP(ctx, addr)
	if err != nil {
		return nil, err
	}
	d.connections.Add(1)
	return c, nil
}

// UpgradeError is a connection that was opened but whose plaintext
// dialogue (STARTTLS) failed: the server answered busy, refused the
// upgrade, or said nothing in time.
type UpgradeError struct{ Err error }

func (e *UpgradeError) Error() string { return "starttls: " + e.Err.Error() }
func (e *UpgradeError) Unwrap() error { return e.Err }

// CountError records a probe that ended in a reset, timeout, close or
// malformed answer.
func (d *Dialer) CountError() { d.errors.Add(1) }

// Stats returns the accounting so far.
func (d *Dialer) Stats() Stats {
	return Stats{Connections: int(d.connections.Load()), Errors: int(d.errors.Load())}
}

// Sleep waits d, or until ctx ends; it reports whether d passed. Probes
// back off with it.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
