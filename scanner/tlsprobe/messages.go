package tlsprobe

import (
	"bytes"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
)

// The wire messages a probe sends and the server messages it reads, built
// and parsed with cryptobyte after crypto/tls/handshake_messages.go. Every
// marshal returns the whole handshake message, its 4-byte header included,
// and every unmarshal takes the same: it checks the type and the uint24
// length, resets the struct, rejects duplicate extensions and requires the
// input to be consumed exactly. The server controls these bytes.

// Handshake message types. RFC 8446, Section 4, and RFC 5246, Section 7.4.
const (
	typeClientHello         uint8 = 1
	typeServerHello         uint8 = 2
	typeHelloRequest        uint8 = 0
	typeNewSessionTicket    uint8 = 4
	typeEncryptedExtensions uint8 = 8
	typeCertificate         uint8 = 11
	typeServerKeyExchange   uint8 = 12
	typeCertificateRequest  uint8 = 13
	typeServerHelloDone     uint8 = 14
	typeCertificateStatus   uint8 = 22
)

// Record content types. RFC 8446, Section 5.1.
const (
	recordChangeCipherSpec uint8 = 20
	recordAlert            uint8 = 21
	recordHandshake        uint8 = 22
	recordApplicationData  uint8 = 23
)

// Extension types, named as in crypto/tls. IANA "TLS ExtensionType Values".
const (
	extServerName              uint16 = 0
	extMaxFragmentLength       uint16 = 1
	extStatusRequest           uint16 = 5
	extSupportedCurves         uint16 = 10 // supported_groups
	extSupportedPoints         uint16 = 11 // ec_point_formats
	extSignatureAlgorithms     uint16 = 13
	extHeartbeat               uint16 = 15
	extALPN                    uint16 = 16
	extSCT                     uint16 = 18
	extPadding                 uint16 = 21
	extEncryptThenMAC          uint16 = 22
	extExtendedMasterSecret    uint16 = 23
	extSessionTicket           uint16 = 35
	extPreSharedKey            uint16 = 41
	extEarlyData               uint16 = 42
	extSupportedVersions       uint16 = 43
	extCookie                  uint16 = 44
	extPSKModes                uint16 = 45
	extCertificateAuthorities  uint16 = 47
	extSignatureAlgorithmsCert uint16 = 50
	extKeyShare                uint16 = 51
	extRenegotiationInfo       uint16 = 0xff01

	// IANA names of the two crypto/tls names that differ.
	extSupportedGroups = extSupportedCurves
	extECPointFormats  = extSupportedPoints
)

const (
	statusTypeOCSP       uint8  = 1 // RFC 6066, Section 8
	curveTypeNamedCurve  uint8  = 3 // RFC 8422, Section 5.4
	heartbeatPeerAllowed uint8  = 1 // RFC 6520, Section 2
	versionSSL30         uint16 = 0x0300
	versionTLS12         uint16 = 0x0303
)

// helloRetryRequestRandom is the ServerHello.random of a HelloRetryRequest,
// SHA-256("HelloRetryRequest"). RFC 8446, Section 4.1.3.
var helloRetryRequestRandom = []byte{
	0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11,
	0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
	0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E,
	0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
}

type keyShare struct {
	group uint16
	data  []byte
}

// extension is an extension written or read verbatim.
type extension struct {
	typ  uint16
	data []byte
}

// addBytesWithLength appends v, or fails the builder when v is not n bytes.
func addBytesWithLength(b *cryptobyte.Builder, v []byte, n int) {
	if len(v) != n {
		b.SetError(fmt.Errorf("tlsprobe: invalid value length: expected %d, got %d", n, len(v)))
		return
	}
	b.AddBytes(v)
}

func readUint8LengthPrefixed(s *cryptobyte.String, out *[]byte) bool {
	return s.ReadUint8LengthPrefixed((*cryptobyte.String)(out))
}

func readUint16LengthPrefixed(s *cryptobyte.String, out *[]byte) bool {
	return s.ReadUint16LengthPrefixed((*cryptobyte.String)(out))
}

func readUint24LengthPrefixed(s *cryptobyte.String, out *[]byte) bool {
	return s.ReadUint24LengthPrefixed((*cryptobyte.String)(out))
}

// readUint16Vector reads a vector of uint16 behind a uint16 length into a
// non-nil slice (present but empty stays distinguishable from absent).
func readUint16Vector(s *cryptobyte.String, out *[]uint16) bool {
	var list cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&list) {
		return false
	}
	*out = make([]uint16, 0, len(list)/2)
	for !list.Empty() {
		var v uint16
		if !list.ReadUint16(&v) {
			return false
		}
		*out = append(*out, v)
	}
	return true
}

func addUint16Vector(b *cryptobyte.Builder, list []uint16) {
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, v := range list {
			b.AddUint16(v)
		}
	})
}

// readHandshakeMessage checks the header of a whole handshake message of
// type typ and returns its body. RFC 8446, Section 4.
func readHandshakeMessage(data []byte, typ uint8, body *cryptobyte.String) bool {
	s := cryptobyte.String(data)
	var t uint8
	return s.ReadUint8(&t) && t == typ && s.ReadUint24LengthPrefixed(body) && s.Empty()
}

// emptyToNil gives parsed byte fields whose emptiness carries no meaning the
// zero value, so that parsed and built messages compare equal.
func emptyToNil(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

type clientHello struct {
	vers               uint16 // legacy_version
	random             []byte // 32 bytes
	sessionID          []byte
	cipherSuites       []uint16
	compressionMethods []uint8 // marshal writes [0] when empty

	// Each extension is sent only when its field is set (non-nil slice,
	// true, non-empty string); unmarshal sets list fields to non-nil slices
	// when the extension is present, even empty.
	serverName                   string
	maxFragmentLength            uint8 // 0: absent
	statusRequest                bool  // OCSP status_request
	supportedGroups              []uint16
	ecPointFormats               []uint8
	signatureAlgorithms          []uint16
	signatureAlgorithmsCert      []uint16
	alpnProtocols                []string
	scts                         bool
	extendedMasterSecret         bool
	encryptThenMAC               bool
	sessionTicket                bool
	sessionTicketData            []byte // empty extension when sessionTicket && no data
	secureRenegotiationSupported bool
	secureRenegotiation          []byte
	heartbeat                    bool // heartbeat extension, mode peer_allowed_to_send (1)
	supportedVersions            []uint16
	cookie                       []byte
	keyShareExt                  bool // send key_share even with zero keyShares (forces a HelloRetryRequest)
	keyShares                    []keyShare
	pskModes                     []uint8
	earlyData                    bool
	extraExtensions              []extension // appended after the above, in order; unmarshal puts unknown extensions here

	// pad asks for an RFC 7685 padding extension when the message (with
	// header) would be 256..511 bytes long: it then comes out 512 bytes
	// (513..517 when even an empty padding extension overshoots). The
	// padding goes last, before a trailing pre_shared_key extension.
	pad bool
}

// padMin and padTarget bound the ClientHello sizes that upset some F5
// load balancers. RFC 7685, Section 1.
const (
	padMin    = 256
	padTarget = 512
)

// marshal returns the ClientHello handshake message. The extension order is
// fixed, so equal hellos give equal bytes.
func (m *clientHello) marshal() ([]byte, error) {
	out, err := m.marshalWithPadding(-1)
	if err != nil || !m.pad || len(out) < padMin || len(out) >= padTarget {
		return out, err
	}
	// RFC 7685, Section 3: fill the hello up to padTarget bytes, counting
	// the extension header and, when there was none, the extensions block.
	overhead := 4
	if !m.hasExtensions() {
		overhead += 2
	}
	return m.marshalWithPadding(max(0, padTarget-len(out)-overhead))
}

func (m *clientHello) hasExtensions() bool {
	b, _ := m.marshalExtensions(-1)
	return len(b) > 0
}

func (m *clientHello) marshalWithPadding(padLen int) ([]byte, error) {
	exts, err := m.marshalExtensions(padLen)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddUint8(typeClientHello)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		// RFC 5246, Section 7.4.1.2, and RFC 8446, Section 4.1.2
		b.AddUint16(m.vers)
		addBytesWithLength(b, m.random, 32)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.sessionID)
		})
		addUint16Vector(b, m.cipherSuites)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			if len(m.compressionMethods) == 0 {
				b.AddUint8(0) // null
				return
			}
			b.AddBytes(m.compressionMethods)
		})
		if len(exts) > 0 {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddBytes(exts)
			})
		}
	})
	return b.Bytes()
}

// marshalExtensions returns the extensions block contents; padLen >= 0
// adds a padding extension of that many zero bytes.
func (m *clientHello) marshalExtensions(padLen int) ([]byte, error) {
	var b cryptobyte.Builder
	ext := func(typ uint16, f cryptobyte.BuilderContinuation) {
		b.AddUint16(typ)
		b.AddUint16LengthPrefixed(f)
	}
	empty := func(*cryptobyte.Builder) {}

	if m.serverName != "" {
		// RFC 6066, Section 3
		ext(extServerName, func(b *cryptobyte.Builder) {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint8(0) // name_type = host_name
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					b.AddBytes([]byte(m.serverName))
				})
			})
		})
	}
	if m.maxFragmentLength != 0 {
		// RFC 6066, Section 4
		ext(extMaxFragmentLength, func(b *cryptobyte.Builder) {
			b.AddUint8(m.maxFragmentLength)
		})
	}
	if m.ecPointFormats != nil {
		// RFC 8422, Section 5.1.2
		ext(extSupportedPoints, func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddBytes(m.ecPointFormats)
			})
		})
	}
	if m.supportedGroups != nil {
		// RFC 8422, Section 5.1.1, and RFC 8446, Section 4.2.7
		ext(extSupportedCurves, func(b *cryptobyte.Builder) {
			addUint16Vector(b, m.supportedGroups)
		})
	}
	if m.sessionTicket {
		// RFC 5077, Section 3.2
		ext(extSessionTicket, func(b *cryptobyte.Builder) {
			b.AddBytes(m.sessionTicketData)
		})
	}
	if m.encryptThenMAC {
		// RFC 7366, Section 2
		ext(extEncryptThenMAC, empty)
	}
	if m.extendedMasterSecret {
		// RFC 7627, Section 5.1
		ext(extExtendedMasterSecret, empty)
	}
	if m.signatureAlgorithms != nil {
		// RFC 5246, Section 7.4.1.4.1, and RFC 8446, Section 4.2.3
		ext(extSignatureAlgorithms, func(b *cryptobyte.Builder) {
			addUint16Vector(b, m.signatureAlgorithms)
		})
	}
	if m.signatureAlgorithmsCert != nil {
		// RFC 8446, Section 4.2.3
		ext(extSignatureAlgorithmsCert, func(b *cryptobyte.Builder) {
			addUint16Vector(b, m.signatureAlgorithmsCert)
		})
	}
	if m.statusRequest {
		// RFC 6066, Section 8
		ext(extStatusRequest, func(b *cryptobyte.Builder) {
			b.AddUint8(statusTypeOCSP)
			b.AddUint16(0) // empty responder_id_list
			b.AddUint16(0) // empty request_extensions
		})
	}
	if m.scts {
		// RFC 6962, Section 3.3.1
		ext(extSCT, empty)
	}
	if m.alpnProtocols != nil {
		// RFC 7301, Section 3.1
		ext(extALPN, func(b *cryptobyte.Builder) {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				for _, proto := range m.alpnProtocols {
					b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
						b.AddBytes([]byte(proto))
					})
				}
			})
		})
	}
	if m.heartbeat {
		// RFC 6520, Section 2
		ext(extHeartbeat, func(b *cryptobyte.Builder) {
			b.AddUint8(heartbeatPeerAllowed)
		})
	}
	if m.secureRenegotiationSupported {
		// RFC 5746, Section 3.2
		ext(extRenegotiationInfo, func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddBytes(m.secureRenegotiation)
			})
		})
	}
	if m.supportedVersions != nil {
		// RFC 8446, Section 4.2.1
		ext(extSupportedVersions, func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
				for _, v := range m.supportedVersions {
					b.AddUint16(v)
				}
			})
		})
	}
	if m.cookie != nil {
		// RFC 8446, Section 4.2.2
		ext(extCookie, func(b *cryptobyte.Builder) {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddBytes(m.cookie)
			})
		})
	}
	if m.pskModes != nil {
		// RFC 8446, Section 4.2.9
		ext(extPSKModes, func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddBytes(m.pskModes)
			})
		})
	}
	if m.keyShareExt || len(m.keyShares) > 0 {
		// RFC 8446, Section 4.2.8
		ext(extKeyShare, func(b *cryptobyte.Builder) {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				for _, ks := range m.keyShares {
					b.AddUint16(ks.group)
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
						b.AddBytes(ks.data)
					})
				}
			})
		})
	}
	if m.earlyData {
		// RFC 8446, Section 4.2.10
		ext(extEarlyData, empty)
	}
	extra := m.extraExtensions
	var last *extension
	if n := len(extra); padLen >= 0 && n > 0 && extra[n-1].typ == extPreSharedKey {
		// RFC 8446, Section 4.2.11: pre_shared_key stays last.
		last, extra = &extra[n-1], extra[:n-1]
	}
	for _, e := range extra {
		ext(e.typ, func(b *cryptobyte.Builder) { b.AddBytes(e.data) })
	}
	if padLen >= 0 {
		// RFC 7685, Section 3
		ext(extPadding, func(b *cryptobyte.Builder) { b.AddBytes(make([]byte, padLen)) })
	}
	if last != nil {
		ext(last.typ, func(b *cryptobyte.Builder) { b.AddBytes(last.data) })
	}
	return b.Bytes()
}

// unmarshal parses a ClientHello handshake message: what marshal writes and
// what browsers send. Unknown extensions land in extraExtensions, a padding
// extension sets pad.
func (m *clientHello) unmarshal(data []byte) bool {
	*m = clientHello{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeClientHello, &s) {
		return false
	}

	// RFC 5246, Section 7.4.1.2, and RFC 8446, Section 4.1.2
	if !s.ReadUint16(&m.vers) || !s.ReadBytes(&m.random, 32) ||
		!readUint8LengthPrefixed(&s, &m.sessionID) ||
		!readUint16Vector(&s, &m.cipherSuites) ||
		!readUint8LengthPrefixed(&s, &m.compressionMethods) ||
		len(m.compressionMethods) == 0 {
		return false
	}
	m.sessionID = emptyToNil(m.sessionID)
	if s.Empty() {
		return true // SSLv3 and early TLS hellos may have no extensions
	}
	var exts cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&exts) || !s.Empty() {
		return false
	}

	seen := make(map[uint16]bool)
	for !exts.Empty() {
		var typ uint16
		var d cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&d) || seen[typ] {
			return false
		}
		seen[typ] = true

		switch typ {
		case extServerName:
			// RFC 6066, Section 3
			var names cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&names) || names.Empty() {
				return false
			}
			for !names.Empty() {
				var nameType uint8
				var name cryptobyte.String
				if !names.ReadUint8(&nameType) || !names.ReadUint16LengthPrefixed(&name) || name.Empty() {
					return false
				}
				if nameType != 0 {
					continue
				}
				if m.serverName != "" {
					return false // one host_name at most
				}
				m.serverName = string(name)
			}
		case extMaxFragmentLength:
			// RFC 6066, Section 4
			if !d.ReadUint8(&m.maxFragmentLength) || m.maxFragmentLength == 0 {
				return false
			}
		case extStatusRequest:
			// RFC 6066, Section 8
			var statusType uint8
			var ignored cryptobyte.String
			if !d.ReadUint8(&statusType) || !d.ReadUint16LengthPrefixed(&ignored) ||
				!d.ReadUint16LengthPrefixed(&ignored) {
				return false
			}
			m.statusRequest = statusType == statusTypeOCSP
		case extSupportedCurves:
			// RFC 8422, Section 5.1.1, and RFC 8446, Section 4.2.7
			if !readUint16Vector(&d, &m.supportedGroups) {
				return false
			}
		case extSupportedPoints:
			// RFC 8422, Section 5.1.2
			if !readUint8LengthPrefixed(&d, &m.ecPointFormats) {
				return false
			}
		case extSignatureAlgorithms:
			// RFC 5246, Section 7.4.1.4.1, and RFC 8446, Section 4.2.3
			if !readUint16Vector(&d, &m.signatureAlgorithms) {
				return false
			}
		case extSignatureAlgorithmsCert:
			// RFC 8446, Section 4.2.3
			if !readUint16Vector(&d, &m.signatureAlgorithmsCert) {
				return false
			}
		case extALPN:
			// RFC 7301, Section 3.1
			var protos cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&protos) {
				return false
			}
			m.alpnProtocols = []string{}
			for !protos.Empty() {
				var proto cryptobyte.String
				if !protos.ReadUint8LengthPrefixed(&proto) {
					return false
				}
				m.alpnProtocols = append(m.alpnProtocols, string(proto))
			}
		case extSCT:
			// RFC 6962, Section 3.3.1
			m.scts = true
		case extEncryptThenMAC:
			// RFC 7366, Section 2
			m.encryptThenMAC = true
		case extExtendedMasterSecret:
			// RFC 7627, Section 5.1
			m.extendedMasterSecret = true
		case extSessionTicket:
			// RFC 5077, Section 3.2
			m.sessionTicket = true
			m.sessionTicketData = emptyToNil([]byte(d))
			d = nil
		case extRenegotiationInfo:
			// RFC 5746, Section 3.2
			if !readUint8LengthPrefixed(&d, &m.secureRenegotiation) {
				return false
			}
			m.secureRenegotiationSupported = true
			m.secureRenegotiation = emptyToNil(m.secureRenegotiation)
		case extHeartbeat:
			// RFC 6520, Section 2
			var mode uint8
			if !d.ReadUint8(&mode) {
				return false
			}
			m.heartbeat = true
		case extSupportedVersions:
			// RFC 8446, Section 4.2.1
			var versions cryptobyte.String
			if !d.ReadUint8LengthPrefixed(&versions) {
				return false
			}
			m.supportedVersions = []uint16{}
			for !versions.Empty() {
				var v uint16
				if !versions.ReadUint16(&v) {
					return false
				}
				m.supportedVersions = append(m.supportedVersions, v)
			}
		case extCookie:
			// RFC 8446, Section 4.2.2
			if !readUint16LengthPrefixed(&d, &m.cookie) {
				return false
			}
		case extPSKModes:
			// RFC 8446, Section 4.2.9
			if !readUint8LengthPrefixed(&d, &m.pskModes) {
				return false
			}
		case extKeyShare:
			// RFC 8446, Section 4.2.8
			var shares cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&shares) {
				return false
			}
			m.keyShareExt = true
			for !shares.Empty() {
				var ks keyShare
				if !shares.ReadUint16(&ks.group) || !readUint16LengthPrefixed(&shares, &ks.data) {
					return false
				}
				m.keyShares = append(m.keyShares, ks)
			}
		case extEarlyData:
			// RFC 8446, Section 4.2.10
			m.earlyData = true
		case extPadding:
			// RFC 7685, Section 3: the contents are not checked.
			m.pad = true
			d = nil
		default:
			m.extraExtensions = append(m.extraExtensions, extension{typ: typ, data: emptyToNil([]byte(d))})
			d = nil
		}
		if !d.Empty() {
			return false
		}
	}
	return true
}

type serverHello struct {
	vers              uint16
	random            []byte
	sessionID         []byte
	cipherSuite       uint16
	compressionMethod uint8

	// extensions lists every extension type in wire order, parsed or not;
	// nil when the hello has no extensions block. When non-nil, marshal
	// writes exactly these extensions in this order, each from its field
	// (empty data for types without one); when nil, marshal writes every set
	// field in a fixed order.
	extensions []uint16

	secureRenegotiationSupported bool
	secureRenegotiation          []byte
	extendedMasterSecret         bool
	encryptThenMAC               bool
	sessionTicket                bool
	ocspStapling                 bool
	scts                         bool
	sctList                      [][]byte // SignedCertificateTimestampList of the scts extension, when not empty
	heartbeatMode                uint8    // 0 when absent
	alpnProtocol                 string
	ecPointFormats               []uint8 // non-nil when present
	maxFragmentLength            uint8   // 0 when absent
	supportedVersion             uint16  // 0 when absent
	serverShare                  keyShare
	selectedGroup                uint16 // HelloRetryRequest key_share
	cookie                       []byte // non-nil when present
	selectedIdentityPresent      bool
	selectedIdentity             uint16
}

// isHelloRetryRequest reports whether the random is the HelloRetryRequest
// value. RFC 8446, Section 4.1.3.
func (m *serverHello) isHelloRetryRequest() bool {
	return bytes.Equal(m.random, helloRetryRequestRandom)
}

// present lists the extensions marshal writes when m.extensions is nil.
func (m *serverHello) present() []uint16 {
	var exts []uint16
	add := func(set bool, typ uint16) {
		if set {
			exts = append(exts, typ)
		}
	}
	add(m.secureRenegotiationSupported, extRenegotiationInfo)
	add(m.maxFragmentLength != 0, extMaxFragmentLength)
	add(m.ecPointFormats != nil, extSupportedPoints)
	add(m.sessionTicket, extSessionTicket)
	add(m.ocspStapling, extStatusRequest)
	add(m.scts, extSCT)
	add(m.alpnProtocol != "", extALPN)
	add(m.encryptThenMAC, extEncryptThenMAC)
	add(m.extendedMasterSecret, extExtendedMasterSecret)
	add(m.heartbeatMode != 0, extHeartbeat)
	add(m.supportedVersion != 0, extSupportedVersions)
	if m.isHelloRetryRequest() {
		add(m.selectedGroup != 0, extKeyShare)
	} else {
		add(m.serverShare.group != 0, extKeyShare)
	}
	add(m.cookie != nil, extCookie)
	add(m.selectedIdentityPresent, extPreSharedKey)
	return exts
}

func (m *serverHello) marshal() ([]byte, error) {
	exts := m.extensions
	if exts == nil {
		exts = m.present()
	}
	var b cryptobyte.Builder
	b.AddUint8(typeServerHello)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		// RFC 5246, Section 7.4.1.3, and RFC 8446, Section 4.1.3
		b.AddUint16(m.vers)
		addBytesWithLength(b, m.random, 32)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.sessionID)
		})
		b.AddUint16(m.cipherSuite)
		b.AddUint8(m.compressionMethod)
		if exts == nil {
			return // SSLv3 style: no extensions block
		}
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, typ := range exts {
				b.AddUint16(typ)
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					m.marshalExtension(b, typ)
				})
			}
		})
	})
	return b.Bytes()
}

func (m *serverHello) marshalExtension(b *cryptobyte.Builder, typ uint16) {
	switch typ {
	case extRenegotiationInfo:
		// RFC 5746, Section 3.2
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.secureRenegotiation)
		})
	case extMaxFragmentLength:
		// RFC 6066, Section 4
		b.AddUint8(m.maxFragmentLength)
	case extSupportedPoints:
		// RFC 8422, Section 5.2
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.ecPointFormats)
		})
	case extSCT:
		// RFC 6962, Section 3.3.1
		if len(m.sctList) > 0 {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				for _, sct := range m.sctList {
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
						b.AddBytes(sct)
					})
				}
			})
		}
	case extALPN:
		// RFC 7301, Section 3.1
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddBytes([]byte(m.alpnProtocol))
			})
		})
	case extHeartbeat:
		// RFC 6520, Section 2
		b.AddUint8(m.heartbeatMode)
	case extSupportedVersions:
		// RFC 8446, Section 4.2.1
		b.AddUint16(m.supportedVersion)
	case extKeyShare:
		// RFC 8446, Section 4.2.8
		if m.isHelloRetryRequest() {
			b.AddUint16(m.selectedGroup)
			return
		}
		b.AddUint16(m.serverShare.group)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.serverShare.data)
		})
	case extCookie:
		// RFC 8446, Section 4.2.2
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.cookie)
		})
	case extPreSharedKey:
		// RFC 8446, Section 4.2.11
		b.AddUint16(m.selectedIdentity)
	}
	// Others (status_request, session_ticket, encrypt_then_mac,
	// extended_master_secret, unknown types) have empty extension_data.
}

// unmarshal parses a ServerHello or HelloRetryRequest of TLS 1.0 to 1.3, or
// an SSLv3 ServerHello without an extensions block.
func (m *serverHello) unmarshal(data []byte) bool {
	*m = serverHello{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeServerHello, &s) {
		return false
	}

	// RFC 5246, Section 7.4.1.3, and RFC 8446, Section 4.1.3
	if !s.ReadUint16(&m.vers) || !s.ReadBytes(&m.random, 32) ||
		!readUint8LengthPrefixed(&s, &m.sessionID) ||
		!s.ReadUint16(&m.cipherSuite) || !s.ReadUint8(&m.compressionMethod) {
		return false
	}
	m.sessionID = emptyToNil(m.sessionID)
	if s.Empty() {
		return true
	}
	var exts cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&exts) || !s.Empty() {
		return false
	}
	hrr := m.isHelloRetryRequest()

	m.extensions = []uint16{}
	for !exts.Empty() {
		var typ uint16
		var d cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&d) {
			return false
		}
		for _, t := range m.extensions {
			if t == typ {
				return false // duplicate
			}
		}
		m.extensions = append(m.extensions, typ)

		switch typ {
		case extServerName:
			// RFC 6066, Section 3: empty in the ServerHello
		case extMaxFragmentLength:
			// RFC 6066, Section 4
			if !d.ReadUint8(&m.maxFragmentLength) || m.maxFragmentLength == 0 {
				return false
			}
		case extStatusRequest:
			// RFC 6066, Section 8
			m.ocspStapling = true
		case extSupportedPoints:
			// RFC 8422, Section 5.2
			if !readUint8LengthPrefixed(&d, &m.ecPointFormats) {
				return false
			}
		case extHeartbeat:
			// RFC 6520, Section 2
			if !d.ReadUint8(&m.heartbeatMode) || m.heartbeatMode == 0 {
				return false
			}
		case extALPN:
			// RFC 7301, Section 3.1: exactly one protocol
			var protos, proto cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&protos) ||
				!protos.ReadUint8LengthPrefixed(&proto) || proto.Empty() || !protos.Empty() {
				return false
			}
			m.alpnProtocol = string(proto)
		case extSCT:
			// RFC 6962, Section 3.3.1
			m.scts = true
			if d.Empty() {
				break
			}
			var list cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&list) || list.Empty() {
				return false
			}
			for !list.Empty() {
				var sct []byte
				if !readUint16LengthPrefixed(&list, &sct) || len(sct) == 0 {
					return false
				}
				m.sctList = append(m.sctList, sct)
			}
		case extEncryptThenMAC:
			// RFC 7366, Section 2
			m.encryptThenMAC = true
		case extExtendedMasterSecret:
			// RFC 7627, Section 5.2
			m.extendedMasterSecret = true
		case extSessionTicket:
			// RFC 5077, Section 3.2
			m.sessionTicket = true
		case extRenegotiationInfo:
			// RFC 5746, Section 3.2
			if !readUint8LengthPrefixed(&d, &m.secureRenegotiation) {
				return false
			}
			m.secureRenegotiationSupported = true
			m.secureRenegotiation = emptyToNil(m.secureRenegotiation)
		case extSupportedVersions:
			// RFC 8446, Section 4.2.1
			if !d.ReadUint16(&m.supportedVersion) || m.supportedVersion == 0 {
				return false
			}
		case extKeyShare:
			// RFC 8446, Section 4.2.8: a group in a HelloRetryRequest, a
			// KeyShareEntry in a ServerHello.
			if hrr {
				if !d.ReadUint16(&m.selectedGroup) || m.selectedGroup == 0 {
					return false
				}
				break
			}
			if !d.ReadUint16(&m.serverShare.group) || m.serverShare.group == 0 ||
				!readUint16LengthPrefixed(&d, &m.serverShare.data) {
				return false
			}
		case extCookie:
			// RFC 8446, Section 4.2.2
			if !readUint16LengthPrefixed(&d, &m.cookie) {
				return false
			}
		case extPreSharedKey:
			// RFC 8446, Section 4.2.11
			if !d.ReadUint16(&m.selectedIdentity) {
				return false
			}
			m.selectedIdentityPresent = true
		default:
			d = nil // listed in extensions, not parsed
		}
		if !d.Empty() {
			return false
		}
	}
	return true
}

// alert is a TLS alert. RFC 8446, Section 6, and RFC 5246, Section 7.2.
type alert struct {
	level, description uint8
}

const (
	alertLevelWarning uint8 = 1
	alertLevelFatal   uint8 = 2
)

func (a alert) marshal() []byte { return []byte{a.level, a.description} }

func (a *alert) unmarshal(b []byte) bool {
	if len(b) != 2 {
		return false
	}
	a.level, a.description = b[0], b[1]
	return true
}

// alertNames are the registered alert descriptions. RFC 8446, Section 6;
// RFC 5246, Section 7.2; RFC 6101, Section 5.4.2; IANA "TLS Alerts".
var alertNames = map[uint8]string{
	0:   "close_notify",
	10:  "unexpected_message",
	20:  "bad_record_mac",
	21:  "decryption_failed",
	22:  "record_overflow",
	30:  "decompression_failure",
	40:  "handshake_failure",
	41:  "no_certificate",
	42:  "bad_certificate",
	43:  "unsupported_certificate",
	44:  "certificate_revoked",
	45:  "certificate_expired",
	46:  "certificate_unknown",
	47:  "illegal_parameter",
	48:  "unknown_ca",
	49:  "access_denied",
	50:  "decode_error",
	51:  "decrypt_error",
	52:  "too_many_cids_requested",
	60:  "export_restriction",
	70:  "protocol_version",
	71:  "insufficient_security",
	80:  "internal_error",
	86:  "inappropriate_fallback",
	90:  "user_canceled",
	100: "no_renegotiation",
	109: "missing_extension",
	110: "unsupported_extension",
	111: "certificate_unobtainable",
	112: "unrecognized_name",
	113: "bad_certificate_status_response",
	114: "bad_certificate_hash_value",
	115: "unknown_psk_identity",
	116: "certificate_required",
	117: "general_error",
	120: "no_application_protocol",
	121: "ech_required",
}

// alertName returns the registered name of an alert description, or
// 0x%02X for an unregistered one.
func alertName(desc uint8) string {
	if name, ok := alertNames[desc]; ok {
		return name
	}
	return fmt.Sprintf("0x%02X", desc)
}

// certificateMsg is the Certificate message of TLS 1.2 and older.
// RFC 5246, Section 7.4.2.
type certificateMsg struct {
	certificates [][]byte
}

func (m *certificateMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificate)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, cert := range m.certificates {
				b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
					b.AddBytes(cert)
				})
			}
		})
	})
	return b.Bytes()
}

func (m *certificateMsg) unmarshal(data []byte) bool {
	*m = certificateMsg{}
	var s, list cryptobyte.String
	if !readHandshakeMessage(data, typeCertificate, &s) ||
		!s.ReadUint24LengthPrefixed(&list) || !s.Empty() {
		return false
	}
	for !list.Empty() {
		var cert []byte
		if !readUint24LengthPrefixed(&list, &cert) || len(cert) == 0 {
			return false
		}
		m.certificates = append(m.certificates, cert)
	}
	return true
}

// certificateEntry is one CertificateEntry of a TLS 1.3 Certificate.
type certificateEntry struct {
	data       []byte
	ocspStaple []byte   // status_request extension
	scts       [][]byte // signed_certificate_timestamp extension
	// extensions lists the extension types in wire order; when non-nil,
	// marshal writes exactly these (empty data for unknown types), else
	// status_request and signed_certificate_timestamp when set.
	extensions []uint16
}

// certificateMsgTLS13 is the TLS 1.3 Certificate message. RFC 8446,
// Section 4.4.2.
type certificateMsgTLS13 struct {
	requestContext []byte
	entries        []certificateEntry
}

func (m *certificateMsgTLS13) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificate)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.requestContext)
		})
		b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, e := range m.entries {
				marshalCertificateEntry(b, e)
			}
		})
	})
	return b.Bytes()
}

func marshalCertificateEntry(b *cryptobyte.Builder, e certificateEntry) {
	exts := e.extensions
	if exts == nil {
		if e.ocspStaple != nil {
			exts = append(exts, extStatusRequest)
		}
		if e.scts != nil {
			exts = append(exts, extSCT)
		}
	}
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes(e.data)
	})
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, typ := range exts {
			b.AddUint16(typ)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				switch typ {
				case extStatusRequest:
					// RFC 8446, Section 4.4.2.1, and RFC 6066, Section 8
					b.AddUint8(statusTypeOCSP)
					b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
						b.AddBytes(e.ocspStaple)
					})
				case extSCT:
					// RFC 6962, Section 3.3
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
						for _, sct := range e.scts {
							b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
								b.AddBytes(sct)
							})
						}
					})
				}
			})
		}
	})
}

func (m *certificateMsgTLS13) unmarshal(data []byte) bool {
	*m = certificateMsgTLS13{}
	var s, list cryptobyte.String
	if !readHandshakeMessage(data, typeCertificate, &s) ||
		!readUint8LengthPrefixed(&s, &m.requestContext) ||
		!s.ReadUint24LengthPrefixed(&list) || !s.Empty() {
		return false
	}
	m.requestContext = emptyToNil(m.requestContext)
	for !list.Empty() {
		var e certificateEntry
		var exts cryptobyte.String
		if !readUint24LengthPrefixed(&list, &e.data) || len(e.data) == 0 ||
			!list.ReadUint16LengthPrefixed(&exts) {
			return false
		}
		for !exts.Empty() {
			var typ uint16
			var d cryptobyte.String
			if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&d) {
				return false
			}
			for _, t := range e.extensions {
				if t == typ {
					return false // duplicate
				}
			}
			e.extensions = append(e.extensions, typ)
			switch typ {
			case extStatusRequest:
				// RFC 8446, Section 4.4.2.1, and RFC 6066, Section 8
				var statusType uint8
				if !d.ReadUint8(&statusType) || statusType != statusTypeOCSP ||
					!readUint24LengthPrefixed(&d, &e.ocspStaple) || len(e.ocspStaple) == 0 {
					return false
				}
			case extSCT:
				// RFC 6962, Section 3.3
				var scts cryptobyte.String
				if !d.ReadUint16LengthPrefixed(&scts) || scts.Empty() {
					return false
				}
				for !scts.Empty() {
					var sct []byte
					if !readUint16LengthPrefixed(&scts, &sct) || len(sct) == 0 {
						return false
					}
					e.scts = append(e.scts, sct)
				}
			default:
				d = nil
			}
			if !d.Empty() {
				return false
			}
		}
		m.entries = append(m.entries, e)
	}
	return true
}

// serverKeyExchangeMsg carries the raw ServerKeyExchange body, parsed by
// parseECDHEParams, parseDHEParams or parseRSAExportParams once the cipher
// suite is known. RFC 5246, Section 7.4.3.
type serverKeyExchangeMsg struct {
	key []byte
}

func (m *serverKeyExchangeMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeServerKeyExchange)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes(m.key)
	})
	return b.Bytes()
}

func (m *serverKeyExchangeMsg) unmarshal(data []byte) bool {
	*m = serverKeyExchangeMsg{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeServerKeyExchange, &s) || s.Empty() {
		return false
	}
	m.key = s
	return true
}

// certificateStatusMsg is a CertificateStatus of status_type ocsp.
// RFC 6066, Section 8.
type certificateStatusMsg struct {
	response []byte
}

func (m *certificateStatusMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificateStatus)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8(statusTypeOCSP)
		b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.response)
		})
	})
	return b.Bytes()
}

func (m *certificateStatusMsg) unmarshal(data []byte) bool {
	*m = certificateStatusMsg{}
	var s cryptobyte.String
	var statusType uint8
	return readHandshakeMessage(data, typeCertificateStatus, &s) &&
		s.ReadUint8(&statusType) && statusType == statusTypeOCSP &&
		readUint24LengthPrefixed(&s, &m.response) && len(m.response) > 0 && s.Empty()
}

// serverHelloDoneMsg is empty. RFC 5246, Section 7.4.5.
type serverHelloDoneMsg struct{}

func (m *serverHelloDoneMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeServerHelloDone)
	b.AddUint24LengthPrefixed(func(*cryptobyte.Builder) {})
	return b.Bytes()
}

func (m *serverHelloDoneMsg) unmarshal(data []byte) bool {
	var s cryptobyte.String
	return readHandshakeMessage(data, typeServerHelloDone, &s) && s.Empty()
}

// clientKeyExchangeMsg is the ClientKeyExchange of RSA key transport: the
// encrypted pre-master secret, length-prefixed from TLS 1.0 on (RFC 5246,
// Section 7.4.7.1), bare in SSLv3 (RFC 6101, Section 5.6.7.1). The ROBOT
// probe sends it; the fake server reads it.
type clientKeyExchangeMsg struct {
	vers         uint16
	encryptedPMS []byte
}

func (m *clientKeyExchangeMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeClientKeyExchange)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		if m.vers == versionSSL30 {
			b.AddBytes(m.encryptedPMS)
			return
		}
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.encryptedPMS) })
	})
	return b.Bytes()
}

func (m *clientKeyExchangeMsg) unmarshal(data []byte) bool {
	vers := m.vers
	*m = clientKeyExchangeMsg{vers: vers}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeClientKeyExchange, &s) {
		return false
	}
	if vers == versionSSL30 {
		m.encryptedPMS = bytes.Clone(s)
		return len(m.encryptedPMS) > 0
	}
	return readUint16LengthPrefixed(&s, &m.encryptedPMS) && len(m.encryptedPMS) > 0 && s.Empty()
}

// readSignature reads the digitally-signed tail of a ServerKeyExchange:
// a SignatureAndHashAlgorithm from TLS 1.2 on, then the signature.
// RFC 5246, Section 4.7 and 7.4.3; RFC 4346 and older have no algorithm.
func readSignature(s *cryptobyte.String, vers uint16, scheme *uint16, sig *[]byte) bool {
	if vers >= versionTLS12 && !s.ReadUint16(scheme) {
		return false
	}
	return readUint16LengthPrefixed(s, sig)
}

func addSignature(b *cryptobyte.Builder, vers uint16, scheme uint16, sig []byte) {
	if vers >= versionTLS12 {
		b.AddUint16(scheme)
	}
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes(sig)
	})
}

// ecdheParams is the body of an ECDHE ServerKeyExchange. RFC 8422,
// Section 5.4.
type ecdheParams struct {
	curveType uint8 // 3 (named_curve); 1 and 2 (explicit) are read but not parsed
	group     uint16
	point     []byte
	sigScheme uint16 // TLS 1.2 SignatureAndHashAlgorithm
	signature []byte
}

// parseECDHEParams parses an ECDHE ServerKeyExchange body. Explicit curves
// return ok=false with curveType set; signed=false is for anonymous suites.
func parseECDHEParams(key []byte, vers uint16, signed bool) (ecdheParams, bool) {
	var p ecdheParams
	s := cryptobyte.String(key)
	if !s.ReadUint8(&p.curveType) || p.curveType != curveTypeNamedCurve {
		return p, false
	}
	// RFC 8422, Section 5.4: ECParameters, then ECPoint <1..2^8-1>
	if !s.ReadUint16(&p.group) || !readUint8LengthPrefixed(&s, &p.point) || len(p.point) == 0 {
		return p, false
	}
	if signed && !readSignature(&s, vers, &p.sigScheme, &p.signature) {
		return p, false
	}
	return p, s.Empty()
}

// marshal returns the ServerKeyExchange body for a named curve.
func (p ecdheParams) marshal(vers uint16, signed bool) ([]byte, error) {
	var b cryptobyte.Builder
	if p.curveType != curveTypeNamedCurve {
		return nil, errors.New("tlsprobe: only named_curve ECDHE parameters can be marshaled")
	}
	b.AddUint8(p.curveType)
	b.AddUint16(p.group)
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(p.point) })
	if signed {
		addSignature(&b, vers, p.sigScheme, p.signature)
	}
	return b.Bytes()
}

// dheParams is the body of a DHE ServerKeyExchange. RFC 5246, Section 7.4.3.
type dheParams struct {
	p, g, ys  []byte
	sigScheme uint16
	signature []byte
}

func parseDHEParams(key []byte, vers uint16, signed bool) (dheParams, bool) {
	var p dheParams
	s := cryptobyte.String(key)
	// RFC 5246, Section 7.4.3: ServerDHParams, each <1..2^16-1>
	if !readUint16LengthPrefixed(&s, &p.p) || len(p.p) == 0 ||
		!readUint16LengthPrefixed(&s, &p.g) || len(p.g) == 0 ||
		!readUint16LengthPrefixed(&s, &p.ys) || len(p.ys) == 0 {
		return p, false
	}
	if signed && !readSignature(&s, vers, &p.sigScheme, &p.signature) {
		return p, false
	}
	return p, s.Empty()
}

func (p dheParams) marshal(vers uint16, signed bool) ([]byte, error) {
	var b cryptobyte.Builder
	for _, v := range [][]byte{p.p, p.g, p.ys} {
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(v) })
	}
	if signed {
		addSignature(&b, vers, p.sigScheme, p.signature)
	}
	return b.Bytes()
}

// rsaExportParams is the body of an RSA_EXPORT ServerKeyExchange, always
// signed. RFC 2246, Section 7.4.3.
type rsaExportParams struct {
	modulus, exponent []byte
	sigScheme         uint16
	signature         []byte
}

func parseRSAExportParams(key []byte, vers uint16) (rsaExportParams, bool) {
	var p rsaExportParams
	s := cryptobyte.String(key)
	// RFC 2246, Section 7.4.3: ServerRSAParams, each <1..2^16-1>
	if !readUint16LengthPrefixed(&s, &p.modulus) || len(p.modulus) == 0 ||
		!readUint16LengthPrefixed(&s, &p.exponent) || len(p.exponent) == 0 ||
		!readSignature(&s, vers, &p.sigScheme, &p.signature) {
		return p, false
	}
	return p, s.Empty()
}

func (p rsaExportParams) marshal(vers uint16) ([]byte, error) {
	var b cryptobyte.Builder
	for _, v := range [][]byte{p.modulus, p.exponent} {
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(v) })
	}
	addSignature(&b, vers, p.sigScheme, p.signature)
	return b.Bytes()
}

// certificateRequestMsg is the CertificateRequest of TLS 1.0 to 1.2.
// RFC 5246, Section 7.4.4 (TLS 1.0 and 1.1 have no
// supported_signature_algorithms: RFC 4346, Section 7.4.4).
type certificateRequestMsg struct {
	vers                   uint16 // the negotiated version, which decides the layout
	certificateTypes       []uint8
	signatureAlgorithms    []uint16 // TLS 1.2 only
	certificateAuthorities [][]byte // DER distinguished names
}

func (m *certificateRequestMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificateRequest)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.certificateTypes) })
		if m.vers >= versionTLS12 {
			addUint16Vector(b, m.signatureAlgorithms)
		}
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, ca := range m.certificateAuthorities {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(ca) })
			}
		})
	})
	return b.Bytes()
}

// unmarshal parses a CertificateRequest of version m.vers, which it keeps.
func (m *certificateRequestMsg) unmarshal(data []byte) bool {
	*m = certificateRequestMsg{vers: m.vers}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeCertificateRequest, &s) {
		return false
	}
	var types, cas cryptobyte.String
	if !s.ReadUint8LengthPrefixed(&types) || types.Empty() {
		return false
	}
	m.certificateTypes = []uint8(types)
	if m.vers >= versionTLS12 {
		if !readUint16Vector(&s, &m.signatureAlgorithms) || len(m.signatureAlgorithms) == 0 {
			return false
		}
	}
	if !s.ReadUint16LengthPrefixed(&cas) || !s.Empty() {
		return false
	}
	for !cas.Empty() {
		var ca []byte
		if !readUint16LengthPrefixed(&cas, &ca) || len(ca) == 0 {
			return false
		}
		m.certificateAuthorities = append(m.certificateAuthorities, ca)
	}
	return true
}

// newSessionTicketMsg is the NewSessionTicket of TLS 1.0 to 1.2, sent in
// the clear before the server's ChangeCipherSpec. RFC 5077, Section 3.3.
type newSessionTicketMsg struct {
	lifetimeHint uint32
	ticket       []byte
}

func (m *newSessionTicketMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeNewSessionTicket)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint32(m.lifetimeHint)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(m.ticket) })
	})
	return b.Bytes()
}

func (m *newSessionTicketMsg) unmarshal(data []byte) bool {
	*m = newSessionTicketMsg{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeNewSessionTicket, &s) {
		return false
	}
	if !s.ReadUint32(&m.lifetimeHint) || !readUint16LengthPrefixed(&s, &m.ticket) || !s.Empty() {
		return false
	}
	m.ticket = emptyToNil(m.ticket)
	return true
}
