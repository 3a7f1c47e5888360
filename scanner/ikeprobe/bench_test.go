package ikeprobe

import (
	"slices"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// BenchmarkStrongSwan measures the probe beside ike-scan against the
// conformance charon scenarios: wall time per scan (ns/op, median-ms) and
// the requests charon parsed (requests/op, from its log: IKE_SA_INIT and
// Main Mode requests, retransmissions included, as the server saw them).
// ike-scan runs as the conformance test runs it, Main Mode then -2: two
// requests that ask whether one fixed offer is accepted, where the probe
// names every accepted transform. A fresh charon serves each tool, so
// the IKEv1 SAs one leaves half-open do not bring cookies on the other.
//
// The probe runs with NoIKEv1: its two Main Mode requests leave up to two
// half-open IKEv1 SAs on charon for 30 seconds (half_open_timeout), and
// back-to-back scans of one address would pile them up to charon's
// block_threshold (5 per IP), beyond which it drops IKE_SA_INITs
// silently. ike-scan's runs pile up the same way (its IKEv2 request
// completes IKE_SA_INIT), which shows in its requests/op.
//
//	go test -run '^$' -bench StrongSwan -benchtime 5x ./scanner/ikeprobe/
func BenchmarkStrongSwan(b *testing.B) {
	tools := []struct {
		name string
		run  func(b *testing.B, sw *peer.StrongSwan)
	}{
		{"cryptoscan", func(b *testing.B, sw *peer.StrongSwan) {
			if r := probeStrongSwan(b, sw, Config{NoIKEv1: true}); r.Error != nil {
				b.Fatalf("scan failed: %+v", r.Error)
			}
		}},
		{"ike-scan", func(b *testing.B, sw *peer.StrongSwan) {
			peer.IKEScan(b, sw.Addr)
			peer.IKEScan(b, sw.Addr, "-2")
		}},
	}
	for _, sc := range swScenarios {
		b.Run(sc.name, func(b *testing.B) {
			for _, tool := range tools {
				b.Run(tool.name, func(b *testing.B) {
					if tool.name != "cryptoscan" && !peer.Installed(tool.name) {
						b.Skipf("%s not installed", tool.name)
					}
					sw := startScenario(b, sc)
					before := sw.Requests()
					var times []time.Duration
					for b.Loop() {
						start := time.Now()
						tool.run(b, sw)
						times = append(times, time.Since(start))
					}
					slices.Sort(times)
					b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
					b.ReportMetric(float64(sw.Requests()-before)/float64(len(times)), "requests/op")
				})
			}
		})
	}
}
