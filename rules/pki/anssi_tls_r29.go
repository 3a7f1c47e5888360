package pkirules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

const oidSubjectAltName = "2.5.29.17"

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R29",
		Title:     "The certificate names the service in a non-critical SAN dNSName",
		Reference: tlsRef("R29", "§3.1.2"),
		Severity:  rules.High,
		Description: "A server certificate must carry a non-critical SubjectAlternativeName with at least one dNSName " +
			"matching the service's name. Graded from the scanner's RFC 6125 match of each chain's leaf against the name " +
			"the probes asked for (the SNI, or the IP address when none was sent): a dNSName match passes; a match by the " +
			"subject common name alone fails (no dNSName); an iPAddress match of an endpoint scanned by address is a " +
			"warning (R29 asks for a DNS name; scan the endpoint by name); no match fails.",
		Fix:     "Have the certificate re-issued with the service's names as dNSName entries of a non-critical SubjectAlternativeName.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR29,
		Fixtures: func() rules.Fixtures {
			mismatch := fixture.CompliantChain()
			mismatch.Report.HostnameMatch, mismatch.Report.MatchedBy = false, ""
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Chains(mismatch, fixture.CompliantChain13()).Result(),
			}
		},
	})
}

func checkR29(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, ch := range w.chains {
		c := ch.leaf()
		if c.desc == nil {
			continue
		}
		known := true
		for _, u := range ch.f.Unknown {
			if u.Fact == "hostname_match" {
				w.unknownAt(ch, "hostname_match_unknown", "chain "+itoa(ch.idx)+": the name match could not be established ("+u.Reason+")")
				known = false
			}
		}
		if !known {
			continue
		}
		name := ch.f.ServerName
		switch {
		case !ch.f.HostnameMatch:
			w.item(c, rules.Fail, "does not match "+orUnknown(name))
		case ch.f.MatchedBy == pki.MatchedCN:
			w.item(c, rules.Fail, "matches "+name+" by its subject common name only: no SubjectAlternativeName dNSName")
		case ch.f.MatchedBy == pki.MatchedSANIP:
			w.item(c, rules.Warn, "matches "+name+" by an iPAddress: the endpoint was scanned by address, R29 asks for a DNS name")
		case ch.f.MatchedBy != pki.MatchedSANDNS:
			w.unknownAt(ch, "hostname_match_unknown", "chain "+itoa(ch.idx)+": matched by "+orUnknown(ch.f.MatchedBy))
		default:
			if _, critical := hasExtension(c.desc, oidSubjectAltName); critical {
				w.item(c, rules.Fail, "the SubjectAlternativeName is critical")
			}
		}
	}
	return w.finding("every leaf names the service in a non-critical SubjectAlternativeName dNSName",
		"leaves that do not name the service in a non-critical SAN dNSName")
}
