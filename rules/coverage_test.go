package rules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
)

func TestCoverageNamesOnlyRegisteredRules(t *testing.T) {
	inCoverage := map[string]bool{}
	for _, e := range rules.Coverage() {
		where := e.Document + " " + e.Item
		for _, id := range e.Rules {
			if _, ok := rules.ByID(id); !ok {
				t.Errorf("%s: claims %s, which is not registered", where, id)
			}
			inCoverage[id] = true
		}
		for _, id := range e.Planned {
			if !rules.ValidID(id) {
				t.Errorf("%s: planned ID %q is malformed", where, id)
			}
			if _, ok := rules.ByID(id); ok {
				t.Errorf("%s: %s is planned but registered: list it in Rules", where, id)
			}
		}
		switch e.Status {
		case rules.Covered:
			if len(e.Rules) == 0 {
				t.Errorf("%s: checked by no rule", where)
			}
		case rules.Partial:
			if len(e.Rules) == 0 || e.Note == "" {
				t.Errorf("%s: partial needs rules and a note", where)
			}
		case rules.Planned:
			if len(e.Rules) != 0 || len(e.Planned) == 0 {
				t.Errorf("%s: planned with rules %v, planned %v", where, e.Rules, e.Planned)
			}
		case rules.NotCheckable, rules.NotCovered:
			if len(e.Rules) != 0 || len(e.Planned) != 0 || e.Note == "" {
				t.Errorf("%s: %s needs a reason and no rule", where, e.Status)
			}
		default:
			t.Errorf("%s: status %q", where, e.Status)
		}
		if e.Requirement == "" || e.Network == "" {
			t.Errorf("%s: empty requirement or network column", where)
		}
		if placeholder.MatchString(e.Requirement + " " + e.Note) {
			t.Errorf("%s: placeholder text", where)
		}
	}
	// Coverage maps the ANSSI and SecNumCloud documents. The DNS-* rules
	// grade practices none of their items names (the ID form of rules/rule.go
	// says so): DNS-TLSA checks DANE records against RFC 6698, so no entry
	// can honestly claim it. A DNS-* rule that adds evidence to an item of
	// a mapped document names that document in its reference (DNS-CAA:
	// SecNumCloud 10.6.a) and must then appear like any other rule.
	mapped := map[string]bool{}
	for _, e := range rules.Coverage() {
		mapped[e.Document] = true
	}
	for _, r := range rules.All() {
		if inCoverage[r.ID] {
			continue
		}
		if strings.HasPrefix(r.ID, "DNS-") && !mapped[r.Reference.Document] {
			t.Logf("%s grades against %s, which coverage does not map", r.ID, r.Reference.Document)
			continue
		}
		t.Errorf("%s is registered but checks no coverage entry", r.ID)
	}
}

func TestCoverageListsEveryRecommendation(t *testing.T) {
	items := map[string][]string{}
	for _, e := range rules.Coverage() {
		items[e.Document] = append(items[e.Document], e.Item)
	}
	var tls []string
	for i := 1; i <= 39; i++ {
		tls = append(tls, fmt.Sprintf("R%d", i))
		switch i {
		case 7, 8, 9, 10, 18, 21:
			tls = append(tls, fmt.Sprintf("R%d–", i))
		}
	}
	if got := items[rules.TLSGuide.Name]; !slices.Equal(got, tls) {
		t.Errorf("TLS guide items:\n%q\nwant\n%q", got, tls)
	}
	var ssh []string
	for i := 1; i <= 31; i++ {
		ssh = append(ssh, fmt.Sprintf("R%d", i))
	}
	if got := items[rules.SSHGuide.Name]; !slices.Equal(got, ssh) {
		t.Errorf("OpenSSH guide items: %q", got)
	}
	var ipsec []string
	for i := 1; i <= 16; i++ {
		ipsec = append(ipsec, fmt.Sprintf("R%d", i))
	}
	if got := items[rules.IPsecGuide.Name]; !slices.Equal(got, ipsec) {
		t.Errorf("IPsec note items: %q", got)
	}
	for _, want := range []string{"10.1.a", "10.2.c", "10.2.d", "10.2.e", "10.6.a", "19.6.a–f"} {
		if !slices.Contains(items[rules.SecNumCloud.Name], want) {
			t.Errorf("SecNumCloud %s missing", want)
		}
	}
	if len(items) != 5 {
		t.Errorf("coverage documents: %d", len(items))
	}
}

// TestCoverageCounts logs the counts the README quotes.
func TestCoverageCounts(t *testing.T) {
	n := map[rules.CoverageStatus]int{}
	for _, e := range rules.Coverage() {
		n[e.Status]++
	}
	t.Logf("checked %d, partial %d, planned %d, not checkable %d, not covered %d",
		n[rules.Covered], n[rules.Partial], n[rules.Planned], n[rules.NotCheckable], n[rules.NotCovered])
}
