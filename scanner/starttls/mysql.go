package starttls

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// MySQL capability flags (MySQL client/server protocol, "Capabilities
// Flags").
const (
	mysqlLongPassword     = 0x00000001
	mysqlLongFlag         = 0x00000004
	mysqlProtocol41       = 0x00000200
	mysqlSSL              = 0x00000800
	mysqlTransactions     = 0x00002000
	mysqlSecureConnection = 0x00008000
	mysqlPluginAuth       = 0x00080000
)

// mysqlClientCaps are the capabilities the SSL request announces, those of
// a 4.1+ client about to authenticate.
const mysqlClientCaps = mysqlLongPassword | mysqlLongFlag | mysqlProtocol41 | mysqlSSL |
	mysqlTransactions | mysqlSecureConnection | mysqlPluginAuth

// mysqlMaxPacket bounds the greeting; a real one is under 128 bytes.
const mysqlMaxPacket = MaxLine

// mysqlHandshake is Protocol::HandshakeV10, the server's greeting:
//
//	1   protocol version (10)
//	NUL server version
//	4   connection id
//	8   auth-plugin-data part 1
//	1   filler (0)
//	2   capability flags, lower
//	-- the rest may be absent (pre-4.1 servers)
//	1   character set
//	2   status flags
//	2   capability flags, upper
//	1   length of auth-plugin-data (0 without CLIENT_PLUGIN_AUTH)
//	10  reserved (MariaDB: its extended capabilities in the last 4)
//	n   auth-plugin-data part 2, max(13, length - 8), with CLIENT_SECURE_CONNECTION
//	NUL auth plugin name, with CLIENT_PLUGIN_AUTH (the NUL may be missing at the end)
type mysqlHandshake struct {
	serverVersion string
	connectionID  uint32
	authData      []byte // both parts
	capabilities  uint32
	extended      bool // the fields after the lower capabilities are present
	charset       byte
	status        uint16
	authPlugin    string
}

func (m *mysqlHandshake) marshal() ([]byte, error) {
	if len(m.authData) < 8 || bytes.IndexByte([]byte(m.serverVersion), 0) >= 0 {
		return nil, fmt.Errorf("mysql handshake: bad fields")
	}
	b := []byte{10}
	b = append(b, m.serverVersion...)
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint32(b, m.connectionID)
	b = append(b, m.authData[:8]...)
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(m.capabilities))
	if !m.extended {
		if m.capabilities>>16 != 0 || len(m.authData) != 8 || m.authPlugin != "" {
			return nil, fmt.Errorf("mysql handshake: fields need the extended form")
		}
		return b, nil
	}
	b = append(b, m.charset)
	b = binary.LittleEndian.AppendUint16(b, m.status)
	b = binary.LittleEndian.AppendUint16(b, uint16(m.capabilities>>16))
	part2 := m.authData[8:]
	if m.capabilities&mysqlPluginAuth != 0 {
		b = append(b, byte(len(m.authData)))
	} else {
		b = append(b, 0)
	}
	b = append(b, make([]byte, 10)...)
	if m.capabilities&mysqlSecureConnection != 0 {
		if len(part2) < 13 {
			return nil, fmt.Errorf("mysql handshake: auth-plugin-data part 2 shorter than 13 bytes")
		}
		b = append(b, part2...)
	} else if len(part2) != 0 {
		return nil, fmt.Errorf("mysql handshake: auth-plugin-data part 2 without CLIENT_SECURE_CONNECTION")
	}
	if m.capabilities&mysqlPluginAuth != 0 {
		b = append(b, m.authPlugin...)
		b = append(b, 0)
	} else if m.authPlugin != "" {
		return nil, fmt.Errorf("mysql handshake: auth plugin without CLIENT_PLUGIN_AUTH")
	}
	return b, nil
}

func (m *mysqlHandshake) unmarshal(p []byte) bool {
	*m = mysqlHandshake{}
	if len(p) < 1 || p[0] != 10 {
		return false
	}
	p = p[1:]
	i := bytes.IndexByte(p, 0)
	if i < 0 {
		return false
	}
	m.serverVersion, p = string(p[:i]), p[i+1:]
	if len(p) < 4+8+1+2 || p[12] != 0 {
		return false
	}
	m.connectionID = binary.LittleEndian.Uint32(p)
	m.authData = append([]byte{}, p[4:12]...)
	m.capabilities = uint32(binary.LittleEndian.Uint16(p[13:]))
	p = p[15:]
	if len(p) == 0 {
		return true
	}
	m.extended = true
	if len(p) < 1+2+2+1+10 {
		return false
	}
	m.charset = p[0]
	m.status = binary.LittleEndian.Uint16(p[1:])
	m.capabilities |= uint32(binary.LittleEndian.Uint16(p[3:])) << 16
	authLen := int(p[5])
	// The 10 reserved bytes are not checked: MariaDB keeps its own
	// capability flags in the last four.
	p = p[16:]
	if m.capabilities&mysqlPluginAuth == 0 && authLen != 0 {
		return false
	}
	if m.capabilities&mysqlSecureConnection != 0 {
		n := max(13, authLen-8)
		if len(p) < n {
			return false
		}
		m.authData = append(m.authData, p[:n]...)
		p = p[n:]
	}
	if m.capabilities&mysqlPluginAuth != 0 {
		// The NUL is missing at the end of some servers' greetings
		// (MySQL bug #59453).
		i := bytes.IndexByte(p, 0)
		switch {
		case i < 0:
			m.authPlugin, p = string(p), nil
		default:
			m.authPlugin, p = string(p[:i]), p[i+1:]
		}
	}
	return len(p) == 0
}

// mysqlError is an ERR_Packet: 0xFF, the error code, optionally '#' and a
// five-character SQL state, then the message.
type mysqlError struct {
	code     uint16
	sqlState string // "" when absent (errors before the handshake carry none)
	message  string
}

func (m *mysqlError) marshal() ([]byte, error) {
	b := []byte{0xFF}
	b = binary.LittleEndian.AppendUint16(b, m.code)
	if m.sqlState != "" {
		if len(m.sqlState) != 5 {
			return nil, fmt.Errorf("mysql error: SQL state %q is not 5 characters", m.sqlState)
		}
		b = append(b, '#')
		b = append(b, m.sqlState...)
	}
	return append(b, m.message...), nil
}

func (m *mysqlError) unmarshal(p []byte) bool {
	*m = mysqlError{}
	if len(p) < 3 || p[0] != 0xFF {
		return false
	}
	m.code = binary.LittleEndian.Uint16(p[1:])
	p = p[3:]
	if len(p) >= 6 && p[0] == '#' {
		m.sqlState, p = string(p[1:6]), p[6:]
	}
	m.message = string(p)
	return true
}

// mysqlGreeting reads the server's first packet (a 3-byte little-endian
// payload length and a sequence number, then the payload): a handshake,
// code "handshake" with "SSL" in caps when the server has CLIENT_SSL, or an
// error, code "ERR" and its number.
func mysqlGreeting(r *reader) (reply, error) {
	hdr, err := r.full(4)
	if err != nil {
		return reply{}, err
	}
	n := int(hdr[0]) | int(hdr[1])<<8 | int(hdr[2])<<16
	if n == 0 || n > mysqlMaxPacket {
		return reply{}, malformed("MySQL packet length %d out of bounds", n)
	}
	payload, err := r.full(n)
	if err != nil {
		return reply{}, err
	}
	raw := append(hdr, payload...)
	if payload[0] == 0xFF {
		var e mysqlError
		if !e.unmarshal(payload) {
			return reply{}, malformed("MySQL error packet too short")
		}
		return reply{code: fmt.Sprintf("ERR%d", e.code), line: fmt.Sprintf("ERROR %d: %s", e.code, e.message), raw: raw}, nil
	}
	var h mysqlHandshake
	if !h.unmarshal(payload) {
		return reply{}, malformed("not a MySQL HandshakeV10 (protocol version %d)", payload[0])
	}
	rep := reply{code: "handshake", line: fmt.Sprintf("MySQL %s, capabilities 0x%08X", h.serverVersion, h.capabilities), raw: raw}
	if h.capabilities&mysqlSSL != 0 {
		rep.caps = []string{"SSL"}
	}
	return rep, nil
}

// mysqlSSLRequest is Protocol::SSLRequest, the next packet after the
// greeting in prev: capabilities, max packet size, character set (the
// server's), 23 zero bytes.
func mysqlSSLRequest(_ *Options, prev *reply) []byte {
	seq := prev.raw[3] + 1
	var h mysqlHandshake
	h.unmarshal(prev.raw[4:])
	charset := h.charset
	if charset == 0 {
		charset = 33 // utf8_general_ci
	}
	p := binary.LittleEndian.AppendUint32(nil, mysqlClientCaps)
	p = binary.LittleEndian.AppendUint32(p, 1<<24)
	p = append(p, charset)
	p = append(p, make([]byte, 23)...)
	return append(mysqlHeader(len(p), seq), p...)
}

// mysqlHeader is a packet header: the payload length (3 bytes, little
// endian) and the sequence number.
func mysqlHeader(n int, seq byte) []byte {
	return []byte{byte(n), byte(n >> 8), byte(n >> 16), seq}
}
