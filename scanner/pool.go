package scanner

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"time"
)

// Prober inspects one endpoint. It dials only through d, honours ctx, and
// returns whatever it saw, with unknowns for what it could not establish.
type Prober interface {
	Probe(ctx context.Context, ep Endpoint, d *Dialer) Result
}

// Config is what the worker pool needs. The zero value scans one endpoint
// at a time with the default per-IP cap.
type Config struct {
	// Concurrency is how many endpoints are inspected at once (1 if < 1).
	Concurrency int
	// Limiter is shared by every probe of the run; nil means a new one with
	// DefaultMaxConnsPerIP.
	Limiter *Limiter
	// Timeout bounds each connect and exchange (see Dialer.Timeout).
	Timeout time.Duration
	// EndpointTimeout bounds the whole inspection of one endpoint (0: no
	// bound). Facts still unknown then get reason timeout.
	EndpointTimeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Upgrades gives, per endpoint, the plaintext dialogue to run before
	// TLS on each connection (STARTTLS); nil or a nil result: none.
	Upgrades func(Endpoint) func(ctx context.Context, c net.Conn) error
}

// Upgrade is the dialogue for ep (nil for none).
func (c Config) Upgrade(ep Endpoint) func(ctx context.Context, c net.Conn) error {
	if c.Upgrades == nil {
		return nil
	}
	return c.Upgrades(ep)
}

// Run inspects every endpoint with p and calls emit with each result, from
// one goroutine at a time, in completion order. It returns when every
// endpoint is done or ctx is cancelled; endpoints not started then are
// emitted with an error of reason canceled, so nothing is lost silently.
func Run(ctx context.Context, cfg Config, endpoints []Endpoint, p Prober, emit func(Result)) {
	n := cfg.Concurrency
	if n < 1 {
		n = 1
	}
	lim := cfg.Limiter
	if lim == nil {
		lim = NewLimiter(DefaultMaxConnsPerIP, nil)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	jobs := make(chan Endpoint)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ep := range jobs {
				var r Result
				if ctx.Err() != nil {
					r = Result{Endpoint: ep, Start: now(), Error: &Unknown{Reason: ReasonCanceled}}
				} else {
					d := &Dialer{Limiter: lim, Timeout: cfg.Timeout, Upgrade: cfg.Upgrade(ep)}
					start := now()
					epCtx, cancel := ctx, context.CancelFunc(func() {})
					if cfg.EndpointTimeout > 0 {
						epCtx, cancel = context.WithTimeout(ctx, cfg.EndpointTimeout)
					}
					r = p.Probe(epCtx, ep, d)
					cancel()
					r.Start = start
					r.Stats = d.Stats()
					r.Stats.DurationMS = now().Sub(start).Milliseconds()
				}
				mu.Lock()
				emit(r)
				mu.Unlock()
			}
		})
	}
	for _, ep := range interleaveByIP(endpoints) {
		jobs <- ep
	}
	close(jobs)
	wg.Wait()
}

// interleaveByIP orders endpoints round-robin by IP address (the first
// endpoint of each address, in order of first appearance, then the second
// of each, ...), so that the endpoints in flight spread over addresses: a
// sorted list with many ports per address would otherwise leave workers
// queued behind one address's connection cap. The order within one
// address is kept.
func interleaveByIP(endpoints []Endpoint) []Endpoint {
	var order []netip.Addr
	byIP := make(map[netip.Addr][]Endpoint)
	for _, ep := range endpoints {
		ip := ep.IP.Unmap()
		if _, ok := byIP[ip]; !ok {
			order = append(order, ip)
		}
		byIP[ip] = append(byIP[ip], ep)
	}
	out := make([]Endpoint, 0, len(endpoints))
	for round := 0; len(out) < len(endpoints); round++ {
		for _, ip := range order {
			if eps := byIP[ip]; round < len(eps) {
				out = append(out, eps[round])
			}
		}
	}
	return out
}
