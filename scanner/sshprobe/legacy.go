package sshprobe

import (
	"bytes"
	"cmp"
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
	"sync"
	"syscall"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/starttls"
)

// The services SSH replaces: what the SSH server's address answers on
// their ports (ANSSI's OpenSSH guide, R2 and R3: telnet, rlogin, rsh and
// rcp; R4: FTP). Each port gets one TCP connection through the Dialer: a
// reset is a closed port, silence to the connection attempt until the
// Dialer's Timeout a filtered one. On an open port the probe reads what
// the service says first, unprompted (at most legacyBannerMax bytes, for
// at most legacyWait), and recognises telnet by its option negotiation
// and FTP by its 220 greeting; an FTP server is then asked AUTH TLS
// (RFC 4217) with the FTP dialogue of package starttls. rlogin and rsh
// servers say nothing until the client has spoken: an open port there is
// open, not confirmed. Nothing is sent to them, nor to telnet.

// Service is a service SSH replaces.
type Service uint8

const (
	FTP    Service = iota + 1 // RFC 959, 21/tcp
	Telnet                    // RFC 854, 23/tcp
	Rlogin                    // RFC 1282, 513/tcp
	Rsh                       // rsh and rcp (IANA "shell"), 514/tcp
)

func (s Service) String() string {
	if d := lookupService(s); d != nil {
		return d.name
	}
	return fmt.Sprintf("Service(%d)", uint8(s))
}

// LegacyPort is a port the probe asks on the SSH server's address, and
// the service expected there.
type LegacyPort struct {
	Port    uint16
	Service Service
}

// legacyService is what the probe knows of one service.
type legacyService struct {
	service Service
	name    string // scanner.LegacyService.Service
	port    uint16 // its IANA port, asked by default
	// confirm recognises the service in what it said first; nil for a
	// service that says nothing first.
	confirm func(first []byte) bool
	authTLS bool // once confirmed, ask AUTH TLS
}

// legacyServices is the table, in the order of the default ports.
var legacyServices = []legacyService{
	{FTP, "ftp", 21, ftpGreeting, true},
	{Telnet, "telnet", 23, telnetNegotiation, false},
	{Rlogin, "rlogin", 513, nil, false},
	{Rsh, "rsh", 514, nil, false},
}

func lookupService(s Service) *legacyService {
	for i := range legacyServices {
		if legacyServices[i].service == s {
			return &legacyServices[i]
		}
	}
	return nil
}

// Bounds on a legacy service's first words.
const (
	// legacyBannerMax is the most bytes read of what a service says
	// first: scanner.LegacyService.Banner is at most four times as long.
	legacyBannerMax = 128
	// legacyWait is the longest wait for them (the Dialer's Timeout when
	// shorter). A service speaks first at once or not at all.
	legacyWait = time.Second
)

// legacyPlan is the ports to ask: the IANA ports of every service when
// ports is nil, else the entries of ports with a known service and a port
// other than 0, sorted by port, each once.
func legacyPlan(ports []LegacyPort) []LegacyPort {
	if ports == nil {
		for _, s := range legacyServices {
			ports = append(ports, LegacyPort{Port: s.port, Service: s.service})
		}
	}
	var plan []LegacyPort
	for _, p := range ports {
		if p.Port != 0 && lookupService(p.Service) != nil {
			plan = append(plan, p)
		}
	}
	slices.SortFunc(plan, func(a, b LegacyPort) int {
		return cmp.Or(cmp.Compare(a.Port, b.Port), cmp.Compare(a.Service, b.Service))
	})
	return slices.Compact(plan)
}

// legacy asks every port of plan, each holding one of free while it
// connects and reads, and returns the facts in plan's order.
func (s *endpointScan) legacy(ctx context.Context, plan []LegacyPort, free slots) []scanner.LegacyService {
	out := make([]scanner.LegacyService, len(plan))
	var wg sync.WaitGroup
	for i, p := range plan {
		free.hold(1)
		wg.Go(func() {
			defer free.release(1)
			out[i] = s.legacyPort(ctx, p)
		})
	}
	wg.Wait()
	return out
}

// legacyPort asks one port. Its outcomes are facts, not errors: none is
// counted in the Dialer's errors.
func (s *endpointScan) legacyPort(ctx context.Context, p LegacyPort) scanner.LegacyService {
	svc := lookupService(p.Service)
	f := scanner.LegacyService{Port: p.Port, Service: svc.name}
	if err := ctx.Err(); err != nil {
		f.State, f.Reason = scanner.PortUnknown, s.classify(ctx, err)
		return f
	}
	start := time.Now()
	conn, err := s.d.Dial(ctx, netip.AddrPortFrom(s.addr.Addr(), p.Port))
	if err != nil {
		f.State, f.Reason, f.Detail = s.portState(ctx, err, time.Since(start))
		return f
	}
	defer conn.Close()
	f.State = scanner.PortOpen
	wait := min(s.timeout, legacyWait)
	conn.SetDeadline(time.Now().Add(wait))
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	first, err := readFirstWords(conn)
	f.Banner = printable(first)
	switch {
	case err == nil:
	case ctx.Err() != nil:
		f.Detail = fmt.Sprintf("interrupted after %d bytes: %v", len(first), ctx.Err())
	case errors.Is(err, os.ErrDeadlineExceeded) && len(first) == 0:
		f.Detail = fmt.Sprintf("said nothing in %v", wait)
	case errors.Is(err, os.ErrDeadlineExceeded):
		f.Detail = fmt.Sprintf("said %d bytes in %v", len(first), wait)
	case errors.Is(err, io.EOF):
		f.Detail = fmt.Sprintf("closed the connection after %d bytes", len(first))
	case errors.Is(err, syscall.ECONNRESET):
		f.Detail = fmt.Sprintf("reset the connection after %d bytes", len(first))
	default:
		f.Detail = fmt.Sprintf("failed to read after %d bytes: %v", len(first), err)
	}
	if svc.confirm == nil || !svc.confirm(first) {
		return f
	}
	f.Confirmed = true
	switch {
	case !svc.authTLS:
	case err != nil:
		f.Detail = "AUTH TLS not asked: the greeting " + f.Detail
	default:
		s.askAuthTLS(ctx, conn, first, &f)
	}
	return f
}

// readFirstWords reads what a service says first: until legacyBannerMax
// bytes, an error (the caller's deadline), or a decisive answer: a
// complete line, or a telnet command (IAC, command, option), after which
// a telnet server waits for the client's answer.
func readFirstWords(r io.Reader) ([]byte, error) {
	buf := make([]byte, 0, legacyBannerMax)
	for len(buf) < cap(buf) {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return buf, err
		}
		if bytes.HasSuffix(buf, []byte("\n")) || (buf[0] == telnetIAC && len(buf) >= 3) {
			break
		}
	}
	return buf, nil
}

// Telnet commands: RFC 854, "TELNET COMMAND STRUCTURE".
const (
	telnetIAC  = 0xFF // interpret as command
	telnetSB   = 0xFA // subnegotiation
	telnetDONT = 0xFE
)

// telnetNegotiation recognises a telnet server by its first bytes: an
// option negotiation (RFC 854 and RFC 855: IAC followed by WILL, WONT,
// DO, DONT or SB), what telnetd sends before any prompt.
func telnetNegotiation(first []byte) bool {
	return len(first) >= 2 && first[0] == telnetIAC && first[1] >= telnetSB && first[1] <= telnetDONT
}

// ftpGreeting recognises an FTP server by its greeting: reply code 220,
// "Service ready for new user" (RFC 959, Sections 4.2 and 5.4), on a line
// of its own ("220 text", "220-text" for a multiline reply, "220" CR LF).
func ftpGreeting(first []byte) bool {
	return len(first) >= 4 && string(first[:3]) == "220" && bytes.IndexByte([]byte(" -\r\n"), first[3]) >= 0
}

// askAuthTLS asks a confirmed FTP server for AUTH TLS (RFC 4217, Section
// 4) with the FTP dialogue of package starttls, the one the TLS probe's
// STARTTLS connections play: the greeting is read in full (the bytes
// already read replayed first), then AUTH TLS is sent and its reply read,
// all within the Dialer's Timeout and the dialogue's bounds. The greeting
// begins with 220, which the dialogue takes: a refusal can only be the
// reply to AUTH TLS.
func (s *endpointScan) askAuthTLS(ctx context.Context, conn net.Conn, first []byte, f *scanner.LegacyService) {
	upgrade, err := starttls.Upgrader("ftp", starttls.Options{})
	if err != nil {
		f.Detail = "AUTH TLS not asked: " + err.Error()
		return
	}
	conn.SetDeadline(time.Now().Add(s.timeout))
	err = upgrade(ctx, &replayConn{Conn: conn, pending: first})
	var refusal *starttls.Refusal
	accepted := true
	switch {
	case err == nil:
		f.AuthTLS = &accepted
	case errors.Is(err, starttls.ErrUnexpectedData):
		// The 234 was read; the server then sent what was not TLS.
		f.AuthTLS = &accepted
		f.Detail = "AUTH TLS accepted, then: " + err.Error()
	case errors.As(err, &refusal):
		refused := false
		f.AuthTLS = &refused
		f.Detail = fmt.Sprintf("AUTH TLS refused (%s): %s", refusal.Kind, refusal.Line)
	default:
		f.Detail = "no answer to AUTH TLS: " + err.Error()
	}
}

// portState reads a failed connection attempt: a refusal (a reset
// answering the SYN) is a closed port, the connect's own timeout a
// filtered one; anything else leaves the port unknown.
func (s *endpointScan) portState(ctx context.Context, err error, elapsed time.Duration) (scanner.PortState, scanner.Reason, string) {
	var op *net.OpError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return scanner.PortClosed, "", ""
	case errors.Is(err, syscall.ECONNRESET):
		// Accepted, then reset before the connect returned (as TCP
		// wrappers refuse a client): open, as when the reset comes
		// during the first read.
		return scanner.PortOpen, "", "reset the connection after 0 bytes"
	case ctx.Err() != nil:
		// The endpoint's deadline or the run's end, not the port's answer.
		return scanner.PortUnknown, s.classify(ctx, err), err.Error()
	case errors.As(err, &op) && op.Op == "dial" && op.Timeout():
		return scanner.PortFiltered, "", fmt.Sprintf("no answer to the connection attempt in %v", elapsed.Round(time.Millisecond))
	case errors.Is(err, context.DeadlineExceeded):
		// The Dialer's Timeout ran out before the connect began: the
		// limiter had no free slot for this address in time.
		return scanner.PortUnknown, scanner.ReasonTimeout, "no connection slot for the address in time: " + err.Error()
	}
	return scanner.PortUnknown, scanner.ReasonUnreachable, err.Error()
}

// ParseLegacyPorts reads a list of SERVICE=PORT pairs
// ("ftp=21,telnet=2323"), the services named as scanner.LegacyService
// names them, for Config.LegacyPorts; "none" is the empty list (no port
// asked).
func ParseLegacyPorts(s string) ([]LegacyPort, error) {
	if strings.TrimSpace(s) == "none" {
		return []LegacyPort{}, nil
	}
	var out []LegacyPort
	for item := range strings.SplitSeq(s, ",") {
		name, port, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return nil, fmt.Errorf("%q is not SERVICE=PORT", item)
		}
		i := slices.IndexFunc(legacyServices, func(l legacyService) bool { return l.name == strings.ToLower(name) })
		if i < 0 {
			return nil, fmt.Errorf("%q is not a service SSH replaces (ftp, telnet, rlogin, rsh)", name)
		}
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("%q is not a port from 1 to 65535", port)
		}
		out = append(out, LegacyPort{Port: uint16(n), Service: legacyServices[i].service})
	}
	return out, nil
}
