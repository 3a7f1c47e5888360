package starttls

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// RFC 6120 namespaces.
const (
	nsStreams      = "http://etherx.jabber.org/streams"
	nsTLS          = "urn:ietf:params:xml:ns:xmpp-tls"
	nsStreamErrors = "urn:ietf:params:xml:ns:xmpp-streams"
)

// xmppStartTLS is the STARTTLS command (RFC 6120, Section 5.4.2.1).
const xmppStartTLS = "<starttls xmlns='" + nsTLS + "'/>"

// xmppElement reads the next top-level element of the server's stream,
// first reading the stream header when it has not been read yet. Its code:
//
//	features        <stream:features>; caps are its children ("starttls"
//	                only in the TLS namespace)
//	proceed         <proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>
//	failure         <failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>
//	error:COND      <stream:error> with the defined condition COND
//	end             </stream:stream>
//	element:NAME    anything else
//
// Comments, processing instructions and DTDs inside the stream, and text
// between elements, are malformed (RFC 6120, Section 11.1).
func xmppElement(r *reader) (reply, error) {
	if r.xml == nil {
		r.xml = xml.NewDecoder(r)
		r.xml.Strict = true
		if err := xmppHeader(r); err != nil {
			return reply{}, err
		}
	}
	for {
		tok, err := xmppToken(r)
		if err != nil {
			return reply{}, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return reply{}, malformed("text in the XMPP stream")
			}
		case xml.EndElement:
			return reply{code: "end", line: "</stream:stream>"}, nil
		case xml.StartElement:
			return xmppChild(r, t)
		default:
			return reply{}, malformed("%T in the XMPP stream", tok)
		}
	}
}

// xmppHeader reads up to the server's <stream:stream> start tag (RFC 6120,
// Section 4.7), after an optional XML declaration.
func xmppHeader(r *reader) error {
	for {
		tok, err := xmppToken(r)
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				return malformed("processing instruction %q before the XMPP stream", t.Target)
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return malformed("text before the XMPP stream")
			}
		case xml.StartElement:
			if t.Name.Space != nsStreams || t.Name.Local != "stream" {
				return malformed("XMPP stream opened with <%s>", t.Name.Local)
			}
			return nil
		default:
			return malformed("%T before the XMPP stream", tok)
		}
	}
}

// xmppChild reads the rest of the element start opened, and names it.
func xmppChild(r *reader, start xml.StartElement) (reply, error) {
	var rep reply
	name := start.Name
	switch {
	case name.Space == nsStreams && name.Local == "features":
		rep.code = "features"
	case name.Space == nsTLS && (name.Local == "proceed" || name.Local == "failure"):
		rep.code = name.Local
	case name.Space == nsStreams && name.Local == "error":
		rep.code = "error:"
	default:
		rep.code = "element:" + name.Local
	}
	for depth := 1; depth > 0; {
		tok, err := xmppToken(r)
		if err != nil {
			return reply{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 1 {
				switch {
				case rep.code == "features" && t.Name.Local == "starttls" && t.Name.Space != nsTLS:
					rep.caps = append(rep.caps, "{"+t.Name.Space+"}starttls")
				case rep.code == "features":
					rep.caps = append(rep.caps, t.Name.Local)
				case rep.code == "error:" && t.Name.Space == nsStreamErrors && t.Name.Local != "text":
					rep.code += t.Name.Local
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
		default:
			return reply{}, malformed("%T in the XMPP stream", tok)
		}
	}
	rep.line = rep.code
	if len(rep.caps) > 0 {
		rep.line += " " + strings.Join(rep.caps, " ")
	}
	return rep, nil
}

// xmppToken is the decoder's next token. The reader's own errors (a
// bound, a timeout, the end of the stream) come back as they are; any
// other error is the decoder's complaint about the bytes.
func xmppToken(r *reader) (xml.Token, error) {
	tok, err := r.xml.Token()
	switch {
	case err == nil:
		return tok, nil
	case r.eof && r.n == 0:
		return nil, io.EOF
	case r.eof:
		return nil, io.ErrUnexpectedEOF
	case r.err != nil:
		return nil, r.err
	}
	return nil, malformed("XMPP: %v", err)
}
