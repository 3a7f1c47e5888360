package jurisdiction

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"slices"
	"strings"
)

// MatchedBy says how a certificate was tied to the data.
type MatchedBy string

const (
	// MatchCertSHA256: the certificate's SHA-256 is a known root or a user
	// declaration.
	MatchCertSHA256 MatchedBy = "cert_sha256"
	// MatchSPKISHA256: the SHA-256 of its SubjectPublicKeyInfo is (a
	// re-issued or cross-signed certificate of the same key).
	MatchSPKISHA256 MatchedBy = "spki_sha256"
	// MatchAKI: its authority key identifier equals the subject key
	// identifier of its issuer, which is known (possibly several issuer
	// links up the served chain, see Identification.Hops).
	MatchAKI MatchedBy = "aki"
	// MatchIssuerName: like MatchAKI, but the certificate has no authority
	// key identifier and its issuer was found by name; only kept when the
	// issuer's signature verifies.
	MatchIssuerName MatchedBy = "issuer_name"
)

// Role is the place of a CA in the chain.
type Role string

const (
	RoleRoot         Role = "root"
	RoleIntermediate Role = "intermediate"
)

// Identification is what is known about one CA of a chain.
type Identification struct {
	Role Role
	// CertSHA256 (upper-case hex) and Subject are those of the CA
	// certificate identified: the served one, or, for a root the server did
	// not send, the known root found above the served chain. CertSHA256 is
	// empty when the CA is neither served nor known.
	CertSHA256 string
	Subject    string
	// MatchedBy says how the certificate was tied to the data; empty when
	// it was not (Class is then Unknown). Hops counts the issuer links
	// between the certificate and the known CA whose owner it takes
	// (0: the certificate itself is known). AnchorSHA256 is the known
	// certificate, AnchorMatchedBy how that one was matched.
	MatchedBy       MatchedBy
	Hops            int
	AnchorSHA256    string
	AnchorMatchedBy MatchedBy
	// SignatureVerified: every issuer link from the certificate to the
	// known CA was checked with the issuer's public key (true when Hops is 0).
	SignatureVerified bool
	// Owner is the CA owner; nil when unidentified. Candidates lists every
	// owner when a match is ambiguous (Owner is then the worst-class one).
	Owner      *Owner
	Candidates []*Owner
	Class      Class
	// EUControlled is the strict reading for SecNumCloud 10.6.a: Class is
	// EU, the owner's HQ and parent facts are not unverified, the row's
	// confidence is at least medium, and every issuer link was verified.
	// Class EU with EUControlled false means "EU by the data, on facts that
	// are not confirmed": see Caveats.
	EUControlled bool
	// Hint is a guess from the certificate's names (subject C=) for a CA
	// that could not be identified. It never sets Class.
	Hint    string
	Caveats []string
	// FromUserFile is true when a user declaration decided the class;
	// Justification is its text and EmbeddedOwner what the embedded data
	// said (nil for a CA the data does not know).
	FromUserFile  bool
	Justification string
	EmbeddedOwner *Owner
}

// ChainClass is the classification of one served chain.
type ChainClass struct {
	// Root is the top-most known CA of the chain (served, or found above
	// the last served certificate) when it is a trust anchor by itself: an
	// embedded root or a self-issued certificate. Otherwise it is Unknown
	// and describes the served self-issued top, or the unserved issuer of the
	// last certificate (named from its issuer field, CertSHA256 empty).
	Root Identification
	// Intermediate is the CA that issued the leaf.
	Intermediate Identification
	// Anchors lists every known CA certificate on the path, top-most first
	// (a chain may carry cross-signed roots of several owners); Root is
	// Anchors[0] when there is one.
	Anchors []Identification
	// Class is the worst class of the intermediate, the root and every
	// anchor (ca-jurisdiction.md §5.1: EU only if the operator and every
	// anchor owner are). EUControlled requires all of them to be.
	Class        Class
	EUControlled bool
	DataVersion  string
	// Caveats are notes about the chain as a whole (unparsable certificates).
	Caveats []string
}

// cert is one served certificate.
type cert struct {
	raw []byte
	sha [32]byte
	c   *x509.Certificate // nil when crypto/x509 cannot parse it
	err error
}

func newCert(der []byte) *cert {
	ct := &cert{raw: der, sha: sha256.Sum256(der)}
	ct.c, ct.err = x509.ParseCertificate(der)
	return ct
}

func (ct *cert) selfIssued() bool {
	return ct.c != nil && bytes.Equal(ct.c.RawIssuer, ct.c.RawSubject) &&
		(len(ct.c.AuthorityKeyId) == 0 || bytes.Equal(ct.c.AuthorityKeyId, ct.c.SubjectKeyId))
}

// match is a certificate tied to the data.
type match struct {
	by         MatchedBy
	anchorSHA  string
	owner      *Owner
	candidates []*Owner
	entry      *userEntry
	embedded   *Owner
}

// direct ties a certificate to the data by its own hashes: user
// declarations first, then the embedded roots (with a user override of
// their owner, if any).
func (db *DB) direct(ct *cert) (match, bool) {
	var spki [32]byte
	if ct.c != nil {
		spki = sha256.Sum256(ct.c.RawSubjectPublicKeyInfo)
	}
	embedded := func() (match, bool) {
		if r, ok := db.byCert[ct.sha]; ok {
			return match{by: MatchCertSHA256, anchorSHA: r.SHA256, owner: r.Owner}, true
		}
		if ct.c == nil {
			return match{}, false
		}
		if rs := db.bySPKI[spki]; len(rs) > 0 {
			return matchRoots(MatchSPKISHA256, rs), true
		}
		return match{}, false
	}
	if u := db.user; u != nil {
		e, by := u.byCert[ct.sha], MatchCertSHA256
		if e == nil && ct.c != nil {
			e, by = u.bySPKI[spki], MatchSPKISHA256
		}
		if e != nil {
			m := match{by: by, anchorSHA: hexUpper(ct.sha[:]), owner: e.owner, entry: e}
			if em, ok := embedded(); ok {
				m.embedded = em.owner
			}
			return m, true
		}
	}
	m, ok := embedded()
	if ok {
		m = db.applyOwnerOverride(m)
	}
	return m, ok
}

// matchRoots builds a match on one or more known roots, collecting their
// distinct owners.
func matchRoots(by MatchedBy, rs []*Root) match {
	m := match{by: by, anchorSHA: rs[0].SHA256}
	for _, r := range rs {
		if !slices.Contains(m.candidates, r.Owner) {
			m.candidates = append(m.candidates, r.Owner)
		}
	}
	m.owner = m.candidates[0]
	for _, o := range m.candidates[1:] {
		if Worse(m.owner.Class, o.Class) != m.owner.Class {
			m.owner = o
		}
	}
	if len(m.candidates) == 1 {
		m.candidates = nil
	}
	return m
}

func (db *DB) applyOwnerOverride(m match) match {
	if db.user == nil || m.candidates != nil {
		return m
	}
	if e, ok := db.user.byOwner[m.owner.Name]; ok {
		m.embedded, m.owner, m.entry = m.owner, e.owner, e
	}
	return m
}

// link is how path[k+1] was found to be the issuer of path[k].
type link struct {
	by       MatchedBy
	verified bool
}

// buildPath orders the served certificates from the leaf up, following
// issuer names (and key identifiers when both are present). Certificates
// that are not on the path are left out.
func buildPath(certs []*cert) (path []*cert, links []link) {
	if len(certs) == 0 {
		return nil, nil
	}
	path = []*cert{certs[0]}
	used := map[int]bool{0: true}
	for {
		cur := path[len(path)-1]
		if cur.c == nil || cur.selfIssued() {
			return path, links
		}
		best, bestLink := -1, link{}
		for i, cand := range certs {
			if used[i] || cand.c == nil || !bytes.Equal(cand.c.RawSubject, cur.c.RawIssuer) {
				continue
			}
			l := link{by: MatchIssuerName}
			if len(cur.c.AuthorityKeyId) > 0 && len(cand.c.SubjectKeyId) > 0 {
				if !bytes.Equal(cur.c.AuthorityKeyId, cand.c.SubjectKeyId) {
					continue
				}
				l.by = MatchAKI
			}
			l.verified = cur.c.CheckSignatureFrom(cand.c) == nil
			if best < 0 || (l.verified && !bestLink.verified) {
				best, bestLink = i, l
			}
		}
		if best < 0 {
			return path, links
		}
		used[best] = true
		path = append(path, certs[best])
		links = append(links, bestLink)
	}
}

// knownCA is a CA certificate the data or a user declaration holds whole
// (not only its hash), so it can be found above a served chain.
type knownCA struct {
	cert  *x509.Certificate
	root  *Root      // an embedded root, or
	entry *userEntry // a user declaration with its certificate
}

// issuerCandidates returns the known CAs that may have issued c: by its
// authority key identifier against their subject key identifiers, else by
// issuer name for CAs without one. Those whose key verifies c's signature
// are returned alone, with verified set.
func issuerCandidates(c *x509.Certificate, bySKI, bySubj map[string][]knownCA) (cands []knownCA, l link) {
	if aki := c.AuthorityKeyId; len(aki) > 0 {
		cands, l.by = bySKI[string(aki)], MatchAKI
	}
	if len(cands) == 0 {
		l.by = MatchIssuerName
		for _, k := range bySubj[string(c.RawIssuer)] {
			if len(c.AuthorityKeyId) == 0 || len(k.cert.SubjectKeyId) == 0 {
				cands = append(cands, k)
			}
		}
	}
	var verified []knownCA
	for _, k := range cands {
		if c.CheckSignatureFrom(k.cert) == nil {
			verified = append(verified, k)
		}
	}
	if len(verified) > 0 {
		return verified, link{by: l.by, verified: true}
	}
	return cands, l
}

// issuerAbove finds the known CA that issued ct, a certificate whose issuer
// was not served: among the user's declared certificates first, then the
// embedded roots. A name match is kept only when the signature verifies; a
// key identifier match is kept either way, with l.verified saying which.
func (db *DB) issuerAbove(ct *cert) (m match, k knownCA, l link, ok bool) {
	if ct.c == nil || ct.selfIssued() {
		return m, k, l, false
	}
	keep := func(cands []knownCA, l link) bool {
		return len(cands) > 0 && (l.verified || l.by == MatchAKI)
	}
	if u := db.user; u != nil {
		if cands, l := issuerCandidates(ct.c, u.bySKI, u.bySubj); keep(cands, l) {
			e := cands[0].entry
			return match{by: MatchCertSHA256, anchorSHA: hexUpper(e.hash[:]), owner: e.owner, entry: e}, cands[0], l, true
		}
	}
	if cands, l := issuerCandidates(ct.c, db.bySKI, db.bySubj); keep(cands, l) {
		rs := make([]*Root, len(cands))
		for i, k := range cands {
			rs[i] = k.root
		}
		return db.applyOwnerOverride(matchRoots(MatchCertSHA256, rs)), cands[0], l, true
	}
	return m, k, l, false
}

// anchor is a known CA on (or just above) the path; pos is its index in
// the path, len(path) for a CA above the served chain.
type anchor struct {
	pos   int
	m     match
	above knownCA // the CA above the served chain, when pos == len(path)
	up    link    // for pos == len(path): how the top was tied to it
	// isRoot: the CA is a trust anchor by itself (an embedded root, or a
	// self-issued certificate), so what is above it does not matter.
	isRoot bool
}

func (db *DB) anchors(path []*cert) []anchor {
	var as []anchor
	for j, ct := range path {
		if j == 0 && !ct.selfIssued() {
			continue // a leaf is only an anchor of itself
		}
		if m, ok := db.direct(ct); ok {
			embeddedRoot := m.entry == nil || m.embedded != nil
			as = append(as, anchor{pos: j, m: m, isRoot: embeddedRoot || ct.selfIssued()})
		}
	}
	if m, k, l, ok := db.issuerAbove(path[len(path)-1]); ok {
		isRoot := k.root != nil || bytes.Equal(k.cert.RawIssuer, k.cert.RawSubject)
		as = append(as, anchor{pos: len(path), m: m, above: k, up: l, isRoot: isRoot})
	}
	return as
}

// ClassifyChain classifies a chain as served (DER, leaf first). The root may
// be missing, extra certificates are ignored, and certificates crypto/x509
// cannot parse are matched by their hash only.
func (db *DB) ClassifyChain(chain [][]byte) ChainClass {
	certs := make([]*cert, len(chain))
	for i, der := range chain {
		certs[i] = newCert(der)
	}
	return db.classify(certs)
}

// ClassifyCertificates is ClassifyChain for parsed certificates.
func (db *DB) ClassifyCertificates(chain []*x509.Certificate) ChainClass {
	der := make([][]byte, len(chain))
	for i, c := range chain {
		der[i] = c.Raw
	}
	return db.ClassifyChain(der)
}

func (db *DB) classify(certs []*cert) ChainClass {
	cc := ChainClass{DataVersion: DataVersion}
	if len(certs) == 0 {
		cc.Root = Identification{Role: RoleRoot, Class: Unknown, Caveats: []string{"no certificate served"}}
		cc.Intermediate = Identification{Role: RoleIntermediate, Class: Unknown, Caveats: []string{"no certificate served"}}
		cc.Class = Unknown
		cc.Caveats = []string{"no certificate served"}
		return cc
	}
	path, links := buildPath(certs)
	as := db.anchors(path)
	top := path[len(path)-1]

	// Trust anchors, top-most first.
	for k := len(as) - 1; k >= 0; k-- {
		cc.Anchors = append(cc.Anchors, db.identifyAt(RoleRoot, path, links, as[k].pos, as[k]))
	}
	// The root is the top-most known CA when it is a trust anchor by itself;
	// a user declaration of an intermediate with nothing known above it
	// leaves the root unidentified.
	if len(as) > 0 && as[len(as)-1].isRoot {
		cc.Root = cc.Anchors[0]
	} else {
		cc.Root = unidentified(RoleRoot, top, !top.selfIssued())
		if len(as) > 0 {
			cc.Root.Caveats = append(cc.Root.Caveats, "the CA above "+cc.Anchors[0].Subject+" (declared) is not identified")
		}
	}

	// The leaf's issuer: path[1], the leaf itself when it is self-issued,
	// or the root above when the leaf came alone.
	t := 1
	if len(path) == 1 && top.selfIssued() {
		t = 0
	}
	cc.Intermediate = unidentified(RoleIntermediate, path[0], t > 0)
	if t < len(path) {
		cc.Intermediate = unidentified(RoleIntermediate, path[t], false)
	}
	for _, a := range as {
		if a.pos >= t {
			cc.Intermediate = db.identifyAt(RoleIntermediate, path, links, t, a)
			break
		}
	}

	cc.Class = cc.Intermediate.Class
	cc.EUControlled = cc.Intermediate.EUControlled
	for _, id := range append([]Identification{cc.Root}, cc.Anchors...) {
		cc.Class = Worse(cc.Class, id.Class)
		cc.EUControlled = cc.EUControlled && id.EUControlled
	}
	for i, ct := range certs {
		if ct.err != nil {
			cc.Caveats = append(cc.Caveats, fmt.Sprintf("certificate %d of the chain could not be parsed: %v", i, ct.err))
		}
	}
	return cc
}

// identifyAt describes the CA at path[t] (or the root above the path when
// t == len(path)) through the anchor a at or above it.
func (db *DB) identifyAt(role Role, path []*cert, links []link, t int, a anchor) Identification {
	id := Identification{Role: role, Hops: a.pos - t, SignatureVerified: true}
	if t < len(path) {
		id.CertSHA256 = hexUpper(path[t].sha[:])
		id.Subject = subjectOf(path[t])
	} else {
		id.CertSHA256 = a.m.anchorSHA
		id.Subject = a.above.cert.Subject.String()
	}
	id.AnchorSHA256 = a.m.anchorSHA
	id.AnchorMatchedBy = a.m.by
	id.MatchedBy = a.m.by
	if id.Hops > 0 {
		id.MatchedBy = MatchAKI
		for k := t; k < a.pos; k++ {
			l := a.up
			if k < len(links) {
				l = links[k]
			}
			if l.by == MatchIssuerName {
				id.MatchedBy = MatchIssuerName
			}
			id.SignatureVerified = id.SignatureVerified && l.verified
		}
	}
	if a.pos == len(path) && t == len(path) {
		// The root above the chain, described for itself: it is known by
		// its hash; how the chain reached it is what MatchedBy records.
		id.MatchedBy = a.up.by
		id.SignatureVerified = a.up.verified
	}
	id.Owner, id.Class = a.m.owner, a.m.owner.Class
	id.Candidates = a.m.candidates
	id.EmbeddedOwner = a.m.embedded
	if e := a.m.entry; e != nil {
		id.FromUserFile, id.Justification = true, e.justification
	}
	id.EUControlled = a.m.owner.EUControlled && id.SignatureVerified
	for _, o := range a.m.candidates {
		id.EUControlled = id.EUControlled && o.EUControlled
	}

	id.Caveats = append(id.Caveats, a.m.owner.Caveats...)
	if len(a.m.candidates) > 1 {
		names := make([]string, len(a.m.candidates))
		for i, o := range a.m.candidates {
			names[i] = fmt.Sprintf("%s (%s)", o.Name, o.Class)
		}
		id.Caveats = append(id.Caveats, "ambiguous match: "+strings.Join(names, ", ")+"; the worst class is used")
	}
	if !id.SignatureVerified {
		id.Caveats = append(id.Caveats, "the issuer's signature was not verified: the link to "+a.m.owner.Name+" rests on a key identifier only")
	}
	if role == RoleIntermediate && id.Hops > 0 && !id.FromUserFile {
		id.Caveats = append(id.Caveats, "owner taken from the CA this intermediate chains to; an externally operated sub-CA (CCADB Subordinate CA Owner) is not detected, the data has no intermediates table")
	}
	return id
}

func subjectOf(ct *cert) string {
	if ct.c == nil {
		return ""
	}
	return ct.c.Subject.String()
}

// unidentified describes a CA the data does not know: ct itself, or, when
// issuerOnly, the unserved issuer of ct (named by ct's issuer field).
func unidentified(role Role, ct *cert, issuerOnly bool) Identification {
	id := Identification{Role: role, Class: Unknown}
	if ct.c == nil {
		id.CertSHA256 = hexUpper(ct.sha[:])
		return id
	}
	name, which := ct.c.Subject, "subject"
	if issuerOnly {
		name, which = ct.c.Issuer, "issuer"
	} else {
		id.CertSHA256 = hexUpper(ct.sha[:])
	}
	id.Subject = name.String()
	if len(name.Country) > 0 {
		c := name.Country[0]
		id.Hint = fmt.Sprintf("%s C=%s suggests %s; a name in a certificate is not evidence of who controls the CA", which, c, CountryClass(c))
	}
	return id
}
