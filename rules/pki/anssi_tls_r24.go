package pkirules

import (
	"crypto/x509"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R24",
		Title:     "Certificate signatures use SHA-2",
		Reference: tlsRef("R24", "§3.1.1"),
		Severity:  rules.High,
		Description: "Every certificate the server serves must be signed with a SHA-2 hash (SHA-224, SHA-256, SHA-384, " +
			"SHA-512; RSA-PSS by its parameters). SHA-1, MD5 and MD2 fail. Ed25519 signs with SHA-512 internally and passes; " +
			"Ed448 signs with SHAKE256, outside the recommendation's letter: a warning. The self-signature of a root (a served " +
			"anchor or a self-signed certificate above the leaf) is not relied upon by clients: a weak one is reported as info.",
		Fix:     "Have the CA re-issue the certificate with a SHA-256 (or stronger) signature; do not serve SHA-1 intermediates.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR24,
		Fixtures: func() rules.Fixtures {
			sha1 := fixture.LeafTemplate("example.fr")
			sha1.SignatureAlgorithm = x509.SHA1WithRSA
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(fixture.HARICARoot().Issue(sha1, fixture.CompliantLeaf().Key)).Result(),
			}
		},
	})
}

func checkR24(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.each(func(c cert) {
		var status rules.Status
		var why string
		switch h := c.desc.SignatureHash; {
		case h == pki.HashSHA224 || h == pki.HashSHA256 || h == pki.HashSHA384 || h == pki.HashSHA512:
			return
		case h == "" && c.desc.SignatureAlgorithm == "Ed25519":
			return
		case h == "" && c.desc.SignatureAlgorithm == "Ed448":
			status, why = rules.Warn, "Ed448 hashes with SHAKE256, not SHA-2"
		case h == pki.HashSHA1 || h == pki.HashMD5 || h == pki.HashMD2:
			status, why = rules.Fail, c.desc.SignatureAlgorithm+" signature"
		default:
			w.unreadable(c, "signature algorithm ("+c.desc.SignatureAlgorithm+")")
			return
		}
		if status == rules.Fail && c.selfSignedTop() {
			status, why = rules.Info, why+" on the self-signature of a root, which clients do not rely on"
		}
		w.item(c, status, why)
	})
	return w.finding("every served certificate is signed with SHA-2", "certificates signed without SHA-2")
}
