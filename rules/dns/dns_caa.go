package dnsrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func init() {
	register(&rules.Rule{
		ID:    "DNS-CAA",
		Title: "CAA authorises only certification authorities of EU member states",
		Reference: rules.Reference{Document: rules.SecNumCloud.Name, Edition: rules.SecNumCloud.Edition, Item: "10.6.a",
			Section: "§10.6 Racines de confiance"},
		Severity: rules.Medium,
		Description: "A reading of SecNumCloud 3.2 requirement 10.6.a (certificates only from CAs of EU member states) " +
			"applied to DNS, cryptoscan's inference rather than the requirement's letter: the CAA set governing the " +
			"endpoint's name (RFC 8659 §3: the name's own, else its closest ancestor's) says which CAs may issue " +
			"certificates for it. Each CA an issue or issuewild property authorises is identified by its issuer domain " +
			"(the CCADB \"CAA Identifiers\" report, rules/dns/data/caa-domains.csv) and classified with the CA " +
			"jurisdiction data of SNC-10.6.a: EU-established and EU-controlled passes; an EU entity under non-EU " +
			"control, an EEA, adequacy or other country, EU on unverified facts, or an issuer domain the table does not " +
			"know is a warning naming the CA and its class (the served certificate itself is graded by SNC-10.6.a). " +
			"\";\" (no CA) passes. No CAA set, or a set without an issue property, restricts nothing: information. " +
			"CAA is about TLS certificates: not applicable to an SSH endpoint, whose name is not asked for it.",
		Fix: "Publish a CAA set at the domain that authorises only the EU CAs you use, e.g. " +
			"\"0 issue \\\"certigna.fr\\\"\" and \"0 issuewild \\\";\\\"\", with an iodef contact.",
		Reads:   reads(FactCAA),
		Applies: notSSH,
		Check:   checkCAA,
		Fixtures: ruleFixtures(fixtures(func(o *dnsprobe.Observation) {
			o.CAA.Records[0] = dnsprobe.CAARecord{Tag: "issue", Value: "letsencrypt.org", Issuer: "letsencrypt.org"}
		})),
	})
}

func checkCAA(r *scanner.Result, ctx rules.Context) []rules.Finding {
	o := Observation(r)
	c := &o.CAA
	var e evidence
	asked := strings.Join(trimDots(c.Asked), ", ")
	switch c.Lookup.State {
	case dnsprobe.Unknown:
		e.unknown(FactCAA, c.Lookup.Unknown, "CAA set of "+o.Name+" (asked "+asked+")")
		return e.finding("", "")
	case dnsprobe.Absent:
		e.checked(FactCAA, "absent", 0)
		e.item(itemCAA, o.Name, 0, rules.Info, "no CAA set at "+asked+": any CA may issue certificates for the name")
		return e.finding("", "")
	}
	e.checked(FactCAA, "present", len(c.Records))
	owner := strings.TrimSuffix(c.Owner, ".")
	if !c.Lookup.Authenticated {
		e.note("the resolver did not set AD on the CAA answer: its DNSSEC validation is not confirmed")
	}
	db := ctx.CADB()
	issue := false
	var eu []string
	for _, rec := range c.Records {
		tag := strings.ToLower(rec.Tag)
		if tag != "issue" && tag != "issuewild" {
			if rec.Critical && tag != "iodef" {
				e.note("CAA at %s carries the critical property %q: a CA that does not understand it must not issue", owner, rec.Tag)
			}
			continue
		}
		issue = issue || tag == "issue"
		name := fmt.Sprintf("CAA %s %q at %s", tag, rec.Value, owner)
		if rec.Issuer == "" {
			if rec.Malformed != "" {
				e.item(itemCAA, name, 0, rules.Info, "malformed value ("+rec.Malformed+"): no CA can be read from it")
			} else {
				e.item(itemCAA, name, 0, rules.Pass, "authorises no CA")
			}
			continue
		}
		st, why := classifyIssuer(db, rec.Issuer)
		if rec.Malformed != "" {
			why += "; the value is malformed (" + rec.Malformed + ")"
		}
		if st == rules.Pass {
			eu = append(eu, rec.Issuer)
		}
		e.item(itemCAA, name, 0, st, why)
	}
	if !issue {
		e.item(itemCAA, owner, 0, rules.Info, "the CAA set at "+owner+" has no issue property: it does not restrict which CA issues non-wildcard certificates")
	}
	e.ev.Notes = append(e.ev.Notes, "CA jurisdiction data "+jurisdiction.DataVersion)
	return e.finding("the CAA set at "+owner+" authorises only EU CAs ("+strings.Join(eu, ", ")+")",
		"the CAA set authorises CAs not established and controlled in the EU")
}

// classifyIssuer grades one authorised issuer domain.
func classifyIssuer(db *jurisdiction.DB, issuer string) (rules.Status, string) {
	d, ok := LookupCAADomain(issuer)
	if !ok {
		return rules.Warn, "authorises issuer domain " + issuer + ", which cryptoscan's CAA table does not know: its CA and jurisdiction are unknown"
	}
	ow, ok := db.Owner(d.Owner)
	if !ok {
		return rules.Warn, "authorises " + d.Owner + " (" + issuer + "), which the CA jurisdiction data does not know"
	}
	where := "HQ " + ow.HQ
	if ow.ParentCountry != "" && ow.ParentCountry != ow.HQ {
		where += ", controlling parent in " + ow.ParentCountry
	}
	who := fmt.Sprintf("authorises %s (%s; %s), class %s", ow.Name, issuer, where, ow.Class)
	switch {
	case ow.Class == jurisdiction.EU && ow.EUControlled:
		return rules.Pass, who
	case ow.Class == jurisdiction.EU:
		return rules.Warn, who + ", but control is not confirmed: " + strings.Join(ow.Caveats, "; ")
	}
	return rules.Warn, who + ": a CA outside the EU may issue certificates for the name"
}

func trimDots(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, ".")
	}
	return out
}
