package tlsprobe

import "github.com/cryptoscan/cryptoscan/scanner"

// The registries describe every code point cryptoscan can offer or
// recognise: cipher suites (suites.go), named groups (groups.go) and
// signature schemes (sigschemes.go). Rules read the typed properties below;
// nothing parses a suite name.

// KeyExchange is how a cipher suite agrees on keys.
type KeyExchange uint8

const (
	KxNULL       KeyExchange = iota // TLS_NULL_WITH_NULL_NULL
	KxRSA                           // RSA key transport
	KxRSAExport                     // RSA key transport with a 512-bit temporary key
	KxDH                            // static DH (certificate)
	KxDHE                           // ephemeral finite-field DH
	KxDHExport                      // ephemeral DH limited to 512 bits
	KxECDH                          // static ECDH (certificate)
	KxECDHE                         // ephemeral ECDH
	KxPSK                           // pre-shared key only
	KxDHEPSK                        // PSK with ephemeral DH
	KxECDHEPSK                      // PSK with ephemeral ECDH
	KxRSAPSK                        // PSK with RSA key transport
	KxSRP                           // Secure Remote Password
	KxKRB5                          // Kerberos
	KxKRB5Export                    // Kerberos, export strength
	KxFortezza                      // Fortezza KEA
	KxGOST                          // GOST R 34.10 VKO
	KxECCPWD                        // RFC 8492 password
	KxTLS13                         // TLS 1.3: negotiated by key_share, not by the suite
	KxSSLv2                         // SSLv2 cipher kinds: RSA key transport
	KxCECPQ1                        // CECPQ1 (X25519 + NewHope), a 2016 Google experiment
)

// String names a key exchange for people: "RSA key transport", "ECDHE".
func (k KeyExchange) String() string {
	switch k {
	case KxNULL:
		return "none"
	case KxRSA:
		return "RSA key transport"
	case KxRSAExport:
		return "export RSA key transport"
	case KxDH:
		return "static DH"
	case KxDHE:
		return "DHE"
	case KxDHExport:
		return "export DHE"
	case KxECDH:
		return "static ECDH"
	case KxECDHE:
		return "ECDHE"
	case KxPSK:
		return "PSK"
	case KxDHEPSK:
		return "DHE-PSK"
	case KxECDHEPSK:
		return "ECDHE-PSK"
	case KxRSAPSK:
		return "RSA-PSK"
	case KxSRP:
		return "SRP"
	case KxKRB5, KxKRB5Export:
		return "Kerberos"
	case KxFortezza:
		return "Fortezza KEA"
	case KxGOST:
		return "GOST VKO"
	case KxECCPWD:
		return "ECCPWD password"
	case KxSSLv2:
		return "SSLv2 RSA"
	case KxCECPQ1:
		return "CECPQ1"
	}
	return "TLS 1.3 key_share"
}

// Auth is how a cipher suite authenticates the server.
type Auth uint8

const (
	AuthNULL     Auth = iota // anonymous
	AuthRSA                  // RSA signature or key transport
	AuthDSS                  // DSA
	AuthECDSA                // ECDSA
	AuthPSK                  // pre-shared key
	AuthSRP                  // SRP verifier (SRP without a certificate)
	AuthKRB5                 // Kerberos
	AuthFortezza             // Fortezza
	AuthGOST                 // GOST R 34.10 signature
	AuthECCPWD               // RFC 8492 password
	AuthTLS13                // TLS 1.3: by the certificate and signature scheme, not the suite
)

// Cipher is the bulk cipher of a suite.
type Cipher uint8

const (
	CipherNULL Cipher = iota
	CipherRC2
	CipherRC4
	CipherDES
	Cipher3DES
	CipherIDEA
	CipherSEED
	CipherAES
	CipherCamellia
	CipherARIA
	CipherChaCha20
	CipherGOST28147
	CipherKuznyechik
	CipherMagma
	CipherSM4
	CipherFortezza
	CipherAEGIS // AEGIS-256 or AEGIS-128L (TLS 1.3, draft-irtf-cfrg-aegis-aead)
)

// Mode is the cipher's mode of operation.
type Mode uint8

const (
	ModeNone     Mode = iota // NULL cipher
	ModeStream               // RC4, GOST 28147 CNT
	ModeCBC                  // block cipher in CBC mode
	ModeGCM                  // AEAD GCM
	ModeCCM                  // AEAD CCM, 16-byte tag
	ModeCCM8                 // AEAD CCM, 8-byte tag
	ModePoly1305             // AEAD ChaCha20-Poly1305
	ModeMGM                  // AEAD GOST MGM
	ModeCTROMAC              // GOST CTR with OMAC (RFC 9189)
	ModeAEGIS                // AEAD AEGIS
)

// MAC is the record integrity mechanism of a suite.
type MAC uint8

const (
	MACNULL MAC = iota
	MACAEAD
	MACMD5
	MACSHA1
	MACSHA256
	MACSHA384
	MACGOST94   // GOST R 34.11-94
	MACStreebog // GOST R 34.11-2012 (Streebog-256)
	MACGOSTIMIT // GOST 28147-89 IMIT
	MACSM3
	MACOMAC // OMAC (CMAC) with the suite's block cipher (RFC 9189 CTR_OMAC)
)

// VersionSet is a set of protocol versions a suite may be negotiated in.
type VersionSet uint8

const (
	InSSLv2 VersionSet = 1 << iota
	InSSLv3
	InTLS10
	InTLS11
	InTLS12
	InTLS13

	// Legacy is SSLv3 to TLS 1.2 (suites defined before TLS 1.2).
	Legacy = InSSLv3 | InTLS10 | InTLS11 | InTLS12
	// TLSLegacy is TLS 1.0 to 1.2, for pre-TLS 1.2 suites whose RFCs define
	// them for TLS only and that no SSLv3 stack negotiates: ECC (RFC 4492),
	// PSK (RFC 4279), SRP (RFC 5054).
	TLSLegacy = InTLS10 | InTLS11 | InTLS12
	// TLS12Only is for suites with SHA-256/384 PRF or AEAD (RFC 5246 on).
	TLS12Only = InTLS12
)

// Has reports whether the set contains v.
func (s VersionSet) Has(v scanner.Version) bool {
	switch v {
	case scanner.SSLv2:
		return s&InSSLv2 != 0
	case scanner.SSLv3:
		return s&InSSLv3 != 0
	case scanner.TLSv10:
		return s&InTLS10 != 0
	case scanner.TLSv11:
		return s&InTLS11 != 0
	case scanner.TLSv12:
		return s&InTLS12 != 0
	case scanner.TLSv13:
		return s&InTLS13 != 0
	}
	return false
}

// CipherSuite is one registry entry.
type CipherSuite struct {
	Code      scanner.Code // two bytes; three for SSLv2 cipher kinds
	Name      string       // IANA name verbatim; the usual OpenSSL-era name for non-IANA code points
	Kx        KeyExchange
	Auth      Auth
	Cipher    Cipher
	KeyBits   int // effective symmetric key bits (40 for export, 112 for 3DES, 0 for NULL)
	BlockBits int // cipher block size (0 for stream ciphers and NULL)
	Mode      Mode
	MAC       MAC
	Versions  VersionSet
	Export    bool // an export-grade suite
	IANA      bool // assigned in the IANA TLS Cipher Suites registry (false: legacy, draft, GOST vendor or SSLv2)
}

// GroupKind is the mathematical family of a named group.
type GroupKind uint8

const (
	GroupECPrime   GroupKind = iota // elliptic curve over a prime field (secp*, brainpool*)
	GroupECBinary                   // elliptic curve over a binary field (sect*)
	GroupECX                        // Montgomery curve (x25519, x448)
	GroupFFDHE                      // finite-field DH group (RFC 7919)
	GroupHybrid                     // post-quantum hybrid (ML-KEM with an elliptic curve)
	GroupKEM                        // pure post-quantum KEM (ML-KEM)
	GroupGOST                       // GOST R 34.10-2012 curves
	GroupSM2                        // curveSM2
	GroupArbitrary                  // arbitrary_explicit_*_curves
)

// Group is one named group (supported_groups code point).
type Group struct {
	Code  uint16
	Name  string // IANA name verbatim
	Kind  GroupKind
	Bits  int  // field or modulus size in bits (255 for x25519, 2048 for ffdhe2048); for hybrids, the classical part
	TLS13 bool // allowed in TLS 1.3 key_share
	TLS12 bool // usable for TLS 1.2 (EC)DHE
}

// SigAlg is the signature algorithm family of a scheme.
type SigAlg uint8

const (
	SigRSAPKCS1 SigAlg = iota
	SigRSAPSSRSAE
	SigRSAPSSPSS
	SigDSA
	SigECDSA
	SigEd25519
	SigEd448
	SigGOST
	SigSM2
	SigMLDSA
	SigAnonymous
	SigIBC // identity-based signatures (ECCSI, ISO/IEC 14888-3 IBS; draft-wang-tls-raw-public-key-with-ibc)
)

// Hash is the digest a signature scheme uses.
type Hash uint8

const (
	HashNone Hash = iota // intrinsic (EdDSA, ML-DSA)
	HashMD5
	HashSHA1
	HashSHA224
	HashSHA256
	HashSHA384
	HashSHA512
	HashStreebog256
	HashStreebog512
	HashSM3
)

// SignatureScheme is one signature_algorithms code point.
type SignatureScheme struct {
	Code  uint16
	Name  string // IANA name verbatim; "rsa_md5"-style names for TLS 1.2 hash/signature pairs with no IANA scheme name
	Sig   SigAlg
	Hash  Hash
	Curve uint16 // group code of the ECDSA curve a TLS 1.3 scheme is bound to; 0 otherwise
	TLS13 bool   // allowed in TLS 1.3 CertificateVerify
}
