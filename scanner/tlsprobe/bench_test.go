package tlsprobe_test

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// benchTool is one scanner measured against the conformance servers.
type benchTool struct {
	name   string
	binary string // "" for cryptoscan itself
	// run scans addr once and returns the connections the tool says it
	// made (-1 when it does not say) and, for cryptoscan inventory, the
	// floor: the fewest connections the protocol allows for what was found.
	run func(b *testing.B, addr netip.AddrPort) (self, floor int)
}

// connectionFloor is Σ over the six versions of (accepted suites + 1),
// plus Σ over the versions whose groups were enumerated of (accepted
// groups + 1): one accepted item per handshake, one refusal per list.
func connectionFloor(obs *scanner.TLSObservation) int {
	floor := len(obs.CipherSuites) + len(obs.Versions)
	for _, e := range obs.Enumerations {
		if e.Kind == scanner.EnumGroups && e.Status != scanner.EnumNotTested {
			floor++
			for _, g := range obs.Groups {
				if g.Version == e.Version {
					floor++
				}
			}
		}
	}
	return floor
}

var benchTools = []benchTool{
	{"cryptoscan-inventory", "", func(b *testing.B, addr netip.AddrPort) (int, int) {
		r, st := probe(b, addr, tlsprobe.Inventory)
		return st.Connections, connectionFloor(r.TLS)
	}},
	{"cryptoscan-compliance", "", func(b *testing.B, addr netip.AddrPort) (int, int) {
		_, st := probe(b, addr, tlsprobe.Compliance)
		return st.Connections, 0
	}},
	{"sslscan", "sslscan", func(b *testing.B, addr netip.AddrPort) (int, int) {
		peer.Sslscan(b, addr.String())
		return -1, 0
	}},
	{"nmap", "nmap", func(b *testing.B, addr netip.AddrPort) (int, int) {
		peer.Nmap(b, addr.String())
		return -1, 0
	}},
}

// BenchmarkConformance measures every tool against every conformance
// server: wall time (ns/op) and the connections the server saw (conns/op,
// counted by a proxy in front of it, the same way for every tool), plus
// the most connections open at once (peak-conns) and, for cryptoscan, its
// own count (self-conns/op, which must equal conns/op). Each server starts
// once and serves all the tools in turn. median-ms is the median wall time
// of one scan; floor (cryptoscan inventory) is connectionFloor of what it
// found.
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
					self, floor := 0, 0
					var times []time.Duration
					for b.Loop() {
						start := time.Now()
						n, f := tool.run(b, counter.AddrPort())
						times = append(times, time.Since(start))
						self += n
						floor = f
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
					if floor > 0 {
						b.ReportMetric(float64(floor), "floor")
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
