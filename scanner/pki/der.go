package pki

import (
	encasn1 "encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// This file walks a certificate's DER with cryptobyte, field by field, so
// that a certificate a full parser rejects still yields what precedes the
// first unreadable field (RFC 5280, Section 4.1).

// tbsFacts is what the walk read. Fields after the one that failed stay
// zero; err says which one failed.
type tbsFacts struct {
	version     int // as encoded (0 for v1)
	serial      *big.Int
	sigOID      encasn1.ObjectIdentifier
	sigParams   []byte // DER of the parameters, nil when absent
	issuerRaw   []byte
	notBefore   time.Time
	notAfter    time.Time
	subjectRaw  []byte
	spkiRaw     []byte // the whole SubjectPublicKeyInfo element
	extensions  []rawExtension
	outerSigOID encasn1.ObjectIdentifier
	tbsRaw      []byte // the whole TBSCertificate element
	signature   []byte
	err         error
}

// rawExtension is one extension of the certificate, as encoded.
type rawExtension struct {
	oid      encasn1.ObjectIdentifier
	critical bool
	value    []byte // the contents of extnValue's OCTET STRING
}

// walkCertificate reads a Certificate (RFC 5280, Section 4.1) as far as it
// can. The input must be exactly one Certificate: trailing bytes are an error.
func walkCertificate(der []byte) tbsFacts {
	var f tbsFacts
	fail := func(field string) tbsFacts {
		f.err = fmt.Errorf("malformed %s", field)
		return f
	}
	input := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !input.ReadASN1(&cert, asn1.SEQUENCE) {
		return fail("certificate sequence")
	}
	if !input.Empty() {
		return fail("certificate: trailing data")
	}
	var tbsElem cryptobyte.String
	if !cert.ReadASN1Element(&tbsElem, asn1.SEQUENCE) {
		return fail("tbsCertificate")
	}
	f.tbsRaw = tbsElem
	if !tbsElem.ReadASN1(&tbs, asn1.SEQUENCE) {
		return fail("tbsCertificate")
	}

	// The outer signature is read first: it does not depend on the TBS
	// fields, so a damaged TBS still shows how the certificate was signed.
	var outerAlg cryptobyte.String
	if cert.ReadASN1(&outerAlg, asn1.SEQUENCE) {
		var oid encasn1.ObjectIdentifier
		if outerAlg.ReadASN1ObjectIdentifier(&oid) {
			f.outerSigOID = oid
		}
		var sig encasn1.BitString
		if cert.ReadASN1BitString(&sig) && sig.BitLength%8 == 0 {
			f.signature = sig.Bytes
		}
	}

	// RFC 5280, Section 4.1.2.1: version, [0] EXPLICIT, DEFAULT v1.
	var versionPresent bool
	var versionField cryptobyte.String
	if !tbs.ReadOptionalASN1(&versionField, &versionPresent, asn1.Tag(0).Constructed().ContextSpecific()) {
		return fail("version")
	}
	if versionPresent {
		var v int64
		if !versionField.ReadASN1Int64WithTag(&v, asn1.INTEGER) || !versionField.Empty() || v < 0 || v > 255 {
			return fail("version")
		}
		f.version = int(v)
	}

	// RFC 5280, Section 4.1.2.2: serial number, read leniently (negative
	// and non-minimal encodings are kept as they decode).
	var serial cryptobyte.String
	if !tbs.ReadASN1(&serial, asn1.INTEGER) || len(serial) == 0 {
		return fail("serial number")
	}
	f.serial = twosComplement(serial)

	// RFC 5280, Section 4.1.2.3: signature algorithm.
	var alg cryptobyte.String
	if !tbs.ReadASN1(&alg, asn1.SEQUENCE) {
		return fail("signature algorithm")
	}
	var sigOID encasn1.ObjectIdentifier
	if !alg.ReadASN1ObjectIdentifier(&sigOID) {
		return fail("signature algorithm")
	}
	f.sigOID = sigOID
	if !alg.Empty() {
		f.sigParams = alg
	}

	// RFC 5280, Section 4.1.2.4: issuer.
	var issuer cryptobyte.String
	if !tbs.ReadASN1Element(&issuer, asn1.SEQUENCE) {
		return fail("issuer")
	}
	f.issuerRaw = issuer

	// RFC 5280, Section 4.1.2.5: validity.
	var validity cryptobyte.String
	if !tbs.ReadASN1(&validity, asn1.SEQUENCE) {
		return fail("validity")
	}
	nb, ok := readTime(&validity)
	if !ok {
		return fail("validity: notBefore")
	}
	f.notBefore = nb
	na, ok := readTime(&validity)
	if !ok || !validity.Empty() {
		return fail("validity: notAfter")
	}
	f.notAfter = na

	// RFC 5280, Section 4.1.2.6: subject.
	var subject cryptobyte.String
	if !tbs.ReadASN1Element(&subject, asn1.SEQUENCE) {
		return fail("subject")
	}
	f.subjectRaw = subject

	// RFC 5280, Section 4.1.2.7: subject public key info.
	var spki cryptobyte.String
	if !tbs.ReadASN1Element(&spki, asn1.SEQUENCE) {
		return fail("subjectPublicKeyInfo")
	}
	f.spkiRaw = spki

	// RFC 5280, Section 4.1.2.8: unique identifiers.
	if !tbs.SkipOptionalASN1(asn1.Tag(1).ContextSpecific()) ||
		!tbs.SkipOptionalASN1(asn1.Tag(2).ContextSpecific()) {
		return fail("unique identifiers")
	}

	// RFC 5280, Section 4.1.2.9: extensions, [3] EXPLICIT.
	var extPresent bool
	var extField cryptobyte.String
	if !tbs.ReadOptionalASN1(&extField, &extPresent, asn1.Tag(3).Constructed().ContextSpecific()) {
		return fail("extensions")
	}
	if extPresent {
		var exts cryptobyte.String
		if !extField.ReadASN1(&exts, asn1.SEQUENCE) || !extField.Empty() {
			return fail("extensions")
		}
		for !exts.Empty() {
			var ext cryptobyte.String
			var e rawExtension
			if !exts.ReadASN1(&ext, asn1.SEQUENCE) ||
				!ext.ReadASN1ObjectIdentifier(&e.oid) ||
				!readOptionalBoolean(&ext, &e.critical) ||
				!ext.ReadASN1Bytes(&e.value, asn1.OCTET_STRING) ||
				!ext.Empty() {
				return fail("extension")
			}
			f.extensions = append(f.extensions, e)
		}
	}
	if !tbs.Empty() {
		return fail("tbsCertificate: trailing data")
	}
	return f
}

// readOptionalBoolean reads a BOOLEAN DEFAULT FALSE. Any non-zero octet is
// true: BER encodings (0x01) are common in old certificates.
func readOptionalBoolean(s *cryptobyte.String, out *bool) bool {
	*out = false
	if !s.PeekASN1Tag(asn1.BOOLEAN) {
		return true
	}
	var v cryptobyte.String
	if !s.ReadASN1(&v, asn1.BOOLEAN) || len(v) != 1 {
		return false
	}
	*out = v[0] != 0
	return true
}

// readTime reads a UTCTime or a GeneralizedTime (RFC 5280, Section
// 4.1.2.5), leniently: UTCTime without seconds, GeneralizedTime with
// fractional seconds, and offsets other than Z are accepted.
func readTime(s *cryptobyte.String) (time.Time, bool) {
	var b cryptobyte.String
	var layouts []string
	switch {
	case s.PeekASN1Tag(asn1.UTCTime):
		if !s.ReadASN1(&b, asn1.UTCTime) {
			return time.Time{}, false
		}
		layouts = []string{"060102150405Z0700", "0601021504Z0700"}
	case s.PeekASN1Tag(asn1.GeneralizedTime):
		if !s.ReadASN1(&b, asn1.GeneralizedTime) {
			return time.Time{}, false
		}
		layouts = []string{"20060102150405Z0700", "20060102150405.999999999Z0700"}
	default:
		return time.Time{}, false
	}
	for _, layout := range layouts {
		t, err := time.Parse(layout, string(b))
		if err != nil {
			continue
		}
		if layout[0] == '0' && t.Year() >= 2050 {
			// UTCTime years 50-99 are 1950-1999 (RFC 5280,
			// Section 4.1.2.5.1).
			t = t.AddDate(-100, 0, 0)
		}
		return t.UTC(), true
	}
	return time.Time{}, false
}

// twosComplement decodes the contents of a DER INTEGER, without insisting
// on the minimal encoding.
func twosComplement(b []byte) *big.Int {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
	}
	return n
}

// serialString writes an integer as lower-case hex, with a leading minus
// sign when negative.
func serialString(n *big.Int) string {
	if n == nil {
		return ""
	}
	if n.Sign() < 0 {
		return "-" + hex.EncodeToString(new(big.Int).Neg(n).Bytes())
	}
	if n.Sign() == 0 {
		return "00"
	}
	return hex.EncodeToString(n.Bytes())
}

// Attribute is one attribute of a distinguished name.
type Attribute struct {
	// Type is the short name (CN, O, C, ...) or, when none is known, the
	// dotted OID.
	Type string `json:"type"`
	OID  string `json:"oid"`
	// Value is the decoded string, or "#" and the hex DER of a value that
	// is not a string type.
	Value string `json:"value"`
}

// attributeNames are the short names of RFC 4514, Section 3, and the
// attributes common in Web PKI certificates.
var attributeNames = []struct {
	oid  string
	name string
}{
	{"2.5.4.3", "CN"},
	{"2.5.4.4", "SN"},
	{"2.5.4.5", "SERIALNUMBER"},
	{"2.5.4.6", "C"},
	{"2.5.4.7", "L"},
	{"2.5.4.8", "ST"},
	{"2.5.4.9", "STREET"},
	{"2.5.4.10", "O"},
	{"2.5.4.11", "OU"},
	{"2.5.4.12", "title"},
	{"2.5.4.15", "businessCategory"},
	{"2.5.4.17", "postalCode"},
	{"2.5.4.42", "GN"},
	{"2.5.4.97", "organizationIdentifier"},
	{"0.9.2342.19200300.100.1.1", "UID"},
	{"0.9.2342.19200300.100.1.25", "DC"},
	{"1.2.840.113549.1.9.1", "emailAddress"},
	{"1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"},
	{"1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"},
	{"1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"},
}

func attributeName(oid string) string {
	for _, a := range attributeNames {
		if a.oid == oid {
			return a.name
		}
	}
	return oid
}

// ASN.1 universal string tags not named by cryptobyte/asn1.
const (
	tagNumericString   = asn1.Tag(18)
	tagTeletexString   = asn1.Tag(20)
	tagVisibleString   = asn1.Tag(26)
	tagUniversalString = asn1.Tag(28)
	tagBMPString       = asn1.Tag(30)
)

// parseName reads a Name (RFC 5280, Section 4.1.2.4) into its attributes,
// in encoding order (most general first), and formats it as RFC 4514 does
// (most specific first). Multi-valued RDNs are joined with "+".
func parseName(der []byte) ([]Attribute, string, error) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !in.Empty() {
		return nil, "", errors.New("malformed name")
	}
	var attrs []Attribute
	var rdns []string
	for !seq.Empty() {
		var set cryptobyte.String
		if !seq.ReadASN1(&set, asn1.SET) {
			return attrs, "", errors.New("malformed relative distinguished name")
		}
		var parts []string
		for !set.Empty() {
			var atv cryptobyte.String
			var oid encasn1.ObjectIdentifier
			var value cryptobyte.String
			var tag asn1.Tag
			if !set.ReadASN1(&atv, asn1.SEQUENCE) ||
				!atv.ReadASN1ObjectIdentifier(&oid) ||
				!atv.ReadAnyASN1Element(&value, &tag) ||
				!atv.Empty() {
				return attrs, "", errors.New("malformed attribute")
			}
			a := Attribute{OID: oid.String()}
			a.Type = attributeName(a.OID)
			s, ok := decodeString(value, tag)
			if ok {
				a.Value = s
				parts = append(parts, a.Type+"="+escapeDN(s))
			} else {
				a.Value = "#" + hex.EncodeToString(value)
				parts = append(parts, a.Type+"="+a.Value)
			}
			attrs = append(attrs, a)
		}
		rdns = append(rdns, strings.Join(parts, "+"))
	}
	for i, j := 0, len(rdns)-1; i < j; i, j = i+1, j-1 {
		rdns[i], rdns[j] = rdns[j], rdns[i]
	}
	return attrs, strings.Join(rdns, ","), nil
}

// decodeString decodes an ASN.1 string element into UTF-8. Invalid
// sequences become U+FFFD; a tag that is not a string type is not decoded.
func decodeString(elem cryptobyte.String, tag asn1.Tag) (string, bool) {
	var body cryptobyte.String
	if !elem.ReadASN1(&body, tag) {
		return "", false
	}
	switch tag {
	case asn1.UTF8String, asn1.PrintableString, asn1.IA5String, tagNumericString, tagVisibleString:
		return strings.ToValidUTF8(string(body), "\uFFFD"), true
	case tagTeletexString:
		// Read as ISO 8859-1, as most software does.
		var sb strings.Builder
		for _, c := range body {
			sb.WriteRune(rune(c))
		}
		return sb.String(), true
	case tagBMPString:
		if len(body)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(body)/2)
		for i := range u {
			u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
		}
		return string(utf16.Decode(u)), true
	case tagUniversalString:
		if len(body)%4 != 0 {
			return "", false
		}
		var sb strings.Builder
		for i := 0; i < len(body); i += 4 {
			r := rune(uint32(body[i])<<24 | uint32(body[i+1])<<16 | uint32(body[i+2])<<8 | uint32(body[i+3]))
			if !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
			sb.WriteRune(r)
		}
		return sb.String(), true
	}
	return "", false
}

// escapeDN escapes an attribute value as RFC 4514, Section 2.4 says;
// control characters are escaped as \XX too.
func escapeDN(s string) string {
	var sb strings.Builder
	for i, r := range s {
		switch {
		case r == '"' || r == '+' || r == ',' || r == ';' || r == '<' || r == '>' || r == '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case (r == ' ' || r == '#') && i == 0, r == ' ' && i == len(s)-1:
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, "\\%02X", r)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// generalNames are the names of a GeneralNames (RFC 5280, Section 4.2.1.6)
// that Describe reports; other kinds are skipped.
type generalNames struct {
	dns, email, uri, ip []string
}

// GeneralName tags (RFC 5280, Section 4.2.1.6), IMPLICIT.
var (
	tagRFC822Name = asn1.Tag(1).ContextSpecific()
	tagDNSName    = asn1.Tag(2).ContextSpecific()
	tagURI        = asn1.Tag(6).ContextSpecific()
	tagIPAddress  = asn1.Tag(7).ContextSpecific()
)

// readGeneralNames reads the GeneralName elements of s until it is empty.
// Names that are not valid text are kept with invalid UTF-8 replaced; an
// iPAddress of a length other than 4 or 16 is an error, after the names
// before it.
func readGeneralNames(s cryptobyte.String, out *generalNames) error {
	for !s.Empty() {
		var v cryptobyte.String
		var tag asn1.Tag
		if !s.ReadAnyASN1(&v, &tag) {
			return errors.New("malformed general name")
		}
		switch tag {
		case tagRFC822Name:
			out.email = append(out.email, strings.ToValidUTF8(string(v), "\uFFFD"))
		case tagDNSName:
			out.dns = append(out.dns, strings.ToValidUTF8(string(v), "\uFFFD"))
		case tagURI:
			out.uri = append(out.uri, strings.ToValidUTF8(string(v), "\uFFFD"))
		case tagIPAddress:
			if len(v) != 4 && len(v) != 16 {
				return fmt.Errorf("iPAddress of %d bytes", len(v))
			}
			out.ip = append(out.ip, net.IP(v).String())
		}
	}
	return nil
}

// parseSubjectAltName reads the subjectAltName extension (RFC 5280,
// Section 4.2.1.6).
func parseSubjectAltName(value []byte) (generalNames, error) {
	var names generalNames
	v := cryptobyte.String(value)
	var seq cryptobyte.String
	if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() {
		return names, errors.New("malformed")
	}
	return names, readGeneralNames(seq, &names)
}

// parseCRLDistributionPoints returns the URIs of the fullName of each
// distribution point (RFC 5280, Section 4.2.1.13).
func parseCRLDistributionPoints(value []byte) ([]string, error) {
	v := cryptobyte.String(value)
	var seq cryptobyte.String
	if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() {
		return nil, errors.New("malformed")
	}
	var names generalNames
	for !seq.Empty() {
		var dp, dpName cryptobyte.String
		var present bool
		if !seq.ReadASN1(&dp, asn1.SEQUENCE) ||
			!dp.ReadOptionalASN1(&dpName, &present, asn1.Tag(0).Constructed().ContextSpecific()) {
			return names.uri, errors.New("malformed distribution point")
		}
		if !present {
			continue
		}
		var full cryptobyte.String
		if !dpName.ReadOptionalASN1(&full, &present, asn1.Tag(0).Constructed().ContextSpecific()) {
			return names.uri, errors.New("malformed distribution point name")
		}
		if present {
			if err := readGeneralNames(full, &names); err != nil {
				return names.uri, err
			}
		}
	}
	return names.uri, nil
}

// Access methods (RFC 5280, Section 4.2.2.1).
var (
	oidAccessOCSP      = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1}
	oidAccessCAIssuers = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 2}
)

// parseAuthorityInfoAccess returns the OCSP and CA issuers URIs of the
// authorityInfoAccess extension (RFC 5280, Section 4.2.2.1).
func parseAuthorityInfoAccess(value []byte) (ocsp, caIssuers []string, err error) {
	v := cryptobyte.String(value)
	var seq cryptobyte.String
	if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() {
		return nil, nil, errors.New("malformed")
	}
	for !seq.Empty() {
		var ad cryptobyte.String
		var method encasn1.ObjectIdentifier
		if !seq.ReadASN1(&ad, asn1.SEQUENCE) || !ad.ReadASN1ObjectIdentifier(&method) {
			return ocsp, caIssuers, errors.New("malformed access description")
		}
		var names generalNames
		if err := readGeneralNames(ad, &names); err != nil {
			return ocsp, caIssuers, err
		}
		switch {
		case method.Equal(oidAccessOCSP):
			ocsp = append(ocsp, names.uri...)
		case method.Equal(oidAccessCAIssuers):
			caIssuers = append(caIssuers, names.uri...)
		}
	}
	return ocsp, caIssuers, nil
}
