package peer

import (
	"crypto/tls"
	"crypto/x509"
	"slices"
	"testing"
)

// TestPKIRSALeaf: the RSA leaf is p.Leaf with an RSA key and RSA key
// usages, issued by p's intermediate, its files loadable as a server's.
func TestPKIRSALeaf(t *testing.T) {
	p := NewPKI(t, t.TempDir(), []string{"localhost"}, []string{"127.0.0.1"})
	l := p.RSALeaf(t, 2048)
	pair, err := tls.LoadX509KeyPair(l.ChainFile, l.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(pair.Certificate) != 2 || !slices.Equal(pair.Certificate[1], p.Intermediate.Raw) {
		t.Errorf("chain file: %d certificates, want the leaf then the intermediate", len(pair.Certificate))
	}
	c := l.Cert
	if c.PublicKeyAlgorithm != x509.RSA || c.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment {
		t.Errorf("key %v, usage %v: want RSA, digitalSignature and keyEncipherment", c.PublicKeyAlgorithm, c.KeyUsage)
	}
	if c.Subject.String() != p.Leaf.Subject.String() || !slices.Equal(c.DNSNames, p.Leaf.DNSNames) || !c.NotAfter.Equal(p.Leaf.NotAfter) ||
		!slices.Equal(c.CRLDistributionPoints, p.Leaf.CRLDistributionPoints) || !slices.Equal(c.OCSPServer, p.Leaf.OCSPServer) ||
		!slices.Equal(c.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) || len(c.SubjectKeyId) == 0 {
		t.Errorf("leaf differs from p.Leaf beyond its key: %+v", c)
	}
	roots := x509.NewCertPool()
	roots.AddCert(p.Root)
	inter := x509.NewCertPool()
	inter.AddCert(p.Intermediate)
	if _, err := c.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: "localhost"}); err != nil {
		t.Errorf("does not verify up to the root: %v", err)
	}
}
