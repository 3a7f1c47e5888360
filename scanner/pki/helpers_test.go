package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
)

// The tests build their PKIs here with crypto/x509: no fixture files to go
// stale, and every expected fact comes from the template that produced it.

// testNow is the evaluation time of the tests.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

var (
	keyMu    sync.Mutex
	keyCache = map[string]crypto.Signer{}
)

// testKey returns a key of the given kind (rsa2048, rsa3072, p256, p384,
// ed25519), the same one for the same name, so RSA keys are generated once
// per test binary.
func testKey(t testing.TB, name string) crypto.Signer {
	t.Helper()
	keyMu.Lock()
	defer keyMu.Unlock()
	if k, ok := keyCache[name]; ok {
		return k
	}
	var k crypto.Signer
	var err error
	switch {
	case len(name) > 7 && name[:7] == "rsa2048":
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	case len(name) > 7 && name[:7] == "rsa3072":
		k, err = rsa.GenerateKey(rand.Reader, 3072)
	case len(name) > 4 && name[:4] == "p256":
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case len(name) > 4 && name[:4] == "p384":
		k, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case len(name) > 7 && name[:7] == "ed25519":
		_, k, err = ed25519.GenerateKey(rand.Reader)
	default:
		t.Fatalf("unknown key kind %q", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	keyCache[name] = k
	return k
}

// issued is a certificate with its key.
type issued struct {
	cert *x509.Certificate
	der  []byte
	key  crypto.Signer
}

func (c *issued) sha() string {
	sum := sha256.Sum256(c.der)
	return hex.EncodeToString(sum[:])
}

var serialCounter int64 = 1000

// issue signs tmpl with parent's key (self-signed when parent is nil).
// NotBefore/NotAfter default to a year around testNow; SerialNumber to a
// fresh number.
func issue(t testing.TB, tmpl *x509.Certificate, parent *issued, key crypto.Signer) *issued {
	t.Helper()
	if tmpl.SerialNumber == nil {
		keyMu.Lock()
		serialCounter++
		tmpl.SerialNumber = big.NewInt(serialCounter)
		keyMu.Unlock()
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = testNow.AddDate(0, -6, 0)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = testNow.AddDate(0, 6, 0)
	}
	parentCert, parentKey := tmpl, key
	if parent != nil {
		parentCert, parentKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, key.Public(), parentKey)
	if err != nil {
		t.Fatalf("CreateCertificate(%s): %v", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &issued{cert: cert, der: der, key: key}
}

func rootTemplate(cn string) *x509.Certificate {
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Cryptoscan Test"}, Country: []string{"FR"}},
		NotBefore:             testNow.AddDate(-5, 0, 0),
		NotAfter:              testNow.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
}

func intermediateTemplate(cn string) *x509.Certificate {
	t := rootTemplate(cn)
	t.NotBefore = testNow.AddDate(-2, 0, 0)
	t.NotAfter = testNow.AddDate(3, 0, 0)
	t.MaxPathLen = 0
	t.MaxPathLenZero = true
	return t
}

func leafTemplate(names ...string) *x509.Certificate {
	cn := "leaf"
	if len(names) > 0 {
		cn = names[0]
	}
	return &x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		DNSNames:    names,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
}

// testPKI is a root, an intermediate and a leaf for www.example.test.
type testPKI struct {
	root, inter, leaf *issued
}

func newTestPKI(t testing.TB, keyPrefix string) testPKI {
	t.Helper()
	root := issue(t, rootTemplate(keyPrefix+" Root"), nil, testKey(t, "p384-"+keyPrefix+"-root"))
	inter := issue(t, intermediateTemplate(keyPrefix+" Intermediate"), root, testKey(t, "p256-"+keyPrefix+"-inter"))
	leaf := issue(t, leafTemplate("www.example.test", "example.test"), inter, testKey(t, "p256-"+keyPrefix+"-leaf"))
	return testPKI{root: root, inter: inter, leaf: leaf}
}

// testPool is a pool anchored at the given roots only.
func testPool(t testing.TB, roots ...*issued) *Pool {
	t.Helper()
	p := NewPool()
	for _, r := range roots {
		if err := p.AddDER(r.der, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// testSCT is an SCT to encode with buildSCTList.
type testSCT struct {
	version   uint8
	logID     [32]byte
	timestamp uint64
	exts      []byte
	hash, sig uint8
	signature []byte
	body      []byte // for versions other than v1: the bytes after the version
}

// buildSCTList encodes a SignedCertificateTimestampList (RFC 6962,
// Section 3.3).
func buildSCTList(scts ...testSCT) []byte {
	var b cryptobyte.Builder
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, s := range scts {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint8(s.version)
				if s.version != 0 {
					b.AddBytes(s.body)
					return
				}
				b.AddBytes(s.logID[:])
				b.AddUint64(s.timestamp)
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(s.exts) })
				b.AddUint8(s.hash)
				b.AddUint8(s.sig)
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(s.signature) })
			})
		}
	})
	return b.BytesOrPanic()
}

func sampleSCTs() []testSCT {
	var id1, id2 [32]byte
	for i := range id1 {
		id1[i] = byte(i)
		id2[i] = byte(0xff - i)
	}
	return []testSCT{
		{logID: id1, timestamp: uint64(testNow.UnixMilli()), hash: 4, sig: 3, signature: []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}},
		{logID: id2, timestamp: uint64(testNow.Add(-time.Hour).UnixMilli()) + 7, exts: []byte{0xde, 0xad}, hash: 4, sig: 1, signature: []byte{1, 2, 3}},
	}
}

func pemCerts(cs ...*issued) []byte {
	var out []byte
	for _, c := range cs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.der})...)
	}
	return out
}
