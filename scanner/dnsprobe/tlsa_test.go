package dnsprobe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"math/big"
	"testing"
	"time"
)

// testChain is a served chain: a leaf for host under an issuing CA, and
// the CA's root (not served).
type testChain struct {
	leaf, ca, root *x509.Certificate
}

func (c testChain) served() [][]byte { return [][]byte{c.leaf.Raw, c.ca.Raw} }

func newTestChain(t *testing.T, host string) testChain {
	t.Helper()
	mk := func(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if parent == nil {
			parent, parentKey = tmpl, k
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &k.PublicKey, parentKey)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c, k
	}
	nb, na := testNow.Add(-time.Hour), testNow.Add(90*24*time.Hour)
	root, rootKey := mk(&x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root"}, NotBefore: nb, NotAfter: na,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}, nil, nil)
	ca, caKey := mk(&x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Test CA"}, NotBefore: nb, NotAfter: na,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}, root, rootKey)
	leaf, _ := mk(&x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: nb, NotAfter: na}, ca, caKey)
	return testChain{leaf: leaf, ca: ca, root: root}
}

func sum256(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }
func sum512(b []byte) string { h := sha512.Sum512(b); return hex.EncodeToString(h[:]) }

func TestMatchTLSA(t *testing.T) {
	c := newTestChain(t, "www.example.fr")
	other := newTestChain(t, "www.example.fr")
	leafSPKI, caSPKI := c.leaf.RawSubjectPublicKeyInfo, c.ca.RawSubjectPublicKeyInfo
	for _, tc := range []struct {
		name  string
		rec   TLSA
		chain [][]byte
		want  Match
		cert  int
	}{
		{"match - DANE-EE SPKI SHA-256", TLSA{3, 1, 1, sum256(leafSPKI)}, c.served(), Matched, 0},
		{"match - DANE-EE full certificate SHA-512", TLSA{3, 0, 2, sum512(c.leaf.Raw)}, c.served(), Matched, 0},
		{"match - DANE-EE full certificate, exact", TLSA{3, 0, 0, hex.EncodeToString(c.leaf.Raw)}, c.served(), Matched, 0},
		{"match - PKIX-EE SPKI SHA-256", TLSA{1, 1, 1, sum256(leafSPKI)}, c.served(), Matched, 0},
		{"match - DANE-TA issuing CA SPKI", TLSA{2, 1, 1, sum256(caSPKI)}, c.served(), Matched, 1},
		{"match - PKIX-TA issuing CA certificate", TLSA{0, 0, 1, sum256(c.ca.Raw)}, c.served(), Matched, 1},
		{"no match - DANE-EE of another key", TLSA{3, 1, 1, sum256(other.leaf.RawSubjectPublicKeyInfo)}, c.served(), NotMatched, -1},
		{"no match - DANE-EE naming the CA", TLSA{3, 1, 1, sum256(caSPKI)}, c.served(), NotMatched, -1},
		{"no match - DANE-TA naming the leaf", TLSA{2, 1, 1, sum256(leafSPKI)}, c.served(), NotMatched, -1},
		{"no match - DANE-TA naming the root the server does not send", TLSA{2, 0, 1, sum256(c.root.Raw)}, c.served(), NotMatched, -1},
		{"no match - DANE-TA, leaf only served", TLSA{2, 1, 1, sum256(caSPKI)}, c.served()[:1], NotMatched, -1},
		{"no match - nothing served", TLSA{3, 1, 1, sum256(leafSPKI)}, nil, NotMatched, -1},
		{"no match - unparseable leaf", TLSA{3, 1, 1, sum256(leafSPKI)}, [][]byte{{0x30, 0x03, 0x02, 0x01, 0x01}}, NotMatched, -1},
		{"unusable - usage 4", TLSA{4, 1, 1, sum256(leafSPKI)}, c.served(), Unusable, -1},
		{"unusable - selector 2", TLSA{3, 2, 1, sum256(leafSPKI)}, c.served(), Unusable, -1},
		{"unusable - matching type 3", TLSA{3, 1, 3, sum256(leafSPKI)}, c.served(), Unusable, -1},
		{"unusable - SHA-256 data of 31 bytes", TLSA{3, 1, 1, sum256(leafSPKI)[:62]}, c.served(), Unusable, -1},
		{"unusable - not hex", TLSA{3, 1, 1, "zz"}, c.served(), Unusable, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MatchTLSA([]TLSA{tc.rec}, tc.chain)
			if len(got) != 1 || got[0].Result != tc.want || got[0].Certificate != tc.cert || got[0].Record != tc.rec {
				t.Fatalf("got %+v, want %s at %d", got, tc.want, tc.cert)
			}
			if tc.want != Matched && got[0].Why == "" {
				t.Errorf("%s without a reason", tc.want)
			}
		})
	}
}

func TestSubjectPublicKeyInfo(t *testing.T) {
	c := newTestChain(t, "example.fr")
	for _, cert := range []*x509.Certificate{c.leaf, c.ca, c.root} {
		got, ok := subjectPublicKeyInfo(cert.Raw)
		if !ok || string(got) != string(cert.RawSubjectPublicKeyInfo) {
			t.Errorf("%s: SPKI %x, want %x", cert.Subject, got, cert.RawSubjectPublicKeyInfo)
		}
		// Trailing bytes after the certificate are refused.
		if _, ok := subjectPublicKeyInfo(append(append([]byte(nil), cert.Raw...), 0)); ok {
			t.Errorf("%s: trailing byte accepted", cert.Subject)
		}
		for n := range len(cert.Raw) {
			if _, ok := subjectPublicKeyInfo(cert.Raw[:n]); ok {
				t.Fatalf("%s: a %d-byte prefix parses", cert.Subject, n)
			}
		}
	}
}

// TLSA records served for a web host and an MX host, checked against the
// chain each serves.
func TestProbeTLSA(t *testing.T) {
	r, _ := exampleFr(t)
	web, mail := newTestChain(t, "www.example.fr"), newTestChain(t, "mail.example.fr")
	r.add(t,
		"_443._tcp.www.example.fr. 300 IN TLSA 3 1 1 "+sum256(web.leaf.RawSubjectPublicKeyInfo),
		"_443._tcp.www.example.fr. 300 IN TLSA 2 0 1 "+sum256(web.ca.Raw),
		"_25._tcp.mail.example.fr. 300 IN CNAME _dane.mail.example.fr.",
		"_dane.mail.example.fr. 300 IN TLSA 3 1 1 "+sum256(web.leaf.RawSubjectPublicKeyInfo), // a stale key
	)
	p := NewProber(testConfig(r.serve(t)))
	o := p.Probe(context.Background(), "www.example.fr", 443, 8443)
	if len(o.TLSA) != 2 {
		t.Fatalf("TLSA sets %+v", o.TLSA)
	}
	s := o.TLSA[0]
	if s.Name != "_443._tcp.www.example.fr" || s.Port != 443 || s.Lookup.State != Present || !s.Lookup.Authenticated || len(s.Records) != 2 {
		t.Fatalf("web TLSA %+v", s)
	}
	for _, m := range MatchTLSA(s.Records, web.served()) {
		if m.Result != Matched {
			t.Errorf("web %s: %s (%s)", m.Record, m.Result, m.Why)
		}
	}
	if o.TLSA[1].Lookup.State != Absent || !o.TLSA[1].Lookup.NXDomain {
		t.Errorf("no TLSA on 8443: %+v", o.TLSA[1])
	}

	o = p.Probe(context.Background(), "mail.example.fr", 25)
	s = o.TLSA[0]
	if s.Lookup.State != Present || len(s.Records) != 1 || s.Records[0].Usage != 3 {
		t.Fatalf("mail TLSA through a CNAME: %+v", s)
	}
	if m := MatchTLSA(s.Records, mail.served()); m[0].Result != NotMatched {
		t.Errorf("stale TLSA: %+v", m)
	}
}
