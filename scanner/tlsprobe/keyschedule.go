package tlsprobe

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"hash"

	"golang.org/x/crypto/cryptobyte"
)

// The TLS 1.3 key schedule of the client in client13.go. RFC 8446,
// Section 7.1: every secret is an HKDF-Extract or a Derive-Secret of the
// one before, with the transcript hash as context.

// suite13 is what the key schedule and the record layer need of a TLS 1.3
// cipher suite. RFC 8446, Appendix B.4, and RFC 8998 (none of its suites
// are implemented).
type suite13 struct {
	id     uint16
	keyLen int
	hash   func() hash.Hash
	aead   func(key []byte) (cipher.AEAD, error)
}

// suites13 lists the TLS 1.3 suites the client implements.
var suites13 = []suite13{
	{0x1301, 16, sha256.New, newAESGCM},
	{0x1302, 32, sha512.New384, newAESGCM},
	{0x1303, 32, sha256.New, newChaCha20Poly1305},
	{0x1304, 16, sha256.New, newAESCCM16},
	{0x1305, 16, sha256.New, newAESCCM8},
}

// suite13ByID returns the implementation of a TLS 1.3 suite, nil for one
// the client cannot run.
func suite13ByID(id uint16) *suite13 {
	for i := range suites13 {
		if suites13[i].id == id {
			return &suites13[i]
		}
	}
	return nil
}

// hashLen is the output size of the suite's hash.
func (s *suite13) hashLen() int { return s.hash().Size() }

// expandLabel is HKDF-Expand-Label. RFC 8446, Section 7.1.
func (s *suite13) expandLabel(secret []byte, label string, context []byte, length int) []byte {
	var b cryptobyte.Builder
	b.AddUint16(uint16(length))
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes([]byte("tls13 "))
		b.AddBytes([]byte(label))
	})
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes(context)
	})
	info, err := b.Bytes()
	if err != nil {
		panic("tlsprobe: HKDF label too long: " + label) // labels are constants
	}
	out, err := hkdf.Expand(s.hash, secret, string(info), length)
	if err != nil {
		panic("tlsprobe: HKDF-Expand: " + err.Error()) // length is at most a hash size
	}
	return out
}

// deriveSecret is Derive-Secret(secret, label, messages) given the hash of
// the messages. RFC 8446, Section 7.1.
func (s *suite13) deriveSecret(secret []byte, label string, transcriptHash []byte) []byte {
	return s.expandLabel(secret, label, transcriptHash, s.hashLen())
}

// extract is HKDF-Extract(salt, ikm); a nil ikm is a string of hashLen
// zeros, as RFC 8446, Section 7.1 asks when there is no PSK or no (EC)DHE.
func (s *suite13) extract(salt, ikm []byte) []byte {
	if ikm == nil {
		ikm = make([]byte, s.hashLen())
	}
	out, err := hkdf.Extract(s.hash, ikm, salt)
	if err != nil {
		panic("tlsprobe: HKDF-Extract: " + err.Error())
	}
	return out
}

// emptyHash is Transcript-Hash(""), the context of the "derived" secrets.
func (s *suite13) emptyHash() []byte { return s.hash().Sum(nil) }

// earlySecret is HKDF-Extract(0, PSK), with zeros for a nil psk.
func (s *suite13) earlySecret(psk []byte) []byte { return s.extract(nil, psk) }

// handshakeSecret is HKDF-Extract(Derive-Secret(early, "derived", ""),
// (EC)DHE); a nil shared secret is the psk_ke mode's zeros.
func (s *suite13) handshakeSecret(early, shared []byte) []byte {
	return s.extract(s.deriveSecret(early, "derived", s.emptyHash()), shared)
}

// masterSecret is HKDF-Extract(Derive-Secret(handshake, "derived", ""), 0).
func (s *suite13) masterSecret(handshake []byte) []byte {
	return s.extract(s.deriveSecret(handshake, "derived", s.emptyHash()), nil)
}

// Labels of Derive-Secret. RFC 8446, Section 7.1.
const (
	labelExternalBinder   = "ext binder"
	labelResumptionBinder = "res binder"
	labelClientEarly      = "c e traffic"
	labelEarlyExporter    = "e exp master"
	labelClientHandshake  = "c hs traffic"
	labelServerHandshake  = "s hs traffic"
	labelClientAppTraffic = "c ap traffic"
	labelServerAppTraffic = "s ap traffic"
	labelExporter         = "exp master"
	labelResumption       = "res master"
)

// finishedMAC is the verify_data of a Finished (or a PSK binder) keyed by
// baseKey, over a transcript hash. RFC 8446, Section 4.4.4 and 4.2.11.2.
func (s *suite13) finishedMAC(baseKey, transcriptHash []byte) []byte {
	key := s.expandLabel(baseKey, "finished", nil, s.hashLen())
	mac := hmac.New(s.hash, key)
	mac.Write(transcriptHash)
	return mac.Sum(nil)
}

// trafficKeys derives the write key and IV of a traffic secret. RFC 8446,
// Section 7.3.
func (s *suite13) trafficKeys(secret []byte) (key, iv []byte) {
	return s.expandLabel(secret, "key", nil, s.keyLen), s.expandLabel(secret, "iv", nil, aeadNonceLen13)
}

// resumptionPSK is the PSK of a ticket: HKDF-Expand-Label(
// resumption_master_secret, "resumption", ticket_nonce, Hash.length).
// RFC 8446, Section 4.6.1.
func (s *suite13) resumptionPSK(resumptionMaster, nonce []byte) []byte {
	return s.expandLabel(resumptionMaster, "resumption", nonce, s.hashLen())
}

// transcript13 is the running Transcript-Hash of RFC 8446, Section 4.4.1.
// Messages are buffered until the suite (and so the hash) is known.
type transcript13 struct {
	h   hash.Hash
	buf [][]byte
}

func (t *transcript13) write(msg []byte) {
	if t.h == nil {
		t.buf = append(t.buf, msg)
		return
	}
	t.h.Write(msg)
}

// setHash fixes the hash and feeds it the buffered messages.
func (t *transcript13) setHash(h func() hash.Hash) {
	t.h = h()
	for _, m := range t.buf {
		t.h.Write(m)
	}
	t.buf = nil
}

// sum is the hash of the messages so far. The hash must be set.
func (t *transcript13) sum() []byte { return t.h.Sum(nil) }

// hashOf is the hash under h of the buffered messages and extra, the
// transcript untouched (for binders, before the suite is chosen).
func (t *transcript13) hashOf(h func() hash.Hash, extra ...[]byte) []byte {
	d := h()
	if t.h != nil {
		panic("tlsprobe: transcript hash already fixed")
	}
	for _, m := range t.buf {
		d.Write(m)
	}
	for _, m := range extra {
		d.Write(m)
	}
	return d.Sum(nil)
}

// messageHash replaces ClientHello1 by the synthetic message_hash message
// after a HelloRetryRequest: message_hash (254), 00 00 Hash.length,
// Hash(ClientHello1). RFC 8446, Section 4.4.1.
func messageHash(h func() hash.Hash, clientHello1 []byte) []byte {
	d := h()
	d.Write(clientHello1)
	sum := d.Sum(nil)
	return append([]byte{typeMessageHash, 0, 0, byte(len(sum))}, sum...)
}
