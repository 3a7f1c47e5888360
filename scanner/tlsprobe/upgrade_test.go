package tlsprobe

import (
	"bufio"
	"context"
	"crypto/elliptic"
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// greetingTLSServer is a crypto/tls server behind a one-line plaintext
// greeting, the shape of every STARTTLS protocol. Connections numbered in
// busy (1-based) get "421 busy" and are closed instead.
func greetingTLSServer(t testing.TB, cfg *tls.Config, busy func(n int64) bool) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var conns atomic.Int64
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := conns.Add(1)
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if busy(n) {
					c.Write([]byte("421 busy\r\n"))
					return
				}
				c.Write([]byte("220 ready\r\n"))
				tls.Server(c, cfg).Handshake()
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

// readGreeting is the Upgrade of the test protocol: one line, 220 or an
// error.
func readGreeting(ctx context.Context, c net.Conn) error {
	line, err := bufio.NewReader(&oneByteReader{c}).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "220 ") {
		return errors.New("server answered " + strings.TrimSpace(line))
	}
	return nil
}

// oneByteReader reads one byte at a time, so the bufio.Reader above never
// consumes bytes past the greeting.
type oneByteReader struct{ c net.Conn }

func (r *oneByteReader) Read(p []byte) (int, error) { return r.c.Read(p[:1]) }

func scanUpgraded(t testing.TB, addr netip.AddrPort) scanner.Result {
	t.Helper()
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "test", SNI: "localhost", Source: "test"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 500 * time.Millisecond, Upgrade: readGreeting}
	r := New(Config{}).Probe(context.Background(), ep, d)
	r.Stats = d.Stats()
	return r
}

func TestScanThroughUpgrade(t *testing.T) {
	cfg := &tls.Config{Certificates: []tls.Certificate{ecdsaCert(t, elliptic.P256())}, MinVersion: tls.VersionTLS12}
	plain := scanUpgraded(t, greetingTLSServer(t, cfg, func(int64) bool { return false }))
	wantVersions(t, plain, scanner.TLSv12, scanner.TLSv13)
	if plain.Error != nil {
		t.Fatalf("endpoint error %v", plain.Error)
	}

	// A server that answers busy on one connection in five: the control
	// and the retry after a backoff recover every fact, so the observation
	// is the same; a busy answer is never read as a refusal.
	busy := scanUpgraded(t, greetingTLSServer(t, cfg, func(n int64) bool { return n%5 == 3 }))
	if busy.Stats.Errors == 0 {
		t.Fatalf("no probe met a busy answer (stats %+v)", busy.Stats)
	}
	for _, f := range busy.TLS.Versions {
		if want := versionStatus(plain)[f.Version]; f.Status != want {
			t.Errorf("%s: %s (%s) through busy answers, %s without", f.Version, f.Status, f.Reason, want)
		}
	}
	for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv13} {
		if got, want := sorted(suitesOf(busy, v)), sorted(suitesOf(plain, v)); !slices.Equal(got, want) {
			t.Errorf("%s suites through busy answers %04X, want %04X (%+v)", v, got, want, enumOf(busy, v, scanner.EnumCipherSuites))
		}
	}
}
