package dnsrules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// mx is the compliant MX with its domain's MTA-STS facts edited.
func mx(edit func(m *dnsprobe.MTASTS)) *scanner.Result {
	r := fixture.CompliantMX().Result()
	if edit != nil {
		edit(r.DNS.MTASTS)
	}
	return r
}

// mxHost is the compliant MX under another host name.
func mxHost(host string, edit func(m *dnsprobe.MTASTS)) *scanner.Result {
	r := mx(edit)
	r.Endpoint.Host = host
	return r
}

func TestMTASTS(t *testing.T) {
	runCases(t, "DNS-MTASTS", []tcase{
		{name: "pass - enforce, the MX named", res: mx(nil)},
		{name: "pass - enforce, a wildcard pattern", res: mxHost("mx1.example.net", func(m *dnsprobe.MTASTS) { m.Policy.MX = []string{"*.example.net"} })},
		{name: "pass - enforce, names compared without case or trailing dot", res: mxHost("Mail.Example.FR.", func(m *dnsprobe.MTASTS) { m.Policy.MX = []string{"mail.example.fr"} })},
		{name: "fail - enforce, a wildcard covers one label only", res: mxHost("a.b.example.net", func(m *dnsprobe.MTASTS) { m.Policy.MX = []string{"*.example.net"} }),
			why: []string{"matches none of its mx patterns (*.example.net)"}},
		{name: "fail - enforce, this MX not named", res: mxHost("backup.example.org", nil), why: []string{"senders that honour it refuse to deliver here"}},
		{name: "warn - testing", res: mx(func(m *dnsprobe.MTASTS) { m.Policy.Mode = "testing" }), why: []string{"mode testing"}},
		{name: "warn - testing, this MX not named either", res: mxHost("backup.example.org", func(m *dnsprobe.MTASTS) { m.Policy.Mode = "testing" }),
			why: []string{"does not name backup.example.org"}},
		{name: "info - mode none", res: mx(func(m *dnsprobe.MTASTS) { m.Policy.Mode = "none" })},
		{name: "info - no MTA-STS record", res: mx(func(m *dnsprobe.MTASTS) {
			m.Record, m.Records, m.ID, m.Policy = dnsprobe.Lookup{State: dnsprobe.Absent, NXDomain: true}, nil, "", nil
		})},
		{name: "fail - two STSv1 records", res: mx(func(m *dnsprobe.MTASTS) {
			m.Records, m.ID, m.RecordProblem, m.Policy = []string{"v=STSv1; id=1", "v=STSv1; id=2"}, "", "2 STSv1 records", nil
		}), why: []string{"2 STSv1 records"}},
		{name: "fail - policy behind a bad certificate", res: mx(func(m *dnsprobe.MTASTS) {
			*m.Policy = dnsprobe.MTASTSPolicy{URL: m.Policy.URL, MaxAge: -1, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonCertificate, Detail: "x509: certificate is valid for www.example.fr"}}
		}), why: []string{"cannot be fetched (certificate: x509"}},
		{name: "fail - policy host does not answer", res: mx(func(m *dnsprobe.MTASTS) {
			*m.Policy = dnsprobe.MTASTSPolicy{URL: m.Policy.URL, MaxAge: -1, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonUnreachable, Detail: "connection refused"}}
		})},
		{name: "fail - invalid policy", res: mx(func(m *dnsprobe.MTASTS) { m.Policy.Problems = []string{"no max_age"} }), why: []string{"no max_age"}},
		{name: "incomplete - policy fetch timed out", res: mx(func(m *dnsprobe.MTASTS) {
			*m.Policy = dnsprobe.MTASTSPolicy{URL: m.Policy.URL, MaxAge: -1, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonTimeout, Detail: "no answer in 10s"}}
		})},
		{name: "incomplete - record lookup failed", res: mx(func(m *dnsprobe.MTASTS) {
			m.Record, m.Records, m.ID, m.Policy = dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonServFail}}, nil, "", nil
		})},
		{name: "incomplete - a record, no policy fetched", res: mx(func(m *dnsprobe.MTASTS) { m.Policy = nil })},
	})
}

// The domain's TLS-RPT record is noted as it was read: where reports go,
// why a record gives none, or that there is none.
func TestMTASTSNotesTLSRPT(t *testing.T) {
	r := ruleByID(t, "DNS-MTASTS")
	for _, tc := range []struct {
		name string
		edit func(m *dnsprobe.MTASTS)
		note string
	}{
		{"report URIs", nil, "TLS-RPT reports go to mailto:"},
		{"a record without rua", func(m *dnsprobe.MTASTS) {
			m.TLSRPTRecords, m.RUA, m.TLSRPTProblem = []string{"v=TLSRPTv1;"}, nil, "no rua field"
		}, "the TLS-RPT record _smtp._tls.example.fr is not usable (no rua field): failures go unreported"},
		{"no record", func(m *dnsprobe.MTASTS) {
			m.TLSRPT, m.TLSRPTRecords, m.RUA = dnsprobe.Lookup{State: dnsprobe.Absent, NXDomain: true}, nil, nil
		}, "no TLS-RPT record (_smtp._tls.example.fr)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := one(t, r, mx(tc.edit), rules.Context{})
			if !slices.ContainsFunc(f.Evidence.Notes, func(n string) bool { return strings.Contains(n, tc.note) }) {
				t.Errorf("notes %q lack %q", f.Evidence.Notes, tc.note)
			}
		})
	}
}
