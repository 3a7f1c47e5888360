package scanner

import (
	"fmt"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
	"strconv"
	"strings"
	"time"
)

// Result is everything observed about one endpoint: facts only. A fact the
// probes could not establish is kept as unknown with its reason, never
// dropped, and partial results are kept.
type Result struct {
	Endpoint Endpoint        `json:"endpoint"`
	Start    time.Time       `json:"-"`
	TLS      *TLSObservation `json:"tls,omitempty"`
	// SSH is what an SSH endpoint (protocol "ssh") showed.
	SSH *SSHObservation `json:"ssh,omitempty"`
	// IKE is what an IKE responder (protocol "ike") showed.
	IKE *IKEObservation `json:"ike,omitempty"`
	// Certificates describes, once each, every certificate of the chains
	// in TLS.Certificates. Writers emit each as its own event, once per
	// run, and endpoint events refer to it by SHA-256.
	Certificates []CertificateFact `json:"-"`
	// DNS is what DNS says about the security of the endpoint's host name
	// (DNSSEC, CAA, TLSA); nil when not probed (an IP address target).
	DNS *dnsprobe.Observation `json:"dns,omitempty"`
	// Error is set when the endpoint could not be inspected at all
	// (unreachable, every probe refused); the facts it prevented stay unknown.
	Error *Unknown `json:"error,omitempty"`
	Stats Stats    `json:"stats"`
}

// Inspected reports whether the endpoint gave an observation of its
// protocol (TLS, SSH or IKE), however partial.
func (r *Result) Inspected() bool { return r.TLS != nil || r.SSH != nil || r.IKE != nil }

// Stats is the connection accounting of one endpoint.
type Stats struct {
	Connections int   `json:"connections"` // TCP connections opened (IKE: UDP sockets, one per exchange)
	Errors      int   `json:"errors"`      // probes ending in reset, timeout, close or malformed data; a failed connect counts, so this can exceed Connections
	DurationMS  int64 `json:"duration_ms"` // wall time spent on the endpoint
}

// Status says whether something is supported. Unknown always comes with a
// Reason.
type Status string

const (
	Supported     Status = "supported"
	NotSupported  Status = "not_supported"
	StatusUnknown Status = "unknown"
)

// Reason says why a fact is unknown, or how a negative answer was given.
// The values are fixed words, plus "alert_N" for a TLS alert of
// description N.
type Reason string

const (
	ReasonTimeout       Reason = "timeout"        // no complete answer before the deadline
	ReasonReset         Reason = "reset"          // TCP reset
	ReasonClosed        Reason = "closed"         // connection closed without an answer
	ReasonThrottled     Reason = "throttled"      // a control probe that worked before failed too
	ReasonNotTested     Reason = "not_tested"     // the probe plan did not ask (depth, a prerequisite missing)
	ReasonMalformed     Reason = "malformed"      // the answer did not parse
	ReasonUnreachable   Reason = "unreachable"    // TCP connect failed
	ReasonCanceled      Reason = "canceled"       // the run was interrupted
	ReasonLowerVersion  Reason = "lower_version"  // the server answered an older version than the one asked for
	ReasonHigherVersion Reason = "higher_version" // the server answered a newer version than offered (a protocol violation)
)

// AlertReason is the reason for a TLS alert of the given description.
func AlertReason(description uint8) Reason {
	return Reason("alert_" + strconv.Itoa(int(description)))
}

// Unknown is a fact that could not be established, and why.
type Unknown struct {
	Reason Reason `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

func (u *Unknown) Error() string {
	if u.Detail == "" {
		return string(u.Reason)
	}
	return string(u.Reason) + ": " + u.Detail
}

// Version is a protocol version on the wire: 0x0002 for SSLv2, 0x0300 for
// SSLv3, 0x0301–0x0304 for TLS 1.0–1.3.
type Version uint16

const (
	SSLv2  Version = 0x0002
	SSLv3  Version = 0x0300
	TLSv10 Version = 0x0301
	TLSv11 Version = 0x0302
	TLSv12 Version = 0x0303
	TLSv13 Version = 0x0304
)

// Versions lists every version cryptoscan decides, oldest first.
var Versions = []Version{SSLv2, SSLv3, TLSv10, TLSv11, TLSv12, TLSv13}

func (v Version) String() string {
	switch v {
	case SSLv2:
		return "SSLv2"
	case SSLv3:
		return "SSLv3"
	case TLSv10:
		return "TLSv1.0"
	case TLSv11:
		return "TLSv1.1"
	case TLSv12:
		return "TLSv1.2"
	case TLSv13:
		return "TLSv1.3"
	}
	return fmt.Sprintf("0x%04X", uint16(v))
}

func (v Version) MarshalText() ([]byte, error) {
	s := v.String()
	if strings.HasPrefix(s, "0x") {
		return nil, fmt.Errorf("unknown protocol version %s", s)
	}
	return []byte(s), nil
}

func (v *Version) UnmarshalText(b []byte) error {
	for _, w := range Versions {
		if w.String() == string(b) {
			*v = w
			return nil
		}
	}
	return fmt.Errorf("unknown protocol version %q", b)
}

// Code is a registry code point: a cipher suite (two bytes, three for the
// SSLv2 cipher kinds), a named group or a signature scheme. It is written
// as 0x and four upper-case hex digits, six for values above 0xFFFF.
type Code uint32

func (c Code) String() string {
	if c > 0xFFFF {
		return fmt.Sprintf("0x%06X", uint32(c))
	}
	return fmt.Sprintf("0x%04X", uint32(c))
}

func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c *Code) UnmarshalText(b []byte) error {
	s := string(b)
	if !strings.HasPrefix(s, "0x") || (len(s) != 6 && len(s) != 8) {
		return fmt.Errorf("malformed code %q", s)
	}
	n, err := strconv.ParseUint(s[2:], 16, 32)
	if err != nil {
		return fmt.Errorf("malformed code %q", s)
	}
	*c = Code(n)
	return nil
}
