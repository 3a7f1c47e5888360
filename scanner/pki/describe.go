package pki

import (
	"bytes"
	"crypto/sha256"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// MaxCertificateSize bounds the certificates Describe and Analyze read.
// Real certificates stay well under it (a few kilobytes, tens with long
// SAN lists); a larger input is refused unread, so that a hostile server
// cannot make the scanner do arithmetic on megabyte-sized keys.
const MaxCertificateSize = 128 << 10

// ParseError says that some input did not parse: a certificate, an SCT
// list, an OCSP response. Whatever could be read is returned beside it.
type ParseError struct {
	// What names the input: certificate, sct_list, ocsp_response.
	What string
	Err  error
}

func (e *ParseError) Error() string { return "malformed " + e.What + ": " + e.Err.Error() }
func (e *ParseError) Unwrap() error { return e.Err }

// Certificate is what a certificate says about itself: facts, no
// judgement. Hashes and identifiers are lower-case hex; times are UTC.
type Certificate struct {
	// SHA256 is the hash of the whole DER certificate; SPKISHA256 that of
	// its SubjectPublicKeyInfo.
	SHA256     string `json:"sha256"`
	SPKISHA256 string `json:"spki_sha256,omitempty"`
	// Version is the X.509 version: 1, 2 or 3.
	Version int `json:"version,omitempty"`
	// Serial is the serial number in hex, with a minus sign if negative.
	Serial string `json:"serial,omitempty"`
	// Subject and Issuer are formatted as RFC 4514 does (most specific
	// attribute first); the attribute lists keep the encoding order.
	Subject           string      `json:"subject"`
	SubjectAttributes []Attribute `json:"subject_attributes,omitempty"`
	Issuer            string      `json:"issuer"`
	IssuerAttributes  []Attribute `json:"issuer_attributes,omitempty"`

	// KeyType is the key family; KeyOID its algorithm OID; KeyBits the
	// modulus size (RSA), the prime size (DSA) or the curve size (ECDSA,
	// EdDSA: 256 for Ed25519, 456 for Ed448).
	KeyType KeyType `json:"key_type"`
	KeyOID  string  `json:"key_oid,omitempty"`
	KeyBits int     `json:"key_bits,omitempty"`
	// Curve names an ECDSA curve (P-256, ...), or gives its OID when
	// unknown, or "explicit" for explicit parameters.
	Curve string `json:"curve,omitempty"`
	// RSAExponent is the RSA public exponent, when it fits in 63 bits;
	// RSAExponentHex is always set for RSA keys.
	RSAExponent    int64  `json:"rsa_exponent,omitempty"`
	RSAExponentHex string `json:"rsa_exponent_hex,omitempty"`

	// SignatureAlgorithm names the algorithm the issuer signed with
	// (SHA256-RSA, ECDSA-SHA384, SHA256-RSAPSS, Ed25519, ...), or gives its
	// OID when unknown. SignatureHash is its hash (SHA-1, SHA-256, ...;
	// empty for EdDSA, which has none; "unknown" for an unknown algorithm).
	SignatureAlgorithm string `json:"signature_algorithm"`
	SignatureHash      string `json:"signature_hash,omitempty"`
	SignatureOID       string `json:"signature_oid,omitempty"`

	NotBefore time.Time `json:"not_before,omitzero"`
	NotAfter  time.Time `json:"not_after,omitzero"`

	// Subject alternative names (RFC 5280, Section 4.2.1.6).
	DNSNames       []string `json:"san_dns,omitempty"`
	IPAddresses    []string `json:"san_ip,omitempty"`
	EmailAddresses []string `json:"san_email,omitempty"`
	URIs           []string `json:"san_uri,omitempty"`

	// KeyUsage names the bits of RFC 5280, Section 4.2.1.3
	// (digitalSignature, keyEncipherment, keyCertSign, ...).
	KeyUsage         []string `json:"key_usage,omitempty"`
	KeyUsageCritical bool     `json:"key_usage_critical,omitempty"`
	// ExtKeyUsage names the purposes of RFC 5280, Section 4.2.1.12
	// (serverAuth, clientAuth, ...), or gives the OID of an unknown one.
	ExtKeyUsage         []string          `json:"ext_key_usage,omitempty"`
	ExtKeyUsageCritical bool              `json:"ext_key_usage_critical,omitempty"`
	BasicConstraints    *BasicConstraints `json:"basic_constraints,omitempty"`

	AuthorityKeyID string `json:"authority_key_id,omitempty"`
	SubjectKeyID   string `json:"subject_key_id,omitempty"`

	CRLDistributionPoints []string `json:"crl_distribution_points,omitempty"`
	OCSPServers           []string `json:"ocsp_servers,omitempty"`
	CAIssuers             []string `json:"ca_issuers,omitempty"`
	// MustStaple is set when the TLS feature extension (RFC 7633) asks for
	// status_request.
	MustStaple bool `json:"must_staple,omitempty"`
	// Precertificate is set when the CT poison extension is present.
	Precertificate bool  `json:"precertificate,omitempty"`
	SCTs           []SCT `json:"scts,omitempty"`

	// SelfIssued: subject and issuer are the same name. SelfSigned: and
	// the signature verifies with the certificate's own key.
	SelfIssued bool `json:"self_issued"`
	SelfSigned bool `json:"self_signed"`

	// Extensions lists every extension in encoding order.
	Extensions []Extension `json:"extensions,omitempty"`

	// Errors says what could not be read; the facts it would have given
	// are absent. Describe returns a *ParseError exactly when it is set.
	Errors []string `json:"errors,omitempty"`
}

// BasicConstraints is the basic constraints extension (RFC 5280, Section
// 4.2.1.9). MaxPathLen is absent when no path length constraint is given.
type BasicConstraints struct {
	CA         bool `json:"ca"`
	MaxPathLen *int `json:"max_path_len,omitempty"`
	Critical   bool `json:"critical"`
}

// Extension is one extension, as listed in a certificate.
type Extension struct {
	OID      string `json:"oid"`
	Name     string `json:"name,omitempty"`
	Critical bool   `json:"critical,omitempty"`
}

// Extension OIDs (RFC 5280, Section 4.2; RFC 6962; RFC 7633).
var (
	oidSubjectKeyID          = encasn1.ObjectIdentifier{2, 5, 29, 14}
	oidKeyUsage              = encasn1.ObjectIdentifier{2, 5, 29, 15}
	oidBasicConstraints      = encasn1.ObjectIdentifier{2, 5, 29, 19}
	oidAuthorityKeyID        = encasn1.ObjectIdentifier{2, 5, 29, 35}
	oidExtKeyUsage           = encasn1.ObjectIdentifier{2, 5, 29, 37}
	oidSubjectAltName        = encasn1.ObjectIdentifier{2, 5, 29, 17}
	oidCRLDistributionPoints = encasn1.ObjectIdentifier{2, 5, 29, 31}
	oidAuthorityInfoAccess   = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}
	oidTLSFeature            = encasn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 24}
	oidCTPoison              = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 3}
	oidCertSCTList           = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 2}
	oidOCSPSCTList           = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 5}
)

var extensionNames = []struct {
	oid  string
	name string
}{
	{"2.5.29.14", "subjectKeyIdentifier"},
	{"2.5.29.15", "keyUsage"},
	{"2.5.29.17", "subjectAltName"},
	{"2.5.29.18", "issuerAltName"},
	{"2.5.29.19", "basicConstraints"},
	{"2.5.29.30", "nameConstraints"},
	{"2.5.29.31", "cRLDistributionPoints"},
	{"2.5.29.32", "certificatePolicies"},
	{"2.5.29.33", "policyMappings"},
	{"2.5.29.35", "authorityKeyIdentifier"},
	{"2.5.29.36", "policyConstraints"},
	{"2.5.29.37", "extKeyUsage"},
	{"2.5.29.46", "freshestCRL"},
	{"2.5.29.54", "inhibitAnyPolicy"},
	{"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"},
	{"1.3.6.1.5.5.7.1.3", "qcStatements"},
	{"1.3.6.1.5.5.7.1.11", "subjectInfoAccess"},
	{"1.3.6.1.5.5.7.1.24", "tlsFeature"},
	{"1.3.6.1.4.1.11129.2.4.2", "ctSCTList"},
	{"1.3.6.1.4.1.11129.2.4.3", "ctPoison"},
}

// Key usage bits (RFC 5280, Section 4.2.1.3), in bit order.
var keyUsageNames = []string{
	"digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment",
	"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
}

// Extended key usage purposes (RFC 5280, Section 4.2.1.12, and common
// others).
var extKeyUsageNames = []struct {
	oid  string
	name string
}{
	{"2.5.29.37.0", "anyExtendedKeyUsage"},
	{"1.3.6.1.5.5.7.3.1", "serverAuth"},
	{"1.3.6.1.5.5.7.3.2", "clientAuth"},
	{"1.3.6.1.5.5.7.3.3", "codeSigning"},
	{"1.3.6.1.5.5.7.3.4", "emailProtection"},
	{"1.3.6.1.5.5.7.3.5", "ipsecEndSystem"},
	{"1.3.6.1.5.5.7.3.6", "ipsecTunnel"},
	{"1.3.6.1.5.5.7.3.7", "ipsecUser"},
	{"1.3.6.1.5.5.7.3.8", "timeStamping"},
	{"1.3.6.1.5.5.7.3.9", "OCSPSigning"},
	{"1.3.6.1.4.1.311.10.3.3", "microsoftServerGatedCrypto"},
	{"2.16.840.1.113730.4.1", "netscapeServerGatedCrypto"},
	{"1.3.6.1.4.1.11129.2.4.4", "certificateTransparency"},
}

func lookupName(table []struct{ oid, name string }, oid string) string {
	for _, e := range table {
		if e.oid == oid {
			return e.name
		}
	}
	return ""
}

// Describe reads the facts of a DER certificate. Parsing is lenient: a
// certificate that a strict parser rejects still gives what can be read,
// with a *ParseError saying what could not (also listed in Errors). The
// certificate's hash is always set.
//
// The fields are read one by one, and each extension on its own, so that
// one damaged extension costs only its own facts. (The full parsers,
// crypto/x509 and zcrypto's, are all-or-nothing, and reject keys they
// cannot use, such as brainpool curves or Ed448.) The self-signature is
// checked with github.com/zmap/zcrypto/x509, which, unlike crypto/x509,
// still verifies MD5 and SHA-1 signatures.
func Describe(der []byte) (Certificate, error) {
	c := Certificate{SHA256: sha256Hex(der), KeyType: KeyUnknown}
	if len(der) > MaxCertificateSize {
		c.Errors = append(c.Errors, fmt.Sprintf("certificate of %d bytes exceeds %d", len(der), MaxCertificateSize))
		return c, c.err()
	}
	f := walkCertificate(der)
	if f.err != nil {
		c.Errors = append(c.Errors, f.err.Error())
	}
	c.describeTBS(f)
	if c.SelfIssued && f.err == nil {
		c.SelfSigned = checkSelfSignature(f)
	}
	return c, c.err()
}

// checkSelfSignature says whether the certificate's signature verifies
// with its own key.
func checkSelfSignature(f tbsFacts) bool {
	return checkSignature(f.spkiRaw, f, f.tbsRaw, f.signature) == nil
}

func (c *Certificate) err() error {
	if len(c.Errors) == 0 {
		return nil
	}
	return &ParseError{What: "certificate", Err: errors.New(strings.Join(c.Errors, "; "))}
}

// describeTBS fills what the walk read.
func (c *Certificate) describeTBS(f tbsFacts) {
	if f.sigOID != nil || f.outerSigOID != nil {
		oid := f.sigOID
		if oid == nil {
			oid = f.outerSigOID
		}
		c.SignatureOID = oid.String()
		c.SignatureAlgorithm, c.SignatureHash = signatureAlgorithm(oid, f.sigParams)
	}
	if f.serial == nil {
		return
	}
	c.Version = f.version + 1
	c.Serial = serialString(f.serial)
	if f.issuerRaw != nil {
		attrs, s, err := parseName(f.issuerRaw)
		c.Issuer, c.IssuerAttributes = s, attrs
		if err != nil {
			c.Errors = append(c.Errors, "issuer: "+err.Error())
		}
	}
	c.NotBefore, c.NotAfter = f.notBefore, f.notAfter
	if f.subjectRaw != nil {
		attrs, s, err := parseName(f.subjectRaw)
		c.Subject, c.SubjectAttributes = s, attrs
		if err != nil {
			c.Errors = append(c.Errors, "subject: "+err.Error())
		}
		c.SelfIssued = bytes.Equal(f.subjectRaw, f.issuerRaw)
	}
	if f.spkiRaw != nil {
		c.SPKISHA256 = sha256Hex(f.spkiRaw)
		k, err := parseSPKI(f.spkiRaw)
		c.KeyType, c.KeyOID, c.KeyBits, c.Curve = k.kind, k.oid, k.bits, k.curve
		if k.exponent != nil {
			if k.exponent.IsInt64() {
				c.RSAExponent = k.exponent.Int64()
			}
			c.RSAExponentHex = serialString(k.exponent)
		}
		if err != nil {
			c.Errors = append(c.Errors, "public key: "+err.Error())
		}
	}
	for _, e := range f.extensions {
		oid := e.oid.String()
		c.Extensions = append(c.Extensions, Extension{OID: oid, Name: lookupName(extensionNames, oid), Critical: e.critical})
		if err := c.describeExtension(e); err != nil {
			name := lookupName(extensionNames, oid)
			if name == "" {
				name = oid
			}
			c.Errors = append(c.Errors, name+": "+err.Error())
		}
	}
}

// describeExtension reads the extensions Describe parses itself.
func (c *Certificate) describeExtension(e rawExtension) error {
	v := cryptobyte.String(e.value)
	switch {
	case e.oid.Equal(oidKeyUsage):
		// RFC 5280, Section 4.2.1.3.
		var bits encasn1.BitString
		if !v.ReadASN1BitString(&bits) || !v.Empty() {
			return errors.New("malformed")
		}
		c.KeyUsage = []string{}
		for i, name := range keyUsageNames {
			if bits.At(i) == 1 {
				c.KeyUsage = append(c.KeyUsage, name)
			}
		}
		c.KeyUsageCritical = e.critical
	case e.oid.Equal(oidExtKeyUsage):
		// RFC 5280, Section 4.2.1.12.
		var seq cryptobyte.String
		if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() {
			return errors.New("malformed")
		}
		c.ExtKeyUsage = []string{}
		for !seq.Empty() {
			var oid encasn1.ObjectIdentifier
			if !seq.ReadASN1ObjectIdentifier(&oid) {
				return errors.New("malformed purpose")
			}
			name := lookupName(extKeyUsageNames, oid.String())
			if name == "" {
				name = oid.String()
			}
			c.ExtKeyUsage = append(c.ExtKeyUsage, name)
		}
		c.ExtKeyUsageCritical = e.critical
	case e.oid.Equal(oidBasicConstraints):
		// RFC 5280, Section 4.2.1.9.
		var seq cryptobyte.String
		bc := &BasicConstraints{Critical: e.critical}
		if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() ||
			!readOptionalBoolean(&seq, &bc.CA) {
			return errors.New("malformed")
		}
		if !seq.Empty() {
			var n int64
			if !seq.ReadASN1Int64WithTag(&n, asn1.INTEGER) || !seq.Empty() || n < 0 || n > 1<<20 {
				return errors.New("malformed path length")
			}
			pl := int(n)
			bc.MaxPathLen = &pl
		}
		c.BasicConstraints = bc
	case e.oid.Equal(oidSubjectKeyID):
		// RFC 5280, Section 4.2.1.2.
		var id []byte
		if !v.ReadASN1Bytes(&id, asn1.OCTET_STRING) || !v.Empty() {
			return errors.New("malformed")
		}
		c.SubjectKeyID = hex.EncodeToString(id)
	case e.oid.Equal(oidAuthorityKeyID):
		// RFC 5280, Section 4.2.1.1: keyIdentifier is [0] IMPLICIT.
		var seq cryptobyte.String
		var id cryptobyte.String
		var present bool
		if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() ||
			!seq.ReadOptionalASN1(&id, &present, asn1.Tag(0).ContextSpecific()) {
			return errors.New("malformed")
		}
		if present {
			c.AuthorityKeyID = hex.EncodeToString(id)
		}
	case e.oid.Equal(oidTLSFeature):
		// RFC 7633, Section 4.2: a SEQUENCE OF INTEGER TLS extension types.
		var seq cryptobyte.String
		if !v.ReadASN1(&seq, asn1.SEQUENCE) || !v.Empty() {
			return errors.New("malformed")
		}
		for !seq.Empty() {
			var feature int64
			if !seq.ReadASN1Int64WithTag(&feature, asn1.INTEGER) {
				return errors.New("malformed feature")
			}
			if feature == 5 { // status_request
				c.MustStaple = true
			}
		}
	case e.oid.Equal(oidSubjectAltName):
		names, err := parseSubjectAltName(e.value)
		c.DNSNames, c.EmailAddresses, c.URIs, c.IPAddresses = names.dns, names.email, names.uri, names.ip
		if err != nil {
			return err
		}
	case e.oid.Equal(oidCRLDistributionPoints):
		uris, err := parseCRLDistributionPoints(e.value)
		c.CRLDistributionPoints = uris
		if err != nil {
			return err
		}
	case e.oid.Equal(oidAuthorityInfoAccess):
		ocsp, caIssuers, err := parseAuthorityInfoAccess(e.value)
		c.OCSPServers, c.CAIssuers = ocsp, caIssuers
		if err != nil {
			return err
		}
	case e.oid.Equal(oidCTPoison):
		c.Precertificate = true
	case e.oid.Equal(oidCertSCTList):
		scts, err := parseSCTExtension(e.value, SCTFromCertificate)
		c.SCTs = scts
		if err != nil {
			return err
		}
	}
	return nil
}

// sha256Hex is the lower-case hex SHA-256 of b.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
