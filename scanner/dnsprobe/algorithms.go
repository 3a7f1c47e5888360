package dnsprobe

import (
	"fmt"
	"slices"
)

// KeyKind is the public-key family of a DNSSEC algorithm.
type KeyKind string

const (
	KindRSA     KeyKind = "RSA"
	KindDSA     KeyKind = "DSA"
	KindECDSA   KeyKind = "ECDSA"
	KindEdDSA   KeyKind = "EdDSA"
	KindGOST    KeyKind = "GOST"
	KindSM2     KeyKind = "SM2"
	KindUnknown KeyKind = ""
)

// Algorithm is one DNSSEC algorithm number: the IANA "DNS Security
// Algorithm Numbers" registry, with the key family and the hash its
// signatures use. Rules read these properties, never the names.
type Algorithm struct {
	Number uint8
	Name   string  // IANA mnemonic
	Kind   KeyKind // public-key family
	Hash   string  // hash of the signature: "MD5", "SHA-1", "SHA-256", "SHA-512", "SHA-384", "GOST R 34.11-94", "" (EdDSA hashes internally)
	// CurveBits is the size of the fixed curve of ECDSA, EdDSA and GOST
	// algorithms; 0 for RSA and DSA, whose size is read from the key.
	CurveBits int
	RFC       string
}

// Algorithms is the registry, by number.
var Algorithms = []Algorithm{
	{1, "RSAMD5", KindRSA, "MD5", 0, "RFC 3110 (deprecated by RFC 6725)"},
	{3, "DSA", KindDSA, "SHA-1", 0, "RFC 2536"},
	{5, "RSASHA1", KindRSA, "SHA-1", 0, "RFC 3110"},
	{6, "DSA-NSEC3-SHA1", KindDSA, "SHA-1", 0, "RFC 5155"},
	{7, "RSASHA1-NSEC3-SHA1", KindRSA, "SHA-1", 0, "RFC 5155"},
	{8, "RSASHA256", KindRSA, "SHA-256", 0, "RFC 5702"},
	{10, "RSASHA512", KindRSA, "SHA-512", 0, "RFC 5702"},
	{12, "ECC-GOST", KindGOST, "GOST R 34.11-94", 256, "RFC 5933"},
	{13, "ECDSAP256SHA256", KindECDSA, "SHA-256", 256, "RFC 6605"},
	{14, "ECDSAP384SHA384", KindECDSA, "SHA-384", 384, "RFC 6605"},
	{15, "ED25519", KindEdDSA, "", 256, "RFC 8080"},
	{16, "ED448", KindEdDSA, "", 448, "RFC 8080"},
	{17, "SM2SM3", KindSM2, "SM3", 256, "RFC 9563"},
	{23, "ECC-GOST12", KindGOST, "GOST R 34.11-2012", 256, "RFC 9558"},
}

// AlgorithmByNumber returns the registry entry of n.
func AlgorithmByNumber(n uint8) (Algorithm, bool) {
	for _, a := range Algorithms {
		if a.Number == n {
			return a, true
		}
	}
	return Algorithm{Number: n}, false
}

// AlgorithmName is the IANA mnemonic of n, or 0x%02X.
func AlgorithmName(n uint8) string {
	if a, ok := AlgorithmByNumber(n); ok {
		return a.Name
	}
	return fmt.Sprintf("0x%02X", n)
}

// DigestType is one DS digest type: the IANA "Delegation Signer (DS)
// Resource Record (RR) Type Digest Algorithms" registry.
type DigestType struct {
	Number uint8
	Name   string // IANA mnemonic
	Hash   string
	Bits   int // output size
	RFC    string
}

// DigestTypes is the registry, by number.
var DigestTypes = []DigestType{
	{1, "SHA-1", "SHA-1", 160, "RFC 3658"},
	{2, "SHA-256", "SHA-256", 256, "RFC 4509"},
	{3, "GOST R 34.11-94", "GOST R 34.11-94", 256, "RFC 5933"},
	{4, "SHA-384", "SHA-384", 384, "RFC 6605"},
	{5, "GOST R 34.11-2012", "GOST R 34.11-2012", 256, "RFC 9558"},
	{6, "SM3", "SM3", 256, "RFC 9563"},
}

// DigestTypeByNumber returns the registry entry of n.
func DigestTypeByNumber(n uint8) (DigestType, bool) {
	for _, d := range DigestTypes {
		if d.Number == n {
			return d, true
		}
	}
	return DigestType{Number: n}, false
}

// DigestTypeName is the IANA mnemonic of n, or 0x%02X.
func DigestTypeName(n uint8) string {
	if d, ok := DigestTypeByNumber(n); ok {
		return d.Name
	}
	return fmt.Sprintf("0x%02X", n)
}

// SSHFPAlgorithm is one SSHFP public key algorithm number: the IANA "SSHFP
// RR Types for public key algorithms" registry.
type SSHFPAlgorithm struct {
	Number uint8
	Name   string // as the registry names it
	// KeyTypes are the SSH public key formats (the host key's type name)
	// whose fingerprints the number covers.
	KeyTypes []string
	RFC      string
}

// SSHFPAlgorithms is the registry, by number.
var SSHFPAlgorithms = []SSHFPAlgorithm{
	{1, "RSA", []string{"ssh-rsa"}, "RFC 4255"},
	{2, "DSA", []string{"ssh-dss"}, "RFC 4255"},
	{3, "ECDSA", []string{"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}, "RFC 6594"},
	{4, "Ed25519", []string{"ssh-ed25519"}, "RFC 7479"},
	{6, "Ed448", []string{"ssh-ed448"}, "RFC 8709"},
}

// SSHFPAlgorithmByNumber returns the registry entry of n.
func SSHFPAlgorithmByNumber(n uint8) (SSHFPAlgorithm, bool) {
	for _, a := range SSHFPAlgorithms {
		if a.Number == n {
			return a, true
		}
	}
	return SSHFPAlgorithm{Number: n}, false
}

// SSHFPAlgorithmForKey returns the registry entry whose fingerprints
// cover SSH host keys of keyType ("ssh-rsa", "ecdsa-sha2-nistp256", ...).
func SSHFPAlgorithmForKey(keyType string) (SSHFPAlgorithm, bool) {
	for _, a := range SSHFPAlgorithms {
		if slices.Contains(a.KeyTypes, keyType) {
			return a, true
		}
	}
	return SSHFPAlgorithm{}, false
}

// SSHFPAlgorithmName is the registry name of n, or 0x%02X.
func SSHFPAlgorithmName(n uint8) string {
	if a, ok := SSHFPAlgorithmByNumber(n); ok {
		return a.Name
	}
	return fmt.Sprintf("0x%02X", n)
}

// SSHFPType is one SSHFP fingerprint type: the IANA "SSHFP RR types for
// fingerprint types" registry.
type SSHFPType struct {
	Number uint8
	Name   string // as the registry names it
	Size   int    // bytes of a fingerprint of this type
	RFC    string
}

// SSHFPTypes is the registry, by number.
var SSHFPTypes = []SSHFPType{
	{1, "SHA-1", 20, "RFC 4255"},
	{2, "SHA-256", 32, "RFC 6594"},
}

// SSHFPTypeByNumber returns the registry entry of n.
func SSHFPTypeByNumber(n uint8) (SSHFPType, bool) {
	for _, t := range SSHFPTypes {
		if t.Number == n {
			return t, true
		}
	}
	return SSHFPType{Number: n}, false
}

// SSHFPTypeName is the registry name of n, or 0x%02X.
func SSHFPTypeName(n uint8) string {
	if t, ok := SSHFPTypeByNumber(n); ok {
		return t.Name
	}
	return fmt.Sprintf("0x%02X", n)
}
