package dnsprobe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Query bounds.
const (
	defaultTimeout  = 2 * time.Second
	defaultAttempts = 2
	// ednsSize is the UDP payload size offered (DNS flag day 2020); larger
	// answers come back truncated and are asked again over TCP, where a
	// message cannot exceed 64 KiB.
	ednsSize = 1232
	// maxRecords is the most records of the asked type an answer may hold;
	// beyond it the lookup is unknown rather than read in part (a CAA or
	// TLSA set cut short could change the verdict).
	maxRecords = 64
	// maxSignatures is the most RRSIGs over the DNSKEY set verified.
	maxSignatures = 16
)

// answer is the outcome of one question, once every try is spent.
type answer struct {
	lookup    Lookup
	records   []dns.RR // records of the type asked, owned by the name or a CNAME along its chain
	sigs      []*dns.RRSIG
	authority []dns.RR
	cnamed    bool // the name is an alias (a CNAME at the name was in the answer)
	queries   int  // messages sent
}

// exchange asks every server in turn, Attempts rounds, until one gives an
// authoritative outcome (an answer, no data, or NXDOMAIN). SERVFAIL,
// REFUSED, timeouts and network errors move on to the next try; when
// every try failed, the first server's last reason is the problem.
func (p *Prober) exchange(ctx context.Context, name string, qtype uint16) answer {
	var a answer
	servers := p.cfg.Servers
	if len(servers) == 0 {
		a.lookup = unknownLookup(ReasonNetwork, "no DNS server configured")
		return a
	}
	var reason Reason
	var details []string
	for range p.attempts() {
		for _, srv := range servers {
			if err := ctx.Err(); err != nil {
				a.lookup = unknownLookup(ReasonCanceled, err.Error())
				return a
			}
			m, n, err := p.ask(ctx, srv, name, qtype)
			a.queries += n
			var r Reason
			var d string
			switch {
			case err != nil:
				r, d = classify(err, p.timeout())
			case m.Rcode == dns.RcodeSuccess:
				return readAnswer(m, name, qtype, a.queries)
			case m.Rcode == dns.RcodeNameError:
				a.lookup = Lookup{State: Absent, NXDomain: true, Authenticated: m.AuthenticatedData}
				a.authority = m.Ns
				return a
			case m.Rcode == dns.RcodeServerFailure:
				r, d = ReasonServFail, "SERVFAIL"
			case m.Rcode == dns.RcodeRefused:
				r, d = ReasonRefused, "REFUSED"
			default:
				r, d = ReasonRcode, rcodeName(m.Rcode)
			}
			if reason == "" {
				reason = r
			}
			d += " from " + srv
			if !slices.Contains(details, d) {
				details = append(details, d)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		a.lookup = unknownLookup(ReasonCanceled, err.Error())
		return a
	}
	a.lookup = unknownLookup(reason, fmt.Sprintf("%s %s: %s (%d %s)", strings.TrimSuffix(name, "."), dns.TypeToString[qtype],
		strings.Join(details, ", "), a.queries, plural(a.queries, "query", "queries")))
	return a
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func rcodeName(rcode int) string {
	if s, ok := dns.RcodeToString[rcode]; ok {
		return s
	}
	return "rcode " + strconv.Itoa(rcode)
}

// classify turns an exchange error into a reason.
func classify(err error, timeout time.Duration) (Reason, string) {
	var ne net.Error
	var de *dns.Error
	switch {
	case errors.Is(err, context.Canceled):
		return ReasonCanceled, err.Error()
	case errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded):
		return ReasonTimeout, fmt.Sprintf("timeout after %v", timeout)
	case errors.Is(err, errMismatch), errors.As(err, &de):
		return ReasonMalformed, err.Error()
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return ReasonNetwork, oe.Err.Error()
	}
	return ReasonNetwork, err.Error()
}

// errMismatch is an answer to another question.
var errMismatch = errors.New("answer does not match the question")

// ask sends one question to one server over UDP, then over TCP when the
// answer is truncated. It asks for DNSSEC records (DO) and for the AD bit
// (RFC 6840 §5.7), and does not disable validation (CD clear).
func (p *Prober) ask(ctx context.Context, server, name string, qtype uint16) (*dns.Msg, int, error) {
	q := new(dns.Msg)
	q.SetQuestion(name, qtype)
	q.RecursionDesired = true
	q.AuthenticatedData = true
	q.SetEdns0(ednsSize, true)
	m, err := p.send(ctx, "udp", server, q)
	n := 1
	if err == nil && m.Truncated {
		m, err = p.send(ctx, "tcp", server, q)
		n++
	}
	if err != nil {
		return nil, n, err
	}
	if len(m.Question) != 1 || m.Question[0].Qtype != qtype || !strings.EqualFold(m.Question[0].Name, name) {
		return nil, n, errMismatch
	}
	return m, n, nil
}

// send sends one message and reads the answer. The client honours ctx's
// deadline but not its cancellation: closing the connection does.
func (p *Prober) send(ctx context.Context, network, server string, q *dns.Msg) (*dns.Msg, error) {
	c := &dns.Client{Net: network, Timeout: p.timeout(), UDPSize: ednsSize}
	conn, err := c.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	m, _, err := c.ExchangeWithConnContext(ctx, q, conn)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return m, err
}

// readAnswer reads a NOERROR answer: the records of the type asked along
// the name's CNAME chain, and the signatures over them.
func readAnswer(m *dns.Msg, name string, qtype uint16, queries int) answer {
	a := answer{queries: queries, authority: m.Ns}
	owners := map[string]bool{strings.ToLower(name): true}
	for range 16 { // chains are short; a loop must end
		grew := false
		for _, rr := range m.Answer {
			c, ok := rr.(*dns.CNAME)
			if !ok || !owners[strings.ToLower(c.Hdr.Name)] {
				continue
			}
			if strings.EqualFold(c.Hdr.Name, name) {
				a.cnamed = true
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
	for _, rr := range m.Answer {
		h := rr.Header()
		if !owners[strings.ToLower(h.Name)] || h.Class != dns.ClassINET {
			continue
		}
		if h.Rrtype == qtype {
			a.records = append(a.records, rr)
		}
		if s, ok := rr.(*dns.RRSIG); ok && s.TypeCovered == qtype {
			a.sigs = append(a.sigs, s)
		}
	}
	switch {
	case len(a.records) > maxRecords:
		a.lookup = unknownLookup(ReasonMalformed, fmt.Sprintf("%s %s: %d records, more than the %d read",
			strings.TrimSuffix(name, "."), dns.TypeToString[qtype], len(a.records), maxRecords))
		a.records, a.sigs = nil, nil
	case len(a.records) > 0:
		a.lookup = Lookup{State: Present, Authenticated: m.AuthenticatedData}
	default:
		a.lookup = Lookup{State: Absent, Authenticated: m.AuthenticatedData}
	}
	return a
}

func (p *Prober) timeout() time.Duration {
	if p.cfg.Timeout > 0 {
		return p.cfg.Timeout
	}
	return defaultTimeout
}

func (p *Prober) attempts() int {
	if p.cfg.Attempts > 0 {
		return p.cfg.Attempts
	}
	return defaultAttempts
}
