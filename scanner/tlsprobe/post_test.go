package tlsprobe

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math/big"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"golang.org/x/crypto/ocsp"
)

// The probes past the ServerHello against crypto/tls servers configured
// for each behaviour. The expected facts come from the configuration: the
// certificates it holds and for which name, what it staples, whether it
// asks for a client certificate, its ALPN protocols, tickets, and what
// crypto/tls is documented to do (no encrypt_then_mac, no client
// renegotiation, TLS_FALLBACK_SCSV and the downgrade sentinel honoured,
// tickets reusable, psk_dhe_ke only).

// behaviourServer serves cfg on 127.0.0.1 and, after each handshake,
// reads until the client goes, so that a renegotiation hello gets
// crypto/tls's answer.
func behaviourServer(t *testing.T, cfg *tls.Config) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				tc := tls.Server(c, cfg)
				if tc.Handshake() == nil {
					io.Copy(io.Discard, tc)
				}
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

// issued is a leaf with its issuer, the issuer's key, and the chain as
// crypto/tls serves it.
type issued struct {
	cert     tls.Certificate
	leaf     *x509.Certificate
	ca       *x509.Certificate
	caKey    crypto.Signer
	leafHash string
}

// issue makes a CA named caName and a leaf for localhost and 127.0.0.1
// with key, signed by it.
func issue(t *testing.T, caName string, key crypto.Signer) issued {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: caName},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, key.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	d, _ := pki.Describe(leafDER)
	return issued{cert: tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: key, Leaf: leaf}, leaf: leaf, ca: ca, caKey: caKey, leafHash: d.SHA256}
}

// testSCT is a well-formed v1 SCT (RFC 6962, Section 3.2) from a log
// whose ID is 32 bytes of logByte.
func testSCT(logByte byte) []byte {
	b := []byte{0} // v1
	for range 32 {
		b = append(b, logByte)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(time.Now().UnixMilli()))
	b = append(b, 0, 0)       // no extensions
	b = append(b, 4, 3, 0, 2) // sha256, ecdsa, a 2-byte signature
	return append(b, 0xAA, 0xBB)
}

func chainWithLeaf(r scanner.Result, sha string) *scanner.ChainFact {
	for i, c := range r.TLS.Certificates {
		if len(c.Served) > 0 && c.Served[0] == sha {
			return &r.TLS.Certificates[i]
		}
	}
	return nil
}

func schemesOf(r scanner.Result, v scanner.Version, k pki.KeyType) (all []uint16, preferred uint16) {
	for _, f := range r.TLS.SignatureSchemes {
		if f.Version == v && f.KeyType == k {
			all = append(all, uint16(f.Code))
			if f.Preferred {
				preferred = uint16(f.Code)
			}
		}
	}
	return all, preferred
}

// TestCertificatesAndSchemesDualCertSNI: a TLS 1.2 and 1.3 server with an
// ECDSA, an RSA and an Ed25519 certificate for localhost and another ECDSA certificate
// for hellos without a name. It staples OCSP and SCTs on the RSA chain,
// asks for client certificates from one CA, and speaks h2.
func TestCertificatesAndSchemesDualCertSNI(t *testing.T) {
	rsaKey := rsaCert(t).PrivateKey.(crypto.Signer)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	defKey, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	edChain := issue(t, "Ed25519 Test CA", edKey)
	rsaChain := issue(t, "RSA Test CA", rsaKey)
	ecChain := issue(t, "ECDSA Test CA", ecKey)
	defChain := issue(t, "Default Test CA", defKey)
	staple, err := ocsp.CreateResponse(rsaChain.ca, rsaChain.ca, ocsp.Response{
		Status: ocsp.Good, SerialNumber: rsaChain.leaf.SerialNumber, ThisUpdate: time.Now().Add(-time.Hour), NextUpdate: time.Now().Add(time.Hour),
	}, rsaChain.caKey)
	if err != nil {
		t.Fatal(err)
	}
	rsaChain.cert.OCSPStaple = staple
	rsaChain.cert.SignedCertificateTimestamps = [][]byte{testSCT(1), testSCT(2)}
	clientCA := issue(t, "Client Test CA", ecKey).ca
	pool := x509.NewCertPool()
	pool.AddCert(clientCA)

	addr := behaviourServer(t, &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(hi *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if hi.ServerName == "" {
				return &defChain.cert, nil
			}
			for _, c := range []*tls.Certificate{&ecChain.cert, &rsaChain.cert, &edChain.cert} {
				if hi.SupportsCertificate(c) == nil {
					return c, nil
				}
			}
			return nil, errNoCert
		},
		ClientAuth: tls.RequestClientCert,
		ClientCAs:  pool,
		NextProtos: []string{"h2"},
	})
	r := scanAddr(t, addr, Config{}, 4)
	wantVersions(t, r, scanner.TLSv12, scanner.TLSv13)

	// Every chain, in both versions, with and without the name.
	for _, tc := range []struct {
		name       string
		leaf       string
		versions   []scanner.Version
		sni, noSNI bool
	}{
		{"ECDSA", ecChain.leafHash, []scanner.Version{scanner.TLSv12, scanner.TLSv13}, true, false},
		{"RSA", rsaChain.leafHash, []scanner.Version{scanner.TLSv12, scanner.TLSv13}, true, false},
		{"Ed25519", edChain.leafHash, []scanner.Version{scanner.TLSv12, scanner.TLSv13}, true, false},
		{"default", defChain.leafHash, []scanner.Version{scanner.TLSv13}, false, true},
	} {
		c := chainWithLeaf(r, tc.leaf)
		if c == nil {
			t.Errorf("%s chain not reported", tc.name)
			continue
		}
		if !slices.Equal(c.Versions, tc.versions) || c.SNI != tc.sni || c.WithoutSNI != tc.noSNI || len(c.Served) != 2 {
			t.Errorf("%s chain: versions %v sni %v without %v, %d certificates", tc.name, c.Versions, c.SNI, c.WithoutSNI, len(c.Served))
		}
	}
	if n := len(r.TLS.Certificates); n != 4 {
		t.Errorf("%d chains, want 4", n)
	}
	rc := chainWithLeaf(r, rsaChain.leafHash)
	if rc != nil && (rc.OCSP == nil || rc.OCSP.Status != pki.OCSPGood || len(rc.SCTs) != 2 || rc.SCTs[0].Source != pki.SCTFromTLSExtension || rc.SCTError != "") {
		t.Errorf("RSA chain staples: OCSP %+v (%s), SCTs %+v (%s)", rc.OCSP, rc.OCSPError, rc.SCTs, rc.SCTError)
	}

	// Schemes: ECDSA P-256 signs with ecdsa_secp256r1_sha256 in TLS 1.3
	// and any SHA-2 ECDSA scheme in TLS 1.2; RSA with PSS in TLS 1.3, PSS
	// and PKCS #1 in TLS 1.2 (crypto/tls refuses SHA-1 in TLS 1.2 since Go
	// 1.25, and has no SHA-224). The default certificate's scheme (a hello
	// without a name) is not among them.
	for _, tc := range []struct {
		v         scanner.Version
		k         pki.KeyType
		want      []uint16
		preferred uint16
	}{
		{scanner.TLSv13, pki.KeyECDSA, []uint16{0x0403}, 0x0403},
		{scanner.TLSv13, pki.KeyRSA, []uint16{0x0804, 0x0805, 0x0806}, 0x0804},
		{scanner.TLSv13, pki.KeyEd25519, []uint16{0x0807}, 0x0807},
		{scanner.TLSv12, pki.KeyEd25519, []uint16{0x0807}, 0x0807},
		{scanner.TLSv12, pki.KeyECDSA, []uint16{0x0403, 0x0503, 0x0603}, 0x0403},
		{scanner.TLSv12, pki.KeyRSA, []uint16{0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806}, 0x0804},
	} {
		got, pref := schemesOf(r, tc.v, tc.k)
		if !slices.Equal(got, tc.want) || pref != tc.preferred {
			t.Errorf("%s %s schemes %04X preferred %04X, want %04X preferred %04X", tc.v, tc.k, got, pref, tc.want, tc.preferred)
		}
	}
	for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv13} {
		if e := enumOf(r, v, scanner.EnumSignatureSchemes); e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeAll {
			t.Errorf("%s scheme enumeration %+v", v, e)
		}
	}

	x := r.TLS.Extensions
	if x == nil {
		t.Fatal("no extension facts")
	}
	check := func(name string, f scanner.Feature, st scanner.Status) {
		t.Helper()
		if f.Status != st || (st == scanner.StatusUnknown && f.Reason == "") {
			t.Errorf("%s: %+v, want %s", name, f, st)
		}
	}
	check("secure renegotiation", x.SecureRenegotiation, scanner.Supported)
	check("extended master secret", x.ExtendedMasterSecret, scanner.Supported)
	check("session ticket", x.SessionTicket, scanner.Supported)
	check("TLS 1.2 ticket", x.TLS12Ticket, scanner.Supported)
	check("TLS 1.3 tickets", x.TLS13Tickets, scanner.Supported)
	if v := x.TLS13Tickets.Value; v == nil || *v != 7*24*3600 {
		t.Errorf("TLS 1.3 ticket lifetime %v, want crypto/tls's 7 days", v)
	}
	check("psk_ke", x.PSKKE, scanner.NotSupported)            // crypto/tls resumes with psk_dhe_ke only
	check("early data", x.EarlyData, scanner.NotSupported)    // crypto/tls tickets carry no early_data
	check("compression", x.Compression, scanner.NotSupported) // null only
	check("heartbeat", x.Heartbeat, scanner.NotSupported)
	check("ALPN", x.ALPN, scanner.Supported)
	if !slices.Equal(x.ALPN.Names, []string{"h2"}) || len(x.ALPN.Versions) != 2 {
		t.Errorf("ALPN %+v, want h2 in both versions", x.ALPN)
	}
	check("ec_point_formats", x.ECPointFormats, scanner.Supported)
	check("max_fragment_length", x.MaxFragmentLength, scanner.NotSupported)
	check("fallback SCSV", x.FallbackSCSV, scanner.Supported)
	check("downgrade sentinel", x.DowngradeSentinel, scanner.Supported)
	check("client renegotiation", x.ClientRenegotiation, scanner.NotSupported)
	if x.ClientRenegotiation.Reason != scanner.AlertReason(10) {
		// crypto/tls answers a renegotiation hello with unexpected_message,
		// sealed under the connection's keys: reading it proves the probe's
		// record protection.
		t.Errorf("client renegotiation refused with %q, want crypto/tls's unexpected_message (alert_10)", x.ClientRenegotiation.Reason)
	}
	check("certificate request", x.CertificateRequest, scanner.Supported)
	if !slices.Equal(x.CertificateRequest.Names, []string{"CN=Client Test CA"}) || len(x.CertificateRequest.Versions) != 2 {
		t.Errorf("certificate request %+v", x.CertificateRequest)
	}
	check("random time", x.RandomTime, scanner.NotSupported)
	check("repeated randoms", x.RepeatedRandoms, scanner.NotSupported)
	if !slices.Equal(x.RepeatedRandoms.Versions, []scanner.Version{scanner.TLSv12, scanner.TLSv13}) {
		t.Errorf("repeated randoms %+v: want the randoms of both versions compared", x.RepeatedRandoms)
	}
	check("without SNI", x.WithoutSNI, scanner.Supported)
	// crypto/tls refuses an early ChangeCipherSpec with unexpected_message
	// and has no heartbeat.
	check("CCS injection", x.CCSInjection, scanner.NotSupported)
	if x.CCSInjection.Reason != scanner.AlertReason(10) {
		t.Errorf("CCS injection refused with %q, want unexpected_message (alert_10)", x.CCSInjection.Reason)
	}
	check("Heartbleed", x.Heartbleed, scanner.NotSupported)
	check("encrypt-then-MAC", x.EncryptThenMAC, scanner.NotSupported) // crypto/tls's default CBC suites, without it
}

var errNoCert = &net.AddrError{Err: "no certificate"}

// TestBehaviourTLS12CBCNoTickets: a TLS 1.2-only crypto/tls server with a
// CBC suite, no tickets and no ALPN, scanned at compliance depth.
func TestBehaviourTLS12CBCNoTickets(t *testing.T) {
	addr := behaviourServer(t, &tls.Config{
		MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12,
		Certificates:           []tls.Certificate{rsaCert(t)},
		CipherSuites:           []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA},
		SessionTicketsDisabled: true,
	})
	r := scanAddr(t, addr, Config{Depth: Compliance}, 4)
	wantVersions(t, r, scanner.TLSv12)
	x := r.TLS.Extensions
	for _, s := range r.TLS.CipherSuites {
		want := scanner.Status("")
		if s.Code == 0xC013 {
			want = scanner.NotSupported // crypto/tls has no encrypt_then_mac
		}
		if s.EncryptThenMAC != want {
			t.Errorf("%s encrypt_then_mac %q, want %q", s.Name, s.EncryptThenMAC, want)
		}
	}
	if x.EncryptThenMAC.Status != scanner.NotSupported || !slices.Contains(x.EncryptThenMAC.Names, "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA") {
		t.Errorf("encrypt_then_mac %+v", x.EncryptThenMAC)
	}
	for name, f := range map[string]scanner.Feature{"session_ticket": x.SessionTicket, "TLS 1.2 ticket": x.TLS12Ticket, "ALPN": x.ALPN, "certificate request": x.CertificateRequest} {
		if f.Status != scanner.NotSupported {
			t.Errorf("%s: %+v, want not_supported", name, f)
		}
	}
	for name, f := range map[string]scanner.Feature{"fallback SCSV": x.FallbackSCSV, "downgrade sentinel": x.DowngradeSentinel, "psk_ke": x.PSKKE, "early data": x.EarlyData, "TLS 1.3 tickets": x.TLS13Tickets} {
		if f.Status != scanner.StatusUnknown || f.Reason != scanner.ReasonNotTested {
			t.Errorf("%s: %+v, want unknown (not_tested)", name, f)
		}
	}
	// Compliance: the preferred scheme, and no offender (crypto/tls signs
	// with no SHA-1 or SHA-224 scheme), nothing else recommended.
	got, pref := schemesOf(r, scanner.TLSv12, pki.KeyRSA)
	if !slices.Equal(got, []uint16{0x0804}) || pref != 0x0804 {
		t.Errorf("compliance schemes %04X preferred %04X, want 0804 preferred 0804", got, pref)
	}
	if e := enumOf(r, scanner.TLSv12, scanner.EnumSignatureSchemes); e.Scope != scanner.ScopeNonCompliant || e.Status != scanner.EnumComplete {
		t.Errorf("scheme enumeration %+v", e)
	}
}

// TestBehaviourUnreachableFactsStayUnknown: a server that completes no
// TLS 1.3 handshake after answering hellos leaves the TLS 1.3 facts
// unknown with a reason, never not_supported.
func TestBehaviourUnknownWhenHandshakesFail(t *testing.T) {
	f := &fakeServer{versions: []uint16{0x0303}, suites: []uint16{0xC02F}}
	addr := f.start(t)
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", SNI: "localhost", Source: "test"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second}
	r := New(Config{}).Probe(context.Background(), ep, d)
	x := r.TLS.Extensions
	if x == nil {
		t.Fatal("no extension facts")
	}
	if x.RandomTime.Status != scanner.NotSupported {
		t.Errorf("random time %+v, want not_supported (random bytes)", x.RandomTime)
	}
	// The fake server cannot finish a handshake: the facts a complete
	// handshake gives are unknown, with a reason.
	for name, f := range map[string]scanner.Feature{"TLS 1.2 ticket": x.TLS12Ticket, "client renegotiation": x.ClientRenegotiation} {
		if f.Status != scanner.StatusUnknown || f.Reason == "" {
			t.Errorf("%s: %+v, want unknown with a reason", name, f)
		}
	}
}

// TestRandomTime: a server whose randoms begin with the time.
func TestRandomTime(t *testing.T) {
	f := &fakeServer{versions: []uint16{0x0301, 0x0303}, suites: []uint16{0xC02F, 0xC013}, timeRandom: true}
	r := scanAddr(t, f.start(t), Config{}, 4)
	if x := r.TLS.Extensions; x == nil || x.RandomTime.Status != scanner.Supported {
		t.Errorf("random time: %+v, want supported", x)
	}
}

// TestRepeatedRandoms: a server that sends the same random every time is
// caught, and the repeated value named; HelloRetryRequests, whose random
// is fixed by RFC 8446, never count as repeats (the crypto/tls scans of
// TestBehaviour* see many and report none).
func TestRepeatedRandoms(t *testing.T) {
	fixed := bytes.Repeat([]byte{0x5a}, 32)
	f := &fakeServer{versions: []uint16{0x0301, 0x0303}, suites: []uint16{0xC02F, 0xC013}, fixedRandom: fixed}
	r := scanAddr(t, f.start(t), Config{}, 4)
	x := r.TLS.Extensions
	if x == nil || x.RepeatedRandoms.Status != scanner.Supported || !slices.Equal(x.RepeatedRandoms.Names, []string{hex.EncodeToString(fixed)}) {
		t.Fatalf("repeated randoms: %+v, want supported naming %x", x, fixed)
	}
}

// TestKnownFlaws: CCS injection and Heartbleed against fake servers that
// have them and that do not; the probes cost no connection for CCS
// injection and one for Heartbleed, only where heartbeat is echoed.
func TestKnownFlaws(t *testing.T) {
	base := func() *fakeServer {
		return &fakeServer{versions: []uint16{0x0303}, suites: []uint16{0xC02F, 0xC013}}
	}
	for _, tc := range []struct {
		name            string
		edit            func(f *fakeServer)
		ccs, heartbleed scanner.Status
		ccsReason       scanner.Reason
	}{
		{"patched, no heartbeat", func(*fakeServer) {}, scanner.NotSupported, scanner.NotSupported, scanner.AlertReason(10)},
		{"CCS injection", func(f *fakeServer) { f.ccsInjection = true }, scanner.Supported, scanner.NotSupported, scanner.AlertReason(20)},
		{"heartbeat, patched", func(f *fakeServer) { f.heartbeat = true }, scanner.NotSupported, scanner.NotSupported, scanner.AlertReason(10)},
		{"Heartbleed", func(f *fakeServer) { f.heartbeat, f.heartbleed = true, true }, scanner.NotSupported, scanner.Supported, scanner.AlertReason(10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			tc.edit(f)
			r := scanAddr(t, f.start(t), Config{}, 4)
			x := r.TLS.Extensions
			if x.CCSInjection.Status != tc.ccs || x.CCSInjection.Reason != tc.ccsReason {
				t.Errorf("CCS injection %+v, want %s (%s)", x.CCSInjection, tc.ccs, tc.ccsReason)
			}
			if x.Heartbleed.Status != tc.heartbleed {
				t.Errorf("Heartbleed %+v, want %s", x.Heartbleed, tc.heartbleed)
			}
			if tc.heartbleed == scanner.Supported && !strings.Contains(x.Heartbleed.Detail, "answered with 80 bytes") {
				t.Errorf("Heartbleed detail %q", x.Heartbleed.Detail)
			}
		})
	}
}

// TestROBOT: the ROBOT probe against fake servers with RSA key transport
// that answer every key exchange alike (not an oracle), that answer wrong
// padding differently (an oracle, confirmed by a second try), and that
// answer once differently but not on the second try (unknown, never
// vulnerable); and a server without RSA key transport, which is not asked.
func TestROBOT(t *testing.T) {
	for _, tc := range []struct {
		name   string
		suites []uint16
		edit   func(f *fakeServer)
		want   scanner.Status
		reason scanner.Reason
		detail string
		conns  int64 // connections that carried a key exchange: the probe's
	}{
		{"RSA key transport, no oracle", []uint16{0xC02F, 0x009C}, func(*fakeServer) {}, scanner.NotSupported, scanner.AlertReason(20),
			"got alert 20 (bad_record_mac): no padding oracle", 5},
		{"RSA key transport, an oracle", []uint16{0xC02F, 0x009C}, func(f *fakeServer) { f.robot = true }, scanner.Supported, "",
			"correct padding: alert 20 (bad_record_mac); wrong first two bytes: alert 51 (decrypt_error)", 5 + 1},
		{"RSA key transport, an answer not repeated", []uint16{0xC02F, 0x009C}, func(f *fakeServer) { f.robotFlaky = true }, scanner.StatusUnknown, scanner.ReasonThrottled,
			"wrong first two bytes got alert 51 (decrypt_error), then alert 20 (bad_record_mac) when sent again", 5 + 1},
		{"no RSA key transport", []uint16{0xC02F, 0xC013}, func(*fakeServer) {}, scanner.StatusUnknown, scanner.ReasonNotTested,
			"no RSA key-transport suite is accepted", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeServer{versions: []uint16{0x0303}, suites: tc.suites}
			tc.edit(f)
			r := scanAddr(t, f.start(t), Config{}, 4)
			x := r.TLS.Extensions
			if x.ROBOT.Status != tc.want || x.ROBOT.Reason != tc.reason || !strings.Contains(x.ROBOT.Detail, tc.detail) {
				t.Errorf("ROBOT %+v, want %s (%s) %q", x.ROBOT, tc.want, tc.reason, tc.detail)
			}
			if tc.want != scanner.StatusUnknown && !slices.Equal(x.ROBOT.Versions, []scanner.Version{scanner.TLSv12}) {
				t.Errorf("ROBOT versions %v, want TLSv1.2", x.ROBOT.Versions)
			}
			if n := f.keyExchanges.Load(); n != tc.conns {
				t.Errorf("%d connections carried a key exchange, want %d (5 tries, and a second one of each differing answer)", n, tc.conns)
			}
		})
	}
}
