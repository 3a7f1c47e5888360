package pkirules

import (
	"crypto/x509"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// hashBits are the output sizes of the hashes certificates are signed with.
var hashBits = map[string]int{
	pki.HashMD2: 128, pki.HashMD5: 128, pki.HashSHA1: 160, pki.HashSHA224: 224,
	pki.HashSHA256: 256, pki.HashSHA384: 384, pki.HashSHA512: 512,
}

// minHashBits is RègleHash's minimum output size (v2.04).
const minHashBits = 256

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-Hash",
		Title:     "Certificate signatures use a hash of at least 256 bits",
		Reference: b1Ref("RègleHash", "§2.2"),
		Severity:  rules.High,
		Description: "A hash function must have an output of at least 256 bits and no known partial attack: SHA-256, SHA-384 " +
			"and SHA-512 pass; SHA-224, SHA-1, MD5 and MD2 fail. EdDSA hashes internally (Ed25519 with SHA-512, Ed448 with " +
			"SHAKE256) and passes. Graded on the signature of every certificate the server serves; the self-signature of a " +
			"root (a served anchor, or a self-signed certificate above the leaf) is not relied upon by clients: a weak one " +
			"is reported as info. Handshake signatures are not observed yet. An IPsec gateway's chain, read from its IKE_AUTH answer to an initiator asking for EAP, is graded the same way.",
		Fix:     "Have the CA re-issue the certificate with a SHA-256 (or stronger) signature.",
		Reads:   reads,
		Applies: appliesAll,
		Check:   checkHash,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) { t.SignatureAlgorithm = x509.SHA1WithRSA })).Result(),
			}
		},
	})
}

func checkHash(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.each(func(c cert) {
		h := c.desc.SignatureHash
		if h == "" && (c.desc.SignatureAlgorithm == "Ed25519" || c.desc.SignatureAlgorithm == "Ed448") {
			return
		}
		bits, ok := hashBits[h]
		if !ok {
			w.unreadable(c, "signature hash ("+c.desc.SignatureAlgorithm+")")
			return
		}
		if bits >= minHashBits {
			return
		}
		st, why := rules.Fail, c.desc.SignatureAlgorithm+": "+h+" has a "+itoa(bits)+"-bit output, below 256 bits"
		if c.selfSignedTop() {
			st, why = rules.Info, why+", on the self-signature of a root, which clients do not rely on"
		}
		w.item(c, st, why)
	})
	w.ev.Threshold = &rules.Threshold{Bits: minHashBits, Year: ctx.Year(), Basis: "RègleHash: hash output of at least 256 bits"}
	return w.finding("every served certificate is signed with a hash of at least 256 bits", "certificates signed with a hash below 256 bits")
}
