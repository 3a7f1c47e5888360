package tlsprobe_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// TestTrace logs every connection a scan of the conformance servers makes,
// to see where the connections go. It runs when CSTRACE names scenarios
// (comma-separated, "all" for every one); CSTRACE_DEPTH picks the depth
// (inventory by default) and CSTRACE_FULL=1 adds the probes past the
// ServerHello.
//
//	CSTRACE=gnutls-rc4-3des go test -run TestTrace -v ./scanner/tlsprobe/
func TestTrace(t *testing.T) {
	names := os.Getenv("CSTRACE")
	if names == "" {
		t.Skip("CSTRACE not set")
	}
	depth, err := tlsprobe.ParseDepth(os.Getenv("CSTRACE_DEPTH"))
	if os.Getenv("CSTRACE_DEPTH") == "" {
		depth, err = tlsprobe.Inventory, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios {
		if names != "all" && !slices.Contains(strings.Split(names, ","), sc.name) {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			srv := sc.start(t)
			cfg := tlsprobe.Config{Depth: depth}
			if os.Getenv("CSTRACE_FULL") != "1" {
				cfg = tlsprobe.FoundationOnly(cfg)
			}
			// Connections end concurrently; their sequence numbers order
			// the log.
			var mu sync.Mutex
			var lines []string
			_, st := probeCfg(t, srv.AddrPort(), tlsprobe.Traced(cfg, func(l string) {
				mu.Lock()
				defer mu.Unlock()
				lines = append(lines, l)
			}))
			slices.SortFunc(lines, func(a, b string) int {
				var x, y int
				fmt.Sscan(a, &x)
				fmt.Sscan(b, &y)
				return x - y
			})
			t.Logf("%s, %s: %d connections\n%s", sc.name, depth, st.Connections, strings.Join(lines, "\n"))
		})
	}
}
