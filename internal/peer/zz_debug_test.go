package peer

import (
	"context"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func TestZZDebugGnuTLS(t *testing.T) {
	srv := GnuTLS(t, "NORMAL:+ARCFOUR-128:+3DES-CBC")
	ctr := CountingProxy(t, srv.Addr)
	for i := 0; i < 3; i++ {
		ctr.Reset()
		ap := ctr.AddrPort()
		ep := scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "tls", Source: "test"}
		d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
		begin := time.Now()
		r := tlsprobe.New(tlsprobe.Config{}).Probe(context.Background(), ep, d)
		t.Logf("cryptoscan: %v conns=%d self=%d peak=%d errors=%d", time.Since(begin), ctr.Connections(), d.Stats().Connections, ctr.Peak(), d.Stats().Errors)
		for _, o := range r.TLS.ServerOrder {
			t.Logf("  order %+v", o)
		}
		ctr.WaitIdle(5 * time.Second)
		ctr.Reset()
		s := Sslscan(t, ctr.Addr)
		t.Logf("sslscan: %v conns=%d peak=%d", s.Duration, ctr.Connections(), ctr.Peak())
	}
}
