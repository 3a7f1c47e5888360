// Package e2e scans real servers end to end (probes, certificate analysis,
// the whole rule catalogue) and compares the findings with what their
// configuration predicts, written down in testdata/*.expected before the
// tests first ran.
package e2e

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

var update = flag.Bool("update", false, "rewrite testdata/*.expected from what the scan finds (then explain every change)")

const (
	compliantCiphers = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305"
	compliant13      = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"
)

var scenarios = []struct {
	name string
	args func(p *peer.PKI) []string
}{
	{"openssl-anssi-compliant", func(p *peer.PKI) []string {
		return []string{"-cipher", compliantCiphers, "-ciphersuites", compliant13, "-groups", "X25519:P-256:P-384", "-serverpref",
			"-sigalgs", "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512", "-status_file", p.OCSPFile}
	}},
	{"openssl-legacy", func(p *peer.PKI) []string {
		return []string{"-cipher", "ALL:@SECLEVEL=0", "-no_tls1_3"}
	}},
}

func TestExpectedFindings(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			p := peer.NewPKI(t, t.TempDir(), []string{"localhost"}, []string{"127.0.0.1"})
			args := append([]string{"-cert", p.LeafFile, "-key", p.KeyFile, "-cert_chain", p.IntermediateFile}, sc.args(p)...)
			srv := peer.OpenSSL(t, args...)
			got := grade(t, srv.AddrPort(), p)
			file := filepath.Join("testdata", sc.name+".expected")
			if *update {
				writeExpected(t, file, got)
			}
			want := readExpected(t, file)
			if d := diff(want, got.lines); d != "" {
				t.Errorf("findings differ from %s (-want +got):\n%s\nmessages:\n%s", file, d, got.messages)
			}
		})
	}
}

type graded struct {
	lines    []string // "RULE status", sorted
	messages string
}

// grade scans addr as localhost, with p's root as an extra anchor and
// declared operated in France, and evaluates the whole catalogue.
func grade(t *testing.T, addr netip.AddrPort, p *peer.PKI) graded {
	t.Helper()
	roots, err := pki.LoadPool(p.RootFile)
	if err != nil {
		t.Fatal(err)
	}
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", SNI: "localhost", Source: "e2e"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
	r := tlsprobe.New(tlsprobe.Config{Roots: roots}).Probe(context.Background(), ep, d)

	// The server does not send its root, so the declaration carries the
	// certificate itself (a hash alone could not be linked to the chain).
	rootPEM, err := os.ReadFile(p.RootFile)
	if err != nil {
		t.Fatal(err)
	}
	indented := "      " + strings.ReplaceAll(strings.TrimSpace(string(rootPEM)), "\n", "\n      ")
	db, err := jurisdiction.Default().WithUserData("e2e declarations", strings.NewReader(
		"cas:\n  - name: cryptoscan conformance root\n    operated_in: FR\n    parent_country: FR\n"+
			"    justification: the root internal/peer/pki.go made for this test\n    certificate: |\n"+indented+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, err := rules.NewContext(rules.DefaultProfile, 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx.Jurisdiction = db
	var g graded
	var msgs []string
	for _, f := range rules.Evaluate(&r, ctx) {
		id := f.RuleID
		if strings.HasPrefix(id, "ZLINT-") && f.Status == rules.Pass {
			id = "ZLINT-v3" // passes are aggregated per certificate under the rule's own ID
		}
		g.lines = append(g.lines, id+" "+string(f.Status))
		msgs = append(msgs, fmt.Sprintf("  %s %s: %s", f.RuleID, f.Status, f.Message))
	}
	slices.Sort(g.lines)
	g.messages = strings.Join(msgs, "\n")
	return g
}

func readExpected(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

func writeExpected(t *testing.T, file string, g graded) {
	t.Helper()
	old, _ := os.ReadFile(file)
	var head []string
	for _, l := range strings.Split(string(old), "\n") {
		if strings.HasPrefix(l, "#") {
			head = append(head, l)
		}
	}
	body := strings.Join(append(head, g.lines...), "\n") + "\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// diff lists the lines only in want (-) and only in got (+).
func diff(want, got []string) string {
	var b strings.Builder
	w, g := slices.Clone(want), slices.Clone(got)
	for _, l := range want {
		if i := slices.Index(g, l); i >= 0 {
			g = slices.Delete(g, i, i+1)
			w = slices.Delete(w, slices.Index(w, l), slices.Index(w, l)+1)
		}
	}
	for _, l := range w {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	for _, l := range g {
		fmt.Fprintf(&b, "+ %s\n", l)
	}
	return b.String()
}
