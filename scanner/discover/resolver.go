package discover

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Resolver defaults.
const (
	defaultTimeout  = 2 * time.Second
	defaultAttempts = 2
	// ednsSize is the UDP payload size offered (DNS flag day 2020): larger
	// answers come back truncated and are asked again over TCP.
	ednsSize = 1232
)

// Resolver asks recursive DNS servers: over UDP first, again over TCP
// when the answer is truncated. CNAME chains are followed by the server;
// the resolver keeps the records along the chain. Search domains are not
// applied: every name is absolute.
type Resolver struct {
	Servers  []string      // "ADDR:PORT", tried in order
	Timeout  time.Duration // per query to one server (UDP or TCP); 0 means 2s
	Attempts int           // rounds over Servers before giving up; 0 means 2

	// Hosts answers names before DNS, as /etc/hosts does; keys are lower
	// case without trailing dot. SystemResolver fills it.
	Hosts map[string][]netip.Addr

	// Fallback says why the servers are not the system's configured ones
	// (SystemResolver could not read them); empty otherwise.
	Fallback string
}

// Paths of the system's resolver configuration.
const (
	resolvConfPath = "/etc/resolv.conf"
	hostsPath      = "/etc/hosts"
)

// SystemResolver is the system's resolver: the name servers, timeout and
// attempts of /etc/resolv.conf, and the names of /etc/hosts. When
// resolv.conf cannot be read or names no server, it asks 127.0.0.1:53 and
// [::1]:53 (as the C library and Go do) and says so in Fallback.
func SystemResolver() *Resolver {
	return systemResolver(resolvConfPath, hostsPath)
}

func systemResolver(resolvConf, hosts string) *Resolver {
	r := &Resolver{}
	conf, err := dns.ClientConfigFromFile(resolvConf)
	switch {
	case err != nil:
		r.Fallback = fmt.Sprintf("cannot read %s (%v): asking 127.0.0.1:53 and [::1]:53", resolvConf, errors.Unwrap(err))
	case len(conf.Servers) == 0:
		r.Fallback = fmt.Sprintf("no nameserver in %s: asking 127.0.0.1:53 and [::1]:53", resolvConf)
	default:
		for _, s := range conf.Servers {
			ip, err := netip.ParseAddr(s)
			if err != nil {
				continue // resolv.conf(5) wants addresses
			}
			r.Servers = append(r.Servers, net.JoinHostPort(ip.String(), conf.Port))
		}
		if len(r.Servers) == 0 {
			r.Fallback = fmt.Sprintf("no usable nameserver address in %s: asking 127.0.0.1:53 and [::1]:53", resolvConf)
		}
		r.Timeout = time.Duration(conf.Timeout) * time.Second
		r.Attempts = conf.Attempts
	}
	if len(r.Servers) == 0 {
		r.Servers = []string{"127.0.0.1:53", "[::1]:53"}
	}
	if f, err := os.Open(hosts); err == nil {
		r.Hosts = ReadHosts(f)
		f.Close()
	}
	return r
}

// NewResolver asks one server, given as ADDR:PORT, [IPv6]:PORT, or an
// address alone for port 53.
func NewResolver(server string) (*Resolver, error) {
	hint := "give the DNS server as ADDRESS:PORT, e.g. 192.0.2.53:53 or [2001:db8::53]:53"
	if ip, err := netip.ParseAddr(server); err == nil && ip.Zone() == "" {
		return &Resolver{Servers: []string{net.JoinHostPort(ip.String(), "53")}}, nil
	}
	ap, err := netip.ParseAddrPort(server)
	if err != nil || ap.Port() == 0 || ap.Addr().Zone() != "" {
		return nil, hintedError{fmt.Errorf("DNS server %q is not an address and port", server), hint}
	}
	if err := scannable(ap.Addr()); err != nil {
		return nil, hintedError{fmt.Errorf("DNS server %q: %v", server, err), hint}
	}
	return &Resolver{Servers: []string{ap.String()}}, nil
}

// ReadHosts reads a hosts(5) file: an address then its names on each
// line, "#" comments. Names are lower-cased; addresses keep file order.
func ReadHosts(r io.Reader) map[string][]netip.Addr {
	hosts := make(map[string][]netip.Addr)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		ip, err := netip.ParseAddr(f[0])
		if err != nil || ip.Zone() != "" {
			continue
		}
		ip = ip.Unmap()
		for _, name := range f[1:] {
			name = strings.ToLower(strings.TrimSuffix(name, "."))
			if !slices.Contains(hosts[name], ip) {
				hosts[name] = append(hosts[name], ip)
			}
		}
	}
	return hosts
}

// response is the outcome of one question.
type response struct {
	records  []dns.RR // records of the type asked, owned by the name or a CNAME along its chain
	nxdomain bool     // the name does not exist
	problem  string   // why no answer came: "SERVFAIL", "timeout", ...; empty on an answer
}

func (r *Resolver) timeout() time.Duration {
	if r.Timeout > 0 {
		return r.Timeout
	}
	return defaultTimeout
}
func (r *Resolver) attempts() int {
	if r.Attempts > 0 {
		return r.Attempts
	}
	return defaultAttempts
}

// query asks every server in turn, Attempts rounds, until one gives an
// authoritative outcome (an answer, no data, or NXDOMAIN). SERVFAIL,
// REFUSED, timeouts and network errors move on to the next try; when
// every try failed, the last reason is the problem.
func (r *Resolver) query(ctx context.Context, name string, qtype uint16) response {
	servers := r.Servers
	if len(servers) == 0 {
		return response{problem: "no DNS server configured"}
	}
	var reasons []string
	tries := 0
	for range r.attempts() {
		for _, srv := range servers {
			if ctx.Err() != nil {
				return response{problem: "interrupted"}
			}
			tries++
			m, err := r.exchange(ctx, srv, name, qtype)
			if err != nil {
				if reason := describeError(err, r.timeout()); !slices.Contains(reasons, reason) {
					reasons = append(reasons, reason)
				}
				continue
			}
			switch m.Rcode {
			case dns.RcodeSuccess:
				return response{records: chainRecords(m, name, qtype)}
			case dns.RcodeNameError:
				return response{nxdomain: true}
			default:
				if reason := rcodeName(m.Rcode); !slices.Contains(reasons, reason) {
					reasons = append(reasons, reason)
				}
			}
		}
	}
	if ctx.Err() != nil {
		return response{problem: "interrupted"}
	}
	plural := "queries"
	if tries == 1 {
		plural = "query"
	}
	return response{problem: fmt.Sprintf("%s (%d %s to %s)", strings.Join(reasons, ", "), tries, plural, strings.Join(servers, ", "))}
}

func rcodeName(rcode int) string {
	if s, ok := dns.RcodeToString[rcode]; ok {
		return s
	}
	return "rcode " + strconv.Itoa(rcode)
}

func describeError(err error, timeout time.Duration) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("timeout after %v", timeout)
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}

// errMismatch is an answer to another question.
var errMismatch = errors.New("answer does not match the question")

// exchange asks one server over UDP, then over TCP when the answer is
// truncated.
func (r *Resolver) exchange(ctx context.Context, server, name string, qtype uint16) (*dns.Msg, error) {
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.RecursionDesired = true
	q.SetEdns0(ednsSize, false)
	c := &dns.Client{Net: "udp", Timeout: r.timeout(), UDPSize: ednsSize}
	m, _, err := c.ExchangeContext(ctx, q, server)
	if m != nil && m.Truncated {
		c.Net = "tcp"
		m, _, err = c.ExchangeContext(ctx, q, server)
	}
	if err != nil {
		return nil, err
	}
	if len(m.Question) != 1 || m.Question[0].Qtype != qtype || !strings.EqualFold(m.Question[0].Name, q.Question[0].Name) {
		return nil, errMismatch
	}
	return m, nil
}

// chainRecords returns the answer records of type qtype owned by name or
// by a name its CNAME chain leads to.
func chainRecords(m *dns.Msg, name string, qtype uint16) []dns.RR {
	owners := map[string]bool{strings.ToLower(dns.Fqdn(name)): true}
	for range 16 { // chains are short; a loop must end
		grew := false
		for _, rr := range m.Answer {
			c, ok := rr.(*dns.CNAME)
			if !ok || !owners[strings.ToLower(c.Hdr.Name)] {
				continue
			}
			if t := strings.ToLower(c.Target); !owners[t] {
				owners[t] = true
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	var out []dns.RR
	for _, rr := range m.Answer {
		if rr.Header().Rrtype == qtype && owners[strings.ToLower(rr.Header().Name)] {
			out = append(out, rr)
		}
	}
	return out
}
