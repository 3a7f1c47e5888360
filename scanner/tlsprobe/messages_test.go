package tlsprobe

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/crypto/cryptobyte"
)

// -update rewrites the golden files under testdata/flights (the golden
// ClientHello, and the recorded server flights: see record_test.go), like
// crypto/tls handshake_test.go. Defined here unless another test file of
// the package already did, so the flag can be shared.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// codecMessage is what every message type of messages.go implements.
type codecMessage interface {
	marshal() ([]byte, error)
	unmarshal([]byte) bool
}

func testRandom(seed byte) []byte {
	r := make([]byte, 32)
	for i := range r {
		r[i] = seed + byte(i)
	}
	return r
}

// fullClientHello sets every field; its natural size is in the padding
// range, so pad round-trips.
func fullClientHello() *clientHello {
	return &clientHello{
		vers:                         0x0303,
		random:                       testRandom(0),
		sessionID:                    testRandom(0x40),
		cipherSuites:                 []uint16{0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009E, 0x00FF},
		compressionMethods:           []uint8{1, 0},
		serverName:                   "example.test",
		maxFragmentLength:            4,
		statusRequest:                true,
		supportedGroups:              []uint16{0x001D, 0x0017, 0x0018, 0x0100},
		ecPointFormats:               []uint8{0, 1, 2},
		signatureAlgorithms:          []uint16{0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0201},
		signatureAlgorithmsCert:      []uint16{0x0403, 0x0401},
		alpnProtocols:                []string{"h2", "http/1.1"},
		scts:                         true,
		extendedMasterSecret:         true,
		encryptThenMAC:               true,
		sessionTicket:                true,
		sessionTicketData:            []byte("ticket"),
		secureRenegotiationSupported: true,
		secureRenegotiation:          []byte{1, 2, 3, 4},
		heartbeat:                    true,
		supportedVersions:            []uint16{0x0304, 0x0303},
		cookie:                       []byte("cookie"),
		keyShareExt:                  true,
		keyShares:                    []keyShare{{group: 0x001D, data: bytes.Repeat([]byte{0xAA}, 32)}, {group: 0x0017, data: bytes.Repeat([]byte{0xBB}, 65)}},
		pskModes:                     []uint8{1},
		earlyData:                    true,
		extraExtensions:              []extension{{typ: 0x0A0A}, {typ: 0x001B, data: []byte{2, 0, 2}}},
		pad:                          true,
	}
}

func minimalClientHello() *clientHello {
	return &clientHello{vers: 0x0300, random: testRandom(1), cipherSuites: []uint16{0x000A}, compressionMethods: []uint8{0}}
}

// roundTripCases are valid messages whose unmarshal gives them back.
func roundTripCases() []struct {
	name string
	msg  codecMessage
	zero func() codecMessage
} {
	ch := func() codecMessage { return new(clientHello) }
	sh := func() codecMessage { return new(serverHello) }
	cert := func() codecMessage { return new(certificateMsg) }
	cert13 := func() codecMessage { return new(certificateMsgTLS13) }
	return []struct {
		name string
		msg  codecMessage
		zero func() codecMessage
	}{
		{"ClientHello full", fullClientHello(), ch},
		{"ClientHello minimal", minimalClientHello(), ch},
		{"ClientHello empty lists", &clientHello{
			vers: 0x0303, random: testRandom(2), sessionID: []byte{7}, cipherSuites: []uint16{},
			compressionMethods: []uint8{0}, supportedGroups: []uint16{}, ecPointFormats: []uint8{},
			signatureAlgorithms: []uint16{}, signatureAlgorithmsCert: []uint16{}, alpnProtocols: []string{},
			supportedVersions: []uint16{}, cookie: []byte{}, keyShareExt: true, pskModes: []uint8{},
			sessionTicket: true, secureRenegotiationSupported: true,
		}, ch},
		{"ServerHello TLS 1.2", &serverHello{
			vers: 0x0303, random: testRandom(3), sessionID: testRandom(4), cipherSuite: 0xC02F,
			extensions:                   []uint16{extServerName, extRenegotiationInfo, extExtendedMasterSecret, extEncryptThenMAC, extSessionTicket, extStatusRequest, extSCT, extHeartbeat, extALPN, extSupportedPoints, extMaxFragmentLength, 0x1234},
			secureRenegotiationSupported: true, extendedMasterSecret: true, encryptThenMAC: true,
			sessionTicket: true, ocspStapling: true, scts: true, sctList: [][]byte{{1, 2}, {3}},
			heartbeatMode: 1, alpnProtocol: "h2", ecPointFormats: []uint8{0}, maxFragmentLength: 4,
		}, sh},
		{"ServerHello TLS 1.2 few extensions", &serverHello{
			vers: 0x0303, random: testRandom(5), cipherSuite: 0x009E,
			extensions:                   []uint16{extRenegotiationInfo, extSupportedPoints, extExtendedMasterSecret},
			secureRenegotiationSupported: true, ecPointFormats: []uint8{0}, extendedMasterSecret: true,
		}, sh},
		{"ServerHello TLS 1.3", &serverHello{
			vers: 0x0303, random: testRandom(6), sessionID: testRandom(7), cipherSuite: 0x1301,
			extensions:       []uint16{extSupportedVersions, extKeyShare, extPreSharedKey},
			supportedVersion: 0x0304, serverShare: keyShare{group: 0x001D, data: bytes.Repeat([]byte{9}, 32)},
			selectedIdentityPresent: true, selectedIdentity: 2,
		}, sh},
		{"HelloRetryRequest", &serverHello{
			vers: 0x0303, random: helloRetryRequestRandom, sessionID: testRandom(8), cipherSuite: 0x1302,
			extensions:       []uint16{extSupportedVersions, extKeyShare, extCookie},
			supportedVersion: 0x0304, selectedGroup: 0x001D, cookie: []byte("hrr cookie"),
		}, sh},
		{"ServerHello SSLv3", &serverHello{vers: 0x0300, random: testRandom(9), sessionID: testRandom(10), cipherSuite: 0x000A}, sh},
		{"ServerHello empty extensions block", &serverHello{vers: 0x0301, random: testRandom(11), cipherSuite: 0x002F, compressionMethod: 1, extensions: []uint16{}}, sh},
		{"Certificate", &certificateMsg{certificates: [][]byte{bytes.Repeat([]byte{1}, 300), {2}}}, cert},
		{"Certificate empty", &certificateMsg{}, cert},
		{"Certificate TLS 1.3", &certificateMsgTLS13{entries: []certificateEntry{
			{data: bytes.Repeat([]byte{1}, 300), ocspStaple: []byte("ocsp"), scts: [][]byte{{1}, {2, 3}}, extensions: []uint16{extSCT, 0x4444, extStatusRequest}},
			{data: []byte{2}},
		}}, cert13},
		{"Certificate TLS 1.3 context", &certificateMsgTLS13{requestContext: []byte{5, 6}}, cert13},
		{"CertificateStatus", &certificateStatusMsg{response: []byte("ocsp response")}, func() codecMessage { return new(certificateStatusMsg) }},
		{"ServerKeyExchange", &serverKeyExchangeMsg{key: []byte{3, 0, 0x1D, 1, 4}}, func() codecMessage { return new(serverKeyExchangeMsg) }},
		{"ServerHelloDone", &serverHelloDoneMsg{}, func() codecMessage { return new(serverHelloDoneMsg) }},
		{"CertificateRequest TLS 1.2", &certificateRequestMsg{vers: 0x0303, certificateTypes: []uint8{1, 64},
			signatureAlgorithms: []uint16{0x0403, 0x0804}, certificateAuthorities: [][]byte{bytes.Repeat([]byte{0x30}, 40), {0x30, 0}}},
			func() codecMessage { return &certificateRequestMsg{vers: 0x0303} }},
		{"CertificateRequest TLS 1.2 no CAs", &certificateRequestMsg{vers: 0x0303, certificateTypes: []uint8{1}, signatureAlgorithms: []uint16{0x0401}},
			func() codecMessage { return &certificateRequestMsg{vers: 0x0303} }},
		{"CertificateRequest TLS 1.0", &certificateRequestMsg{vers: 0x0301, certificateTypes: []uint8{1, 2}, certificateAuthorities: [][]byte{{0x30, 3, 1, 2, 3}}},
			func() codecMessage { return &certificateRequestMsg{vers: 0x0301} }},
		{"NewSessionTicket TLS 1.2", &newSessionTicketMsg{lifetimeHint: 7200, ticket: bytes.Repeat([]byte{0xAB}, 160)}, func() codecMessage { return new(newSessionTicketMsg) }},
		{"NewSessionTicket TLS 1.2 empty", &newSessionTicketMsg{}, func() codecMessage { return new(newSessionTicketMsg) }},
		{"ClientKeyExchange TLS 1.2", &clientKeyExchangeMsg{vers: 0x0303, encryptedPMS: bytes.Repeat([]byte{0x5A}, 256)},
			func() codecMessage { return &clientKeyExchangeMsg{vers: 0x0303} }},
		{"ClientKeyExchange SSLv3", &clientKeyExchangeMsg{vers: 0x0300, encryptedPMS: bytes.Repeat([]byte{0xA5}, 128)},
			func() codecMessage { return &clientKeyExchangeMsg{vers: 0x0300} }},
	}
}

// TestMessageRoundTrip and TestMessageNoStrictPrefixParses cover the
// messages of messages.go and of messages13.go.
func TestMessageRoundTrip(t *testing.T) {
	for _, tc := range append(roundTripCases(), roundTripCases13()...) {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.msg.marshal()
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			got := tc.zero()
			if !got.unmarshal(data) {
				t.Fatalf("unmarshal failed on %x", data)
			}
			if !reflect.DeepEqual(got, tc.msg) {
				t.Errorf("round trip mismatch\n got %#v\nwant %#v", got, tc.msg)
			}
			again, err := got.marshal()
			if err != nil || !bytes.Equal(again, data) {
				t.Errorf("re-marshal differs (%v):\n%x\n%x", err, again, data)
			}
		})
	}
}

func TestMessageNoStrictPrefixParses(t *testing.T) {
	for _, tc := range append(roundTripCases(), roundTripCases13()...) {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.msg.marshal()
			if err != nil {
				t.Fatal(err)
			}
			for i := range len(data) {
				if tc.zero().unmarshal(data[:i]) {
					t.Fatalf("prefix of %d/%d bytes parsed", i, len(data))
				}
			}
			if tc.zero().unmarshal(append(data[:len(data):len(data)], 0)) {
				t.Fatal("a trailing byte parsed")
			}
		})
	}
}

func TestMessageWrongType(t *testing.T) {
	sh, _ := (&serverHello{vers: 0x0303, random: testRandom(0)}).marshal()
	if new(clientHello).unmarshal(sh) {
		t.Error("a ServerHello parsed as a ClientHello")
	}
	done, _ := (&serverHelloDoneMsg{}).marshal()
	if new(certificateStatusMsg).unmarshal(done) || new(serverKeyExchangeMsg).unmarshal(done) {
		t.Error("a ServerHelloDone parsed as another message")
	}
}

func TestMessageDuplicateExtensions(t *testing.T) {
	for _, exts := range [][]uint16{
		{extExtendedMasterSecret, extExtendedMasterSecret},
		{0x1234, extRenegotiationInfo, 0x1234},
		{extKeyShare, extSupportedVersions, extKeyShare},
	} {
		m := &serverHello{vers: 0x0303, random: testRandom(0), extensions: exts, supportedVersion: 0x0304,
			serverShare: keyShare{group: 0x001D, data: []byte{1}}}
		data, err := m.marshal()
		if err != nil {
			t.Fatal(err)
		}
		if new(serverHello).unmarshal(data) {
			t.Errorf("ServerHello with extensions %v parsed", exts)
		}
	}

	ch := minimalClientHello()
	ch.extendedMasterSecret = true
	ch.extraExtensions = []extension{{typ: extExtendedMasterSecret}}
	data, err := ch.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if new(clientHello).unmarshal(data) {
		t.Error("ClientHello with two extended_master_secret parsed")
	}
	ch.extendedMasterSecret = false
	ch.extraExtensions = []extension{{typ: 0x0A0A}, {typ: 0x0A0A, data: []byte{1}}}
	data, _ = ch.marshal()
	if new(clientHello).unmarshal(data) {
		t.Error("ClientHello with two unknown extensions of one type parsed")
	}

	cert := &certificateMsgTLS13{entries: []certificateEntry{{data: []byte{1}, extensions: []uint16{0x4444, 0x4444}}}}
	data, _ = cert.marshal()
	if new(certificateMsgTLS13).unmarshal(data) {
		t.Error("CertificateEntry with duplicate extensions parsed")
	}
}

func TestServerHelloDefaultExtensionOrder(t *testing.T) {
	m := &serverHello{vers: 0x0303, random: testRandom(0), cipherSuite: 0xC02F,
		secureRenegotiationSupported: true, extendedMasterSecret: true, alpnProtocol: "h2",
		ecPointFormats: []uint8{0}}
	data, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	var got serverHello
	if !got.unmarshal(data) {
		t.Fatal("unmarshal failed")
	}
	want := []uint16{extRenegotiationInfo, extSupportedPoints, extALPN, extExtendedMasterSecret}
	if !reflect.DeepEqual(got.extensions, want) {
		t.Errorf("extensions = %v, want %v", got.extensions, want)
	}
	if !got.secureRenegotiationSupported || !got.extendedMasterSecret || got.alpnProtocol != "h2" {
		t.Errorf("fields lost: %#v", got)
	}
}

func TestServerHelloKeyShareForms(t *testing.T) {
	// A 2-byte key_share is a HelloRetryRequest's; in a ServerHello it is
	// malformed, and a full share is malformed in a HelloRetryRequest.
	short := &serverHello{vers: 0x0303, random: helloRetryRequestRandom, extensions: []uint16{extKeyShare}, selectedGroup: 0x0017}
	data, _ := short.marshal()
	var m serverHello
	if !m.unmarshal(data) || !m.isHelloRetryRequest() || m.selectedGroup != 0x0017 {
		t.Fatalf("HelloRetryRequest: %#v", m)
	}
	data[6] ^= 0xFF // no longer the HelloRetryRequest random
	if m.unmarshal(data) {
		t.Error("2-byte key_share parsed in a ServerHello")
	}
	full := &serverHello{vers: 0x0303, random: testRandom(0), extensions: []uint16{extKeyShare}, serverShare: keyShare{group: 0x001D, data: []byte{1, 2}}}
	data, _ = full.marshal()
	copy(data[6:], helloRetryRequestRandom)
	if m.unmarshal(data) {
		t.Error("full key_share parsed in a HelloRetryRequest")
	}
}

func TestClientHelloPadding(t *testing.T) {
	seen := map[string]bool{}
	for nSuites := 0; nSuites < 300; nSuites++ {
		for sid := range 2 {
			for _, withExts := range []bool{true, false} {
				m := &clientHello{vers: 0x0303, random: testRandom(0), sessionID: make([]byte, sid), compressionMethods: []uint8{0}}
				for i := range nSuites {
					m.cipherSuites = append(m.cipherSuites, uint16(0x0100+i))
				}
				if withExts {
					m.serverName = "pad.test"
					m.supportedGroups = []uint16{0x001D}
				}
				natural, err := m.marshal()
				if err != nil {
					t.Fatal(err)
				}
				m.pad = true
				padded, err := m.marshal()
				if err != nil {
					t.Fatal(err)
				}
				n := len(natural)
				switch {
				case n < padMin || n >= padTarget:
					seen["outside"] = true
					if !bytes.Equal(padded, natural) {
						t.Fatalf("natural size %d: padding changed the hello", n)
					}
				case n+4+2*btoi(!withExts) <= padTarget:
					seen["exact"] = true
					if len(padded) != padTarget {
						t.Fatalf("natural size %d (extensions %v): padded to %d, want %d", n, withExts, len(padded), padTarget)
					}
				default:
					// Even an empty padding extension overshoots 511.
					seen["overshoot"] = true
					if len(padded) < padTarget || len(padded) > padTarget+6 {
						t.Fatalf("natural size %d: padded to %d", n, len(padded))
					}
				}
				var back clientHello
				if !back.unmarshal(padded) {
					t.Fatalf("natural size %d: padded hello does not parse", n)
				}
				if back.pad != (len(padded) != n) {
					t.Fatalf("natural size %d: parsed pad = %v", n, back.pad)
				}
			}
		}
	}
	for _, k := range []string{"outside", "exact", "overshoot"} {
		if !seen[k] {
			t.Errorf("no case %s", k)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestClientHelloPaddingBeforePreSharedKey(t *testing.T) {
	m := minimalClientHello()
	m.cipherSuites = make([]uint16, 150)
	m.extraExtensions = []extension{{typ: 0x0A0A}, {typ: extPreSharedKey, data: []byte{0, 1, 2}}}
	m.pad = true
	data, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != padTarget {
		t.Fatalf("padded to %d", len(data))
	}
	var back clientHello
	if !back.unmarshal(data) || !back.pad || !reflect.DeepEqual(back.extraExtensions, m.extraExtensions) {
		t.Fatalf("parsed %#v", back)
	}
	// The wire ends with pre_shared_key: type, length 3, data.
	if tail := data[len(data)-7:]; !bytes.Equal(tail, []byte{0, 41, 0, 3, 0, 1, 2}) {
		t.Errorf("hello ends with %x", tail)
	}
}

func TestClientHelloMarshalErrors(t *testing.T) {
	m := minimalClientHello()
	m.random = m.random[:31]
	if _, err := m.marshal(); err == nil {
		t.Error("31-byte random marshaled")
	}
	m = minimalClientHello()
	m.sessionID = make([]byte, 256)
	if _, err := m.marshal(); err == nil {
		t.Error("256-byte session ID marshaled")
	}
}

// goldenClientHello is a TLS 1.3 probe hello with fixed randomness.
func goldenClientHello() *clientHello {
	return &clientHello{
		vers:      0x0303,
		random:    testRandom(0x10),
		sessionID: testRandom(0x80),
		cipherSuites: []uint16{0x1301, 0x1302, 0x1303, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8, 0xCCAA,
			0xC02B, 0xC02F, 0x009E, 0xC024, 0xC028, 0x006B, 0xC023, 0xC027, 0x0067, 0xC00A, 0xC014,
			0x0039, 0xC009, 0xC013, 0x0033, 0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F, 0x00FF},
		serverName:                   "localhost",
		statusRequest:                true,
		supportedGroups:              []uint16{0x001D, 0x0017, 0x0018, 0x0019},
		signatureAlgorithms:          []uint16{0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601},
		ecPointFormats:               []uint8{0},
		alpnProtocols:                []string{"h2", "http/1.1"},
		scts:                         true,
		extendedMasterSecret:         true,
		sessionTicket:                true,
		secureRenegotiationSupported: true,
		supportedVersions:            []uint16{0x0304, 0x0303},
		keyShareExt:                  true,
		pskModes:                     []uint8{1},
		pad:                          true,
	}
}

func TestClientHelloGolden(t *testing.T) {
	data, err := goldenClientHello().marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "flights", "clienthello_golden.bin")
	if updating() {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("ClientHello bytes changed (run with -update if intended)\n got %x\nwant %x", data, want)
	}
	if len(data) != padTarget {
		t.Errorf("golden hello is %d bytes, want it padded to %d", len(data), padTarget)
	}
}

func TestMessageAlert(t *testing.T) {
	a := alert{level: alertLevelFatal, description: 40}
	data := a.marshal()
	var b alert
	if !b.unmarshal(data) || b != a {
		t.Fatalf("round trip: %v", b)
	}
	for i := range len(data) {
		if new(alert).unmarshal(data[:i]) {
			t.Errorf("prefix %d parsed", i)
		}
	}
	if new(alert).unmarshal([]byte{2, 40, 0}) {
		t.Error("3 bytes parsed")
	}
	for desc, want := range map[uint8]string{40: "handshake_failure", 70: "protocol_version", 112: "unrecognized_name", 200: "0xC8"} {
		if got := alertName(desc); got != want {
			t.Errorf("alertName(%d) = %q, want %q", desc, got, want)
		}
	}
}

// skeCases are ServerKeyExchange bodies built independently of the
// marshal methods, with what the parsers must find in them.
type skeCase struct {
	name   string
	body   []byte
	vers   uint16
	signed bool
	parse  func(key []byte, vers uint16, signed bool) (any, bool)
	want   any
	remake func(p any, vers uint16, signed bool) ([]byte, error)
}

func parseECDHEAny(key []byte, vers uint16, signed bool) (any, bool) {
	return parseECDHEParams(key, vers, signed)
}
func parseDHEAny(key []byte, vers uint16, signed bool) (any, bool) {
	return parseDHEParams(key, vers, signed)
}
func parseRSAExportAny(key []byte, vers uint16, _ bool) (any, bool) {
	return parseRSAExportParams(key, vers)
}
func remakeECDHE(p any, vers uint16, signed bool) ([]byte, error) {
	return p.(ecdheParams).marshal(vers, signed)
}
func remakeDHE(p any, vers uint16, signed bool) ([]byte, error) {
	return p.(dheParams).marshal(vers, signed)
}
func remakeRSAExport(p any, vers uint16, _ bool) ([]byte, error) {
	return p.(rsaExportParams).marshal(vers)
}

func skeCases() []skeCase {
	point := bytes.Repeat([]byte{4}, 65)
	sig := bytes.Repeat([]byte{0x5A}, 72)
	ecdhe := func(vers uint16, signed bool) []byte {
		var b cryptobyte.Builder
		b.AddUint8(3)
		b.AddUint16(0x0017)
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(point) })
		if signed {
			if vers >= 0x0303 {
				b.AddUint16(0x0403)
			}
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(sig) })
		}
		return b.BytesOrPanic()
	}
	p, g, ys := bytes.Repeat([]byte{0xFF}, 256), []byte{2}, bytes.Repeat([]byte{0x33}, 256)
	dhe := func(vers uint16, signed bool) []byte {
		var b cryptobyte.Builder
		for _, v := range [][]byte{p, g, ys} {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(v) })
		}
		if signed {
			if vers >= 0x0303 {
				b.AddUint16(0x0401)
			}
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(sig) })
		}
		return b.BytesOrPanic()
	}
	mod, exp := bytes.Repeat([]byte{0xC1}, 64), []byte{1, 0, 1}
	rsa := func(vers uint16) []byte {
		var b cryptobyte.Builder
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(mod) })
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(exp) })
		if vers >= 0x0303 {
			b.AddUint16(0x0201)
		}
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(sig) })
		return b.BytesOrPanic()
	}
	return []skeCase{
		{"ECDHE TLS 1.2", ecdhe(0x0303, true), 0x0303, true, parseECDHEAny,
			ecdheParams{curveType: 3, group: 0x0017, point: point, sigScheme: 0x0403, signature: sig}, remakeECDHE},
		{"ECDHE TLS 1.0", ecdhe(0x0301, true), 0x0301, true, parseECDHEAny,
			ecdheParams{curveType: 3, group: 0x0017, point: point, signature: sig}, remakeECDHE},
		{"ECDHE anonymous", ecdhe(0x0303, false), 0x0303, false, parseECDHEAny,
			ecdheParams{curveType: 3, group: 0x0017, point: point}, remakeECDHE},
		{"DHE TLS 1.2", dhe(0x0303, true), 0x0303, true, parseDHEAny,
			dheParams{p: p, g: g, ys: ys, sigScheme: 0x0401, signature: sig}, remakeDHE},
		{"DHE SSLv3", dhe(0x0300, true), 0x0300, true, parseDHEAny,
			dheParams{p: p, g: g, ys: ys, signature: sig}, remakeDHE},
		{"DHE anonymous", dhe(0x0301, false), 0x0301, false, parseDHEAny,
			dheParams{p: p, g: g, ys: ys}, remakeDHE},
		{"RSA export TLS 1.0", rsa(0x0301), 0x0301, true, parseRSAExportAny,
			rsaExportParams{modulus: mod, exponent: exp, signature: sig}, remakeRSAExport},
		{"RSA export TLS 1.2", rsa(0x0303), 0x0303, true, parseRSAExportAny,
			rsaExportParams{modulus: mod, exponent: exp, sigScheme: 0x0201, signature: sig}, remakeRSAExport},
	}
}

func TestMessageServerKeyExchangeParams(t *testing.T) {
	for _, tc := range skeCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.parse(tc.body, tc.vers, tc.signed)
			if !ok || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parse = %#v, %v; want %#v", got, ok, tc.want)
			}
			again, err := tc.remake(got, tc.vers, tc.signed)
			if err != nil || !bytes.Equal(again, tc.body) {
				t.Errorf("marshal = %x, %v; want %x", again, err, tc.body)
			}
			for i := range len(tc.body) {
				if _, ok := tc.parse(tc.body[:i], tc.vers, tc.signed); ok {
					t.Fatalf("prefix of %d/%d bytes parsed", i, len(tc.body))
				}
			}
			if _, ok := tc.parse(append(tc.body[:len(tc.body):len(tc.body)], 0), tc.vers, tc.signed); ok {
				t.Error("a trailing byte parsed")
			}
		})
	}
}

func TestMessageServerKeyExchangeVersionMatters(t *testing.T) {
	// A TLS 1.2 body read as TLS 1.0 takes the algorithm for a length.
	for _, tc := range skeCases() {
		if !tc.signed {
			continue
		}
		other := uint16(0x0303)
		if tc.vers >= 0x0303 {
			other = 0x0301
		}
		if _, ok := tc.parse(tc.body, other, true); ok {
			t.Errorf("%s parsed with version %04x", tc.name, other)
		}
	}
}

func TestMessageECDHEExplicitCurve(t *testing.T) {
	for _, curveType := range []uint8{1, 2} {
		body := []byte{curveType, 1, 0xFF, 1, 1, 1, 1}
		p, ok := parseECDHEParams(body, 0x0303, false)
		if ok || p.curveType != curveType {
			t.Errorf("explicit curve %d: ok=%v curveType=%d", curveType, ok, p.curveType)
		}
	}
	if _, err := (ecdheParams{curveType: 1}).marshal(0x0303, false); err == nil {
		t.Error("explicit curve marshaled")
	}
}

// TestHelloRetryRequestRandom checks the magic against its definition.
func TestHelloRetryRequestRandom(t *testing.T) {
	if want := sha256.Sum256([]byte("HelloRetryRequest")); !bytes.Equal(helloRetryRequestRandom, want[:]) {
		t.Errorf("helloRetryRequestRandom = %x, want %x", helloRetryRequestRandom, want)
	}
}
