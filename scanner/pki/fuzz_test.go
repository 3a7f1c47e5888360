package pki

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"math/big"
	"net"
	"reflect"
	"slices"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// The fuzz targets feed hostile bytes to every parser: none may panic or
// run long; what parses must agree with what the standard parsers read of
// the same bytes, and SCT lists must re-encode to themselves. Seeds are
// generated: the certificates, responses and lists of the tests.

func FuzzParseSCTList(f *testing.F) {
	samples := sampleSCTs()
	f.Add(buildSCTList(samples...))
	f.Add(buildSCTList(samples[0]))
	f.Add(buildSCTList(testSCT{version: 1, body: []byte{1, 2, 3}}, samples[1]))
	f.Add(buildSCTList(testSCT{timestamp: 1<<64 - 1, hash: 9, sig: 200}))
	f.Fuzz(func(t *testing.T, data []byte) {
		scts, err := ParseSCTList(data)
		if err != nil {
			if scts != nil {
				t.Fatal("SCTs returned with an error")
			}
			return
		}
		if len(scts) == 0 {
			t.Fatal("empty list parsed")
		}
		var again []testSCT
		for _, s := range scts {
			if s.Version != 0 {
				return // the body of another version is not kept
			}
			again = append(again, testFromSCT(t, s))
		}
		if out := buildSCTList(again...); !bytes.Equal(out, data) {
			t.Fatalf("re-encoded list differs:\n%x\n%x", out, data)
		}
	})
}

// fuzzPKI is a chain and responses for the OCSP and chain targets.
func fuzzPKI(f *testing.F) ocspPKI {
	p := ocspPKI{testPKI: newTestPKI(f, "fuzz")}
	resp := leafTemplate()
	resp.Subject = pkix.Name{CommonName: "Fuzz Responder"}
	resp.DNSNames = nil
	resp.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}
	p.delegated = issue(f, resp, p.inter, testKey(f, "p256-fuzz-responder"))
	return p
}

func FuzzCheckOCSP(f *testing.F) {
	p := fuzzPKI(f)
	chain := ders(p.leaf, p.inter)
	sctExt, err := encasn1.Marshal(buildSCTList(sampleSCTs()...))
	if err != nil {
		f.Fatal(err)
	}
	for _, tmpl := range []ocsp.Response{
		{Status: ocsp.Good, SerialNumber: p.leaf.cert.SerialNumber, ThisUpdate: testNow, NextUpdate: testNow.Add(time.Hour)},
		{Status: ocsp.Revoked, SerialNumber: p.leaf.cert.SerialNumber, ThisUpdate: testNow, RevokedAt: testNow, RevocationReason: ocsp.KeyCompromise},
		{Status: ocsp.Unknown, SerialNumber: big.NewInt(5), ThisUpdate: testNow,
			ExtraExtensions: []pkix.Extension{{Id: oidOCSPSCTList, Value: sctExt}}},
	} {
		for _, responder := range []*issued{p.inter, p.delegated} {
			if responder != p.inter {
				tmpl.Certificate = responder.cert
			}
			der, err := ocsp.CreateResponse(p.inter.cert, responder.cert, tmpl, responder.key)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(der)
		}
	}
	f.Add(ocsp.TryLaterErrorResponse)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := CheckOCSP(data, chain, OCSPOptions{Now: testNow})
		if err != nil {
			if !reflect.DeepEqual(r, OCSPResponse{}) {
				t.Fatal("facts returned with an error")
			}
			return
		}
		if r.SignatureValid != (r.SignatureError == "") && r.ResponseStatus == "successful" {
			t.Fatalf("signature_valid %v with error %q", r.SignatureValid, r.SignatureError)
		}
		// Differential: what x/crypto/ocsp also reads, it reads the same.
		o, oerr := ocsp.ParseResponseForCert(data, p.leaf.cert, nil)
		if oerr != nil {
			return
		}
		if r.Status != []OCSPStatus{OCSPGood, OCSPRevoked, OCSPUnknown}[o.Status] ||
			r.Serial != serialString(o.SerialNumber) || !r.ThisUpdate.Equal(o.ThisUpdate) ||
			!r.NextUpdate.Equal(o.NextUpdate) || !r.ProducedAt.Equal(o.ProducedAt) || !r.SerialMatchesLeaf {
			t.Fatalf("differs from x/crypto/ocsp:\n%+v\n%+v", r, o)
		}
	})
}

// describeSeeds are certificates of every kind the tests make.
func describeSeeds(f *testing.F) [][]byte {
	_, rich, _ := richLeaf(f)
	p := newTestPKI(f, "fuzz-describe")
	edRoot := issue(f, rootTemplate("Fuzz Ed Root"), nil, testKey(f, "ed25519-fuzz-root"))
	sha1Tmpl := rootTemplate("Fuzz SHA1 Root")
	sha1Tmpl.SignatureAlgorithm = x509.SHA1WithRSA
	sha1Root := issue(f, sha1Tmpl, nil, testKey(f, "rsa2048-fuzz-sha1"))
	ipTmpl := leafTemplate()
	ipTmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	ipLeaf := issue(f, ipTmpl, p.inter, testKey(f, "p384-fuzz-ip"))
	return [][]byte{rich.der, p.root.der, p.inter.der, p.leaf.der, edRoot.der, sha1Root.der, ipLeaf.der}
}

func FuzzDescribe(f *testing.F) {
	for _, der := range describeSeeds(f) {
		f.Add(der)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		c, err := Describe(data)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Describe took %v", d)
		}
		if c.SHA256 != sha256Hex(data) {
			t.Fatal("hash missing")
		}
		if (err != nil) != (len(c.Errors) > 0) {
			t.Fatalf("error %v with errors %q", err, c.Errors)
		}
		// Differential: a certificate crypto/x509 reads gives the same
		// core facts.
		cert, xerr := x509.ParseCertificate(data)
		if xerr != nil {
			return
		}
		if c.Serial != serialString(cert.SerialNumber) || !c.NotBefore.Equal(cert.NotBefore) || !c.NotAfter.Equal(cert.NotAfter) ||
			c.SPKISHA256 != sha256Hex(cert.RawSubjectPublicKeyInfo) || c.Version != cert.Version {
			t.Fatalf("core facts differ from crypto/x509: %+v", c)
		}
		// (crypto/x509 ignores the extensions of a version 1 or 2
		// certificate; Describe reads them, as zcrypto does, and zlint
		// flags them: names are compared on version 3 only.)
		if err == nil && cert.Version == 3 && (!slices.Equal(c.DNSNames, cert.DNSNames) || !slices.Equal(c.EmailAddresses, cert.EmailAddresses) ||
			len(c.IPAddresses) != len(cert.IPAddresses)) {
			t.Fatalf("names differ from crypto/x509: %v %v / %v %v", c.DNSNames, c.EmailAddresses, cert.DNSNames, cert.EmailAddresses)
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	p := fuzzPKI(f)
	pool := testPool(f, p.root)
	for _, der := range [][]byte{p.inter.der, p.root.der, p.leaf.der} {
		f.Add(der, uint8(0))
		f.Add(der, uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, where uint8) {
		// The hostile certificate takes the place of the leaf, of the
		// intermediate, or comes in addition.
		var chain [][]byte
		switch where % 3 {
		case 0:
			chain = [][]byte{data, p.inter.der}
		case 1:
			chain = [][]byte{p.leaf.der, data}
		default:
			chain = [][]byte{p.leaf.der, p.inter.der, data, data}
		}
		r := Analyze(chain, AnalyzeOptions{Roots: pool, ServerName: "www.example.test", Now: testNow})
		if len(r.Served) != len(chain) {
			t.Fatalf("served %d of %d", len(r.Served), len(chain))
		}
		if r.Trusted {
			for _, d := range r.Defects {
				if d.Code.blocking() {
					t.Fatalf("trusted with %s", d.Code)
				}
			}
		}
	})
}
