package dnsprobe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/miekg/dns"

	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// MTA-STS policy fetch bounds.
const (
	// policyPath is the well-known path of the policy (RFC 8461 §3.3).
	policyPath = "/.well-known/mta-sts.txt"
	// maxPolicyBytes is the most body read; a larger policy is not read
	// in part (too_large). It also bounds the response header.
	maxPolicyBytes = 64 << 10
	// maxPolicyAddrs is the most addresses of the policy host dialled.
	maxPolicyAddrs = 8
	// policyFetchFactor times Config.Timeout bounds the HTTPS part of a
	// fetch: the connections, the TLS handshake and the HTTP exchange
	// (the address lookups before it have their own bounds).
	policyFetchFactor = 2
)

type mtastsCall struct {
	done chan struct{}
	m    *MTASTS
}

// ProbeMTASTS observes what a mail domain publishes for SMTP MTA Strict
// Transport Security (RFC 8461) and SMTP TLS Reporting (RFC 8460): the
// TXT records at _mta-sts.DOMAIN, the policy they announce, fetched from
// https://mta-sts.DOMAIN/.well-known/mta-sts.txt when one record with a
// valid id asks for it, and the TXT records at _smtp._tls.DOMAIN. It is
// asked for SMTP endpoints found as an MX of domain, so it is remembered
// per domain: the MX hosts of one domain share one set of questions and
// one fetch, and concurrent callers wait for the first. It never fails:
// what could not be learnt is unknown with its reason. Each caller gets
// its own copy of the result.
//
// The policy host is resolved with the prober's resolver (A, then AAAA),
// dialled with Config.PolicyDial on port 443, and must present a
// certificate valid for it that chains to Config.PolicyRoots, at the
// time Config.Now gives. The fetch is bounded by twice Config.Timeout; a
// redirect is not followed (§3.3) and at most 64 KiB of body is read.
func (p *Prober) ProbeMTASTS(ctx context.Context, domain string) *MTASTS {
	name := strings.ToLower(strings.TrimSuffix(domain, "."))
	if why := notAName(name); why != "" {
		skip := unknownLookup(ReasonNotTested, why)
		return &MTASTS{Domain: name, Record: skip, TLSRPT: skip}
	}
	p.mu.Lock()
	c, waiting := p.mtasts[name]
	if !waiting {
		c = &mtastsCall{done: make(chan struct{})}
		p.mtasts[name] = c
	}
	p.mu.Unlock()
	if waiting {
		select {
		case <-c.done:
			m := c.m.clone()
			m.Stats = Stats{} // asked by another endpoint
			return m
		case <-ctx.Done():
			canceled := unknownLookup(ReasonCanceled, ctx.Err().Error())
			return &MTASTS{Domain: name, Record: canceled, TLSRPT: canceled}
		}
	}
	c.m = p.observeMTASTS(ctx, name)
	close(c.done)
	return c.m.clone()
}

// clone copies m and its slices, so that callers sharing a remembered
// result cannot change each other's.
func (m *MTASTS) clone() *MTASTS {
	c := *m
	c.Records = slices.Clone(m.Records)
	c.TLSRPTRecords = slices.Clone(m.TLSRPTRecords)
	c.RUA = slices.Clone(m.RUA)
	c.Record.Unknown = cloneProblem(m.Record.Unknown)
	c.TLSRPT.Unknown = cloneProblem(m.TLSRPT.Unknown)
	if m.Policy != nil {
		pol := *m.Policy
		pol.Unknown = cloneProblem(pol.Unknown)
		pol.MX = slices.Clone(pol.MX)
		pol.Problems = slices.Clone(pol.Problems)
		c.Policy = &pol
	}
	return &c
}

func cloneProblem(p *Problem) *Problem {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// observeMTASTS asks the two TXT questions of domain concurrently, and
// fetches the policy when the MTA-STS record asks for it.
func (p *Prober) observeMTASTS(ctx context.Context, domain string) *MTASTS {
	start := time.Now()
	m := &MTASTS{Domain: domain}
	var queries atomic.Int64
	ask := func(name string, qtype uint16) answer {
		a, sent := p.query(ctx, name, qtype)
		queries.Add(int64(sent))
		return a
	}
	defer func() {
		m.Stats = Stats{Queries: int(queries.Load()), DurationMS: time.Since(start).Milliseconds()}
	}()
	var wg sync.WaitGroup
	wg.Go(func() {
		// RFC 8461 §3.1.
		m.Record, m.Records = txtLookup(ask, "_mta-sts."+domain, stsVersion)
		switch n := len(m.Records); n {
		case 0:
		case 1:
			m.ID, m.RecordProblem = parseSTSRecord(m.Records[0])
		default:
			m.RecordProblem = fmt.Sprintf("%d records start with %s: no policy applies (RFC 8461 §3.1)", n, stsVersion)
		}
		if m.ID != "" {
			m.Policy = p.fetchPolicy(ctx, ask, domain)
		}
	})
	wg.Go(func() {
		// RFC 8460 §3.
		m.TLSRPT, m.TLSRPTRecords = txtLookup(ask, "_smtp._tls."+domain, tlsrptVersion)
		switch n := len(m.TLSRPTRecords); n {
		case 0:
		case 1:
			m.RUA, m.TLSRPTProblem = parseTLSRPTRecord(m.TLSRPTRecords[0])
		default:
			m.TLSRPTProblem = fmt.Sprintf("%d records start with %s: none applies (RFC 8460 §3)", n, tlsrptVersion)
		}
	})
	wg.Wait()
	return m
}

// txtLookup asks for the TXT records of name and returns those that
// start with version, each the concatenation of its strings. A CNAME is
// followed as for the other lookups.
func txtLookup(ask func(string, uint16) answer, name, version string) (Lookup, []string) {
	if _, ok := dns.IsDomainName(name); !ok {
		return unknownLookup(ReasonMalformed, quote(name)+" is not a valid DNS name"), nil
	}
	a := ask(dns.Fqdn(name), dns.TypeTXT)
	var out []string
	for _, rr := range a.records {
		t, ok := rr.(*dns.TXT)
		if !ok {
			continue
		}
		if s := txtUnescape(strings.Join(t.Txt, "")); strings.HasPrefix(s, version) {
			out = append(out, s)
		}
	}
	return a.lookup, out
}

// txtUnescape undoes the presentation escaping the DNS library applies
// to the TXT strings it reads from the wire: \" and \\ for those two
// bytes, \DDD for a byte outside printable ASCII.
func txtUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			if v := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0'); v <= 255 {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// fetchPolicy fetches the policy of domain (RFC 8461 §3.3) and reads it
// (§3.2).
func (p *Prober) fetchPolicy(ctx context.Context, ask func(string, uint16) answer, domain string) *MTASTSPolicy {
	host := "mta-sts." + domain
	pol := &MTASTSPolicy{URL: "https://" + host + policyPath, MaxAge: -1}
	defer func() {
		if pol.Unknown != nil {
			pol.Unknown.Detail = clip(pol.Unknown.Detail, maxDetail)
		}
	}()
	if _, ok := dns.IsDomainName(host); !ok {
		pol.Unknown = &Problem{Reason: ReasonMalformed, Detail: quote(host) + " is not a valid DNS name"}
		return pol
	}
	addrs, prob := policyAddrs(ctx, ask, host)
	if prob != nil {
		pol.Unknown = prob
		return pol
	}
	limit := policyFetchFactor * p.timeout()
	fctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	f := fetch{parent: ctx, ctx: fctx, limit: limit}
	conn, prob := p.dialPolicy(f, host, addrs)
	if prob != nil {
		pol.Unknown = prob
		return pol
	}
	body, prob := getPolicy(f, conn, pol.URL)
	if prob != nil {
		pol.Unknown = prob
		return pol
	}
	pol.Fetched = true
	parsePolicy(body, pol)
	return pol
}

// maxDetail bounds the detail of a fetch problem, which may quote what
// the server sent (a status line, a certificate's names).
const maxDetail = 300

// clip shortens s to at most n bytes, at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// fetch is the context of one policy fetch: the caller's, and the
// fetch's own with its deadline.
type fetch struct {
	parent, ctx context.Context
	limit       time.Duration
}

// problem says why a step of the fetch failed: the caller's context
// ended (canceled), the fetch's deadline passed or a read timed out
// (timeout), else reason with the error.
func (f fetch) problem(err error, reason Reason, what string) *Problem {
	var ne net.Error
	switch {
	case f.parent.Err() != nil:
		return &Problem{Reason: ReasonCanceled, Detail: what + ": " + f.parent.Err().Error()}
	case f.ctx.Err() != nil, errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &Problem{Reason: ReasonTimeout, Detail: fmt.Sprintf("%s: not done within %v", what, f.limit)}
	}
	return &Problem{Reason: reason, Detail: what + ": " + err.Error()}
}

// policyAddrs resolves the policy host with the prober's resolver: its
// IPv4 addresses, then its IPv6 ones.
func policyAddrs(ctx context.Context, ask func(string, uint16) answer, host string) ([]netip.Addr, *Problem) {
	fqdn := dns.Fqdn(host)
	var a4, a6 answer
	var wg sync.WaitGroup
	wg.Go(func() { a4 = ask(fqdn, dns.TypeA) })
	wg.Go(func() { a6 = ask(fqdn, dns.TypeAAAA) })
	wg.Wait()
	var addrs []netip.Addr
	for _, rr := range append(append([]dns.RR(nil), a4.records...), a6.records...) {
		var ip net.IP
		switch x := rr.(type) {
		case *dns.A:
			ip = x.A
		case *dns.AAAA:
			ip = x.AAAA
		}
		addr, ok := netip.AddrFromSlice(ip)
		if !ok || addr.IsUnspecified() || addr.IsMulticast() {
			continue
		}
		if addr = addr.Unmap(); !containsAddr(addrs, addr) && len(addrs) < maxPolicyAddrs {
			addrs = append(addrs, addr)
		}
	}
	if len(addrs) > 0 {
		return addrs, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, &Problem{Reason: ReasonCanceled, Detail: err.Error()}
	}
	return nil, &Problem{Reason: ReasonUnreachable, Detail: fmt.Sprintf("%s has no address: A %s, AAAA %s", host, describeLookup(a4.lookup), describeLookup(a6.lookup))}
}

func containsAddr(addrs []netip.Addr, a netip.Addr) bool {
	for _, b := range addrs {
		if a == b {
			return true
		}
	}
	return false
}

// describeLookup says in a few words what a lookup that gave no
// address gave.
func describeLookup(l Lookup) string {
	switch {
	case l.State == Unknown && l.Unknown != nil:
		return "unknown (" + l.Unknown.Error() + ")"
	case l.NXDomain:
		return "absent (NXDOMAIN)"
	case l.State == Present:
		return "present but unusable"
	}
	return string(l.State)
}

// mozillaRoots is the Mozilla bundle compiled into the binary, with its
// distrust-after constraints (scanner/pki's pool); nil when it cannot be
// read, which the bundle's own tests rule out.
var mozillaRoots = sync.OnceValue(func() *x509.CertPool {
	pool, err := pki.MozillaPool()
	if err != nil {
		return x509.NewCertPool()
	}
	return pool.CertPool()
})

func (p *Prober) policyRoots() *x509.CertPool {
	if p.cfg.PolicyRoots != nil {
		return p.cfg.PolicyRoots
	}
	return mozillaRoots()
}

// dialPolicy connects to port 443 of the policy host's addresses in turn
// until one accepts, and completes a TLS handshake there with SNI and
// certificate validation for host. A failed handshake is not retried at
// the next address.
func (p *Prober) dialPolicy(f fetch, host string, addrs []netip.Addr) (*tls.Conn, *Problem) {
	dial := p.cfg.PolicyDial
	if dial == nil {
		d := &net.Dialer{Timeout: p.timeout()}
		dial = d.DialContext
	}
	cfg := &tls.Config{
		ServerName: host,
		RootCAs:    p.policyRoots(),
		MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"},
		Time:       p.now,
	}
	var failed []string
	for _, ip := range addrs {
		addr := net.JoinHostPort(ip.String(), "443")
		raw, err := dial(f.ctx, "tcp", addr)
		if err != nil {
			if f.ctx.Err() != nil {
				return nil, f.problem(err, ReasonUnreachable, "connect to "+addr)
			}
			failed = append(failed, addr+": "+connectError(err))
			continue
		}
		conn := tls.Client(raw, cfg)
		if err := conn.HandshakeContext(f.ctx); err != nil {
			conn.Close()
			var cv *tls.CertificateVerificationError
			if errors.As(err, &cv) && f.ctx.Err() == nil {
				return nil, &Problem{Reason: ReasonCertificate, Detail: fmt.Sprintf("certificate served at %s is not valid for %s: %v", addr, host, cv.Err)}
			}
			return nil, f.problem(err, ReasonNetwork, "TLS handshake with "+addr)
		}
		return conn, nil
	}
	return nil, &Problem{Reason: ReasonUnreachable, Detail: fmt.Sprintf("no connection to %s port 443: %s", host, strings.Join(failed, "; "))}
}

// connectError is the useful part of a dial error.
func connectError(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}

// getPolicy sends GET policyURL over conn (HTTP/1.1) and reads a 200 text/plain
// answer of at most maxPolicyBytes. No proxy, no cookies, no redirect
// followed, no compression asked, the connection closed after the
// answer.
func getPolicy(f fetch, conn *tls.Conn, policyURL string) ([]byte, *Problem) {
	var used atomic.Bool
	tr := &http.Transport{
		Proxy: nil,
		DialTLSContext: func(context.Context, string, string) (net.Conn, error) {
			if used.Swap(true) {
				return nil, errors.New("one connection per policy fetch")
			}
			return conn, nil
		},
		DisableKeepAlives:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: maxPolicyBytes,
	}
	defer tr.CloseIdleConnections()
	defer conn.Close()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(f.ctx, http.MethodGet, policyURL, nil)
	if err != nil {
		return nil, &Problem{Reason: ReasonMalformed, Detail: err.Error()}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, f.problem(unwrapURLError(err), ReasonNetwork, "GET "+policyURL)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return nil, &Problem{Reason: ReasonRedirect, Detail: fmt.Sprintf("%s to %s, not followed (RFC 8461 §3.3)", resp.Status, quote(resp.Header.Get("Location")))}
	case resp.StatusCode != http.StatusOK:
		return nil, &Problem{Reason: ReasonHTTPStatus, Detail: clip(resp.Status, 64)}
	}
	ct := resp.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != "text/plain" {
		if ct == "" {
			return nil, &Problem{Reason: ReasonContentType, Detail: "no Content-Type, not text/plain"}
		}
		return nil, &Problem{Reason: ReasonContentType, Detail: "Content-Type " + quote(ct) + ", not text/plain"}
	}
	tooLarge := &Problem{Reason: ReasonTooLarge, Detail: fmt.Sprintf("body larger than %d bytes", maxPolicyBytes)}
	if resp.ContentLength > maxPolicyBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPolicyBytes+1))
	if err != nil {
		return nil, f.problem(err, ReasonNetwork, "read the body of "+policyURL)
	}
	if len(body) > maxPolicyBytes {
		return nil, tooLarge
	}
	return body, nil
}

// unwrapURLError drops the *url.Error wrapper of a client error, which
// repeats the method and URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}
