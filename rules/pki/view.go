// Package pkirules is the certificate rule family: the ANSSI TLS guide's
// certificate recommendations (R24–R38), the ANSSI crypto-mechanisms rules
// applied to certificate keys and signatures, SecNumCloud 10.6.a (EU
// certification authorities) and zlint. One file per rule, named after its
// ID; this file holds what the rules share: reading the served chains with
// how well they are known, and turning judged items into a finding.
//
// The package is named pkirules so that it shadows neither scanner/pki nor
// crypto/x509/pkix.
//
// What is graded: every certificate the server served, in every distinct
// chain, once (a certificate served in two chains is judged once, at its
// first place). A trust anchor the server did not send is known by its
// hash only and is not graded. A version that may be supported and whose
// chain was not observed makes every certificate rule incomplete rather
// than pass: that version may serve another certificate.
//
// Time: the rules judge validity at the context's evaluation time, never
// the current time, and never take pki's time-dependent verdicts
// (expired, not_yet_valid, OCSP freshness), which were computed at scan
// time.
package pkirules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

var (
	guide = rules.TLSGuide
	b1    = rules.CryptoGuide
	snc   = rules.SecNumCloud
)

// Evidence kinds of this family.
const (
	itemCertificate rules.ItemKind = "certificate"
	itemChain       rules.ItemKind = "chain"
	itemCA          rules.ItemKind = "ca"
	itemLint        rules.ItemKind = "lint"
	itemOCSP        rules.ItemKind = "ocsp_response"
)

// factCertificates is the fact the certificate rules read: the chains
// served under a version.
const factCertificates = fixture.FactCertificates

// reads is what every certificate rule declares it reads: the chains
// served under TLS 1.2, the version the scanner observes them under.
var reads = []rules.Fact{{Kind: factCertificates, Version: scanner.TLSv12}}

func tlsRef(item, section string) rules.Reference {
	return rules.Reference{Document: guide.Name, Edition: guide.Edition, Item: item, Section: section}
}

func b1Ref(item, section string) rules.Reference {
	return rules.Reference{Document: b1.Name, Edition: b1.Edition, Item: item, Section: section}
}

// applies: the endpoint has a TLS observation with a chain, or a version
// that is not known to be refused (a chain may have been served).
func applies(r *scanner.Result, _ rules.Context) bool {
	if r.TLS == nil {
		return false
	}
	if len(r.TLS.Certificates) > 0 {
		return true
	}
	for _, f := range r.TLS.Versions {
		if f.Status != scanner.NotSupported {
			return true
		}
	}
	return len(r.TLS.Versions) == 0
}

// appliesAll is applies for the rules that are not the TLS guide's: the
// crypto-mechanisms rules on certificates, SecNumCloud 10.6.a and zlint
// also read an IPsec gateway's chain (IKE_AUTH), unless it authenticated
// with a shared key (no certificate) or refused the exchange.
func appliesAll(r *scanner.Result, c rules.Context) bool {
	return applies(r, c) || ikeApplies(r)
}

func ikeApplies(r *scanner.Result) bool {
	if r.TLS != nil || r.IKE == nil || r.IKE.Auth == nil {
		return false
	}
	a := r.IKE.Auth
	return a.Status == scanner.StatusUnknown || a.Status == scanner.Supported && (len(a.Certificates) > 0 || !sharedKey(a.AuthMethod))
}

// sharedKey says whether an IKEv2 AUTH method is a shared key (RFC 7296
// §3.8, method 2), which no certificate backs.
func sharedKey(method string) bool { return method == "Shared Key Message Integrity Code" }

// cert is one served certificate, where it was first seen.
type cert struct {
	chain *chain
	pos   int // served index
	sha   string
	desc  *scanner.CertificateFact // nil when not described
}

// role names the certificate's place: leaf, intermediate, root (a
// self-signed certificate served above the leaf), anchor (the path's trust
// anchor, served).
func (c cert) role() string {
	switch {
	case c.pos == 0:
		return "leaf"
	case c.sha == c.chain.f.Anchor && c.chain.f.Anchor != "":
		return "anchor"
	case c.desc != nil && c.desc.SelfSigned:
		return "root"
	}
	return "intermediate"
}

// selfSignedTop says whether the certificate is a root whose own signature
// nobody relies on: the served anchor, or a self-signed certificate above
// the leaf.
func (c cert) selfSignedTop() bool {
	r := c.role()
	return r == "anchor" && c.desc != nil && c.desc.SelfIssued || r == "root"
}

// name is how evidence names the certificate: role, subject, hash.
func (c cert) name() string {
	subj := ""
	if c.desc != nil {
		subj = c.desc.Subject
		if c.pos == 0 && len(c.desc.DNSNames) > 0 {
			subj = c.desc.DNSNames[0] // a leaf is known by its name
		}
	}
	if subj == "" {
		subj = "(subject unknown)"
	}
	return fmt.Sprintf("%s %s (sha256 %s)", c.role(), subj, c.sha)
}

type chain struct {
	idx   int
	f     *scanner.ChainFact
	certs []cert
}

func (ch *chain) leaf() cert { return ch.certs[0] }

// version is the version the chain is reported under in evidence: the
// newest it was served under.
func (ch *chain) version() scanner.Version {
	if len(ch.f.Versions) == 0 {
		return 0
	}
	return slices.Max(ch.f.Versions)
}

// view reads an endpoint's chains for one rule and gathers its evidence.
type view struct {
	r      *scanner.Result
	ctx    rules.Context
	ev     rules.Evidence
	chains []*chain
	seen   map[string]bool // certificates judged
}

// newView reads the chains, recording which versions they were observed
// under and what is missing.
func newView(r *scanner.Result, ctx rules.Context) *view {
	w := &view{r: r, ctx: ctx, seen: map[string]bool{}}
	o := r.TLS
	if o == nil {
		o = &scanner.TLSObservation{}
	}
	ike := r.TLS == nil && r.IKE != nil && r.IKE.Auth != nil
	if ike {
		// An IPsec gateway's chain, from IKE_AUTH: no versions.
		a := r.IKE.Auth
		o = &scanner.TLSObservation{Certificates: a.Certificates}
		switch {
		case a.Status == scanner.StatusUnknown:
			w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: factCertificates, State: "unknown", Reason: a.Reason,
				Detail: "the gateway's IKE_AUTH answer was not read: " + a.Detail})
		case a.Status == scanner.Supported && len(a.Certificates) == 0:
			w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: factCertificates, State: "missing",
				Detail: "the gateway authenticated with " + a.AuthMethod + " and sent no certificate"})
		}
	}
	descs := make(map[string]*scanner.CertificateFact, len(r.Certificates))
	for i := range r.Certificates {
		descs[r.Certificates[i].SHA256] = &r.Certificates[i]
	}
	perVersion := map[scanner.Version]int{}
	for i := range o.Certificates {
		f := &o.Certificates[i]
		ch := &chain{idx: i, f: f}
		for k, sha := range f.Served {
			c := cert{chain: ch, pos: k, sha: sha, desc: descs[sha]}
			if c.desc == nil {
				w.unknownAt(ch, "missing", fmt.Sprintf("certificate %d of chain %d (sha256 %s) is not described", k, i, sha))
			}
			ch.certs = append(ch.certs, c)
		}
		if len(ch.certs) == 0 {
			w.unknownAt(ch, "empty", fmt.Sprintf("chain %d has no certificate", i))
			continue
		}
		for _, v := range f.Versions {
			perVersion[v]++
		}
		w.chains = append(w.chains, ch)
	}
	if ike {
		if len(w.chains) > 0 {
			w.ev.Checked = append(w.ev.Checked, rules.Checked{Fact: factCertificates, State: "observed in IKE_AUTH", Count: len(w.chains)})
		}
		return w
	}
	var missing []scanner.Version
	for _, v := range scanner.Versions {
		st := versionStatus(o, v)
		switch {
		case perVersion[v] > 0:
			w.ev.Checked = append(w.ev.Checked, rules.Checked{Fact: factCertificates, Version: v, State: "observed", Count: perVersion[v]})
		case st == scanner.Supported || st == scanner.StatusUnknown:
			missing = append(missing, v)
		}
	}
	// A version that may be supported and showed no chain may serve
	// another certificate: what the rule says of the others is not all.
	for _, v := range missing {
		w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: factCertificates, Version: v, State: "not_observed",
			Detail: "no certificate chain was recorded under " + v.String()})
	}
	return w
}

func versionStatus(o *scanner.TLSObservation, v scanner.Version) scanner.Status {
	for _, f := range o.Versions {
		if f.Version == v {
			return f.Status
		}
	}
	return scanner.StatusUnknown
}

func (w *view) note(format string, args ...any) {
	w.ev.Notes = append(w.ev.Notes, fmt.Sprintf(format, args...))
}

// unknownAt records an unknown fact of a chain.
func (w *view) unknownAt(ch *chain, state, detail string) {
	w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: factCertificates, Version: ch.version(), State: state, Detail: detail})
}

// unreadable records that a certificate's facts a rule needs could not be
// read (the certificate did not parse).
func (w *view) unreadable(c cert, what string) {
	detail := c.name() + ": " + what + " not read"
	if c.desc != nil && len(c.desc.Errors) > 0 {
		detail += " (" + strings.Join(c.desc.Errors, "; ") + ")"
	}
	w.unknownAt(c.chain, "unparseable", detail)
}

// each calls judge on every served certificate once, in chain order; a
// certificate that is not described is skipped (its absence is recorded).
func (w *view) each(judge func(c cert)) {
	for _, ch := range w.chains {
		for _, c := range ch.certs {
			if c.desc == nil || w.seen[c.sha] {
				continue
			}
			w.seen[c.sha] = true
			judge(c)
		}
	}
	clear(w.seen)
}

// leaves calls judge on every chain's leaf once.
func (w *view) leaves(judge func(c cert)) {
	for _, ch := range w.chains {
		c := ch.leaf()
		if c.desc == nil || w.seen[c.sha] {
			continue
		}
		w.seen[c.sha] = true
		judge(c)
	}
	clear(w.seen)
}

// item adds a judged certificate to the evidence.
func (w *view) item(c cert, st rules.Status, why string) {
	it := rules.Item{Kind: itemCertificate, Version: c.chain.version(), Name: c.name(), Status: st, Why: why}
	if c.desc != nil {
		it.Bits = c.desc.KeyBits
	}
	w.ev.Items = append(w.ev.Items, it)
}

// chainItem adds a judged chain to the evidence.
func (w *view) chainItem(ch *chain, st rules.Status, why string) {
	w.ev.Items = append(w.ev.Items, rules.Item{Kind: itemChain, Version: ch.version(), Name: chainName(ch), Status: st, Why: why})
}

func chainName(ch *chain) string {
	return fmt.Sprintf("chain %d (leaf sha256 %s)", ch.idx, ch.leaf().sha)
}

// notApplicable is the finding of a rule with nothing to grade.
func (w *view) notApplicable(why string) []rules.Finding {
	return []rules.Finding{{Status: rules.NotApplicable, Message: why, Evidence: w.ev}}
}

func describeItems(items []rules.Item) string {
	const show = 4
	var parts []string
	lastWhy := ""
	for i, it := range items {
		if i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(items)-show))
			break
		}
		s := it.Name
		if it.Why != "" && it.Why != lastWhy {
			s += ": " + it.Why
		}
		lastWhy = it.Why
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// hasExtension reports whether the certificate lists the extension, and
// whether it is critical.
func hasExtension(d *scanner.CertificateFact, oid string) (present, critical bool) {
	for _, e := range d.Extensions {
		if e.OID == oid {
			return true, e.Critical
		}
	}
	return false, false
}

// finding turns the gathered evidence into the rule's finding: pass says
// what a passing endpoint does; offence prefixes the offending items.
func (w *view) finding(pass, offence string) []rules.Finding {
	return w.ev.Finding(pass, offence, describeItems)
}
