package pki

import (
	encasn1 "encoding/asn1"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// rawCert encodes a certificate by hand, with any key and a signature of
// sigLen bytes that verifies with nothing.
func rawCert(subject, issuer, spkiDER []byte, sigLen int) []byte {
	var b cryptobyte.Builder
	sha256RSA := encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1Int64(2) })
			b.AddASN1Int64(77)
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sha256RSA); b.AddASN1NULL() })
			b.AddBytes(issuer)
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1UTCTime(testNow.AddDate(-1, 0, 0))
				b.AddASN1UTCTime(testNow.AddDate(1, 0, 0))
			})
			b.AddBytes(subject)
			b.AddBytes(spkiDER)
		})
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sha256RSA); b.AddASN1NULL() })
		sig := make([]byte, sigLen)
		sig[0] = 1
		b.AddASN1BitString(sig)
	})
	return b.BytesOrPanic()
}

// rsaSPKI encodes an RSA key with the given modulus and exponent sizes.
func rsaSPKI(modulusBits, exponentBits int) []byte {
	n := new(big.Int).Lsh(big.NewInt(1), uint(modulusBits-1))
	n.Add(n, big.NewInt(12345))
	e := new(big.Int).Lsh(big.NewInt(1), uint(exponentBits-1))
	e.Add(e, big.NewInt(1))
	var key cryptobyte.Builder
	key.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1BigInt(n); b.AddASN1BigInt(e) })
	return spki(encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}, func(b *cryptobyte.Builder) { b.AddASN1NULL() }, key.BytesOrPanic())
}

// A hostile server's certificates with keys built to make verification
// take minutes: every entry point stays fast and says why.
func TestHostileKeys(t *testing.T) {
	p := newTestPKI(t, "hostile")
	pool := testPool(t, p.root)
	// crypto/x509 itself refuses exponents past 2^31-1; it accepts any
	// modulus.
	tests := []struct {
		name       string
		modulus    int
		exponent   int
		verifiable bool
		detail     string // of unparseable_certificate, when there is one
	}{
		{"huge modulus", 400000, 17, false, "too large to verify"},
		{"huge exponent", 4096, 200000, false, "invalid RSA public exponent"},
		{"large modulus, large exponent", 16384, 2048, false, "invalid RSA public exponent"},
		{"16384-bit modulus, F4", 16384, 17, true, ""},
		{"4096-bit modulus, 4096-bit exponent", 4096, 4096, true, "invalid RSA public exponent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := rsaSPKI(tt.modulus, tt.exponent)
			if err := keyWithinBounds(key); (err == nil) != tt.verifiable {
				t.Fatalf("keyWithinBounds = %v", err)
			}
			// Self-issued with the real intermediate's name: it is
			// an issuer candidate for the leaf, and its own.
			der := rawCert(p.inter.cert.RawSubject, p.inter.cert.RawSubject, key, (tt.modulus+7)/8)
			start := time.Now()
			c, err := Describe(der)
			if err != nil || c.KeyBits != tt.modulus || c.SelfSigned || !c.SelfIssued {
				t.Errorf("Describe: %v bits %d self-signed %v", err, c.KeyBits, c.SelfSigned)
			}
			r := Analyze([][]byte{p.leaf.der, der, p.inter.der}, AnalyzeOptions{Roots: pool, Now: testNow})
			want := []string{"extraneous_certificate@1"}
			if tt.detail != "" {
				want = []string{"unparseable_certificate@1"}
				if !strings.Contains(r.Defects[0].Detail, tt.detail) {
					t.Errorf("detail %q, want %q", r.Defects[0].Detail, tt.detail)
				}
			}
			if !r.Trusted || !slices.Equal(defectList(r.Defects), want) {
				t.Errorf("Analyze: trusted %v defects %q", r.Trusted, defectList(r.Defects))
			}
			// As the leaf, alone.
			r = Analyze([][]byte{der}, AnalyzeOptions{Roots: pool, Now: testNow})
			if r.Trusted {
				t.Error("hostile leaf trusted")
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}
