package pkirules

import (
	"crypto/elliptic"
	"fmt"
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// r26Curves are the ECDSA curves R26 allows, as scanner/pki names them.
var r26Curves = []string{"P-256", "P-384", "P-521", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1"}

// ecOrderBits is RègleECp's minimum subgroup order (v2.04), the same
// threshold rules/tls applies to key-exchange groups.
const ecOrderBits = 250

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R26",
		Title:     "Certificate keys: RSA of 2048 bits or more, ECDSA on the listed curves",
		Reference: tlsRef("R26", "§3.1.1"),
		Severity:  rules.High,
		Description: "For protection until 2030, RSA keys of at least 2048 bits with a public exponent of at least 65537, " +
			"and ECDSA keys of at least 256 bits on secp256r1, secp384r1, secp521r1, brainpoolP256r1, brainpoolP384r1 or " +
			"brainpoolP512r1. Beyond 2030 (from 2031, or with a horizon beyond 2030) RSA needs 3072 bits (crypto-mechanisms " +
			"rules). Any other curve fails (P-224 and P-192 also have an order below RègleECp's 250 bits). R26 does not name " +
			"EdDSA; the guide prefers it for authentication (R8) and its orders exceed 250 bits: Ed25519 and Ed448 pass with " +
			"a note. DSA fails. Graded on every served certificate, CA certificates included.",
		Fix:     "Re-issue the certificate on an ECDSA P-256 or P-384 key, or an RSA key of 3072 bits or more with exponent 65537.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR26,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(noEdit, fixture.ECDSAKey(elliptic.P224()))).Result(),
			}
		},
	})
}

func checkR26(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	min, t := rsaBits(ctx)
	eddsa := false
	w.each(func(c cert) {
		d := c.desc
		switch d.KeyType {
		case pki.KeyRSA:
			eok, eknown := rsaExponentOK(d)
			switch {
			case d.KeyBits == 0 || !eknown:
				w.unreadable(c, "RSA key")
			case d.KeyBits < min:
				w.item(c, rules.Fail, fmt.Sprintf("RSA %d bits, below %d bits", d.KeyBits, min))
			case !eok:
				w.item(c, rules.Fail, "RSA public exponent "+exponentString(d)+", below 65537")
			}
		case pki.KeyECDSA:
			switch {
			case d.Curve == "":
				w.unreadable(c, "ECDSA curve")
			case slices.Contains(r26Curves, d.Curve):
			case d.KeyBits > 0 && d.KeyBits < ecOrderBits:
				w.item(c, rules.Fail, fmt.Sprintf("curve %s: %d-bit order, below RègleECp's %d bits, and not an R26 curve", d.Curve, d.KeyBits, ecOrderBits))
			default:
				w.item(c, rules.Fail, "curve "+d.Curve+" is not among R26's curves")
			}
		case pki.KeyEd25519, pki.KeyEd448:
			eddsa = true
		case pki.KeyDSA:
			w.item(c, rules.Fail, "DSA key")
		default:
			w.unreadable(c, "public key")
		}
	})
	if eddsa {
		w.note("EdDSA keys are not named by R26; the guide prefers EdDSA for authentication (R8) and their orders exceed 250 bits")
	}
	w.ev.Threshold = t
	return w.finding("every served certificate key meets R26", "certificate keys outside R26")
}
