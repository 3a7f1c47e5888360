package starttls

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// dialUpgrade connects to addr and runs proto's upgrade with opts, the
// connection's deadline set timeout ahead (as scanner.Dialer does).
func dialUpgrade(t *testing.T, addr, proto string, opts Options, timeout time.Duration) (net.Conn, error) {
	t.Helper()
	up, err := Upgrader(proto, opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(timeout))
	if err := up(context.Background(), c); err != nil {
		return nil, err
	}
	c.SetDeadline(time.Time{})
	return c, nil
}

// handshake runs a crypto/tls client handshake on the upgraded c, trusting
// the fake's certificate, and reads the server's first line.
func handshake(t *testing.T, c net.Conn) {
	t.Helper()
	_, pool := fakeCert()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	tc := tls.Client(c, &tls.Config{ServerName: "localhost", RootCAs: pool})
	if err := tc.Handshake(); err != nil {
		t.Fatalf("TLS handshake after the upgrade: %v", err)
	}
	line := make([]byte, len("hello over tls\n"))
	if _, err := io.ReadFull(tc, line); err != nil || string(line) != "hello over tls\n" {
		t.Fatalf("read over TLS: %q, %v", line, err)
	}
}

func TestUpgradeThenTLS(t *testing.T) {
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			addr := starttlsServer(t, s)
			c, err := dialUpgrade(t, addr, s.proto, testOptions, 5*time.Second)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			handshake(t, c)
		})
	}
}

func TestBusy(t *testing.T) {
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			_, err := dialUpgrade(t, busyServer(t, s), s.proto, testOptions, 5*time.Second)
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("got %v, want a *Refusal", err)
			}
			if !r.Busy() || r.NotOffered() {
				t.Errorf("%v: Busy %v, NotOffered %v; want busy only", r, r.Busy(), r.NotOffered())
			}
			if r.Proto != s.proto || r.Step != s.busyStep || r.Code != s.busyCode {
				t.Errorf("refusal %q at %q, code %q; want %q at %q, code %q", r.Proto, r.Step, r.Code, s.proto, s.busyStep, s.busyCode)
			}
			if r.Line == "" || strings.ContainsAny(r.Line, "\r\n\x00") {
				t.Errorf("Line %q: want the reply, printable", r.Line)
			}
		})
	}
}

func TestNotOffered(t *testing.T) {
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			_, err := dialUpgrade(t, notOfferedServer(t, s), s.proto, testOptions, 5*time.Second)
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("got %v, want a *Refusal", err)
			}
			if !r.NotOffered() || r.Busy() {
				t.Errorf("%v: NotOffered %v, Busy %v; want not offered only", r, r.NotOffered(), r.Busy())
			}
			if r.Step != s.noStep || r.Code != s.noCode {
				t.Errorf("refusal at %q, code %q; want %q, code %q", r.Step, r.Code, s.noStep, s.noCode)
			}
		})
	}
}

func TestInjectionAfterReply(t *testing.T) {
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			_, err := dialUpgrade(t, injectingServer(t, s), s.proto, testOptions, 5*time.Second)
			if !errors.Is(err, ErrUnexpectedData) {
				t.Fatalf("got %v, want ErrUnexpectedData", err)
			}
			if !strings.Contains(err.Error(), "250 injected") {
				t.Errorf("%v: want the injected bytes in the message", err)
			}
		})
	}
}

func TestSilence(t *testing.T) {
	addr := silentServer(t)
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := dialUpgrade(t, addr, s.proto, testOptions, 200*time.Millisecond)
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("got %v, want a deadline error", err)
			}
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("%v: want a net.Error with Timeout()", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v for a 200ms deadline", d)
			}
		})
	}
}

func TestGarbage(t *testing.T) {
	addr := garbageServer(t)
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			_, err := dialUpgrade(t, addr, s.proto, testOptions, 5*time.Second)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
			var r *Refusal
			if errors.As(err, &r) {
				t.Errorf("garbage read as a refusal: %v", r)
			}
		})
	}
}

func TestClosedAtOnce(t *testing.T) {
	addr := serve(t, func(c net.Conn) {})
	for _, s := range scripts {
		t.Run(s.proto, func(t *testing.T) {
			_, err := dialUpgrade(t, addr, s.proto, testOptions, 5*time.Second)
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !isReset(err) {
				t.Fatalf("got %v, want io.EOF or a reset", err)
			}
		})
	}
}

// isReset: a server closing a socket with unread data resets it.
func isReset(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "broken pipe"))
}

// TestHostile: servers that try to make the client read forever, or
// allocate without bound, get ErrMalformed or a timeout, quickly.
func TestHostile(t *testing.T) {
	smtpGreeting := []turn{{"", "220 fake\r\n"}, {"EHLO scanner.test\r\n", ""}}
	for _, tc := range []struct {
		name, proto string
		addr        func(t *testing.T) string
		timeout     bool
	}{
		{"endless EHLO reply", "smtp", func(t *testing.T) string { return endlessServer(t, smtpGreeting, "250-fake\r\n", "250-X-KEYWORD\r\n") }, false},
		{"endless multiline greeting", "ftp", func(t *testing.T) string { return endlessServer(t, nil, "220-hello\r\n", "220-again\r\n") }, false},
		{"endless free text in a multiline reply", "ftp", func(t *testing.T) string { return endlessServer(t, nil, "220-hello\r\n", "text\r\n") }, false},
		{"line without end", "smtp", func(t *testing.T) string { return endlessServer(t, nil, "220 ", "a") }, false},
		{"endless untagged lines", "imap", func(t *testing.T) string {
			return endlessServer(t, []turn{{"", "* OK hi\r\n"}, {"a STARTTLS\r\n", ""}}, "", "* OK still here\r\n")
		}, false},
		{"endless XMPP features", "xmpp-client", func(t *testing.T) string {
			return endlessServer(t, []turn{{xmppClientHeader, ""}}, xmppAnswer+"<stream:features>", "<x/>")
		}, false},
		{"deep XMPP nesting", "xmpp-client", func(t *testing.T) string {
			return endlessServer(t, []turn{{xmppClientHeader, ""}}, xmppAnswer+"<stream:features>", "<x>")
		}, false},
		{"huge XMPP attribute", "xmpp-client", func(t *testing.T) string {
			return endlessServer(t, []turn{{xmppClientHeader, ""}}, xmppAnswer+"<stream:features a='", "A")
		}, false},
		{"huge BER length", "ldap", func(t *testing.T) string {
			return endlessServer(t, []turn{{ldapRequest, ""}}, "\x30\x84\x7f\xff\xff\xff", "\x00")
		}, false},
		{"BER length of 127 bytes", "ldap", func(t *testing.T) string {
			return endlessServer(t, []turn{{ldapRequest, ""}}, "\x30\xff", "\xff")
		}, false},
		{"indefinite BER length", "ldap", func(t *testing.T) string {
			return endlessServer(t, []turn{{ldapRequest, ""}}, "\x30\x80", "\x00")
		}, false},
		{"huge MySQL packet", "mysql", func(t *testing.T) string { return endlessServer(t, nil, "\xff\xff\xff\x00", "\x0a") }, false},
		{"huge PostgreSQL error", "postgres", func(t *testing.T) string {
			return endlessServer(t, []turn{{pgSSLRequest, ""}}, "E\x7f\xff\xff\xff", "S")
		}, false},
		{"endless PostgreSQL v2 error", "postgres", func(t *testing.T) string {
			return endlessServer(t, []turn{{pgSSLRequest, ""}}, "E", "FATAL ")
		}, false},
		{"one-byte trickle", "smtp", func(t *testing.T) string { return trickleServer(t, "220-") }, true},
		{"one-byte trickle", "mysql", func(t *testing.T) string { return trickleServer(t, "\x50\x00\x00\x00\x0a") }, true},
	} {
		t.Run(tc.proto+"/"+tc.name, func(t *testing.T) {
			// A short deadline where the scenario is a timeout; elsewhere
			// a long one, which the bounds must beat.
			deadline := 10 * time.Second
			if tc.timeout {
				deadline = 300 * time.Millisecond
			}
			start := time.Now()
			_, err := dialUpgrade(t, tc.addr(t), tc.proto, testOptions, deadline)
			switch {
			case tc.timeout && !errors.Is(err, os.ErrDeadlineExceeded):
				t.Fatalf("got %v, want a deadline error", err)
			case !tc.timeout && !errors.Is(err, ErrMalformed):
				t.Fatalf("got %v, want ErrMalformed", err)
			}
			if d := time.Since(start); d > deadline/2+time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestContext(t *testing.T) {
	addr := silentServer(t)
	up, err := Upgrader("smtp", testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("deadline without a connection deadline", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		err = up(ctx, c)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want context.DeadlineExceeded", err)
		}
	})
	t.Run("cancelled mid-read", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		err = up(ctx, c)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
	t.Run("cancelled before", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := up(ctx, c); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
}

// TestDefaultEHLO: without Options.EHLO, the client sends the address
// literal of its end of the connection.
func TestDefaultEHLO(t *testing.T) {
	turns := []turn{
		{"", "220 fake ESMTP\r\n"},
		{"EHLO [127.0.0.1]\r\n", "250-fake\r\n250 STARTTLS\r\n"},
		{"STARTTLS\r\n", "220 go ahead\r\n"},
	}
	c, err := dialUpgrade(t, scripted(t, turns, true), "smtp", Options{}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	handshake(t, c)
}

func TestAddressLiteral(t *testing.T) {
	for _, tc := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 1}, "[192.0.2.1]"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8::1"), Port: 1, Zone: "eth0"}, "[IPv6:2001:db8::1]"},
		{&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.1"), Port: 1}, "[192.0.2.1]"},
		{&net.UnixAddr{Name: "/tmp/x", Net: "unix"}, DefaultEHLO},
		{nil, DefaultEHLO},
	} {
		if got := addressLiteral(tc.addr); got != tc.want {
			t.Errorf("addressLiteral(%v) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

func TestUpgraderErrors(t *testing.T) {
	_, err := Upgrader("gopher", Options{})
	if err == nil || !strings.Contains(err.Error(), "smtp") || !strings.Contains(err.Error(), "mysql") {
		t.Errorf("unknown protocol: %v, want an error listing the known ones", err)
	}
	for _, tc := range []struct {
		proto string
		opts  Options
	}{
		{"smtp", Options{EHLO: "two words"}},
		{"smtp", Options{EHLO: "crlf\r\nMAIL FROM:<x>"}},
		{"xmpp-client", Options{}},
		{"xmpp-server", Options{XMPPDomain: "a\nb"}},
	} {
		if _, err := Upgrader(tc.proto, tc.opts); err == nil {
			t.Errorf("Upgrader(%q, %+v) accepted", tc.proto, tc.opts)
		}
	}
	if _, err := Upgrader("xmpp", Options{XMPPDomain: "example.test"}); err != nil {
		t.Errorf("xmpp: %v", err)
	}
}

// TestXMPPDomainEscaped: the domain is an attribute value; quotes in it do
// not end the attribute.
func TestXMPPDomainEscaped(t *testing.T) {
	got := string(xmppStream("jabber:client")(&Options{XMPPDomain: "a'b&c"}, nil))
	if !strings.Contains(got, "to='a&#39;b&amp;c'") {
		t.Errorf("stream header %q", got)
	}
}

func TestDefaultPorts(t *testing.T) {
	seen := map[uint16]bool{}
	for _, p := range DefaultPorts {
		if seen[p.Port] {
			t.Errorf("port %d listed twice", p.Port)
		}
		seen[p.Port] = true
		if !slices.Contains(Protocols(), p.Protocol) {
			t.Errorf("%s: protocol %q has no dialogue", p.Service, p.Protocol)
		}
		if got := ProtocolForPort(p.Port); got != p.Protocol {
			t.Errorf("ProtocolForPort(%d) = %q, want %q", p.Port, got, p.Protocol)
		}
	}
	for _, want := range []struct {
		port  uint16
		proto string
	}{{25, "smtp"}, {587, "smtp"}, {143, "imap"}, {110, "pop3"}, {21, "ftp"}, {5222, "xmpp-client"}, {5269, "xmpp-server"}, {389, "ldap"}, {5432, "postgres"}, {3306, "mysql"}, {443, ""}} {
		if got := ProtocolForPort(want.port); got != want.proto {
			t.Errorf("ProtocolForPort(%d) = %q, want %q", want.port, got, want.proto)
		}
	}
	// Every dialogue has a fake-server script, so every protocol is tested.
	for _, p := range Protocols() {
		if !slices.ContainsFunc(scripts, func(s script) bool { return s.proto == p }) {
			t.Errorf("protocol %q has no test script", p)
		}
	}
}

// TestRefusalKinds: every answer's kind reaches the helpers.
func TestRefusalKinds(t *testing.T) {
	for _, tc := range []struct {
		r                *Refusal
		busy, notOffered bool
	}{
		{&Refusal{Kind: KindBusy}, true, false},
		{&Refusal{Kind: KindNotOffered}, false, true},
		{&Refusal{Kind: KindRefused}, false, false},
	} {
		if tc.r.Busy() != tc.busy || tc.r.NotOffered() != tc.notOffered {
			t.Errorf("%v: Busy %v NotOffered %v", tc.r.Kind, tc.r.Busy(), tc.r.NotOffered())
		}
	}
}

// TestOtherAnswers: answers that are neither go-ahead, busy nor "not
// offered", and a few classification edges.
func TestOtherAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, proto string
		turns       []turn
		kind        RefusalKind
		code        string
	}{
		{"SMTP 554 greeting", "smtp", []turn{{"", "554 5.7.1 no service\r\n"}}, KindRefused, "554"},
		{"SMTP 454 to STARTTLS", "smtp", []turn{{"", "220 x\r\n"}, {"EHLO scanner.test\r\n", "250-x\r\n250 STARTTLS\r\n"}, {"STARTTLS\r\n", "454 4.7.0 TLS not available due to local problem\r\n"}}, KindBusy, "454"},
		{"SMTP 502 to EHLO", "smtp", []turn{{"", "220 x\r\n"}, {"EHLO scanner.test\r\n", "502 5.5.2 Error: command not recognized\r\n"}}, KindNotOffered, "502"},
		{"SMTP bare code lines", "smtp", []turn{{"", "220\r\n"}, {"EHLO scanner.test\r\n", "250-x\r\n250\r\n"}}, KindNotOffered, "250"},
		{"SMTP server named STARTTLS", "smtp", []turn{{"", "220 x\r\n"}, {"EHLO scanner.test\r\n", "250 STARTTLS\r\n"}}, KindNotOffered, "250"},
		{"IMAP PREAUTH", "imap", []turn{{"", "* PREAUTH welcome back\r\n"}}, KindNotOffered, "PREAUTH"},
		{"IMAP BYE while waiting for the tag", "imap", []turn{{"", "* OK hi\r\n"}, {"a STARTTLS\r\n", "* BYE shutting down\r\n"}}, KindBusy, "BYE"},
		{"IMAP NO", "imap", []turn{{"", "* ok hi\r\n"}, {"a STARTTLS\r\n", "a no not now\r\n"}}, KindNotOffered, "NO"},
		{"FTP 120", "ftp", []turn{{"", "120 ready in 5 minutes\r\n"}}, KindBusy, "120"},
		{"FTP 530 to AUTH", "ftp", []turn{{"", "220 x\r\n"}, {"AUTH TLS\r\n", "530 Please login with USER and PASS\r\n"}}, KindNotOffered, "530"},
		{"XMPP host-unknown", "xmpp-client", []turn{{xmppClientHeader, xmppAnswer + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"}}, KindRefused, "error:host-unknown"},
		{"XMPP starttls in the wrong namespace", "xmpp-client", []turn{{xmppClientHeader, xmppAnswer + "<stream:features><starttls xmlns='jabber:client'/></stream:features>"}}, KindNotOffered, "features"},
		{"XMPP stream closed", "xmpp-client", []turn{{xmppClientHeader, xmppAnswer + "</stream:stream>"}}, KindRefused, "end"},
		{"LDAP unavailable notice", "ldap", []turn{{ldapRequest, "\x30\x0c\x02\x01\x00\x78\x07\x0a\x01\x34\x04\x00\x04\x00"}}, KindBusy, "52"},
		{"PostgreSQL other error", "postgres", []turn{{pgSSLRequest, pgError("SFATAL", "C28000", "Mno pg_hba.conf entry")}}, KindRefused, "E28000"},
		{"PostgreSQL cannot connect now", "postgres", []turn{{pgSSLRequest, pgError("SFATAL", "C57P03", "Mthe database system is starting up")}}, KindBusy, "E57P03"},
		{"PostgreSQL fork failure (protocol 2)", "postgres", []turn{{pgSSLRequest, "Ecould not fork new process for connection: Resource temporarily unavailable\n\x00"}}, KindBusy, "E53000"},
		{"MySQL host not allowed", "mysql", []turn{{"", mysqlPacket(0, "\xff\x6a\x04Host '127.0.0.1' is not allowed to connect")}}, KindRefused, "ERR1130"},
		{"MySQL host blocked", "mysql", []turn{{"", mysqlPacket(0, "\xff\x69\x04Host is blocked because of many connection errors")}}, KindBusy, "ERR1129"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dialUpgrade(t, scripted(t, tc.turns, false), tc.proto, testOptions, 5*time.Second)
			var r *Refusal
			if !errors.As(err, &r) {
				t.Fatalf("got %v, want a *Refusal", err)
			}
			if r.Kind != tc.kind || r.Code != tc.code {
				t.Errorf("%v: kind %v, code %q; want %v, %q", r, r.Kind, r.Code, tc.kind, tc.code)
			}
		})
	}
}

// TestMalformedAnswers: replies that frame but do not parse.
func TestMalformedAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, proto string
		turns       []turn
	}{
		{"SMTP code 999", "smtp", []turn{{"", "999 what\r\n"}}},
		{"SMTP code glued to text", "smtp", []turn{{"", "220hello\r\n"}}},
		{"IMAP untagged greeting missing", "imap", []turn{{"", "a OK hi\r\n"}}},
		{"IMAP continuation instead of a tag", "imap", []turn{{"", "* OK hi\r\n"}, {"a STARTTLS\r\n", "+ go on\r\n"}}},
		{"IMAP unknown status", "imap", []turn{{"", "* OK hi\r\n"}, {"a STARTTLS\r\n", "a MAYBE\r\n"}}},
		{"POP3 lower-case status", "pop3", []turn{{"", "+ok hi\r\n"}}},
		{"XMPP text in the stream", "xmpp-client", []turn{{xmppClientHeader, xmppAnswer + "hello<a/>"}}},
		{"XMPP wrong root", "xmpp-client", []turn{{xmppClientHeader, "<html>"}}},
		{"XMPP comment", "xmpp-client", []turn{{xmppClientHeader, xmppAnswer + "<!-- hi -->"}}},
		{"XMPP other charset", "xmpp-client", []turn{{xmppClientHeader, "<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"}}},
		{"LDAP response to another message", "ldap", []turn{{ldapRequest, "\x30\x0c\x02\x01\x07\x78\x07\x0a\x01\x00\x04\x00\x04\x00"}}},
		{"LDAP bind response", "ldap", []turn{{ldapRequest, "\x30\x0c\x02\x01\x01\x61\x07\x0a\x01\x00\x04\x00\x04\x00"}}},
		{"LDAP trailing bytes inside", "ldap", []turn{{ldapRequest, "\x30\x0d\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00\x00"}}},
		{"PostgreSQL unknown byte", "postgres", []turn{{pgSSLRequest, "X"}}},
		{"PostgreSQL error without terminator", "postgres", []turn{{pgSSLRequest, "E\x00\x00\x00\x08SFAT"}}},
		{"MySQL protocol 9", "mysql", []turn{{"", mysqlPacket(0, "\x09"+"3.22\x00"+"\x01\x00\x00\x00"+"abcdefgh\x00")}}},
		{"MySQL empty packet", "mysql", []turn{{"", "\x00\x00\x00\x00"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dialUpgrade(t, scripted(t, tc.turns, false), tc.proto, testOptions, 5*time.Second)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
		})
	}
}
