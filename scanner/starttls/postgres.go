package starttls

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
)

// postgresSSLRequest is the SSLRequest message: length 8, then the request
// code 80877103 (0x04D2162F) (PostgreSQL protocol, "Message Formats").
var postgresSSLRequest = []byte{0x00, 0x00, 0x00, 0x08, 0x04, 0xD2, 0x16, 0x2F}

// postgresAnswer reads the answer to an SSLRequest: 'S' (go on with TLS),
// 'N' (no TLS), or an ErrorResponse, whose code is "E" and its SQLSTATE.
func postgresAnswer(r *reader) (reply, error) {
	b, err := r.full(1)
	if err != nil {
		return reply{}, err
	}
	switch b[0] {
	case 'S':
		return reply{code: "S", line: "S"}, nil
	case 'N':
		return reply{code: "N", line: "N (SSL not supported)"}, nil
	case 'E':
		return postgresError(r)
	}
	return reply{}, malformed("PostgreSQL answered 0x%02X to SSLRequest", b[0])
}

// postgresError reads an ErrorResponse after its 'E'. Protocol 3 sends
// a length and fields (type byte, NUL-terminated text) up to a zero byte;
// a server that fails before reading any message (a fork failure) sends
// protocol 2's NUL-terminated text instead, told apart by its first byte
// (a length below 16 MiB starts with 0).
func postgresError(r *reader) (reply, error) {
	first, err := r.br.Peek(1)
	if err != nil {
		return reply{}, r.eofErr(err, true)
	}
	if first[0] != 0 {
		text, err := r.cstring()
		if err != nil {
			return reply{}, err
		}
		code := "E"
		if l := strings.ToLower(text); strings.Contains(l, "too many") || strings.Contains(l, "could not fork") {
			code = "E53000" // insufficient_resources, inferred: protocol 2 has no SQLSTATE
		}
		return reply{code: code, line: "E " + text}, nil
	}
	lb, err := r.full(4)
	if err != nil {
		return reply{}, err
	}
	n := int(binary.BigEndian.Uint32(lb))
	if n < 5 || n > MaxLine {
		return reply{}, malformed("PostgreSQL ErrorResponse length %d out of bounds", n)
	}
	body, err := r.full(n - 4)
	if err != nil {
		return reply{}, err
	}
	fields, ok := parsePostgresFields(body)
	if !ok {
		return reply{}, malformed("malformed PostgreSQL ErrorResponse")
	}
	return reply{code: "E" + fields['C'], line: "E " + fields['S'] + " " + fields['C'] + ": " + fields['M']}, nil
}

// parsePostgresFields parses the fields of an ErrorResponse body: each a
// type byte and a NUL-terminated string, the last followed by a zero byte
// that ends the body.
func parsePostgresFields(body []byte) (map[byte]string, bool) {
	fields := make(map[byte]string)
	for {
		if len(body) == 0 {
			return nil, false
		}
		t := body[0]
		if t == 0 {
			return fields, len(body) == 1
		}
		i := bytes.IndexByte(body[1:], 0)
		if i < 0 {
			return nil, false
		}
		fields[t] = string(body[1 : 1+i])
		body = body[2+i:]
	}
}

// cstring reads a NUL-terminated string of at most MaxLine bytes.
func (r *reader) cstring() (string, error) {
	b, err := r.br.ReadSlice(0)
	if cerr := r.count(len(b)); cerr != nil {
		return "", cerr
	}
	switch {
	case err == nil:
		return string(b[:len(b)-1]), nil
	case errors.Is(err, bufio.ErrBufferFull):
		return "", malformed("string longer than %d bytes", MaxLine)
	}
	return "", r.eofErr(err, len(b) > 0)
}
