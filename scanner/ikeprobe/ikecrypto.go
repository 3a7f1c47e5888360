package ikeprobe

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/big"
	"slices"
)

// The cryptography of the one IKE SA the probe sets up (auth.go): key
// exchange, key derivation (RFC 7296, Sections 2.13 and 2.14) and the
// Encrypted and Authenticated payload (Section 3.14; RFC 5282 for
// AES-GCM, RFC 5930 for AES-CTR). Only the transforms below are
// computed; the choice among those the responder accepts is in auth.go.
// Some are weak (weakTransform): 3DES, HMAC-SHA1, MODP-1024 and -1536.
// The probe computes them only to read the certificate of a responder
// that accepts nothing stronger; it never relies on their secrecy.

// keExchange is one side of a key exchange.
type keExchange interface {
	// public is the KE payload's Key Exchange Data.
	public() []byte
	// shared is g^ir from the peer's Key Exchange Data.
	shared(peer []byte) ([]byte, error)
}

// computableGroups are the key-exchange methods the probe computes, in
// its order of preference when the responder's is unknown.
var computableGroups = []uint16{19, 20, 21, 31, 14, 15, 16, 5, 2}

// weakTransform reports whether a computed transform is one the probe
// uses only when the responder accepts no stronger one of its type (RFC
// 8247, Sections 2.1 to 2.4: 3DES, PRF_HMAC_SHA1 and AUTH_HMAC_SHA1_96
// are MAY or SHOULD NOT, groups 2 and 5 below the recommended strength).
func weakTransform(typ uint8, id uint16) bool {
	switch typ {
	case transformENCR:
		return id == 3
	case transformPRF, transformINTEG:
		return id == 2
	case transformKE:
		return id == 2 || id == 5
	}
	return false
}

// newKeyExchange draws a private key for group from rand.
func newKeyExchange(group uint16, rand io.Reader) (keExchange, error) {
	switch group {
	case 19, 20, 21:
		curve := map[uint16]ecdh.Curve{19: ecdh.P256(), 20: ecdh.P384(), 21: ecdh.P521()}[group]
		k, err := curve.GenerateKey(rand)
		if err != nil {
			return nil, err
		}
		return ecpKE{k}, nil
	case 31:
		k, err := ecdh.X25519().GenerateKey(rand)
		if err != nil {
			return nil, err
		}
		return x25519KE{k}, nil
	}
	hexP, ok := modpPrimes[group]
	if !ok {
		return nil, fmt.Errorf("key-exchange method %s not computed", transformName(transformKE, group))
	}
	p, _ := new(big.Int).SetString(hexP, 16)
	// A 256-bit exponent at least, twice the strength of the group
	// (RFC 3526, Section 8).
	b := make([]byte, 64)
	if _, err := io.ReadFull(rand, b); err != nil {
		return nil, err
	}
	x := new(big.Int).SetBytes(b)
	return modpKE{p: p, x: x}, nil
}

// ecpKE is an ECP group: Key Exchange Data and g^ir as RFC 5903,
// Sections 7 and 9 have them (x | y, and x alone).
type ecpKE struct{ k *ecdh.PrivateKey }

func (e ecpKE) public() []byte { return e.k.PublicKey().Bytes()[1:] }

func (e ecpKE) shared(peer []byte) ([]byte, error) {
	pub, err := e.k.Curve().NewPublicKey(append([]byte{4}, peer...))
	if err != nil {
		return nil, fmt.Errorf("the responder's KE payload is no point of the curve: %w", err)
	}
	return e.k.ECDH(pub)
}

// x25519KE is Curve25519 (RFC 8031, Section 2).
type x25519KE struct{ k *ecdh.PrivateKey }

func (e x25519KE) public() []byte { return e.k.PublicKey().Bytes() }

func (e x25519KE) shared(peer []byte) ([]byte, error) {
	pub, err := ecdh.X25519().NewPublicKey(peer)
	if err != nil {
		return nil, fmt.Errorf("the responder's KE payload is no Curve25519 key: %w", err)
	}
	return e.k.ECDH(pub)
}

// modpKE is a MODP group: values big-endian, padded to the prime's
// length (RFC 7296, Section 3.4; Section 2.14 for g^ir).
type modpKE struct{ p, x *big.Int }

func (e modpKE) size() int { return (e.p.BitLen() + 7) / 8 }

func (e modpKE) public() []byte {
	return new(big.Int).Exp(big.NewInt(2), e.x, e.p).FillBytes(make([]byte, e.size()))
}

func (e modpKE) shared(peer []byte) ([]byte, error) {
	y := new(big.Int).SetBytes(peer)
	// RFC 6989, Section 2.1: 1 < y < p-1.
	if len(peer) != e.size() || y.Cmp(big.NewInt(1)) <= 0 || y.Cmp(new(big.Int).Sub(e.p, big.NewInt(1))) >= 0 {
		return nil, errors.New("the responder's KE payload is out of the group's range")
	}
	return new(big.Int).Exp(y, e.x, e.p).FillBytes(make([]byte, e.size())), nil
}

// prfHash is the hash of a computed PRF (HMAC, RFC 2104 and RFC 4868),
// nil for others.
func prfHash(id uint16) func() hash.Hash {
	switch id {
	case 2:
		return sha1.New
	case 5:
		return sha256.New
	case 6:
		return sha512.New384
	case 7:
		return sha512.New
	}
	return nil
}

// prf is an HMAC PRF.
type prf struct{ h func() hash.Hash }

func (p prf) size() int { return p.h().Size() }

func (p prf) sum(key []byte, data ...[]byte) []byte {
	m := hmac.New(p.h, key)
	for _, d := range data {
		m.Write(d)
	}
	return m.Sum(nil)
}

// plus is prf+ (RFC 7296, Section 2.13): n bytes of T1 | T2 | ...
func (p prf) plus(key, seed []byte, n int) []byte {
	var out, t []byte
	for i := 1; len(out) < n && i < 256; i++ {
		t = p.sum(key, t, seed, []byte{byte(i)})
		out = append(out, t...)
	}
	return out[:n]
}

// integ is a computed integrity algorithm: HMAC-SHA1 truncated to 96
// bits (RFC 2404), HMAC-SHA2 to half its output (RFC 4868).
type integ struct {
	h      func() hash.Hash
	keyLen int
	icvLen int
}

func integInfo(id uint16) (integ, bool) {
	switch id {
	case 2:
		return integ{sha1.New, 20, 12}, true
	case 12:
		return integ{sha256.New, 32, 16}, true
	case 13:
		return integ{sha512.New384, 48, 24}, true
	case 14:
		return integ{sha512.New, 64, 32}, true
	}
	return integ{}, false
}

// suite is the IKE SA's transforms: AES-GCM with a 16-byte ICV (RFC
// 5282), or AES-CBC (RFC 3602), AES-CTR (RFC 5930) or 3DES-CBC (RFC 2451)
// with an integrity algorithm.
type suite struct {
	encr    uint16
	keyBits int // the Key Length attribute: 0 for 3DES
	prf     prf
	prfID   uint16
	integ   integ
	integID uint16
	group   uint16
}

// computedEncr reports whether the probe computes the encryption
// algorithm id with the Key Length keyBits.
func computedEncr(id uint16, keyBits int) bool {
	switch id {
	case 12, 13, 20:
		return keyBits == 128 || keyBits == 192 || keyBits == 256
	case 3:
		return keyBits == 0
	}
	return false
}

func (s suite) aead() bool { return s.encr == 20 }

// stream is AES-CTR, which needs no padding (RFC 5930, Section 2).
func (s suite) stream() bool { return s.encr == 13 }

// keyLen is the cipher key's length: three DES keys for 3DES.
func (s suite) keyLen() int {
	if s.encr == 3 {
		return 24
	}
	return s.keyBits / 8
}

// encKeyLen is the length of SK_ei and SK_er: the cipher key, and for GCM
// and CTR its 4-byte salt or nonce (RFC 5282, Section 7.1; RFC 5930,
// Section 2).
func (s suite) encKeyLen() int {
	if s.aead() || s.stream() {
		return s.keyLen() + 4
	}
	return s.keyLen()
}

// ivLen is the length of the SK payload's IV: 8 bytes for GCM and CTR
// (RFC 5282, Section 3.1; RFC 5930, Section 2), a block for CBC.
func (s suite) ivLen() int {
	switch s.encr {
	case 20, 13, 3:
		return 8
	}
	return aes.BlockSize
}

// block is the block cipher keyed with encKey's first keyLen bytes.
func (s suite) block(encKey []byte) (cipher.Block, error) {
	if len(encKey) < s.encKeyLen() {
		return nil, fmt.Errorf("an encryption key of %d bytes for %d", len(encKey), s.encKeyLen())
	}
	if s.encr == 3 {
		return des.NewTripleDESCipher(encKey[:24])
	}
	return aes.NewCipher(encKey[:s.keyLen()])
}

// ctrStream is AES-CTR's keystream for one message: the counter block is
// the nonce, the IV and a 32-bit block counter starting at 1 (RFC 3686,
// Section 4, as RFC 5930 uses it).
func (s suite) ctrStream(block cipher.Block, encKey, iv []byte) cipher.Stream {
	ctr := slices.Concat(encKey[s.keyLen():s.keyLen()+4], iv, []byte{0, 0, 0, 1})
	return cipher.NewCTR(block, ctr)
}

// keys are the IKE SA's keys (RFC 7296, Section 2.14).
type keys struct {
	d, ai, ar, ei, er, pi, pr []byte
}

// deriveKeys computes SKEYSEED = prf(Ni | Nr, g^ir) and {SK_d | SK_ai |
// SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi |
// SPIr).
func deriveKeys(s suite, gir, ni, nr []byte, spiI, spiR uint64) keys {
	seed := s.prf.sum(slices.Concat(ni, nr), gir)
	var spis [16]byte
	for i := range 8 {
		spis[i] = byte(spiI >> (56 - 8*i))
		spis[8+i] = byte(spiR >> (56 - 8*i))
	}
	p, a, e := s.prf.size(), s.integ.keyLen, s.encKeyLen()
	if s.aead() {
		a = 0
	}
	km := s.prf.plus(seed, slices.Concat(ni, nr, spis[:]), 3*p+2*a+2*e)
	next := func(n int) []byte {
		k := km[:n:n]
		km = km[n:]
		return k
	}
	var k keys
	k.d, k.ai, k.ar, k.ei, k.er, k.pi, k.pr = next(p), next(a), next(a), next(e), next(e), next(p), next(p)
	return k
}

// sealSK returns m with its payloads inside an SK payload (RFC 7296,
// Section 3.14): IV, the encrypted payloads with padding and Pad Length,
// and the ICV over the whole message (for AES-GCM, the ICV is the tag and
// the header up to the IV the associated data, RFC 5282, Section 5.1).
func sealSK(m message, s suite, encKey, integKey []byte, rand io.Reader) ([]byte, error) {
	inner := message{payloads: m.payloads}
	chain, err := inner.marshal()
	if err != nil {
		return nil, err
	}
	first := uint8(0)
	if len(m.payloads) > 0 {
		first = m.payloads[0].typ
	}
	return sealChain(m, first, chain[headerLen:], s, encKey, integKey, rand)
}

// sealChain is sealSK for a chain of payloads already laid out, the
// first of type first.
func sealChain(m message, first uint8, plain []byte, s suite, encKey, integKey []byte, rand io.Reader) ([]byte, error) {
	block, err := s.block(encKey)
	if err != nil {
		return nil, err
	}
	ivLen, icvLen := s.ivLen(), s.integ.icvLen
	switch {
	case s.aead():
		icvLen = 16
		plain = append(slices.Clip(plain), 0) // no padding, Pad Length 0
	case s.stream():
		plain = append(slices.Clip(plain), 0)
	default:
		bs := block.BlockSize()
		pad := bs - (len(plain)+1)%bs
		if pad == bs {
			pad = 0
		}
		plain = append(slices.Clip(plain), make([]byte, pad)...)
		plain = append(plain, byte(pad))
	}
	iv := make([]byte, ivLen)
	if _, err := io.ReadFull(rand, iv); err != nil {
		return nil, err
	}
	// The message with the SK payload's body in place but for its
	// ciphertext and ICV, which depend on the header.
	body := make([]byte, ivLen+len(plain)+icvLen)
	copy(body, iv)
	out := message{spiI: m.spiI, spiR: m.spiR, version: m.version, exchange: m.exchange, flags: m.flags, msgID: m.msgID,
		payloads: []payload{{typ: payloadSK, body: body}}, skNext: first}
	b, err := out.marshal()
	if err != nil {
		return nil, err
	}
	ctStart := headerLen + 4 + ivLen
	ct := b[ctStart : ctStart+len(plain)]
	switch {
	case s.aead():
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		nonce := slices.Concat(encKey[s.keyLen():s.encKeyLen()], iv)
		gcm.Seal(b[ctStart:ctStart], nonce, plain, b[:headerLen+4])
		return b, nil
	case s.stream():
		s.ctrStream(block, encKey, iv).XORKeyStream(ct, plain)
	default:
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, plain)
	}
	mac := hmac.New(s.integ.h, integKey)
	mac.Write(b[:len(b)-icvLen])
	copy(b[len(b)-icvLen:], mac.Sum(nil)[:icvLen])
	return b, nil
}

// errICV is an SK payload whose integrity check failed.
var errICV = &malformedError{"the SK payload's integrity check value is wrong"}

// openSK checks and decrypts the SK payload ending m (read from m.raw)
// and returns the payloads it holds.
func openSK(m *message, s suite, encKey, integKey []byte) ([]payload, error) {
	if len(m.payloads) == 0 || m.payloads[len(m.payloads)-1].typ != payloadSK {
		if len(m.payloads) > 0 && m.payloads[len(m.payloads)-1].typ == payloadSKF {
			return nil, &malformedError{"a fragmented answer (SKF, RFC 7383), though fragmentation was not negotiated"}
		}
		return nil, &malformedError{"no SK payload"}
	}
	body := m.payloads[len(m.payloads)-1].body
	// The SK payload is the last of the message: its body ends the
	// datagram.
	raw := m.raw
	if len(raw) < len(body) {
		return nil, &malformedError{"an SK payload outside its message"}
	}
	block, err := s.block(encKey)
	if err != nil {
		return nil, err
	}
	var plain []byte
	if s.aead() {
		const ivLen, icvLen = 8, 16
		if len(body) < ivLen+icvLen+1 {
			return nil, &malformedError{fmt.Sprintf("an SK payload of %d bytes", len(body))}
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		aad := raw[:len(raw)-len(body)]
		nonce := slices.Concat(encKey[s.keyLen():s.encKeyLen()], body[:ivLen])
		plain, err = gcm.Open(nil, nonce, body[ivLen:], aad)
		if err != nil {
			return nil, errICV
		}
	} else {
		ivLen, icvLen, bs := s.ivLen(), s.integ.icvLen, block.BlockSize()
		if s.stream() {
			bs = 1
		}
		if len(body) < ivLen+bs+icvLen || (len(body)-ivLen-icvLen)%bs != 0 {
			return nil, &malformedError{fmt.Sprintf("an SK payload of %d bytes, not IV, whole blocks and ICV", len(body))}
		}
		mac := hmac.New(s.integ.h, integKey)
		mac.Write(raw[:len(raw)-icvLen])
		if subtle.ConstantTimeCompare(mac.Sum(nil)[:icvLen], raw[len(raw)-icvLen:]) != 1 {
			return nil, errICV
		}
		iv, ct := body[:ivLen], body[ivLen:len(body)-icvLen]
		plain = make([]byte, len(ct))
		if s.stream() {
			s.ctrStream(block, encKey, iv).XORKeyStream(plain, ct)
		} else {
			cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
		}
	}
	pad := int(plain[len(plain)-1])
	if pad+1 > len(plain) {
		return nil, &malformedError{"an SK payload whose Pad Length exceeds its plaintext"}
	}
	ps, _, ok := readChain(plain[:len(plain)-1-pad], m.skNext, true)
	if !ok {
		return nil, &malformedError{"encrypted payloads that do not parse"}
	}
	return ps, nil
}
