package ikeprobe

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"encoding/hex"
	"math/big"
	"slices"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPRFPlusSHA1 checks SKEYSEED and prf+ with PRF_HMAC_SHA1 against
// the SHA-1 sample of NIST's SP 800-135 IKEv2 KDF test vectors (CAVP
// 800-135testvectors/ikev2.zip, COUNT = 0), which Libreswan 4.10's
// `cavp -v2` (NSS) computes alike.
func TestPRFPlusSHA1(t *testing.T) {
	ni, nr := unhex(t, "3651fef5c9c35e93"), unhex(t, "c09a8b90a3f04d59")
	gir := unhex(t, "d084a30166a50fb7325c3960874a839449ef9741c2f4f947d0201dd8c1269273d79509f37e3ca3eb4fa2fe2a28254e289cd3f34dad4eb4df1a07685a4b8a94fa61e2491f7598b3ce65547ff133b3f63d1ac4175eaa695033f3cedb026a6873a36455172a8540b8a5d23a0143bed0390ee49b168269d75fffee9fb62be965993c")
	const spiI, spiR = 0x8e5c3ae507221684, 0xb1f201bb155c3acd
	wantSeed := unhex(t, "cd2e8050137832245f1dbacc6e4f0a92f94d45d6")
	wantDKM := unhex(t, "6f1b12cad3cbe097b35430356d869d54cddb0198ec859174d53ceb92dddedbe2436db69f60977c58fa63bbb667f8d36920b109baae8f6c61a9ac49feda01843225d080ec5539d5881a25521ffb2a0a91874a9c0a27fcc2d717eb8963a9e3a89c7ab264757284c28cf8c3ca40576f4220b052b1fb8e9ad60ba3c80557323331a8cbb89f20")

	p := prf{prfHash(2)}
	seed := p.sum(slices.Concat(ni, nr), gir)
	if !bytes.Equal(seed, wantSeed) {
		t.Fatalf("SKEYSEED %x, want %x", seed, wantSeed)
	}
	spis := unhex(t, "8e5c3ae507221684b1f201bb155c3acd")
	if dkm := p.plus(seed, slices.Concat(ni, nr, spis), len(wantDKM)); !bytes.Equal(dkm, wantDKM) {
		t.Fatalf("DKM %x\nwant %x", dkm, wantDKM)
	}
	// deriveKeys cuts the same stream: for 3DES with HMAC-SHA1-96 and
	// PRF_HMAC_SHA1, SK_d, SK_ai, SK_ar (20 bytes each), SK_ei, SK_er (24)
	// and SK_pi (20) are the vector's first 128 bytes.
	k := deriveKeys(newSuite(3, 0, 2, 2, 2), gir, ni, nr, spiI, spiR)
	got := slices.Concat(k.d, k.ai, k.ar, k.ei, k.er, k.pi, k.pr)
	if len(got) != 3*20+2*20+2*24 || !bytes.Equal(got[:len(wantDKM)], wantDKM) {
		t.Errorf("keys %x\nwant a stream starting %x", got, wantDKM)
	}
}

// skSuites are the SK payload's computed cipher paths, with fixed keys.
var skSuites = []struct {
	name string
	st   suite
}{
	{"3des-cbc hmac-sha1-96", newSuite(3, 0, 2, 2, 2)},
	{"aes-cbc-128 hmac-sha1-96", newSuite(12, 128, 2, 2, 14)},
	{"aes-cbc-256 hmac-sha2-512-256", newSuite(12, 256, 7, 14, 21)},
	{"aes-ctr-128 hmac-sha2-256-128", newSuite(13, 128, 5, 12, 19)},
	{"aes-ctr-256 hmac-sha1-96", newSuite(13, 256, 2, 2, 5)},
	{"aes-gcm-16-256", newSuite(20, 256, 5, 0, 19)},
}

func fixedKey(n int, b byte) []byte {
	k := make([]byte, n)
	for i := range k {
		k[i] = b + byte(i)
	}
	return k
}

// TestSKRoundTrip seals the IKE_AUTH request's payloads with fixed keys
// and opens them again; the CBC and CTR ciphertexts are also decrypted
// and their ICV computed here from the RFCs' definitions (RFC 7296,
// Section 3.14; RFC 2451 and RFC 3602 for CBC; RFC 5930 and RFC 3686,
// Section 4, for CTR's counter block; RFC 2404 for HMAC-SHA1-96), and a
// changed bit anywhere fails the integrity check.
func TestSKRoundTrip(t *testing.T) {
	inner, err := authPayloads([]byte{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	chain, _ := (&message{payloads: inner}).marshal()
	for _, tc := range skSuites {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st
			enc, integKey := fixedKey(st.encKeyLen(), 0x10), fixedKey(st.integ.keyLen, 0x80)
			m := message{spiI: 0x0102030405060708, spiR: 0x1112131415161718, version: versionIKEv2, exchange: exchangeIKEAuth, flags: flagInitiator, msgID: 1, payloads: inner}
			b, err := sealSK(m, st, enc, integKey, zeroReader{})
			if err != nil {
				t.Fatal(err)
			}
			var got message
			if !got.unmarshal(b) {
				t.Fatal("the sealed message does not parse")
			}
			ps, err := openSK(&got, st, enc, integKey)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != len(inner) {
				t.Fatalf("%d payloads, want %d", len(ps), len(inner))
			}
			for i := range ps {
				if ps[i].typ != inner[i].typ || !bytes.Equal(ps[i].body, inner[i].body) {
					t.Errorf("payload %d differs", i)
				}
			}
			if !st.aead() {
				checkSKByHand(t, st, b, enc, integKey, chain[headerLen:])
			}
			for _, at := range []int{headerLen - 1, headerLen + 4, len(b) / 2, len(b) - 1} {
				bad := slices.Clone(b)
				bad[at] ^= 0x01
				var m2 message
				if !m2.unmarshal(bad) {
					continue
				}
				if _, err := openSK(&m2, st, enc, integKey); err != errICV {
					t.Errorf("bit %d changed: %v, want the integrity check to fail", at, err)
				}
			}
		})
	}
}

// checkSKByHand decrypts the SK payload ending b with the block cipher
// alone and checks its ICV.
func checkSKByHand(t *testing.T, st suite, b, enc, integKey, plainChain []byte) {
	t.Helper()
	ivLen, icvLen := map[uint16]int{3: 8, 12: 16, 13: 8}[st.encr], map[uint16]int{2: 12, 12: 16, 13: 24, 14: 32}[st.integID]
	body := b[headerLen+4:]
	iv, ct, icv := body[:ivLen], body[ivLen:len(body)-icvLen], body[len(body)-icvLen:]
	mac := hmac.New(st.integ.h, integKey)
	mac.Write(b[:len(b)-icvLen])
	if !bytes.Equal(mac.Sum(nil)[:icvLen], icv) {
		t.Errorf("ICV %x is not the truncated HMAC of the message", icv)
	}
	plain := make([]byte, len(ct))
	switch st.encr {
	case 3:
		blk, _ := des.NewTripleDESCipher(enc[:24])
		if len(ct)%8 != 0 {
			t.Fatalf("3DES ciphertext of %d bytes", len(ct))
		}
		cipher.NewCBCDecrypter(blk, iv).CryptBlocks(plain, ct)
	case 12:
		blk, _ := aes.NewCipher(enc[:st.keyBits/8])
		cipher.NewCBCDecrypter(blk, iv).CryptBlocks(plain, ct)
	case 13:
		// Counter block: nonce (SK_e's last 4 bytes) | IV | counter from 1.
		blk, _ := aes.NewCipher(enc[:st.keyBits/8])
		for i := 0; i < len(ct); i += 16 {
			var ks [16]byte
			blk.Encrypt(ks[:], slices.Concat(enc[st.keyBits/8:], iv, []byte{0, 0, 0, byte(i/16 + 1)}))
			for j := i; j < min(i+16, len(ct)); j++ {
				plain[j] = ct[j] ^ ks[j-i]
			}
		}
		if plain[len(plain)-1] != 0 {
			t.Errorf("AES-CTR with %d padding bytes, want none", plain[len(plain)-1])
		}
	}
	pad := int(plain[len(plain)-1])
	if !bytes.Equal(plain[:len(plain)-1-pad], plainChain) {
		t.Errorf("plaintext %x\nwant %x", plain, plainChain)
	}
}

// TestMODPPrimes checks each MODP prime is a safe prime of its group's
// size (RFC 2409, Section 6.2; RFC 3526): a mistyped digit fails.
func TestMODPPrimes(t *testing.T) {
	bits := map[uint16]int{2: 1024, 5: 1536, 14: 2048, 15: 3072, 16: 4096}
	for g, h := range modpPrimes {
		p, ok := new(big.Int).SetString(h, 16)
		if !ok || p.BitLen() != bits[g] {
			t.Errorf("group %d: %d bits, want %d", g, p.BitLen(), bits[g])
			continue
		}
		q := new(big.Int).Rsh(p, 1)
		if !p.ProbablyPrime(2) || !q.ProbablyPrime(2) {
			t.Errorf("group %d: not a safe prime", g)
		}
	}
	for _, g := range computableGroups {
		if _, err := newKeyExchange(g, zeroReader{}); err != nil && g != 31 && g < 19 {
			t.Errorf("group %d: %v", g, err)
		}
	}
}

// TestAuthOffers checks the order of the exchange's offers: strong
// transforms alone first, weak ones only for the types with nothing
// stronger, then everything.
func TestAuthOffers(t *testing.T) {
	tr := func(typ string, id uint16, bits int) scanner.IKETransform {
		return scanner.IKETransform{Type: typ, ID: id, KeyBits: bits}
	}
	e, p, i, k := scanner.IKEEncryption, scanner.IKEPRF, scanner.IKEIntegrity, scanner.IKEKeyExchange
	names := func(o authOffer) []string {
		var out []string
		for _, c := range slices.Concat(o.aead, o.encrs, o.prfs, o.integs) {
			out = append(out, transformName(c.typ, c.id))
		}
		for _, g := range o.groups {
			out = append(out, transformName(transformKE, g))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		ts   []scanner.IKETransform
		want [][]string
	}{
		{"strong only", []scanner.IKETransform{tr(e, 20, 256), tr(p, 5, 0), tr(k, 19, 0)},
			[][]string{{"ENCR_AES_GCM_16", "PRF_HMAC_SHA2_256", "256-bit random ECP group"}}},
		{"weak only", []scanner.IKETransform{tr(e, 3, 0), tr(p, 2, 0), tr(i, 2, 0), tr(k, 2, 0)},
			[][]string{{"ENCR_3DES", "PRF_HMAC_SHA1", "AUTH_HMAC_SHA1_96", "1024-bit MODP Group"}}},
		{"strong and weak", []scanner.IKETransform{tr(e, 3, 0), tr(e, 12, 128), tr(p, 2, 0), tr(p, 5, 0), tr(i, 2, 0), tr(i, 12, 0), tr(k, 2, 0), tr(k, 14, 0)},
			[][]string{
				{"ENCR_AES_CBC", "PRF_HMAC_SHA2_256", "AUTH_HMAC_SHA2_256_128", "2048-bit MODP Group"},
				{"ENCR_AES_CBC", "ENCR_3DES", "PRF_HMAC_SHA1", "PRF_HMAC_SHA2_256", "AUTH_HMAC_SHA1_96", "AUTH_HMAC_SHA2_256_128", "1024-bit MODP Group", "2048-bit MODP Group"},
			}},
		{"weak PRF only", []scanner.IKETransform{tr(e, 3, 0), tr(e, 12, 256), tr(p, 2, 0), tr(i, 2, 0), tr(i, 12, 0), tr(k, 5, 0), tr(k, 19, 0)},
			[][]string{
				{"ENCR_AES_CBC", "PRF_HMAC_SHA1", "AUTH_HMAC_SHA2_256_128", "256-bit random ECP group"},
				{"ENCR_AES_CBC", "ENCR_3DES", "PRF_HMAC_SHA1", "AUTH_HMAC_SHA1_96", "AUTH_HMAC_SHA2_256_128", "1536-bit MODP Group", "256-bit random ECP group"},
			}},
		{"nothing computed", []scanner.IKETransform{tr(e, 2, 0), tr(p, 1, 0), tr(i, 1, 0), tr(k, 1, 0)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			offers := newAuthOffers(tc.ts)
			var got [][]string
			for _, o := range offers {
				got = append(got, names(o))
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("offers %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestRanWith(t *testing.T) {
	if d := ranWith(newSuite(20, 256, 5, 0, 19), 0); d != "the exchange ran with ENCR_AES_GCM_16-256, PRF_HMAC_SHA2_256, 256-bit random ECP group" {
		t.Errorf("strong: %q", d)
	}
	d := ranWith(newSuite(3, 0, 2, 2, 2), 1)
	for _, want := range []string{"ENCR_3DES, PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96, 1024-bit MODP Group (weak: ENCR_3DES, PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96, 1024-bit MODP Group; computed only to read", "1 stronger offer(s)"} {
		if !bytes.Contains([]byte(d), []byte(want)) {
			t.Errorf("weak: %q lacks %q", d, want)
		}
	}
}
