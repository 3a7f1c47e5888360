//go:build linux

package scalebench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/loadgen"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// childEnv names the file of a childSpec: set, the test binary scans
// instead of testing (see childMain).
const childEnv = "CRYPTOSCAN_SCALE_CHILD"

// seed lays out every fleet: the same endpoints, kinds and addresses on
// every run.
const seed = 1

// The scanner's settings, as the CLI's defaults (--timeout,
// --endpoint-timeout, --max-conns-per-ip).
const (
	connTimeout     = 5 * time.Second
	endpointTimeout = 5 * time.Minute
	perIP           = scanner.DefaultMaxConnsPerIP
)

// defaultConcurrency is the concurrency measured unless
// CRYPTOSCAN_SCALE_CONCURRENCY says otherwise.
const defaultConcurrency = 256

var buildDir string

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(childMain(spec))
	}
	var err error
	if buildDir, err = os.MkdirTemp("", "scalebench"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(buildDir)
	os.Exit(code)
}

var fleetBin = sync.OnceValues(func() (string, error) { return loadgen.Build(buildDir) })

// startFleet runs a fleet of n endpoints in its own process and stops it
// on cleanup.
func startFleet(tb testing.TB, n int, grouped bool) *loadgen.Process {
	tb.Helper()
	bin, err := fleetBin()
	if err != nil {
		tb.Fatal(err)
	}
	p, err := loadgen.Exec(bin, loadgen.Options{Seed: seed, N: n, Grouped: grouped})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := p.Close(); err != nil {
			tb.Error(err)
		}
	})
	if p.FileLimitError != "" {
		tb.Logf("fleet: %s", p.FileLimitError)
	}
	if len(p.Endpoints) != n {
		tb.Fatalf("fleet serves %d endpoints, %d asked", len(p.Endpoints), n)
	}
	return p
}

// target is one fleet endpoint as the scanner sees it.
func target(ep loadgen.Endpoint) scanner.Endpoint {
	return scanner.Endpoint{Host: ep.Name, IP: ep.Addr.Addr(), Port: ep.Addr.Port(), Protocol: "tls", SNI: ep.Name, Source: "loadgen"}
}

// scan inspects the whole fleet in one scanner.Run, as the CLI does: one
// limiter, the CLI's timeouts, roots holding the fleet's. It calls emit
// with each result and its fleet endpoint, and fails when an endpoint gets
// no result or one the fleet does not serve.
func scan(ctx context.Context, roots *pki.Pool, ready *loadgen.Ready, depth tlsprobe.Depth, concurrency int, emit func(loadgen.Endpoint, scanner.Result)) error {
	byAddr := make(map[netip.AddrPort]loadgen.Endpoint, len(ready.Endpoints))
	targets := make([]scanner.Endpoint, len(ready.Endpoints))
	for i, ep := range ready.Endpoints {
		byAddr[ep.Addr] = ep
		targets[i] = target(ep)
	}
	cfg := scanner.Config{
		Concurrency:     concurrency,
		Limiter:         scanner.NewLimiter(perIP, nil),
		Timeout:         connTimeout,
		EndpointTimeout: endpointTimeout,
	}
	var missing error
	scanner.Run(ctx, cfg, targets, tlsprobe.New(tlsprobe.Config{Depth: depth, Roots: roots}), func(r scanner.Result) {
		ep, ok := byAddr[netip.AddrPortFrom(r.Endpoint.IP, r.Endpoint.Port)]
		if !ok {
			missing = fmt.Errorf("a result for %s, which the fleet does not serve", r.Endpoint)
			return
		}
		delete(byAddr, ep.Addr)
		emit(ep, r)
	})
	if missing != nil {
		return missing
	}
	if len(byAddr) > 0 {
		return fmt.Errorf("%d endpoints got no result", len(byAddr))
	}
	return nil
}

// verdict is how one result compares with the fleet's configuration.
type verdict struct {
	wrong   []string // facts that contradict the configuration
	unknown int      // facts left unknown (versions, TLS 1.2 suite list)
}

// check compares r with what ep was configured with: every version
// supported or not as configured, every TLS 1.2 suite named was
// configured, and at inventory depth every configured TLS 1.2 suite was
// named. Unknown facts are counted, not wrong.
func check(ep loadgen.Endpoint, r scanner.Result, depth tlsprobe.Depth) verdict {
	var v verdict
	if r.Error != nil || r.TLS == nil {
		v.wrong = append(v.wrong, fmt.Sprintf("%s: not inspected: %v", ep.Name, r.Error))
		return v
	}
	if len(r.TLS.Versions) != len(scanner.Versions) {
		v.wrong = append(v.wrong, fmt.Sprintf("%s: %d version facts, want %d", ep.Name, len(r.TLS.Versions), len(scanner.Versions)))
	}
	for _, f := range r.TLS.Versions {
		want := slices.Contains(ep.Versions, uint16(f.Version))
		switch f.Status {
		case scanner.Supported, scanner.NotSupported:
			if got := f.Status == scanner.Supported; got != want {
				v.wrong = append(v.wrong, fmt.Sprintf("%s (%s): %s %s (%s), configured: %v", ep.Name, ep.Kind, f.Version, f.Status, f.Reason, want))
			}
		default:
			v.unknown++
		}
	}
	var named []uint16
	for _, s := range r.TLS.CipherSuites {
		if s.Version == scanner.TLSv12 {
			named = append(named, uint16(s.Code))
			if !slices.Contains(ep.Suites, uint16(s.Code)) {
				v.wrong = append(v.wrong, fmt.Sprintf("%s (%s): TLS 1.2 suite %s accepted, not configured", ep.Name, ep.Kind, s.Name))
			}
		}
	}
	for _, e := range r.TLS.Enumerations {
		if e.Version != scanner.TLSv12 || e.Kind != scanner.EnumCipherSuites {
			continue
		}
		switch {
		case e.Status == scanner.EnumPartial:
			v.unknown++
		case e.Status == scanner.EnumComplete && depth == tlsprobe.Inventory:
			for _, s := range ep.Suites {
				if !slices.Contains(named, s) {
					v.wrong = append(v.wrong, fmt.Sprintf("%s (%s): configured TLS 1.2 suite %s not found", ep.Name, ep.Kind, tlsprobe.SuiteName(scanner.Code(s))))
				}
			}
		}
	}
	return v
}

// TestFleetScan scans a fleet of 20 endpoints (in its own process) at both
// depths and checks every result against the fleet's configuration, and
// the scanner's connection count against the fleet's.
func TestFleetScan(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the fleet command")
	}
	const n = 20
	fleet := startFleet(t, n, false)
	roots, err := pki.LoadPool()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := roots.AddPEM([]byte(fleet.RootPEM), "loadgen"); err != nil {
		t.Fatal(err)
	}
	for _, depth := range []tlsprobe.Depth{tlsprobe.Compliance, tlsprobe.Inventory} {
		t.Run(depth.String(), func(t *testing.T) {
			before, err := fleet.WaitIdle(10 * time.Second)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			results, self := 0, 0
			kinds := make(map[loadgen.Kind]int)
			err = scan(ctx, roots, &fleet.Ready, depth, n, func(ep loadgen.Endpoint, r scanner.Result) {
				results++
				kinds[ep.Kind]++
				self += r.Stats.Connections
				v := check(ep, r, depth)
				for _, w := range v.wrong {
					t.Error(w)
				}
				if v.unknown > 0 {
					t.Errorf("%s (%s): %d facts unknown on an idle fleet", ep.Name, ep.Kind, v.unknown)
				}
				if len(r.TLS.Certificates) != 1 || !r.TLS.Certificates[0].Trusted {
					t.Errorf("%s (%s): chains %+v, want one, trusted under the fleet's root", ep.Name, ep.Kind, r.TLS.Certificates)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if results != n {
				t.Errorf("%d results, want %d", results, n)
			}
			if len(kinds) != len(loadgen.Kinds()) {
				t.Errorf("kinds scanned: %v, want all of %v", kinds, loadgen.Kinds())
			}
			after, err := fleet.WaitIdle(10 * time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if got := after.Accepted - before.Accepted; got != int64(self) {
				t.Errorf("the fleet accepted %d connections, the scanner counted %d", got, self)
			}
			if after.PeakPerIP > perIP {
				t.Errorf("the fleet saw %d connections at once to one address, the cap is %d", after.PeakPerIP, perIP)
			}
			t.Logf("%s: %d endpoints, %d connections (%.1f per endpoint), peak %d per address", depth, n, self, float64(self)/n, after.PeakPerIP)
		})
	}
}

// childSpec is what a child scans, written by the benchmark to a file
// named by childEnv.
type childSpec struct {
	ReadyFile   string `json:"ready_file"` // the fleet's loadgen.Ready
	Depth       string `json:"depth"`
	Concurrency int    `json:"concurrency"`
	ProfileDir  string `json:"profile_dir,omitempty"`
	Out         string `json:"out"` // where the childResult goes
}

// childResult is what one scan in a child measured.
type childResult struct {
	Endpoints  int     `json:"endpoints"`
	Seconds    float64 `json:"seconds"`     // wall time of scanner.Run
	CPUSeconds float64 `json:"cpu_seconds"` // user+system time of the process during scanner.Run
	// MaxRSSMiB is the process's peak RSS (getrusage maxrss), and
	// BaseRSSMiB that peak before scanning, with the roots loaded.
	MaxRSSMiB  float64 `json:"max_rss_mib"`
	BaseRSSMiB float64 `json:"base_rss_mib"`
	// SelfConns is the scanner's own count of connections.
	SelfConns  int      `json:"self_conns"`
	Unknown    int      `json:"unknown"`
	WrongCount int      `json:"wrong_count"`
	Wrong      []string `json:"wrong,omitempty"` // the first few
	// DurationsMS are the endpoints' durations (Stats.DurationMS), sorted.
	DurationsMS []int64 `json:"durations_ms"`
	NumGC       uint32  `json:"num_gc"`
	AllocMiB    float64 `json:"alloc_mib"` // allocated during the scan
	FileLimit   uint64  `json:"file_limit"`
	FileLimitEr string  `json:"file_limit_error,omitempty"`
}

// childMain runs one scan as described by the childSpec in file specFile
// and writes a childResult.
func childMain(specFile string) int {
	if err := child(specFile); err != nil {
		fmt.Fprintf(os.Stderr, "scalebench child: %v\n", err)
		return 1
	}
	return 0
}

func child(specFile string) error {
	var spec childSpec
	if err := readJSON(specFile, &spec); err != nil {
		return err
	}
	var ready loadgen.Ready
	if err := readJSON(spec.ReadyFile, &ready); err != nil {
		return err
	}
	depth, err := tlsprobe.ParseDepth(spec.Depth)
	if err != nil {
		return err
	}
	var res childResult
	// At most perIP connections to each address, and no more addresses at
	// once than endpoints in flight.
	res.FileLimit, err = loadgen.EnsureFileLimit(uint64(spec.Concurrency*perIP) + 1024)
	if err != nil {
		res.FileLimitEr = err.Error()
	}
	roots, err := pki.LoadPool()
	if err != nil {
		return err
	}
	if _, err := roots.AddPEM([]byte(ready.RootPEM), "loadgen"); err != nil {
		return err
	}
	runtime.GC()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	ru0 := rusage()
	res.BaseRSSMiB = maxRSSMiB(ru0)

	var heapFile string
	if spec.ProfileDir != "" {
		name := fmt.Sprintf("%s-n%d-c%d", spec.Depth, len(ready.Endpoints), spec.Concurrency)
		f, err := os.Create(filepath.Join(spec.ProfileDir, "cpu-"+name+".pprof"))
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
		heapFile = filepath.Join(spec.ProfileDir, "heap-"+name+".pprof")
	}
	half := len(ready.Endpoints) / 2
	var heapErr error
	start := time.Now()
	err = scan(context.Background(), roots, &ready, depth, spec.Concurrency, func(ep loadgen.Endpoint, r scanner.Result) {
		res.Endpoints++
		res.SelfConns += r.Stats.Connections
		res.DurationsMS = append(res.DurationsMS, r.Stats.DurationMS)
		v := check(ep, r, depth)
		res.Unknown += v.unknown
		res.WrongCount += len(v.wrong)
		if len(res.Wrong) < 20 {
			res.Wrong = append(res.Wrong, v.wrong...)
		}
		if res.Endpoints == half && heapFile != "" {
			heapErr = writeHeapProfile(heapFile)
		}
	})
	res.Seconds = time.Since(start).Seconds()
	ru1 := rusage()
	runtime.ReadMemStats(&ms1)
	if err != nil {
		return err
	}
	if heapErr != nil {
		return heapErr
	}
	slices.Sort(res.DurationsMS)
	res.CPUSeconds = cpuSeconds(ru1) - cpuSeconds(ru0)
	res.MaxRSSMiB = maxRSSMiB(ru1)
	res.NumGC = ms1.NumGC - ms0.NumGC
	res.AllocMiB = float64(ms1.TotalAlloc-ms0.TotalAlloc) / (1 << 20)
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return os.WriteFile(spec.Out, b, 0o644)
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func rusage() syscall.Rusage {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru
}

func cpuSeconds(ru syscall.Rusage) float64 {
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// maxRSSMiB reads maxrss, in KiB on Linux.
func maxRSSMiB(ru syscall.Rusage) float64 { return float64(ru.Maxrss) / 1024 }

// runChild re-executes the test binary to run one scan of spec and returns
// what it measured.
func runChild(b *testing.B, spec childSpec, timeout time.Duration) childResult {
	b.Helper()
	dir := b.TempDir()
	spec.Out = filepath.Join(dir, "result.json")
	specFile := filepath.Join(dir, "spec.json")
	sb, err := json.Marshal(spec)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(specFile, sb, 0o644); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+specFile)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		b.Fatalf("scan child: %v\n%s", err, out.Bytes())
	}
	var res childResult
	if err := readJSON(spec.Out, &res); err != nil {
		b.Fatal(err)
	}
	return res
}

// envList reads a comma-separated environment variable, or def.
func envList(name string, def ...string) []string {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def
	}
	var out []string
	for f := range strings.SplitSeq(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func envInts(b *testing.B, name string, def ...int) []int {
	var defs []string
	for _, d := range def {
		defs = append(defs, strconv.Itoa(d))
	}
	var out []int
	for _, f := range envList(name, defs...) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			b.Fatalf("%s: %q is not a positive number", name, f)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkScale scans fleets of CRYPTOSCAN_SCALE_SIZES endpoints (100 by
// default; make bench-scale: 100, 1,000 and 5,000) at each depth, each
// scan in a fresh child process. Per scan it reports:
//
//	endpoints/s         endpoints over the wall time of scanner.Run
//	conns/endpoint      TCP connections the fleet accepted, per endpoint
//	self-conns/endpoint the scanner's own count (must equal conns/endpoint)
//	cpu-s               the scanner's user+system CPU time during the scan
//	peak-rss-MiB        the scanning process's peak RSS
//	base-rss-MiB        its peak RSS before scanning (roots loaded)
//	fleet-cpu-s         the fleet's CPU time during the scan (same machine)
//	other-cpu-s         the machine's busy CPU time beyond the two (kernel, other processes)
//	peak-conns-per-ip   most connections open at once to one address, at the fleet
//	alloc-MiB           bytes allocated by the scanner during the scan
//	unknown-facts       version facts and TLS 1.2 suite lists left unknown
//
// A fact that contradicts the fleet's configuration, or a connection count of
// the scanner's that differs from the fleet's, fails the benchmark.
func BenchmarkScale(b *testing.B) {
	sizes := envInts(b, "CRYPTOSCAN_SCALE_SIZES", 100)
	concurrencies := envInts(b, "CRYPTOSCAN_SCALE_CONCURRENCY", defaultConcurrency)
	var depths []tlsprobe.Depth
	for _, s := range envList("CRYPTOSCAN_SCALE_DEPTHS", "compliance", "inventory") {
		d, err := tlsprobe.ParseDepth(s)
		if err != nil {
			b.Fatalf("CRYPTOSCAN_SCALE_DEPTHS: %v", err)
		}
		depths = append(depths, d)
	}
	var grouped bool
	switch l := os.Getenv("CRYPTOSCAN_SCALE_LAYOUT"); l {
	case "", "spread":
	case "grouped":
		grouped = true
	default:
		b.Fatalf("CRYPTOSCAN_SCALE_LAYOUT: %q (want spread or grouped)", l)
	}
	profileDir := os.Getenv("CRYPTOSCAN_SCALE_PROFILE")
	if profileDir != "" {
		if err := os.MkdirAll(profileDir, 0o755); err != nil {
			b.Fatal(err)
		}
		if profileDir, _ = filepath.Abs(profileDir); profileDir == "" {
			b.Fatal("CRYPTOSCAN_SCALE_PROFILE: no absolute path")
		}
	}
	for _, n := range sizes {
		name := fmt.Sprintf("n=%d", n)
		if grouped {
			name += ",grouped"
		}
		b.Run(name, func(b *testing.B) {
			fleet := startFleet(b, n, grouped)
			readyFile := filepath.Join(b.TempDir(), "ready.json")
			rb, err := json.Marshal(fleet.Ready)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(readyFile, rb, 0o644); err != nil {
				b.Fatal(err)
			}
			for _, depth := range depths {
				for _, c := range concurrencies {
					b.Run(fmt.Sprintf("%s/c=%d", depth, c), func(b *testing.B) {
						benchScan(b, fleet, childSpec{ReadyFile: readyFile, Depth: depth.String(), Concurrency: c, ProfileDir: profileDir})
					})
				}
			}
		})
	}
}

func benchScan(b *testing.B, fleet *loadgen.Process, spec childSpec) {
	n := len(fleet.Endpoints)
	// Generous: 2 endpoints per second, and a minute to start.
	timeout := time.Minute + time.Duration(n)*500*time.Millisecond
	var runs []scanRun
	for b.Loop() {
		before, err := fleet.WaitIdle(30 * time.Second)
		if err != nil {
			b.Fatal(err)
		}
		h0 := hostBusySeconds(b)
		r := runChild(b, spec, timeout)
		host := hostBusySeconds(b) - h0
		after, err := fleet.WaitIdle(30 * time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if r.Endpoints != n {
			b.Fatalf("%d results for %d endpoints", r.Endpoints, n)
		}
		if r.FileLimitEr != "" {
			b.Logf("scanner: %s", r.FileLimitEr)
		}
		for _, w := range r.Wrong {
			b.Error(w)
		}
		if r.WrongCount > len(r.Wrong) {
			b.Errorf("... %d wrong facts in all", r.WrongCount)
		}
		if after.AcceptErrors > before.AcceptErrors {
			b.Errorf("the fleet failed %d accepts", after.AcceptErrors-before.AcceptErrors)
		}
		run := scanRun{childResult: r, fleet: delta(before, after), hostCPU: host}
		if int64(r.SelfConns) != run.fleet.Accepted {
			b.Errorf("the scanner counted %d connections, the fleet accepted %d", r.SelfConns, run.fleet.Accepted)
		}
		runs = append(runs, run)
		run.log(b, spec)
	}
	var m scanRun
	for _, r := range runs {
		m.Seconds += r.Seconds
		m.CPUSeconds += r.CPUSeconds
		m.MaxRSSMiB = max(m.MaxRSSMiB, r.MaxRSSMiB)
		m.BaseRSSMiB = max(m.BaseRSSMiB, r.BaseRSSMiB)
		m.AllocMiB += r.AllocMiB
		m.SelfConns += r.SelfConns
		m.Unknown += r.Unknown
		m.fleet.Accepted += r.fleet.Accepted
		m.fleet.CPUSeconds += r.fleet.CPUSeconds
		m.fleet.ConnSeconds += r.fleet.ConnSeconds
		m.fleet.PeakPerIP = max(m.fleet.PeakPerIP, r.fleet.PeakPerIP)
		m.hostCPU += r.hostCPU
	}
	k := float64(len(runs))
	eps := float64(n) * k
	b.ReportMetric(eps/m.Seconds, "endpoints/s")
	b.ReportMetric(float64(m.fleet.Accepted)/eps, "conns/endpoint")
	b.ReportMetric(float64(m.SelfConns)/eps, "self-conns/endpoint")
	b.ReportMetric(m.CPUSeconds/k, "cpu-s")
	b.ReportMetric(m.MaxRSSMiB, "peak-rss-MiB")
	b.ReportMetric(m.BaseRSSMiB, "base-rss-MiB")
	b.ReportMetric(m.fleet.CPUSeconds/k, "fleet-cpu-s")
	b.ReportMetric(m.other()/k, "other-cpu-s")
	b.ReportMetric(float64(m.fleet.PeakPerIP), "peak-conns-per-ip")
	b.ReportMetric(m.AllocMiB/k, "alloc-MiB")
	b.ReportMetric(float64(m.Unknown)/k, "unknown-facts")
	b.ReportMetric(m.fleet.ConnSeconds/m.Seconds, "conns-open-mean")
	last := runs[len(runs)-1]
	b.ReportMetric(float64(percentile(last.DurationsMS, 50)), "endpoint-p50-ms")
	b.ReportMetric(float64(percentile(last.DurationsMS, 100)), "endpoint-max-ms")
}

// scanRun is one scan: what the child measured, what the fleet saw
// meanwhile, and the machine's busy CPU time.
type scanRun struct {
	childResult
	fleet   loadgen.Stats // the difference over the scan
	hostCPU float64
}

// other is the machine's busy CPU time beyond the scanner's and the
// fleet's: the kernel's unattributed work and other processes'.
func (r *scanRun) other() float64 { return r.hostCPU - r.CPUSeconds - r.fleet.CPUSeconds }

func (r *scanRun) log(b *testing.B, spec childSpec) {
	n := float64(r.Endpoints)
	var byKind []string
	for _, kc := range r.fleet.AcceptedByKind {
		byKind = append(byKind, fmt.Sprintf("%s %d", kc.Kind, kc.Count))
	}
	b.Logf("%d endpoints, %s, concurrency %d: %.1f s, %.0f endpoints/s, %.1f conns/endpoint (%s), CPU %.1f s (fleet %.1f s), peak RSS %.0f MiB (%.0f before scanning), %.0f MiB allocated, GC %d",
		r.Endpoints, spec.Depth, spec.Concurrency, r.Seconds, n/r.Seconds, float64(r.fleet.Accepted)/n, strings.Join(byKind, ", "),
		r.CPUSeconds, r.fleet.CPUSeconds, r.MaxRSSMiB, r.BaseRSSMiB, r.AllocMiB, r.NumGC)
	b.Logf("host: %.1f CPU s busy (%.1f of %d cores on average), %.1f s beyond the scanner's and the fleet's (the kernel's and other processes')",
		r.hostCPU, r.hostCPU/r.Seconds, runtime.NumCPU(), r.other())
	if r.other() > 0.2*r.Seconds {
		b.Logf("warning: other work kept %.1f cores busy on average during this scan; its figures are pessimistic", r.other()/r.Seconds)
	}
	b.Logf("endpoint duration p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; fleet: %.0f connections open on average, %.1f ms each, lifetimes <1ms %d, <10ms %d, <100ms %d, <1s %d, longer %d; peak %d per address",
		percentile(r.DurationsMS, 50), percentile(r.DurationsMS, 90), percentile(r.DurationsMS, 99), percentile(r.DurationsMS, 100),
		r.fleet.ConnSeconds/r.Seconds, 1000*r.fleet.ConnSeconds/float64(r.fleet.Accepted),
		r.fleet.Lifetimes[0], r.fleet.Lifetimes[1], r.fleet.Lifetimes[2], r.fleet.Lifetimes[3], r.fleet.Lifetimes[4], r.fleet.PeakPerIP)
}

// delta is what the fleet saw between two Stats; PeakPerIP is after's
// (the peak since before).
func delta(before, after loadgen.Stats) loadgen.Stats {
	d := loadgen.Stats{
		Accepted:     after.Accepted - before.Accepted,
		AcceptErrors: after.AcceptErrors - before.AcceptErrors,
		Handshakes:   after.Handshakes - before.Handshakes,
		PeakPerIP:    after.PeakPerIP,
		CPUSeconds:   after.CPUSeconds - before.CPUSeconds,
		ConnSeconds:  after.ConnSeconds - before.ConnSeconds,
	}
	for i := range d.Lifetimes {
		d.Lifetimes[i] = after.Lifetimes[i] - before.Lifetimes[i]
	}
	for i, kc := range after.AcceptedByKind {
		d.AcceptedByKind = append(d.AcceptedByKind, loadgen.KindCount{Kind: kc.Kind, Count: kc.Count - before.AcceptedByKind[i].Count})
	}
	return d
}

// hostBusySeconds is the CPU time the whole machine has spent busy (not
// idle or waiting for I/O) since boot, from /proc/stat: what a scan's own
// CPU time is compared with, to see other load on the machine.
func hostBusySeconds(b *testing.B) float64 {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		b.Fatal(err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		b.Fatalf("/proc/stat: unexpected first line %q", line)
	}
	var busy float64
	// user nice system idle iowait irq softirq steal (guest time is
	// counted in user already)
	for i, v := range f[1:9] {
		if i == 3 || i == 4 {
			continue
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			b.Fatalf("/proc/stat: %q: %v", line, err)
		}
		busy += n
	}
	return busy / 100 // USER_HZ
}

// percentile is the p-th percentile of sorted (nearest rank).
func percentile(sorted []int64, p int) int64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (p*len(sorted) + 99) / 100
	return sorted[min(max(i, 1), len(sorted))-1]
}
