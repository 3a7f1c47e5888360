package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestLoadWaivers(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	ws, warnings, err := rules.LoadWaivers("w.yaml", strings.NewReader(`waivers:
  - rule: ANSSI-TLS-R4
    host: WWW.Example.FR.
    port: 443
    expires: 2027-03-31
    reason: legacy clients until the migration (CHG-1)
  - rule: ZLINT-e_sub_cert_aia_missing
    expires: 2026-12-01T12:00:00+01:00
    reason: the CA reissues in December
  - rule: ANSSI-TLS-R16
    expires: 2026-01-01
    reason: expired long ago
`), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 3 {
		t.Fatalf("%d waivers, want 3", len(ws))
	}
	w := ws[0]
	if w.RuleID != "ANSSI-TLS-R4" || w.Host != "www.example.fr" || w.Port != 443 || w.Source != "w.yaml:2" ||
		!w.Expires.Equal(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)) || w.Reason != "legacy clients until the migration (CHG-1)" {
		t.Errorf("first waiver %+v", w)
	}
	if !ws[1].Expires.Equal(time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)) || ws[1].Host != "" || ws[1].Port != 0 {
		t.Errorf("second waiver %+v", ws[1])
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "w.yaml:10") || !strings.Contains(warnings[0], "ANSSI-TLS-R16 expired") {
		t.Errorf("warnings %q, want one about the expired R16 waiver", warnings)
	}

	for _, tc := range []struct{ name, yaml, want string }{
		{"no reason", "waivers:\n  - rule: ANSSI-TLS-R4\n    expires: 2027-01-01\n", "w.yaml:2: entry 1: reason is required"},
		{"no expiry", "waivers:\n  - rule: ANSSI-TLS-R4\n    reason: r\n", "w.yaml:2: entry 1: expires is required"},
		{"bad date", "waivers:\n  - rule: ANSSI-TLS-R4\n    expires: next year\n    reason: r\n", "w.yaml:3: entry 1: expires \"next year\""},
		{"unknown rule", "waivers:\n  - rule: ANSSI-TLS-R99\n    expires: 2027-01-01\n    reason: r\n", "w.yaml:2: entry 1: no rule ANSSI-TLS-R99"},
		{"malformed rule", "waivers:\n  - rule: tls-r4\n    expires: 2027-01-01\n    reason: r\n", "is not a rule ID"},
		{"unknown field", "waivers:\n  - rule: ANSSI-TLS-R4\n    expires: 2027-01-01\n    reason: r\n    until: x\n", "w.yaml:5: entry 1: unknown field \"until\""},
		{"bad port", "waivers:\n  - rule: ANSSI-TLS-R4\n    port: 70000\n    expires: 2027-01-01\n    reason: r\n", "port \"70000\" is not a TCP port"},
		{"duplicate", "waivers:\n  - rule: ANSSI-TLS-R4\n    expires: 2027-01-01\n    reason: r\n  - rule: ANSSI-TLS-R4\n    expires: 2028-01-01\n    reason: s\n", "w.yaml:5: entry 2: waives ANSSI-TLS-R4 for the same host and port as the entry at line 2"},
		{"top-level typo", "waiver:\n  - rule: ANSSI-TLS-R4\n", "unknown field \"waiver\""},
		{"not a list", "waivers: ANSSI-TLS-R4\n", "must be a list"},
		{"two documents", "waivers: []\n---\nwaivers: []\n", "only one YAML document"},
		{"field given twice", "waivers:\n  - rule: ANSSI-TLS-R4\n    rule: ANSSI-TLS-R5\n    expires: 2027-01-01\n    reason: r\n", "rule given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := rules.LoadWaivers("w.yaml", strings.NewReader(tc.yaml), now)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if ws, _, err := rules.LoadWaivers("empty.yaml", strings.NewReader(""), now); err != nil || len(ws) != 0 {
		t.Errorf("empty file: %v %v", ws, err)
	}
}

// TestWaiversFromFile: a loaded waiver turns the fail it names into
// waived on the host it names, in any case, and nowhere else; once
// expired it covers nothing.
func TestWaiversFromFile(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	ws, _, err := rules.LoadWaivers("w.yaml", strings.NewReader("waivers:\n  - rule: ANSSI-TLS-R4\n    host: Example.FR\n    expires: 2026-11-30\n    reason: migration\n"), now)
	if err != nil {
		t.Fatal(err)
	}
	r4, _ := rules.ByID("ANSSI-TLS-R4")
	res := fixture.Compliant().Supported(scanner.TLSv10).Result()
	for _, tc := range []struct {
		name string
		host string
		at   time.Time
		want rules.Status
	}{
		{"covered", "example.fr", now, rules.Waived},
		{"another host", "www.example.fr", now, rules.Fail},
		{"last day", "example.fr", time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC), rules.Waived},
		{"expired", "example.fr", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), rules.Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := rules.NewContext("", 0, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			c.Waivers = ws
			r := *res
			r.Endpoint.Host = tc.host
			fs := rules.EvaluateRule(r4, &r, c)
			if len(fs) != 1 || fs[0].Status != tc.want {
				t.Fatalf("%+v, want one finding %s", fs, tc.want)
			}
			if tc.want == rules.Waived && (fs[0].Graded != rules.Fail || fs[0].Waiver == nil || fs[0].Waiver.Source != "w.yaml:2") {
				t.Errorf("waived finding %+v: want graded fail and the waiver's source", fs[0])
			}
		})
	}
}
