package ikeprobe

import (
	"crypto"
	"fmt"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// The IANA registries the probe offers from and names answers with: IANA
// "Internet Key Exchange Version 2 (IKEv2) Parameters" (RFC 7296, Section
// 3.3.2; RFC 8247; RFC 9370 renamed the Diffie-Hellman groups "Key
// Exchange Methods") and "Internet Key Exchange (IKE) Attributes" for
// IKEv1 (RFC 2409, Appendix A). Names are IANA's, verbatim.

// Transform types (IANA "Transform Type Values").
const (
	transformENCR  uint8 = 1
	transformPRF   uint8 = 2
	transformINTEG uint8 = 3
	transformKE    uint8 = 4
)

// transformType is a transform type with its name in scanner.IKETransform.
var transformTypes = []struct {
	id   uint8
	name string
}{
	{transformENCR, scanner.IKEEncryption},
	{transformPRF, scanner.IKEPRF},
	{transformINTEG, scanner.IKEIntegrity},
	{transformKE, scanner.IKEKeyExchange},
}

// encrAlgorithm is one "Transform Type 1 - Encryption Algorithm Transform
// IDs" entry. keyBits lists the Key Length attribute values (RFC 7296,
// Section 3.3.5) the probe offers, each as its own candidate; nil for an
// algorithm whose key length is fixed, which takes no Key Length
// attribute. aead marks the combined-mode algorithms, offered in a
// proposal without integrity algorithm (RFC 7296, Section 3.3). probe
// marks the ones offered at all: the others are only named.
type encrAlgorithm struct {
	id      uint16
	name    string
	keyBits []int
	aead    bool
	probe   bool
}

var aesKeys = []int{128, 192, 256}

var encrAlgorithms = []encrAlgorithm{
	{1, "ENCR_DES_IV64", nil, false, true},
	{2, "ENCR_DES", nil, false, true},
	{3, "ENCR_3DES", nil, false, true},
	{4, "ENCR_RC5", nil, false, false},
	{5, "ENCR_IDEA", nil, false, false},
	{6, "ENCR_CAST", nil, false, false},
	{7, "ENCR_BLOWFISH", nil, false, true},
	{8, "ENCR_3IDEA", nil, false, false},
	{9, "ENCR_DES_IV32", nil, false, false},
	{11, "ENCR_NULL", nil, false, true},
	{12, "ENCR_AES_CBC", aesKeys, false, true},
	{13, "ENCR_AES_CTR", aesKeys, false, true},
	{14, "ENCR_AES_CCM_8", aesKeys, true, true},
	{15, "ENCR_AES_CCM_12", aesKeys, true, true},
	{16, "ENCR_AES_CCM_16", aesKeys, true, true},
	{18, "ENCR_AES_GCM_8", aesKeys, true, true},
	{19, "ENCR_AES_GCM_12", aesKeys, true, true},
	{20, "ENCR_AES_GCM_16", aesKeys, true, true},
	{21, "ENCR_NULL_AUTH_AES_GMAC", aesKeys, true, true},
	{23, "ENCR_CAMELLIA_CBC", aesKeys, false, true},
	{24, "ENCR_CAMELLIA_CTR", aesKeys, false, true},
	{25, "ENCR_CAMELLIA_CCM_8", aesKeys, true, true},
	{26, "ENCR_CAMELLIA_CCM_12", aesKeys, true, true},
	{27, "ENCR_CAMELLIA_CCM_16", aesKeys, true, true},
	{28, "ENCR_CHACHA20_POLY1305", nil, true, true},
	{29, "ENCR_AES_CCM_8_IIV", aesKeys, true, false},
	{30, "ENCR_AES_GCM_16_IIV", aesKeys, true, false},
	{31, "ENCR_CHACHA20_POLY1305_IIV", nil, true, false},
	{32, "ENCR_KUZNYECHIK_MGM_KTREE", nil, true, true},
	{33, "ENCR_MAGMA_MGM_KTREE", nil, true, true},
	{34, "ENCR_KUZNYECHIK_MGM_MAC_KTREE", nil, true, true},
	{35, "ENCR_MAGMA_MGM_MAC_KTREE", nil, true, true},
}

// prfAlgorithms is "Transform Type 2 - Pseudorandom Function Transform IDs".
var prfAlgorithms = []code{
	{1, "PRF_HMAC_MD5"},
	{2, "PRF_HMAC_SHA1"},
	{3, "PRF_HMAC_TIGER"},
	{4, "PRF_AES128_XCBC"},
	{5, "PRF_HMAC_SHA2_256"},
	{6, "PRF_HMAC_SHA2_384"},
	{7, "PRF_HMAC_SHA2_512"},
	{8, "PRF_AES128_CMAC"},
	{9, "PRF_HMAC_STREEBOG_512"},
}

// integAlgorithms is "Transform Type 3 - Integrity Algorithm Transform
// IDs" (NONE aside). The GMAC ones are for AH and ESP only (RFC 4543), not
// offered for an IKE SA.
var integAlgorithms = []offered{
	{1, "AUTH_HMAC_MD5_96", true},
	{2, "AUTH_HMAC_SHA1_96", true},
	{3, "AUTH_DES_MAC", true},
	{4, "AUTH_KPDK_MD5", true},
	{5, "AUTH_AES_XCBC_96", true},
	{6, "AUTH_HMAC_MD5_128", true},
	{7, "AUTH_HMAC_SHA1_160", true},
	{8, "AUTH_AES_CMAC_96", true},
	{9, "AUTH_AES_128_GMAC", false},
	{10, "AUTH_AES_192_GMAC", false},
	{11, "AUTH_AES_256_GMAC", false},
	{12, "AUTH_HMAC_SHA2_256_128", true},
	{13, "AUTH_HMAC_SHA2_384_192", true},
	{14, "AUTH_HMAC_SHA2_512_256", true},
}

// keMethods is "Transform Type 4 - Key Exchange Method Transform IDs"
// (formerly Diffie-Hellman Group Transform IDs; NONE aside). The hybrid
// methods (1035 and up) and the ML-KEM ones are for RFC 9370 additional
// key exchanges; the probe offers the ML-KEM ones as the main method too,
// which a responder may accept (draft-ietf-ipsecme-ikev2-mlkem).
var keMethods = []offered{
	{1, "768-bit MODP Group", true},
	{2, "1024-bit MODP Group", true},
	{5, "1536-bit MODP Group", true},
	{14, "2048-bit MODP Group", true},
	{15, "3072-bit MODP Group", true},
	{16, "4096-bit MODP Group", true},
	{17, "6144-bit MODP Group", true},
	{18, "8192-bit MODP Group", true},
	{19, "256-bit random ECP group", true},
	{20, "384-bit random ECP group", true},
	{21, "521-bit random ECP group", true},
	{22, "1024-bit MODP Group with 160-bit Prime Order Subgroup", true},
	{23, "2048-bit MODP Group with 224-bit Prime Order Subgroup", true},
	{24, "2048-bit MODP Group with 256-bit Prime Order Subgroup", true},
	{25, "192-bit Random ECP Group", true},
	{26, "224-bit Random ECP Group", true},
	{27, "brainpoolP224r1", true},
	{28, "brainpoolP256r1", true},
	{29, "brainpoolP384r1", true},
	{30, "brainpoolP512r1", true},
	{31, "Curve25519", true},
	{32, "Curve448", true},
	{33, "GOST3410_2012_256", true},
	{34, "GOST3410_2012_512", true},
	{35, "ml-kem-512", true},
	{36, "ml-kem-768", true},
	{37, "ml-kem-1024", true},
}

// unchoosableGroup is the Key Exchange Method of every request's KE
// payload: 65535 is in the range IANA reserves for private use
// (1024-65535), which no responder implements unless it agreed on a
// private algorithm with a peer it recognised (strongSwan only between
// two strongSwans, by Vendor ID), so no responder can select a proposal
// holding it. RFC 7296, Section 3.4 requires the KE payload's group to
// be in a proposal of the SA payload: every request ends with a proposal
// for this group alone.
const unchoosableGroup uint16 = 65535

// reservedGroup is the KE payload's group when a responder answered
// INVALID_SYNTAX to unchoosableGroup's: Libreswan (4.10) decodes the
// payload's group with its table of the groups 0 to 32 that IKEv1 and
// IKEv2 registered, and rejects any other value as malformed before it
// looks at the proposals ("DH group of IKEv2 Key Exchange Payload has
// an unknown value: 65535"; RFC 7296, Section 3.10.1: INVALID_SYNTAX is
// for a value out of range). 3 was IKEv1's EC2N group on GP[2^155] (RFC
// 2409, Section 6.3) and is Reserved in IKEv2's registry (RFC 7296,
// Section 3.3.2), so an IKEv2 responder cannot select it either: the
// probe never offers it but in the last proposal.
const reservedGroup uint16 = 3

// notifyTypes are "IKEv2 Notify Message Error Types" and "IKEv2 Notify
// Message Status Types".
var notifyTypes = []code{
	{1, "UNSUPPORTED_CRITICAL_PAYLOAD"},
	{4, "INVALID_IKE_SPI"},
	{5, "INVALID_MAJOR_VERSION"},
	{7, "INVALID_SYNTAX"},
	{9, "INVALID_MESSAGE_ID"},
	{11, "INVALID_SPI"},
	{14, "NO_PROPOSAL_CHOSEN"},
	{17, "INVALID_KE_PAYLOAD"},
	{24, "AUTHENTICATION_FAILED"},
	{34, "SINGLE_PAIR_REQUIRED"},
	{35, "NO_ADDITIONAL_SAS"},
	{36, "INTERNAL_ADDRESS_FAILURE"},
	{37, "FAILED_CP_REQUIRED"},
	{38, "TS_UNACCEPTABLE"},
	{39, "INVALID_SELECTORS"},
	{40, "UNACCEPTABLE_ADDRESSES"},
	{41, "UNEXPECTED_NAT_DETECTED"},
	{42, "USE_ASSIGNED_HoA"},
	{43, "TEMPORARY_FAILURE"},
	{44, "CHILD_SA_NOT_FOUND"},
	{45, "INVALID_GROUP_ID"},
	{46, "AUTHORIZATION_FAILED"},
	{47, "STATE_NOT_FOUND"},
	{48, "TS_MAX_QUEUE"},
	{49, "REGISTRATION_FAILED"},
	{16384, "INITIAL_CONTACT"},
	{16385, "SET_WINDOW_SIZE"},
	{16386, "ADDITIONAL_TS_POSSIBLE"},
	{16387, "IPCOMP_SUPPORTED"},
	{16388, "NAT_DETECTION_SOURCE_IP"},
	{16389, "NAT_DETECTION_DESTINATION_IP"},
	{16390, "COOKIE"},
	{16391, "USE_TRANSPORT_MODE"},
	{16392, "HTTP_CERT_LOOKUP_SUPPORTED"},
	{16393, "REKEY_SA"},
	{16394, "ESP_TFC_PADDING_NOT_SUPPORTED"},
	{16395, "NON_FIRST_FRAGMENTS_ALSO"},
	{16396, "MOBIKE_SUPPORTED"},
	{16397, "ADDITIONAL_IP4_ADDRESS"},
	{16398, "ADDITIONAL_IP6_ADDRESS"},
	{16399, "NO_ADDITIONAL_ADDRESSES"},
	{16400, "UPDATE_SA_ADDRESSES"},
	{16401, "COOKIE2"},
	{16402, "NO_NATS_ALLOWED"},
	{16403, "AUTH_LIFETIME"},
	{16404, "MULTIPLE_AUTH_SUPPORTED"},
	{16405, "ANOTHER_AUTH_FOLLOWS"},
	{16406, "REDIRECT_SUPPORTED"},
	{16407, "REDIRECT"},
	{16408, "REDIRECTED_FROM"},
	{16409, "TICKET_LT_OPAQUE"},
	{16410, "TICKET_REQUEST"},
	{16411, "TICKET_ACK"},
	{16412, "TICKET_NACK"},
	{16413, "TICKET_OPAQUE"},
	{16414, "LINK_ID"},
	{16415, "USE_WESP_MODE"},
	{16416, "ROHC_SUPPORTED"},
	{16417, "EAP_ONLY_AUTHENTICATION"},
	{16418, "CHILDLESS_IKEV2_SUPPORTED"},
	{16419, "QUICK_CRASH_DETECTION"},
	{16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED"},
	{16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED"},
	{16422, "IKEV2_MESSAGE_ID_SYNC"},
	{16423, "IPSEC_REPLAY_COUNTER_SYNC"},
	{16424, "SECURE_PASSWORD_METHODS"},
	{16425, "PSK_PERSIST"},
	{16426, "PSK_CONFIRM"},
	{16427, "ERX_SUPPORTED"},
	{16428, "IFOM_CAPABILITY"},
	{16429, "SENDER_REQUEST_ID"},
	{16430, "IKEV2_FRAGMENTATION_SUPPORTED"},
	{16431, "SIGNATURE_HASH_ALGORITHMS"},
	{16432, "CLONE_IKE_SA_SUPPORTED"},
	{16433, "CLONE_IKE_SA"},
	{16434, "PUZZLE"},
	{16435, "USE_PPK"},
	{16436, "PPK_IDENTITY"},
	{16437, "NO_PPK_AUTH"},
	{16438, "INTERMEDIATE_EXCHANGE_SUPPORTED"},
	{16439, "IP4_ALLOWED"},
	{16440, "IP6_ALLOWED"},
	{16441, "ADDITIONAL_KEY_EXCHANGE"},
	{16442, "USE_AGGFRAG"},
	{16443, "SUPPORTED_AUTH_METHODS"},
	{16444, "SA_RESOURCE_INFO"},
}

// Notify message types the probe acts on (RFC 7296, Section 3.10.1).
const (
	notifyInvalidMajorVersion      uint16 = 5
	notifyInvalidSyntax            uint16 = 7
	notifyNoProposalChosen         uint16 = 14
	notifyInvalidKEPayload         uint16 = 17
	notifyCookie                   uint16 = 16390
	notifySignatureHashAlgorithms  uint16 = 16431
	notifyErrorLimit               uint16 = 16384 // types below are errors
	notifyIKEv1NoProposalChosen    uint16 = 14    // RFC 2408, Section 3.14.1: NO-PROPOSAL-CHOSEN
	notifyIKEv1InvalidMajorVersion uint16 = 5     // INVALID-MAJOR-VERSION
)

// hashAlgorithms is "IKEv2 Hash Algorithms" (RFC 7427), the values of a
// SIGNATURE_HASH_ALGORITHMS notification.
var hashAlgorithms = []code{
	{1, "SHA1"},
	{2, "SHA2-256"},
	{3, "SHA2-384"},
	{4, "SHA2-512"},
	{5, "Identity"},
	{6, "STREEBOG_256"},
	{7, "STREEBOG_512"},
}

// IKEv1 Phase 1 attribute classes and values (IANA "Internet Key Exchange
// (IKE) Attributes"; RFC 2409, Appendix A).
const (
	v1AttrEncryption   uint16 = 1
	v1AttrHash         uint16 = 2
	v1AttrAuth         uint16 = 3
	v1AttrGroup        uint16 = 4
	v1AttrLifeType     uint16 = 11
	v1AttrLifeDuration uint16 = 12
	v1AttrKeyLength    uint16 = 14
)

var v1Encryption = []code{
	{1, "DES-CBC"},
	{2, "IDEA-CBC"},
	{3, "Blowfish-CBC"},
	{4, "RC5-R16-B64-CBC"},
	{5, "3DES-CBC"},
	{6, "CAST-CBC"},
	{7, "AES-CBC"},
	{8, "CAMELLIA-CBC"},
}

var v1Hash = []code{
	{1, "MD5"},
	{2, "SHA"},
	{3, "Tiger"},
	{4, "SHA2-256"},
	{5, "SHA2-384"},
	{6, "SHA2-512"},
}

var v1Auth = []code{
	{1, "pre-shared key"},
	{2, "DSS signatures"},
	{3, "RSA signatures"},
	{4, "Encryption with RSA"},
	{5, "Revised encryption with RSA"},
	{9, "ECDSA with SHA-256 on the P-256 curve"},
	{10, "ECDSA with SHA-384 on the P-384 curve"},
	{11, "ECDSA with SHA-512 on the P-521 curve"},
}

var v1Groups = []code{
	{1, "default 768-bit MODP group"},
	{2, "alternate 1024-bit MODP group"},
	{3, "EC2N group on GP[2^155]"},
	{4, "EC2N group on GP[2^185]"},
	{5, "1536-bit MODP group"},
	{14, "2048-bit MODP group"},
	{15, "3072-bit MODP group"},
	{16, "4096-bit MODP group"},
	{17, "6144-bit MODP group"},
	{18, "8192-bit MODP group"},
	{19, "256-bit random ECP group"},
	{20, "384-bit random ECP group"},
	{21, "521-bit random ECP group"},
	{22, "1024-bit MODP Group with 160-bit Prime Order Subgroup"},
	{23, "2048-bit MODP Group with 224-bit Prime Order Subgroup"},
	{24, "2048-bit MODP Group with 256-bit Prime Order Subgroup"},
	{25, "192-bit Random ECP Group"},
	{26, "224-bit Random ECP Group"},
	{27, "brainpoolP224r1"},
	{28, "brainpoolP256r1"},
	{29, "brainpoolP384r1"},
	{30, "brainpoolP512r1"},
}

// vendorIDs are Vendor ID payloads whose product is known, matched as
// prefixes (products append versions and flags), longest first. Values
// from the RFCs where they define one (RFC 3947, Section 4: MD5 of "RFC
// 3947"; RFC 3706, Section 3: DPD) and otherwise from ike-scan's
// ike-vendor-ids file (Debian ike-scan 1.9.5), which documents each.
var vendorIDs = []struct {
	prefix string
	name   string
}{
	{"4a131c81070358455c5728f20e95452f", "RFC 3947 NAT-T"},
	{"afcad71368a1f1c96b8696fc77570100", "Dead Peer Detection v1.0 (RFC 3706)"},
	{"09002689dfd6b712", "XAUTH"},
	{"4048b7d56ebce88525e7de7f00d6c2d3", "IKE Fragmentation"},
	{"12f5f28c457168a9702d9fe274cc0100", "Cisco Unity"},
	{"882fe56d6fd20dbc2251613b2ebe5beb", "strongSwan"},
	{"1e2b516905991c7d7c96fcbfb587e461", "MS NT5 ISAKMPOAKLEY (Windows)"},
	{"e3a5966a76379fe707228231e5ce8652", "IKE CGA version 1"},
}

// code is a registry entry: a number and its IANA name.
type code struct {
	id   uint16
	name string
}

// offered is a registry entry the probe may offer (probe set) or only
// name.
type offered struct {
	id    uint16
	name  string
	probe bool
}

// codeName is the IANA name of id in table, or 0x%04X for an unknown one.
func codeName(table []code, id uint16) string {
	for _, e := range table {
		if e.id == id {
			return e.name
		}
	}
	return fmt.Sprintf("0x%04X", id)
}

func offeredName(table []offered, id uint16) string {
	for _, e := range table {
		if e.id == id {
			return e.name
		}
	}
	return fmt.Sprintf("0x%04X", id)
}

// transformName is the IANA name of transform id of type typ.
func transformName(typ uint8, id uint16) string {
	switch typ {
	case transformENCR:
		for _, e := range encrAlgorithms {
			if e.id == id {
				return e.name
			}
		}
	case transformPRF:
		return codeName(prfAlgorithms, id)
	case transformINTEG:
		return offeredName(integAlgorithms, id)
	case transformKE:
		return offeredName(keMethods, id)
	}
	return fmt.Sprintf("0x%04X", id)
}

// encrInfo is the registry entry of encryption algorithm id.
func encrInfo(id uint16) (encrAlgorithm, bool) {
	for _, e := range encrAlgorithms {
		if e.id == id {
			return e, true
		}
	}
	return encrAlgorithm{id: id, name: fmt.Sprintf("0x%04X", id)}, false
}

// vendorName names a Vendor ID payload (hexadecimal), or "".
func vendorName(hexID string) string {
	for _, v := range vendorIDs {
		if len(hexID) >= len(v.prefix) && hexID[:len(v.prefix)] == v.prefix {
			return v.name
		}
	}
	return ""
}

// idTypes are "IKEv2 Identification Payload ID Types" (RFC 7296, Section
// 3.5; RFC 7619 for ID_NULL), named as scanner.IKEAuth.IDType has them:
// without the ID_ prefix.
var idTypes = []code{
	{1, "IPV4_ADDR"},
	{2, "FQDN"},
	{3, "RFC822_ADDR"},
	{5, "IPV6_ADDR"},
	{9, "DER_ASN1_DN"},
	{10, "DER_ASN1_GN"},
	{11, "KEY_ID"},
	{12, "FC_NAME"},
	{13, "NULL"},
}

// Identification types the probe sends or reads.
const (
	idIPv4   uint8 = 1
	idFQDN   uint8 = 2
	idRFC822 uint8 = 3
	idIPv6   uint8 = 5
	idDN     uint8 = 9
)

// certEncodings are "IKEv2 Certificate Encodings" (RFC 7296, Section 3.6;
// RFC 4806; RFC 7670).
var certEncodings = []code{
	{1, "PKCS #7 wrapped X.509 certificate"},
	{2, "PGP Certificate"},
	{3, "DNS Signed Key"},
	{4, "X.509 Certificate - Signature"},
	{6, "Kerberos Token"},
	{7, "Certificate Revocation List (CRL)"},
	{8, "Authority Revocation List (ARL)"},
	{9, "SPKI Certificate"},
	{10, "X.509 Certificate - Attribute"},
	{11, "Raw RSA Key"},
	{12, "Hash and URL of X.509 certificate"},
	{13, "Hash and URL of X.509 bundle"},
	{14, "OCSP Content"},
	{15, "Raw Public Key"},
}

const certX509Signature uint8 = 4

// authMethods are "IKEv2 Authentication Method" (RFC 7296, Section 3.8;
// RFC 4754; RFC 5998; RFC 7427; RFC 7619).
var authMethods = []code{
	{1, "RSA Digital Signature"},
	{2, "Shared Key Message Integrity Code"},
	{3, "DSS Digital Signature"},
	{9, "ECDSA with SHA-256 on the P-256 curve"},
	{10, "ECDSA with SHA-384 on the P-384 curve"},
	{11, "ECDSA with SHA-512 on the P-521 curve"},
	{12, "Generic Secure Password Authentication Method"},
	{13, "NULL Authentication"},
	{14, "Digital Signature"},
}

const authDigitalSignature uint8 = 14

// eapTypes are IANA "Method Types" of EAP (RFC 3748, Section 5), the
// ones a VPN gateway asks for.
var eapTypes = []code{
	{1, "Identity"},
	{4, "MD5-Challenge"},
	{5, "One-Time Password"},
	{6, "Generic Token Card"},
	{13, "EAP-TLS"},
	{17, "LEAP"},
	{18, "EAP-SIM"},
	{21, "EAP-TTLS"},
	{23, "EAP-AKA"},
	{25, "PEAP"},
	{26, "EAP-MSCHAP-V2"},
	{43, "EAP-FAST"},
	{47, "EAP-PSK"},
	{48, "EAP-SAKE"},
	{49, "EAP-IKEv2"},
	{50, "EAP-AKA'"},
	{51, "EAP-GPSK"},
	{52, "EAP-pwd"},
	{53, "EAP-EKE"},
	{55, "TEAP"},
	{254, "Expanded Type"},
}

// signatureAlgorithms are the AlgorithmIdentifiers of RFC 7427's Digital
// Signature method (RFC 7427, Appendix A; RFC 8420 for Ed25519 and
// Ed448), by OID, named as OpenSSL and RFC 4055 name them; an
// RSASSA-PSS one is named with its hash ("RSASSA-PSS with SHA-256").
// kind and hash say how the probe verifies a signature under it; kind ""
// for the ones it does not verify.
var signatureAlgorithms = []struct {
	oid  string
	name string
	kind string
	hash crypto.Hash
}{
	{"1.2.840.113549.1.1.5", "sha1WithRSAEncryption", "rsa", crypto.SHA1},
	{"1.2.840.113549.1.1.11", "sha256WithRSAEncryption", "rsa", crypto.SHA256},
	{"1.2.840.113549.1.1.12", "sha384WithRSAEncryption", "rsa", crypto.SHA384},
	{"1.2.840.113549.1.1.13", "sha512WithRSAEncryption", "rsa", crypto.SHA512},
	{"1.2.840.113549.1.1.10", "RSASSA-PSS", "pss", crypto.SHA1}, // the hash from its parameters, SHA-1 by default
	{"1.2.840.10045.4.1", "ecdsa-with-SHA1", "ecdsa", crypto.SHA1},
	{"1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "ecdsa", crypto.SHA256},
	{"1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "ecdsa", crypto.SHA384},
	{"1.2.840.10045.4.3.4", "ecdsa-with-SHA512", "ecdsa", crypto.SHA512},
	{"1.3.101.112", "Ed25519", "ed25519", 0},
	{"1.3.101.113", "Ed448", "", 0},
	{"1.2.840.10040.4.3", "dsa-with-sha1", "", 0},
	{"2.16.840.1.101.3.4.3.2", "dsa-with-sha256", "", 0},
}
