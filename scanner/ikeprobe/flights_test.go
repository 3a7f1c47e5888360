package ikeprobe

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "record strongSwan's answers into testdata/")

// TestRecordStrongSwan records every datagram charon answers the
// conformance scenarios with (go test -run RecordStrongSwan -update),
// the seeds of the fuzz targets. Without -update it only checks that the
// recorded datagrams parse.
func TestRecordStrongSwan(t *testing.T) {
	if !*update {
		for _, d := range recorded(t) {
			var m message
			if !m.unmarshal(stripMarker(d)) {
				t.Errorf("recorded datagram does not parse: %x", d)
			}
		}
		return
	}
	for _, sc := range swScenarios {
		t.Run(sc.name, func(t *testing.T) {
			sw := startScenario(t, sc)
			var mu sync.Mutex
			seen := map[string]bool{}
			n := 0
			probeStrongSwan(t, sw, Config{record: func(d []byte) {
				mu.Lock()
				defer mu.Unlock()
				// Answers that differ only in their SPIs (the marker
				// and 16 bytes) are kept once.
				key := string(d[min(len(d), 20):])
				if seen[key] {
					return
				}
				seen[key] = true
				n++
				name := filepath.Join("testdata", fmt.Sprintf("strongswan-%s-%02d.bin", sc.name, n))
				if err := os.WriteFile(name, d, 0o644); err != nil {
					t.Error(err)
				}
			}})
		})
	}
}

// recorded returns the recorded datagrams (with their non-ESP marker).
func recorded(t testing.TB) [][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.bin"))
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// stripMarker removes the non-ESP marker the recordings start with.
func stripMarker(d []byte) []byte {
	if len(d) >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0 {
		return d[4:]
	}
	return d
}
