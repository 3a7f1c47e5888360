package dnsprobe

import (
	"fmt"
	"time"
)

// Observation is what DNS says about the security of one host name: the
// DNSSEC keys of the zone that holds it, the CAA set that governs it, and
// the TLSA records of the ports asked for. Facts only: a lookup that could
// not be answered is kept as unknown with its reason, never dropped and
// never read as "absent".
type Observation struct {
	// Name is the host name probed, lower case, without the trailing dot.
	Name   string    `json:"name"`
	DNSSEC DNSSEC    `json:"dnssec"`
	CAA    CAA       `json:"caa"`
	TLSA   []TLSASet `json:"tlsa,omitempty"`
	// SSHFP is the SSHFP lookup of the name, asked for SSH endpoints
	// (ProbeSSH); nil when not asked.
	SSHFP *SSHFPSet `json:"sshfp,omitempty"`
	// MTASTS is what the mail domain whose MX the name is publishes under
	// MTA-STS and TLS-RPT, asked for SMTP endpoints found as an MX
	// (ProbeMTASTS); nil when not asked.
	MTASTS *MTASTS `json:"mta_sts,omitempty"`
	Stats  Stats   `json:"stats"`
}

// Stats is the query accounting of one observation. Queries answered from
// the prober's cache (another host of the same zone) are not counted.
type Stats struct {
	Queries    int   `json:"queries"`     // questions sent (a TCP retry of a truncated answer counts)
	DurationMS int64 `json:"duration_ms"` // wall time of the probe
}

// State is the outcome of a lookup.
type State string

const (
	Present State = "present" // the records exist (Records lists them)
	Absent  State = "absent"  // an authoritative no: NODATA or NXDOMAIN
	Unknown State = "unknown" // no usable answer: Lookup.Unknown says why
)

// Reason says why a fact is unknown. The words match scanner.Reason where
// the two overlap (timeout, malformed, not_tested, canceled).
type Reason string

const (
	ReasonTimeout   Reason = "timeout"    // no answer before the deadline
	ReasonServFail  Reason = "servfail"   // the resolver answered SERVFAIL (a validating resolver says this of a bogus zone)
	ReasonRefused   Reason = "refused"    // the resolver answered REFUSED
	ReasonRcode     Reason = "rcode"      // another error code: Detail names it
	ReasonNetwork   Reason = "network"    // the query could not be sent or the answer read
	ReasonMalformed Reason = "malformed"  // the answer did not parse or did not answer the question
	ReasonNotTested Reason = "not_tested" // the probe did not ask (a prerequisite missing, not requested)
	ReasonCanceled  Reason = "canceled"   // the run was interrupted
	ReasonTooDeep   Reason = "too_deep"   // the name has more labels than the probe climbs

	// Why an MTA-STS policy fetch (MTASTSPolicy) gave no policy.
	ReasonUnreachable Reason = "unreachable"  // no TCP connection to the policy host
	ReasonCertificate Reason = "certificate"  // its certificate is not valid for the policy host (RFC 8461 §3.3)
	ReasonHTTPStatus  Reason = "http_status"  // an HTTP status other than 200
	ReasonRedirect    Reason = "redirect"     // a redirect, which a policy fetch must not follow (§3.3)
	ReasonContentType Reason = "content_type" // a media type other than text/plain
	ReasonTooLarge    Reason = "too_large"    // a body larger than the probe reads (64 KiB)
)

// Problem is a fact that could not be established, and why. Its JSON
// shape is scanner.Unknown's.
type Problem struct {
	Reason Reason `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

func (p *Problem) Error() string {
	if p.Detail == "" {
		return string(p.Reason)
	}
	return string(p.Reason) + ": " + p.Detail
}

// Lookup is the outcome of one question (or, for CAA, of the climb).
type Lookup struct {
	State   State    `json:"state"`
	Unknown *Problem `json:"unknown,omitempty"` // set when State is unknown
	// NXDomain distinguishes a name that does not exist from one without
	// records of the type (both are Absent).
	NXDomain bool `json:"nxdomain,omitempty"`
	// Authenticated is the AD bit of the resolver's answer: the resolver
	// says it validated the answer with DNSSEC. It is only as trustworthy
	// as the path to the resolver, and false from a resolver that does not
	// validate.
	Authenticated bool `json:"authenticated"`
}

// unknownLookup is a lookup that failed for reason.
func unknownLookup(reason Reason, detail string) Lookup {
	return Lookup{State: Unknown, Unknown: &Problem{Reason: reason, Detail: detail}}
}

// DNSSEC is what the zone holding the name publishes about its keys, and
// what its parent publishes about them.
type DNSSEC struct {
	// Zone is the apex of the zone holding the name (found from SOA), with
	// the trailing dot; empty when it could not be found.
	Zone string `json:"zone,omitempty"`
	// ZoneLookup is the outcome of finding the apex.
	ZoneLookup Lookup `json:"zone_lookup"`
	// DNSKEY is the outcome of the DNSKEY question at the apex; Keys the
	// keys it returned, in answer order.
	DNSKEY Lookup   `json:"dnskey"`
	Keys   []DNSKEY `json:"keys,omitempty"`
	// Signatures are the RRSIGs over the DNSKEY set, each verified with the
	// zone's own key of the same tag and algorithm.
	Signatures []Signature `json:"signatures,omitempty"`
	// DS is the outcome of the DS question for the apex (answered from the
	// parent zone); DSRecords the records, each compared with the keys.
	DS        Lookup `json:"ds"`
	DSRecords []DS   `json:"ds_records,omitempty"`
}

// Signed says whether the zone publishes DNSKEYs; known is false when the
// DNSKEY lookup was not answered.
func (d *DNSSEC) Signed() (signed, known bool) {
	switch d.DNSKEY.State {
	case Present:
		return true, true
	case Absent:
		return false, true
	}
	return false, false
}

// DNSKEY is one key of the zone (RFC 4034 §2).
type DNSKEY struct {
	Flags         uint16 `json:"flags"`
	ZoneKey       bool   `json:"zone_key"`       // flag bit 7: a DNSSEC zone key
	SEP           bool   `json:"sep"`            // flag bit 15: secure entry point (a KSK by convention)
	Revoked       bool   `json:"revoked"`        // flag bit 8 (RFC 5011)
	Protocol      uint8  `json:"protocol"`       // always 3
	Algorithm     uint8  `json:"algorithm"`      // IANA DNSSEC algorithm number
	AlgorithmName string `json:"algorithm_name"` // IANA mnemonic, or "0x%02X" unassigned
	KeyTag        uint16 `json:"key_tag"`
	// Bits is the key size: the RSA modulus length, the curve size for
	// ECDSA and EdDSA, the prime size for DSA; 0 when not read.
	Bits int `json:"bits,omitempty"`
	// RSAExponent is the RSA public exponent in decimal; empty for other keys.
	RSAExponent string `json:"rsa_exponent,omitempty"`
	// Malformed says why the public key field could not be read.
	Malformed string `json:"malformed,omitempty"`
}

// Verdict is the outcome of checking one signature or digest.
type Verdict string

const (
	Valid       Verdict = "valid"          // verifies with the zone's key, inside its validity period
	Invalid     Verdict = "invalid"        // does not verify
	Expired     Verdict = "expired"        // verifies but its validity period has ended (or not begun)
	NoKey       Verdict = "no_key"         // no key of the zone has its tag and algorithm
	Unsupported Verdict = "unsupported"    // the algorithm or digest type cannot be checked here
	Matches     Verdict = "matches"        // a DS whose digest is that of a key of the zone
	NoMatch     Verdict = "does_not_match" // a DS whose tag names a key but whose digest differs
	Unchecked   Verdict = "not_checked"    // a DS checked against nothing: the DNSKEY lookup failed
)

// Signature is one RRSIG over the zone's DNSKEY set.
type Signature struct {
	Algorithm     uint8     `json:"algorithm"`
	AlgorithmName string    `json:"algorithm_name"`
	KeyTag        uint16    `json:"key_tag"`
	SignerName    string    `json:"signer_name"`
	Inception     time.Time `json:"inception"`
	Expiration    time.Time `json:"expiration"`
	Verdict       Verdict   `json:"verdict"`
	Detail        string    `json:"detail,omitempty"`
}

// DS is one delegation signer record of the zone, at its parent (RFC 4034 §5).
type DS struct {
	KeyTag         uint16  `json:"key_tag"`
	Algorithm      uint8   `json:"algorithm"`
	AlgorithmName  string  `json:"algorithm_name"`
	DigestType     uint8   `json:"digest_type"`
	DigestTypeName string  `json:"digest_type_name"` // IANA mnemonic, or "0x%02X" unassigned
	Digest         string  `json:"digest"`           // lower-case hex
	Verdict        Verdict `json:"verdict"`          // matches, does_not_match, no_key or unsupported
}

// TLSASet is the TLSA lookup of one service name (RFC 6698 §3).
type TLSASet struct {
	Name    string `json:"name"` // "_443._tcp.www.example.fr"
	Host    string `json:"host"`
	Port    uint16 `json:"port"`
	Lookup  Lookup `json:"lookup"`
	Records []TLSA `json:"records,omitempty"`
}

// TLSA is one TLSA record (RFC 6698 §2.1).
type TLSA struct {
	Usage        uint8  `json:"usage"`         // 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE
	Selector     uint8  `json:"selector"`      // 0 full certificate, 1 SubjectPublicKeyInfo
	MatchingType uint8  `json:"matching_type"` // 0 exact, 1 SHA-256, 2 SHA-512
	Data         string `json:"data"`          // certificate association data, lower-case hex
}

func (t TLSA) String() string {
	return fmt.Sprintf("%d %d %d %s", t.Usage, t.Selector, t.MatchingType, abbreviate(t.Data))
}

func abbreviate(hex string) string {
	if len(hex) <= 16 {
		return hex
	}
	return hex[:16] + "…"
}

// SSHFPSet is the SSHFP lookup of one host name (RFC 4255).
type SSHFPSet struct {
	Lookup  Lookup  `json:"lookup"`
	Records []SSHFP `json:"records,omitempty"`
}

// SSHFP is one SSH host key fingerprint record (RFC 4255 §3.1; algorithm
// numbers of RFC 6594 and RFC 7479, fingerprint types of RFC 6594).
type SSHFP struct {
	Algorithm     uint8  `json:"algorithm"`      // 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519, 6 Ed448
	AlgorithmName string `json:"algorithm_name"` // "RSA", "DSA", "ECDSA", "Ed25519", "Ed448", or "0x%02X" unassigned
	Type          uint8  `json:"type"`           // 1 SHA-1, 2 SHA-256
	TypeName      string `json:"type_name"`      // "SHA-1", "SHA-256", or "0x%02X" unassigned
	Fingerprint   string `json:"fingerprint"`    // lower-case hex
}

// MTASTS is what a mail domain publishes for SMTP MTA Strict Transport
// Security (RFC 8461) and SMTP TLS Reporting (RFC 8460).
type MTASTS struct {
	// Domain is the policy domain: the mail domain, lower case, without
	// the trailing dot.
	Domain string `json:"domain"`
	// Record is the TXT lookup of _mta-sts.DOMAIN (RFC 8461 §3.1);
	// Records its TXT strings that start with "v=STSv1", each
	// concatenated as one record.
	Record  Lookup   `json:"record"`
	Records []string `json:"records,omitempty"`
	// ID is the id field of the one valid STSv1 record; empty when there
	// is none, or more than one (then no policy applies, §3.1).
	ID string `json:"id,omitempty"`
	// RecordProblem says why the records give no policy id: several
	// STSv1 records, a missing or malformed id, a malformed field.
	RecordProblem string `json:"record_problem,omitempty"`
	// Policy is the policy fetched from
	// https://mta-sts.DOMAIN/.well-known/mta-sts.txt (§3.3); nil when no
	// valid record asked for it.
	Policy *MTASTSPolicy `json:"policy,omitempty"`
	// TLSRPT is the TXT lookup of _smtp._tls.DOMAIN (RFC 8460 §3);
	// TLSRPTRecords its strings that start with "v=TLSRPTv1", and RUA the
	// report URIs of the one valid record.
	TLSRPT        Lookup   `json:"tlsrpt"`
	TLSRPTRecords []string `json:"tlsrpt_records,omitempty"`
	RUA           []string `json:"rua,omitempty"`
	// TLSRPTProblem says why the records give no report URI: several
	// TLSRPTv1 records, a missing or malformed rua field.
	TLSRPTProblem string `json:"tlsrpt_problem,omitempty"`
	// Stats is the accounting of these questions and of the policy
	// host's A and AAAA lookups, apart from the observation's: the
	// domain is asked once per run, and only the endpoint whose probe
	// asked counts them (the others got the remembered result, with
	// zero queries).
	Stats Stats `json:"stats"`
}

// MTASTSPolicy is one MTA-STS policy fetch and what it gave (RFC 8461
// §3.2, §3.3).
type MTASTSPolicy struct {
	URL string `json:"url"`
	// Fetched is set when an HTTPS response with status 200 was read
	// from a server whose certificate is valid for the policy host; the
	// fields below are then the body's. Otherwise Unknown says why not
	// (ReasonUnreachable, ReasonTimeout, ReasonCertificate,
	// ReasonHTTPStatus, ReasonRedirect, ReasonContentType, ReasonTooLarge,
	// ReasonMalformed, ReasonCanceled, with a detail).
	Fetched bool     `json:"fetched"`
	Unknown *Problem `json:"unknown,omitempty"`
	// Version, Mode ("enforce", "testing", "none"), MX (the patterns, as
	// published) and MaxAge (seconds) are the policy's fields; MaxAge is
	// -1 when absent or unreadable.
	Version string   `json:"version,omitempty"`
	Mode    string   `json:"mode,omitempty"`
	MX      []string `json:"mx,omitempty"`
	MaxAge  int64    `json:"max_age"`
	// Problems lists what makes the policy invalid or unusual: a missing
	// or repeated field, an unknown mode, a max_age out of range, a line
	// that is not KEY: VALUE.
	Problems []string `json:"problems,omitempty"`
}

// CAA is the CAA set that governs the name: the first non-empty set found
// climbing from the name towards the root (RFC 8659 §3).
type CAA struct {
	// Lookup is Present when a set was found at some level, Absent when no
	// level has one, Unknown when a level could not be asked (a CA would
	// then refuse to issue, RFC 8659 §3; the levels below it are in Asked).
	Lookup Lookup `json:"lookup"`
	// Owner is the name the relevant set was found at, with the trailing dot.
	Owner string `json:"owner,omitempty"`
	// Asked lists the names asked, in order.
	Asked   []string    `json:"asked"`
	Records []CAARecord `json:"records,omitempty"`
}

// CAARecord is one CAA property (RFC 8659 §4.1).
type CAARecord struct {
	Flags    uint8  `json:"flags"`
	Critical bool   `json:"critical"` // the issuer critical flag (128)
	Tag      string `json:"tag"`      // as published; compared case-insensitively
	Value    string `json:"value"`
	// For issue and issuewild: the issuer domain name (lower case, empty
	// when the property authorises no CA, e.g. ";") and its parameters.
	Issuer     string     `json:"issuer,omitempty"`
	Parameters []CAAParam `json:"parameters,omitempty"`
	// Malformed says why an issue or issuewild value does not follow the
	// RFC 8659 §4.2 grammar.
	Malformed string `json:"malformed,omitempty"`
}

// CAAParam is one parameter of an issue or issuewild property.
type CAAParam struct {
	Tag   string `json:"tag"`
	Value string `json:"value"`
}
