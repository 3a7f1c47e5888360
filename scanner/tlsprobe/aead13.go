package tlsprobe

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/cryptobyte"
)

// TLS 1.3 record protection for the client of client13.go: the AEADs of
// the TLS 1.3 suites and the TLSInnerPlaintext framing. RFC 8446, Section
// 5.2 and 5.3.

// aeadNonceLen13 is the per-record nonce length (iv_length) of every TLS
// 1.3 suite. RFC 8446, Section 5.3.
const aeadNonceLen13 = 12

// maxCiphertext13 bounds TLSCiphertext.length: 2^14 + 256. RFC 8446,
// Section 5.2.
const maxCiphertext13 = maxPlaintext + 256

var (
	errRecordOverflow = errors.New("tlsprobe: record_overflow: record longer than TLS 1.3 allows")
	errBadRecordMAC   = errors.New("tlsprobe: bad_record_mac: record does not decrypt")
)

func newAESGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

func newChaCha20Poly1305(key []byte) (cipher.AEAD, error) { return chacha20poly1305.New(key) }

// newAESCCM16 is AES-CCM with a 16-byte tag, TLS_AES_128_CCM_SHA256.
// RFC 8446, Appendix B.4, and RFC 5116, Section 5.3.
func newAESCCM16(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return newCCM(b, aeadNonceLen13, 16)
}

// newAESCCM8 is AES-CCM with an 8-byte tag, TLS_AES_128_CCM_8_SHA256.
// RFC 6655, Section 3.
func newAESCCM8(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return newCCM(b, aeadNonceLen13, 8)
}

// ccm is Counter with CBC-MAC over a 128-bit block cipher. NIST SP 800-38C
// and RFC 3610 (whose M and L are tagSize and 15-nonceSize). It is not
// constant time in the lengths, which are public anyway.
type ccm struct {
	b         cipher.Block
	nonceSize int
	tagSize   int
}

// newCCM returns CCM with a nonce of 7..13 bytes and an even tag of 4..16
// bytes. NIST SP 800-38C, Appendix A.1.
func newCCM(b cipher.Block, nonceSize, tagSize int) (cipher.AEAD, error) {
	if b.BlockSize() != 16 {
		return nil, errors.New("tlsprobe: CCM needs a 128-bit block cipher")
	}
	if nonceSize < 7 || nonceSize > 13 {
		return nil, fmt.Errorf("tlsprobe: invalid CCM nonce size %d", nonceSize)
	}
	if tagSize < 4 || tagSize > 16 || tagSize%2 != 0 {
		return nil, fmt.Errorf("tlsprobe: invalid CCM tag size %d", tagSize)
	}
	return &ccm{b: b, nonceSize: nonceSize, tagSize: tagSize}, nil
}

func (c *ccm) NonceSize() int { return c.nonceSize }
func (c *ccm) Overhead() int  { return c.tagSize }

// maxLen is the longest payload the length field of q = 15-nonceSize bytes
// can encode.
func (c *ccm) maxLen() uint64 {
	q := 15 - c.nonceSize
	if q >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*q) - 1
}

// counter returns counter block Ctr_i. NIST SP 800-38C, Appendix A.3.
func (c *ccm) counter(nonce []byte, i uint64) [16]byte {
	var ctr [16]byte
	ctr[0] = byte(15 - c.nonceSize - 1)
	copy(ctr[1:], nonce)
	for j := 15; j > c.nonceSize; j-- {
		ctr[j] = byte(i)
		i >>= 8
	}
	return ctr
}

// cbcMAC runs the CBC-MAC state y over data, zero-padded to a block.
func (c *ccm) cbcMAC(y *[16]byte, data []byte) {
	for len(data) > 0 {
		n := min(16, len(data))
		subtle.XORBytes(y[:n], y[:n], data[:n])
		c.b.Encrypt(y[:], y[:])
		data = data[n:]
	}
}

// tag is the unencrypted MAC T of NIST SP 800-38C, Section 6.1, steps 1-4.
func (c *ccm) tag(nonce, plaintext, ad []byte) []byte {
	// Appendix A.2.1: B0 = flags | N | Q
	var y [16]byte
	y[0] = byte((c.tagSize-2)/2<<3 | (15 - c.nonceSize - 1))
	if len(ad) > 0 {
		y[0] |= 0x40
	}
	copy(y[1:], nonce)
	n := uint64(len(plaintext))
	for j := 15; j > c.nonceSize; j-- {
		y[j] = byte(n)
		n >>= 8
	}
	c.b.Encrypt(y[:], y[:])
	if len(ad) > 0 {
		// Appendix A.2.2: the length of a, then a, zero-padded
		var hdr []byte
		switch la := uint64(len(ad)); {
		case la < 0xFF00:
			hdr = binary.BigEndian.AppendUint16(nil, uint16(la))
		case la <= 0xFFFFFFFF:
			hdr = binary.BigEndian.AppendUint32([]byte{0xFF, 0xFE}, uint32(la))
		default:
			hdr = binary.BigEndian.AppendUint64([]byte{0xFF, 0xFF}, la)
		}
		c.cbcMAC(&y, append(hdr, ad...))
	}
	c.cbcMAC(&y, plaintext)
	return y[:c.tagSize]
}

// crypt XORs src with the keystream S1, S2, ... into dst.
func (c *ccm) crypt(nonce, dst, src []byte) {
	ctr := c.counter(nonce, 1)
	cipher.NewCTR(c.b, ctr[:]).XORKeyStream(dst, src)
}

// maskTag XORs t with MSB_tagSize(S0).
func (c *ccm) maskTag(nonce, t []byte) {
	s0 := c.counter(nonce, 0)
	c.b.Encrypt(s0[:], s0[:])
	subtle.XORBytes(t, t, s0[:len(t)])
}

func (c *ccm) Seal(dst, nonce, plaintext, ad []byte) []byte {
	if len(nonce) != c.nonceSize {
		panic("tlsprobe: incorrect CCM nonce length")
	}
	if uint64(len(plaintext)) > c.maxLen() {
		panic("tlsprobe: CCM plaintext too long")
	}
	t := c.tag(nonce, plaintext, ad)
	c.maskTag(nonce, t)
	ret, out := sliceForAppend(dst, len(plaintext)+c.tagSize)
	c.crypt(nonce, out[:len(plaintext)], plaintext)
	copy(out[len(plaintext):], t)
	return ret
}

func (c *ccm) Open(dst, nonce, ciphertext, ad []byte) ([]byte, error) {
	if len(nonce) != c.nonceSize {
		panic("tlsprobe: incorrect CCM nonce length")
	}
	if len(ciphertext) < c.tagSize || uint64(len(ciphertext)-c.tagSize) > c.maxLen() {
		return nil, errBadRecordMAC
	}
	body, sent := ciphertext[:len(ciphertext)-c.tagSize], ciphertext[len(ciphertext)-c.tagSize:]
	ret, out := sliceForAppend(dst, len(body))
	want := make([]byte, c.tagSize)
	copy(want, sent)
	c.crypt(nonce, out, body)
	t := c.tag(nonce, out, ad)
	c.maskTag(nonce, t)
	if subtle.ConstantTimeCompare(t, want) != 1 {
		clear(out)
		return nil, errBadRecordMAC
	}
	return ret, nil
}

// sliceForAppend extends in by n bytes and returns the whole slice and the
// extension, as crypto/cipher does.
func sliceForAppend(in []byte, n int) (head, tail []byte) {
	if total := len(in) + n; cap(in) >= total {
		head = in[:total]
	} else {
		head = make([]byte, total)
		copy(head, in)
	}
	return head, head[len(in):]
}

// halfConn13 protects the records of one direction under one traffic
// secret. RFC 8446, Section 5.2 and 5.3.
type halfConn13 struct {
	aead cipher.AEAD
	iv   []byte
	seq  uint64
}

func newHalfConn13(s *suite13, secret []byte) (*halfConn13, error) {
	key, iv := s.trafficKeys(secret)
	a, err := s.aead(key)
	if err != nil {
		return nil, err
	}
	return &halfConn13{aead: a, iv: iv}, nil
}

// nonce is the IV XORed with the 64-bit sequence number, left-padded.
// RFC 8446, Section 5.3.
func (hc *halfConn13) nonce() []byte {
	n := make([]byte, len(hc.iv))
	copy(n, hc.iv)
	for i := range 8 {
		n[len(n)-1-i] ^= byte(hc.seq >> (8 * i))
	}
	return n
}

// seal returns one TLSCiphertext record carrying content of type typ
// (content at most maxPlaintext bytes), with no padding.
func (hc *halfConn13) seal(typ uint8, content []byte) ([]byte, error) {
	if len(content) > maxPlaintext {
		return nil, errRecordOverflow
	}
	inner := make([]byte, 0, len(content)+1+hc.aead.Overhead())
	inner = append(append(inner, content...), typ)
	// RFC 8446, Section 5.2: opaque_type, legacy_record_version, length
	var b cryptobyte.Builder
	b.AddUint8(recordApplicationData)
	b.AddUint16(versionTLS12)
	b.AddUint16(uint16(len(inner) + hc.aead.Overhead()))
	hdr, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	out := hc.aead.Seal(hdr, hc.nonce(), inner, hdr)
	hc.seq++
	return out, nil
}

// open decrypts an application_data record and returns the inner content
// type and the content, padding removed.
func (hc *halfConn13) open(rec record) (uint8, []byte, error) {
	if rec.typ != recordApplicationData {
		return 0, nil, fmt.Errorf("%w: %d in a protected flight", errUnexpectedRecord, rec.typ)
	}
	if len(rec.payload) > maxCiphertext13 {
		return 0, nil, fmt.Errorf("%w: %d bytes", errRecordOverflow, len(rec.payload))
	}
	var hdr [recordHeaderLen]byte
	hdr[0] = rec.typ
	binary.BigEndian.PutUint16(hdr[1:], rec.vers)
	binary.BigEndian.PutUint16(hdr[3:], uint16(len(rec.payload)))
	plain, err := hc.aead.Open(nil, hc.nonce(), rec.payload, hdr[:])
	if err != nil {
		return 0, nil, errBadRecordMAC
	}
	hc.seq++
	// RFC 8446, Section 5.4: the type is the last non-zero byte.
	i := len(plain) - 1
	for i >= 0 && plain[i] == 0 {
		i--
	}
	if i < 0 {
		return 0, nil, fmt.Errorf("%w: protected record without a content type", errUnexpectedRecord)
	}
	if i > maxPlaintext {
		return 0, nil, fmt.Errorf("%w: %d bytes of plaintext", errRecordOverflow, i)
	}
	return plain[i], plain[:i], nil
}

// sealRecords seals payload as records of at most maxPlaintext bytes (one
// empty record for an empty payload) and returns them.
func sealRecords(hc *halfConn13, typ uint8, payload []byte) ([]byte, error) {
	var out []byte
	for first := true; first || len(payload) > 0; first = false {
		frag := payload[:min(len(payload), maxPlaintext)]
		payload = payload[len(frag):]
		rec, err := hc.seal(typ, frag)
		if err != nil {
			return nil, err
		}
		out = append(out, rec...)
	}
	return out, nil
}
