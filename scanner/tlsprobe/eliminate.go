package tlsprobe

import (
	"context"
	"fmt"
	"slices"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// verdict is how an elimination step reads an outcome.
type verdict uint8

const (
	vAccept verdict = iota // the server chose item among those offered
	vRefuse                // no offered item is acceptable
	vAbort                 // the answer is not about this list (another version)
)

// elimStep is one accepted probe of an elimination: what was offered, in
// which order, and what the server chose.
type elimStep struct {
	offered []uint16
	picked  uint16
}

// elimination is the result of eliminating over a candidate list.
type elimination struct {
	found      []uint16 // accepted items, in the order they were found
	steps      []elimStep
	candidates int
	complete   bool
	reason     scanner.Reason // why incomplete
	detail     string
	abort      *outcome   // the outcome that aborted, if any
	rests      []*outcome // negative outcomes the completeness rests on
	chunks     int        // how many chunks were used
	// refusedByPick is set when a positive answer ended a chunk (the judge
	// said vRefuse), so completeness does not rest on a negative.
	refusedByPick bool
}

// seed puts items found before the elimination ran first among those it
// found, and counts them among its candidates, total in all.
func (e *elimination) seed(found []uint16, total int) {
	e.found = append(slices.Clone(found), e.found...)
	e.candidates = total
}

// eliminator describes one elimination: how to offer a list and how to
// read the answer.
type eliminator struct {
	cands []uint16
	chunk int // items per hello (maxSuitesPerHello when 0)
	// offer builds and sends a probe offering list, in that order.
	offer func(ctx context.Context, list []uint16) *outcome
	// judge reads an outcome.
	judge func(o *outcome) (item uint16, v verdict)
	// stopAfter ends the elimination after that many items (0: never).
	stopAfter int
	// alternate reverses the offered order on every other step, so the
	// steps themselves tell a server's order from the client's.
	alternate bool
	// drop, when set, names candidates that are settled along with an
	// accepted item and need not be offered again.
	drop func(item uint16) []uint16
}

// run eliminates over a sliding window: a hello offers up to chunk
// untested candidates; the item the server picks is removed and the window
// refilled from the queue; a refusal settles every item of the window at
// once. The cost is the accepted items plus about one refusal per chunk of
// refused items.
func (e *eliminator) run(ctx context.Context, s *endpointScan) elimination {
	res := elimination{candidates: len(e.cands)}
	size := e.chunk
	if size <= 0 {
		size = maxSuitesPerHello
	}
	pending := slices.Clone(e.cands)
	var window []uint16
	fill := func() {
		n := min(size-len(window), len(pending))
		window = append(window, pending[:n]...)
		pending = pending[n:]
	}
	res.chunks = 0
	for step := 0; len(window) > 0 || len(pending) > 0; step++ {
		fresh := len(window) == 0
		fill()
		if fresh {
			res.chunks++
		}
		list := window
		if e.alternate && step%2 == 1 {
			list = slices.Clone(window)
			slices.Reverse(list)
		}
		o := s.probe(ctx, e.offer, list)
		if o.kind.positive() {
			item, v := e.judge(o)
			switch {
			case v == vRefuse:
				res.refusedByPick = true
				window = nil
				continue
			case v == vAbort:
				res.abort = o
				// The detail names the answer's version only, so that it
				// does not depend on the order items were offered in.
				res.reason = scanner.ReasonMalformed
				res.detail = fmt.Sprintf("a %s answer without the item asked for", scanner.Version(o.version()))
				return res
			case v == vAccept && slices.Contains(window, item):
				res.found = append(res.found, item)
				res.steps = append(res.steps, elimStep{offered: slices.Clone(list), picked: item})
				window = slices.DeleteFunc(window, func(c uint16) bool { return c == item })
				if e.drop != nil {
					settled := e.drop(item)
					window = slices.DeleteFunc(window, func(c uint16) bool { return slices.Contains(settled, c) })
					pending = slices.DeleteFunc(pending, func(c uint16) bool { return slices.Contains(settled, c) })
				}
				if e.stopAfter > 0 && len(res.found) >= e.stopAfter {
					res.reason = scanner.ReasonNotTested
					return res
				}
				continue
			default:
				res.abort = o
				res.reason = scanner.ReasonMalformed
				res.detail = fmt.Sprintf("server chose 0x%04X, which was not offered", item)
				return res
			}
		}
		// A negative answer.
		if o.throttled {
			res.reason, res.detail = scanner.ReasonThrottled, o.detail()
			return res
		}
		if o.kind == outCanceled || o.kind == outUnreachable {
			res.reason, res.detail = o.reason(), o.detail()
			return res
		}
		if chokes(o) && len(list) > minSuitesPerHello && len(list) == size && len(res.found) == 0 && res.chunks == 1 {
			// A first, full hello refused in a way that smells of a parser
			// choking on its size: every hello from now on is half as big.
			size = (size + 1) / 2
			s.note(fmt.Sprintf("a hello with %d items was refused (%s); retried with %d per hello", len(list), o.reason(), size))
			pending = append(window, pending...)
			window = nil
			res.chunks = 0
			continue
		}
		res.rests = append(res.rests, o)
		if o.kind == outAlert && o.alert == alertProtocolVersion && len(res.found) == 0 {
			// The version itself is refused: no other hello can help.
			res.complete = true
			return res
		}
		window = nil
	}
	res.complete = true
	return res
}

// chokes reports a refusal that is not a plain "no suite in common": the
// kind of answer a server gives when a large hello breaks its parser.
func chokes(o *outcome) bool {
	switch o.kind {
	case outReset, outClosed, outMalformed:
		return true
	case outAlert:
		return o.alert == alertDecodeError || o.alert == alertInternalError || o.alert == alertIllegalParameter || o.alert == alertRecordOverflow
	}
	return false
}

// chunks splits list into consecutive pieces of at most n.
func chunks(list []uint16, n int) [][]uint16 {
	var out [][]uint16
	for len(list) > n {
		out = append(out, list[:n])
		list = list[n:]
	}
	if len(list) > 0 {
		out = append(out, list)
	}
	return out
}

// orderEvidence reads the steps of an elimination: it reports enforced
// when some step's pick was not the client's first acceptable item,
// client when a decisive step matched the client's order, and undecided
// otherwise.
func orderEvidence(e elimination) (enforced, decided bool) {
	acc := make(map[uint16]bool, len(e.found))
	for _, f := range e.found {
		acc[f] = true
	}
	for _, st := range e.steps {
		var firstAcc uint16
		n := 0
		for _, c := range st.offered {
			if acc[c] {
				if n == 0 {
					firstAcc = c
				}
				n++
			}
		}
		if n >= 2 && st.picked != firstAcc {
			return true, true
		}
	}
	return false, false
}

// Alert descriptions the engine reads (RFC 8446, Section 6).
const (
	alertHandshakeFailure uint8 = 40
	alertIllegalParameter uint8 = 47
	alertDecodeError      uint8 = 50
	alertProtocolVersion  uint8 = 70
	alertInternalError    uint8 = 80
	alertRecordOverflow   uint8 = 22
)
