package peer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// Chain is a test hierarchy written to PEM files: a root, an intermediate
// it signs, and a leaf for the names the options give, signed by the
// intermediate. Keys are P-256 (the leaf's may be set).
type Chain struct {
	Root, Intermediate, Leaf *x509.Certificate
	RootKey, IntermediateKey crypto.Signer
	LeafKey                  crypto.Signer

	// CertFile is what the server serves: the leaf, then the
	// intermediate unless ChainOptions.OmitIntermediate (nginx's
	// ssl_certificate); LeafFile the leaf alone and ChainFile the
	// intermediate alone, empty when omitted (openssl s_server's -cert and
	// -cert_chain); KeyFile the leaf's key; RootFile the root alone (for
	// --ca-file, pki pools).
	CertFile, LeafFile, ChainFile, KeyFile, RootFile string
}

// OpenSSLArgs are the s_server arguments that serve the chain.
func (c *Chain) OpenSSLArgs() []string {
	args := []string{"-cert", c.LeafFile, "-key", c.KeyFile}
	if c.ChainFile != "" {
		args = append(args, "-cert_chain", c.ChainFile)
	}
	return args
}

// ChainOptions say how a Chain is unusual.
type ChainOptions struct {
	// Name is the file name prefix (default "chain").
	Name string
	// DNSNames of the leaf (default localhost); 127.0.0.1 is always in.
	DNSNames []string
	// LeafKey is the leaf's key (default a fresh P-256 key).
	LeafKey crypto.Signer
	// IntermediateSHA1 signs the intermediate with ECDSA-SHA1.
	IntermediateSHA1 bool
	// ExpiredLeaf makes the leaf's validity end a day ago.
	ExpiredLeaf bool
	// OmitIntermediate serves the leaf alone.
	OmitIntermediate bool
}

// NewChain creates and writes a Chain into dir.
func NewChain(t testing.TB, dir string, opts ChainOptions) *Chain {
	t.Helper()
	if opts.Name == "" {
		opts.Name = "chain"
	}
	if len(opts.DNSNames) == 0 {
		opts.DNSNames = []string{"localhost"}
	}
	key := func() crypto.Signer {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		return k
	}
	c := &Chain{RootKey: key(), IntermediateKey: key(), LeafKey: opts.LeafKey}
	if c.LeafKey == nil {
		c.LeafKey = key()
	}
	now := time.Now()
	create := func(tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) *x509.Certificate {
		serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
		if err != nil {
			t.Fatalf("peer: serial: %v", err)
		}
		tmpl.SerialNumber = serial
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			t.Fatalf("peer: create certificate %s: %v", tmpl.Subject.CommonName, err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		return cert
	}
	ca := func(cn string) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn, Organization: []string{"cryptoscan tests"}},
			NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(365 * 24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature}
	}
	c.Root = create(ca(opts.Name+" root"), nil, c.RootKey.Public(), c.RootKey)
	inter := ca(opts.Name + " intermediate")
	if opts.IntermediateSHA1 {
		inter.SignatureAlgorithm = x509.ECDSAWithSHA1
	}
	c.Intermediate = create(inter, c.Root, c.IntermediateKey.Public(), c.RootKey)
	leaf := &x509.Certificate{Subject: pkix.Name{CommonName: opts.DNSNames[0]}, DNSNames: opts.DNSNames,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: now.Add(-24 * time.Hour), NotAfter: now.Add(30 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	if _, ok := c.LeafKey.Public().(*ecdsa.PublicKey); !ok {
		leaf.KeyUsage |= x509.KeyUsageKeyEncipherment
	}
	if opts.ExpiredLeaf {
		leaf.NotBefore, leaf.NotAfter = now.Add(-30*24*time.Hour), now.Add(-24*time.Hour)
	}
	c.Leaf = create(leaf, c.Intermediate, c.LeafKey.Public(), c.IntermediateKey)

	c.CertFile = filepath.Join(dir, opts.Name+".crt")
	c.KeyFile = filepath.Join(dir, opts.Name+".key")
	c.RootFile = filepath.Join(dir, opts.Name+"-root.crt")
	served := [][]byte{c.Leaf.Raw}
	if !opts.OmitIntermediate {
		served = append(served, c.Intermediate.Raw)
	}
	writePEMs(t, c.CertFile, "CERTIFICATE", served...)
	c.LeafFile = filepath.Join(dir, opts.Name+"-leaf.crt")
	writePEM(t, c.LeafFile, "CERTIFICATE", c.Leaf.Raw)
	if !opts.OmitIntermediate {
		c.ChainFile = filepath.Join(dir, opts.Name+"-intermediate.crt")
		writePEM(t, c.ChainFile, "CERTIFICATE", c.Intermediate.Raw)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(c.LeafKey)
	if err != nil {
		t.Fatalf("peer: marshal key: %v", err)
	}
	writePEM(t, c.KeyFile, "PRIVATE KEY", pkcs8)
	writePEM(t, c.RootFile, "CERTIFICATE", c.Root.Raw)
	return c
}

// OCSPResponse writes, into dir, a DER OCSP response for the chain's leaf
// signed by its intermediate (the issuer), with the given status
// (ocsp.Good, ocsp.Revoked), valid from an hour ago for a day, and returns
// its path: what `openssl s_server -status_file` staples.
func (c *Chain) OCSPResponse(t testing.TB, dir string, status int) string {
	t.Helper()
	now := time.Now()
	tmpl := ocsp.Response{Status: status, SerialNumber: c.Leaf.SerialNumber,
		ThisUpdate: now.Add(-time.Hour), NextUpdate: now.Add(24 * time.Hour), ProducedAt: now.Add(-time.Minute)}
	if status == ocsp.Revoked {
		tmpl.RevokedAt, tmpl.RevocationReason = now.Add(-2*time.Hour), ocsp.KeyCompromise
	}
	der, err := ocsp.CreateResponse(c.Intermediate, c.Intermediate, tmpl, c.IntermediateKey)
	if err != nil {
		t.Fatalf("peer: OCSP response: %v", err)
	}
	path := filepath.Join(dir, "ocsp-"+c.Leaf.SerialNumber.Text(16)+".der")
	if err := os.WriteFile(path, der, 0o644); err != nil {
		t.Fatalf("peer: %v", err)
	}
	return path
}

func writePEMs(t testing.TB, path, typ string, ders ...[]byte) {
	t.Helper()
	var all []byte
	for _, der := range ders {
		all = append(all, pemBlock(typ, der)...)
	}
	if err := os.WriteFile(path, all, 0o644); err != nil {
		t.Fatalf("peer: %v", err)
	}
}
