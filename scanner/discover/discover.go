// Package discover turns what the user gives (host names, addresses, URLs,
// CIDR ranges, targets files) into the endpoints to scan: it parses the
// inputs, resolves names, enumerates a domain's services in DNS (A/AAAA
// of the domain and of www, MX, SRV), removes exclusions and duplicates,
// and marks each endpoint in or out of scope.
//
// Server names. An endpoint found under a name is dialled with that name
// as SNI: the domain itself, www.DOMAIN, the MX host (the name SMTP
// clients check the certificate against: RFC 7672 for DANE, RFC 8461 for
// MTA-STS), the SRV target. For SRV, RFC 6125 (SRV-ID) and RFC 7673 (DANE
// with SRV) allow some protocols to check the certificate against the
// source domain instead, and XMPP clients (RFC 6120, RFC 7590) send the
// source domain as SNI. Endpoints keep the SRV target as SNI, and their
// Source names the source domain ("SRV _xmpp-client._tcp.example.fr"), so
// a certificate check can try both.
package discover

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// DefaultMaxRangeAddrs is the largest CIDR range expanded when
// Config.MaxRangeAddrs is zero: a /16 in IPv4, a /112 in IPv6.
const DefaultMaxRangeAddrs = 65536

// defaultConcurrency bounds the DNS queries in flight.
const defaultConcurrency = 16

// ErrRangeTooLarge is wrapped by the error for a CIDR range with more
// addresses than Config.MaxRangeAddrs.
var ErrRangeTooLarge = errors.New("range too large")

// Config says how to discover endpoints. The zero value works: the
// system resolver, port 443 for targets without one, DNS discovery on,
// the default scope, no exclusion.
type Config struct {
	// Resolver answers DNS questions; nil means SystemResolver(), read
	// only when a name is to be resolved.
	Resolver *Resolver

	// Ports are the ports of a host, address or range given without one;
	// empty means DefaultPorts (443, TLS).
	Ports []Port

	// NoDNSDiscovery resolves the names given and nothing more: no www,
	// MX or SRV lookups for bare domains.
	NoDNSDiscovery bool

	// Exclude removes matching endpoints.
	Exclude Exclusions

	// Scope replaces the default scope (the inputs) when not zero.
	Scope Scope

	// FollowOutOfScope scans out-of-scope endpoints too; otherwise they
	// are listed as discovered, not scanned.
	FollowOutOfScope bool

	// MaxRangeAddrs is the most addresses a CIDR range may hold; zero
	// means DefaultMaxRangeAddrs.
	MaxRangeAddrs int

	// Concurrency bounds DNS queries in flight; zero means 16.
	Concurrency int
}

// Target is a discovered endpoint and whether it is to be scanned.
type Target struct {
	Endpoint    scanner.Endpoint
	Origin      string   // the input it came from: "argument", "file targets.txt:12", "stdin:3"
	InScope     bool     // within Config.Scope, or the default scope
	ScopeReason string   // why in or out: "mx.provider.net is not under example.fr"
	Scan        bool     // InScope, or FollowOutOfScope
	AlsoFoundAs []string // Sources of duplicates merged into this endpoint
}

// Diagnostic is something discovery ran into: a lookup that failed
// (Incomplete: endpoints may be missing), or a fact worth telling (a
// service declared absent with SRV target ".", a null MX).
type Diagnostic struct {
	Type       string // DNS type asked: "A", "AAAA", "A/AAAA" (both, same outcome), "MX", "SRV"
	Name       string // name asked
	Reason     string // "SERVFAIL (2 queries to 192.0.2.53:53)", "no such name (NXDOMAIN)", ...
	Via        string // what led to the question when not an argument: "MX example.fr (pref 10)", "file targets.txt:3"
	Incomplete bool   // endpoints may be missing because of it
}

func (d Diagnostic) String() string {
	s := fmt.Sprintf("%s %s: %s", d.Type, d.Name, d.Reason)
	if d.Via != "" {
		s += " (for " + d.Via + ")"
	}
	return s
}

// Result is the outcome of Discover.
type Result struct {
	Targets     []Target     // every endpoint found, in a stable order, without duplicates
	Diagnostics []Diagnostic // in a stable order
}

// Endpoints returns the endpoints to scan (Target.Scan), in order.
func (r *Result) Endpoints() []scanner.Endpoint {
	var eps []scanner.Endpoint
	for _, t := range r.Targets {
		if t.Scan {
			eps = append(eps, t.Endpoint)
		}
	}
	return eps
}

// Incomplete reports whether a diagnostic says endpoints may be missing.
func (r *Result) Incomplete() bool {
	return slices.ContainsFunc(r.Diagnostics, func(d Diagnostic) bool { return d.Incomplete })
}

// Discover finds the endpoints of inputs. Before any lookup it checks the
// inputs against cfg and returns the *TargetError of each it refuses
// (errors.Join), with a nil Result. Lookup failures are not errors: they
// are Diagnostics. When ctx ends, Discover returns what it found with
// ctx's error.
//
// Order: inputs in order; within a name, its addresses IPv4 first, each
// family in address order, each address with every port in order; within
// a discovered domain, the domain, www, MX (by preference), then SRV
// services in the order of SRVServices (each by priority, then weight,
// descending). A duplicate (same address, port, protocol and server name)
// keeps the first place and Source, and adds its own to AlsoFoundAs.
func Discover(ctx context.Context, cfg Config, inputs []Input) (*Result, error) {
	maxAddrs := cfg.MaxRangeAddrs
	if maxAddrs <= 0 {
		maxAddrs = DefaultMaxRangeAddrs
	}
	var errs []error
	for _, in := range inputs {
		if in.Prefix.IsValid() {
			if n, ok := rangeSize(in.Prefix); !ok || n > uint64(maxAddrs) {
				size := "more than 2^63"
				if ok {
					size = fmt.Sprint(n)
				}
				errs = append(errs, &TargetError{
					Origin: in.Origin, Text: in.Text,
					Err:  fmt.Errorf("%w: %s addresses, more than the limit of %d", ErrRangeTooLarge, size, maxAddrs),
					Hint: "split the range, or raise the limit of addresses per range",
				})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	r := &run{ctx: ctx, cfg: cfg, calls: make(map[queryKey]*call)}
	r.sem = make(chan struct{}, orDefault(cfg.Concurrency, defaultConcurrency))
	r.cfg.Ports = normalPorts(cfg.Ports)
	if len(r.cfg.Ports) == 0 {
		r.cfg.Ports = DefaultPorts
	}

	type found struct {
		targets []Target
		diags   []Diagnostic
	}
	results := make([]found, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		if in.Name == "" {
			results[i].targets = r.expandAddrs(in)
			continue
		}
		wg.Go(func() {
			results[i].targets, results[i].diags = r.expandName(in)
		})
	}
	wg.Wait()
	r.calling.Wait() // address questions started by MX and SRV answers

	scope := cfg.Scope
	if scope.IsZero() {
		scope = defaultScope(inputs)
	}
	res := &Result{}
	index := make(map[endpointKey]int)
	for _, f := range results {
		for _, t := range f.targets {
			if cfg.Exclude.Match(t.Endpoint) {
				continue
			}
			k := keyOf(t.Endpoint)
			if i, ok := index[k]; ok {
				prev := &res.Targets[i]
				if t.Endpoint.Source != prev.Endpoint.Source && !slices.Contains(prev.AlsoFoundAs, t.Endpoint.Source) {
					prev.AlsoFoundAs = append(prev.AlsoFoundAs, t.Endpoint.Source)
				}
				continue
			}
			t.InScope, t.ScopeReason = scope.Check(t.Endpoint)
			t.Scan = t.InScope || cfg.FollowOutOfScope
			index[k] = len(res.Targets)
			res.Targets = append(res.Targets, t)
		}
		for _, d := range f.diags {
			if !slices.Contains(res.Diagnostics, d) {
				res.Diagnostics = append(res.Diagnostics, d)
			}
		}
	}
	if len(r.calls) > 0 && r.res.Fallback != "" {
		res.Diagnostics = append([]Diagnostic{{Type: "resolver", Name: "system", Reason: r.res.Fallback}}, res.Diagnostics...)
	}
	return res, ctx.Err()
}

func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// endpointKey identifies an endpoint for deduplication: the same address,
// port, protocol and server name is the same scan.
type endpointKey struct {
	ip       netip.Addr
	port     uint16
	protocol string
	sni      string
}

func keyOf(ep scanner.Endpoint) endpointKey {
	return endpointKey{ep.IP, ep.Port, ep.Protocol, strings.ToLower(ep.SNI)}
}

// rangeSize is the number of addresses in p, and false when it does not
// fit in 63 bits.
func rangeSize(p netip.Prefix) (uint64, bool) {
	hostBits := p.Addr().BitLen() - p.Bits()
	if hostBits >= 63 {
		return 0, false
	}
	return 1 << hostBits, true
}

// run is one Discover call: its DNS questions, each asked once.
type run struct {
	ctx   context.Context
	cfg   Config
	sem   chan struct{}
	once  sync.Once
	res   *Resolver
	mu    sync.Mutex
	calls map[queryKey]*call

	calling sync.WaitGroup // questions in flight
}

type queryKey struct {
	name  string
	qtype uint16
}

// call is one DNS question, asked or being asked.
type call struct {
	done chan struct{}
	resp response
}

func (c *call) wait() response {
	<-c.done
	return c.resp
}

func (r *run) resolver() *Resolver {
	r.once.Do(func() {
		r.res = r.cfg.Resolver
		if r.res == nil {
			r.res = SystemResolver()
		}
	})
	return r.res
}

// query asks name's qtype records, once per run, with at most
// Concurrency questions in flight. An MX or SRV answer starts the address
// questions of its targets at once.
func (r *run) query(name string, qtype uint16) *call {
	k := queryKey{name, qtype}
	r.mu.Lock()
	c, ok := r.calls[k]
	if !ok {
		c = &call{done: make(chan struct{})}
		r.calls[k] = c
		r.calling.Add(1)
	}
	r.mu.Unlock()
	if ok {
		return c
	}
	res := r.resolver()
	go func() {
		defer r.calling.Done()
		select {
		case r.sem <- struct{}{}:
			c.resp = res.query(r.ctx, name, qtype)
			<-r.sem
		case <-r.ctx.Done():
			c.resp = response{problem: "interrupted"}
		}
		close(c.done)
		for _, rr := range c.resp.records {
			var target string
			switch rr := rr.(type) {
			case *dns.MX:
				target = rr.Mx
			case *dns.SRV:
				target = rr.Target
			default:
				continue
			}
			if host, err := ParseHostName(target); err == nil && target != "." {
				if _, ok := r.fromHosts(host); !ok {
					r.query(host, dns.TypeA)
					r.query(host, dns.TypeAAAA)
				}
			}
		}
	}()
	return c
}

// expandAddrs lists the endpoints of an address or range input.
func (r *run) expandAddrs(in Input) []Target {
	ports := in.Ports
	if ports == nil {
		ports = r.cfg.Ports
	}
	var out []Target
	add := func(ip netip.Addr, source string) {
		if r.cfg.Exclude.matchAddr(ip) {
			return
		}
		for _, p := range ports {
			out = append(out, Target{Origin: in.Origin, Endpoint: scanner.Endpoint{
				Host: ip.String(), IP: ip, Port: p.Number, Protocol: p.Protocol, Source: source,
			}})
		}
	}
	if in.Addr.IsValid() {
		add(in.Addr, in.Origin)
		return out
	}
	source := "CIDR " + in.Prefix.String()
	for ip := range rangeAddrs(in.Prefix) {
		add(ip, source)
	}
	return out
}

// rangeAddrs yields the addresses of p that can be dialled: in IPv4, all
// but the network and broadcast addresses of ranges wider than /31 (RFC
// 3021); never the unspecified address.
func rangeAddrs(p netip.Prefix) func(yield func(netip.Addr) bool) {
	return func(yield func(netip.Addr) bool) {
		first := p.Addr()
		skipEnds := first.Is4() && p.Bits() < 31
		for ip := first; ip.IsValid() && p.Contains(ip); ip = ip.Next() {
			if skipEnds && (ip == first || !p.Contains(ip.Next())) {
				continue
			}
			if ip.IsUnspecified() {
				continue
			}
			if !yield(ip) {
				return
			}
		}
	}
}

// normalPorts drops port 0 and gives a port without a protocol its
// PortProtocol, in a copy.
func normalPorts(ports []Port) []Port {
	var out []Port
	for _, p := range ports {
		if p.Number == 0 {
			continue
		}
		if p.Protocol == "" {
			p.Protocol = PortProtocol(p.Number)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
