package rules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Finding is the outcome of one rule on one endpoint.
type Finding struct {
	RuleID   string           `json:"rule_id"`
	Title    string           `json:"title"`
	Status   Status           `json:"status"`
	Severity Severity         `json:"severity"` // the rule's; it matters for statuses other than pass and not_applicable
	Endpoint scanner.Endpoint `json:"endpoint"`
	Message  string           `json:"message"`
	Evidence Evidence         `json:"evidence"`
	// Reference is the rule's source; Reference.String() is the one-line
	// citation.
	Reference Reference `json:"reference"`
	Fix       string    `json:"fix,omitempty"`
	// Graded is the status the rule gave before the profile or a waiver
	// changed it (degraded under anssi-strict, fail or degraded when
	// waived); empty when unchanged.
	Graded Status  `json:"graded,omitempty"`
	Waiver *Waiver `json:"waiver,omitempty"`
}

// ItemKind names what an evidence item is.
type ItemKind string

const (
	ItemVersion     ItemKind = "version"
	ItemCipherSuite ItemKind = "cipher_suite"
	ItemGroup       ItemKind = "group"
	ItemDHParams    ItemKind = "dh_params"
	ItemServerOrder ItemKind = "server_order"
	ItemExtension   ItemKind = "extension"
)

// Item is one thing a rule judged: a version, a suite under a version, a
// group, a DH prime, an extension. Non-passing findings name their
// offending items; Status says how each was graded.
type Item struct {
	Kind    ItemKind        `json:"kind"`
	Version scanner.Version `json:"version,omitempty"`
	Code    *scanner.Code   `json:"code,omitempty"`
	Name    string          `json:"name,omitempty"`
	Bits    int             `json:"bits,omitempty"`
	Status  Status          `json:"status"`
	Why     string          `json:"why"`
}

// UnknownFact is a fact a rule needed and could not read.
type UnknownFact struct {
	Fact    FactKind        `json:"fact"`
	Version scanner.Version `json:"version,omitempty"`
	State   string          `json:"state"` // unknown, partial, not_tested, scope_noncompliant, missing
	Reason  scanner.Reason  `json:"reason,omitempty"`
	Detail  string          `json:"detail,omitempty"`
}

// Checked is a fact a rule read, and how complete it was: what a passing
// finding rests on.
type Checked struct {
	Fact    FactKind        `json:"fact"`
	Version scanner.Version `json:"version,omitempty"`
	State   string          `json:"state"`           // supported, not_supported, complete, enforced, ...
	Count   int             `json:"count,omitempty"` // items read (suites, groups, primes)
}

// Threshold is the size a rule required, and why that size.
type Threshold struct {
	Bits  int    `json:"bits"`
	Year  int    `json:"year"`  // the year the threshold was chosen for (evaluation year or horizon)
	Basis string `json:"basis"` // "2048 bits up to 2030, 3072 from 2031"
}

// Evidence is what a finding rests on: the items judged, the facts read,
// the facts that were unknown. Lists keep the observation's order.
type Evidence struct {
	Items     []Item        `json:"items,omitempty"`
	Checked   []Checked     `json:"checked,omitempty"`
	Unknown   []UnknownFact `json:"unknown,omitempty"`
	Threshold *Threshold    `json:"threshold,omitempty"`
	Notes     []string      `json:"notes,omitempty"`
}

// Offending returns the items whose status is not pass.
func (e Evidence) Offending() []Item {
	var out []Item
	for _, it := range e.Items {
		if it.Status != Pass {
			out = append(out, it)
		}
	}
	return out
}

// Finding is a rule's one finding on e. Its message is pass when e
// passes; what is unknown, and the offending items seen so far, when it
// is incomplete; offence followed by the offending items otherwise.
// describe renders items, each family its own way.
func (e Evidence) Finding(pass, offence string, describe func([]Item) string) []Finding {
	st := e.Status()
	var msg string
	switch st {
	case Pass:
		msg = pass
	case Incomplete:
		msg = "cannot decide: " + DescribeUnknown(e.Unknown)
		if off := e.Offending(); len(off) > 0 {
			msg += "; seen so far: " + describe(off)
		}
	default:
		msg = offence + ": " + describe(e.Offending())
	}
	return []Finding{{Status: st, Message: msg, Evidence: e}}
}

// FindingOrInfo is Finding for the families whose information items are
// no offence: when e is info, its message is the items noted, without the
// offence's wording (an unsigned zone is not "DNSSEC RSA keys too small").
func (e Evidence) FindingOrInfo(pass, offence string, describe func([]Item) string) []Finding {
	if e.Status() == Info {
		return []Finding{{Status: Info, Message: describe(e.Offending()), Evidence: e}}
	}
	return e.Finding(pass, offence, describe)
}

// ListItems renders items for a message: the first four as "name: why",
// then how many more.
func ListItems(items []Item) string {
	const show = 4
	var parts []string
	for i, it := range items {
		if i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(items)-show))
			break
		}
		parts = append(parts, it.Name+": "+it.Why)
	}
	return strings.Join(parts, "; ")
}

// DescribeUnknown renders unknown facts for a message, each as
// "cipher suites of TLS 1.2 partial (timeout: detail)".
func DescribeUnknown(us []UnknownFact) string {
	parts := make([]string, 0, len(us))
	for _, u := range us {
		s := strings.ReplaceAll(string(u.Fact), "_", " ")
		if u.Version != 0 {
			s += " of " + u.Version.String()
		}
		s += " " + strings.ReplaceAll(u.State, "_", " ")
		// The reason is left out when the detail already says it.
		switch {
		case u.Detail == "" && u.Reason != "":
			s += " (" + string(u.Reason) + ")"
		case u.Reason == "" || strings.Contains(u.Detail, string(u.Reason)):
			if u.Detail != "" {
				s += " (" + u.Detail + ")"
			}
		default:
			s += " (" + string(u.Reason) + ": " + u.Detail + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// Status rolls the evidence up: the worst item, incomplete when a fact
// was unknown and no item failed, pass otherwise.
func (e Evidence) Status() Status {
	s := Pass
	for _, it := range e.Items {
		s = Worst(s, it.Status)
	}
	if len(e.Unknown) > 0 {
		s = Worst(s, Incomplete)
	}
	return s
}
