package sshprobe

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/crypto/cryptobyte"
)

// The SSH transport messages the probe sends and the server messages it
// reads before any key is derived, built and parsed with cryptobyte after
// crypto/tls/handshake_messages.go. Every marshal returns the whole
// payload, message number included, and every unmarshal takes the same:
// it checks the number, resets the struct and requires the input to be
// consumed exactly. The server controls these bytes.

// Message numbers. RFC 4250, Section 4.1.2, and RFC 4419, Section 5.
const (
	msgDisconnect      uint8 = 1
	msgIgnore          uint8 = 2
	msgUnimplemented   uint8 = 3
	msgDebug           uint8 = 4
	msgKexInit         uint8 = 20
	msgKexDHGexGroup   uint8 = 31
	msgKexDHGexRequest uint8 = 34
)

// maxNameLen bounds one algorithm name: RFC 4251, Section 6 ("names MUST
// NOT be longer than 64 characters").
const maxNameLen = 64

// maxMPIntBytes bounds an mpint: 16384 bits and the sign byte. 16384 bits
// is the largest RSA modulus ssh-keygen makes (`ssh-keygen -t rsa -b
// 16385`: "maximum is 16384 bits"), twice the largest group OpenSSH's
// client asks a group exchange for (`ssh -vv`:
// SSH2_MSG_KEX_DH_GEX_REQUEST(2048<8192<8192)).
const maxMPIntBytes = 16384/8 + 1

// kexInit is SSH_MSG_KEXINIT. RFC 4253, Section 7.1.
type kexInit struct {
	cookie          [16]byte
	kexAlgos        []string
	hostKeyAlgos    []string
	ciphersCtoS     []string
	ciphersStoC     []string
	macsCtoS        []string
	macsStoC        []string
	compressionCtoS []string
	compressionStoC []string
	languagesCtoS   []string
	languagesStoC   []string
	firstKexFollows bool
	reserved        uint32
}

func (m *kexInit) lists() []*[]string {
	return []*[]string{
		&m.kexAlgos, &m.hostKeyAlgos,
		&m.ciphersCtoS, &m.ciphersStoC,
		&m.macsCtoS, &m.macsStoC,
		&m.compressionCtoS, &m.compressionStoC,
		&m.languagesCtoS, &m.languagesStoC,
	}
}

func (m *kexInit) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(msgKexInit)
	b.AddBytes(m.cookie[:])
	for _, l := range m.lists() {
		addNameList(&b, *l)
	}
	if m.firstKexFollows {
		b.AddUint8(1)
	} else {
		b.AddUint8(0)
	}
	b.AddUint32(m.reserved)
	return b.Bytes()
}

func (m *kexInit) unmarshal(data []byte) bool {
	*m = kexInit{}
	s := cryptobyte.String(data)
	var typ, follows uint8
	var cookie []byte
	if !s.ReadUint8(&typ) || typ != msgKexInit || !s.ReadBytes(&cookie, len(m.cookie)) {
		return false
	}
	copy(m.cookie[:], cookie)
	for _, l := range m.lists() {
		if !readNameList(&s, l) {
			return false
		}
	}
	// RFC 4251, Section 5: every non-zero boolean is true.
	if !s.ReadUint8(&follows) || !s.ReadUint32(&m.reserved) || !s.Empty() {
		return false
	}
	m.firstKexFollows = follows != 0
	return true
}

// kexDHGexRequest is SSH_MSG_KEX_DH_GEX_REQUEST. RFC 4419, Section 3.
type kexDHGexRequest struct {
	min, n, max uint32
}

func (m *kexDHGexRequest) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(msgKexDHGexRequest)
	b.AddUint32(m.min)
	b.AddUint32(m.n)
	b.AddUint32(m.max)
	return b.Bytes()
}

func (m *kexDHGexRequest) unmarshal(data []byte) bool {
	*m = kexDHGexRequest{}
	s := cryptobyte.String(data)
	var typ uint8
	return s.ReadUint8(&typ) && typ == msgKexDHGexRequest &&
		s.ReadUint32(&m.min) && s.ReadUint32(&m.n) && s.ReadUint32(&m.max) && s.Empty()
}

// kexDHGexGroup is SSH_MSG_KEX_DH_GEX_GROUP: the safe prime p and the
// generator g the server chose. RFC 4419, Section 3.
type kexDHGexGroup struct {
	p, g *big.Int
}

func (m *kexDHGexGroup) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(msgKexDHGexGroup)
	addMPInt(&b, m.p)
	addMPInt(&b, m.g)
	return b.Bytes()
}

func (m *kexDHGexGroup) unmarshal(data []byte) bool {
	*m = kexDHGexGroup{}
	s := cryptobyte.String(data)
	var typ uint8
	var p, g big.Int
	if !s.ReadUint8(&typ) || typ != msgKexDHGexGroup || !readMPInt(&s, &p) || !readMPInt(&s, &g) || !s.Empty() {
		return false
	}
	m.p, m.g = &p, &g
	return true
}

// disconnectMsg is SSH_MSG_DISCONNECT. RFC 4253, Section 11.1.
type disconnectMsg struct {
	reason      uint32
	description string
	language    string
}

func (m *disconnectMsg) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint8(msgDisconnect)
	b.AddUint32(m.reason)
	addString(&b, []byte(m.description))
	addString(&b, []byte(m.language))
	return b.Bytes()
}

func (m *disconnectMsg) unmarshal(data []byte) bool {
	*m = disconnectMsg{}
	s := cryptobyte.String(data)
	var typ uint8
	var desc, lang []byte
	if !s.ReadUint8(&typ) || typ != msgDisconnect || !s.ReadUint32(&m.reason) ||
		!readString(&s, &desc) || !readString(&s, &lang) || !s.Empty() {
		return false
	}
	m.description, m.language = string(desc), string(lang)
	return true
}

// errInvalidName is a name that cannot go in a name-list.
var errInvalidName = errors.New("sshprobe: invalid algorithm name")

// validName reports whether name may appear in a name-list: RFC 4251,
// Section 6 and RFC 4250, Section 4.6.1: 1 to 64 printable US-ASCII
// characters, no comma, no space, no control character.
func validName(name []byte) bool {
	if len(name) == 0 || len(name) > maxNameLen {
		return false
	}
	for _, c := range name {
		if c <= ' ' || c >= 0x7f || c == ',' {
			return false
		}
	}
	return true
}

// addNameList writes a name-list (RFC 4251, Section 5), or fails the
// builder on a name that is not valid.
func addNameList(b *cryptobyte.Builder, names []string) {
	for _, n := range names {
		if !validName([]byte(n)) {
			b.SetError(fmt.Errorf("%w: %q", errInvalidName, n))
			return
		}
	}
	addString(b, []byte(strings.Join(names, ",")))
}

// readNameList reads a name-list into a non-nil slice, rejecting empty,
// overlong and non-printable names. The list is bounded by the packet it
// comes in, so is the number of names.
func readNameList(s *cryptobyte.String, out *[]string) bool {
	var list []byte
	if !readString(s, &list) {
		return false
	}
	*out = []string{}
	if len(list) == 0 {
		return true
	}
	for name := range strings.SplitSeq(string(list), ",") {
		if !validName([]byte(name)) {
			return false
		}
		*out = append(*out, name)
	}
	return true
}

// readString reads an SSH string: uint32 length and bytes (RFC 4251,
// Section 5). cryptobyte has no uint32 length prefix reader.
func readString(s *cryptobyte.String, out *[]byte) bool {
	var n uint32
	return s.ReadUint32(&n) && n <= uint32(len(*s)) && s.ReadBytes(out, int(n))
}

func addString(b *cryptobyte.Builder, v []byte) {
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(v) })
}

// addMPInt writes a non-negative mpint (RFC 4251, Section 5): big-endian,
// minimal, with a zero byte before a first byte whose high bit is set.
func addMPInt(b *cryptobyte.Builder, v *big.Int) {
	if v == nil || v.Sign() < 0 {
		b.SetError(errors.New("sshprobe: mpint must be non-negative"))
		return
	}
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) {
		if v.Sign() == 0 {
			return
		}
		raw := v.Bytes()
		if raw[0]&0x80 != 0 {
			b.AddUint8(0)
		}
		b.AddBytes(raw)
	})
}

// readMPInt reads a non-negative mpint of at most maxMPIntBytes. A
// negative value (the high bit of the first byte set) is refused: neither
// a modulus nor a generator can be one. Leading zero bytes are tolerated.
func readMPInt(s *cryptobyte.String, out *big.Int) bool {
	var raw []byte
	if !readString(s, &raw) || len(raw) > maxMPIntBytes {
		return false
	}
	if len(raw) > 0 && raw[0]&0x80 != 0 {
		return false
	}
	out.SetBytes(raw)
	return true
}
