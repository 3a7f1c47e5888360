package ikeprobe

import (
	"context"
	"fmt"
	"slices"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// v1Suite is one IKEv1 Phase 1 transform the probe offers.
type v1Suite struct {
	enc, keyBits, hash, auth, group uint16
}

// v1Broad is the broad Main Mode offer, strongest first: AES-CBC 256 and
// 128, 3DES, DES; SHA2-512, SHA2-256, SHA, MD5; groups 20, 19, 15, 14, 5,
// 2, 1; pre-shared key and RSA signatures (scanner.IKEv1Broad). 224
// transforms.
func v1Broad() []v1Suite {
	var out []v1Suite
	for _, e := range [][2]uint16{{7, 256}, {7, 128}, {5, 0}, {1, 0}} {
		for _, h := range []uint16{6, 4, 2, 1} {
			for _, g := range []uint16{20, 19, 15, 14, 5, 2, 1} {
				for _, a := range []uint16{v1AuthPSK, v1AuthRSA} {
					out = append(out, v1Suite{enc: e[0], keyBits: e[1], hash: h, auth: a, group: g})
				}
			}
		}
	}
	return out
}

// IKEv1 authentication methods the offers name (RFC 2409, Appendix A).
const (
	v1AuthPSK = 1
	v1AuthRSA = 3
)

// v1WeakGroups are the weak groups that only the weak offer names: the
// EC2N groups of RFC 2409 (3, 4), RFC 5114's MODP groups with small
// subgroups (22, 23, 24) and the 192- and 224-bit random ECP groups (25,
// 26).
var v1WeakGroups = []uint16{3, 4, 22, 23, 24, 25, 26}

// v1Weak is the weak Main Mode offer (scanner.IKEv1Weak) by class, in
// scanner.IKEv1WeakClasses order: the broad transforms holding a weak
// value, then AES-CBC with SHA-2 over the groups of v1WeakGroups, each in
// the class of its worst value. 256 transforms in all.
func v1Weak() [][]v1Suite {
	pool := v1Broad()
	for _, e := range [][2]uint16{{7, 256}, {7, 128}} {
		for _, h := range []uint16{6, 4} {
			for _, g := range v1WeakGroups {
				for _, a := range []uint16{v1AuthPSK, v1AuthRSA} {
					pool = append(pool, v1Suite{enc: e[0], keyBits: e[1], hash: h, auth: a, group: g})
				}
			}
		}
	}
	out := make([][]v1Suite, len(scanner.IKEv1WeakClasses))
	for _, su := range pool {
		if i := slices.Index(scanner.IKEv1WeakClasses, su.class()); i >= 0 {
			out[i] = append(out[i], su)
		}
	}
	return out
}

// class is the suite's weak value class, "" for none.
func (su v1Suite) class() string { return scanner.IKEv1ClassOf(su.enc, su.hash, su.group) }

// v1PSK is the pre-shared key offer (scanner.IKEv1PSK): the broad
// transforms authenticated by a pre-shared key. 112 transforms.
func v1PSK() []v1Suite {
	var out []v1Suite
	for _, su := range v1Broad() {
		if su.auth == v1AuthPSK {
			out = append(out, su)
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
		Group:        codeName(v1Groups, a[v1AttrGroup]),
		EncryptionID: a[v1AttrEncryption], HashID: a[v1AttrHash], AuthID: a[v1AttrAuth], GroupID: a[v1AttrGroup]}
	return v1Answer{chosen: &t}
}

// v1Chunk is the most transforms one Main Mode request offers: 36 make a
// datagram of about 1,050 bytes, under IPv6's minimum MTU (1,280), so
// that no request is IP-fragmented (a firewall dropping fragments would
// turn an IKEv1 responder silent). The whole broad offer in one request
// would be 5,872 bytes.
const v1Chunk = 36

// v1Offer offers suites in requests of at most v1Chunk transforms, in
// order, until one is answered otherwise than NO-PROPOSAL-CHOSEN: the
// first transform chosen, or NO-PROPOSAL-CHOSEN when every request got
// it. A refusal leaves no state on the responder (strongSwan destroys
// the SA at once), so only the request answered with a choice does.
func (s *scan) v1Offer(ctx context.Context, suites []v1Suite) v1Answer {
	var a v1Answer
	for chunk := range slices.Chunk(suites, v1Chunk) {
		a = s.v1Exchange(ctx, chunk)
		if a.chosen != nil || a.notify != notifyIKEv1NoProposalChosen {
			return a
		}
	}
	return a
}

// v1Outcome is what the IKEv1 requests established.
type v1Outcome struct {
	status scanner.VersionStatus
	offers []scanner.IKEv1Offer
}

// ikev1 sends the broad Main Mode offer, then the weak one (when the
// broad one was refused too: together they hold every candidate), then
// the pre-shared key one when a choice was made and was not
// authenticated by a pre-shared key.
func (s *scan) ikev1(ctx context.Context) v1Outcome {
	broad, weak := v1Broad(), v1Weak()
	nWeak := 0
	for _, c := range weak {
		nWeak += len(c)
	}
	a := s.v1Offer(ctx, broad)
	out := v1Outcome{offers: []scanner.IKEv1Offer{answered(scanner.IKEv1Broad, len(broad), a)}}
	switch {
	case a.err != nil:
		s.ex.d.CountError()
		out.status = scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: reasonOf(a.err), Detail: a.err.Error()}
		return v1Outcome{status: out.status}
	case a.v2:
		return v1Outcome{status: scanner.VersionStatus{Status: scanner.NotSupported, Detail: "the responder answered Main Mode with an IKEv2 message"}}
	case a.chosen == nil && a.notify != notifyIKEv1NoProposalChosen:
		out.status = scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: scanner.ReasonMalformed,
			Detail: fmt.Sprintf("the responder answered Main Mode with notification %d", a.notify)}
		return out
	}
	var w v1Answer
	var refused []string
	for i, class := range weak {
		w = s.v1Offer(ctx, class)
		if w.chosen != nil || w.notify != notifyIKEv1NoProposalChosen {
			break
		}
		refused = append(refused, scanner.IKEv1WeakClasses[i])
	}
	if w.err != nil {
		s.ex.d.CountError()
	}
	wo := answered(scanner.IKEv1Weak, nWeak, w)
	wo.Refused = refused
	out.offers = append(out.offers, wo)
	chosen := a.chosen
	if chosen == nil {
		chosen = w.chosen
	}
	switch {
	case chosen == nil && w.err == nil && w.notify == notifyIKEv1NoProposalChosen:
		out.status = scanner.VersionStatus{Status: scanner.NotSupported,
			Detail: fmt.Sprintf("the responder answered NO-PROPOSAL-CHOSEN to every Main Mode request (%d transforms): it parses IKEv1 but negotiates none of them", len(broad)+nWeak)}
		return out
	case chosen == nil:
		out.status = scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: out.offers[1].Reason,
			Detail: "the broad Main Mode offer was refused and the weak one not answered: " + out.offers[1].Detail}
		return out
	}
	out.status = scanner.VersionStatus{Status: scanner.Supported}
	if chosen.AuthID != v1AuthPSK {
		psk := v1PSK()
		p := s.v1Offer(ctx, psk)
		if p.err != nil {
			s.ex.d.CountError()
		}
		out.offers = append(out.offers, answered(scanner.IKEv1PSK, len(psk), p))
	}
	return out
}

// answered is an offer's fact: the transform chosen, NO-PROPOSAL-CHOSEN,
// or why neither was read.
func answered(kind string, n int, a v1Answer) scanner.IKEv1Offer {
	o := scanner.IKEv1Offer{Kind: kind, Transforms: n}
	switch {
	case a.chosen != nil:
		o.Status, o.Chosen = scanner.Supported, a.chosen
	case a.err != nil:
		o.Status, o.Reason, o.Detail = scanner.StatusUnknown, reasonOf(a.err), a.err.Error()
	case a.v2:
		o.Status, o.Reason, o.Detail = scanner.StatusUnknown, scanner.ReasonMalformed, "answered with an IKEv2 message"
	case a.notify == notifyIKEv1NoProposalChosen:
		o.Status, o.Detail = scanner.NotSupported, "NO-PROPOSAL-CHOSEN"
	default:
		o.Status, o.Reason, o.Detail = scanner.StatusUnknown, scanner.ReasonMalformed, fmt.Sprintf("answered with notification %d", a.notify)
	}
	return o
}
