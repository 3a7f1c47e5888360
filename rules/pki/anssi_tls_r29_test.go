package pkirules_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func TestR29(t *testing.T) {
	matched := func(ok bool, by string, edit func(*x509.Certificate)) *fixture.Builder {
		c := compliantChain()
		if edit != nil {
			c.Served[0] = leafWith(edit, nil)
		}
		c.Report.HostnameMatch, c.Report.MatchedBy = ok, by
		return compliant().Chains(c)
	}
	noSubject := func(t *x509.Certificate) { t.Subject = pkix.Name{} } // crypto/x509 then marks the SAN critical (RFC 5280)
	runCases(t, "ANSSI-TLS-R29", []tcase{
		{name: "pass - dNSName match, SAN not critical", res: compliant().Result()},
		{name: "fail - no match", res: matched(false, "", nil).Result(), why: []string{"does not match example.fr"}},
		{name: "fail - common name only", res: matched(true, pki.MatchedCN, nil).Result(), why: []string{"subject common name only"}},
		{name: "warn - scanned by IP address, iPAddress match", res: matched(true, pki.MatchedSANIP, nil).Result(), why: []string{"by an iPAddress"}},
		{name: "fail - SAN critical (empty subject)", res: matched(true, pki.MatchedSANDNS, noSubject).Result(), why: []string{"SubjectAlternativeName is critical"}},
		{name: "incomplete - match unknown", res: func() *fixture.Builder {
			c := compliantChain()
			c.Report.HostnameMatch = false
			c.Report.Unknown = []pki.UnknownFact{{Fact: "hostname_match", Reason: "no_server_name"}}
			return compliant().Chains(c)
		}().Result()},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
