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
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
// name (ECDSA P-256) with name as its DNS subject alternative name, as
// strongSwan wants for an FQDN identity.
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

// TestAuthStrongSwanEAP runs the exchange against charon as an EAP
// gateway with a certificate. selected is the IKE proposal charon logs
// it selected ("selected proposal: IKE:..."), the oracle for the
// transform set the exchange ran with: with the weak set configured
// first and a strong one after, charon (which prefers its configured
// order) selects the strong one, the only one the probe offers.
func TestAuthStrongSwanEAP(t *testing.T) {
	for _, tc := range []struct{ name, proposals, selected string }{
		{"aes-gcm ecp256", "aes256gcm16-prfsha256-ecp256", "AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256"},
		{"aes-cbc sha384 modp2048", "aes128-sha384-modp2048", "AES_CBC_128/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_2048"},
		{"aes-gcm x25519", "aes128gcm16-prfsha512-curve25519", "AES_GCM_16_128/PRF_HMAC_SHA2_512/CURVE_25519"},
		{"3des sha1 modp1024", "3des-sha1-modp1024", "3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024"},
		{"aes-cbc sha1 modp1536", "aes256-sha1-modp1536", "AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1536"},
		{"weak first, strong after", "3des-sha1-modp1024,aes128-sha256-modp2048", "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGatewayPKI(t, "vpn.example.test")
			sw := startEAPGateway(t, g, "vpn.example.test", tc.proposals)
			begin := time.Now()
			cfg := Config{Roots: g.pool(t), NoIKEv1: true}
			if *update {
				// The fuzz targets' seeds: the full IKE_SA_INIT response
				// and the IKE_AUTH and INFORMATIONAL ones (go test -run
				// AuthStrongSwanEAP -update).
				n := 0
				cfg.record = func(d []byte) {
					var m message
					if !m.unmarshal(stripMarker(d)) || m.exchange == exchangeIKESAInit && len(m.find(payloadSA)) == 0 {
						return
					}
					n++
					name := filepath.Join("testdata", fmt.Sprintf("strongswan-eap-%s-%02d.bin", strings.ReplaceAll(tc.name, " ", "-"), n))
					if err := os.WriteFile(name, d, 0o644); err != nil {
						t.Error(err)
					}
				}
			}
			r := probeStrongSwan(t, sw, cfg)
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
			// charon logs its choice for every IKE_SA_INIT it accepts, the
			// enumeration's too: the full response follows the last one.
			full, _, _ := strings.Cut(log, "generating IKE_SA_INIT response 0 [ SA")
			_, chosen, _ := strings.Cut(full[strings.LastIndex(full, "selected proposal: "):], "selected proposal: ")
			if chosen, _, _ = strings.Cut(chosen, "\n"); chosen != "IKE:"+tc.selected {
				t.Errorf("charon selected %q for the full IKE_SA_INIT response, want IKE:%s", chosen, tc.selected)
			}
			weak := strings.Contains(tc.selected, "SHA1") || strings.Contains(tc.selected, "3DES")
			if strings.Contains(a.Detail, "(weak: ") != weak {
				t.Errorf("detail %q: weak %v", a.Detail, weak)
			}
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

// eapFake is an in-process responder that accepts one transform set
// (suite; by default fakeSuite's AES-GCM-16 256 with PRF_HMAC_SHA2_256
// and ECP-256) and goes through IKE_SA_INIT with a KE payload for that
// group; mangle shapes its IKE_AUTH answer from the right one (IDr, CERT,
// AUTH signed with the gateway key, EAP request): nil for silence. It
// counts the requests of each exchange type.
type eapFake struct {
	g      *gatewayPKI
	suite  suite
	mangle func(inner []payload, seal func([]payload) []byte) []byte
	mu     sync.Mutex
	counts map[uint8]int
	st     suite
	k      keys
	spiR   uint64
	init   []byte // the IKE_SA_INIT response
	ni     []byte
	// sealChain seals a payload chain as laid out (IKE_AUTH only).
	sealChain func(first uint8, chain []byte) []byte
}

var fakeSuite = suite{encr: 20, keyBits: 256, prf: prf{prfHash(5)}, prfID: 5, group: 19}

// newSuite is the suite of the transforms given, as chosenSuite reads it.
func newSuite(encr uint16, keyBits int, prfID, integID, group uint16) suite {
	s := suite{encr: encr, keyBits: keyBits, prf: prf{prfHash(prfID)}, prfID: prfID, integID: integID, group: group}
	s.integ, _ = integInfo(integID)
	return s
}

func (f *eapFake) respond(req []byte) [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var m message
	if !m.unmarshal(req) {
		return nil
	}
	f.counts[m.exchange]++
	st := f.suite
	if st.encr == 0 {
		st = fakeSuite
	}
	chosen := []transform{
		candidate{typ: transformENCR, id: st.encr, keyBits: st.keyBits}.transform(),
		{typ: transformPRF, id: st.prfID}, {typ: transformKE, id: st.group}}
	want := map[uint8]uint16{transformENCR: st.encr, transformPRF: st.prfID, transformKE: st.group}
	if st.integID != 0 {
		chosen = append(chosen, transform{typ: transformINTEG, id: st.integID})
		want[transformINTEG] = st.integID
	}
	switch {
	case m.version>>4 != 2:
		return nil
	case m.exchange == exchangeIKESAInit:
		var ke kePayload
		if kes := m.find(payloadKE); len(kes) != 1 || !ke.unmarshal(kes[0]) || ke.group != st.group {
			return acceptor(want)(req)
		}
		var ni noncePayload
		ni.unmarshal(m.find(payloadNonce)[0])
		f.ni = slices.Clone(ni.nonce)
		own, _ := newKeyExchange(st.group, rand.Reader)
		gir, err := own.shared(ke.data)
		if err != nil {
			return nil
		}
		f.st = st
		f.spiR = 0x5152535455565758
		nr := make([]byte, 32)
		rand.Read(nr)
		f.k = deriveKeys(f.st, gir, f.ni, nr, m.spiI, f.spiR)
		sa, _ := (&saPayload{proposals: []proposal{{num: 1, protocol: protocolIKE, transforms: chosen}}}).marshal()
		kp, _ := (&kePayload{group: st.group, data: own.public()}).marshal()
		cr, _ := (&certReqPayload{encoding: certX509Signature, data: func() []byte { h := sha1.Sum(f.g.ca.RawSubjectPublicKeyInfo); return h[:] }()}).marshal()
		a := message{spiI: m.spiI, spiR: f.spiR, version: versionIKEv2, exchange: exchangeIKESAInit, flags: flagResponse,
			payloads: []payload{{typ: payloadSA, body: sa}, {typ: payloadKE, body: kp}, {typ: payloadNonce, body: nr}, {typ: payloadCertReq, body: cr}}}
		f.init, _ = a.marshal()
		return [][]byte{f.init}
	}
	if _, err := openSK(&m, f.st, f.k.ei, f.k.ai); err != nil {
		return nil
	}
	hdr := message{spiI: m.spiI, spiR: f.spiR, version: versionIKEv2, exchange: m.exchange, flags: flagResponse, msgID: m.msgID}
	seal := func(ps []payload) []byte {
		hdr.payloads = ps
		b, _ := sealSK(hdr, f.st, f.k.er, f.k.ar, rand.Reader)
		return b
	}
	f.sealChain = func(first uint8, chain []byte) []byte {
		b, _ := sealChain(hdr, first, chain, f.st, f.k.er, f.k.ar, rand.Reader)
		return b
	}
	if m.exchange != exchangeIKEAuth {
		return [][]byte{seal(nil)}
	}
	id, _ := (&idPayload{typ: idFQDN, data: []byte("vpn.example.test")}).marshal()
	cert, _ := (&certPayload{encoding: certX509Signature, data: f.g.leaf.Raw}).marshal()
	h := sha256.Sum256(slices.Concat(f.init, f.ni, f.st.prf.sum(f.k.pr, id)))
	sig, _ := f.g.leafKey.Sign(rand.Reader, h[:], crypto.SHA256)
	alg, _ := hex.DecodeString("300a06082a8648ce3d040302") // ecdsa-with-SHA256
	ad, _ := (&signatureAuth{algorithm: alg, signature: sig}).marshal()
	auth, _ := (&authPayload{method: authDigitalSignature, data: ad}).marshal()
	eap, _ := (&eapPayload{code: eapRequest, identifier: 1, typ: 26, data: []byte{1, 1, 0, 5, 0}}).marshal()
	inner := []payload{{typ: payloadIDr, body: id}, {typ: payloadCert, body: cert}, {typ: payloadAuth, body: auth}, {typ: payloadEAP, body: eap}}
	if f.mangle == nil {
		return [][]byte{seal(inner)}
	}
	if b := f.mangle(inner, seal); b != nil {
		return [][]byte{b}
	}
	return nil
}

func TestAuthFakeResponder(t *testing.T) {
	g := newGatewayPKI(t, "vpn.example.test")
	for _, tc := range []struct {
		name   string
		mangle func(inner []payload, seal func([]payload) []byte) []byte
		status scanner.Status
		reason scanner.Reason
		detail string
	}{
		{"well-behaved", nil, scanner.Supported, "", "signature verifies"},
		{"garbage in the SK payload", func(inner []payload, seal func([]payload) []byte) []byte {
			b := seal(inner)
			rand.Read(b[headerLen+4:])
			return b
		}, scanner.StatusUnknown, scanner.ReasonMalformed, "integrity check"},
		{"wrong ICV", func(inner []payload, seal func([]payload) []byte) []byte {
			b := seal(inner)
			b[len(b)-1] ^= 1
			return b
		}, scanner.StatusUnknown, scanner.ReasonMalformed, "integrity check"},
		{"truncated CERT", nil, scanner.StatusUnknown, scanner.ReasonMalformed, "do not parse"},
		{"a certificate cut short", func(inner []payload, seal func([]payload) []byte) []byte {
			cert, _ := (&certPayload{encoding: certX509Signature, data: g.leaf.Raw[:len(g.leaf.Raw)/2]}).marshal()
			inner[1].body = cert
			return seal(inner)
		}, scanner.Supported, "", "leaf certificate does not parse"},
		{"a signature over something else", func(inner []payload, seal func([]payload) []byte) []byte {
			var a authPayload
			a.unmarshal(inner[2].body)
			a.data = slices.Clone(a.data)
			a.data[len(a.data)-5] ^= 0x55
			inner[2].body, _ = a.marshal()
			return seal(inner)
		}, scanner.StatusUnknown, scanner.ReasonMalformed, "does not verify"},
		{"AUTHENTICATION_FAILED", func(_ []payload, seal func([]payload) []byte) []byte {
			return seal([]payload{notify(24, nil)})
		}, scanner.NotSupported, "", "AUTHENTICATION_FAILED"},
		{"silence after IKE_SA_INIT", func([]payload, func([]payload) []byte) []byte { return nil },
			scanner.StatusUnknown, scanner.ReasonTimeout, "no answer to IKE_AUTH"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &eapFake{g: g, mangle: tc.mangle, counts: map[uint8]int{}}
			if tc.name == "truncated CERT" {
				// The CERT payload ends the chain and claims 100 bytes
				// more than it holds.
				f.mangle = func(inner []payload, _ func([]payload) []byte) []byte {
					chain, _ := (&message{payloads: inner[:2]}).marshal()
					body := chain[headerLen:]
					at := len(body) - len(inner[1].body) - 2
					binary.BigEndian.PutUint16(body[at:], binary.BigEndian.Uint16(body[at:])+100)
					return f.sealChain(payloadIDr, body)
				}
			}
			start := time.Now()
			r := probeFake(t, fakeResponder(t, f.respond), 300*time.Millisecond)
			a := r.IKE.Auth
			if a == nil || a.Status != tc.status || a.Reason != tc.reason || !strings.Contains(a.Detail, tc.detail) {
				t.Fatalf("auth %s", dump(a))
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			// One IKE_AUTH request (with its retransmissions when
			// unanswered); a DELETE only after a readable answer.
			if n := f.counts[exchangeIKEAuth]; n != 1 && tc.reason != scanner.ReasonTimeout && tc.reason != scanner.ReasonMalformed {
				t.Errorf("%d IKE_AUTH requests", n)
			}
			wantDelete := tc.name == "well-behaved" || strings.Contains(tc.name, "cut short") || strings.Contains(tc.name, "something else")
			if (f.counts[exchangeInformational2] > 0) != wantDelete {
				t.Errorf("%d INFORMATIONAL requests", f.counts[exchangeInformational2])
			}
			if tc.status == scanner.Supported {
				if a.ID != "vpn.example.test" || len(a.CertificateRequests) != 1 || len(a.Certificates) != 1 || len(r.Certificates) != 1 ||
					a.SignatureAlgorithm != "ecdsa-with-SHA256" || a.AuthMethod != "Digital Signature" {
					t.Errorf("auth %s", dump(a))
				}
			}
		})
	}
}

// TestAuthFakeResponderLegacy runs the exchange with responders that
// accept one set each of the legacy or other non-default cipher paths:
// the certificate is read and the signature verified, and the detail
// names the set, saying when it is weak.
func TestAuthFakeResponderLegacy(t *testing.T) {
	g := newGatewayPKI(t, "vpn.example.test")
	for _, tc := range []struct {
		name string
		st   suite
		weak string
	}{
		{"3des sha1 modp1024", newSuite(3, 0, 2, 2, 2), "weak: ENCR_3DES, PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96, 1024-bit MODP Group"},
		{"aes-cbc-256 sha1 modp1536", newSuite(12, 256, 2, 2, 5), "weak: PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96, 1536-bit MODP Group"},
		{"aes-ctr-128 sha256 ecp256", newSuite(13, 128, 5, 12, 19), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &eapFake{g: g, suite: tc.st, counts: map[uint8]int{}}
			r := probeFake(t, fakeResponder(t, f.respond), 300*time.Millisecond)
			a := r.IKE.Auth
			if a == nil || a.Status != scanner.Supported || !strings.Contains(a.Detail, "signature verifies") || len(a.Certificates) != 1 {
				t.Fatalf("auth %s", dump(a))
			}
			if !slices.Equal(a.Transforms, tc.st.transforms()) {
				t.Errorf("transforms %s, want %s", dump(a.Transforms), dump(tc.st.transforms()))
			}
			if !strings.Contains(a.Detail, "the exchange ran with "+transformName(transformENCR, tc.st.encr)) {
				t.Errorf("detail %q", a.Detail)
			}
			if tc.weak != "" && !strings.Contains(a.Detail, tc.weak) || tc.weak == "" && strings.Contains(a.Detail, "weak") {
				t.Errorf("detail %q, want %q", a.Detail, tc.weak)
			}
		})
	}
}
