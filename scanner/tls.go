package scanner

import (
	"time"

	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// TLSObservation is what the TLS probes established about one endpoint.
// Lists are sorted in a stable order (by version, then by server preference
// when the server enforces one, else by code), so two scans of the same
// configuration produce the same observation whatever the probe order.
type TLSObservation struct {
	// Versions has one entry per version of Versions, oldest first.
	Versions []VersionFact `json:"versions"`
	// CipherSuites are the accepted suites, per version.
	CipherSuites []SuiteFact `json:"cipher_suites"`
	// Enumerations says, per version and list, how far the lists above and
	// Groups are known: complete, partial (some probes failed) or not tested.
	Enumerations []Enumeration `json:"enumerations"`
	// ServerOrder says, per supported version, whether the server imposes
	// its own cipher suite order.
	ServerOrder []OrderFact `json:"server_order"`
	// Groups are the accepted key-exchange groups, per version (TLS 1.3 from
	// HelloRetryRequest, TLS 1.2 and older from ServerKeyExchange).
	Groups []GroupFact `json:"groups"`
	// DHParams are the finite-field Diffie-Hellman parameters seen in
	// ServerKeyExchange, once per distinct prime and kind of offer.
	DHParams []DHParam `json:"dh_params,omitempty"`
	// ServerHelloExtensions lists, per version, the extension types the
	// server sent in its hellos.
	ServerHelloExtensions []ExtensionFact `json:"server_hello_extensions,omitempty"`
	// Certificates are the distinct certificate chains the server served,
	// each analysed against the run's trust anchors. The certificates
	// themselves are described in Result.Certificates.
	Certificates []ChainFact `json:"certificates"`
	// SignatureSchemes are the schemes the server signed its key exchange
	// with (TLS 1.2 ServerKeyExchange, TLS 1.3 CertificateVerify), per
	// version and key type of the certificate that signed. How far the
	// list is known is the signature_schemes entry of Enumerations.
	SignatureSchemes []SignatureSchemeFact `json:"signature_schemes,omitempty"`
	// Extensions are the extensions and behaviours past the cipher suite:
	// one fact each, every one with a status (unknown with a reason).
	Extensions *Extensions `json:"extensions,omitempty"`
	// Notes are observations about the server's behaviour worth a line
	// (a higher version answered than offered, hellos that had to be split).
	Notes []string `json:"notes,omitempty"`
}

// VersionFact says whether one protocol version is supported.
type VersionFact struct {
	Version Version `json:"version"`
	Status  Status  `json:"status"`
	// Reason: for unknown, why; for not_supported, how the server refused
	// (alert_70, lower_version, ...).
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// SuiteFact is one accepted cipher suite.
type SuiteFact struct {
	Version Version `json:"version"`
	Code    Code    `json:"code"`
	Name    string  `json:"name"`
	// EncryptThenMAC is set for the CBC suites of TLS 1.0 to 1.2: supported
	// when the server echoed encrypt_then_mac (RFC 7366), which every
	// hello offers, each time it chose this suite, not_supported
	// otherwise. Empty for other suites.
	EncryptThenMAC Status `json:"encrypt_then_mac,omitempty"`
}

// EnumKind names a list that is enumerated per version.
type EnumKind string

const (
	EnumCipherSuites     EnumKind = "cipher_suites"
	EnumGroups           EnumKind = "groups"
	EnumSignatureSchemes EnumKind = "signature_schemes"
)

// EnumStatus says how complete an enumerated list is.
type EnumStatus string

const (
	EnumComplete  EnumStatus = "complete"   // every candidate was decided
	EnumPartial   EnumStatus = "partial"    // some candidates stay undecided: see Reason
	EnumNotTested EnumStatus = "not_tested" // the version is not supported, or the plan did not ask
)

// EnumScope says which candidates a list was enumerated against.
type EnumScope string

const (
	ScopeAll          EnumScope = "all"          // every code point cryptoscan knows (inventory depth)
	ScopeNonCompliant EnumScope = "noncompliant" // only what ANSSI does not recommend (compliance depth), plus one accepted item
)

// Enumeration is how one list of one version was established.
type Enumeration struct {
	Version Version    `json:"version"`
	Kind    EnumKind   `json:"kind"`
	Scope   EnumScope  `json:"scope"`
	Status  EnumStatus `json:"status"`
	Reason  Reason     `json:"reason,omitempty"`
	Detail  string     `json:"detail,omitempty"`
	// Candidates is how many code points were offered in all.
	Candidates int `json:"candidates"`
}

// OrderFact is the cipher suite preference of one version.
type OrderFact struct {
	Version Version `json:"version"`
	// Enforced is true when the server imposes its order; false when it
	// follows the client's; absent when unknown (one suite, or probes failed).
	Enforced *bool  `json:"enforced,omitempty"`
	Reason   Reason `json:"reason,omitempty"`
	// Order is the server's preference, most preferred first, when enforced.
	Order []Code `json:"order,omitempty"`
	// Mixed is set when the server imposes an order but its choice still
	// depends on the client's (ChaCha20 prioritised for clients that lead
	// with it, equal-preference groups, crypto/tls's AES-or-ChaCha rule):
	// Order is then absent, since no single order holds, and Detail says
	// which hello got another answer.
	Mixed  bool   `json:"mixed,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// GroupFact is one accepted key-exchange group.
type GroupFact struct {
	Version Version `json:"version"`
	Code    Code    `json:"code"`
	Name    string  `json:"name"`
	// Preferred marks the group the server chose when offered all of them.
	Preferred bool `json:"preferred,omitempty"`
}

// DHParam describes finite-field Diffie-Hellman parameters a server sent.
type DHParam struct {
	Version Version `json:"version"`
	Suite   Code    `json:"suite"`
	// OfferedFFDHE says whether the client hello named RFC 7919 groups.
	OfferedFFDHE bool `json:"offered_ffdhe"`
	Bits         int  `json:"bits"`
	Generator    int  `json:"generator"`
	// Known names the standard group of this prime (ffdhe2048,
	// "RFC 3526 group 14", ...); empty for a custom prime.
	Known       string `json:"known,omitempty"`
	PrimeSHA256 string `json:"prime_sha256"`
}

// ExtensionFact is an extension type a server sent in a hello of a version.
type ExtensionFact struct {
	Version Version `json:"version"`
	Code    Code    `json:"code"`
	Name    string  `json:"name"`
}

// ChainFact is one distinct certificate chain a server served, where it
// was seen, and its analysis (path, anchor, one defect per problem).
// TLS 1.2 and TLS 1.3 chains that are the same certificates are one fact.
type ChainFact struct {
	// Versions are the protocol versions it was served under; SNI whether
	// hellos naming the server (server_name) got it, WithoutSNI whether
	// hellos without server_name did (both when both did). An endpoint
	// scanned without a name has WithoutSNI chains only. Every chain is
	// analysed against the name the scan asked for (ServerName), the IP
	// address when there is none.
	Versions   []Version `json:"versions"`
	SNI        bool      `json:"sni"`
	WithoutSNI bool      `json:"without_sni,omitempty"`
	// Chain is the served certificates, leaf first, each summarised; the
	// full description is in the certificate of the same SHA-256.
	Chain []CertRef `json:"chain"`
	pki.ChainReport
	// OCSP is the stapled response served with the chain, checked against
	// it; OCSPError says why a stapled response could not be read.
	OCSP      *pki.OCSPResponse `json:"ocsp,omitempty"`
	OCSPError string            `json:"ocsp_error,omitempty"`
	// SCTs are the signed certificate timestamps delivered in the TLS
	// extension with the chain (TLS 1.2 ServerHello, TLS 1.3 leaf
	// CertificateEntry), source tls_extension; SCTError says why a list
	// could not be read. Those embedded in the certificate are in its
	// description, those of the OCSP response in OCSP.
	SCTs     []pki.SCT `json:"scts,omitempty"`
	SCTError string    `json:"sct_error,omitempty"`
}

// CertRef summarises one certificate of a chain (DESIGN.md, output
// contract); SHA256 refers to its full description.
type CertRef struct {
	SHA256             string      `json:"sha256"`
	Subject            string      `json:"subject"`
	Issuer             string      `json:"issuer"`
	KeyType            pki.KeyType `json:"key_type"`
	KeyBits            int         `json:"key_bits,omitempty"`
	Curve              string      `json:"curve,omitempty"`
	SignatureAlgorithm string      `json:"signature_algorithm"`
	NotBefore          time.Time   `json:"not_before,omitzero"`
	NotAfter           time.Time   `json:"not_after,omitzero"`
}

// RefOf summarises c.
func RefOf(c pki.Certificate) CertRef {
	return CertRef{
		SHA256: c.SHA256, Subject: c.Subject, Issuer: c.Issuer, KeyType: c.KeyType, KeyBits: c.KeyBits,
		Curve: c.Curve, SignatureAlgorithm: c.SignatureAlgorithm, NotBefore: c.NotBefore, NotAfter: c.NotAfter,
	}
}

// CertificateFact is one certificate as served: its DER and what it says
// about itself.
type CertificateFact struct {
	pki.Certificate
	DER []byte `json:"der"`
}

// SignatureSchemeFact is one signature scheme a server signed its key
// exchange with: TLS 1.2 ServerKeyExchange, TLS 1.3 CertificateVerify
// (TLS 1.1 and older have no schemes). The schemes are found by
// elimination over signature_algorithms, which also finds every
// certificate of a server holding several (RSA, ECDSA, EdDSA).
type SignatureSchemeFact struct {
	Version Version `json:"version"`
	// KeyType is the key type of the leaf certificate that signed.
	KeyType pki.KeyType `json:"key_type"`
	Code    Code        `json:"code"`
	Name    string      `json:"name"`
	// Preferred marks, per version and key type, the scheme the server
	// signed with when offered every scheme of that key type, strongest
	// first (ECDSA and EdDSA, then RSA-PSS, then PKCS #1, then SHA-1 and
	// the rest): what a current client gets.
	Preferred bool `json:"preferred,omitempty"`
}

// Extensions holds one fact per extension or behaviour the ANSSI rules
// ask about. Every fact has a status; unknown comes with a reason. Which
// probe establishes each, and from which answers, is said per field.
type Extensions struct {
	// SecureRenegotiation: renegotiation_info (RFC 5746) echoed in TLS 1.0
	// to 1.2 ServerHellos (every hello offers it). Versions: where echoed
	// (supported) or looked for (not_supported); Detail names the
	// versions that did not echo it when some did.
	SecureRenegotiation Feature `json:"secure_renegotiation"`
	// ExtendedMasterSecret: extended_master_secret (RFC 7627) echoed in TLS
	// 1.0 to 1.2 ServerHellos; Versions as above.
	ExtendedMasterSecret Feature `json:"extended_master_secret"`
	// EncryptThenMAC: encrypt_then_mac (RFC 7366) echoed with CBC suites,
	// judged per CBC suite (see SuiteFact.EncryptThenMAC): supported when
	// echoed with every CBC suite the server chose, not_supported
	// otherwise, with Names the CBC suites chosen without it (IANA names,
	// "TLSv1.2 TLS_..."); unknown (not_tested) when no CBC suite was
	// accepted, since servers echo it with CBC suites only.
	EncryptThenMAC Feature `json:"encrypt_then_mac"`
	// SessionTicket: session_ticket (RFC 5077) echoed in TLS 1.0 to 1.2
	// ServerHellos.
	SessionTicket Feature `json:"session_ticket"`
	// TLS12Ticket: a NewSessionTicket received in a complete TLS 1.2 (or
	// older) handshake; Value is its ticket_lifetime_hint in seconds (0:
	// unspecified).
	TLS12Ticket Feature `json:"tls12_ticket"`
	// TLS13Tickets: NewSessionTickets received after a TLS 1.3 handshake;
	// Value is the longest ticket_lifetime in seconds, Detail the count.
	TLS13Tickets Feature `json:"tls13_tickets"`
	// PSKKE: a TLS 1.3 resumption offering only psk_ke (no (EC)DHE) was
	// accepted; not_supported when the server did a full handshake or
	// issued no ticket to resume with.
	PSKKE Feature `json:"psk_ke"`
	// EarlyData: 0-RTT data accepted in a TLS 1.3 resumption (early_data
	// in EncryptedExtensions). Value is the max_early_data_size of the
	// ticket used, when its tickets allow early data; not_supported
	// without a probe when no ticket allows it (Detail says so).
	EarlyData Feature `json:"early_data"`
	// Compression: a TLS 1.2 (or older) hello offering DEFLATE and null
	// got DEFLATE. Value is the compression method the server chose.
	Compression Feature `json:"compression"`
	// Heartbeat: the heartbeat extension (RFC 6520) echoed in TLS 1.2 (or
	// older); Value is its mode (1 peer_allowed_to_send, 2 not allowed).
	Heartbeat Feature `json:"heartbeat"`
	// ALPN: a protocol selected from h2 and http/1.1 (RFC 7301). Names are
	// the protocols selected, Versions where; not_supported with reason
	// alert_120 when the server refused both.
	ALPN Feature `json:"alpn"`
	// ECPointFormats: ec_point_formats (RFC 8422) echoed in TLS 1.0 to
	// 1.2; Names are the formats listed.
	ECPointFormats Feature `json:"ec_point_formats"`
	// MaxFragmentLength: max_fragment_length (RFC 6066) echoed to an offer
	// of 2^12 bytes (code 4); Value is the code echoed.
	MaxFragmentLength Feature `json:"max_fragment_length"`
	// FallbackSCSV: a hello for a lower version than the server's highest,
	// with TLS_FALLBACK_SCSV (RFC 7507), got alert 86
	// inappropriate_fallback (supported) or a ServerHello
	// (not_supported). Versions is the version offered.
	FallbackSCSV Feature `json:"fallback_scsv"`
	// DowngradeSentinel: a TLS 1.3 server answering a TLS 1.2 hello ends
	// its random with DOWNGRD\x01, and TLS 1.1 or older hellos with
	// DOWNGRD\x00 (RFC 8446, Section 4.1.3): supported when every such
	// answer did; Versions are the versions answered; unknown
	// (not_tested) when TLS 1.3 is not supported.
	DowngradeSentinel Feature `json:"downgrade_sentinel"`
	// ClientRenegotiation: a renegotiation the client started in a
	// complete TLS 1.2 (or older) handshake got a ServerHello
	// (supported), or an alert or close (not_supported, reason alert_100
	// no_renegotiation, closed, ...).
	ClientRenegotiation Feature `json:"client_renegotiation"`
	// CertificateRequest: the server asked for a client certificate
	// (mTLS); Names are the distinguished names of the CAs it listed
	// (RFC 4514), Versions where it asked.
	CertificateRequest Feature `json:"certificate_request"`
	// RandomTime: the first 4 bytes of TLS 1.2 (and older) server randoms
	// read as the current time (the old gmt_unix_time layout): supported
	// when most did, within a day of the scanner's clock.
	RandomTime Feature `json:"random_time"`
	// RepeatedRandoms: a ServerHello random (any version; not a
	// HelloRetryRequest's fixed value) came twice in the scan (supported),
	// which only a broken generator or a replayed hello explains; not
	// supported when all were distinct. Names are the repeated ones (hex,
	// the first 4), Versions the versions the randoms came from; unknown
	// (not_tested) below two randoms.
	RepeatedRandoms Feature `json:"repeated_randoms,omitzero"`
	// CCSInjection (CVE-2014-0224): a ChangeCipherSpec sent before the
	// ClientKeyExchange was accepted (supported: the record after it got
	// bad_record_mac or decryption_failed) or refused (not_supported,
	// with the alert), on the connection of the TLS 1.2 (or older)
	// extensions hello. Versions: the version of that hello.
	CCSInjection Feature `json:"ccs_injection,omitzero"`
	// Heartbleed (CVE-2014-0160): a heartbeat request claiming 64 bytes of
	// payload and carrying none was answered with 64 bytes of the
	// server's memory (supported; the bytes are not kept), or discarded
	// (not_supported); not_supported without a probe when the server does
	// not echo the heartbeat extension.
	Heartbleed Feature `json:"heartbleed,omitzero"`
	// ROBOT (Böck, Somorovsky and Young 2018, CVE-2017-13099 family): five
	// RSA key exchanges, one correctly padded and four malformed, got
	// different answers, confirmed by a second try (supported: a
	// Bleichenbacher padding oracle), or the same one (not_supported,
	// with the alert); unknown (not_tested) when no RSA key-transport
	// suite is accepted below TLS 1.3, unknown (throttled) when a second
	// try disagreed with the first. Versions: the version of the hellos.
	ROBOT Feature `json:"robot,omitzero"`
	// WithoutSNI: hellos without server_name were answered with a
	// certificate (supported) or refused (not_supported, with the alert);
	// Versions where they were sent.
	WithoutSNI Feature `json:"without_sni"`
}

// Feature is one fact of Extensions: its status, why when unknown or how
// the server refused when not supported, and its value when it has one.
type Feature struct {
	Status Status `json:"status"`
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Versions are the protocol versions the fact was seen in (supported)
	// or looked for (not supported).
	Versions []Version `json:"versions,omitempty"`
	// Value is the number the fact carries, when it has one (each field
	// of Extensions says what it is).
	Value *int64 `json:"value,omitempty"`
	// Names are the textual values the fact carries (protocols, CA names,
	// suites), when it has some.
	Names []string `json:"names,omitempty"`
}
