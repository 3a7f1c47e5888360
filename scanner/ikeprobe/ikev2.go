package ikeprobe

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
)

// candidate is one transform the probe may offer: an encryption algorithm
// with one key length is a candidate of its own.
type candidate struct {
	typ     uint8
	id      uint16
	keyBits int
	aead    bool
}

func (c candidate) transform() transform {
	t := transform{typ: c.typ, id: c.id}
	if c.keyBits != 0 {
		t.attrs = []attribute{{typ: attrKeyLength, tv: true, value: uint16(c.keyBits)}}
	}
	return t
}

// allCandidates lists the candidates of every transform type, in registry
// order, key lengths longest first.
func allCandidates() map[uint8][]candidate {
	c := make(map[uint8][]candidate)
	for _, e := range encrAlgorithms {
		if !e.probe {
			continue
		}
		if e.keyBits == nil {
			c[transformENCR] = append(c[transformENCR], candidate{typ: transformENCR, id: e.id, aead: e.aead})
		}
		for _, k := range slices.Backward(e.keyBits) {
			c[transformENCR] = append(c[transformENCR], candidate{typ: transformENCR, id: e.id, keyBits: k, aead: e.aead})
		}
	}
	for _, e := range prfAlgorithms {
		c[transformPRF] = append(c[transformPRF], candidate{typ: transformPRF, id: e.id})
	}
	for _, e := range integAlgorithms {
		if e.probe {
			c[transformINTEG] = append(c[transformINTEG], candidate{typ: transformINTEG, id: e.id})
		}
	}
	for _, e := range keMethods {
		if e.probe {
			c[transformKE] = append(c[transformKE], candidate{typ: transformKE, id: e.id})
		}
	}
	return c
}

// offer is what one IKE_SA_INIT request offers, by transform type.
type offer map[uint8][]candidate

// with is o with the candidates of typ replaced.
func (o offer) with(typ uint8, cs []candidate) offer {
	n := make(offer, len(o))
	for k, v := range o {
		n[k] = v
	}
	n[typ] = cs
	return n
}

// proposals lays the offer out (RFC 7296, Section 3.3): the encryption
// algorithms that need an integrity algorithm in a first proposal, the
// AEAD ones in a second without any (Section 3.3: a proposal with an
// AEAD algorithm MUST NOT hold an integrity one but NONE), and last, a
// proposal for group alone (unchoosableGroup, or reservedGroup), the group
// of the KE payload, which RFC 7296, Section 3.4 requires in some
// proposal.
func (o offer) proposals(group uint16) []proposal {
	var plain, aead []transform
	for _, c := range o[transformENCR] {
		if c.aead {
			aead = append(aead, c.transform())
		} else {
			plain = append(plain, c.transform())
		}
	}
	list := func(typ uint8) []transform {
		var ts []transform
		for _, c := range o[typ] {
			ts = append(ts, c.transform())
		}
		return ts
	}
	prf, integ, ke := list(transformPRF), list(transformINTEG), list(transformKE)
	var ps []proposal
	if len(plain) > 0 && len(prf) > 0 && len(integ) > 0 && len(ke) > 0 {
		ps = append(ps, proposal{protocol: protocolIKE, transforms: slices.Concat(plain, prf, integ, ke)})
	}
	if len(aead) > 0 && len(prf) > 0 && len(ke) > 0 {
		ps = append(ps, proposal{protocol: protocolIKE, transforms: slices.Concat(aead, prf, ke)})
	}
	ps = append(ps, proposal{protocol: protocolIKE, transforms: []transform{
		{typ: transformENCR, id: 12, attrs: []attribute{{typ: attrKeyLength, tv: true, value: 128}}},
		{typ: transformPRF, id: 5},
		{typ: transformINTEG, id: 12},
		{typ: transformKE, id: group},
	}})
	for i := range ps {
		ps[i].num = uint8(i + 1)
	}
	return ps
}

// answerKind is how a responder answered an IKE_SA_INIT request.
type answerKind int

const (
	answerUnknown  answerKind = iota // no usable answer: see err
	answerAccepted                   // INVALID_KE_PAYLOAD: a proposal was selected
	answerRefused                    // NO_PROPOSAL_CHOSEN
	answerFull                       // an SA payload: the responder went on with the exchange
	answerError                      // another error notification
	answerIKEv1                      // an IKEv1 message (INVALID-MAJOR-VERSION)
)

// answer is the outcome of one IKE_SA_INIT exchange.
type answer struct {
	kind   answerKind
	group  uint16 // answerAccepted: the group INVALID_KE_PAYLOAD asks for
	notify uint16 // answerError: the notification type
	sa     *saPayload
	err    error
	msg    *message
}

// v2Exchange sends one IKE_SA_INIT request offering o, answering a COOKIE
// notification once (RFC 7296, Section 2.6: the same request with the
// cookie in a first Notify payload).
func (s *scan) v2Exchange(ctx context.Context, o offer) answer {
	spi, err := s.ex.newSPI()
	if err != nil {
		return answer{err: err}
	}
	nonce, err := s.ex.readRand(32)
	if err != nil {
		return answer{err: err}
	}
	keData, err := s.ex.readRand(32)
	if err != nil {
		return answer{err: err}
	}
	// A cookie is returned from the address and port it was given to
	// (RFC 7296 §2.6: a responder may bind it to the initiator's address).
	conn, err := s.ex.d.DialUDP(ctx, s.ex.addr)
	if err != nil {
		return answer{err: err}
	}
	defer conn.Close()
	var cookie []byte
	for range 2 {
		req, err := initRequest(spi, o, s.keGroup, keData, nonce, cookie)
		if err != nil {
			return answer{err: err}
		}
		m, err := s.ex.exchangeOn(ctx, conn, req, s.ex.timeout, func(m *message) bool {
			return m.spiI == spi && (m.version>>4 == 1 || (m.exchange == exchangeIKESAInit && m.flags&flagResponse != 0 && m.msgID == 0))
		})
		if err != nil {
			return answer{err: err}
		}
		a := s.classify(m)
		if c, ok := cookieOf(m); ok && cookie == nil {
			s.obs.setCookie()
			cookie = c
			continue
		}
		return a
	}
	return answer{err: &malformedError{"the responder asked for a cookie again after it was returned"}}
}

// initRequest is an IKE_SA_INIT request (RFC 7296, Section 1.2): [N(COOKIE),]
// SA, KE for group, Ni.
func initRequest(spi uint64, o offer, group uint16, keData, nonce, cookie []byte) ([]byte, error) {
	return saInitRequest(spi, o.proposals(group), group, keData, nonce, cookie)
}

// saInitRequest is an IKE_SA_INIT request offering ps: [N(COOKIE),] SA,
// KE for group, Ni, then the notifications after.
func saInitRequest(spi uint64, ps []proposal, group uint16, keData, nonce, cookie []byte, after ...notifyPayload) ([]byte, error) {
	sa, err := (&saPayload{proposals: ps}).marshal()
	if err != nil {
		return nil, err
	}
	ke, err := (&kePayload{group: group, data: keData}).marshal()
	if err != nil {
		return nil, err
	}
	ni, err := (&noncePayload{nonce: nonce}).marshal()
	if err != nil {
		return nil, err
	}
	m := message{spiI: spi, version: versionIKEv2, exchange: exchangeIKESAInit, flags: flagInitiator}
	if cookie != nil {
		// RFC 7296, Section 2.6: the cookie comes first.
		n, err := (&notifyPayload{typ: notifyCookie, data: cookie}).marshal()
		if err != nil {
			return nil, err
		}
		m.payloads = append(m.payloads, payload{typ: payloadNotify, body: n})
	}
	m.payloads = append(m.payloads,
		payload{typ: payloadSA, body: sa},
		payload{typ: payloadKE, body: ke},
		payload{typ: payloadNonce, body: ni})
	for _, n := range after {
		b, err := n.marshal()
		if err != nil {
			return nil, err
		}
		m.payloads = append(m.payloads, payload{typ: payloadNotify, body: b})
	}
	return m.marshal()
}

// cookieOf returns the data of a COOKIE notification (1 to 64 bytes).
func cookieOf(m *message) ([]byte, bool) {
	if m.version>>4 != 2 {
		return nil, false
	}
	for _, b := range m.find(payloadNotify) {
		var n notifyPayload
		if n.unmarshal(b) && n.typ == notifyCookie && len(n.data) >= 1 && len(n.data) <= 64 {
			return n.data, true
		}
	}
	return nil, false
}

// classify reads an answer, and records its Vendor IDs and status
// notifications.
func (s *scan) classify(m *message) answer {
	if m.version>>4 == 1 {
		return answer{kind: answerIKEv1, msg: m}
	}
	s.obs.record(m)
	a := answer{msg: m}
	for _, b := range m.find(payloadNotify) {
		var n notifyPayload
		if !n.unmarshal(b) {
			return answer{err: &malformedError{"a Notify payload that does not parse"}}
		}
		switch {
		case n.typ == notifyInvalidKEPayload:
			if len(n.data) != 2 {
				return answer{err: &malformedError{fmt.Sprintf("INVALID_KE_PAYLOAD with %d bytes of data", len(n.data))}}
			}
			return answer{kind: answerAccepted, group: binary.BigEndian.Uint16(n.data), msg: m}
		case n.typ == notifyNoProposalChosen:
			return answer{kind: answerRefused, msg: m}
		case n.typ == notifyCookie:
			return answer{kind: answerError, notify: n.typ, msg: m}
		case n.typ < notifyErrorLimit:
			a = answer{kind: answerError, notify: n.typ, msg: m}
		}
	}
	if a.kind == answerError {
		return a
	}
	if sas := m.find(payloadSA); len(sas) == 1 {
		var sa saPayload
		if !sa.unmarshal(sas[0]) {
			return answer{err: &malformedError{"an SA payload that does not parse"}}
		}
		return answer{kind: answerFull, sa: &sa, msg: m}
	}
	return answer{err: &malformedError{"an IKE_SA_INIT response with neither SA payload nor error notification"}}
}

// split names the accepted candidates of typ among set, which an offer
// accepted (with every candidate of the other types), by adaptive group
// testing: the first half is offered; when refused, the second half holds
// an accepted candidate; when accepted, both halves are searched, the
// second offered beside the search of the first. It returns the accepted
// candidates, the undecided ones, and the error that left them so.
func (s *scan) split(ctx context.Context, base offer, typ uint8, set []candidate) (acc, undecided []candidate, err error) {
	if len(set) == 1 {
		return set, nil, nil
	}
	a, b := set[:len(set)/2], set[len(set)/2:]
	ra := s.test(ctx, base.with(typ, a), typ)
	switch ra.kind {
	case answerRefused:
		return s.split(ctx, base, typ, b)
	case answerAccepted:
		var wg sync.WaitGroup
		var accA, undA, accB, undB []candidate
		var errA, errB error
		wg.Go(func() { accA, undA, errA = s.split(ctx, base, typ, a) })
		rb := s.test(ctx, base.with(typ, b), typ)
		switch rb.kind {
		case answerAccepted:
			accB, undB, errB = s.split(ctx, base, typ, b)
		case answerRefused:
		default:
			undB, errB = b, rb.failure()
		}
		wg.Wait()
		err := errA
		if err == nil {
			err = errB
		}
		return slices.Concat(accA, accB), slices.Concat(undA, undB), err
	}
	// a stays undecided; b may still be tested.
	accB, undB, errB := s.splitUnknown(ctx, base, typ, b)
	if errB == nil {
		errB = ra.failure()
	}
	return accB, slices.Concat(a, undB), errB
}

// splitUnknown searches set, not known to hold an accepted candidate.
func (s *scan) splitUnknown(ctx context.Context, base offer, typ uint8, set []candidate) (acc, undecided []candidate, err error) {
	r := s.test(ctx, base.with(typ, set), typ)
	switch r.kind {
	case answerAccepted:
		return s.split(ctx, base, typ, set)
	case answerRefused:
		return nil, nil, nil
	}
	return nil, set, r.failure()
}

// test sends one offer and counts a refusal against typ, for the control.
func (s *scan) test(ctx context.Context, o offer, typ uint8) answer {
	a := s.v2Exchange(ctx, o)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch a.kind {
	case answerRefused:
		s.refusals[typ]++
	case answerFull:
		if s.full == nil {
			s.full = &a
		}
	}
	return a
}

// failure describes an answer that decided nothing.
func (a answer) failure() error {
	switch a.kind {
	case answerFull:
		return fmt.Errorf("the responder answered IKE_SA_INIT in full")
	case answerError:
		return fmt.Errorf("the responder answered %s", codeName(notifyTypes, a.notify))
	case answerIKEv1:
		return fmt.Errorf("the responder answered in IKEv1")
	}
	if a.err != nil {
		return a.err
	}
	return fmt.Errorf("no decision")
}
