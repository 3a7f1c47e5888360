package tlsprobe

import (
	"bytes"
	"crypto/aes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// unhex decodes hexadecimal with blanks and line breaks ignored.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("bad hex in test: %v", err)
	}
	return b
}

func seq(from, to byte) []byte {
	var b []byte
	for c := int(from); c <= int(to); c++ {
		b = append(b, byte(c))
	}
	return b
}

type aeadVector struct {
	name                string
	key, nonce, ad, msg []byte
	tagSize             int // CCM only
	out                 []byte
}

func ccmVectors(t *testing.T) []aeadVector {
	nistKey := seq(0x40, 0x4F)
	longAD := make([]byte, 1<<16)
	for i := range longAD {
		longAD[i] = byte(i)
	}
	tlsKey := seq(0x00, 0x0F)
	tlsNonce := unhex(t, "f0f1f2f3f4f5f6f7f8f9fafb")
	tlsAD := unhex(t, "1703030035")
	tlsMsg := []byte("cryptoscan CCM vector: 37 bytes long.")
	return []aeadVector{
		// RFC 3610, Section 8, Packet Vector #1 (M = 8, L = 2).
		{"RFC 3610 #1", seq(0xC0, 0xCF), unhex(t, "00000003020100A0A1A2A3A4A5"), seq(0, 7), seq(0x08, 0x1E), 8,
			unhex(t, "588C979A61C663D2F066D0C2C0F989806D5F6B61DAC38417E8D12CFDF926E0")},
		// NIST SP 800-38C, Appendix C, Examples 1 to 4 (Example 4 has
		// 2^16 bytes of associated data: the 0xFFFE length encoding).
		{"SP 800-38C ex1", nistKey, seq(0x10, 0x16), seq(0, 7), seq(0x20, 0x23), 4, unhex(t, "7162015b4dac255d")},
		{"SP 800-38C ex2", nistKey, seq(0x10, 0x17), seq(0, 0x0F), seq(0x20, 0x2F), 6,
			unhex(t, "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd")},
		{"SP 800-38C ex3", nistKey, seq(0x10, 0x1B), seq(0, 0x13), seq(0x20, 0x37), 8,
			unhex(t, "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951")},
		{"SP 800-38C ex4", nistKey, seq(0x10, 0x1C), longAD, seq(0x20, 0x3F), 14,
			unhex(t, "69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72b4ac6bec93e8598e7f0dadbcea5b")},
		// The TLS 1.3 shapes (12-byte nonce, 16- and 8-byte tags), computed
		// with pyca/cryptography's AESCCM (OpenSSL).
		{"TLS CCM", tlsKey, tlsNonce, tlsAD, tlsMsg, 16,
			unhex(t, "1434943d87a65949f2da79600c230a61addcee96036feae8e6030d4bb95d0db49e844cc4a28d674a4fcda0c05fe15804b5b86aa573")},
		{"TLS CCM_8", tlsKey, tlsNonce, tlsAD, tlsMsg, 8,
			unhex(t, "1434943d87a65949f2da79600c230a61addcee96036feae8e6030d4bb95d0db49e844cc4a204157afa25776786")},
		{"TLS CCM empty", tlsKey, tlsNonce, nil, nil, 16, unhex(t, "9ba1c35c42e182fb5193be4985f73616")},
	}
}

func TestCCMVectors(t *testing.T) {
	for _, v := range ccmVectors(t) {
		t.Run(v.name, func(t *testing.T) {
			b, err := aes.NewCipher(v.key)
			if err != nil {
				t.Fatal(err)
			}
			c, err := newCCM(b, len(v.nonce), v.tagSize)
			if err != nil {
				t.Fatal(err)
			}
			checkAEADVector(t, c, v)
		})
	}
}

func checkAEADVector(t *testing.T, c interface {
	Seal(dst, nonce, plaintext, ad []byte) []byte
	Open(dst, nonce, ciphertext, ad []byte) ([]byte, error)
}, v aeadVector) {
	t.Helper()
	prefix := []byte("prefix")
	got := c.Seal(append([]byte(nil), prefix...), v.nonce, v.msg, v.ad)
	if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], v.out) {
		t.Fatalf("Seal = %x, want %x", got[len(prefix):], v.out)
	}
	plain, err := c.Open(nil, v.nonce, v.out, v.ad)
	if err != nil || !bytes.Equal(plain, v.msg) {
		t.Fatalf("Open = %x, %v; want %x", plain, err, v.msg)
	}
	// In place, as the record layer may do.
	buf := append([]byte(nil), v.out...)
	if plain, err := c.Open(buf[:0], v.nonce, buf, v.ad); err != nil || !bytes.Equal(plain, v.msg) {
		t.Fatalf("Open in place = %x, %v", plain, err)
	}
	// Any flipped bit, in the ciphertext, the tag or the data, is refused.
	for i := range len(v.out) * 8 {
		bad := append([]byte(nil), v.out...)
		bad[i/8] ^= 1 << (i % 8)
		if _, err := c.Open(nil, v.nonce, bad, v.ad); err == nil {
			t.Fatalf("Open accepted a ciphertext with bit %d flipped", i)
		}
	}
	if len(v.ad) > 0 && len(v.ad) < 1024 {
		bad := append([]byte(nil), v.ad...)
		bad[0] ^= 1
		if _, err := c.Open(nil, v.nonce, v.out, bad); err == nil {
			t.Fatal("Open accepted altered associated data")
		}
	}
	if _, err := c.Open(nil, v.nonce, v.out[:len(v.out)-1], v.ad); err == nil {
		t.Fatal("Open accepted a truncated ciphertext")
	}
}

func TestCCMParameters(t *testing.T) {
	b, _ := aes.NewCipher(make([]byte, 16))
	for _, tc := range []struct{ nonce, tag int }{{6, 16}, {14, 16}, {12, 3}, {12, 18}, {12, 7}} {
		if _, err := newCCM(b, tc.nonce, tc.tag); err == nil {
			t.Errorf("newCCM(nonce %d, tag %d) succeeded", tc.nonce, tc.tag)
		}
	}
	// L = 2 bytes of length (13-byte nonce): at most 65535 bytes.
	c, err := newCCM(b, 13, 16)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Open(nil, make([]byte, 13), make([]byte, 1<<16+16), nil); err == nil {
		t.Error("Open accepted a payload longer than L allows")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Seal of a payload longer than L allows did not panic")
			}
		}()
		c.Seal(nil, make([]byte, 13), make([]byte, 1<<16), nil)
	}()
}

func TestAEADVectors(t *testing.T) {
	sunscreen := []byte("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")
	vectors := []struct {
		suite uint16
		v     aeadVector
	}{
		// The GCM specification (McGrew and Viega), Test Cases 2, 3 and 14.
		{0x1301, aeadVector{name: "GCM test case 2", key: make([]byte, 16), nonce: make([]byte, 12), msg: make([]byte, 16),
			out: unhex(t, "0388dace60b6a392f328c2b971b2fe78 ab6e47d42cec13bdf53a67b21257bddf")}},
		{0x1301, aeadVector{name: "GCM test case 3", key: unhex(t, "feffe9928665731c6d6a8f9467308308"), nonce: unhex(t, "cafebabefacedbaddecaf888"),
			msg: unhex(t, `d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
				1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255`),
			out: unhex(t, `42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
				21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985
				4d5c2af327cd64a62cf35abd2ba6fab4`)}},
		{0x1302, aeadVector{name: "GCM test case 14", key: make([]byte, 32), nonce: make([]byte, 12), msg: make([]byte, 16),
			out: unhex(t, "cea7403d4d606b6e074ec5d3baf39d18 d0d1c8a799996bf0265b98b5d48ab919")}},
		// RFC 8439, Section 2.8.2.
		{0x1303, aeadVector{name: "RFC 8439 2.8.2", key: seq(0x80, 0x9F), nonce: unhex(t, "070000004041424344454647"),
			ad: unhex(t, "50515253c0c1c2c3c4c5c6c7"), msg: sunscreen,
			out: unhex(t, `d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6
				3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36
				92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc
				3ff4def08e4b7a9de576d26586cec64b6116
				1ae10b594f09e26a7e902ecbd0600691`)}},
	}
	for _, tc := range vectors {
		t.Run(tc.v.name, func(t *testing.T) {
			c, err := suite13ByID(tc.suite).aead(tc.v.key)
			if err != nil {
				t.Fatal(err)
			}
			checkAEADVector(t, c, tc.v)
		})
	}
	for _, tc := range ccmVectors(t) {
		if len(tc.nonce) != aeadNonceLen13 || len(tc.key) != 16 || (tc.tagSize != 16 && tc.tagSize != 8) {
			continue
		}
		t.Run("suite "+tc.name, func(t *testing.T) {
			id := uint16(0x1304)
			if tc.tagSize == 8 {
				id = 0x1305
			}
			c, err := suite13ByID(id).aead(tc.key)
			if err != nil {
				t.Fatal(err)
			}
			checkAEADVector(t, c, tc)
		})
	}
}

// TestRecordProtection13 checks the TLSInnerPlaintext framing and the
// per-record nonce with the server handshake key and IV of RFC 8448,
// Section 3, against crypto/cipher's GCM driven by hand.
func TestRecordProtection13(t *testing.T) {
	s := suite13ByID(0x1301)
	w, err := newHalfConn13(s, unhex(t, rfc8448ServerHSTraffic))
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := newAESGCM(unhex(t, "3fce516009c21727d0f2e4e86ee403bc"))
	if err != nil {
		t.Fatal(err)
	}
	for i, nonce := range []string{"5d313eb2671276ee13000b30", "5d313eb2671276ee13000b31", "5d313eb2671276ee13000b32"} {
		content := bytes.Repeat([]byte{byte(i)}, 10*i)
		rec, err := w.seal(recordHandshake, content)
		if err != nil {
			t.Fatal(err)
		}
		hdr := []byte{recordApplicationData, 3, 3, 0, byte(len(content) + 1 + 16)}
		if !bytes.Equal(rec[:5], hdr) {
			t.Fatalf("record %d header %x, want %x", i, rec[:5], hdr)
		}
		inner, err := gcm.Open(nil, unhex(t, nonce), rec[5:], hdr)
		if err != nil || !bytes.Equal(inner, append(content, recordHandshake)) {
			t.Fatalf("record %d: %x, %v", i, inner, err)
		}
		r, _ := newHalfConn13(s, unhex(t, rfc8448ServerHSTraffic))
		r.seq = uint64(i)
		if typ, got, err := r.open(record{typ: rec[0], vers: 0x0303, payload: rec[5:]}); err != nil || typ != recordHandshake || !bytes.Equal(got, content) {
			t.Fatalf("record %d: open: %d %x %v", i, typ, got, err)
		}
		// Out of sequence, the record does not open.
		r.seq = uint64(i + 1)
		if _, _, err := r.open(record{typ: rec[0], vers: 0x0303, payload: rec[5:]}); !errors.Is(err, errBadRecordMAC) {
			t.Errorf("record %d out of sequence: %v, want bad_record_mac", i, err)
		}
	}
}

func TestRecordProtection13Framing(t *testing.T) {
	for _, s := range suites13 {
		secret := bytes.Repeat([]byte{byte(s.id)}, s.hashLen())
		seal := func() *halfConn13 { hc, _ := newHalfConn13(&s, secret); return hc }
		w, r := seal(), seal()
		for _, n := range []int{0, 1, 100, maxPlaintext} {
			out, err := w.seal(recordAlert, bytes.Repeat([]byte{7}, n))
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != recordHeaderLen+n+1+w.aead.Overhead() || out[0] != recordApplicationData {
				t.Fatalf("suite %04x: %d-byte record for %d bytes", s.id, len(out), n)
			}
			typ, content, err := r.open(record{typ: out[0], vers: 0x0303, payload: out[5:]})
			if err != nil || typ != recordAlert || len(content) != n {
				t.Fatalf("suite %04x: open %d bytes: type %d, %d bytes, %v", s.id, n, typ, len(content), err)
			}
		}
		if _, err := w.seal(recordHandshake, make([]byte, maxPlaintext+1)); err == nil {
			t.Errorf("suite %04x: sealed an oversized record", s.id)
		}
		// Padding: zeros after the type are removed; all zeros is an error.
		for _, tc := range []struct {
			inner []byte
			ok    bool
		}{{[]byte{1, 2, recordHandshake, 0, 0, 0}, true}, {[]byte{0, 0, 0}, false}, {nil, false}} {
			hdr := []byte{recordApplicationData, 3, 3, 0, byte(len(tc.inner) + w.aead.Overhead())}
			payload := w.aead.Seal(nil, w.nonce(), tc.inner, hdr)
			w.seq++
			typ, content, err := r.open(record{typ: recordApplicationData, vers: 0x0303, payload: payload})
			if tc.ok != (err == nil) || (tc.ok && (typ != recordHandshake || !bytes.Equal(content, []byte{1, 2}))) {
				t.Errorf("suite %04x: inner %x: type %d, %x, %v", s.id, tc.inner, typ, content, err)
			}
			if err != nil && tc.ok {
				return
			}
		}
		if _, _, err := r.open(record{typ: recordApplicationData, vers: 0x0303, payload: make([]byte, maxCiphertext13+1)}); !errors.Is(err, errRecordOverflow) {
			t.Errorf("suite %04x: oversized record: %v", s.id, err)
		}
		if _, _, err := r.open(record{typ: recordHandshake, payload: []byte{1}}); !errors.Is(err, errUnexpectedRecord) {
			t.Errorf("suite %04x: plaintext handshake record: %v", s.id, err)
		}
	}
}
