package peer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// PKI is a realistic private PKI for conformance servers: a root, an
// issuing intermediate and a server leaf, each with the extensions a
// well-run CA puts in (key usage, extended key usage, key identifiers,
// CRL distribution points, AIA), so that a well-configured server using it
// fails no certificate rule; plus a stapled OCSP response for the leaf.
type PKI struct {
	// RootFile is the root certificate (PEM): give it as a trust anchor
	// (--ca-file). RootSHA256 is the SHA-256 of its DER, lower-case hex.
	RootFile   string
	RootSHA256 string
	// ChainFile holds the leaf then the intermediate (PEM), as a server
	// serves them; LeafFile and IntermediateFile hold one each; KeyFile is
	// the leaf's private key (PEM).
	ChainFile, LeafFile, IntermediateFile, KeyFile string
	// OCSPFile is a DER OCSP response, status good, signed by the
	// intermediate, valid from an hour ago for a day (s_server
	// -status_file).
	OCSPFile string
	// Leaf, Intermediate and Root are the parsed certificates.
	Leaf, Intermediate, Root *x509.Certificate

	intKey crypto.Signer // the intermediate's key, for RSALeaf
}

// NewPKI writes a PKI under dir for the names given (DNS names and IP
// addresses in the leaf's subject alternative names). Keys are ECDSA:
// P-384 for the root, P-256 for the intermediate and the leaf; every
// signature is ECDSA with SHA-256 or SHA-384.
func NewPKI(t testing.TB, dir string, dnsNames []string, ips []string) *PKI {
	t.Helper()
	now := time.Now().Add(-time.Hour).Truncate(time.Second)
	key := func(c elliptic.Curve) *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	create := func(tpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) *x509.Certificate {
		der, err := x509.CreateCertificate(rand.Reader, tpl, parent, pub, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	serial := func() *big.Int {
		n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
		if err != nil {
			t.Fatal(err)
		}
		return n.Add(n, big.NewInt(1))
	}
	name := func(cn string) pkix.Name {
		return pkix.Name{Country: []string{"FR"}, Organization: []string{"cryptoscan conformance"}, CommonName: cn}
	}

	rootKey := key(elliptic.P384())
	var root *x509.Certificate
	rootTpl := &x509.Certificate{
		SerialNumber: serial(), Subject: name("cryptoscan conformance root"),
		NotBefore: now, NotAfter: now.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true,
	}
	root = create(rootTpl, rootTpl, &rootKey.PublicKey, rootKey) // self-signed

	intKey := key(elliptic.P256())
	intermediate := create(&x509.Certificate{
		SerialNumber: serial(), Subject: name("cryptoscan conformance issuing CA"),
		NotBefore: now, NotAfter: now.AddDate(5, 0, 0),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true,
		MaxPathLen: 0, MaxPathLenZero: true,
		CRLDistributionPoints: []string{"http://crl.conformance.test/root.crl"},
		IssuingCertificateURL: []string{"http://pki.conformance.test/root.cer"},
		OCSPServer:            []string{"http://ocsp.conformance.test/"},
	}, root, &intKey.PublicKey, rootKey)

	leafKey := key(elliptic.P256())
	leafTpl := &x509.Certificate{
		SerialNumber: serial(), Subject: name(dnsNames[0]),
		NotBefore: now, NotAfter: now.AddDate(0, 0, 90),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, DNSNames: dnsNames, SubjectKeyId: keyID(t, &leafKey.PublicKey),
		CRLDistributionPoints: []string{"http://crl.conformance.test/issuing.crl"},
		IssuingCertificateURL: []string{"http://pki.conformance.test/issuing.cer"},
		OCSPServer:            []string{"http://ocsp.conformance.test/"},
	}
	for _, ip := range ips {
		leafTpl.IPAddresses = append(leafTpl.IPAddresses, parseIP(t, ip))
	}
	leaf := create(leafTpl, intermediate, &leafKey.PublicKey, intKey)

	resp, err := ocsp.CreateResponse(intermediate, intermediate, ocsp.Response{
		Status: ocsp.Good, SerialNumber: leaf.SerialNumber,
		ThisUpdate: now, NextUpdate: now.Add(25 * time.Hour),
	}, intKey)
	if err != nil {
		t.Fatal(err)
	}

	p := &PKI{
		RootFile: filepath.Join(dir, "root.pem"), ChainFile: filepath.Join(dir, "chain.pem"),
		LeafFile: filepath.Join(dir, "leaf.pem"), IntermediateFile: filepath.Join(dir, "intermediate.pem"),
		KeyFile: filepath.Join(dir, "leaf.key"), OCSPFile: filepath.Join(dir, "leaf.ocsp"),
		Leaf: leaf, Intermediate: intermediate, Root: root, intKey: intKey,
	}
	sum := sha256.Sum256(root.Raw)
	p.RootSHA256 = hex.EncodeToString(sum[:])
	keyDER, err := x509.MarshalPKCS8PrivateKey(leafKey)
	if err != nil {
		t.Fatal(err)
	}
	write := func(path string, blocks ...*pem.Block) {
		var b []byte
		for _, bl := range blocks {
			b = append(b, pem.EncodeToMemory(bl)...)
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(p.RootFile, &pem.Block{Type: "CERTIFICATE", Bytes: root.Raw})
	write(p.ChainFile, &pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw}, &pem.Block{Type: "CERTIFICATE", Bytes: intermediate.Raw})
	write(p.LeafFile, &pem.Block{Type: "CERTIFICATE", Bytes: leaf.Raw})
	write(p.IntermediateFile, &pem.Block{Type: "CERTIFICATE", Bytes: intermediate.Raw})
	write(p.KeyFile, &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(p.OCSPFile, resp, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Leaf is a further server certificate of a PKI (PKI.RSALeaf).
type Leaf struct {
	// Cert is the parsed certificate.
	Cert *x509.Certificate
	// ChainFile holds the leaf then the PKI's intermediate (nginx
	// ssl_certificate, gnutls-serv --x509certfile); LeafFile the leaf alone
	// (s_server -cert, with the PKI's IntermediateFile as -cert_chain);
	// KeyFile its private key (PEM).
	ChainFile, LeafFile, KeyFile string
}

// RSALeaf issues from p's intermediate a second leaf like p.Leaf (same
// subject, names, validity, extended key usage, CRL distribution point and
// AIA) on an RSA key of bits bits, with the key usages of an RSA server key
// (digitalSignature and keyEncipherment, which GnuTLS wants for RSA key
// transport), and writes it next to p's files. The key is generated once per
// process and size, as NewRSACert's.
func (p *PKI) RSALeaf(t testing.TB, bits int) *Leaf {
	t.Helper()
	key := cachedKey(t, fmt.Sprintf("rsa-%d", bits), func() (crypto.Signer, error) {
		return rsa.GenerateKey(rand.Reader, bits)
	})
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		t.Fatal(err)
	}
	l := p.Leaf
	tpl := &x509.Certificate{
		SerialNumber: serial.Add(serial, big.NewInt(1)), Subject: l.Subject,
		NotBefore: l.NotBefore, NotAfter: l.NotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true,
		DNSNames: l.DNSNames, IPAddresses: l.IPAddresses, SubjectKeyId: keyID(t, key.Public()),
		CRLDistributionPoints: l.CRLDistributionPoints, IssuingCertificateURL: l.IssuingCertificateURL, OCSPServer: l.OCSPServer,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, p.Intermediate, key.Public(), p.intKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(p.RootFile)
	name := fmt.Sprintf("leaf-rsa%d", bits)
	out := &Leaf{Cert: cert, ChainFile: filepath.Join(dir, name+"-chain.pem"), LeafFile: filepath.Join(dir, name+".pem"),
		KeyFile: filepath.Join(dir, name+".key")}
	writePEMs(t, out.ChainFile, "CERTIFICATE", cert.Raw, p.Intermediate.Raw)
	writePEM(t, out.LeafFile, "CERTIFICATE", cert.Raw)
	if err := os.WriteFile(out.KeyFile, pemBlock("PRIVATE KEY", keyDER), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// keyID is the subject key identifier of RFC 5280, Section 4.2.1.2,
// method 1 (SHA-1 of the public key bits), which crypto/x509 only sets on
// CA certificates by itself.
func keyID(t testing.TB, pub crypto.PublicKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &spki); err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(spki.PublicKey.Bytes)
	return sum[:]
}

func parseIP(t testing.TB, s string) net.IP {
	t.Helper()
	ip := net.ParseIP(s)
	if ip == nil {
		t.Fatalf("peer: %q is not an IP address", s)
	}
	return ip
}
