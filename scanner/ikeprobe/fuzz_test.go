package ikeprobe

import (
	"testing"
)

// Fuzz targets for every parser, seeded with charon's recorded answers
// (testdata/, TestRecordStrongSwan) and the payloads they hold. A
// responder controls these bytes: no input may panic, and what parses
// must stay within the input's size.

func seedPayloads(f *testing.F, typ uint8) {
	for _, d := range recorded(f) {
		var m message
		if m.unmarshal(stripMarker(d)) {
			for _, b := range m.find(typ) {
				f.Add(b)
			}
		}
	}
}

func FuzzMessage(f *testing.F) {
	for _, d := range recorded(f) {
		f.Add(stripMarker(d))
		f.Add(d)
	}
	b, _ := sampleMessage().marshal()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m message
		if !m.unmarshal(data) {
			return
		}
		total := headerLen
		for _, p := range m.payloads {
			total += 4 + len(p.body)
		}
		if total > len(data) || len(m.payloads) > maxPayloads {
			t.Fatalf("%d payloads of %d bytes from %d", len(m.payloads), total, len(data))
		}
		// What the probe does with an answer must not panic either.
		s := &scan{obs: &collector{}, refusals: map[uint8]int{}}
		if m.version>>4 == 2 {
			s.classify(&m)
		} else {
			s.obs.record(&m)
		}
		cookieOf(&m)
	})
}

func FuzzSAPayload(f *testing.F) {
	seedPayloads(f, payloadSA)
	b, _ := sampleSA().marshal()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var p saPayload
		if !p.unmarshal(data) {
			return
		}
		if len(p.proposals) > maxStructs {
			t.Fatalf("%d proposals", len(p.proposals))
		}
		b, err := p.marshal()
		if err != nil || len(b) != len(data) {
			t.Fatalf("re-encoding: %d bytes from %d, %v", len(b), len(data), err)
		}
	})
}

func FuzzV1SAPayload(f *testing.F) {
	seedPayloads(f, v1PayloadSA)
	b, _ := sampleV1SA().marshal()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var p v1SAPayload
		if !p.unmarshal(data) {
			return
		}
		b, err := p.marshal()
		if err != nil || len(b) != len(data) {
			t.Fatalf("re-encoding: %d bytes from %d, %v", len(b), len(data), err)
		}
	})
}

func FuzzNotifyPayload(f *testing.F) {
	seedPayloads(f, payloadNotify)
	f.Add([]byte{0, 0, 0, 17, 0, 14})
	f.Fuzz(func(t *testing.T, data []byte) {
		var p notifyPayload
		if p.unmarshal(data) {
			b, err := p.marshal()
			if err != nil || string(b) != string(data) {
				t.Fatalf("re-encoding differs: %x, %v", b, err)
			}
		}
		var q v1NotifyPayload
		if q.unmarshal(data) {
			b, err := q.marshal()
			if err != nil || string(b) != string(data) {
				t.Fatalf("v1 re-encoding differs: %x, %v", b, err)
			}
		}
	})
}

func FuzzSmallPayloads(f *testing.F) {
	seedPayloads(f, payloadKE)
	seedPayloads(f, payloadVendorID)
	seedPayloads(f, v1PayloadVendorID)
	f.Add([]byte{0, 14, 0, 0, 1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		var k kePayload
		k.unmarshal(data)
		var n noncePayload
		n.unmarshal(data)
		var v vendorIDPayload
		if v.unmarshal(data) {
			vendorName(string(data))
		}
	})
}
