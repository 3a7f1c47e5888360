package rules

import (
	"fmt"
	"slices"
	"sync"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// RunView is what the rules graded across a run (Rule.Run) know of the
// run's endpoints: which leaf certificates each served. It is filled as
// results arrive (Add), and read once the run is over (EvaluateRun).
type RunView struct {
	mu        sync.Mutex
	leaves    map[string][]scanner.Endpoint // leaf SHA-256 -> endpoints serving it
	endpoints []scanner.Endpoint
	observed  map[string]bool     // termination keys of the endpoints with a chain observed
	keys      map[string][]KeyUse // SubjectPublicKeyInfo SHA-256 -> what uses the key
}

// KeyUse is one use of a public key seen in the run: an endpoint's TLS
// leaf certificate, or its SSH host key.
type KeyUse struct {
	Endpoint scanner.Endpoint
	Use      string // UseTLSCertificate or UseSSHHostKey
}

// The uses of a key.
const (
	UseTLSCertificate = "TLS certificate"
	UseSSHHostKey     = "SSH host key"
)

// NewRunView returns an empty view.
func NewRunView() *RunView {
	return &RunView{leaves: map[string][]scanner.Endpoint{}, observed: map[string]bool{}, keys: map[string][]KeyUse{}}
}

// addKey records a use of the key spki, once.
func (v *RunView) addKey(spki string, u KeyUse) {
	if spki != "" && !slices.Contains(v.keys[spki], u) {
		v.keys[spki] = append(v.keys[spki], u)
	}
}

// KeyUses returns the uses of the key spki (the SHA-256 of its
// SubjectPublicKeyInfo) seen in the run, in the order they came.
func (v *RunView) KeyUses(spki string) []KeyUse {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.keys[spki])
}

// CertifiedKeys counts the endpoints of the run that served a leaf
// certificate whose key is known.
func (v *RunView) CertifiedKeys() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	eps := map[string]bool{}
	for _, uses := range v.keys {
		for _, u := range uses {
			if u.Use == UseTLSCertificate {
				eps[termination(u.Endpoint)] = true
			}
		}
	}
	return len(eps)
}

// termination is how endpoints are told apart: the address and port
// dialled (the host name when there is no address, as in fixtures). Two
// names served on one socket are one termination.
func termination(e scanner.Endpoint) string {
	if e.IP.IsValid() {
		return fmt.Sprintf("%s/%d", e.IP, e.Port)
	}
	return fmt.Sprintf("%s/%d", e.Host, e.Port)
}

// Add records the leaves r served.
func (v *RunView) Add(r *scanner.Result) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.endpoints = append(v.endpoints, r.Endpoint)
	if r.SSH != nil {
		for _, k := range r.SSH.HostKeys {
			if k.Status == scanner.Supported {
				v.addKey(k.SPKISHA256, KeyUse{r.Endpoint, UseSSHHostKey})
			}
		}
	}
	if r.TLS == nil {
		return
	}
	spki := map[string]string{} // certificate SHA-256 -> its key's
	for _, c := range r.Certificates {
		spki[c.SHA256] = c.SPKISHA256
	}
	for _, ch := range r.TLS.Certificates {
		if len(ch.Served) == 0 {
			continue
		}
		v.observed[termination(r.Endpoint)] = true
		leaf := ch.Served[0]
		if !slices.Contains(v.leaves[leaf], r.Endpoint) {
			v.leaves[leaf] = append(v.leaves[leaf], r.Endpoint)
		}
		v.addKey(spki[leaf], KeyUse{r.Endpoint, UseTLSCertificate})
	}
}

// Others counts the run's other terminations than self's: those whose
// chains were observed, and all of them.
func (v *RunView) Others(self scanner.Endpoint) (observed, all int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	seen := map[string]bool{termination(self): true}
	for _, e := range v.endpoints {
		k := termination(e)
		if seen[k] {
			continue
		}
		seen[k] = true
		all++
		if v.observed[k] {
			observed++
		}
	}
	return observed, all
}

// Sharing returns the endpoints of other terminations than self's that
// served leaf, in the order they came.
func (v *RunView) Sharing(leaf string, self scanner.Endpoint) []scanner.Endpoint {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []scanner.Endpoint
	for _, e := range v.leaves[leaf] {
		if termination(e) != termination(self) {
			out = append(out, e)
		}
	}
	return out
}

// ForRun is the part of r the run rules read once the run is over, and
// the grader keeps until then for every endpoint: the endpoint, the
// versions, each chain's versions, served certificates and anchor, and
// of each certificate what names it and says whether it was read
// (subject, DNS names, key size and key SHA-256, self-issued and
// self-signed, errors); of an SSH endpoint, its host key algorithms and
// keys. A rule graded across the run that needs more must add it here.
func ForRun(r scanner.Result) scanner.Result {
	out := scanner.Result{Endpoint: r.Endpoint, Start: r.Start, Error: r.Error}
	if o := r.SSH; o != nil {
		out.SSH = &scanner.SSHObservation{Banner: o.Banner, ProtoVersion: o.ProtoVersion, KexInit: o.KexInit,
			HostKeyAlgorithms: slices.Clone(o.HostKeyAlgorithms), HostKeys: slices.Clone(o.HostKeys)}
	}
	if r.TLS != nil {
		out.TLS = &scanner.TLSObservation{Versions: slices.Clone(r.TLS.Versions)}
		for _, ch := range r.TLS.Certificates {
			kept := scanner.ChainFact{Versions: slices.Clone(ch.Versions), SNI: ch.SNI, WithoutSNI: ch.WithoutSNI}
			kept.Served, kept.Anchor = slices.Clone(ch.Served), ch.Anchor
			out.TLS.Certificates = append(out.TLS.Certificates, kept)
		}
	}
	for _, c := range r.Certificates {
		var k scanner.CertificateFact
		k.SHA256, k.Subject, k.DNSNames, k.KeyType, k.KeyBits = c.SHA256, c.Subject, slices.Clone(c.DNSNames), c.KeyType, c.KeyBits
		k.SPKISHA256 = c.SPKISHA256
		k.SelfIssued, k.SelfSigned, k.Errors = c.SelfIssued, c.SelfSigned, slices.Clone(c.Errors)
		out.Certificates = append(out.Certificates, k)
	}
	return out
}

// EvaluateRun runs the rules graded across the run (Rule.Run) on one of
// its endpoints, with ctx.Run holding every endpoint of the run; Evaluate
// leaves them out.
func EvaluateRun(r *scanner.Result, ctx Context) []Finding {
	ctx = ctx.withDefaults()
	var out []Finding
	for _, rule := range All() {
		if rule.Run {
			out = append(out, EvaluateRule(rule, r, ctx)...)
		}
	}
	return out
}
