package tlsprobe

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"net"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
	"golang.org/x/sys/cpu"
)

// testCert returns a self-signed certificate for localhost with the given key.
func testCert(t testing.TB, key any) tls.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	pub := key.(crypto.Signer).Public()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

var (
	rsaKeyOnce sync.Once
	rsaKey     *rsa.PrivateKey
)

func rsaCert(t testing.TB) tls.Certificate {
	rsaKeyOnce.Do(func() {
		var err error
		rsaKey, err = rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
	})
	return testCert(t, rsaKey)
}

func ecdsaCert(t testing.TB, c elliptic.Curve) tls.Certificate {
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testCert(t, k)
}

// countingListener counts accepted connections and the peak number open
// at once.
type countingListener struct {
	net.Listener
	delay time.Duration
	total atomic.Int64
	open  atomic.Int64
	peak  atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.total.Add(1)
	n := l.open.Add(1)
	for {
		p := l.peak.Load()
		if n <= p || l.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return &countedConn{Conn: c, l: l}, nil
}

type countedConn struct {
	net.Conn
	l    *countingListener
	once sync.Once
	slow sync.Once
}

func (c *countedConn) Read(b []byte) (int, error) {
	c.slow.Do(func() { time.Sleep(c.l.delay) })
	return c.Conn.Read(b)
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.l.open.Add(-1) })
	return c.Conn.Close()
}

// goTLSServer starts a crypto/tls server on 127.0.0.1 that completes
// handshakes and closes; it returns its address and listener.
func goTLSServer(t testing.TB, cfg *tls.Config) (netip.AddrPort, *countingListener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := cl.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				tc := tls.Server(c, cfg)
				tc.Handshake()
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String()), cl
}

// scanAddr runs an inventory scan of addr with a per-IP cap.
func scanAddr(t testing.TB, addr netip.AddrPort, cfg Config, perIP int) scanner.Result {
	t.Helper()
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", SNI: "localhost", Source: "test"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(perIP, nil), Timeout: 3 * time.Second}
	r := New(cfg).Probe(context.Background(), ep, d)
	r.Stats = d.Stats()
	return r
}

func versionStatus(r scanner.Result) map[scanner.Version]scanner.Status {
	m := make(map[scanner.Version]scanner.Status)
	for _, f := range r.TLS.Versions {
		m[f.Version] = f.Status
	}
	return m
}

func suitesOf(r scanner.Result, v scanner.Version) []uint16 {
	var out []uint16
	for _, s := range r.TLS.CipherSuites {
		if s.Version == v {
			out = append(out, uint16(s.Code))
		}
	}
	return out
}

func groupsOf(r scanner.Result, v scanner.Version) []uint16 {
	var out []uint16
	for _, g := range r.TLS.Groups {
		if g.Version == v {
			out = append(out, uint16(g.Code))
		}
	}
	return out
}

func enumOf(r scanner.Result, v scanner.Version, k scanner.EnumKind) scanner.Enumeration {
	for _, e := range r.TLS.Enumerations {
		if e.Version == v && e.Kind == k {
			return e
		}
	}
	return scanner.Enumeration{}
}

func sorted(s []uint16) []uint16 {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func wantVersions(t *testing.T, r scanner.Result, supported ...scanner.Version) {
	t.Helper()
	got := versionStatus(r)
	for _, v := range scanner.Versions {
		want := scanner.NotSupported
		if slices.Contains(supported, v) {
			want = scanner.Supported
		}
		if got[v] != want {
			t.Errorf("%s: status %s, want %s (%+v)", v, got[v], want, r.TLS.Versions)
		}
	}
}

func TestTLS12OnlyGoServer(t *testing.T) {
	suites := []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_RSA_WITH_AES_128_CBC_SHA}
	addr, cl := goTLSServer(t, &tls.Config{
		Certificates:     []tls.Certificate{rsaCert(t)},
		MinVersion:       tls.VersionTLS12,
		MaxVersion:       tls.VersionTLS12,
		CipherSuites:     suites,
		CurvePreferences: []tls.CurveID{tls.CurveP256, tls.X25519},
	})
	r := scanAddr(t, addr, Config{}, 4)
	wantVersions(t, r, scanner.TLSv12)
	if got := sorted(suitesOf(r, scanner.TLSv12)); !slices.Equal(got, sorted(suites)) {
		t.Errorf("TLSv1.2 suites = %04X, want %04X", got, sorted(suites))
	}
	if e := enumOf(r, scanner.TLSv12, scanner.EnumCipherSuites); e.Status != scanner.EnumComplete {
		t.Errorf("TLSv1.2 suite enumeration = %+v, want complete", e)
	}
	if got := sorted(groupsOf(r, scanner.TLSv12)); !slices.Equal(got, []uint16{23, 29}) {
		t.Errorf("TLSv1.2 groups = %v, want [23 29]", got)
	}
	if r.Stats.Connections != int(cl.total.Load()) {
		t.Errorf("counted %d connections, server saw %d", r.Stats.Connections, cl.total.Load())
	}
	t.Logf("connections: %d", cl.total.Load())
}

// TestGroupsNotAskedAgain: a suite hello offers every group, so the
// server's choice among them is known before the groups are enumerated;
// the enumeration starts with it found (and preferred) and does not ask for
// it again: one hello per other accepted group, and one refusal.
func TestGroupsNotAskedAgain(t *testing.T) {
	addr, _ := goTLSServer(t, &tls.Config{
		Certificates:     []tls.Certificate{rsaCert(t)},
		MinVersion:       tls.VersionTLS12,
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384},
	})
	for _, tc := range []struct {
		v     scanner.Version
		suite uint16
	}{{scanner.TLSv12, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, {scanner.TLSv13, tls.TLS_AES_128_GCM_SHA256}} {
		ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", Source: "test"}
		d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 3 * time.Second}
		s, err := newEndpointScan(&Config{}, ep, d)
		if err != nil {
			t.Fatal(err)
		}
		// What the suite enumeration sends: every group offered.
		if o := s.offerSuites(tc.v, nil)(t.Context(), []uint16{tc.suite}); !o.kind.positive() {
			t.Fatalf("%s: suite hello got %s", tc.v, o)
		}
		before := d.Stats().Connections
		vr := &versionResult{v: tc.v, accepted: []uint16{tc.suite}}
		s.groupsTask(t.Context(), Inventory, vr)
		// (crypto/tls ranks groups its own way, x25519 first.)
		if got, want := sorted(vr.groups), []uint16{23, 24, 29}; !slices.Equal(got, want) || vr.prefGrp != 29 {
			t.Errorf("%s: groups %v preferred %d, want %v preferred 29", tc.v, got, vr.prefGrp, want)
		}
		cands := slices.DeleteFunc(offeredGroups(tc.v), func(g uint16) bool { return tc.v == scanner.TLSv12 && g >= 256 && g <= 511 })
		if vr.groupEn.Status != scanner.EnumComplete || vr.groupEn.Candidates != len(cands) {
			t.Errorf("%s: group enumeration %+v, want complete over every candidate", tc.v, vr.groupEn)
		}
		if got := d.Stats().Connections - before; got != 3 {
			t.Errorf("%s: %d group hellos, want 3 (two other groups and a refusal)", tc.v, got)
		}
	}
}

// TestOrderHelloAsksPrimeWithoutFFDHE: the prime a server gives clients
// that name no RFC 7919 group is asked by the hello that tells its suite
// order apart from the client's, when both suites of that hello are DHE:
// one hello for two facts.
func TestOrderHelloAsksPrimeWithoutFFDHE(t *testing.T) {
	peer.Require(t, "openssl")
	suites := []uint16{0x009E, 0x009F} // DHE-RSA with AES-128-GCM, AES-256-GCM
	srv := peer.OpenSSL(t, "-cipher", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
		"-dhparam", peer.DHParams2048(t, t.TempDir()), "-no_tls1_3")
	var mu sync.Mutex
	var after [][]uint16 // groups of the TLS 1.2 hellos offering only the accepted suites
	cfg := Config{trace: func(_ string, hello []byte, _ *outcome, _ time.Time) {
		var ch clientHello
		if hello == nil || !ch.unmarshal(hello[5:]) || len(ch.supportedVersions) > 0 || ch.vers != uint16(scanner.TLSv12) {
			return
		}
		if slices.Equal(sorted(ch.cipherSuites), suites) {
			mu.Lock()
			after = append(after, ch.supportedGroups)
			mu.Unlock()
		}
	}}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
	r := New(FoundationOnly(cfg)).Probe(t.Context(), endpointOf(srv), d)
	if got := sorted(suitesOf(r, scanner.TLSv12)); !slices.Equal(got, suites) {
		t.Fatalf("TLSv1.2 suites %04X, want %04X", got, suites)
	}
	if o := orderOf(&r, scanner.TLSv12); o == nil || o.Enforced == nil || *o.Enforced {
		t.Errorf("TLSv1.2 order %+v, want decided: the client's", o)
	}
	offered := map[bool]bool{}
	for _, p := range r.TLS.DHParams {
		if p.Version == scanner.TLSv12 && p.Bits == 2048 {
			offered[p.OfferedFFDHE] = true
		}
	}
	if !offered[true] || !offered[false] {
		t.Errorf("TLSv1.2 DH parameters %+v, want the 2048-bit prime for clients naming RFC 7919 groups and for those naming none", r.TLS.DHParams)
	}
	if len(after) != 1 || offersFFDHE(after[0]) {
		t.Errorf("%d TLS 1.2 hellos offered the accepted suites alone (groups %v), want 1 naming no RFC 7919 group", len(after), after)
	}
}

func TestTLS13OnlyGoServer(t *testing.T) {
	addr, _ := goTLSServer(t, &tls.Config{
		Certificates:     []tls.Certificate{ecdsaCert(t, elliptic.P384())},
		MinVersion:       tls.VersionTLS13,
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256, tls.X25519MLKEM768},
	})
	r := scanAddr(t, addr, Config{}, 4)
	wantVersions(t, r, scanner.TLSv13)
	if got, want := sorted(suitesOf(r, scanner.TLSv13)), []uint16{0x1301, 0x1302, 0x1303}; !slices.Equal(got, want) {
		t.Errorf("TLSv1.3 suites = %04X, want %04X", got, want)
	}
	if got, want := sorted(groupsOf(r, scanner.TLSv13)), []uint16{23, 29, 0x11EC}; !slices.Equal(got, want) {
		t.Errorf("TLSv1.3 groups = %04X, want %04X", got, want)
	}
	if e := enumOf(r, scanner.TLSv13, scanner.EnumGroups); e.Status != scanner.EnumComplete {
		t.Errorf("TLSv1.3 group enumeration = %+v, want complete", e)
	}
	// crypto/tls picks by its own list, but with AES hardware the list
	// depends on whether the client leads with AES-GCM or ChaCha20.
	o := orderOf(&r, scanner.TLSv13)
	switch {
	case o == nil || o.Enforced == nil || !*o.Enforced:
		t.Errorf("TLSv1.3 order = %+v, want enforced", o)
	case aesHardware() && !o.Mixed:
		t.Errorf("TLSv1.3 order = %+v, want mixed (AES hardware)", o)
	case !aesHardware() && o.Mixed:
		t.Errorf("TLSv1.3 order = %+v, want not mixed (no AES hardware)", o)
	}
}

// aesHardware mirrors crypto/tls's test for AES-GCM hardware, which makes
// it prefer AES-GCM for clients that lead with it.
func aesHardware() bool {
	switch runtime.GOARCH {
	case "amd64":
		return cpu.X86.HasAES && cpu.X86.HasPCLMULQDQ && cpu.X86.HasSSE41 && cpu.X86.HasSSSE3
	case "arm64":
		return cpu.ARM64.HasAES && cpu.ARM64.HasPMULL
	case "s390x":
		return cpu.S390X.HasAES && cpu.S390X.HasAESCTR && cpu.S390X.HasGHASH
	}
	return false
}

func TestTLS12And13ECDSAServerPoliteness(t *testing.T) {
	cfg := &tls.Config{
		Certificates: []tls.Certificate{ecdsaCert(t, elliptic.P256())},
		MinVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA},
	}
	var first []byte
	for _, perIP := range []int{1, 4, 16} {
		addr, cl := goTLSServer(t, cfg)
		cl.delay = 20 * time.Millisecond // keep connections open long enough to overlap
		r := scanAddr(t, addr, Config{}, perIP)
		wantVersions(t, r, scanner.TLSv12, scanner.TLSv13)
		// The curves crypto/tls ranks below the certificate's P-256 are
		// settled: refused without P-256, and P-256 chosen over them.
		if e := enumOf(r, scanner.TLSv12, scanner.EnumGroups); e.Status != scanner.EnumComplete {
			t.Errorf("cap %d: TLSv1.2 groups %+v, want complete", perIP, e)
		}
		if got, want := sorted(groupsOf(r, scanner.TLSv12)), []uint16{23, 24, 25, 29}; !slices.Equal(got, want) {
			t.Errorf("cap %d: TLSv1.2 groups %d, want %d", perIP, got, want)
		}
		if peak := int(cl.peak.Load()); peak > perIP || (perIP <= 4 && peak != perIP) {
			t.Errorf("cap %d: server saw a peak of %d concurrent connections", perIP, peak)
		}
		b, err := json.Marshal(r.TLS)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if string(b) != string(first) {
			t.Errorf("cap %d: observation differs from cap 1:\n%s\n%s", perIP, b, first)
		}
	}
}

// TestHelloBytesAreStable: hellos take their randomness from Config.Rand
// only, so the same reader gives the same bytes, and another reader others.
func TestHelloBytesAreStable(t *testing.T) {
	ep := scanner.Endpoint{Host: "localhost", IP: netip.MustParseAddr("127.0.0.1"), Port: 443, Protocol: "tls", SNI: "localhost"}
	build := func(seed byte, v scanner.Version) []byte {
		s, err := newEndpointScan(&Config{Rand: bytes.NewReader(bytes.Repeat([]byte{seed}, 64))}, ep, &scanner.Dialer{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.helloBytes(helloSpec{version: v, suites: suiteCandidates(v)[:10]})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv13} {
		if a, b := build(1, v), build(1, v); !bytes.Equal(a, b) {
			t.Errorf("%s: two hellos from the same randomness differ", v)
		}
		if a, b := build(1, v), build(2, v); bytes.Equal(a, b) {
			t.Errorf("%s: hellos from different randomness are equal", v)
		}
	}
}

// TestComplianceDepthECDSACurves: at compliance depth the curves ANSSI does
// not recommend are offered without the ECDSA certificate's curve (and
// refused), then with it (and it wins): the list is complete, not left
// unknown because the certificate's curve was missing.
func TestComplianceDepthECDSACurves(t *testing.T) {
	addr, _ := goTLSServer(t, &tls.Config{Certificates: []tls.Certificate{ecdsaCert(t, elliptic.P256())}, MinVersion: tls.VersionTLS12})
	r := scanAddr(t, addr, Config{Depth: Compliance}, 4)
	if e := enumOf(r, scanner.TLSv12, scanner.EnumGroups); e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeNonCompliant {
		t.Errorf("TLSv1.2 groups %+v, want complete over the noncompliant curves", e)
	}
	if got := groupsOf(r, scanner.TLSv12); len(got) != 0 {
		t.Errorf("TLSv1.2 noncompliant groups %d, want none (crypto/tls speaks only recommended curves)", got)
	}
	// The post-quantum hybrids are asked about at this depth too.
	if got, want := sorted(groupsOf(r, scanner.TLSv13)), []uint16{0x11EB, 0x11EC, 0x11ED}; !slices.Equal(got, want) {
		t.Errorf("TLSv1.3 groups at compliance depth %04X, want the hybrids %04X", got, want)
	}
}

// TestComplianceDepthECDSACurvesCompliantServer: a server that accepts no
// noncompliant suite shows its ECDSA certificate only to the recommended
// suites, after the noncompliant curves were refused without that
// certificate's curve. The hello that looks for a second recommended suite
// offers them again with it last, and settles them: the list is complete,
// for no more hellos.
func TestComplianceDepthECDSACurvesCompliantServer(t *testing.T) {
	addr, _ := goTLSServer(t, &tls.Config{
		Certificates: []tls.Certificate{ecdsaCert(t, elliptic.P256())},
		MinVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384},
	})
	nc := slices.DeleteFunc(offeredGroups(scanner.TLSv12), func(g uint16) bool { return !complianceGroup(g) || g >= 256 && g <= 511 })
	var mu sync.Mutex
	var masked [][]uint16 // suites of the hellos offering the noncompliant curves and secp256r1
	cfg := Config{Depth: Compliance, trace: func(_ string, hello []byte, _ *outcome, _ time.Time) {
		var ch clientHello
		if hello != nil && ch.unmarshal(hello[5:]) && slices.Equal(ch.supportedGroups, append(slices.Clone(nc), 23)) {
			mu.Lock()
			masked = append(masked, ch.cipherSuites)
			mu.Unlock()
		}
	}}
	r := scanAddr(t, addr, FoundationOnly(cfg), 4)
	if e := enumOf(r, scanner.TLSv12, scanner.EnumGroups); e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeNonCompliant {
		t.Errorf("TLSv1.2 groups %+v, want complete over the noncompliant curves", e)
	}
	if got := groupsOf(r, scanner.TLSv12); len(got) != 0 {
		t.Errorf("TLSv1.2 noncompliant groups %d, want none", got)
	}
	if got, want := sorted(suitesOf(r, scanner.TLSv12)), []uint16{0xC02B, 0xC02C}; !slices.Equal(got, want) {
		t.Errorf("TLSv1.2 suites %04X, want both recommended suites %04X", got, want)
	}
	if len(masked) != 1 || len(masked[0]) != len(recommendedFor(scanner.TLSv12))-1 {
		t.Errorf("hellos offering the noncompliant curves with secp256r1, by suites: %04X; want one, looking for the second recommended suite", masked)
	}
}
