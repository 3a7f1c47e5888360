package tlsprobe

import (
	"context"
	"slices"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// A curveRider asks, at compliance depth, whether the recommended TLS 1.2
// ECDHE suites get a curve ANSSI does not recommend, in a hello of the
// noncompliant-suite elimination (the first whose suites need no curve and
// leave room, in practice its last) rather than in a hello of its own: that
// hello offers its suites, the recommended ECDHE suites after them, and
// the noncompliant curves with every RFC 7919 group. On a compliant server
// both questions get the one refusal, which saves a connection.
//
// It rests on RFC 8422 §5.1: a server that cannot complete an ECC
// handshake with the curves a client names must not negotiate an ECC
// suite, so it still chooses among the other suites of the hello. The
// rider therefore only joins hellos whose own suites do not need a curve
// (curveBound): the elimination offers those first, in hellos of their
// own with every group. The finite-field groups offered with it are all of
// them, as in every suite hello, so DHE suites are asked as they always
// are. TestComplianceRider checks this against OpenSSL and GnuTLS. A
// server that chose its preferred ECDHE suite anyway and then failed would
// hide the offences of that hello.
type curveRider struct {
	suites []uint16 // the recommended ECDHE suites
	curves []uint16 // the noncompliant curves (curveCandidates)
	groups []uint16 // the hello's groups: curves and every RFC 7919 group
	// answer settles the question: a refusal of the whole hello, or a
	// recommended suite chosen with one of curves.
	answer *outcome
	// spent: an answer came that settles nothing (a recommended suite
	// with another curve); the groups task asks on its own.
	spent bool
}

// newCurveRider is the rider of version v's elimination.
func newCurveRider(v scanner.Version) *curveRider {
	r := &curveRider{curves: curveCandidates(v, complianceGroup)}
	for _, c := range recommendedFor(v) {
		if cs, _ := SuiteByCode(scanner.Code(c)); cs.Kx == KxECDHE {
			r.suites = append(r.suites, c)
		}
	}
	for _, g := range offeredGroups(v) {
		if isFFDHE(g) || slices.Contains(r.curves, g) {
			r.groups = append(r.groups, g)
		}
	}
	return r
}

// withRider wraps the offer of an elimination: the first hello with room
// for the rider and no curve-bound suite carries it. When the server
// chooses one of the rider's suites, the hello's own suites are offered
// again without it.
func (s *endpointScan) withRider(v scanner.Version, r *curveRider, plain func(context.Context, []uint16) *outcome) func(context.Context, []uint16) *outcome {
	return func(ctx context.Context, list []uint16) *outcome {
		if r.answer != nil || r.spent || len(list)+len(r.suites) > maxSuitesPerHello || slices.ContainsFunc(list, curveBound) {
			return plain(ctx, list)
		}
		o := s.offerSuites(v, r.groups)(ctx, append(slices.Clone(list), r.suites...))
		switch {
		case o.kind == outAlert:
			r.answer = o
		case o.kind.positive() && o.version() == uint16(v) && slices.Contains(r.suites, o.sh.cipherSuite):
			if slices.Contains(r.curves, o.group) {
				r.answer = o
			} else {
				r.spent = true
			}
			return plain(ctx, list)
		}
		return o
	}
}

// answerFor returns the rider's answer when it asked what a groups task
// offering suites and curves would: nil otherwise (or for a nil rider).
func (r *curveRider) answerFor(suites, curves []uint16) *outcome {
	if r == nil || r.answer == nil || !slices.Equal(r.curves, curves) ||
		len(suites) != len(r.suites) || slices.ContainsFunc(suites, func(c uint16) bool { return !slices.Contains(r.suites, c) }) {
		return nil
	}
	return r.answer
}

// curveBound reports whether suite c can only be negotiated over a curve
// the client names (ECDH, ECDHE, ECDSA, and, to be safe, GOST, ECCPWD and
// CECPQ1), so that a hello naming only noncompliant curves may not show it.
func curveBound(c uint16) bool {
	cs, _ := SuiteByCode(scanner.Code(c))
	switch cs.Kx {
	case KxECDH, KxECDHE, KxECDHEPSK, KxECCPWD, KxGOST, KxCECPQ1:
		return true
	}
	return cs.Auth == AuthECDSA
}

// curveBoundFirst puts the curve-bound suites of cands first, keeping the
// order within each part.
func curveBoundFirst(cands []uint16) []uint16 {
	out := slices.Clone(cands)
	slices.SortStableFunc(out, func(a, b uint16) int {
		switch x, y := curveBound(a), curveBound(b); {
		case x == y:
			return 0
		case x:
			return -1
		}
		return 1
	})
	return out
}

// curveCandidates lists the curves of offeredGroups(v), the RFC 7919
// groups left out, for which keep holds.
func curveCandidates(v scanner.Version, keep func(uint16) bool) []uint16 {
	return slices.DeleteFunc(offeredGroups(v), func(g uint16) bool { return isFFDHE(g) || !keep(g) })
}

// isFFDHE reports whether g is in the RFC 7919 finite-field range.
func isFFDHE(g uint16) bool { return g >= 256 && g <= 511 }
