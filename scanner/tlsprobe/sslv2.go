package tlsprobe

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/cryptobyte"
)

// SSLv2 messages, after Hickman, "The SSL Protocol" (draft-hickman-netscape-
// ssl-00, 1995) and RFC 6101, Appendix E. SSLv2 writes all the lengths of a
// message before all its data, so those lengths cannot be cryptobyte
// prefixes: they are written from the vectors just before them and checked.

// SSLv2 message types. "The SSL Protocol", Section 2.6 and 2.7.
const (
	sslv2MsgError       uint8 = 0
	sslv2MsgClientHello uint8 = 1
	sslv2MsgServerHello uint8 = 4
)

// SSLv2 error codes. "The SSL Protocol", Appendix B.
const (
	sslv2NoCipherError                         uint16 = 0x0001
	sslv2NoCertificateError                    uint16 = 0x0002
	sslv2BadCertificateError                   uint16 = 0x0004
	sslv2UnsupportedCertificateTypeErroruint16        = 0x0006
)

const (
	sslv2MaxBody       = 0x7FFF // 2-byte header: 15 bits of length
	sslv2MaxBodyPadded = 0x3FFF // 3-byte header: 14 bits of length
	sslv2CipherSpecLen = 3
)

var errSSLv2RecordTooLong = errors.New("tlsprobe: SSLv2 record too long")

// sslv2Record wraps body in a record with the 2-byte header, whose first
// bit is set. "The SSL Protocol", Section 1.2.
func sslv2Record(body []byte) ([]byte, error) {
	if len(body) > sslv2MaxBody {
		return nil, fmt.Errorf("%w: %d bytes", errSSLv2RecordTooLong, len(body))
	}
	var b cryptobyte.Builder
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(body) })
	out, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	out[0] |= 0x80
	return out, nil
}

// readSSLv2Record reads one SSLv2 record, with the 2-byte header (first bit
// set, 15-bit length) or the 3-byte one (14-bit length, a padding count),
// and returns its body without the padding. "The SSL Protocol", Section 1.2.
func readSSLv2Record(r io.Reader) ([]byte, error) {
	var hdr [3]byte
	if _, err := io.ReadFull(r, hdr[:2]); err != nil {
		return nil, fmt.Errorf("tlsprobe: failed to read SSLv2 record header: %w", err)
	}
	var n, padding int
	if hdr[0]&0x80 != 0 {
		n = int(hdr[0]&0x7F)<<8 | int(hdr[1])
	} else {
		n = int(hdr[0]&0x3F)<<8 | int(hdr[1])
		if _, err := io.ReadFull(r, hdr[2:]); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("tlsprobe: failed to read SSLv2 record header: %w", err)
		}
		padding = int(hdr[2])
		if padding > n {
			return nil, fmt.Errorf("tlsprobe: SSLv2 padding of %d bytes in a %d-byte record", padding, n)
		}
	}
	body := make([]byte, n) // n <= sslv2MaxBody by construction
	if _, err := io.ReadFull(r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("tlsprobe: failed to read SSLv2 record body: %w", err)
	}
	return body[:n-padding], nil
}

// addSSLv2Length writes the uint16 length of a vector that comes later.
func addSSLv2Length(b *cryptobyte.Builder, n int) {
	if n > 0xFFFF {
		b.SetError(fmt.Errorf("tlsprobe: SSLv2 vector of %d bytes", n))
		return
	}
	b.AddUint16(uint16(n))
}

func addSSLv2CipherSpecs(b *cryptobyte.Builder, specs []uint32) {
	for _, spec := range specs {
		if spec > 0xFFFFFF {
			b.SetError(fmt.Errorf("tlsprobe: SSLv2 cipher kind 0x%X does not fit 3 bytes", spec))
			return
		}
		b.AddUint24(spec)
	}
}

func readSSLv2CipherSpecs(s *cryptobyte.String, n uint16, out *[]uint32) bool {
	var specs cryptobyte.String
	if n%sslv2CipherSpecLen != 0 || !s.ReadBytes((*[]byte)(&specs), int(n)) {
		return false
	}
	for !specs.Empty() {
		var spec uint32
		specs.ReadUint24(&spec)
		*out = append(*out, spec)
	}
	return true
}

// sslv2ClientHello is CLIENT-HELLO. "The SSL Protocol", Section 2.6.
type sslv2ClientHello struct {
	vers        uint16
	cipherSpecs []uint32 // 3-byte cipher kinds
	sessionID   []byte
	challenge   []byte
}

// marshal returns the whole record, 2-byte header included.
func (m *sslv2ClientHello) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(sslv2MsgClientHello)
	b.AddUint16(m.vers)
	addSSLv2Length(&b, sslv2CipherSpecLen*len(m.cipherSpecs))
	addSSLv2Length(&b, len(m.sessionID))
	addSSLv2Length(&b, len(m.challenge))
	addSSLv2CipherSpecs(&b, m.cipherSpecs)
	b.AddBytes(m.sessionID)
	b.AddBytes(m.challenge)
	body, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	return sslv2Record(body)
}

// unmarshal parses a whole record with the 2-byte header.
func (m *sslv2ClientHello) unmarshal(rec []byte) bool {
	*m = sslv2ClientHello{}
	s := cryptobyte.String(rec)
	var n uint16
	if !s.ReadUint16(&n) || n&0x8000 == 0 || int(n&0x7FFF) != len(s) {
		return false
	}
	var typ uint8
	var specsLen, sessionIDLen, challengeLen uint16
	if !s.ReadUint8(&typ) || typ != sslv2MsgClientHello || !s.ReadUint16(&m.vers) ||
		!s.ReadUint16(&specsLen) || !s.ReadUint16(&sessionIDLen) || !s.ReadUint16(&challengeLen) ||
		!readSSLv2CipherSpecs(&s, specsLen, &m.cipherSpecs) ||
		!s.ReadBytes(&m.sessionID, int(sessionIDLen)) ||
		!s.ReadBytes(&m.challenge, int(challengeLen)) || !s.Empty() {
		return false
	}
	m.sessionID = emptyToNil(m.sessionID)
	m.challenge = emptyToNil(m.challenge)
	return true
}

// sslv2ServerHello is SERVER-HELLO. "The SSL Protocol", Section 2.6.
type sslv2ServerHello struct {
	sessionIDHit uint8
	certType     uint8 // 1: X.509 certificate
	vers         uint16
	certificate  []byte
	cipherSpecs  []uint32
	connectionID []byte
}

// marshal returns the record body; sslv2Record wraps it.
func (m *sslv2ServerHello) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(sslv2MsgServerHello)
	b.AddUint8(m.sessionIDHit)
	b.AddUint8(m.certType)
	b.AddUint16(m.vers)
	addSSLv2Length(&b, len(m.certificate))
	addSSLv2Length(&b, sslv2CipherSpecLen*len(m.cipherSpecs))
	addSSLv2Length(&b, len(m.connectionID))
	b.AddBytes(m.certificate)
	addSSLv2CipherSpecs(&b, m.cipherSpecs)
	b.AddBytes(m.connectionID)
	return b.Bytes()
}

// unmarshal parses a record body starting with the message type.
func (m *sslv2ServerHello) unmarshal(body []byte) bool {
	*m = sslv2ServerHello{}
	s := cryptobyte.String(body)
	var typ uint8
	var certLen, specsLen, connIDLen uint16
	if !s.ReadUint8(&typ) || typ != sslv2MsgServerHello ||
		!s.ReadUint8(&m.sessionIDHit) || !s.ReadUint8(&m.certType) || !s.ReadUint16(&m.vers) ||
		!s.ReadUint16(&certLen) || !s.ReadUint16(&specsLen) || !s.ReadUint16(&connIDLen) ||
		!s.ReadBytes(&m.certificate, int(certLen)) ||
		!readSSLv2CipherSpecs(&s, specsLen, &m.cipherSpecs) ||
		!s.ReadBytes(&m.connectionID, int(connIDLen)) || !s.Empty() {
		return false
	}
	m.certificate = emptyToNil(m.certificate)
	m.connectionID = emptyToNil(m.connectionID)
	return true
}

// sslv2Error is ERROR. "The SSL Protocol", Section 2.7.
type sslv2Error struct {
	code uint16
}

// marshal returns the record body.
func (m *sslv2Error) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(sslv2MsgError)
	b.AddUint16(m.code)
	return b.Bytes()
}

func (m *sslv2Error) unmarshal(body []byte) bool {
	*m = sslv2Error{}
	s := cryptobyte.String(body)
	var typ uint8
	return s.ReadUint8(&typ) && typ == sslv2MsgError && s.ReadUint16(&m.code) && s.Empty()
}
