package ikeprobe

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// The payloads of IKE_AUTH and INFORMATIONAL (RFC 7296, Sections 3.5 to
// 3.16), after messages.go: a responder controls every byte unmarshal
// reads.

// idPayload is the Identification payload, IDi or IDr. RFC 7296, Section
// 3.5. Its body, whole, is what the AUTH payload's MACedIDFor covers
// (Section 2.15).
type idPayload struct {
	typ  uint8
	data []byte
}

func (p *idPayload) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(p.typ)
	b.AddBytes([]byte{0, 0, 0})
	b.AddBytes(p.data)
	return b.Bytes()
}

func (p *idPayload) unmarshal(data []byte) bool {
	*p = idPayload{}
	s := cryptobyte.String(data)
	var reserved []byte
	if !s.ReadUint8(&p.typ) || !s.ReadBytes(&reserved, 3) || len(s) == 0 {
		return false
	}
	p.data = s
	return true
}

// certPayload is the Certificate payload (RFC 7296, Section 3.6) and
// certReqPayload the Certificate Request payload (Section 3.7): an
// encoding and its data. For X.509 Certificate - Signature (4), a CERT
// holds one DER certificate and a CERTREQ concatenated 20-byte SHA-1
// hashes of SubjectPublicKeyInfos.
type certPayload struct {
	encoding uint8
	data     []byte
}

type certReqPayload = certPayload

func (p *certPayload) marshal() ([]byte, error) {
	return append([]byte{p.encoding}, p.data...), nil
}

func (p *certPayload) unmarshal(data []byte) bool {
	*p = certPayload{}
	s := cryptobyte.String(data)
	if !s.ReadUint8(&p.encoding) {
		return false
	}
	p.data = s
	return true
}

// authPayload is the Authentication payload. RFC 7296, Section 3.8.
type authPayload struct {
	method uint8
	data   []byte
}

func (p *authPayload) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(p.method)
	b.AddBytes([]byte{0, 0, 0})
	b.AddBytes(p.data)
	return b.Bytes()
}

func (p *authPayload) unmarshal(data []byte) bool {
	*p = authPayload{}
	s := cryptobyte.String(data)
	var reserved []byte
	if !s.ReadUint8(&p.method) || !s.ReadBytes(&reserved, 3) || len(s) == 0 {
		return false
	}
	p.data = s
	return true
}

// signatureAuth is the Authentication Data of a Digital Signature (RFC
// 7427, Section 3): the AlgorithmIdentifier, prefixed by its length in
// one byte, then the signature.
type signatureAuth struct {
	algorithm []byte // DER AlgorithmIdentifier
	signature []byte
}

func (p *signatureAuth) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(p.algorithm) })
	b.AddBytes(p.signature)
	return b.Bytes()
}

func (p *signatureAuth) unmarshal(data []byte) bool {
	*p = signatureAuth{}
	s := cryptobyte.String(data)
	var alg cryptobyte.String
	if !s.ReadUint8LengthPrefixed(&alg) || len(alg) == 0 || len(s) == 0 {
		return false
	}
	p.algorithm, p.signature = alg, s
	return true
}

// eapPayload is the EAP payload (RFC 7296, Section 3.16) holding one EAP
// message (RFC 3748, Section 4): a Request or Response has a Type.
type eapPayload struct {
	code, identifier uint8
	typ              uint8 // Request and Response only
	data             []byte
}

const (
	eapRequest  uint8 = 1
	eapResponse uint8 = 2
)

func (p *eapPayload) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(p.code)
	b.AddUint8(p.identifier)
	n := 4 + len(p.data)
	if p.code == eapRequest || p.code == eapResponse {
		n++
	}
	if n > 0xFFFF {
		return nil, errTooLong
	}
	b.AddUint16(uint16(n))
	if p.code == eapRequest || p.code == eapResponse {
		b.AddUint8(p.typ)
	}
	b.AddBytes(p.data)
	return b.Bytes()
}

func (p *eapPayload) unmarshal(data []byte) bool {
	*p = eapPayload{}
	s := cryptobyte.String(data)
	var n uint16
	if !s.ReadUint8(&p.code) || !s.ReadUint8(&p.identifier) || !s.ReadUint16(&n) || int(n) != len(data) {
		return false
	}
	if p.code == eapRequest || p.code == eapResponse {
		if !s.ReadUint8(&p.typ) {
			return false
		}
	}
	p.data = s
	return true
}

// trafficSelector is one IPv4 or IPv6 address range. RFC 7296, Section
// 3.13.1.
type trafficSelector struct {
	typ                uint8 // 7 TS_IPV4_ADDR_RANGE, 8 TS_IPV6_ADDR_RANGE
	protocol           uint8
	startPort, endPort uint16
	start, end         []byte
}

// tsPayload is the Traffic Selector payload, TSi or TSr. RFC 7296,
// Section 3.13.
type tsPayload struct {
	selectors []trafficSelector
}

func (p *tsPayload) marshal() ([]byte, error) {
	if len(p.selectors) == 0 || len(p.selectors) > 255 {
		return nil, errors.New("ikeprobe: 1 to 255 traffic selectors")
	}
	var b cryptobyte.Builder
	b.AddUint8(uint8(len(p.selectors)))
	b.AddBytes([]byte{0, 0, 0})
	for _, ts := range p.selectors {
		if len(ts.start) != len(ts.end) || (len(ts.start) != 4 && len(ts.start) != 16) {
			return nil, errors.New("ikeprobe: traffic selector addresses of 4 or 16 bytes")
		}
		b.AddUint8(ts.typ)
		b.AddUint8(ts.protocol)
		b.AddUint16(uint16(8 + 2*len(ts.start)))
		b.AddUint16(ts.startPort)
		b.AddUint16(ts.endPort)
		b.AddBytes(ts.start)
		b.AddBytes(ts.end)
	}
	return b.Bytes()
}

func (p *tsPayload) unmarshal(data []byte) bool {
	*p = tsPayload{}
	s := cryptobyte.String(data)
	var n uint8
	var reserved []byte
	if !s.ReadUint8(&n) || !s.ReadBytes(&reserved, 3) || n == 0 {
		return false
	}
	for range int(n) {
		var ts trafficSelector
		var l uint16
		if !s.ReadUint8(&ts.typ) || !s.ReadUint8(&ts.protocol) || !s.ReadUint16(&l) ||
			(l != 16 && l != 40) || !s.ReadUint16(&ts.startPort) || !s.ReadUint16(&ts.endPort) ||
			!s.ReadBytes(&ts.start, (int(l)-8)/2) || !s.ReadBytes(&ts.end, (int(l)-8)/2) {
			return false
		}
		p.selectors = append(p.selectors, ts)
	}
	return s.Empty()
}

// deletePayload is the Delete payload. RFC 7296, Section 3.11: for the
// IKE SA, protocol 1 with no SPI.
type deletePayload struct {
	protocol uint8
	spiSize  uint8
	spis     [][]byte
}

func (p *deletePayload) marshal() ([]byte, error) {
	if len(p.spis) > 0xFFFF {
		return nil, errTooLong
	}
	var b cryptobyte.Builder
	b.AddUint8(p.protocol)
	b.AddUint8(p.spiSize)
	b.AddUint16(uint16(len(p.spis)))
	for _, spi := range p.spis {
		if len(spi) != int(p.spiSize) {
			return nil, errors.New("ikeprobe: SPI of the wrong size")
		}
		b.AddBytes(spi)
	}
	return b.Bytes()
}

func (p *deletePayload) unmarshal(data []byte) bool {
	*p = deletePayload{}
	s := cryptobyte.String(data)
	var n uint16
	if !s.ReadUint8(&p.protocol) || !s.ReadUint8(&p.spiSize) || !s.ReadUint16(&n) {
		return false
	}
	if p.spiSize == 0 && n != 0 {
		return false
	}
	for range int(n) {
		var spi []byte
		if !s.ReadBytes(&spi, int(p.spiSize)) {
			return false
		}
		p.spis = append(p.spis, spi)
	}
	return s.Empty()
}
