package tlsprobe_test

import (
	"net/netip"
	"slices"
	"strings"
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

// foundationConns holds, per server and depth, the connections of the
// scan without the probes past the ServerHello, so that the full scan can
// report what those probes add (extra-conns/op).
var foundationConns = map[string]float64{}

var benchTools = []benchTool{
	{"cryptoscan-inventory-foundation", "", func(b *testing.B, addr netip.AddrPort) (int, int) {
		_, st := probeCfg(b, addr, tlsprobe.FoundationOnly(tlsprobe.Config{Depth: tlsprobe.Inventory}))
		return st.Connections, 0
	}},
	{"cryptoscan-inventory", "", func(b *testing.B, addr netip.AddrPort) (int, int) {
		r, st := probe(b, addr, tlsprobe.Inventory)
		return st.Connections, connectionFloor(r.TLS)
	}},
	{"cryptoscan-compliance-foundation", "", func(b *testing.B, addr netip.AddrPort) (int, int) {
		_, st := probeCfg(b, addr, tlsprobe.FoundationOnly(tlsprobe.Config{Depth: tlsprobe.Compliance}))
		return st.Connections, 0
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
// found. server-cpu-ms/op is the processor time the server's own process
// spent per scan (Linux, /proc): the part of the wall time no client can
// save, since every accepted suite and group costs the server its key
// exchange and signature. The -foundation runs skip the probes past the ServerHello
// (certificates, signature schemes, extensions); the full run after each
// reports what those probes add, extra-conns/op (issue 3's budget: 10 on a
// typical server). openssl s_server -www sleeps a second after refusing a
// client renegotiation ("read R BLOCK"), which the wall time of its full
// runs shows; nginx and GnuTLS do not.
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
					cpu0, cpuErr := srv.CPU()
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
					// What the scans cost the server, once it has seen the
					// last connection close.
					if err := counter.WaitIdle(10 * time.Second); err != nil {
						b.Fatal(err)
					}
					if cpu1, err := srv.CPU(); cpuErr == nil && err == nil {
						b.ReportMetric(float64((cpu1-cpu0).Microseconds())/1000/float64(b.N), "server-cpu-ms/op")
					}
					if floor > 0 {
						b.ReportMetric(float64(floor), "floor")
					}
					conns := float64(counter.Connections()) / float64(b.N)
					b.ReportMetric(conns, "conns/op")
					key, full := sc.name+"/"+strings.TrimSuffix(tool.name, "-foundation"), !strings.HasSuffix(tool.name, "-foundation")
					if f, ok := foundationConns[key]; ok && full && tool.binary == "" {
						b.ReportMetric(conns-f, "extra-conns/op")
					} else if !full {
						foundationConns[key] = conns
					}
					b.ReportMetric(float64(counter.Peak()), "peak-conns")
					if tool.binary == "" {
						b.ReportMetric(float64(self)/float64(b.N), "self-conns/op")
					}
				})
			}
		})
	}
}
