package sshrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R15",
		Title:     "Ciphers AES-CTR only; MACs HMAC-SHA-1 or HMAC-SHA-2 only",
		Reference: sshRef("R15", "§4.1.5"),
		Severity:  rules.High,
		Description: "Encryption must be AES-128, AES-192 or AES-256 in CTR mode, and integrity HMAC-SHA-1, HMAC-SHA-256 " +
			"or HMAC-SHA-512. Every cipher and MAC of the KEXINIT is graded, in both directions: aes128-ctr, aes192-ctr " +
			"and aes256-ctr pass, and so do hmac-sha1, hmac-sha2-256 and hmac-sha2-512 and their -etm@openssh.com forms " +
			"(the same HMAC, computed over the ciphertext). The AEAD ciphers (chacha20-poly1305@openssh.com, " +
			"aes128-gcm@openssh.com, aes256-gcm@openssh.com, RFC 5647's AEAD_AES_*_GCM) are outside R15's list, written " +
			"before SSH had AEAD modes, though they meet the crypto-mechanisms rules: whether they comply is a decision " +
			"the reference leaves open, and cryptoscan reads R15 conservatively, as a warning. Any other cipher fails " +
			"(CBC modes, 3DES, Blowfish, CAST, IDEA, DES, arcfour, none, other block ciphers, names cryptoscan does not " +
			"know), and so does any other MAC (MD5, the -96 truncations, umac-64 and umac-128, RIPEMD-160, none). With " +
			"an AEAD cipher the MAC list is not used (its tag authenticates the packet): when every cipher offered in a " +
			"direction is AEAD, the MACs of that direction are still graded, but an offending one only warns, since " +
			"it would be used as soon as a non-AEAD cipher were enabled.",
		Fix: "In sshd_config: Ciphers aes256-ctr,aes192-ctr,aes128-ctr and MACs hmac-sha2-512-etm@openssh.com," +
			"hmac-sha2-256-etm@openssh.com,hmac-sha2-512,hmac-sha2-256.",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkR15,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.AddCiphers("aes256-cbc")
		}),
	})
}

func checkR15(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("cipher", o.Ciphers) {
		return e.finding("", "")
	}
	s2c := o.CiphersServerToClient
	if s2c == nil {
		s2c = o.Ciphers
	}
	for _, c := range directions(o.Ciphers, o.CiphersServerToClient) {
		if st, why := gradeCipher(c.name); st != rules.Pass {
			e.item(itemCipher, c.name, 0, st, why+c.where())
		}
	}
	aeadC2S, aeadS2C := aeadOnly(o.Ciphers), aeadOnly(s2c)
	if aeadC2S && aeadS2C {
		e.note("every cipher offered is AEAD: the MAC list is never used; an offending MAC warns (it would be used with a non-AEAD cipher)")
		if len(o.MACs) == 0 {
			return e.finding("", "ciphers or MACs outside R15's list")
		}
	}
	if !e.list("MAC", o.MACs) {
		return e.finding("", "")
	}
	for _, m := range directions(o.MACs, o.MACsServerToClient) {
		st, why := gradeMAC(m.name)
		if st == rules.Fail && !(m.c2s && !aeadC2S) && !(m.s2c && !aeadS2C) {
			st, why = rules.Warn, why+"; not used while every cipher offered in its direction is AEAD"
		}
		if st != rules.Pass {
			e.item(itemMAC, m.name, 0, st, why+m.where())
		}
	}
	return e.finding("the ciphers are AES-CTR and the MACs HMAC-SHA-1 or HMAC-SHA-2, in both directions",
		"ciphers or MACs outside R15's list")
}

// gradeCipher grades one cipher against R15.
func gradeCipher(n string) (rules.Status, string) {
	c, ok := cipherByName(n)
	switch {
	case !ok:
		return rules.Fail, "unknown to cryptoscan, and not in R15's list (AES-128, AES-192 or AES-256 in CTR mode)"
	case c.r15:
		return rules.Pass, ""
	case c.mode == modeAEAD:
		return rules.Warn, c.cipher + " AEAD: B1-compliant, but outside R15's literal list (AES-CTR)"
	case c.mode == modeNone:
		return rules.Fail, "no encryption"
	case c.mode == modeStream:
		return rules.Fail, c.cipher + ", a stream cipher, outside R15's list"
	case c.blockBits < 128:
		return rules.Fail, fmt.Sprintf("%s, a %d-bit block cipher, outside R15's list", c.cipher, c.blockBits)
	case c.mode == modeCBC:
		return rules.Fail, c.cipher + " in CBC mode, outside R15's list (CTR only)"
	}
	return rules.Fail, c.cipher + " in CTR mode: R15 names AES only"
}

// gradeMAC grades one MAC against R15.
func gradeMAC(n string) (rules.Status, string) {
	m, ok := macByName(n)
	switch {
	case !ok:
		return rules.Fail, "unknown to cryptoscan, and not in R15's list (HMAC-SHA-1, HMAC-SHA-256, HMAC-SHA-512)"
	case m.r15:
		return rules.Pass, ""
	case m.kind == macAEAD:
		return rules.Warn, "the AEAD cipher's own tag (RFC 5647): outside R15's literal list"
	case m.kind == macNone:
		return rules.Fail, "no integrity protection"
	case m.hash == "MD5":
		return rules.Fail, fmt.Sprintf("HMAC-MD5 (%d-bit tag), outside R15's list", m.tagBits)
	case m.tagBits < 128:
		return rules.Fail, fmt.Sprintf("a tag truncated to %d bits, outside R15's list", m.tagBits)
	case m.kind == macUMAC:
		return rules.Fail, fmt.Sprintf("UMAC (%d-bit tag), outside R15's list", m.tagBits)
	}
	return rules.Fail, "HMAC-" + m.hash + ", outside R15's list"
}

// aeadOnly says whether every cipher of a list is an AEAD one, so that no
// MAC is ever used with it.
func aeadOnly(names []string) bool {
	for _, n := range names {
		if c, ok := cipherByName(n); !ok || c.mode != modeAEAD {
			return false
		}
	}
	return len(names) > 0
}
