package dnsprobe

import (
	"strings"
)

// caaRecord describes one published CAA property.
func caaRecord(flags uint8, tag, value string) CAARecord {
	r := CAARecord{Flags: flags, Critical: flags&128 != 0, Tag: tag, Value: value}
	switch strings.ToLower(tag) {
	case "issue", "issuewild":
		r.Issuer, r.Parameters, r.Malformed = ParseIssueValue(value)
	}
	return r
}

// ParseIssueValue reads the value of an issue or issuewild property (RFC
// 8659 §4.2):
//
//	issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]
//	parameters  = (parameter *WSP ";" *WSP parameters) / parameter
//	parameter   = tag *WSP "=" *WSP value
//
// The issuer is returned in lower case without a trailing dot; empty means
// the property authorises no CA. A value that does not follow the grammar
// gets a reason in malformed, with whatever issuer could still be read
// (the text before the first ";" when it is a domain name), so a reader
// can stay conservative.
func ParseIssueValue(v string) (issuer string, params []CAAParam, malformed string) {
	head, rest, hasParams := strings.Cut(v, ";")
	head = strings.Trim(head, " \t")
	if head != "" {
		name := strings.ToLower(strings.TrimSuffix(head, "."))
		if !isIssuerDomain(name) {
			return "", nil, "issuer domain name " + quote(head) + " is not a domain name"
		}
		issuer = name
		if strings.HasSuffix(head, ".") {
			malformed = "issuer domain name ends with a dot"
		}
	}
	if !hasParams {
		return issuer, nil, malformed
	}
	rest = strings.Trim(rest, " \t")
	if rest == "" {
		return issuer, nil, malformed
	}
	for p := range strings.SplitSeq(rest, ";") {
		tag, val, ok := strings.Cut(p, "=")
		tag, val = strings.Trim(tag, " \t"), strings.Trim(val, " \t")
		if !ok || !isLabel(tag) || !isParamValue(val) {
			if malformed == "" {
				malformed = "parameter " + quote(strings.Trim(p, " \t")) + " is not tag=value"
			}
			continue
		}
		params = append(params, CAAParam{Tag: tag, Value: val})
	}
	return issuer, params, malformed
}

func quote(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	return `"` + s + `"`
}

// isIssuerDomain: label *("." label).
func isIssuerDomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for l := range strings.SplitSeq(s, ".") {
		if !isLabel(l) {
			return false
		}
	}
	return true
}

// isLabel: (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)).
func isLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// isParamValue: *(%x21-3A / %x3C-7E).
func isParamValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7E || c == ';' {
			return false
		}
	}
	return true
}
