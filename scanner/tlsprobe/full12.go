package tlsprobe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	mrand "math/rand/v2"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	ztls "github.com/zmap/zcrypto/tls"
)

// One complete TLS 1.2 (or older) handshake, for the two facts that need
// one: the ticket lifetime hint of the NewSessionTicket, which the server
// sends in the clear just before its ChangeCipherSpec (RFC 5077, Section
// 3.3), and whether the server accepts a renegotiation the client starts
// (RFC 5746). crypto/tls does the handshake (zcrypto's client when the
// server accepts no suite crypto/tls implements); the probe reads the server's
// flight off the wire, and renegotiates on its own with the keys
// crypto/tls logs (KeyLogWriter): a ClientHello sealed under the client
// write key, with the client's Finished in renegotiation_info. Only AEAD
// suites (AES-GCM, ChaCha20-Poly1305) are sealed by the probe; with CBC
// suites only, the renegotiation is not tested.

// full12Task makes the complete handshake in version v with the accepted
// suites crypto/tls implements, AEAD first; when it implements none (a
// DHE-only server), with zcrypto's TLS client, which implements DHE, RC4
// and 3DES suites, offered every accepted suite.
func (s *endpointScan) full12Task(ctx context.Context, v scanner.Version) {
	set := func(ticket, reneg scanner.Feature) {
		s.mu.Lock()
		s.ext.tls12Ticket, s.ext.clientReneg = ticket, reneg
		s.mu.Unlock()
	}
	s.mu.Lock()
	accepted := slices.Clone(s.accepted[v])
	s.mu.Unlock()
	var aead, other, rest []uint16
	for _, c := range accepted {
		switch {
		case !goSuite(c):
			if zcryptoSuite(c) {
				rest = append(rest, c)
			}
		case aeadSuite12(c) != nil:
			aead = append(aead, c)
		default:
			other = append(other, c)
		}
	}
	suites, lib := aead, libGo
	if len(suites) == 0 {
		suites = other
	}
	if len(suites) == 0 {
		// AEAD first here too: the renegotiation seals only those.
		slices.SortStableFunc(rest, func(a, b uint16) int { return boolRank(aeadSuite12(a) == nil) - boolRank(aeadSuite12(b) == nil) })
		suites, lib = rest, libZcrypto
	}
	if len(suites) == 0 {
		why := unknownFeature(scanner.ReasonNotTested, fmt.Sprintf("no %s suite the server accepts is one crypto/tls or zcrypto implements", v))
		set(why, why)
		return
	}
	var res *full12Result
	o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome {
		var o *outcome
		o, res = s.full12(ctx, v, suites, lib)
		return o
	}, nil)
	if res != nil {
		set(res.ticket, res.reneg)
		return
	}
	if !o.kind.positive() {
		f := unknownFeature(unknownReason(o), o.detail())
		if o.kind == outAlert {
			f = unknownFeature(o.reason(), "the complete handshake was refused: "+o.String())
		}
		set(f, f)
		return
	}
	f := unknownFeature(scanner.ReasonMalformed, "the complete handshake failed: "+o.detail())
	set(f, f)
}

// full12Result is what the complete handshake showed.
type full12Result struct {
	handshake     bool
	ticket, reneg scanner.Feature
}

// zcryptoSuite says whether zcrypto's TLS client implements a TLS 1.2 (or
// older) suite: RSA key transport, DHE-RSA or ECDHE with an RSA or ECDSA
// certificate, and AES (CBC, GCM), ChaCha20-Poly1305, 3DES or RC4 with
// SHA-1 or SHA-2 MACs; not DSS, PSK, anonymous, static DH, Camellia, ARIA
// nor SEED (zcrypto's implementedCipherSuites, tls/cipher_suites.go).
func zcryptoSuite(c uint16) bool {
	cs, ok := SuiteByCode(scanner.Code(c))
	if !ok || cs.Export {
		return false
	}
	kx := cs.Kx == KxRSA || cs.Kx == KxDHE && cs.Auth == AuthRSA || cs.Kx == KxECDHE && (cs.Auth == AuthRSA || cs.Auth == AuthECDSA)
	cipher := cs.Cipher == CipherAES && (cs.Mode == ModeCBC || cs.Mode == ModeGCM) || cs.Cipher == CipherChaCha20 && cs.Mode == ModePoly1305 ||
		cs.Cipher == Cipher3DES || cs.Cipher == CipherRC4
	mac := cs.MAC == MACSHA1 || cs.MAC == MACSHA256 || cs.MAC == MACSHA384 || cs.MAC == MACAEAD
	return kx && cipher && mac && cs.Versions.Has(scanner.TLSv12)
}

// boolRank orders false before true.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tlsLib is the TLS client a complete handshake is made with.
type tlsLib int

const (
	libGo      tlsLib = iota // crypto/tls
	libZcrypto               // github.com/zmap/zcrypto/tls: DHE, RC4, 3DES
)

// state12 is what the probe needs of a completed handshake.
type state12 struct {
	suite     uint16
	tlsUnique []byte
	didResume bool
}

// client12 makes the handshake with lib over conn.
func client12(lib tlsLib, conn net.Conn, sni string, v scanner.Version, suites []uint16, keylog io.Writer, rnd io.Reader, now func() time.Time) (handshake func(context.Context) error, state func() state12) {
	if lib == libZcrypto {
		zc := ztls.Client(conn, &ztls.Config{
			// zcrypto offers only crypto/tls's suites unless forced; the
			// suites given are those it implements (zcryptoSuite).
			ForceSuites:        true,
			ServerName:         sni,
			InsecureSkipVerify: true,
			MinVersion:         uint16(v),
			MaxVersion:         uint16(v),
			CipherSuites:       suites,
			ClientSessionCache: ztls.NewLRUClientSessionCache(1),
			KeyLogWriter:       keylog,
			Rand:               rnd,
			Time:               now,
		})
		return zc.HandshakeContext, func() state12 {
			cs := zc.ConnectionState()
			return state12{suite: cs.CipherSuite, tlsUnique: cs.TLSUnique, didResume: cs.DidResume}
		}
	}
	tc := tls.Client(conn, &tls.Config{
		ServerName:         sni,
		InsecureSkipVerify: true, // the chains are analysed elsewhere; this handshake is for tickets and renegotiation
		MinVersion:         uint16(v),
		MaxVersion:         uint16(v),
		CipherSuites:       suites,
		ClientSessionCache: tls.NewLRUClientSessionCache(1),
		KeyLogWriter:       keylog,
		Rand:               rnd,
		Time:               now,
	})
	return tc.HandshakeContext, func() state12 {
		cs := tc.ConnectionState()
		return state12{suite: cs.CipherSuite, tlsUnique: cs.TLSUnique, didResume: cs.DidResume}
	}
}

// full12 runs the handshake and the renegotiation on one connection.
func (s *endpointScan) full12(ctx context.Context, v scanner.Version, suites []uint16, lib tlsLib) (*outcome, *full12Result) {
	start := time.Now()
	o := &outcome{seqStart: s.seq.Add(1)}
	defer func() {
		o.seqEnd = s.seq.Add(1)
		if !o.kind.positive() && o.kind != outAlert {
			s.d.CountError()
		}
		if s.cfg.trace != nil {
			s.cfg.trace("full12", nil, o, start)
		}
	}()
	conn := s.dial(ctx, o)
	if conn == nil {
		return o, nil
	}
	defer conn.Close()
	hctx := ctx
	if d := s.d.Timeout; d > 0 {
		var cancel context.CancelFunc
		hctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
		conn.SetDeadline(time.Now().Add(d))
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	tap := &tapConn{Conn: conn}
	var keylog bytes.Buffer
	mac := hmac.New(sha256.New, s.seed[:])
	fmt.Fprintf(mac, "full12 %d %x", v, suites)
	var seed [32]byte
	copy(seed[:], mac.Sum(nil))
	handshake, state := client12(lib, tap, s.sni, v, suites, &keylog, mrand.NewChaCha8(seed), s.cfg.Now)
	err := handshake(hctx)
	flight := parseClearFlight(tap.received())
	if flight.serverHello != nil {
		o.sh = flight.serverHello
	}
	if err != nil {
		var ae tls.AlertError
		switch {
		case errors.As(err, &ae):
			o.kind, o.alert, o.err = outAlert, uint8(ae), err
		case flight.serverHello != nil:
			// The server answered; crypto/tls gave up past its hello.
			o.kind, o.err = outAccepted, err
			return o, &full12Result{ticket: unknownFeature(scanner.ReasonMalformed, "the handshake failed: "+err.Error()),
				reneg: unknownFeature(scanner.ReasonMalformed, "the handshake failed: "+err.Error())}
		default:
			if a, ok := alertIn(err); ok {
				o.kind, o.alert, o.err = outAlert, a, err
			} else {
				o.classify(ctx, err)
			}
		}
		return o, nil
	}
	o.kind = outAccepted
	s.markPositive(o)
	res := &full12Result{handshake: true}
	cs := state()
	switch {
	case flight.serverHello != nil && !flight.serverHello.sessionTicket:
		res.ticket = feature(scanner.NotSupported, v)
		res.ticket.Detail = "the server did not echo session_ticket"
	case flight.ticket != nil && len(flight.ticket.ticket) > 0:
		res.ticket = feature(scanner.Supported, v)
		res.ticket.Value = value(int64(flight.ticket.lifetimeHint))
	case flight.ticket != nil:
		res.ticket = feature(scanner.NotSupported, v)
		res.ticket.Detail = "the NewSessionTicket was empty"
	case cs.didResume:
		res.ticket = unknownFeature(scanner.ReasonMalformed, "the handshake resumed a session")
	default:
		res.ticket = feature(scanner.NotSupported, v)
		res.ticket.Detail = "session_ticket was echoed but no NewSessionTicket was sent"
	}
	res.reneg = s.renegotiate(tap, v, cs, flight, keylog.String())
	return o, res
}

// renegotiate sends a ClientHello sealed under the connection's keys and
// reads the answer.
func (s *endpointScan) renegotiate(conn net.Conn, v scanner.Version, cs state12, flight clearFlight, keylog string) scanner.Feature {
	spec := aeadSuite12(cs.suite)
	if spec == nil || v != scanner.TLSv12 {
		return unknownFeature(scanner.ReasonNotTested, fmt.Sprintf("renegotiating needs a TLSv1.2 AEAD suite; the server chose %s", sname(cs.suite)))
	}
	if flight.serverHello == nil || len(cs.tlsUnique) == 0 {
		return unknownFeature(scanner.ReasonNotTested, "the server's hello or Finished could not be read off the wire")
	}
	clientRandom, master, ok := masterSecret(keylog)
	if !ok {
		return unknownFeature(scanner.ReasonNotTested, "crypto/tls logged no master secret")
	}
	block := prf12(spec.hash, master, "key expansion", slices.Concat(flight.serverHello.random, clientRandom), 2*spec.keyLen+2*spec.ivLen)
	ck, sk := block[:spec.keyLen], block[spec.keyLen:2*spec.keyLen]
	civ, siv := block[2*spec.keyLen:2*spec.keyLen+spec.ivLen], block[2*spec.keyLen+spec.ivLen:]
	out, err := newRecord12(spec, ck, civ)
	if err != nil {
		return unknownFeature(scanner.ReasonMalformed, err.Error())
	}
	in, err := newRecord12(spec, sk, siv)
	if err != nil {
		return unknownFeature(scanner.ReasonMalformed, err.Error())
	}
	// Each side sent its Finished under these keys: sequence number 1 next.
	out.seq, in.seq = 1, 1
	mac := hmac.New(sha256.New, s.seed[:])
	mac.Write([]byte("renegotiation random"))
	ch := &clientHello{
		vers: versionTLS12, random: mac.Sum(nil), cipherSuites: []uint16{cs.suite}, compressionMethods: []uint8{0},
		serverName: s.sni, supportedGroups: offeredGroups(scanner.TLSv12), ecPointFormats: []uint8{0},
		signatureAlgorithms: offeredSignatureSchemes, extendedMasterSecret: true,
		secureRenegotiationSupported: true, secureRenegotiation: cs.tlsUnique,
	}
	msg, err := ch.marshal()
	if err != nil {
		return unknownFeature(scanner.ReasonMalformed, err.Error())
	}
	if _, err := conn.Write(out.seal(recordHandshake, msg)); err != nil {
		f := feature(scanner.NotSupported, v)
		f.Reason = scanner.ReasonClosed
		f.Detail = "the server closed the connection (close or reset) on the renegotiation hello"
		return f
	}
	// A close_notify when done. (openssl s_server -www, having refused a
	// renegotiation, sleeps a second before it reads again: the dialer's
	// Close waits for it, so that the per-IP cap holds as the server
	// counts.)
	defer conn.Write(out.seal(recordAlert, alert{level: alertLevelWarning, description: 0}.marshal()))
	rr := newRecordReader(conn)
	for range maxIgnoredRecords13 {
		rec, err := rr.readRecord()
		if err != nil {
			var o outcome
			o.classify(context.Background(), err)
			switch o.kind {
			case outClosed, outReset:
				// A close and a reset race with the hello's write: one
				// reason for both, so that the fact is stable.
				f := feature(scanner.NotSupported, v)
				f.Reason = scanner.ReasonClosed
				f.Detail = "the server closed the connection (close or reset) on the renegotiation hello"
				return f
			case outAlert:
				f := feature(scanner.NotSupported, v)
				f.Reason = o.reason()
				return f
			}
			return unknownFeature(o.reason(), "no answer to the renegotiation hello: "+err.Error())
		}
		typ, content, err := in.open(rec.typ, rec.payload)
		if err != nil {
			return unknownFeature(scanner.ReasonMalformed, "the answer to the renegotiation hello did not decrypt: "+err.Error())
		}
		switch typ {
		case recordApplicationData:
			continue // a greeting (SMTPS, IMAPS) sent after the handshake
		case recordAlert:
			if len(content) != 2 {
				return unknownFeature(scanner.ReasonMalformed, "a malformed alert")
			}
			f := feature(scanner.NotSupported, v)
			f.Reason = scanner.AlertReason(content[1])
			f.Detail = fmt.Sprintf("alert %d (%s)", content[1], alertName(content[1]))
			return f
		case recordHandshake:
			if len(content) > 0 && content[0] == typeServerHello {
				f := feature(scanner.Supported, v)
				f.Detail = "the server answered the renegotiation hello with a ServerHello"
				return f
			}
			if len(content) > 0 && content[0] == typeHelloRequest {
				continue
			}
			return unknownFeature(scanner.ReasonMalformed, fmt.Sprintf("handshake message %d in answer to the renegotiation hello", content[0]))
		default:
			return unknownFeature(scanner.ReasonMalformed, fmt.Sprintf("record type %d in answer to the renegotiation hello", typ))
		}
	}
	return unknownFeature(scanner.ReasonMalformed, "too many records without an answer to the renegotiation hello")
}

// goSuite reports whether crypto/tls implements suite c.
func goSuite(c uint16) bool {
	for _, cs := range slices.Concat(tls.CipherSuites(), tls.InsecureCipherSuites()) {
		if cs.ID == c {
			return true
		}
	}
	return false
}

// aead12 is what sealing records of a TLS 1.2 AEAD suite needs.
type aead12 struct {
	hash    func() hash.Hash // of the PRF
	keyLen  int
	ivLen   int // the implicit part: 4 for AES-GCM, 12 for ChaCha20-Poly1305
	chacha  bool
	newAEAD func(key []byte) (cipher.AEAD, error)
}

// aeadSuite12 describes a TLS 1.2 AES-GCM or ChaCha20-Poly1305 suite, nil
// for other suites: the probe seals those records itself, whichever
// library made the handshake.
func aeadSuite12(c uint16) *aead12 {
	cs, ok := SuiteByCode(scanner.Code(c))
	if !ok || !cs.Versions.Has(scanner.TLSv12) || cs.Versions.Has(scanner.TLSv13) {
		return nil
	}
	h := sha256.New
	if strings.HasSuffix(cs.Name, "_SHA384") {
		h = sha512.New384
	}
	switch {
	case cs.Mode == ModeGCM && strings.Contains(cs.Name, "_AES_"):
		n := 16
		if strings.Contains(cs.Name, "AES_256") {
			n = 32
		}
		return &aead12{hash: h, keyLen: n, ivLen: 4, newAEAD: newAESGCM}
	case cs.Mode == ModePoly1305 && cs.Cipher == CipherChaCha20 && strings.HasSuffix(cs.Name, "_CHACHA20_POLY1305_SHA256"):
		return &aead12{hash: h, keyLen: 32, ivLen: 12, chacha: true, newAEAD: newChaCha20Poly1305}
	}
	return nil
}

// record12 protects one direction of a TLS 1.2 connection with an AEAD
// suite. RFC 5288, Section 3, and RFC 7905, Section 2.
type record12 struct {
	spec *aead12
	aead cipher.AEAD
	iv   []byte
	seq  uint64
}

func newRecord12(spec *aead12, key, iv []byte) (*record12, error) {
	a, err := spec.newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &record12{spec: spec, aead: a, iv: iv}, nil
}

func (r *record12) nonce() (nonce, explicit []byte) {
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], r.seq)
	if r.spec.chacha {
		nonce = slices.Clone(r.iv)
		for i := range 8 {
			nonce[4+i] ^= seq[i]
		}
		return nonce, nil
	}
	return slices.Concat(r.iv, seq[:]), seq[:]
}

func (r *record12) additionalData(typ uint8, n int) []byte {
	ad := binary.BigEndian.AppendUint64(nil, r.seq)
	return append(ad, typ, 3, 3, byte(n>>8), byte(n))
}

// seal returns one record of typ holding payload.
func (r *record12) seal(typ uint8, payload []byte) []byte {
	nonce, explicit := r.nonce()
	body := r.aead.Seal(slices.Clone(explicit), nonce, payload, r.additionalData(typ, len(payload)))
	r.seq++
	rec := []byte{typ, 3, 3, byte(len(body) >> 8), byte(len(body))}
	return append(rec, body...)
}

// open decrypts a record's payload.
func (r *record12) open(typ uint8, payload []byte) (uint8, []byte, error) {
	nonce, explicit := r.nonce()
	if !r.spec.chacha {
		if len(payload) < 8 {
			return 0, nil, errors.New("record shorter than its explicit nonce")
		}
		nonce = slices.Concat(r.iv, payload[:8])
		payload = payload[8:]
	}
	_ = explicit
	n := len(payload) - r.aead.Overhead()
	if n < 0 {
		return 0, nil, errors.New("record shorter than its tag")
	}
	out, err := r.aead.Open(nil, nonce, payload, r.additionalData(typ, n))
	if err != nil {
		return 0, nil, err
	}
	r.seq++
	return typ, out, nil
}

// prf12 is the TLS 1.2 PRF, P_hash. RFC 5246, Section 5.
func prf12(h func() hash.Hash, secret []byte, label string, seed []byte, n int) []byte {
	seed = append([]byte(label), seed...)
	out := make([]byte, 0, n)
	mac := hmac.New(h, secret)
	mac.Write(seed)
	a := mac.Sum(nil)
	for len(out) < n {
		mac.Reset()
		mac.Write(a)
		mac.Write(seed)
		out = mac.Sum(out)
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(nil)
	}
	return out[:n]
}

// masterSecret reads the CLIENT_RANDOM line crypto/tls logs (NSS key log
// format).
func masterSecret(keylog string) (clientRandom, master []byte, ok bool) {
	for line := range strings.Lines(keylog) {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "CLIENT_RANDOM" {
			continue
		}
		cr, err1 := hex.DecodeString(f[1])
		ms, err2 := hex.DecodeString(f[2])
		if err1 == nil && err2 == nil && len(cr) == 32 && len(ms) == 48 {
			return cr, ms, true
		}
	}
	return nil, nil, false
}

// tapConn keeps a copy of what the server sent, up to a bound.
type tapConn struct {
	net.Conn
	mu  sync.Mutex
	buf []byte
}

const maxTap = 256 << 10

func (c *tapConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.mu.Lock()
	if len(c.buf)+n <= maxTap {
		c.buf = append(c.buf, b[:n]...)
	}
	c.mu.Unlock()
	return n, err
}

func (c *tapConn) received() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.buf)
}

// clearFlight is what the server sent in the clear: its hello and the
// NewSessionTicket before its ChangeCipherSpec.
type clearFlight struct {
	serverHello *serverHello
	ticket      *newSessionTicketMsg
}

// parseClearFlight reads the handshake messages of b up to the first
// ChangeCipherSpec record.
func parseClearFlight(b []byte) clearFlight {
	var f clearFlight
	rr := newRecordReader(bufio.NewReader(bytes.NewReader(b)))
	for range maxFlightMessages {
		typ, msg, err := rr.readHandshake()
		if err != nil {
			return f
		}
		switch typ {
		case typeServerHello:
			sh := new(serverHello)
			if sh.unmarshal(msg) {
				f.serverHello = sh
			}
		case typeNewSessionTicket:
			t := new(newSessionTicketMsg)
			if t.unmarshal(msg) {
				f.ticket = t
			}
			return f // the ChangeCipherSpec comes next
		}
	}
	return f
}

// alertIn reads the alert of a crypto/tls error that only names it.
func alertIn(err error) (uint8, bool) {
	var ae *alertError
	if errors.As(err, &ae) {
		return ae.description, true
	}
	msg := err.Error()
	for d := range 256 {
		if n := alertNames[uint8(d)]; n != "" && strings.Contains(msg, "remote error: tls: "+strings.ReplaceAll(n, "_", " ")) {
			return uint8(d), true
		}
	}
	return 0, false
}

var _ io.Reader = (*tapConn)(nil)
