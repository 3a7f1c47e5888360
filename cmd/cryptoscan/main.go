// Command cryptoscan inspects TLS endpoints and reports what they accept:
// protocol versions, cipher suites, key-exchange groups, with every fact it
// could not establish marked unknown and why.
//
// Usage:
//
//	cryptoscan [flags] TARGET...
//
// Run cryptoscan -h for the flags and exit codes.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/discover"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
	"github.com/cryptoscan/cryptoscan/scanner/ikeprobe"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/sshprobe"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes, by precedence (DESIGN.md, "Output contract").
const (
	exitOK = 0
	// exitFindings is for a finding at or above --fail-on; it comes with
	// the rule catalogue (see run) and takes precedence over exitIncomplete.
	exitFindings   = 1
	exitIncomplete = 2
	exitUsage      = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process
	}()
	c := &cli{
		stdin:          os.Stdin,
		stdout:         os.Stdout,
		stderr:         os.Stderr,
		getenv:         os.Getenv,
		stdoutTerminal: isTerminal(os.Stdout),
		stderrTerminal: isTerminal(os.Stderr),
		progressDelay:  time.Second,
	}
	code := c.run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// cryptoRand is the randomness of run identifiers.
var cryptoRand = rand.Reader

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// cli is one invocation with its environment, so tests can run it in
// process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	resolver       *discover.Resolver // nil: the system's
	// discovered, when set, runs between discovery and the scan (tests
	// use it to interrupt the run at that point).
	discovered     func()
	getenv         func(string) string
	stdoutTerminal bool
	// stderrTerminal turns the progress line on; it appears after
	// progressDelay (0: at once).
	stderrTerminal bool
	progressDelay  time.Duration
}

func (c *cli) errorf(format string, a ...any) {
	fmt.Fprintf(c.stderr, "cryptoscan: error: "+format+"\n", a...)
}

func (c *cli) hintf(format string, a ...any) {
	fmt.Fprintf(c.stderr, "cryptoscan: hint: "+format+"\n", a...)
}

// usageErr prints err, with its hint when it is a usageError.
func (c *cli) usageErr(err error) {
	c.errorf("%v", err)
	var ue *usageError
	if errors.As(err, &ue) && ue.hint != "" {
		c.hintf("%s", ue.hint)
	}
}

// run executes one invocation and returns the exit code.
func (c *cli) run(ctx context.Context, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return c.runRules(args[1:])
		case "evaluate":
			return c.runEvaluate(args[1:])
		}
	}
	opts, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	if err != nil {
		c.usageErr(err)
		return exitUsage
	}
	if opts.version {
		fmt.Fprintf(c.stdout, "cryptoscan %s\n", buildVersion())
		return exitOK
	}
	inputs, ok := c.readInputs(opts)
	if !ok {
		return exitUsage
	}

	roots, err := pki.LoadPool(opts.caFiles...)
	if err != nil {
		c.errorf("%v", err)
		c.hintf("--ca-file takes a PEM file of CA certificates")
		return exitUsage
	}

	out := c.stdout
	var file *outputFile
	if opts.output != "" {
		file, err = createOutput(opts.output)
		if err != nil {
			c.errorf("%v", err)
			c.hintf("check that the directory of %s exists and is writable", opts.output)
			return exitUsage
		}
		defer file.abort()
		out = file
	}

	found, res, code := c.discover(ctx, opts, inputs)
	if found == nil {
		return code
	}
	if opts.listTargets {
		for _, l := range discover.ListLines(found.Targets) {
			fmt.Fprintln(out, l)
		}
		if file != nil {
			if err := file.commit(); err != nil {
				c.errorf("%v", err)
				return exitIncomplete
			}
		}
		if found.Incomplete() {
			return exitIncomplete
		}
		return exitOK
	}
	eps := shardOf(found.Endpoints(), opts.shard, opts.shards)
	for i := range eps {
		if opts.sni != "" {
			eps[i].SNI = opts.sni
		}
	}
	if len(eps) == 0 && !(opts.shards > 1 && len(found.Endpoints()) > 0) { // an empty shard is normal
		if ctx.Err() != nil {
			c.errorf("interrupted before scanning")
			return exitIncomplete
		}
		c.errorf("no endpoint to scan")
		c.hintf("check the host names and the scope, or give IP addresses")
		return exitUsage
	}
	if c.discovered != nil {
		c.discovered()
	}

	color := file == nil && c.stdoutTerminal && c.getenv("NO_COLOR") == "" && c.getenv("TERM") != "dumb"
	diag := c.stderr
	var prog *progress
	if c.stderrTerminal && c.getenv("TERM") != "dumb" {
		prog = startProgress(c.stderr, len(eps), c.progressDelay, time.Now)
		defer prog.finish()
		out, diag = prog.wrap(out), prog.wrap(c.stderr)
	}
	runID := report.NewRunID(rand.Reader)
	g, err := newGrader(opts.grade, time.Now(), out, diag, color, runID, roots)
	if err != nil {
		c.usageErr(err)
		return exitUsage
	}
	var tee *sinkTee
	if opts.sinks.any() {
		sinks, err := openSinks(opts.sinks)
		if err != nil {
			c.usageErr(&usageError{err, "check the collector's URL and the files given; credentials come from --http-auth-env or --http-auth-file"})
			return exitUsage
		}
		tee = &sinkTee{sinks: sinks, ecs: opts.format == formatECS}
		now := g.ctx.Time
		run := report.Run{ID: runID, Now: func() time.Time { return now }}
		var events writer = ndjsonWriter{report.NewNDJSON(tee, run)}
		if tee.ecs {
			p := g.provenance()
			p.Depth = opts.depth.String()
			events = ecsWriter{report.NewECS(tee, run, report.ECSOptions{Provenance: p})}
		}
		g.out = teeWriter{report: g.out, events: events}
	}
	if found.Incomplete() {
		g.incomplete = true
	}

	// scanCtx stops the scan early when the report cannot be written;
	// ctx alone says whether the run was interrupted.
	scanCtx, cancelScan := context.WithCancel(ctx)
	defer cancelScan()
	var writeErr error
	limiter := scanner.NewLimiter(opts.maxConnsPerIP, dialFrom(opts.sourceIP))
	limiter.SetRate(opts.rate)
	cfg := scanner.Config{
		Concurrency:     opts.concurrency,
		Limiter:         limiter,
		Timeout:         opts.timeout,
		EndpointTimeout: opts.endpointLimit,
		Upgrades:        upgrades(opts.ehlo),
	}
	// A name's DNS checks run beside the endpoint's probes: DNSSEC, CAA
	// and TLSA for TLS endpoints, DNSSEC and SSHFP for SSH ones.
	var prober scanner.Prober = byProtocol{
		tls: tlsprobe.New(tlsprobe.Config{Depth: opts.depth, Roots: roots}),
		ssh: sshprobe.New(sshprobe.Config{LegacyPorts: opts.legacyPorts}),
		ike: ikeprobe.New(ikeprobe.Config{Roots: roots}),
	}
	if !opts.noDNSChecks && len(res.Servers) > 0 {
		prober = withDNS{tls: prober, dns: dnsprobe.NewProber(dnsprobe.Config{Servers: res.Servers, Timeout: res.Timeout, Attempts: res.Attempts,
			// MTA-STS policy fetches go to a host like any probe: through
			// the per-IP limiter, trusting what the TLS probes trust.
			PolicyDial: func(ctx context.Context, _, addr string) (net.Conn, error) {
				ap, err := netip.ParseAddrPort(addr)
				if err != nil {
					return nil, err
				}
				return limiter.Dial(ctx, ap)
			},
			PolicyRoots: roots.CertPool(),
		})}
	}
	scanner.Run(scanCtx, cfg, eps, prober, func(r scanner.Result) {
		if prog != nil {
			prog.add()
		}
		if writeErr != nil {
			return
		}
		if err := g.result(r); err != nil {
			writeErr = err
			cancelScan()
		}
	})
	if prog != nil {
		prog.finish() // the scan is over: what follows is written plainly
	}
	interrupted := ctx.Err() != nil
	if writeErr == nil {
		writeErr = g.across(interrupted)
	}
	if writeErr == nil {
		writeErr = g.changes(interrupted)
	}
	if writeErr == nil {
		p := g.provenance()
		p.Depth = opts.depth.String()
		writeErr = g.summary(p, interrupted, tee.dropped(), notScanned(found))
	}
	if writeErr != nil {
		c.errorf("%v", writeErr)
		if file != nil {
			c.hintf("%s was left unchanged", opts.output)
		}
		return exitIncomplete
	}
	if file != nil {
		if err := file.commit(); err != nil {
			c.errorf("%v", err)
			return exitIncomplete
		}
	}
	if interrupted {
		c.errorf("interrupted: the report holds only what was gathered before")
	}
	code = g.exitCode(interrupted)
	if tee != nil {
		if err := deliveryError(tee.close(opts.sinks.closeTimeout)); err != nil {
			c.errorf("%v", err)
			c.hintf("the report on stdout or -o is complete; check that the collector is up")
			if code == exitOK {
				code = exitIncomplete
			}
		}
	}
	return code
}

// resultIncomplete reports whether r leaves something undecided: an
// endpoint not inspected, no observation, a version unknown, or a list
// only partly enumerated; for SSH, the KEXINIT, a host key or the group
// exchange unknown; for IKE, a version, a transform list or an IKEv1 offer
// unknown.
func resultIncomplete(r scanner.Result) bool {
	if o := r.SSH; o != nil && r.Error == nil {
		if o.KexInit != nil || o.GroupExchange != nil && o.GroupExchange.Status != scanner.Supported {
			return true
		}
		for _, k := range o.HostKeys {
			if k.Status != scanner.Supported {
				return true
			}
		}
		return false
	}
	if o := r.IKE; o != nil && r.Error == nil {
		if o.V2.Status == scanner.StatusUnknown || o.V1.Status == scanner.StatusUnknown {
			return true
		}
		for _, e := range o.Enumerations {
			if e.Status == scanner.EnumPartial {
				return true
			}
		}
		for _, f := range o.V1Offers {
			if f.Status == scanner.StatusUnknown {
				return true
			}
		}
		return false
	}
	if r.Error != nil || r.TLS == nil {
		return true
	}
	for _, v := range r.TLS.Versions {
		if v.Status == scanner.StatusUnknown {
			return true
		}
	}
	for _, e := range r.TLS.Enumerations {
		if e.Status == scanner.EnumPartial {
			return true
		}
	}
	return false
}

// buildVersion is the version set by the Makefile, else the module
// version of a go install, else "dev".
func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// outputFile is the -o file: written to a temporary file next to it and
// renamed over it by commit, so readers never see a partial report. A
// path that exists and is not a regular file (/dev/stdout, a pipe) is
// written directly.
type outputFile struct {
	*os.File
	path string
	temp bool
	done bool
}

func createOutput(path string) (*outputFile, error) {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		switch {
		case fi.IsDir():
			return nil, fmt.Errorf("cannot write the report to %s: it is a directory", path)
		case !fi.Mode().IsRegular():
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, fmt.Errorf("cannot write the report: %w", err)
			}
			return &outputFile{File: f, path: path}, nil
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write the report to %s: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("cannot write the report to %s: %w", path, err)
	}
	return &outputFile{File: f, path: path, temp: true}, nil
}

// commit makes the report visible at its path.
func (f *outputFile) commit() error {
	f.done = true
	if !f.temp {
		if err := f.Close(); err != nil {
			return fmt.Errorf("failed to write the report to %s: %w", f.path, err)
		}
		return nil
	}
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("failed to write the report to %s: %w", f.path, err)
	}
	return nil
}

// abort removes the temporary file unless commit ran.
func (f *outputFile) abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	if f.temp {
		os.Remove(f.Name())
	}
}

// dialFrom opens connections from ip (nil, the system's choice, when ip
// is not set).
func dialFrom(ip netip.Addr) func(ctx context.Context, network, addr string) (net.Conn, error) {
	if !ip.IsValid() {
		return nil
	}
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: ip.AsSlice()}}
	return d.DialContext
}

// shardOf keeps the endpoints whose IP address hashes to shard modulo
// shards (all of them when shards is 0). The hash is FNV-1a of the
// 16-byte address, so every port and name of one IP lands in the same
// shard and the per-IP cap holds across a fleet of scanners.
func shardOf(eps []scanner.Endpoint, shard, shards int) []scanner.Endpoint {
	if shards < 2 {
		return eps
	}
	var out []scanner.Endpoint
	for _, ep := range eps {
		h := fnv.New32a()
		b := ep.IP.As16()
		h.Write(b[:])
		if int(h.Sum32()%uint32(shards)) == shard {
			out = append(out, ep)
		}
	}
	return out
}
