package dnsrules

import (
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func init() {
	register(&rules.Rule{
		ID:        "DNS-MTASTS",
		Title:     "The mail domain enforces MTA-STS for this MX",
		Reference: rules.Reference{Document: "RFC 8461 (SMTP MTA Strict Transport Security)", Edition: "2018", Item: "MTA-STS", Section: "§3, §4"},
		Severity:  rules.Medium,
		Description: "An SMTP server found as an MX of a mail domain is protected against STARTTLS stripping only if the " +
			"domain publishes an MTA-STS policy in enforce mode that names it (RFC 8461). The domain's _mta-sts TXT " +
			"record and its policy, fetched over HTTPS from mta-sts.DOMAIN with the certificate validated, are graded: " +
			"an enforce policy whose mx patterns match the endpoint's host name (§4.1: exact, or a leftmost-label " +
			"wildcard) passes; a testing policy warns (senders report failures but still deliver); a policy in mode " +
			"none, or no MTA-STS record, is information. It fails when the policy is broken: several STSv1 records or a " +
			"malformed one, a policy that cannot be fetched (certificate, HTTP status, redirect, media type, size), an " +
			"invalid policy, or an enforce policy that does not name this MX (senders that honour it refuse to deliver " +
			"here). A fetch that timed out leaves the rule incomplete. The MX certificate's validity, which enforcing " +
			"senders also require, is graded by ANSSI-TLS-R29 and ANSSI-TLS-R34; the TLS-RPT record (RFC 8460) is noted. " +
			"Applies to SMTP endpoints found through a domain's MX records; an endpoint given directly has no mail domain.",
		Fix: "Publish \"v=STSv1; id=...\" at _mta-sts.DOMAIN and a policy at https://mta-sts.DOMAIN/.well-known/mta-sts.txt " +
			"(version: STSv1, mode: enforce, one mx line per MX host or *.pattern, max_age: 604800 or more), served with a " +
			"valid certificate; add a TLS-RPT record (_smtp._tls.DOMAIN \"v=TLSRPTv1; rua=mailto:...\") to hear of failures.",
		Reads:   reads(FactMTASTS),
		Applies: appliesMTASTS,
		Check:   checkMTASTS,
		Fixtures: ruleFixtures(func() (*scanner.Result, *scanner.Result) {
			fail := fixture.CompliantMX().Result()
			fail.DNS.MTASTS.Policy.Mode = "testing"
			return fixture.CompliantMX().Result(), fail
		}),
	})
}

// appliesMTASTS: the endpoint is an MX whose domain's MTA-STS facts were
// asked.
func appliesMTASTS(r *scanner.Result, _ rules.Context) bool {
	return r.DNS != nil && r.DNS.MTASTS != nil
}

// mxMatches says whether host matches an mx pattern of an MTA-STS policy
// (RFC 8461 §4.1): the same name, or "*." and a domain of which host is
// one label below; case-insensitive, trailing dots ignored.
func mxMatches(host, pattern string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	pattern = strings.ToLower(strings.TrimSuffix(pattern, "."))
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		label, parent, found := strings.Cut(host, ".")
		return found && label != "" && parent == rest
	}
	return host == pattern
}

func checkMTASTS(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	m := r.DNS.MTASTS
	host := strings.TrimSuffix(r.Endpoint.Host, ".")
	name := "MTA-STS " + m.Domain
	switch {
	case m.Record.State == dnsprobe.Unknown:
		e.unknown(FactMTASTS, m.Record.Unknown, "the TXT record _mta-sts."+m.Domain)
		return e.finding("", "")
	case len(m.Records) == 0:
		e.item(itemMTASTS, name, 0, rules.Info, "no MTA-STS record: senders fall back to opportunistic STARTTLS, which an attacker on the path can strip")
		e.tlsrpt(m)
		return e.finding("", "")
	case m.RecordProblem != "":
		e.item(itemMTASTS, name, 0, rules.Fail, "the _mta-sts record gives no policy: "+m.RecordProblem)
		return e.finding("", "MTA-STS broken")
	case m.Policy == nil:
		e.unknown(FactMTASTS, &dnsprobe.Problem{Reason: dnsprobe.ReasonNotTested, Detail: "the policy was not fetched"}, "the policy of "+m.Domain)
		return e.finding("", "")
	}
	p := m.Policy
	e.checked(FactMTASTS, "policy "+p.Mode, len(p.MX))
	e.tlsrpt(m)
	if !p.Fetched {
		switch u := p.Unknown; {
		case u == nil:
			e.unknown(FactMTASTS, nil, "the policy "+p.URL+" was not fetched, and the reason was not recorded")
		case u.Reason == dnsprobe.ReasonTimeout || u.Reason == dnsprobe.ReasonCanceled || u.Reason == dnsprobe.ReasonNetwork:
			e.unknown(FactMTASTS, u, "the policy "+p.URL)
		default:
			e.item(itemMTASTS, name, 0, rules.Fail, "the policy "+p.URL+" cannot be fetched ("+u.Error()+"): senders apply none")
		}
		return e.finding("", "MTA-STS broken")
	}
	if len(p.Problems) > 0 {
		e.item(itemMTASTS, name, 0, rules.Fail, "the policy is invalid: "+strings.Join(p.Problems, "; "))
		return e.finding("", "MTA-STS broken")
	}
	matched := false
	for _, pat := range p.MX {
		matched = matched || mxMatches(host, pat)
	}
	switch p.Mode {
	case "none":
		e.item(itemMTASTS, name, 0, rules.Info, "the policy is withdrawn (mode none)")
	case "testing":
		why := "mode testing: senders report failures (TLS-RPT) but still deliver, in clear if STARTTLS is stripped"
		if !matched {
			why += "; and it does not name " + host + " (mx " + strings.Join(p.MX, ", ") + ")"
		}
		e.item(itemMTASTS, name, 0, rules.Warn, why)
	case "enforce":
		if matched {
			e.item(itemMTASTS, name, 0, rules.Pass, "enforce, and "+host+" matches its mx patterns")
		} else {
			e.item(itemMTASTS, name, 0, rules.Fail, "enforce, but "+host+" matches none of its mx patterns ("+strings.Join(p.MX, ", ")+"): senders that honour it refuse to deliver here")
		}
	default:
		// A fetched policy without problems has a known mode; this is
		// a fact recorded otherwise.
		e.unknown(FactMTASTS, nil, "the policy's mode "+p.Mode+" is not one RFC 8461 defines")
	}
	return e.finding(m.Domain+" enforces MTA-STS, and its policy names "+host, "MTA-STS not enforced for this MX")
}

// tlsrpt notes the domain's TLS-RPT record.
func (e *evidence) tlsrpt(m *dnsprobe.MTASTS) {
	switch {
	case len(m.RUA) > 0:
		e.note("TLS-RPT reports go to %s", strings.Join(m.RUA, ", "))
	case m.TLSRPTProblem != "":
		e.note("the TLS-RPT record _smtp._tls.%s is not usable (%s): failures go unreported", m.Domain, m.TLSRPTProblem)
	case m.TLSRPT.State == dnsprobe.Unknown:
		e.note("the TLS-RPT record _smtp._tls.%s could not be read", m.Domain)
	default:
		e.note("no TLS-RPT record (_smtp._tls.%s): failures go unreported", m.Domain)
	}
}
