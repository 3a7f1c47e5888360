package rules_test

import (
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestEvidenceFindingMessage(t *testing.T) {
	names := func(items []rules.Item) string {
		var s []string
		for _, it := range items {
			s = append(s, it.Name)
		}
		return strings.Join(s, "+")
	}
	ok := rules.Item{Name: "good", Status: rules.Pass}
	bad := rules.Item{Name: "bad", Status: rules.Fail, Why: "weak"}
	warn := rules.Item{Name: "meh", Status: rules.Warn}
	unknown := rules.UnknownFact{Fact: "cipher_suites", Version: scanner.TLSv12, State: "scope_noncompliant",
		Reason: scanner.ReasonTimeout, Detail: "after 3 suites"}
	for _, tc := range []struct {
		ev     rules.Evidence
		status rules.Status
		msg    string
	}{
		{rules.Evidence{Items: []rules.Item{ok}}, rules.Pass, "all good"},
		{rules.Evidence{Items: []rules.Item{ok, bad, warn}}, rules.Fail, "offence: bad+meh"},
		{rules.Evidence{Items: []rules.Item{ok, warn}, Unknown: []rules.UnknownFact{unknown}}, rules.Incomplete,
			"cannot decide: cipher suites of TLSv1.2 scope noncompliant (timeout: after 3 suites); seen so far: meh"},
		{rules.Evidence{Unknown: []rules.UnknownFact{{Fact: "zlint", State: "unavailable", Detail: "no lints"}, {Fact: "dns", State: "unknown", Reason: scanner.ReasonReset}}},
			rules.Incomplete, "cannot decide: zlint unavailable (no lints), dns unknown (reset)"},
		{rules.Evidence{Unknown: []rules.UnknownFact{{Fact: "ds", State: "unknown", Reason: scanner.ReasonTimeout, Detail: "DS set of example.fr: timeout"}}},
			rules.Incomplete, "cannot decide: ds unknown (DS set of example.fr: timeout)"},
		// A failing item outweighs an unknown fact.
		{rules.Evidence{Items: []rules.Item{bad}, Unknown: []rules.UnknownFact{unknown}}, rules.Fail, "offence: bad"},
	} {
		fs := tc.ev.Finding("all good", "offence", names)
		if len(fs) != 1 || fs[0].Status != tc.status || fs[0].Message != tc.msg {
			t.Errorf("%+v:\n got %+v\nwant %s %q", tc.ev, fs, tc.status, tc.msg)
		}
	}
}
