package starttls

import (
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// RFC 4511, Section 4.14.1: the StartTLS extended operation.
const ldapStartTLSOID = "1.3.6.1.4.1.1466.20037"

// LDAP tags (RFC 4511, Section 4.2 and Appendix B): protocol operations are
// [APPLICATION n], constructed; the fields of an ExtendedRequest and an
// ExtendedResponse are [n] context-specific.
const (
	tagSequence       = 0x30
	tagInteger        = 0x02
	tagOctetString    = 0x04
	tagEnumerated     = 0x0A
	tagExtendedReq    = 0x40 | 0x20 | 23 // [APPLICATION 23]
	tagExtendedResp   = 0x40 | 0x20 | 24 // [APPLICATION 24]
	tagRequestName    = 0x80 | 0         // [0] LDAPOID
	tagReferral       = 0x80 | 0x20 | 3  // [3] Referral
	tagResponseName   = 0x80 | 10        // [10] LDAPOID
	tagResponseValue  = 0x80 | 11        // [11] OCTET STRING
	tagControls       = 0x80 | 0x20 | 0  // [0] Controls, after protocolOp
	ldapMaxMessageLen = MaxLine          // a StartTLS response is a few dozen bytes
)

// ldapStartTLSRequest is the LDAPMessage { messageID 1, ExtendedRequest {
// requestName 1.3.6.1.4.1.1466.20037 } } (RFC 4511, Sections 4.2 and 4.12).
var ldapStartTLSRequest = func() []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(asn1.Tag(tagExtendedReq), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.Tag(tagRequestName), func(b *cryptobyte.Builder) {
				b.AddBytes([]byte(ldapStartTLSOID))
			})
		})
	})
	return b.BytesOrPanic()
}()

// ldapExtendedResponse is an LDAPMessage carrying an ExtendedResponse
// (RFC 4511, Section 4.12):
//
//	LDAPMessage ::= SEQUENCE { messageID MessageID, protocolOp ..., controls [0] Controls OPTIONAL }
//	ExtendedResponse ::= [APPLICATION 24] SEQUENCE {
//	     COMPONENTS OF LDAPResult,   -- resultCode, matchedDN, diagnosticMessage, referral [3] OPTIONAL
//	     responseName     [10] LDAPOID OPTIONAL,
//	     responseValue    [11] OCTET STRING OPTIONAL }
//
// It is parsed as BER, not DER: servers send long-form lengths where a
// short form would do (Active Directory always uses four length bytes).
type ldapExtendedResponse struct {
	messageID         int64
	resultCode        int64
	matchedDN         []byte
	diagnosticMessage []byte
	responseName      []byte // nil when absent
}

// marshal encodes the response in DER (the fake servers' side).
func (m *ldapExtendedResponse) marshal() ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(m.messageID)
		b.AddASN1(asn1.Tag(tagExtendedResp), func(b *cryptobyte.Builder) {
			b.AddASN1Enum(m.resultCode)
			b.AddASN1OctetString(m.matchedDN)
			b.AddASN1OctetString(m.diagnosticMessage)
			if m.responseName != nil {
				b.AddASN1(asn1.Tag(tagResponseName), func(b *cryptobyte.Builder) {
					b.AddBytes(m.responseName)
				})
			}
		})
	})
	return b.Bytes()
}

// unmarshal parses one whole LDAPMessage. A referral, a responseValue and
// controls are accepted and ignored.
func (m *ldapExtendedResponse) unmarshal(data []byte) bool {
	*m = ldapExtendedResponse{}
	s := berString(data)
	var msg, op berString
	if !s.read(tagSequence, &msg) || !s.empty() ||
		!msg.readInt(tagInteger, &m.messageID) || m.messageID < 0 ||
		!msg.read(tagExtendedResp, &op) {
		return false
	}
	var controls berString
	if msg.peek(tagControls) && !msg.read(tagControls, &controls) {
		return false
	}
	if !msg.empty() {
		return false
	}
	var dn, diag, name, value, referral berString
	if !op.readInt(tagEnumerated, &m.resultCode) || m.resultCode < 0 ||
		!op.read(tagOctetString, &dn) || !op.read(tagOctetString, &diag) {
		return false
	}
	m.matchedDN, m.diagnosticMessage = []byte(dn), []byte(diag)
	if op.peek(tagReferral) && !op.read(tagReferral, &referral) {
		return false
	}
	if op.peek(tagResponseName) {
		if !op.read(tagResponseName, &name) {
			return false
		}
		m.responseName = append([]byte{}, name...)
	}
	if op.peek(tagResponseValue) && !op.read(tagResponseValue, &value) {
		return false
	}
	return op.empty()
}

// berString is BER input: single-byte tags, definite lengths in short or
// long form (up to four length bytes, minimal or not).
type berString []byte

func (s *berString) empty() bool { return len(*s) == 0 }

func (s *berString) peek(tag byte) bool { return len(*s) > 0 && (*s)[0] == tag }

// read reads one element of the given tag into out (its contents).
func (s *berString) read(tag byte, out *berString) bool {
	in := *s
	if len(in) < 2 || in[0] != tag {
		return false
	}
	n, hdr, ok := berLength(in[1:])
	if !ok || n > len(in)-1-hdr {
		return false
	}
	*out = in[1+hdr : 1+hdr+n]
	*s = in[1+hdr+n:]
	return true
}

// readInt reads an INTEGER or ENUMERATED of at most 8 bytes.
func (s *berString) readInt(tag byte, out *int64) bool {
	var c berString
	if !s.read(tag, &c) || len(c) == 0 || len(c) > 8 {
		return false
	}
	v := int64(int8(c[0]))
	for _, b := range c[1:] {
		v = v<<8 | int64(b)
	}
	*out = v
	return true
}

// berLength decodes a definite length: its value and how many bytes it
// took. Indefinite lengths (0x80) are not allowed in LDAP (RFC 4511,
// Section 5.1).
func berLength(b []byte) (n, size int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	if b[0] < 0x80 {
		return int(b[0]), 1, true
	}
	k := int(b[0] & 0x7f)
	if k == 0 || k > 4 || len(b) < 1+k {
		return 0, 0, false
	}
	var v uint32
	for _, c := range b[1 : 1+k] {
		v = v<<8 | uint32(c)
	}
	if v > 1<<30 {
		return 0, 0, false
	}
	return int(v), 1 + k, true
}

// ldapResponse reads one LDAPMessage (a SEQUENCE whose length is checked
// before its contents are read) and parses it as the ExtendedResponse to
// message 1, or an unsolicited notification (message 0, RFC 4511, Section
// 4.4). Its code is the resultCode in decimal.
func ldapResponse(r *reader) (reply, error) {
	hdr, err := r.full(2)
	if err != nil {
		return reply{}, err
	}
	if hdr[0] != tagSequence {
		return reply{}, malformed("LDAP message starts with 0x%02X, not a SEQUENCE", hdr[0])
	}
	if hdr[1] == 0x80 || hdr[1] > 0x84 {
		return reply{}, malformed("LDAP message length 0x%02X out of bounds", hdr[1])
	}
	if hdr[1] > 0x80 {
		more, err := r.full(int(hdr[1] & 0x7f))
		if err != nil {
			return reply{}, err
		}
		hdr = append(hdr, more...)
	}
	n, _, ok := berLength(hdr[1:])
	if !ok || n > ldapMaxMessageLen {
		return reply{}, malformed("LDAP message length % X out of bounds", hdr[1:])
	}
	body, err := r.full(n)
	if err != nil {
		return reply{}, err
	}
	var m ldapExtendedResponse
	if !m.unmarshal(append(hdr, body...)) {
		return reply{}, malformed("not an LDAP ExtendedResponse: % X", cut(string(body)))
	}
	if m.messageID != 1 && m.messageID != 0 {
		return reply{}, malformed("LDAP response to message %d, not 1", m.messageID)
	}
	line := fmt.Sprintf("resultCode %d", m.resultCode)
	if len(m.diagnosticMessage) > 0 {
		line += ": " + string(m.diagnosticMessage)
	}
	return reply{code: fmt.Sprint(m.resultCode), line: line}, nil
}
