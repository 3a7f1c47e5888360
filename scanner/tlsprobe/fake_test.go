package tlsprobe

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"encoding/json"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// fakeServer is the table-driven responder of DESIGN.md (Testing): it
// answers hellos with synthesized flights for what no library here can
// serve (SSLv2, SSLv3, export suites) and for hostile behaviour.
type fakeServer struct {
	versions    []uint16 // TLS/SSLv3 versions spoken (0x0300..0x0303)
	suites      []uint16 // in server preference order
	serverOrder bool
	// chachaFirst, with serverOrder, picks a ChaCha20 suite when the
	// client leads with one (OpenSSL's SSL_OP_PRIORITIZE_CHACHA).
	chachaFirst bool
	sslv2Kinds  []uint32 // SSLv2 kinds; nil: SSLv2 hellos are closed on
	// respond, when set, replaces the protocol logic: it gets the raw
	// connection after accept.
	respond func(c net.Conn)
	// maxSuites makes the server reset hellos offering more suites (a
	// parser that chokes on large hellos); 0 means no limit.
	maxSuites int
	// afterN makes every connection after the first afterN ones reset.
	afterN int64
	conns  atomic.Int64
	// timeRandom starts server randoms with the time (gmt_unix_time).
	timeRandom bool
	// fixedRandom, when set, is every server random (a broken generator).
	fixedRandom []byte
	// heartbeat echoes the heartbeat extension; heartbleed answers a
	// heartbeat request with as many bytes as it claims (CVE-2014-0160).
	heartbeat, heartbleed bool
	// ccsInjection accepts a ChangeCipherSpec before the key exchange and
	// fails the next record's MAC (CVE-2014-0224); otherwise an early
	// ChangeCipherSpec gets unexpected_message.
	ccsInjection bool
	// robot decrypts the ClientKeyExchange with the certificate's key and
	// answers a block whose PKCS#1 v1.5 padding is wrong with alert 51
	// decrypt_error at once, a correct one with alert 20 bad_record_mac at
	// the Finished: a Bleichenbacher oracle (ROBOT). Without it, every
	// key exchange gets bad_record_mac at the Finished. robotFlaky answers
	// the first block starting 41 17 with decrypt_error, every other with
	// bad_record_mac: a difference a second try does not repeat.
	robot, robotFlaky bool
	robotSeen         atomic.Bool
	keyExchanges      atomic.Int64    // connections that sent a ClientKeyExchange
	key               *rsa.PrivateKey // the certificate's, set by start
}

// start serves on 127.0.0.1 until the test ends.
func (f *fakeServer) start(t testing.TB) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	rc := rsaCert(t)
	cert := rc.Certificate[0]
	f.key = rc.PrivateKey.(*rsa.PrivateKey)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := f.conns.Add(1)
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				if f.afterN > 0 && n > f.afterN {
					c.(*net.TCPConn).SetLinger(0) // close with a reset
					return
				}
				if f.respond != nil {
					f.respond(c)
					return
				}
				f.serve(c, cert)
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

func (f *fakeServer) serve(c net.Conn, cert []byte) {
	br := bufio.NewReader(c)
	head, err := br.Peek(1)
	if err != nil {
		return
	}
	if head[0]&0x80 != 0 {
		body, err := readSSLv2Record(br)
		if err != nil || f.sslv2Kinds == nil {
			return
		}
		rec, _ := sslv2Record(body)
		var ch sslv2ClientHello
		if !ch.unmarshal(rec) {
			return
		}
		var common []uint32
		for _, k := range f.sslv2Kinds {
			if slices.Contains(ch.cipherSpecs, k) {
				common = append(common, k)
			}
		}
		sh := &sslv2ServerHello{certType: 1, vers: 2, certificate: cert, cipherSpecs: common, connectionID: make([]byte, 16)}
		b, _ := sh.marshal()
		rec, _ = sslv2Record(b)
		c.Write(rec)
		io.Copy(io.Discard, br)
		return
	}
	rr := newRecordReader(br)
	_, msg, err := rr.readHandshake()
	if err != nil {
		return
	}
	var ch clientHello
	if !ch.unmarshal(msg) {
		f.alert(c, alertDecodeError)
		return
	}
	if len(f.versions) == 0 {
		return // an SSLv2-only server does not speak TLS
	}
	if f.maxSuites > 0 && len(ch.cipherSuites) > f.maxSuites {
		c.(*net.TCPConn).SetLinger(0)
		return
	}
	var vers uint16
	for _, v := range f.versions {
		if v <= ch.vers && v > vers {
			vers = v
		}
	}
	if vers == 0 {
		f.alert(c, alertProtocolVersion)
		return
	}
	// The fake speaks x25519 and secp256r1, in the client's order.
	var group uint16
	for _, g := range ch.supportedGroups {
		if g == 29 || g == 23 {
			group = g
			break
		}
	}
	usable := func(s uint16) bool {
		cs, ok := SuiteByCode(scanner.Code(s))
		return ok && cs.Versions.Has(scanner.Version(vers)) && (cs.Kx != KxECDHE || group != 0)
	}
	var suite uint16
	if lead := ch.cipherSuites[0]; f.serverOrder && f.chachaFirst && usable(lead) && slices.Contains(f.suites, lead) {
		if cs, _ := SuiteByCode(scanner.Code(lead)); cs.Cipher == CipherChaCha20 {
			suite = lead
		}
	}
	if suite != 0 {
		// chosen above
	} else if f.serverOrder {
		for _, s := range f.suites {
			if usable(s) && slices.Contains(ch.cipherSuites, s) {
				suite = s
				break
			}
		}
	} else {
		for _, s := range ch.cipherSuites {
			if usable(s) && slices.Contains(f.suites, s) {
				suite = s
				break
			}
		}
	}
	if suite == 0 {
		f.alert(c, alertHandshakeFailure)
		return
	}
	random := make([]byte, 32)
	rand.Read(random)
	if f.fixedRandom != nil {
		random = f.fixedRandom
	}
	if f.timeRandom {
		binary.BigEndian.PutUint32(random, uint32(time.Now().Unix()))
	}
	sh := &serverHello{vers: vers, random: random, cipherSuite: suite}
	if f.heartbeat && ch.heartbeat {
		sh.heartbeatMode = 1
	}
	var flight []byte
	b, _ := sh.marshal()
	flight = append(flight, b...)
	b, _ = (&certificateMsg{certificates: [][]byte{cert}}).marshal()
	flight = append(flight, b...)
	if cs, _ := SuiteByCode(scanner.Code(suite)); cs.Kx == KxECDHE {
		key, _ := ecdheParams{curveType: 3, group: group, point: make([]byte, 32), sigScheme: 0x0401, signature: make([]byte, 256)}.marshal(vers, true)
		b, _ = (&serverKeyExchangeMsg{key: key}).marshal()
		flight = append(flight, b...)
	} else if cs.Kx == KxRSAExport {
		key, _ := rsaExportParams{modulus: make([]byte, 64), exponent: []byte{1, 0, 1}}.marshal(vers)
		b, _ = (&serverKeyExchangeMsg{key: key}).marshal()
		flight = append(flight, b...)
	}
	b, _ = (&serverHelloDoneMsg{}).marshal()
	flight = append(flight, b...)
	writeRecords(c, recordHandshake, vers, flight)
	f.afterFlight(c, rr, vers)
}

// afterFlight answers what a client sends after the server's flight: the
// records of the known-flaw probes. Anything else is read and ignored.
func (f *fakeServer) afterFlight(c net.Conn, rr *recordReader, vers uint16) {
	ccs, cke := 0, false
	for {
		rec, err := rr.readRecord()
		if err != nil {
			return
		}
		switch rec.typ {
		case recordHandshake:
			if cke {
				f.alert(c, alertBadRecordMAC) // the Finished, under keys nobody shares
				return
			}
			var m clientKeyExchangeMsg
			m.vers = vers
			if len(rec.payload) < 4 || rec.payload[0] != typeClientKeyExchange || !m.unmarshal(rec.payload) {
				continue
			}
			cke = true
			f.keyExchanges.Add(1)
			if f.robotAnswer(m.encryptedPMS) {
				f.alert(c, alertDecryptError)
				return
			}
		case recordChangeCipherSpec:
			ccs++
			switch {
			case cke:
				continue // the expected ChangeCipherSpec
			case !f.ccsInjection:
				f.alert(c, alertUnexpected)
				return
			case ccs == 2: // the record after an accepted CCS does not decrypt
				f.alert(c, alertBadRecordMAC)
				return
			}
		case recordHeartbeat:
			if !f.heartbeat || len(rec.payload) < 3 {
				continue
			}
			claim := int(rec.payload[1])<<8 | int(rec.payload[2])
			if len(rec.payload) < 3+claim+16 && !f.heartbleed {
				continue // RFC 6520: discarded silently
			}
			body := []byte{heartbeatResponse, rec.payload[1], rec.payload[2]}
			if len(rec.payload) >= 3+claim {
				body = append(body, rec.payload[3:3+claim]...)
			} else {
				body = append(body, bytes.Repeat([]byte{0x41}, claim)...) // "memory"
			}
			body = append(body, make([]byte, 16)...)
			writeRecords(c, recordHeartbeat, vers, body)
		}
	}
}

// alertDecryptError is the alert a careless server sends on a key
// exchange whose padding is wrong (RFC 5246, Section 7.2.2).
const alertDecryptError uint8 = 51

// robotAnswer reports whether the fake answers the encrypted pre-master
// secret enc at once with decrypt_error: with robot, when its padding is
// wrong (checked as a careless server does, with math/big and the private
// exponent); with robotFlaky, the first time a block starts 41 17.
func (f *fakeServer) robotAnswer(enc []byte) bool {
	if !f.robot && !f.robotFlaky {
		return false
	}
	k := f.key.Size()
	m := new(big.Int).Exp(new(big.Int).SetBytes(enc), f.key.D, f.key.N).FillBytes(make([]byte, k))
	if f.robotFlaky {
		return m[0] == 0x41 && m[1] == 0x17 && f.robotSeen.CompareAndSwap(false, true)
	}
	sep := bytes.IndexByte(m[2:], 0)
	return m[0] != 0 || m[1] != 2 || sep < 8 || k-(2+sep+1) != 48 || m[2+sep+1] != 0x03
}

func (f *fakeServer) alert(c net.Conn, desc uint8) {
	writeRecords(c, recordAlert, 0x0301, alert{level: 2, description: desc}.marshal())
}

func TestFakeSSLv2OnlyServer(t *testing.T) {
	kinds := []uint32{0x010080, 0x0700C0, 0x020080}
	addr := (&fakeServer{sslv2Kinds: kinds}).start(t)
	r := scanAddr(t, addr, Config{}, 4)
	wantVersions(t, r, scanner.SSLv2)
	var got []uint32
	for _, s := range r.TLS.CipherSuites {
		got = append(got, uint32(s.Code))
	}
	slices.Sort(got)
	slices.Sort(kinds)
	if !slices.Equal(got, kinds) {
		t.Errorf("SSLv2 kinds = %06X, want %06X", got, kinds)
	}
}

func TestFakeSSLv3ExportServer(t *testing.T) {
	suites := []uint16{0x0003, 0x0008, 0x0006, 0x000A, 0x0004}
	addr := (&fakeServer{versions: []uint16{0x0300}, suites: suites, serverOrder: true}).start(t)
	r := scanAddr(t, addr, Config{}, 4)
	wantVersions(t, r, scanner.SSLv3)
	if got := suitesOf(r, scanner.SSLv3); !slices.Equal(got, suites) {
		t.Errorf("SSLv3 suites = %04X, want %04X in server order", got, suites)
	}
	for _, f := range r.TLS.Versions {
		if f.Version >= scanner.TLSv10 && f.Version <= scanner.TLSv12 && f.Reason != scanner.ReasonLowerVersion {
			t.Errorf("%s: reason %q, want lower_version", f.Version, f.Reason)
		}
	}
	for _, o := range r.TLS.ServerOrder {
		if o.Version == scanner.SSLv3 && (o.Enforced == nil || !*o.Enforced) {
			t.Errorf("SSLv3 order = %+v, want enforced", o)
		}
	}
}

// TestMixedOrder: a server that imposes its order except for clients
// leading with ChaCha20 is reported as enforced and mixed; the same server
// without the exception is enforced and not mixed.
func TestMixedOrder(t *testing.T) {
	suites := []uint16{0xC030, 0xC02F, 0xCCA8, 0xC014, 0x009D}
	for _, mixed := range []bool{false, true} {
		f := &fakeServer{versions: []uint16{0x0303}, suites: suites, serverOrder: true, chachaFirst: mixed}
		r := scanAddr(t, f.start(t), Config{}, 4)
		o := orderOf(&r, scanner.TLSv12)
		switch {
		case o == nil || o.Enforced == nil || !*o.Enforced:
			t.Errorf("chachaFirst=%v: order %+v, want enforced", mixed, o)
		case o.Mixed != mixed:
			t.Errorf("chachaFirst=%v: mixed=%v (%s)", mixed, o.Mixed, o.Detail)
		case mixed && !strings.Contains(o.Detail, "CHACHA20"):
			t.Errorf("mixed detail %q does not name the ChaCha20 suite", o.Detail)
		case mixed && len(o.Order) > 0:
			t.Errorf("mixed, yet an order is reported: %v", o.Order)
		case !mixed && len(o.Order) != len(suites):
			t.Errorf("order %v, want all %d suites", o.Order, len(suites))
		case !mixed && o.Detail != "":
			t.Errorf("detail %q on a plain server order", o.Detail)
		}
		if got := sorted(suitesOf(r, scanner.TLSv12)); !slices.Equal(got, sorted(suites)) {
			t.Errorf("chachaFirst=%v: suites %04X", mixed, got)
		}
	}
}

func orderOf(r *scanner.Result, v scanner.Version) *scanner.OrderFact {
	for i := range r.TLS.ServerOrder {
		if r.TLS.ServerOrder[i].Version == v {
			return &r.TLS.ServerOrder[i]
		}
	}
	return nil
}

func TestFakeTLS10And12Without11(t *testing.T) {
	suites := []uint16{0xC02F, 0xC013, 0x002F}
	addr := (&fakeServer{versions: []uint16{0x0301, 0x0303}, suites: suites}).start(t)
	r := scanAddr(t, addr, Config{}, 4)
	wantVersions(t, r, scanner.TLSv10, scanner.TLSv12)
	if got := sorted(suitesOf(r, scanner.TLSv10)); !slices.Equal(got, []uint16{0x002F, 0xC013}) {
		t.Errorf("TLSv1.0 suites = %04X", got)
	}
	if got := sorted(suitesOf(r, scanner.TLSv12)); !slices.Equal(got, sorted(suites)) {
		t.Errorf("TLSv1.2 suites = %04X", got)
	}
	for _, o := range r.TLS.ServerOrder {
		if o.Enforced == nil || *o.Enforced {
			t.Errorf("%s order = %+v, want client order", o.Version, o)
		}
	}
}

// TestThrottlingServer: a server that resets everything after its first
// connections must never be reported as not supporting what it supports.
func TestThrottlingServer(t *testing.T) {
	for _, after := range []int64{1, 3, 6} {
		suites := []uint16{0xC02F, 0xC030, 0x009C}
		f := &fakeServer{versions: []uint16{0x0303}, suites: suites, afterN: after}
		addr := f.start(t)
		r := scanAddr(t, addr, Config{}, 1)
		st := versionStatus(r)
		if st[scanner.TLSv12] == scanner.NotSupported {
			t.Errorf("after %d: TLSv1.2 reported not supported", after)
		}
		e := enumOf(r, scanner.TLSv12, scanner.EnumCipherSuites)
		if e.Status == scanner.EnumComplete && !slices.Equal(sorted(suitesOf(r, scanner.TLSv12)), sorted(suites)) {
			t.Errorf("after %d: suites %04X called complete", after, suitesOf(r, scanner.TLSv12))
		}
		if st[scanner.TLSv12] == scanner.Supported && e.Status == scanner.EnumComplete {
			t.Errorf("after %d: a throttled scan claims a complete TLSv1.2 list", after)
		}
		if st[scanner.TLSv12] != scanner.Supported && st[scanner.TLSv12] != scanner.StatusUnknown {
			t.Errorf("after %d: TLSv1.2 status %s", after, st[scanner.TLSv12])
		}
		// Three suites and three refused hellos of TLS 1.2 alone need more
		// connections than the server answers: the list cannot be complete.
		if e.Status == scanner.EnumComplete {
			t.Errorf("after %d: TLSv1.2 suites complete although the server reset all but %d connections", after, after)
		}
	}
}

// Hostile servers: the endpoint ends with what was seen and a reason per
// unknown, without panicking or allocating what the peer asks for.
func TestHostileServers(t *testing.T) {
	cases := []struct {
		name    string
		respond func(c net.Conn)
	}{
		{"garbage", func(c net.Conn) {
			b := make([]byte, 4096)
			rand.Read(b)
			c.Write(b)
		}},
		{"truncated record", func(c net.Conn) {
			c.Read(make([]byte, 1024))
			c.Write([]byte{22, 3, 3, 0, 80, 2, 0, 0, 76, 3, 3})
		}},
		{"2^24 handshake length", func(c net.Conn) {
			c.Read(make([]byte, 1024))
			c.Write([]byte{22, 3, 3, 0x40, 0x00, 2, 0xFF, 0xFF, 0xFF})
			c.Write(make([]byte, 0x4000-4))
		}},
		{"reset mid-handshake", func(c net.Conn) {
			c.Read(make([]byte, 1024))
			c.Write([]byte{22, 3, 3})
			c.(*net.TCPConn).SetLinger(0)
		}},
		{"closes at once", func(c net.Conn) {}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := (&fakeServer{respond: tc.respond}).start(t)
			r := scanAddr(t, addr, Config{}, 4)
			if r.TLS == nil || len(r.TLS.Versions) != len(scanner.Versions) {
				t.Fatalf("no version facts: %+v", r)
			}
			for _, v := range r.TLS.Versions {
				if v.Status == scanner.Supported {
					t.Errorf("%s reported supported", v.Version)
				}
				if v.Status == scanner.StatusUnknown && v.Reason == "" {
					t.Errorf("%s unknown without a reason", v.Version)
				}
			}
			if r.Error == nil {
				t.Errorf("no endpoint error for a server that accepted nothing")
			}
		})
	}
}

// TestTrickleServerStopsAtDeadline: a server sending one byte every 500 ms
// is cut off by the connection deadline (plus 10 %).
func TestTrickleServerStopsAtDeadline(t *testing.T) {
	addr := (&fakeServer{respond: func(c net.Conn) {
		c.Read(make([]byte, 1024))
		for _, b := range []byte{22, 3, 3, 0, 80, 2, 0, 0, 76, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8} {
			if _, err := c.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(500 * time.Millisecond)
		}
	}}).start(t)
	const timeout = 1200 * time.Millisecond
	s := &endpointScan{cfg: &Config{}, d: &scanner.Dialer{Limiter: scanner.NewLimiter(1, nil), Timeout: timeout}, addr: addr}
	payload, err := s.helloBytes(helloSpec{version: scanner.TLSv12, suites: []uint16{0xC02F}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	o := s.exchange(t.Context(), payload, false, fullFlight)
	took := time.Since(start)
	if o.kind != outTimeout {
		t.Errorf("outcome %s, want timeout", o)
	}
	if limit := timeout + timeout/10; took > limit {
		t.Errorf("exchange took %v, more than the deadline + 10%% (%v)", took, limit)
	}
}

// TestServerChokingOnLargeHellos: a server that resets any hello with more
// than 40 suites is enumerated in smaller hellos, completely.
func TestServerChokingOnLargeHellos(t *testing.T) {
	// The last candidate is offered in the last hello, after the split.
	cands := suiteCandidates(scanner.TLSv12)
	suites := []uint16{0xC02F, 0xC030, 0x009C, cands[len(cands)-1]}
	addr := (&fakeServer{versions: []uint16{0x0303}, suites: suites, maxSuites: 40}).start(t)
	r := scanAddr(t, addr, Config{}, 4)
	if st := versionStatus(r); st[scanner.TLSv12] != scanner.Supported {
		t.Fatalf("TLSv1.2 %s, want supported: %+v", st[scanner.TLSv12], r.TLS.Versions)
	}
	if got := sorted(suitesOf(r, scanner.TLSv12)); !slices.Equal(got, sorted(suites)) {
		t.Errorf("TLSv1.2 suites = %04X, want %04X", got, sorted(suites))
	}
	if len(r.TLS.Notes) == 0 {
		t.Errorf("no note says hellos were split")
	}
	t.Logf("notes: %v; connections: %d", r.TLS.Notes, r.Stats.Connections)
}

// TestObservationIndependentOfProbeOrder: shuffling the candidates and the
// order the tasks start in, under caps 1 and 4, changes nothing observed.
func TestObservationIndependentOfProbeOrder(t *testing.T) {
	servers := []struct {
		name  string
		start func() netip.AddrPort
	}{
		// (Not crypto/tls: its order depends on whether the client lists
		// ChaCha20 or AES-GCM first, so it is neither server nor client order.)
		{"tls1.2 server order", func() netip.AddrPort {
			return (&fakeServer{versions: []uint16{0x0303}, suites: []uint16{0xC030, 0xCCA8, 0xC02F, 0xC013, 0x009D, 0x000A}, serverOrder: true}).start(t)
		}},
		{"tls1.0+1.2 client order", func() netip.AddrPort {
			return (&fakeServer{versions: []uint16{0x0301, 0x0303}, suites: []uint16{0xC02F, 0xC013, 0x002F, 0x009C, 0x0035}}).start(t)
		}},
		{"sslv3 server order", func() netip.AddrPort {
			return (&fakeServer{versions: []uint16{0x0300}, suites: []uint16{0x000A, 0x0004, 0x0003, 0x002F}, serverOrder: true}).start(t)
		}},
	}
	for _, srv := range servers {
		for _, depth := range []Depth{Inventory, Compliance} {
			t.Run(srv.name+"/"+depth.String(), func(t *testing.T) {
				addr := srv.start()
				// At compliance depth a version older than TLS 1.2 is proved
				// by the first suite a server accepts, which the order
				// decides for a server without its own order, and so are
				// the group and the extensions read off that suite's hello
				// (encrypt_then_mac per CBC suite). The rest must not move.
				observe := func(cfg Config, perIP int) []byte {
					obs := scanAddr(t, addr, cfg, perIP).TLS
					if depth == Compliance {
						obs.Extensions = nil
						obs.CipherSuites = slices.DeleteFunc(obs.CipherSuites, func(c scanner.SuiteFact) bool { return c.Version < scanner.TLSv12 })
						obs.Groups = slices.DeleteFunc(obs.Groups, func(g scanner.GroupFact) bool { return g.Version < scanner.TLSv12 })
						if len(obs.Groups) == 0 {
							obs.Groups = nil
						}
					}
					b, err := json.Marshal(obs)
					if err != nil {
						t.Fatal(err)
					}
					return b
				}
				base := observe(Config{Depth: depth}, 4)
				for seed := uint64(1); seed <= 4; seed++ {
					for _, perIP := range []int{1, 4} {
						got := observe(Config{Depth: depth, shuffle: mrand.New(mrand.NewPCG(seed, seed))}, perIP)
						if string(got) != string(base) {
							t.Errorf("seed %d, cap %d: observation differs:\n got %s\nwant %s", seed, perIP, got, base)
						}
					}
				}
			})
		}
	}
}

// TestComplianceDepthOrder: at compliance depth, a second recommended
// suite is looked for and the two decide whether the server imposes its
// order.
func TestComplianceDepthOrder(t *testing.T) {
	for _, serverOrder := range []bool{false, true} {
		// In server preference, the suite the registry lists second first,
		// so that the first hello alone cannot tell.
		f := &fakeServer{versions: []uint16{0x0303}, suites: []uint16{0xC030, 0xC02F, 0x000A}, serverOrder: serverOrder}
		r := scanAddr(t, f.start(t), Config{Depth: Compliance}, 4)
		o := orderOf(&r, scanner.TLSv12)
		switch {
		case o == nil || o.Enforced == nil:
			t.Errorf("serverOrder=%v: order %+v, want decided", serverOrder, o)
		case *o.Enforced != serverOrder:
			t.Errorf("serverOrder=%v: enforced=%v", serverOrder, *o.Enforced)
		}
		if got := sorted(suitesOf(r, scanner.TLSv12)); !slices.Equal(got, []uint16{0x000A, 0xC02F, 0xC030}) {
			t.Errorf("serverOrder=%v: suites %04X, want the 3DES offender and both recommended suites", serverOrder, got)
		}
	}
}
