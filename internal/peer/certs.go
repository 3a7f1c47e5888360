package peer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Keys are generated once per process and key type: RSA generation is slow
// and nothing here depends on a key being fresh.
var keyCache sync.Map // string -> crypto.Signer

func cachedKey(t testing.TB, id string, gen func() (crypto.Signer, error)) crypto.Signer {
	t.Helper()
	if k, ok := keyCache.Load(id); ok {
		return k.(crypto.Signer)
	}
	k, err := gen()
	if err != nil {
		t.Fatalf("peer: generate %s key: %v", id, err)
	}
	actual, _ := keyCache.LoadOrStore(id, k)
	return actual.(crypto.Signer)
}

// NewRSACert writes a self-signed certificate for localhost and 127.0.0.1
// with an RSA key of bits bits into dir, as PEM files, and returns their
// paths.
func NewRSACert(t testing.TB, dir string, bits int) (certFile, keyFile string) {
	t.Helper()
	key := cachedKey(t, fmt.Sprintf("rsa-%d", bits), func() (crypto.Signer, error) {
		return rsa.GenerateKey(rand.Reader, bits)
	})
	// keyEncipherment: GnuTLS refuses RSA key transport without it.
	return writeCert(t, dir, fmt.Sprintf("rsa%d", bits), key, x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment)
}

// NewECDSACert writes a self-signed certificate for localhost and
// 127.0.0.1 with an ECDSA key on curve into dir, as PEM files, and returns
// their paths.
func NewECDSACert(t testing.TB, dir string, curve elliptic.Curve) (certFile, keyFile string) {
	t.Helper()
	name := curve.Params().Name
	key := cachedKey(t, "ecdsa-"+name, func() (crypto.Signer, error) {
		return ecdsa.GenerateKey(curve, rand.Reader)
	})
	return writeCert(t, dir, "ecdsa-"+name, key, x509.KeyUsageDigitalSignature)
}

func writeCert(t testing.TB, dir, base string, key crypto.Signer, usage x509.KeyUsage) (certFile, keyFile string) {
	t.Helper()
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		t.Fatalf("peer: serial: %v", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "localhost"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(30 * 24 * time.Hour),
		KeyUsage:              usage,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatalf("peer: create certificate: %v", err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatalf("peer: marshal key: %v", err)
	}
	certFile = filepath.Join(dir, base+".crt")
	keyFile = filepath.Join(dir, base+".key")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", pkcs8)
	return certFile, keyFile
}

func writePEM(t testing.TB, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pemBlock(typ, der), 0o644); err != nil {
		t.Fatalf("peer: %v", err)
	}
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}
