package starttls_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/starttls"
)

// TestDialerUpgrade: the upgrade plugged into scanner.Dialer. The Dialer
// counts every connection, upgraded or refused; a refusal comes back as a
// *scanner.UpgradeError wrapping the *starttls.Refusal, and frees the
// limiter's slot.
func TestDialerUpgrade(t *testing.T) {
	ctx := context.Background()
	limiter := scanner.NewLimiter(1, nil)
	dialer := func(proto string) *scanner.Dialer {
		up, err := starttls.Upgrader(proto, starttls.TestOptions)
		if err != nil {
			t.Fatal(err)
		}
		return &scanner.Dialer{Limiter: limiter, Timeout: 5 * time.Second, Upgrade: up}
	}

	t.Run("upgraded", func(t *testing.T) {
		for _, proto := range starttls.Protocols() {
			d := dialer(proto)
			addr := netip.MustParseAddrPort(starttls.ScriptedServer(t, proto, "ok"))
			c, err := d.Dial(ctx, addr)
			if err != nil {
				t.Fatalf("%s: %v", proto, err)
			}
			tc := tls.Client(c, &tls.Config{ServerName: "localhost", RootCAs: starttls.FakeRoots()})
			tc.SetDeadline(time.Now().Add(5 * time.Second))
			line := make([]byte, len("hello over tls\n"))
			if _, err := io.ReadFull(tc, line); err != nil {
				t.Fatalf("%s: TLS over the upgraded connection: %v", proto, err)
			}
			c.Close() // frees the only slot for the next protocol
			if got := d.Stats().Connections; got != 1 {
				t.Errorf("%s: %d connections counted, want 1", proto, got)
			}
		}
	})

	t.Run("busy", func(t *testing.T) {
		d := dialer("smtp")
		addr := netip.MustParseAddrPort(starttls.ScriptedServer(t, "smtp", "busy"))
		for i := range 2 { // the slot is freed after a refusal: a second dial gets it
			_, err := d.Dial(ctx, addr)
			var ue *scanner.UpgradeError
			var r *starttls.Refusal
			if !errors.As(err, &ue) || !errors.As(err, &r) {
				t.Fatalf("dial %d: got %v (%T), want an UpgradeError wrapping a Refusal", i, err, err)
			}
			if !r.Busy() || r.NotOffered() || r.Code != "421" {
				t.Errorf("dial %d: %v: want busy 421", i, r)
			}
		}
		if got := d.Stats().Connections; got != 2 {
			t.Errorf("%d connections counted, want 2", got)
		}
	})

	t.Run("not offered", func(t *testing.T) {
		_, err := dialer("postgres").Dial(ctx, netip.MustParseAddrPort(starttls.ScriptedServer(t, "postgres", "not-offered")))
		var r *starttls.Refusal
		if !errors.As(err, &r) || !r.NotOffered() {
			t.Fatalf("got %v, want a not-offered Refusal", err)
		}
	})

	t.Run("silent", func(t *testing.T) {
		up, _ := starttls.Upgrader("imap", starttls.TestOptions)
		d := &scanner.Dialer{Limiter: limiter, Timeout: 200 * time.Millisecond, Upgrade: up}
		start := time.Now()
		_, err := d.Dial(ctx, netip.MustParseAddrPort(starttls.ScriptedServer(t, "imap", "silent")))
		var ue *scanner.UpgradeError
		var ne net.Error
		if !errors.As(err, &ue) || !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("got %v, want an UpgradeError wrapping a timeout", err)
		}
		if !errors.Is(err, os.ErrDeadlineExceeded) && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%v: want a deadline error", err)
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("took %v for a 200ms timeout", time.Since(start))
		}
	})
}
