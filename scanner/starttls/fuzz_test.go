package starttls

import (
	"bufio"
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// The fuzz targets feed hostile bytes to every reply parser: none may
// panic or read past its bounds, and what parses must be well formed.
// Seeds: the fake servers' replies and the hand-written encodings of the
// message tests.

func fuzzReader(data []byte) *reader {
	return &reader{br: bufio.NewReaderSize(bytes.NewReader(data), MaxLine)}
}

// seedScripts adds every server turn of every script for proto.
func seedScripts(f *testing.F, protos ...string) {
	for _, s := range scripts {
		for _, p := range protos {
			if s.proto != p {
				continue
			}
			for _, turns := range [][]turn{s.ok, s.busy, s.notOffered} {
				for _, tr := range turns {
					f.Add([]byte(tr.send))
				}
			}
		}
	}
}

func checkBounds(t *testing.T, r *reader, data []byte) {
	if r.n > len(data) || r.n > MaxReply {
		t.Fatalf("consumed %d bytes of %d (bound %d)", r.n, len(data), MaxReply)
	}
}

func FuzzNumericReply(f *testing.F) {
	seedScripts(f, "smtp", "ftp")
	f.Add([]byte("250-a\r\n250-b\r\n250\r\n"))
	f.Add([]byte("220-x\r\n free text\r\n230 other code\r\n220 end\r\n"))
	f.Add([]byte(strings.Repeat("250-X\r\n", MaxLines+1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := fuzzReader(data)
		rep, err := numericReply(r)
		checkBounds(t, r, data)
		if err != nil {
			return
		}
		if len(rep.code) != 3 || rep.code[0] < '1' || rep.code[0] > '5' || !isDigit(rep.code[1]) || !isDigit(rep.code[2]) {
			t.Fatalf("code %q", rep.code)
		}
		if !strings.HasPrefix(rep.line, rep.code) || len(rep.caps) > MaxLines {
			t.Fatalf("reply %+v", rep)
		}
	})
}

func FuzzIMAPResponse(f *testing.F) {
	seedScripts(f, "imap")
	f.Add([]byte("* OK hi\r\n"))
	f.Add([]byte("* CAPABILITY IMAP4rev1\r\n* BYE\r\na OK\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tag := range []string{"", "a"} {
			r := fuzzReader(data)
			rep, err := imapResponse(tag)(r)
			checkBounds(t, r, data)
			if err != nil {
				continue
			}
			valid := []string{"OK", "NO", "BAD", "BYE"}
			if tag == "" {
				valid = []string{"OK", "PREAUTH", "BYE"}
			}
			if !strings.Contains(" "+strings.Join(valid, " ")+" ", " "+rep.code+" ") {
				t.Fatalf("tag %q: code %q", tag, rep.code)
			}
		}
	})
}

func FuzzXMPPFeatures(f *testing.F) {
	seedScripts(f, "xmpp-client", "xmpp-server")
	f.Add([]byte(xmppAnswer + xmppFeatures + xmppProceed))
	f.Add([]byte(xmppAnswer + "<stream:features><starttls xmlns='jabber:client'/></stream:features>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := fuzzReader(data)
		for range 3 {
			rep, err := xmppElement(r)
			checkBounds(t, r, data)
			if err != nil {
				return
			}
			if rep.code == "" || (rep.code != "features" && len(rep.caps) > 0) {
				t.Fatalf("reply %+v", rep)
			}
		}
	})
}

func FuzzLDAPExtendedResponse(f *testing.F) {
	seedScripts(f, "ldap")
	for _, m := range ldapResponses {
		b, _ := m.marshal()
		f.Add(b)
	}
	f.Add([]byte("\x30\x84\x7f\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := fuzzReader(data)
		if _, err := ldapResponse(r); err == nil && r.n > len(data) {
			t.Fatalf("consumed %d of %d", r.n, len(data))
		}
		var m ldapExtendedResponse
		if !m.unmarshal(data) {
			return
		}
		// Whatever parses re-encodes (as DER) to the same message.
		b, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var again ldapExtendedResponse
		if !again.unmarshal(b) || !reflect.DeepEqual(normLDAP(again), normLDAP(m)) {
			t.Fatalf("%x: %+v re-encodes to %x: %+v", data, m, b, again)
		}
	})
}

func FuzzMySQLHandshake(f *testing.F) {
	seedScripts(f, "mysql")
	for _, m := range mysqlHandshakes {
		b, _ := m.marshal()
		f.Add([]byte(mysqlPacket(0, string(b))))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := fuzzReader(data)
		rep, err := mysqlGreeting(r)
		checkBounds(t, r, data)
		if err == nil && rep.code == "handshake" {
			// The next message is built from it without panicking.
			if got := mysqlSSLRequest(nil, &rep); len(got) != 36 {
				t.Fatalf("SSL request of %d bytes", len(got))
			}
		}
		if len(data) < 4 {
			return
		}
		var m mysqlHandshake
		if !m.unmarshal(data[4:]) {
			return
		}
		b, err := m.marshal()
		if err != nil {
			t.Fatalf("%+v does not marshal: %v", m, err)
		}
		var again mysqlHandshake
		if !again.unmarshal(b) || !reflect.DeepEqual(again, m) {
			t.Fatalf("%+v re-encodes to %x: %+v", m, b, again)
		}
	})
}
