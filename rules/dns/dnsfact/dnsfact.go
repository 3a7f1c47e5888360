// Package dnsfact is the meta-test tooling of the DNS rule family, the
// counterpart of rules/fixture for DNS observations: an observation
// flattened into facts (to check that a rule's pass and fail fixtures
// differ by one), and the ways of making each fact unknown. It imports
// neither rules/fixture nor rules/dns, so rules/fixture may use it once
// scanner.Result carries the DNS observation.
package dnsfact

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// Kinds of DNS facts (rules.Rule.Reads).
const (
	DNSKEY rules.FactKind = "dnskey" // the zone holding the name and its DNSKEY set
	DS     rules.FactKind = "ds"     // the DS set of the zone at its parent
	TLSA   rules.FactKind = "tlsa"   // the TLSA sets of the service names
	CAA    rules.FactKind = "caa"    // the CAA set governing the host name
)

// Kinds lists every DNS fact kind the mutations can make unknown.
var Kinds = []rules.FactKind{DNSKEY, DS, TLSA, CAA}

func lookup(l dnsprobe.Lookup) string {
	s := fmt.Sprintf("%s nx=%t ad=%t", l.State, l.NXDomain, l.Authenticated)
	if l.Unknown != nil {
		s += " " + l.Unknown.Error()
	}
	return s
}

// Facts flattens an observation into facts, one key each. Stats are not
// facts.
func Facts(o *dnsprobe.Observation) map[string]string {
	m := map[string]string{}
	if o == nil {
		return m
	}
	d := o.DNSSEC
	m["dnssec zone"] = d.Zone + " " + lookup(d.ZoneLookup)
	m["dnssec dnskey"] = lookup(d.DNSKEY)
	for i, k := range d.Keys {
		m[fmt.Sprintf("dnssec key %d", i)] = fmt.Sprintf("%+v", k)
	}
	for i, s := range d.Signatures {
		m[fmt.Sprintf("dnssec signature %d", i)] = fmt.Sprintf("%+v", s)
	}
	m["dnssec ds"] = lookup(d.DS)
	for i, ds := range d.DSRecords {
		m[fmt.Sprintf("dnssec ds %d", i)] = fmt.Sprintf("%+v", ds)
	}
	m["caa"] = fmt.Sprintf("%s at %s asked %s", lookup(o.CAA.Lookup), o.CAA.Owner, strings.Join(o.CAA.Asked, ","))
	for i, r := range o.CAA.Records {
		m[fmt.Sprintf("caa record %d", i)] = fmt.Sprintf("%+v", r)
	}
	for _, s := range o.TLSA {
		m["tlsa "+s.Name] = lookup(s.Lookup)
		for i, r := range s.Records {
			m[fmt.Sprintf("tlsa %s record %d", s.Name, i)] = r.String() + " " + r.Data
		}
	}
	return m
}

// Diff names the facts that differ between two observations.
func Diff(a, b *dnsprobe.Observation) []string {
	fa, fb := Facts(a), Facts(b)
	var out []string
	for k, v := range fa {
		if w, ok := fb[k]; !ok || w != v {
			out = append(out, k)
		}
	}
	for k := range fb {
		if _, ok := fa[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Mutation makes one DNS fact unknown, in place, or narrows what is known
// of it.
type Mutation struct {
	Fact rules.FactKind
	Name string
	// Unknown is true when the mutation makes the fact unknown; false when
	// it only narrows what is known of it (the keys are listed but their
	// sizes unreadable), which only rules that need that part must treat
	// as unknown.
	Unknown bool
	Apply   func(o *dnsprobe.Observation)
}

func (m Mutation) String() string { return string(m.Fact) + ": " + m.Name }

func unknown(r dnsprobe.Reason) dnsprobe.Lookup {
	return dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: r, Detail: "mutated"}}
}

// Mutations returns every way of making a DNS fact unknown.
func Mutations() []Mutation {
	return []Mutation{
		{DNSKEY, "zone not found", true, func(o *dnsprobe.Observation) {
			d := &o.DNSSEC
			d.Zone, d.ZoneLookup = "", unknown(dnsprobe.ReasonTimeout)
			d.DNSKEY, d.DS = unknown(dnsprobe.ReasonNotTested), unknown(dnsprobe.ReasonNotTested)
			d.Keys, d.Signatures, d.DSRecords = nil, nil, nil
		}},
		{DNSKEY, "DNSKEY SERVFAIL", true, func(o *dnsprobe.Observation) {
			o.DNSSEC.DNSKEY, o.DNSSEC.Keys, o.DNSSEC.Signatures = unknown(dnsprobe.ReasonServFail), nil, nil
			for i := range o.DNSSEC.DSRecords {
				o.DNSSEC.DSRecords[i].Verdict = dnsprobe.Unchecked
			}
		}},
		{DS, "DS timeout", true, func(o *dnsprobe.Observation) {
			o.DNSSEC.DS, o.DNSSEC.DSRecords = unknown(dnsprobe.ReasonTimeout), nil
		}},
		{DNSKEY, "keys unreadable", false, func(o *dnsprobe.Observation) {
			for i := range o.DNSSEC.Keys {
				k := &o.DNSSEC.Keys[i]
				k.Bits, k.RSAExponent, k.Malformed = 0, "", "public key field is not base64"
			}
		}},
		{TLSA, "TLSA timeout", true, func(o *dnsprobe.Observation) {
			for i := range o.TLSA {
				o.TLSA[i].Lookup, o.TLSA[i].Records = unknown(dnsprobe.ReasonTimeout), nil
			}
		}},
		{CAA, "CAA SERVFAIL on the climb", true, func(o *dnsprobe.Observation) {
			o.CAA.Lookup, o.CAA.Owner, o.CAA.Records = unknown(dnsprobe.ReasonServFail), "", nil
		}},
	}
}
