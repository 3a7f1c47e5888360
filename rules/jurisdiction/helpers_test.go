package jurisdiction

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testCert reads a certificate from testdata: an openssl text dump followed
// by the PEM.
func testCert(t *testing.T, name string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("%s: no CERTIFICATE block", name)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

// issuer is a CA the tests sign with.
type issuer struct {
	cert *x509.Certificate
	key  ed25519.PrivateKey
}

// caTemplate is a CA certificate template; every field is fixed so that,
// with Ed25519 keys (deterministic signatures), the certificates are too and
// their hashes can be written in testdata/private-ca.yaml. A nil ski
// leaves the subject key identifier out (and so the AKI of what it signs).
func caTemplate(serial int64, subject pkix.Name, ski []byte) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               subject,
		NotBefore:             time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		SubjectKeyId:          ski,
	}
}

// skiOf is a subject key identifier for the key from seed.
func skiOf(seed byte) []byte {
	h := sha256.Sum256(ed25519.NewKeyFromSeed(seedBytes(seed)).Public().(ed25519.PublicKey))
	return h[:20]
}

// newCA signs tmpl for the key derived from seed, with parent (nil:
// self-signed).
func newCA(t *testing.T, seed byte, tmpl *x509.Certificate, parent *issuer) *issuer {
	t.Helper()
	key := ed25519.NewKeyFromSeed(seedBytes(seed))
	parentCert, parentKey := tmpl, key
	if parent != nil {
		parentCert, parentKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(nil, tmpl, parentCert, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &issuer{cert: c, key: key}
}

// newLeaf makes a server certificate issued by parent.
func newLeaf(t *testing.T, seed byte, name string, parent *issuer) *x509.Certificate {
	t.Helper()
	key := ed25519.NewKeyFromSeed(seedBytes(seed))
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(int64(seed) + 1000),
		Subject:      pkix.Name{CommonName: name},
		DNSNames:     []string{name},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(nil, tmpl, parent.cert, key.Public(), parent.key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func seedBytes(b byte) []byte {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = b
	}
	return s
}

func certSHA256(c *x509.Certificate) string {
	h := sha256.Sum256(c.Raw)
	return hexUpper(h[:])
}

func spkiSHA256(c *x509.Certificate) string {
	h := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return hexUpper(h[:])
}

func chainOf(certs ...*x509.Certificate) [][]byte {
	der := make([][]byte, len(certs))
	for i, c := range certs {
		der[i] = c.Raw
	}
	return der
}
