package pki

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// The root store is the Mozilla (NSS) bundle compiled into the binary, plus
// the CA files the operator names: the same on every host and in a scratch
// container. The system store is never read.

// RootStoreModule is the module the Mozilla roots come from.
const RootStoreModule = "golang.org/x/crypto/x509roots/fallback"

// rootStoreVersionFallback is the version of RootStoreModule in go.mod. A
// binary reads the real one from its build information; test binaries carry
// none, so this constant stands in (TestRootStoreVersionMatchesGoMod keeps
// it in step with go.mod).
const rootStoreVersionFallback = "v0.0.0-20261030153154-30a33513ff6d"

// RootStore says which trust anchors a Pool holds, for provenance.
type RootStore struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	// VersionSource is build_info (read from the binary) or constant (the
	// version this package was written against, in test binaries).
	VersionSource string `json:"version_source"`
	MozillaRoots  int    `json:"mozilla_roots"`
	ExtraRoots    int    `json:"extra_roots"`
	// ExtraSources are the CA files (or other sources) of the extra roots,
	// in the order they were added.
	ExtraSources []string `json:"extra_sources,omitempty"`
}

// rootStoreVersion returns the version of RootStoreModule this binary was
// built with, and where the answer comes from.
func rootStoreVersion() (version, source string) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path != RootStoreModule {
				continue
			}
			if dep.Replace != nil {
				return dep.Replace.Version, "build_info"
			}
			return dep.Version, "build_info"
		}
	}
	return rootStoreVersionFallback, "constant"
}

// Anchor describes one trust anchor of a Pool.
type Anchor struct {
	SHA256  string `json:"sha256"`
	Subject string `json:"subject"`
	// Source is "mozilla" for the bundle, else the name given when the
	// anchor was added (the CA file's path).
	Source string `json:"source"`
	// DistrustAfter is set when the bundle constrains the root: chains
	// with a certificate issued (notBefore) after it are not trusted.
	DistrustAfter time.Time `json:"distrust_after,omitzero"`
	// Constrained is set when the bundle attaches a constraint to the root
	// (DistrustAfter says which, when it could be read).
	Constrained bool `json:"constrained,omitempty"`
}

// anchor is a trust anchor with what verification needs.
type anchor struct {
	Anchor
	cert       *x509.Certificate
	constraint func([]*x509.Certificate) error
}

// Pool is a set of trust anchors. The zero value is an empty pool. A Pool
// must not be modified while Analyze uses it; Analyze itself only reads.
type Pool struct {
	anchors   []*anchor
	bySHA     map[string]*anchor
	bySubject map[string][]*anchor
	std       *x509.CertPool
	mozilla   int
	extra     []string
}

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{} }

// MozillaPool returns a pool holding the Mozilla roots of the bundle
// compiled into the binary, with their distrust-after constraints.
func MozillaPool() (*Pool, error) {
	p := NewPool()
	for root := range bundle.Roots() {
		cert, err := x509.ParseCertificate(root.Certificate)
		if err != nil {
			return nil, fmt.Errorf("failed to parse a bundled root: %w", err)
		}
		a := &anchor{cert: cert, constraint: root.Constraint}
		a.Source = "mozilla"
		if root.Constraint != nil {
			a.Constrained = true
			a.DistrustAfter = probeDistrustAfter(root.Constraint)
		}
		if p.add(a) {
			p.mozilla++
		}
	}
	return p, nil
}

// LoadPool returns the Mozilla roots plus the certificates of each PEM CA
// file.
func LoadPool(caFiles ...string) (*Pool, error) {
	p, err := MozillaPool()
	if err != nil {
		return nil, err
	}
	for _, f := range caFiles {
		if err := p.AddCAFile(f); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// AddCAFile adds every certificate of a PEM file as a trust anchor.
func (p *Pool) AddCAFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("failed to read CA file: %w", err)
	}
	if _, err := p.AddPEM(data, path); err != nil {
		return fmt.Errorf("failed to load CA file %s: %w", path, err)
	}
	return nil
}

// AddPEM adds every CERTIFICATE block of data as a trust anchor, and
// returns how many were new. Data without any certificate, or with one
// that does not parse, is an error (and nothing is added).
func (p *Pool) AddPEM(data []byte, source string) (int, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return 0, fmt.Errorf("certificate %d: %w", len(certs)+1, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return 0, errors.New("no PEM certificate found")
	}
	added := 0
	for _, cert := range certs {
		a := &anchor{cert: cert}
		a.Source = source
		if p.add(a) {
			added++
		}
	}
	if added > 0 {
		p.extra = append(p.extra, source)
	}
	return added, nil
}

// AddDER adds one DER certificate as a trust anchor.
func (p *Pool) AddDER(der []byte, source string) error {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return err
	}
	a := &anchor{cert: cert}
	a.Source = source
	if p.add(a) {
		p.extra = append(p.extra, source)
	}
	return nil
}

// add adds an anchor unless the same certificate is there already.
func (p *Pool) add(a *anchor) bool {
	sum := sha256.Sum256(a.cert.Raw)
	a.SHA256 = hex.EncodeToString(sum[:])
	if _, s, err := parseName(a.cert.RawSubject); err == nil {
		a.Subject = s
	} else {
		a.Subject = a.cert.Subject.String()
	}
	if p.bySHA == nil {
		p.bySHA = map[string]*anchor{}
		p.bySubject = map[string][]*anchor{}
		p.std = x509.NewCertPool()
	}
	if _, ok := p.bySHA[a.SHA256]; ok {
		return false
	}
	p.anchors = append(p.anchors, a)
	p.bySHA[a.SHA256] = a
	p.bySubject[string(a.cert.RawSubject)] = append(p.bySubject[string(a.cert.RawSubject)], a)
	if a.constraint != nil {
		p.std.AddCertWithConstraint(a.cert, a.constraint)
	} else {
		p.std.AddCert(a.cert)
	}
	return true
}

// CertPool returns the anchors as a crypto/x509 pool, with the bundle's
// constraints, for a client that verifies with crypto/tls (an empty pool
// for the zero Pool). The pool is shared: do not add to it.
func (p *Pool) CertPool() *x509.CertPool {
	if p.std == nil {
		return x509.NewCertPool()
	}
	return p.std
}

// Len returns the number of anchors.
func (p *Pool) Len() int { return len(p.anchors) }

// Anchors lists the anchors in the order they were added.
func (p *Pool) Anchors() []Anchor {
	out := make([]Anchor, len(p.anchors))
	for i, a := range p.anchors {
		out[i] = a.Anchor
	}
	return out
}

// Anchor returns the anchor of the given certificate SHA-256, if any.
func (p *Pool) Anchor(sha256Hex string) (Anchor, bool) {
	a, ok := p.bySHA[sha256Hex]
	if !ok {
		return Anchor{}, false
	}
	return a.Anchor, true
}

// Store describes the pool for provenance.
func (p *Pool) Store() RootStore {
	v, src := rootStoreVersion()
	return RootStore{
		Module:        RootStoreModule,
		Version:       v,
		VersionSource: src,
		MozillaRoots:  p.mozilla,
		ExtraRoots:    len(p.anchors) - p.mozilla,
		ExtraSources:  slices.Clone(p.extra),
	}
}

// probeDistrustAfter reads the date of a bundle constraint. The bundle
// exposes a constraint only as a function (chains with a certificate whose
// notBefore is after the date fail it), so the date is found by bisection
// over notBefore, to the second. It returns the zero time when the
// function does not behave as a date cut-off, and the constraint is then
// still applied, just not dated.
func probeDistrustAfter(constraint func([]*x509.Certificate) error) time.Time {
	fails := func(t time.Time) bool {
		return constraint([]*x509.Certificate{{NotBefore: t}}) != nil
	}
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix() // passes
	hi := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix() // fails
	if fails(time.Unix(lo, 0)) || !fails(time.Unix(hi, 0)) {
		return time.Time{}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fails(time.Unix(mid, 0)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	// lo is the last second that passes: the distrust-after instant.
	return time.Unix(lo, 0).UTC()
}
