package pki

import (
	"bytes"
	"crypto"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	_ "crypto/sha1"   // CertID and responder key hashes
	_ "crypto/sha512" // CertID hashes
)

// MaxOCSPResponseSize bounds the stapled responses CheckOCSP reads.
const MaxOCSPResponseSize = 128 << 10

// OCSPStatus is the certificate status an OCSP response gives (RFC 6960,
// Section 2.2).
type OCSPStatus string

const (
	OCSPGood    OCSPStatus = "good"
	OCSPRevoked OCSPStatus = "revoked"
	OCSPUnknown OCSPStatus = "unknown"
)

// OCSPResponse is what a stapled OCSP response says, and how it checks
// against the served chain: facts, no judgement.
type OCSPResponse struct {
	// ResponseStatus is successful, malformedRequest, internalError,
	// tryLater, sigRequired or unauthorized (RFC 6960, Section 4.2.1);
	// the number for another value. Only a successful response has the
	// fields below.
	ResponseStatus string `json:"response_status"`

	// ResponderName or ResponderKeyHash (SHA-1 of the responder's key,
	// hex) identify the responder.
	ResponderName    string    `json:"responder_name,omitempty"`
	ResponderKeyHash string    `json:"responder_key_hash,omitempty"`
	ProducedAt       time.Time `json:"produced_at,omitzero"`
	// Responses is how many single responses the response holds; the
	// fields below describe the one for the leaf's serial number, or the
	// first when none is.
	Responses int `json:"responses"`

	Status           OCSPStatus `json:"status,omitempty"`
	Serial           string     `json:"serial,omitempty"`
	ThisUpdate       time.Time  `json:"this_update,omitzero"`
	NextUpdate       time.Time  `json:"next_update,omitzero"`
	RevokedAt        time.Time  `json:"revoked_at,omitzero"`
	RevocationReason string     `json:"revocation_reason,omitempty"`
	// CertIDHash is the hash of the CertID (SHA-1, SHA-256, ...).
	CertIDHash string `json:"cert_id_hash,omitempty"`

	// SerialMatchesLeaf: the single response is for the leaf's serial
	// number. IssuerMatches: its CertID names the leaf's issuer (name and
	// key hashes).
	SerialMatchesLeaf bool `json:"serial_matches_leaf"`
	IssuerMatches     bool `json:"issuer_matches"`

	// SignatureAlgorithm and SignatureHash name the response's signature,
	// as Certificate does.
	SignatureAlgorithm string `json:"signature_algorithm,omitempty"`
	SignatureHash      string `json:"signature_hash,omitempty"`
	// SignedBy is "issuer" when the leaf's issuer signed the response,
	// "delegated_responder" when an embedded certificate did
	// (ResponderCertificate is its SHA-256).
	SignedBy             string `json:"signed_by,omitempty"`
	ResponderCertificate string `json:"responder_certificate,omitempty"`
	// SignatureValid: the response signature verifies with the signer's
	// key and, for a delegated responder, its certificate is signed by the
	// issuer and allowed to sign OCSP responses (RFC 6960, Section
	// 4.2.2.2). SignatureError says what failed.
	SignatureValid bool   `json:"signature_valid"`
	SignatureError string `json:"signature_error,omitempty"`

	// NextUpdatePassed: nextUpdate is before the evaluation time.
	// ThisUpdateInFuture: thisUpdate is after it.
	NextUpdatePassed   bool `json:"next_update_passed"`
	ThisUpdateInFuture bool `json:"this_update_in_future"`

	// SCTs are those of the single response's SCT extension.
	SCTs []SCT `json:"scts,omitempty"`
	// Extensions lists the single response's extensions.
	Extensions []Extension `json:"extensions,omitempty"`

	Unknown []UnknownFact `json:"unknown,omitempty"`
}

// OCSPOptions says what to check a response against. The zero value
// checks against no anchor, at the current time.
type OCSPOptions struct {
	// Roots are searched for the leaf's issuer when the served chain does
	// not carry it.
	Roots *Pool
	// Now is the evaluation time; zero means time.Now().
	Now time.Time
}

// CheckOCSP parses a stapled OCSP response and checks it against the
// served chain (leaf first): the leaf's serial number, its issuer (found
// in the chain or the pool) and the signature. A response that does not
// parse is a *ParseError; a response that parses but cannot be checked (no
// leaf, no issuer) says so in Unknown.
func CheckOCSP(resp []byte, chain [][]byte, opts OCSPOptions) (OCSPResponse, error) {
	var out OCSPResponse
	if len(resp) > MaxOCSPResponseSize {
		return out, &ParseError{What: "ocsp_response", Err: fmt.Errorf("%d bytes exceeds %d", len(resp), MaxOCSPResponseSize)}
	}
	r, err := parseOCSPResponse(resp)
	if err != nil {
		return out, &ParseError{What: "ocsp_response", Err: err}
	}
	out.ResponseStatus = responseStatusName(r.status)
	if r.status != 0 {
		return out, nil
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	pool := opts.Roots
	if pool == nil {
		pool = NewPool()
	}

	if r.responderName != nil {
		out.ResponderName = nameString(r.responderName)
	} else {
		out.ResponderKeyHash = hex.EncodeToString(r.responderKeyHash)
	}
	out.ProducedAt = r.producedAt
	out.Responses = len(r.responses)
	out.SignatureAlgorithm, out.SignatureHash = signatureAlgorithm(r.sigOID, r.sigParams)

	var leaf, issuer *chainCert
	if len(chain) > 0 && len(chain[0]) <= MaxCertificateSize {
		if cert, err := x509.ParseCertificate(chain[0]); err == nil {
			leaf = &chainCert{sha: sha256Hex(chain[0]), cert: cert, facts: walkCertificate(chain[0])}
			issuer = findIssuer(leaf, chain, pool)
		}
	}

	single := &r.responses[0]
	if leaf != nil {
		for i := range r.responses {
			if r.responses[i].serial.Cmp(leaf.cert.SerialNumber) == 0 {
				single = &r.responses[i]
				out.SerialMatchesLeaf = true
				break
			}
		}
	} else {
		out.Unknown = append(out.Unknown, UnknownFact{Fact: "serial_matches_leaf", Reason: "leaf_unparseable"})
	}
	out.Status = single.status
	out.Serial = serialString(single.serial)
	out.ThisUpdate, out.NextUpdate = single.thisUpdate, single.nextUpdate
	out.RevokedAt = single.revokedAt
	if single.status == OCSPRevoked && single.reasonPresent {
		out.RevocationReason = revocationReasonName(single.reason)
	}
	out.CertIDHash = single.hashName
	out.NextUpdatePassed = !single.nextUpdate.IsZero() && now.After(single.nextUpdate)
	out.ThisUpdateInFuture = now.Before(single.thisUpdate)
	for _, e := range single.extensions {
		oid := e.oid.String()
		out.Extensions = append(out.Extensions, Extension{OID: oid, Name: lookupName(ocspExtensionNames, oid), Critical: e.critical})
		if e.oid.Equal(oidOCSPSCTList) {
			scts, err := parseSCTExtension(e.value, SCTFromOCSP)
			out.SCTs = scts
			if err != nil {
				out.Unknown = append(out.Unknown, UnknownFact{Fact: "scts", Reason: "malformed", Detail: err.Error()})
			}
		}
	}

	if issuer == nil {
		reason := "issuer_not_found"
		if leaf == nil {
			reason = "leaf_unparseable"
		}
		out.Unknown = append(out.Unknown,
			UnknownFact{Fact: "issuer_matches", Reason: reason},
			UnknownFact{Fact: "signature_valid", Reason: reason})
		out.SignatureError = "the leaf's issuer is neither served nor an anchor"
		if leaf == nil {
			out.SignatureError = "no leaf to find the issuer of"
		}
		return out, nil
	}
	out.IssuerMatches = single.matchesIssuer(issuer.cert)
	out.checkSignature(r, issuer)
	return out, nil
}

var ocspExtensionNames = []struct{ oid, name string }{
	{"1.3.6.1.4.1.11129.2.4.5", "ctSCTList"},
	{"1.3.6.1.5.5.7.48.1.2", "nonce"},
	{"2.5.29.21", "reasonCode"},
	{"2.5.29.24", "invalidityDate"},
}

// findIssuer finds the certificate that signed the leaf: served first,
// then among the anchors.
func findIssuer(leaf *chainCert, chain [][]byte, pool *Pool) *chainCert {
	for i, der := range chain[1:min(len(chain), MaxChainCertificates)] {
		if len(der) > MaxCertificateSize {
			continue
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil || !bytes.Equal(cert.RawSubject, leaf.cert.RawIssuer) {
			continue
		}
		if checkSignature(cert.RawSubjectPublicKeyInfo, leaf.facts, leaf.cert.RawTBSCertificate, leaf.cert.Signature) == nil {
			return &chainCert{served: i + 1, sha: sha256Hex(der), cert: cert}
		}
	}
	for _, an := range pool.bySubject[string(leaf.cert.RawIssuer)] {
		if checkSignature(an.cert.RawSubjectPublicKeyInfo, leaf.facts, leaf.cert.RawTBSCertificate, leaf.cert.Signature) == nil {
			return &chainCert{served: -1, sha: an.SHA256, cert: an.cert, anchor: an}
		}
	}
	return nil
}

// id-kp-OCSPSigning (RFC 5280, Section 4.2.1.12).
var oidOCSPSigning = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 9}

// checkSignature finds who signed the response and verifies it.
func (out *OCSPResponse) checkSignature(r *ocspResponse, issuer *chainCert) {
	sigFacts := tbsFacts{sigOID: r.sigOID, sigParams: r.sigParams}
	if r.identifies(issuer.cert) {
		out.SignedBy = "issuer"
		if err := checkSignature(issuer.cert.RawSubjectPublicKeyInfo, sigFacts, r.tbs, r.signature); err != nil {
			out.SignatureError = "response signature: " + err.Error()
			return
		}
		out.SignatureValid = true
		return
	}
	// A delegated responder: the embedded certificate the responder ID
	// names (RFC 6960, Section 4.2.2.2).
	var responder []byte
	var cert *x509.Certificate
	for _, der := range r.certs {
		c, err := x509.ParseCertificate(der)
		if err == nil && r.identifies(c) {
			responder, cert = der, c
			break
		}
	}
	if cert == nil {
		out.SignatureError = "the responder ID names neither the issuer nor an embedded certificate"
		return
	}
	out.SignedBy = "delegated_responder"
	out.ResponderCertificate = sha256Hex(responder)
	var errs []string
	if err := checkSignature(cert.RawSubjectPublicKeyInfo, sigFacts, r.tbs, r.signature); err != nil {
		errs = append(errs, "response signature: "+err.Error())
	}
	if !bytes.Equal(cert.RawIssuer, issuer.cert.RawSubject) {
		errs = append(errs, "responder certificate not issued by the leaf's issuer")
	} else if err := checkSignature(issuer.cert.RawSubjectPublicKeyInfo, walkCertificate(responder), cert.RawTBSCertificate, cert.Signature); err != nil {
		errs = append(errs, "responder certificate signature: "+err.Error())
	}
	hasEKU := false
	for _, eku := range cert.ExtKeyUsage {
		hasEKU = hasEKU || eku == x509.ExtKeyUsageOCSPSigning
	}
	for _, oid := range cert.UnknownExtKeyUsage {
		hasEKU = hasEKU || oid.Equal(oidOCSPSigning)
	}
	if !hasEKU {
		errs = append(errs, "responder certificate lacks id-kp-OCSPSigning")
	}
	if len(errs) > 0 {
		out.SignatureError = strings.Join(errs, "; ")
		return
	}
	out.SignatureValid = true
}

// ocspResponse is an OCSPResponse with its BasicOCSPResponse (RFC 6960,
// Section 4.2.1).
type ocspResponse struct {
	status int
	// The fields below are set for a successful response.
	tbs              []byte
	responderName    []byte // DER Name, or nil
	responderKeyHash []byte
	producedAt       time.Time
	responses        []singleResponse
	sigOID           encasn1.ObjectIdentifier
	sigParams        []byte
	signature        []byte
	certs            [][]byte
}

type singleResponse struct {
	hashOID        encasn1.ObjectIdentifier
	hashName       string
	issuerNameHash []byte
	issuerKeyHash  []byte
	serial         *big.Int
	status         OCSPStatus
	revokedAt      time.Time
	reason         int
	reasonPresent  bool
	thisUpdate     time.Time
	nextUpdate     time.Time
	extensions     []rawExtension
}

// id-pkix-ocsp-basic (RFC 6960, Section 4.2.1).
var oidOCSPBasic = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}

// maxEmbeddedCerts bounds the certificates of a response that are kept.
const maxEmbeddedCerts = 8

// parseOCSPResponse parses a DER OCSPResponse. The input must be exactly
// one response, each structure fully consumed.
func parseOCSPResponse(der []byte) (*ocspResponse, error) {
	r := &ocspResponse{}
	in := cryptobyte.String(der)
	var resp cryptobyte.String
	if !in.ReadASN1(&resp, asn1.SEQUENCE) || !in.Empty() {
		return nil, errors.New("malformed OCSPResponse")
	}
	// RFC 6960, Section 4.2.1: responseStatus, responseBytes.
	var status int
	if !resp.ReadASN1Enum(&status) {
		return nil, errors.New("malformed responseStatus")
	}
	r.status = status
	var bytesField cryptobyte.String
	var present bool
	if !resp.ReadOptionalASN1(&bytesField, &present, asn1.Tag(0).Constructed().ContextSpecific()) || !resp.Empty() {
		return nil, errors.New("malformed responseBytes")
	}
	if status != 0 {
		if present {
			return nil, errors.New("responseBytes in an unsuccessful response")
		}
		return r, nil
	}
	if !present {
		return nil, errors.New("successful response without responseBytes")
	}
	var rb, basicDER cryptobyte.String
	var respType encasn1.ObjectIdentifier
	if !bytesField.ReadASN1(&rb, asn1.SEQUENCE) || !bytesField.Empty() ||
		!rb.ReadASN1ObjectIdentifier(&respType) ||
		!rb.ReadASN1(&basicDER, asn1.OCTET_STRING) || !rb.Empty() {
		return nil, errors.New("malformed responseBytes")
	}
	if !respType.Equal(oidOCSPBasic) {
		return nil, fmt.Errorf("response type %s is not id-pkix-ocsp-basic", respType)
	}

	// BasicOCSPResponse.
	var basic, tbsElem, alg cryptobyte.String
	var sig encasn1.BitString
	if !basicDER.ReadASN1(&basic, asn1.SEQUENCE) || !basicDER.Empty() ||
		!basic.ReadASN1Element(&tbsElem, asn1.SEQUENCE) ||
		!basic.ReadASN1(&alg, asn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&r.sigOID) ||
		!basic.ReadASN1BitString(&sig) || sig.BitLength%8 != 0 {
		return nil, errors.New("malformed BasicOCSPResponse")
	}
	r.tbs = tbsElem
	if !alg.Empty() {
		r.sigParams = alg
	}
	r.signature = sig.Bytes
	var certsField cryptobyte.String
	if !basic.ReadOptionalASN1(&certsField, &present, asn1.Tag(0).Constructed().ContextSpecific()) || !basic.Empty() {
		return nil, errors.New("malformed BasicOCSPResponse certs")
	}
	if present {
		var certs cryptobyte.String
		if !certsField.ReadASN1(&certs, asn1.SEQUENCE) || !certsField.Empty() {
			return nil, errors.New("malformed certs")
		}
		for !certs.Empty() {
			var c cryptobyte.String
			if !certs.ReadASN1Element(&c, asn1.SEQUENCE) {
				return nil, errors.New("malformed certificate in certs")
			}
			if len(r.certs) < maxEmbeddedCerts {
				r.certs = append(r.certs, c)
			}
		}
	}

	// ResponseData.
	var tbs cryptobyte.String
	if !tbsElem.ReadASN1(&tbs, asn1.SEQUENCE) {
		return nil, errors.New("malformed ResponseData")
	}
	var versionField cryptobyte.String
	if !tbs.ReadOptionalASN1(&versionField, &present, asn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, errors.New("malformed version")
	}
	if present {
		var v int64
		if !versionField.ReadASN1Int64WithTag(&v, asn1.INTEGER) || !versionField.Empty() || v != 0 {
			return nil, errors.New("unsupported version")
		}
	}
	// ResponderID: byName [1] EXPLICIT Name, byKey [2] EXPLICIT KeyHash.
	var rid cryptobyte.String
	switch {
	case tbs.PeekASN1Tag(asn1.Tag(1).Constructed().ContextSpecific()):
		var name cryptobyte.String
		if !tbs.ReadASN1(&rid, asn1.Tag(1).Constructed().ContextSpecific()) ||
			!rid.ReadASN1Element(&name, asn1.SEQUENCE) || !rid.Empty() {
			return nil, errors.New("malformed responder name")
		}
		r.responderName = name
	case tbs.PeekASN1Tag(asn1.Tag(2).Constructed().ContextSpecific()):
		if !tbs.ReadASN1(&rid, asn1.Tag(2).Constructed().ContextSpecific()) ||
			!rid.ReadASN1Bytes(&r.responderKeyHash, asn1.OCTET_STRING) || !rid.Empty() {
			return nil, errors.New("malformed responder key hash")
		}
	default:
		return nil, errors.New("malformed responderID")
	}
	var ok bool
	if r.producedAt, ok = readGeneralizedTime(&tbs); !ok {
		return nil, errors.New("malformed producedAt")
	}
	var responses cryptobyte.String
	if !tbs.ReadASN1(&responses, asn1.SEQUENCE) {
		return nil, errors.New("malformed responses")
	}
	for !responses.Empty() {
		s, err := parseSingleResponse(&responses)
		if err != nil {
			return nil, fmt.Errorf("single response %d: %w", len(r.responses), err)
		}
		r.responses = append(r.responses, s)
	}
	if len(r.responses) == 0 {
		return nil, errors.New("no single response")
	}
	if !tbs.SkipOptionalASN1(asn1.Tag(1).Constructed().ContextSpecific()) || !tbs.Empty() {
		return nil, errors.New("malformed responseExtensions")
	}
	return r, nil
}

// parseSingleResponse reads a SingleResponse (RFC 6960, Section 4.2.1).
func parseSingleResponse(in *cryptobyte.String) (singleResponse, error) {
	var s singleResponse
	var single, certID, hashAlg cryptobyte.String
	var serial cryptobyte.String
	if !in.ReadASN1(&single, asn1.SEQUENCE) ||
		!single.ReadASN1(&certID, asn1.SEQUENCE) ||
		!certID.ReadASN1(&hashAlg, asn1.SEQUENCE) ||
		!hashAlg.ReadASN1ObjectIdentifier(&s.hashOID) ||
		!certID.ReadASN1Bytes(&s.issuerNameHash, asn1.OCTET_STRING) ||
		!certID.ReadASN1Bytes(&s.issuerKeyHash, asn1.OCTET_STRING) ||
		!certID.ReadASN1(&serial, asn1.INTEGER) || len(serial) == 0 ||
		!certID.Empty() {
		return s, errors.New("malformed CertID")
	}
	s.serial = twosComplement(serial)
	s.hashName = HashUnknown
	for _, h := range hashAlgorithms {
		if h.oid == s.hashOID.String() {
			s.hashName = h.name
		}
	}
	// CertStatus: good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo,
	// unknown [2] IMPLICIT NULL.
	var body cryptobyte.String
	switch {
	case single.PeekASN1Tag(asn1.Tag(0).ContextSpecific()):
		if !single.ReadASN1(&body, asn1.Tag(0).ContextSpecific()) || !body.Empty() {
			return s, errors.New("malformed good status")
		}
		s.status = OCSPGood
	case single.PeekASN1Tag(asn1.Tag(1).Constructed().ContextSpecific()):
		var ok bool
		if !single.ReadASN1(&body, asn1.Tag(1).Constructed().ContextSpecific()) {
			return s, errors.New("malformed revoked status")
		}
		if s.revokedAt, ok = readGeneralizedTime(&body); !ok {
			return s, errors.New("malformed revocationTime")
		}
		var reason cryptobyte.String
		if !body.ReadOptionalASN1(&reason, &s.reasonPresent, asn1.Tag(0).Constructed().ContextSpecific()) || !body.Empty() {
			return s, errors.New("malformed revocationReason")
		}
		if s.reasonPresent && (!reason.ReadASN1Enum(&s.reason) || !reason.Empty()) {
			return s, errors.New("malformed revocationReason")
		}
		s.status = OCSPRevoked
	case single.PeekASN1Tag(asn1.Tag(2).ContextSpecific()):
		if !single.ReadASN1(&body, asn1.Tag(2).ContextSpecific()) || !body.Empty() {
			return s, errors.New("malformed unknown status")
		}
		s.status = OCSPUnknown
	default:
		return s, errors.New("malformed certStatus")
	}
	var ok bool
	if s.thisUpdate, ok = readGeneralizedTime(&single); !ok {
		return s, errors.New("malformed thisUpdate")
	}
	var next cryptobyte.String
	var present bool
	if !single.ReadOptionalASN1(&next, &present, asn1.Tag(0).Constructed().ContextSpecific()) {
		return s, errors.New("malformed nextUpdate")
	}
	if present {
		if s.nextUpdate, ok = readGeneralizedTime(&next); !ok || !next.Empty() {
			return s, errors.New("malformed nextUpdate")
		}
	}
	var extField cryptobyte.String
	if !single.ReadOptionalASN1(&extField, &present, asn1.Tag(1).Constructed().ContextSpecific()) || !single.Empty() {
		return s, errors.New("malformed singleExtensions")
	}
	if present {
		var exts cryptobyte.String
		if !extField.ReadASN1(&exts, asn1.SEQUENCE) || !extField.Empty() {
			return s, errors.New("malformed singleExtensions")
		}
		for !exts.Empty() {
			var ext cryptobyte.String
			var e rawExtension
			if !exts.ReadASN1(&ext, asn1.SEQUENCE) ||
				!ext.ReadASN1ObjectIdentifier(&e.oid) ||
				!readOptionalBoolean(&ext, &e.critical) ||
				!ext.ReadASN1Bytes(&e.value, asn1.OCTET_STRING) ||
				!ext.Empty() {
				return s, errors.New("malformed single extension")
			}
			s.extensions = append(s.extensions, e)
		}
	}
	return s, nil
}

// readGeneralizedTime reads a GeneralizedTime, with or without fractional
// seconds.
func readGeneralizedTime(s *cryptobyte.String) (time.Time, bool) {
	if !s.PeekASN1Tag(asn1.GeneralizedTime) {
		return time.Time{}, false
	}
	return readTime(s)
}

// identifies says whether the response's responder ID names cert.
func (r *ocspResponse) identifies(cert *x509.Certificate) bool {
	if r.responderName != nil {
		return bytes.Equal(r.responderName, cert.RawSubject)
	}
	h := crypto.SHA1.New()
	h.Write(publicKeyBits(cert.RawSubjectPublicKeyInfo))
	return bytes.Equal(h.Sum(nil), r.responderKeyHash)
}

// matchesIssuer says whether the CertID's hashes are those of issuer's
// name and key (RFC 6960, Section 4.1.1).
func (s *singleResponse) matchesIssuer(issuer *x509.Certificate) bool {
	var h crypto.Hash
	switch s.hashName {
	case HashSHA1:
		h = crypto.SHA1
	case HashSHA256:
		h = crypto.SHA256
	case HashSHA384:
		h = crypto.SHA384
	case HashSHA512:
		h = crypto.SHA512
	default:
		return false
	}
	nh := h.New()
	nh.Write(issuer.RawSubject)
	kh := h.New()
	kh.Write(publicKeyBits(issuer.RawSubjectPublicKeyInfo))
	return bytes.Equal(nh.Sum(nil), s.issuerNameHash) && bytes.Equal(kh.Sum(nil), s.issuerKeyHash)
}

// publicKeyBits returns the subjectPublicKey BIT STRING's bytes of a
// SubjectPublicKeyInfo, what OCSP key hashes cover.
func publicKeyBits(spki []byte) []byte {
	in := cryptobyte.String(spki)
	var seq cryptobyte.String
	var bits encasn1.BitString
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !seq.SkipASN1(asn1.SEQUENCE) || !seq.ReadASN1BitString(&bits) {
		return nil
	}
	return bits.Bytes
}

var responseStatusNames = []string{0: "successful", 1: "malformedRequest", 2: "internalError", 3: "tryLater", 5: "sigRequired", 6: "unauthorized"}

func responseStatusName(status int) string {
	if status >= 0 && status < len(responseStatusNames) && responseStatusNames[status] != "" {
		return responseStatusNames[status]
	}
	return fmt.Sprint(status)
}

// CRLReason names (RFC 5280, Section 5.3.1).
var revocationReasonNames = []string{0: "unspecified", 1: "keyCompromise", 2: "cACompromise", 3: "affiliationChanged",
	4: "superseded", 5: "cessationOfOperation", 6: "certificateHold", 8: "removeFromCRL", 9: "privilegeWithdrawn", 10: "aACompromise"}

func revocationReasonName(reason int) string {
	if reason >= 0 && reason < len(revocationReasonNames) && revocationReasonNames[reason] != "" {
		return revocationReasonNames[reason]
	}
	return fmt.Sprint(reason)
}
