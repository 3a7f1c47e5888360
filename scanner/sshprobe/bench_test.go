package sshprobe

import (
	"context"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// BenchmarkOpenSSH measures cryptoscan's SSH probe beside ssh-audit (run
// as the conformance tests run it, -j, when installed) against the
// conformance sshd scenarios: wall time per scan (ns/op, median-ms), the
// connections the server saw (conns/op, counted by a proxy in front of
// it, the same way for both tools) and the most open at once
// (peak-conns). (sshd forks a process per connection, so the server's
// processor time is not read here as the TLS benchmark reads it.) The
// legacy services check is off: its ports are not behind the proxy, which
// could not count them, and ssh-audit has no such check. The "none"
// request rides on a key exchange connection, so is counted as it costs:
// no connection.
//
//	go test -run '^$' -bench OpenSSH -benchtime 5x ./scanner/sshprobe/
func BenchmarkOpenSSH(b *testing.B) {
	tools := []struct {
		name string
		run  func(b *testing.B, addr string)
	}{
		{"cryptoscan", func(b *testing.B, addr string) {
			ap := netip.MustParseAddrPort(addr)
			ep := scanner.Endpoint{Host: ap.Addr().String(), IP: ap.Addr(), Port: ap.Port(), Protocol: "ssh", Source: "bench"}
			d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
			if r := New(Config{LegacyPorts: noLegacy}).Probe(context.Background(), ep, d); r.SSH == nil || r.SSH.KexInit != nil {
				b.Fatalf("scan failed: %+v", r)
			}
		}},
		{"ssh-audit", func(b *testing.B, addr string) { peer.SSHAudit(b, addr) }},
	}
	for _, sc := range sshScenarios {
		b.Run(sc.name, func(b *testing.B) {
			srv := startScenario(b, sc)
			counter := peer.CountingProxy(b, srv.Addr)
			for _, tool := range tools {
				b.Run(tool.name, func(b *testing.B) {
					if tool.name != "cryptoscan" && !peer.Installed(tool.name) {
						b.Skipf("%s not installed", tool.name)
					}
					if err := counter.WaitIdle(10 * time.Second); err != nil {
						b.Fatal(err)
					}
					counter.Reset()
					var times []time.Duration
					for b.Loop() {
						start := time.Now()
						tool.run(b, counter.Addr)
						times = append(times, time.Since(start))
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
					if err := counter.WaitIdle(10 * time.Second); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(counter.Connections())/float64(b.N), "conns/op")
					b.ReportMetric(float64(counter.Peak()), "peak-conns")
				})
			}
		})
	}
}
