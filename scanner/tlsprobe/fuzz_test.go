package tlsprobe

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// The fuzz targets feed hostile bytes to every parser: none may panic, and
// whatever parses must marshal back to something that parses to the same
// message. Seeds: the recorded flights of testdata/flights and the
// messages of the round-trip tests.

// flightFiles returns the recorded server flights.
func flightFiles(f *testing.F) [][]byte {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "flights", "*.bin"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		if strings.HasPrefix(filepath.Base(p), "clienthello") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		f.Fatal("no recorded flights in testdata/flights")
	}
	return out
}

// flightMessages returns the handshake messages of type typ in the
// recorded flights.
func flightMessages(f *testing.F, typ uint8) [][]byte {
	var out [][]byte
	for _, data := range flightFiles(f) {
		types, msgs, _ := readRecordedFlight(data)
		for i, t := range types {
			if t == typ {
				out = append(out, msgs[i])
			}
		}
	}
	return out
}

// checkRoundTrip re-marshals a parsed message and parses it again.
func checkRoundTrip(t *testing.T, m codecMessage, zero codecMessage, normalize func(codecMessage)) {
	out, err := m.marshal()
	if err != nil {
		t.Fatalf("parsed %#v does not marshal: %v", m, err)
	}
	if !zero.unmarshal(out) {
		t.Fatalf("re-marshaled %x does not parse", out)
	}
	if normalize != nil {
		normalize(m)
		normalize(zero)
	}
	if !reflect.DeepEqual(m, zero) {
		t.Fatalf("round trip changed the message\nfirst  %#v\nsecond %#v", m, zero)
	}
}

func FuzzServerHello(f *testing.F) {
	for _, msg := range flightMessages(f, typeServerHello) {
		f.Add(msg)
	}
	seedCases[*serverHello](f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m serverHello
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(serverHello), nil)
		}
	})
}

func FuzzClientHello(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "flights", "clienthello_golden.bin"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	seedCases[*clientHello](f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m clientHello
		if m.unmarshal(data) {
			// Padding depends on the size, which a round trip may change.
			clearPad := func(m codecMessage) { m.(*clientHello).pad = false }
			checkRoundTrip(t, &m, new(clientHello), clearPad)
		}
	})
}

func FuzzCertificate(f *testing.F) {
	for _, msg := range flightMessages(f, typeCertificate) {
		f.Add(msg)
	}
	seedCases[*certificateMsg](f)
	seedCases[*certificateMsgTLS13](f)
	seedCases[*certificateStatusMsg](f)
	for _, msg := range flightMessages(f, typeCertificateStatus) {
		f.Add(msg)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m certificateMsg
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(certificateMsg), nil)
		}
		var m13 certificateMsgTLS13
		if m13.unmarshal(data) {
			checkRoundTrip(t, &m13, new(certificateMsgTLS13), nil)
		}
		var cs certificateStatusMsg
		if cs.unmarshal(data) {
			checkRoundTrip(t, &cs, new(certificateStatusMsg), nil)
		}
	})
}

func FuzzServerKeyExchange(f *testing.F) {
	for _, msg := range flightMessages(f, typeServerKeyExchange) {
		var m serverKeyExchangeMsg
		if m.unmarshal(msg) {
			f.Add(m.key)
		}
	}
	for _, tc := range skeCases() {
		f.Add(tc.body)
	}
	f.Fuzz(func(t *testing.T, key []byte) {
		// Every parser, both ways of signing, with and without a
		// SignatureAndHashAlgorithm. What parses is canonical: it must
		// marshal back to the same bytes.
		for _, vers := range []uint16{0x0301, 0x0303} {
			for _, signed := range []bool{true, false} {
				if p, ok := parseECDHEParams(key, vers, signed); ok {
					if out, err := p.marshal(vers, signed); err != nil || !bytes.Equal(out, key) {
						t.Fatalf("ECDHE %04x %v: remarshal %x, %v", vers, signed, out, err)
					}
				}
				if p, ok := parseDHEParams(key, vers, signed); ok {
					if out, err := p.marshal(vers, signed); err != nil || !bytes.Equal(out, key) {
						t.Fatalf("DHE %04x %v: remarshal %x, %v", vers, signed, out, err)
					}
				}
			}
			if p, ok := parseRSAExportParams(key, vers); ok {
				if out, err := p.marshal(vers); err != nil || !bytes.Equal(out, key) {
					t.Fatalf("RSA export %04x: remarshal %x, %v", vers, out, err)
				}
			}
		}
	})
}

func FuzzRecordReader(f *testing.F) {
	for _, data := range flightFiles(f) {
		f.Add(data)
	}
	var buf bytes.Buffer
	for _, tc := range roundTripCases() {
		data, _ := tc.msg.marshal()
		writeRecords(&buf, recordHandshake, 0x0303, data)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		rr := newRecordReader(bytes.NewReader(data))
		for {
			typ, msg, err := rr.readHandshake()
			if err != nil {
				return
			}
			if len(msg) < 4 || msg[0] != typ || len(msg)-4 != int(msg[1])<<16|int(msg[2])<<8|int(msg[3]) {
				t.Fatalf("readHandshake returned a bad message: type %d, %x", typ, msg)
			}
			switch typ {
			case typeClientHello:
				new(clientHello).unmarshal(msg)
			case typeServerHello:
				new(serverHello).unmarshal(msg)
			case typeCertificate:
				new(certificateMsg).unmarshal(msg)
				new(certificateMsgTLS13).unmarshal(msg)
			case typeServerKeyExchange:
				var m serverKeyExchangeMsg
				if m.unmarshal(msg) {
					for _, vers := range []uint16{0x0300, 0x0303} {
						parseECDHEParams(m.key, vers, true)
						parseDHEParams(m.key, vers, true)
						parseRSAExportParams(m.key, vers)
					}
				}
			case typeCertificateStatus:
				new(certificateStatusMsg).unmarshal(msg)
			case typeServerHelloDone:
				new(serverHelloDoneMsg).unmarshal(msg)
			}
		}
	})
}

func FuzzSSLv2(f *testing.F) {
	for _, m := range []*sslv2ClientHello{
		{vers: 0x0002, cipherSpecs: testSSLv2Kinds, challenge: testRandom(1)[:16]},
		{vers: 0x0301, cipherSpecs: []uint32{0x00002F}, sessionID: testRandom(2)[:16], challenge: testRandom(3)},
	} {
		data, _ := m.marshal()
		f.Add(data)
	}
	for _, m := range []codecMessage{
		&sslv2ServerHello{certType: 1, vers: 2, certificate: []byte{0x30, 0}, cipherSpecs: testSSLv2Kinds, connectionID: testRandom(4)[:16]},
		&sslv2Error{code: sslv2NoCipherError},
	} {
		body, _ := m.marshal()
		rec, _ := sslv2Record(body)
		f.Add(rec)
	}
	f.Add([]byte{0x00, 5, 2, 0, 0, 1, 0xEE, 0xEE})
	f.Fuzz(func(t *testing.T, data []byte) {
		var ch sslv2ClientHello
		if ch.unmarshal(data) {
			if out, err := ch.marshal(); err != nil || !bytes.Equal(out, data) {
				t.Fatalf("CLIENT-HELLO remarshal %x, %v", out, err)
			}
		}
		body, err := readSSLv2Record(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(body) > sslv2MaxBody {
			t.Fatalf("%d-byte body", len(body))
		}
		var sh sslv2ServerHello
		if sh.unmarshal(body) {
			if out, err := sh.marshal(); err != nil || !bytes.Equal(out, body) {
				t.Fatalf("SERVER-HELLO remarshal %x, %v", out, err)
			}
		}
		var e sslv2Error
		if e.unmarshal(body) {
			if out, err := e.marshal(); err != nil || !bytes.Equal(out, body) {
				t.Fatalf("ERROR remarshal %x, %v", out, err)
			}
		}
	})
}

func FuzzCertificateRequest(f *testing.F) {
	for _, msg := range flightMessages(f, typeCertificateRequest) {
		f.Add(msg)
	}
	seedCases[*certificateRequestMsg](f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, vers := range []uint16{0x0301, 0x0303} {
			m := certificateRequestMsg{vers: vers}
			if m.unmarshal(data) {
				checkRoundTrip(t, &m, &certificateRequestMsg{vers: vers}, nil)
			}
		}
	})
}

func FuzzNewSessionTicket12(f *testing.F) {
	for _, msg := range flightMessages(f, typeNewSessionTicket) {
		f.Add(msg)
	}
	seedCases[*newSessionTicketMsg](f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m newSessionTicketMsg
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(newSessionTicketMsg), nil)
		}
	})
}

// FuzzClientKeyExchange: the ClientKeyExchange the ROBOT probe sends and
// the fake server reads, in both of its encodings.
func FuzzClientKeyExchange(f *testing.F) {
	seedCases[*clientKeyExchangeMsg](f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, vers := range []uint16{0x0300, 0x0303} {
			m := clientKeyExchangeMsg{vers: vers}
			if m.unmarshal(data) {
				checkRoundTrip(t, &m, &clientKeyExchangeMsg{vers: vers}, nil)
			}
		}
	})
}

// sinkConn is a net.Conn that takes every write and no deadline: the
// known-flaw probes read the server's side from a separate reader.
type sinkConn struct{ net.Conn }

func (sinkConn) Write(b []byte) (int, error)     { return len(b), nil }
func (sinkConn) SetReadDeadline(time.Time) error { return nil }
func (sinkConn) SetDeadline(time.Time) error     { return nil }

// FuzzFlawReplies: whatever a server sends after its flight, the CCS
// injection and Heartbleed probes return a fact without panicking (and a
// ROBOT try an answer or a reason), and
// call the server vulnerable only for the answers that mean it.
func FuzzFlawReplies(f *testing.F) {
	rec := func(typ uint8, body ...byte) []byte {
		return append([]byte{typ, 3, 3, byte(len(body) >> 8), byte(len(body))}, body...)
	}
	f.Add(rec(recordAlert, 2, alertUnexpected))
	f.Add(rec(recordAlert, 2, alertBadRecordMAC))
	f.Add(append(rec(recordHeartbeat, append([]byte{heartbeatResponse, 0, heartbleedClaim}, make([]byte, heartbleedClaim+16)...)...), rec(recordAlert, 2, 10)...))
	f.Add(rec(recordHeartbeat, append(append([]byte{heartbeatResponse, 0, 16}, heartbeatProbeMarker...), make([]byte, 16)...)...))
	f.Add([]byte{recordHeartbeat, 3, 3, 0xFF, 0xFF})
	s := &endpointScan{cfg: &Config{}, d: &scanner.Dialer{Timeout: time.Second}}
	robotFlight := &outcome{kind: outAccepted, flightDone: true, sh: &serverHello{vers: 0x0303, cipherSuite: 0x009C}, certs: rsaCert(f).Certificate}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		ccs := s.ccsInjection(ctx, sinkConn{}, bytes.NewReader(data), 0x0303)
		if ccs.Status == scanner.Supported && (len(data) < 7 || data[0] != recordAlert) {
			t.Fatalf("CCS injection from %x: %+v", data, ccs)
		}
		hb := s.heartbleed(ctx, sinkConn{}, bytes.NewReader(data), 0x0303)
		if hb.Status == scanner.Supported && !bytes.Contains(data, []byte{recordHeartbeat}) {
			t.Fatalf("Heartbleed from %x: %+v", data, hb)
		}
		// One ROBOT try: an answer or a reason, whatever the bytes.
		var pad []byte
		a, fail := s.robotTry(ctx, sinkConn{}, bytes.NewReader(data), robotFlight, 1, &pad, bytes.Repeat([]byte{0x11}, robotPMSLen-2))
		if (a.text == "") == (fail == nil) {
			t.Fatalf("ROBOT from %x: answer %q, failure %+v", data, a, fail)
		}
	})
}
