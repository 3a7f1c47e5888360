package tlsprobe_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// benchTool is one scanner measured against the conformance servers.
type benchTool struct {
	name   string
	binary string // "" for cryptoscan itself
	// run scans addr once and returns the connections the tool says it
	// made (-1 when it does not say).
	run func(b *testing.B, addr netip.AddrPort) int
}

var benchTools = []benchTool{
	{"cryptoscan-inventory", "", func(b *testing.B, addr netip.AddrPort) int {
		_, st := probe(b, addr, tlsprobe.Inventory)
		return st.Connections
	}},
	{"cryptoscan-compliance", "", func(b *testing.B, addr netip.AddrPort) int {
		_, st := probe(b, addr, tlsprobe.Compliance)
		return st.Connections
	}},
	{"sslscan", "sslscan", func(b *testing.B, addr netip.AddrPort) int {
		peer.Sslscan(b, addr.String())
		return -1
	}},
	{"nmap", "nmap", func(b *testing.B, addr netip.AddrPort) int {
		peer.Nmap(b, addr.String())
		return -1
	}},
}

// BenchmarkConformance measures every tool against every conformance
// server: wall time (ns/op) and the connections the server saw (conns/op,
// counted by a proxy in front of it, the same way for every tool), plus
// the most connections open at once (peak-conns) and, for cryptoscan, its
// own count (self-conns/op, which must equal conns/op). Each server starts
// once and serves all the tools in turn.
//
//	go test -run '^$' -bench Conformance -benchtime 5x ./scanner/tlsprobe/
func BenchmarkConformance(b *testing.B) {
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			srv := sc.start(b)
			counter := peer.CountingProxy(b, srv.Addr)
			for _, tool := range benchTools {
				b.Run(tool.name, func(b *testing.B) {
					if tool.binary != "" && !peer.Installed(tool.binary) {
						b.Skipf("%s not installed", tool.binary)
					}
					// The previous tool's last connections may still be
					// closing at the server.
					if err := counter.WaitIdle(10 * time.Second); err != nil {
						b.Fatal(err)
					}
					counter.Reset()
					self := 0
					for b.Loop() {
						self += tool.run(b, counter.AddrPort())
					}
					b.ReportMetric(float64(counter.Connections())/float64(b.N), "conns/op")
					b.ReportMetric(float64(counter.Peak()), "peak-conns")
					if tool.binary == "" {
						b.ReportMetric(float64(self)/float64(b.N), "self-conns/op")
					}
				})
			}
		})
	}
}
