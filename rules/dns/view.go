// Package dnsrules is the DNS rule family: the ANSSI crypto-mechanisms
// rules applied to a zone's DNSSEC keys and to the DS digests at its
// parent (ANSSI-CRYPTO-DnssecHash, ANSSI-CRYPTO-DnssecFact), TLSA (DANE)
// records checked against the certificate actually served (DNS-TLSA), the
// CAs a CAA set authorises, classified by jurisdiction (DNS-CAA), and the
// MTA-STS policy of the mail domain an MX serves (DNS-MTASTS). One
// file per rule, named after its ID; this file holds what they share.
//
// The rules read the dnsprobe.Observation of the endpoint's host name in
// scanner.Result.DNS. A result without one is not graded by these rules
// (not_applicable): the DNS probe did not run for it (an IP address, or
// --no-dns-checks).
package dnsrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/dns/dnsfact"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// Attach gives r its DNS observation (nil removes it) and returns r.
func Attach(r *scanner.Result, o *dnsprobe.Observation) *scanner.Result {
	r.DNS = o
	return r
}

// Observation returns the DNS observation of r, or nil.
func Observation(r *scanner.Result) *dnsprobe.Observation { return r.DNS }

// Facts of this family, for rules.Rule.Reads and evidence.
const (
	FactDNSKEY       = dnsfact.DNSKEY
	FactDS           = dnsfact.DS
	FactTLSA         = dnsfact.TLSA
	FactCAA          = dnsfact.CAA
	FactMTASTS       = dnsfact.MTASTS
	FactCertificates = fixture.FactCertificates // the chains the endpoint served
)

// readsVersion is the version the family's Reads carry: dnsfact.Carrier,
// the version rules/fixture's mutations of the DNS facts carry too.
const readsVersion = dnsfact.Carrier

// reads declares the DNS facts a rule reads.
func reads(kinds ...rules.FactKind) []rules.Fact {
	out := make([]rules.Fact, len(kinds))
	for i, k := range kinds {
		out[i] = rules.Fact{Kind: k, Version: readsVersion}
	}
	return out
}

// Evidence kinds of this family.
const (
	itemZone   rules.ItemKind = "zone"
	itemDNSKEY rules.ItemKind = "dnskey"
	itemDS     rules.ItemKind = "ds"
	itemTLSA   rules.ItemKind = "tlsa"
	itemCAA    rules.ItemKind = "caa"
	itemMTASTS rules.ItemKind = "mta_sts"
)

func b1Ref(item, section string) rules.Reference {
	return rules.Reference{Document: rules.CryptoGuide.Name, Edition: rules.CryptoGuide.Edition, Item: item, Section: section}
}

// hasObservation is the Applies of every rule of the family.
func hasObservation(r *scanner.Result, _ rules.Context) bool { return Observation(r) != nil }

// notSSH is the Applies of the rules about TLS certificates (CAA): a DNS
// observation of a name scanned as TLS. An SSH endpoint's name is not
// asked for CAA (dnsprobe.ProbeSSH).
func notSSH(r *scanner.Result, c rules.Context) bool {
	return hasObservation(r, c) && r.SSH == nil && r.Endpoint.Protocol != "ssh"
}

// evidence gathers a rule's judged items, unknown facts and notes.
type evidence struct {
	ev rules.Evidence
}

func (e *evidence) item(kind rules.ItemKind, name string, bits int, st rules.Status, why string) {
	e.ev.Items = append(e.ev.Items, rules.Item{Kind: kind, Name: name, Bits: bits, Status: st, Why: why})
}

func (e *evidence) unknown(fact rules.FactKind, p *dnsprobe.Problem, what string) {
	u := rules.UnknownFact{Fact: fact, State: "unknown", Detail: what}
	if p != nil {
		u.Reason, u.Detail = scannerReason(p.Reason), what+": "+p.Error()
		if p.Reason == dnsprobe.ReasonNotTested {
			u.State = "not_tested"
		}
	}
	e.ev.Unknown = append(e.ev.Unknown, u)
}

// scannerReason is the scanner.Reason a DNS reason is, where the two
// overlap; "" for the reasons only DNS has (servfail, refused, rcode,
// network, too_deep), which the detail carries. A finding's evidence
// speaks scanner.Reason: the event schema accepts no other word there.
func scannerReason(r dnsprobe.Reason) scanner.Reason {
	switch r {
	case dnsprobe.ReasonTimeout:
		return scanner.ReasonTimeout
	case dnsprobe.ReasonMalformed:
		return scanner.ReasonMalformed
	case dnsprobe.ReasonNotTested:
		return scanner.ReasonNotTested
	case dnsprobe.ReasonCanceled:
		return scanner.ReasonCanceled
	}
	return ""
}

func (e *evidence) checked(fact rules.FactKind, state string, count int) {
	e.ev.Checked = append(e.ev.Checked, rules.Checked{Fact: fact, State: state, Count: count})
}

func (e *evidence) note(format string, args ...any) {
	e.ev.Notes = append(e.ev.Notes, fmt.Sprintf(format, args...))
}

// finding rolls the evidence up into the rule's finding.
func (e *evidence) finding(pass, offence string) []rules.Finding {
	return e.ev.FindingOrInfo(pass, offence, rules.ListItems)
}

// zoneName is how evidence names the zone.
func zoneName(d *dnsprobe.DNSSEC) string {
	if d.Zone == "" {
		return "(zone unknown)"
	}
	return strings.TrimSuffix(d.Zone, ".")
}

// zoneFacts records what the DNSSEC rules need to know of the zone, and
// says whether the zone's keys were read (signed or not).
func (e *evidence) zoneFacts(d *dnsprobe.DNSSEC) (keysKnown bool) {
	switch d.DNSKEY.State {
	case dnsprobe.Present:
		e.checked(FactDNSKEY, "present", len(d.Keys))
		keysKnown = true
	case dnsprobe.Absent:
		e.checked(FactDNSKEY, "absent", 0)
		keysKnown = true
	default:
		e.unknown(FactDNSKEY, d.DNSKEY.Unknown, "DNSKEY set of "+zoneName(d))
	}
	switch d.DS.State {
	case dnsprobe.Present:
		e.checked(FactDS, "present", len(d.DSRecords))
	case dnsprobe.Absent:
		e.checked(FactDS, "absent", 0)
	default:
		if d.Zone != "." {
			e.unknown(FactDS, d.DS.Unknown, "DS set of "+zoneName(d)+" at its parent")
		}
	}
	return keysKnown
}

// unsigned reports an unsigned zone: information, not a judgement. The
// ANSSI documents cryptoscan grades against say nothing of DNSSEC
// deployment.
func (e *evidence) unsigned(d *dnsprobe.DNSSEC) {
	e.item(itemZone, zoneName(d), 0, rules.Info, "the zone is not signed (no DNSKEY): no DNSSEC key to grade")
}

// keyName names a DNSKEY in evidence.
func keyName(d *dnsprobe.DNSSEC, k dnsprobe.DNSKEY) string {
	role := "ZSK"
	if k.SEP {
		role = "KSK"
	}
	return fmt.Sprintf("%s DNSKEY %d (%s, %s)", zoneName(d), k.KeyTag, role, k.AlgorithmName)
}

func dsName(d *dnsprobe.DNSSEC, ds dnsprobe.DS) string {
	return fmt.Sprintf("%s DS %d (%s, digest %s)", zoneName(d), ds.KeyTag, ds.AlgorithmName, ds.DigestTypeName)
}
