package tlsprobe

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

// sslv2Kinds of "The SSL Protocol", Appendix A, for the tests.
var testSSLv2Kinds = []uint32{0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700C0}

func TestSSLv2ClientHelloBytes(t *testing.T) {
	challenge := testRandom(0)[:16]
	m := &sslv2ClientHello{vers: 0x0002, cipherSpecs: []uint32{0x010080}, challenge: challenge}
	got, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte{
		0x80, 28, // 2-byte header, 28-byte body
		1,    // CLIENT-HELLO
		0, 2, // CLIENT-VERSION
		0, 3, 0, 0, 0, 16, // CIPHER-SPECS-LENGTH, SESSION-ID-LENGTH, CHALLENGE-LENGTH
		0x01, 0x00, 0x80, // SSL_CK_RC4_128_WITH_MD5
	}, challenge...)
	if !bytes.Equal(got, want) {
		t.Errorf("marshal = %x\nwant %x", got, want)
	}
}

func TestSSLv2RoundTrip(t *testing.T) {
	hellos := []*sslv2ClientHello{
		{vers: 0x0002, cipherSpecs: testSSLv2Kinds, challenge: testRandom(1)[:16]},
		{vers: 0x0301, cipherSpecs: []uint32{0x00002F, 0x010080}, sessionID: testRandom(2)[:16], challenge: testRandom(3)},
	}
	for _, m := range hellos {
		data, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var got sslv2ClientHello
		if !got.unmarshal(data) || !reflect.DeepEqual(&got, m) {
			t.Errorf("CLIENT-HELLO round trip: got %#v, want %#v", got, m)
		}
		for i := range len(data) {
			if new(sslv2ClientHello).unmarshal(data[:i]) {
				t.Fatalf("CLIENT-HELLO prefix of %d/%d bytes parsed", i, len(data))
			}
		}
		body, err := readSSLv2Record(bytes.NewReader(data))
		if err != nil || !bytes.Equal(body, data[2:]) {
			t.Errorf("readSSLv2Record = %x, %v", body, err)
		}
	}

	servers := []*sslv2ServerHello{
		{certType: 1, vers: 0x0002, certificate: bytes.Repeat([]byte{0x30}, 600), cipherSpecs: testSSLv2Kinds, connectionID: testRandom(4)[:16]},
		{sessionIDHit: 1, vers: 0x0002, connectionID: testRandom(5)[:16]},
	}
	for _, m := range servers {
		body, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var got sslv2ServerHello
		if !got.unmarshal(body) || !reflect.DeepEqual(&got, m) {
			t.Errorf("SERVER-HELLO round trip: got %#v, want %#v", got, m)
		}
		for i := range len(body) {
			if new(sslv2ServerHello).unmarshal(body[:i]) {
				t.Fatalf("SERVER-HELLO prefix of %d/%d bytes parsed", i, len(body))
			}
		}
		if new(sslv2ServerHello).unmarshal(append(body, 0)) {
			t.Error("SERVER-HELLO with a trailing byte parsed")
		}
		rec, err := sslv2Record(body)
		if err != nil {
			t.Fatal(err)
		}
		for i := range len(rec) {
			if _, err := readSSLv2Record(bytes.NewReader(rec[:i])); err == nil {
				t.Fatalf("record prefix of %d/%d bytes read", i, len(rec))
			}
		}
	}

	e := &sslv2Error{code: sslv2NoCipherError}
	body, err := e.marshal()
	if err != nil || !bytes.Equal(body, []byte{0, 0, 1}) {
		t.Fatalf("ERROR = %x, %v", body, err)
	}
	var got sslv2Error
	if !got.unmarshal(body) || got != *e {
		t.Errorf("ERROR round trip: %#v", got)
	}
	for i := range len(body) {
		if new(sslv2Error).unmarshal(body[:i]) {
			t.Errorf("ERROR prefix %d parsed", i)
		}
	}
	if new(sslv2Error).unmarshal([]byte{4, 0, 1}) || new(sslv2ServerHello).unmarshal(body) {
		t.Error("a message parsed as another type")
	}
}

func TestSSLv2CipherSpecsLength(t *testing.T) {
	m := &sslv2ServerHello{vers: 2, cipherSpecs: []uint32{0x010080}}
	body, _ := m.marshal()
	body[8]-- // CIPHER-SPECS-LENGTH 2: not a whole spec
	body = body[:len(body)-1]
	if new(sslv2ServerHello).unmarshal(body) {
		t.Error("a 2-byte cipher spec list parsed")
	}
}

func TestSSLv2Record(t *testing.T) {
	// 3-byte header: 14-bit length, then the padding count.
	padded := []byte{0x00, 5, 2, 0, 0, 1, 0xEE, 0xEE}
	r := bytes.NewReader(append(padded, 0x99))
	body, err := readSSLv2Record(r)
	if err != nil || !bytes.Equal(body, []byte{0, 0, 1}) {
		t.Fatalf("3-byte header: %x, %v", body, err)
	}
	if r.Len() != 1 {
		t.Errorf("read past the record: %d bytes left", r.Len())
	}
	if _, err := readSSLv2Record(bytes.NewReader([]byte{0x00, 1, 2, 0})); err == nil {
		t.Error("padding longer than the record accepted")
	}

	largest := append([]byte{0xFF, 0xFF}, make([]byte, sslv2MaxBody)...)
	if body, err := readSSLv2Record(bytes.NewReader(largest)); err != nil || len(body) != sslv2MaxBody {
		t.Errorf("32767-byte record: %d bytes, %v", len(body), err)
	}

	if _, err := readSSLv2Record(bytes.NewReader(nil)); !errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("empty stream: %v", err)
	}
	for _, cut := range [][]byte{{0x80}, {0x80, 5, 1}, {0x00, 5}, {0x00, 5, 0, 1}} {
		if _, err := readSSLv2Record(bytes.NewReader(cut)); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%x: %v, want io.ErrUnexpectedEOF", cut, err)
		}
	}
}

func TestSSLv2MarshalErrors(t *testing.T) {
	if _, err := (&sslv2ClientHello{cipherSpecs: []uint32{0x01000000}}).marshal(); err == nil {
		t.Error("a 4-byte cipher kind marshaled")
	}
	if _, err := (&sslv2ClientHello{challenge: make([]byte, sslv2MaxBody)}).marshal(); !errors.Is(err, errSSLv2RecordTooLong) {
		t.Errorf("oversized CLIENT-HELLO: %v", err)
	}
	if _, err := sslv2Record(make([]byte, sslv2MaxBody+1)); !errors.Is(err, errSSLv2RecordTooLong) {
		t.Errorf("oversized record: %v", err)
	}
	if _, err := (&sslv2ServerHello{certificate: make([]byte, 0x10000)}).marshal(); err == nil {
		t.Error("a 64 KiB certificate marshaled")
	}
}
