package dnsprobe

import (
	"fmt"
	"strconv"
	"strings"
)

// Record versions: a TXT record is one of these when it starts with the
// version (RFC 8461 §3.1, RFC 8460 §3); others are ignored.
const (
	stsVersion    = "v=STSv1"
	tlsrptVersion = "v=TLSRPTv1"
)

// Policy field bounds (RFC 8461 §3.2).
const (
	maxMaxAge = 31557600 // max_age, in seconds (about a year)
	// maxPolicyProblems is the most problems listed for one policy; a
	// last one says how many more there were.
	maxPolicyProblems = 32
)

// tagField is one NAME=VALUE field of a TXT record.
type tagField struct {
	name, value string
}

// parseTagList reads a record that starts with version, as RFC 8461 §3.1
// and RFC 8460 §3 write it:
//
//	record     = version 1*(sep field) [sep]
//	sep        = *WSP ";" *WSP
//	field      = name "=" value
//	name       = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//
// The values are returned as written (neither grammar lets them hold a
// ";"); each caller checks them. problem says why the record does not
// follow the grammar.
func parseTagList(rec, version string) (fields []tagField, problem string) {
	parts := strings.Split(rec, ";")
	if v := strings.TrimRight(parts[0], " \t"); v != version {
		return nil, fmt.Sprintf("the record starts with %s, not %s followed by \";\"", quote(v), version)
	}
	rest := parts[1:]
	trailingSep := len(rest) > 1 && strings.Trim(rest[len(rest)-1], " \t") == ""
	if trailingSep {
		rest = rest[:len(rest)-1]
	}
	if len(rest) == 0 || len(rest) == 1 && strings.Trim(rest[0], " \t") == "" {
		return nil, "no field after " + version
	}
	for i, part := range rest {
		f := strings.TrimLeft(part, " \t")
		if i < len(rest)-1 || trailingSep {
			f = strings.TrimRight(f, " \t")
		} else if strings.TrimRight(f, " \t") != f {
			return nil, "white space after the last field"
		}
		name, value, ok := strings.Cut(f, "=")
		if !ok || !isFieldName(name) || value == "" {
			return nil, "field " + quote(f) + " is not NAME=VALUE"
		}
		fields = append(fields, tagField{name, value})
	}
	return fields, ""
}

// isFieldName: (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."), the
// name of a TXT record field and of a policy field.
func isFieldName(s string) bool {
	if s == "" || len(s) > 32 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isExtValue: 1*(%x21-3A / %x3C / %x3E-7E), the value of an extension
// field: printable ASCII but "=", ";" and space.
func isExtValue(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7E || c == '=' || c == ';' {
			return false
		}
	}
	return true
}

// isSTSID: 1*32(ALPHA / DIGIT).
func isSTSID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// parseSTSRecord reads the one STSv1 record of a domain (RFC 8461 §3.1):
//
//	sts-text-record = sts-version 1*(sts-sep sts-field) [sts-sep]
//	sts-field       = sts-id / sts-extension
//	sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
//	sts-extension   = sts-ext-name "=" sts-ext-value
//
// It returns the id, or why the record gives none: the grammar not
// followed, no id (the id MUST be included), or more than one id.
func parseSTSRecord(rec string) (id, problem string) {
	fields, problem := parseTagList(rec, stsVersion)
	if problem != "" {
		return "", problem
	}
	for _, f := range fields {
		switch {
		case f.name == "id" && id != "":
			return "", "more than one id field"
		case f.name == "id" && !isSTSID(f.value):
			return "", "id " + quote(f.value) + " is not 1 to 32 letters and digits"
		case f.name == "id":
			id = f.value
		case !isExtValue(f.value):
			return "", "field " + quote(f.name) + " has a value with characters outside printable ASCII, or \"=\""
		}
	}
	if id == "" {
		return "", "no id field"
	}
	return id, ""
}

// parseTLSRPTRecord reads the one TLSRPTv1 record of a domain (RFC 8460
// §3):
//
//	tlsrpt-record    = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
//	tlsrpt-field     = tlsrpt-rua / tlsrpt-extension
//	tlsrpt-rua       = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//
// It returns the report URIs, as published, or why the record gives
// none: the grammar not followed, no rua field, or more than one.
func parseTLSRPTRecord(rec string) (rua []string, problem string) {
	fields, problem := parseTagList(rec, tlsrptVersion)
	if problem != "" {
		return nil, problem
	}
	for _, f := range fields {
		switch {
		case f.name == "rua" && rua != nil:
			return nil, "more than one rua field"
		case f.name == "rua":
			for u := range strings.SplitSeq(f.value, ",") {
				u = strings.Trim(u, " \t")
				if !isURIText(u) {
					return nil, "rua " + quote(f.value) + " is not a comma-separated list of URIs"
				}
				rua = append(rua, u)
			}
		case !isExtValue(f.value):
			return nil, "field " + quote(f.name) + " has a value with characters outside printable ASCII, or \"=\""
		}
	}
	if rua == nil {
		return nil, "no rua field"
	}
	return rua, ""
}

// isURIText says whether s may be a URI: a scheme (RFC 3986 §3.1), ":",
// and printable ASCII without space. The URI is not otherwise checked:
// it is kept as published.
func isURIText(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest == "" || !(scheme[0] >= 'a' && scheme[0] <= 'z' || scheme[0] >= 'A' && scheme[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(scheme); i++ {
		if c := scheme[i]; !isAlnum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; c < 0x21 || c > 0x7E {
			return false
		}
	}
	return true
}

// parsePolicy reads a policy body into pol (RFC 8461 §3.2):
//
//	sts-policy-record  = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
//	sts-policy-field   = sts-policy-version / sts-policy-mode / sts-policy-max-age / sts-policy-mx / sts-policy-extension
//	sts-policy-field-delim = ":" *WSP
//	sts-policy-term    = LF / CRLF
//
// Fields are "key: value" lines; version must be STSv1; mode is enforce,
// testing or none; mx (repeatable) is a domain name, possibly with a
// leading "*."; max_age is at most 10 digits and at most 31557600.
// Unknown keys are ignored, as the RFC says. Version, Mode and MaxAge
// keep their first value; MX keeps every pattern, in order, as published.
// pol.Problems lists, in line order, what does not follow the RFC, then
// the missing fields.
func parsePolicy(body []byte, pol *MTASTSPolicy) {
	pol.Version, pol.Mode, pol.MX, pol.MaxAge, pol.Problems = "", "", nil, -1, nil
	var problems []string
	more := 0
	add := func(format string, args ...any) {
		if len(problems) < maxPolicyProblems {
			problems = append(problems, fmt.Sprintf(format, args...))
		} else {
			more++
		}
	}
	text := string(body)
	if t, ok := strings.CutSuffix(text, "\n"); ok {
		text = strings.TrimSuffix(t, "\r")
	}
	first := map[string]int{} // line of the first version, mode, max_age
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		key, value, ok := strings.Cut(line, ":")
		value = strings.Trim(value, " \t")
		if !ok || !isFieldName(key) {
			add("line %d is not KEY: VALUE: %s", n, quote(line))
			continue
		}
		switch key {
		case "version", "mode", "max_age":
			if l, seen := first[key]; seen {
				add("%s repeated (lines %d and %d)", key, l, n)
				continue
			}
			first[key] = n
		}
		switch key {
		case "version":
			pol.Version = value
			if value != "STSv1" {
				add("version %s is not STSv1", quote(value))
			}
		case "mode":
			pol.Mode = value
			if value != "enforce" && value != "testing" && value != "none" {
				add("mode %s is not enforce, testing or none", quote(value))
			}
		case "max_age":
			if value == "" || strings.Trim(value, "0123456789") != "" {
				add("max_age %s is not a number of seconds", quote(value))
				break
			}
			v, err := strconv.ParseInt(value, 10, 64)
			if err != nil || len(value) > 10 {
				add("max_age %s is out of range: more than 10 digits (0 to %d)", quote(value), maxMaxAge)
				break
			}
			pol.MaxAge = v
			if v > maxMaxAge {
				add("max_age %d is out of range (0 to %d)", v, maxMaxAge)
			}
		case "mx":
			pol.MX = append(pol.MX, value)
			if !isIssuerDomain(strings.TrimPrefix(value, "*.")) {
				add("mx %s is not a host name or a *. pattern", quote(value))
			}
		default:
			if value == "" {
				add("line %d is not KEY: VALUE: %s", n, quote(line))
			}
		}
	}
	for _, key := range []string{"version", "mode", "max_age"} {
		if _, seen := first[key]; !seen {
			add("no %s field", key)
		}
	}
	if (pol.Mode == "enforce" || pol.Mode == "testing") && len(pol.MX) == 0 {
		add("mode %s without any mx field", pol.Mode)
	}
	if more > 0 {
		problems = append(problems, fmt.Sprintf("and %d more %s", more, plural(more, "problem", "problems")))
	}
	pol.Problems = problems
}
