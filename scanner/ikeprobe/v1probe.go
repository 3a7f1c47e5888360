package ikeprobe

import (
	"context"
	"fmt"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// v1Suite is one IKEv1 Phase 1 transform the probe offers.
type v1Suite struct {
	enc, keyBits, hash, auth, group uint16
}

// v1Broad is the broad Main Mode offer, strongest first: AES-CBC 256 and
// 128, 3DES, DES; SHA2-512, SHA2-256, SHA, MD5; groups 14, 15, 19, 20, 5,
// 2, 1; pre-shared key and RSA signatures. 224 transforms, under the 255 a
// proposal can number.
func v1Broad() []v1Suite {
	var out []v1Suite
	for _, e := range [][2]uint16{{7, 256}, {7, 128}, {5, 0}, {1, 0}} {
		for _, h := range []uint16{6, 4, 2, 1} {
			for _, g := range []uint16{14, 15, 19, 20, 5, 2, 1} {
				for _, a := range []uint16{1, 3} {
					out = append(out, v1Suite{enc: e[0], keyBits: e[1], hash: h, auth: a, group: g})
				}
			}
		}
	}
	return out
}

// v1Weak offers only weak transforms: 3DES or DES, SHA or MD5, groups 2,
// 5 and 1.
func v1Weak() []v1Suite {
	var out []v1Suite
	for _, e := range []uint16{5, 1} {
		for _, h := range []uint16{2, 1} {
			for _, g := range []uint16{2, 5, 1} {
				for _, a := range []uint16{1, 3} {
					out = append(out, v1Suite{enc: e, hash: h, auth: a, group: g})
				}
			}
		}
	}
	return out
}

// mainModeRequest is Main Mode message 1 (RFC 2409, Section 5): an SA
// payload with one ISAKMP proposal holding the suites as transforms.
func mainModeRequest(spi uint64, suites []v1Suite) ([]byte, error) {
	pr := v1Proposal{num: 1, protocol: protocolISAKMP}
	for i, su := range suites {
		attrs := []attribute{{typ: v1AttrEncryption, tv: true, value: su.enc}}
		if su.keyBits != 0 {
			attrs = append(attrs, attribute{typ: v1AttrKeyLength, tv: true, value: su.keyBits})
		}
		attrs = append(attrs,
			attribute{typ: v1AttrHash, tv: true, value: su.hash},
			attribute{typ: v1AttrAuth, tv: true, value: su.auth},
			attribute{typ: v1AttrGroup, tv: true, value: su.group})
		pr.transforms = append(pr.transforms, v1Transform{num: uint8(i + 1), id: transformKeyIKE, attrs: attrs})
	}
	sa, err := (&v1SAPayload{doi: doiIPsec, situation: sitIdentityOnly, proposals: []v1Proposal{pr}}).marshal()
	if err != nil {
		return nil, err
	}
	m := message{spiI: spi, version: versionIKEv1, exchange: exchangeIdentityProt, payloads: []payload{{typ: v1PayloadSA, body: sa}}}
	return m.marshal()
}

// v1Answer is how a responder answered a Main Mode message 1.
type v1Answer struct {
	chosen *scanner.IKEv1Transform // message 2's transform
	notify uint16                  // an Informational notification
	v2     bool                    // an IKEv2 message answered
	err    error
}

func (s *scan) v1Exchange(ctx context.Context, suites []v1Suite) v1Answer {
	spi, err := s.ex.newSPI()
	if err != nil {
		return v1Answer{err: err}
	}
	req, err := mainModeRequest(spi, suites)
	if err != nil {
		return v1Answer{err: err}
	}
	m, err := s.ex.exchange(ctx, req, func(m *message) bool { return m.spiI == spi })
	if err != nil {
		return v1Answer{err: err}
	}
	if m.version>>4 != 1 {
		return v1Answer{v2: true}
	}
	s.obs.record(m)
	for _, b := range m.find(v1PayloadNotify) {
		var n v1NotifyPayload
		if n.unmarshal(b) {
			return v1Answer{notify: n.typ}
		}
	}
	sas := m.find(v1PayloadSA)
	if m.exchange != exchangeIdentityProt || len(sas) != 1 {
		return v1Answer{err: &malformedError{fmt.Sprintf("an IKEv1 answer of exchange type %d without a single SA payload", m.exchange)}}
	}
	var sa v1SAPayload
	if !sa.unmarshal(sas[0]) || len(sa.proposals) != 1 || len(sa.proposals[0].transforms) != 1 {
		return v1Answer{err: &malformedError{"a Main Mode message 2 whose SA payload is not one proposal with one transform"}}
	}
	a := v1Attrs(sa.proposals[0].transforms[0])
	t := scanner.IKEv1Transform{Mode: "main",
		Encryption: codeName(v1Encryption, a[v1AttrEncryption]), KeyBits: int(a[v1AttrKeyLength]),
		Hash: codeName(v1Hash, a[v1AttrHash]), Auth: codeName(v1Auth, a[v1AttrAuth]),
		Group: codeName(v1Groups, a[v1AttrGroup]), GroupID: a[v1AttrGroup]}
	return v1Answer{chosen: &t}
}

// v1Outcome is what the IKEv1 requests established.
type v1Outcome struct {
	status     scanner.VersionStatus
	transforms []scanner.IKEv1Transform
	enum       *scanner.IKEEnumeration
}

// ikev1 sends the broad Main Mode offer and, when a transform of it was
// chosen, the weak-only one.
func (s *scan) ikev1(ctx context.Context) v1Outcome {
	broad, weak := v1Broad(), v1Weak()
	a := s.v1Exchange(ctx, broad)
	switch {
	case a.err != nil:
		s.ex.d.CountError()
		return v1Outcome{status: scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: reasonOf(a.err), Detail: a.err.Error()}}
	case a.v2:
		return v1Outcome{status: scanner.VersionStatus{Status: scanner.NotSupported, Detail: "the responder answered Main Mode with an IKEv2 message"}}
	case a.chosen == nil && a.notify == notifyIKEv1NoProposalChosen:
		return v1Outcome{status: scanner.VersionStatus{Status: scanner.NotSupported,
			Detail: fmt.Sprintf("the responder answered NO-PROPOSAL-CHOSEN to a Main Mode offer of %d transforms: it parses IKEv1 but negotiates none of them", len(broad))}}
	case a.chosen == nil:
		return v1Outcome{status: scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: scanner.ReasonMalformed,
			Detail: fmt.Sprintf("the responder answered Main Mode with notification %d", a.notify)}}
	}
	out := v1Outcome{status: scanner.VersionStatus{Status: scanner.Supported}, transforms: []scanner.IKEv1Transform{*a.chosen}}
	enum := &scanner.IKEEnumeration{Type: "ikev1", Status: scanner.EnumPartial, Reason: scanner.ReasonNotTested,
		Candidates: len(broad) + len(weak),
		Detail:     "a Main Mode answer leaves state on the responder: the probe asks for its choice among a broad offer and among weak transforms only, and names no other"}
	w := s.v1Exchange(ctx, weak)
	switch {
	case w.chosen != nil:
		out.transforms = append(out.transforms, *w.chosen)
	case w.notify == notifyIKEv1NoProposalChosen:
		enum.Detail += "; no weak transform was accepted (NO-PROPOSAL-CHOSEN)"
	case w.err != nil:
		s.ex.d.CountError()
		enum.Reason, enum.Detail = reasonOf(w.err), fmt.Sprintf("the weak-only offer was not answered: %v", w.err)
	default:
		enum.Reason, enum.Detail = scanner.ReasonMalformed, fmt.Sprintf("the weak-only offer was answered with notification %d or in IKEv2", w.notify)
	}
	out.enum = enum
	return out
}
