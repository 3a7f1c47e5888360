package ikeprobe

import (
	"crypto"
	"encoding/asn1"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// algorithmIdentifier is a DER AlgorithmIdentifier for oid, with params
// (DER) when given.
func algorithmIdentifier(t *testing.T, oid asn1.ObjectIdentifier, params []byte) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddBytes(params)
	})
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// pssParams is RSASSA-PSS-params naming hash (RFC 4055, Section 3.1).
func pssParams(t *testing.T, hash asn1.ObjectIdentifier) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		if hash != nil {
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(hash) })
			})
		}
	})
	der, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestParseAlgorithmIdentifier: the RFC 7427 AlgorithmIdentifiers the
// probe verifies are named and mapped to how to verify them; the others
// are named and refused, an unknown OID by its dotted form.
func TestParseAlgorithmIdentifier(t *testing.T) {
	sha256 := asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	pss := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	for _, tc := range []struct {
		name     string
		der      []byte
		want     sigScheme
		verified bool
	}{
		{"RSA SHA-256", algorithmIdentifier(t, asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}, nil),
			sigScheme{name: "sha256WithRSAEncryption", kind: "rsa", hash: crypto.SHA256}, true},
		{"ECDSA SHA-384", algorithmIdentifier(t, asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}, nil),
			sigScheme{name: "ecdsa-with-SHA384", kind: "ecdsa", hash: crypto.SHA384}, true},
		{"Ed25519", algorithmIdentifier(t, asn1.ObjectIdentifier{1, 3, 101, 112}, nil), sigScheme{name: "Ed25519", kind: "ed25519"}, true},
		{"RSASSA-PSS with SHA-256", algorithmIdentifier(t, pss, pssParams(t, sha256)),
			sigScheme{name: "RSASSA-PSS with SHA-256", kind: "pss", hash: crypto.SHA256}, true},
		{"RSASSA-PSS, SHA-1 by default", algorithmIdentifier(t, pss, pssParams(t, nil)),
			sigScheme{name: "RSASSA-PSS with SHA-1", kind: "pss", hash: crypto.SHA1}, true},
		{"Ed448, named, not verified", algorithmIdentifier(t, asn1.ObjectIdentifier{1, 3, 101, 113}, nil), sigScheme{name: "Ed448"}, false},
		{"an unknown OID", algorithmIdentifier(t, asn1.ObjectIdentifier{1, 2, 3, 4}, nil), sigScheme{name: "1.2.3.4"}, false},
	} {
		got, err := parseAlgorithmIdentifier(tc.der)
		if got != tc.want || (err == nil) != tc.verified {
			t.Errorf("%s: %+v, %v; want %+v, verified %v", tc.name, got, err, tc.want, tc.verified)
		}
	}
	if _, err := parseAlgorithmIdentifier(algorithmIdentifier(t, pss, nil)); err == nil {
		t.Error("RSASSA-PSS without parameters accepted")
	}
}
