package tlsprobe

import (
	"bytes"
	"errors"
	"io"
	"net"
	"runtime"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
)

// rawRecord is one record with an arbitrary header, for hostile streams.
func rawRecord(typ uint8, vers uint16, payload []byte) []byte {
	var b cryptobyte.Builder
	b.AddUint8(typ)
	b.AddUint16(vers)
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(payload) })
	return b.BytesOrPanic()
}

func mustMarshal(t testing.TB, m handshakeMessage) []byte {
	t.Helper()
	b, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRecordReaderFragmentedHandshake(t *testing.T) {
	cert := mustMarshal(t, &certificateMsg{certificates: [][]byte{bytes.Repeat([]byte{0xC}, 500)}})
	// Three records; the first splits the 4-byte header itself.
	var stream []byte
	stream = append(stream, rawRecord(recordHandshake, 0x0303, cert[:2])...)
	stream = append(stream, rawRecord(recordChangeCipherSpec, 0x0303, []byte{1})...) // skipped
	stream = append(stream, rawRecord(recordHandshake, 0x0303, cert[2:200])...)
	stream = append(stream, rawRecord(recordHandshake, 0x0303, cert[200:])...)
	rr := newRecordReader(bytes.NewReader(stream))
	typ, msg, err := rr.readHandshake()
	if err != nil || typ != typeCertificate || !bytes.Equal(msg, cert) {
		t.Fatalf("readHandshake = %d, %d bytes, %v", typ, len(msg), err)
	}
	if _, _, err := rr.readHandshake(); !errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
}

func TestRecordReaderCoalescedMessages(t *testing.T) {
	hello := mustMarshal(t, &serverHello{vers: 0x0303, random: testRandom(0), cipherSuite: 0xC02F})
	done := mustMarshal(t, &serverHelloDoneMsg{})
	trailer := []byte("the client's turn")
	stream := append(rawRecord(recordHandshake, 0x0301, append(append([]byte{}, hello...), done...)), trailer...)
	r := bytes.NewReader(stream)
	rr := newRecordReader(r)
	typ, msg, err := rr.readHandshake()
	if err != nil || typ != typeServerHello || !bytes.Equal(msg, hello) {
		t.Fatalf("first message: %d, %x, %v", typ, msg, err)
	}
	typ, msg, err = rr.readHandshake()
	if err != nil || typ != typeServerHelloDone || !bytes.Equal(msg, done) {
		t.Fatalf("second message: %d, %x, %v", typ, msg, err)
	}
	if r.Len() != len(trailer) {
		t.Errorf("read %d bytes past the record", len(trailer)-r.Len())
	}
	if v := rr.recordVersion(); v != 0x0301 {
		t.Errorf("recordVersion = %04x", v)
	}
}

func TestRecordReaderReadsNoFurther(t *testing.T) {
	hello := mustMarshal(t, &serverHello{vers: 0x0303, random: testRandom(0)})
	next := rawRecord(recordHandshake, 0x0303, mustMarshal(t, &serverHelloDoneMsg{}))
	r := bytes.NewReader(append(rawRecord(recordHandshake, 0x0303, hello), next...))
	rr := newRecordReader(r)
	if _, _, err := rr.readHandshake(); err != nil {
		t.Fatal(err)
	}
	if r.Len() != len(next) {
		t.Errorf("%d bytes left unread, want %d", r.Len(), len(next))
	}
}

func TestRecordReaderAlert(t *testing.T) {
	stream := append(rawRecord(recordChangeCipherSpec, 0x0303, []byte{1}),
		rawRecord(recordAlert, 0x0303, alert{level: alertLevelFatal, description: 40}.marshal())...)
	_, _, err := newRecordReader(bytes.NewReader(stream)).readHandshake()
	var ae *alertError
	if !errors.As(err, &ae) || ae.level != alertLevelFatal || ae.description != 40 {
		t.Fatalf("err = %v, want a handshake_failure alert", err)
	}
	if got, want := err.Error(), "remote error: tls: handshake_failure (40)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// An alert in the middle of a fragmented message ends it too.
	stream = append(rawRecord(recordHandshake, 0x0303, []byte{typeCertificate, 0, 0, 9, 1}),
		rawRecord(recordAlert, 0x0303, []byte{1, 0})...)
	_, _, err = newRecordReader(bytes.NewReader(stream)).readHandshake()
	if !errors.As(err, &ae) || ae.description != 0 {
		t.Fatalf("err = %v, want close_notify", err)
	}
	// A truncated alert is not an alert.
	_, _, err = newRecordReader(bytes.NewReader(rawRecord(recordAlert, 0x0303, []byte{2}))).readHandshake()
	if !errors.Is(err, errUnexpectedRecord) {
		t.Fatalf("1-byte alert: %v", err)
	}
}

func TestRecordReaderUnexpectedRecord(t *testing.T) {
	for _, typ := range []uint8{recordApplicationData, 0, 24, 0x80} {
		_, _, err := newRecordReader(bytes.NewReader(rawRecord(typ, 0x0303, []byte{1, 2, 3}))).readHandshake()
		if !errors.Is(err, errUnexpectedRecord) {
			t.Errorf("record type %d: %v", typ, err)
		}
	}
}

// allocatedDuring returns the bytes allocated while f ran.
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestRecordReaderHandshakeTooLong(t *testing.T) {
	for _, n := range []uint32{1<<24 - 1, maxHandshake + 1} {
		var b cryptobyte.Builder
		b.AddUint8(typeCertificate)
		b.AddUint24(n)
		stream := append(rawRecord(recordHandshake, 0x0303, b.BytesOrPanic()), bytes.Repeat([]byte{0x16, 3, 3, 0x40, 0}, 100)...)
		var err error
		alloc := allocatedDuring(func() {
			_, _, err = newRecordReader(bytes.NewReader(stream)).readHandshake()
		})
		if !errors.Is(err, errHandshakeTooLong) {
			t.Errorf("length %d: %v, want errHandshakeTooLong", n, err)
		}
		if alloc >= 1<<20 {
			t.Errorf("length %d: %d bytes allocated, want < 1 MiB", n, alloc)
		}
	}
	// maxHandshake itself is accepted, over many records.
	msg := mustMarshal(t, &serverKeyExchangeMsg{key: make([]byte, maxHandshake)})
	var buf bytes.Buffer
	if err := writeRecords(&buf, recordHandshake, 0x0303, msg); err != nil {
		t.Fatal(err)
	}
	typ, got, err := newRecordReader(&buf).readHandshake()
	if err != nil || typ != typeServerKeyExchange || !bytes.Equal(got, msg) {
		t.Errorf("maxHandshake message: %d, %d bytes, %v", typ, len(got), err)
	}
}

func TestRecordReaderRecordTooLong(t *testing.T) {
	stream := append([]byte{recordHandshake, 3, 3, 0xFF, 0xFF}, make([]byte, 100)...)
	var err error
	alloc := allocatedDuring(func() {
		_, err = newRecordReader(bytes.NewReader(stream)).readRecord()
	})
	if !errors.Is(err, errRecordTooLong) {
		t.Errorf("err = %v, want errRecordTooLong", err)
	}
	if alloc >= 1<<16 {
		t.Errorf("%d bytes allocated for a rejected record", alloc)
	}
	stream = rawRecord(recordHandshake, 0x0303, make([]byte, maxCiphertext))
	if _, err := newRecordReader(bytes.NewReader(stream)).readRecord(); err != nil {
		t.Errorf("maxCiphertext record: %v", err)
	}
}

func TestRecordReaderTruncated(t *testing.T) {
	full := rawRecord(recordHandshake, 0x0303, mustMarshal(t, &serverHelloDoneMsg{}))
	partial := rawRecord(recordHandshake, 0x0303, []byte{typeCertificate, 0, 0, 10, 1, 2})
	for name, tc := range map[string]struct {
		stream []byte
		want   error
	}{
		"empty":                 {nil, io.EOF},
		"partial header":        {full[:3], io.ErrUnexpectedEOF},
		"header only":           {full[:5], io.ErrUnexpectedEOF},
		"partial body":          {full[:7], io.ErrUnexpectedEOF},
		"message cut at record": {partial, io.ErrUnexpectedEOF},
	} {
		_, _, err := newRecordReader(bytes.NewReader(tc.stream)).readHandshake()
		if !errors.Is(err, tc.want) || (tc.want == io.EOF && errors.Is(err, io.ErrUnexpectedEOF)) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func TestRecordReaderTimeout(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	client.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	_, _, err := newRecordReader(client).readHandshake()
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a net.Error timeout", err)
	}
}

func TestRecordWriteRecords(t *testing.T) {
	payload := make([]byte, 2*maxPlaintext+100)
	for i := range payload {
		payload[i] = byte(i)
	}
	var buf bytes.Buffer
	if err := writeRecords(&buf, recordHandshake, 0x0301, payload); err != nil {
		t.Fatal(err)
	}
	rr := newRecordReader(&buf)
	var got []byte
	var sizes []int
	for {
		rec, err := rr.readRecord()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.typ != recordHandshake || rec.vers != 0x0301 {
			t.Fatalf("record header %d %04x", rec.typ, rec.vers)
		}
		sizes = append(sizes, len(rec.payload))
		got = append(got, rec.payload...)
	}
	if !bytes.Equal(got, payload) || len(sizes) != 3 || sizes[0] != maxPlaintext || sizes[2] != 100 {
		t.Errorf("fragments %v", sizes)
	}
	buf.Reset()
	if err := writeRecords(&buf, recordAlert, 0x0303, nil); err != nil || !bytes.Equal(buf.Bytes(), []byte{21, 3, 3, 0, 0}) {
		t.Errorf("empty payload: %x, %v", buf.Bytes(), err)
	}
}
