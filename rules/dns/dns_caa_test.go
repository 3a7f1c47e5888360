package dnsrules_test

import (
	"slices"
	"strings"
	"testing"

	dnsrules "github.com/cryptoscan/cryptoscan/rules/dns"
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func caa(recs ...dnsprobe.CAARecord) func(o *dnsprobe.Observation) {
	return func(o *dnsprobe.Observation) { o.CAA.Records = recs }
}

func issue(tag, value string) dnsprobe.CAARecord {
	issuer, params, malformed := dnsprobe.ParseIssueValue(value)
	return dnsprobe.CAARecord{Tag: tag, Value: value, Issuer: issuer, Parameters: params, Malformed: malformed}
}

func TestCAA(t *testing.T) {
	runCases(t, "DNS-CAA", []tcase{
		{name: "pass - HARICA only, no wildcard", res: dns(nil)},
		{name: "pass - D-Trust and Actalis", res: dns(caa(issue("issue", "d-trust.net"), issue("issue", "actalis.it; validationmethods=dns-01")))},
		{name: "pass - no CA at all", res: dns(caa(issue("issue", ";")))},
		{name: "warn - Let's Encrypt authorised", res: dns(caa(issue("issue", "harica.gr"), issue("issue", "letsencrypt.org"))),
			why: []string{`CAA issue "letsencrypt.org" at example.fr: authorises Internet Security Research Group (letsencrypt.org; HQ US), class other`}},
		{name: "warn - GlobalSign: EU entity under Japanese control", res: dns(caa(issue("issue", "globalsign.com"))),
			why: []string{"GlobalSign nv-sa (globalsign.com; HQ BE, controlling parent in JP), class EU-entity-non-EU-control"}},
		{name: "warn - wildcard issuance by Sectigo", res: dns(caa(issue("issue", "harica.gr"), issue("issuewild", "sectigo.com"))),
			why: []string{`CAA issuewild "sectigo.com"`, "class other"}},
		{name: "warn - Buypass (EEA)", res: dns(caa(issue("ISSUE", "buypass.com"))), why: []string{"class EEA"}},
		{name: "warn - Certigna: EU on unverified facts", res: dns(caa(issue("issue", "certigna.fr"))),
			why: []string{"Certigna (certigna.fr; HQ FR), class EU, but control is not confirmed"}},
		{name: "warn - an issuer domain the table does not know", res: dns(caa(issue("issue", "ca.example.net"))),
			why: []string{"ca.example.net, which cryptoscan's CAA table does not know"}},
		{name: "info - no issue property restricts nothing", res: dns(caa(issue("issuewild", ";"), dnsprobe.CAARecord{Tag: "iodef", Value: "mailto:x@example.fr"})),
			why: []string{"has no issue property"}},
		{name: "info - malformed value", res: dns(caa(issue("issue", "harica.gr"), issue("issue", "not a domain"))), why: []string{"malformed value"}},
		{name: "info - no CAA set", res: dns(func(o *dnsprobe.Observation) {
			o.CAA = dnsprobe.CAA{Lookup: dnsprobe.Lookup{State: dnsprobe.Absent}, Asked: []string{"www.example.fr.", "example.fr.", "fr."}}
		}), why: []string{"no CAA set at www.example.fr, example.fr, fr: any CA may issue"}},
		{name: "incomplete - SERVFAIL on the climb", res: dns(func(o *dnsprobe.Observation) {
			o.CAA = dnsprobe.CAA{Lookup: dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonServFail}},
				Asked: []string{"www.example.fr.", "example.fr."}}
		})},
		{name: "warn - a non-EU CA beside an unknown level is still reported", res: dns(caa(issue("issue", "pki.goog"))), why: []string{"Google Trust Services LLC"}},
	})
}

// Every owner of the CAA table is in the jurisdiction data, and the table
// covers the issuer domains the reference names.
func TestCAADomains(t *testing.T) {
	db := jurisdiction.Default()
	data := readCSVDomains(t)
	if len(data) < 50 {
		t.Fatalf("%d rows", len(data))
	}
	for _, dom := range data {
		d, ok := dnsrules.LookupCAADomain(dom)
		if !ok {
			t.Fatalf("%s not found", dom)
		}
		if _, ok := db.Owner(d.Owner); !ok {
			t.Errorf("%s: owner %q is not in the jurisdiction data", dom, d.Owner)
		}
	}
	for dom, owner := range map[string]string{"letsencrypt.org": "Internet Security Research Group", "certigna.fr": "Certigna",
		"globalsign.com": "GlobalSign nv-sa", "harica.gr": "HARICA", "Pki.Goog.": "Google Trust Services LLC"} {
		if d, ok := dnsrules.LookupCAADomain(dom); !ok || d.Owner != owner {
			t.Errorf("%s: %+v, want %s", dom, d, owner)
		}
	}
	if !slices.IsSorted(data) {
		t.Errorf("caa-domains.csv is not sorted by domain")
	}
}

func readCSVDomains(t *testing.T) []string {
	t.Helper()
	b, err := readFile("data/caa-domains.csv")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		dom, _, _ := strings.Cut(line, ",")
		out = append(out, dom)
	}
	return out
}
