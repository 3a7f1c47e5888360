package sink

import (
	"bytes"
	"fmt"
	"time"
)

// Event is one complete cryptoscan event, as the NDJSON writer encoded it.
type Event struct {
	// ID is the event's event_id: stable, unique within a run, and what a
	// collector deduplicates on.
	ID string
	// Kind is the event type ("endpoint", "finding", "summary", ...); it
	// becomes the syslog MSGID. Empty means none ("-").
	Kind string
	// Time is when the event happened (the syslog TIMESTAMP); the zero
	// time is sent as "-".
	Time time.Time
	// Severity is the syslog severity, usually from SeverityFor.
	Severity Severity
	// JSON is the event: one JSON object. A trailing newline (as NDJSON
	// lines have) is removed; the bytes are not otherwise checked or
	// changed, and must not be modified after Send.
	JSON []byte
}

// payload is the JSON without the line terminator an NDJSON line carries.
func (e *Event) payload() []byte {
	return bytes.TrimRight(e.JSON, "\r\n")
}

// Severity is a syslog severity (RFC 5424, Section 6.2.1).
type Severity uint8

// Syslog severities.
const (
	Emergency Severity = iota
	Alert
	Critical
	Error
	Warning
	Notice
	Informational
	Debug
)

var severityNames = [...]string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// SeverityFor maps an event to a syslog severity, from its event type,
// and for findings its status and the rule's severity:
//
//	event        status               rule severity     syslog severity
//	finding      fail                 critical          crit (2)
//	finding      fail                 high              err (3)
//	finding      fail                 medium            warning (4)
//	finding      fail                 low               notice (5)
//	finding      fail                 info, other       info (6)
//	finding      degraded, warn       critical, high    warning (4)
//	finding      degraded, warn       medium, low, ...  notice (5)
//	finding      incomplete           any               warning (4)
//	finding      waived               any               notice (5)
//	finding      pass, not_applicable,
//	             info                 any               info (6)
//	finding      any other status     any               notice (5)
//	change       -                    -                 notice (5)
//	summary      -                    -                 notice (5)
//	endpoint, certificate, any other  -                 info (6)
//
// A failure is never below notice unless the rule itself is only
// informational, and a result that could not be established (incomplete)
// is a warning whatever the rule, since the run is incomplete.
func SeverityFor(event, status, ruleSeverity string) Severity {
	switch event {
	case "finding":
	case "change", "summary":
		return Notice
	default:
		return Informational
	}
	high := ruleSeverity == "critical" || ruleSeverity == "high"
	switch status {
	case "fail":
		switch ruleSeverity {
		case "critical":
			return Critical
		case "high":
			return Error
		case "medium":
			return Warning
		case "low":
			return Notice
		}
		return Informational
	case "degraded", "warn":
		if high {
			return Warning
		}
		return Notice
	case "incomplete":
		return Warning
	case "waived":
		return Notice
	case "pass", "not_applicable", "info":
		return Informational
	}
	return Notice
}

// Facility is a syslog facility (RFC 5424, Section 6.2.1). The zero value
// means the default, local0: kern (0) is reserved for the kernel and
// cannot be chosen.
type Facility uint8

// Syslog facilities a user-space program may use.
const (
	User     Facility = 1
	Daemon   Facility = 3
	Auth     Facility = 4
	AuthPriv Facility = 10
	Local0   Facility = 16
	Local1   Facility = 17
	Local2   Facility = 18
	Local3   Facility = 19
	Local4   Facility = 20
	Local5   Facility = 21
	Local6   Facility = 22
	Local7   Facility = 23
)

// ParseFacility reads a facility name as syslog.conf spells it ("local0",
// "user", "daemon", "auth", "authpriv") or its number (1 to 23).
func ParseFacility(s string) (Facility, error) {
	names := map[string]Facility{
		"user": User, "mail": 2, "daemon": Daemon, "auth": Auth, "syslog": 5, "lpr": 6,
		"news": 7, "uucp": 8, "cron": 9, "authpriv": AuthPriv, "ftp": 11, "ntp": 12,
		"security": 13, "console": 14, "solaris-cron": 15,
		"local0": Local0, "local1": Local1, "local2": Local2, "local3": Local3,
		"local4": Local4, "local5": Local5, "local6": Local6, "local7": Local7,
	}
	if f, ok := names[s]; ok {
		return f, nil
	}
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err == nil && fmt.Sprint(n) == s && n >= 1 && n <= 23 {
		return Facility(n), nil
	}
	return 0, fmt.Errorf("unknown syslog facility %q (want local0 to local7, user, daemon, auth, authpriv, or 1 to 23)", s)
}

func (f Facility) orDefault() Facility {
	if f == 0 {
		return Local0
	}
	return f
}
