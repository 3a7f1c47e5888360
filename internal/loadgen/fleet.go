package loadgen

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a fleet. The zero value is one endpoint, seed 0.
type Options struct {
	Seed uint64
	// N is how many endpoints to serve (1 if < 1).
	N int
	// PortsPerIP is how many endpoints share one address
	// (DefaultPortsPerIP if < 1).
	PortsPerIP int
	// Grouped puts the endpoints of one address next to each other in the
	// list, instead of spreading neighbours over addresses (see Plan).
	Grouped bool
	// Timeout bounds each connection, handshake and what follows it
	// (10 s if 0): a client that goes silent is dropped then.
	Timeout time.Duration
}

// Fleet is a running set of TLS listeners. Its methods are safe for
// concurrent use.
type Fleet struct {
	eps     []Endpoint
	rootPEM string
	timeout time.Duration
	lns     []net.Listener
	wg      sync.WaitGroup

	accepted     atomic.Int64
	acceptErrors atomic.Int64
	handshakes   atomic.Int64
	active       atomic.Int64
	connNanos    atomic.Int64
	lifetimes    [len(lifetimeBounds) + 1]atomic.Int64
	byKind       []atomic.Int64
	gauges       map[netip.Addr]*ipGauge // fixed at Start, read-only after

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

// ipGauge counts the connections open to one address and the most open at
// once since the last Stats.
type ipGauge struct {
	open atomic.Int64
	peak atomic.Int64
}

func (g *ipGauge) enter() {
	n := g.open.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
}

// lifetimeBounds are the upper bounds of Stats.Lifetimes' classes.
var lifetimeBounds = [...]time.Duration{time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, time.Second}

// KindCount is a count for one kind of endpoint.
type KindCount struct {
	Kind  Kind  `json:"kind"`
	Count int64 `json:"count"`
}

// Stats is what the fleet saw.
type Stats struct {
	// Accepted is how many TCP connections it accepted in all, and
	// AcceptedByKind per kind of endpoint (in the order of Kinds).
	Accepted       int64       `json:"accepted"`
	AcceptedByKind []KindCount `json:"accepted_by_kind"`
	// AcceptErrors counts failed accepts (a full file table, say).
	AcceptErrors int64 `json:"accept_errors"`
	// Handshakes is how many connections completed a TLS handshake.
	Handshakes int64 `json:"handshakes"`
	// Active is how many connections are open now.
	Active int64 `json:"active"`
	// ConnSeconds is the total lifetime of the connections closed, from
	// accept to close, and Lifetimes counts them by lifetime: under 1 ms,
	// 10 ms, 100 ms, 1 s, and longer.
	ConnSeconds float64  `json:"conn_s"`
	Lifetimes   [5]int64 `json:"lifetimes"`
	// PeakPerIP is the most connections open at once to one address since
	// the previous Stats (since Start for the first).
	PeakPerIP int64 `json:"peak_per_ip"`
	// CPUSeconds is the user and system CPU time of the fleet's process so
	// far (set by the fleet command; 0 in process).
	CPUSeconds float64 `json:"cpu_s,omitempty"`
}

// Start lays out the fleet of opts (see Plan), issues a certificate per
// endpoint, and listens on every endpoint. It returns once every listener
// accepts connections.
func Start(opts Options) (*Fleet, error) {
	n := max(opts.N, 1)
	f := &Fleet{
		eps:     Plan(Options{Seed: opts.Seed, N: n, PortsPerIP: opts.PortsPerIP, Grouped: opts.Grouped}),
		timeout: opts.Timeout,
		byKind:  make([]atomic.Int64, len(kinds)),
		gauges:  make(map[netip.Addr]*ipGauge),
		conns:   make(map[net.Conn]struct{}),
	}
	if f.timeout <= 0 {
		f.timeout = 10 * time.Second
	}
	ca, err := newAuthority(time.Now())
	if err != nil {
		return nil, err
	}
	f.rootPEM = ca.rootPEM()
	for i := range f.eps {
		ep := &f.eps[i]
		cert, err := ca.leaf(i, *ep)
		if err != nil {
			f.Close()
			return nil, err
		}
		if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			f.Close()
			return nil, err
		}
		s := ep.Kind.spec()
		cfg := &tls.Config{
			Certificates: []tls.Certificate{cert},
			MinVersion:   s.min,
			MaxVersion:   s.max,
			CipherSuites: s.suites,
		}
		ln, err := net.Listen("tcp", ep.Addr.String())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("failed to listen on %s: %w", ep.Addr, err)
		}
		ep.Addr = netip.MustParseAddrPort(ln.Addr().String())
		g := f.gauges[ep.Addr.Addr()]
		if g == nil {
			g = new(ipGauge)
			f.gauges[ep.Addr.Addr()] = g
		}
		f.lns = append(f.lns, ln)
		f.wg.Add(1)
		go f.accept(ln, cfg, g, ep.Kind)
	}
	return f, nil
}

// Endpoints lists the fleet, ports included.
func (f *Fleet) Endpoints() []Endpoint { return f.eps }

// RootPEM is the root certificate every endpoint's chain leads to.
func (f *Fleet) RootPEM() string { return f.rootPEM }

func (f *Fleet) accept(ln net.Listener, cfg *tls.Config, g *ipGauge, kind Kind) {
	defer f.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors, most likely: count it, let
			// connections finish, and go on.
			f.acceptErrors.Add(1)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		f.accepted.Add(1)
		f.byKind[kind].Add(1)
		f.active.Add(1)
		g.enter()
		if !f.track(c) {
			g.open.Add(-1)
			f.active.Add(-1)
			c.Close()
			return
		}
		f.wg.Add(1)
		go f.serve(c, cfg, g, time.Now())
	}
}

func (f *Fleet) track(c net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.conns[c] = struct{}{}
	return true
}

// serve answers one connection like a web server: a TLS handshake, then
// reading until the client closes (a scanner's probes send nothing more).
func (f *Fleet) serve(c net.Conn, cfg *tls.Config, g *ipGauge, accepted time.Time) {
	defer f.wg.Done()
	defer func() {
		d := time.Since(accepted)
		f.connNanos.Add(int64(d))
		i := 0
		for i < len(lifetimeBounds) && d >= lifetimeBounds[i] {
			i++
		}
		f.lifetimes[i].Add(1)
		// Uncounted before the close, so that the count never holds a
		// connection the client may already have seen closed.
		g.open.Add(-1)
		f.active.Add(-1)
		f.mu.Lock()
		delete(f.conns, c)
		f.mu.Unlock()
		c.Close()
	}()
	c.SetDeadline(time.Now().Add(f.timeout))
	tc := tls.Server(c, cfg)
	if err := tc.Handshake(); err != nil {
		return
	}
	f.handshakes.Add(1)
	io.Copy(io.Discard, tc)
}

// Stats returns the counts so far and starts a new PeakPerIP period.
func (f *Fleet) Stats() Stats {
	st := Stats{
		Accepted:     f.accepted.Load(),
		AcceptErrors: f.acceptErrors.Load(),
		Handshakes:   f.handshakes.Load(),
		Active:       f.active.Load(),
		ConnSeconds:  time.Duration(f.connNanos.Load()).Seconds(),
	}
	for i := range f.lifetimes {
		st.Lifetimes[i] = f.lifetimes[i].Load()
	}
	for i, s := range kinds {
		st.AcceptedByKind = append(st.AcceptedByKind, KindCount{s.kind, f.byKind[i].Load()})
	}
	for _, g := range f.gauges {
		st.PeakPerIP = max(st.PeakPerIP, g.peak.Swap(g.open.Load()))
	}
	return st
}

// Close stops every listener and connection and waits for their
// goroutines.
func (f *Fleet) Close() error {
	f.mu.Lock()
	f.closed = true
	for c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	var first error
	for _, ln := range f.lns {
		if err := ln.Close(); err != nil && first == nil {
			first = err
		}
	}
	f.wg.Wait()
	return first
}
