package sink

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

// testPKI is a generated CA and a server certificate it issued for
// 127.0.0.1 and localhost.
type testPKI struct {
	pool   *x509.CertPool
	server *tls.Config
}

func newTestPKI(t *testing.T) testPKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sink test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, key.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return testPKI{pool: pool, server: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}}
}

func newSyslog(t *testing.T, cfg SyslogConfig) *Syslog {
	t.Helper()
	if cfg.Backoff == (Backoff{}) {
		cfg.Backoff = fastBackoff
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "scanner.test"
	}
	s, err := NewSyslog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeSink(t, s, 0) })
	return s
}

// mixedEvents are small events and some larger than any message limit.
func mixedEvents(n int) []Event {
	evs := make([]Event, n)
	for i := range evs {
		pad := 50
		if i%7 == 3 {
			pad = 9000
		}
		evs[i] = testEvent(i, pad)
	}
	return evs
}

func TestUDP(t *testing.T) {
	addr, c := udpCollector(t)
	s := newSyslog(t, SyslogConfig{URL: "udp://" + addr})
	evs := mixedEvents(30)
	sendAll(t, s, evs)
	err, st := closeSink(t, s, 10*time.Second)
	if err != nil || st.Sent != 30 || st.Dropped != 0 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	c.waitEvents(t, 30) // loopback does not lose datagrams
	for _, m := range c.messages() {
		if len(m) > 2048 {
			t.Errorf("datagram of %d octets, limit 2048", len(m))
		}
	}
	c.assemble(t).checkEvents(t, evs, true)
	checkNoLeak(t)
}

func TestTCP(t *testing.T) {
	c := newStreamCollector(t, nil)
	s := newSyslog(t, SyslogConfig{URL: "tcp://" + c.addr, Facility: Local3})
	evs := mixedEvents(200)
	sendAll(t, s, evs)
	err, st := closeSink(t, s, 10*time.Second)
	if err != nil || st.Sent != 200 || st.Dropped != 0 || st.Retries != 0 || st.Connects != 1 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	c.waitEvents(t, 200)
	c.assemble(t).checkEvents(t, evs, true)
	m, _ := parse5424(c.messages()[0])
	if m.pri != int(Local3)*8+int(Error) || m.app != "cryptoscan" || m.host != "scanner.test" || m.msgid != "finding" {
		t.Errorf("header: %+v", m)
	}
	checkNoLeak(t)
}

func TestTLS(t *testing.T) {
	pki := newTestPKI(t)
	c := newStreamCollector(t, pki.server)
	s := newSyslog(t, SyslogConfig{URL: "tls://" + c.addr, RootCAs: pki.pool})
	evs := mixedEvents(100)
	sendAll(t, s, evs)
	err, st := closeSink(t, s, 10*time.Second)
	if err != nil || st.Sent != 100 || st.Dropped != 0 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	c.waitEvents(t, 100)
	c.assemble(t).checkEvents(t, evs, true)
	checkNoLeak(t)
}

func TestTLSUntrusted(t *testing.T) {
	pki, other := newTestPKI(t), newTestPKI(t)
	c := newStreamCollector(t, pki.server)
	s := newSyslog(t, SyslogConfig{URL: "tls://" + c.addr, RootCAs: other.pool})
	sendAll(t, s, testEvents(3, 0))
	err, st := closeSink(t, s, 300*time.Millisecond)
	if err == nil || st.Dropped != 3 || st.Sent != 0 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(st.LastError, "certificate") && !strings.Contains(err.Error(), "certificate") {
		t.Errorf("the error does not mention the certificate: %v / %s", err, st.LastError)
	}
	if n := len(c.messages()); n != 0 {
		t.Errorf("%d messages reached an unverified collector", n)
	}
	checkNoLeak(t)
}

// TestStreamRestart stops the collector between two batches (as a
// restarted rsyslog) and starts it again on the same port: every event
// arrives at least once.
func TestStreamRestart(t *testing.T) {
	pki := newTestPKI(t)
	for _, tc := range []struct {
		name   string
		scheme string
		cfg    *tls.Config
	}{
		{"tcp", "tcp", nil},
		{"tls", "tls", pki.server},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newStreamCollector(t, tc.cfg)
			s := newSyslog(t, SyslogConfig{URL: tc.scheme + "://" + c.addr, RootCAs: pki.pool})
			evs := mixedEvents(120)
			sendAll(t, s, evs[:40])
			c.waitEvents(t, 40)
			c.stop()
			sendAll(t, s, evs[40:80])
			time.Sleep(100 * time.Millisecond) // the sink finds the collector gone
			c.listen(t, c.addr)
			sendAll(t, s, evs[80:])
			err, st := closeSink(t, s, 10*time.Second)
			if err != nil || st.Sent != 120 || st.Dropped != 0 || st.Connects < 2 {
				t.Fatalf("Close: %v, %+v", err, st)
			}
			c.waitEvents(t, 120)
			c.assemble(t).checkEvents(t, evs, false)
			checkNoLeak(t)
		})
	}
}

// freeAddr returns a 127.0.0.1 TCP address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestBufferDropsOldest fills the buffer while the collector is down: the
// oldest events are dropped and counted, the newest delivered once it is
// up.
func TestBufferDropsOldest(t *testing.T) {
	addr := freeAddr(t)
	s := newSyslog(t, SyslogConfig{URL: "tcp://" + addr, Buffer: Buffer{MaxEvents: 10}})
	evs := testEvents(25, 0)
	sendAll(t, s, evs)
	if st := s.Stats(); st.Accepted != 25 || st.Dropped != 15 || st.Pending != 10 {
		t.Errorf("stats with the collector down: %+v", st)
	}
	time.Sleep(50 * time.Millisecond) // a few failed connections
	c := &streamCollector{collector: newCollector(), conns: map[net.Conn]bool{}}
	c.listen(t, addr)
	t.Cleanup(c.stop)
	err, st := closeSink(t, s, 10*time.Second)
	if err == nil || st.Sent != 10 || st.Dropped != 15 {
		t.Fatalf("Close: %v, %+v", err, st)
	}
	if !strings.Contains(err.Error(), "15 of 25 events dropped") {
		t.Errorf("Close error: %v", err)
	}
	c.waitEvents(t, 10)
	c.assemble(t).checkEvents(t, evs[15:], true)
	checkNoLeak(t)
}

func TestBufferBytes(t *testing.T) {
	s := newSyslog(t, SyslogConfig{URL: "tcp://" + freeAddr(t), Buffer: Buffer{MaxBytes: 1000}})
	big := testEvent(1, 2000)
	sendAll(t, s, []Event{big})
	if st := s.Stats(); st.Dropped != 1 || st.Pending != 0 {
		t.Errorf("an event larger than the buffer: %+v", st)
	}
	sendAll(t, s, testEvents(20, 0)) // about 150 bytes each
	if st := s.Stats(); st.Pending > 7 || st.Pending < 5 {
		t.Errorf("1000 bytes hold %d events", st.Pending)
	}
}

// TestCloseDeadline: a collector that never comes up costs Close its
// deadline, no more, and every event is counted dropped.
func TestCloseDeadline(t *testing.T) {
	for _, scheme := range []string{"tcp", "tls", "relp", "udp"} {
		t.Run(scheme, func(t *testing.T) {
			s := newSyslog(t, SyslogConfig{URL: scheme + "://" + freeAddr(t)})
			sendAll(t, s, testEvents(5, 0))
			start := time.Now()
			err, st := closeSink(t, s, 200*time.Millisecond)
			if scheme == "udp" {
				// Nothing tells a UDP sender that nobody listens, but
				// for the ICMP errors of a connected socket.
				if st.Sent+st.Dropped != 5 {
					t.Errorf("udp: %+v", st)
				}
				return
			}
			if err == nil || st.Dropped != 5 {
				t.Errorf("Close: %v, %+v", err, st)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Close took %v", d)
			}
			checkNoLeak(t)
		})
	}
}

func TestSendValidation(t *testing.T) {
	s := newSyslog(t, SyslogConfig{URL: "tcp://" + freeAddr(t)})
	if err := s.Send(Event{JSON: []byte("{}")}); err == nil {
		t.Error("an event without ID was accepted")
	}
	if err := s.Send(Event{ID: "x", JSON: []byte("\n")}); err == nil {
		t.Error("an event without JSON was accepted")
	}
	closeSink(t, s, time.Millisecond)
	if err := s.Send(testEvent(1, 0)); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
	if st := s.Stats(); st.Accepted != 0 {
		t.Errorf("stats: %+v", st)
	}
}

func TestNewSyslogErrors(t *testing.T) {
	for _, cfg := range []SyslogConfig{
		{URL: "syslog://127.0.0.1:514"},
		{URL: "tcp://"},
		{URL: "tcp://127.0.0.1:99999"},
		{URL: "tcp://127.0.0.1:514/path"},
		{URL: "tcp://user@127.0.0.1:514"},
		{URL: "relp://127.0.0.1"},
		{URL: "127.0.0.1:514"},
		{URL: "udp://127.0.0.1:514", MaxMessage: 479},
		{URL: "udp://127.0.0.1:514", Facility: 24},
	} {
		if s, err := NewSyslog(cfg); err == nil {
			s.Close(t.Context())
			t.Errorf("NewSyslog(%+v) succeeded", cfg)
		}
	}
	s, err := NewSyslog(SyslogConfig{URL: "tls://localhost"})
	if err != nil || s.addr != "localhost:6514" || s.tls.ServerName != "localhost" {
		t.Errorf("tls default port: %v %+v", err, s)
	}
	s.Close(t.Context())
}

// blackhole accepts connections and never reads them.
func blackhole(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// TestCloseBlockedWrite: a collector that stops reading fills the socket
// buffers and blocks the sink's writes; Close still returns at its
// deadline, and counts what the collector's kernel never took.
func TestCloseBlockedWrite(t *testing.T) {
	for _, scheme := range []string{"tcp", "relp"} {
		t.Run(scheme, func(t *testing.T) {
			s := newSyslog(t, SyslogConfig{URL: scheme + "://" + blackhole(t)})
			evs := testEvents(2000, 9000) // about 20 MB: more than the socket buffers
			sendAll(t, s, evs)
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			err, st := closeSink(t, s, 300*time.Millisecond)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Close took %v with a 300ms deadline", d)
			}
			if err == nil || st.Dropped == 0 {
				t.Errorf("Close: %v, %+v", err, st)
			}
			if scheme == "relp" && st.Sent != 0 {
				// Nothing was answered: nothing counts as sent.
				t.Errorf("relp: %d sent without an answer", st.Sent)
			}
			// TCP counts what the collector's kernel acknowledged
			// (sitting unread in its buffer: the documented loss).
			t.Logf("%s: %+v", scheme, st)
			checkNoLeak(t)
		})
	}
}
