// Package starttls runs the plaintext dialogue that turns a connection to a
// mail, chat, directory or database server into a TLS connection: SMTP and
// submission, IMAP, POP3, FTP, XMPP (client and server streams), LDAP,
// PostgreSQL and MySQL.
//
// Every protocol is one entry of a table (dialogues.go): the steps to send,
// how to frame the server's reply, and which answers mean go on, busy, or
// STARTTLS not offered. One loop (run) plays every entry, so a fix to the
// sending, the bounds or the classification is made once.
//
// The function Upgrader returns plugs into scanner.Dialer.Upgrade: it runs
// on every new connection, bounded by the connection's deadline (which the
// Dialer sets) and by its context, and leaves the stream exactly at the
// first byte of the server's TLS handshake. Errors are typed for the probe
// layer:
//
//   - *Refusal: the server answered, but not with a go-ahead. Busy() means
//     the answer was a temporary refusal (SMTP 421, IMAP BYE, MySQL error
//     1040, ...): the facts stay unknown and the endpoint may be throttling.
//     NotOffered() means the server does not offer TLS this way (no STARTTLS
//     in the EHLO reply, PostgreSQL 'N', ...).
//   - ErrMalformed (errors.Is): the reply did not parse or broke a bound
//     (line length, reply size, line count, BER or packet length).
//   - ErrUnexpectedData (errors.Is): the server sent bytes after its final
//     go-ahead and before the TLS handshake (the STARTTLS injection class of
//     bugs); they are never silently dropped.
//   - a net.Error with Timeout() (os.ErrDeadlineExceeded) for silence, io.EOF
//     or io.ErrUnexpectedEOF for a close, syscall errors for a reset, and
//     ctx.Err() when the context ended first, all wrapped with the protocol
//     and the step.
package starttls

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Bounds on what a server may send during the dialogue. A hostile server
// controls these bytes; going past a bound is ErrMalformed.
const (
	// MaxLine is the longest line (text protocols) accepted, CRLF included.
	MaxLine = 4096
	// MaxReply is the most bytes read over a whole dialogue.
	MaxReply = 64 << 10
	// MaxLines is the most lines in one reply (an SMTP EHLO reply, the
	// untagged lines before an IMAP tagged response, an FTP multiline reply).
	MaxLines = 128
)

// DefaultEHLO is the name sent in EHLO when Options.EHLO is empty and the
// connection's local address is not an IP address (a net.Pipe in tests).
// .invalid is reserved (RFC 2606) and says honestly that no host answers
// to it.
const DefaultEHLO = "cryptoscan.invalid"

// Options tunes the dialogues. The zero value is usable for every protocol
// but XMPP, which needs XMPPDomain.
type Options struct {
	// EHLO is the client name sent in SMTP EHLO. Empty means the address
	// literal of the connection's local address ("[192.0.2.1]",
	// "[IPv6:2001:db8::1]"), what RFC 5321 (Section 4.1.4) asks of a client
	// with no meaningful host name, and what servers checking the EHLO
	// argument's syntax accept; DefaultEHLO when the local address is not
	// an IP address.
	EHLO string
	// XMPPDomain is the domain the XMPP stream is opened to (the 'to'
	// attribute): the endpoint's host name, as the server serves by domain.
	XMPPDomain string
}

// Port is the well-known port of a service reached with STARTTLS.
type Port struct {
	Service  string // IANA service name
	Protocol string // the protocol name Upgrader takes (scanner.Endpoint.Protocol)
	Port     uint16
}

// DefaultPorts are the well-known ports of the protocols this package
// upgrades, for discovery: a bare host:port with one of these ports is
// scanned with the protocol's dialogue.
var DefaultPorts = []Port{
	{"smtp", "smtp", 25},
	{"submission", "smtp", 587},
	{"imap", "imap", 143},
	{"pop3", "pop3", 110},
	{"ftp", "ftp", 21},
	{"xmpp-client", "xmpp-client", 5222},
	{"xmpp-server", "xmpp-server", 5269},
	{"ldap", "ldap", 389},
	{"postgresql", "postgres", 5432},
	{"mysql", "mysql", 3306},
}

// ProtocolForPort is the protocol of a well-known port in DefaultPorts,
// or "" when port is not one.
func ProtocolForPort(port uint16) string {
	for _, p := range DefaultPorts {
		if p.Port == port {
			return p.Protocol
		}
	}
	return ""
}

// Protocols lists the protocol names Upgrader accepts, in table order.
// "xmpp" is also accepted, as "xmpp-client".
func Protocols() []string {
	names := make([]string, len(dialogues))
	for i, d := range dialogues {
		names[i] = d.name
	}
	return names
}

// Upgrader returns the function that runs proto's dialogue on a fresh
// connection, for scanner.Dialer.Upgrade. It fails for an unknown protocol
// (the error lists the known ones) and for options the protocol cannot
// send (an EHLO name with spaces or control characters, XMPP without a
// domain). opts is copied. The function is safe for concurrent use; each
// call plays the dialogue once on its own connection.
func Upgrader(proto string, opts Options) (func(ctx context.Context, c net.Conn) error, error) {
	if proto == "xmpp" {
		proto = "xmpp-client"
	}
	i := slices.IndexFunc(dialogues, func(d dialogue) bool { return d.name == proto })
	if i < 0 {
		return nil, fmt.Errorf("starttls: unknown protocol %q (known: %s, xmpp)", proto, strings.Join(Protocols(), ", "))
	}
	d := &dialogues[i]
	if opts.EHLO != "" && !validEHLO(opts.EHLO) {
		return nil, fmt.Errorf("starttls: EHLO name %q is not one word of printable ASCII", opts.EHLO)
	}
	if d.needsDomain && opts.XMPPDomain == "" {
		return nil, fmt.Errorf("starttls: %s needs Options.XMPPDomain, the domain to open the stream to", proto)
	}
	if d.needsDomain && !validEHLO(opts.XMPPDomain) {
		return nil, fmt.Errorf("starttls: XMPP domain %q is not one word of printable ASCII", opts.XMPPDomain)
	}
	return func(ctx context.Context, c net.Conn) error {
		o := opts
		if o.EHLO == "" {
			o.EHLO = addressLiteral(c.LocalAddr())
		}
		return d.run(ctx, c, &o)
	}, nil
}

func validEHLO(s string) bool {
	if len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// addressLiteral is the RFC 5321 (Section 4.1.3) address literal of a, or
// DefaultEHLO.
func addressLiteral(a net.Addr) string {
	var ip netip.Addr
	switch a := a.(type) {
	case *net.TCPAddr:
		ip, _ = netip.AddrFromSlice(a.IP)
	default:
		if a != nil {
			if ap, err := netip.ParseAddrPort(a.String()); err == nil {
				ip = ap.Addr()
			}
		}
	}
	ip = ip.Unmap()
	switch {
	case ip.Is4():
		return "[" + ip.String() + "]"
	case ip.Is6():
		return "[IPv6:" + ip.WithZone("").String() + "]"
	}
	return DefaultEHLO
}

// ErrMalformed is a reply that does not parse or breaks a bound.
var ErrMalformed = errors.New("malformed reply")

// ErrUnexpectedData is data the server sent after its final go-ahead, which
// would otherwise be read as the start of its TLS handshake, or swallowed.
var ErrUnexpectedData = errors.New("unexpected data after STARTTLS reply")

// RefusalKind is how to read a refusal.
type RefusalKind uint8

const (
	// KindRefused is any other refusal (SMTP 554 at the greeting, an LDAP
	// or XMPP error that is neither busy nor "not offered").
	KindRefused RefusalKind = iota
	// KindBusy is a temporary refusal: too many connections, a rate
	// limit, the service restarting.
	KindBusy
	// KindNotOffered is a server that does not offer TLS through this
	// dialogue.
	KindNotOffered
)

func (k RefusalKind) String() string {
	switch k {
	case KindBusy:
		return "busy"
	case KindNotOffered:
		return "not offered"
	}
	return "refused"
}

// Refusal is a server that answered a step of the dialogue with something
// other than a go-ahead.
type Refusal struct {
	Proto string // protocol name ("smtp")
	Step  string // step of the dialogue ("greeting", "ehlo", "starttls")
	// Code is the answer as the table matches it: "421" (SMTP, FTP),
	// "BYE", "NO", "BAD" (IMAP), "-ERR" (POP3), "error:resource-constraint",
	// "failure", "features" (XMPP), "51" (LDAP resultCode), "N", "E53300"
	// (PostgreSQL, E and the SQLSTATE), "ERR1040", "handshake" (MySQL).
	Code string
	// Line is the server's reply (its first line), printable ASCII only
	// and cut to 256 bytes.
	Line string
	Kind RefusalKind
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("%s %s: %s: %s", r.Proto, r.Step, r.Kind, r.Line)
}

// Busy reports a temporary refusal (too many connections, rate limit).
func (r *Refusal) Busy() bool { return r.Kind == KindBusy }

// NotOffered reports a server that does not offer TLS this way.
func (r *Refusal) NotOffered() bool { return r.Kind == KindNotOffered }

// run plays the dialogue on c. This is the only loop that sends, reads and
// classifies; the table says what.
func (d *dialogue) run(ctx context.Context, c net.Conn, o *Options) (err error) {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", d.name, err)
	}
	// The connection's deadline (the Dialer's) bounds every read and write;
	// it is never moved. A context that ends first, by cancellation or by
	// its own deadline, unblocks the read or write in progress.
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
	defer func() {
		// Once the context has ended, the connection's deadline is in the
		// past (or about to be): even a finished dialogue is no use.
		if !stop() {
			err = fmt.Errorf("%s: %w", d.name, ctx.Err())
		}
	}()

	r := &reader{br: bufio.NewReaderSize(c, MaxLine)}
	var prev *reply
	for i := range d.steps {
		s := &d.steps[i]
		if s.send != nil {
			if _, err := c.Write(s.send(o, prev)); err != nil {
				return fmt.Errorf("%s %s: write: %w", d.name, s.name, err)
			}
		}
		if s.read == nil {
			continue
		}
		rep, err := s.read(r)
		if err != nil {
			return fmt.Errorf("%s %s: %w", d.name, s.name, err)
		}
		kind, ok := s.classify(rep)
		if !ok {
			return &Refusal{Proto: d.name, Step: s.name, Code: rep.code, Line: printable(rep.line), Kind: kind}
		}
		if s.need != "" && !slices.ContainsFunc(rep.caps, func(c string) bool { return strings.EqualFold(c, s.need) }) {
			return &Refusal{Proto: d.name, Step: s.name, Code: rep.code, Line: printable(rep.line) + " (no " + s.need + ")", Kind: KindNotOffered}
		}
		prev = &rep
	}
	if n := r.br.Buffered(); n > 0 {
		b, _ := r.br.Peek(min(n, 64))
		return fmt.Errorf("%s: %w: %d bytes (%q)", d.name, ErrUnexpectedData, n, b)
	}
	return nil
}

// classify matches the reply's code against the step's answers, in order;
// a code no answer matches is the step's otherwise.
func (s *step) classify(rep reply) (RefusalKind, bool) {
	for _, a := range s.answers {
		if strings.HasPrefix(rep.code, a.code) {
			return a.kind, a.proceed
		}
	}
	return s.otherwise, false
}

// printable keeps printable ASCII, replaces anything else by '.', and
// cuts at 256 bytes.
func printable(s string) string {
	const max = 256
	b := []byte(s)
	if len(b) > max {
		b = b[:max]
	}
	for i, c := range b {
		if c < ' ' || c >= 0x7f {
			b[i] = '.'
		}
	}
	return string(b)
}
