package scanner

// IKEObservation is what an IPsec gateway's IKE responder (UDP 500, RFC
// 7296 for IKEv2, RFC 2409 for IKEv1) shows to an initiator that never
// completes an exchange: which IKE versions it answers, and which IKEv2
// transforms (encryption, PRF, integrity, key exchange) it accepts for an
// IKE SA.
//
// The IKEv2 lists are established without the responder ever computing a
// key exchange or keeping state: every request carries a KE payload for a
// group the responder cannot choose, so an acceptable offer is answered
// INVALID_KE_PAYLOAD (naming the group the responder chose) and an
// unacceptable one NO_PROPOSAL_CHOSEN (RFC 7296 §1.2, §2.7).
//
// A list the probe could not establish is unknown, not empty: its
// IKEEnumeration says why.
type IKEObservation struct {
	// V2 says whether the responder speaks IKEv2: supported when it
	// answered an IKE_SA_INIT request with an IKEv2 message (a
	// notification counts), not_supported when it answered with an IKEv1
	// INVALID-MAJOR-VERSION or ignored IKEv2 while answering IKEv1.
	V2 VersionStatus `json:"ikev2"`
	// V1 says whether the responder negotiates IKEv1 (RFC 2409):
	// supported when it answered a Main Mode proposal with Main Mode
	// message 2; not_supported when it answered a broad offer (AES, 3DES,
	// DES; SHA2, SHA, MD5; seven groups; pre-shared key and RSA
	// signatures) with NO-PROPOSAL-CHOSEN, as strongSwan does with no
	// IKEv1 connection configured (Detail says so), or stayed silent
	// while answering IKEv2.
	V1 VersionStatus `json:"ikev1"`

	// Transforms are the IKEv2 transforms accepted for an IKE SA, by type
	// in the order of IKETransformTypes; key-exchange methods are in the
	// responder's order of preference.
	Transforms []IKETransform `json:"transforms,omitempty"`
	// Enumerations says, per transform type, how complete Transforms is.
	Enumerations []IKEEnumeration `json:"enumerations,omitempty"`

	// V1Offers are the IKEv1 Main Mode offers made and their answers:
	// IKEv1Broad first, then, when the responder chose from it, IKEv1Weak
	// and IKEv1PSK. A Main Mode answer leaves state on the responder (a
	// half-open SA for tens of seconds), so the probe asks these three
	// questions only and names no other IKEv1 transform.
	V1Offers []IKEv1Offer `json:"ikev1_offers,omitempty"`

	// Notifications are the status notifications (RFC 7296 §3.10.1, type
	// 16384 and up) of the responder's answers other than the ones the
	// probe provoked (INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, COOKIE):
	// fragmentation support (RFC 7383), signature hash algorithms (RFC
	// 7427), ... each once.
	Notifications []IKENotification `json:"notifications,omitempty"`
	// VendorIDs are the Vendor ID payloads of every answer, each once, in
	// hexadecimal, with the product they are known to name.
	VendorIDs []IKEVendorID `json:"vendor_ids,omitempty"`
	// Auth is the responder's IKE_AUTH answer to an initiator asking for
	// EAP authentication (RFC 7296 §2.16), in which a responder
	// authenticates itself (IDr, CERT, AUTH) before the initiator shows
	// any credential; nil when not asked (IKEv2 not spoken, or the
	// exchange turned off). Unknown, not_tested, when no transform set
	// the responder accepts is one the probe computes.
	Auth *IKEAuth `json:"auth,omitempty"`
	// Cookie is set when the responder asked for a cookie (RFC 7296
	// §2.6): its denial-of-service protection was active (strongSwan
	// turns it on for 10 seconds once three IKE_SA_INITs from one address
	// are half-open or queued, other scanners' included).
	Cookie bool `json:"cookie,omitempty"`
	// Notes are facts that fit nowhere else ("the responder answered from
	// port 4500").
	Notes []string `json:"notes,omitempty"`
}

// IKEAuth is what the responder showed of itself in IKE_AUTH.
type IKEAuth struct {
	// Status is supported when the responder's IKE_AUTH answer was read
	// and authenticated it (IDr and AUTH, with CERT when it sent any);
	// not_supported when it answered without authenticating itself (an
	// error notification such as AUTHENTICATION_FAILED: no EAP for an
	// unknown initiator); unknown otherwise, Reason saying why.
	Status Status `json:"status"`
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Transforms are the IKE SA transforms the exchange ran with: the
	// responder's choice in its IKE_SA_INIT response.
	Transforms []IKETransform `json:"transforms,omitempty"`
	// IDType and ID are the responder's identity (IDr, RFC 7296 §3.5):
	// "FQDN", "RFC822_ADDR", "IPV4_ADDR", "IPV6_ADDR", "DER_ASN1_DN" (the
	// ID an RFC 4514 string), "KEY_ID" (hexadecimal), ...
	IDType string `json:"id_type,omitempty"`
	ID     string `json:"id,omitempty"`
	// AuthMethod is the AUTH payload's method (IANA "IKEv2
	// Authentication Method": "RSA Digital Signature", "Shared Key
	// Message Integrity Code", "Digital Signature", ...), and for a
	// Digital Signature (RFC 7427) SignatureAlgorithm names its
	// AlgorithmIdentifier ("sha256WithRSAEncryption",
	// "ecdsa-with-SHA384", "RSASSA-PSS with SHA-256", ...).
	AuthMethod         string `json:"auth_method,omitempty"`
	SignatureAlgorithm string `json:"signature_algorithm,omitempty"`
	// CertificateRequests are the CA key hashes the responder's CERTREQ
	// payloads named (SHA-1 of a SubjectPublicKeyInfo, hexadecimal): the
	// CAs it trusts for its peers.
	CertificateRequests []string `json:"certificate_requests,omitempty"`
	// Certificates is the chain the responder's CERT payloads carried
	// (X.509 Certificate - Signature), analysed as a TLS chain is, for
	// the responder's identity (or the endpoint's host); empty when it
	// sent none. Versions, SNI and the OCSP and SCT fields stay empty.
	Certificates []ChainFact `json:"certificates,omitempty"`
}

// VersionStatus is whether one protocol version is spoken, or why that is
// unknown.
type VersionStatus struct {
	Status Status `json:"status"`
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// IKE transform types (RFC 7296 §3.3.2; IANA "Transform Type Values").
const (
	IKEEncryption  = "encr"  // type 1
	IKEPRF         = "prf"   // type 2
	IKEIntegrity   = "integ" // type 3
	IKEKeyExchange = "ke"    // type 4 (Diffie-Hellman group)
)

// IKETransformTypes lists the IKEv2 transform types enumerated, in the
// order of IKEObservation.Transforms.
var IKETransformTypes = []string{IKEEncryption, IKEPRF, IKEIntegrity, IKEKeyExchange}

// IKETransform is one accepted IKEv2 transform.
type IKETransform struct {
	Type string `json:"type"` // IKEEncryption, IKEPRF, IKEIntegrity or IKEKeyExchange
	ID   uint16 `json:"id"`   // the IANA transform ID of its type
	// Name is the IANA name ("ENCR_AES_GCM_16", "PRF_HMAC_SHA2_256",
	// "AUTH_HMAC_SHA2_256_128", "256-bit random ECP group").
	Name string `json:"name"`
	// KeyBits is the Key Length attribute (RFC 7296 §3.3.5) of an
	// encryption transform that takes one; 0 otherwise.
	KeyBits int `json:"key_bits,omitempty"`
}

// IKEEnumeration is how the list of one transform type was established.
type IKEEnumeration struct {
	Type   string     `json:"type"` // a transform type
	Status EnumStatus `json:"status"`
	Reason Reason     `json:"reason,omitempty"`
	Detail string     `json:"detail,omitempty"`
	// Candidates is how many transforms were offered in all.
	Candidates int `json:"candidates"`
}

// IKEv1 Main Mode offers.
const (
	// IKEv1Broad offers every candidate: AES-CBC 256 and 128, 3DES, DES;
	// SHA2-512, SHA2-256, SHA, MD5; groups 20, 19, 15, 14, 5, 2, 1;
	// pre-shared key and RSA signatures, in every combination, strongest
	// first. The offer goes in requests of at most 36 transforms (none
	// IP-fragmented), one after the other, until one is accepted: Chosen
	// is the responder's choice among that request's transforms.
	IKEv1Broad = "broad"
	// IKEv1Weak offers the candidates that hold a weak value (the broad
	// ones, and AES-CBC with SHA-2 over groups 3, 4 and 22 to 26), one class of
	// IKEv1WeakClasses after the other, each in requests of at most 36
	// transforms, until one is accepted. Refused lists the classes every
	// request of which was answered NO-PROPOSAL-CHOSEN: the responder
	// accepts no transform holding their values with any candidate of the
	// other attributes.
	IKEv1Weak = "weak"
	// IKEv1PSK offers, the same way, the broad candidates authenticated
	// by a pre-shared key; asked only when the broad choice was not.
	IKEv1PSK = "psk"
)

// IKEv1 weak value classes, in the order the weak offer asks them, the
// worst first. A transform is in the first class whose values it holds.
const (
	IKEv1DESMD5    = "des_md5"    // DES-CBC encryption or MD5 hash
	IKEv1TripleDES = "3des"       // 3DES-CBC encryption
	IKEv1WeakGroup = "weak_group" // groups 1 to 5 (3 and 4 are EC2N), 22, 23, 25, 26
	IKEv1SHA1      = "sha1"       // SHA (SHA-1) hash
	IKEv1MODP2048  = "modp2048"   // groups 14 and 24 (2048-bit MODP)
)

// IKEv1WeakClasses lists the weak value classes in the weak offer's order.
var IKEv1WeakClasses = []string{IKEv1DESMD5, IKEv1TripleDES, IKEv1WeakGroup, IKEv1SHA1, IKEv1MODP2048}

// IKEv1ClassOf is the weak value class of an IKEv1 transform's
// encryption, hash and group (RFC 2409 Appendix A values), or "" for
// none.
func IKEv1ClassOf(enc, hash, group uint16) string {
	switch {
	case enc == 1 || hash == 1:
		return IKEv1DESMD5
	case enc == 5:
		return IKEv1TripleDES
	case group >= 1 && group <= 5 || group == 22 || group == 23 || group == 25 || group == 26:
		return IKEv1WeakGroup
	case hash == 2:
		return IKEv1SHA1
	case group == 14 || group == 24:
		return IKEv1MODP2048
	}
	return ""
}

// IKEv1Offer is one Main Mode offer and the responder's answer.
type IKEv1Offer struct {
	Kind       string `json:"kind"`       // IKEv1Broad, IKEv1Weak or IKEv1PSK
	Transforms int    `json:"transforms"` // how many transforms the offer held
	// Status is supported when the responder chose a transform (Chosen),
	// not_supported when it answered NO-PROPOSAL-CHOSEN, unknown
	// otherwise (Reason says why).
	Status Status          `json:"status"`
	Reason Reason          `json:"reason,omitempty"`
	Detail string          `json:"detail,omitempty"`
	Chosen *IKEv1Transform `json:"chosen,omitempty"`
	// Refused, for the weak offer, lists the weak value classes whose
	// every request was refused, in IKEv1WeakClasses order.
	Refused []string `json:"refused,omitempty"`
}

// IKEv1Transform is one IKEv1 Phase 1 transform the responder accepted
// (RFC 2409 Appendix A attribute values).
type IKEv1Transform struct {
	// Mode is "main" (identity protection) or "aggressive".
	Mode string `json:"mode"`
	// Encryption, Hash, Auth and Group are the IANA names ("Internet Key
	// Exchange (IKE) Attributes"), unknown values as 0x%04X.
	Encryption string `json:"encryption"` // "AES-CBC", "3DES-CBC", "DES-CBC", ...
	KeyBits    int    `json:"key_bits,omitempty"`
	Hash       string `json:"hash"`  // "SHA2-256", "SHA", "MD5", ...
	Auth       string `json:"auth"`  // "pre-shared key", "RSA signatures", ...
	Group      string `json:"group"` // "2048-bit MODP group", "alternate 1024-bit MODP group", ...
	// The attribute values themselves (Encryption Algorithm, Hash
	// Algorithm, Authentication Method, Group Description).
	EncryptionID uint16 `json:"encryption_id"`
	HashID       uint16 `json:"hash_id"`
	AuthID       uint16 `json:"auth_id"`
	GroupID      uint16 `json:"group_id"`
}

// IKENotification is a status notification seen in an answer.
type IKENotification struct {
	Type uint16 `json:"type"`
	Name string `json:"name,omitempty"`
	// Data is the notification data in hexadecimal, when short (at most
	// 64 bytes); for SIGNATURE_HASH_ALGORITHMS, Values lists the hash
	// algorithm names instead.
	Data   string   `json:"data,omitempty"`
	Values []string `json:"values,omitempty"`
}

// IKEVendorID is one Vendor ID payload.
type IKEVendorID struct {
	Hex  string `json:"hex"`
	Name string `json:"name,omitempty"`
}
