package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/discover"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
	"github.com/cryptoscan/cryptoscan/scanner/starttls"
)

// readInputs parses the targets of the command line and of every -f file.
// Each bad target is reported on its own line (with the file and line it
// came from); then one hint per kind of mistake. ok is false when any was
// bad or none was given: nothing is scanned then.
func (c *cli) readInputs(opts options) (inputs []discover.Input, ok bool) {
	var hints []string
	bad := 0
	report := func(err error) {
		bad++
		c.errorf("%v", err)
		if h := discover.Hint(err); h != "" && !containsString(hints, h) {
			hints = append(hints, h)
		}
	}
	for _, arg := range opts.targets {
		in, err := discover.ParseTarget(arg)
		if err != nil {
			report(err)
			continue
		}
		inputs = append(inputs, in)
	}
	for _, f := range opts.files {
		ins, err := discover.ReadTargetsFile(f, c.stdin)
		if err != nil {
			var many interface{ Unwrap() []error }
			if errors.As(err, &many) {
				for _, e := range many.Unwrap() {
					report(e)
				}
			} else {
				report(err)
			}
			continue
		}
		inputs = append(inputs, ins...)
	}
	if bad > 0 {
		for _, h := range hints {
			c.hintf("%s", h)
		}
		return nil, false
	}
	if len(inputs) == 0 {
		c.errorf("no target given")
		c.hintf("give a host, host:port, IP address, URL or CIDR range, or -f FILE, e.g. cryptoscan example.fr; run cryptoscan -h for more")
		return nil, false
	}
	return inputs, true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// discover turns the inputs into endpoints: DNS discovery for bare domains,
// CIDR expansion, ports, scope and exclusions. Diagnostics go to stderr;
// those that may have hidden endpoints are errors and make the run
// incomplete (found.Incomplete). A nil result comes with the exit code.
func (c *cli) discover(ctx context.Context, opts options, inputs []discover.Input) (*discover.Result, *discover.Resolver, int) {
	res := c.resolver
	if opts.resolver != "" {
		r, err := discover.NewResolver(opts.resolver)
		if err != nil {
			c.usageErr(&usageError{fmt.Errorf("--resolver %q: %w", opts.resolver, err), "give the DNS server as ADDRESS:PORT, e.g. --resolver 127.0.0.1:53"})
			return nil, nil, exitUsage
		}
		res = r
	}
	if res == nil {
		res = discover.SystemResolver()
	}
	if opts.dnsTimeout > 0 {
		cp := *res
		cp.Timeout = opts.dnsTimeout
		res = &cp
	}
	found, err := discover.Discover(ctx, discover.Config{
		Resolver:         res,
		Ports:            opts.ports,
		NoDNSDiscovery:   opts.noDiscover,
		Exclude:          opts.exclude,
		Scope:            opts.scope,
		FollowOutOfScope: opts.followOutOfScope,
		MaxRangeAddrs:    opts.maxRangeAddrs,
		Concurrency:      opts.concurrency,
	}, inputs)
	if err != nil {
		if ctx.Err() != nil {
			c.errorf("interrupted before scanning")
			return nil, nil, exitIncomplete
		}
		hint := discover.Hint(err)
		if errors.Is(err, discover.ErrRangeTooLarge) {
			hint = "split the range, or raise the cap with --max-range-addrs N"
		}
		c.usageErr(&usageError{err, hint})
		return nil, nil, exitUsage
	}
	for _, n := range notScanned(found) {
		fmt.Fprintf(c.stderr, "cryptoscan: note: not scanned: %s %s (%s): %s\n", n.Endpoint, n.Endpoint.Protocol, n.Endpoint.Source, n.Reason)
	}
	for _, d := range found.Diagnostics {
		if d.Incomplete {
			c.errorf("%s", d)
		} else {
			fmt.Fprintf(c.stderr, "cryptoscan: note: %s\n", d)
		}
	}
	return found, res, exitOK
}

// byProtocol sends SSH endpoints to the SSH probe, IKE ones to the IKE
// probe and every other one (TLS from the first byte, STARTTLS) to the TLS
// probe.
type byProtocol struct {
	tls, ssh, ike scanner.Prober
}

func (p byProtocol) Probe(ctx context.Context, ep scanner.Endpoint, d *scanner.Dialer) scanner.Result {
	switch ep.Protocol {
	case discover.ProtocolSSH:
		return p.ssh.Probe(ctx, ep, d)
	case discover.ProtocolIKE:
		return p.ike.Probe(ctx, ep, d)
	}
	return p.tls.Probe(ctx, ep, d)
}

// withDNS is a prober that also asks DNS about the endpoint's host name,
// at the same time as the endpoint's probes: DNSSEC, CAA and TLSA for its
// port for a TLS endpoint (and, for an MX, its mail domain's MTA-STS
// policy); DNSSEC and SSHFP for an SSH one. DNS queries do
// not go through the per-IP limiter (they go to the resolver, not the
// endpoint).
type withDNS struct {
	tls scanner.Prober // the endpoint's prober (byProtocol)
	dns *dnsprobe.Prober
}

func (p withDNS) Probe(ctx context.Context, ep scanner.Endpoint, d *scanner.Dialer) scanner.Result {
	if _, err := netip.ParseAddr(ep.Host); err == nil || ep.Host == "" {
		return p.tls.Probe(ctx, ep, d) // an address: no name to ask about
	}
	if isLocalhost(ep.Host) {
		return p.tls.Probe(ctx, ep, d) // never resolved by DNS: no DNSSEC, CAA, TLSA or SSHFP applies
	}
	if ep.Protocol == discover.ProtocolIKE {
		return p.tls.Probe(ctx, ep, d) // no DNS record secures IKE that cryptoscan reads
	}
	done := make(chan *dnsprobe.Observation, 1)
	go func() {
		if ep.Protocol == discover.ProtocolSSH {
			done <- p.dns.ProbeSSH(ctx, ep.Host) // DNSSEC and SSHFP
			return
		}
		o := p.dns.Probe(ctx, ep.Host, ep.Port)
		// An MX is graded against its mail domain's MTA-STS policy,
		// asked once per domain however many MX hosts it has.
		if domain, ok := discover.MXDomain(ep.Source); ok && ep.Protocol == discover.ProtocolSMTP {
			o.MTASTS = p.dns.ProbeMTASTS(ctx, domain)
		}
		done <- o
	}()
	r := p.tls.Probe(ctx, ep, d)
	r.DNS = <-done
	return r
}

// isLocalhost says whether name is localhost or under it, names that
// resolve to the loopback address without DNS (RFC 6761, Section 6.3).
func isLocalhost(name string) bool {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	return name == "localhost" || strings.HasSuffix(name, ".localhost")
}

// upgrades gives each endpoint the plaintext dialogue its protocol needs
// before TLS (none for tls).
func upgrades(ehlo string) func(scanner.Endpoint) func(context.Context, net.Conn) error {
	return func(ep scanner.Endpoint) func(context.Context, net.Conn) error {
		if !discover.STARTTLS(ep.Protocol) {
			return nil
		}
		up, err := starttls.Upgrader(ep.Protocol, starttls.Options{EHLO: ehlo, XMPPDomain: ep.Host})
		if err != nil {
			// Discovery only makes protocols starttls knows; should one
			// slip through, every probe fails and says why.
			return func(context.Context, net.Conn) error { return err }
		}
		return up
	}
}

// notScanned lists the endpoints discovery found and left out of the scan.
func notScanned(found *discover.Result) []report.NotScanned {
	var out []report.NotScanned
	for _, t := range found.Targets {
		if !t.Scan {
			out = append(out, report.NotScanned{Endpoint: t.Endpoint, Reason: t.ScopeReason})
		}
	}
	return out
}
