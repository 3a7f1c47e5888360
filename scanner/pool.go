package scanner

import (
	"context"
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
	// Now is the clock; nil means time.Now.
	Now func() time.Time
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
					d := &Dialer{Limiter: lim, Timeout: cfg.Timeout}
					start := now()
					r = p.Probe(ctx, ep, d)
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
	for _, ep := range endpoints {
		jobs <- ep
	}
	close(jobs)
	wg.Wait()
}
