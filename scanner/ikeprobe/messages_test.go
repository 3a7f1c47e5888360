package ikeprobe

import (
	"bytes"
	"reflect"
	"testing"
)

// codec is a message or payload with marshal and unmarshal.
type codec interface {
	marshal() ([]byte, error)
	unmarshal([]byte) bool
}

func sampleSA() *saPayload {
	return &saPayload{proposals: []proposal{
		{num: 1, protocol: protocolIKE, transforms: []transform{
			{typ: transformENCR, id: 12, attrs: []attribute{{typ: attrKeyLength, tv: true, value: 256}}},
			{typ: transformPRF, id: 5},
			{typ: transformINTEG, id: 12},
			{typ: transformKE, id: 19},
		}},
		{num: 2, protocol: protocolIKE, spi: []byte{1, 2, 3, 4}, transforms: []transform{
			{typ: transformENCR, id: 20, attrs: []attribute{{typ: 99, data: []byte("tlv")}}},
			{typ: transformKE, id: unchoosableGroup},
		}},
	}}
}

func sampleV1SA() *v1SAPayload {
	return &v1SAPayload{doi: doiIPsec, situation: sitIdentityOnly, proposals: []v1Proposal{
		{num: 1, protocol: protocolISAKMP, transforms: []v1Transform{
			{num: 1, id: transformKeyIKE, attrs: []attribute{{typ: v1AttrEncryption, tv: true, value: 7}, {typ: v1AttrKeyLength, tv: true, value: 256}}},
			{num: 2, id: transformKeyIKE, attrs: []attribute{{typ: v1AttrEncryption, tv: true, value: 5}, {typ: v1AttrLifeDuration, data: []byte{0, 1, 0x51, 0x80}}}},
		}},
	}}
}

func sampleMessage() *message {
	return &message{spiI: 0x0102030405060708, version: versionIKEv2, exchange: exchangeIKESAInit, flags: flagInitiator,
		payloads: []payload{
			{typ: payloadNotify, body: []byte{0, 0, 0x40, 0x06, 1, 2, 3, 4}},
			{typ: payloadSA, critical: true, body: []byte{9, 9}},
			{typ: payloadVendorID, body: []byte("vid")},
		}}
}

// samples are one of each codec with their zero value to parse into.
func samples() []struct{ msg, zero codec } {
	return []struct{ msg, zero codec }{
		{sampleMessage(), &message{}},
		{sampleSA(), &saPayload{}},
		{&kePayload{group: unchoosableGroup, data: bytes.Repeat([]byte{7}, 32)}, &kePayload{}},
		{&noncePayload{nonce: bytes.Repeat([]byte{1}, 32)}, &noncePayload{}},
		{&notifyPayload{protocol: 1, spi: []byte{1, 2, 3, 4, 5, 6, 7, 8}, typ: notifyInvalidKEPayload, data: []byte{0, 19}}, &notifyPayload{}},
		{&vendorIDPayload{id: []byte("strongSwan")}, &vendorIDPayload{}},
		{sampleV1SA(), &v1SAPayload{}},
		{&v1NotifyPayload{doi: doiIPsec, notifyPayload: notifyPayload{protocol: 1, typ: notifyIKEv1NoProposalChosen, spi: make([]byte, 16)}}, &v1NotifyPayload{}},
	}
}

func TestMessagesRoundTrip(t *testing.T) {
	for _, s := range samples() {
		b, err := s.msg.marshal()
		if err != nil {
			t.Fatalf("%T: %v", s.msg, err)
		}
		if !s.zero.unmarshal(b) {
			t.Fatalf("%T: own encoding does not parse: %x", s.msg, b)
		}
		if !reflect.DeepEqual(normalize(s.msg), normalize(s.zero)) {
			t.Errorf("%T: round trip\n got %+v\nwant %+v", s.msg, s.zero, s.msg)
		}
		b2, _ := s.zero.marshal()
		if !bytes.Equal(b, b2) {
			t.Errorf("%T: re-encoding differs:\n%x\n%x", s.msg, b, b2)
		}
	}
}

// normalize turns nil and empty byte slices alike, for DeepEqual.
func normalize(c codec) codec {
	b, _ := c.marshal()
	return codecString(b)
}

type codecString []byte

func (c codecString) marshal() ([]byte, error) { return c, nil }
func (c codecString) unmarshal([]byte) bool    { return false }

func TestMessagesNoPrefixParses(t *testing.T) {
	for _, s := range samples() {
		b, err := s.msg.marshal()
		if err != nil {
			t.Fatal(err)
		}
		for i := range len(b) {
			if _, ok := s.msg.(*notifyPayload); ok && i >= 8 {
				break // the notification data runs to the end of the payload
			}
			if _, ok := s.msg.(*v1NotifyPayload); ok && i >= 12 {
				break
			}
			if _, ok := s.msg.(*kePayload); ok && i >= 4 {
				break // the key exchange data runs to the end
			}
			if _, ok := s.msg.(*vendorIDPayload); ok && i >= 1 {
				break // a Vendor ID is any non-empty string
			}
			if _, ok := s.msg.(*noncePayload); ok && i >= 16 {
				break // a nonce is 16 to 256 bytes
			}
			if s.zero.unmarshal(b[:i]) {
				t.Errorf("%T: prefix of %d of %d bytes parses", s.msg, i, len(b))
			}
		}
		if _, ok := s.msg.(*message); ok && s.zero.unmarshal(append(b, 0)) {
			t.Errorf("%T: trailing byte accepted", s.msg)
		}
		if _, ok := s.msg.(*saPayload); ok && s.zero.unmarshal(append(b, 0)) {
			t.Errorf("%T: trailing byte accepted", s.msg)
		}
		if _, ok := s.msg.(*v1SAPayload); ok && s.zero.unmarshal(append(b, 0)) {
			t.Errorf("%T: trailing byte accepted", s.msg)
		}
	}
}

func TestMessageLengthField(t *testing.T) {
	b, _ := sampleMessage().marshal()
	// A Length field claiming 2^24 bytes, more than the datagram.
	b[24], b[25], b[26], b[27] = 0x01, 0, 0, 0
	var m message
	if m.unmarshal(b) {
		t.Error("a Length field larger than the datagram parses")
	}
}

func TestMessageTooManyPayloads(t *testing.T) {
	m := &message{version: versionIKEv2}
	for range maxPayloads + 1 {
		m.payloads = append(m.payloads, payload{typ: payloadVendorID, body: []byte{1}})
	}
	b, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if new(message).unmarshal(b) {
		t.Errorf("%d payloads parse", maxPayloads+1)
	}
}

func TestSAPayloadTransformCount(t *testing.T) {
	b, _ := sampleSA().marshal()
	b[7]++ // the first proposal claims a transform more than it has
	if new(saPayload).unmarshal(b) {
		t.Error("a proposal with a wrong transform count parses")
	}
}
