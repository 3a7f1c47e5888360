package tlsprobe

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"golang.org/x/crypto/cryptobyte"
)

// A minimal TLS 1.3 client, for the facts a probe cannot see in a
// ServerHello: EncryptedExtensions, the certificate chain with its staples,
// a CertificateRequest, the CertificateVerify scheme, tickets, resumption
// and early data. It offers exactly what the caller asks, never
// authenticates (an empty Certificate answers a CertificateRequest), sends
// application data only as the 0-RTT data it is given, and keeps every fact
// seen when it stops early. RFC 8446.

// versionTLS13 is the supported_versions value of TLS 1.3.
const versionTLS13 uint16 = 0x0304

// PSK key exchange modes. RFC 8446, Section 4.2.9.
const (
	PSKModeKE    uint8 = 0 // psk_ke
	PSKModeDHEKE uint8 = 1 // psk_dhe_ke
)

// Defaults of Handshake13Config.
const (
	defaultMaxTickets13 = 2
	// defaultTicketWait13 bounds the wait for NewSessionTickets; within it
	// the client waits 8 round trips of the hello (at least 100 ms), and
	// after a ticket, 2 round trips (at least 50 ms) for the next: servers
	// send their tickets together, right after the client's Finished.
	defaultTicketWait13 = 500 * time.Millisecond
	minTicketWait13     = 100 * time.Millisecond
	minTicketGap13      = 50 * time.Millisecond
	maxCCSRecords13     = 4 // middlebox-compatibility ChangeCipherSpec records tolerated
	maxEmptyRecords13   = 16
	maxIgnoredRecords13 = 16 // application data or KeyUpdates skipped while waiting for tickets
)

// defaultGroups13 is the supported_groups list when the caller names none.
var defaultGroups13 = []uint16{
	groupX25519, groupP256, groupP384, groupP521,
	groupX25519MLKEM768, groupSecP256r1MLKEM768, groupSecP384r1MLKEM1024,
	groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192,
	groupBrainpoolP256tls13, groupBrainpoolP384tls13, groupBrainpoolP512tls13,
}

// defaultSchemes13 is the signature_algorithms list when the caller names
// none: every TLS 1.3 scheme the client can verify, then the PKCS #1 ones
// certificates are signed with.
var defaultSchemes13 = []uint16{
	0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B,
	0x0401, 0x0501, 0x0601,
}

// Handshake13Config says what the TLS 1.3 client offers.
type Handshake13Config struct {
	SNI              string
	Suites           []uint16 // nil: every suite the client implements
	Groups           []uint16 // supported_groups; nil: every group the client implements
	KeyShares        []uint16 // groups that get a key share; nil: the first of Groups
	SignatureSchemes []uint16 // nil: the schemes the client can verify
	// SignatureSchemesCert is signature_algorithms_cert; nil: none, so
	// SignatureSchemes applies to certificates too. RFC 8446, Section 4.2.3.
	SignatureSchemesCert []uint16
	ALPN                 []string
	// MaxFragmentLength is the max_fragment_length code to offer (RFC
	// 6066, Section 4); 0: none.
	MaxFragmentLength uint8
	StatusRequest     bool // status_request (OCSP staple per certificate entry)
	SCT               bool // signed_certificate_timestamp

	PSK       *Ticket13 // resume with this ticket
	PSKModes  []uint8   // psk_key_exchange_modes; nil: psk_dhe_ke
	EarlyData []byte    // with PSK: 0-RTT data to send (nil: none, no early_data extension)

	MaxTickets int           // NewSessionTickets to wait for; 0: 2, negative: none
	TicketWait time.Duration // how long to wait for them; 0: 500ms

	Rand io.Reader        // client random, session ID and keys; nil: crypto/rand
	Now  func() time.Time // ticket ages; nil: time.Now
}

// Ticket13 is a NewSessionTicket and the PSK it gives. RFC 8446, Section
// 4.6.1.
type Ticket13 struct {
	Suite        uint16 // the suite of the connection that issued it
	Lifetime     uint32 // seconds
	AgeAdd       uint32
	Nonce        []byte
	Ticket       []byte // the PSK identity
	EarlyData    bool   // early_data extension present
	MaxEarlyData uint32 // its max_early_data_size
	Extensions   []uint16
	PSK          []byte
	Received     time.Time
	SNI, ALPN    string
}

// CertEntry13 is one CertificateEntry. RFC 8446, Section 4.4.2.
type CertEntry13 struct {
	DER        []byte
	OCSP       []byte   // status_request: OCSPResponse
	SCTs       [][]byte // signed_certificate_timestamp: SerializedSCTs
	Extensions []uint16 // every extension type, in wire order
}

// CertRequest13 is a CertificateRequest. RFC 8446, Section 4.3.2.
type CertRequest13 struct {
	Context                 []byte
	SignatureSchemes        []uint16
	SignatureSchemesCert    []uint16
	CertificateAuthorities  [][]byte // DER distinguished names
	Extensions              []uint16 // every extension type, in wire order
	HasCertificateAuthority bool     // certificate_authorities present
}

// Result13 is every fact a TLS 1.3 handshake showed, up to where it
// stopped.
type Result13 struct {
	Version          uint16   // the version the server chose: supported_versions, else legacy_version
	Suite            uint16   // cipher suite of the ServerHello
	Group            uint16   // key exchange group; 0 for psk_ke
	ServerExtensions []uint16 // ServerHello extension types, in wire order
	ServerRandom     []byte   // the ServerHello's random (not the HelloRetryRequest's)

	HRR       bool   // a HelloRetryRequest came first
	HRRSuite  uint16 // its suite
	HRRGroup  uint16 // its key_share group, 0 when absent
	HRRCookie []byte // its cookie

	PSKOffered        bool
	PSKAccepted       bool
	EarlyDataSent     bool
	EarlyDataAccepted bool // EncryptedExtensions had early_data

	EncryptedExtensions []uint16 // extension types, in wire order
	ALPN                string
	MaxFragmentLength   uint8  // echoed max_fragment_length, 0 when absent
	RecordSizeLimit     uint16 // 0 when absent
	ServerGroups        []uint16

	Certificates       []CertEntry13
	CertRequest        *CertRequest13
	CertVerifyScheme   uint16
	CertVerifyChecked  bool   // the signature could be checked (scheme and key understood)
	CertVerifyValid    bool   // ... and it verifies over the transcript
	CertVerifyProblem  string // why it was not checked, or why it does not verify
	ServerFinished     bool   // a server Finished was read
	FinishedValid      bool
	Completed          bool // the client's Finished was sent
	Tickets            []*Ticket13
	AlertReceived      bool
	Alert              uint8
	Stage              string // the message the client was reading or writing when it stopped
	ApplicationRecords int    // application data records skipped after the handshake
}

// handshake13 runs one TLS 1.3 handshake on conn and returns what it saw.
// The result is never nil; with an error, it holds the facts seen before
// the error. The context's deadline is applied to conn; canceling the
// context unblocks it.
func handshake13(ctx context.Context, conn net.Conn, cfg *Handshake13Config) (*Result13, error) {
	c := &client13{conn: conn, cfg: cfg, res: &Result13{}, rr: newRecordReader(conn)}
	if err := ctx.Err(); err != nil {
		return c.res, err
	}
	if d, ok := ctx.Deadline(); ok {
		c.deadline = d
		conn.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	err := c.run()
	if err != nil {
		var ae *alertError
		if errors.As(err, &ae) {
			c.res.AlertReceived, c.res.Alert = true, ae.description
		}
		// The conn deadline is the context's: it may fire a moment before
		// the context notices.
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%v)", ctx.Err(), err)
		} else if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) && errors.Is(err, os.ErrDeadlineExceeded) {
			err = fmt.Errorf("%w (%v)", context.DeadlineExceeded, err)
		}
	}
	return c.res, err
}

type client13 struct {
	conn     net.Conn
	cfg      *Handshake13Config
	res      *Result13
	rr       *recordReader
	deadline time.Time

	tr      transcript13
	hello   *clientHello
	shares  []*keyShare13
	suite   *suite13
	pskMode bool

	early, handshake, master []byte
	clientHS, serverHS       []byte
	clientAP, serverAP       []byte
	resumption               []byte
	earlyOut, in, out        *halfConn13
	hs                       []byte // decrypted handshake bytes not yet returned
	sentCCS                  bool
	ccs, empty               int
	rtt                      time.Duration // ClientHello sent to ServerHello read (server work included)
}

func (c *client13) rand() io.Reader {
	if c.cfg.Rand != nil {
		return c.cfg.Rand
	}
	return rand.Reader
}

func (c *client13) now() time.Time {
	if c.cfg.Now != nil {
		return c.cfg.Now()
	}
	return time.Now()
}

func (c *client13) run() error {
	c.res.Stage = "ClientHello"
	if err := c.buildHello(); err != nil {
		return err
	}
	ch, err := c.marshalHello()
	if err != nil {
		return err
	}
	c.tr.write(ch)
	flight := recordsBytes(recordHandshake, 0x0301, ch)
	early, err := c.earlyDataRecords()
	if err != nil {
		return err
	}
	sent := time.Now()
	if err := c.write(append(flight, early...)); err != nil {
		return err
	}

	c.res.Stage = "ServerHello"
	sh, shBytes, err := c.readServerHello()
	if err != nil {
		return err
	}
	c.rtt = time.Since(sent)
	if sh.isHelloRetryRequest() {
		if err := c.retry(sh, shBytes, ch); err != nil {
			return err
		}
		c.res.Stage = "ServerHello"
		if sh, shBytes, err = c.readServerHello(); err != nil {
			return err
		}
		if sh.isHelloRetryRequest() {
			return errors.New("tlsprobe: unexpected_message: a second HelloRetryRequest")
		}
		if sh.cipherSuite != c.res.HRRSuite {
			return fmt.Errorf("tlsprobe: illegal_parameter: ServerHello suite %s differs from the HelloRetryRequest's %s",
				SuiteName(scanner.Code(sh.cipherSuite)), SuiteName(scanner.Code(c.res.HRRSuite)))
		}
	}
	if err := c.processServerHello(sh, shBytes); err != nil {
		return err
	}
	if err := c.readServerFlight(); err != nil {
		return err
	}
	if err := c.sendClientFlight(); err != nil {
		return err
	}
	c.res.Completed = true
	c.res.Stage = "NewSessionTicket"
	err = c.readTickets()
	c.closeNotify()
	if err == nil {
		c.res.Stage = "done"
	}
	return err
}

// buildHello fills the ClientHello from the configuration, key shares
// included; marshalHello adds the pre_shared_key extension.
func (c *client13) buildHello() error {
	cfg := c.cfg
	suites := cfg.Suites
	if suites == nil {
		for _, s := range suites13 {
			suites = append(suites, s.id)
		}
	}
	groups := cfg.Groups
	if groups == nil {
		groups = defaultGroups13
	}
	shareGroups := cfg.KeyShares
	if shareGroups == nil && len(groups) > 0 {
		shareGroups = groups[:1]
	}
	schemes := cfg.SignatureSchemes
	if schemes == nil {
		schemes = defaultSchemes13
	}
	modes := cfg.PSKModes
	if modes == nil {
		modes = []uint8{PSKModeDHEKE}
	}
	random := make([]byte, 32)
	sessionID := make([]byte, 32) // RFC 8446, Appendix D.4: middlebox compatibility mode
	if _, err := io.ReadFull(c.rand(), random); err != nil {
		return err
	}
	if _, err := io.ReadFull(c.rand(), sessionID); err != nil {
		return err
	}
	c.hello = &clientHello{
		vers:                    versionTLS12,
		random:                  random,
		sessionID:               sessionID,
		cipherSuites:            suites,
		compressionMethods:      []uint8{0},
		serverName:              cfg.SNI,
		statusRequest:           cfg.StatusRequest,
		scts:                    cfg.SCT,
		supportedGroups:         groups,
		signatureAlgorithms:     schemes,
		signatureAlgorithmsCert: cfg.SignatureSchemesCert,
		maxFragmentLength:       cfg.MaxFragmentLength,
		alpnProtocols:           cfg.ALPN,
		supportedVersions:       []uint16{versionTLS13},
		keyShareExt:             true,
		pskModes:                modes,
		pad:                     true, // RFC 7685: no 256..511-byte hellos; pre_shared_key stays last
	}
	if len(cfg.ALPN) == 0 {
		c.hello.alpnProtocols = nil
	}
	for _, g := range shareGroups {
		ks, err := newKeyShare13(g, c.rand())
		if err != nil {
			return err
		}
		c.shares = append(c.shares, ks)
		c.hello.keyShares = append(c.hello.keyShares, keyShare{group: g, data: ks.public})
	}
	if cfg.PSK != nil {
		if suite13ByID(cfg.PSK.Suite) == nil || len(cfg.PSK.Ticket) == 0 || len(cfg.PSK.PSK) == 0 {
			return errors.New("tlsprobe: unusable ticket: unknown suite or no identity")
		}
		c.res.PSKOffered = true
		c.hello.earlyData = cfg.EarlyData != nil
	}
	return nil
}

// marshalHello marshals the hello, with the pre_shared_key extension last
// and its binder computed over the transcript so far and the truncated
// hello. RFC 8446, Section 4.2.11.2.
func (c *client13) marshalHello() ([]byte, error) {
	t := c.cfg.PSK
	c.hello.extraExtensions = nil
	if t == nil {
		return c.hello.marshal()
	}
	s := suite13ByID(t.Suite)
	age := uint32(c.now().Sub(t.Received).Milliseconds()) + t.AgeAdd
	pskExt := func(binder []byte) []byte {
		var b cryptobyte.Builder
		// RFC 8446, Section 4.2.11: identities, then binders
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(t.Ticket) })
			b.AddUint32(age)
		})
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(binder) })
		})
		return b.BytesOrPanic()
	}
	c.hello.extraExtensions = []extension{{typ: extPreSharedKey, data: pskExt(make([]byte, s.hashLen()))}}
	msg, err := c.hello.marshal()
	if err != nil {
		return nil, err
	}
	truncated := msg[:len(msg)-(2+1+s.hashLen())]
	c.early = s.earlySecret(t.PSK)
	binderKey := s.deriveSecret(c.early, labelResumptionBinder, s.emptyHash())
	binder := s.finishedMAC(binderKey, c.tr.hashOf(s.hash, truncated))
	c.hello.extraExtensions[0].data = pskExt(binder)
	return c.hello.marshal()
}

// pskBindersLen is the length of the binders part (its length prefix
// included) of a pre_shared_key extension of a ClientHello, -1 when the
// extension does not parse.
func pskBindersLen(ext []byte) int {
	s := cryptobyte.String(ext)
	var ids, binders cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&ids) || len(s) < 2 {
		return -1
	}
	n := len(s)
	if !s.ReadUint16LengthPrefixed(&binders) || !s.Empty() {
		return -1
	}
	return n
}

// ccsRecord returns the middlebox-compatibility ChangeCipherSpec record the
// first time, nothing after. RFC 8446, Appendix D.4.
func (c *client13) ccsRecord() []byte {
	if c.sentCCS {
		return nil
	}
	c.sentCCS = true
	return []byte{recordChangeCipherSpec, 3, 3, 0, 1, 1}
}

// earlyDataRecords returns the ChangeCipherSpec and the 0-RTT data sealed
// under the client early traffic secret of the offered PSK, sent right
// after the ClientHello. RFC 8446, Section 2.3 and 4.2.10.
func (c *client13) earlyDataRecords() ([]byte, error) {
	if !c.hello.earlyData {
		return nil, nil
	}
	s := suite13ByID(c.cfg.PSK.Suite)
	secret := s.deriveSecret(c.early, labelClientEarly, c.tr.hashOf(s.hash))
	hc, err := newHalfConn13(s, secret)
	if err != nil {
		return nil, err
	}
	c.earlyOut = hc
	recs, err := sealRecords(hc, recordApplicationData, c.cfg.EarlyData)
	if err != nil {
		return nil, err
	}
	out := append(c.ccsRecord(), recs...)
	c.res.EarlyDataSent = true
	return out, nil
}

// write sends a flight. When the server has already given up, the alert it
// sent says why better than the broken pipe: it is read, briefly.
func (c *client13) write(b []byte) error {
	_, err := c.conn.Write(b)
	if err == nil {
		return nil
	}
	until := time.Now().Add(time.Second)
	if !c.deadline.IsZero() && c.deadline.Before(until) {
		until = c.deadline
	}
	c.conn.SetReadDeadline(until)
	var ae *alertError
	if _, _, rerr := c.rr.readHandshake(); errors.As(rerr, &ae) {
		return rerr
	}
	return fmt.Errorf("tlsprobe: failed to write records: %w", err)
}

func (c *client13) readServerHello() (*serverHello, []byte, error) {
	typ, msg, err := c.rr.readHandshake()
	if err != nil {
		return nil, nil, err
	}
	if typ != typeServerHello {
		return nil, nil, fmt.Errorf("tlsprobe: unexpected_message: handshake type %d instead of ServerHello", typ)
	}
	sh := new(serverHello)
	if !sh.unmarshal(msg) {
		return nil, nil, errors.New("tlsprobe: decode_error: malformed ServerHello")
	}
	c.res.Version = sh.vers
	if sh.supportedVersion != 0 {
		c.res.Version = sh.supportedVersion
	}
	c.res.ServerExtensions = sh.extensions
	if sh.isHelloRetryRequest() {
		c.res.HRRSuite = sh.cipherSuite
	} else {
		c.res.Suite = sh.cipherSuite
		c.res.ServerRandom = sh.random
	}
	if c.res.Version != versionTLS13 {
		return sh, msg, fmt.Errorf("tlsprobe: protocol_version: the server chose %s", versionName(c.res.Version))
	}
	if !slices.Contains(c.hello.cipherSuites, sh.cipherSuite) || suite13ByID(sh.cipherSuite) == nil {
		return sh, msg, fmt.Errorf("tlsprobe: illegal_parameter: the server chose suite %s, not offered",
			SuiteName(scanner.Code(sh.cipherSuite)))
	}
	if !bytes.Equal(sh.sessionID, c.hello.sessionID) || sh.compressionMethod != 0 {
		return sh, msg, errors.New("tlsprobe: illegal_parameter: legacy_session_id_echo or compression does not match")
	}
	return sh, msg, nil
}

// retry answers a HelloRetryRequest: the transcript starts again with
// message_hash, the second hello has a share for the chosen group, the
// cookie, no early_data, and new binders. RFC 8446, Section 4.1.4.
func (c *client13) retry(hrr *serverHello, hrrBytes, ch1 []byte) error {
	c.res.HRR = true
	c.res.HRRGroup = hrr.selectedGroup
	c.res.HRRCookie = hrr.cookie
	s := suite13ByID(hrr.cipherSuite)
	c.tr = transcript13{}
	c.tr.write(messageHash(s.hash, ch1))
	c.tr.write(hrrBytes)
	if hrr.selectedGroup == 0 && hrr.cookie == nil {
		return errors.New("tlsprobe: illegal_parameter: HelloRetryRequest asks for nothing")
	}
	if g := hrr.selectedGroup; g != 0 {
		if !slices.Contains(c.hello.supportedGroups, g) {
			return fmt.Errorf("tlsprobe: illegal_parameter: HelloRetryRequest selects %s, not offered", GroupName(g))
		}
		if slices.ContainsFunc(c.shares, func(k *keyShare13) bool { return k.group == g }) {
			return fmt.Errorf("tlsprobe: illegal_parameter: HelloRetryRequest selects %s, already shared", GroupName(g))
		}
		ks, err := newKeyShare13(g, c.rand())
		if err != nil {
			return err
		}
		c.shares = []*keyShare13{ks}
		c.hello.keyShares = []keyShare{{group: g, data: ks.public}}
	}
	c.hello.cookie = hrr.cookie
	c.hello.earlyData = false
	c.earlyOut = nil
	if c.cfg.PSK != nil && suite13ByID(c.cfg.PSK.Suite).hashLen() != s.hashLen() {
		// The PSK's hash must be the suite's: offering it again is useless.
		c.cfg = withoutPSK(c.cfg)
	}
	c.res.Stage = "ClientHello"
	ch2, err := c.marshalHello()
	if err != nil {
		return err
	}
	if err := c.write(append(c.ccsRecord(), recordsBytes(recordHandshake, versionTLS12, ch2)...)); err != nil {
		return err
	}
	c.tr.write(ch2)
	return nil
}

func withoutPSK(cfg *Handshake13Config) *Handshake13Config {
	copied := *cfg
	copied.PSK = nil
	return &copied
}

// recordsBytes is what writeRecords writes.
func recordsBytes(typ uint8, vers uint16, payload []byte) []byte {
	var w bytesBuffer
	writeRecords(&w, typ, vers, payload)
	return w.b
}

func (c *client13) processServerHello(sh *serverHello, shBytes []byte) error {
	if len(c.rr.hs) > 0 {
		return errors.New("tlsprobe: unexpected_message: handshake data after the ServerHello in the clear")
	}
	s := suite13ByID(sh.cipherSuite)
	c.suite = s
	if sh.selectedIdentityPresent {
		if c.cfg.PSK == nil || sh.selectedIdentity != 0 {
			return errors.New("tlsprobe: illegal_parameter: the server selected a PSK identity not offered")
		}
		if suite13ByID(c.cfg.PSK.Suite).hashLen() != s.hashLen() {
			return errors.New("tlsprobe: illegal_parameter: PSK accepted with a suite of another hash")
		}
		c.res.PSKAccepted = true
		c.pskMode = true
	} else {
		c.early = s.earlySecret(nil)
	}
	var shared []byte
	if g := sh.serverShare.group; g != 0 {
		c.res.Group = g
		i := slices.IndexFunc(c.shares, func(k *keyShare13) bool { return k.group == g })
		if i < 0 {
			return fmt.Errorf("tlsprobe: illegal_parameter: server key share for %s, not offered", GroupName(g))
		}
		var err error
		if shared, err = c.shares[i].sharedSecret(sh.serverShare.data); err != nil {
			return err
		}
	} else if !c.pskMode {
		return errors.New("tlsprobe: missing_extension: no key_share and no PSK")
	}
	c.tr.write(shBytes)
	c.tr.setHash(s.hash)
	c.handshake = s.handshakeSecret(c.early, shared)
	c.clientHS = s.deriveSecret(c.handshake, labelClientHandshake, c.tr.sum())
	c.serverHS = s.deriveSecret(c.handshake, labelServerHandshake, c.tr.sum())
	c.master = s.masterSecret(c.handshake)
	var err error
	if c.in, err = newHalfConn13(s, c.serverHS); err != nil {
		return err
	}
	c.out, err = newHalfConn13(s, c.clientHS)
	return err
}

// readHandshake13 returns the next protected handshake message, reassembled
// from records and split from records holding several. ChangeCipherSpec
// records are skipped (a few), alerts end the read, and application data is
// counted and skipped after the handshake.
func (c *client13) readHandshake13() (uint8, []byte, error) {
	for {
		if len(c.hs) >= handshakeHeaderLen {
			n := int(c.hs[1])<<16 | int(c.hs[2])<<8 | int(c.hs[3])
			if n > maxHandshake {
				return 0, nil, fmt.Errorf("%w: %d bytes (type %d)", errHandshakeTooLong, n, c.hs[0])
			}
			if total := handshakeHeaderLen + n; len(c.hs) >= total {
				msg := c.hs[:total:total]
				c.hs = c.hs[total:]
				if len(c.hs) == 0 {
					c.hs = nil
				}
				return msg[0], msg, nil
			}
		}
		rec, err := c.rr.readRecord()
		if err != nil {
			if len(c.hs) > 0 && errors.Is(err, io.EOF) {
				err = fmt.Errorf("tlsprobe: stream ended inside a handshake message: %w", io.ErrUnexpectedEOF)
			}
			return 0, nil, err
		}
		switch rec.typ {
		case recordChangeCipherSpec:
			// RFC 8446, Section 5: one byte 0x01, before the Finished
			c.ccs++
			if c.ccs > maxCCSRecords13 || c.res.ServerFinished || !bytes.Equal(rec.payload, []byte{1}) {
				return 0, nil, fmt.Errorf("%w: ChangeCipherSpec", errUnexpectedRecord)
			}
			continue
		case recordAlert:
			if len(rec.payload) != 2 {
				return 0, nil, fmt.Errorf("%w: alert record of %d bytes", errUnexpectedRecord, len(rec.payload))
			}
			return 0, nil, &alertError{level: rec.payload[0], description: rec.payload[1]}
		}
		typ, content, err := c.in.open(rec)
		if err != nil {
			return 0, nil, err
		}
		switch typ {
		case recordHandshake:
			if len(content) == 0 {
				c.empty++
				if c.empty > maxEmptyRecords13 {
					return 0, nil, fmt.Errorf("%w: empty handshake records", errUnexpectedRecord)
				}
				continue
			}
			c.hs = append(c.hs, content...)
		case recordAlert:
			if len(content) != 2 {
				return 0, nil, fmt.Errorf("%w: alert of %d bytes", errUnexpectedRecord, len(content))
			}
			return 0, nil, &alertError{level: content[0], description: content[1]}
		case recordApplicationData:
			if !c.res.Completed {
				return 0, nil, fmt.Errorf("%w: application data during the handshake", errUnexpectedRecord)
			}
			c.res.ApplicationRecords++
			if c.res.ApplicationRecords > maxIgnoredRecords13 {
				return 0, nil, fmt.Errorf("%w: application data instead of tickets", errUnexpectedRecord)
			}
		default:
			return 0, nil, fmt.Errorf("%w: protected content type %d", errUnexpectedRecord, typ)
		}
	}
}

// readServerFlight reads EncryptedExtensions to Finished. RFC 8446,
// Section 4.3 and 4.4.
func (c *client13) readServerFlight() error {
	c.res.Stage = "EncryptedExtensions"
	typ, msg, err := c.readHandshake13()
	if err != nil {
		return err
	}
	var ee encryptedExtensionsMsg
	if typ != typeEncryptedExtensions {
		return fmt.Errorf("tlsprobe: unexpected_message: handshake type %d instead of EncryptedExtensions", typ)
	}
	if !ee.unmarshal(msg) {
		return errors.New("tlsprobe: decode_error: malformed EncryptedExtensions")
	}
	c.tr.write(msg)
	c.res.EncryptedExtensions = ee.extensions
	c.res.ALPN = ee.alpnProtocol
	c.res.MaxFragmentLength = ee.maxFragmentLength
	c.res.RecordSizeLimit = ee.recordSizeLimit
	c.res.ServerGroups = ee.supportedGroups
	c.res.EarlyDataAccepted = ee.earlyData
	if ee.earlyData && (!c.res.EarlyDataSent || !c.pskMode) {
		return errors.New("tlsprobe: illegal_parameter: early_data accepted but not offered")
	}
	if ee.alpnProtocol != "" && !slices.Contains(c.cfg.ALPN, ee.alpnProtocol) {
		return fmt.Errorf("tlsprobe: illegal_parameter: ALPN protocol %q not offered", ee.alpnProtocol)
	}

	var leaf []byte
	for {
		c.res.Stage = "Certificate"
		if leaf != nil {
			c.res.Stage = "CertificateVerify"
		}
		if c.pskMode || c.res.CertVerifyScheme != 0 {
			c.res.Stage = "Finished"
		}
		typ, msg, err := c.readHandshake13()
		if err != nil {
			return err
		}
		switch {
		case typ == typeCertificateRequest && !c.pskMode && c.res.CertRequest == nil && leaf == nil:
			var m certificateRequestMsgTLS13
			if !m.unmarshal(msg) {
				return errors.New("tlsprobe: decode_error: malformed CertificateRequest")
			}
			c.res.CertRequest = &CertRequest13{
				Context: m.requestContext, SignatureSchemes: m.signatureAlgorithms,
				SignatureSchemesCert: m.signatureAlgorithmsCert, CertificateAuthorities: m.certificateAuthorities,
				Extensions: m.extensions, HasCertificateAuthority: m.certificateAuthorities != nil,
			}
		case typ == typeCertificate && !c.pskMode && leaf == nil:
			var m certificateMsgTLS13
			if !m.unmarshal(msg) {
				return errors.New("tlsprobe: decode_error: malformed Certificate")
			}
			for _, e := range m.entries {
				c.res.Certificates = append(c.res.Certificates, CertEntry13{DER: e.data, OCSP: e.ocspStaple, SCTs: e.scts, Extensions: e.extensions})
			}
			if len(m.entries) == 0 || len(m.requestContext) != 0 {
				return errors.New("tlsprobe: decode_error: empty server Certificate or a request context")
			}
			leaf = m.entries[0].data
		case typ == typeCertificateVerify && leaf != nil && c.res.CertVerifyScheme == 0:
			var m certificateVerifyMsg
			if !m.unmarshal(msg) {
				return errors.New("tlsprobe: decode_error: malformed CertificateVerify")
			}
			c.res.CertVerifyScheme = m.scheme
			checked, err := verifyCertificateVerify13(leaf, m.scheme, m.signature, c.tr.sum())
			c.res.CertVerifyChecked, c.res.CertVerifyValid = checked, checked && err == nil
			if err != nil {
				c.res.CertVerifyProblem = err.Error()
			}
		case typ == typeFinished && (c.pskMode || c.res.CertVerifyScheme != 0):
			var m finishedMsg
			if !m.unmarshal(msg) {
				return errors.New("tlsprobe: decode_error: malformed Finished")
			}
			c.res.ServerFinished = true
			want := c.suite.finishedMAC(c.serverHS, c.tr.sum())
			c.res.FinishedValid = hmac.Equal(want, m.verifyData)
			if !c.res.FinishedValid {
				return errors.New("tlsprobe: decrypt_error: server Finished does not verify")
			}
			c.tr.write(msg)
			return nil
		default:
			return fmt.Errorf("tlsprobe: unexpected_message: handshake type %d at %s", typ, c.res.Stage)
		}
		c.tr.write(msg)
	}
}

// serverSignatureContext is the CertificateVerify context string. RFC 8446,
// Section 4.4.3.
const serverSignatureContext = "TLS 1.3, server CertificateVerify\x00"

// verifyCertificateVerify13 checks a server CertificateVerify signature
// with the leaf's key. checked is false when the scheme or the key is one
// the client cannot check (err says why); otherwise err is nil exactly when
// the signature verifies.
func verifyCertificateVerify13(leafDER []byte, scheme uint16, sig, transcriptHash []byte) (checked bool, err error) {
	signed := append(bytes.Repeat([]byte{0x20}, 64), serverSignatureContext...)
	signed = append(signed, transcriptHash...)
	cert, err := x509.ParseCertificate(leafDER)
	if err != nil {
		return false, fmt.Errorf("leaf certificate does not parse: %v", err)
	}
	info, ok := SchemeByCode(scheme)
	if !ok {
		return false, fmt.Errorf("unknown signature scheme %s", SchemeName(scheme))
	}
	var h crypto.Hash
	switch info.Hash {
	case HashSHA1:
		h = crypto.SHA1
	case HashSHA224:
		h = crypto.SHA224
	case HashSHA256:
		h = crypto.SHA256
	case HashSHA384:
		h = crypto.SHA384
	case HashSHA512:
		h = crypto.SHA512
	}
	var digest []byte
	if h != 0 {
		d := h.New()
		d.Write(signed)
		digest = d.Sum(nil)
	}
	invalid := errors.New("signature does not verify")
	switch pub := cert.PublicKey.(type) {
	case *ecdsa.PublicKey:
		if info.Sig != SigECDSA || h == 0 {
			return true, fmt.Errorf("scheme %s with an ECDSA key", SchemeName(scheme))
		}
		if curve := map[uint16]elliptic.Curve{23: elliptic.P256(), 24: elliptic.P384(), 25: elliptic.P521()}[info.Curve]; info.Curve != 0 && curve != pub.Curve {
			return true, fmt.Errorf("scheme %s with a %s key", SchemeName(scheme), pub.Curve.Params().Name)
		}
		if !ecdsa.VerifyASN1(pub, digest, sig) {
			return true, invalid
		}
	case *rsa.PublicKey:
		switch {
		case (info.Sig == SigRSAPSSRSAE || info.Sig == SigRSAPSSPSS) && h != 0:
			if rsa.VerifyPSS(pub, h, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) != nil {
				return true, invalid
			}
		case info.Sig == SigRSAPKCS1 && h != 0:
			if rsa.VerifyPKCS1v15(pub, h, digest, sig) != nil {
				return true, invalid
			}
		default:
			return true, fmt.Errorf("scheme %s with an RSA key", SchemeName(scheme))
		}
	case ed25519.PublicKey:
		if info.Sig != SigEd25519 {
			return true, fmt.Errorf("scheme %s with an Ed25519 key", SchemeName(scheme))
		}
		if !ed25519.Verify(pub, signed, sig) {
			return true, invalid
		}
	default:
		return false, fmt.Errorf("leaf key %T not supported", cert.PublicKey)
	}
	return true, nil
}

// sendClientFlight sends EndOfEarlyData (when the early data was
// accepted), an empty Certificate (when one was requested) and Finished,
// and switches to the application traffic keys. RFC 8446, Section 4.4 and
// 4.5.
func (c *client13) sendClientFlight() error {
	c.res.Stage = "Finished (client)"
	s := c.suite
	th := c.tr.sum()
	c.clientAP = s.deriveSecret(c.master, labelClientAppTraffic, th)
	c.serverAP = s.deriveSecret(c.master, labelServerAppTraffic, th)
	if len(c.hs) > 0 {
		return errors.New("tlsprobe: unexpected_message: handshake data after the server Finished under the handshake key")
	}
	out := c.ccsRecord()
	add := func(hc *halfConn13, msg []byte) error {
		c.tr.write(msg)
		recs, err := sealRecords(hc, recordHandshake, msg)
		out = append(out, recs...)
		return err
	}
	if c.res.EarlyDataAccepted {
		eoed, _ := (&endOfEarlyDataMsg{}).marshal()
		if err := add(c.earlyOut, eoed); err != nil {
			return err
		}
	}
	if c.res.CertRequest != nil {
		cert, err := (&certificateMsgTLS13{requestContext: c.res.CertRequest.Context}).marshal()
		if err != nil {
			return err
		}
		if err := add(c.out, cert); err != nil {
			return err
		}
	}
	fin, err := (&finishedMsg{verifyData: s.finishedMAC(c.clientHS, c.tr.sum())}).marshal()
	if err != nil {
		return err
	}
	if err := add(c.out, fin); err != nil {
		return err
	}
	if err := c.write(out); err != nil {
		return err
	}
	c.resumption = s.deriveSecret(c.master, labelResumption, c.tr.sum())
	if c.in, err = newHalfConn13(s, c.serverAP); err != nil {
		return err
	}
	c.out, err = newHalfConn13(s, c.clientAP)
	return err
}

// readTickets reads NewSessionTickets for a bounded count and time. Running
// out of time, or the server closing, ends the wait without an error.
func (c *client13) readTickets() error {
	limit := c.cfg.MaxTickets
	if limit == 0 {
		limit = defaultMaxTickets13
	}
	wait := c.cfg.TicketWait
	if wait == 0 {
		wait = min(max(8*c.rtt, minTicketWait13), defaultTicketWait13)
	}
	if limit < 0 {
		return nil
	}
	until := time.Now().Add(wait)
	if !c.deadline.IsZero() && c.deadline.Before(until) {
		until = c.deadline
	}
	c.conn.SetReadDeadline(until)
	defer func() {
		if c.deadline.IsZero() {
			c.conn.SetReadDeadline(time.Time{})
		} else {
			c.conn.SetReadDeadline(c.deadline)
		}
	}()
	keyUpdates := 0
	for len(c.res.Tickets) < limit {
		typ, msg, err := c.readHandshake13()
		var ae *alertError
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &ae) && ae.description == 0: // close_notify
			return nil
		default:
			return err
		}
		switch typ {
		case typeNewSessionTicket:
			var m newSessionTicketMsgTLS13
			if !m.unmarshal(msg) {
				return errors.New("tlsprobe: decode_error: malformed NewSessionTicket")
			}
			c.res.Tickets = append(c.res.Tickets, &Ticket13{
				Suite: c.suite.id, Lifetime: m.lifetime, AgeAdd: m.ageAdd, Nonce: m.nonce, Ticket: m.ticket,
				EarlyData: m.earlyData, MaxEarlyData: m.maxEarlyData, Extensions: m.extensions,
				PSK: c.suite.resumptionPSK(c.resumption, m.nonce), Received: c.now(),
				SNI: c.cfg.SNI, ALPN: c.res.ALPN,
			})
			if c.cfg.TicketWait == 0 {
				// The next ticket, if any, comes with this one.
				if next := time.Now().Add(max(2*c.rtt, minTicketGap13)); next.Before(until) {
					c.conn.SetReadDeadline(next)
				}
			}
		case typeKeyUpdate:
			// RFC 8446, Section 4.6.3: the server's next records use the
			// next secret; an update_requested is not answered.
			keyUpdates++
			if len(msg) != 5 || msg[4] > 1 || keyUpdates > maxIgnoredRecords13 || len(c.hs) > 0 {
				return errors.New("tlsprobe: unexpected_message: malformed KeyUpdate")
			}
			c.serverAP = c.suite.expandLabel(c.serverAP, "traffic upd", nil, c.suite.hashLen())
			hc, err := newHalfConn13(c.suite, c.serverAP)
			if err != nil {
				return err
			}
			c.in = hc
		default:
			// Post-handshake authentication and the rest: not for a probe.
			return nil
		}
	}
	return nil
}

// closeNotify ends the connection politely; errors do not matter.
func (c *client13) closeNotify() {
	if c.out == nil {
		return
	}
	if rec, err := c.out.seal(recordAlert, alert{level: alertLevelWarning, description: 0}.marshal()); err == nil {
		c.conn.Write(rec)
	}
}

// versionName names a protocol version for error messages.
func versionName(v uint16) string {
	switch v {
	case 0x0300:
		return "SSLv3"
	case 0x0301:
		return "TLS 1.0"
	case 0x0302:
		return "TLS 1.1"
	case 0x0303:
		return "TLS 1.2"
	case 0x0304:
		return "TLS 1.3"
	}
	return fmt.Sprintf("0x%04X", v)
}
