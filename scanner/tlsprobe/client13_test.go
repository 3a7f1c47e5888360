package tlsprobe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/netip"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// The TLS 1.3 client against crypto/tls servers on 127.0.0.1, and against
// scripted servers that misbehave.

// serverCert13 returns a self-signed certificate of the given key type:
// "rsa" (2048), "ecdsa" (P-256) or "ed25519".
func serverCert13(t *testing.T, kind string) tls.Certificate {
	t.Helper()
	var certFile, keyFile string
	switch kind {
	case "rsa":
		certFile, keyFile = peer.NewRSACert(t, t.TempDir(), 2048)
	case "ecdsa":
		certFile, keyFile = peer.NewECDSACert(t, t.TempDir(), elliptic.P256())
	case "ed25519":
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), DNSNames: []string{"localhost"}}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	default:
		t.Fatalf("unknown key type %q", kind)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// goServer13 is a crypto/tls server; every handshake's outcome is sent on
// done.
type goServer13 struct {
	addr string
	done chan serverOutcome13
}

type serverOutcome13 struct {
	state tls.ConnectionState
	err   error
}

// allGoGroups are the groups crypto/tls implements (Go 1.26).
var allGoGroups = []tls.CurveID{
	tls.X25519MLKEM768, tls.SecP256r1MLKEM768, tls.SecP384r1MLKEM1024,
	tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521,
}

// tls13Server starts a crypto/tls TLS 1.3 server with cfg (MinVersion and
// CurvePreferences filled in when unset) and returns once it listens.
func tls13Server(t *testing.T, cfg *tls.Config) *goServer13 {
	t.Helper()
	cfg.MinVersion = tls.VersionTLS13
	if cfg.CurvePreferences == nil {
		cfg.CurvePreferences = allGoGroups
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &goServer13{addr: ln.Addr().String(), done: make(chan serverOutcome13, 64)}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(10 * time.Second))
				tc := tls.Server(conn, cfg)
				err := tc.Handshake()
				select {
				case s.done <- serverOutcome13{tc.ConnectionState(), err}:
				default:
				}
				if err == nil {
					io.Copy(io.Discard, tc) // until the client's close_notify
				}
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return s
}

// rsaServer13 is a TLS 1.3 server with an RSA 2048 certificate.
func rsaServer13(t *testing.T) *goServer13 {
	return tls13Server(t, &tls.Config{Certificates: []tls.Certificate{serverCert13(t, "rsa")}})
}

// hrrServer13 accepts only P-384: a client sharing x25519 first gets a
// HelloRetryRequest.
func hrrServer13(t *testing.T) *goServer13 {
	return tls13Server(t, &tls.Config{Certificates: []tls.Certificate{serverCert13(t, "ecdsa")}, CurvePreferences: []tls.CurveID{tls.CurveP384}})
}

// clientCertServer13 asks for a client certificate, naming ca as an
// acceptable authority, and goes on without one.
func clientCertServer13(t *testing.T, ca *x509.Certificate) *goServer13 {
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return tls13Server(t, &tls.Config{Certificates: []tls.Certificate{serverCert13(t, "ecdsa")}, ClientAuth: tls.RequestClientCert, ClientCAs: pool})
}

// staplingServer13 staples an OCSP response and two SCTs to its
// certificate, and speaks h2 and http/1.1.
func staplingServer13(t *testing.T, ocsp []byte, scts [][]byte) *goServer13 {
	cert := serverCert13(t, "ecdsa")
	cert.OCSPStaple, cert.SignedCertificateTimestamps = ocsp, scts
	return tls13Server(t, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}})
}

// outcome waits for the server side of the last handshake.
func (s *goServer13) outcome(t *testing.T) serverOutcome13 {
	t.Helper()
	select {
	case o := <-s.done:
		return o
	case <-time.After(10 * time.Second):
		t.Fatal("the server reported no handshake")
	}
	return serverOutcome13{}
}

// handshakeWith dials addr and runs the client with cfg.
func handshakeWith(t *testing.T, addr string, cfg *Handshake13Config) (*Result13, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	res, err := handshake13(ctx, conn, cfg)
	if res == nil {
		t.Fatal("nil result")
	}
	return res, err
}

// checkComplete asserts a full, authenticated handshake.
func checkComplete(t *testing.T, res *Result13, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("handshake: %v (stage %s)", err, res.Stage)
	}
	if res.Version != versionTLS13 || !res.Completed || !res.ServerFinished || !res.FinishedValid || res.Stage != "done" {
		t.Fatalf("incomplete: %+v", res)
	}
	if !res.PSKAccepted && (len(res.Certificates) == 0 || !res.CertVerifyChecked || !res.CertVerifyValid) {
		t.Fatalf("server not authenticated: %d certificates, CertificateVerify %s checked %v valid %v (%s)",
			len(res.Certificates), SchemeName(res.CertVerifyScheme), res.CertVerifyChecked, res.CertVerifyValid, res.CertVerifyProblem)
	}
}

func TestHandshake13SuitesAndGroups(t *testing.T) {
	srv := rsaServer13(t)
	for _, suite := range []uint16{0x1301, 0x1302, 0x1303} {
		for _, g := range allGoGroups {
			t.Run(fmt.Sprintf("%04x/%s", suite, GroupName(uint16(g))), func(t *testing.T) {
				res, err := handshakeWith(t, srv.addr, &Handshake13Config{SNI: "localhost", Suites: []uint16{suite}, Groups: []uint16{uint16(g)}, MaxTickets: 1})
				checkComplete(t, res, err)
				if res.Suite != suite || res.Group != uint16(g) || res.HRR {
					t.Errorf("suite %04x group %s HRR %v", res.Suite, GroupName(res.Group), res.HRR)
				}
				o := srv.outcome(t)
				if o.err != nil || o.state.CipherSuite != suite || o.state.CurveID != g {
					t.Errorf("server side: %v, suite %04x, group %v", o.err, o.state.CipherSuite, o.state.CurveID)
				}
			})
		}
	}
}

func TestHandshake13HelloRetryRequest(t *testing.T) {
	srv := hrrServer13(t)
	res, err := handshakeWith(t, srv.addr, &Handshake13Config{Groups: []uint16{groupX25519, groupP256, groupP384}, MaxTickets: 1})
	checkComplete(t, res, err)
	if !res.HRR || res.HRRGroup != groupP384 || res.Group != groupP384 || res.HRRSuite != res.Suite {
		t.Errorf("HRR %v group %s, then group %s", res.HRR, GroupName(res.HRRGroup), GroupName(res.Group))
	}
	if o := srv.outcome(t); o.err != nil || !o.state.HelloRetryRequest {
		t.Errorf("server side: %v, HelloRetryRequest %v", o.err, o.state.HelloRetryRequest)
	}
	// Without P-384 in supported_groups, the server has nothing to ask for.
	res, err = handshakeWith(t, srv.addr, &Handshake13Config{Groups: []uint16{groupX25519, groupP256}})
	if err == nil || !res.AlertReceived || res.Alert != 40 || res.HRR {
		t.Errorf("no common group: %v, alert %v %d", err, res.AlertReceived, res.Alert)
	}
}

func TestHandshake13ClientCertificateRequest(t *testing.T) {
	caCert := serverCert13(t, "ed25519")
	ca, err := x509.ParseCertificate(caCert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	srv := clientCertServer13(t, ca)
	res, err := handshakeWith(t, srv.addr, &Handshake13Config{MaxTickets: 1})
	checkComplete(t, res, err)
	cr := res.CertRequest
	if cr == nil {
		t.Fatal("no CertificateRequest")
	}
	if !cr.HasCertificateAuthority || len(cr.CertificateAuthorities) != 1 || !bytes.Equal(cr.CertificateAuthorities[0], ca.RawSubject) {
		t.Errorf("CA names %x, want [%x]", cr.CertificateAuthorities, ca.RawSubject)
	}
	if !slices.Contains(cr.SignatureSchemes, 0x0403) || !slices.Contains(cr.Extensions, extCertificateAuthorities) {
		t.Errorf("CertificateRequest schemes %v, extensions %v", cr.SignatureSchemes, cr.Extensions)
	}
	if o := srv.outcome(t); o.err != nil || len(o.state.PeerCertificates) != 0 {
		t.Errorf("server side: %v, %d client certificates", o.err, len(o.state.PeerCertificates))
	}
}

func TestHandshake13TicketsAndResumption(t *testing.T) {
	srv := rsaServer13(t)
	res, err := handshakeWith(t, srv.addr, &Handshake13Config{ALPN: nil, MaxTickets: 1})
	checkComplete(t, res, err)
	srv.outcome(t)
	if len(res.Tickets) != 1 {
		t.Fatalf("%d tickets", len(res.Tickets))
	}
	tk := res.Tickets[0]
	if tk.Lifetime == 0 || tk.Lifetime > 7*24*3600 || len(tk.Ticket) == 0 || len(tk.PSK) != 32 || tk.Suite != res.Suite || tk.Received.IsZero() {
		t.Fatalf("ticket %+v", tk)
	}

	t.Run("psk_dhe_ke", func(t *testing.T) {
		res, err := handshakeWith(t, srv.addr, &Handshake13Config{PSK: tk, Groups: []uint16{groupX25519}, MaxTickets: 1})
		checkComplete(t, res, err)
		if !res.PSKOffered || !res.PSKAccepted || len(res.Certificates) != 0 || res.CertVerifyScheme != 0 || res.Group != groupX25519 || res.HRR {
			t.Errorf("resumption: %+v", res)
		}
		if o := srv.outcome(t); o.err != nil || !o.state.DidResume {
			t.Errorf("server side: %v, resumed %v", o.err, o.state.DidResume)
		}
		if len(res.Tickets) != 1 || bytes.Equal(res.Tickets[0].PSK, tk.PSK) {
			t.Errorf("no new ticket after resumption: %d", len(res.Tickets))
		}
	})
	t.Run("psk_dhe_ke after HelloRetryRequest", func(t *testing.T) {
		// crypto/tls prefers X25519MLKEM768 and asks for it: the second
		// hello carries new binders over the restarted transcript.
		res, err := handshakeWith(t, srv.addr, &Handshake13Config{PSK: tk, Groups: []uint16{groupX25519, groupX25519MLKEM768}, MaxTickets: 1})
		checkComplete(t, res, err)
		if !res.HRR || res.HRRGroup != groupX25519MLKEM768 || !res.PSKAccepted || res.Group != groupX25519MLKEM768 {
			t.Errorf("resumption after HRR: %+v", res)
		}
		if o := srv.outcome(t); o.err != nil || !o.state.DidResume || !o.state.HelloRetryRequest {
			t.Errorf("server side: %v, resumed %v", o.err, o.state.DidResume)
		}
	})
	t.Run("psk_ke refused", func(t *testing.T) {
		// crypto/tls resumes only with psk_dhe_ke: it ignores the PSK and
		// runs a full handshake.
		res, err := handshakeWith(t, srv.addr, &Handshake13Config{PSK: tk, PSKModes: []uint8{PSKModeKE}, MaxTickets: -1})
		checkComplete(t, res, err)
		if !res.PSKOffered || res.PSKAccepted || len(res.Certificates) == 0 {
			t.Errorf("psk_ke: %+v", res)
		}
		if o := srv.outcome(t); o.err != nil || o.state.DidResume {
			t.Errorf("server side: %v, resumed %v", o.err, o.state.DidResume)
		}
	})
	t.Run("early data refused", func(t *testing.T) {
		// crypto/tls over TCP refuses early data with unsupported_extension.
		res, err := handshakeWith(t, srv.addr, &Handshake13Config{PSK: tk, EarlyData: []byte("GET / HTTP/1.0\r\n\r\n")})
		if err == nil || !res.EarlyDataSent || res.EarlyDataAccepted || !res.AlertReceived || res.Alert != 110 {
			t.Errorf("early data: %v, %+v", err, res)
		}
		srv.outcome(t)
	})
	t.Run("wrong PSK", func(t *testing.T) {
		bad := *tk
		bad.PSK = bytes.Repeat([]byte{1}, 32)
		res, err := handshakeWith(t, srv.addr, &Handshake13Config{PSK: &bad})
		if err == nil || !res.AlertReceived || res.PSKAccepted {
			t.Errorf("bad binder: %v, %+v", err, res)
		}
		srv.outcome(t)
	})
}

func TestHandshake13CertificateVerifySchemes(t *testing.T) {
	for _, tc := range []struct {
		kind    string
		schemes []uint16 // offered; nil: the default list
		want    []uint16
	}{
		{"rsa", nil, []uint16{0x0804, 0x0805, 0x0806}},
		{"rsa", []uint16{0x0806}, []uint16{0x0806}},
		{"ecdsa", nil, []uint16{0x0403}},
		{"ed25519", nil, []uint16{0x0807}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			srv := tls13Server(t, &tls.Config{Certificates: []tls.Certificate{serverCert13(t, tc.kind)}})
			res, err := handshakeWith(t, srv.addr, &Handshake13Config{SignatureSchemes: tc.schemes, MaxTickets: 1})
			checkComplete(t, res, err)
			if !slices.Contains(tc.want, res.CertVerifyScheme) {
				t.Errorf("CertificateVerify %s, want one of %v", SchemeName(res.CertVerifyScheme), tc.want)
			}
		})
	}
}

func TestHandshake13StaplesAndALPN(t *testing.T) {
	ocsp := []byte("an OCSP response")
	scts := [][]byte{[]byte("first SCT"), []byte("second SCT")}
	srv := staplingServer13(t, ocsp, scts)
	res, err := handshakeWith(t, srv.addr, &Handshake13Config{SNI: "localhost", StatusRequest: true, SCT: true, ALPN: []string{"http/1.1", "spdy/3"}, MaxTickets: 1})
	checkComplete(t, res, err)
	leaf := res.Certificates[0]
	if !bytes.Equal(leaf.OCSP, ocsp) || !slices.EqualFunc(leaf.SCTs, scts, bytes.Equal) {
		t.Errorf("staple %q, SCTs %q", leaf.OCSP, leaf.SCTs)
	}
	if res.ALPN != "http/1.1" || !slices.Contains(res.EncryptedExtensions, extALPN) {
		t.Errorf("ALPN %q, EncryptedExtensions %v", res.ALPN, res.EncryptedExtensions)
	}
	if o := srv.outcome(t); o.err != nil || o.state.ServerName != "localhost" {
		t.Errorf("server side: %v, SNI %q", o.err, o.state.ServerName)
	}
	// Not asked, not sent.
	res, err = handshakeWith(t, srv.addr, &Handshake13Config{MaxTickets: 1})
	checkComplete(t, res, err)
	if res.Certificates[0].OCSP != nil || res.Certificates[0].SCTs != nil || res.ALPN != "" {
		t.Errorf("unrequested staple %q, SCTs %q, ALPN %q", res.Certificates[0].OCSP, res.Certificates[0].SCTs, res.ALPN)
	}
}

// TestVerifyCertificateVerify13 checks the signature check on the RSA-PSS
// CertificateVerify of RFC 8448, Section 3, and on altered inputs.
func TestVerifyCertificateVerify13(t *testing.T) {
	var cert certificateMsgTLS13
	if !cert.unmarshal(unhex(t, rfc8448Certificate)) {
		t.Fatal("RFC 8448 Certificate does not parse")
	}
	var cv certificateVerifyMsg
	if !cv.unmarshal(unhex(t, rfc8448CertificateVerify)) || cv.scheme != 0x0804 {
		t.Fatal("RFC 8448 CertificateVerify does not parse")
	}
	var tr transcript13
	for _, m := range []string{rfc8448ClientHello, rfc8448ServerHello, rfc8448EncryptedExtensions, rfc8448Certificate} {
		tr.write(unhex(t, m))
	}
	tr.setHash(suite13ByID(0x1301).hash)
	th := tr.sum()
	leaf := cert.entries[0].data
	if checked, err := verifyCertificateVerify13(leaf, cv.scheme, cv.signature, th); !checked || err != nil {
		t.Fatalf("RFC 8448 CertificateVerify: checked %v, %v", checked, err)
	}
	badSig := append([]byte(nil), cv.signature...)
	badSig[10] ^= 1
	badHash := append([]byte(nil), th...)
	badHash[0] ^= 1
	for name, tc := range map[string]struct {
		scheme    uint16
		sig, hash []byte
		checked   bool
	}{
		"altered signature":  {0x0804, badSig, th, true},
		"another transcript": {0x0804, cv.signature, badHash, true},
		"another hash":       {0x0805, cv.signature, th, true},
		"ECDSA scheme":       {0x0403, cv.signature, th, true},
		"unknown scheme":     {0xFEFE, cv.signature, th, false},
	} {
		checked, err := verifyCertificateVerify13(leaf, tc.scheme, tc.sig, tc.hash)
		if checked != tc.checked || err == nil {
			t.Errorf("%s: checked %v, %v", name, checked, err)
		}
	}
	if checked, err := verifyCertificateVerify13([]byte{0x30, 0}, 0x0804, cv.signature, th); checked || err == nil {
		t.Errorf("garbage leaf: checked %v, %v", checked, err)
	}
	// An ECDSA key on another curve than the scheme's.
	key, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if checked, err := verifyCertificateVerify13(der, 0x0403, cv.signature, th); !checked || err == nil || !strings.Contains(err.Error(), "P-384") {
		t.Errorf("P-384 key with ecdsa_secp256r1_sha256: checked %v, %v", checked, err)
	}
}

// scriptedServer13 accepts one connection, reads the ClientHello and hands
// both to script; it returns once listening.
func scriptedServer13(t *testing.T, script func(conn net.Conn, ch *clientHello, chBytes []byte)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		typ, msg, err := newRecordReader(conn).readHandshake()
		var ch clientHello
		if err != nil || typ != typeClientHello || !ch.unmarshal(msg) {
			t.Errorf("scripted server: no ClientHello: %v", err)
			return
		}
		script(conn, &ch, msg)
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

// serverKeys13 are the handshake keys a scripted server derived.
type serverKeys13 struct {
	out                *halfConn13 // server handshake traffic
	tr                 transcript13
	suite              *suite13
	serverHS, clientHS []byte
	hs                 []byte
}

// acceptX25519 answers the hello with a TLS_AES_128_GCM_SHA256, x25519
// ServerHello and returns the server's handshake keys.
func acceptX25519(t *testing.T, conn net.Conn, ch *clientHello, chBytes []byte) *serverKeys13 {
	i := slices.IndexFunc(ch.keyShares, func(k keyShare) bool { return k.group == groupX25519 })
	if i < 0 {
		t.Error("scripted server: no x25519 share")
		return nil
	}
	share, secret := serverShare(t, groupX25519, ch.keyShares[i].data)
	sh := &serverHello{vers: versionTLS12, random: testRandom(0x55), sessionID: ch.sessionID, cipherSuite: 0x1301,
		supportedVersion: versionTLS13, serverShare: keyShare{group: groupX25519, data: share}}
	shBytes, _ := sh.marshal()
	if err := writeRecords(conn, recordHandshake, versionTLS12, shBytes); err != nil {
		return nil
	}
	k := &serverKeys13{suite: suite13ByID(0x1301)}
	k.tr.write(chBytes)
	k.tr.write(shBytes)
	k.tr.setHash(k.suite.hash)
	hs := k.suite.handshakeSecret(k.suite.earlySecret(nil), secret)
	k.serverHS = k.suite.deriveSecret(hs, labelServerHandshake, k.tr.sum())
	k.clientHS = k.suite.deriveSecret(hs, labelClientHandshake, k.tr.sum())
	k.hs = hs
	k.out, _ = newHalfConn13(k.suite, k.serverHS)
	return k
}

// send seals content as one protected record of type typ.
func (k *serverKeys13) send(conn net.Conn, typ uint8, content []byte) {
	rec, _ := k.out.seal(typ, content)
	conn.Write(rec)
}

func TestHandshake13HostileServer(t *testing.T) {
	ee, _ := (&encryptedExtensionsMsg{extensions: []uint16{extServerName}, serverNameAck: true}).marshal()
	for _, tc := range []struct {
		name   string
		script func(conn net.Conn, k *serverKeys13)
		stage  string
		err    error
	}{
		{"garbage record", func(conn net.Conn, k *serverKeys13) {
			junk := make([]byte, 300)
			rand.Read(junk)
			conn.Write(append([]byte{recordApplicationData, 3, 3, 1, 44}, junk...))
		}, "EncryptedExtensions", errBadRecordMAC},
		{"garbage bytes", func(conn net.Conn, k *serverKeys13) {
			conn.Write([]byte{0x99, 3, 3, 0, 4, 1, 2, 3, 4})
		}, "EncryptedExtensions", errUnexpectedRecord},
		{"truncated record", func(conn net.Conn, k *serverKeys13) {
			rec, _ := k.out.seal(recordHandshake, ee)
			conn.Write(rec[:len(rec)-5])
		}, "EncryptedExtensions", io.ErrUnexpectedEOF},
		{"oversized record", func(conn net.Conn, k *serverKeys13) {
			conn.Write([]byte{recordApplicationData, 3, 3, 0xFF, 0xFF})
		}, "EncryptedExtensions", errRecordTooLong},
		{"2^24-byte handshake message", func(conn net.Conn, k *serverKeys13) {
			k.send(conn, recordHandshake, ee)
			k.send(conn, recordHandshake, []byte{typeCertificate, 0xFF, 0xFF, 0xFF, 0, 0})
			conn.Write(bytes.Repeat([]byte{0}, 1<<16)) // never read
		}, "Certificate", errHandshakeTooLong},
		{"message never finished", func(conn net.Conn, k *serverKeys13) {
			k.send(conn, recordHandshake, ee)
			k.send(conn, recordHandshake, []byte{typeCertificate, 0, 0x10, 0, 0})
		}, "Certificate", io.ErrUnexpectedEOF},
		{"malformed EncryptedExtensions", func(conn net.Conn, k *serverKeys13) {
			k.send(conn, recordHandshake, []byte{typeEncryptedExtensions, 0, 0, 3, 0, 1, 0})
		}, "EncryptedExtensions", nil},
		{"Finished first", func(conn net.Conn, k *serverKeys13) {
			k.send(conn, recordHandshake, ee)
			fin, _ := (&finishedMsg{verifyData: make([]byte, 32)}).marshal()
			k.send(conn, recordHandshake, fin)
		}, "Certificate", nil},
		{"encrypted alert", func(conn net.Conn, k *serverKeys13) {
			k.send(conn, recordAlert, []byte{2, 42})
		}, "EncryptedExtensions", nil},
		{"application data in the handshake", func(conn net.Conn, k *serverKeys13) {
			k.send(conn, recordApplicationData, []byte("hello"))
		}, "EncryptedExtensions", errUnexpectedRecord},
		{"many ChangeCipherSpec", func(conn net.Conn, k *serverKeys13) {
			conn.Write(bytes.Repeat([]byte{recordChangeCipherSpec, 3, 3, 0, 1, 1}, 100))
		}, "EncryptedExtensions", errUnexpectedRecord},
		{"empty records", func(conn net.Conn, k *serverKeys13) {
			for range 100 {
				k.send(conn, recordHandshake, nil)
			}
		}, "EncryptedExtensions", errUnexpectedRecord},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := scriptedServer13(t, func(conn net.Conn, ch *clientHello, chBytes []byte) {
				if k := acceptX25519(t, conn, ch, chBytes); k != nil {
					tc.script(conn, k)
					conn.(*net.TCPConn).CloseWrite()
					io.Copy(io.Discard, conn)
				}
			})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res, err := handshakeWith(t, addr, &Handshake13Config{Groups: []uint16{groupX25519}, Suites: []uint16{0x1301}})
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("no error")
			}
			// Client and scripted server together: far below the 16 MiB a
			// believed length would cost.
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Errorf("%d bytes allocated", n)
			}
			if tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("error %v, want %v", err, tc.err)
			}
			// The facts of the ServerHello are kept.
			if res.Version != versionTLS13 || res.Suite != 0x1301 || res.Group != groupX25519 || res.Stage != tc.stage || res.Completed {
				t.Errorf("result %+v", res)
			}
			if tc.name == "encrypted alert" && (!res.AlertReceived || res.Alert != 42) {
				t.Errorf("alert %v %d", res.AlertReceived, res.Alert)
			}
			if tc.name == "Finished first" && !slices.Equal(res.EncryptedExtensions, []uint16{extServerName}) {
				t.Errorf("EncryptedExtensions %v", res.EncryptedExtensions)
			}
		})
	}
}

// TestHandshake13ScriptedHelloRetryRequest checks the second hello: cookie
// echoed, one share for the requested group, the transcript restarted (the
// server checks the client's Finished is not reached: it alerts instead).
func TestHandshake13ScriptedHelloRetryRequest(t *testing.T) {
	cookie := []byte("a stateless cookie")
	got := make(chan *clientHello, 1)
	addr := scriptedServer13(t, func(conn net.Conn, ch *clientHello, chBytes []byte) {
		hrr := &serverHello{vers: versionTLS12, random: helloRetryRequestRandom, sessionID: ch.sessionID, cipherSuite: 0x1302,
			supportedVersion: versionTLS13, selectedGroup: groupFFDHE2048, cookie: cookie}
		msg, _ := hrr.marshal()
		writeRecords(conn, recordHandshake, versionTLS12, msg)
		typ, msg, err := newRecordReader(conn).readHandshake()
		var ch2 clientHello
		if err != nil || typ != typeClientHello || !ch2.unmarshal(msg) {
			t.Errorf("no second ClientHello: %v", err)
			got <- nil
			return
		}
		got <- &ch2
		conn.Write([]byte{recordAlert, 3, 3, 0, 2, 2, 40})
	})
	res, err := handshakeWith(t, addr, &Handshake13Config{Groups: []uint16{groupX25519, groupFFDHE2048}, Suites: []uint16{0x1301, 0x1302}})
	if err == nil || !res.HRR || res.HRRGroup != groupFFDHE2048 || !bytes.Equal(res.HRRCookie, cookie) || res.HRRSuite != 0x1302 ||
		!res.AlertReceived || res.Alert != 40 || res.Stage != "ServerHello" {
		t.Errorf("%v, %+v", err, res)
	}
	ch2 := <-got
	if ch2 == nil {
		return
	}
	if !bytes.Equal(ch2.cookie, cookie) || len(ch2.keyShares) != 1 || ch2.keyShares[0].group != groupFFDHE2048 ||
		len(ch2.keyShares[0].data) != 256 || ch2.earlyData {
		t.Errorf("second hello: cookie %q, shares %d", ch2.cookie, len(ch2.keyShares))
	}
}

func TestHandshake13SilentServer(t *testing.T) {
	addr := scriptedServer13(t, func(conn net.Conn, ch *clientHello, chBytes []byte) {
		io.Copy(io.Discard, conn)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	res, err := handshake13(ctx, conn, &Handshake13Config{})
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || res.Stage != "ServerHello" {
		t.Errorf("%v, stage %s", err, res.Stage)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

func TestHandshake13Deterministic(t *testing.T) {
	hello := func() []byte {
		c := &client13{cfg: &Handshake13Config{SNI: "a.test", Rand: newSeededReader("hello"), Groups: []uint16{groupX25519MLKEM768, groupX25519}, KeyShares: []uint16{groupX25519MLKEM768, groupX25519}}, res: &Result13{}}
		if err := c.buildHello(); err != nil {
			t.Fatal(err)
		}
		b, err := c.marshalHello()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := hello(), hello()
	if !bytes.Equal(a, b) {
		t.Error("the same Rand gave two hellos")
	}
	var ch clientHello
	if !ch.unmarshal(a) || len(ch.keyShares) != 2 || ch.serverName != "a.test" || !slices.Equal(ch.supportedVersions, []uint16{versionTLS13}) ||
		len(ch.sessionID) != 32 || !slices.Equal(ch.pskModes, []uint8{PSKModeDHEKE}) {
		t.Errorf("hello %+v", ch)
	}
}

// TestHandshake13OpenSSL runs the suites and groups crypto/tls lacks (CCM,
// CCM_8, ffdhe) against OpenSSL s_server, and 0-RTT data it accepts.
func TestHandshake13OpenSSL(t *testing.T) {
	for _, tc := range []struct {
		suite     uint16
		suiteName string
		group     uint16
		ossl      string
	}{
		{0x1304, "TLS_AES_128_CCM_SHA256", groupFFDHE2048, "ffdhe2048"},
		{0x1305, "TLS_AES_128_CCM_8_SHA256", groupFFDHE3072, "ffdhe3072"},
		{0x1302, "TLS_AES_256_GCM_SHA384", groupFFDHE4096, "ffdhe4096"},
		{0x1303, "TLS_CHACHA20_POLY1305_SHA256", groupFFDHE6144, "ffdhe6144"},
		{0x1301, "TLS_AES_128_GCM_SHA256", groupFFDHE8192, "ffdhe8192"},
		{0x1304, "TLS_AES_128_CCM_SHA256", groupP521, "P-521"},
	} {
		t.Run(tc.suiteName+"/"+tc.ossl, func(t *testing.T) {
			srv := peer.OpenSSL(t, "-tls1_3", "-ciphersuites", tc.suiteName, "-groups", tc.ossl)
			res, err := handshakeWith(t, srv.Addr, &Handshake13Config{Suites: []uint16{tc.suite}, Groups: []uint16{groupX25519, tc.group}, KeyShares: []uint16{tc.group}, MaxTickets: 2, TicketWait: 5 * time.Second})
			checkComplete(t, res, err)
			if res.Suite != tc.suite || res.Group != tc.group || len(res.Tickets) != 2 {
				t.Errorf("suite %04x, group %s, %d tickets", res.Suite, GroupName(res.Group), len(res.Tickets))
			}
		})
	}
	t.Run("psk_ke", func(t *testing.T) {
		srv := peer.OpenSSL(t, "-tls1_3", "-allow_no_dhe_kex")
		res, err := handshakeWith(t, srv.Addr, &Handshake13Config{Groups: []uint16{groupX25519}, PSKModes: []uint8{PSKModeKE}, MaxTickets: 1, TicketWait: 5 * time.Second})
		checkComplete(t, res, err)
		if len(res.Tickets) != 1 {
			t.Fatalf("%d tickets", len(res.Tickets))
		}
		res, err = handshakeWith(t, srv.Addr, &Handshake13Config{Groups: []uint16{groupX25519}, PSK: res.Tickets[0], PSKModes: []uint8{PSKModeKE}, MaxTickets: -1})
		checkComplete(t, res, err)
		if !res.PSKAccepted || res.Group != 0 || slices.Contains(res.ServerExtensions, extKeyShare) || len(res.Certificates) != 0 {
			t.Errorf("psk_ke resumption: %+v", res)
		}
	})
	t.Run("early data", func(t *testing.T) {
		addr := earlyDataOpenSSLServer(t)
		res, err := handshakeWith(t, addr, &Handshake13Config{Groups: []uint16{groupX25519}, MaxTickets: 2, TicketWait: 5 * time.Second})
		checkComplete(t, res, err)
		if len(res.Tickets) == 0 || !res.Tickets[0].EarlyData || res.Tickets[0].MaxEarlyData == 0 {
			t.Fatalf("tickets without early data: %+v", res.Tickets)
		}
		res, err = handshakeWith(t, addr, &Handshake13Config{Groups: []uint16{groupX25519}, PSK: res.Tickets[0],
			EarlyData: []byte("GET / HTTP/1.0\r\n\r\n"), MaxTickets: -1})
		checkComplete(t, res, err)
		if !res.PSKAccepted || !res.EarlyDataSent || !res.EarlyDataAccepted || !slices.Contains(res.EncryptedExtensions, extEarlyData) {
			t.Errorf("0-RTT: %+v", res)
		}
	})
}

// earlyDataOpenSSLServer starts `openssl s_server -early_data` on
// 127.0.0.1 and returns its address once it listens. peer.OpenSSL cannot:
// s_server refuses -early_data with -www. Without -www it echoes stdin, so
// stdin stays open (and empty) until the test ends.
func earlyDataOpenSSLServer(t *testing.T) string {
	t.Helper()
	bin := peer.Require(t, "openssl")
	cert, key := peer.NewRSACert(t, t.TempDir(), 2048)
	cmd := exec.Command(bin, "s_server", "-accept", "127.0.0.1:0", "-tls1_3", "-early_data", "-groups", "X25519", "-cert", cert, "-key", key)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "ACCEPT "); ok {
				addrc <- strings.TrimSpace(rest)
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case addr := <-addrc:
		if ap, err := netip.ParseAddrPort(addr); err != nil || !ap.Addr().IsLoopback() {
			t.Fatalf("s_server listens on %q", addr)
		}
		return addr
	case <-time.After(15 * time.Second):
		t.Fatalf("s_server printed no ACCEPT line: %s", stderr.String())
	}
	return ""
}

// TestHandshake13InvalidCertificateVerify runs a scripted server whose
// CertificateVerify does not verify: the client records it and completes
// the handshake, then reads two tickets with a KeyUpdate between them.
func TestHandshake13InvalidCertificateVerify(t *testing.T) {
	leaf := serverCert13(t, "ed25519").Certificate[0]
	wantPSKs := make(chan [][]byte, 1)
	addr := scriptedServer13(t, func(conn net.Conn, ch *clientHello, chBytes []byte) {
		k := acceptX25519(t, conn, ch, chBytes)
		if k == nil {
			wantPSKs <- nil
			return
		}
		s := k.suite
		ee, _ := (&encryptedExtensionsMsg{extensions: []uint16{}}).marshal()
		cert, _ := (&certificateMsgTLS13{entries: []certificateEntry{{data: leaf}}}).marshal()
		cv, _ := (&certificateVerifyMsg{scheme: 0x0807, signature: make([]byte, 64)}).marshal()
		var flight []byte
		for _, m := range [][]byte{ee, cert, cv} {
			k.tr.write(m)
			flight = append(flight, m...)
		}
		fin, _ := (&finishedMsg{verifyData: s.finishedMAC(k.serverHS, k.tr.sum())}).marshal()
		k.tr.write(fin)
		flight = append(flight, fin...)
		k.send(conn, recordHandshake, flight)

		ms := s.masterSecret(k.hs)
		sAP := s.deriveSecret(ms, labelServerAppTraffic, k.tr.sum())
		clientFin, _ := (&finishedMsg{verifyData: s.finishedMAC(k.clientHS, k.tr.sum())}).marshal()
		k.tr.write(clientFin)
		res := s.deriveSecret(ms, labelResumption, k.tr.sum())
		app, _ := newHalfConn13(s, sAP)
		nst1, _ := (&newSessionTicketMsgTLS13{lifetime: 60, ageAdd: 1, nonce: []byte{1}, ticket: []byte("ticket one")}).marshal()
		nst2, _ := (&newSessionTicketMsgTLS13{lifetime: 60, ageAdd: 2, nonce: []byte{2}, ticket: []byte("ticket two"), earlyData: true, maxEarlyData: 1000}).marshal()
		r1, _ := app.seal(recordHandshake, nst1)
		r2, _ := app.seal(recordApplicationData, []byte("unsolicited"))
		r3, _ := app.seal(recordHandshake, []byte{typeKeyUpdate, 0, 0, 1, 1})
		next, _ := newHalfConn13(s, s.expandLabel(sAP, "traffic upd", nil, s.hashLen()))
		r4, _ := next.seal(recordHandshake, nst2)
		conn.Write(slices.Concat(r1, r2, r3, r4))
		wantPSKs <- [][]byte{s.resumptionPSK(res, []byte{1}), s.resumptionPSK(res, []byte{2})}
		io.Copy(io.Discard, conn)
	})
	res, err := handshakeWith(t, addr, &Handshake13Config{Groups: []uint16{groupX25519}, Suites: []uint16{0x1301}, MaxTickets: 2, TicketWait: 5 * time.Second})
	if err != nil {
		t.Fatalf("%v (stage %s)", err, res.Stage)
	}
	if res.CertVerifyScheme != 0x0807 || !res.CertVerifyChecked || res.CertVerifyValid || res.CertVerifyProblem == "" {
		t.Errorf("CertificateVerify %s checked %v valid %v (%s)", SchemeName(res.CertVerifyScheme), res.CertVerifyChecked, res.CertVerifyValid, res.CertVerifyProblem)
	}
	if !res.FinishedValid || !res.Completed || res.ApplicationRecords != 1 || len(res.Tickets) != 2 {
		t.Fatalf("result %+v", res)
	}
	want := <-wantPSKs
	for i, tk := range res.Tickets {
		if !bytes.Equal(tk.PSK, want[i]) || tk.AgeAdd != uint32(i+1) {
			t.Errorf("ticket %d: PSK %x, want %x", i, tk.PSK, want[i])
		}
	}
	if !res.Tickets[1].EarlyData || res.Tickets[1].MaxEarlyData != 1000 || res.Tickets[0].EarlyData {
		t.Errorf("early data of the tickets: %+v %+v", res.Tickets[0], res.Tickets[1])
	}
}

// TestHandshake13TLS12Answer checks a TLS 1.2 ServerHello stops the client
// with what it chose recorded.
func TestHandshake13TLS12Answer(t *testing.T) {
	addr := scriptedServer13(t, func(conn net.Conn, ch *clientHello, chBytes []byte) {
		sh := &serverHello{vers: versionTLS12, random: testRandom(1), cipherSuite: 0xC02F, extensions: []uint16{extRenegotiationInfo}, secureRenegotiationSupported: true}
		msg, _ := sh.marshal()
		writeRecords(conn, recordHandshake, versionTLS12, msg)
		io.Copy(io.Discard, conn)
	})
	res, err := handshakeWith(t, addr, &Handshake13Config{})
	if err == nil || !strings.Contains(err.Error(), "protocol_version") || res.Version != versionTLS12 || res.Suite != 0xC02F || res.Stage != "ServerHello" {
		t.Errorf("%v, %+v", err, res)
	}
}
