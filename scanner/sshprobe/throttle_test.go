package sshprobe

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Servers that count connections, as OpenSSH's MaxStartups and
// PerSourceMaxStartups do: whatever they refuse, the probe reports the
// facts an unthrottled server shows, or leaves them unknown with a
// reason; never other facts. The connections counted are the server's.

// countingServer refuses every connection refuse picks as OpenSSH does
// beyond MaxStartups: it reads the client's identification string (so
// that the client's connect has returned), writes "Exceeded
// MaxStartups" and resets the connection (SO_LINGER 0), before any
// identification string of its own. It serves the others with handle.
// refuse is given the connection's number, from 1, and how many others
// are open. It logs every connection it accepted.
type countingServer struct {
	*listener
	mu       sync.Mutex
	open     int
	accepted []acceptedConn
}

// acceptedConn is one connection a countingServer accepted.
type acceptedConn struct {
	at     time.Time
	others int // the other connections open then
	reset  bool
}

func newCountingServer(t testing.TB, refuse func(n, others int) bool, handle func(c net.Conn)) *countingServer {
	t.Helper()
	s := &countingServer{}
	s.listener = serve(t, func(c net.Conn) {
		s.mu.Lock()
		a := acceptedConn{at: time.Now(), others: s.open}
		a.reset = refuse(len(s.accepted)+1, s.open)
		s.accepted = append(s.accepted, a)
		s.open++
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.open--
			s.mu.Unlock()
		}()
		if a.reset {
			readClientLine(c)
			c.Write([]byte("Exceeded MaxStartups\r\n"))
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
			return
		}
		handle(c)
	})
	return s
}

// log is a copy of the connections accepted so far.
func (s *countingServer) log() []acceptedConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.accepted)
}

// resets counts the connections reset.
func (s *countingServer) resets() int {
	n := 0
	for _, a := range s.log() {
		if a.reset {
			n++
		}
	}
	return n
}

// everySecondConcurrent resets every second connection accepted while
// another is open.
func everySecondConcurrent() func(n, others int) bool {
	concurrent := 0
	return func(_, others int) bool {
		if others == 0 {
			return false
		}
		concurrent++
		return concurrent%2 == 0
	}
}

// throttleConfig is TestXCryptoServer's server: four keys (Ed25519,
// ECDSA, RSA and an RSA certificate) and a group exchange, five
// connections when nothing is refused; anyone is let in on "none".
func throttleConfig(t testing.TB) (ssh.ServerConfig, []ssh.Signer) {
	k := keys(t)
	cfg := ssh.ServerConfig{NoClientAuth: true, Config: ssh.Config{
		KeyExchanges: []string{"curve25519-sha256", "ecdh-sha2-nistp256", "diffie-hellman-group-exchange-sha256"},
		Ciphers:      []string{"aes256-gcm@openssh.com", "aes128-ctr"},
		MACs:         []string{"hmac-sha2-256-etm@openssh.com", "hmac-sha2-512"},
	}}
	return cfg, []ssh.Signer{k.ed25519, k.ecdsa256, k.rsa2048, k.rsaCert}
}

// The facts are those the same server shows when it refuses nothing; the
// connections it reset cost one more each, counted, and from the first
// on the probe's connections do not overlap.
func TestResetEverySecondConcurrent(t *testing.T) {
	cfg, signers := throttleConfig(t)
	want := probe(t, xServer(t, cfg, signers...).addr, 5*time.Second)
	if want.Error != nil || want.Stats.Connections != 5 || want.Stats.Errors != 0 {
		t.Fatalf("unthrottled: %s", dump(want))
	}
	srv := newCountingServer(t, everySecondConcurrent(), xHandler(cfg, signers...))
	start := time.Now()
	r := probe(t, srv.addr, 5*time.Second)
	elapsed := time.Since(start)
	if got, want := dump(r.SSH), dump(want.SSH); got != want {
		t.Errorf("observation\n%s\nwant (unthrottled)\n%s", got, want)
	}
	if r.Error != nil {
		t.Errorf("error %v", r.Error)
	}
	log := srv.log()
	resets := srv.resets()
	// The first connection is alone; the three opened beside it are
	// concurrent, and the second of them is reset.
	if resets == 0 {
		t.Fatalf("no connection reset: %+v", log)
	}
	if r.Stats.Connections != 5+resets || len(log) != r.Stats.Connections || r.Stats.Errors != resets {
		t.Errorf("stats %+v, server accepted %d and reset %d; want %d connections and %d errors", r.Stats, len(log), resets, 5+resets, resets)
	}
	// Connections admitted before the refusal may still be opening; a
	// retry waits 250 ms with none open, and every connection after it
	// is alone.
	first := slices.IndexFunc(log, func(a acceptedConn) bool { return a.reset })
	after := 0
	for _, a := range log[first+1:] {
		if a.at.Sub(log[first].at) < retryBackoff[0]*4/5 {
			continue
		}
		after++
		if a.others != 0 {
			t.Errorf("a connection accepted %v after the refusal, with %d others open", a.at.Sub(log[first].at), a.others)
		}
	}
	if after == 0 {
		t.Errorf("no connection after the backoff: %+v", log)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

// A server that resets every connection shows nothing: the first
// connection is tried three times, its reason is the refusal's (reset:
// nothing was ever answered), within the backoff and a deadline.
func TestResetEverything(t *testing.T) {
	srv := newCountingServer(t, func(int, int) bool { return true }, nil)
	for _, c := range []struct {
		name     string
		deadline time.Duration // of the endpoint; 0 for none
		attempts int
		detail   string
		took     time.Duration // at least
	}{
		{"no deadline", 0, 3, "the server ended the connection before its KEXINIT on 3 attempts: failed to ", 1250 * time.Millisecond},
		{"a deadline before the second retry", 600 * time.Millisecond, 2,
			"the server ended the connection before its KEXINIT on 2 attempts (not retried: the endpoint's deadline comes first): failed to ", 250 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := len(srv.log())
			ctx := context.Background()
			if c.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, c.deadline)
				defer cancel()
			}
			d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second}
			ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}
			start := time.Now()
			r := New(Config{LegacyPorts: noLegacy}).Probe(ctx, ep, d)
			elapsed := time.Since(start)
			o := r.SSH
			if r.Error == nil || r.Error.Reason != scanner.ReasonReset || !strings.HasPrefix(r.Error.Detail, c.detail) {
				t.Errorf("error %+v, want reset: %s...", r.Error, c.detail)
			}
			if o == nil || o.KexInit == nil || *o.KexInit != *r.Error || o.Banner != "" || len(o.HostKeys) != 0 || o.GroupExchange != nil || o.Auth != nil {
				t.Errorf("observation %s", dump(o))
			}
			accepted := len(srv.log()) - before
			if r.Stats.Connections != c.attempts || r.Stats.Errors != c.attempts || accepted != c.attempts {
				t.Errorf("stats %+v, server accepted %d, want %d attempts", r.Stats, accepted, c.attempts)
			}
			if elapsed < c.took || elapsed > c.took+500*time.Millisecond {
				t.Errorf("took %v, want %v and little more", elapsed, c.took)
			}
		})
	}
}

// A server that answers the first connection and resets every later one:
// what the first showed is a fact, the rest is unknown, throttled (the
// server answered, it is refusing), and says the server refused
// connections opened beside another. Once one connection was refused on
// every attempt, the others are not retried: the time stays bounded.
func TestAnswersFirstOnly(t *testing.T) {
	cfg, signers := throttleConfig(t)
	want := probe(t, xServer(t, cfg, signers...).addr, 5*time.Second)
	srv := newCountingServer(t, func(n, _ int) bool { return n > 1 }, xHandler(cfg, signers...))
	start := time.Now()
	r := probe(t, srv.addr, 5*time.Second)
	elapsed := time.Since(start)
	o := r.SSH
	if r.Error != nil || o.KexInit != nil {
		t.Fatalf("%s", dump(r))
	}
	w := want.SSH
	if !slices.Equal(o.Kex, w.Kex) || !slices.Equal(o.HostKeyAlgorithms, w.HostKeyAlgorithms) || o.Banner != w.Banner {
		t.Errorf("lists %s, want %s", dump(o), dump(w))
	}
	if dump(o.Auth) != dump(w.Auth) {
		t.Errorf("auth %s, want %s", dump(o.Auth), dump(w.Auth))
	}
	if len(o.HostKeys) != len(w.HostKeys) {
		t.Fatalf("host keys %s", dump(o.HostKeys))
	}
	throttled := func(what string, status scanner.Status, reason scanner.Reason, detail string) {
		t.Helper()
		for _, s := range []string{"before its KEXINIT", "while it answered another connection", "it refused connections opened beside others"} {
			if !strings.Contains(detail, s) {
				t.Errorf("%s: detail %q lacks %q", what, detail, s)
			}
		}
		if status != scanner.StatusUnknown || reason != scanner.ReasonThrottled {
			t.Errorf("%s: %s %s, want unknown throttled", what, status, reason)
		}
	}
	for i, h := range o.HostKeys {
		if i == 0 {
			// Ed25519, shown on the first connection.
			if dump(h) != dump(w.HostKeys[0]) {
				t.Errorf("host key %s, want %s", dump(h), dump(w.HostKeys[0]))
			}
			continue
		}
		throttled(h.Algorithm, h.Status, h.Reason, h.Detail)
	}
	if gx := o.GroupExchange; gx == nil {
		t.Error("no group exchange")
	} else {
		throttled("group exchange", gx.Status, gx.Reason, gx.Detail)
	}
	accepted := len(srv.log())
	// The first connection, then three attempts of one other connection
	// at most and of every other one.
	if r.Stats.Connections != accepted || r.Stats.Errors != accepted-1 || accepted < 1+3 || accepted > 1+4*3 {
		t.Errorf("stats %+v, server accepted %d", r.Stats, accepted)
	}
	// Four connections refused; each retry waits with none open.
	if elapsed > 3*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

// Against OpenSSH that drops the connections of one client beyond one
// unauthenticated at a time, the facts are those its configuration
// implies, as the unthrottled conformance test derives them; the
// connections the server saw are the unthrottled count plus one per
// connection sshd dropped, each an error. (sshd logs only the first drop
// of a throttling period, "drop connection #1", and the count when the
// period ends, if it does before the test: its log does not count them.)
func TestOpenSSHThrottled(t *testing.T) {
	for _, limit := range []string{
		"PerSourceMaxStartups 1", // OpenSSH 8.5 and later
		"MaxStartups 1:100:1",    // beyond 1 unauthenticated connection, drop 100%
	} {
		for _, sc := range sshScenarios {
			t.Run(strings.Fields(limit)[0]+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				sc.config = append(slices.Clone(sc.config), limit)
				srv := startScenario(t, sc)
				want := expectOpenSSH(t, srv)
				proxy := peer.CountingProxy(t, srv.Addr)
				d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
				ap := proxy.AddrPort()
				ep := scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "ssh", Source: "argument"}
				r := New(Config{LegacyPorts: noLegacy}).Probe(context.Background(), ep, d)
				t.Logf("stats %+v", r.Stats)
				checkOpenSSH(t, r, want)
				if err := proxy.WaitIdle(5 * time.Second); err != nil {
					t.Error(err)
				}
				// The probe opens the other connections while the first
				// is in its key exchange: sshd drops at least one.
				got := proxy.Connections()
				if r.Stats.Errors == 0 || got != r.Stats.Connections || got != want.conns+r.Stats.Errors {
					t.Errorf("connections: server saw %d, probe counted %d with %d errors; want %d and one per drop", got, r.Stats.Connections, r.Stats.Errors, want.conns)
				}
			})
		}
	}
}

// What ends a connection before the server's KEXINIT: a refusal is a
// reset or an end of stream where a line or a packet would begin, and
// nothing else.
func TestRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"reset before the banner", fmt.Errorf("failed to read the identification string: %w", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), true},
		{"reset during the connect", &dialError{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNRESET)}}, true},
		{"broken pipe sending ours", fmt.Errorf("failed to send the identification string: %w", syscall.EPIPE), true},
		{"closed before the banner", fmt.Errorf("failed to read the identification string: %w", io.EOF), true},
		{"closed before the KEXINIT", fmt.Errorf("failed to read the server's KEXINIT: failed to read a packet: %w", io.EOF), true},
		{"closed inside a line", fmt.Errorf("failed to read the identification string: %w", io.ErrUnexpectedEOF), false},
		{"closed inside a packet", fmt.Errorf("failed to read a packet of 300 bytes: %w", io.ErrUnexpectedEOF), false},
		{"connection refused", &dialError{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}, false},
		{"a disconnect message", &disconnectError{disconnectMsg{reason: 2, description: "Too many connections"}}, false},
		{"malformed", malformed("a line longer than 255 bytes"), false},
		{"silence", fmt.Errorf("failed to read the identification string: %w", os.ErrDeadlineExceeded), false},
		{"no error", nil, false},
	} {
		if got := refused(c.err); got != c.want {
			t.Errorf("%s (%v): refused %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
