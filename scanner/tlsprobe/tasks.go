package tlsprobe

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// versionResult is what the tasks of one version established.
type versionResult struct {
	v        scanner.Version
	fact     scanner.VersionFact
	suites   elimination
	accepted []uint16 // accepted suites (order as found)
	suiteEn  scanner.Enumeration
	order    *scanner.OrderFact
	groups   []uint16 // accepted groups, most preferred first when known
	prefGrp  uint16
	groupEn  *scanner.Enumeration
	v2kinds  []uint32
	// curvesSettled: the curves not found were offered with the ECDSA
	// certificate's curve too, and the server chose it over them.
	curvesSettled bool
	// curvesLeft, at compliance depth, are curves seen refused before the
	// certificate was known (nil when none are left to settle).
	curvesLeft *curvesLeft
	// noFFDHE, at inventory depth, are the DHE suites to offer without
	// RFC 7919 groups, for the prime a server gives clients that name
	// none; the order hello asks it when it can (nil once asked).
	noFFDHE []uint16
	// rider, at compliance depth in TLS 1.2, is the curve question the
	// suite elimination asked in one of its hellos (see curveRider).
	rider *curveRider
}

// run inspects the endpoint: suites of every version concurrently (phase
// 1), then server order, groups and DH parameters of the supported
// versions (phase 2), then confirms the negative answers (phase 3).
func (s *endpointScan) run(ctx context.Context, depth Depth) scanner.Result {
	res := make(map[scanner.Version]*versionResult, len(scanner.Versions))
	for _, v := range scanner.Versions {
		res[v] = &versionResult{v: v, fact: scanner.VersionFact{Version: v}}
	}
	var wg sync.WaitGroup
	wg.Go(func() { s.sslv2Task(ctx, res[scanner.SSLv2]) })
	for _, v := range arrange(s, []scanner.Version{scanner.TLSv13, scanner.TLSv12, scanner.TLSv11, scanner.TLSv10, scanner.SSLv3}) {
		wg.Go(func() { s.suitesTask(ctx, depth, res[v]) })
	}
	wg.Wait()

	// Groups are enumerated for TLS 1.3 and the newest supported version
	// below it; older versions list what their probes showed.
	var legacyGroups scanner.Version
	for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv11, scanner.TLSv10, scanner.SSLv3} {
		if res[v].fact.Status == scanner.Supported || (depth == Compliance && v == scanner.TLSv12) {
			legacyGroups = v
			break
		}
	}
	if depth == Compliance {
		// Noncompliant groups with the recommended suites, then one hello
		// of recommended suites per version: the positive answers that
		// confirm every refusal before them.
		for _, v := range []scanner.Version{scanner.TLSv13, legacyGroups} {
			if v == 0 {
				continue
			}
			wg.Go(func() { s.groupsTask(ctx, depth, res[v]) })
		}
		wg.Wait()
		for _, v := range []scanner.Version{scanner.TLSv13, scanner.TLSv12} {
			wg.Go(func() { s.complianceProbe(ctx, res[v]) })
		}
		wg.Wait()
		// The versions are decided: the certificate and extension probes.
		s.postTasks(ctx, depth, res, &wg)
		wg.Wait()
		// Without an RSA certificate, a server may refuse every hello that
		// lacks its ECDSA certificate's curve: the noncompliant curves,
		// offered alone, could not be seen then.
		if vr := res[legacyGroups]; vr != nil && vr.groupEn != nil && vr.groupEn.Status == scanner.EnumComplete && len(vr.groups) == 0 && s.ecdsaOnly() && !vr.curvesSettled {
			vr.groupEn.Status, vr.groupEn.Reason = scanner.EnumPartial, scanner.ReasonNotTested
			vr.groupEn.Detail = "the server has only ECDSA certificates, so hellos without its certificate's curve prove nothing"
		}
	} else {
		// The versions are decided: the certificate and extension probes
		// run beside the order and group probes.
		s.postTasks(ctx, depth, res, &wg)
		for _, v := range arrange(s, []scanner.Version{scanner.TLSv13, scanner.TLSv12, scanner.TLSv11, scanner.TLSv10, scanner.SSLv3}) {
			vr := res[v]
			if vr.fact.Status != scanner.Supported {
				continue
			}
			wg.Go(func() {
				if v == scanner.TLSv13 || v == legacyGroups {
					s.groupsTask(ctx, depth, vr)
				}
				// Positive probes last: they confirm the refusals before.
				s.orderTask(ctx, vr)
				if vr.noFFDHE != nil {
					s.withoutFFDHE(ctx, v, vr.noFFDHE)
				}
			})
		}
		wg.Wait()
	}
	s.confirm(ctx)
	return s.assemble(res, legacyGroups)
}

// postTasks starts, once the versions are decided, the probes past the
// ServerHello: TLS 1.3 handshakes (certificates, schemes, tickets,
// resumption), the TLS 1.2 scheme and certificate elimination with the
// extensions hello, the fallback hello, one complete TLS 1.2 (or older)
// handshake, and the ROBOT key exchanges where RSA key transport is
// accepted.
func (s *endpointScan) postTasks(ctx context.Context, depth Depth, res map[scanner.Version]*versionResult, wg *sync.WaitGroup) {
	if s.cfg.foundationOnly {
		return
	}
	var legacy scanner.Version
	s.mu.Lock()
	for _, v := range []scanner.Version{scanner.TLSv13, scanner.TLSv12, scanner.TLSv11, scanner.TLSv10, scanner.SSLv3} {
		if res[v].fact.Status == scanner.Supported {
			s.accepted[v] = slices.Clone(res[v].accepted)
			if legacy == 0 && v != scanner.TLSv13 {
				legacy = v
			}
		}
	}
	s.mu.Unlock()
	wg.Go(func() { s.tls13Task(ctx, depth, res[scanner.TLSv13]) })
	wg.Go(func() {
		s.tls12Task(ctx, depth, res[scanner.TLSv12], legacy, res[scanner.TLSv13].fact.Status != scanner.Supported)
	})
	wg.Go(func() { s.scsvTask(ctx, depth, res) })
	if legacy >= scanner.TLSv10 {
		wg.Go(func() { s.full12Task(ctx, legacy) })
	}
	if legacy != 0 {
		wg.Go(func() { s.robotProbe(ctx) })
	}
}

// sslv2Task sends one SSLv2 CLIENT-HELLO offering every SSLv2 cipher kind:
// the SERVER-HELLO lists every kind both support, so one probe decides all.
func (s *endpointScan) sslv2Task(ctx context.Context, vr *versionResult) {
	payload, err := s.sslv2HelloBytes()
	if err != nil {
		vr.fact.Status, vr.fact.Reason, vr.fact.Detail = scanner.StatusUnknown, scanner.ReasonNotTested, err.Error()
		return
	}
	offer := func(ctx context.Context, _ []uint16) *outcome { return s.send(ctx, payload, true, helloOnly, false) }
	o := s.probe(ctx, offer, nil)
	kinds := sslv2Kinds()
	vr.suiteEn = scanner.Enumeration{Version: scanner.SSLv2, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll, Candidates: len(kinds)}
	switch {
	case o.kind.positive():
		vr.fact.Status = scanner.Supported
		for _, k := range o.v2.cipherSpecs {
			if slices.Contains(kinds, k) {
				vr.v2kinds = append(vr.v2kinds, k)
			}
		}
		vr.suiteEn.Status = scanner.EnumComplete
		if len(vr.v2kinds) == 0 {
			s.note("SSLv2 server hello listed no cipher kind in common")
		}
	case o.throttled || o.kind == outCanceled || o.kind == outUnreachable:
		vr.fact.Status, vr.fact.Reason, vr.fact.Detail = scanner.StatusUnknown, unknownReason(o), o.detail()
		vr.suiteEn.Status, vr.suiteEn.Reason = scanner.EnumNotTested, scanner.ReasonNotTested
	default:
		vr.fact.Status, vr.fact.Reason = scanner.NotSupported, o.reason()
		vr.suiteEn.Status, vr.suiteEn.Reason = scanner.EnumNotTested, scanner.ReasonNotTested
		s.restOn([]*outcome{o}, func(r scanner.Reason, d string) {
			vr.fact = scanner.VersionFact{Version: scanner.SSLv2, Status: scanner.StatusUnknown, Reason: r, Detail: d}
		})
	}
}

// unknownReason is the reason a negative outcome leaves a fact unknown.
func unknownReason(o *outcome) scanner.Reason {
	if o.throttled {
		return scanner.ReasonThrottled
	}
	return o.reason()
}

// suitesTask enumerates the suites of version v by elimination and, at
// inventory depth, decides the version.
func (s *endpointScan) suitesTask(ctx context.Context, depth Depth, vr *versionResult) {
	v := vr.v
	cands := arrange(s, suiteCandidates(v))
	el := eliminator{cands: cands, offer: s.offerSuites(v, nil), judge: judgeSuite(v), alternate: true}
	vr.suiteEn = scanner.Enumeration{Version: v, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll}
	if depth == Compliance {
		vr.suiteEn.Scope = scanner.ScopeNonCompliant
		if v >= scanner.TLSv12 {
			// The recommended suites are offered last (complianceProbe),
			// so that the one positive answer confirms every refusal.
			el.cands = slices.DeleteFunc(slices.Clone(cands), recommendedSuite)
			if v == scanner.TLSv12 {
				el.cands = curveBoundFirst(el.cands)
				vr.rider = newCurveRider(v)
				el.offer = s.withRider(v, vr.rider, el.offer)
			}
		} else {
			// A forbidden version is the offence: one accepted suite proves it.
			el.stopAfter = 1
		}
	}
	vr.suites = el.run(ctx, s)
	vr.accepted = slices.Clone(vr.suites.found)
	vr.suiteEn.Candidates = vr.suites.candidates
	if depth == Inventory || v < scanner.TLSv12 {
		s.decideVersion(vr, nil)
	}
}

// recommendedFor lists the recommended suites of version v.
func recommendedFor(v scanner.Version) []uint16 {
	return slices.DeleteFunc(suiteCandidates(v), func(c uint16) bool { return !recommendedSuite(c) })
}

// complianceProbe offers the recommended suites of v (TLS 1.2 and 1.3) and
// decides the version with what the elimination found.
func (s *endpointScan) complianceProbe(ctx context.Context, vr *versionResult) {
	v := vr.v
	rec := recommendedFor(v)
	o := s.probe(ctx, s.offerSuites(v, nil), rec)
	if o.kind.positive() && o.version() == uint16(v) && slices.Contains(rec, o.sh.cipherSuite) {
		vr.accepted = append([]uint16{o.sh.cipherSuite}, vr.accepted...)
		s.decideVersion(vr, nil)
		s.complianceOrder(ctx, vr, rec, o.sh.cipherSuite)
		return
	}
	s.decideVersion(vr, o)
}

// complianceOrder looks, at compliance depth, for a second recommended
// suite of v (ANSSI asks for several acceptable suites) and, with two,
// whether the server imposes its order: free when the first hello offered
// the second suite before the one the server chose, one swapped hello
// otherwise. The order itself is not ranked (not every accepted suite is
// known at this depth).
func (s *endpointScan) complianceOrder(ctx context.Context, vr *versionResult, rec []uint16, p1 uint16) {
	v := vr.v
	of := &scanner.OrderFact{Version: v}
	vr.order = of
	rest := slices.DeleteFunc(slices.Clone(rec), func(c uint16) bool { return c == p1 })
	var o *outcome
	if left := vr.curvesLeft; left != nil {
		vr.curvesLeft = nil
		o = s.settleCurves(ctx, vr, left, rest)
	}
	if o == nil {
		o = s.probe(ctx, s.offerSuites(v, nil), rest)
	}
	switch {
	case o.kind.positive() && o.version() == uint16(v) && slices.Contains(rest, o.sh.cipherSuite):
	case o.kind == outAlert:
		of.Reason = scanner.ReasonNotTested // a single recommended suite: nothing to order
		return
	default:
		of.Reason = unknownReason(o)
		return
	}
	p2 := o.sh.cipherSuite
	vr.accepted = append(vr.accepted, p2)
	enforced := true
	if slices.Index(rec, p2) > slices.Index(rec, p1) {
		// The first hello named p1 first: it does not tell the server's
		// preference from the client's. Offer p2 first.
		o = s.probe(ctx, s.offerSuites(v, nil), []uint16{p2, p1})
		if !o.kind.positive() || o.version() != uint16(v) {
			of.Reason = unknownReason(o)
			return
		}
		enforced = o.sh.cipherSuite == p1
	}
	of.Enforced = &enforced
}

// settleCurves settles, at compliance depth, the curves left refused
// before the certificate was known, now that the recommended suites showed
// it: when every leaf is ECDSA on one curve, those hellos may have been
// refused for lacking it, so the curves are offered again with it last
// (maskedCurves). The first of those hellos offers the recommended suites
// rest, and also looks for a second recommended suite: settleCurves
// returns its answer when it chose one of rest, nil otherwise.
func (s *endpointScan) settleCurves(ctx context.Context, vr *versionResult, left *curvesLeft, rest []uint16) *outcome {
	v := vr.v
	certCurve := s.certCurve()
	if certCurve == 0 || slices.Contains(left.rest, certCurve) {
		return nil // a refusal without an ECDSA certificate's curve stands
	}
	var first *outcome
	if len(rest) > 0 {
		o := s.probe(ctx, s.offerSuites(v, append(slices.Clone(left.rest), certCurve)), rest)
		if o.kind.positive() && o.version() == uint16(v) && slices.Contains(rest, o.sh.cipherSuite) &&
			(o.group == certCurve || slices.Contains(left.rest, o.group)) {
			first = o
		}
	}
	m := s.maskedCurves(ctx, vr, left.rest, certCurve, left.suites, first)
	en := vr.groupEn
	vr.groups = append(vr.groups, m.found...)
	if !m.refusedByPick && !m.complete {
		en.Status, en.Reason, en.Detail = scanner.EnumPartial, m.reason, m.detail
	} else {
		s.restOn(m.rests, func(r scanner.Reason, d string) {
			en.Status, en.Reason, en.Detail = scanner.EnumPartial, r, d
		})
	}
	return first
}

// decideVersion sets the version fact and the suite enumeration status
// from the elimination (and, at compliance depth, the outcome of the
// recommended-suites probe when it was negative).
func (s *endpointScan) decideVersion(vr *versionResult, extra *outcome) {
	v, e := vr.v, vr.suites
	// answer is a server hello of another version, if one came.
	answer := e.abort
	if extra != nil {
		if extra.kind.positive() {
			answer = extra
		} else {
			e.rests = append(slices.Clone(e.rests), extra)
		}
	}
	switch {
	case len(vr.accepted) > 0:
		vr.fact.Status = scanner.Supported
	case answer != nil && answer.version() != uint16(v) && answer.version() != 0:
		got := scanner.Version(answer.version())
		vr.fact.Status, vr.fact.Detail = scanner.NotSupported, fmt.Sprintf("server answered %s", got)
		vr.fact.Reason = scanner.ReasonLowerVersion
		if got > v {
			vr.fact.Reason = scanner.ReasonHigherVersion
			s.note(fmt.Sprintf("server answered %s to a hello offering at most %s", got, v))
		}
	case e.complete && (extra == nil || !extra.kind.positive()) && len(e.rests) > 0:
		last := e.rests[len(e.rests)-1]
		if extra != nil && (extra.throttled || extra.kind == outCanceled || extra.kind == outUnreachable) {
			vr.fact.Status, vr.fact.Reason, vr.fact.Detail = scanner.StatusUnknown, unknownReason(extra), extra.detail()
			break
		}
		vr.fact.Status, vr.fact.Reason = scanner.NotSupported, last.reason()
		s.restOn(e.rests, func(r scanner.Reason, d string) {
			vr.fact = scanner.VersionFact{Version: v, Status: scanner.StatusUnknown, Reason: r, Detail: d}
		})
	case !e.complete:
		vr.fact.Status, vr.fact.Reason, vr.fact.Detail = scanner.StatusUnknown, e.reason, e.detail
	default:
		vr.fact.Status, vr.fact.Reason, vr.fact.Detail = scanner.StatusUnknown, scanner.ReasonMalformed, e.detail
	}

	switch {
	case vr.fact.Status != scanner.Supported:
		vr.suiteEn.Status, vr.suiteEn.Reason = scanner.EnumNotTested, scanner.ReasonNotTested
	case e.complete:
		vr.suiteEn.Status = scanner.EnumComplete
		s.restOn(vr.suites.rests, func(r scanner.Reason, d string) {
			vr.suiteEn.Status, vr.suiteEn.Reason, vr.suiteEn.Detail = scanner.EnumPartial, r, d
		})
	case e.reason == scanner.ReasonNotTested:
		vr.suiteEn.Status, vr.suiteEn.Reason = scanner.EnumNotTested, scanner.ReasonNotTested
		vr.suiteEn.Detail = "compliance depth: the version is refused whatever its suites"
	default:
		vr.suiteEn.Status, vr.suiteEn.Reason, vr.suiteEn.Detail = scanner.EnumPartial, e.reason, e.detail
	}
}

// orderTask decides whether the server imposes its suite order, and the
// order when it does.
func (s *endpointScan) orderTask(ctx context.Context, vr *versionResult) {
	v := vr.v
	of := &scanner.OrderFact{Version: v}
	vr.order = of
	a := vr.suites.found
	if len(a) < 2 {
		of.Reason = scanner.ReasonNotTested // nothing to order
		return
	}
	enforced, decided := orderEvidence(vr.suites)
	if !decided {
		// Every hello got its first accepted suite: p was chosen while q
		// was offered after it; offer q first. When both are DHE suites
		// and the prime for clients that name no RFC 7919 group is still
		// to be asked, this hello asks it too: it names none.
		p, q := swapPair(vr.suites.steps, a, vr.noFFDHE)
		var groups []uint16
		if slices.Contains(vr.noFFDHE, p) && slices.Contains(vr.noFFDHE, q) {
			groups = groupsWithoutFFDHE(v)
		}
		o := s.probe(ctx, s.offerSuites(v, groups), []uint16{q, p})
		if groups != nil && o.kind.positive() && o.version() == uint16(v) {
			vr.noFFDHE = nil
		} else if groups != nil {
			// Without RFC 7919 groups these suites may be refused:
			// order and prime are asked apart.
			o = s.probe(ctx, s.offerSuites(v, nil), []uint16{q, p})
		}
		if !o.kind.positive() || o.version() != uint16(v) {
			of.Reason = unknownReason(o)
			if o.kind.positive() {
				of.Reason = scanner.ReasonMalformed
			}
			return
		}
		enforced = o.sh.cipherSuite == p
	}
	of.Enforced = &enforced
	if !enforced {
		return
	}
	order := a
	steps := vr.suites.steps
	if !rankedByPicks(vr.suites) {
		// Found across several hellos: rank them in one.
		var more []elimStep
		if order, more = s.rankSuites(ctx, v, a); order == nil {
			of.Reason = scanner.ReasonThrottled
			return
		}
		steps = append(slices.Clone(steps), more...)
	}
	if s.mixedOrder(ctx, of, order, steps) {
		// No single order to report: it depends on the client's first suite.
		return
	}
	for _, c := range order {
		of.Order = append(of.Order, scanner.Code(c))
	}
}

// rankSuites offers the accepted suites cands, in that order, removing the
// server's choice each time: the choices are the server's preference for
// a client with that order. The last suite needs no hello of its own. Nil
// when a hello failed.
func (s *endpointScan) rankSuites(ctx context.Context, v scanner.Version, cands []uint16) ([]uint16, []elimStep) {
	el := eliminator{cands: cands, offer: s.offerSuites(v, nil), judge: judgeSuite(v), stopAfter: len(cands) - 1}
	e := el.run(ctx, s)
	if len(e.found) != len(cands)-1 {
		return nil, e.steps
	}
	for _, c := range cands {
		if !slices.Contains(e.found, c) {
			return append(e.found, c), e.steps
		}
	}
	return nil, e.steps
}

// mixedOrder checks that an enforced order holds whatever the client
// leads with. Every hello already sent must have been answered with the
// best of its accepted suites by that order; then, when a known
// client-dependent rule could apply (ChaCha20 prioritised for clients that
// lead with it, crypto/tls's AES-GCM-or-ChaCha20 choice, equal-preference
// groups) and no hello has tested it yet, one hello leads with the
// challenger. It must lead: servers look at the client's first suite
// (OpenSSL at the first it knows, crypto/tls at the first it implements),
// not at the first they accept.
func (s *endpointScan) mixedOrder(ctx context.Context, of *scanner.OrderFact, order []uint16, steps []elimStep) bool {
	rank := make(map[uint16]int, len(order))
	for i, c := range order {
		rank[c] = i
	}
	firstAccepted := func(offered []uint16) (uint16, bool) {
		for _, c := range offered {
			if _, ok := rank[c]; ok {
				return c, true
			}
		}
		return 0, false
	}
	best := func(offered []uint16) uint16 {
		b, r := uint16(0), len(order)
		for _, c := range offered {
			if i, ok := rank[c]; ok && i < r {
				b, r = c, i
			}
		}
		return b
	}
	for _, st := range steps {
		if want := best(st.offered); st.picked != want {
			lead, _ := firstAccepted(st.offered)
			of.Mixed = true
			of.Detail = fmt.Sprintf("a hello offering %s first of the accepted suites got %s, not %s", sname(lead), sname(st.picked), sname(want))
			return true
		}
	}
	c := challenger(order)
	if c == 0 {
		return false
	}
	for _, st := range steps {
		if st.offered[0] == c && slices.Contains(st.offered, order[0]) {
			return false // a hello led with it beside order[0], and got order[0]
		}
	}
	offer := []uint16{c}
	for _, x := range slices.Backward(order) {
		if x != c {
			offer = append(offer, x)
		}
	}
	o := s.probe(ctx, s.offerSuites(of.Version, nil), offer)
	switch {
	case !o.kind.positive() || o.version() != uint16(of.Version):
		of.Detail = "whether the order depends on the client is unknown: " + string(unknownReason(o))
	case o.sh.cipherSuite != order[0]:
		of.Mixed = true
		of.Detail = fmt.Sprintf("a hello leading with %s got %s, not %s", sname(c), sname(o.sh.cipherSuite), sname(order[0]))
	}
	return of.Mixed
}

// swapPair picks the two suites of the order test: p was chosen by a hello
// that also offered q. It prefers two suites of the same family (both
// ChaCha20 or neither), so that a server that prioritises ChaCha20 for
// clients leading with it, or picks its AES or ChaCha20 list by the
// client's first suite, is not mistaken for one following the client; and
// among those, two suites of prefer.
func swapPair(steps []elimStep, accepted, prefer []uint16) (p, q uint16) {
	acc := make(map[uint16]bool, len(accepted))
	for _, c := range accepted {
		acc[c] = true
	}
	p, q = accepted[0], accepted[1]
	rank := 0 // of the pair p, q: 1 any, 2 same family
	for _, st := range steps {
		for _, c := range st.offered {
			if c == st.picked || !acc[c] {
				continue
			}
			r := 1
			if isChaCha(c) == isChaCha(st.picked) {
				r = 2
				if slices.Contains(prefer, c) && slices.Contains(prefer, st.picked) {
					return st.picked, c
				}
			}
			if r > rank {
				p, q, rank = st.picked, c, r
			}
		}
	}
	return p, q
}

func isChaCha(c uint16) bool {
	cs, ok := SuiteByCode(scanner.Code(c))
	return ok && cs.Cipher == CipherChaCha20
}

// challenger is the suite a client-dependent server would pick over
// order[0] when a client leads with it: the best ChaCha20 suite when the
// server ranks one below its first choice, or the best AES-GCM suite when
// ChaCha20 comes first. Zero when no known rule applies.
func challenger(order []uint16) uint16 {
	isAESGCM := func(c uint16) bool {
		cs, ok := SuiteByCode(scanner.Code(c))
		return ok && cs.Cipher == CipherAES && cs.Mode == ModeGCM
	}
	want := isChaCha
	if isChaCha(order[0]) {
		want = isAESGCM
	}
	for _, c := range order[1:] {
		if want(c) {
			return c
		}
	}
	return 0
}

// rankedByPicks reports whether the order the suites were found in is the
// server's: every pick was made while each suite found after it was
// offered too. A suite that came into the window later was not compared
// with the ones picked before, so its rank is unknown.
func rankedByPicks(e elimination) bool {
	for i, st := range e.steps {
		for _, later := range e.found[i+1:] {
			if !slices.Contains(st.offered, later) {
				return false
			}
		}
	}
	return true
}

// groupsTask enumerates the key-exchange groups of version v.
func (s *endpointScan) groupsTask(ctx context.Context, depth Depth, vr *versionResult) {
	v := vr.v
	en := &scanner.Enumeration{Version: v, Kind: scanner.EnumGroups, Scope: scanner.ScopeAll}
	if depth == Compliance {
		en.Scope = scanner.ScopeNonCompliant
	}
	vr.groupEn = en
	keep := func(g uint16) bool { return depth == Inventory || complianceGroup(g) }

	offerSuites := vr.accepted
	if depth == Compliance {
		offerSuites = append(recommendedFor(v), vr.accepted...)
	}
	if v == scanner.TLSv13 {
		cands := slices.DeleteFunc(offeredGroups(v), func(g uint16) bool { return !keep(g) })
		// The suite hellos offered every group: the group their
		// HelloRetryRequests asked for is what a first hello here would
		// get.
		known := s.knownChoice(v, cands, func(uint16) bool { return true })
		el := eliminator{
			cands: unknown(cands, known),
			chunk: len(cands) + 1,
			offer: func(ctx context.Context, list []uint16) *outcome {
				return s.offerSuites(v, list)(ctx, offerSuites)
			},
			judge: func(o *outcome) (uint16, verdict) {
				if o.version() != uint16(v) || o.kind != outRetry {
					return 0, vAbort
				}
				return o.sh.selectedGroup, vAccept
			},
		}
		e := el.run(ctx, s)
		e.seed(known, len(cands))
		s.setGroups(vr, en, e, depth == Inventory)
		return
	}

	// TLS 1.2 and older: ECDHE curves from ServerKeyExchange. Offer the
	// RSA-authenticated ECDHE suites when there are some: an ECDSA
	// certificate's curve constrains the groups a server accepts.
	var ecRSA, ecAny, dhe []uint16
	for _, c := range offerSuites {
		cs, _ := SuiteByCode(scanner.Code(c))
		switch cs.Kx {
		case KxECDHE:
			ecAny = append(ecAny, c)
			if cs.Auth == AuthRSA {
				ecRSA = append(ecRSA, c)
			}
		case KxDHE:
			dhe = append(dhe, c)
		}
	}
	ecSuites := ecRSA
	if len(ecSuites) == 0 || depth == Compliance {
		// (At compliance depth nothing says which of the recommended
		// suites the server takes: offer them all.)
		ecSuites = ecAny
	}
	var all elimination
	all.complete = true
	if len(ecSuites) > 0 {
		cands := curveCandidates(v, keep)
		judge := func(o *outcome) (uint16, verdict) {
			if o.version() != uint16(v) || o.group == 0 {
				return 0, vAbort
			}
			return o.group, vAccept
		}
		// The curve the suite hellos got with these suites, every group
		// offered, is what a first hello here would get.
		known := s.knownChoice(v, cands, func(c uint16) bool { return slices.Contains(ecSuites, c) })
		var e elimination
		switch r := vr.rider.answerFor(ecSuites, cands); {
		case r != nil && !r.kind.positive():
			// Asked by the suite elimination, and refused: what this
			// elimination's one hello would have asked.
			e = elimination{candidates: len(cands), complete: true, rests: []*outcome{r}}
		default:
			if r != nil && !slices.Contains(known, r.group) {
				known = append(known, r.group)
			}
			el := eliminator{cands: unknown(cands, known), chunk: len(cands) + 1, judge: judge,
				offer: func(ctx context.Context, list []uint16) *outcome { return s.offerSuites(v, list)(ctx, ecSuites) }}
			e = el.run(ctx, s)
			e.seed(known, len(cands))
		}
		// An ECDSA-only server may refuse hellos without its certificate's
		// curve: offer the rest with that curve last.
		s.mu.Lock()
		var certCurve uint16
		for _, g := range e.found {
			if s.leafEC[g] {
				certCurve = g
			}
		}
		if certCurve == 0 && len(s.leafEC) == 1 && !s.otherLeaf {
			// Not among the candidates (compliance depth offers only the
			// curves ANSSI does not recommend): the leaf says which it is.
			for g := range s.leafEC {
				certCurve = g
			}
		}
		s.mu.Unlock()
		// (At compliance depth ecRSA lists the recommended suites offered,
		// not accepted ones: the leaf certificates tell instead.)
		noRSA := len(ecRSA) == 0 || depth == Compliance && s.ecdsaOnly()
		rest := slices.DeleteFunc(slices.Clone(cands), func(g uint16) bool { return slices.Contains(e.found, g) })
		switch {
		case !e.complete || len(rest) == 0:
		case noRSA && certCurve != 0:
			m := s.maskedCurves(ctx, vr, rest, certCurve, ecSuites, nil)
			e.found = append(e.found, m.found...)
			e.steps = append(e.steps, m.steps...)
			e.rests = append(e.rests, m.rests...)
			if !m.refusedByPick && !m.complete {
				e.complete, e.reason, e.detail = false, m.reason, m.detail
			}
		case depth == Compliance && certCurve == 0:
			// No TLS 1.2 certificate seen yet: the recommended suites,
			// offered next, show whether these refusals need the
			// certificate's curve beside them (complianceOrder).
			vr.curvesLeft = &curvesLeft{rest: rest, suites: ecSuites}
		}
		all = e
	}
	// Finite-field groups: RFC 7919 negotiation when the server does it,
	// and the prime sent to clients that do not name RFC 7919 groups.
	if len(dhe) > 0 {
		s.mu.Lock()
		ffdhe := false
		for g := range s.mined[v] {
			ffdhe = ffdhe || isFFDHE(g)
		}
		s.mu.Unlock()
		if ffdhe {
			var cands, known []uint16
			s.mu.Lock()
			for _, g := range offeredGroups(v) {
				if isFFDHE(g) && keep(g) {
					cands = append(cands, g)
					// Negotiated already (mine reads it as this
					// elimination's judge does): not asked again.
					if s.mined[v][g] {
						known = append(known, g)
					}
				}
			}
			s.mu.Unlock()
			el := eliminator{cands: unknown(cands, known), chunk: len(cands) + 1,
				offer: func(ctx context.Context, list []uint16) *outcome { return s.offerSuites(v, list)(ctx, dhe) },
				judge: func(o *outcome) (uint16, verdict) {
					if o.version() != uint16(v) {
						return 0, vAbort
					}
					if o.group == 0 {
						return 0, vRefuse // a custom prime: the offer was ignored
					}
					return o.group, vAccept
				}}
			e := el.run(ctx, s)
			e.seed(known, len(cands))
			all.found = append(all.found, e.found...)
			all.rests = append(all.rests, e.rests...)
			all.candidates += e.candidates
			if !e.complete {
				all.complete, all.reason, all.detail = false, e.reason, e.detail
			}
		}
		if depth == Inventory {
			vr.noFFDHE = dhe // asked with the order hello when it can
		} else {
			s.withoutFFDHE(ctx, v, dhe)
		}
	}
	if len(ecSuites) == 0 && len(dhe) == 0 {
		en.Status, en.Reason = scanner.EnumNotTested, scanner.ReasonNotTested
		en.Detail = "no ephemeral (EC)DH suite accepted"
		return
	}
	s.setGroups(vr, en, all, depth == Inventory && len(ecSuites) > 0)
}

// knownChoice returns, as a list of one, the group the server chose each
// time a hello of version v offered every group and got a suite for which
// suiteOK holds, when it is among cands; nil otherwise. The first hello of
// a group elimination offers cands, which are every group or a part of
// them in the same order, so it would get that group again: the
// elimination starts with it found.
func (s *endpointScan) knownChoice(v scanner.Version, cands []uint16, suiteOK func(uint16) bool) []uint16 {
	if g := s.choice(v, suiteOK); g != 0 && slices.Contains(cands, g) {
		return []uint16{g}
	}
	return nil
}

// unknown is cands without known.
func unknown(cands, known []uint16) []uint16 {
	return slices.DeleteFunc(slices.Clone(cands), func(g uint16) bool { return slices.Contains(known, g) })
}

// curvesLeft are TLS 1.2 curves a compliance scan saw refused before it
// knew the server's certificate, and the suites it offered them with.
type curvesLeft struct {
	rest, suites []uint16
}

// maskedCurves offers the curves rest of vr's version, which hellos without
// the ECDSA certificate's curve certCurve saw refused, with that curve last
// (and suites): when the server chooses it over them, no client can
// negotiate them with this certificate, and a note says so; the ones it
// chooses instead are found. first, when not nil, is the answer to the
// first such hello, sent already with other suites of the same key
// exchange (complianceOrder).
func (s *endpointScan) maskedCurves(ctx context.Context, vr *versionResult, rest []uint16, certCurve uint16, suites []uint16, first *outcome) elimination {
	v := vr.v
	masked := eliminator{cands: rest, chunk: len(rest) + 1,
		offer: func(ctx context.Context, list []uint16) *outcome {
			if o := first; o != nil {
				first = nil
				return o
			}
			return s.offerSuites(v, append(slices.Clone(list), certCurve))(ctx, suites)
		},
		judge: func(o *outcome) (uint16, verdict) {
			switch {
			case o.version() != uint16(v) || o.group == 0:
				return 0, vAbort
			case o.group == certCurve:
				return 0, vRefuse
			}
			return o.group, vAccept
		}}
	m := masked.run(ctx, s)
	if m.refusedByPick {
		vr.curvesSettled = true
		// Offered without the certificate's curve, these curves were
		// refused (the elimination before ended on them); offered with
		// it, the server chose it. No client can negotiate them with this
		// certificate: the list stays complete, and a note says so.
		var names []string
		for _, g := range rest {
			if !slices.Contains(m.found, g) {
				names = append(names, GroupName(g))
			}
		}
		shown := names
		if len(shown) > 6 {
			shown = append(slices.Clone(shown[:6]), fmt.Sprintf("and %d more", len(names)-6))
		}
		s.note(fmt.Sprintf("%s: %d curves (%s) cannot be negotiated with the ECDSA certificate: refused without %s, and %s chosen over them",
			v, len(names), strings.Join(shown, ", "), GroupName(certCurve), GroupName(certCurve)))
	}
	return m
}

// certCurve is the curve of the leaf certificates seen, when every one is
// ECDSA on the same curve; 0 otherwise.
func (s *endpointScan) certCurve() uint16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.leafEC) != 1 || s.otherLeaf {
		return 0
	}
	for g := range s.leafEC {
		return g
	}
	return 0
}

// groupsWithoutFFDHE lists the groups of offeredGroups(v) but the RFC 7919
// ones.
func groupsWithoutFFDHE(v scanner.Version) []uint16 {
	return slices.DeleteFunc(offeredGroups(v), isFFDHE)
}

// withoutFFDHE offers the DHE suites dhe with no RFC 7919 group: the prime
// a server gives such clients is mined from the answer.
func (s *endpointScan) withoutFFDHE(ctx context.Context, v scanner.Version, dhe []uint16) {
	s.probe(ctx, s.offerSuites(v, groupsWithoutFFDHE(v)), dhe)
}

// setGroups records a group elimination into vr and en.
func (s *endpointScan) setGroups(vr *versionResult, en *scanner.Enumeration, e elimination, preferred bool) {
	vr.groups = e.found
	if preferred && len(e.found) > 0 {
		vr.prefGrp = e.found[0]
	}
	en.Candidates = e.candidates
	if e.complete {
		en.Status = scanner.EnumComplete
		s.restOn(e.rests, func(r scanner.Reason, d string) {
			en.Status, en.Reason, en.Detail = scanner.EnumPartial, r, d
		})
		return
	}
	en.Status, en.Reason, en.Detail = scanner.EnumPartial, e.reason, e.detail
}

// confirm believes negative answers only when a positive probe started
// after them; otherwise it sends a control hello (twice, with a backoff)
// and downgrades what still rests on unconfirmed refusals to unknown.
func (s *endpointScan) confirm(ctx context.Context) {
	s.mu.Lock()
	rests, control := s.rests, s.control
	s.mu.Unlock()
	unconfirmed := func() bool {
		p := s.maxPosStart.Load()
		for _, r := range rests {
			for _, o := range r.on {
				if o.seqEnd > p {
					return true
				}
			}
		}
		return false
	}
	if unconfirmed() && control != nil {
		c := control(ctx)
		if !c.kind.positive() && scanner.Sleep(ctx, s.backoff()) {
			c = control(ctx)
		}
		if c.kind.positive() {
			s.markPositive(c)
		} else {
			s.gaveUp.Store(true)
		}
	}
	p := s.maxPosStart.Load()
	for _, r := range rests {
		for _, o := range r.on {
			if o.seqEnd > p {
				reason := scanner.ReasonThrottled
				detail := fmt.Sprintf("refusal (%s) not confirmed: the control hello failed too", o.String())
				if control == nil {
					reason = o.reason()
					detail = "no hello was accepted, so this refusal could not be confirmed"
				}
				r.downgrade(reason, detail)
				break
			}
		}
	}
}

// assemble builds the observation in a stable order.
func (s *endpointScan) assemble(res map[scanner.Version]*versionResult, legacyGroups scanner.Version) scanner.Result {
	obs := &scanner.TLSObservation{}
	anySupported := false
	for _, v := range scanner.Versions {
		vr := res[v]
		obs.Versions = append(obs.Versions, vr.fact)
		obs.Enumerations = append(obs.Enumerations, vr.suiteEn)
		if vr.fact.Status == scanner.Supported {
			anySupported = true
		}
		if v == scanner.SSLv2 {
			for _, k := range vr.v2kinds {
				obs.CipherSuites = append(obs.CipherSuites, scanner.SuiteFact{Version: v, Code: scanner.Code(k), Name: SuiteName(scanner.Code(k))})
			}
			continue
		}
		suites := slices.Clone(vr.accepted)
		if vr.order != nil && vr.order.Enforced != nil && *vr.order.Enforced && len(vr.order.Order) == len(suites) {
			suites = suites[:0]
			for _, c := range vr.order.Order {
				suites = append(suites, uint16(c))
			}
		} else {
			slices.Sort(suites)
		}
		s.mu.Lock()
		for _, c := range suites {
			f := scanner.SuiteFact{Version: v, Code: scanner.Code(c), Name: SuiteName(scanner.Code(c))}
			if st := s.hellos[v]; st != nil && v >= scanner.TLSv10 {
				if etm, ok := st.etm[c]; ok {
					f.EncryptThenMAC = scanner.NotSupported
					if etm {
						f.EncryptThenMAC = scanner.Supported
					}
				}
			}
			obs.CipherSuites = append(obs.CipherSuites, f)
		}
		s.mu.Unlock()
		if vr.order != nil {
			obs.ServerOrder = append(obs.ServerOrder, *vr.order)
		}
		if vr.fact.Status != scanner.Supported {
			continue
		}
		groups := slices.Clone(vr.groups)
		en := vr.groupEn
		if en == nil {
			// Not enumerated: list what the suite probes showed.
			s.mu.Lock()
			for g := range s.mined[v] {
				groups = append(groups, g)
			}
			s.mu.Unlock()
			// By plan, not by failure: not_tested, with what was seen.
			en = &scanner.Enumeration{Version: v, Kind: scanner.EnumGroups, Scope: scanner.ScopeAll,
				Status: scanner.EnumNotTested, Reason: scanner.ReasonNotTested,
				Detail: fmt.Sprintf("groups are enumerated for TLSv1.3 and %s only; those listed were seen in passing", legacyGroups)}
		}
		slices.Sort(groups)
		groups = slices.Compact(groups)
		for _, g := range groups {
			obs.Groups = append(obs.Groups, scanner.GroupFact{Version: v, Code: scanner.Code(g), Name: GroupName(g), Preferred: g == vr.prefGrp && vr.prefGrp != 0})
		}
		obs.Enumerations = append(obs.Enumerations, *en)
		s.mu.Lock()
		if r := s.schemeRuns[v]; r.en != nil {
			obs.Enumerations = append(obs.Enumerations, *r.en)
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	obs.SignatureSchemes, _ = s.schemeFacts()
	var supported []scanner.Version
	for _, f := range obs.Versions {
		if f.Status == scanner.Supported {
			supported = append(supported, f.Version)
		}
	}
	if anySupported {
		obs.Extensions = s.assembleExtensions(supported, res[scanner.TLSv13].fact.Status)
	}
	for _, p := range s.dh {
		obs.DHParams = append(obs.DHParams, p)
	}
	slices.SortFunc(obs.DHParams, func(a, b scanner.DHParam) int {
		return cmp.Or(cmp.Compare(a.Version, b.Version), cmp.Compare(a.PrimeSHA256, b.PrimeSHA256),
			cmp.Compare(fmt.Sprint(a.OfferedFFDHE), fmt.Sprint(b.OfferedFFDHE)), cmp.Compare(a.Suite, b.Suite))
	})
	// One DH entry per version, prime and kind of offer.
	obs.DHParams = slices.CompactFunc(obs.DHParams, func(a, b scanner.DHParam) bool {
		return a.Version == b.Version && a.PrimeSHA256 == b.PrimeSHA256 && a.OfferedFFDHE == b.OfferedFFDHE
	})
	for _, v := range scanner.Versions {
		var codes []uint16
		for t := range s.exts[v] {
			codes = append(codes, t)
		}
		slices.Sort(codes)
		for _, t := range codes {
			obs.ServerHelloExtensions = append(obs.ServerHelloExtensions, scanner.ExtensionFact{Version: v, Code: scanner.Code(t), Name: extensionName(t)})
		}
	}
	obs.Notes = slices.Sorted(slices.Values(s.notes))
	r := scanner.Result{Endpoint: s.ep, TLS: obs}
	obs.Certificates, r.Certificates = s.analyseChains()
	if !anySupported {
		allUnknown := true
		for _, f := range obs.Versions {
			allUnknown = allUnknown && f.Status == scanner.StatusUnknown
		}
		if allUnknown {
			f := obs.Versions[len(obs.Versions)-1]
			r.Error = &scanner.Unknown{Reason: f.Reason, Detail: "no TLS or SSL hello was accepted"}
		}
	}
	return r
}

// ecdsaOnly reports whether every leaf certificate seen has an ECDSA key.
func (s *endpointScan) ecdsaOnly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.leafEC) > 0 && !s.otherLeaf
}

func sname(c uint16) string { return SuiteName(scanner.Code(c)) }
