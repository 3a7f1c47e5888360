package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// gatewayConnections is a strongSwan gateway answering IKEv1 and IKEv2:
// AES-GCM with ECP-384, or AES-CBC with SHA2-256 and MODP-2048.
const gatewayConnections = `
  gw {
    version = 0
    proposals = aes256gcm16-prfsha384-ecp384,aes128-sha256-modp2048
    local {
      auth = psk
      id = gw.example.fr
    }
    remote {
      auth = psk
    }
  }`

// TestScanIKE runs the command against a real strongSwan charon on
// 127.0.0.1's IKE ports, named by an ike:// target: one endpoint event
// with the ike object and neither tls nor ssh nor dns, valid against the
// schema, with the configured transforms; evaluate re-grades the saved
// report to the same findings; the text report shows them.
func TestScanIKE(t *testing.T) {
	sw := peer.StartStrongSwanOnIKEPorts(t, gatewayConnections)
	before := sw.Requests()
	code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", "ike://127.0.0.1")
	if code != exitOK {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitOK, stderr)
	}
	if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
		t.Fatalf("output does not match the schema: %v", err)
	}
	ike, stats, statuses := readIKERun(t, stdout)
	if ike == nil {
		t.Fatalf("no ike observation:\n%s", stdout)
	}
	if ike.V2.Status != scanner.Supported || ike.V1.Status != scanner.Supported {
		t.Errorf("versions: IKEv2 %+v, IKEv1 %+v; want both supported", ike.V2, ike.V1)
	}
	var got []string
	for _, tr := range ike.Transforms {
		got = append(got, tr.Type+" "+tr.Name)
	}
	want := []string{
		"encr ENCR_AES_CBC", "encr ENCR_AES_GCM_16",
		"prf PRF_HMAC_SHA2_256", "prf PRF_HMAC_SHA2_384",
		"integ AUTH_HMAC_SHA2_256_128",
		"ke 384-bit random ECP group", "ke 2048-bit MODP Group",
	}
	if !sameSet(got, want) {
		t.Errorf("transforms %q, want %q", got, want)
	}
	if i, j := slices.Index(got, "ke 384-bit random ECP group"), slices.Index(got, "ke 2048-bit MODP Group"); i > j {
		t.Errorf("key exchanges %q: want ECP-384 first, as configured", got)
	}
	// Every request the command counted reached charon: UDP sockets are
	// the IKE endpoint's connections.
	if n := sw.Requests() - before; stats.Connections != n {
		t.Errorf("stats count %d connections; charon parsed %d requests", stats.Connections, n)
	}

	saved := filepath.Join(t.TempDir(), "saved.ndjson")
	if err := os.WriteFile(saved, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	code, again, stderr := runCLI(t, context.Background(), hostsResolver(nil), "evaluate", "--format", "json", "--fail-on", "none", saved)
	if _, _, regraded := readIKERun(t, again); code != exitOK || !maps.Equal(regraded, statuses) {
		t.Errorf("evaluate: exit %d, findings %v, want %v; stderr:\n%s", code, regraded, statuses, stderr)
	}
	code, text, stderr := runCLI(t, context.Background(), hostsResolver(nil), "evaluate", "--fail-on", "none", saved)
	for _, w := range []string{"127.0.0.1:500  ike  source=argument", "IKEv2: supported", "IKEv1: supported", "384-bit random ECP group (group 20)"} {
		if !strings.Contains(text, w) {
			t.Errorf("text report (exit %d) lacks %q:\n%s\n%s", code, w, text, stderr)
		}
	}
}

// readIKERun reads a JSON run of one IKE endpoint: its observation, its
// stats and the status of each finding by rule.
func readIKERun(t *testing.T, out string) (*scanner.IKEObservation, scanner.Stats, map[string]string) {
	t.Helper()
	var ike *scanner.IKEObservation
	var stats scanner.Stats
	statuses := map[string]string{}
	for line := range strings.Lines(out) {
		var ev struct {
			Event    string                  `json:"event"`
			Endpoint scanner.Endpoint        `json:"endpoint"`
			TLS      json.RawMessage         `json:"tls"`
			SSH      json.RawMessage         `json:"ssh"`
			DNS      json.RawMessage         `json:"dns"`
			IKE      *scanner.IKEObservation `json:"ike"`
			Stats    scanner.Stats           `json:"stats"`
			Rule     struct{ ID string }     `json:"rule"`
			Status   string                  `json:"status"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatal(err)
		}
		switch ev.Event {
		case "endpoint":
			if ev.Endpoint.Protocol != "ike" || ev.Endpoint.Port != 500 || ev.Endpoint.SNI != "" || ev.TLS != nil || ev.SSH != nil || ev.DNS != nil {
				t.Errorf("endpoint %+v with tls %s, ssh %s, dns %s; want protocol ike on port 500, no SNI, no tls, ssh or dns", ev.Endpoint, ev.TLS, ev.SSH, ev.DNS)
			}
			ike, stats = ev.IKE, ev.Stats
		case "finding":
			statuses[ev.Rule.ID] = ev.Status
		}
	}
	return ike, stats, statuses
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestScanIKEGatewayCertificate scans a road-warrior gateway (charon on
// the IKE ports, authenticating itself with a certificate of a test CA and
// its clients with EAP): the IKE_AUTH answer gives its chain, described
// in a certificate event, and SecNumCloud 10.6.a grades the CA as the
// operator's declaration says (unknown without one).
func TestScanIKEGatewayCertificate(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newTestCA(t, "cryptoscan test VPN CA")
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(-time.Hour)
	leafDER, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "vpn.example.test"}, DNSNames: []string{"vpn.example.test"},
		NotBefore: now, NotAfter: now.Add(48 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, ca, leafKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(leafKey)
	if err != nil {
		t.Fatal(err)
	}
	caFile, certFile, keyFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "gateway.pem"), filepath.Join(dir, "gateway.key")
	writePEM(t, caFile, "CERTIFICATE", ca.Raw)
	writePEM(t, certFile, "CERTIFICATE", leafDER)
	writePEM(t, keyFile, "PRIVATE KEY", pkcs8)
	peer.StartStrongSwanOnIKEPorts(t, `
  rw {
    version = 2
    proposals = aes256gcm16-prfsha384-ecp384
    local {
      auth = pubkey
      certs = gateway.pem
      id = vpn.example.test
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
  }`, peer.StrongSwanCreds{Certs: []string{certFile}, CAs: []string{caFile}, Keys: []string{keyFile}, Plugins: []string{"eap-mschapv2"}})

	// The gateway serves its leaf alone: the CA, not served, is declared
	// with its certificate (an issuer link needs its name and key).
	caPEM := strings.ReplaceAll(strings.TrimSpace(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}))), "\n", "\n      ")
	declare := func(country string) string {
		f := filepath.Join(dir, "cas-"+country+".yaml")
		if err := os.WriteFile(f, []byte("cas:\n  - name: cryptoscan test VPN CA\n    operated_in: "+country+
			"\n    parent_country: "+country+"\n    justification: the test's own CA\n    certificate: |\n      "+caPEM+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct {
		name string
		args []string
		want string // SNC-10.6.a's status
	}{
		{"no declaration: the CA is unknown", nil, "incomplete"},
		{"declared French", []string{"--ca-jurisdiction", declare("FR")}, "pass"},
		{"declared American", []string{"--ca-jurisdiction", declare("US")}, "fail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"--format", "json", "--fail-on", "none", "--ca-file", caFile}, tc.args...)
			_, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), append(args, "ike://127.0.0.1")...)
			if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
				t.Fatalf("output does not match the schema: %v", err)
			}
			ike, _, statuses := readIKERun(t, stdout)
			if ike == nil || ike.Auth == nil || ike.Auth.Status != scanner.Supported {
				t.Fatalf("IKE_AUTH not read: %+v\n%s", ike, stderr)
			}
			a := ike.Auth
			if a.IDType != "FQDN" || a.ID != "vpn.example.test" || len(a.Certificates) != 1 || len(a.Certificates[0].Chain) == 0 {
				t.Fatalf("auth %+v", a)
			}
			leafSHA := fmt.Sprintf("%x", sha256.Sum256(leafDER))
			if c := a.Certificates[0]; c.Chain[0].SHA256 != leafSHA || !c.Trusted {
				t.Errorf("chain %+v: want the gateway's certificate %s, trusted with --ca-file", c.Chain, leafSHA)
			}
			if !strings.Contains(stdout, `"event":"certificate"`) || !strings.Contains(stdout, leafSHA) {
				t.Errorf("no certificate event for the gateway's certificate")
			}
			if got := statuses["SNC-10.6.a"]; got != tc.want {
				t.Errorf("SNC-10.6.a %s, want %s", got, tc.want)
			}
			for _, id := range []string{"ANSSI-CRYPTO-Fact", "ANSSI-CRYPTO-Hash"} {
				if statuses[id] != "pass" {
					t.Errorf("%s %s, want pass (ECDSA P-256 signed with SHA-256)", id, statuses[id])
				}
			}
		})
	}
}

// newTestCA makes a self-signed ECDSA P-256 CA.
func newTestCA(t *testing.T, name string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(-time.Hour)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name, Country: []string{"FR"}},
		NotBefore: now, NotAfter: now.Add(48 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
