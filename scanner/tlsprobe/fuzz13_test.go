package tlsprobe

import (
	"testing"
)

// Fuzz targets for the TLS 1.3 messages the client of client13.go reads.
// Seeds: the RFC 8448 traces and the round-trip cases. Whatever parses must
// marshal back to something that parses to the same message.

// seedCases adds the marshaled round-trip cases of type T (of messages.go
// and messages13.go) and the given hex messages.
func seedCases[T codecMessage](f *testing.F, hexMessages ...string) {
	for _, tc := range append(roundTripCases(), roundTripCases13()...) {
		if _, ok := tc.msg.(T); ok {
			data, err := tc.msg.marshal()
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, h := range hexMessages {
		f.Add(unhex(f, h))
	}
}

func FuzzEncryptedExtensions(f *testing.F) {
	seedCases[*encryptedExtensionsMsg](f, rfc8448EncryptedExtensions, rfc8448ResumedEE)
	f.Add(rawMessage(typeEncryptedExtensions, nil, extension{extALPN, []byte{0, 6, 2, 'h', '2', 2, 'h', '3'}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m encryptedExtensionsMsg
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(encryptedExtensionsMsg), nil)
		}
	})
}

func FuzzCertificate13(f *testing.F) {
	seedCases[*certificateMsgTLS13](f, rfc8448Certificate)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m certificateMsgTLS13
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(certificateMsgTLS13), nil)
		}
		// What the client does with a parsed leaf: no panic on any bytes.
		var cv certificateVerifyMsg
		if m.unmarshal(data) && len(m.entries) > 0 {
			verifyCertificateVerify13(m.entries[0].data, 0x0804, cv.signature, make([]byte, 32))
		}
	})
}

func FuzzNewSessionTicket(f *testing.F) {
	seedCases[*newSessionTicketMsgTLS13](f, rfc8448NewSessionTicket, rfc8448CertificateVerify, rfc8448ServerFinished, rfc8448EndOfEarlyData)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m newSessionTicketMsgTLS13
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(newSessionTicketMsgTLS13), nil)
		}
		for _, c := range []codecMessage{new(certificateVerifyMsg), new(finishedMsg), new(endOfEarlyDataMsg)} {
			if c.unmarshal(data) {
				checkRoundTrip(t, c, newLike(c), nil)
			}
		}
	})
}

func FuzzCertificateRequest13(f *testing.F) {
	seedCases[*certificateRequestMsgTLS13](f)
	f.Add(rawMessage(typeCertificateRequest, []byte{0}, extension{extCertificateAuthorities, []byte{0, 3, 0, 1, 0x30}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m certificateRequestMsgTLS13
		if m.unmarshal(data) {
			checkRoundTrip(t, &m, new(certificateRequestMsgTLS13), nil)
		}
	})
}

// newLike returns a zero message of the same type as m.
func newLike(m codecMessage) codecMessage {
	switch m.(type) {
	case *certificateVerifyMsg:
		return new(certificateVerifyMsg)
	case *finishedMsg:
		return new(finishedMsg)
	case *endOfEarlyDataMsg:
		return new(endOfEarlyDataMsg)
	}
	panic("newLike: unexpected type")
}
