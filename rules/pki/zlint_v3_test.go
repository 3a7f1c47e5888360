package pkirules_test

import (
	"crypto/x509"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestZlint(t *testing.T) {
	publicLeaf := func(edit func(*x509.Certificate)) fixture.Cert { return leafWith(edit, nil) }
	privateLeaf := func(edit func(*x509.Certificate)) fixture.Cert {
		t := fixture.LeafTemplate("example.fr")
		t.SubjectKeyId = nil
		if edit != nil {
			edit(t)
		}
		return fixture.ExempleIssuing().Issue(t, fixture.CompliantLeaf().Key)
	}
	long := func(t *x509.Certificate) { t.NotAfter = t.NotBefore.Add(397 * 24 * time.Hour) }
	noSAN := func(t *x509.Certificate) { t.DNSNames = nil; t.Subject.CommonName = "example.fr" }
	negative := fixture.HARICARoot().IssueOdd(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key, fixture.Odd{Serial: big.NewInt(-4242)})
	root := fixture.ExempleRoot()
	for _, tc := range []struct {
		name string
		res  *scanner.Result
		// want lists the findings, each "RULE-ID status", in order.
		want []string
	}{
		{"pass - the compliant leaf under a public root; the served public root is not linted", compliant().Result(),
			[]string{"ZLINT-v3 pass"}},
		{"fail - negative serial number under a public root", withLeaf(negative).Result(),
			[]string{"ZLINT-e_serial_number_not_positive fail"}},
		{"fail - no SAN under a public root", withLeaf(publicLeaf(noSAN)).Result(),
			[]string{"ZLINT-e_subject_common_name_not_exactly_from_san fail", "ZLINT-e_ext_san_missing fail", "ZLINT-w_subject_common_name_included warn"}},
		{"fail - 397 days under a public root (CA/B Forum: 199 since 2026-03-15)", withLeaf(publicLeaf(long)).Result(),
			[]string{"ZLINT-e_server_cert_valid_time_longer_than_200_days fail", "ZLINT-w_server_cert_valid_time_longer_than_199_days warn", "ZLINT-w_tls_server_cert_valid_time_longer_than_397_days warn"}},
		{"pass - 397 days under a private root: the CA/B Forum lints do not run", compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root, privateLeaf(long))).Result(),
			[]string{"ZLINT-v3 pass"}},
		{"pass - private chain: leaf, intermediate and served root, one summary each", compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
			privateLeaf(nil), fixture.ExempleIssuing(), root)).Result(),
			[]string{"ZLINT-v3 pass", "ZLINT-v3 pass", "ZLINT-v3 pass"}},
		{"warn - private leaf without a subject key identifier", compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", &root,
			privateLeaf(func(t *x509.Certificate) { t.SubjectKeyId = []byte{} }))).Result(),
			[]string{"ZLINT-w_ext_subject_key_identifier_missing_sub_cert warn"}},
		{"incomplete - certificates unparseable", unparseable(compliant().Result()), []string{"ZLINT-v3 incomplete", "ZLINT-v3 incomplete"}},
		{"incomplete - TLS 1.3 only, no chain observed", tls13Only(), []string{"ZLINT-v3 incomplete"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := rules.ByID("ZLINT-v3")
			c := rules.Context{Profile: rules.Profiles()[0], Time: evalTime}
			fs := rules.EvaluateRule(r, tc.res, c)
			var got []string
			for _, f := range fs {
				got = append(got, f.RuleID+" "+string(f.Status))
				if f.Message == "" || f.Reference.Document != "zlint" || f.Reference.Section == "" {
					t.Errorf("%s: message %q, reference %+v", f.RuleID, f.Message, f.Reference)
				}
				if f.Status == rules.Fail || f.Status == rules.Warn {
					if len(f.Evidence.Offending()) != 1 || f.Reference.Item == "" || !strings.HasPrefix(f.Reference.Item, strings.TrimPrefix(f.RuleID, "ZLINT-")) {
						t.Errorf("%s: evidence %+v, reference %+v", f.RuleID, f.Evidence, f.Reference)
					}
				}
				if f.Status == rules.Incomplete && len(f.Evidence.Unknown) == 0 {
					t.Errorf("incomplete without the unknown fact")
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("findings %q, want %q", got, want)
			}
		})
	}
}

// TestZlintPassSummary: a clean certificate's finding counts the lints.
func TestZlintPassSummary(t *testing.T) {
	r, _ := rules.ByID("ZLINT-v3")
	fs := rules.EvaluateRule(r, compliant().Result(), rules.Context{Profile: rules.Profiles()[0], Time: evalTime})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "lints passed on leaf example.fr") ||
		len(fs[0].Evidence.Checked) != 1 || fs[0].Evidence.Checked[0].Count < 100 {
		t.Fatalf("%+v", fs)
	}
}

// TestZlintWaiverPerLint: a waiver names the lint's ID.
func TestZlintWaiverPerLint(t *testing.T) {
	r, _ := rules.ByID("ZLINT-v3")
	negative := fixture.HARICARoot().IssueOdd(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key, fixture.Odd{Serial: big.NewInt(-1)})
	c := rules.Context{Profile: rules.Profiles()[0], Time: evalTime, Waivers: []rules.Waiver{
		{RuleID: "ZLINT-e_serial_number_not_positive", Expires: evalTime.Add(time.Hour), Reason: "re-issue scheduled"}}}
	fs := rules.EvaluateRule(r, withLeaf(negative).Result(), c)
	if len(fs) != 1 || fs[0].Status != rules.Waived || fs[0].RuleID != "ZLINT-e_serial_number_not_positive" {
		t.Fatalf("%+v", fs)
	}
}
