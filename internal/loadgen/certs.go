package loadgen

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// rsaKeys is how many RSA-2048 keys the RSA endpoints share: generating
// one per endpoint would take minutes. Every endpoint still has a
// certificate of its own.
const rsaKeys = 4

// authority issues the fleet's certificates: a root (served by nobody,
// trusted by the scanner when it is given RootPEM) and an intermediate that
// signs every leaf, served after the leaf.
type authority struct {
	rootDER  []byte
	interDER []byte
	inter    *x509.Certificate
	interKey crypto.Signer
	rsa      []crypto.Signer
	notAfter time.Time
	now      time.Time
}

func newAuthority(now time.Time) (*authority, error) {
	a := &authority{now: now, notAfter: now.Add(90 * 24 * time.Hour)}
	rootKey, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("failed to generate the root key: %w", err)
	}
	root := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{Country: []string{"FR"}, Organization: []string{"cryptoscan loadgen"}, CommonName: "cryptoscan loadgen root"},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	a.rootDER, err = x509.CreateCertificate(rand.Reader, root, root, rootKey.Public(), rootKey)
	if err != nil {
		return nil, fmt.Errorf("failed to issue the root: %w", err)
	}
	if root, err = x509.ParseCertificate(a.rootDER); err != nil {
		return nil, err
	}
	interKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("failed to generate the intermediate key: %w", err)
	}
	inter := &x509.Certificate{
		SerialNumber:          big.NewInt(2),
		Subject:               pkix.Name{Country: []string{"FR"}, Organization: []string{"cryptoscan loadgen"}, CommonName: "cryptoscan loadgen issuing CA"},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(180 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	a.interDER, err = x509.CreateCertificate(rand.Reader, inter, root, interKey.Public(), rootKey)
	if err != nil {
		return nil, fmt.Errorf("failed to issue the intermediate: %w", err)
	}
	if a.inter, err = x509.ParseCertificate(a.interDER); err != nil {
		return nil, err
	}
	a.interKey = interKey
	return a, nil
}

// rootPEM is the root certificate, PEM-encoded.
func (a *authority) rootPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.rootDER}))
}

// rsaKey returns the i-th shared RSA key, generating the pool on first use.
func (a *authority) rsaKey(i int) (crypto.Signer, error) {
	for len(a.rsa) < rsaKeys {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, fmt.Errorf("failed to generate an RSA key: %w", err)
		}
		a.rsa = append(a.rsa, k)
	}
	return a.rsa[i%rsaKeys], nil
}

// leaf issues the certificate of endpoint i (serial i+16) for ep.Name and
// its address, with a fresh ECDSA key or one of the shared RSA keys.
func (a *authority) leaf(i int, ep Endpoint) (tls.Certificate, error) {
	var key crypto.Signer
	var err error
	usage := x509.KeyUsageDigitalSignature
	switch ep.Kind.spec().key {
	case keyRSA2048:
		key, err = a.rsaKey(i)
		usage |= x509.KeyUsageKeyEncipherment // RSA key transport
	default:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(int64(i) + 16),
		Subject:               pkix.Name{CommonName: ep.Name},
		NotBefore:             a.now.Add(-time.Hour),
		NotAfter:              a.notAfter,
		KeyUsage:              usage,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{ep.Name},
		IPAddresses:           []net.IP{net.IP(ep.Addr.Addr().AsSlice())},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.inter, key.Public(), a.interKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("failed to issue the certificate of %s: %w", ep.Name, err)
	}
	return tls.Certificate{Certificate: [][]byte{der, a.interDER}, PrivateKey: key}, nil
}
