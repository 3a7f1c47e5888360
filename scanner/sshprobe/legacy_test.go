package sshprobe

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Legacy services: listeners on ephemeral 127.0.0.1 ports that play a
// telnet, FTP, rlogin or rsh server, or a hostile one, mapped to a service
// by Config.LegacyPorts. The oracle is what each listener was told to do.

// untilClientCloses reads what the client sends until it closes (or 5 s).
func untilClientCloses(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	io.Copy(io.Discard, c)
}

// telnetServer opens with peer.TelnetdOpening, then waits for the client.
func telnetServer(t testing.TB) *listener {
	return serve(t, func(c net.Conn) {
		c.Write(peer.TelnetdOpening)
		untilClientCloses(c)
	})
}

const vsftpdGreeting = peer.VsftpdGreeting

// telnetdBanner is telnetdOpening as Banner writes it: 0x20, 0x23 and
// 0x27 are the printable " #'".
const telnetdBanner = `\xff\xfd\x18\xff\xfd \xff\xfd#\xff\xfd'`

// silentServer accepts and says nothing: an rlogin or rsh server waits
// for the client's first words.
func silentServer(t testing.TB) *listener {
	return serve(t, untilClientCloses)
}

// closedPort is a port nothing listens on.
func closedPort(t testing.TB) uint16 { return peer.ClosedPort(t) }

// endlessServer sends bytes until the client goes.
func endlessServer(t testing.TB) *listener {
	return serve(t, func(c net.Conn) {
		chunk := bytes.Repeat([]byte("A\x00"), 512)
		for {
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	})
}

// resetServer accepts, then resets the connection. It waits a little
// first, so that the reset comes after the client's connect has
// returned, during its first read (a reset before is read the same way:
// TestPortState).
func resetServer(t testing.TB) *listener {
	return serve(t, func(c net.Conn) {
		pause(c, 50*time.Millisecond)
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	})
}

// sshForLegacy is the SSH server beside the legacy ports: one key, no
// group exchange, so one SSH connection.
func sshForLegacy(t testing.TB) *listener {
	return xServer(t, ssh.ServerConfig{Config: ssh.Config{KeyExchanges: []string{"curve25519-sha256"}}}, keys(t).ed25519)
}

// trickleEvery sends data a byte every interval, the first at once.
func trickleEvery(interval time.Duration, data string) func(t testing.TB) *listener {
	return func(t testing.TB) *listener {
		return serve(t, func(c net.Conn) {
			for i := range len(data) {
				if _, err := c.Write([]byte{data[i]}); err != nil || !pause(c, interval) {
					return
				}
			}
		})
	}
}

// legacyCase is one port and what the probe must say of it.
type legacyCase struct {
	name    string
	service Service
	port    func(t testing.TB) (uint16, func() []string) // the port, and the commands its server received (nil: not recorded)
	want    scanner.LegacyService                        // Port is filled in
	detail  string                                       // in Detail
	maxTime time.Duration                                // the probe's whole run
}

func listening(l func(t testing.TB) *listener) func(t testing.TB) (uint16, func() []string) {
	return func(t testing.TB) (uint16, func() []string) { return l(t).addr.Port(), nil }
}

func ftpListening(greeting, reply string) func(t testing.TB) (uint16, func() []string) {
	return func(t testing.TB) (uint16, func() []string) {
		f := peer.NewFTPD(t, greeting, reply)
		return f.Port, f.Received
	}
}

var (
	yes = true
	no  = false
)

const legacyTimeout = 2 * time.Second

func TestLegacyServices(t *testing.T) {
	longGreeting := "220-" + strings.Repeat("Welcome to the archive. ", 8) + "\r\n220-Anonymous access only.\r\n220 Ready.\r\n"
	for _, c := range []legacyCase{
		{name: "telnet", service: Telnet, port: listening(telnetServer),
			want: scanner.LegacyService{Service: "telnet", State: scanner.PortOpen, Confirmed: true,
				Banner: telnetdBanner}},
		{name: "FTP accepting AUTH TLS", service: FTP, port: ftpListening(vsftpdGreeting, "234 Proceed with negotiation.\r\n"),
			want: scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: `220 (vsFTPd 3.0.3)\x0d\x0a`, AuthTLS: &yes}},
		{name: "FTP refusing AUTH TLS", service: FTP, port: ftpListening(vsftpdGreeting, "502 Command not implemented.\r\n"),
			want:   scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: `220 (vsFTPd 3.0.3)\x0d\x0a`, AuthTLS: &no},
			detail: "AUTH TLS refused (not offered): 502 Command not implemented."},
		{name: "FTP busy", service: FTP, port: ftpListening(vsftpdGreeting, "431 Unable to accept security mechanism.\r\n"),
			want:   scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: `220 (vsFTPd 3.0.3)\x0d\x0a`, AuthTLS: &no},
			detail: "AUTH TLS refused (busy): 431"},
		// A greeting longer than what is kept: the banner is its first
		// 128 bytes, the dialogue reads it whole before AUTH TLS.
		{name: "FTP with a long greeting", service: FTP, port: ftpListening(longGreeting, "234 AUTH TLS OK.\r\n"),
			want: scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: longGreeting[:128], AuthTLS: &yes}},
		{name: "rlogin", service: Rlogin, port: listening(silentServer),
			want: scanner.LegacyService{Service: "rlogin", State: scanner.PortOpen}, detail: "said nothing in 1s",
			maxTime: legacyWait + 500*time.Millisecond},
		{name: "rsh closed", service: Rsh, port: func(t testing.TB) (uint16, func() []string) { return closedPort(t), nil },
			want: scanner.LegacyService{Service: "rsh", State: scanner.PortClosed}},
		// Confirmation is the service's own: telnet's negotiation on the
		// FTP port is an open port that is not FTP, and is asked nothing.
		{name: "telnet on the FTP port", service: FTP, port: listening(telnetServer),
			want: scanner.LegacyService{Service: "ftp", State: scanner.PortOpen,
				Banner: telnetdBanner}},
		{name: "FTP on the telnet port", service: Telnet, port: ftpListening(vsftpdGreeting, "234 Proceed.\r\n"),
			want: scanner.LegacyService{Service: "telnet", State: scanner.PortOpen, Banner: `220 (vsFTPd 3.0.3)\x0d\x0a`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			checkLegacy(t, c)
		})
	}
}

// Hostile services: bounded reads, bounded waits.
func TestLegacyHostile(t *testing.T) {
	for _, c := range []legacyCase{
		// Endless bytes: 128 read, and no more waited for.
		{name: "endless", service: Telnet, port: listening(endlessServer),
			want:    scanner.LegacyService{Service: "telnet", State: scanner.PortOpen, Banner: strings.Repeat(`A\x00`, 64)},
			maxTime: 500 * time.Millisecond},
		// A byte every 300 ms (at 0, 0.3, 0.6 and 0.9 s): the wait ends it
		// at 1 s.
		{name: "trickle", service: Rsh, port: listening(trickleEvery(300*time.Millisecond, "a prompt that never ends")),
			want: scanner.LegacyService{Service: "rsh", State: scanner.PortOpen, Banner: "a pr"}, detail: "said 4 bytes in 1s",
			maxTime: legacyWait + 500*time.Millisecond},
		// A greeting cut by the wait: FTP, but AUTH TLS is not asked.
		{name: "trickling FTP greeting", service: FTP, port: listening(trickleEvery(300*time.Millisecond, vsftpdGreeting)),
			want: scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: "220 "}, detail: "AUTH TLS not asked: the greeting said 4 bytes in 1s",
			maxTime: legacyWait + 500*time.Millisecond},
		// A reply to AUTH TLS that trickles: the Dialer's Timeout ends it.
		{name: "trickling AUTH TLS reply", service: FTP, port: listening(func(t testing.TB) *listener {
			return serve(t, func(c net.Conn) {
				c.Write([]byte(vsftpdGreeting))
				bufio.NewReader(c).ReadString('\n')
				for _, b := range []byte("234 Proceed with negotiation.\r\n") {
					if _, err := c.Write([]byte{b}); err != nil || !pause(c, 500*time.Millisecond) {
						return
					}
				}
			})
		}),
			want:   scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: `220 (vsFTPd 3.0.3)\x0d\x0a`},
			detail: "no answer to AUTH TLS: ftp auth-tls: read tcp", maxTime: legacyTimeout + 500*time.Millisecond},
		{name: "garbage after 234", service: FTP, port: ftpListening(vsftpdGreeting, "234 Go.\r\nnot a ClientHello"),
			want:   scanner.LegacyService{Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: `220 (vsFTPd 3.0.3)\x0d\x0a`, AuthTLS: &yes},
			detail: "AUTH TLS accepted, then: ftp: unexpected data after STARTTLS reply"},
		{name: "reset", service: Rlogin, port: listening(resetServer),
			want: scanner.LegacyService{Service: "rlogin", State: scanner.PortOpen}, detail: "reset the connection after 0 bytes"},
		{name: "closes at once", service: Rlogin, port: listening(func(t testing.TB) *listener { return serve(t, func(net.Conn) {}) }),
			want: scanner.LegacyService{Service: "rlogin", State: scanner.PortOpen}, detail: "closed the connection after 0 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			checkLegacy(t, c)
		})
	}
}

// checkLegacy probes an SSH server with c's port as the only legacy port.
func checkLegacy(t *testing.T, c legacyCase) {
	t.Helper()
	port, received := c.port(t)
	srv := sshForLegacy(t)
	start := time.Now()
	r := probeWith(t, Config{LegacyPorts: []LegacyPort{{port, c.service}}}, srv.addr, legacyTimeout)
	elapsed := time.Since(start)
	got := r.SSH.LegacyServices
	want := c.want
	want.Port = port
	if len(got) != 1 {
		t.Fatalf("legacy services %s", dump(got))
	}
	g := got[0]
	if !strings.Contains(g.Detail, c.detail) {
		t.Errorf("detail %q, want %q in it", g.Detail, c.detail)
	}
	g.Detail = ""
	if dump(g) != dump(want) {
		t.Errorf("got %s\nwant %s", dump(g), dump(want))
	}
	if len(g.Banner) > 4*legacyBannerMax {
		t.Errorf("a banner of %d bytes", len(g.Banner))
	}
	if maxTime := cmpOr(c.maxTime, legacyWait); elapsed > maxTime {
		t.Errorf("took %v, want at most %v", elapsed, maxTime)
	}
	// The SSH side is what it is without legacy ports: one connection;
	// each open legacy port adds one to the probe's count.
	open := 0
	if g.State == scanner.PortOpen {
		open = 1
	}
	if srv.accepted.Load() != 1 || r.Stats.Connections != 1+open || r.Stats.Errors != 0 {
		t.Errorf("stats %+v, SSH server accepted %d", r.Stats, srv.accepted.Load())
	}
	// AUTH TLS is all a confirmed FTP server is sent; anything else,
	// nothing.
	if received != nil {
		var want []string
		if g.Confirmed && c.service == FTP {
			want = []string{"AUTH TLS\r\n"}
		}
		if cmds := received(); !slices.Equal(cmds, want) {
			t.Errorf("the server received %q, want %q", cmds, want)
		}
	}
}

func cmpOr(d, otherwise time.Duration) time.Duration {
	if d != 0 {
		return d
	}
	return otherwise
}

// Several ports at once, given out of order: the facts come sorted by
// port; the SSH connections are the same as without them; every legacy
// connection goes through the Dialer's limiter, under its cap.
func TestLegacyServicesTogether(t *testing.T) {
	for _, perIP := range []int{1, 2, 4} {
		t.Run(strings.Repeat("I", perIP), func(t *testing.T) {
			t.Parallel()
			ftp := peer.NewFTPD(t, vsftpdGreeting, "234 Proceed.\r\n")
			telnet := telnetServer(t)
			closed := closedPort(t)
			srv := sshForLegacy(t)
			plan := []LegacyPort{
				{closed, Rsh},
				{telnet.addr.Port(), Telnet},
				{ftp.Port, FTP},
			}
			var dialed sync.Map // port -> true
			var open, peak atomic.Int64
			lim := scanner.NewLimiter(perIP, func(ctx context.Context, network, addr string) (net.Conn, error) {
				dialed.Store(netip.MustParseAddrPort(addr).Port(), true)
				var d net.Dialer
				c, err := d.DialContext(ctx, network, addr)
				if err != nil {
					return nil, err
				}
				n := open.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				return &closeHook{Conn: c, closed: func() { open.Add(-1) }}, nil
			})
			d := &scanner.Dialer{Limiter: lim, Timeout: legacyTimeout}
			ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}
			r := New(Config{LegacyPorts: plan}).Probe(context.Background(), ep, d)
			var got []string
			for _, f := range r.SSH.LegacyServices {
				got = append(got, f.Service+" "+string(f.State))
			}
			wantOrder := map[uint16]string{closed: "rsh closed", telnet.addr.Port(): "telnet open", ftp.Port: "ftp open"}
			ports := []uint16{closed, telnet.addr.Port(), ftp.Port}
			slices.Sort(ports)
			var want []string
			for _, p := range ports {
				want = append(want, wantOrder[p])
			}
			if !slices.Equal(got, want) {
				t.Errorf("legacy services %q, want %q", got, want)
			}
			if !r.SSH.LegacyServices[slices.Index(ports, ftp.Port)].Confirmed {
				t.Errorf("FTP not confirmed: %s", dump(r.SSH.LegacyServices))
			}
			for _, p := range append(ports, srv.addr.Port()) {
				if _, ok := dialed.Load(p); !ok {
					t.Errorf("port %d not dialled through the limiter", p)
				}
			}
			if srv.accepted.Load() != 1 || r.Stats.Connections != 3 {
				t.Errorf("stats %+v, SSH server accepted %d", r.Stats, srv.accepted.Load())
			}
			if p := peak.Load(); p > int64(perIP) {
				t.Errorf("%d connections at once, cap %d", p, perIP)
			}
			if r.SSH.KexInit != nil || len(r.SSH.HostKeys) != 1 || r.SSH.HostKeys[0].Status != scanner.Supported {
				t.Errorf("SSH facts %s", dump(r.SSH))
			}
		})
	}
}

// closeHook runs closed once the connection is closed.
type closeHook struct {
	net.Conn
	once   sync.Once
	closed func()
}

func (c *closeHook) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.closed)
	return err
}

// A port that drops connection attempts cannot be staged inside
// 127.0.0.0/8 without changing the host's firewall: loopback answers
// every SYN, and a listener's full accept queue makes Linux drop the
// handshake's last ACK rather than the SYN, so the connect succeeds. The
// limiter's dial function stands in for the network instead: for the
// dropped port it waits for the connect's deadline, then returns the
// error net.Dialer returns once that deadline has passed (a *net.OpError
// "dial" with a timeout), which is what a dropped SYN gives. The other
// ports are dialled for real; the default ports never are.
func TestLegacyFiltered(t *testing.T) {
	dropped := closedPort(t)
	srv := sshForLegacy(t)
	var dialed sync.Map
	lim := scanner.NewLimiter(4, func(ctx context.Context, network, addr string) (net.Conn, error) {
		port := netip.MustParseAddrPort(addr).Port()
		dialed.Store(port, true)
		var d net.Dialer
		switch port {
		case dropped:
			<-ctx.Done()
		case 21, 23, 513, 514:
			// The defaults: refused without touching the machine's ports.
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return d.DialContext(ctx, network, addr)
	})
	const timeout = 300 * time.Millisecond
	ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}

	start := time.Now()
	r := New(Config{LegacyPorts: []LegacyPort{{dropped, Telnet}}}).Probe(context.Background(), ep, &scanner.Dialer{Limiter: lim, Timeout: timeout})
	elapsed := time.Since(start)
	if got := r.SSH.LegacyServices; len(got) != 1 || got[0].State != scanner.PortFiltered || got[0].Reason != "" ||
		!strings.HasPrefix(got[0].Detail, "no answer to the connection attempt in 3") {
		t.Errorf("legacy services %s", dump(got))
	}
	if elapsed > timeout+500*time.Millisecond {
		t.Errorf("took %v, Timeout %v", elapsed, timeout)
	}

	// Interrupted while connecting: unknown, canceled.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	r = New(Config{LegacyPorts: []LegacyPort{{dropped, Telnet}}}).Probe(ctx, ep, &scanner.Dialer{Limiter: lim, Timeout: 5 * time.Second})
	if got := r.SSH.LegacyServices; len(got) != 1 || got[0].State != scanner.PortUnknown || got[0].Reason != scanner.ReasonCanceled {
		t.Errorf("legacy services %s", dump(got))
	}

	// nil LegacyPorts: the four IANA ports, in port order.
	r = New(Config{}).Probe(context.Background(), ep, &scanner.Dialer{Limiter: lim, Timeout: timeout})
	var got []string
	for _, f := range r.SSH.LegacyServices {
		got = append(got, f.Service+" "+string(f.State))
		if _, ok := dialed.Load(f.Port); !ok {
			t.Errorf("port %d not dialled", f.Port)
		}
	}
	if want := []string{"ftp closed", "telnet closed", "rlogin closed", "rsh closed"}; !slices.Equal(got, want) {
		t.Errorf("defaults %q, want %q", got, want)
	}
}

func TestLegacyPlan(t *testing.T) {
	for _, c := range []struct {
		name  string
		ports []LegacyPort
		want  []LegacyPort
	}{
		{"nil: the IANA ports", nil, []LegacyPort{{21, FTP}, {23, Telnet}, {513, Rlogin}, {514, Rsh}}},
		{"empty: off", []LegacyPort{}, nil},
		{"sorted, each once, without port 0 or an unknown service", []LegacyPort{{2323, Telnet}, {0, FTP}, {2121, FTP}, {2323, Telnet}, {99, Service(0)}, {99, Service(9)}},
			[]LegacyPort{{2121, FTP}, {2323, Telnet}}},
		{"two services on one port", []LegacyPort{{514, Rsh}, {514, Rlogin}}, []LegacyPort{{514, Rlogin}, {514, Rsh}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := slices.Clone(c.ports)
			if got := legacyPlan(c.ports); !slices.Equal(got, c.want) {
				t.Errorf("plan %v, want %v", got, c.want)
			}
			if !slices.Equal(in, c.ports) {
				t.Errorf("the caller's ports changed: %v", c.ports)
			}
		})
	}
	if FTP.String() != "ftp" || Rsh.String() != "rsh" || Service(0).String() != "Service(0)" {
		t.Errorf("names %s %s %s", FTP, Rsh, Service(0))
	}
}

func TestLegacyRecognition(t *testing.T) {
	for _, c := range []struct {
		first       string
		telnet, ftp bool
		// read is what readFirstWords keeps when the bytes come one at a
		// time: up to a complete line or telnet command, else all until
		// the end of the input (an error).
		read     string
		decisive bool
	}{
		{string(peer.TelnetdOpening), true, false, "\xff\xfd\x18", true},
		{"\xff\xfb\x01", true, false, "\xff\xfb\x01", true}, // IAC WILL ECHO
		{"\xff\xfa\x18\x01\xff\xf0", true, false, "\xff\xfa\x18", true},
		{"\xff\xf1", false, false, "\xff\xf1", false}, // IAC NOP: no negotiation
		{"\xff", false, false, "\xff", false},
		{"220 ready\r\nmore", false, true, "220 ready\r\n", true},
		{"220-multi\r\n", false, true, "220-multi\r\n", true},
		{"220\r\n", false, true, "220\r\n", true},
		{"220", false, false, "220", false},
		{"2200 no\r\n", false, false, "2200 no\r\n", true},
		{"421 too many\r\n", false, false, "421 too many\r\n", true},
		{"login: ", false, false, "login: ", false},
		{"", false, false, "", false},
		{strings.Repeat("x", 200), false, false, strings.Repeat("x", legacyBannerMax), true},
	} {
		b := []byte(c.first)
		if telnetNegotiation(b) != c.telnet || ftpGreeting(b) != c.ftp {
			t.Errorf("%q: telnet %v ftp %v, want %v %v", c.first, telnetNegotiation(b), ftpGreeting(b), c.telnet, c.ftp)
		}
		got, err := readFirstWords(&oneByteReader{data: b})
		if string(got) != c.read || (err == nil) != c.decisive {
			t.Errorf("%q: read %q, %v; want %q", c.first, got, err, c.read)
		}
	}
}

// oneByteReader returns its data a byte at a time, then io.EOF.
type oneByteReader struct{ data []byte }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.data[0]
	r.data = r.data[1:]
	return 1, nil
}

// The reading of connection attempts, on the errors net.Dialer and the
// limiter return.
func TestPortState(t *testing.T) {
	dialErr := func(errno syscall.Errno) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
	}
	expired, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-expired.Done()
	var d net.Dialer
	_, dialTimeout := d.DialContext(expired, "tcp", "127.0.0.1:9")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	s := &endpointScan{}
	for _, c := range []struct {
		name   string
		ctx    context.Context
		err    error
		state  scanner.PortState
		reason scanner.Reason
		detail string
	}{
		{"refused", context.Background(), dialErr(syscall.ECONNREFUSED), scanner.PortClosed, "", ""},
		{"reset during the connect", context.Background(), dialErr(syscall.ECONNRESET), scanner.PortOpen, "", "reset the connection after 0 bytes"},
		{"no answer to the SYN", context.Background(), dialTimeout, scanner.PortFiltered, "", "no answer to the connection attempt in 2s"},
		{"no limiter slot in time", context.Background(), context.DeadlineExceeded, scanner.PortUnknown, scanner.ReasonTimeout, "no connection slot"},
		{"no route", context.Background(), dialErr(syscall.EHOSTUNREACH), scanner.PortUnknown, scanner.ReasonUnreachable, "no route to host"},
		{"the run interrupted", canceled, canceled.Err(), scanner.PortUnknown, scanner.ReasonCanceled, "canceled"},
		{"the endpoint's deadline", expired, dialTimeout, scanner.PortUnknown, scanner.ReasonTimeout, "i/o timeout"},
	} {
		state, reason, detail := s.portState(c.ctx, c.err, 2*time.Second)
		if state != c.state || reason != c.reason || !strings.Contains(detail, c.detail) {
			t.Errorf("%s (%v): %s %s %q, want %s %s %q", c.name, c.err, state, reason, detail, c.state, c.reason, c.detail)
		}
	}
}

func TestParseLegacyPorts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []LegacyPort
		err  bool
	}{
		{in: "none", want: []LegacyPort{}},
		{in: "ftp=21,telnet=23,rlogin=513,rsh=514", want: []LegacyPort{{21, FTP}, {23, Telnet}, {513, Rlogin}, {514, Rsh}}},
		{in: "Telnet=2323, ftp=2121", want: []LegacyPort{{2323, Telnet}, {2121, FTP}}},
		{in: "telnet", err: true},
		{in: "ssh=22", err: true},
		{in: "telnet=0", err: true},
		{in: "telnet=65536", err: true},
		{in: "telnet=23,", err: true},
		{in: "", err: true},
	} {
		got, err := ParseLegacyPorts(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("%q: error %v, want error %t", tc.in, err, tc.err)
			continue
		}
		if !tc.err && (!slices.Equal(got, tc.want) || got == nil) {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestLegacyFilteredTakeFreedSlots: four filtered ports beside a quick SSH
// server, under a cap of 4 per IP: they start two at a time beside the
// SSH exchanges and take the other two slots once those are done, so the
// scan lasts about one Timeout, not two.
func TestLegacyFilteredTakeFreedSlots(t *testing.T) {
	srv := sshForLegacy(t)
	var plan []LegacyPort
	dropped := map[uint16]bool{}
	for _, s := range []Service{FTP, Telnet, Rlogin, Rsh} {
		p := closedPort(t)
		dropped[p] = true
		plan = append(plan, LegacyPort{p, s})
	}
	var open, peak atomic.Int64
	lim := scanner.NewLimiter(4, func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dropped[netip.MustParseAddrPort(addr).Port()] {
			n := open.Add(1)
			defer open.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			<-ctx.Done() // a dropped SYN: then net.Dialer's own timeout error
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	})
	const timeout = 400 * time.Millisecond
	ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}
	start := time.Now()
	r := New(Config{LegacyPorts: plan}).Probe(context.Background(), ep, &scanner.Dialer{Limiter: lim, Timeout: timeout})
	elapsed := time.Since(start)
	for _, f := range r.SSH.LegacyServices {
		if f.State != scanner.PortFiltered {
			t.Errorf("%s", dump([]scanner.LegacyService{f}))
		}
	}
	if len(r.SSH.HostKeys) == 0 || r.SSH.HostKeys[0].Status != scanner.Supported {
		t.Errorf("host keys %+v", r.SSH.HostKeys)
	}
	if peak.Load() != 4 || elapsed > 2*timeout-50*time.Millisecond {
		t.Errorf("%d filtered ports at once at most, %v in all; want 4 at once, about one Timeout (%v)", peak.Load(), elapsed, timeout)
	}
}

// TestLegacyOncePerAddress: two SSH servers on one address, scanned at
// once by one Prober, get the legacy service facts of the address from
// one set of connections.
func TestLegacyOncePerAddress(t *testing.T) {
	addr, accepted := peer.Serve(t, func(c net.Conn) {
		c.Write(peer.TelnetdOpening)
		untilClientCloses(c)
	})
	a, b := sshForLegacy(t), sshForLegacy(t)
	p := New(Config{LegacyPorts: []LegacyPort{{addr.Port(), Telnet}}})
	lim := scanner.NewLimiter(4, nil)
	var wg sync.WaitGroup
	results := make([]scanner.Result, 2)
	for i, srv := range []*listener{a, b} {
		wg.Go(func() {
			ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}
			results[i] = p.Probe(context.Background(), ep, &scanner.Dialer{Limiter: lim, Timeout: 2 * time.Second})
		})
	}
	wg.Wait()
	for i, r := range results {
		if got := r.SSH.LegacyServices; len(got) != 1 || got[0].State != scanner.PortOpen || !got[0].Confirmed {
			t.Errorf("endpoint %d: %s", i, dump(got))
		}
	}
	if n := accepted.Load(); n != 1 {
		t.Errorf("the telnet stand-in accepted %d connections, want 1", n)
	}
	// Another Prober (another run) asks again.
	New(Config{LegacyPorts: []LegacyPort{{addr.Port(), Telnet}}}).Probe(context.Background(),
		scanner.Endpoint{IP: a.addr.Addr(), Port: a.addr.Port(), Protocol: "ssh"}, &scanner.Dialer{Limiter: lim, Timeout: 2 * time.Second})
	if n := accepted.Load(); n != 2 {
		t.Errorf("a second run: %d connections in all, want 2", n)
	}
}
