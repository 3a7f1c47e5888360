package sshprobe

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// The fuzz targets feed hostile bytes to every parser of what a server
// sends: none may panic or read past its bounds, and whatever parses must
// marshal back to something that parses to the same message. Seeds: the
// recorded flights of testdata/flights (OpenSSH 9.2 and x/crypto servers)
// and the messages of the round-trip tests. The first words of a legacy
// service and the authentication method list are checked too; the FTP
// replies are read by package starttls, whose FuzzNumericReply covers
// them.

// recorded returns the recorded flights whose names end with suffix.
func recorded(f *testing.F, suffix string) [][]byte {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join(flightsDir, "*"+suffix))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no recorded %s in %s: %v", suffix, flightsDir, err)
	}
	var out [][]byte
	for _, p := range paths {
		out = append(out, flight(f, filepath.Base(p)))
	}
	return out
}

// FuzzServerFlight reads a server's first flight: identification string,
// then packets up to the KEXINIT.
func FuzzServerFlight(f *testing.F) {
	for _, s := range recorded(f, ".server.bin") {
		f.Add(s)
		f.Add(s[:len(s)/2])
	}
	f.Add([]byte("SSH-1.5-OldSSH\r\n"))
	f.Add([]byte("Welcome\r\nSSH-2.0-x\r\n\x00\x00\x00\x0c\x0a\x02hello123456"))
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReader(bytes.NewReader(data))
		b, packets, k, err := readServerFlight(br)
		if err == nil && k == nil && !b.ssh1Only() {
			t.Fatal("no error, no KEXINIT, and not an SSH 1 server")
		}
		if b.line != "" && (!strings.HasPrefix(b.line, "SSH-") || len(b.line) > 3*maxLineLen || b.proto == "" || b.software == "") {
			t.Fatalf("banner %+v", b)
		}
		total := 0
		for _, p := range packets {
			total += len(p)
			if len(p) > 4+maxPacketLen {
				t.Fatalf("a packet of %d bytes", len(p))
			}
		}
		if total > len(data) {
			t.Fatalf("%d bytes of packets from %d bytes", total, len(data))
		}
		if k != nil {
			checkKexInitRoundTrip(t, k)
		}
	})
}

func checkKexInitRoundTrip(t *testing.T, k *kexInit) {
	t.Helper()
	out, err := k.marshal()
	if err != nil {
		t.Fatalf("parsed %+v does not marshal: %v", k, err)
	}
	var again kexInit
	if !again.unmarshal(out) || !reflect.DeepEqual(*k, again) {
		t.Fatalf("round trip changed the KEXINIT\nfirst  %+v\nsecond %+v", k, again)
	}
}

// FuzzBanner reads an identification string and what precedes it.
func FuzzBanner(f *testing.F) {
	for _, s := range recorded(f, ".server.bin") {
		f.Add(s)
	}
	f.Add([]byte("hello\r\n\r\nSSH-2.0-x y z\r\n"))
	f.Add([]byte("SSH-1.99-Cisco-1.25\n"))
	f.Add([]byte("SSH-2.0-\r\n"))
	f.Add(bytes.Repeat([]byte("x"), 300))
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReader(bytes.NewReader(data))
		b, err := readBanner(br)
		consumed := len(data) - br.Buffered()
		if consumed > maxBannerBytes+br.Size() {
			t.Fatalf("read %d bytes", consumed)
		}
		if err != nil {
			if b != (banner{}) {
				t.Fatalf("error %v with banner %+v", err, b)
			}
			return
		}
		if !strings.HasPrefix(b.line, "SSH-") || b.proto == "" || b.software == "" || strings.Contains(b.line, "\n") {
			t.Fatalf("banner %+v", b)
		}
		if !strings.HasPrefix(b.line, "SSH-"+b.proto+"-"+b.software) && !strings.ContainsRune(b.line, '\uFFFD') {
			t.Fatalf("banner %+v: fields not from the line", b)
		}
	})
}

// FuzzKexInit parses a KEXINIT payload.
func FuzzKexInit(f *testing.F) {
	for _, s := range recorded(f, ".server.bin") {
		_, packets, _, err := readServerFlight(bufio.NewReader(bytes.NewReader(s)))
		if err != nil {
			f.Fatal(err)
		}
		payload, _ := parsePacket(packets[len(packets)-1])
		f.Add(payload)
	}
	b, _ := sampleKexInit().marshal()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var k kexInit
		if k.unmarshal(data) {
			checkKexInitRoundTrip(t, &k)
		}
	})
}

// FuzzPacket reads one binary packet.
func FuzzPacket(f *testing.F) {
	for _, s := range recorded(f, ".gex-group.bin") {
		f.Add(s)
	}
	f.Add([]byte{0x80, 0, 0, 0, 4, 20})
	f.Add([]byte{0, 0, 0, 5, 4, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		pkt, err := readPacket(bytes.NewReader(data))
		if err != nil {
			return
		}
		if !bytes.Equal(pkt.raw, data[:len(pkt.raw)]) || len(pkt.payload) == 0 || len(pkt.payload) > len(pkt.raw)-5 {
			t.Fatalf("packet %x from %x", pkt.raw, data)
		}
	})
}

// FuzzGexGroup parses a KEX_DH_GEX_GROUP payload.
func FuzzGexGroup(f *testing.F) {
	for _, s := range recorded(f, ".gex-group.bin") {
		payload, ok := parsePacket(s)
		if !ok {
			f.Fatal("a recorded KEX_DH_GEX_GROUP packet does not parse")
		}
		f.Add(payload)
	}
	b, _ := sampleGexGroup().marshal()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var g kexDHGexGroup
		if !g.unmarshal(data) {
			return
		}
		if g.p.Sign() < 0 || g.g.Sign() < 0 || g.p.BitLen() > 8*maxMPIntBytes {
			t.Fatalf("p %v g %v", g.p, g.g)
		}
		out, err := g.marshal()
		if err != nil {
			t.Fatal(err)
		}
		var again kexDHGexGroup
		if !again.unmarshal(out) || again.p.Cmp(g.p) != 0 || again.g.Cmp(g.g) != 0 {
			t.Fatalf("round trip changed the group")
		}
	})
}

// chunkReader returns data n bytes at a time at most, then io.EOF.
type chunkReader struct {
	data []byte
	n    int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), r.n)], r.data)
	r.data = r.data[k:]
	return k, nil
}

// FuzzLegacyFirstWords reads what a legacy service says first, coming in
// chunks of any size: at most legacyBannerMax bytes are kept, as a prefix
// of what was sent; the banner is printable ASCII at most four times as
// long (the schema's bound); recognition agrees with the bytes.
func FuzzLegacyFirstWords(f *testing.F) {
	f.Add(peer.TelnetdOpening, uint8(0))
	f.Add([]byte(vsftpdGreeting), uint8(3))
	f.Add([]byte("220-"+strings.Repeat("x", 200)+"\r\n220 ok\r\n"), uint8(15))
	f.Add(bytes.Repeat([]byte{0xFF}, 300), uint8(1))
	f.Add([]byte("\xff\xfa\x18\x01\xff\xf0login: "), uint8(2))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		got, err := readFirstWords(&chunkReader{data: data, n: int(chunk)%16 + 1})
		if len(got) > legacyBannerMax || !bytes.HasPrefix(data, got) {
			t.Fatalf("kept %q of %q", got, data)
		}
		if err == nil && len(got) == 0 {
			t.Fatal("nothing read, no error")
		}
		b := printable(got)
		if len(b) > 4*legacyBannerMax {
			t.Fatalf("a banner of %d bytes", len(b))
		}
		for i := 0; i < len(b); i++ {
			if b[i] < ' ' || b[i] >= 0x7f {
				t.Fatalf("banner %q", b)
			}
		}
		if telnetNegotiation(got) && (got[0] != telnetIAC || ftpGreeting(got)) {
			t.Fatalf("%q read as telnet", got)
		}
		if ftpGreeting(got) && !strings.HasPrefix(b, "220") {
			t.Fatalf("%q read as FTP", got)
		}
	})
}

// FuzzAuthMethods checks the method list of a USERAUTH_FAILURE, as
// x/crypto splits it: a list kept is one the report's schema accepts
// (ssh_names: 1 to 64 printable characters without a comma).
func FuzzAuthMethods(f *testing.F) {
	f.Add("publickey,password,keyboard-interactive")
	f.Add("publickey,gssapi-keyex,gssapi-with-mic,password,keyboard-interactive,hostbased")
	f.Add("")
	f.Add("a,,b")
	f.Add("pass word")
	f.Add(strings.Repeat("x,", 40))
	f.Fuzz(func(t *testing.T, list string) {
		methods := strings.Split(list, ",")
		if list == "" {
			methods = []string{}
		}
		got, err := checkMethods(methods)
		if err != nil {
			if got != nil || !errors.Is(err, errMalformed) {
				t.Fatalf("%q: %q, %v", list, got, err)
			}
			return
		}
		if len(got) > maxAuthMethods || (len(got) == 0) != (got == nil) {
			t.Fatalf("%q: %q", list, got)
		}
		for _, m := range got {
			if len(m) == 0 || len(m) > 64 || strings.ContainsAny(m, ", ") {
				t.Fatalf("%q kept from %q", m, list)
			}
			for i := 0; i < len(m); i++ {
				if m[i] <= ' ' || m[i] >= 0x7f {
					t.Fatalf("%q kept from %q", m, list)
				}
			}
		}
	})
}
