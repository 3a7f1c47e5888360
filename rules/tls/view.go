// Package tlsrules is the TLS rule family: the ANSSI TLS guide (v1.2,
// 2020) recommendations and the ANSSI crypto-mechanisms rules that can be
// decided from a TLS observation. One file per rule, named after its ID;
// this file holds what the rules share: reading facts with how well they
// are known, and turning judged items into a finding.
//
// The package is named tlsrules, not tls, so that it never shadows
// crypto/tls.
//
// Versions: the parameter rules (suites, groups, DH, extensions) grade
// TLS 1.2 and TLS 1.3, the versions ANSSI allows. Whatever an endpoint
// accepts under SSLv2 to TLS 1.1 is ANSSI-TLS-R4's offence, listed in its
// evidence, rather than the same finding again under every parameter rule;
// at compliance depth those versions' lists are not enumerated on purpose.
package tlsrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

var (
	tls12    = []scanner.Version{scanner.TLSv12}
	tls13    = []scanner.Version{scanner.TLSv13}
	allowed  = []scanner.Version{scanner.TLSv12, scanner.TLSv13}
	guide    = rules.TLSGuide
	b1       = rules.CryptoGuide
	extEMS   = scanner.Code(0x0017) // extended_master_secret, RFC 7627
	extETM   = scanner.Code(0x0016) // encrypt_then_mac, RFC 7366
	extReneg = scanner.Code(0xFF01) // renegotiation_info, RFC 5746
)

// tlsRef is a reference to the ANSSI TLS guide.
func tlsRef(item, section string) rules.Reference {
	return rules.Reference{Document: guide.Name, Edition: guide.Edition, Item: item, Section: section}
}

// b1Ref is a reference to the ANSSI crypto-mechanisms guide.
func b1Ref(item, section string) rules.Reference {
	return rules.Reference{Document: b1.Name, Edition: b1.Edition, Item: item, Section: section}
}

// reads lists the facts of kinds for versions.
func reads(vs []scanner.Version, kinds ...rules.FactKind) []rules.Fact {
	var out []rules.Fact
	for _, v := range vs {
		for _, k := range kinds {
			out = append(out, rules.Fact{Kind: k, Version: v})
		}
	}
	return out
}

// hasTLS applies a rule to every endpoint with a TLS observation.
func hasTLS(r *scanner.Result, _ rules.Context) bool { return r.TLS != nil }

// appliesTo applies a rule to endpoints where one of vs may be
// supported: not when all are known to be refused.
func appliesTo(vs ...scanner.Version) func(*scanner.Result, rules.Context) bool {
	return func(r *scanner.Result, _ rules.Context) bool {
		if r.TLS == nil {
			return false
		}
		for _, v := range vs {
			if versionFact(r.TLS, v).Status != scanner.NotSupported {
				return true
			}
		}
		return false
	}
}

func versionFact(o *scanner.TLSObservation, v scanner.Version) scanner.VersionFact {
	for _, f := range o.Versions {
		if f.Version == v {
			return f
		}
	}
	return scanner.VersionFact{Version: v, Status: scanner.StatusUnknown, Detail: "not recorded"}
}

func enumeration(o *scanner.TLSObservation, v scanner.Version, k scanner.EnumKind) (scanner.Enumeration, bool) {
	for _, e := range o.Enumerations {
		if e.Version == v && e.Kind == k {
			return e, true
		}
	}
	return scanner.Enumeration{}, false
}

// view reads an observation for one rule and gathers its evidence.
type view struct {
	o   *scanner.TLSObservation
	ctx rules.Context
	ev  rules.Evidence
}

func newView(r *scanner.Result, ctx rules.Context) *view {
	o := r.TLS
	if o == nil {
		o = &scanner.TLSObservation{}
	}
	return &view{o: o, ctx: ctx}
}

// version reads whether v is supported. known is false when it is
// unknown, which is recorded.
func (w *view) version(v scanner.Version) (supported, known bool) {
	f := versionFact(w.o, v)
	switch f.Status {
	case scanner.Supported:
		w.checked(rules.FactVersion, v, string(f.Status), 0)
		return true, true
	case scanner.NotSupported:
		w.checked(rules.FactVersion, v, string(f.Status), 0)
		return false, true
	}
	w.unknown(rules.FactVersion, v, "unknown", f.Reason, f.Detail)
	return false, false
}

// inScope reads v's status and says whether the rule should look at what
// was seen under it: supported, or unknown (what was seen is still
// graded; the unknown status keeps the rule from passing).
func (w *view) inScope(v scanner.Version) bool {
	sup, known := w.version(v)
	return sup || !known
}

func (w *view) checked(k rules.FactKind, v scanner.Version, state string, n int) {
	w.ev.Checked = append(w.ev.Checked, rules.Checked{Fact: k, Version: v, State: state, Count: n})
}

func (w *view) unknown(k rules.FactKind, v scanner.Version, state string, reason scanner.Reason, detail string) {
	w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: k, Version: v, State: state, Reason: reason, Detail: detail})
}

// list reads the enumeration of kind under supported version v and records
// how complete it is. needAll says the rule needs every accepted item, not
// only those the compliance depth names.
func (w *view) list(v scanner.Version, kind scanner.EnumKind, needAll bool, n int) bool {
	fk := rules.FactSuites
	switch kind {
	case scanner.EnumGroups:
		fk = rules.FactGroups
	case scanner.EnumSignatureSchemes:
		fk = fixture.FactSchemes
	}
	if st := versionFact(w.o, v).Status; st != scanner.Supported {
		return false // the version's status is the unknown (recorded by version)
	}
	e, ok := enumeration(w.o, v, kind)
	switch {
	case !ok:
		w.unknown(fk, v, "missing", "", "no enumeration recorded")
	case e.Status != scanner.EnumComplete:
		w.unknown(fk, v, string(e.Status), e.Reason, e.Detail)
	case needAll && e.Scope != scanner.ScopeAll:
		w.unknown(fk, v, "scope_noncompliant", scanner.ReasonNotTested,
			"compliance depth names only what ANSSI does not recommend; this rule needs every accepted item (inventory depth)")
	default:
		w.checked(fk, v, string(e.Status), n)
		return true
	}
	return false
}

// suites returns the suites seen under v, recording how complete the list
// is.
func (w *view) suites(v scanner.Version, needAll bool) []scanner.SuiteFact {
	var out []scanner.SuiteFact
	for _, s := range w.o.CipherSuites {
		if s.Version == v {
			out = append(out, s)
		}
	}
	w.list(v, scanner.EnumCipherSuites, needAll, len(out))
	return out
}

// groups returns the groups seen under v, recording how complete the list
// is.
func (w *view) groups(v scanner.Version, needAll bool) []scanner.GroupFact {
	var out []scanner.GroupFact
	for _, g := range w.o.Groups {
		if g.Version == v {
			out = append(out, g)
		}
	}
	w.list(v, scanner.EnumGroups, needAll, len(out))
	return out
}

// extension reports whether the server sent extension type c in v's
// hellos.
func (w *view) extension(v scanner.Version, c scanner.Code) bool {
	return slices.ContainsFunc(w.o.ServerHelloExtensions, func(e scanner.ExtensionFact) bool { return e.Version == v && e.Code == c })
}

// etm reports whether the server echoed encrypt_then_mac each time it chose
// suite s: the suite's own fact, or, in an observation that has none (made
// before it was recorded per suite), whether the version's hellos carried
// the extension.
func (w *view) etm(s scanner.SuiteFact) bool {
	if s.EncryptThenMAC != "" {
		return s.EncryptThenMAC == scanner.Supported
	}
	return w.extension(s.Version, extETM)
}

// mayBeSupported reports whether one of vs is supported or unknown: not
// all known to be refused. It records nothing.
func (w *view) mayBeSupported(vs ...scanner.Version) bool {
	return slices.ContainsFunc(vs, func(v scanner.Version) bool { return versionFact(w.o, v).Status != scanner.NotSupported })
}

// Versions whose hellos show the facts of TLS 1.2 and older hellos.
var legacyHellos = []scanner.Version{scanner.SSLv3, scanner.TLSv10, scanner.TLSv11, scanner.TLSv12}

// feature reads the extension fact k. need says whether the rule needs it
// here (a version whose answers show it may be supported): a fact it needs
// and that is unknown is recorded as such; one it does not need is
// ignored. known is false when the fact is unknown.
func (w *view) feature(k rules.FactKind, need bool) (f scanner.Feature, known bool) {
	v := fixture.FeatureHome(k)
	p := fixture.Feature(w.o.Extensions, k)
	switch {
	case p == nil || p.Status == "":
		if need {
			w.unknown(k, v, "missing", "", "the observation has no "+string(k)+" fact")
		}
		return scanner.Feature{}, false
	case p.Status == scanner.StatusUnknown:
		if need {
			w.unknown(k, v, "unknown", p.Reason, p.Detail)
		}
		return *p, false
	}
	w.checked(k, v, string(p.Status), 0)
	return *p, true
}

// featureItem is an evidence item about extension fact k.
func featureItem(k rules.FactKind, name string, st rules.Status, why string) rules.Item {
	return rules.Item{Kind: rules.ItemExtension, Version: fixture.FeatureHome(k), Name: name, Status: st, Why: why}
}

// itemScheme is the evidence kind of a signature scheme.
const itemScheme rules.ItemKind = "signature_scheme"

// schemes returns the signature schemes the server signed with under v,
// recording how complete the list is. A TLS 1.2 endpoint whose accepted
// suites (all of them known) sign no key exchange has no scheme to read:
// its empty list is complete (checked "no_signed_key_exchange").
func (w *view) schemes(v scanner.Version, needAll bool) []scanner.SignatureSchemeFact {
	var out []scanner.SignatureSchemeFact
	for _, s := range w.o.SignatureSchemes {
		if s.Version == v {
			out = append(out, s)
		}
	}
	if e, ok := enumeration(w.o, v, scanner.EnumSignatureSchemes); v == scanner.TLSv12 && len(out) == 0 &&
		ok && e.Status == scanner.EnumNotTested && versionFact(w.o, v).Status == scanner.Supported && w.signsNothing(v) {
		w.checked(fixture.FactSchemes, v, "no_signed_key_exchange", 0)
		return nil
	}
	w.list(v, scanner.EnumSignatureSchemes, needAll, len(out))
	return out
}

// signsNothing reports whether every suite accepted under v is known, and
// none has a key exchange the certificate signs ((EC)DHE authenticated by
// RSA, ECDSA or DSS). It records nothing.
func (w *view) signsNothing(v scanner.Version) bool {
	e, ok := enumeration(w.o, v, scanner.EnumCipherSuites)
	if !ok || e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeAll {
		return false
	}
	for _, s := range w.o.CipherSuites {
		if s.Version != v {
			continue
		}
		cs, ok := tlsprobe.SuiteByCode(s.Code)
		if !ok {
			return false
		}
		if (cs.Kx == tlsprobe.KxECDHE || cs.Kx == tlsprobe.KxDHE) && (cs.Auth == tlsprobe.AuthRSA || cs.Auth == tlsprobe.AuthECDSA || cs.Auth == tlsprobe.AuthDSS) {
			return false
		}
	}
	return true
}

func schemeItem(s scanner.SignatureSchemeFact, st rules.Status, why string) rules.Item {
	c := s.Code
	name := s.Name
	if name == "" {
		name = tlsprobe.SchemeName(uint16(c))
	}
	return rules.Item{Kind: itemScheme, Version: s.Version, Code: &c, Name: name, Status: st, Why: why}
}

// item adds a judged item to the evidence.
func (w *view) item(it rules.Item) { w.ev.Items = append(w.ev.Items, it) }

func suiteItem(v scanner.Version, s scanner.SuiteFact, st rules.Status, why string) rules.Item {
	c := s.Code
	name := s.Name
	if name == "" {
		name = tlsprobe.SuiteName(c)
	}
	return rules.Item{Kind: rules.ItemCipherSuite, Version: v, Code: &c, Name: name, Status: st, Why: why}
}

func groupItem(v scanner.Version, g scanner.GroupFact, st rules.Status, why string) rules.Item {
	c := g.Code
	name := g.Name
	if name == "" {
		name = tlsprobe.GroupName(uint16(c))
	}
	return rules.Item{Kind: rules.ItemGroup, Version: v, Code: &c, Name: name, Status: st, Why: why}
}

// env is what a suite judgement may depend on besides the suite.
type env struct {
	ctx rules.Context
	etm bool // the server echoed encrypt_then_mac with this suite (CBC suites)
}

// suiteJudge grades one suite accepted under v: Pass, or the status and
// why.
type suiteJudge func(v scanner.Version, cs tlsprobe.CipherSuite, e env) (rules.Status, string)

// suiteJudges are the judgements of every suite rule, by rule ID order of
// registration; classify combines them.
var suiteJudges []struct {
	id    string
	judge suiteJudge
}

// suiteRule is a rule that judges each suite accepted under versions
// independently.
type suiteRule struct {
	versions []scanner.Version // the versions whose suites are read
	applies  []scanner.Version // the versions the rule concerns; versions when nil
	needAll  bool
	judge    suiteJudge
	// more grades what else the rule reads, after the suites of every
	// version (the signature schemes of ANSSI-TLS-R11); nil: nothing.
	more    func(w *view)
	pass    string // message when every suite passes
	offence string // message prefix naming the offending suites
}

// register registers r as a suite rule.
func (s suiteRule) register(r *rules.Rule) {
	suiteJudges = append(suiteJudges, struct {
		id    string
		judge suiteJudge
	}{r.ID, s.judge})
	if s.applies == nil {
		s.applies = s.versions
	}
	r.Applies = appliesTo(s.applies...)
	if r.Reads == nil {
		r.Reads = reads(s.versions, rules.FactVersion, rules.FactSuites)
	}
	r.Check = s.check
	rules.Register(r)
}

func (s suiteRule) check(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	read := false
	for _, v := range s.versions {
		if !w.inScope(v) {
			continue
		}
		read = true
		for _, sf := range w.suites(v, s.needAll) {
			cs, ok := tlsprobe.SuiteByCode(sf.Code)
			if !ok {
				w.item(suiteItem(v, sf, rules.Incomplete, "not in the registry: its properties are unknown"))
				continue
			}
			e := env{ctx: ctx, etm: w.etm(sf)}
			if st, why := s.judge(v, cs, e); st != rules.Pass {
				w.item(suiteItem(v, sf, st, why))
			}
		}
	}
	if s.more != nil {
		s.more(w)
	}
	if !read && !slices.ContainsFunc(s.applies, func(v scanner.Version) bool { return versionFact(w.o, v).Status == scanner.Supported }) {
		// The versions read are refused and no other version the rule
		// concerns is known to be supported: nothing to grade.
		return []rules.Finding{{Status: rules.NotApplicable, Message: "no version the rule concerns is known to be supported", Evidence: w.ev}}
	}
	return w.finding(s.pass, s.offence)
}

// classify grades a suite by every suite rule: the worst status.
func classify(v scanner.Version, cs tlsprobe.CipherSuite, e env) rules.Status {
	st := rules.Pass
	for _, j := range suiteJudges {
		s, _ := j.judge(v, cs, e)
		st = rules.Worst(st, s)
	}
	return st
}

// describeItems names items, grouped by version, the first few in full;
// a reason shared with the previous item is not repeated.
func describeItems(items []rules.Item) string {
	const show = 6
	var parts []string
	var last scanner.Version
	lastWhy := ""
	for i, it := range items {
		if i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(items)-show))
			break
		}
		s := it.Name
		if it.Why != "" && it.Why != lastWhy {
			s += " (" + it.Why + ")"
		}
		lastWhy = it.Why
		// An item named after its version (a version's suite order) is
		// not prefixed with it again.
		if it.Version != 0 && it.Version != last && it.Kind != rules.ItemVersion && it.Name != it.Version.String() {
			s = it.Version.String() + ": " + s
			last = it.Version
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// finding turns the gathered evidence into the rule's finding: pass says
// what a passing endpoint does; offence prefixes the offending items.
func (w *view) finding(pass, offence string) []rules.Finding {
	return w.ev.Finding(pass, offence, describeItems)
}
