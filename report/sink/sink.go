package sink

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Sink delivers events to a collector in the background. Syslog and HTTP
// implement it.
type Sink interface {
	// Send queues ev for delivery and returns at once; it never waits for
	// the collector. It fails only for an event without ID or JSON, or
	// after Close.
	Send(ev Event) error
	// Close delivers what is still queued until ctx is done, then gives up
	// on the rest, counting it as dropped, and stops the sink: no
	// goroutine of the sink outlives it. With a ctx that is never done it
	// waits for the collector as long as that takes. It returns an error
	// when any event was dropped during the sink's life.
	Close(ctx context.Context) error
	// Stats counts what the sink did so far.
	Stats() Stats
}

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("sink closed")

// Stats counts a sink's events. After Close, Accepted == Sent + Dropped.
type Stats struct {
	// Accepted is the number of events Send took.
	Accepted uint64
	// Sent is the number of events delivered: acknowledged by the
	// collector where the transport acknowledges (RELP, HTTP), taken by
	// the collector's TCP stack (TCP, TLS on Linux), or written to the
	// socket (UDP, and TCP or TLS elsewhere).
	Sent uint64
	// Dropped is the number of events given up: pushed out of a full
	// buffer, refused by the collector too often, too large for it, or
	// still undelivered when Close's context was done.
	Dropped uint64
	// Duplicates counts events the collector already had (Elasticsearch's
	// 409 for an event_id it holds); they are also in Sent.
	Duplicates uint64
	// Retries is the number of times an event was sent again after a
	// failure (a lost connection, a refusal, a retryable HTTP answer).
	Retries uint64
	// Connects is the number of connections (or HTTP requests) made.
	Connects uint64
	// Pending is the number of events held now, queued or awaiting
	// acknowledgement.
	Pending uint64
	// LastError describes the most recent delivery failure, "" if none.
	LastError string
}

// Buffer bounds what a sink holds while its collector is slow or down.
// When a new event would exceed a bound, the oldest event not yet sent
// is dropped (and counted): the newest events, the run's summary last
// among them, are the ones a reader of the feed needs most. An event
// larger than MaxBytes on its own is dropped at once.
type Buffer struct {
	// MaxEvents bounds the events held; 0 means 100000.
	MaxEvents int
	// MaxBytes bounds the JSON bytes held; 0 means 64 MiB.
	MaxBytes int
}

func (b Buffer) limits() (int, int) {
	n, s := b.MaxEvents, b.MaxBytes
	if n <= 0 {
		n = 100000
	}
	if s <= 0 {
		s = 64 << 20
	}
	return n, s
}

// Backoff spaces reconnections and retries: the delay doubles from
// Initial up to Max after each consecutive failure, and each wait is
// drawn uniformly from [delay/2, delay] so that many scanners restarting
// together do not retry in step.
type Backoff struct {
	// Initial is the first delay; 0 means 250ms.
	Initial time.Duration
	// Max bounds the delay; 0 means 30s.
	Max time.Duration
}

type backoff struct {
	initial, max, cur time.Duration
}

func (b Backoff) start() *backoff {
	i, m := b.Initial, b.Max
	if i <= 0 {
		i = 250 * time.Millisecond
	}
	if m <= 0 {
		m = 30 * time.Second
	}
	if m < i {
		m = i
	}
	return &backoff{initial: i, max: m}
}

// next returns the delay before the next attempt.
func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.initial
	} else {
		b.cur = min(2*b.cur, b.max)
	}
	half := b.cur / 2
	return half + rand.N(b.cur-half+1)
}

func (b *backoff) reset() { b.cur = 0 }

// counters are a sink's Stats, updated atomically.
type counters struct {
	accepted, sent, dropped, duplicates, retries, connects atomic.Uint64
	mu                                                     sync.Mutex
	lastErr                                                string
}

func (c *counters) fail(err error) {
	if err == nil {
		return
	}
	c.mu.Lock()
	c.lastErr = err.Error()
	c.mu.Unlock()
}

// failIn records err unless ctx is done: an error caused by Close giving
// up says nothing about the collector.
func (c *counters) failIn(ctx context.Context, err error) {
	if ctx.Err() == nil {
		c.fail(err)
	}
}

// item is one queued event and the transport's bookkeeping for it.
type item struct {
	ev       Event
	size     int
	sent     bool  // written at least once: writing it again is a retry
	refusals int   // times the collector refused it
	txnr     int   // RELP transaction number of the last send
	end      int64 // stream: the connection's byte count after its last byte
}

// queue holds the events a sink has not delivered yet. Items taken by the
// transport still count against the bounds until released.
type queue struct {
	mu      sync.Mutex
	pending []*item // oldest first
	held    int     // items pending or taken
	heldB   int
	maxN    int
	maxB    int
	wake    chan struct{}
	st      *counters
	closed  bool // no more pushes: dropAll ran
}

func newQueue(b Buffer, st *counters) *queue {
	n, s := b.limits()
	return &queue{maxN: n, maxB: s, wake: make(chan struct{}, 1), st: st}
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// push adds ev, dropping the oldest pending events (or ev itself) to stay
// within the bounds.
func (q *queue) push(ev Event) error {
	it := &item{ev: ev, size: len(ev.JSON)}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.st.accepted.Add(1)
	if it.size > q.maxB {
		q.st.dropped.Add(1)
		q.st.fail(fmt.Errorf("event %s of %d bytes exceeds the buffer (%d bytes)", ev.ID, it.size, q.maxB))
		return nil
	}
	for q.held+1 > q.maxN || q.heldB+it.size > q.maxB {
		if len(q.pending) == 0 {
			q.st.dropped.Add(1)
			q.st.fail(fmt.Errorf("buffer full (%d events, %d bytes held), event %s dropped", q.held, q.heldB, ev.ID))
			return nil
		}
		old := q.pending[0]
		q.pending[0] = nil
		q.pending = q.pending[1:]
		q.held--
		q.heldB -= old.size
		q.st.dropped.Add(1)
		q.st.fail(fmt.Errorf("buffer full (%d events, %d bytes held), oldest event %s dropped", q.held+1, q.heldB+old.size, old.ev.ID))
	}
	q.pending = append(q.pending, it)
	q.held++
	q.heldB += it.size
	q.signal()
	return nil
}

// take removes up to n pending items of at most b bytes in all (but at
// least one item when any is pending) and hands them to the transport.
func (q *queue) take(n, b int) []*item {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, size := 0, 0
	for i < len(q.pending) && i < n {
		if i > 0 && size+q.pending[i].size > b {
			break
		}
		size += q.pending[i].size
		i++
	}
	out := make([]*item, i)
	copy(out, q.pending[:i])
	clear(q.pending[:i])
	q.pending = q.pending[i:]
	return out
}

// requeue puts taken items back in front of the queue, in their order,
// to be sent again.
func (q *queue) requeue(items []*item) {
	if len(items) == 0 {
		return
	}
	q.mu.Lock()
	q.pending = append(append(make([]*item, 0, len(items)+len(q.pending)), items...), q.pending...)
	q.mu.Unlock()
	q.signal()
}

// delivered releases taken items the collector has.
func (q *queue) delivered(items ...*item) {
	q.release(items)
	q.st.sent.Add(uint64(len(items)))
}

// drop releases taken items given up, for reason.
func (q *queue) drop(reason error, items ...*item) {
	if len(items) == 0 {
		return
	}
	q.release(items)
	q.st.dropped.Add(uint64(len(items)))
	q.st.fail(reason)
}

func (q *queue) release(items []*item) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, it := range items {
		q.held--
		q.heldB -= it.size
	}
}

// empty reports whether nothing is pending.
func (q *queue) empty() bool {
	return q.len() == 0
}

// len is the number of pending items.
func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}

// dropAll gives up on every pending item, refuses further pushes, and
// returns how many it dropped.
func (q *queue) dropAll() int {
	q.mu.Lock()
	items := q.pending
	q.pending = nil
	q.closed = true
	q.mu.Unlock()
	q.release(items)
	q.st.dropped.Add(uint64(len(items)))
	return len(items)
}

// base is the part of a sink that does not depend on the transport: the
// queue, the counters and the life cycle of the goroutine that delivers.
type base struct {
	st      counters
	q       *queue
	closing atomic.Bool
	once    sync.Once
	ctx     context.Context // the delivery goroutine's; cancelled when Close gives up
	cancel  context.CancelFunc
	done    chan struct{} // closed when the delivery goroutine has returned

	undelivered int   // events dropped by Close
	closeErr    error // why Close gave up on them
}

func (b *base) init(buf Buffer) {
	b.q = newQueue(buf, &b.st)
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.done = make(chan struct{})
}

// start runs deliver in its own goroutine until it returns.
func (b *base) start(deliver func(ctx context.Context)) {
	go func() {
		defer close(b.done)
		deliver(b.ctx)
	}()
}

func (b *base) Send(ev Event) error {
	if ev.ID == "" {
		return errors.New("sink: event without event_id")
	}
	if len(ev.payload()) == 0 {
		return fmt.Errorf("sink: event %s without JSON", ev.ID)
	}
	if b.closing.Load() {
		return ErrClosed
	}
	return b.q.push(ev)
}

func (b *base) Close(ctx context.Context) error {
	b.once.Do(func() {
		b.closing.Store(true)
		b.q.signal()
		stop := context.AfterFunc(ctx, b.cancel)
		<-b.done
		stop()
		b.cancel()
		b.undelivered = b.q.dropAll()
		b.closeErr = context.Cause(ctx)
	})
	<-b.done
	st := b.Stats()
	if st.Dropped == 0 {
		return nil
	}
	why := st.LastError
	if b.undelivered > 0 {
		why = fmt.Sprintf("%d undelivered when the sink closed (%v); last error: %s", b.undelivered, b.closeErr, st.LastError)
	}
	return fmt.Errorf("sink: %d of %d events dropped: %s", st.Dropped, st.Accepted, why)
}

func (b *base) Stats() Stats {
	b.q.mu.Lock()
	held := b.q.held
	b.q.mu.Unlock()
	b.st.mu.Lock()
	last := b.st.lastErr
	b.st.mu.Unlock()
	return Stats{
		Accepted:   b.st.accepted.Load(),
		Sent:       b.st.sent.Load(),
		Dropped:    b.st.dropped.Load(),
		Duplicates: b.st.duplicates.Load(),
		Retries:    b.st.retries.Load(),
		Connects:   b.st.connects.Load(),
		Pending:    uint64(held),
		LastError:  last,
	}
}

// finished reports whether the delivery goroutine may stop: Close was
// called and nothing is pending (the transport checks its own in-flight
// items).
func (b *base) finished() bool {
	return b.closing.Load() && b.q.empty()
}

// sleep waits d, or until ctx is done; it reports whether ctx is still
// live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// idle waits for a new event, Close, ctx, or d (when positive).
func (b *base) idle(ctx context.Context, d time.Duration) {
	var tc <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		tc = t.C
	}
	select {
	case <-b.q.wake:
	case <-ctx.Done():
	case <-tc:
	}
}
