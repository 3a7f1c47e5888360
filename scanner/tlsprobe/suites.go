package tlsprobe

import "github.com/cryptoscan/cryptoscan/scanner"

// tls10to12 is TLS 1.0 to 1.2, for the GOST suites of CryptoPro and OpenSSL,
// which were never defined for SSLv3.
const tls10to12 = InTLS10 | InTLS11 | InTLS12

// CipherSuites is every cipher suite code point cryptoscan knows, ordered by
// code: every assigned value of the IANA "TLS Cipher Suites" registry
// (IANA: true, names verbatim), plus the legacy, draft and vendor code
// points other scanners know (IANA: false, OpenSSL / NSS / testssl.sh names
// in the SSL_/TLS_ style) and the SSLv2 cipher kinds as three-byte codes.
//
// Sources: IANA tls-parameters (TLS Cipher Suites), RFC 5246, 8446, 9150,
// 9189, 9367, 8998; OpenSSL ssl2.h/ssl3.h/tls1.h; NSS sslproto.h; the
// zcrypto and testssl.sh cipher lists.
//
// Left out on purpose: 0x001E SSL_FORTEZZA_KEA_WITH_RC4_128_SHA (SSLv3
// spec) collides with the IANA TLS_KRB5_WITH_DES_CBC_SHA; the
// draft-ietf-tls-ecc-00 codes 0x0047–0x005C and the OpenPGP RMD codes
// 0x0072–0x007E (no OpenSSL-era implementation carries them); the GREASE
// values (RFC 8701), which are reserved, not suites.
//
// TLS_EMPTY_RENEGOTIATION_INFO_SCSV and TLS_FALLBACK_SCSV are signalling
// values, not suites: they carry KxNULL and are recognised by IsSCSV.
var CipherSuites = []CipherSuite{
	{Code: 0x0000, Name: "TLS_NULL_WITH_NULL_NULL", Kx: KxNULL, Auth: AuthNULL, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACNULL, Versions: Legacy, IANA: true},
	{Code: 0x0001, Name: "TLS_RSA_WITH_NULL_MD5", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0002, Name: "TLS_RSA_WITH_NULL_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0003, Name: "TLS_RSA_EXPORT_WITH_RC4_40_MD5", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 40, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0004, Name: "TLS_RSA_WITH_RC4_128_MD5", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0005, Name: "TLS_RSA_WITH_RC4_128_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0006, Name: "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherRC2, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0007, Name: "TLS_RSA_WITH_IDEA_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherIDEA, KeyBits: 128, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0008, Name: "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0009, Name: "TLS_RSA_WITH_DES_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x000A, Name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x000B, Name: "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x000C, Name: "TLS_DH_DSS_WITH_DES_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x000D, Name: "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x000E, Name: "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x000F, Name: "TLS_DH_RSA_WITH_DES_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0010, Name: "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0011, Name: "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", Kx: KxDHExport, Auth: AuthDSS, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0012, Name: "TLS_DHE_DSS_WITH_DES_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0013, Name: "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0014, Name: "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", Kx: KxDHExport, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0015, Name: "TLS_DHE_RSA_WITH_DES_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0016, Name: "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0017, Name: "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", Kx: KxDHExport, Auth: AuthNULL, Cipher: CipherRC4, KeyBits: 40, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0018, Name: "TLS_DH_anon_WITH_RC4_128_MD5", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0019, Name: "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", Kx: KxDHExport, Auth: AuthNULL, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x001A, Name: "TLS_DH_anon_WITH_DES_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x001B, Name: "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x001C, Name: "SSL_FORTEZZA_KEA_WITH_NULL_SHA", Kx: KxFortezza, Auth: AuthFortezza, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: InSSLv3},              // SSLv3 only (RFC 6101)
	{Code: 0x001D, Name: "SSL_FORTEZZA_KEA_WITH_FORTEZZA_CBC_SHA", Kx: KxFortezza, Auth: AuthFortezza, Cipher: CipherFortezza, KeyBits: 80, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3}, // Skipjack, SSLv3 only (RFC 6101)
	{Code: 0x001E, Name: "TLS_KRB5_WITH_DES_CBC_SHA", Kx: KxKRB5, Auth: AuthKRB5, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x001F, Name: "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", Kx: KxKRB5, Auth: AuthKRB5, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0020, Name: "TLS_KRB5_WITH_RC4_128_SHA", Kx: KxKRB5, Auth: AuthKRB5, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0021, Name: "TLS_KRB5_WITH_IDEA_CBC_SHA", Kx: KxKRB5, Auth: AuthKRB5, Cipher: CipherIDEA, KeyBits: 128, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0022, Name: "TLS_KRB5_WITH_DES_CBC_MD5", Kx: KxKRB5, Auth: AuthKRB5, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0023, Name: "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", Kx: KxKRB5, Auth: AuthKRB5, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0024, Name: "TLS_KRB5_WITH_RC4_128_MD5", Kx: KxKRB5, Auth: AuthKRB5, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0025, Name: "TLS_KRB5_WITH_IDEA_CBC_MD5", Kx: KxKRB5, Auth: AuthKRB5, Cipher: CipherIDEA, KeyBits: 128, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, IANA: true},
	{Code: 0x0026, Name: "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0027, Name: "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherRC2, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0028, Name: "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherRC4, KeyBits: 40, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x0029, Name: "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x002A, Name: "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherRC2, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x002B, Name: "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherRC4, KeyBits: 40, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
	{Code: 0x002C, Name: "TLS_PSK_WITH_NULL_SHA", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x002D, Name: "TLS_DHE_PSK_WITH_NULL_SHA", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x002E, Name: "TLS_RSA_PSK_WITH_NULL_SHA", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x002F, Name: "TLS_RSA_WITH_AES_128_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0030, Name: "TLS_DH_DSS_WITH_AES_128_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0031, Name: "TLS_DH_RSA_WITH_AES_128_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0032, Name: "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0033, Name: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0034, Name: "TLS_DH_anon_WITH_AES_128_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0035, Name: "TLS_RSA_WITH_AES_256_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0036, Name: "TLS_DH_DSS_WITH_AES_256_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0037, Name: "TLS_DH_RSA_WITH_AES_256_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0038, Name: "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0039, Name: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x003A, Name: "TLS_DH_anon_WITH_AES_256_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x003B, Name: "TLS_RSA_WITH_NULL_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x003C, Name: "TLS_RSA_WITH_AES_128_CBC_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x003D, Name: "TLS_RSA_WITH_AES_256_CBC_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x003E, Name: "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x003F, Name: "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x0040, Name: "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x0041, Name: "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0042, Name: "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0043, Name: "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0044, Name: "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0045, Name: "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0046, Name: "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0060, Name: "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 56, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, Export: true},     // export1024 draft
	{Code: 0x0061, Name: "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherRC2, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: Legacy, Export: true},   // export1024 draft
	{Code: 0x0062, Name: "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true},     // export1024 draft
	{Code: 0x0063, Name: "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", Kx: KxDHExport, Auth: AuthDSS, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true},  // export1024 draft
	{Code: 0x0064, Name: "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 56, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: Legacy, Export: true},    // export1024 draft
	{Code: 0x0065, Name: "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA", Kx: KxDHExport, Auth: AuthDSS, Cipher: CipherRC4, KeyBits: 56, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: Legacy, Export: true}, // export1024 draft
	{Code: 0x0066, Name: "TLS_DHE_DSS_WITH_RC4_128_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: Legacy},                             // export1024 draft
	{Code: 0x0067, Name: "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x0068, Name: "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x0069, Name: "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x006A, Name: "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x006B, Name: "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x006C, Name: "TLS_DH_anon_WITH_AES_128_CBC_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x006D, Name: "TLS_DH_anon_WITH_AES_256_CBC_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x0080, Name: "TLS_GOSTR341094_WITH_28147_CNT_IMIT", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACGOSTIMIT, Versions: tls10to12}, // draft-chudov-cryptopro-cptls
	{Code: 0x0081, Name: "TLS_GOSTR341001_WITH_28147_CNT_IMIT", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACGOSTIMIT, Versions: tls10to12}, // draft-chudov-cryptopro-cptls
	{Code: 0x0082, Name: "TLS_GOSTR341094_WITH_NULL_GOSTR3411", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACGOST94, Versions: tls10to12},             // draft-chudov-cryptopro-cptls
	{Code: 0x0083, Name: "TLS_GOSTR341001_WITH_NULL_GOSTR3411", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACGOST94, Versions: tls10to12},             // draft-chudov-cryptopro-cptls
	{Code: 0x0084, Name: "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0085, Name: "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0086, Name: "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0087, Name: "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0088, Name: "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0089, Name: "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x008A, Name: "TLS_PSK_WITH_RC4_128_SHA", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x008B, Name: "TLS_PSK_WITH_3DES_EDE_CBC_SHA", Kx: KxPSK, Auth: AuthPSK, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x008C, Name: "TLS_PSK_WITH_AES_128_CBC_SHA", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x008D, Name: "TLS_PSK_WITH_AES_256_CBC_SHA", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x008E, Name: "TLS_DHE_PSK_WITH_RC4_128_SHA", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x008F, Name: "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0090, Name: "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0091, Name: "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0092, Name: "TLS_RSA_PSK_WITH_RC4_128_SHA", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0093, Name: "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0094, Name: "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0095, Name: "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0x0096, Name: "TLS_RSA_WITH_SEED_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherSEED, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0097, Name: "TLS_DH_DSS_WITH_SEED_CBC_SHA", Kx: KxDH, Auth: AuthDSS, Cipher: CipherSEED, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0098, Name: "TLS_DH_RSA_WITH_SEED_CBC_SHA", Kx: KxDH, Auth: AuthRSA, Cipher: CipherSEED, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x0099, Name: "TLS_DHE_DSS_WITH_SEED_CBC_SHA", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherSEED, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x009A, Name: "TLS_DHE_RSA_WITH_SEED_CBC_SHA", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherSEED, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x009B, Name: "TLS_DH_anon_WITH_SEED_CBC_SHA", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherSEED, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
	{Code: 0x009C, Name: "TLS_RSA_WITH_AES_128_GCM_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x009D, Name: "TLS_RSA_WITH_AES_256_GCM_SHA384", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x009E, Name: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x009F, Name: "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A0, Name: "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A1, Name: "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", Kx: KxDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A2, Name: "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A3, Name: "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A4, Name: "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A5, Name: "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", Kx: KxDH, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A6, Name: "TLS_DH_anon_WITH_AES_128_GCM_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A7, Name: "TLS_DH_anon_WITH_AES_256_GCM_SHA384", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A8, Name: "TLS_PSK_WITH_AES_128_GCM_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00A9, Name: "TLS_PSK_WITH_AES_256_GCM_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00AA, Name: "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00AB, Name: "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00AC, Name: "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00AD, Name: "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0x00AE, Name: "TLS_PSK_WITH_AES_128_CBC_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00AF, Name: "TLS_PSK_WITH_AES_256_CBC_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0x00B0, Name: "TLS_PSK_WITH_NULL_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00B1, Name: "TLS_PSK_WITH_NULL_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0x00B2, Name: "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00B3, Name: "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0x00B4, Name: "TLS_DHE_PSK_WITH_NULL_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00B5, Name: "TLS_DHE_PSK_WITH_NULL_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0x00B6, Name: "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00B7, Name: "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0x00B8, Name: "TLS_RSA_PSK_WITH_NULL_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00B9, Name: "TLS_RSA_PSK_WITH_NULL_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0x00BA, Name: "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00BB, Name: "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00BC, Name: "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00BD, Name: "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00BE, Name: "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00BF, Name: "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C0, Name: "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C1, Name: "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C2, Name: "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C3, Name: "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C4, Name: "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C5, Name: "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0x00C6, Name: "TLS_SM4_GCM_SM3", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherSM4, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x00C7, Name: "TLS_SM4_CCM_SM3", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherSM4, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x00FF, Name: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", Kx: KxNULL, Auth: AuthNULL, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACNULL, Versions: Legacy, IANA: true}, // signalling value, not a suite (RFC 5746)
	{Code: 0x1301, Name: "TLS_AES_128_GCM_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x1302, Name: "TLS_AES_256_GCM_SHA384", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x1303, Name: "TLS_CHACHA20_POLY1305_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x1304, Name: "TLS_AES_128_CCM_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x1305, Name: "TLS_AES_128_CCM_8_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x1306, Name: "TLS_AEGIS_256_SHA384", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAEGIS, KeyBits: 256, BlockBits: 0, Mode: ModeAEGIS, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x1307, Name: "TLS_AEGIS_128L_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAEGIS, KeyBits: 128, BlockBits: 0, Mode: ModeAEGIS, MAC: MACAEAD, Versions: InTLS13, IANA: true},
	{Code: 0x16B7, Name: "TLS_CECPQ1_RSA_WITH_CHACHA20_POLY1305_SHA256", Kx: KxCECPQ1, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only},     // CECPQ1 experiment
	{Code: 0x16B8, Name: "TLS_CECPQ1_ECDSA_WITH_CHACHA20_POLY1305_SHA256", Kx: KxCECPQ1, Auth: AuthECDSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only}, // CECPQ1 experiment
	{Code: 0x16B9, Name: "TLS_CECPQ1_RSA_WITH_AES_256_GCM_SHA384", Kx: KxCECPQ1, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only},                   // CECPQ1 experiment
	{Code: 0x16BA, Name: "TLS_CECPQ1_ECDSA_WITH_AES_256_GCM_SHA384", Kx: KxCECPQ1, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only},               // CECPQ1 experiment
	{Code: 0x5600, Name: "TLS_FALLBACK_SCSV", Kx: KxNULL, Auth: AuthNULL, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACNULL, Versions: Legacy, IANA: true},                                  // signalling value, not a suite (RFC 7507)
	{Code: 0xC001, Name: "TLS_ECDH_ECDSA_WITH_NULL_SHA", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC002, Name: "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC003, Name: "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", Kx: KxECDH, Auth: AuthECDSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC004, Name: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC005, Name: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC006, Name: "TLS_ECDHE_ECDSA_WITH_NULL_SHA", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC007, Name: "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC008, Name: "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", Kx: KxECDHE, Auth: AuthECDSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC009, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC00A, Name: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC00B, Name: "TLS_ECDH_RSA_WITH_NULL_SHA", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC00C, Name: "TLS_ECDH_RSA_WITH_RC4_128_SHA", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC00D, Name: "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxECDH, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC00E, Name: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC00F, Name: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC010, Name: "TLS_ECDHE_RSA_WITH_NULL_SHA", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC011, Name: "TLS_ECDHE_RSA_WITH_RC4_128_SHA", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC012, Name: "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxECDHE, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC013, Name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC014, Name: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC015, Name: "TLS_ECDH_anon_WITH_NULL_SHA", Kx: KxECDHE, Auth: AuthNULL, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC016, Name: "TLS_ECDH_anon_WITH_RC4_128_SHA", Kx: KxECDHE, Auth: AuthNULL, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC017, Name: "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", Kx: KxECDHE, Auth: AuthNULL, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC018, Name: "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", Kx: KxECDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC019, Name: "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", Kx: KxECDHE, Auth: AuthNULL, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC01A, Name: "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", Kx: KxSRP, Auth: AuthSRP, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC01B, Name: "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxSRP, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC01C, Name: "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", Kx: KxSRP, Auth: AuthDSS, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC01D, Name: "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", Kx: KxSRP, Auth: AuthSRP, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC01E, Name: "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", Kx: KxSRP, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC01F, Name: "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", Kx: KxSRP, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC020, Name: "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", Kx: KxSRP, Auth: AuthSRP, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC021, Name: "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", Kx: KxSRP, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC022, Name: "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", Kx: KxSRP, Auth: AuthDSS, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC023, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC024, Name: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC025, Name: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC026, Name: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC027, Name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC028, Name: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC029, Name: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC02A, Name: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC02B, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC02C, Name: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC02D, Name: "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC02E, Name: "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC02F, Name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC030, Name: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC031, Name: "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC032, Name: "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC033, Name: "TLS_ECDHE_PSK_WITH_RC4_128_SHA", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC034, Name: "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC035, Name: "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC036, Name: "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC037, Name: "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC038, Name: "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC039, Name: "TLS_ECDHE_PSK_WITH_NULL_SHA", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
	{Code: 0xC03A, Name: "TLS_ECDHE_PSK_WITH_NULL_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC03B, Name: "TLS_ECDHE_PSK_WITH_NULL_SHA384", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC03C, Name: "TLS_RSA_WITH_ARIA_128_CBC_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC03D, Name: "TLS_RSA_WITH_ARIA_256_CBC_SHA384", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC03E, Name: "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC03F, Name: "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", Kx: KxDH, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC040, Name: "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC041, Name: "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", Kx: KxDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC042, Name: "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC043, Name: "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC044, Name: "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC045, Name: "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC046, Name: "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC047, Name: "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC048, Name: "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC049, Name: "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC04A, Name: "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC04B, Name: "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC04C, Name: "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC04D, Name: "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC04E, Name: "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC04F, Name: "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC050, Name: "TLS_RSA_WITH_ARIA_128_GCM_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC051, Name: "TLS_RSA_WITH_ARIA_256_GCM_SHA384", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC052, Name: "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC053, Name: "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC054, Name: "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC055, Name: "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", Kx: KxDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC056, Name: "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC057, Name: "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC058, Name: "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC059, Name: "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", Kx: KxDH, Auth: AuthDSS, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC05A, Name: "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC05B, Name: "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC05C, Name: "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC05D, Name: "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC05E, Name: "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC05F, Name: "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC060, Name: "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC061, Name: "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC062, Name: "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC063, Name: "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC064, Name: "TLS_PSK_WITH_ARIA_128_CBC_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC065, Name: "TLS_PSK_WITH_ARIA_256_CBC_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC066, Name: "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC067, Name: "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC068, Name: "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC069, Name: "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC06A, Name: "TLS_PSK_WITH_ARIA_128_GCM_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC06B, Name: "TLS_PSK_WITH_ARIA_256_GCM_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC06C, Name: "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC06D, Name: "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC06E, Name: "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC06F, Name: "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC070, Name: "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC071, Name: "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherARIA, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC072, Name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC073, Name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC074, Name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC075, Name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC076, Name: "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC077, Name: "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC078, Name: "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC079, Name: "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC07A, Name: "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC07B, Name: "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC07C, Name: "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC07D, Name: "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC07E, Name: "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC07F, Name: "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC080, Name: "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC081, Name: "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxDHE, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC082, Name: "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxDH, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC083, Name: "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxDH, Auth: AuthDSS, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC084, Name: "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC085, Name: "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC086, Name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC087, Name: "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC088, Name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC089, Name: "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxECDH, Auth: AuthECDSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC08A, Name: "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC08B, Name: "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC08C, Name: "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC08D, Name: "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxECDH, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC08E, Name: "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC08F, Name: "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC090, Name: "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC091, Name: "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC092, Name: "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC093, Name: "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC094, Name: "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC095, Name: "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC096, Name: "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC097, Name: "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC098, Name: "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC099, Name: "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC09A, Name: "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 128, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA256, Versions: TLS12Only, IANA: true},
	{Code: 0xC09B, Name: "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
	{Code: 0xC09C, Name: "TLS_RSA_WITH_AES_128_CCM", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC09D, Name: "TLS_RSA_WITH_AES_256_CCM", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC09E, Name: "TLS_DHE_RSA_WITH_AES_128_CCM", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC09F, Name: "TLS_DHE_RSA_WITH_AES_256_CCM", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A0, Name: "TLS_RSA_WITH_AES_128_CCM_8", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A1, Name: "TLS_RSA_WITH_AES_256_CCM_8", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A2, Name: "TLS_DHE_RSA_WITH_AES_128_CCM_8", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A3, Name: "TLS_DHE_RSA_WITH_AES_256_CCM_8", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A4, Name: "TLS_PSK_WITH_AES_128_CCM", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A5, Name: "TLS_PSK_WITH_AES_256_CCM", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A6, Name: "TLS_DHE_PSK_WITH_AES_128_CCM", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A7, Name: "TLS_DHE_PSK_WITH_AES_256_CCM", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A8, Name: "TLS_PSK_WITH_AES_128_CCM_8", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0A9, Name: "TLS_PSK_WITH_AES_256_CCM_8", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0AA, Name: "TLS_PSK_DHE_WITH_AES_128_CCM_8", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0AB, Name: "TLS_PSK_DHE_WITH_AES_256_CCM_8", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0AC, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0AD, Name: "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0AE, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0AF, Name: "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0B0, Name: "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", Kx: KxECCPWD, Auth: AuthECCPWD, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0B1, Name: "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", Kx: KxECCPWD, Auth: AuthECCPWD, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0B2, Name: "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", Kx: KxECCPWD, Auth: AuthECCPWD, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0B3, Name: "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", Kx: KxECCPWD, Auth: AuthECCPWD, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xC0B4, Name: "TLS_SHA256_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA256, Versions: InTLS13, IANA: true}, // integrity only (RFC 9150)
	{Code: 0xC0B5, Name: "TLS_SHA384_SHA384", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACSHA384, Versions: InTLS13, IANA: true}, // integrity only (RFC 9150)
	{Code: 0xC100, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherKuznyechik, KeyBits: 256, BlockBits: 128, Mode: ModeCTROMAC, MAC: MACOMAC, Versions: TLS12Only, IANA: true},
	{Code: 0xC101, Name: "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherMagma, KeyBits: 256, BlockBits: 64, Mode: ModeCTROMAC, MAC: MACOMAC, Versions: TLS12Only, IANA: true},
	{Code: 0xC102, Name: "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACGOSTIMIT, Versions: TLS12Only, IANA: true},
	{Code: 0xC103, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherKuznyechik, KeyBits: 256, BlockBits: 128, Mode: ModeMGM, MAC: MACAEAD, Versions: InTLS13, IANA: true}, // TLS 1.3 (RFC 9367)
	{Code: 0xC104, Name: "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherMagma, KeyBits: 256, BlockBits: 64, Mode: ModeMGM, MAC: MACAEAD, Versions: InTLS13, IANA: true},            // TLS 1.3 (RFC 9367)
	{Code: 0xC105, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherKuznyechik, KeyBits: 256, BlockBits: 128, Mode: ModeMGM, MAC: MACAEAD, Versions: InTLS13, IANA: true}, // TLS 1.3 (RFC 9367)
	{Code: 0xC106, Name: "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherMagma, KeyBits: 256, BlockBits: 64, Mode: ModeMGM, MAC: MACAEAD, Versions: InTLS13, IANA: true},            // TLS 1.3 (RFC 9367)
	{Code: 0xCC13, Name: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only},      // draft-agl-tls-chacha20poly1305
	{Code: 0xCC14, Name: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only},  // draft-agl-tls-chacha20poly1305
	{Code: 0xCC15, Name: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only},          // draft-agl-tls-chacha20poly1305
	{Code: 0xCCA8, Name: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xCCA9, Name: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xCCAA, Name: "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Kx: KxDHE, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xCCAB, Name: "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xCCAC, Name: "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xCCAD, Name: "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx: KxDHEPSK, Auth: AuthPSK, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xCCAE, Name: "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx: KxRSAPSK, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, BlockBits: 0, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xD001, Name: "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xD002, Name: "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xD003, Name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xD005, Name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
	{Code: 0xFEFE, Name: "SSL_RSA_FIPS_WITH_DES_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3},                     // Netscape
	{Code: 0xFEFF, Name: "SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3},              // Netscape
	{Code: 0xFF00, Name: "TLS_GOSTR341094_RSA_WITH_28147_CNT_MD5", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACMD5, Versions: tls10to12}, // GOST-MD5 (testssl)
	{Code: 0xFF01, Name: "TLS_RSA_WITH_28147_CNT_GOST94", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACGOST94, Versions: tls10to12},       // GOST-GOST94 (testssl)
	{Code: 0xFF85, Name: "TLS_GOST2012_GOST8912_GOST8912", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACGOSTIMIT, Versions: tls10to12},  // OpenSSL GOST2012-GOST8912-GOST8912
	{Code: 0xFF87, Name: "TLS_GOST2012_NULL_GOST12", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherNULL, KeyBits: 0, BlockBits: 0, Mode: ModeNone, MAC: MACStreebog, Versions: tls10to12},                  // OpenSSL GOST2012-NULL-GOST12
	{Code: 0xFFE0, Name: "SSL_RSA_OLDFIPS_WITH_3DES_EDE_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3},           // Netscape, experimental
	{Code: 0xFFE1, Name: "SSL_RSA_OLDFIPS_WITH_DES_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3},                  // Netscape, experimental
	{Code: 0x010080, Name: "SSL_CK_RC4_128_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: InSSLv2},
	{Code: 0x020080, Name: "SSL_CK_RC4_128_EXPORT40_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 40, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: InSSLv2, Export: true},
	{Code: 0x030080, Name: "SSL_CK_RC2_128_CBC_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC2, KeyBits: 128, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: InSSLv2},
	{Code: 0x040080, Name: "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC2, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: InSSLv2, Export: true},
	{Code: 0x050080, Name: "SSL_CK_IDEA_128_CBC_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherIDEA, KeyBits: 128, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: InSSLv2},
	{Code: 0x060040, Name: "SSL_CK_DES_64_CBC_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: InSSLv2},
	{Code: 0x060140, Name: "SSL_CK_DES_64_CBC_WITH_SHA", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv2},
	{Code: 0x0700C0, Name: "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: InSSLv2},
	{Code: 0x0701C0, Name: "SSL_CK_DES_192_EDE3_CBC_WITH_SHA", Kx: KxSSLv2, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv2},
	{Code: 0x080080, Name: "SSL_CK_RC4_64_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 64, BlockBits: 0, Mode: ModeStream, MAC: MACMD5, Versions: InSSLv2},
}

// IsSCSV reports whether c is a signalling cipher suite value rather than a
// suite that can be negotiated.
func IsSCSV(c scanner.Code) bool {
	return c == 0x00FF || c == 0x5600
}

// suiteIndex maps a code to its position in CipherSuites. It is only ever
// used for lookups; output order always comes from the slice.
var suiteIndex = func() map[scanner.Code]int {
	m := make(map[scanner.Code]int, len(CipherSuites))
	for i, cs := range CipherSuites {
		m[cs.Code] = i
	}
	return m
}()

// SuiteByCode returns the registry entry of c.
func SuiteByCode(c scanner.Code) (CipherSuite, bool) {
	i, ok := suiteIndex[c]
	if !ok {
		return CipherSuite{}, false
	}
	return CipherSuites[i], true
}

// SuiteName returns the name of c, or its code ("0x%04X", "0x%06X" for
// three-byte codes) when the registry does not know it.
func SuiteName(c scanner.Code) string {
	if cs, ok := SuiteByCode(c); ok {
		return cs.Name
	}
	return c.String()
}
