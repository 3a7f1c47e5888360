package sshprobe

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// codec is a wire message.
type codec interface {
	marshal() ([]byte, error)
	unmarshal([]byte) bool
}

func sampleKexInit() *kexInit {
	return &kexInit{
		cookie:          [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		kexAlgos:        []string{"curve25519-sha256", "diffie-hellman-group-exchange-sha256", "kex-strict-s-v00@openssh.com"},
		hostKeyAlgos:    []string{"rsa-sha2-512", "ssh-ed25519"},
		ciphersCtoS:     []string{"aes256-ctr"},
		ciphersStoC:     []string{"aes128-ctr", "aes256-ctr"},
		macsCtoS:        []string{"hmac-sha2-256"},
		macsStoC:        []string{"hmac-sha2-512"},
		compressionCtoS: []string{"none"},
		compressionStoC: []string{"none", "zlib@openssh.com"},
		languagesCtoS:   []string{},
		languagesStoC:   []string{"en"},
		firstKexFollows: true,
		reserved:        7,
	}
}

func sampleGexGroup() *kexDHGexGroup {
	p, _ := new(big.Int).SetString(peer.Oakley1024, 16)
	return &kexDHGexGroup{p: p, g: big.NewInt(2)}
}

// messages are one of each message, with an empty value of its type.
func messages() []struct{ msg, zero codec } {
	return []struct{ msg, zero codec }{
		{sampleKexInit(), &kexInit{}},
		{&kexDHGexRequest{min: 1024, n: 2048, max: 8192}, &kexDHGexRequest{}},
		{sampleGexGroup(), &kexDHGexGroup{}},
		{&disconnectMsg{reason: 2, description: "Protocol error", language: "en"}, &disconnectMsg{}},
	}
}

func TestMessagesRoundTrip(t *testing.T) {
	for _, m := range messages() {
		b, err := m.msg.marshal()
		if err != nil {
			t.Fatalf("%T: %v", m.msg, err)
		}
		if !m.zero.unmarshal(b) {
			t.Fatalf("%T: %x does not parse", m.msg, b)
		}
		if !reflect.DeepEqual(m.msg, m.zero) {
			t.Errorf("%T: round trip\n got %+v\nwant %+v", m.msg, m.zero, m.msg)
		}
	}
}

// No strict prefix of a message parses, nor the message with a byte more:
// every length is checked and the input must be consumed exactly.
func TestMessagesNoPrefixParses(t *testing.T) {
	for _, m := range messages() {
		b, err := m.msg.marshal()
		if err != nil {
			t.Fatal(err)
		}
		for i := range len(b) {
			if m.zero.unmarshal(b[:i]) {
				t.Errorf("%T: prefix of %d of %d bytes parses", m.msg, i, len(b))
			}
		}
		if m.zero.unmarshal(append(b, 0)) {
			t.Errorf("%T: trailing byte accepted", m.msg)
		}
	}
}

func TestKexInitBoolean(t *testing.T) {
	// RFC 4251, Section 5: every non-zero boolean is true.
	b, _ := sampleKexInit().marshal()
	b[len(b)-5] = 2
	var k kexInit
	if !k.unmarshal(b) || !k.firstKexFollows {
		t.Errorf("first_kex_packet_follows 2 read as %v", k.firstKexFollows)
	}
}

func TestNameLists(t *testing.T) {
	for _, bad := range []string{"", "a b", "a,b", strings.Repeat("x", 65), "caf\xc3\xa9", "tab\there", "nul\x00"} {
		k := sampleKexInit()
		k.ciphersCtoS = []string{bad}
		if _, err := k.marshal(); !errors.Is(err, errInvalidName) {
			t.Errorf("name %q marshalled (%v)", bad, err)
		}
	}
	if _, err := (&kexInit{kexAlgos: []string{strings.Repeat("x", 64)}}).marshal(); err != nil {
		t.Errorf("a 64-character name refused: %v", err)
	}
	// Lists as the server writes them: an empty name is not a name.
	for _, list := range []string{",", "a,", ",a", "a,,b", "a b"} {
		var k kexInit
		if k.unmarshal(rawKexInit(list)) {
			t.Errorf("cipher list %q parsed as %q", list, k.ciphersCtoS)
		}
	}
	var k kexInit
	if !k.unmarshal(rawKexInit("")) || k.ciphersCtoS == nil || len(k.ciphersCtoS) != 0 {
		t.Errorf("an empty list read as %#v", k.ciphersCtoS)
	}
	if !k.unmarshal(rawKexInit("aes128-ctr,aes256-ctr")) || !reflect.DeepEqual(k.ciphersCtoS, []string{"aes128-ctr", "aes256-ctr"}) {
		t.Errorf("a list of two read as %#v", k.ciphersCtoS)
	}
}

// rawKexInit is a KEXINIT whose client-to-server cipher list is written as
// given, the other lists with one name each.
func rawKexInit(ciphers string) []byte {
	var b cryptobyte.Builder
	b.AddUint8(msgKexInit)
	b.AddBytes(make([]byte, 16))
	for i := range 10 {
		if i == 2 {
			addString(&b, []byte(ciphers))
		} else {
			addString(&b, []byte("x"))
		}
	}
	b.AddUint8(0)
	b.AddUint32(0)
	return b.BytesOrPanic()
}

func TestMPInt(t *testing.T) {
	g := sampleGexGroup()
	g.p = big.NewInt(0x80) // needs the sign byte
	b, err := g.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{msgKexDHGexGroup, 0, 0, 0, 2, 0, 0x80, 0, 0, 0, 1, 2}; !bytes.Equal(b, want) {
		t.Errorf("mpint 0x80: %x, want %x", b, want)
	}
	// Negative: the sign bit set.
	if (&kexDHGexGroup{}).unmarshal([]byte{msgKexDHGexGroup, 0, 0, 0, 1, 0x80, 0, 0, 0, 1, 2}) {
		t.Error("a negative modulus parsed")
	}
	// Over 16384 bits.
	huge := append([]byte{msgKexDHGexGroup, 0, 0, 8, 2}, make([]byte, maxMPIntBytes+1)...)
	huge = append(huge, 0, 0, 0, 1, 2)
	if (&kexDHGexGroup{}).unmarshal(huge) {
		t.Error("an mpint of more than 16384 bits parsed")
	}
	if _, err := (&kexDHGexGroup{p: big0(), g: nil}).marshal(); err == nil {
		t.Error("a nil mpint marshalled")
	}
}

func big0() *big.Int { return new(big.Int) }

func TestPacketRoundTrip(t *testing.T) {
	for n := 1; n < 40; n++ {
		payload := bytes.Repeat([]byte{msgIgnore}, n)
		raw, err := marshalPacket(payload, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw)%8 != 0 || int(raw[4]) < 4 {
			t.Errorf("payload %d: packet of %d bytes with %d bytes of padding", n, len(raw), raw[4])
		}
		pkt, err := readPacket(bytes.NewReader(raw))
		if err != nil || !bytes.Equal(pkt.payload, payload) || !bytes.Equal(pkt.raw, raw) {
			t.Errorf("payload %d: %v", n, err)
		}
		for i := range len(raw) {
			if _, ok := parsePacket(raw[:i]); ok {
				t.Errorf("payload %d: prefix of %d bytes parses", n, i)
			}
		}
	}
}

func TestReadPacketBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		kind error
	}{
		{"2^31", []byte{0x80, 0, 0, 0, 4, 20}, errMalformed},
		{"35001", []byte{0, 0, 0x88, 0xb9, 4, 20}, errMalformed},
		{"zero", []byte{0, 0, 0, 0}, errMalformed},
		{"padding eats the payload", []byte{0, 0, 0, 5, 4, 1, 2, 3, 4}, errMalformed},
		{"truncated", []byte{0, 0, 0, 12, 4, 20}, io.ErrUnexpectedEOF},
		{"nothing", nil, io.EOF},
	} {
		_, err := readPacket(bytes.NewReader(c.data))
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: %v, want %v", c.name, err, c.kind)
		}
	}
}

func TestReadBanner(t *testing.T) {
	for _, c := range []struct {
		name, in            string
		line, proto, softwr string
		err                 error
	}{
		{"openssh", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", "2.0", "OpenSSH_9.2p1", nil},
		{"lf only", "SSH-2.0-dropbear_2022.83\n", "SSH-2.0-dropbear_2022.83", "2.0", "dropbear_2022.83", nil},
		{"lines before", "Welcome\r\nno SSH here\n\nSSH-1.99-Cisco-1.25\r\n", "SSH-1.99-Cisco-1.25", "1.99", "Cisco-1.25", nil},
		{"ssh 1", "SSH-1.5-OldSSH\n", "SSH-1.5-OldSSH", "1.5", "OldSSH", nil},
		{"no software", "SSH-2.0\r\n", "", "", "", errMalformed},
		{"empty software", "SSH-2.0-\r\n", "", "", "", errMalformed},
		{"long line", strings.Repeat("x", 255) + "\n", "", "", "", errMalformed},
		{"longest line", strings.Repeat("x", 254) + "\nSSH-2.0-x\n", "SSH-2.0-x", "2.0", "x", nil},
		{"too many lines", strings.Repeat("\n", maxLines) + "SSH-2.0-x\n", "", "", "", errMalformed},
		{"most lines", strings.Repeat("\n", maxLines-1) + "SSH-2.0-x\n", "SSH-2.0-x", "2.0", "x", nil},
		{"too many bytes", strings.Repeat(strings.Repeat("y", 200)+"\n", 400), "", "", "", errMalformed},
		{"cut", "SSH-2.0-OpenSSH", "", "", "", io.ErrUnexpectedEOF},
		{"silent close", "", "", "", "", io.EOF},
	} {
		b, err := readBanner(bufio.NewReader(strings.NewReader(c.in)))
		if !errors.Is(err, c.err) || b.line != c.line || b.proto != c.proto || b.software != c.softwr {
			t.Errorf("%s: %+v, %v", c.name, b, err)
		}
	}
	if !(banner{proto: "1.5"}).ssh1Only() || (banner{proto: "1.99"}).ssh1Only() || (banner{proto: "2.0"}).ssh1Only() {
		t.Error("ssh1Only")
	}
}
