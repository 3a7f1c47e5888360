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

// TestEndpointDeadline: when the endpoint's deadline passes mid-scan, the
// facts left are unknown with reason timeout (not canceled, which means
// the run was interrupted), and nothing is reported as refused.
func TestEndpointDeadline(t *testing.T) {
	cfg := &tls.Config{Certificates: []tls.Certificate{ecdsaCert(t, elliptic.P256())}, MinVersion: tls.VersionTLS12}
	slow := func(ctx context.Context, c net.Conn) error {
		// Every connection's dialogue takes 50 ms: the scan cannot finish
		// within the endpoint's 200 ms.
		return errors.Join(sleepCtx(ctx, 50*time.Millisecond), readGreeting(ctx, c))
	}
	addr := greetingTLSServer(t, cfg, func(int64) bool { return false })
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "test", SNI: "localhost", Source: "test"}
	var got []scanner.Result
	scanner.Run(context.Background(), scanner.Config{
		Concurrency:     1,
		Limiter:         scanner.NewLimiter(4, nil),
		Timeout:         time.Second,
		EndpointTimeout: 200 * time.Millisecond,
		Upgrades:        func(scanner.Endpoint) func(context.Context, net.Conn) error { return slow },
	}, []scanner.Endpoint{ep}, New(Config{}), func(r scanner.Result) { got = append(got, r) })
	if len(got) != 1 || got[0].TLS == nil {
		t.Fatalf("results %+v", got)
	}
	r := got[0]
	unknown := 0
	for _, f := range r.TLS.Versions {
		switch {
		case f.Status == scanner.StatusUnknown && f.Reason == scanner.ReasonCanceled:
			t.Errorf("%s: unknown (canceled): the run was not interrupted", f.Version)
		case f.Status == scanner.StatusUnknown:
			unknown++
		case f.Status == scanner.NotSupported && (f.Version == scanner.TLSv12 || f.Version == scanner.TLSv13):
			t.Errorf("%s: not supported (%s), yet the server speaks it", f.Version, f.Reason)
		}
	}
	for _, e := range r.TLS.Enumerations {
		if e.Status == scanner.EnumPartial {
			unknown++
			if e.Reason == scanner.ReasonCanceled {
				t.Errorf("%+v: canceled, want timeout", e)
			}
		}
	}
	if unknown == 0 {
		t.Errorf("the deadline left nothing unknown: the test did not stop the scan (%+v)", r.Stats)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
