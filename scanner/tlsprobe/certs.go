package tlsprobe

import (
	"context"
	"slices"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// The certificate and signature-scheme probes. One elimination per version
// over signature_algorithms finds both what schemes the server signs with
// and every certificate it holds: each answer is signed by one certificate
// with one scheme; removing that scheme from the next hello makes the
// server sign with another of that certificate's schemes or with another
// certificate (RSA, ECDSA, EdDSA), until it refuses. TLS 1.3 answers come
// from full handshakes (handshake13), TLS 1.2 ones from the flight in the
// clear. The cost is the number of (certificate, scheme) pairs accepted,
// plus one refusal per version; at compliance depth the schemes ANSSI
// accepts are settled per key type by the first of them, so it is the
// number of key types and offending schemes, plus one.

// schemeCandidates lists every signature scheme an elimination offers:
// offeredSignatureSchemes (strongest first), then the registry's others.
func schemeCandidates() []uint16 {
	out := slices.Clone(offeredSignatureSchemes)
	for _, sc := range SignatureSchemes {
		if !slices.Contains(out, sc.Code) {
			out = append(out, sc.Code)
		}
	}
	return out
}

// schemeFamily groups schemes by the key they need: ECDSA, RSA (PKCS #1,
// PSS with an rsaEncryption or a PSS key), and every other algorithm on
// its own.
func schemeFamily(code uint16) SigAlg {
	sc, ok := SchemeByCode(code)
	if !ok {
		return SigAlg(255)
	}
	switch sc.Sig {
	case SigRSAPKCS1, SigRSAPSSRSAE, SigRSAPSSPSS:
		return SigRSAPKCS1
	}
	return sc.Sig
}

// schemesForKey lists the candidates a certificate of key type k can sign
// with.
func schemesForKey(k pki.KeyType) []uint16 {
	var fam []SigAlg
	switch k {
	case pki.KeyRSA:
		fam = []SigAlg{SigRSAPKCS1}
	case pki.KeyECDSA:
		fam = []SigAlg{SigECDSA}
	case pki.KeyEd25519:
		fam = []SigAlg{SigEd25519}
	case pki.KeyEd448:
		fam = []SigAlg{SigEd448}
	case pki.KeyDSA:
		fam = []SigAlg{SigDSA}
	default:
		return schemeCandidates()
	}
	return slices.DeleteFunc(schemeCandidates(), func(c uint16) bool { return !slices.Contains(fam, schemeFamily(c)) })
}

// settledWith is, at compliance depth, what an accepted scheme settles:
// every recommended scheme of its family when it is recommended (one is
// enough to know the key type signs compliantly), nothing otherwise.
func settledWith(depth Depth) func(uint16) []uint16 {
	if depth != Compliance {
		return nil
	}
	return func(c uint16) []uint16 {
		if !recommendedScheme(c) {
			return nil
		}
		return slices.DeleteFunc(schemeCandidates(), func(d uint16) bool {
			return !recommendedScheme(d) || schemeFamily(d) != schemeFamily(c)
		})
	}
}

// schemeResult is what a version's scheme elimination established.
type schemeResult struct {
	en    *scanner.Enumeration
	order []uint16 // schemes in the order they were found
}

// eliminateSchemes runs the scheme elimination of version v; known are
// schemes already seen (and so not asked again).
func (s *endpointScan) eliminateSchemes(ctx context.Context, depth Depth, v scanner.Version, known []uint16,
	offer func(context.Context, []uint16) *outcome, judge func(*outcome) (uint16, verdict)) schemeResult {
	all := schemeCandidates()
	en := &scanner.Enumeration{Version: v, Kind: scanner.EnumSignatureSchemes, Scope: scanner.ScopeAll, Candidates: len(all)}
	if depth == Compliance {
		en.Scope = scanner.ScopeNonCompliant
	}
	cands := slices.Clone(all)
	drop := settledWith(depth)
	for _, k := range known {
		settled := []uint16{k}
		if drop != nil {
			settled = append(settled, drop(k)...)
		}
		cands = slices.DeleteFunc(cands, func(c uint16) bool { return slices.Contains(settled, c) })
	}
	el := eliminator{cands: cands, chunk: len(cands) + 1, offer: offer, judge: judge, drop: drop}
	e := el.run(ctx, s)
	if e.complete {
		en.Status = scanner.EnumComplete
		s.restOn(e.rests, func(r scanner.Reason, d string) {
			en.Status, en.Reason, en.Detail = scanner.EnumPartial, r, d
		})
	} else {
		en.Status, en.Reason, en.Detail = scanner.EnumPartial, e.reason, e.detail
	}
	return schemeResult{en: en, order: e.found}
}

// judgeScheme reads the scheme the server signed with in version v.
func judgeScheme(v scanner.Version) func(*outcome) (uint16, verdict) {
	return func(o *outcome) (uint16, verdict) {
		if o.version() != uint16(v) {
			return 0, vAbort
		}
		if v == scanner.TLSv13 {
			if o.r13 == nil || o.r13.CertVerifyScheme == 0 {
				return 0, vAbort
			}
			return o.r13.CertVerifyScheme, vAccept
		}
		if o.sigScheme == 0 && len(o.ske) == 0 {
			// It chose a suite, then could not sign with any scheme
			// offered (crypto/tls sends its hello and certificate first,
			// then an alert): a refusal.
			return 0, vRefuse
		}
		if o.sigScheme == 0 {
			return 0, vAbort
		}
		return o.sigScheme, vAccept
	}
}

// signedSuites are the suites of v whose key exchange the certificate
// signs, among those the server accepts (and, at compliance depth, the
// recommended ones, since the elimination named only offenders).
func signedSuites(depth Depth, vr *versionResult) []uint16 {
	list := slices.Clone(vr.accepted)
	if depth == Compliance {
		list = append(recommendedFor(vr.v), list...)
	}
	var out []uint16
	for _, c := range list {
		cs, ok := SuiteByCode(scanner.Code(c))
		if ok && (cs.Kx == KxECDHE || cs.Kx == KxDHE) && (cs.Auth == AuthRSA || cs.Auth == AuthECDSA || cs.Auth == AuthDSS) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// suites13Of lists the TLS 1.3 suites to offer handshake13: those accepted
// that the client implements, or all it implements.
func suites13Of(vr *versionResult) []uint16 {
	var out []uint16
	for _, c := range vr.accepted {
		if suite13ByID(c) != nil && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		for _, s := range suites13 {
			out = append(out, s.id)
		}
	}
	return out
}

// extras13 is what the first TLS 1.3 handshake offers beyond the scheme
// list: ALPN and max_fragment_length, OCSP and SCT staples, and time to
// collect two tickets.
var alpnOffer = []string{"h2", "http/1.1"}

const mflOffer uint8 = 4 // 2^12 bytes

// tls13Task runs the TLS 1.3 scheme and certificate elimination, then the
// resumption probes (psk_ke, 0-RTT) with the tickets its first handshake
// got, then the hellos without server_name.
func (s *endpointScan) tls13Task(ctx context.Context, depth Depth, vr *versionResult) {
	v := scanner.TLSv13
	if vr.fact.Status != scanner.Supported {
		s.setSchemeEnum(v, s.notTestedSchemes(v, depth, "TLSv1.3 is not supported"))
		return
	}
	suites := suites13Of(vr)
	base := Handshake13Config{SNI: s.sni, Suites: suites, SignatureSchemesCert: schemeCandidates(), StatusRequest: true, SCT: true, MaxTickets: -1}
	var first *outcome
	offer := func(ctx context.Context, list []uint16) *outcome {
		cfg := base
		cfg.SignatureSchemes = list
		if first != nil {
			return s.handshake13(ctx, cfg)
		}
		cfg.ALPN, cfg.MaxFragmentLength, cfg.MaxTickets = alpnOffer, mflOffer, 2
		o := s.handshake13(ctx, cfg)
		var refused *outcome
		if o.kind == outAlert {
			// A server that refuses ALPN (alert 120) or the fragment
			// length: the scheme question is asked again without them.
			refused = o
			cfg.ALPN, cfg.MaxFragmentLength = nil, 0
			o = s.handshake13(ctx, cfg)
		}
		if o.kind.positive() && o.r13 != nil && o.r13.Version == versionTLS13 {
			first = o
			s.setExtras13(refused, o)
		}
		return o
	}
	r := s.eliminateSchemes(ctx, depth, v, nil, offer, judgeScheme(v))
	s.setSchemeEnum(v, r)
	if first == nil || first.r13 == nil {
		s.setResumption13(ctx, nil, "no TLSv1.3 handshake completed")
	} else {
		s.resumption13(ctx, base, first.r13)
	}
	s.withoutSNI(ctx, v, vr)
}

// tls12Task runs the TLS 1.2 scheme and certificate elimination, its first
// hello also asking the extensions only a TLS 1.2 hello can (DEFLATE,
// heartbeat, ALPN, max_fragment_length).
func (s *endpointScan) tls12Task(ctx context.Context, depth Depth, vr *versionResult, legacy scanner.Version, withoutSNI bool) {
	v := scanner.TLSv12
	extrasDone := false
	if vr.fact.Status == scanner.Supported {
		suites := signedSuites(depth, vr)
		if len(suites) == 0 {
			s.setSchemeEnum(v, s.notTestedSchemes(v, depth, "no accepted TLSv1.2 suite signs its key exchange"))
		} else {
			s.mu.Lock()
			var known []uint16
			for c := range s.schemes[v] {
				known = append(known, c)
			}
			s.mu.Unlock()
			slices.Sort(known)
			first := true
			offer := func(ctx context.Context, list []uint16) *outcome {
				spec := helloSpec{version: v, suites: suites, schemes: list, schemesCert: schemeCandidates()}
				if !first {
					return s.offerSpec(ctx, spec)
				}
				first = false
				o := s.offerSpec(ctx, s.extrasSpec(spec))
				if o.kind.positive() {
					s.setExtras12(v, o, nil)
					extrasDone = true
					return o
				}
				if o.kind != outAlert {
					return o // judged as any refusal, with its control
				}
				// Refused with the extensions: ask again without them to
				// tell whether they or the schemes were the cause.
				plain := s.offerSpec(ctx, spec)
				if plain.kind.positive() {
					s.setExtras12(v, nil, o)
					extrasDone = true
				}
				return plain
			}
			r := s.eliminateSchemes(ctx, depth, v, known, offer, judgeScheme(v))
			s.setSchemeEnum(v, r)
		}
	} else {
		s.setSchemeEnum(v, s.notTestedSchemes(v, depth, "TLSv1.2 is not supported"))
	}
	if !extrasDone && legacy != 0 {
		s.extrasProbe(ctx, legacy)
	}
	s.heartbleedProbe(ctx)
	if withoutSNI && legacy != 0 {
		s.withoutSNI(ctx, legacy, nil)
	}
}

// notTestedSchemes is the enumeration of a version whose schemes were not
// asked.
func (s *endpointScan) notTestedSchemes(v scanner.Version, depth Depth, why string) schemeResult {
	en := &scanner.Enumeration{Version: v, Kind: scanner.EnumSignatureSchemes, Scope: scanner.ScopeAll,
		Status: scanner.EnumNotTested, Reason: scanner.ReasonNotTested, Detail: why}
	if depth == Compliance {
		en.Scope = scanner.ScopeNonCompliant
	}
	return schemeResult{en: en}
}

func (s *endpointScan) setSchemeEnum(v scanner.Version, r schemeResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.schemeRuns[v] = r
}

// withoutSNI sends, when the scan has a server name, one hello without
// server_name per key type of the certificates version v served with it,
// offering only what that key type signs with: the chains a client that
// names nobody gets. vr is the TLS 1.3 result, nil for TLS 1.2 and older.
func (s *endpointScan) withoutSNI(ctx context.Context, v scanner.Version, vr13 *versionResult) {
	if s.sni == "" {
		return
	}
	s.mu.Lock()
	var keys []pki.KeyType
	for _, sc := range s.chains {
		if sc.versions[v] && sc.sni && !slices.Contains(keys, sc.leafKey) {
			keys = append(keys, sc.leafKey)
		}
	}
	s.mu.Unlock()
	slices.Sort(keys)
	var outs []*outcome
	for _, k := range keys {
		var o *outcome
		if v == scanner.TLSv13 {
			o = s.probe(ctx, func(ctx context.Context, list []uint16) *outcome {
				return s.handshake13(ctx, Handshake13Config{Suites: suites13Of(vr13), SignatureSchemes: list,
					SignatureSchemesCert: schemeCandidates(), StatusRequest: true, SCT: true, MaxTickets: -1})
			}, schemesForKey(k))
		} else {
			suites := s.suitesForKey(v, k)
			if len(suites) == 0 {
				continue
			}
			spec := helloSpec{version: v, suites: suites, noSNI: true}
			if v == scanner.TLSv12 {
				spec.schemes = schemesForKey(k)
			}
			o = s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.offerSpec(ctx, spec) }, nil)
		}
		outs = append(outs, o)
	}
	s.setWithoutSNI(v, outs)
}

// suitesForKey lists the accepted suites of v a certificate of key type k
// authenticates.
func (s *endpointScan) suitesForKey(v scanner.Version, k pki.KeyType) []uint16 {
	s.mu.Lock()
	accepted := slices.Clone(s.accepted[v])
	s.mu.Unlock()
	var out []uint16
	for _, c := range accepted {
		cs, ok := SuiteByCode(scanner.Code(c))
		if !ok {
			continue
		}
		switch {
		case k == pki.KeyRSA && cs.Auth == AuthRSA,
			(k == pki.KeyECDSA || k == pki.KeyEd25519 || k == pki.KeyEd448) && cs.Auth == AuthECDSA,
			k == pki.KeyDSA && cs.Auth == AuthDSS:
			out = append(out, c)
		}
	}
	return out
}

// schemeFacts lists the schemes seen, per version, key type and code,
// marking per version and key type the preferred one: the scheme chosen
// from a hello offering all of them (a TLS 1.2 enumeration hello), else
// the first the elimination found for that key type.
func (s *endpointScan) schemeFacts() ([]scanner.SignatureSchemeFact, []scanner.Enumeration) {
	var facts []scanner.SignatureSchemeFact
	var ens []scanner.Enumeration
	for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv13} {
		seen := s.schemes[v]
		preferred := make(map[pki.KeyType]uint16)
		for c, sc := range seen {
			if sc.preferred && (preferred[sc.key] == 0 || c < preferred[sc.key]) {
				preferred[sc.key] = c
			}
		}
		for _, c := range s.schemeRuns[v].order {
			if sc := seen[c]; sc != nil && preferred[sc.key] == 0 {
				preferred[sc.key] = c
			}
		}
		var codes []uint16
		for c := range seen {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			sc := seen[c]
			facts = append(facts, scanner.SignatureSchemeFact{Version: v, KeyType: sc.key, Code: scanner.Code(c), Name: SchemeName(c), Preferred: preferred[sc.key] == c})
		}
		if r := s.schemeRuns[v]; r.en != nil {
			ens = append(ens, *r.en)
		}
	}
	slices.SortStableFunc(facts, func(a, b scanner.SignatureSchemeFact) int {
		if a.Version != b.Version {
			return int(a.Version) - int(b.Version)
		}
		if a.KeyType != b.KeyType {
			if a.KeyType < b.KeyType {
				return -1
			}
			return 1
		}
		return int(a.Code) - int(b.Code)
	})
	return facts, ens
}

// keyTypesIn lists the key types of the chains served under v.
func (s *endpointScan) keyTypesIn(v scanner.Version) []pki.KeyType {
	var out []pki.KeyType
	for _, sc := range s.chains {
		if sc.versions[v] && !slices.Contains(out, sc.leafKey) {
			out = append(out, sc.leafKey)
		}
	}
	slices.Sort(out)
	return out
}
