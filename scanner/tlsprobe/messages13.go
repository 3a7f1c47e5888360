package tlsprobe

import (
	"golang.org/x/crypto/cryptobyte"
)

// The TLS 1.3 handshake messages past the ServerHello that the client of
// client13.go reads (and the few it writes), after messages.go: marshal
// returns the whole message with its header, unmarshal takes the same,
// rejects duplicate extensions and requires the input to be consumed. The
// Certificate message is certificateMsgTLS13 of messages.go.

// TLS 1.3 handshake message types. RFC 8446, Section 4.
const (
	typeEndOfEarlyData    uint8 = 5
	typeCertificateVerify uint8 = 15
	typeFinished          uint8 = 20
	typeKeyUpdate         uint8 = 24
	typeMessageHash       uint8 = 254
)

// extRecordSizeLimit is the record_size_limit extension. RFC 8449.
const extRecordSizeLimit uint16 = 28

// readExtensions reads an extension block into the wire-order type list,
// calling parse for each; parse returns false on a malformed body and
// leaves unknown types to the caller (known=false), whose data is then kept
// in unknown. Duplicates are rejected.
func readExtensions(s *cryptobyte.String, types *[]uint16, unknown *[]extension,
	parse func(typ uint16, d *cryptobyte.String) (known, ok bool)) bool {
	var exts cryptobyte.String
	if !s.ReadUint16LengthPrefixed(&exts) {
		return false
	}
	*types = []uint16{}
	for !exts.Empty() {
		var typ uint16
		var d cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&d) {
			return false
		}
		for _, t := range *types {
			if t == typ {
				return false // duplicate
			}
		}
		*types = append(*types, typ)
		known, ok := parse(typ, &d)
		if !ok {
			return false
		}
		if !known {
			*unknown = append(*unknown, extension{typ: typ, data: emptyToNil([]byte(d))})
			continue
		}
		if !d.Empty() {
			return false
		}
	}
	return true
}

// addExtensions writes an extension block: the types of order, each from
// write when it knows the type, else from the first unknown entry of that
// type (empty when there is none).
func addExtensions(b *cryptobyte.Builder, order []uint16, unknown []extension,
	write func(b *cryptobyte.Builder, typ uint16) bool) {
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, typ := range order {
			b.AddUint16(typ)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				if write(b, typ) {
					return
				}
				for _, e := range unknown {
					if e.typ == typ {
						b.AddBytes(e.data)
						return
					}
				}
			})
		}
	})
}

// defaultOrder lists the types of the set fields, then of unknown, for
// messages built without an explicit order.
func defaultOrder(set []bool, types []uint16, unknown []extension) []uint16 {
	var order []uint16
	for i, ok := range set {
		if ok {
			order = append(order, types[i])
		}
	}
	for _, e := range unknown {
		order = append(order, e.typ)
	}
	return order
}

// encryptedExtensionsMsg is EncryptedExtensions. RFC 8446, Section 4.3.1.
type encryptedExtensionsMsg struct {
	// extensions lists every extension type in wire order; when nil,
	// marshal writes the set fields in a fixed order, then unknown.
	extensions []uint16

	serverNameAck     bool     // server_name, empty: the server used the SNI
	maxFragmentLength uint8    // 0 when absent
	supportedGroups   []uint16 // the server's groups, non-nil when present
	alpnProtocol      string
	recordSizeLimit   uint16 // 0 when absent
	earlyData         bool   // the server accepted 0-RTT data
	unknown           []extension
}

func (m *encryptedExtensionsMsg) order() []uint16 {
	if m.extensions != nil {
		return m.extensions
	}
	return defaultOrder(
		[]bool{m.serverNameAck, m.maxFragmentLength != 0, m.supportedGroups != nil, m.alpnProtocol != "", m.recordSizeLimit != 0, m.earlyData},
		[]uint16{extServerName, extMaxFragmentLength, extSupportedGroups, extALPN, extRecordSizeLimit, extEarlyData},
		m.unknown)
}

func (m *encryptedExtensionsMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeEncryptedExtensions)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		addExtensions(b, m.order(), m.unknown, func(b *cryptobyte.Builder, typ uint16) bool {
			switch typ {
			case extServerName, extEarlyData:
				// RFC 6066, Section 3, and RFC 8446, Section 4.2.10: empty
			case extMaxFragmentLength:
				// RFC 6066, Section 4
				b.AddUint8(m.maxFragmentLength)
			case extSupportedGroups:
				// RFC 8446, Section 4.2.7
				addUint16Vector(b, m.supportedGroups)
			case extALPN:
				// RFC 7301, Section 3.1
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
						b.AddBytes([]byte(m.alpnProtocol))
					})
				})
			case extRecordSizeLimit:
				// RFC 8449, Section 4
				b.AddUint16(m.recordSizeLimit)
			default:
				return false
			}
			return true
		})
	})
	return b.Bytes()
}

func (m *encryptedExtensionsMsg) unmarshal(data []byte) bool {
	*m = encryptedExtensionsMsg{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeEncryptedExtensions, &s) {
		return false
	}
	ok := readExtensions(&s, &m.extensions, &m.unknown, func(typ uint16, d *cryptobyte.String) (bool, bool) {
		switch typ {
		case extServerName:
			// RFC 6066, Section 3: empty
			m.serverNameAck = true
		case extMaxFragmentLength:
			// RFC 6066, Section 4
			return true, d.ReadUint8(&m.maxFragmentLength) && m.maxFragmentLength != 0
		case extSupportedGroups:
			// RFC 8446, Section 4.2.7
			return true, readUint16Vector(d, &m.supportedGroups)
		case extALPN:
			// RFC 7301, Section 3.1: exactly one protocol
			var protos, proto cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&protos) ||
				!protos.ReadUint8LengthPrefixed(&proto) || proto.Empty() || !protos.Empty() {
				return true, false
			}
			m.alpnProtocol = string(proto)
		case extRecordSizeLimit:
			// RFC 8449, Section 4
			return true, d.ReadUint16(&m.recordSizeLimit) && m.recordSizeLimit != 0
		case extEarlyData:
			// RFC 8446, Section 4.2.10: empty
			m.earlyData = true
		default:
			return false, true
		}
		return true, true
	})
	return ok && s.Empty()
}

// certificateRequestMsgTLS13 is the TLS 1.3 CertificateRequest. RFC 8446,
// Section 4.3.2.
type certificateRequestMsgTLS13 struct {
	requestContext []byte
	// extensions lists every extension type in wire order; when nil,
	// marshal writes the set fields in a fixed order, then unknown.
	extensions              []uint16
	signatureAlgorithms     []uint16 // non-nil when present
	signatureAlgorithmsCert []uint16 // non-nil when present
	certificateAuthorities  [][]byte // DER distinguished names, non-nil when present
	unknown                 []extension
}

func (m *certificateRequestMsgTLS13) order() []uint16 {
	if m.extensions != nil {
		return m.extensions
	}
	return defaultOrder(
		[]bool{m.signatureAlgorithms != nil, m.signatureAlgorithmsCert != nil, m.certificateAuthorities != nil},
		[]uint16{extSignatureAlgorithms, extSignatureAlgorithmsCert, extCertificateAuthorities},
		m.unknown)
}

func (m *certificateRequestMsgTLS13) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificateRequest)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.requestContext)
		})
		addExtensions(b, m.order(), m.unknown, func(b *cryptobyte.Builder, typ uint16) bool {
			switch typ {
			case extSignatureAlgorithms:
				// RFC 8446, Section 4.2.3
				addUint16Vector(b, m.signatureAlgorithms)
			case extSignatureAlgorithmsCert:
				// RFC 8446, Section 4.2.3
				addUint16Vector(b, m.signatureAlgorithmsCert)
			case extCertificateAuthorities:
				// RFC 8446, Section 4.2.4
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, name := range m.certificateAuthorities {
						b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
							b.AddBytes(name)
						})
					}
				})
			default:
				return false
			}
			return true
		})
	})
	return b.Bytes()
}

func (m *certificateRequestMsgTLS13) unmarshal(data []byte) bool {
	*m = certificateRequestMsgTLS13{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeCertificateRequest, &s) ||
		!readUint8LengthPrefixed(&s, &m.requestContext) {
		return false
	}
	m.requestContext = emptyToNil(m.requestContext)
	ok := readExtensions(&s, &m.extensions, &m.unknown, func(typ uint16, d *cryptobyte.String) (bool, bool) {
		switch typ {
		case extSignatureAlgorithms:
			// RFC 8446, Section 4.2.3
			return true, readUint16Vector(d, &m.signatureAlgorithms)
		case extSignatureAlgorithmsCert:
			// RFC 8446, Section 4.2.3
			return true, readUint16Vector(d, &m.signatureAlgorithmsCert)
		case extCertificateAuthorities:
			// RFC 8446, Section 4.2.4: DistinguishedName authorities<3..2^16-1>
			var names cryptobyte.String
			if !d.ReadUint16LengthPrefixed(&names) || names.Empty() {
				return true, false
			}
			m.certificateAuthorities = [][]byte{}
			for !names.Empty() {
				var name []byte
				if !readUint16LengthPrefixed(&names, &name) || len(name) == 0 {
					return true, false
				}
				m.certificateAuthorities = append(m.certificateAuthorities, name)
			}
		default:
			return false, true
		}
		return true, true
	})
	return ok && s.Empty()
}

// certificateVerifyMsg is CertificateVerify. RFC 8446, Section 4.4.3.
type certificateVerifyMsg struct {
	scheme    uint16
	signature []byte
}

func (m *certificateVerifyMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeCertificateVerify)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint16(m.scheme)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.signature)
		})
	})
	return b.Bytes()
}

func (m *certificateVerifyMsg) unmarshal(data []byte) bool {
	*m = certificateVerifyMsg{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeCertificateVerify, &s) ||
		!s.ReadUint16(&m.scheme) || !readUint16LengthPrefixed(&s, &m.signature) || !s.Empty() {
		return false
	}
	m.signature = emptyToNil(m.signature)
	return true
}

// finishedMsg is Finished. RFC 8446, Section 4.4.4.
type finishedMsg struct {
	verifyData []byte
}

func (m *finishedMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeFinished)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes(m.verifyData)
	})
	return b.Bytes()
}

func (m *finishedMsg) unmarshal(data []byte) bool {
	*m = finishedMsg{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeFinished, &s) || s.Empty() {
		return false
	}
	m.verifyData = s
	return true
}

// endOfEarlyDataMsg is EndOfEarlyData, empty. RFC 8446, Section 4.5.
type endOfEarlyDataMsg struct{}

func (m *endOfEarlyDataMsg) marshal() ([]byte, error) {
	return []byte{typeEndOfEarlyData, 0, 0, 0}, nil
}

func (m *endOfEarlyDataMsg) unmarshal(data []byte) bool {
	var s cryptobyte.String
	return readHandshakeMessage(data, typeEndOfEarlyData, &s) && s.Empty()
}

// newSessionTicketMsgTLS13 is the TLS 1.3 NewSessionTicket. RFC 8446,
// Section 4.6.1.
type newSessionTicketMsgTLS13 struct {
	lifetime uint32 // seconds
	ageAdd   uint32
	nonce    []byte
	ticket   []byte
	// extensions lists every extension type in wire order; when nil,
	// marshal writes early_data when set, then unknown.
	extensions   []uint16
	earlyData    bool   // early_data extension present
	maxEarlyData uint32 // its max_early_data_size
	unknown      []extension
}

func (m *newSessionTicketMsgTLS13) order() []uint16 {
	if m.extensions != nil {
		return m.extensions
	}
	return defaultOrder([]bool{m.earlyData}, []uint16{extEarlyData}, m.unknown)
}

func (m *newSessionTicketMsgTLS13) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(typeNewSessionTicket)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint32(m.lifetime)
		b.AddUint32(m.ageAdd)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.nonce)
		})
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(m.ticket)
		})
		addExtensions(b, m.order(), m.unknown, func(b *cryptobyte.Builder, typ uint16) bool {
			if typ != extEarlyData {
				return false
			}
			// RFC 8446, Section 4.2.10
			b.AddUint32(m.maxEarlyData)
			return true
		})
	})
	return b.Bytes()
}

func (m *newSessionTicketMsgTLS13) unmarshal(data []byte) bool {
	*m = newSessionTicketMsgTLS13{}
	var s cryptobyte.String
	if !readHandshakeMessage(data, typeNewSessionTicket, &s) ||
		!s.ReadUint32(&m.lifetime) || !s.ReadUint32(&m.ageAdd) ||
		!readUint8LengthPrefixed(&s, &m.nonce) ||
		!readUint16LengthPrefixed(&s, &m.ticket) || len(m.ticket) == 0 {
		return false
	}
	m.nonce = emptyToNil(m.nonce)
	ok := readExtensions(&s, &m.extensions, &m.unknown, func(typ uint16, d *cryptobyte.String) (bool, bool) {
		if typ != extEarlyData {
			return false, true
		}
		// RFC 8446, Section 4.2.10
		m.earlyData = true
		return true, d.ReadUint32(&m.maxEarlyData)
	})
	return ok && s.Empty()
}
