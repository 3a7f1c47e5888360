// Package peer runs real TLS servers (OpenSSL s_server, nginx, gnutls-serv)
// and second-opinion scanners (sslscan, nmap) on the loopback interface for
// conformance tests and benchmarks, and derives the expected facts from the
// servers' own configuration tools (openssl ciphers, gnutls-cli --list).
//
// It is test support: only tests and benchmarks import it. Every server
// listens on 127.0.0.1 (gnutls-serv, which cannot choose its address, runs
// in a network namespace of its own), every helper refuses a non-loopback
// address, and every process is killed and waited for by t.Cleanup.
package peer

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// RequireEnv names the environment variable that turns a missing peer into
// a test failure instead of a skip (CI sets it to 1).
const RequireEnv = "CRYPTOSCAN_REQUIRE_PEERS"

// startTimeout bounds how long a server may take to accept connections.
const startTimeout = 15 * time.Second

// Server is a running peer.
type Server struct {
	// Addr is the 127.0.0.1:port to dial.
	Addr string
	// Name is the program ("openssl", "nginx", "gnutls-serv").
	Name string
	// Args is the command line the server runs with, for logs.
	Args []string

	out *tail
	pid int // the server's process (0 when it runs in another one)
}

// CPU is the processor time the server's process has used so far, every
// thread counted (Linux only). The benchmark reads it around a scan, for
// what the scan cost the server.
func (s *Server) CPU() (time.Duration, error) {
	if s.pid == 0 {
		return 0, fmt.Errorf("%s runs in no process of its own", s.Name)
	}
	return processCPU(s.pid)
}

// AddrPort is Addr parsed.
func (s *Server) AddrPort() netip.AddrPort { return netip.MustParseAddrPort(s.Addr) }

// Port is the TCP port of Addr.
func (s *Server) Port() uint16 { return s.AddrPort().Port() }

// Output is the tail of what the server wrote on stdout and stderr.
func (s *Server) Output() string { return s.out.String() }

// Require skips the test when binary is not installed, or fails it when
// CRYPTOSCAN_REQUIRE_PEERS=1. It returns the binary's path.
func Require(t testing.TB, binary string) string {
	t.Helper()
	p, err := lookPath(binary)
	if err != nil {
		missing(t, fmt.Sprintf("%s not installed: %v", binary, err))
	}
	return p
}

// Installed reports whether binary can be run, for optional steps (a
// second opinion) that should not skip the whole test.
func Installed(binary string) bool {
	_, err := lookPath(binary)
	return err == nil
}

// lookPath finds binary in PATH, then in the sbin directories a non-root
// PATH often lacks (nginx is /usr/sbin/nginx).
func lookPath(binary string) (string, error) {
	p, err := exec.LookPath(binary)
	if err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		if q, err2 := exec.LookPath(dir + "/" + binary); err2 == nil {
			return q, nil
		}
	}
	return "", err
}

// missing skips or fails the test for a peer that cannot run here.
func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("peer required (%s=1): %s", RequireEnv, why)
	}
	t.Skipf("peer unavailable: %s (set %s=1 to fail instead)", why, RequireEnv)
}

// checkLoopback fails the test unless addr is host:port with a loopback IP
// literal: no helper here ever touches another address.
func checkLoopback(t testing.TB, addr string) netip.AddrPort {
	t.Helper()
	ap, err := netip.ParseAddrPort(addr)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		t.Fatalf("peer: %q is not a loopback ip:port", addr)
	}
	return ap
}

// tail keeps the last max bytes written to it; safe for concurrent use.
type tail struct {
	mu      sync.Mutex
	max     int
	buf     []byte
	dropped bool
	onLine  func(line string) // called with each complete line, under mu
	partial []byte
}

func newTail(max int) *tail { return &tail{max: max} }

func (w *tail) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if len(w.buf) > w.max {
		w.buf = append(w.buf[:0], w.buf[len(w.buf)-w.max:]...)
		w.dropped = true
	}
	if w.onLine != nil {
		w.partial = append(w.partial, p...)
		for {
			i := bytes.IndexByte(w.partial, '\n')
			if i < 0 {
				break
			}
			w.onLine(strings.TrimRight(string(w.partial[:i]), "\r"))
			w.partial = w.partial[i+1:]
		}
		if len(w.partial) > 4096 {
			w.partial = w.partial[:0]
		}
	}
	return len(p), nil
}

func (w *tail) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dropped {
		return "[...]\n" + string(w.buf)
	}
	return string(w.buf)
}

// process is a started server process.
type process struct {
	cmd  *exec.Cmd
	out  *tail
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, valid after done
}

// start runs cmd with stdout and stderr into out, kills it and waits for it
// on cleanup, and logs its output when the test failed.
func start(t testing.TB, cmd *exec.Cmd, out *tail) (*process, error) {
	t.Helper()
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.WaitDelay = 2 * time.Second
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = sysProcAttr()
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", strings.Join(cmd.Args, " "), err)
	}
	p := &process{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("peer %s output:\n%s", strings.Join(cmd.Args, " "), out.String())
		}
	})
	return p, nil
}

// exited reports whether the process has exited, and how.
func (p *process) exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// waitAccepting polls dial until a connection succeeds, the process exits,
// or startTimeout passes. The successful connection is closed at once.
func waitAccepting(p *process, dial func(ctx context.Context) (net.Conn, error)) error {
	deadline := time.Now().Add(startTimeout)
	delay := 5 * time.Millisecond
	for {
		if done, err := p.exited(); done {
			return fmt.Errorf("exited before accepting connections: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := dial(ctx)
		cancel()
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not accepting connections after %v: %w", startTimeout, err)
		}
		select {
		case <-p.done:
		case <-time.After(delay):
		}
		if delay < 100*time.Millisecond {
			delay *= 2
		}
	}
}

// dialTCP dials addr on the loopback interface.
func dialTCP(addr string) func(ctx context.Context) (net.Conn, error) {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}
}

// freePort returns a TCP port that was free on 127.0.0.1 a moment ago, for
// servers that cannot listen on port 0 and report the port they got.
func freePort(t testing.TB) uint16 {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("peer: find a free port: %v", err)
	}
	defer l.Close()
	return netip.MustParseAddrPort(l.Addr().String()).Port()
}
