package sshprobe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Servers that count connections. OpenSSH drops unauthenticated
// connections beyond PerSourceMaxStartups from one address, and beyond
// the start of MaxStartups with a probability rising to 1 at its full
// count: it writes "Exceeded MaxStartups" and closes, which a client that
// has sent its identification string sees as a reset. Dropbear closes
// beyond its per-address limit. Such a refusal says nothing of what the
// server would have shown: a connection the server ends before its
// KEXINIT is tried again (retryBackoff), and from the first refusal on,
// the probe's connections to the SSH port run one at a time (gate). A
// fact a refused connection was to show stays unknown: throttled when the
// server answered another connection of the probe, else as classify reads
// the last refusal.

// retryBackoff is the wait before each new attempt of a connection the
// server refused: at most len(retryBackoff) retries. The wait starts once
// no other connection of the probe to the SSH port is open, and none
// opens meanwhile, so that the server's count can drain.
var retryBackoff = []time.Duration{250 * time.Millisecond, time.Second}

// gate admits the probe's connections to the SSH port (not the legacy
// ports, which are other services). Until the server refuses one, any
// number may be open at once (runAll bounds them); from the first refusal
// on, one at a time.
type gate struct {
	mu       sync.Mutex
	open     map[*ticket]struct{}
	changed  chan struct{} // closed and replaced whenever a ticket is returned
	serial   bool          // a connection was refused: one at a time
	answered bool          // a connection read the server's KEXINIT
	beside   bool          // a refused connection was opened beside another of the probe's
	gaveUp   bool          // a connection was refused on every attempt
}

// ticket is one admitted connection, from before its dial until it is
// closed.
type ticket struct {
	g      *gate
	once   sync.Once
	shared bool // another connection of the probe was open meanwhile
}

// enter waits until a connection may be opened and admits it. Return the
// ticket with leave.
func (g *gate) enter(ctx context.Context) (*ticket, error) {
	for {
		g.mu.Lock()
		if g.open == nil {
			g.open = make(map[*ticket]struct{})
			g.changed = make(chan struct{})
		}
		if !g.serial || len(g.open) == 0 {
			t := &ticket{g: g, shared: len(g.open) > 0}
			for o := range g.open {
				o.shared = true
			}
			g.open[t] = struct{}{}
			g.mu.Unlock()
			return t, nil
		}
		changed := g.changed
		g.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// leave returns the ticket; later calls do nothing.
func (t *ticket) leave() {
	t.once.Do(func() {
		g := t.g
		g.mu.Lock()
		defer g.mu.Unlock()
		delete(g.open, t)
		close(g.changed)
		g.changed = make(chan struct{})
	})
}

// refusal records that the server refused the connection of t (already
// closed): from now on, one connection at a time.
func (g *gate) refusal(t *ticket) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.serial = true
	g.beside = g.beside || t.shared
}

// answer records that a connection read the server's KEXINIT (or its
// SSH 1 identification string).
func (g *gate) answer() {
	g.mu.Lock()
	g.answered = true
	g.mu.Unlock()
}

// giveUp records that a connection was refused on every attempt: the
// connections after it are not retried.
func (g *gate) giveUp() {
	g.mu.Lock()
	g.gaveUp = true
	g.mu.Unlock()
}

// givenUp reports whether a connection was refused on every attempt.
func (g *gate) givenUp() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.gaveUp
}

// state says whether the server answered a connection (read its
// KEXINIT, or an SSH 1 identification string), and whether it refused
// one opened while another connection of the probe was open.
func (g *gate) state() (answered, beside bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.answered, g.beside
}

// gatedConn returns its ticket when closed.
type gatedConn struct {
	net.Conn
	t *ticket
}

func (c *gatedConn) Close() error {
	err := c.Conn.Close()
	c.t.leave()
	return err
}

// refused reports whether err, which ended a connection before the
// server's KEXINIT was read, is a refusal: the server reset the
// connection (during the connect too, when it resets what it has just
// accepted) or closed it where a line or a packet would begin, whatever
// lines it sent before ("Exceeded MaxStartups"). A connection refused at
// the connect (no listener), an SSH_MSG_DISCONNECT (the server's own
// words), a malformed or truncated answer, and silence are answers, not
// refusals.
func refused(err error) bool {
	var dial *dialError
	var de *disconnectError
	switch {
	case err == nil, errors.As(err, &de):
		return false
	case errors.As(err, &dial):
		return errors.Is(err, syscall.ECONNRESET)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	return errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF)
}

// refusedError is a connection the server refused on its last attempt.
type refusedError struct {
	err      error // the last attempt's
	attempts int
	// throttled is set when the server answered another connection of
	// the probe: it is refusing, not absent.
	throttled bool
	beside    bool   // it refused a connection opened beside another of the probe's
	why       string // why it was not retried (more), when it was not
}

func (e *refusedError) Error() string {
	var b strings.Builder
	b.WriteString("the server ended the connection before its KEXINIT")
	if e.attempts > 1 {
		fmt.Fprintf(&b, " on %d attempts", e.attempts)
	}
	if e.why != "" {
		b.WriteString(" (" + e.why + ")")
	}
	if e.throttled {
		b.WriteString(", while it answered another connection")
	}
	if e.beside {
		b.WriteString("; it refused connections opened beside others, and the probe then opened them one at a time")
	}
	b.WriteString(": " + e.err.Error())
	return b.String()
}

func (e *refusedError) Unwrap() error { return e.err }
