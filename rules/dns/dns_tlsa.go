package dnsrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func init() {
	register(&rules.Rule{
		ID:    "DNS-TLSA",
		Title: "TLSA (DANE) records match the certificate the endpoint serves",
		Reference: rules.Reference{Document: "RFC 6698 (DANE TLSA)", Edition: "2012, updated by RFC 7671 (2015)", Item: "TLSA",
			Section: "§2.1"},
		Severity: rules.High,
		Description: "When a TLSA set is published for the endpoint's service name (_PORT._tcp.HOST; _25._tcp for an MX " +
			"host, _443._tcp for a web server), every certificate chain the endpoint serves must match at least one of " +
			"its usable records (RFC 6698 §2.1, RFC 7671 §5): DANE-EE (3) and PKIX-EE (1) records name the leaf, DANE-TA " +
			"(2) and PKIX-TA (0) a CA certificate of the served chain, by its full certificate (selector 0) or its key " +
			"(1), exactly or by SHA-256 or SHA-512. A chain no record matches fails: DANE clients (SMTP servers under RFC " +
			"7672) refuse to deliver to it. A record that does not match beside one that does is information (a key " +
			"rollover publishes both). Records that are all unusable, or that sit in an unsigned zone, are ignored by " +
			"clients: warning. No TLSA set is information. Only the association data is compared: PKIX validation for " +
			"usages 0 and 1 is ANSSI-TLS-R34's, and the DNSSEC validation of the TLSA set is the resolver's (its AD bit " +
			"is noted).",
		Fix: "Publish a TLSA record for the certificate (or key) the server now serves before switching to it, e.g. " +
			"\"3 1 1\" with the SHA-256 of the leaf's SubjectPublicKeyInfo, and remove records of retired keys after the TTL.",
		Reads:   reads(FactTLSA, FactCertificates),
		Applies: appliesTLSA,
		Check:   checkTLSA,
		Fixtures: ruleFixtures(fixtures(func(o *dnsprobe.Observation) {
			o.TLSA[0].Records[0].Data = strings.Repeat("5a", 32) // the SHA-256 of a retired key
		})),
	})
}

// tlsaSet is the TLSA set of the endpoint's port, nil when the probe did
// not look.
func tlsaSet(o *dnsprobe.Observation, ep scanner.Endpoint) *dnsprobe.TLSASet {
	if o == nil {
		return nil
	}
	for i := range o.TLSA {
		if o.TLSA[i].Port == ep.Port && strings.EqualFold(o.TLSA[i].Host, strings.TrimSuffix(ep.Host, ".")) {
			return &o.TLSA[i]
		}
	}
	return nil
}

// appliesTLSA: the DNS probe looked for the endpoint's TLSA set.
func appliesTLSA(r *scanner.Result, _ rules.Context) bool {
	return tlsaSet(Observation(r), r.Endpoint) != nil
}

// servedChain is one chain the endpoint served, as DER.
type servedChain struct {
	index int
	ders  [][]byte
	leaf  string // SHA-256 of the leaf
}

// servedChains reads the served chains; missing says what could not be read.
func servedChains(r *scanner.Result) (chains []servedChain, missing []string) {
	if r.TLS == nil || len(r.TLS.Certificates) == 0 {
		return nil, []string{"no certificate chain was observed"}
	}
	der := make(map[string][]byte, len(r.Certificates))
	for _, c := range r.Certificates {
		der[c.SHA256] = c.DER
	}
	for i, ch := range r.TLS.Certificates {
		sc := servedChain{index: i}
		for k, sha := range ch.Served {
			d, ok := der[sha]
			if !ok || len(d) == 0 {
				missing = append(missing, fmt.Sprintf("certificate %d of chain %d (sha256 %s) is not recorded", k, i, sha))
				sc.ders = nil
				break
			}
			sc.ders = append(sc.ders, d)
		}
		if len(sc.ders) == 0 {
			if len(ch.Served) == 0 {
				missing = append(missing, fmt.Sprintf("chain %d has no certificate", i))
			}
			continue
		}
		sc.leaf = ch.Served[0]
		chains = append(chains, sc)
	}
	// A version that may be supported without a chain observed may serve
	// a certificate no record was checked against.
	seen := map[scanner.Version]bool{}
	for _, ch := range r.TLS.Certificates {
		for _, v := range ch.Versions {
			seen[v] = true
		}
	}
	for _, v := range scanner.Versions {
		st := scanner.StatusUnknown
		for _, f := range r.TLS.Versions {
			if f.Version == v {
				st = f.Status
			}
		}
		if !seen[v] && (st == scanner.Supported || st == scanner.StatusUnknown) {
			missing = append(missing, "no certificate chain was recorded under "+v.String())
		}
	}
	return chains, missing
}

func checkTLSA(r *scanner.Result, _ rules.Context) []rules.Finding {
	o := Observation(r)
	set := tlsaSet(o, r.Endpoint)
	var e evidence
	switch set.Lookup.State {
	case dnsprobe.Unknown:
		e.unknown(FactTLSA, set.Lookup.Unknown, "TLSA set of "+set.Name)
		return e.finding("", "")
	case dnsprobe.Absent:
		e.checked(FactTLSA, "absent", 0)
		e.item(itemTLSA, set.Name, 0, rules.Info, "no TLSA record: DANE clients cannot authenticate the endpoint from DNS")
		return e.finding("", "")
	}
	e.checked(FactTLSA, "present", len(set.Records))
	chains, missing := servedChains(r)
	for _, m := range missing {
		e.ev.Unknown = append(e.ev.Unknown, rules.UnknownFact{Fact: FactCertificates, Version: scanner.TLSv12, State: "not_observed",
			Detail: m + ": the TLSA records cannot be checked against it"})
	}
	if !set.Lookup.Authenticated {
		switch signed, known := o.DNSSEC.Signed(); {
		case !known:
			e.unknown(FactDNSKEY, o.DNSSEC.DNSKEY.Unknown, "whether "+zoneName(&o.DNSSEC)+" is signed (the resolver did not set AD on the TLSA answer)")
		case !signed:
			e.item(itemZone, zoneName(&o.DNSSEC), 0, rules.Warn, "the zone is not signed: DANE clients ignore TLSA records they cannot validate")
		default:
			e.note("the resolver did not set AD on the TLSA answer: its DNSSEC validation is not confirmed")
		}
	}
	for _, ch := range chains {
		ms := dnsprobe.MatchTLSA(set.Records, ch.ders)
		matched, usable := false, false
		for _, m := range ms {
			matched = matched || m.Result == dnsprobe.Matched
			usable = usable || m.Result != dnsprobe.Unusable
		}
		for _, m := range ms {
			name := fmt.Sprintf("%s TLSA %s on chain %d (leaf sha256 %s)", set.Name, m.Record, ch.index, ch.leaf)
			var st rules.Status
			var why string
			switch {
			case m.Result == dnsprobe.Matched:
				st, why = rules.Pass, fmt.Sprintf("%s record matches served certificate %d", dnsprobe.UsageName(m.Record.Usage), m.Certificate)
			case matched:
				// A rollover publishes the next key beside the current one.
				st, why = rules.Pass, string(m.Result)+" ("+m.Why+"), beside a record that matches"
			case m.Result == dnsprobe.Unusable && !usable:
				st, why = rules.Warn, "unusable: "+m.Why+"; with no usable record, DANE clients treat the set as absent"
			case m.Result == dnsprobe.Unusable:
				st, why = rules.Pass, "unusable ("+m.Why+"), beside usable records: ignored"
			default:
				st, why = rules.Fail, dnsprobe.UsageName(m.Record.Usage)+" record does not match: "+m.Why
			}
			e.item(itemTLSA, name, 0, st, why)
		}
	}
	return e.finding("every served chain matches a TLSA record of "+set.Name, "TLSA records do not match the served certificate")
}
