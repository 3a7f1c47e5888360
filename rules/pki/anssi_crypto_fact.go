package pkirules

import (
	"crypto/x509"
	"fmt"
	"math/big"
	"strconv"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-Fact",
		Title:     "RSA keys are large enough, with a large public exponent",
		Reference: b1Ref("RègleFactorisation", "§2.3.1.1"),
		Severity:  rules.High,
		Description: "An RSA modulus must be at least 2048 bits up to the end of 2030 and 3072 bits beyond (from 2031, or " +
			"with a horizon beyond 2030), and the public exponent must be greater than 65536 (B1 states the exponent rule " +
			"for encryption; the TLS guide's R26 requires it of certificates). Graded on the key of every certificate the " +
			"server serves. RecommandationFactorisation prefers 3072 bits even before 2031: a 2048-bit key passes with a note. An IPsec gateway's chain, read from its IKE_AUTH answer to an initiator asking for EAP, is graded the same way.",
		Fix:     "Re-issue the certificate on an RSA key of 3072 bits or more with exponent 65537, or on an ECDSA P-256/P-384 key.",
		Reads:   reads,
		Applies: appliesAll,
		Check:   checkFact,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: compliantWithLeaf(compliantLeafWith(noEdit, fixture.RSAKey("rsa3072"))).Result(),
				Fail: compliantWithLeaf(compliantLeafWith(noEdit, fixture.RSAKey("rsa1024"))).Result(),
			}
		},
	})
}

func noEdit(*x509.Certificate) {}

// rsaBits is the minimum RSA modulus for the context's year.
func rsaBits(ctx rules.Context) (int, *rules.Threshold) {
	t := &rules.Threshold{Bits: 2048, Year: ctx.Year(), Basis: "2048 bits up to 2030, 3072 from 2031 (RègleFactorisation)"}
	if ctx.Beyond2030() {
		t.Bits = 3072
	}
	return t.Bits, t
}

// rsaExponentOK says whether the exponent is greater than 65536, from the
// hex the description always carries.
func rsaExponentOK(d *scanner.CertificateFact) (ok, known bool) {
	if d.RSAExponent > 0 {
		return d.RSAExponent > 65536, true
	}
	e, good := new(big.Int).SetString(d.RSAExponentHex, 16)
	if !good {
		return false, false
	}
	return e.Cmp(big.NewInt(65536)) > 0, true
}

func exponentString(d *scanner.CertificateFact) string {
	if d.RSAExponent > 0 {
		return strconv.FormatInt(d.RSAExponent, 10)
	}
	return "0x" + d.RSAExponentHex
}

func checkFact(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	min, t := rsaBits(ctx)
	n2048 := 0
	w.each(func(c cert) {
		d := c.desc
		if d.KeyType != pki.KeyRSA {
			if d.KeyType == "" || d.KeyType == pki.KeyUnknown {
				w.unreadable(c, "public key")
			}
			return
		}
		eok, eknown := rsaExponentOK(d)
		switch {
		case d.KeyBits == 0 || !eknown:
			w.unreadable(c, "RSA key")
		case d.KeyBits < min:
			w.item(c, rules.Fail, fmt.Sprintf("%d-bit modulus, below %d bits", d.KeyBits, min))
		case !eok:
			w.item(c, rules.Fail, "public exponent "+exponentString(d)+", not greater than 65536")
		case d.KeyBits < 3072:
			n2048++
		}
	})
	if n2048 > 0 {
		w.note("%d served RSA key(s) below 3072 bits: RecommandationFactorisation prefers 3072 bits before 2031 already", n2048)
	}
	w.ev.Threshold = t
	return w.finding("every served RSA key is large enough, with a public exponent above 65536", "RSA keys too small or with a small exponent")
}

func itoa(n int) string { return strconv.Itoa(n) }
