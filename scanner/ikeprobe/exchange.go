package ikeprobe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// nonESPMarker precedes every IKE message on a NAT-T port (RFC 3948,
// Section 2.2).
var nonESPMarker = []byte{0, 0, 0, 0}

// exchanger runs request/answer exchanges with one responder: each on a
// UDP socket of its own opened through the run's Dialer (the per-IP
// limiter), the request sent again after a quarter and after half of the
// timeout while no answer came, given up at the timeout.
type exchanger struct {
	d       *scanner.Dialer
	addr    netip.AddrPort
	natt    bool // frame with the non-ESP marker
	timeout time.Duration
	rand    io.Reader
	// inFlight admits the exchanges under way, at most maxInFlight.
	inFlight chan struct{}
	record   func([]byte)

	mu        sync.Mutex
	exchanges int // requests sent, retransmissions aside
	sent      int // datagrams sent
	// next is the earliest time of the next request: a request waits,
	// after the last answer, as long as that answer took (at most
	// maxPause). A responder keeps each request's SA until its answer's
	// job ends; under load that lags, and strongSwan counts the lagging
	// ones towards its cookie threshold.
	next time.Time
}

// maxPause bounds the wait between two requests.
const maxPause = 100 * time.Millisecond

// maxInFlight bounds the requests under way to one responder, below the
// per-IP limiter's cap: strongSwan (5.9, charon.cookie_threshold_ip = 3)
// demands cookies for 10 seconds once three IKE_SA_INITs from one address
// are half-open or waiting to be processed, which a request answered
// INVALID_KE_PAYLOAD is for the moment it takes. With one request at a
// time, the one just answered and not yet destroyed and the next stay
// below. (With two, charon's log showed COOKIE in about half of the
// conformance runs.)
const maxInFlight = 1

// errTimeout is an exchange no datagram answered.
var errTimeout = errors.New("no answer")

// errUnreachable is an ICMP port unreachable answering the request.
var errUnreachable = errors.New("ICMP port unreachable: nothing listens on the port")

// exchange sends req and returns the first answer that parses and that
// match accepts. Datagrams that do not parse or do not match are ignored
// (a responder retransmitting an older answer, spoofed noise); the last
// such is reported when nothing else comes.
func (e *exchanger) exchange(ctx context.Context, req []byte, match func(*message) bool) (*message, error) {
	return e.exchangeOn(ctx, nil, req, e.timeout, match)
}

// exchangeOn is exchange on conn, a socket that stays open for the
// exchanges of one IKE SA (responders such as Libreswan find an SA by
// its peer's address and port as well as its SPIs), or on a socket of
// its own when conn is nil; timeout replaces the exchanger's.
func (e *exchanger) exchangeOn(ctx context.Context, conn net.Conn, req []byte, timeout time.Duration, match func(*message) bool) (*message, error) {
	select {
	case e.inFlight <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-e.inFlight }()
	e.mu.Lock()
	wait := time.Until(e.next)
	e.exchanges++
	e.mu.Unlock()
	if wait > 0 && !scanner.Sleep(ctx, wait) {
		return nil, ctx.Err()
	}
	if conn == nil {
		c, err := e.d.DialUDP(ctx, e.addr)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		conn = c
	}
	if e.natt {
		req = append(slices.Clip(nonESPMarker), req...)
	}
	start := time.Now()
	deadline := start.Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	resends := []time.Time{start.Add(timeout / 4), start.Add(timeout / 2)}
	// A datagram is at most 64 KiB: one byte more shows truncation.
	buf := make([]byte, maxDatagram+len(nonESPMarker)+1)
	var ignored error
	send := func() error {
		e.mu.Lock()
		e.sent++
		e.mu.Unlock()
		_, err := conn.Write(req)
		return err
	}
	if err := send(); err != nil {
		return nil, fmt.Errorf("failed to send: %w", err)
	}
	for {
		wake := deadline
		if len(resends) > 0 && resends[0].Before(wake) {
			wake = resends[0]
		}
		if err := conn.SetReadDeadline(wake); err != nil {
			return nil, err
		}
		n, err := conn.Read(buf)
		if err != nil {
			if errors.Is(err, syscall.ECONNREFUSED) {
				return nil, errUnreachable
			}
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				return nil, fmt.Errorf("failed to read: %w", err)
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if !time.Now().Before(deadline) {
				if ignored != nil {
					return nil, ignored
				}
				return nil, errTimeout
			}
			if len(resends) > 0 && !time.Now().Before(resends[0]) {
				resends = resends[1:]
				if err := send(); err != nil {
					return nil, fmt.Errorf("failed to send: %w", err)
				}
			}
			continue
		}
		d := buf[:n]
		if e.record != nil {
			e.record(slices.Clone(d))
		}
		if n == len(buf) {
			ignored = &malformedError{"a datagram larger than 64 KiB"}
			continue
		}
		if e.natt {
			if len(d) < len(nonESPMarker) || [4]byte(d[:4]) != [4]byte(nonESPMarker) {
				ignored = &malformedError{"a datagram without the non-ESP marker on a NAT-T port"}
				continue
			}
			d = d[len(nonESPMarker):]
		}
		var m message
		if !m.unmarshal(d) {
			ignored = &malformedError{fmt.Sprintf("a datagram of %d bytes that is no IKE message", len(d))}
			continue
		}
		if !match(&m) {
			ignored = &malformedError{"an IKE message for another exchange"}
			continue
		}
		e.mu.Lock()
		e.next = time.Now().Add(min(time.Since(start), maxPause))
		e.mu.Unlock()
		return &m, nil
	}
}

// malformedError is an answer that did not parse or did not belong.
type malformedError struct{ what string }

func (e *malformedError) Error() string { return "malformed answer: " + e.what }

// reasonOf classifies an exchange error.
func reasonOf(err error) scanner.Reason {
	var me *malformedError
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return scanner.ReasonCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, errTimeout):
		return scanner.ReasonTimeout
	case errors.Is(err, errUnreachable):
		return scanner.ReasonUnreachable
	case errors.As(err, &me):
		return scanner.ReasonMalformed
	case errors.As(err, &ne) && ne.Timeout():
		return scanner.ReasonTimeout
	}
	return scanner.ReasonUnreachable
}

func (e *exchanger) readRand(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(e.rand, b); err != nil {
		return nil, fmt.Errorf("no randomness: %w", err)
	}
	return b, nil
}

// newSPI is a fresh non-zero initiator SPI.
func (e *exchanger) newSPI() (uint64, error) {
	b, err := e.readRand(8)
	if err != nil {
		return 0, err
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	if v == 0 {
		v = 1
	}
	return v, nil
}

// lockedReader serialises reads: a deterministic test reader is rarely
// safe for concurrent use, and the exchanges run in parallel.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}
