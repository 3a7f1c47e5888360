// Command tlsfleet serves a fleet of loopback TLS endpoints for scale
// benchmarks (see package loadgen).
//
//	tlsfleet -n 5000 -seed 1 [-ports-per-ip 8] [-grouped] [-timeout 10s]
//
// Once every endpoint listens, it prints one line of JSON on stdout (a
// loadgen.Ready: the endpoints with their configuration, the root
// certificate). Then, for every line "stats" read on stdin, it prints one
// line of JSON (a loadgen.Stats, with its own CPU time). It exits when stdin
// closes.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/loadgen"
)

func main() {
	var opts loadgen.Options
	flag.IntVar(&opts.N, "n", 100, "number of endpoints")
	flag.Uint64Var(&opts.Seed, "seed", 1, "seed of the layout")
	flag.IntVar(&opts.PortsPerIP, "ports-per-ip", loadgen.DefaultPortsPerIP, "endpoints per address")
	flag.BoolVar(&opts.Grouped, "grouped", false, "the endpoints of one address consecutive in the list")
	flag.DurationVar(&opts.Timeout, "timeout", 10*time.Second, "bound of each connection")
	flag.Parse()
	if err := run(opts); err != nil {
		fmt.Fprintf(os.Stderr, "tlsfleet: error: %v\n", err)
		os.Exit(1)
	}
}

// fdHeadroom is the file descriptors wanted beyond one per listener: the
// connections a scan holds open at once, and some.
const fdHeadroom = 4096

func run(opts loadgen.Options) error {
	var ready loadgen.Ready
	lim, err := loadgen.EnsureFileLimit(uint64(opts.N) + fdHeadroom)
	ready.FileLimit = lim
	if err != nil {
		ready.FileLimitError = err.Error()
		fmt.Fprintf(os.Stderr, "tlsfleet: warning: %v\n", err)
	}
	f, err := loadgen.Start(opts)
	if err != nil {
		return err
	}
	defer f.Close()
	ready.Endpoints = f.Endpoints()
	ready.RootPEM = f.RootPEM()
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	if err := enc.Encode(ready); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "stats":
			st := f.Stats()
			st.CPUSeconds = cpuSeconds()
			if err := enc.Encode(st); err != nil {
				return err
			}
			if err := out.Flush(); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown command %q (want stats)", in.Text())
		}
	}
	return in.Err()
}

// cpuSeconds is this process's user and system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
