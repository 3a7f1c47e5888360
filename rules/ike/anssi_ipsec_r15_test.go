package ikerules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR15(t *testing.T) {
	runCases(t, "ANSSI-IPSEC-R15", []tcase{
		{name: "pass - AES-GCM and AES-CBC 256, SHA-2", res: compliant().Result()},
		{name: "pass - every AES mode and key length, every SHA-2", res: compliant().
			Encryption(enc(12, 128), enc(12, 192), enc(13, 256), enc(15, 128), enc(16, 256), enc(19, 128), enc(20, 128)).
			PRFs(5, 6, 7).Integrity(12, 13, 14).Result()},
		{name: "pass - AEAD only, integrity NONE", res: compliant().Encryption(enc(20, 256)).Integrity(0).Result()},
		{name: "pass - AEAD only, no integrity transform", res: compliant().Encryption(enc(20, 256)).Integrity().Result()},
		{name: "pass - IKEv1 AES-CBC and SHA2-256", res: withV1(goodV1, v1("AES-CBC", 128, "SHA2-512", "pre-shared key", 14)).Result()},
		{name: "pass - no SIGNATURE_HASH_ALGORITHMS notification", res: compliant().RemoveNotification(16431).Result()},
		{name: "pass - MD5 and DES are R14's", res: compliant().AddPRFs(1).AddEncryption(2, 0).Result()},
		{name: "fail - 3DES", res: compliant().AddEncryption(3, 0).Result(),
			items: []string{"ENCR_3DES"}, why: []string{"64-bit block cipher", "end of 2025"}},
		{name: "warn - 3DES in 2025, when B1 still allows 64-bit blocks", res: compliant().AddEncryption(3, 0).Result(), ctx: year(2025),
			items: []string{"ENCR_3DES"}, why: []string{"B1 allows 64-bit blocks to the end of 2025"}},
		{name: "fail - 3DES in 2025 with a horizon of 2026", res: compliant().AddEncryption(3, 0).Result(), ctx: func(c *rules.Context) { year(2025)(c); horizon(2026)(c) },
			items: []string{"ENCR_3DES"}},
		{name: "warn - SHA-1 PRF and integrity", res: compliant().AddPRFs(2).AddIntegrity(2, 7).Result(),
			items: []string{"PRF_HMAC_SHA1", "AUTH_HMAC_SHA1_96", "AUTH_HMAC_SHA1_160"}, why: []string{"SHA-1: discouraged"}},
		{name: "warn - SHA1 in SIGNATURE_HASH_ALGORITHMS", res: compliant().SignatureHashes("00010002", "SHA1", "SHA2-256").Result(),
			items: []string{"SIGNATURE_HASH_ALGORITHMS"}, why: []string{"lists SHA1 (SHA1, SHA2-256)"}},
		{name: "warn - SHA1 in SIGNATURE_HASH_ALGORITHMS, names only", res: compliant().SignatureHashes("", "SHA2-256", "SHA1").Result(),
			items: []string{"SIGNATURE_HASH_ALGORITHMS"}},
		{name: "pass - SIGNATURE_HASH_ALGORITHMS that does not decode", res: compliant().SignatureHashes("0", "SHA-1ish").Result()},
		{name: "warn - ChaCha20-Poly1305, Camellia and an 8-octet ICV: outside the note's alternatives", res: compliant().
			AddEncryption(28, 0).AddEncryption(23, 256).AddEncryption(18, 256).Result(),
			items: []string{"ENCR_CHACHA20_POLY1305", "ENCR_CAMELLIA_CBC (256-bit key)", "ENCR_AES_GCM_8 (256-bit key)"},
			why:   []string{"ChaCha20-Poly1305, outside the note's alternatives", "Camellia", "8-octet (64-bit) ICV"}},
		{name: "warn - AES-XCBC and AES-CMAC PRFs, AES-GMAC integrity", res: compliant().AddPRFs(4, 8).AddIntegrity(9).Result(),
			items: []string{"PRF_AES128_XCBC", "PRF_AES128_CMAC", "AUTH_AES_128_GMAC"}},
		{name: "warn - an encryption ID cryptoscan does not know", res: compliant().AddTransforms(scanner.IKETransform{Type: encr, ID: 1024, Name: "ENCR_PRIVATE"}).Result(),
			items: []string{"ENCR_PRIVATE"}, why: []string{"not in cryptoscan's registry"}},
		{name: "fail - NULL, Blowfish and CAST", res: compliant().AddEncryption(11, 0).AddEncryption(7, 128).AddEncryption(6, 128).Result(),
			items: []string{"ENCR_NULL", "ENCR_BLOWFISH (128-bit key)", "ENCR_CAST (128-bit key)"}},
		{name: "fail - AES with a 64-bit key", res: compliant().AddEncryption(12, 64).Result(),
			items: []string{"ENCR_AES_CBC (64-bit key)"}, why: []string{"AES takes 128, 192 or 256 bits"}},
		{name: "fail - integrity NONE beside AES-CBC", res: compliant().AddIntegrity(0).Result(),
			items: []string{"NONE"}, why: []string{"no integrity"}},
		{name: "fail - IKEv1 3DES-CBC with SHA (SHA-1)", res: withV1(goodV1, v1("3DES-CBC", 0, "SHA", "RSA signatures", 14)).Result(),
			items: []string{"IKEv1 encryption 3DES-CBC", "IKEv1 hash SHA"}},
		{name: "warn - an IKEv1 hash cryptoscan does not know", res: withV1(v1("AES-CBC", 256, "SHA3-256", "RSA signatures", 19)).Result(),
			items: []string{"IKEv1 hash SHA3-256"}},
		{name: "incomplete - AES without a key length", res: compliant().AddEncryption(13, 0).Result()},
		{name: "incomplete - IKEv1 AES-CBC without a key length", res: withV1(v1("AES-CBC", 0, "SHA2-256", "RSA signatures", 19)).Result()},
		{name: "fail - 3DES beside AES without a key length", res: compliant().AddEncryption(13, 0).AddEncryption(3, 0).Result(),
			items: []string{"ENCR_3DES"}},
		{name: "incomplete - no PRF accepted", res: compliant().PRFs().Result()},
		{name: "incomplete - no integrity transform, with AES-CBC", res: compliant().Integrity().Result()},
		{name: "incomplete - PRF enumeration partial", res: compliant().Enumeration(prf, scanner.EnumPartial, scanner.ReasonTimeout).Result()},
		{name: "incomplete - IKEv1 transforms not recorded", res: withV1(goodV1).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonNotTested).Result()},
		{name: "incomplete - IKEv2 unknown", res: compliant().IKEv2Unknown(scanner.ReasonThrottled).Result()},
	})
}
