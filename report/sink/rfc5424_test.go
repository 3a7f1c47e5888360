package sink

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSeverityFor(t *testing.T) {
	for _, tc := range []struct {
		event, status, severity string
		want                    Severity
	}{
		{"finding", "fail", "critical", Critical},
		{"finding", "fail", "high", Error},
		{"finding", "fail", "medium", Warning},
		{"finding", "fail", "low", Notice},
		{"finding", "fail", "info", Informational},
		{"finding", "degraded", "high", Warning},
		{"finding", "warn", "critical", Warning},
		{"finding", "degraded", "medium", Notice},
		{"finding", "warn", "low", Notice},
		{"finding", "incomplete", "low", Warning},
		{"finding", "waived", "critical", Notice},
		{"finding", "pass", "critical", Informational},
		{"finding", "not_applicable", "high", Informational},
		{"finding", "info", "info", Informational},
		{"finding", "someday", "high", Notice},
		{"change", "", "", Notice},
		{"summary", "", "", Notice},
		{"endpoint", "", "", Informational},
		{"certificate", "", "", Informational},
	} {
		if got := SeverityFor(tc.event, tc.status, tc.severity); got != tc.want {
			t.Errorf("SeverityFor(%q, %q, %q) = %v, want %v", tc.event, tc.status, tc.severity, got, tc.want)
		}
	}
}

func TestParseFacility(t *testing.T) {
	for in, want := range map[string]Facility{"local0": Local0, "local7": Local7, "user": User, "authpriv": AuthPriv, "16": Local0, "1": User} {
		if got, err := ParseFacility(in); err != nil || got != want {
			t.Errorf("ParseFacility(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "kern", "0", "24", "016", "local8", " local0"} {
		if _, err := ParseFacility(in); err == nil {
			t.Errorf("ParseFacility(%q) succeeded", in)
		}
	}
}

func TestMessageFormat(t *testing.T) {
	h := newHeader(0, "scan host\x01", "cryptoscan", "42")
	ev := Event{ID: `a"b]c\d`, Kind: "finding", Time: time.Date(2026, 11, 26, 19, 0, 0, 123456789, time.FixedZone("CET", 3600)),
		Severity: Error, JSON: []byte("{\"x\":1}\n")}
	msgs, err := h.messages(&ev, 0)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("messages: %d, %v", len(msgs), err)
	}
	want := `<131>1 2026-11-26T18:00:00.123456Z scan_host_ cryptoscan 42 finding [cryptoscan@32473 event_id="a\"b\]c\\d" part="1" parts="1"] {"x":1}`
	if got := string(msgs[0]); got != want {
		t.Errorf("message\n got %s\nwant %s", got, want)
	}
	m, err := parse5424(msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	if m.pri != 16*8+3 || m.sd[SDID]["event_id"] != ev.ID || string(m.msg) != `{"x":1}` {
		t.Errorf("parsed %+v", m)
	}

	// NILVALUEs: no time, no kind, empty fields.
	h = newHeader(Local7, "", "", "")
	ev = Event{ID: "x", Severity: Debug, JSON: []byte("{}")}
	msgs, _ = h.messages(&ev, 0)
	if got, want := string(msgs[0]), `<191>1 - - - - - [cryptoscan@32473 event_id="x" part="1" parts="1"] {}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// No BOM before MSG.
	if bytes.Contains(msgs[0], []byte("\xef\xbb\xbf")) {
		t.Error("MSG has a BOM")
	}
}

func TestSplit(t *testing.T) {
	h := newHeader(0, "host", "cryptoscan", "1")
	for _, tc := range []struct {
		name      string
		pad, max  int
		wantParts int // 0: more than one
	}{
		{"fits", 100, 2048, 1},
		{"exactly at the limit", 0, 0, 1},
		{"two parts", 2500, 2048, 2},
		{"many parts", 40000, 480, 0},
		{"more than 9 parts", 8000, 480, 0},
		{"more than 99 parts", 60000, 480, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := testEvent(7, tc.pad)
			max := tc.max
			if max == 0 {
				one, _ := h.messages(&ev, 0)
				max = len(one[0])
			}
			msgs, err := h.messages(&ev, max)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantParts != 0 && len(msgs) != tc.wantParts {
				t.Errorf("%d parts, want %d", len(msgs), tc.wantParts)
			}
			if tc.wantParts == 0 && len(msgs) < 2 {
				t.Errorf("%d parts, want several", len(msgs))
			}
			a := newAssembler()
			// Reassembly must not depend on the order of arrival.
			for i := len(msgs) - 1; i >= 0; i-- {
				m := msgs[i]
				if len(m) > max {
					t.Errorf("part %d is %d octets, limit %d", i+1, len(m), max)
				}
				p, err := parse5424(m)
				if err != nil {
					t.Fatal(err)
				}
				if !utf8.Valid(p.msg) {
					t.Errorf("part %d is not valid UTF-8", i+1)
				}
				if err := a.add(m); err != nil {
					t.Fatal(err)
				}
			}
			a.checkEvents(t, []Event{ev}, true)
		})
	}
	ev := testEvent(1, 4000)
	if _, err := h.messages(&ev, 120); err == nil {
		t.Error("a limit leaving no room for the event was accepted")
	}
}

func TestCutUTF8(t *testing.T) {
	b := []byte(strings.Repeat("a€😀é", 50))
	for n := 4; n < 40; n++ {
		parts := cut(b, n)
		if got := bytes.Join(parts, nil); !bytes.Equal(got, b) {
			t.Fatalf("n=%d: parts do not join back", n)
		}
		for i, p := range parts {
			if len(p) > n || len(p) == 0 || !utf8.Valid(p) {
				t.Fatalf("n=%d: part %d %q", n, i, p)
			}
		}
	}
}

func TestOctetCounted(t *testing.T) {
	var stream []byte
	msgs := [][]byte{[]byte("<134>1 - - - - - - a"), []byte("<134>1 - - - - - - with 7 spaces and\nnewline"), bytes.Repeat([]byte("x"), 70000)}
	for _, m := range msgs {
		stream = octetCounted(stream, m)
	}
	if !bytes.HasPrefix(stream, []byte("20 <134>1")) {
		t.Errorf("framing: %q", stream[:12])
	}
	br := bufio.NewReader(bytes.NewReader(stream))
	for i, want := range msgs {
		got, err := readOctetCounted(br)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	if _, err := readOctetCounted(br); err == nil {
		t.Error("read past the end")
	}
}
