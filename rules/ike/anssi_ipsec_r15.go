package ikerules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-IPSEC-R15",
		Title:     "No 3DES or SHA-1: AES and SHA-2",
		Reference: ipsecRef("R15", "§6.7"),
		Severity:  rules.High,
		Description: "3DES, SHA-1 and ECDSA keys under 256 bits are discouraged where AES-128 or AES-256, SHA-2 and larger " +
			"ECDSA keys exist. Every IKE SA encryption, PRF and integrity transform the responder accepts is graded by " +
			"IANA ID, and the encryption and hash of every IKEv1 Main Mode transform as the IKEv2 transform it stands " +
			"for: AES in CBC, CTR, CCM or GCM mode (12- or 16-octet ICVs) with a 128-, 192- or 256-bit key passes (192 " +
			"bits is the reference's inference), and so do the SHA-2 PRFs and integrity algorithms. 3DES fails: R15 " +
			"only discourages it, but B1 allows 64-bit blocks to the end of 2025 only (it warns for a year up to " +
			"2025). SHA-1 as PRF or integrity warns (B1 tolerates HMAC-SHA-1), and so does SHA1 in the " +
			"SIGNATURE_HASH_ALGORITHMS notification (RFC 7427), which says the responder verifies SHA-1 signatures; " +
			"without that notification the signature hashes are not known, and not graded. The note names no other " +
			"algorithm: the conservative reading warns for those B1 accepts (ChaCha20-Poly1305, Camellia, AES-XCBC, " +
			"AES-CMAC, AES-GMAC, 8-octet ICVs, IDs and IKEv1 values cryptoscan does not know) and fails the rest (NULL, " +
			"RC5, IDEA, CAST, Blowfish, Tiger, Streebog, the GOST ciphers, the implicit-IV ciphers of ESP, integrity " +
			"NONE beside a cipher that is not AEAD). MD5 and DES are ANSSI-IPSEC-R14's. An AES transform without a Key Length, a transform type " +
			"whose enumeration is partial, not tested or missing, or a version whose status is unknown, makes the " +
			"rule incomplete; ECDSA keys (IKE_AUTH) and the child SA's transforms are not visible." + v1Reading,
		Fix: "Propose AES-GCM (16-octet ICV) or AES-CBC with SHA-2 integrity, and SHA-2 PRFs only (strongSwan proposals = " +
			"aes256gcm16-prfsha384-ecp384, aes256-sha384-ecp384); drop 3des and sha1, and SHA-1 from the signature " +
			"hash algorithms.",
		Reads:   reads(FactV2, FactV1, FactEncryption, FactPRF, FactIntegrity, FactV1Transforms),
		Applies: hasIKE,
		Check:   checkR15,
		Fixtures: withIKEv1(func(b *fixture.IKEBuilder) *fixture.IKEBuilder {
			return b.AddEncryption(3, 0) // ENCR_3DES
		}),
	})
}

func checkR15(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	o := r.IKE
	gradeAlgorithms(&e, o, ctx, r15)
	e.ev.Threshold = &rules.Threshold{Bits: 128, Year: ctx.Year(), Basis: "block size: 64 bits up to 2025, 128 from 2026 (RègleBlocSym)"}
	if ctx.Year() <= 2025 {
		e.ev.Threshold.Bits = 64
	}
	if o.V2.Status == scanner.Supported {
		signatureHashItems(&e, o)
	}
	return e.finding("no 3DES, SHA-1 or other transform outside the note's alternatives is accepted (AES and SHA-2)",
		"transforms outside AES and SHA-2 accepted")
}

// signatureHashItems grades the SIGNATURE_HASH_ALGORITHMS notification:
// SHA1 listed warns.
func signatureHashItems(e *evidence, o *scanner.IKEObservation) {
	for _, n := range o.Notifications {
		if n.Type != notificationSignatureHashes {
			continue
		}
		ids, ok := signatureHashes(n)
		if !ok {
			e.note("SIGNATURE_HASH_ALGORITHMS notification not decoded (data %q, values %q): the signature hashes are not graded", n.Data, n.Values)
			return
		}
		names := make([]string, len(ids))
		for i, id := range ids {
			names[i] = sigHashName(id)
		}
		e.checked(FactNotifications, "SIGNATURE_HASH_ALGORITHMS", len(ids))
		for _, id := range ids {
			if id == sigHashSHA1 {
				e.item(itemNotification, "SIGNATURE_HASH_ALGORITHMS", 0, rules.Warn,
					fmt.Sprintf("lists SHA1 (%s): the responder verifies SHA-1 signatures in IKE_AUTH (R15; RFC 8247 says MUST NOT)", strings.Join(names, ", ")))
			}
		}
		return
	}
	e.note("no SIGNATURE_HASH_ALGORITHMS notification seen: the hashes the responder accepts in signatures (IKE_AUTH) are not known, and not graded")
}
