package tlsprobe

import "github.com/cryptoscan/cryptoscan/scanner"

// SignatureSchemes is every value of the IANA "TLS SignatureScheme"
// registry (names verbatim), plus the TLS 1.2 hash/signature pairs
// (RFC 5246 Section 7.4.1.4.1) that have no scheme name but that servers
// still send, ordered by code. The names of those pairs are cryptoscan's,
// in the registry's style, and marked "TLS 1.2 pair": they are not IANA
// scheme names.
//
// TLS13 is whether the scheme may sign a TLS 1.3 CertificateVerify
// (RFC 8446 Section 4.2.3): rsa_pkcs1_* and *_sha1 are for certificates
// only; the *_legacy schemes are allowed for client CertificateVerify
// (draft-davidben-tls13-pkcs1). Curve is set for the ECDSA schemes bound
// to one curve in TLS 1.3.
var SignatureSchemes = []SignatureScheme{
	{Code: 0x0101, Name: "rsa_pkcs1_md5", Sig: SigRSAPKCS1, Hash: HashMD5}, // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0102, Name: "dsa_md5", Sig: SigDSA, Hash: HashMD5},            // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0103, Name: "ecdsa_md5", Sig: SigECDSA, Hash: HashMD5},        // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0201, Name: "rsa_pkcs1_sha1", Sig: SigRSAPKCS1, Hash: HashSHA1},
	{Code: 0x0202, Name: "dsa_sha1", Sig: SigDSA, Hash: HashSHA1}, // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0203, Name: "ecdsa_sha1", Sig: SigECDSA, Hash: HashSHA1},
	{Code: 0x0301, Name: "rsa_pkcs1_sha224", Sig: SigRSAPKCS1, Hash: HashSHA224}, // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0302, Name: "dsa_sha224", Sig: SigDSA, Hash: HashSHA224},            // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0303, Name: "ecdsa_sha224", Sig: SigECDSA, Hash: HashSHA224},        // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0401, Name: "rsa_pkcs1_sha256", Sig: SigRSAPKCS1, Hash: HashSHA256},
	{Code: 0x0402, Name: "dsa_sha256", Sig: SigDSA, Hash: HashSHA256}, // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0403, Name: "ecdsa_secp256r1_sha256", Sig: SigECDSA, Hash: HashSHA256, Curve: 23, TLS13: true},
	{Code: 0x0420, Name: "rsa_pkcs1_sha256_legacy", Sig: SigRSAPKCS1, Hash: HashSHA256, TLS13: true},
	{Code: 0x0501, Name: "rsa_pkcs1_sha384", Sig: SigRSAPKCS1, Hash: HashSHA384},
	{Code: 0x0502, Name: "dsa_sha384", Sig: SigDSA, Hash: HashSHA384}, // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0503, Name: "ecdsa_secp384r1_sha384", Sig: SigECDSA, Hash: HashSHA384, Curve: 24, TLS13: true},
	{Code: 0x0520, Name: "rsa_pkcs1_sha384_legacy", Sig: SigRSAPKCS1, Hash: HashSHA384, TLS13: true},
	{Code: 0x0601, Name: "rsa_pkcs1_sha512", Sig: SigRSAPKCS1, Hash: HashSHA512},
	{Code: 0x0602, Name: "dsa_sha512", Sig: SigDSA, Hash: HashSHA512}, // TLS 1.2 pair, not an IANA scheme name
	{Code: 0x0603, Name: "ecdsa_secp521r1_sha512", Sig: SigECDSA, Hash: HashSHA512, Curve: 25, TLS13: true},
	{Code: 0x0620, Name: "rsa_pkcs1_sha512_legacy", Sig: SigRSAPKCS1, Hash: HashSHA512, TLS13: true},
	{Code: 0x0704, Name: "eccsi_sha256", Sig: SigIBC, Hash: HashSHA256, TLS13: true}, // draft-wang-tls-raw-public-key-with-ibc
	{Code: 0x0705, Name: "iso_ibs1", Sig: SigIBC, Hash: HashNone, TLS13: true},
	{Code: 0x0706, Name: "iso_ibs2", Sig: SigIBC, Hash: HashNone, TLS13: true},
	{Code: 0x0707, Name: "iso_chinese_ibs", Sig: SigIBC, Hash: HashNone, TLS13: true},
	{Code: 0x0708, Name: "sm2sig_sm3", Sig: SigSM2, Hash: HashSM3, TLS13: true},                  // RFC 8998
	{Code: 0x0709, Name: "gostr34102012_256a", Sig: SigGOST, Hash: HashStreebog256, TLS13: true}, // RFC 9367
	{Code: 0x070A, Name: "gostr34102012_256b", Sig: SigGOST, Hash: HashStreebog256, TLS13: true},
	{Code: 0x070B, Name: "gostr34102012_256c", Sig: SigGOST, Hash: HashStreebog256, TLS13: true},
	{Code: 0x070C, Name: "gostr34102012_256d", Sig: SigGOST, Hash: HashStreebog256, TLS13: true},
	{Code: 0x070D, Name: "gostr34102012_512a", Sig: SigGOST, Hash: HashStreebog512, TLS13: true},
	{Code: 0x070E, Name: "gostr34102012_512b", Sig: SigGOST, Hash: HashStreebog512, TLS13: true},
	{Code: 0x070F, Name: "gostr34102012_512c", Sig: SigGOST, Hash: HashStreebog512, TLS13: true},
	{Code: 0x0804, Name: "rsa_pss_rsae_sha256", Sig: SigRSAPSSRSAE, Hash: HashSHA256, TLS13: true},
	{Code: 0x0805, Name: "rsa_pss_rsae_sha384", Sig: SigRSAPSSRSAE, Hash: HashSHA384, TLS13: true},
	{Code: 0x0806, Name: "rsa_pss_rsae_sha512", Sig: SigRSAPSSRSAE, Hash: HashSHA512, TLS13: true},
	{Code: 0x0807, Name: "ed25519", Sig: SigEd25519, Hash: HashNone, TLS13: true},
	{Code: 0x0808, Name: "ed448", Sig: SigEd448, Hash: HashNone, TLS13: true},
	{Code: 0x0809, Name: "rsa_pss_pss_sha256", Sig: SigRSAPSSPSS, Hash: HashSHA256, TLS13: true},
	{Code: 0x080A, Name: "rsa_pss_pss_sha384", Sig: SigRSAPSSPSS, Hash: HashSHA384, TLS13: true},
	{Code: 0x080B, Name: "rsa_pss_pss_sha512", Sig: SigRSAPSSPSS, Hash: HashSHA512, TLS13: true},
	{Code: 0x081A, Name: "ecdsa_brainpoolP256r1tls13_sha256", Sig: SigECDSA, Hash: HashSHA256, Curve: 31, TLS13: true}, // RFC 8734
	{Code: 0x081B, Name: "ecdsa_brainpoolP384r1tls13_sha384", Sig: SigECDSA, Hash: HashSHA384, Curve: 32, TLS13: true},
	{Code: 0x081C, Name: "ecdsa_brainpoolP512r1tls13_sha512", Sig: SigECDSA, Hash: HashSHA512, Curve: 33, TLS13: true},
	{Code: 0x0840, Name: "gostr34102012_256", Sig: SigGOST, Hash: HashStreebog256}, // TLS 1.2 pair (RFC 9189), reserved by IANA, not an IANA scheme name
	{Code: 0x0841, Name: "gostr34102012_512", Sig: SigGOST, Hash: HashStreebog512}, // TLS 1.2 pair (RFC 9189), reserved by IANA, not an IANA scheme name
	{Code: 0x0904, Name: "mldsa44", Sig: SigMLDSA, Hash: HashNone, TLS13: true},    // draft-ietf-tls-mldsa
	{Code: 0x0905, Name: "mldsa65", Sig: SigMLDSA, Hash: HashNone, TLS13: true},
	{Code: 0x0906, Name: "mldsa87", Sig: SigMLDSA, Hash: HashNone, TLS13: true},
}

// schemeIndex maps a code to its position in SignatureSchemes, for lookups
// only.
var schemeIndex = func() map[uint16]int {
	m := make(map[uint16]int, len(SignatureSchemes))
	for i, s := range SignatureSchemes {
		m[s.Code] = i
	}
	return m
}()

// SchemeByCode returns the registry entry of a signature_algorithms code
// point.
func SchemeByCode(c uint16) (SignatureScheme, bool) {
	i, ok := schemeIndex[c]
	if !ok {
		return SignatureScheme{}, false
	}
	return SignatureSchemes[i], true
}

// SchemeName returns the name of c, or "0x%04X" when it is unknown.
func SchemeName(c uint16) string {
	if s, ok := SchemeByCode(c); ok {
		return s.Name
	}
	return scanner.Code(c).String()
}
