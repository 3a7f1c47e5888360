package ikeprobe

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// gatewayPKI is a CA and a gateway certificate made for one test.
type gatewayPKI struct {
	dir                       string
	caFile, certFile, keyFile string
	ca, leaf                  *x509.Certificate
	leafKey                   crypto.Signer
}

// newGatewayPKI issues, under a fresh CA (ECDSA P-256), a certificate for
// name (ECDSA P-256, or RSA 2048 when rsaLeaf) with name as its DNS
// subject alternative name, as strongSwan wants for an FQDN identity.
func newGatewayPKI(t *testing.T, name string) *gatewayPKI {
	t.Helper()
	dir := t.TempDir()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(-time.Hour)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cryptoscan test VPN CA", Organization: []string{"cryptoscan"}},
		NotBefore: now, NotAfter: now.Add(48 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name, Organization: []string{"cryptoscan"}},
		NotBefore: now, NotAfter: now.Add(48 * time.Hour), DNSNames: []string{name},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, leafKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(leafKey)
	if err != nil {
		t.Fatal(err)
	}
	g := &gatewayPKI{dir: dir, caFile: filepath.Join(dir, "ca.pem"), certFile: filepath.Join(dir, "gateway.pem"),
		keyFile: filepath.Join(dir, "gateway.key"), ca: ca, leaf: leaf, leafKey: leafKey}
	for f, b := range map[string]*pem.Block{g.caFile: {Type: "CERTIFICATE", Bytes: caDER}, g.certFile: {Type: "CERTIFICATE", Bytes: leafDER}, g.keyFile: {Type: "PRIVATE KEY", Bytes: pkcs8}} {
		if err := os.WriteFile(f, pem.EncodeToMemory(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

func (g *gatewayPKI) pool(t *testing.T) *pki.Pool {
	t.Helper()
	p := pki.NewPool()
	if err := p.AddDER(g.ca.Raw, "test CA"); err != nil {
		t.Fatal(err)
	}
	return p
}

// startEAPGateway starts charon as a road-warrior gateway: it
// authenticates itself with the certificate (pubkey) and its clients with
// EAP-MSCHAPv2.
func startEAPGateway(t *testing.T, g *gatewayPKI, id, proposals string) *peer.StrongSwan {
	t.Helper()
	return peer.StartStrongSwanWithCreds(t, `
  rw {
    version = 2
    proposals = `+proposals+`
    local {
      auth = pubkey
      certs = gateway.pem
      id = `+id+`
    }
    remote {
      auth = eap-mschapv2
      eap_id = %any
    }
    children {
      net {
        local_ts = 10.0.0.0/24
      }
    }
  }`, peer.StrongSwanCreds{Certs: []string{g.certFile}, CAs: []string{g.caFile}, Keys: []string{g.keyFile}, Plugins: []string{"eap-mschapv2"}})
}

func TestAuthStrongSwanEAP(t *testing.T) {
	for _, tc := range []struct{ name, proposals string }{
		{"aes-gcm ecp256", "aes256gcm16-prfsha256-ecp256"},
		{"aes-cbc sha384 modp2048", "aes128-sha384-modp2048"},
		{"aes-gcm x25519", "aes128gcm16-prfsha512-curve25519"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGatewayPKI(t, "vpn.example.test")
			sw := startEAPGateway(t, g, "vpn.example.test", tc.proposals)
			begin := time.Now()
			r := probeStrongSwan(t, sw, Config{Roots: g.pool(t), NoIKEv1: true})
			t.Logf("probe took %v; auth: %s", time.Since(begin), dump(r.IKE.Auth))
			a := r.IKE.Auth
			if a == nil || a.Status != scanner.Supported {
				t.Fatalf("auth %+v\ncharon:\n%s", a, sw.Output())
			}
			if a.IDType != "FQDN" || a.ID != "vpn.example.test" {
				t.Errorf("IDr %s %q", a.IDType, a.ID)
			}
			if !strings.Contains(a.Detail, "EAP-MSCHAP-V2") || !strings.Contains(a.Detail, "signature verifies") || !strings.Contains(a.Detail, "deleting the IKE SA was answered") {
				t.Errorf("detail %q", a.Detail)
			}
			spki := sha1.Sum(g.ca.RawSubjectPublicKeyInfo)
			if len(a.CertificateRequests) != 1 || a.CertificateRequests[0] != hex.EncodeToString(spki[:]) {
				t.Errorf("certificate requests %v, want the CA's %x", a.CertificateRequests, spki)
			}
			leafSHA := sha256.Sum256(g.leaf.Raw)
			if len(a.Certificates) != 1 || len(a.Certificates[0].Chain) == 0 || a.Certificates[0].Chain[0].SHA256 != hex.EncodeToString(leafSHA[:]) {
				t.Fatalf("chain %s", dump(a.Certificates))
			}
			if !a.Certificates[0].Trusted || !a.Certificates[0].HostnameMatch || a.Certificates[0].Versions == nil {
				t.Errorf("chain analysis %s", dump(a.Certificates[0]))
			}
			if len(r.Certificates) != 1 || r.Certificates[0].SHA256 != a.Certificates[0].Chain[0].SHA256 {
				t.Errorf("result certificates %d", len(r.Certificates))
			}
			// charon answers the DELETE (empty INFORMATIONAL response)
			// but hands it to its IKE_AUTH tasks, still waiting for the
			// EAP response: the SA stays CONNECTING until its half-open
			// timeout (30 seconds).
			if total, halfOpen := sw.IKESAs(t); total != 1 || halfOpen != 1 {
				t.Errorf("charon holds %d IKE SAs (%d half-open) after the scan, want the one connecting", total, halfOpen)
			}
			if sas := sw.Swanctl(t, "--list-sas"); !strings.Contains(sas, "CONNECTING") {
				t.Errorf("charon's SAs:\n%s", sas)
			}
			log := sw.Output()
			if n := strings.Count(log, "generating IKE_SA_INIT response 0 [ SA"); n != 1 {
				t.Errorf("%d full IKE_SA_INIT responses, want 1", n)
			}
			if !strings.Contains(log, "parsed INFORMATIONAL request 2 [ D ]") {
				t.Error("no DELETE in charon's log")
			}
			if r.IKE.Cookie || strings.Contains(sw.Output(), "N(COOKIE)") {
				t.Error("a cookie was asked for")
			}
			// Without the CA as a root, the same chain is untrusted.
			r2 := probeStrongSwan(t, sw, Config{NoIKEv1: true})
			if a2 := r2.IKE.Auth; a2 == nil || len(a2.Certificates) != 1 || a2.Certificates[0].Trusted {
				t.Errorf("without roots: %s", dump(a2))
			}
		})
	}
}
