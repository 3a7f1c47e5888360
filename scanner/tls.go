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
}

// EnumKind names a list that is enumerated per version.
type EnumKind string

const (
	EnumCipherSuites EnumKind = "cipher_suites"
	EnumGroups       EnumKind = "groups"
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
type ChainFact struct {
	// Versions are the protocol versions it was served under; SNI whether
	// the hellos that got it named the server.
	Versions []Version `json:"versions"`
	SNI      bool      `json:"sni"`
	// Chain is the served certificates, leaf first, each summarised; the
	// full description is in the certificate of the same SHA-256.
	Chain []CertRef `json:"chain"`
	pki.ChainReport
	// OCSP is the stapled response served with the chain, checked against
	// it; OCSPError says why a stapled response could not be read.
	OCSP      *pki.OCSPResponse `json:"ocsp,omitempty"`
	OCSPError string            `json:"ocsp_error,omitempty"`
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
