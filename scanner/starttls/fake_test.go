package starttls

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fake servers on 127.0.0.1:0, one helper per scenario; each returns once
// it is listening. A scripted server plays turns: it reads exactly the
// bytes the client must send (the test's oracle, written out by hand from
// the RFCs), then writes its answer.

// testOptions are the options every fake expects.
var testOptions = Options{EHLO: "scanner.test", XMPPDomain: "example.test"}

// turn is one exchange: read exactly expect (nothing when empty), then
// write send.
type turn struct{ expect, send string }

// serve listens on 127.0.0.1:0 and runs handle on every connection until
// the test ends; the cleanup closes the listener and every connection, and
// waits for the handlers.
func serve(t *testing.T, handle func(c net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

// fakeCert is the fake servers' certificate (ECDSA P-256, for localhost),
// and a pool trusting it.
var fakeCert = sync.OnceValues(func() (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		panic(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
})

// scripted plays turns on every connection, then either runs a TLS server
// (answering "hello over tls\n") or holds the connection until the client
// closes it.
func scripted(t *testing.T, turns []turn, thenTLS bool) string {
	t.Helper()
	return serve(t, func(c net.Conn) {
		for _, tr := range turns {
			if tr.expect != "" {
				got := make([]byte, len(tr.expect))
				if _, err := io.ReadFull(c, got); err != nil {
					return // the client gave up first: its test says why
				}
				if string(got) != tr.expect {
					t.Errorf("fake server read %q, want %q", got, tr.expect)
					return
				}
			}
			if _, err := io.WriteString(c, tr.send); err != nil {
				return
			}
		}
		if !thenTLS {
			io.Copy(io.Discard, c)
			return
		}
		cert, _ := fakeCert()
		s := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
		if err := s.Handshake(); err != nil {
			t.Errorf("fake server: TLS handshake after the upgrade: %v", err)
			return
		}
		io.WriteString(s, "hello over tls\n")
		io.Copy(io.Discard, s)
	})
}

// script is what a well-behaved server of each protocol says, and its
// busy and not-offered variants.
type script struct {
	proto      string
	ok         []turn
	busy       []turn
	busyStep   string
	busyCode   string
	notOffered []turn
	noStep     string
	noCode     string
}

const (
	xmppClientHeader = "<?xml version='1.0'?><stream:stream to='example.test' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
	xmppServerHeader = "<?xml version='1.0'?><stream:stream to='example.test' version='1.0' xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>"
	xmppAnswer       = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='c2s1' from='example.test' version='1.0' xml:lang='en'>"
	xmppS2SAnswer    = "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback' xmlns:stream='http://etherx.jabber.org/streams' id='s2s1' from='example.test' version='1.0'>"
	xmppFeatures     = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
	xmppNoTLS        = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
	xmppStartTLSCmd  = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
	xmppProceed      = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
	xmppBusyError    = "<stream:error><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>too many connections</text></stream:error></stream:stream>"

	// RFC 4511: LDAPMessage { 1, ExtendedRequest { [0] "1.3.6.1.4.1.1466.20037" } }
	ldapRequest = "\x30\x1d\x02\x01\x01\x77\x18\x80\x16" + "1.3.6.1.4.1.1466.20037"
	// ExtendedResponse { success, "", "", [10] OID }, with Active
	// Directory's four-byte lengths.
	ldapSuccess = "\x30\x84\x00\x00\x00\x28\x02\x01\x01\x78\x84\x00\x00\x00\x1f\x0a\x01\x00\x04\x00\x04\x00\x8a\x16" + "1.3.6.1.4.1.1466.20037"
	ldapBusy    = "\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x33\x04\x00\x04\x00"                // busy (51)
	ldapNoTLS   = "\x30\x1b\x02\x01\x01\x78\x16\x0a\x01\x02\x04\x00\x04\x0funknown request" // protocolError (2)

	pgSSLRequest = "\x00\x00\x00\x08\x04\xd2\x16\x2f"
)

// mysqlSSLRequestBytes answers mysqlGreetingPacket: length 32, sequence 1,
// capabilities 0x0008AA05, max packet 16 MiB, the server's charset 255, 23
// zeros.
var mysqlSSLRequestBytes = "\x20\x00\x00\x01" + "\x05\xaa\x08\x00" + "\x00\x00\x00\x01" + "\xff" + strings.Repeat("\x00", 23)

// pgError is a protocol 3 ErrorResponse with the given fields.
func pgError(fields ...string) string {
	var body []byte
	for _, f := range fields {
		body = append(body, f...)
		body = append(body, 0)
	}
	body = append(body, 0)
	return "E" + string(binary.BigEndian.AppendUint32(nil, uint32(4+len(body)))) + string(body)
}

// mysqlPacket frames a payload with sequence number seq.
func mysqlPacket(seq byte, payload string) string {
	n := len(payload)
	return string([]byte{byte(n), byte(n >> 8), byte(n >> 16), seq}) + payload
}

// mysqlGreetingPacket is a MySQL 8 HandshakeV10 with the given
// capabilities, written field by field.
func mysqlGreetingPacket(caps uint32) string {
	p := "\x0a" + "8.0.36\x00" + "\x08\x00\x00\x00" + "abcdefgh" + "\x00" +
		string(binary.LittleEndian.AppendUint16(nil, uint16(caps))) +
		"\xff" + "\x02\x00" + string(binary.LittleEndian.AppendUint16(nil, uint16(caps>>16))) +
		"\x15" + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
		"ijklmnopqrst\x00" + "caching_sha2_password\x00"
	return mysqlPacket(0, p)
}

const (
	mysqlCapsSSL   = 0xDFFFFFFF
	mysqlCapsNoSSL = 0xDFFFF7FF
)

var scripts = []script{
	{
		proto: "smtp",
		ok: []turn{
			{"", "220 fake.test ESMTP\r\n"},
			{"EHLO scanner.test\r\n", "250-fake.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME\r\n"},
			{"STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n"},
		},
		busy:     []turn{{"", "421 4.7.0 fake.test Error: too many connections from 127.0.0.1\r\n"}},
		busyStep: "greeting", busyCode: "421",
		notOffered: []turn{
			{"", "220 fake.test ESMTP\r\n"},
			{"EHLO scanner.test\r\n", "250-fake.test\r\n250 PIPELINING\r\n"},
		},
		noStep: "ehlo", noCode: "250",
	},
	{
		proto: "imap",
		ok: []turn{
			{"", "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] fake ready\r\n"},
			{"a STARTTLS\r\n", "* CAPABILITY IMAP4rev1 STARTTLS\r\na OK Begin TLS negotiation now.\r\n"},
		},
		busy:     []turn{{"", "* BYE Too many connections\r\n"}},
		busyStep: "greeting", busyCode: "BYE",
		notOffered: []turn{
			{"", "* OK fake ready\r\n"},
			{"a STARTTLS\r\n", "a BAD Unknown command\r\n"},
		},
		noStep: "starttls", noCode: "BAD",
	},
	{
		proto: "pop3",
		ok: []turn{
			{"", "+OK fake POP3 ready\r\n"},
			{"STLS\r\n", "+OK Begin TLS negotiation\r\n"},
		},
		busy:     []turn{{"", "-ERR [IN-USE] Too many connections\r\n"}},
		busyStep: "greeting", busyCode: "-ERR",
		notOffered: []turn{
			{"", "+OK fake POP3 ready\r\n"},
			{"STLS\r\n", "-ERR Unknown command\r\n"},
		},
		noStep: "stls", noCode: "-ERR",
	},
	{
		proto: "ftp",
		ok: []turn{
			{"", "220-fake FTP\r\n welcome\r\n220 ready\r\n"},
			{"AUTH TLS\r\n", "234 AUTH TLS successful\r\n"},
		},
		busy:     []turn{{"", "421 Too many users, try again later\r\n"}},
		busyStep: "greeting", busyCode: "421",
		notOffered: []turn{
			{"", "220 ready\r\n"},
			{"AUTH TLS\r\n", "500 AUTH not understood\r\n"},
		},
		noStep: "auth-tls", noCode: "500",
	},
	{
		proto: "xmpp-client",
		ok: []turn{
			{xmppClientHeader, xmppAnswer + "\n" + xmppFeatures},
			{xmppStartTLSCmd, xmppProceed},
		},
		busy:     []turn{{xmppClientHeader, xmppAnswer + xmppBusyError}},
		busyStep: "stream", busyCode: "error:resource-constraint",
		notOffered: []turn{{xmppClientHeader, xmppAnswer + xmppNoTLS}},
		noStep:     "stream", noCode: "features",
	},
	{
		proto: "xmpp-server",
		ok: []turn{
			{xmppServerHeader, xmppS2SAnswer + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>"},
			{xmppStartTLSCmd, xmppProceed},
		},
		busy:     []turn{{xmppServerHeader, xmppS2SAnswer + xmppBusyError}},
		busyStep: "stream", busyCode: "error:resource-constraint",
		notOffered: []turn{
			{xmppServerHeader, xmppS2SAnswer + xmppFeatures},
			{xmppStartTLSCmd, "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>"},
		},
		noStep: "starttls", noCode: "failure",
	},
	{
		proto:    "ldap",
		ok:       []turn{{ldapRequest, ldapSuccess}},
		busy:     []turn{{ldapRequest, ldapBusy}},
		busyStep: "starttls", busyCode: "51",
		notOffered: []turn{{ldapRequest, ldapNoTLS}},
		noStep:     "starttls", noCode: "2",
	},
	{
		proto:    "postgres",
		ok:       []turn{{pgSSLRequest, "S"}},
		busy:     []turn{{pgSSLRequest, pgError("SFATAL", "VFATAL", "C53300", "Msorry, too many clients already", "Fproc.c", "L362", "RInitProcess")}},
		busyStep: "sslrequest", busyCode: "E53300",
		notOffered: []turn{{pgSSLRequest, "N"}},
		noStep:     "sslrequest", noCode: "N",
	},
	{
		proto: "mysql",
		ok: []turn{
			{"", mysqlGreetingPacket(mysqlCapsSSL)},
			{mysqlSSLRequestBytes, ""},
		},
		busy:     []turn{{"", mysqlPacket(0, "\xff\x10\x04Too many connections")}},
		busyStep: "handshake", busyCode: "ERR1040",
		notOffered: []turn{{"", mysqlGreetingPacket(mysqlCapsNoSSL)}},
		noStep:     "handshake", noCode: "handshake",
	},
}

// starttlsServer upgrades like a well-behaved server of proto, then speaks
// TLS.
func starttlsServer(t *testing.T, s script) string { return scripted(t, s.ok, true) }

// busyServer answers like a server over its connection limit.
func busyServer(t *testing.T, s script) string { return scripted(t, s.busy, false) }

// notOfferedServer answers like a server without STARTTLS.
func notOfferedServer(t *testing.T, s script) string { return scripted(t, s.notOffered, false) }

// injectingServer sends data after its final go-ahead, in the same write.
func injectingServer(t *testing.T, s script) string {
	turns := append([]turn{}, s.ok...)
	i := len(turns) - 1
	if turns[i].send == "" { // MySQL: the greeting is the last thing the server says
		i--
	}
	turns[i].send += "250 injected\r\n"
	return scripted(t, turns[:i+1], false)
}

// silentServer accepts, reads whatever comes, and never answers.
func silentServer(t *testing.T) string {
	return serve(t, func(c net.Conn) { io.Copy(io.Discard, c) })
}

// garbageServer answers binary garbage at once.
func garbageServer(t *testing.T) string {
	return serve(t, func(c net.Conn) {
		io.WriteString(c, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x00\xff garbage\r\n")
		io.Copy(io.Discard, c)
	})
}

// endlessServer writes prefix, then unit over and over until the client
// goes away.
func endlessServer(t *testing.T, turns []turn, prefix, unit string) string {
	return serve(t, func(c net.Conn) {
		for _, tr := range turns {
			if _, err := io.ReadFull(c, make([]byte, len(tr.expect))); err != nil {
				return
			}
			io.WriteString(c, tr.send)
		}
		if _, err := io.WriteString(c, prefix); err != nil {
			return
		}
		chunk := bytes.Repeat([]byte(unit), max(1, 4096/len(unit)))
		for {
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	})
}

// trickleServer sends data one byte every 10ms, then keeps sending spaces
// the same way.
func trickleServer(t *testing.T, data string) string {
	return serve(t, func(c net.Conn) {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			b := byte(' ')
			if i < len(data) {
				b = data[i]
			}
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			<-tick.C
		}
	})
}
