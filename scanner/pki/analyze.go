package pki

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"strings"
	"sync"
	"time"

	zasn1 "github.com/zmap/zcrypto/encoding/asn1"
	zx509 "github.com/zmap/zcrypto/x509"
	zpkix "github.com/zmap/zcrypto/x509/pkix"
)

// Bounds on the work one chain may cost, whatever a server sends.
const (
	// MaxChainCertificates is how many served certificates are read; the
	// rest are ignored (and a note says so).
	MaxChainCertificates = 32
	// maxSignatureChecks bounds the signatures checked while building
	// paths, and maxPaths the paths considered.
	maxSignatureChecks = 256
	maxPaths           = 64
)

// AnalyzeOptions says what to analyse a chain against. The zero value
// analyses against no anchor at all, without a server name, at the current
// time.
type AnalyzeOptions struct {
	// Roots are the trust anchors; nil is an empty pool.
	Roots *Pool
	// ServerName is the DNS name or IP address the client asked for
	// (the SNI, or the IP for a scan by address); empty skips the
	// hostname check.
	ServerName string
	// Now is the evaluation time; zero means time.Now().
	Now time.Time
}

// DefectCode names one thing wrong with a served chain.
type DefectCode string

const (
	// DefectUnparseable: a served certificate does not parse, or (past
	// the leaf) carries a key too large to verify signatures with.
	DefectUnparseable DefectCode = "unparseable_certificate"
	// DefectExtraneous: a served certificate is not on the path to the
	// anchor (a duplicate, a stale intermediate, another chain's root).
	DefectExtraneous DefectCode = "extraneous_certificate"
	// DefectWrongOrder: the certificates on the path are not served in
	// path order, from the leaf up (RFC 5246, Section 7.4.2; RFC 8446,
	// Section 4.4.2).
	DefectWrongOrder DefectCode = "wrong_order"
	// DefectExpired and DefectNotYetValid: a certificate of the path is
	// outside its validity period at the evaluation time.
	DefectExpired     DefectCode = "expired"
	DefectNotYetValid DefectCode = "not_yet_valid"
	// DefectSHA1 and DefectMD5: a signature the path relies on uses SHA-1
	// or MD5. The self-signature of the top of the path is not relied
	// upon, and is not counted (a note says so).
	DefectSHA1 DefectCode = "sha1_in_chain"
	DefectMD5  DefectCode = "md5_in_chain"
	// DefectMissingIntermediate: the path stops at a certificate whose
	// issuer is neither served nor an anchor.
	DefectMissingIntermediate DefectCode = "missing_intermediate"
	// DefectInvalidSignature: the path stops at a certificate whose issuer
	// is there, by name, but whose signature does not verify with its key.
	DefectInvalidSignature DefectCode = "invalid_signature"
	// DefectUntrustedRoot: the path ends at a self-signed certificate
	// that is not an anchor (a self-signed leaf included).
	DefectUntrustedRoot DefectCode = "untrusted_root"
	// DefectDistrustedRoot: the anchor is distrusted for certificates
	// issued after a date, and the path holds one.
	DefectDistrustedRoot DefectCode = "distrusted_root"
	// DefectNameMismatch: the leaf does not match the server name.
	DefectNameMismatch DefectCode = "name_mismatch"
	// DefectVerifyFailed: crypto/x509 rejects the chain for a reason none
	// of the codes above names (extended key usage, name constraints, path
	// length, a CA without the CA flag); Detail gives its error.
	DefectVerifyFailed DefectCode = "verify_failed"
)

// blocking says whether a defect alone prevents trust.
func (c DefectCode) blocking() bool {
	switch c {
	case DefectUnparseable, DefectExtraneous, DefectWrongOrder, DefectNameMismatch:
		return false
	}
	return true
}

// Defect is one defect of a chain.
type Defect struct {
	Code DefectCode `json:"code"`
	// Cert is the SHA-256 of the certificate concerned, if one is.
	Cert string `json:"cert,omitempty"`
	// ServedIndex is its position in the served chain (0 is the leaf);
	// absent for an anchor that was not served.
	ServedIndex *int   `json:"served_index,omitempty"`
	Detail      string `json:"detail,omitempty"`
}

// NoteCode names a fact about the chain worth saying that is not a defect.
type NoteCode string

const (
	// NoteWeakSignatureIgnored: the top of the path (an anchor, or a
	// self-signed root) is signed with a weak hash (SHA-1, MD5); that
	// signature is not relied upon, so it is not a defect.
	NoteWeakSignatureIgnored NoteCode = "weak_signature_not_relied_upon"
	// NoteTruncated: more than MaxChainCertificates were served; the rest
	// were not read.
	NoteTruncated NoteCode = "chain_truncated"
)

// Note is a fact about the chain that is not a defect.
type Note struct {
	Code        NoteCode `json:"code"`
	Cert        string   `json:"cert,omitempty"`
	ServedIndex *int     `json:"served_index,omitempty"`
	Detail      string   `json:"detail,omitempty"`
}

// UnknownFact is a fact the analysis could not establish, and why.
type UnknownFact struct {
	Fact   string `json:"fact"`   // trusted, hostname_match
	Reason string `json:"reason"` // no_certificate, leaf_unparseable, no_server_name
	Detail string `json:"detail,omitempty"`
}

// ChainReport is the analysis of one served chain.
type ChainReport struct {
	// Trusted: crypto/x509 verifies the leaf, with the served
	// certificates as intermediates, to an anchor of the pool, for TLS
	// server authentication, at the evaluation time, with the anchors'
	// constraints; and the path found has no defect that prevents trust.
	// The server name plays no part: see HostnameMatch.
	Trusted bool `json:"trusted"`
	// HostnameMatch: the leaf matches ServerName (RFC 6125); MatchedBy
	// says how (san_dns, san_ip, cn).
	HostnameMatch bool   `json:"hostname_match"`
	ServerName    string `json:"server_name,omitempty"`
	MatchedBy     string `json:"matched_by,omitempty"`
	// Served are the SHA-256 of the served certificates, in served order.
	Served []string `json:"served"`
	// Path is the certification path found, leaf first, as far as it
	// goes: to the anchor when there is one.
	Path []string `json:"path"`
	// Anchor is the SHA-256 of the anchor ending the path, if any;
	// AnchorSource where it comes from (mozilla, a CA file);
	// AnchorServed whether the server sent it too.
	Anchor       string `json:"anchor,omitempty"`
	AnchorSource string `json:"anchor_source,omitempty"`
	AnchorServed bool   `json:"anchor_served,omitempty"`
	// Defects come in a fixed order: per served certificate
	// (unparseable_certificate, extraneous_certificate); wrong_order; per
	// path certificate from the leaf up (expired, not_yet_valid,
	// sha1_in_chain, md5_in_chain); how the path ends
	// (missing_intermediate, invalid_signature or untrusted_root);
	// distrusted_root; name_mismatch; verify_failed.
	Defects []Defect      `json:"defects"`
	Notes   []Note        `json:"notes,omitempty"`
	Unknown []UnknownFact `json:"unknown,omitempty"`
}

// Has says whether the report holds a defect of the given code.
func (r *ChainReport) Has(code DefectCode) bool {
	for _, d := range r.Defects {
		if d.Code == code {
			return true
		}
	}
	return false
}

// chainCert is a certificate of the analysis: served, or an anchor.
type chainCert struct {
	served int // index in the served chain; -1 for an anchor not served
	sha    string
	cert   *x509.Certificate
	facts  tbsFacts
	anchor *anchor // set when the certificate is an anchor
}

// pathEnd says how a path stops.
type pathEnd int

const (
	endAnchored pathEnd = iota
	endUntrustedRoot
	endInvalidSignature
	endMissingIssuer
)

type candidatePath struct {
	certs  []*chainCert
	end    pathEnd
	detail string // for invalid_signature and missing_intermediate
}

type analysis struct {
	served  []*chainCert
	pool    *Pool
	now     time.Time
	checks  int
	sigMemo map[[2]string]error
	paths   []candidatePath
}

// Analyze builds a certification path from a served chain (leaf first, as
// DER) and reports its defects one by one. Path building is lenient: the
// served order may be wrong, certificates may be missing or extraneous, the
// root may be served or not. It never fails: what cannot be established is
// listed in Unknown.
func Analyze(chain [][]byte, opts AnalyzeOptions) ChainReport {
	r := ChainReport{ServerName: opts.ServerName, Served: []string{}, Path: []string{}, Defects: []Defect{}}
	a := &analysis{pool: opts.Roots, now: opts.Now, sigMemo: map[[2]string]error{}}
	if a.pool == nil {
		a.pool = NewPool()
	}
	if a.now.IsZero() {
		a.now = time.Now()
	}
	if len(chain) == 0 {
		r.Unknown = append(r.Unknown,
			UnknownFact{Fact: "trusted", Reason: "no_certificate"},
			UnknownFact{Fact: "hostname_match", Reason: "no_certificate"})
		return r
	}
	if len(chain) > MaxChainCertificates {
		r.Notes = append(r.Notes, Note{Code: NoteTruncated, Detail: fmt.Sprintf("%d certificates served, %d read", len(chain), MaxChainCertificates)})
		chain = chain[:MaxChainCertificates]
	}

	// Read the served certificates; flag those that do not parse and
	// the duplicates.
	firstSeen := map[string]int{}
	var duplicates []int
	for i, der := range chain {
		c := &chainCert{served: i, sha: sha256Hex(der)}
		r.Served = append(r.Served, c.sha)
		if len(der) > MaxCertificateSize {
			r.Defects = append(r.Defects, Defect{Code: DefectUnparseable, Cert: c.sha, ServedIndex: index(i),
				Detail: fmt.Sprintf("certificate of %d bytes exceeds %d", len(der), MaxCertificateSize)})
			a.served = append(a.served, nil)
			continue
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			r.Defects = append(r.Defects, Defect{Code: DefectUnparseable, Cert: c.sha, ServedIndex: index(i), Detail: err.Error()})
			a.served = append(a.served, nil)
			continue
		}
		if i > 0 {
			// A key too large to verify with must reach neither path
			// building nor crypto/x509 (which would try it).
			if err := keyWithinBounds(cert.RawSubjectPublicKeyInfo); err != nil {
				r.Defects = append(r.Defects, Defect{Code: DefectUnparseable, Cert: c.sha, ServedIndex: index(i), Detail: err.Error()})
				a.served = append(a.served, nil)
				continue
			}
		}
		c.cert = cert
		c.facts = walkCertificate(der)
		if j, dup := firstSeen[c.sha]; dup {
			duplicates = append(duplicates, i)
			r.Defects = append(r.Defects, Defect{Code: DefectExtraneous, Cert: c.sha, ServedIndex: index(i),
				Detail: fmt.Sprintf("duplicate of certificate %d", j)})
			a.served = append(a.served, nil)
			continue
		}
		firstSeen[c.sha] = i
		if an, ok := a.pool.bySHA[c.sha]; ok {
			c.anchor = an
		}
		a.served = append(a.served, c)
	}
	leaf := a.served[0]
	if leaf == nil {
		r.Unknown = append(r.Unknown,
			UnknownFact{Fact: "trusted", Reason: "leaf_unparseable"},
			UnknownFact{Fact: "hostname_match", Reason: "leaf_unparseable"})
		return r
	}

	// Build the candidate paths and keep the best.
	a.extend([]*chainCert{leaf})
	if len(a.paths) == 0 {
		// Not reached: the first call always ends a path. Kept so that
		// a budget change can never index an empty path.
		a.paths = append(a.paths, candidatePath{certs: []*chainCert{leaf}, end: endMissingIssuer, detail: "path building budget exhausted"})
	}
	best := a.best()

	for _, c := range best.certs {
		r.Path = append(r.Path, c.sha)
	}
	onPath := map[int]bool{}
	for _, c := range best.certs {
		if c.served >= 0 {
			onPath[c.served] = true
		}
	}
	// Served certificates off the path (duplicates are flagged already).
	var offPath []Defect
	for i, c := range a.served {
		if c != nil && !onPath[i] {
			offPath = append(offPath, Defect{Code: DefectExtraneous, Cert: c.sha, ServedIndex: index(i), Detail: "not on the certification path"})
		}
	}
	r.Defects = sortServed(append(r.Defects, offPath...))
	if d, ok := wrongOrder(best.certs); ok {
		r.Defects = append(r.Defects, d)
	}
	r.Defects = append(r.Defects, a.pathDefects(best, &r)...)

	// Hostname.
	if opts.ServerName == "" {
		r.Unknown = append(r.Unknown, UnknownFact{Fact: "hostname_match", Reason: "no_server_name"})
	} else if by, ok := matchHostname(leaf.cert, opts.ServerName); ok {
		r.HostnameMatch, r.MatchedBy = true, by
	} else {
		r.Defects = append(r.Defects, Defect{Code: DefectNameMismatch, Cert: leaf.sha, ServedIndex: index(0),
			Detail: fmt.Sprintf("%q matches none of %s", opts.ServerName, presentedNames(leaf.cert))})
	}

	// crypto/x509 as the judge of trust, for what the codes above do not
	// cover.
	verifyErr := a.verify()
	blocked := false
	for _, d := range r.Defects {
		blocked = blocked || d.Code.blocking()
	}
	if verifyErr != nil && !blocked {
		r.Defects = append(r.Defects, Defect{Code: DefectVerifyFailed, Cert: leaf.sha, ServedIndex: index(0), Detail: verifyErr.Error()})
	}
	r.Trusted = verifyErr == nil && !blocked
	return r
}

func index(i int) *int { return &i }

// sortServed orders per-certificate defects by served position, keeping
// the order of codes for one position.
func sortServed(ds []Defect) []Defect {
	out := make([]Defect, 0, len(ds))
	for i := 0; i < MaxChainCertificates; i++ {
		for _, d := range ds {
			if d.ServedIndex != nil && *d.ServedIndex == i {
				out = append(out, d)
			}
		}
	}
	return out
}

// extend explores the paths going up from the last certificate of path.
func (a *analysis) extend(path []*chainCert) {
	if len(a.paths) >= maxPaths {
		return
	}
	c := path[len(path)-1]
	if c.anchor != nil {
		a.paths = append(a.paths, candidatePath{certs: path, end: endAnchored})
		return
	}
	found := false
	var badSig []string
	// Anchors first: a path ending at an anchor is what a client builds.
	for _, an := range a.pool.bySubject[string(c.cert.RawIssuer)] {
		p := a.servedCopy(an.SHA256)
		if p == nil {
			p = &chainCert{served: -1, sha: an.SHA256, cert: an.cert, facts: walkCertificate(an.cert.Raw), anchor: an}
		}
		if inPath(path, p) {
			continue
		}
		if err := a.signedBy(c, p); err != nil {
			badSig = append(badSig, fmt.Sprintf("anchor %s: %v", an.Subject, err))
			continue
		}
		found = true
		a.paths = append(a.paths, candidatePath{certs: appendCopy(path, p), end: endAnchored})
	}
	if found {
		return
	}
	for _, s := range a.served {
		if s == nil || inPath(path, s) || !bytes.Equal(s.cert.RawSubject, c.cert.RawIssuer) {
			continue
		}
		if err := a.signedBy(c, s); err != nil {
			badSig = append(badSig, fmt.Sprintf("served certificate %d: %v", s.served, err))
			continue
		}
		found = true
		a.extend(appendCopy(path, s))
	}
	if found {
		return
	}
	switch {
	case bytes.Equal(c.cert.RawIssuer, c.cert.RawSubject) && a.signedBy(c, c) == nil:
		a.paths = append(a.paths, candidatePath{certs: path, end: endUntrustedRoot})
	case len(badSig) > 0:
		a.paths = append(a.paths, candidatePath{certs: path, end: endInvalidSignature, detail: strings.Join(badSig, "; ")})
	default:
		detail := "issuer " + nameString(c.cert.RawIssuer) + " neither served nor an anchor"
		if len(c.cert.AuthorityKeyId) > 0 {
			detail += fmt.Sprintf(" (authority key id %x)", c.cert.AuthorityKeyId)
		}
		a.paths = append(a.paths, candidatePath{certs: path, end: endMissingIssuer, detail: detail})
	}
}

// servedCopy returns the served certificate of the given hash, if any.
func (a *analysis) servedCopy(sha string) *chainCert {
	for _, s := range a.served {
		if s != nil && s.sha == sha {
			return s
		}
	}
	return nil
}

func inPath(path []*chainCert, c *chainCert) bool {
	for _, p := range path {
		if p.sha == c.sha {
			return true
		}
		// A certificate with the same name and key as one already on
		// the path adds nothing (a re-issued or cross-signed copy).
		if bytes.Equal(p.cert.RawSubject, c.cert.RawSubject) &&
			bytes.Equal(p.cert.RawSubjectPublicKeyInfo, c.cert.RawSubjectPublicKeyInfo) {
			return true
		}
	}
	return false
}

func appendCopy(path []*chainCert, c *chainCert) []*chainCert {
	out := make([]*chainCert, len(path), len(path)+1)
	copy(out, path)
	return append(out, c)
}

// signedBy checks child's signature with parent's key, allowing SHA-1 and
// MD5 (they are reported, not refused), within the signature budget.
func (a *analysis) signedBy(child, parent *chainCert) error {
	key := [2]string{child.sha, parent.sha}
	if err, ok := a.sigMemo[key]; ok {
		return err
	}
	if err, ok := signatures.get(key); ok {
		a.sigMemo[key] = err
		return err
	}
	if a.checks >= maxSignatureChecks {
		return fmt.Errorf("signature budget of %d checks exhausted", maxSignatureChecks)
	}
	a.checks++
	err := checkSignature(parent.cert.RawSubjectPublicKeyInfo, child.facts, child.cert.RawTBSCertificate, child.cert.Signature)
	a.sigMemo[key] = err
	signatures.put(key, err)
	return err
}

// signatures remembers, for the whole process, whether a certificate
// (by SHA-256) is signed by another's key (by SHA-256 of the issuer
// certificate): both are fixed by the two certificates' bytes, and a scan
// of a fleet meets the same intermediates and roots on every endpoint.
// It is bounded: when full, it starts again empty.
var signatures = sigCache{m: make(map[[2]string]error)}

const maxCachedSignatures = 4096

type sigCache struct {
	mu sync.Mutex
	m  map[[2]string]error
}

func (c *sigCache) get(k [2]string) (error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	err, ok := c.m[k]
	return err, ok
}

func (c *sigCache) put(k [2]string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedSignatures {
		clear(c.m)
	}
	c.m[k] = err
}

// checkSignature verifies a certificate's signature with zcrypto, which
// still verifies SHA-1 and MD5 signatures.
func checkSignature(spki []byte, f tbsFacts, tbs, signature []byte) error {
	if f.sigOID == nil {
		return fmt.Errorf("unreadable signature algorithm")
	}
	if err := keyWithinBounds(spki); err != nil {
		return err
	}
	pub, err := zx509.ParsePKIXPublicKey(spki)
	if err != nil {
		return fmt.Errorf("issuer key: %w", err)
	}
	ai := zpkix.AlgorithmIdentifier{Algorithm: zasn1.ObjectIdentifier(f.sigOID)}
	if f.sigParams != nil {
		ai.Parameters = zasn1.RawValue{FullBytes: f.sigParams}
	}
	return zx509.CheckSignatureFromKey(pub, zx509.GetSignatureAlgorithmFromAI(ai), tbs, signature)
}

// best picks the path a careful client would: anchored first, then the
// one with the fewest defects that prevent trust, then the shortest.
func (a *analysis) best() candidatePath {
	var best candidatePath
	bestScore := [3]int{}
	for i, p := range a.paths {
		anchored := 1
		if p.end == endAnchored {
			anchored = 0
		}
		var scratch ChainReport
		score := [3]int{anchored, len(a.pathDefects(p, &scratch)), len(p.certs)}
		if i == 0 || less(score, bestScore) {
			best, bestScore = p, score
		}
	}
	return best
}

func less(x, y [3]int) bool {
	for i := range x {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}

// pathDefects lists the defects of a path, in the documented order, and
// fills the anchor facts and notes of r.
func (a *analysis) pathDefects(p candidatePath, r *ChainReport) []Defect {
	var ds []Defect
	top := len(p.certs) - 1
	for k, c := range p.certs {
		sdx := servedIndex(c)
		if a.now.After(c.cert.NotAfter) {
			ds = append(ds, Defect{Code: DefectExpired, Cert: c.sha, ServedIndex: sdx,
				Detail: "notAfter " + c.cert.NotAfter.UTC().Format(time.RFC3339) + role(k, top, p.end)})
		}
		if a.now.Before(c.cert.NotBefore) {
			ds = append(ds, Defect{Code: DefectNotYetValid, Cert: c.sha, ServedIndex: sdx,
				Detail: "notBefore " + c.cert.NotBefore.UTC().Format(time.RFC3339) + role(k, top, p.end)})
		}
		code := DefectCode("")
		name, hash := signatureAlgorithm(c.facts.sigOID, c.facts.sigParams)
		switch hash {
		case HashSHA1:
			code = DefectSHA1
		case HashMD5:
			code = DefectMD5
		}
		if code == "" {
			continue
		}
		// The top's own signature is not relied upon when it is an
		// anchor or a self-signed root.
		if k == top && (p.end == endAnchored || p.end == endUntrustedRoot) {
			r.Notes = append(r.Notes, Note{Code: NoteWeakSignatureIgnored, Cert: c.sha, ServedIndex: sdx,
				Detail: name + " signature of the " + strings.TrimPrefix(role(k, top, p.end), ", ") + " is not relied upon"})
			continue
		}
		ds = append(ds, Defect{Code: code, Cert: c.sha, ServedIndex: sdx, Detail: name + role(k, top, p.end)})
	}
	last := p.certs[top]
	switch p.end {
	case endAnchored:
		r.Anchor, r.AnchorSource, r.AnchorServed = last.sha, last.anchor.Source, last.served >= 0
		if last.anchor.constraint != nil {
			chain := make([]*x509.Certificate, len(p.certs))
			for i, c := range p.certs {
				chain[i] = c.cert
			}
			if err := last.anchor.constraint(chain); err != nil {
				detail := err.Error()
				if !last.anchor.DistrustAfter.IsZero() {
					detail = "distrusted for certificates issued after " + last.anchor.DistrustAfter.Format(time.RFC3339) +
						"; leaf issued " + p.certs[0].cert.NotBefore.UTC().Format(time.RFC3339)
				}
				ds = append(ds, Defect{Code: DefectDistrustedRoot, Cert: last.sha, ServedIndex: servedIndex(last), Detail: detail})
			}
		}
	case endUntrustedRoot:
		ds = append(ds, Defect{Code: DefectUntrustedRoot, Cert: last.sha, ServedIndex: servedIndex(last),
			Detail: "self-signed " + nameString(last.cert.RawSubject) + " is not an anchor"})
	case endInvalidSignature:
		ds = append(ds, Defect{Code: DefectInvalidSignature, Cert: last.sha, ServedIndex: servedIndex(last), Detail: p.detail})
	case endMissingIssuer:
		ds = append(ds, Defect{Code: DefectMissingIntermediate, Cert: last.sha, ServedIndex: servedIndex(last), Detail: p.detail})
	}
	return ds
}

func servedIndex(c *chainCert) *int {
	if c.served < 0 {
		return nil
	}
	return index(c.served)
}

// role names a path position for details: leaf, intermediate, anchor, root.
func role(k, top int, end pathEnd) string {
	switch {
	case k == 0:
		return ", leaf"
	case k == top && end == endAnchored:
		return ", anchor"
	case k == top && end == endUntrustedRoot:
		return ", root"
	}
	return ", intermediate"
}

// wrongOrder reports whether the served certificates of the path are out
// of path order. (Certificates served in between are extraneous, not out
// of order.)
func wrongOrder(path []*chainCert) (Defect, bool) {
	var served []string
	ok := true
	last := -1
	for _, c := range path {
		if c.served < 0 {
			continue
		}
		served = append(served, fmt.Sprint(c.served))
		if c.served < last {
			ok = false
		}
		last = c.served
	}
	if ok {
		return Defect{}, false
	}
	return Defect{Code: DefectWrongOrder, Detail: "path from the leaf up is served certificates " + strings.Join(served, ",")}, true
}

// verify runs crypto/x509's verification of the leaf, with the other
// served certificates as intermediates, for TLS server authentication.
func (a *analysis) verify() error {
	inter := x509.NewCertPool()
	for _, c := range a.served[1:] {
		if c != nil {
			inter.AddCert(c.cert)
		}
	}
	roots := a.pool.std
	if roots == nil {
		roots = x509.NewCertPool()
	}
	_, err := a.served[0].cert.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   a.now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	return err
}

// nameString formats a DER name as Describe does.
func nameString(der []byte) string {
	if _, s, err := parseName(der); err == nil {
		return s
	}
	return fmt.Sprintf("#%x", der)
}

// presentedNames lists the identities of a certificate for a detail.
func presentedNames(c *x509.Certificate) string {
	var names []string
	for _, n := range c.DNSNames {
		names = append(names, "DNS:"+n)
	}
	for _, ip := range c.IPAddresses {
		names = append(names, "IP:"+ip.String())
	}
	if len(c.DNSNames) == 0 && c.Subject.CommonName != "" {
		names = append(names, "CN:"+c.Subject.CommonName)
	}
	if len(names) == 0 {
		return "no name"
	}
	return strings.Join(names, ", ")
}
