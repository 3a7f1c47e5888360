package sshprobe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/cryptobyte"
)

// The transport before keys: identification strings (RFC 4253, Section
// 4.2) and binary packets without encryption or MAC (Section 6). Every
// length read from the server is checked against a bound before anything
// is allocated for it.

// Bounds of the identification exchange. RFC 4253, Section 4.2 limits the
// identification string to 255 characters, CR LF included, and allows
// other lines before it without saying how many: the probe reads at most
// maxLines lines of at most maxLineLen bytes each (CR LF included), and
// at most maxBannerBytes in all.
const (
	maxLineLen     = 255
	maxLines       = 1024
	maxBannerBytes = 64 << 10
)

// maxPacketLen bounds packet_length. RFC 4253, Section 6.1: an
// implementation must handle packets of 35000 bytes; the KEXINITs and
// KEX_DH_GEX_GROUPs recorded in testdata/flights are at most 1,177 bytes,
// banner included.
const maxPacketLen = 35000

// errMalformed marks what the server sent that does not parse.
var errMalformed = errors.New("malformed")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errMalformed, fmt.Sprintf(format, args...))
}

// banner is the server's identification string, split per RFC 4253,
// Section 4.2: SSH-protoversion-softwareversion SP comments.
type banner struct {
	line     string // without CR LF
	proto    string // "2.0", "1.99", "1.5"
	software string // "OpenSSH_9.2p1"
}

// ssh1Only reports whether the server speaks only SSH 1 (protocol "1.x"
// other than "1.99", which RFC 4253, Section 5.1 gives to servers that
// speak both): such a server sends no KEXINIT.
func (b banner) ssh1Only() bool {
	return strings.HasPrefix(b.proto, "1.") && b.proto != "1.99"
}

// readBanner reads lines until one starts with "SSH-" and parses it. The
// lines before it are dropped. It fails on a line longer than maxLineLen,
// more than maxLines lines, more than maxBannerBytes, or an SSH- line
// without protocol and software versions.
func readBanner(r *bufio.Reader) (banner, error) {
	total := 0
	for lines := 0; lines < maxLines; lines++ {
		var line []byte
		for {
			c, err := r.ReadByte()
			if err != nil {
				if len(line) > 0 && (errors.Is(err, io.EOF)) {
					err = io.ErrUnexpectedEOF
				}
				return banner{}, fmt.Errorf("failed to read the identification string: %w", err)
			}
			total++
			if total > maxBannerBytes {
				return banner{}, malformed("more than %d bytes before the identification string ends", maxBannerBytes)
			}
			if c == '\n' {
				break
			}
			line = append(line, c)
			// +1 for the LF not read yet.
			if len(line)+1 > maxLineLen {
				return banner{}, malformed("a line longer than %d bytes (%q...)", maxLineLen, printable(line[:32]))
			}
		}
		// The RFC ends lines with CR LF; some servers send LF alone.
		s := strings.TrimSuffix(string(line), "\r")
		if !strings.HasPrefix(s, "SSH-") {
			continue
		}
		return parseBanner(s)
	}
	return banner{}, malformed("no identification string in the first %d lines", maxLines)
}

// parseBanner splits an identification string.
func parseBanner(s string) (banner, error) {
	rest, _ := strings.CutPrefix(s, "SSH-")
	proto, rest, ok := strings.Cut(rest, "-")
	software, _, _ := strings.Cut(rest, " ")
	if !ok || proto == "" || software == "" {
		return banner{}, malformed("identification string %q has no protocol and software versions", printable([]byte(s)))
	}
	return banner{line: strings.ToValidUTF8(s, "\uFFFD"), proto: strings.ToValidUTF8(proto, "\uFFFD"), software: strings.ToValidUTF8(software, "\uFFFD")}, nil
}

// printable is b for an error message: non-printable bytes escaped.
func printable(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= ' ' && c < 0x7f {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "\\x%02x", c)
		}
	}
	return sb.String()
}

// packet is one binary packet read before keys are in place.
type packet struct {
	payload []byte
	raw     []byte // the packet as read, packet_length included
}

// readPacket reads one unencrypted binary packet. RFC 4253, Section 6:
// uint32 packet_length, byte padding_length, payload, padding; no MAC.
// The padding's length and the block alignment are not checked: they tell
// nothing the probe records.
func readPacket(r io.Reader) (packet, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return packet{}, fmt.Errorf("failed to read a packet: %w", err)
	}
	n := uint32(hdr[0])<<24 | uint32(hdr[1])<<16 | uint32(hdr[2])<<8 | uint32(hdr[3])
	if n > maxPacketLen {
		return packet{}, malformed("packet_length %d is over %d", n, maxPacketLen)
	}
	raw := make([]byte, 4+n)
	copy(raw, hdr[:])
	if _, err := io.ReadFull(r, raw[4:]); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return packet{}, fmt.Errorf("failed to read a packet of %d bytes: %w", n, err)
	}
	payload, ok := parsePacket(raw)
	if !ok {
		if n == 0 {
			return packet{}, malformed("packet_length 0")
		}
		return packet{}, malformed("padding_length %d leaves no payload in a packet of %d bytes", raw[4], n)
	}
	return packet{payload: payload, raw: raw}, nil
}

// parsePacket returns the payload of a whole unencrypted packet, which
// must hold at least the message number.
func parsePacket(raw []byte) ([]byte, bool) {
	s := cryptobyte.String(raw)
	var b []byte
	var pad uint8
	if !readString(&s, &b) || !s.Empty() || len(b) > maxPacketLen {
		return nil, false
	}
	body := cryptobyte.String(b)
	if !body.ReadUint8(&pad) {
		return nil, false
	}
	if int(pad) >= len(body) {
		return nil, false
	}
	return body[:len(body)-int(pad)], true
}

// marshalPacket frames payload as an unencrypted binary packet with random
// padding: at least 4 bytes, the whole a multiple of 8 bytes (the block
// size before keys). RFC 4253, Section 6.
func marshalPacket(payload []byte, rand io.Reader) ([]byte, error) {
	padLen := 8 - (4+1+len(payload))%8
	if padLen < 4 {
		padLen += 8
	}
	padding := make([]byte, padLen)
	if _, err := io.ReadFull(rand, padding); err != nil {
		return nil, fmt.Errorf("no randomness for padding: %w", err)
	}
	var b cryptobyte.Builder
	b.AddUint32LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8(uint8(padLen))
		b.AddBytes(payload)
		b.AddBytes(padding)
	})
	return b.Bytes()
}
