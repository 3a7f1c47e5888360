package ikeprobe

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// The IKE messages the probe sends and the answers it reads, built and
// parsed with cryptobyte after crypto/tls/handshake_messages.go: one
// struct per message and payload, marshal returning the bytes, unmarshal
// resetting the struct and requiring its input to be consumed exactly. A
// responder controls every byte read here.
//
// IKEv2 (RFC 7296) and IKEv1's ISAKMP (RFC 2408) share the header layout
// and the generic payload header; IKE length fields count their own
// header, which cryptobyte's length prefixes do not, so the lengths are
// written by addSized and read by readSized, nowhere else.

// Header and payload numbers. RFC 7296, Sections 3.1 and 3.2; RFC 2408,
// Sections 3.1 and 3.14.
const (
	headerLen = 28

	versionIKEv2 uint8 = 0x20 // major 2, minor 0
	versionIKEv1 uint8 = 0x10 // major 1, minor 0

	exchangeIKESAInit      uint8 = 34
	exchangeIKEAuth        uint8 = 35
	exchangeInformational2 uint8 = 37 // IKEv2 INFORMATIONAL
	exchangeIdentityProt   uint8 = 2  // IKEv1 Main Mode
	exchangeInformational  uint8 = 5  // IKEv1

	flagInitiator uint8 = 0x08 // IKEv2
	flagResponse  uint8 = 0x20 // IKEv2
	flagEncrypted uint8 = 0x01 // IKEv1: the payloads are encrypted

	payloadSA       uint8 = 33
	payloadKE       uint8 = 34
	payloadNonce    uint8 = 40
	payloadNotify   uint8 = 41
	payloadVendorID uint8 = 43
	payloadIDi      uint8 = 35
	payloadIDr      uint8 = 36
	payloadCert     uint8 = 37
	payloadCertReq  uint8 = 38
	payloadAuth     uint8 = 39
	payloadDelete   uint8 = 42
	payloadTSi      uint8 = 44
	payloadTSr      uint8 = 45
	payloadSK       uint8 = 46 // Encrypted and Authenticated, RFC 7296, Section 3.14
	payloadEAP      uint8 = 48
	payloadSKF      uint8 = 53 // Encrypted and Authenticated Fragment, RFC 7383

	v1PayloadSA        uint8 = 1
	v1PayloadProposal  uint8 = 2
	v1PayloadTransform uint8 = 3
	v1PayloadKE        uint8 = 4
	v1PayloadNonce     uint8 = 10
	v1PayloadNotify    uint8 = 11
	v1PayloadVendorID  uint8 = 13

	protocolIKE     uint8 = 1 // IKEv2 Security Protocol Identifier
	protocolISAKMP  uint8 = 1 // IKEv1 PROTO_ISAKMP
	transformKeyIKE uint8 = 1 // IKEv1 KEY_IKE

	attrKeyLength uint16 = 14 // IKEv2 Transform Attribute Type
	attrTV        uint16 = 0x8000
)

// maxDatagram is the largest UDP payload: a message is read into a buffer
// of this size, and a datagram that fills it is taken as truncated.
const maxDatagram = 65535

// maxPayloads bounds the payloads of one message and maxStructs the
// proposals of an SA or the transforms of a proposal, so a datagram of
// empty payloads allocates little.
const (
	maxPayloads = 64
	maxStructs  = 255
)

var errTooLong = errors.New("ikeprobe: structure longer than its 16-bit length field allows")

// addSized appends a structure that starts with two bytes (a, b) and a
// 16-bit length counting those four bytes and the body f builds: the
// generic payload header (RFC 7296, Section 3.2), the proposal and
// transform substructures (Sections 3.3.1, 3.3.2), and their IKEv1
// counterparts (RFC 2408, Sections 3.2, 3.5, 3.6).
func addSized(b *cryptobyte.Builder, a, c uint8, f func(*cryptobyte.Builder)) {
	var body cryptobyte.Builder
	f(&body)
	bs, err := body.Bytes()
	if err != nil {
		b.SetError(err)
		return
	}
	if 4+len(bs) > 0xFFFF {
		b.SetError(errTooLong)
		return
	}
	b.AddUint8(a)
	b.AddUint8(c)
	b.AddUint16(uint16(4 + len(bs)))
	b.AddBytes(bs)
}

// readSized reads what addSized writes.
func readSized(s *cryptobyte.String, a, c *uint8, body *cryptobyte.String) bool {
	var n uint16
	if !s.ReadUint8(a) || !s.ReadUint8(c) || !s.ReadUint16(&n) || n < 4 {
		return false
	}
	return s.ReadBytes((*[]byte)(body), int(n)-4)
}

// payload is one payload of a message, its body undecoded.
type payload struct {
	typ      uint8
	critical bool // IKEv2's critical bit (RFC 7296, Section 2.5); IKEv1 has none
	body     []byte
}

// message is an IKE message: the header (RFC 7296, Section 3.1; RFC 2408,
// Section 3.1) and its chain of payloads, each naming the next.
type message struct {
	spiI, spiR uint64
	version    uint8
	exchange   uint8
	flags      uint8
	msgID      uint32
	payloads   []payload
	// skNext is the Next Payload field of an SK (or SKF) payload, which
	// ends the chain (RFC 7296, Section 3.14): the type of the first
	// payload it encrypts. The chain is not walked past it.
	skNext uint8
	// raw is the datagram unmarshal read (the ICV and the AUTH
	// signature cover it).
	raw []byte
}

func (m *message) marshal() ([]byte, error) {
	var chain cryptobyte.Builder
	for i, p := range m.payloads {
		next := uint8(0)
		if i+1 < len(m.payloads) {
			next = m.payloads[i+1].typ
		} else if p.typ == payloadSK || p.typ == payloadSKF {
			next = m.skNext
		}
		flags := uint8(0)
		if p.critical {
			flags = 0x80
		}
		addSized(&chain, next, flags, func(b *cryptobyte.Builder) { b.AddBytes(p.body) })
	}
	body, err := chain.Bytes()
	if err != nil {
		return nil, err
	}
	first := uint8(0)
	if len(m.payloads) > 0 {
		first = m.payloads[0].typ
	}
	var b cryptobyte.Builder
	b.AddUint64(m.spiI)
	b.AddUint64(m.spiR)
	b.AddUint8(first)
	b.AddUint8(m.version)
	b.AddUint8(m.exchange)
	b.AddUint8(m.flags)
	b.AddUint32(m.msgID)
	// The Length field counts the header too.
	b.AddUint32(uint32(headerLen + len(body)))
	b.AddBytes(body)
	return b.Bytes()
}

// unmarshal parses one datagram. The Length field must be the datagram's
// length. The payloads of an IKEv1 message with the Encryption bit are
// not walked (the probe never holds the keys): payloads is empty.
func (m *message) unmarshal(data []byte) bool {
	*m = message{}
	s := cryptobyte.String(data)
	var next uint8
	var length uint32
	if !s.ReadUint64(&m.spiI) || !s.ReadUint64(&m.spiR) || !s.ReadUint8(&next) ||
		!s.ReadUint8(&m.version) || !s.ReadUint8(&m.exchange) || !s.ReadUint8(&m.flags) ||
		!s.ReadUint32(&m.msgID) || !s.ReadUint32(&length) || int64(length) != int64(len(data)) {
		return false
	}
	m.raw = data
	if m.version>>4 == 1 && m.flags&flagEncrypted != 0 {
		return true
	}
	var ok bool
	m.payloads, m.skNext, ok = readChain(s, next, m.version>>4 == 2)
	return ok
}

// readChain reads a chain of payloads, the first of type next, to the end
// of s. In IKEv2 an SK or SKF payload ends the chain: its Next Payload
// field is returned as skNext.
func readChain(s cryptobyte.String, next uint8, ikev2 bool) (ps []payload, skNext uint8, ok bool) {
	for next != 0 {
		if len(ps) == maxPayloads {
			return nil, 0, false
		}
		p := payload{typ: next}
		var flags uint8
		var body cryptobyte.String
		if !readSized(&s, &next, &flags, &body) {
			return nil, 0, false
		}
		p.critical = ikev2 && flags&0x80 != 0
		p.body = body
		ps = append(ps, p)
		if ikev2 && (p.typ == payloadSK || p.typ == payloadSKF) {
			skNext, next = next, 0
		}
	}
	return ps, skNext, s.Empty()
}

// find returns the bodies of the payloads of type typ.
func (m *message) find(typ uint8) [][]byte {
	var out [][]byte
	for _, p := range m.payloads {
		if p.typ == typ {
			out = append(out, p.body)
		}
	}
	return out
}

// attribute is a transform attribute (RFC 7296, Section 3.3.5; RFC 2408,
// Section 3.3): TV when tv (a 16-bit value), TLV otherwise.
type attribute struct {
	typ   uint16 // without the AF bit
	tv    bool
	value uint16
	data  []byte
}

func addAttributes(b *cryptobyte.Builder, attrs []attribute) {
	for _, a := range attrs {
		if a.tv {
			b.AddUint16(a.typ | attrTV)
			b.AddUint16(a.value)
			continue
		}
		b.AddUint16(a.typ)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(a.data) })
	}
}

func readAttributes(s cryptobyte.String) ([]attribute, bool) {
	var attrs []attribute
	for !s.Empty() {
		if len(attrs) == maxStructs {
			return nil, false
		}
		var a attribute
		if !s.ReadUint16(&a.typ) {
			return nil, false
		}
		a.tv = a.typ&attrTV != 0
		a.typ &^= attrTV
		if a.tv {
			if !s.ReadUint16(&a.value) {
				return nil, false
			}
		} else {
			var d cryptobyte.String
			if !s.ReadUint16LengthPrefixed(&d) {
				return nil, false
			}
			a.data = d
		}
		attrs = append(attrs, a)
	}
	return attrs, true
}

// transform is an IKEv2 transform substructure. RFC 7296, Section 3.3.2.
type transform struct {
	typ   uint8
	id    uint16
	attrs []attribute
}

// keyBits is the Key Length attribute, 0 when absent.
func (t transform) keyBits() int {
	for _, a := range t.attrs {
		if a.typ == attrKeyLength && a.tv {
			return int(a.value)
		}
	}
	return 0
}

// proposal is an IKEv2 proposal substructure. RFC 7296, Section 3.3.1.
type proposal struct {
	num        uint8
	protocol   uint8
	spi        []byte
	transforms []transform
}

// saPayload is the Security Association payload. RFC 7296, Section 3.3.
type saPayload struct {
	proposals []proposal
}

func (p *saPayload) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	for i, pr := range p.proposals {
		last := uint8(2) // "more"
		if i == len(p.proposals)-1 {
			last = 0
		}
		if len(pr.spi) > 255 || len(pr.transforms) > 255 {
			return nil, errTooLong
		}
		addSized(&b, last, 0, func(b *cryptobyte.Builder) {
			b.AddUint8(pr.num)
			b.AddUint8(pr.protocol)
			b.AddUint8(uint8(len(pr.spi)))
			b.AddUint8(uint8(len(pr.transforms)))
			b.AddBytes(pr.spi)
			for j, t := range pr.transforms {
				tl := uint8(3) // "more"
				if j == len(pr.transforms)-1 {
					tl = 0
				}
				addSized(b, tl, 0, func(b *cryptobyte.Builder) {
					b.AddUint8(t.typ)
					b.AddUint8(0)
					b.AddUint16(t.id)
					addAttributes(b, t.attrs)
				})
			}
		})
	}
	return b.Bytes()
}

func (p *saPayload) unmarshal(data []byte) bool {
	*p = saPayload{}
	s := cryptobyte.String(data)
	for more := true; more; {
		if len(p.proposals) == maxStructs {
			return false
		}
		var last, reserved uint8
		var body cryptobyte.String
		if !readSized(&s, &last, &reserved, &body) || (last != 0 && last != 2) {
			return false
		}
		more = last == 2
		var pr proposal
		var spiLen, n uint8
		if !body.ReadUint8(&pr.num) || !body.ReadUint8(&pr.protocol) || !body.ReadUint8(&spiLen) ||
			!body.ReadUint8(&n) || !body.ReadBytes(&pr.spi, int(spiLen)) {
			return false
		}
		for i := range int(n) {
			var tl, r uint8
			var tb cryptobyte.String
			if !readSized(&body, &tl, &r, &tb) || (tl == 0) != (i == int(n)-1) || (tl != 0 && tl != 3) {
				return false
			}
			var t transform
			var r2 uint8
			if !tb.ReadUint8(&t.typ) || !tb.ReadUint8(&r2) || !tb.ReadUint16(&t.id) {
				return false
			}
			var ok bool
			if t.attrs, ok = readAttributes(tb); !ok {
				return false
			}
			pr.transforms = append(pr.transforms, t)
		}
		if !body.Empty() {
			return false
		}
		p.proposals = append(p.proposals, pr)
	}
	return s.Empty() && len(p.proposals) > 0
}

// kePayload is the Key Exchange payload. RFC 7296, Section 3.4.
type kePayload struct {
	group uint16
	data  []byte
}

func (p *kePayload) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint16(p.group)
	b.AddUint16(0)
	b.AddBytes(p.data)
	return b.Bytes()
}

func (p *kePayload) unmarshal(data []byte) bool {
	*p = kePayload{}
	s := cryptobyte.String(data)
	var reserved uint16
	if !s.ReadUint16(&p.group) || !s.ReadUint16(&reserved) {
		return false
	}
	p.data = s
	return true
}

// noncePayload is the Nonce payload. RFC 7296, Section 3.9: 16 to 256
// bytes.
type noncePayload struct {
	nonce []byte
}

func (p *noncePayload) marshal() ([]byte, error) {
	if len(p.nonce) < 16 || len(p.nonce) > 256 {
		return nil, errors.New("ikeprobe: nonce of 16 to 256 bytes")
	}
	return append([]byte(nil), p.nonce...), nil
}

func (p *noncePayload) unmarshal(data []byte) bool {
	*p = noncePayload{}
	if len(data) < 16 || len(data) > 256 {
		return false
	}
	p.nonce = data
	return true
}

// notifyPayload is the Notify payload. RFC 7296, Section 3.10.
type notifyPayload struct {
	protocol uint8
	spi      []byte
	typ      uint16
	data     []byte
}

func (p *notifyPayload) marshal() ([]byte, error) {
	if len(p.spi) > 255 {
		return nil, errTooLong
	}
	var b cryptobyte.Builder
	b.AddUint8(p.protocol)
	b.AddUint8(uint8(len(p.spi)))
	b.AddUint16(p.typ)
	b.AddBytes(p.spi)
	b.AddBytes(p.data)
	return b.Bytes()
}

func (p *notifyPayload) unmarshal(data []byte) bool {
	*p = notifyPayload{}
	s := cryptobyte.String(data)
	var spiLen uint8
	if !s.ReadUint8(&p.protocol) || !s.ReadUint8(&spiLen) || !s.ReadUint16(&p.typ) ||
		!s.ReadBytes(&p.spi, int(spiLen)) {
		return false
	}
	p.data = s
	return true
}

// vendorIDPayload is the Vendor ID payload. RFC 7296, Section 3.12; RFC
// 2408, Section 3.16. Its body is the ID, at least one byte.
type vendorIDPayload struct {
	id []byte
}

func (p *vendorIDPayload) marshal() ([]byte, error) {
	return append([]byte(nil), p.id...), nil
}

func (p *vendorIDPayload) unmarshal(data []byte) bool {
	*p = vendorIDPayload{}
	if len(data) == 0 {
		return false
	}
	p.id = data
	return true
}
