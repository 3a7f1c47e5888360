package pki

import (
	"crypto"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
	"golang.org/x/crypto/ocsp"
)

// ocspPKI is an issuer, a leaf, and the responders of the tests.
type ocspPKI struct {
	testPKI
	other       *issued // another CA's intermediate
	delegated   *issued // OCSP signing certificate issued by inter
	noEKU       *issued // certificate issued by inter without OCSP signing
	foreignResp *issued // OCSP signing certificate issued by another CA
}

func newOCSPPKI(t *testing.T) ocspPKI {
	t.Helper()
	p := ocspPKI{testPKI: newTestPKI(t, "ocsp")}
	o := newTestPKI(t, "ocsp-other")
	p.other = o.inter
	resp := leafTemplate()
	resp.Subject = pkix.Name{CommonName: "OCSP Responder"}
	resp.DNSNames = nil
	resp.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}
	p.delegated = issue(t, resp, p.inter, testKey(t, "p256-ocsp-responder"))
	noEKU := leafTemplate()
	noEKU.Subject = pkix.Name{CommonName: "Not A Responder"}
	noEKU.DNSNames = nil
	p.noEKU = issue(t, noEKU, p.inter, testKey(t, "p256-ocsp-noeku"))
	foreign := leafTemplate()
	foreign.Subject = pkix.Name{CommonName: "Foreign Responder"}
	foreign.DNSNames = nil
	foreign.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}
	p.foreignResp = issue(t, foreign, o.inter, testKey(t, "p256-ocsp-foreign"))
	return p
}

func createOCSP(t *testing.T, issuer, responder *issued, tmpl ocsp.Response, key crypto.Signer) []byte {
	t.Helper()
	if responder != issuer {
		tmpl.Certificate = responder.cert
	}
	der, err := ocsp.CreateResponse(issuer.cert, responder.cert, tmpl, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestCheckOCSP(t *testing.T) {
	p := newOCSPPKI(t)
	this, next := testNow.Add(-time.Hour), testNow.Add(72*time.Hour)
	good := ocsp.Response{Status: ocsp.Good, SerialNumber: p.leaf.cert.SerialNumber, ThisUpdate: this, NextUpdate: next}
	revoked := good
	revoked.Status, revoked.RevokedAt, revoked.RevocationReason = ocsp.Revoked, testNow.Add(-48*time.Hour), ocsp.KeyCompromise
	unknown := good
	unknown.Status = ocsp.Unknown
	wrongSerial := good
	wrongSerial.SerialNumber = big.NewInt(424242)
	stale := good
	stale.ThisUpdate, stale.NextUpdate = testNow.Add(-10*24*time.Hour), testNow.Add(-3*24*time.Hour)
	future := good
	future.ThisUpdate = testNow.Add(time.Hour)
	sha256ID := good
	sha256ID.IssuerHash = crypto.SHA256

	chain := ders(p.leaf, p.inter)
	type want struct {
		status        OCSPStatus
		serialMatches bool
		issuerMatches bool
		signedBy      string
		sigValid      bool
		sigError      string // substring
		nextPassed    bool
		thisFuture    bool
		reason        string
		certIDHash    string
	}
	base := want{status: OCSPGood, serialMatches: true, issuerMatches: true, signedBy: "issuer", sigValid: true, certIDHash: HashSHA1}
	with := func(f func(*want)) want { w := base; f(&w); return w }
	tests := []struct {
		name string
		resp []byte
		want want
	}{
		{"good", createOCSP(t, p.inter, p.inter, good, p.inter.key), base},
		{"revoked", createOCSP(t, p.inter, p.inter, revoked, p.inter.key), with(func(w *want) { w.status, w.reason = OCSPRevoked, "keyCompromise" })},
		{"unknown", createOCSP(t, p.inter, p.inter, unknown, p.inter.key), with(func(w *want) { w.status = OCSPUnknown })},
		{"wrong issuer signature", createOCSP(t, p.inter, p.inter, good, p.other.key),
			with(func(w *want) { w.sigValid, w.sigError = false, "response signature" })},
		{"wrong serial", createOCSP(t, p.inter, p.inter, wrongSerial, p.inter.key), with(func(w *want) { w.serialMatches = false })},
		{"for another issuer", createOCSP(t, p.other, p.inter, good, p.inter.key), with(func(w *want) { w.issuerMatches = false })},
		{"next update passed", createOCSP(t, p.inter, p.inter, stale, p.inter.key), with(func(w *want) { w.nextPassed = true })},
		{"this update in the future", createOCSP(t, p.inter, p.inter, future, p.inter.key), with(func(w *want) { w.thisFuture = true })},
		{"SHA-256 CertID", createOCSP(t, p.inter, p.inter, sha256ID, p.inter.key), with(func(w *want) { w.certIDHash = HashSHA256 })},
		{"delegated responder", createOCSP(t, p.inter, p.delegated, good, p.delegated.key), with(func(w *want) { w.signedBy = "delegated_responder" })},
		{"delegated responder without OCSP signing", createOCSP(t, p.inter, p.noEKU, good, p.noEKU.key),
			with(func(w *want) {
				w.signedBy, w.sigValid, w.sigError = "delegated_responder", false, "lacks id-kp-OCSPSigning"
			})},
		{"delegated responder of another CA", createOCSP(t, p.inter, p.foreignResp, good, p.foreignResp.key),
			with(func(w *want) {
				w.signedBy, w.sigValid, w.sigError = "delegated_responder", false, "not issued by the leaf's issuer"
			})},
		{"delegated responder, wrong key", createOCSP(t, p.inter, p.delegated, good, p.noEKU.key),
			with(func(w *want) { w.signedBy, w.sigValid, w.sigError = "delegated_responder", false, "response signature" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := CheckOCSP(tt.resp, chain, OCSPOptions{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			got := want{r.Status, r.SerialMatchesLeaf, r.IssuerMatches, r.SignedBy, r.SignatureValid, "", r.NextUpdatePassed, r.ThisUpdateInFuture, r.RevocationReason, r.CertIDHash}
			w := tt.want
			if w.sigError != "" && strings.Contains(r.SignatureError, w.sigError) {
				got.sigError = w.sigError
			}
			if got != w {
				b, _ := json.MarshalIndent(r, "", " ")
				t.Errorf("got %+v\nwant %+v\n%s", got, w, b)
			}
			if w.sigValid != (r.SignatureError == "") {
				t.Errorf("signature_valid %v with error %q", r.SignatureValid, r.SignatureError)
			}
			if r.ResponseStatus != "successful" || r.Responses != 1 || len(r.Unknown) != 0 {
				t.Errorf("status %q, %d responses, unknown %+v", r.ResponseStatus, r.Responses, r.Unknown)
			}
			// Round trip: the facts are those x/crypto/ocsp reads from
			// what it wrote.
			// (It refuses a response its embedded certificate did not
			// sign: our report has the facts and an invalid signature.)
			o, err := ocsp.ParseResponse(tt.resp, nil)
			if err != nil {
				if w.sigValid {
					t.Fatal(err)
				}
				return
			}
			if r.Serial != serialString(o.SerialNumber) || !r.ThisUpdate.Equal(o.ThisUpdate) || !r.NextUpdate.Equal(o.NextUpdate) ||
				!r.ProducedAt.Equal(o.ProducedAt) || !r.RevokedAt.Equal(o.RevokedAt) || r.Status != []OCSPStatus{OCSPGood, OCSPRevoked, OCSPUnknown}[o.Status] {
				t.Errorf("facts differ from x/crypto/ocsp: %+v vs %+v", r, o)
			}
			if o.RawResponderName != nil && r.ResponderName != nameString(o.RawResponderName) {
				t.Errorf("responder %q", r.ResponderName)
			}
		})
	}
}

func TestCheckOCSPIssuerLookup(t *testing.T) {
	p := newOCSPPKI(t)
	resp := createOCSP(t, p.inter, p.inter, ocsp.Response{Status: ocsp.Good, SerialNumber: p.leaf.cert.SerialNumber,
		ThisUpdate: testNow.Add(-time.Hour), NextUpdate: testNow.Add(time.Hour)}, p.inter.key)
	// The issuer is not served, nor an anchor: the signature cannot be
	// checked, and the report says so.
	r, err := CheckOCSP(resp, ders(p.leaf), OCSPOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if r.SignatureValid || r.IssuerMatches || !r.SerialMatchesLeaf || len(r.Unknown) != 2 ||
		r.Unknown[0].Fact != "issuer_matches" || r.Unknown[1].Reason != "issuer_not_found" {
		t.Errorf("issuer missing: %+v", r)
	}
	// As an anchor, it is found.
	r, err = CheckOCSP(resp, ders(p.leaf), OCSPOptions{Roots: testPool(t, p.inter), Now: testNow})
	if err != nil || !r.SignatureValid || !r.IssuerMatches || len(r.Unknown) != 0 {
		t.Errorf("issuer in pool: %+v, %v", r, err)
	}
	// Served in the wrong order, it is found too.
	r, err = CheckOCSP(resp, ders(p.leaf, p.root, p.inter), OCSPOptions{Now: testNow})
	if err != nil || !r.SignatureValid {
		t.Errorf("issuer served third: %+v, %v", r, err)
	}
	// No chain at all: facts, no check.
	r, err = CheckOCSP(resp, nil, OCSPOptions{Now: testNow})
	if err != nil || r.Status != OCSPGood || r.SignatureValid || len(r.Unknown) != 3 || r.Unknown[0].Reason != "leaf_unparseable" {
		t.Errorf("no chain: %+v, %v", r, err)
	}
}

func TestCheckOCSPUnsuccessful(t *testing.T) {
	for _, tt := range []struct {
		der  []byte
		want string
	}{
		{ocsp.MalformedRequestErrorResponse, "malformedRequest"},
		{ocsp.InternalErrorErrorResponse, "internalError"},
		{ocsp.TryLaterErrorResponse, "tryLater"},
		{ocsp.SigRequredErrorResponse, "sigRequired"},
		{ocsp.UnauthorizedErrorResponse, "unauthorized"},
		{[]byte{0x30, 0x03, 0x0a, 0x01, 0x04}, "4"},
	} {
		r, err := CheckOCSP(tt.der, nil, OCSPOptions{})
		if err != nil || r.ResponseStatus != tt.want || r.Status != "" {
			t.Errorf("%x: %+v, %v; want %s", tt.der, r, err, tt.want)
		}
	}
}

func TestCheckOCSPSCTs(t *testing.T) {
	p := newOCSPPKI(t)
	list := buildSCTList(sampleSCTs()...)
	ext, err := encasn1.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := ocsp.Response{Status: ocsp.Good, SerialNumber: p.leaf.cert.SerialNumber, ThisUpdate: testNow,
		ExtraExtensions: []pkix.Extension{{Id: oidOCSPSCTList, Value: ext}}}
	r, err := CheckOCSP(createOCSP(t, p.inter, p.inter, tmpl, p.inter.key), ders(p.leaf, p.inter), OCSPOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ParseSCTList(list)
	for i := range want {
		want[i].Source = SCTFromOCSP
	}
	if !slices.EqualFunc(r.SCTs, want, func(a, b SCT) bool {
		return a.LogID == b.LogID && a.Source == b.Source && a.TimestampMS == b.TimestampMS
	}) ||
		len(r.Extensions) != 1 || r.Extensions[0].Name != "ctSCTList" || !r.NextUpdate.IsZero() || r.NextUpdatePassed {
		t.Errorf("got %+v", r)
	}
}

// ocspSingle is a single response for buildOCSP.
type ocspSingle struct {
	serial     *big.Int
	status     int // 0 good, 1 revoked, 2 unknown
	revokedAt  time.Time
	thisUpdate string // GeneralizedTime as written
}

// buildOCSP writes what ocsp.CreateResponse cannot: a responder ID by key
// hash, several single responses, fractional seconds. The issuer signs
// with ECDSA-SHA256.
func buildOCSP(t *testing.T, issuer *issued, singles []ocspSingle) []byte {
	t.Helper()
	keyHash := sha1.Sum(publicKeyBits(issuer.cert.RawSubjectPublicKeyInfo))
	nameHash := sha1.Sum(issuer.cert.RawSubject)
	var tbs cryptobyte.Builder
	tbs.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(keyHash[:])
		})
		b.AddASN1GeneralizedTime(testNow)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, s := range singles {
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 3, 14, 3, 2, 26})
							b.AddASN1NULL()
						})
						b.AddASN1OctetString(nameHash[:])
						b.AddASN1OctetString(keyHash[:])
						b.AddASN1BigInt(s.serial)
					})
					switch s.status {
					case 0:
						b.AddASN1(asn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) {})
					case 1:
						b.AddASN1(asn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							b.AddASN1GeneralizedTime(s.revokedAt)
						})
					case 2:
						b.AddASN1(asn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) {})
					}
					b.AddASN1(asn1.GeneralizedTime, func(b *cryptobyte.Builder) { b.AddBytes([]byte(s.thisUpdate)) })
				})
			}
		})
	})
	tbsDER := tbs.BytesOrPanic()
	digest := sha256.Sum256(tbsDER)
	sig, err := issuer.key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	var basic cryptobyte.Builder
	basic.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbsDER)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2})
		})
		b.AddASN1BitString(sig)
	})
	var resp cryptobyte.Builder
	resp.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Enum(0)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidOCSPBasic)
				b.AddASN1OctetString(basic.BytesOrPanic())
			})
		})
	})
	return resp.BytesOrPanic()
}

func TestCheckOCSPKeyHashAndSeveralResponses(t *testing.T) {
	p := newOCSPPKI(t)
	der := buildOCSP(t, p.inter, []ocspSingle{
		{serial: big.NewInt(1), status: 2, thisUpdate: "20260601110000Z"},
		{serial: p.leaf.cert.SerialNumber, status: 1, revokedAt: testNow.Add(-time.Hour), thisUpdate: "20260601113000.25Z"},
	})
	r, err := CheckOCSP(der, ders(p.leaf, p.inter), OCSPOptions{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	wantKeyHash := sha1.Sum(publicKeyBits(p.inter.cert.RawSubjectPublicKeyInfo))
	if r.Responses != 2 || r.Status != OCSPRevoked || !r.SerialMatchesLeaf || !r.IssuerMatches || r.RevocationReason != "" ||
		r.SignedBy != "issuer" || !r.SignatureValid || r.ResponderName != "" || r.ResponderKeyHash != hex.EncodeToString(wantKeyHash[:]) ||
		!r.ThisUpdate.Equal(time.Date(2026, 6, 1, 11, 30, 0, 250e6, time.UTC)) || r.SignatureAlgorithm != "ECDSA-SHA256" {
		b, _ := json.MarshalIndent(r, "", " ")
		t.Errorf("%s", b)
	}
	// Without the leaf, the first single response is described.
	r, err = CheckOCSP(der, nil, OCSPOptions{Now: testNow})
	if err != nil || r.Status != OCSPUnknown || r.Serial != "01" {
		t.Errorf("first response: %+v, %v", r, err)
	}
}

func TestCheckOCSPMalformed(t *testing.T) {
	p := newOCSPPKI(t)
	good := createOCSP(t, p.inter, p.inter, ocsp.Response{Status: ocsp.Good, SerialNumber: p.leaf.cert.SerialNumber, ThisUpdate: testNow}, p.inter.key)
	for _, in := range [][]byte{nil, {0x30, 0x00}, {0x30, 0x03, 0x0a, 0x01, 0x00}, append(slices.Clone(good), 0), make([]byte, MaxOCSPResponseSize+1),
		{0x30, 0x05, 0x0a, 0x01, 0x03, 0xa0, 0x00}} {
		_, err := CheckOCSP(in, ders(p.leaf, p.inter), OCSPOptions{Now: testNow})
		var pe *ParseError
		if !errors.As(err, &pe) || pe.What != "ocsp_response" {
			t.Errorf("CheckOCSP(%.16x...) err = %v, want *ParseError", in, err)
		}
	}
}

// No strict prefix of a response parses.
func TestOCSPNoStrictPrefix(t *testing.T) {
	p := newOCSPPKI(t)
	for _, der := range [][]byte{
		createOCSP(t, p.inter, p.delegated, ocsp.Response{Status: ocsp.Revoked, SerialNumber: p.leaf.cert.SerialNumber,
			ThisUpdate: testNow, NextUpdate: testNow.Add(time.Hour), RevokedAt: testNow, RevocationReason: ocsp.Superseded}, p.delegated.key),
		buildOCSP(t, p.inter, []ocspSingle{{serial: big.NewInt(7), thisUpdate: "20260601110000Z"}}),
		ocsp.TryLaterErrorResponse,
	} {
		for i := range der {
			if _, err := parseOCSPResponse(der[:i]); err == nil {
				t.Fatalf("prefix of %d/%d bytes parsed", i, len(der))
			}
		}
		if _, err := parseOCSPResponse(der); err != nil {
			t.Fatal(err)
		}
	}
}
