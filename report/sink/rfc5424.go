package sink

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SDID is the STRUCTURED-DATA element every message carries (RFC 5424,
// Section 6.3.2: NAME@<private enterprise number>). 32473 is the example
// enterprise number of RFC 5612, held until cryptoscan registers its own.
const SDID = "cryptoscan@32473"

// minChunk is the smallest part of an event's JSON a message may carry: a
// limit that leaves less room than this after the header is refused.
const minChunk = 64

// header is what every message of one sink shares.
type header struct {
	facility Facility
	hostname string // already sanitized
	appName  string
	procID   string
}

func newHeader(f Facility, hostname, appName, procID string) header {
	return header{
		facility: f.orDefault(),
		hostname: headerField(hostname, 255),
		appName:  headerField(appName, 48),
		procID:   headerField(procID, 128),
	}
}

// headerField makes s a valid RFC 5424 header field (Section 6.2):
// PRINTUSASCII only (other bytes become '_'), at most max octets, and
// the NILVALUE "-" when empty.
func headerField(s string, max int) string {
	if s == "" {
		return "-"
	}
	b := []byte(s)
	if len(b) > max {
		b = b[:max]
	}
	for i, c := range b {
		if c < 33 || c > 126 {
			b[i] = '_'
		}
	}
	return string(b)
}

// timestamp formats t as an RFC 5424 TIMESTAMP (Section 6.2.3): RFC 3339 in
// UTC with at most six fractional digits, or "-" for the zero time.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04:05.999999Z07:00")
}

// sdEscape escapes an SD-PARAM value (RFC 5424, Section 6.3.3).
func sdEscape(s string) string {
	if !strings.ContainsAny(s, `"\]`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '"' || r == '\\' || r == ']' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// prefix is a message up to and including the SP before MSG.
func (h *header) prefix(ev *Event, part, parts string) []byte {
	pri := int(h.facility)*8 + int(ev.Severity&7)
	var b []byte
	b = append(b, '<')
	b = strconv.AppendInt(b, int64(pri), 10)
	b = append(b, ">1 "...)
	b = append(b, timestamp(ev.Time)...)
	b = append(b, ' ')
	b = append(b, h.hostname...)
	b = append(b, ' ')
	b = append(b, h.appName...)
	b = append(b, ' ')
	b = append(b, h.procID...)
	b = append(b, ' ')
	b = append(b, headerField(ev.Kind, 32)...)
	b = append(b, " ["+SDID+` event_id="`...)
	b = append(b, sdEscape(ev.ID)...)
	b = append(b, `" part="`...)
	b = append(b, part...)
	b = append(b, `" parts="`...)
	b = append(b, parts...)
	b = append(b, `"] `...)
	return b
}

// messages returns the RFC 5424 messages that carry ev: one when it fits
// in max octets (max <= 0: no limit), otherwise parts of at most max
// octets each, whose MSGs concatenated in part order are the event's
// JSON. Every message has the same header and an SD element
// [cryptoscan@32473 event_id="ID" part="n" parts="N"]; a part never ends
// inside a UTF-8 sequence.
//
// MSG is the JSON as it is, without a BOM: RFC 5424, Section 6.4, asks for
// a BOM only when MSG is declared UTF-8 (MSG-UTF8), and RFC 8259, Section
// 8.1, forbids one before networked JSON; so MSG is MSG-ANY whose octets
// happen to be UTF-8 JSON, which is what collectors that parse JSON out of
// syslog expect.
func (h *header) messages(ev *Event, max int) ([][]byte, error) {
	body := ev.payload()
	one := append(h.prefix(ev, "1", "1"), body...)
	if max <= 0 || len(one) <= max {
		return [][]byte{one}, nil
	}
	for digits := 1; digits <= 9; digits++ {
		widest := strings.Repeat("9", digits)
		room := max - len(h.prefix(ev, widest, widest))
		if room < minChunk {
			return nil, fmt.Errorf("a message limit of %d octets leaves %d for the event after the header (at least %d needed)", max, room, minChunk)
		}
		chunks := cut(body, room)
		if len(strconv.Itoa(len(chunks))) > digits {
			continue
		}
		parts := strconv.Itoa(len(chunks))
		msgs := make([][]byte, len(chunks))
		for i, c := range chunks {
			msgs[i] = append(h.prefix(ev, strconv.Itoa(i+1), parts), c...)
		}
		return msgs, nil
	}
	return nil, errors.New("event too large to split")
}

// cut splits b into pieces of at most n bytes, none ending inside a UTF-8
// sequence (unless a sequence is longer than n, which valid UTF-8 never is).
func cut(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		i := n
		for k := 1; k < utf8.UTFMax && i > 1 && !utf8.RuneStart(b[i]); k++ {
			i--
		}
		if !utf8.RuneStart(b[i]) {
			i = n
		}
		out = append(out, b[:i])
		b = b[i:]
	}
	return append(out, b)
}

// octetCounted frames msg for a stream (RFC 6587, Section 3.4.1, and RFC
// 5425, Section 4.3): MSG-LEN SP SYSLOG-MSG.
func octetCounted(dst, msg []byte) []byte {
	dst = strconv.AppendInt(dst, int64(len(msg)), 10)
	dst = append(dst, ' ')
	return append(dst, msg...)
}
