package pki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"net"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// richLeaf is an RSA leaf with every extension Describe reports.
func richLeaf(t testing.TB) (*issued, *issued, []byte) {
	t.Helper()
	root := issue(t, rootTemplate("Rich Root"), nil, testKey(t, "rsa3072-rich-root"))
	sctList := buildSCTList(sampleSCTs()...)
	sctExt, err := encasn1.Marshal(sctList)
	if err != nil {
		t.Fatal(err)
	}
	mustStaple, err := encasn1.Marshal([]int{5})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://example.test/id")
	tmpl := &x509.Certificate{
		SerialNumber: new(big.Int).SetBytes([]byte{0x0a, 0xbc, 0xde, 0xf0, 0x12}),
		Subject: pkix.Name{
			CommonName:   "www.example.test",
			Organization: []string{"Example, Inc."},
			Country:      []string{"FR"},
		},
		NotBefore:             time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		NotAfter:              time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC),
		DNSNames:              []string{"www.example.test", "*.example.test"},
		IPAddresses:           []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1")},
		EmailAddresses:        []string{"admin@example.test"},
		URIs:                  []*url.URL{u},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		UnknownExtKeyUsage:    []encasn1.ObjectIdentifier{{1, 2, 3, 4}},
		BasicConstraintsValid: true,
		SubjectKeyId:          []byte{1, 2, 3, 4},
		CRLDistributionPoints: []string{"http://crl.example.test/ca.crl"},
		OCSPServer:            []string{"http://ocsp.example.test"},
		IssuingCertificateURL: []string{"http://ca.example.test/ca.crt"},
		ExtraExtensions: []pkix.Extension{
			{Id: oidCertSCTList, Value: sctExt},
			{Id: oidTLSFeature, Value: mustStaple},
		},
	}
	leaf := issue(t, tmpl, root, testKey(t, "rsa2048-rich-leaf"))
	return root, leaf, sctList
}

func TestDescribeRSALeaf(t *testing.T) {
	root, leaf, sctList := richLeaf(t)
	c, err := Describe(leaf.der)
	if err != nil {
		t.Fatalf("Describe: %v", err)
	}
	wantSCTs, err := ParseSCTList(sctList)
	if err != nil {
		t.Fatal(err)
	}
	for i := range wantSCTs {
		wantSCTs[i].Source = SCTFromCertificate
	}
	want := Certificate{
		SHA256:     leaf.sha(),
		SPKISHA256: sha256Hex(leaf.cert.RawSubjectPublicKeyInfo),
		Version:    3,
		Serial:     "0abcdef012",
		Subject:    `CN=www.example.test,O=Example\, Inc.,C=FR`,
		SubjectAttributes: []Attribute{
			{Type: "C", OID: "2.5.4.6", Value: "FR"},
			{Type: "O", OID: "2.5.4.10", Value: "Example, Inc."},
			{Type: "CN", OID: "2.5.4.3", Value: "www.example.test"},
		},
		Issuer: "CN=Rich Root,O=Cryptoscan Test,C=FR",
		IssuerAttributes: []Attribute{
			{Type: "C", OID: "2.5.4.6", Value: "FR"},
			{Type: "O", OID: "2.5.4.10", Value: "Cryptoscan Test"},
			{Type: "CN", OID: "2.5.4.3", Value: "Rich Root"},
		},
		KeyType:               KeyRSA,
		KeyOID:                "1.2.840.113549.1.1.1",
		KeyBits:               2048,
		RSAExponent:           65537,
		RSAExponentHex:        "010001",
		SignatureAlgorithm:    "SHA256-RSA",
		SignatureHash:         HashSHA256,
		SignatureOID:          "1.2.840.113549.1.1.11",
		NotBefore:             time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		NotAfter:              time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC),
		DNSNames:              []string{"www.example.test", "*.example.test"},
		IPAddresses:           []string{"192.0.2.10", "2001:db8::1"},
		EmailAddresses:        []string{"admin@example.test"},
		URIs:                  []string{"https://example.test/id"},
		KeyUsage:              []string{"digitalSignature", "keyEncipherment"},
		KeyUsageCritical:      true,
		ExtKeyUsage:           []string{"serverAuth", "clientAuth", "1.2.3.4"},
		BasicConstraints:      &BasicConstraints{CA: false, Critical: true},
		AuthorityKeyID:        hex.EncodeToString(root.cert.SubjectKeyId),
		SubjectKeyID:          "01020304",
		CRLDistributionPoints: []string{"http://crl.example.test/ca.crl"},
		OCSPServers:           []string{"http://ocsp.example.test"},
		CAIssuers:             []string{"http://ca.example.test/ca.crt"},
		MustStaple:            true,
		SCTs:                  wantSCTs,
	}
	gotExts := c.Extensions
	c.Extensions = nil
	if !reflect.DeepEqual(c, want) {
		gj, _ := json.MarshalIndent(c, "", " ")
		wj, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("Describe mismatch\n got: %s\nwant: %s", gj, wj)
	}
	// The extension list follows the encoding, whatever crypto/x509's
	// order: check it against the parsed certificate.
	var wantExts []Extension
	for _, e := range leaf.cert.Extensions {
		wantExts = append(wantExts, Extension{OID: e.Id.String(), Name: lookupName(extensionNames, e.Id.String()), Critical: e.Critical})
	}
	if !reflect.DeepEqual(gotExts, wantExts) {
		t.Errorf("extensions = %+v, want %+v", gotExts, wantExts)
	}
	if c.Subject != leaf.cert.Subject.String() {
		t.Errorf("subject %q differs from crypto/x509's %q", c.Subject, leaf.cert.Subject.String())
	}
	if len(c.SCTs) != 2 || c.SCTs[1].Extensions != "dead" || c.SCTs[0].Timestamp != testNow {
		t.Errorf("SCTs = %+v", c.SCTs)
	}
}

func TestDescribeKeyKinds(t *testing.T) {
	root := issue(t, rootTemplate("Kinds Root"), nil, testKey(t, "p384-kinds-root"))
	tests := []struct {
		name    string
		key     string
		kind    KeyType
		bits    int
		curve   string
		sigAlg  string
		sigHash string
	}{
		{"ECDSA P-256", "p256-kinds", KeyECDSA, 256, "P-256", "ECDSA-SHA384", HashSHA384},
		{"ECDSA P-384", "p384-kinds", KeyECDSA, 384, "P-384", "ECDSA-SHA384", HashSHA384},
		{"Ed25519", "ed25519-kinds", KeyEd25519, 256, "", "ECDSA-SHA384", HashSHA384},
		{"RSA 3072", "rsa3072-kinds", KeyRSA, 3072, "", "ECDSA-SHA384", HashSHA384},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leaf := issue(t, leafTemplate("k.example.test"), root, testKey(t, tt.key))
			c, err := Describe(leaf.der)
			if err != nil {
				t.Fatal(err)
			}
			if c.KeyType != tt.kind || c.KeyBits != tt.bits || c.Curve != tt.curve ||
				c.SignatureAlgorithm != tt.sigAlg || c.SignatureHash != tt.sigHash {
				t.Errorf("got %s %d %q %s %s, want %s %d %q %s %s", c.KeyType, c.KeyBits, c.Curve, c.SignatureAlgorithm, c.SignatureHash,
					tt.kind, tt.bits, tt.curve, tt.sigAlg, tt.sigHash)
			}
			if c.SelfSigned || c.SelfIssued {
				t.Error("issued leaf reported self-signed")
			}
		})
	}
	t.Run("Ed25519 signature", func(t *testing.T) {
		edRoot := issue(t, rootTemplate("Ed Root"), nil, testKey(t, "ed25519-kinds-root"))
		c, err := Describe(edRoot.der)
		if err != nil {
			t.Fatal(err)
		}
		if c.SignatureAlgorithm != "Ed25519" || c.SignatureHash != "" || !c.SelfSigned || !c.SelfIssued {
			t.Errorf("got %s %q self-signed %v self-issued %v", c.SignatureAlgorithm, c.SignatureHash, c.SelfSigned, c.SelfIssued)
		}
		if c.BasicConstraints == nil || !c.BasicConstraints.CA || c.BasicConstraints.MaxPathLen != nil {
			t.Errorf("basic constraints = %+v", c.BasicConstraints)
		}
	})
	t.Run("path length and SHA-1", func(t *testing.T) {
		tmpl := intermediateTemplate("SHA1 Intermediate")
		tmpl.SignatureAlgorithm = x509.SHA1WithRSA
		rsaRoot := issue(t, rootTemplate("RSA Kinds Root"), nil, testKey(t, "rsa2048-kinds-root"))
		inter := issue(t, tmpl, rsaRoot, testKey(t, "p256-kinds-inter"))
		c, err := Describe(inter.der)
		if err != nil {
			t.Fatal(err)
		}
		if c.SignatureAlgorithm != "SHA1-RSA" || c.SignatureHash != HashSHA1 {
			t.Errorf("signature %s %s", c.SignatureAlgorithm, c.SignatureHash)
		}
		if c.BasicConstraints == nil || c.BasicConstraints.MaxPathLen == nil || *c.BasicConstraints.MaxPathLen != 0 {
			t.Errorf("basic constraints = %+v", c.BasicConstraints)
		}
		if !slices.Equal(c.KeyUsage, []string{"keyCertSign", "cRLSign"}) {
			t.Errorf("key usage = %v", c.KeyUsage)
		}
		// A SHA-1 self-signature still counts as self-signed, though
		// crypto/x509 no longer verifies SHA-1.
		rootTmpl := rootTemplate("SHA1 Root")
		rootTmpl.SignatureAlgorithm = x509.SHA1WithRSA
		sha1Root := issue(t, rootTmpl, nil, testKey(t, "rsa2048-kinds-sha1root"))
		c, err = Describe(sha1Root.der)
		if err != nil {
			t.Fatal(err)
		}
		if !c.SelfSigned || !c.SelfIssued || c.SignatureHash != HashSHA1 {
			t.Errorf("SHA-1 root: self-signed %v self-issued %v hash %s", c.SelfSigned, c.SelfIssued, c.SignatureHash)
		}
	})
	t.Run("self-issued, not self-signed", func(t *testing.T) {
		// Same name as its issuer, signed by another key.
		tmpl := rootTemplate("Kinds Root")
		tmpl.Subject = root.cert.Subject
		c1 := issue(t, tmpl, root, testKey(t, "p256-kinds-selfissued"))
		c, err := Describe(c1.der)
		if err != nil {
			t.Fatal(err)
		}
		if !c.SelfIssued || c.SelfSigned {
			t.Errorf("self-issued %v self-signed %v, want true false", c.SelfIssued, c.SelfSigned)
		}
	})
}

// spki encodes a SubjectPublicKeyInfo.
func spki(algOID encasn1.ObjectIdentifier, params func(*cryptobyte.Builder), key []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(algOID)
			if params != nil {
				params(b)
			}
		})
		b.AddASN1BitString(key)
	})
	return b.BytesOrPanic()
}

// The key kinds crypto/x509 cannot create certificates for.
func TestParseSPKIOtherKinds(t *testing.T) {
	dsaParams := func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1BigInt(new(big.Int).Lsh(big.NewInt(1), 2047)) // p: 2048 bits
			b.AddASN1BigInt(new(big.Int).Lsh(big.NewInt(1), 255))  // q
			b.AddASN1BigInt(big.NewInt(2))                         // g
		})
	}
	brainpool := func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 3, 36, 3, 3, 2, 8, 1, 1, 7})
	}
	unknownCurve := func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 3}) }
	point := append([]byte{4}, make([]byte, 64)...)
	tests := []struct {
		name  string
		der   []byte
		kind  KeyType
		bits  int
		curve string
		err   bool
	}{
		{"Ed448", spki(encasn1.ObjectIdentifier{1, 3, 101, 113}, nil, make([]byte, 57)), KeyEd448, 456, "", false},
		{"DSA", spki(encasn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1}, dsaParams, []byte{2, 1, 5}), KeyDSA, 2048, "", false},
		{"brainpool", spki(encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}, brainpool, point), KeyECDSA, 256, "brainpoolP256r1", false},
		{"unknown curve", spki(encasn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}, unknownCurve, point), KeyECDSA, 256, "1.2.3", false},
		{"X25519 is not a signature key", spki(encasn1.ObjectIdentifier{1, 3, 101, 110}, nil, make([]byte, 32)), KeyUnknown, 0, "", false},
		{"RSA with garbage key", spki(encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}, nil, []byte{1, 2, 3}), KeyRSA, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := parseSPKI(tt.der)
			if (err != nil) != tt.err || k.kind != tt.kind || k.bits != tt.bits || k.curve != tt.curve {
				t.Errorf("got %+v, %v", k, err)
			}
		})
	}
}

func TestSignatureAlgorithmPSS(t *testing.T) {
	root := issue(t, rootTemplate("PSS Root"), nil, testKey(t, "rsa2048-pss-root"))
	tmpl := leafTemplate("pss.example.test")
	tmpl.SignatureAlgorithm = x509.SHA384WithRSAPSS
	leaf := issue(t, tmpl, root, testKey(t, "p256-pss-leaf"))
	c, err := Describe(leaf.der)
	if err != nil {
		t.Fatal(err)
	}
	if c.SignatureAlgorithm != "SHA384-RSAPSS" || c.SignatureHash != HashSHA384 {
		t.Errorf("got %s %s", c.SignatureAlgorithm, c.SignatureHash)
	}
	if c.SignatureAlgorithm != leaf.cert.SignatureAlgorithm.String() {
		t.Errorf("name %s differs from crypto/x509's %s", c.SignatureAlgorithm, leaf.cert.SignatureAlgorithm)
	}
}

func TestDescribeNames(t *testing.T) {
	// A multi-valued RDN, characters to escape, a BMPString and an
	// attribute without a short name.
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{2, 5, 4, 6})
				b.AddASN1(asn1.PrintableString, func(b *cryptobyte.Builder) { b.AddBytes([]byte("FR")) })
			})
		})
		b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{2, 5, 4, 10})
				b.AddASN1(tagBMPString, func(b *cryptobyte.Builder) { b.AddBytes([]byte{0, 'C', 0, 0xe9, 0, '+'}) })
			})
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{2, 5, 4, 11})
				b.AddASN1(asn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(" #a;b ")) })
			})
		})
		b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 3, 4})
				b.AddASN1Int64(7)
			})
		})
	})
	attrs, s, err := parseName(b.BytesOrPanic())
	if err != nil {
		t.Fatal(err)
	}
	if want := `1.2.3.4=#020107,O=Cé\++OU=\ #a\;b\ ,C=FR`; s != want {
		t.Errorf("name = %q, want %q", s, want)
	}
	wantAttrs := []Attribute{
		{Type: "C", OID: "2.5.4.6", Value: "FR"},
		{Type: "O", OID: "2.5.4.10", Value: "Cé+"},
		{Type: "OU", OID: "2.5.4.11", Value: " #a;b "},
		{Type: "1.2.3.4", OID: "1.2.3.4", Value: "#020107"},
	}
	if !reflect.DeepEqual(attrs, wantAttrs) {
		t.Errorf("attributes = %+v", attrs)
	}
}

// A certificate whose extension is damaged still gives its names, key and
// validity, with a typed error.
func TestDescribeMalformedExtension(t *testing.T) {
	root := issue(t, rootTemplate("Damage Root"), nil, testKey(t, "p256-damage-root"))
	tmpl := leafTemplate("damaged.example.test")
	// An SCT list whose only SCT is cut short, inside a well-formed
	// OCTET STRING: crypto/x509 does not read it, so it signs it.
	badList := []byte{0x00, 0x05, 0x00, 0x03, 0x00, 0x01, 0x02}
	badExt, merr := encasn1.Marshal(badList)
	if merr != nil {
		t.Fatal(merr)
	}
	tmpl.ExtraExtensions = []pkix.Extension{{Id: oidCertSCTList, Value: badExt}}
	leaf := issue(t, tmpl, root, testKey(t, "p256-damage-leaf"))
	c, err := Describe(leaf.der)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.What != "certificate" {
		t.Fatalf("err = %v, want a certificate *ParseError", err)
	}
	if c.Subject != "CN=damaged.example.test" || c.KeyType != KeyECDSA || c.NotAfter.IsZero() || c.SHA256 != leaf.sha() {
		t.Errorf("lenient facts missing: %+v", c)
	}
	if len(c.Errors) == 0 || !strings.Contains(c.Errors[0], "ctSCTList") {
		t.Errorf("errors = %q", c.Errors)
	}
	if len(c.SCTs) != 0 {
		t.Errorf("damaged SCT list reported: %+v", c.SCTs)
	}
	if !slices.Equal(c.DNSNames, []string{"damaged.example.test"}) {
		t.Errorf("names = %v", c.DNSNames)
	}
}

func TestDescribeGarbage(t *testing.T) {
	for _, in := range [][]byte{nil, {}, {0x30}, {0x30, 0x00}, {0x30, 0x03, 0x30, 0x01, 0x00}, []byte("-----BEGIN CERTIFICATE-----")} {
		c, err := Describe(in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Describe(%x): err = %v, want *ParseError", in, err)
		}
		if c.SHA256 != sha256Hex(in) || len(c.Errors) == 0 || c.KeyType != KeyUnknown {
			t.Errorf("Describe(%x) = %+v", in, c)
		}
	}
	big := make([]byte, MaxCertificateSize+1)
	if _, err := Describe(big); err == nil || !strings.Contains(err.Error(), "exceeds") {
		t.Errorf("oversized certificate: err = %v", err)
	}
}

func TestDescribeTrailingData(t *testing.T) {
	p := newTestPKI(t, "trail")
	if _, err := Describe(append(slices.Clone(p.leaf.der), 0)); err == nil {
		t.Error("certificate with a trailing byte parsed")
	}
}

// No strict prefix of a certificate describes without an error.
func TestDescribeNoStrictPrefix(t *testing.T) {
	_, leaf, _ := richLeaf(t)
	for i := range leaf.der {
		if _, err := Describe(leaf.der[:i]); err == nil {
			t.Fatalf("prefix of %d/%d bytes described without error", i, len(leaf.der))
		}
	}
}

func TestCertificateJSON(t *testing.T) {
	_, leaf, _ := richLeaf(t)
	c, err := Describe(leaf.der)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"sha256", "spki_sha256", "serial", "subject", "issuer", "key_type", "key_bits", "rsa_exponent",
		"signature_algorithm", "signature_hash", "not_before", "not_after", "san_dns", "san_ip", "san_email", "san_uri",
		"key_usage", "key_usage_critical", "ext_key_usage", "basic_constraints", "authority_key_id", "subject_key_id",
		"crl_distribution_points", "ocsp_servers", "ca_issuers", "scts", "self_signed", "extensions"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if m["not_after"] != "2026-12-31T23:59:59Z" {
		t.Errorf("not_after = %v, want RFC 3339 UTC", m["not_after"])
	}
	for k := range m {
		if k != strings.ToLower(k) {
			t.Errorf("JSON key %q is not snake_case", k)
		}
	}
}

func TestReadTime(t *testing.T) {
	tests := []struct {
		tag  asn1.Tag
		text string
		want time.Time
		ok   bool
	}{
		{asn1.UTCTime, "260601120000Z", time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), true},
		{asn1.UTCTime, "500101000000Z", time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{asn1.UTCTime, "491231235959Z", time.Date(2049, 12, 31, 23, 59, 59, 0, time.UTC), true},
		{asn1.UTCTime, "2606011200Z", time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), true},
		{asn1.UTCTime, "260601120000+0200", time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), true},
		{asn1.GeneralizedTime, "20260601120000Z", time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), true},
		{asn1.GeneralizedTime, "20260601120000.125Z", time.Date(2026, 6, 1, 12, 0, 0, 125e6, time.UTC), true},
		{asn1.GeneralizedTime, "99991231235959Z", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), true},
		{asn1.GeneralizedTime, "2026060112Z", time.Time{}, false},
		{asn1.UTCTime, "not a time", time.Time{}, false},
		{asn1.PrintableString, "260601120000Z", time.Time{}, false},
	}
	for _, tt := range tests {
		var b cryptobyte.Builder
		b.AddASN1(tt.tag, func(b *cryptobyte.Builder) { b.AddBytes([]byte(tt.text)) })
		s := cryptobyte.String(b.BytesOrPanic())
		got, ok := readTime(&s)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("readTime(%s) = %v %v, want %v %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}
