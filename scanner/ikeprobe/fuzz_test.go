package ikeprobe

import (
	"encoding/hex"
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

// fuzzSuites are the SK payload's decryption paths (AES-GCM, AES-CBC,
// 3DES-CBC, AES-CTR), with the fixed keys enc and integKey.
func fuzzSuites() []suite {
	return []suite{
		newSuite(20, 256, 5, 0, 19),
		newSuite(12, 128, 6, 13, 14),
		newSuite(3, 0, 2, 2, 2),
		newSuite(13, 256, 5, 12, 5),
	}
}

func FuzzOpenSK(f *testing.F) {
	for _, d := range recorded(f) {
		f.Add(stripMarker(d), uint8(0))
	}
	enc, integKey := make([]byte, 64), make([]byte, 64)
	for i, st := range fuzzSuites() {
		inner, _ := authPayloads([]byte{1, 2, 3, 4})
		b, err := sealSK(message{spiI: 1, spiR: 2, version: versionIKEv2, exchange: exchangeIKEAuth, flags: flagResponse, msgID: 1, payloads: inner},
			st, enc[:st.encKeyLen()], integKey[:max(st.integ.keyLen, 1)], zeroReader{})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		var m message
		if !m.unmarshal(data) {
			return
		}
		suites := fuzzSuites()
		st := suites[int(which)%len(suites)]
		ps, err := openSK(&m, st, enc[:st.encKeyLen()], integKey[:max(st.integ.keyLen, 1)])
		if err != nil {
			return
		}
		total := 0
		for _, p := range ps {
			total += 4 + len(p.body)
		}
		if total > len(data) {
			t.Fatalf("%d bytes of payloads from %d", total, len(data))
		}
	})
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// FuzzAuthPayloads runs every IKE_AUTH payload parser, and what the probe
// does with what parses, on one input: IDr, CERT and CERTREQ, AUTH (with
// RFC 7427's AlgorithmIdentifier), EAP, traffic selectors, Delete.
func FuzzAuthPayloads(f *testing.F) {
	for _, typ := range []uint8{payloadCertReq, payloadNotify} {
		seedPayloads(f, typ)
	}
	inner, _ := authPayloads([]byte{1, 2, 3, 4})
	for _, p := range inner {
		f.Add(p.body)
	}
	for _, s := range []string{
		"02000000766e2e6578616d706c652e74657374",         // ID_FQDN vpn.example.test
		"0900000030123110300e06035504030c07676174657761", // ID_DER_ASN1_DN, cut short
		"0e0000000c300a06082a8648ce3d0403023045022100",   // AUTH Digital Signature, ecdsa-with-SHA256
		"0e00000041303f06092a864886f70d01010a3032a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120", // RSASSA-PSS SHA-256
		"0101000a1a01000500",                       // EAP request, MSCHAPv2
		"01000000070000100000ffff00000000ffffffff", // TS any IPv4
		"01000000", // Delete IKE SA
	} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var id idPayload
		if id.unmarshal(data) {
			idString(id)
			if b, _ := id.marshal(); len(b) != len(data) {
				t.Fatalf("ID payload of %d bytes marshals to %d", len(data), len(b))
			}
		}
		var c certPayload
		c.unmarshal(data)
		var a authPayload
		if a.unmarshal(data) {
			if sc, sig, err := authScheme(a); err == nil && len(sig) <= len(data) {
				verifySignature(sc, nil, data, sig)
			}
		}
		parseAlgorithmIdentifier(data)
		var e eapPayload
		e.unmarshal(data)
		var ts tsPayload
		if ts.unmarshal(data) {
			if b, err := ts.marshal(); err != nil || len(b) != len(data) {
				t.Fatalf("TS payload of %d bytes marshals to %d (%v)", len(data), len(b), err)
			}
		}
		var d deletePayload
		if d.unmarshal(data) {
			if b, err := d.marshal(); err != nil || len(b) != len(data) {
				t.Fatalf("Delete payload of %d bytes marshals to %d (%v)", len(data), len(b), err)
			}
		}
	})
}
