// Package sshprobe inspects SSH servers before authentication: the
// identification string (RFC 4253, Section 4.2), the algorithm lists of
// the server's SSH_MSG_KEXINIT (Section 7.1), every host key the server
// signs key exchanges with, the modulus its Diffie-Hellman group exchange
// gives a client asking for 1024 bits (RFC 4419), and its answer to a
// "none" user authentication request (RFC 4252, Section 5.2): the methods
// a user could go on with. It records facts only; rules judge.
//
// Banner, KEXINIT and the group exchange request are read and written by
// the probe itself (cryptobyte, bounded reads). Host keys are seen through
// golang.org/x/crypto/ssh key exchanges in which the client offers only
// the host key algorithms of one key, so the server must sign with that
// key; the handshake stops once x/crypto has verified the signature. On
// the first of these connections only, it goes on to x/crypto's "none"
// request and stops at the server's answer: no credential is ever sent.
//
// Connections. With T the number of distinct host keys the KEXINIT
// offers that x/crypto can verify (algorithms sharing a key, such as
// rsa-sha2-512, rsa-sha2-256 and ssh-rsa, count once; none when x/crypto
// cannot agree with the server on a key exchange, cipher, MAC or
// compression) and G = 1 when the KEXINIT offers a group exchange
// (0 otherwise), a probe opens
//
//	max(T, 1) + G
//
// connections to the SSH port: each reads banner and KEXINIT; the first
// then runs, on the same connection, the key exchange of the first key
// and asks "none"; every other key gets a connection of its own, and the
// group exchange one more. A server whose banner or KEXINIT cannot be
// read, or that speaks only SSH 1, costs one connection (none when the
// connect itself fails), and is not asked "none" (SSHObservation.Auth is
// nil). These connections run at once, as many as the limiter allows.
//
// A connection the server resets or closes before its KEXINIT, as
// OpenSSH does beyond MaxStartups or PerSourceMaxStartups, is tried
// twice more, after 250 ms and 1 s, and from that first refusal on the
// probe's connections to the SSH port run one at a time (throttle.go):
// each refusal costs a connection more, counted in Result.Stats. Nothing
// else is retried: a connection that fails leaves its facts unknown, with
// the reason (throttled for one refused on every attempt while the server
// answered another).
//
// Beside these, each port of Config.LegacyPorts (four by default) gets
// one connection attempt on the same address (legacy.go); the attempts a
// port accepts count in Result.Stats.Connections too. Every connection
// goes through the scanner.Dialer (the per-IP limiter), at most as many
// at a time as it allows.
package sshprobe

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// clientVersion is the identification string the probe sends (RFC 4253,
// Section 4.2), without CR LF.
const clientVersion = "SSH-2.0-cryptoscan_sshprobe"

// defaultTimeout bounds each exchange when the Dialer sets no Timeout:
// a probe never waits on a server without a deadline.
const defaultTimeout = 5 * time.Second

// Config is owned by the caller; the zero value is usable.
type Config struct {
	// Rand supplies KEXINIT cookies, packet padding and the key exchanges'
	// ephemeral keys; nil means crypto/rand. It is read from several
	// goroutines, one at a time.
	Rand io.Reader
	// Now is the clock of Result.Start and the duration; nil means
	// time.Now.
	Now func() time.Time
	// AuthUser is the user name of the "none" authentication request;
	// empty means DefaultAuthUser, which names the scanner in the
	// server's logs and is not an account. Whatever the name, no
	// credential is sent.
	AuthUser string
	// LegacyPorts are the ports asked on the SSH server's address for
	// the services SSH replaces. nil means the IANA port of each service
	// (21 FTP, 23 telnet, 513 rlogin, 514 rsh); an empty, non-nil slice
	// turns the check off. Entries with port 0 or another Service than
	// the constants are left out.
	LegacyPorts []LegacyPort
}

// Prober inspects SSH endpoints; it satisfies scanner.Prober.
type Prober struct {
	cfg Config

	// legacy holds the legacy service facts of each address, asked once
	// however many SSH endpoints (ports) the address has.
	mu     sync.Mutex
	legacy map[netip.Addr]*legacyAsk
}

// legacyAsk is one address's legacy service facts, final once done is
// closed.
type legacyAsk struct {
	done  chan struct{}
	facts []scanner.LegacyService
}

// New returns a Prober with cfg, which it does not modify.
func New(cfg Config) *Prober { return &Prober{cfg: cfg, legacy: map[netip.Addr]*legacyAsk{}} }

// legacyOnce returns the legacy service facts of ip: those another SSH
// endpoint of the address asked, or else what ask gives.
func (p *Prober) legacyOnce(ctx context.Context, ip netip.Addr, ask func() []scanner.LegacyService) []scanner.LegacyService {
	facts, record := p.legacyFor(ctx, ip)
	if facts != nil {
		return facts
	}
	facts = ask()
	record(facts)
	return facts
}

// legacyFor returns the legacy service facts of ip when another endpoint
// of the address asked them (waiting for it), or nil and a function the
// caller must call with the facts it asks itself. Facts an interrupted
// run left unknown are not kept for others.
func (p *Prober) legacyFor(ctx context.Context, ip netip.Addr) ([]scanner.LegacyService, func([]scanner.LegacyService)) {
	p.mu.Lock()
	if a, ok := p.legacy[ip]; ok {
		p.mu.Unlock()
		select {
		case <-a.done:
			if a.facts != nil {
				return slices.Clone(a.facts), func([]scanner.LegacyService) {}
			}
		case <-ctx.Done():
		}
		return nil, func([]scanner.LegacyService) {}
	}
	a := &legacyAsk{done: make(chan struct{})}
	p.legacy[ip] = a
	p.mu.Unlock()
	return nil, func(facts []scanner.LegacyService) {
		if !slices.ContainsFunc(facts, func(f scanner.LegacyService) bool { return f.Reason == scanner.ReasonCanceled }) {
			a.facts = slices.Clone(facts)
		} else {
			p.mu.Lock()
			delete(p.legacy, ip)
			p.mu.Unlock()
		}
		close(a.done)
	}
}

// Probe inspects one SSH endpoint, dialling only through d. It returns
// what it saw; what it could not establish is unknown with its reason.
func (p *Prober) Probe(ctx context.Context, ep scanner.Endpoint, d *scanner.Dialer) scanner.Result {
	now := p.cfg.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	src := p.cfg.Rand
	if src == nil {
		src = rand.Reader
	}
	s := &endpointScan{
		d:        d,
		addr:     netip.AddrPortFrom(ep.IP, ep.Port),
		rand:     &lockedReader{r: src},
		timeout:  d.Timeout,
		authUser: p.cfg.AuthUser,
	}
	if s.authUser == "" {
		s.authUser = DefaultAuthUser
	}
	if s.timeout <= 0 {
		s.timeout = defaultTimeout
	}
	// The legacy ports are independent of the SSH exchanges: with two
	// slots of the per-IP limiter or more, they take half (a filtered
	// port holds its slot until the Timeout) and run beside, and the SSH
	// exchanges' half once those are done; with one, after.
	s.width = 1
	if d.Limiter != nil {
		s.width = max(d.Limiter.PerIP(), 1)
	}
	plan := legacyPlan(p.cfg.LegacyPorts)
	var legacy []scanner.LegacyService
	var wg sync.WaitGroup
	beside := len(plan) > 0 && s.width >= 2
	slots := newSlots(s.width)
	sshWidth := s.width - s.width/2
	if beside {
		slots.hold(sshWidth)
		s.width = sshWidth
		wg.Go(func() {
			legacy = p.legacyOnce(ctx, ep.IP, func() []scanner.LegacyService { return s.legacy(ctx, plan, slots) })
		})
	}
	obs, failed := s.run(ctx)
	if beside {
		slots.release(sshWidth)
	}
	wg.Wait()
	if len(plan) > 0 && !beside {
		legacy = p.legacyOnce(ctx, ep.IP, func() []scanner.LegacyService { return s.legacy(ctx, plan, newSlots(1)) })
	}
	obs.LegacyServices = legacy
	r := scanner.Result{Endpoint: ep, Start: start, SSH: obs, Error: failed}
	r.Stats = d.Stats()
	r.Stats.DurationMS = now().Sub(start).Milliseconds()
	return r
}

// endpointScan is the state of one endpoint's inspection.
type endpointScan struct {
	d        *scanner.Dialer
	addr     netip.AddrPort
	rand     io.Reader
	timeout  time.Duration
	authUser string // the user name of the "none" request
	width    int    // how many SSH exchanges may run at once
	gate     gate   // admits the connections to the SSH port
}

// lockedReader serialises reads: a deterministic test reader is rarely
// safe for concurrent use, and the probe's connections run in parallel.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}

func (s *endpointScan) readRand(b []byte) error {
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return fmt.Errorf("no randomness: %w", err)
	}
	return nil
}

// setDeadline starts a new exchange on conn: it must complete within the
// timeout.
func (s *endpointScan) setDeadline(conn net.Conn) {
	conn.SetDeadline(time.Now().Add(s.timeout))
}

// run does the inspection. The second result is set when the endpoint
// could not be inspected at all (no banner).
func (s *endpointScan) run(ctx context.Context) (*scanner.SSHObservation, *scanner.Unknown) {
	obs := &scanner.SSHObservation{}
	first, err := s.open(ctx)
	if first != nil && first.banner.line != "" {
		obs.Banner, obs.ProtoVersion, obs.Software = first.banner.line, first.banner.proto, first.banner.software
	}
	if err != nil {
		s.d.CountError()
		u := &scanner.Unknown{Reason: s.classify(ctx, err), Detail: err.Error()}
		obs.KexInit = u
		if obs.Banner == "" {
			return obs, u
		}
		return obs, nil
	}
	if first.banner.ssh1Only() {
		first.conn.Close()
		obs.KexInit = &scanner.Unknown{Reason: scanner.ReasonNotTested,
			Detail: fmt.Sprintf("the server speaks only SSH protocol %s, which has no KEXINIT", first.banner.proto)}
		return obs, nil
	}
	k := first.kexinit
	obs.Kex, obs.HostKeyAlgorithms = k.kexAlgos, k.hostKeyAlgos
	obs.Ciphers, obs.MACs, obs.Compression = k.ciphersCtoS, k.macsCtoS, k.compressionCtoS
	if !slices.Equal(k.ciphersStoC, k.ciphersCtoS) {
		obs.CiphersServerToClient = k.ciphersStoC
	}
	if !slices.Equal(k.macsStoC, k.macsCtoS) {
		obs.MACsServerToClient = k.macsStoC
	}

	groups, byName := groupHostKeys(k.hostKeyAlgos)
	plan := planExchanges(k)
	keys := make(map[*keyGroup]keyOutcome)
	var mu sync.Mutex
	var tasks []func()
	record := func(g *keyGroup, o keyOutcome) {
		mu.Lock()
		keys[g] = o
		mu.Unlock()
	}
	onFirst := false
	for _, g := range groups {
		if g.show == "" || plan.why != "" {
			continue
		}
		if !onFirst {
			// The first key rides on the connection that read the
			// KEXINIT, and the "none" request on its key exchange.
			onFirst = true
			tasks = append(tasks, func() {
				o := s.keyOnSession(ctx, first, g.show, plan, s.authUser)
				record(g, o)
				mu.Lock()
				obs.Auth = o.auth
				mu.Unlock()
			})
			continue
		}
		tasks = append(tasks, func() { record(g, s.keyOnNew(ctx, g.show, plan)) })
	}
	if !onFirst {
		first.conn.Close()
		why := plan.why
		if why == "" {
			why = "no host key algorithm of the server is one golang.org/x/crypto/ssh can verify"
		}
		obs.Auth = noAuthExchange(s.authUser, why)
	}
	if method := gexMethod(k.kexAlgos); method != "" {
		tasks = append(tasks, func() {
			gx := s.groupExchange(ctx, method)
			mu.Lock()
			obs.GroupExchange = gx
			mu.Unlock()
		})
	}
	runAll(tasks, s.width)

	for _, name := range k.hostKeyAlgos {
		g := byName[name]
		obs.HostKeys = append(obs.HostKeys, hostKeyFact(name, g, plan, keys[g]))
	}
	return obs, nil
}

// slots is a count of connections one side of the probe may hold: the
// legacy ports take one per connection, and the SSH exchanges hold theirs
// in a block while they run.
type slots chan struct{}

func newSlots(n int) slots { return make(slots, max(n, 1)) }

func (s slots) hold(n int) {
	for range n {
		s <- struct{}{}
	}
}

func (s slots) release(n int) {
	for range n {
		<-s
	}
}

// runAll runs tasks, at most width at a time. The probe's widths add up
// to what the limiter lets connect to one address, so that no task waits
// for a slot longer than another's exchange.
func runAll(tasks []func(), width int) {
	sem := make(chan struct{}, max(width, 1))
	var wg sync.WaitGroup
	for _, t := range tasks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			t()
		})
	}
	wg.Wait()
}

// keyOutcome is what a host key exchange gave.
type keyOutcome struct {
	done   bool               // an exchange was attempted
	ok     bool               // and x/crypto verified the server's signature
	key    scanner.SSHHostKey // Type, Bits, SHA256, SPKISHA256 and Certificate of the key
	reason scanner.Reason
	detail string
	auth   *scanner.SSHAuth // the answer to "none", when the exchange asked
}

// hostKeyFact is the fact of one host key algorithm of group g.
func hostKeyFact(name string, g *keyGroup, plan xPlan, o keyOutcome) scanner.SSHHostKey {
	h := scanner.SSHHostKey{Algorithm: name}
	switch {
	case g.show == "":
		h.Status, h.Reason, h.Detail = scanner.StatusUnknown, scanner.ReasonNotTested, lookupWhy(name, g)
	case plan.why != "":
		h.Status, h.Reason, h.Detail = scanner.StatusUnknown, scanner.ReasonNotTested, plan.why
	case !o.done:
		h.Status, h.Reason, h.Detail = scanner.StatusUnknown, scanner.ReasonNotTested, "no key exchange was run"
	case !o.ok:
		h.Status, h.Reason, h.Detail = scanner.StatusUnknown, o.reason, o.detail
		if name != g.show {
			h.Detail = "the key exchange with " + g.show + ", which shares this key, failed: " + o.detail
		}
	default:
		f := o.key
		h.Status, h.Type, h.Bits, h.SHA256, h.SPKISHA256, h.Certificate = scanner.Supported, f.Type, f.Bits, f.SHA256, f.SPKISHA256, f.Certificate
		if name != g.show {
			h.Detail = "same key as " + g.show + ", which showed it"
		}
	}
	return h
}

// lookupWhy says why no exchange showed the key of a group none of whose
// algorithms x/crypto can try.
func lookupWhy(name string, g *keyGroup) string {
	if w := lookupHostKeyAlgorithm(name).why; w != "" {
		return w
	}
	return g.why
}

// keyOnSession completes a session's key exchange with x/crypto, and
// asks "none" for user when set. The probe has already sent its
// identification string and read the server's up to its KEXINIT; x/crypto
// is handed a connection that replays the server's identification string
// and the packets read, and that drops x/crypto's identification string
// (the same as ours, already sent), so it sees the byte stream of a fresh
// connection.
func (s *endpointScan) keyOnSession(ctx context.Context, sess *session, algo string, plan xPlan, user string) keyOutcome {
	replay := []byte(sess.banner.line + "\r\n")
	for _, raw := range sess.packets {
		replay = append(replay, raw...)
	}
	if n := sess.br.Buffered(); n > 0 {
		rest, _ := sess.br.Peek(n)
		replay = append(replay, rest...)
	}
	rc := &replayConn{Conn: sess.conn, pending: replay, skip: []byte(clientVersion + "\r\n")}
	return s.keyExchange(ctx, rc, algo, plan, user)
}

// keyOnNew opens a connection for one key exchange with x/crypto: the
// probe reads banner and KEXINIT itself, as on the first connection, so
// that a refusal is told from a failed key exchange.
func (s *endpointScan) keyOnNew(ctx context.Context, algo string, plan xPlan) keyOutcome {
	sess, err := s.open(ctx)
	if err != nil {
		s.d.CountError()
		return keyOutcome{done: true, reason: s.classify(ctx, err), detail: err.Error()}
	}
	if sess.kexinit == nil {
		sess.conn.Close()
		return keyOutcome{done: true, reason: scanner.ReasonNotTested, detail: "the server sent no KEXINIT on this connection"}
	}
	return s.keyOnSession(ctx, sess, algo, plan, "")
}

// keyExchange runs the key exchange of algo on conn and, when user is
// set, sends the "none" request for user after it. The key exchange and
// the "none" request are one exchange, bounded by one deadline.
func (s *endpointScan) keyExchange(ctx context.Context, conn net.Conn, algo string, plan xPlan, user string) keyOutcome {
	defer conn.Close()
	s.setDeadline(conn)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	key, answer, err := exchangeHostKey(conn, algo, plan, s.rand, user)
	if err != nil {
		s.d.CountError()
		o := keyOutcome{done: true, reason: s.classify(ctx, err), detail: err.Error()}
		if user != "" {
			o.auth = &scanner.SSHAuth{User: user, Unknown: &scanner.Unknown{Reason: o.reason,
				Detail: "the key exchange before the \"none\" request failed: " + o.detail}}
		}
		return o
	}
	o := keyOutcome{done: true, ok: true}
	describeKey(&o.key, key)
	if answer != nil {
		if answer.err != nil {
			s.d.CountError()
		}
		o.auth = s.authFact(ctx, user, answer)
	}
	return o
}

// session is a connection past the server's KEXINIT.
type session struct {
	conn    net.Conn
	br      *bufio.Reader
	banner  banner
	packets [][]byte // the packets read, KEXINIT last, as read
	kexinit *kexInit // nil for an SSH 1 server
}

// dial opens one connection through the Dialer (the per-IP limiter).
func (s *endpointScan) dial(ctx context.Context) (net.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	conn, err := s.d.Dial(ctx, s.addr)
	if err != nil {
		return nil, &dialError{err}
	}
	return conn, nil
}

// dialError is a connection that could not be opened.
type dialError struct{ err error }

func (e *dialError) Error() string { return "failed to connect: " + e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// open connects, sends our identification string, and reads the server's
// and then its KEXINIT (none from an SSH 1 server), in one exchange. A
// connection the server refuses is tried again, at most
// len(retryBackoff) times, while the endpoint's deadline allows; the
// attempts it refuses before the last are counted as errors here, the
// last one is the caller's to count. On error the connection is closed
// and the session holds what was read (an identification string read on
// an earlier attempt when the last read none).
func (s *endpointScan) open(ctx context.Context) (*session, error) {
	var seen banner
	var sess *session
	var err error
	for try := 0; ; try++ {
		var t *ticket
		if try == 0 {
			if t, err = s.gate.enter(ctx); err != nil {
				return nil, err
			}
		} else {
			why := ""
			if t, why = s.admitRetry(ctx, retryBackoff[try-1]); t == nil {
				return sess, s.refusedAfter(err, try, why)
			}
			s.d.CountError() // the refused attempt before
		}
		sess, err = s.openWith(ctx, t)
		if sess != nil && sess.banner.line != "" {
			seen = sess.banner
		} else if seen.line != "" {
			if sess == nil {
				sess = &session{}
			}
			sess.banner = seen
		}
		switch {
		case err == nil:
			s.gate.answer()
			return sess, nil
		case !refused(err):
			if try > 0 {
				err = fmt.Errorf("%w (attempt %d: the server refused the connection before)", err, try+1)
			}
			return sess, err
		}
		s.gate.refusal(t)
		if try == len(retryBackoff) {
			s.gate.giveUp()
			return sess, s.refusedAfter(err, try+1, "")
		}
	}
}

// admitRetry waits until the gate admits the retry of a refused
// connection, then wait, with no other connection of the probe open. It
// returns nil and why when the connection is not to be retried: another
// one was refused on every attempt, or the endpoint's deadline comes
// first.
func (s *endpointScan) admitRetry(ctx context.Context, wait time.Duration) (*ticket, string) {
	t, err := s.gate.enter(ctx)
	if err != nil {
		return nil, "not retried: " + err.Error()
	}
	deadline, ok := ctx.Deadline()
	why := ""
	switch {
	case s.gate.givenUp():
		why = "not retried: the server refused another connection on every attempt"
	case ok && time.Until(deadline) <= wait:
		why = "not retried: the endpoint's deadline comes first"
	case !scanner.Sleep(ctx, wait):
		why = "not retried: " + ctx.Err().Error()
	default:
		return t, ""
	}
	t.leave()
	return nil, why
}

// refusedAfter is the error of a connection whose last attempt, err, the
// server refused.
func (s *endpointScan) refusedAfter(err error, attempts int, why string) error {
	answered, beside := s.gate.state()
	return &refusedError{err: err, attempts: attempts, throttled: answered, beside: beside, why: why}
}

// openWith is one attempt of open, on a connection the gate admitted
// with t: the ticket is returned when the connection is closed.
func (s *endpointScan) openWith(ctx context.Context, t *ticket) (*session, error) {
	c, err := s.dial(ctx)
	if err != nil {
		t.leave()
		return nil, err
	}
	conn := &gatedConn{Conn: c, t: t}
	sess := &session{conn: conn, br: bufio.NewReaderSize(conn, 4096)}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	s.setDeadline(conn)
	fail := func(err error) (*session, error) {
		conn.Close()
		return sess, err
	}
	// RFC 4253, Section 4.2: either side may send first; sending at once
	// serves servers that wait for the client.
	if _, err := io.WriteString(conn, clientVersion+"\r\n"); err != nil {
		return fail(fmt.Errorf("failed to send the identification string: %w", err))
	}
	b, packets, k, err := readServerFlight(sess.br)
	sess.banner, sess.packets, sess.kexinit = b, packets, k
	if err != nil {
		return fail(err)
	}
	return sess, nil
}

// readServerFlight reads what a server sends first: its identification
// string and, unless it speaks only SSH 1, its KEXINIT, passing over the
// IGNORE and DEBUG messages before it. It returns what it could read, and
// the packets as read (the KEXINIT last).
func readServerFlight(br *bufio.Reader) (banner, [][]byte, *kexInit, error) {
	b, err := readBanner(br)
	if err != nil || b.ssh1Only() {
		return b, nil, nil, err
	}
	var packets [][]byte
	for range maxSkipped {
		pkt, err := readPacket(br)
		if err != nil {
			return b, packets, nil, fmt.Errorf("failed to read the server's KEXINIT: %w", err)
		}
		packets = append(packets, pkt.raw)
		switch typ := pkt.payload[0]; typ {
		case msgKexInit:
			k := new(kexInit)
			if !k.unmarshal(pkt.payload) {
				return b, packets, nil, malformed("the server's KEXINIT does not parse")
			}
			return b, packets, k, nil
		case msgDisconnect:
			return b, packets, nil, disconnected(pkt.payload)
		case msgIgnore, msgDebug:
		default:
			return b, packets, nil, malformed("expected KEXINIT (20), got message %d", typ)
		}
	}
	return b, packets, nil, malformed("no KEXINIT in the first %d messages", maxSkipped)
}

// disconnectError is an SSH_MSG_DISCONNECT from the server.
type disconnectError struct{ msg disconnectMsg }

func (e *disconnectError) Error() string {
	return fmt.Sprintf("the server disconnected (reason %d): %q", e.msg.reason, printable([]byte(e.msg.description)))
}

// disconnected reads a DISCONNECT payload into an error.
func disconnected(payload []byte) error {
	var m disconnectMsg
	if !m.unmarshal(payload) {
		return malformed("SSH_MSG_DISCONNECT does not parse")
	}
	if len(m.description) > 200 {
		m.description = m.description[:200]
	}
	return &disconnectError{m}
}

// classify turns what ended an exchange into the reason of the fact it
// left unknown.
func (s *endpointScan) classify(ctx context.Context, err error) scanner.Reason {
	var de *disconnectError
	var ne net.Error
	var dial *dialError
	var refusal *refusedError
	switch {
	case ctx.Err() != nil:
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return scanner.ReasonTimeout // the endpoint's deadline, not an interruption
		}
		return scanner.ReasonCanceled
	case errors.As(err, &refusal) && refusal.throttled:
		return scanner.ReasonThrottled
	case errors.As(err, &dial):
		return scanner.ReasonUnreachable
	case errors.As(err, &de):
		return scanner.ReasonClosed
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return scanner.ReasonReset
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return scanner.ReasonTimeout
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return scanner.ReasonClosed
	}
	return scanner.ReasonMalformed
}

// replayConn gives x/crypto the bytes the probe has already read, then
// the connection's, and drops the identification string x/crypto writes,
// which the probe has already sent.
type replayConn struct {
	net.Conn
	pending []byte
	skip    []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

func (c *replayConn) Write(p []byte) (int, error) {
	if len(c.skip) > 0 {
		n := min(len(p), len(c.skip))
		if string(p[:n]) != string(c.skip[:n]) {
			return 0, errors.New("sshprobe: x/crypto sent another identification string than the probe did")
		}
		c.skip = c.skip[n:]
		if n == len(p) {
			return n, nil
		}
		m, err := c.Conn.Write(p[n:])
		return n + m, err
	}
	return c.Conn.Write(p)
}
