package peer

import (
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestCertificates(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name      string
		make      func() (string, string)
		algorithm x509.PublicKeyAlgorithm
	}{
		{"rsa", func() (string, string) { return NewRSACert(t, dir, 2048) }, x509.RSA},
		{"ecdsa", func() (string, string) { return NewECDSACert(t, dir, elliptic.P256()) }, x509.ECDSA},
	} {
		t.Run(tc.name, func(t *testing.T) {
			certFile, keyFile := tc.make()
			pair, err := tls.LoadX509KeyPair(certFile, keyFile)
			if err != nil {
				t.Fatal(err)
			}
			cert, err := x509.ParseCertificate(pair.Certificate[0])
			if err != nil {
				t.Fatal(err)
			}
			if cert.PublicKeyAlgorithm != tc.algorithm {
				t.Errorf("key algorithm %v, want %v", cert.PublicKeyAlgorithm, tc.algorithm)
			}
			if cert.Subject.CommonName != "localhost" || !slices.Equal(cert.DNSNames, []string{"localhost"}) ||
				len(cert.IPAddresses) != 1 || !cert.IPAddresses[0].Equal(net.IPv4(127, 0, 0, 1)) {
				t.Errorf("names: CN %q, DNS %v, IP %v", cert.Subject.CommonName, cert.DNSNames, cert.IPAddresses)
			}
			if err := cert.VerifyHostname("127.0.0.1"); err != nil {
				t.Error(err)
			}
		})
	}
}

// oakleyPrime computes 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) pi) + c),
// the construction of RFC 2409 Section 6 and RFC 3526, with pi from
// Machin's formula.
func oakleyPrime(n uint, c int64) *big.Int {
	prec := n + 64
	atanInv := func(x int64) *big.Int {
		sum := new(big.Int)
		term := new(big.Int).Div(new(big.Int).Lsh(big.NewInt(1), prec), big.NewInt(x))
		x2 := big.NewInt(x * x)
		for k, sign := int64(1), 1; term.Sign() != 0; k, sign = k+2, -sign {
			q := new(big.Int).Div(term, big.NewInt(k))
			if sign > 0 {
				sum.Add(sum, q)
			} else {
				sum.Sub(sum, q)
			}
			term.Div(term, x2)
		}
		return sum
	}
	pi := new(big.Int).Mul(big.NewInt(16), atanInv(5))
	pi.Sub(pi, new(big.Int).Mul(big.NewInt(4), atanInv(239)))
	f := new(big.Int).Rsh(pi, prec-(n-130))
	f.Add(f, big.NewInt(c))
	p := new(big.Int).Lsh(big.NewInt(1), n)
	p.Sub(p, new(big.Int).Lsh(big.NewInt(1), n-64))
	p.Sub(p, big.NewInt(1))
	return p.Add(p, new(big.Int).Lsh(f, 64))
}

func readDHParams(t *testing.T, path string) (p, g *big.Int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "DH PARAMETERS" {
		t.Fatalf("%s: no DH PARAMETERS block", path)
	}
	var params struct{ P, G *big.Int }
	if rest, err := asn1.Unmarshal(block.Bytes, &params); err != nil || len(rest) != 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return params.P, params.G
}

func TestDHParams(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		path string
		bits int
		c    int64
	}{
		{"rfc2409-group2", DHParams1024(t, dir), 1024, 129093},
		{"rfc3526-group14", DHParams2048(t, dir), 2048, 124476},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, g := readDHParams(t, tc.path)
			if p.BitLen() != tc.bits || g.Int64() != 2 {
				t.Fatalf("got %d-bit prime, generator %v", p.BitLen(), g)
			}
			if want := oakleyPrime(uint(tc.bits), tc.c); p.Cmp(want) != 0 {
				t.Fatalf("prime differs from the RFC construction:\n got %X\nwant %X", p, want)
			}
			q := new(big.Int).Rsh(p, 1)
			if !p.ProbablyPrime(16) || !q.ProbablyPrime(16) {
				t.Fatal("not a safe prime")
			}
		})
	}
	if bin, err := exec.LookPath("openssl"); err == nil {
		// OpenSSL 3 knows RFC 3526 group 14 by name.
		out, err := exec.Command(bin, "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:modp_2048").Output()
		if err != nil {
			t.Fatalf("openssl genpkey: %v", err)
		}
		path := dir + "/openssl-modp2048.pem"
		os.WriteFile(path, out, 0o644)
		p, _ := readDHParams(t, path)
		if p.Cmp(dhPrime(modpGroup14Hex)) != 0 {
			t.Error("RFC 3526 group 14 differs from OpenSSL's modp_2048")
		}
	}
}

func TestParseOpenSSLCiphers(t *testing.T) {
	out := "          0xC0,0x2B - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256       - ECDHE-ECDSA-AES128-GCM-SHA256  TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESGCM(128)            Mac=AEAD\n" +
		"          0x13,0x03 - TLS_CHACHA20_POLY1305_SHA256                  - TLS_CHACHA20_POLY1305_SHA256   TLSv1.3 Kx=any      Au=any   Enc=CHACHA20/POLY1305(256) Mac=AEAD\n"
	got, err := parseOpenSSLCiphers([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []Suite{
		{0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2", "ECDH", "ECDSA", "AESGCM(128)", "AEAD"},
		{0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3", "any", "any", "CHACHA20/POLY1305(256)", "AEAD"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if _, err := parseOpenSSLCiphers([]byte("Error in cipher list\n")); err == nil {
		t.Error("garbage parsed")
	}
}

func TestOpenSSLCiphers(t *testing.T) {
	Require(t, "openssl")
	if got := OpenSSLCiphers(t, "ECDHE-ECDSA-AES128-GCM-SHA256", "", "-tls1_2"); !slices.Equal(got, []uint16{0xC02B}) {
		t.Errorf("TLS 1.2: got %04X, want [C02B]", got)
	}
	if got := OpenSSLCiphers(t, "ECDHE-ECDSA-AES128-GCM-SHA256", "", "-tls1"); len(got) != 0 {
		t.Errorf("TLS 1.0: a TLS 1.2-only suite listed: %04X", got)
	}
	if got := OpenSSLCiphers(t, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", "-tls1_3"); !slices.Equal(got, []uint16{0x1301}) {
		t.Errorf("TLS 1.3 with -ciphersuites: got %04X, want [1301]", got)
	}
	legacy := OpenSSLSuites(t, "ALL:@SECLEVEL=0", "", "-tls1")
	rsa := Filter(legacy, ServableBy("RSA"))
	if len(rsa) == 0 || len(rsa) >= len(legacy) {
		t.Fatalf("ServableBy(RSA) kept %d of %d", len(rsa), len(legacy))
	}
	for _, s := range rsa {
		if s.Au != "RSA" && s.Au != "None" {
			t.Errorf("ServableBy(RSA) kept %s (Au=%s)", s.Name, s.Au)
		}
	}
}

func TestParseGnuTLSList(t *testing.T) {
	out := "Cipher suites for NORMAL\n" +
		"TLS_AES_256_GCM_SHA384                            \t0x13, 0x02\tTLS1.3\n" +
		"TLS_RSA_AES_128_GCM_SHA256                        \t0x00, 0x9c\tTLS1.2\n" +
		"TLS_RSA_ARCFOUR_128_SHA1                          \t0x00, 0x05\tTLS1.0\n" +
		"\nProtocols: VERS-TLS1.3, VERS-TLS1.2, VERS-TLS1.0, VERS-DTLS1.2\n" +
		"Key Exchange Algorithms: RSA\n" +
		"Groups: GROUP-X25519\n"
	l, kxs, err := parseGnuTLSList(out)
	if err != nil {
		t.Fatal(err)
	}
	for i := range l.Suites {
		if l.Suites[i].MinVersion != "TLSv1.3" {
			l.Suites[i].Kx = "RSA"
		}
	}
	if !slices.Equal(kxs, []string{"RSA"}) || !slices.Equal(l.Versions, []string{"TLSv1.3", "TLSv1.2", "TLSv1.0"}) || !slices.Equal(l.Groups, []string{"GROUP-X25519"}) {
		t.Errorf("kx %v versions %v groups %v", kxs, l.Versions, l.Groups)
	}
	for v, want := range map[string][]uint16{
		"TLSv1.3": {0x1302},
		"TLSv1.2": {0x009C, 0x0005},
		"TLSv1.1": nil, // not enabled
		"TLSv1.0": {0x0005},
	} {
		if got := l.ForVersion(v, "RSA"); !slices.Equal(got, want) {
			t.Errorf("%s: got %04X, want %04X", v, got, want)
		}
	}
}

func TestGnuTLSCiphers(t *testing.T) {
	Require(t, "gnutls-cli")
	const priority = "NORMAL:+ARCFOUR-128:+3DES-CBC"
	all := GnuTLSCiphers(t, priority)
	for _, c := range []uint16{0x0005, 0x000A, 0xC011, 0xC012, 0x1301} {
		if !slices.Contains(all, c) {
			t.Errorf("%04X missing from %04X", c, all)
		}
	}
	l := GnuTLSSuites(t, priority)
	tls10 := l.ForVersion("TLSv1.0", "RSA", "ECDHE-RSA", "DHE-RSA")
	if !slices.Contains(tls10, 0xC011) || !slices.Contains(tls10, 0x0016) || slices.Contains(tls10, 0xC02F) || slices.Contains(tls10, 0xC02B) {
		t.Errorf("TLS 1.0 with an RSA certificate: %04X", tls10)
	}
}

// handshakes completes n TLS handshakes through proxy, one after another:
// each connection is closed, and the server done with it, before the next.
func handshakes(t *testing.T, proxy *Counter, n int, min uint16) {
	t.Helper()
	for i := range n {
		c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", proxy.Addr,
			&tls.Config{InsecureSkipVerify: true, MinVersion: min, ServerName: "localhost"})
		if err != nil {
			t.Fatalf("handshake %d: %v", i, err)
		}
		t.Logf("handshake %d: %s %s", i, tls.VersionName(c.ConnectionState().Version), tls.CipherSuiteName(c.ConnectionState().CipherSuite))
		c.Close()
		waitIdle(t, proxy)
	}
}

func waitIdle(t *testing.T, proxy *Counter) {
	t.Helper()
	if err := proxy.WaitIdle(5 * time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestServers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(t *testing.T) *Server
		min   uint16
	}{
		{"openssl", func(t *testing.T) *Server { return OpenSSL(t) }, tls.VersionTLS12},
		{"openssl-tls10", func(t *testing.T) *Server {
			return OpenSSL(t, "-tls1", "-cipher", "ECDHE-RSA-AES128-SHA:@SECLEVEL=0")
		}, tls.VersionTLS10},
		{"openssl-ecdsa", func(t *testing.T) *Server {
			cert, key := NewECDSACert(t, t.TempDir(), elliptic.P256())
			return OpenSSL(t, "-cert", cert, "-key", key, "-tls1_2")
		}, tls.VersionTLS12},
		{"nginx", func(t *testing.T) *Server { return Nginx(t, "ssl_protocols TLSv1.2 TLSv1.3;") }, tls.VersionTLS12},
		{"gnutls", func(t *testing.T) *Server { return GnuTLS(t, "NORMAL") }, tls.VersionTLS12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := tc.start(t)
			proxy := CountingProxy(t, srv.Addr)
			handshakes(t, proxy, 3, tc.min)
			if got := proxy.Connections(); got != 3 {
				t.Errorf("counted %d connections, want 3", got)
			}
			if got := proxy.Peak(); got != 1 {
				t.Errorf("peak %d, want 1 (handshakes one after another)", got)
			}
			proxy.Reset()
			handshakes(t, proxy, 1, tc.min)
			if got := proxy.Connections(); got != 1 {
				t.Errorf("after Reset: counted %d connections, want 1", got)
			}
		})
	}
}

// goBackend accepts connections on 127.0.0.1 and runs handle on each.
func goBackend(t *testing.T, handle func(c *net.TCPConn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { handle(c.(*net.TCPConn)) })
		}
	})
	return l.Addr().String()
}

func TestCountingProxyPeak(t *testing.T) {
	release := make(chan struct{})
	backend := goBackend(t, func(c *net.TCPConn) {
		<-release
		c.Close()
	})
	proxy := CountingProxy(t, backend)
	var conns []net.Conn
	for range 5 {
		c, err := net.Dial("tcp", proxy.Addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if got := proxy.Connections(); got != 5 {
		t.Errorf("counted %d, want 5", got)
	}
	if got := proxy.Peak(); got != 5 {
		t.Errorf("peak %d, want 5", got)
	}
	close(release)
	for _, c := range conns {
		if _, err := c.Read(make([]byte, 1)); err != io.EOF {
			t.Errorf("after the backend closed: %v, want EOF", err)
		}
		c.Close()
	}
	waitIdle(t, proxy)
	proxy.Reset()
	if proxy.Connections() != 0 || proxy.Peak() != 0 {
		t.Errorf("after Reset: %d connections, peak %d", proxy.Connections(), proxy.Peak())
	}
}

func TestCountingProxyPassesResetAndClose(t *testing.T) {
	backend := goBackend(t, func(c *net.TCPConn) {
		b := make([]byte, 1)
		if _, err := c.Read(b); err != nil {
			c.Close()
			return
		}
		switch b[0] {
		case 'R': // reset
			c.SetLinger(0)
			c.Close()
		case 'F': // answer, then FIN
			c.Write([]byte("bye"))
			c.Close()
		}
	})
	proxy := CountingProxy(t, backend)

	c, err := net.Dial("tcp", proxy.Addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("R"))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("backend reset: client read %v, want ECONNRESET", err)
	}
	c.Close()

	c, err = net.Dial("tcp", proxy.Addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("F"))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "bye" {
		t.Errorf("backend close: read %q, %v; want \"bye\" then EOF", got, err)
	}
	c.Close()

	// Nothing listens behind the proxy: the client sees a reset, as it
	// would have without the proxy.
	refused := CountingProxy(t, net.JoinHostPort("127.0.0.1", strconv.Itoa(int(freePort(t)))))
	// (The reset may arrive before connect returns.)
	if c, err = net.Dial("tcp", refused.Addr); err == nil {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = c.Read(make([]byte, 1))
		c.Close()
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("refused backend: client got %v, want ECONNRESET", err)
	}
	if got := refused.Connections(); got != 1 {
		t.Errorf("refused backend: counted %d, want 1", got)
	}
}

func TestSslscan(t *testing.T) {
	Require(t, "sslscan")
	srv := OpenSSL(t, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")
	r := Sslscan(t, srv.Addr)
	t.Logf("sslscan took %v", r.Duration)
	if !r.Versions["TLSv1.2"] || r.Versions["TLSv1.3"] || r.Versions["TLSv1.1"] {
		t.Errorf("versions %v, want TLSv1.2 only", r.Versions)
	}
	if got := r.Accepted("TLSv1.2"); !slices.Equal(got, []uint16{0xC02F}) {
		t.Errorf("TLSv1.2 suites %04X, want [C02F]", got)
	}
	if c, ok := r.Preferred("TLSv1.2"); !ok || c != 0xC02F {
		t.Errorf("preferred %04X %v, want C02F", c, ok)
	}
	if got := r.GroupCodes("TLSv1.2"); !slices.Contains(got, 0x001D) || !slices.Contains(got, 0x0017) {
		t.Errorf("TLSv1.2 groups %04X, want x25519 and secp256r1 among them", got)
	}
}

func TestNmap(t *testing.T) {
	Require(t, "nmap")
	srv := OpenSSL(t, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")
	proxy := CountingProxy(t, srv.Addr)
	r := Nmap(t, proxy.Addr)
	t.Logf("nmap took %v, %d connections", r.Duration, proxy.Connections())
	if !slices.Equal(r.Versions, []string{"TLSv1.2"}) {
		t.Errorf("versions %v, want [TLSv1.2]", r.Versions)
	}
	if len(r.Ciphers) != 1 || r.Ciphers[0].Name != "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" || r.Ciphers[0].Code != 0xC02F {
		t.Errorf("ciphers %+v, want TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (C02F)", r.Ciphers)
	}
}
