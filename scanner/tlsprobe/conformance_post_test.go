package tlsprobe_test

import (
	"context"
	"crypto/elliptic"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
	"golang.org/x/crypto/ocsp"
)

// Conformance of the probes past the ServerHello against real servers:
// certificates (TLS 1.3 and 1.2, several per server, by name), their
// defects and staples, signature schemes, and the extension facts. The
// expected facts come from how each server was configured: the chain
// files written for it, the OCSP response generated for it, its flags
// (-early_data, -allow_no_dhe_kex, -client_renegotiation, -verify, -alpn)
// and OpenSSL 3's documented defaults (two TLS 1.3 tickets of 7200 s, the
// same hint in TLS 1.2, no client renegotiation, no compression, SHA-1
// signatures refused at security level 1).

// probeWith scans addr as production does, with the given configuration
// and server name.
func probeWith(t testing.TB, addr netip.AddrPort, cfg tlsprobe.Config, sni string) scanner.Result {
	t.Helper()
	ep := scanner.Endpoint{Host: addr.Addr().String(), IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", SNI: sni, Source: "test"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	r := tlsprobe.New(cfg).Probe(ctx, ep, d)
	r.Stats = d.Stats()
	return r
}

func rootsOf(t testing.TB, files ...string) *pki.Pool {
	t.Helper()
	p, err := pki.LoadPool(files...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// chainByLeaf finds the chain whose leaf has the given subject CN.
func chainByLeaf(obs *scanner.TLSObservation, subject string) *scanner.ChainFact {
	for i, c := range obs.Certificates {
		if len(c.Chain) > 0 && c.Chain[0].Subject == subject {
			return &obs.Certificates[i]
		}
	}
	return nil
}

func defectCodes(c *scanner.ChainFact) []pki.DefectCode {
	var out []pki.DefectCode
	for _, d := range c.Defects {
		out = append(out, d.Code)
	}
	return out
}

func schemeCodes(obs *scanner.TLSObservation, v scanner.Version, k pki.KeyType) (all []uint16, preferred uint16) {
	for _, f := range obs.SignatureSchemes {
		if f.Version == v && f.KeyType == k {
			all = append(all, uint16(f.Code))
			if f.Preferred {
				preferred = uint16(f.Code)
			}
		}
	}
	return all, preferred
}

func wantFeature(t *testing.T, name string, f scanner.Feature, st scanner.Status) {
	t.Helper()
	if f.Status != st {
		t.Errorf("%s: %+v, want %s", name, f, st)
	}
}

var both = []scanner.Version{scanner.TLSv12, scanner.TLSv13}

// TestConformanceStaplesAndDefaults: OpenSSL with a root, intermediate and
// leaf, stapling a good OCSP response generated for the leaf.
func TestConformanceStaplesAndDefaults(t *testing.T) {
	dir := t.TempDir()
	ch := peer.NewChain(t, dir, peer.ChainOptions{Name: "ocsp"})
	srv := peer.OpenSSL(t, append(ch.OpenSSLArgs(), "-status_file", ch.OCSPResponse(t, dir, ocsp.Good))...)
	r := probeWith(t, srv.AddrPort(), tlsprobe.Config{Roots: rootsOf(t, ch.RootFile)}, "")
	obs := r.TLS
	if len(obs.Certificates) != 1 {
		t.Fatalf("%d chains, want 1: %+v", len(obs.Certificates), obs.Certificates)
	}
	c := obs.Certificates[0]
	if !slices.Equal(c.Versions, both) || !c.WithoutSNI || len(c.Served) != 2 || !c.Trusted || !c.HostnameMatch || len(c.Defects) != 0 {
		t.Errorf("chain: versions %v, without SNI %v, %d served, trusted %v, name %v, defects %v", c.Versions, c.WithoutSNI, len(c.Served), c.Trusted, c.HostnameMatch, defectCodes(&c))
	}
	if c.OCSP == nil || c.OCSP.Status != pki.OCSPGood || !c.OCSP.SignatureValid || !c.OCSP.SerialMatchesLeaf {
		t.Errorf("stapled OCSP %+v (%s), want good, signed by the issuer, for the leaf", c.OCSP, c.OCSPError)
	}
	all13, pref13 := schemeCodes(obs, scanner.TLSv13, pki.KeyECDSA)
	all12, pref12 := schemeCodes(obs, scanner.TLSv12, pki.KeyECDSA)
	if !slices.Equal(all13, []uint16{0x0403}) || pref13 != 0x0403 {
		t.Errorf("TLSv1.3 ECDSA P-256 schemes %04X preferred %04X, want 0403", all13, pref13)
	}
	for _, s := range []uint16{0x0403, 0x0503, 0x0603} {
		if !slices.Contains(all12, s) {
			t.Errorf("TLSv1.2 ECDSA schemes %04X lack %04X", all12, s)
		}
	}
	if slices.Contains(all12, 0x0203) || pref12 != 0x0403 {
		t.Errorf("TLSv1.2 ECDSA schemes %04X preferred %04X: SHA-1 refused at level 1, 0403 preferred", all12, pref12)
	}
	x := obs.Extensions
	wantFeature(t, "TLS 1.2 ticket", x.TLS12Ticket, scanner.Supported)
	wantFeature(t, "TLS 1.3 tickets", x.TLS13Tickets, scanner.Supported)
	for name, f := range map[string]scanner.Feature{"TLS 1.2 ticket": x.TLS12Ticket, "TLS 1.3 tickets": x.TLS13Tickets} {
		if f.Value == nil || *f.Value != 7200 {
			t.Errorf("%s lifetime %v, want OpenSSL's 7200 s", name, f.Value)
		}
	}
	wantFeature(t, "psk_ke", x.PSKKE, scanner.NotSupported)
	wantFeature(t, "early data", x.EarlyData, scanner.NotSupported)
	wantFeature(t, "client renegotiation", x.ClientRenegotiation, scanner.NotSupported)
	wantFeature(t, "compression", x.Compression, scanner.NotSupported)
	wantFeature(t, "fallback SCSV", x.FallbackSCSV, scanner.Supported)
	wantFeature(t, "downgrade sentinel", x.DowngradeSentinel, scanner.Supported)
	wantFeature(t, "secure renegotiation", x.SecureRenegotiation, scanner.Supported)
	wantFeature(t, "extended master secret", x.ExtendedMasterSecret, scanner.Supported)
	wantFeature(t, "certificate request", x.CertificateRequest, scanner.NotSupported)
	wantFeature(t, "ALPN", x.ALPN, scanner.NotSupported)
	t.Logf("%d connections", r.Stats.Connections)
}

// TestConformanceEarlyDataAndFriends: OpenSSL without -www, with 0-RTT,
// resumption without (EC)DHE, client renegotiation, ALPN h2, and client
// certificates requested from one CA.
func TestConformanceEarlyDataAndFriends(t *testing.T) {
	dir := t.TempDir()
	ch := peer.NewChain(t, dir, peer.ChainOptions{Name: "server"})
	clients := peer.NewChain(t, dir, peer.ChainOptions{Name: "clients"})
	srv := peer.OpenSSLEcho(t, append(ch.OpenSSLArgs(), "-early_data", "-allow_no_dhe_kex", "-client_renegotiation",
		"-alpn", "h2", "-verify", "1", "-CAfile", clients.RootFile)...)
	r := probeWith(t, srv.AddrPort(), tlsprobe.Config{}, "")
	x := r.TLS.Extensions
	wantFeature(t, "early data", x.EarlyData, scanner.Supported)
	if x.EarlyData.Value == nil || *x.EarlyData.Value == 0 {
		t.Errorf("max_early_data_size %v, want > 0", x.EarlyData.Value)
	}
	wantFeature(t, "psk_ke", x.PSKKE, scanner.Supported)
	wantFeature(t, "client renegotiation", x.ClientRenegotiation, scanner.Supported)
	wantFeature(t, "ALPN", x.ALPN, scanner.Supported)
	if !slices.Equal(x.ALPN.Names, []string{"h2"}) || len(x.ALPN.Versions) != 2 {
		t.Errorf("ALPN %+v, want h2 in TLSv1.2 and TLSv1.3", x.ALPN)
	}
	wantFeature(t, "certificate request", x.CertificateRequest, scanner.Supported)
	if want := "CN=clients root,O=cryptoscan tests"; !slices.Equal(x.CertificateRequest.Names, []string{want}) || len(x.CertificateRequest.Versions) != 2 {
		t.Errorf("certificate request %+v, want %q in both versions", x.CertificateRequest, want)
	}
	if c := chainByLeaf(r.TLS, "CN=localhost"); c == nil || !slices.Equal(c.Versions, both) {
		t.Errorf("chain %+v, want one in TLSv1.2 and TLSv1.3", c)
	}
	t.Logf("%d connections", r.Stats.Connections)
}

// TestConformanceNginxCertificates: nginx serving a certificate by SNI
// ($ssl_server_name) and another to hellos without it; and nginx with an
// RSA and an ECDSA certificate.
func TestConformanceNginxCertificates(t *testing.T) {
	t.Run("by name", func(t *testing.T) {
		dir := t.TempDir()
		named := peer.NewChain(t, dir, peer.ChainOptions{Name: "www.example.test", DNSNames: []string{"www.example.test"}})
		def := peer.NewChain(t, dir, peer.ChainOptions{Name: "default", DNSNames: []string{"default.example.test"}})
		// nginx reads $ssl_server_name.crt per handshake; without SNI the
		// name is empty: ".crt".
		if err := copyFile(def.CertFile, filepath.Join(dir, ".crt")); err != nil {
			t.Fatal(err)
		}
		if err := copyFile(def.KeyFile, filepath.Join(dir, ".key")); err != nil {
			t.Fatal(err)
		}
		srv := peer.Nginx(t, fmt.Sprintf("ssl_certificate %[1]s/$ssl_server_name.crt;\nssl_certificate_key %[1]s/$ssl_server_name.key;\nssl_protocols TLSv1.2 TLSv1.3;", dir))
		r := probeWith(t, srv.AddrPort(), tlsprobe.Config{Roots: rootsOf(t, named.RootFile, def.RootFile)}, "www.example.test")
		n := chainByLeaf(r.TLS, "CN=www.example.test")
		d := chainByLeaf(r.TLS, "CN=default.example.test")
		if n == nil || !n.SNI || n.WithoutSNI || !slices.Equal(n.Versions, both) || !n.Trusted || !n.HostnameMatch {
			t.Errorf("named chain %+v, want SNI only, TLSv1.2 and 1.3, trusted, matching", n)
		}
		if d == nil || d.SNI || !d.WithoutSNI || !slices.Contains(d.Versions, scanner.TLSv13) || d.HostnameMatch {
			t.Errorf("default chain %+v, want without SNI only, TLSv1.3, not matching www.example.test", d)
		}
		wantFeature(t, "without SNI", r.TLS.Extensions.WithoutSNI, scanner.Supported)
		t.Logf("%d connections", r.Stats.Connections)
	})
	t.Run("RSA and ECDSA", func(t *testing.T) {
		srv := nginxDualCertServer(t)
		r := probeWith(t, srv.AddrPort(), tlsprobe.Config{}, "")
		keys := map[pki.KeyType][]scanner.Version{}
		for _, c := range r.TLS.Certificates {
			keys[c.Chain[0].KeyType] = c.Versions
		}
		for _, k := range []pki.KeyType{pki.KeyRSA, pki.KeyECDSA} {
			if !slices.Equal(keys[k], both) {
				t.Errorf("%s chain served under %v, want TLSv1.2 and TLSv1.3", k, keys[k])
			}
		}
		for _, tc := range []struct {
			v    scanner.Version
			k    pki.KeyType
			want []uint16
			pref uint16
		}{
			{scanner.TLSv13, pki.KeyECDSA, []uint16{0x0403}, 0x0403},
			{scanner.TLSv13, pki.KeyRSA, []uint16{0x0804, 0x0805, 0x0806}, 0x0804},
		} {
			got, pref := schemeCodes(r.TLS, tc.v, tc.k)
			if !slices.Equal(got, tc.want) || pref != tc.pref {
				t.Errorf("%s %s schemes %04X preferred %04X, want %04X preferred %04X", tc.v, tc.k, got, pref, tc.want, tc.pref)
			}
		}
		for _, k := range []pki.KeyType{pki.KeyRSA, pki.KeyECDSA} {
			if got, pref := schemeCodes(r.TLS, scanner.TLSv12, k); len(got) == 0 || pref == 0 {
				t.Errorf("TLSv1.2 %s schemes %04X preferred %04X, want some", k, got, pref)
			}
		}
		t.Logf("%d connections", r.Stats.Connections)
	})
}

// TestConformanceChainDefects: OpenSSL serving a chain with a SHA-1
// intermediate, a leaf without its intermediate, an expired leaf and a
// self-signed leaf; each defect is seen in TLS 1.2 and TLS 1.3.
func TestConformanceChainDefects(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts peer.ChainOptions
		want pki.DefectCode
		args []string
	}{
		// OpenSSL 3 refuses to serve a SHA-1 certificate at its default
		// security level ("ca md too weak").
		{"sha1 intermediate", peer.ChainOptions{Name: "sha1", IntermediateSHA1: true}, pki.DefectSHA1, []string{"-cipher", "DEFAULT:@SECLEVEL=0"}},
		{"no intermediate", peer.ChainOptions{Name: "leafonly", OmitIntermediate: true}, pki.DefectMissingIntermediate, nil},
		{"expired leaf", peer.ChainOptions{Name: "expired", ExpiredLeaf: true}, pki.DefectExpired, nil},
		{"self-signed leaf", peer.ChainOptions{}, pki.DefectUntrustedRoot, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var args []string
			var root string
			if tc.opts.Name == "" {
				cert, key := peer.NewECDSACert(t, dir, elliptic.P256())
				args = []string{"-cert", cert, "-key", key}
				root = peer.NewChain(t, dir, peer.ChainOptions{Name: "unrelated"}).RootFile
			} else {
				ch := peer.NewChain(t, dir, tc.opts)
				args, root = ch.OpenSSLArgs(), ch.RootFile
			}
			srv := peer.OpenSSL(t, append(args, tc.args...)...)
			r := probeWith(t, srv.AddrPort(), tlsprobe.Config{Depth: tlsprobe.Compliance, Roots: rootsOf(t, root)}, "")
			if len(r.TLS.Certificates) != 1 {
				t.Fatalf("%d chains, want 1", len(r.TLS.Certificates))
			}
			c := r.TLS.Certificates[0]
			if !slices.Contains(c.Versions, scanner.TLSv12) || !slices.Contains(c.Versions, scanner.TLSv13) || !slices.Contains(defectCodes(&c), tc.want) || c.Trusted {
				t.Errorf("chain under %v, defects %v, trusted %v; want TLSv1.2 and 1.3, %s, not trusted", c.Versions, defectCodes(&c), c.Trusted, tc.want)
			}
		})
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// TestConformanceDHEOnlyCompleteHandshake: a server accepting only DHE
// suites, which crypto/tls lacks, still gets its complete TLS 1.2
// handshake (zcrypto's client): the ticket s_server issues (lifetime hint
// 7200 s) and its refusal of a client-initiated renegotiation, sealed by
// the probe under a DHE-RSA AES-GCM suite.
func TestConformanceDHEOnlyCompleteHandshake(t *testing.T) {
	srv := dhe1024Server(t)
	r, _ := probe(t, srv.AddrPort(), tlsprobe.Inventory)
	x := r.TLS.Extensions
	if x.TLS12Ticket.Status != scanner.Supported || x.TLS12Ticket.Value == nil || *x.TLS12Ticket.Value != 7200 {
		t.Errorf("TLS 1.2 ticket %+v, want supported with a 7200 s hint", x.TLS12Ticket)
	}
	if x.ClientRenegotiation.Status != scanner.NotSupported || x.ClientRenegotiation.Reason != scanner.AlertReason(100) {
		t.Errorf("client renegotiation %+v, want refused with no_renegotiation (alert_100)", x.ClientRenegotiation)
	}
}
