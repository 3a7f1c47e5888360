package ikeprobe

import (
	"golang.org/x/crypto/cryptobyte"
)

// IKEv1 (RFC 2409 over ISAKMP, RFC 2408): the Security Association payload
// of a Main Mode message 1 and of the responder's message 2, and the
// Notification payload of an Informational exchange.

// Domain of Interpretation and situation. RFC 2407, Sections 4.2, 4.6.1.
const (
	doiIPsec        uint32 = 1
	sitIdentityOnly uint32 = 1
)

// v1Transform is a transform payload. RFC 2408, Section 3.6.
type v1Transform struct {
	num   uint8
	id    uint8 // KEY_IKE for Phase 1
	attrs []attribute
}

// v1Proposal is a proposal payload. RFC 2408, Section 3.5.
type v1Proposal struct {
	num        uint8
	protocol   uint8
	spi        []byte
	transforms []v1Transform
}

// v1SAPayload is the Security Association payload. RFC 2408, Section
// 3.4: the DOI, the situation, and proposal payloads chained by their
// own Next Payload fields (Proposal, or 0 after the last), each holding
// its transform payloads chained the same way.
type v1SAPayload struct {
	doi       uint32
	situation uint32
	proposals []v1Proposal
}

func (p *v1SAPayload) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint32(p.doi)
	b.AddUint32(p.situation)
	for i, pr := range p.proposals {
		next := v1PayloadProposal
		if i == len(p.proposals)-1 {
			next = 0
		}
		if len(pr.spi) > 255 || len(pr.transforms) > 255 {
			return nil, errTooLong
		}
		addSized(&b, next, 0, func(b *cryptobyte.Builder) {
			b.AddUint8(pr.num)
			b.AddUint8(pr.protocol)
			b.AddUint8(uint8(len(pr.spi)))
			b.AddUint8(uint8(len(pr.transforms)))
			b.AddBytes(pr.spi)
			for j, t := range pr.transforms {
				tn := v1PayloadTransform
				if j == len(pr.transforms)-1 {
					tn = 0
				}
				addSized(b, tn, 0, func(b *cryptobyte.Builder) {
					b.AddUint8(t.num)
					b.AddUint8(t.id)
					b.AddUint16(0)
					addAttributes(b, t.attrs)
				})
			}
		})
	}
	return b.Bytes()
}

func (p *v1SAPayload) unmarshal(data []byte) bool {
	*p = v1SAPayload{}
	s := cryptobyte.String(data)
	if !s.ReadUint32(&p.doi) || !s.ReadUint32(&p.situation) {
		return false
	}
	for more := true; more; {
		if len(p.proposals) == maxStructs {
			return false
		}
		var next, reserved uint8
		var body cryptobyte.String
		if !readSized(&s, &next, &reserved, &body) || (next != 0 && next != v1PayloadProposal) {
			return false
		}
		more = next != 0
		var pr v1Proposal
		var spiLen, n uint8
		if !body.ReadUint8(&pr.num) || !body.ReadUint8(&pr.protocol) || !body.ReadUint8(&spiLen) ||
			!body.ReadUint8(&n) || !body.ReadBytes(&pr.spi, int(spiLen)) {
			return false
		}
		for i := range int(n) {
			var tn, r uint8
			var tb cryptobyte.String
			if !readSized(&body, &tn, &r, &tb) || (tn == 0) != (i == int(n)-1) || (tn != 0 && tn != v1PayloadTransform) {
				return false
			}
			var t v1Transform
			var r2 uint16
			if !tb.ReadUint8(&t.num) || !tb.ReadUint8(&t.id) || !tb.ReadUint16(&r2) {
				return false
			}
			var ok bool
			if t.attrs, ok = readAttributes(tb); !ok {
				return false
			}
			pr.transforms = append(pr.transforms, t)
		}
		if !body.Empty() {
			return false
		}
		p.proposals = append(p.proposals, pr)
	}
	return s.Empty() && len(p.proposals) > 0
}

// v1NotifyPayload is the Notification payload. RFC 2408, Section 3.14:
// a DOI, then the fields of IKEv2's (RFC 7296, Section 3.10) in the same
// order.
type v1NotifyPayload struct {
	doi uint32
	notifyPayload
}

func (p *v1NotifyPayload) marshal() ([]byte, error) {
	n, err := p.notifyPayload.marshal()
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddUint32(p.doi)
	b.AddBytes(n)
	return b.Bytes()
}

func (p *v1NotifyPayload) unmarshal(data []byte) bool {
	*p = v1NotifyPayload{}
	s := cryptobyte.String(data)
	return s.ReadUint32(&p.doi) && p.notifyPayload.unmarshal(s)
}

// v1Attrs returns the Phase 1 attributes of t by class: the value of each
// TV attribute (the basic ones, RFC 2409 Appendix A), 0 when absent.
func v1Attrs(t v1Transform) map[uint16]uint16 {
	m := make(map[uint16]uint16, len(t.attrs))
	for _, a := range t.attrs {
		if a.tv {
			m[a.typ] = a.value
		}
	}
	return m
}
