package tlsprobe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// Prober inspects TLS endpoints; it implements scanner.Prober.
type Prober struct {
	cfg Config
}

// New returns a Prober using a copy of cfg.
func New(cfg Config) *Prober { return &Prober{cfg: cfg} }

// endpointScan is the state of one endpoint's inspection.
type endpointScan struct {
	cfg  *Config
	ep   scanner.Endpoint
	d    *scanner.Dialer
	addr netip.AddrPort
	sni  string
	seed [32]byte

	seq         atomic.Int64
	maxPosStart atomic.Int64 // seqStart of the latest positive probe
	gaveUp      atomic.Bool  // a control hello failed twice: the server is throttling or down

	shuffleMu sync.Mutex
	mu        sync.Mutex
	control   func(ctx context.Context) *outcome // re-sends a hello the server accepted
	rests     []restingFact
	notes     []string
	chains    map[string]*servedChain
	dh        map[string]scanner.DHParam
	exts      map[scanner.Version]map[uint16]bool
	leafEC    map[uint16]bool                     // curves of ECDSA leaf certificates seen
	otherLeaf bool                                // a leaf certificate with another key type was seen
	mined     map[scanner.Version]map[uint16]bool // groups seen while enumerating suites
	// picks are the (suite, group) answers to hellos that offered every
	// group (offeredGroups), per version: the group each time is the
	// server's choice among all of them.
	picks map[scanner.Version][]groupPick

	// Facts of the extension and certificate probes, mined from every
	// answer (mine, mine13) or set by their tasks.
	schemes    map[scanner.Version]map[uint16]*schemeSeen
	certReqs   map[scanner.Version][]string // CA names of CertificateRequests (non-nil: one was sent)
	hellos     map[scanner.Version]*helloStats
	randoms    randomStats
	schemeRuns map[scanner.Version]schemeResult
	accepted   map[scanner.Version][]uint16 // accepted suites, once the versions are decided
	ext        extensionFacts
}

// servedChain is one distinct chain as served, and where it was seen.
type servedChain struct {
	certs      [][]byte
	versions   map[scanner.Version]bool
	sni, noSNI bool        // got by hellos with and without server_name
	leafKey    pki.KeyType // the leaf's key type
	ocsp       []byte      // the first stapled OCSP response served with it
	scts       [][]byte    // the first SCT list of the TLS extension served with it
}

// schemeSeen is a signature scheme the server signed with.
type schemeSeen struct {
	key       pki.KeyType // of the leaf that signed
	preferred bool        // chosen when every scheme of that key type was offered
}

// restingFact is a fact that rests on negative answers: if no positive
// probe started after them, it is downgraded.
type restingFact struct {
	on        []*outcome
	downgrade func(reason scanner.Reason, detail string)
}

// Probe inspects one endpoint.
func (p *Prober) Probe(ctx context.Context, ep scanner.Endpoint, d *scanner.Dialer) scanner.Result {
	s, err := newEndpointScan(&p.cfg, ep, d)
	if err != nil {
		return scanner.Result{Endpoint: ep, Error: &scanner.Unknown{Reason: scanner.ReasonNotTested, Detail: err.Error()}}
	}
	return s.run(ctx, p.cfg.Depth)
}

func newEndpointScan(cfg *Config, ep scanner.Endpoint, d *scanner.Dialer) (*endpointScan, error) {
	s := &endpointScan{
		cfg:    cfg,
		ep:     ep,
		d:      d,
		addr:   addrOf(ep),
		sni:    ep.SNI,
		chains: make(map[string]*servedChain),
		dh:     make(map[string]scanner.DHParam),
		exts:   make(map[scanner.Version]map[uint16]bool),
		leafEC: make(map[uint16]bool),
		mined:  make(map[scanner.Version]map[uint16]bool),
		picks:  make(map[scanner.Version][]groupPick),

		schemes:    make(map[scanner.Version]map[uint16]*schemeSeen),
		certReqs:   make(map[scanner.Version][]string),
		hellos:     make(map[scanner.Version]*helloStats),
		schemeRuns: make(map[scanner.Version]schemeResult),
		accepted:   make(map[scanner.Version][]uint16),
		ext:        newExtensionFacts(),
	}
	if cfg.SNI != "" {
		s.sni = cfg.SNI
	}
	if _, err := io.ReadFull(cfg.rand(), s.seed[:]); err != nil {
		return nil, fmt.Errorf("no randomness: %w", err)
	}
	return s, nil
}

// note records a behaviour worth a line in the report.
func (s *endpointScan) note(n string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.notes, n) {
		s.notes = append(s.notes, n)
	}
}

// restOn registers a fact resting on negative outcomes.
func (s *endpointScan) restOn(on []*outcome, downgrade func(scanner.Reason, string)) {
	if len(on) == 0 {
		return
	}
	s.mu.Lock()
	s.rests = append(s.rests, restingFact{on: on, downgrade: downgrade})
	s.mu.Unlock()
}

// send runs one exchange of an enumeration hello and records what it
// reveals.
func (s *endpointScan) send(ctx context.Context, payload []byte, sslv2 bool, depth flightDepth, ffdhe bool) *outcome {
	return s.sendHello(ctx, payload, sslv2, depth, helloMeta{ffdhe: ffdhe, noSNI: s.sni == "", defaultSchemes: true})
}

// helloMeta is what mining needs to know of the hello sent.
type helloMeta struct {
	ffdhe          bool // the hello named RFC 7919 groups
	noSNI          bool // it carried no server_name
	defaultSchemes bool // it offered offeredSignatureSchemes
	defaultGroups  bool // it offered offeredGroups, and only varied the suites
	after          afterFlight
}

// groupPick is the group a server chose, and with which suite, when a
// hello offered every group.
type groupPick struct{ suite, group uint16 }

// offerSpec sends the hello of spec, reading a TLS 1.2 flight to its end.
func (s *endpointScan) offerSpec(ctx context.Context, spec helloSpec) *outcome {
	b, err := s.helloBytes(spec)
	if err != nil {
		return &outcome{kind: outMalformed, err: fmt.Errorf("failed to build hello: %w", err)}
	}
	depth := fullFlight
	if spec.version == scanner.TLSv13 {
		depth = helloOnly
	}
	meta := helloMeta{ffdhe: spec.version != scanner.TLSv13 && offersFFDHE(spec.groups), noSNI: spec.noSNI || s.sni == "", defaultSchemes: spec.schemes == nil, after: spec.after}
	return s.sendHello(ctx, b, false, depth, meta)
}

func (s *endpointScan) sendHello(ctx context.Context, payload []byte, sslv2 bool, depth flightDepth, meta helloMeta) *outcome {
	o := s.exchangeAfter(ctx, payload, sslv2, depth, meta.after)
	o.offeredFFDHE = meta.ffdhe
	o.noSNI = meta.noSNI
	o.defaultSchemes = meta.defaultSchemes
	if o.kind.positive() {
		s.markPositive(o)
		s.mine(o)
		s.mu.Lock()
		if meta.defaultGroups {
			s.addPick(o)
		}
		if s.control == nil {
			s.control = func(ctx context.Context) *outcome { return s.exchange(ctx, payload, sslv2, helloOnly) }
		}
		s.mu.Unlock()
	}
	return o
}

// probe sends a hello built by offer and classifies a negative answer
// that is not a TLS alert (reset, close, silence, garbage) at once: a
// control hello the server accepted before is sent; if it fails too, the
// server is throttling or down, so after a backoff the hello is tried once
// more. A refusal only stands when the control succeeds.
func (s *endpointScan) probe(ctx context.Context, offer func(context.Context, []uint16) *outcome, list []uint16) *outcome {
	if s.gaveUp.Load() {
		// The server stopped answering controls: ask it nothing more.
		return &outcome{kind: outReset, throttled: true, err: errGaveUp}
	}
	o := offer(ctx, list)
	if o.kind.positive() || o.kind == outAlert || o.kind == outCanceled {
		return o
	}
	s.mu.Lock()
	control := s.control
	s.mu.Unlock()
	if control == nil {
		return o // judged at the end, against later probes
	}
	if c := control(ctx); c.kind.positive() {
		s.markPositive(c)
		return o
	}
	if !scanner.Sleep(ctx, s.backoff()) {
		return o
	}
	o = offer(ctx, list)
	if o.kind.positive() || o.kind == outAlert || o.kind == outCanceled {
		return o
	}
	if c := control(ctx); c.kind.positive() {
		s.markPositive(c)
		return o
	}
	o.throttled = true
	s.gaveUp.Store(true)
	return o
}

var errGaveUp = errors.New("probe skipped: the server stopped answering")

// markPositive records that a probe starting at c.seqStart was accepted:
// every refusal that ended before it is confirmed.
func (s *endpointScan) markPositive(c *outcome) {
	for {
		cur := s.maxPosStart.Load()
		if c.seqStart <= cur || s.maxPosStart.CompareAndSwap(cur, c.seqStart) {
			return
		}
	}
}

// backoff is the pause before retrying a probe a throttling server
// refused: a fifth of the I/O timeout, at least 100 ms, at most 2 s.
func (s *endpointScan) backoff() time.Duration {
	b := s.d.Timeout / 5
	return min(max(b, 100*time.Millisecond), 2*time.Second)
}

// offerSuites returns an offer function for suites of version v.
func (s *endpointScan) offerSuites(v scanner.Version, groups []uint16) func(context.Context, []uint16) *outcome {
	return func(ctx context.Context, list []uint16) *outcome {
		b, err := s.helloBytes(helloSpec{version: v, suites: list, groups: groups})
		if err != nil {
			return &outcome{kind: outMalformed, err: fmt.Errorf("failed to build hello: %w", err)}
		}
		depth := fullFlight
		if v == scanner.TLSv13 {
			depth = helloOnly
		}
		meta := helloMeta{ffdhe: v != scanner.TLSv13 && offersFFDHE(groups), noSNI: s.sni == "", defaultSchemes: true, defaultGroups: groups == nil}
		return s.sendHello(ctx, b, false, depth, meta)
	}
}

// judgeSuite accepts an outcome as a suite chosen in version v.
func judgeSuite(v scanner.Version) func(o *outcome) (uint16, verdict) {
	return func(o *outcome) (uint16, verdict) {
		if o.version() != uint16(v) {
			return 0, vAbort
		}
		return o.sh.cipherSuite, vAccept
	}
}

// mine records every fact a positive outcome carries.
func (s *endpointScan) mine(o *outcome) {
	if o.sh == nil {
		return
	}
	v := scanner.Version(o.version())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exts[v] == nil {
		s.exts[v] = make(map[uint16]bool)
	}
	for _, t := range o.sh.extensions {
		s.exts[v][t] = true
	}
	if o.kind == outRetry && o.sh.selectedGroup != 0 {
		s.addMined(v, o.sh.selectedGroup)
	}
	if o.kind == outAccepted && v <= scanner.TLSv12 && v >= scanner.SSLv3 {
		s.mineHello(v, o)
	}
	if o.kind == outAccepted {
		s.randoms.add(v, o.sh.random)
	}
	var leafKey pki.KeyType
	if len(o.certs) > 0 {
		leafKey = s.addChain(v, o.certs, o.ocsp, o.sh.sctList, o.noSNI)
	}
	if o.certReq != nil {
		s.addCertRequest(v, o.certReq.certificateAuthorities)
	}
	if len(o.ske) == 0 {
		return
	}
	cs, ok := SuiteByCode(scanner.Code(o.sh.cipherSuite))
	if !ok {
		return
	}
	signed := cs.Auth != AuthNULL
	switch cs.Kx {
	case KxECDHE, KxECDHEPSK:
		if p, ok := parseECDHEParams(o.ske, uint16(v), signed && cs.Kx == KxECDHE); ok {
			s.addMined(v, p.group)
			o.group = p.group
			o.sigScheme = p.sigScheme
		}
	case KxDHE, KxDHExport, KxDHEPSK:
		if p, ok := parseDHEParams(o.ske, uint16(v), signed && cs.Kx != KxDHEPSK); ok {
			o.sigScheme = p.sigScheme
			prime := new(big.Int).SetBytes(p.p)
			g := new(big.Int).SetBytes(p.g)
			known := knownDHGroup(prime)
			sum := sha256.Sum256(p.p)
			param := scanner.DHParam{
				Version:      v,
				Suite:        scanner.Code(o.sh.cipherSuite),
				OfferedFFDHE: o.offeredFFDHE,
				Bits:         prime.BitLen(),
				Known:        known,
				PrimeSHA256:  hex.EncodeToString(sum[:]),
			}
			if g.IsInt64() {
				param.Generator = int(g.Int64())
			}
			key := fmt.Sprintf("%d/%t/%s", v, o.offeredFFDHE, param.PrimeSHA256)
			if _, ok := s.dh[key]; !ok {
				s.dh[key] = param
			}
			if code := ffdheCode(known); code != 0 && o.offeredFFDHE {
				s.addMined(v, code)
				o.group = code
			}
		}
	}
	if v == scanner.TLSv12 && o.sigScheme != 0 && leafKey != "" && (!o.noSNI || s.sni == "") {
		s.addScheme(v, o.sigScheme, leafKey, o.defaultSchemes)
	}
}

// addChain records a chain served under v and returns its leaf's key
// type. Called with s.mu held.
func (s *endpointScan) addChain(v scanner.Version, certs [][]byte, ocsp []byte, scts [][]byte, noSNI bool) pki.KeyType {
	h := sha256.New()
	for _, c := range certs {
		h.Write(c)
	}
	key := hex.EncodeToString(h.Sum(nil))
	sc, seen := s.chains[key]
	if !seen {
		sc = &servedChain{certs: certs, versions: make(map[scanner.Version]bool)}
		s.chains[key] = sc
		leafDesc, _ := pki.Describe(certs[0]) // a partial description still has its key type or "unknown"
		sc.leafKey = leafDesc.KeyType
		if leaf, err := x509.ParseCertificate(certs[0]); err == nil {
			if c := ecdsaCurveOf(leaf); c != 0 {
				s.leafEC[c] = true
			} else {
				s.otherLeaf = true
			}
		}
	}
	sc.versions[v] = true
	if noSNI {
		sc.noSNI = true
	} else {
		sc.sni = true
	}
	if len(ocsp) > 0 && sc.ocsp == nil {
		sc.ocsp = ocsp
	}
	if len(scts) > 0 && sc.scts == nil {
		sc.scts = scts
	}
	return sc.leafKey
}

// addScheme records that the server signed with scheme in version v, with
// a leaf of key type key; preferred when the hello offered every scheme
// of that key type. Called with s.mu held.
func (s *endpointScan) addScheme(v scanner.Version, scheme uint16, key pki.KeyType, preferred bool) {
	if s.schemes[v] == nil {
		s.schemes[v] = make(map[uint16]*schemeSeen)
	}
	seen := s.schemes[v][scheme]
	if seen == nil {
		seen = &schemeSeen{key: key}
		s.schemes[v][scheme] = seen
	}
	seen.preferred = seen.preferred || preferred
}

// addCertRequest records a CertificateRequest and the CA names it listed.
// Called with s.mu held.
func (s *endpointScan) addCertRequest(v scanner.Version, cas [][]byte) {
	if s.certReqs[v] == nil {
		s.certReqs[v] = []string{}
	}
	for _, der := range cas {
		n := distinguishedName(der)
		if !slices.Contains(s.certReqs[v], n) {
			s.certReqs[v] = append(s.certReqs[v], n)
		}
	}
}

// addPick records the group of an answer to a hello that offered every
// group: the one a HelloRetryRequest asks for, or that of the
// ServerKeyExchange (mine sets o.group). Called with s.mu held.
func (s *endpointScan) addPick(o *outcome) {
	g := o.group
	if o.kind == outRetry {
		g = o.sh.selectedGroup
	}
	if g != 0 && o.sh != nil {
		v := scanner.Version(o.version())
		s.picks[v] = append(s.picks[v], groupPick{suite: o.sh.cipherSuite, group: g})
	}
}

// choice is the group the server chose every time a hello of version v
// offered every group, among those answered with a suite for which
// suiteOK holds; 0 when there was no such answer or the choices differed.
func (s *endpointScan) choice(v scanner.Version, suiteOK func(uint16) bool) uint16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var g uint16
	for _, p := range s.picks[v] {
		switch {
		case !suiteOK(p.suite):
		case g == 0:
			g = p.group
		case g != p.group:
			return 0
		}
	}
	return g
}

func (s *endpointScan) addMined(v scanner.Version, g uint16) {
	if s.mined[v] == nil {
		s.mined[v] = make(map[uint16]bool)
	}
	s.mined[v][g] = true
}

// ffdheCode maps a knownDHGroup name of RFC 7919 to its group code.
func ffdheCode(name string) uint16 {
	switch name {
	case "ffdhe2048":
		return 256
	case "ffdhe3072":
		return 257
	case "ffdhe4096":
		return 258
	case "ffdhe6144":
		return 259
	case "ffdhe8192":
		return 260
	}
	return 0
}

// ecdsaCurveOf is the group code of an ECDSA certificate's curve, 0 for
// other keys.
func ecdsaCurveOf(c *x509.Certificate) uint16 {
	pub, ok := c.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return 0
	}
	switch pub.Curve {
	case elliptic.P256():
		return 23
	case elliptic.P384():
		return 24
	case elliptic.P521():
		return 25
	}
	return 0
}

// offersFFDHE reports whether a TLS 1.2 hello with these groups (nil: the
// default list) names RFC 7919 groups.
func offersFFDHE(groups []uint16) bool {
	if groups == nil {
		return true
	}
	return slices.ContainsFunc(groups, isFFDHE)
}

// arrange returns list, or a shuffled copy when the config asks for one.
func arrange[T any](s *endpointScan, list []T) []T {
	if s.cfg.shuffle == nil {
		return list
	}
	s.shuffleMu.Lock()
	defer s.shuffleMu.Unlock()
	out := slices.Clone(list)
	s.cfg.shuffle.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
