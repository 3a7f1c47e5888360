package pki

import (
	"crypto/x509"
	"net"
	"strings"
)

// How a certificate matched the server name.
const (
	MatchedSANDNS = "san_dns" // a dNSName of the subject alternative names
	MatchedSANIP  = "san_ip"  // an iPAddress of the subject alternative names
	MatchedCN     = "cn"      // the subject common name, the certificate having no dNSName
)

// matchHostname matches a certificate against the name a client asked for,
// as RFC 6125, Section 6 says: an IP address against the iPAddress names
// only; a DNS name against the dNSName names, or, when there are none, the
// subject common names (Section 6.4.4). It returns how it matched.
func matchHostname(cert *x509.Certificate, serverName string) (string, bool) {
	name := strings.TrimSuffix(strings.ToLower(serverName), ".")
	if ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")); ip != nil {
		for _, candidate := range cert.IPAddresses {
			if candidate.Equal(ip) {
				return MatchedSANIP, true
			}
		}
		return "", false
	}
	if name == "" {
		return "", false
	}
	if len(cert.DNSNames) > 0 {
		for _, pattern := range cert.DNSNames {
			if matchPattern(pattern, name) {
				return MatchedSANDNS, true
			}
		}
		return "", false
	}
	for _, atv := range cert.Subject.Names {
		if !atv.Type.Equal([]int{2, 5, 4, 3}) {
			continue
		}
		if cn, ok := atv.Value.(string); ok && matchPattern(cn, name) {
			return MatchedCN, true
		}
	}
	return "", false
}

// matchPattern matches a presented identifier against a lower-case
// reference name (RFC 6125, Section 6.4). A wildcard is honoured only as
// the whole left-most label ("*.example.com"), matching exactly one
// non-empty label, and only above at least two labels (never "*.com").
// Partial-label wildcards ("w*.example.com"), which RFC 6125 leaves to the
// client and browsers refuse, never match.
func matchPattern(pattern, name string) bool {
	p := strings.TrimSuffix(strings.ToLower(pattern), ".")
	if p == "" {
		return false
	}
	if !strings.HasPrefix(p, "*.") {
		return !strings.Contains(p, "*") && p == name
	}
	rest := p[2:]
	if strings.Contains(rest, "*") || !strings.Contains(rest, ".") {
		return false
	}
	label, suffix, ok := strings.Cut(name, ".")
	return ok && label != "" && suffix == rest
}
