package starttls

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// reader reads the server's side of a dialogue, counting every byte
// against MaxReply. Its buffer is MaxLine bytes, so a line that does not
// fit is too long. Nothing read from the connection is ever dropped: what
// is buffered past the last reply stays in br, where run finds it.
type reader struct {
	br  *bufio.Reader
	n   int          // bytes consumed so far
	eof bool         // the connection ended
	err error        // the last error ReadByte returned
	xml *xml.Decoder // the XMPP stream, once its header is read
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

func (r *reader) count(k int) error {
	r.n += k
	if r.n > MaxReply {
		return malformed("reply longer than %d bytes", MaxReply)
	}
	return nil
}

// eofErr turns the end of the stream into io.EOF when nothing of the
// message was read, io.ErrUnexpectedEOF otherwise.
func (r *reader) eofErr(err error, partial bool) error {
	if err == io.EOF {
		r.eof = true
		if partial {
			return io.ErrUnexpectedEOF
		}
	}
	return err
}

// line reads one line, ended by LF (CRLF or a bare LF), and returns it
// without its line ending.
func (r *reader) line() (string, error) {
	b, err := r.br.ReadSlice('\n')
	if cerr := r.count(len(b)); cerr != nil {
		return "", cerr
	}
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return "", malformed("line longer than %d bytes", MaxLine)
	case err != nil:
		return "", r.eofErr(err, len(b) > 0)
	}
	b = b[:len(b)-1]
	if len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	return string(b), nil
}

// full reads exactly n bytes.
func (r *reader) full(n int) ([]byte, error) {
	if n < 0 || r.n+n > MaxReply {
		return nil, malformed("reply longer than %d bytes", MaxReply)
	}
	b := make([]byte, n)
	k, err := io.ReadFull(r.br, b)
	r.n += k
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		r.eof = true
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// ReadByte is for the XML decoder (only), which then reads no further than
// the end of the element it returns.
func (r *reader) ReadByte() (byte, error) {
	c, err := r.br.ReadByte()
	if err == nil {
		err = r.count(1)
	}
	if err == nil && c < ' ' && c != '\t' && c != '\n' && c != '\r' {
		// XML 1.0, Section 2.2: no C0 control character is allowed
		// anywhere. Refused here, as the decoder only checks text once it
		// has all of it.
		err = malformed("control character 0x%02X in XML", c)
	}
	if err != nil {
		if err == io.EOF {
			r.eof = true
		}
		r.err = err
		return 0, err
	}
	return c, nil
}

// Read makes reader an io.Reader for the decoder; it never reads past one
// byte, so that the decoder buffers nothing of its own.
func (r *reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	p[0] = c
	return 1, nil
}

// numericReply reads an SMTP (RFC 5321, Section 4.2) or FTP (RFC 959,
// Section 4.2) reply: lines "ddd-text" up to the line "ddd text" (or
// "ddd") with the code of the first line. Inside a multiline reply, lines
// without that code are text (RFC 959 allows them). caps lists the first
// word of each coded line but the first, whose first word is the server's
// name in an EHLO reply: the EHLO keywords.
func numericReply(r *reader) (reply, error) {
	var rep reply
	for i := 0; ; i++ {
		if i == MaxLines {
			return rep, malformed("reply longer than %d lines", MaxLines)
		}
		line, err := r.line()
		if err != nil {
			return rep, err
		}
		code, last, text, ok := splitNumeric(line)
		if i == 0 {
			if !ok {
				return rep, malformed("not a numeric reply: %q", cut(line))
			}
			rep.code, rep.line = code, line
		}
		if !ok || code != rep.code {
			continue
		}
		if kw, _, _ := strings.Cut(text, " "); kw != "" && i > 0 {
			rep.caps = append(rep.caps, kw)
		}
		if last {
			return rep, nil
		}
	}
}

// splitNumeric splits "250-text", "250 text" or "250".
func splitNumeric(line string) (code string, last bool, text string, ok bool) {
	if len(line) < 3 || line[0] < '1' || line[0] > '5' || !isDigit(line[1]) || !isDigit(line[2]) {
		return "", false, "", false
	}
	switch {
	case len(line) == 3:
		return line, true, "", true
	case line[3] == ' ':
		return line[:3], true, line[4:], true
	case line[3] == '-':
		return line[:3], false, line[4:], true
	}
	return "", false, "", false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// imapResponse reads an IMAP greeting (tag "") or the response tagged tag,
// skipping the untagged data before it (RFC 3501, Section 7). An untagged
// BYE ends the wait: the server is closing.
func imapResponse(tag string) func(r *reader) (reply, error) {
	return func(r *reader) (reply, error) {
		for i := 0; ; i++ {
			if i == MaxLines {
				return reply{}, malformed("more than %d untagged lines", MaxLines)
			}
			line, err := r.line()
			if err != nil {
				return reply{}, err
			}
			first, rest, _ := strings.Cut(line, " ")
			status, _, _ := strings.Cut(rest, " ")
			status = strings.ToUpper(status)
			switch {
			case first == "*" && tag == "":
				// RFC 3501, Section 7.1: greeting is OK, PREAUTH or BYE.
				if status != "OK" && status != "PREAUTH" && status != "BYE" {
					return reply{}, malformed("not an IMAP greeting: %q", cut(line))
				}
				return reply{code: status, line: line}, nil
			case first == "*" && status == "BYE":
				return reply{code: status, line: line}, nil
			case first == "*":
				continue
			case first == tag && tag != "":
				if status != "OK" && status != "NO" && status != "BAD" {
					return reply{}, malformed("not an IMAP status response: %q", cut(line))
				}
				return reply{code: status, line: line}, nil
			}
			return reply{}, malformed("unexpected IMAP line: %q", cut(line))
		}
	}
}

// statusLine reads a POP3 status line (RFC 1939, Section 3): +OK or -ERR.
func statusLine(r *reader) (reply, error) {
	line, err := r.line()
	if err != nil {
		return reply{}, err
	}
	status, _, _ := strings.Cut(line, " ")
	if status != "+OK" && status != "-ERR" {
		return reply{}, malformed("not a POP3 status line: %q", cut(line))
	}
	return reply{code: status, line: line}, nil
}

// cut shortens s for an error message.
func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
