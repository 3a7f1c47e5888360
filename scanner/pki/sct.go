package pki

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// SCTSource says where a server delivered an SCT list (RFC 6962, Section 3.3).
type SCTSource string

const (
	SCTFromCertificate  SCTSource = "certificate"   // X.509v3 extension 1.3.6.1.4.1.11129.2.4.2
	SCTFromTLSExtension SCTSource = "tls_extension" // signed_certificate_timestamp (18)
	SCTFromOCSP         SCTSource = "ocsp"          // OCSP single extension 1.3.6.1.4.1.11129.2.4.5
)

// SCT is one signed certificate timestamp (RFC 6962, Section 3.2). An SCT
// of a version other than v1 is kept with its version only: its body has no
// known layout (RFC 6962, Section 3.3, says clients ignore them).
type SCT struct {
	Source SCTSource `json:"source,omitempty"`
	// Version as encoded: 0 is v1.
	Version int `json:"version"`
	// LogID is the SHA-256 of the log's public key, in standard base64 (as
	// log lists write it) and in lower-case hex.
	LogID    string `json:"log_id,omitempty"`
	LogIDHex string `json:"log_id_hex,omitempty"`
	// TimestampMS is milliseconds since the Unix epoch, as encoded;
	// Timestamp is the same instant, absent when out of range.
	TimestampMS uint64    `json:"timestamp_ms,omitempty"`
	Timestamp   time.Time `json:"timestamp,omitzero"`
	// Extensions is the hex of the CtExtensions field, if not empty.
	Extensions string `json:"extensions,omitempty"`
	// HashAlgorithm and SignatureAlgorithm name the digitally-signed
	// algorithms (RFC 5246, Section 7.4.1.4.1): sha256, ecdsa, ...;
	// unknown code points are written 0xNN.
	HashAlgorithm      string `json:"hash_algorithm,omitempty"`
	SignatureAlgorithm string `json:"signature_algorithm,omitempty"`
	Signature          []byte `json:"signature,omitempty"`
}

// TLS HashAlgorithm and SignatureAlgorithm registries (RFC 5246, Section
// 7.4.1.4.1; RFC 8422, Section 5.1.3).
var (
	tlsHashNames = []string{0: "none", 1: "md5", 2: "sha1", 3: "sha224", 4: "sha256", 5: "sha384", 6: "sha512", 8: "intrinsic"}
	tlsSigNames  = []string{0: "anonymous", 1: "rsa", 2: "dsa", 3: "ecdsa", 7: "ed25519", 8: "ed448"}
)

func registryName(names []string, code uint8) string {
	if int(code) < len(names) && names[code] != "" {
		return names[code]
	}
	return fmt.Sprintf("0x%02X", code)
}

// maxTimestampMS is the last millisecond of year 9999, the last instant
// RFC 3339 can write.
const maxTimestampMS = 253402300799999

// ParseSCTList parses a SignedCertificateTimestampList (RFC 6962, Section
// 3.3) as carried in the TLS extension: the whole input must be one list,
// with at least one SCT, each SCT fully consumed.
func ParseSCTList(b []byte) ([]SCT, error) {
	in := cryptobyte.String(b)
	var list cryptobyte.String
	if !in.ReadUint16LengthPrefixed(&list) || !in.Empty() {
		return nil, &ParseError{What: "sct_list", Err: errors.New("malformed list length")}
	}
	if list.Empty() {
		return nil, &ParseError{What: "sct_list", Err: errors.New("empty list")}
	}
	var out []SCT
	for !list.Empty() {
		var serialized cryptobyte.String
		if !list.ReadUint16LengthPrefixed(&serialized) || serialized.Empty() {
			return nil, &ParseError{What: "sct_list", Err: fmt.Errorf("malformed SCT %d", len(out))}
		}
		sct, err := parseSCT(serialized)
		if err != nil {
			return nil, &ParseError{What: "sct_list", Err: fmt.Errorf("SCT %d: %w", len(out), err)}
		}
		out = append(out, sct)
	}
	return out, nil
}

// parseSCT parses one SerializedSCT (RFC 6962, Section 3.2).
func parseSCT(s cryptobyte.String) (SCT, error) {
	var sct SCT
	var version uint8
	if !s.ReadUint8(&version) {
		return sct, errors.New("missing version")
	}
	sct.Version = int(version)
	if version != 0 {
		return sct, nil
	}
	var logID []byte
	var ts uint64
	var exts, sig cryptobyte.String
	var hashAlg, sigAlg uint8
	if !s.ReadBytes(&logID, 32) ||
		!s.ReadUint64(&ts) ||
		!s.ReadUint16LengthPrefixed(&exts) ||
		// RFC 5246, Section 4.7: digitally-signed.
		!s.ReadUint8(&hashAlg) ||
		!s.ReadUint8(&sigAlg) ||
		!s.ReadUint16LengthPrefixed(&sig) {
		return sct, errors.New("truncated SCT")
	}
	if !s.Empty() {
		return sct, errors.New("trailing data in SCT")
	}
	sct.LogID = base64.StdEncoding.EncodeToString(logID)
	sct.LogIDHex = hex.EncodeToString(logID)
	sct.TimestampMS = ts
	if ts <= maxTimestampMS {
		sct.Timestamp = time.UnixMilli(int64(ts)).UTC()
	}
	if len(exts) > 0 {
		sct.Extensions = hex.EncodeToString(exts)
	}
	sct.HashAlgorithm = registryName(tlsHashNames, hashAlg)
	sct.SignatureAlgorithm = registryName(tlsSigNames, sigAlg)
	sct.Signature = append([]byte(nil), sig...)
	return sct, nil
}

// parseSCTExtension parses the value of the X.509 or OCSP SCT extension:
// an OCTET STRING holding the TLS-encoded list (RFC 6962, Section 3.3).
func parseSCTExtension(value []byte, source SCTSource) ([]SCT, error) {
	in := cryptobyte.String(value)
	var list []byte
	if !in.ReadASN1Bytes(&list, asn1.OCTET_STRING) || !in.Empty() {
		return nil, &ParseError{What: "sct_list", Err: errors.New("malformed extension OCTET STRING")}
	}
	scts, err := ParseSCTList(list)
	for i := range scts {
		scts[i].Source = source
	}
	return scts, err
}
