package starttls

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"testing"
)

// The binary messages: round trip, no strict prefix parses, and known
// encodings written out by hand.

var ldapResponses = []ldapExtendedResponse{
	{messageID: 1},
	{messageID: 1, resultCode: 2, diagnosticMessage: []byte("unsupported extended operation")},
	{messageID: 1, resultCode: 0, responseName: []byte(ldapStartTLSOID)},
	{messageID: 0, resultCode: 52, matchedDN: []byte("dc=example,dc=test"), responseName: []byte("1.3.6.1.4.1.1466.20036")},
	{messageID: 1 << 30, resultCode: 53, diagnosticMessage: bytes.Repeat([]byte("x"), 300)},
}

func TestLDAPRequest(t *testing.T) {
	// RFC 4511, Section 4.12 and 4.14.1, encoded by hand.
	want := "301d02010177188016" + hex.EncodeToString([]byte("1.3.6.1.4.1.1466.20037"))
	if got := hex.EncodeToString(ldapStartTLSRequest); got != want {
		t.Errorf("StartTLS request %s, want %s", got, want)
	}
}

func TestLDAPRoundTrip(t *testing.T) {
	for _, m := range ldapResponses {
		b, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var got ldapExtendedResponse
		if !got.unmarshal(b) {
			t.Fatalf("%x does not parse", b)
		}
		if !reflect.DeepEqual(normLDAP(got), normLDAP(m)) {
			t.Errorf("round trip: got %+v, want %+v", got, m)
		}
	}
}

func normLDAP(m ldapExtendedResponse) ldapExtendedResponse {
	if len(m.matchedDN) == 0 {
		m.matchedDN = nil
	}
	if len(m.diagnosticMessage) == 0 {
		m.diagnosticMessage = nil
	}
	return m
}

func TestLDAPNoStrictPrefix(t *testing.T) {
	for _, m := range ldapResponses {
		b, _ := m.marshal()
		for i := range len(b) {
			var got ldapExtendedResponse
			if got.unmarshal(b[:i]) {
				t.Errorf("prefix %x of %x parses", b[:i], b)
			}
		}
	}
}

// TestLDAPBER: what DER forbids and BER (and servers) allow, and what BER
// forbids too.
func TestLDAPBER(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		ok   bool
		code int64
	}{
		{"long-form lengths (Active Directory)", "308400000010020101788400000007" + "0a0100" + "0400" + "0400", true, 0},
		{"non-minimal one-byte long form", "30810d020101788107" + "0a0133" + "0400" + "0400", true, 51},
		{"referral, responseValue and controls", "301c020101" + "7815" + "0a010a" + "0400" + "0400" + "a306" + "0404" + "6c646170" + "8b0400000000" + "a000", true, 10},
		{"fields out of order", "300c0201017807" + "0400" + "0a0100" + "0400", false, 0},
		{"indefinite length", "3080020101780700a01000400040000000", false, 0},
		{"five length bytes", "30850000000010020101", false, 0},
		{"trailing garbage", "300c02010178070a010004000400ff", false, 0},
		{"negative result code", "300c02010178070a01ff04000400", false, 0},
		{"integer too long", "3014020101780f" + "0a09010000000000000000" + "0400" + "0400", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := hex.DecodeString(tc.hex)
			if err != nil {
				t.Fatal(err)
			}
			var m ldapExtendedResponse
			ok := m.unmarshal(b)
			if ok != tc.ok || (ok && m.resultCode != tc.code) {
				t.Errorf("unmarshal = %v, code %d; want %v, %d", ok, m.resultCode, tc.ok, tc.code)
			}
		})
	}
}

var mysqlHandshakes = []mysqlHandshake{
	{serverVersion: "8.0.36", connectionID: 8, authData: []byte("abcdefghijklmnopqrst\x00"), capabilities: mysqlCapsSSL, extended: true, charset: 255, status: 2, authPlugin: "caching_sha2_password"},
	{serverVersion: "5.5.5-10.11.6-MariaDB", connectionID: 1 << 31, authData: []byte("12345678abcdefghijklm"), capabilities: mysqlProtocol41 | mysqlSecureConnection, extended: true, charset: 8},
	{serverVersion: "4.0.27", connectionID: 3, authData: []byte("12345678"), capabilities: mysqlLongPassword | mysqlSSL},
	{serverVersion: "", authData: []byte("12345678"), capabilities: mysqlPluginAuth, extended: true, authPlugin: "mysql_native_password"},
}

func TestMySQLHandshakeRoundTrip(t *testing.T) {
	for _, m := range mysqlHandshakes {
		b, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var got mysqlHandshake
		if !got.unmarshal(b) {
			t.Fatalf("%x does not parse", b)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip: got %+v, want %+v", got, m)
		}
	}
}

// TestMySQLHandshakeKnown: the greeting the fake servers send, written
// field by field from the protocol documentation.
func TestMySQLHandshakeKnown(t *testing.T) {
	p := mysqlGreetingPacket(mysqlCapsSSL)[4:]
	var m mysqlHandshake
	if !m.unmarshal([]byte(p)) {
		t.Fatal("does not parse")
	}
	if !reflect.DeepEqual(m, mysqlHandshakes[0]) {
		t.Errorf("got %+v, want %+v", m, mysqlHandshakes[0])
	}
}

// TestMySQLHandshakeNoStrictPrefix: a prefix parses only where the
// protocol makes the rest optional: right after the lower capability flags
// (a pre-4.1 greeting) and inside the auth plugin name, whose final NUL
// some servers leave out (the packet length frames it).
func TestMySQLHandshakeNoStrictPrefix(t *testing.T) {
	for _, m := range mysqlHandshakes {
		b, _ := m.marshal()
		short := 1 + len(m.serverVersion) + 1 + 4 + 8 + 1 + 2
		for i := range len(b) {
			var got mysqlHandshake
			allowed := i == short || (m.capabilities&mysqlPluginAuth != 0 && i >= len(b)-len(m.authPlugin)-1)
			if got.unmarshal(b[:i]) && !allowed {
				t.Errorf("prefix %x of %x parses", b[:i], b)
			}
		}
	}
}

func TestMySQLError(t *testing.T) {
	for _, m := range []mysqlError{
		{code: 1040, message: "Too many connections"},
		{code: 1045, sqlState: "28000", message: "Access denied"},
		{code: 1},
	} {
		b, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var got mysqlError
		if !got.unmarshal(b) || got != m {
			t.Errorf("round trip: got %+v, want %+v", got, m)
		}
	}
	var m mysqlError
	if m.unmarshal([]byte{0xff, 0x10}) {
		t.Error("two-byte error packet parses")
	}
}

func TestMySQLSSLRequest(t *testing.T) {
	prev := &reply{raw: []byte(mysqlGreetingPacket(mysqlCapsSSL))}
	if got := string(mysqlSSLRequest(nil, prev)); got != mysqlSSLRequestBytes {
		t.Errorf("SSL request %x, want %x", got, mysqlSSLRequestBytes)
	}
	// A pre-4.1 greeting has no charset: utf8_general_ci (33).
	old, _ := (&mysqlHandshakes[2]).marshal()
	prev = &reply{raw: []byte(mysqlPacket(3, string(old)))}
	got := mysqlSSLRequest(nil, prev)
	if got[3] != 4 || got[12] != 33 || len(got) != 36 {
		t.Errorf("SSL request %x: want sequence 4, charset 33, 36 bytes", got)
	}
}

func TestPostgresFields(t *testing.T) {
	f, ok := parsePostgresFields([]byte("SFATAL\x00C53300\x00Mtoo many\x00\x00"))
	if !ok || f['C'] != "53300" || f['M'] != "too many" || f['S'] != "FATAL" {
		t.Errorf("got %v, %v", f, ok)
	}
	for _, bad := range []string{"", "SFATAL\x00", "SFATAL", "SFATAL\x00\x00x"} {
		if _, ok := parsePostgresFields([]byte(bad)); ok {
			t.Errorf("%q parses", bad)
		}
	}
}
