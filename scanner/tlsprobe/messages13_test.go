package tlsprobe

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/crypto/cryptobyte"
)

// roundTripCases13 are valid TLS 1.3 messages of messages13.go whose
// unmarshal gives them back.
func roundTripCases13() []struct {
	name string
	msg  codecMessage
	zero func() codecMessage
} {
	ee := func() codecMessage { return new(encryptedExtensionsMsg) }
	cr := func() codecMessage { return new(certificateRequestMsgTLS13) }
	nst := func() codecMessage { return new(newSessionTicketMsgTLS13) }
	return []struct {
		name string
		msg  codecMessage
		zero func() codecMessage
	}{
		{"EncryptedExtensions full", &encryptedExtensionsMsg{
			extensions:    []uint16{extServerName, extMaxFragmentLength, extSupportedGroups, extALPN, extRecordSizeLimit, extEarlyData, 0x4444, extHeartbeat},
			serverNameAck: true, maxFragmentLength: 2, supportedGroups: []uint16{0x001D, 0x0017}, alpnProtocol: "h2",
			recordSizeLimit: 0x4001, earlyData: true,
			unknown: []extension{{typ: 0x4444, data: []byte{1, 2, 3}}, {typ: extHeartbeat, data: []byte{1}}},
		}, ee},
		{"EncryptedExtensions empty", &encryptedExtensionsMsg{extensions: []uint16{}}, ee},
		{"EncryptedExtensions empty groups", &encryptedExtensionsMsg{extensions: []uint16{extSupportedGroups, 0x0A0A}, supportedGroups: []uint16{}, unknown: []extension{{typ: 0x0A0A}}}, ee},
		{"CertificateRequest", &certificateRequestMsgTLS13{
			requestContext:          []byte{9, 8},
			extensions:              []uint16{extSignatureAlgorithms, extStatusRequest, extSCT, extCertificateAuthorities, extSignatureAlgorithmsCert, 48},
			signatureAlgorithms:     []uint16{0x0403, 0x0804},
			signatureAlgorithmsCert: []uint16{0x0401},
			certificateAuthorities:  [][]byte{bytes.Repeat([]byte{0x30}, 70), {0x30, 0}},
			unknown:                 []extension{{typ: extStatusRequest}, {typ: extSCT}, {typ: 48, data: []byte{0, 2, 1, 1}}},
		}, cr},
		{"CertificateRequest minimal", &certificateRequestMsgTLS13{extensions: []uint16{extSignatureAlgorithms}, signatureAlgorithms: []uint16{0x0807}}, cr},
		{"CertificateVerify", &certificateVerifyMsg{scheme: 0x0804, signature: bytes.Repeat([]byte{7}, 256)}, func() codecMessage { return new(certificateVerifyMsg) }},
		{"CertificateVerify empty signature", &certificateVerifyMsg{scheme: 0x0403}, func() codecMessage { return new(certificateVerifyMsg) }},
		{"Finished", &finishedMsg{verifyData: bytes.Repeat([]byte{3}, 48)}, func() codecMessage { return new(finishedMsg) }},
		{"EndOfEarlyData", &endOfEarlyDataMsg{}, func() codecMessage { return new(endOfEarlyDataMsg) }},
		{"NewSessionTicket", &newSessionTicketMsgTLS13{
			lifetime: 7200, ageAdd: 0xDEADBEEF, nonce: []byte{0, 1}, ticket: bytes.Repeat([]byte{0xAB}, 200),
			extensions: []uint16{0x5A5A, extEarlyData}, earlyData: true, maxEarlyData: 16384,
			unknown: []extension{{typ: 0x5A5A, data: []byte("grease")}},
		}, nst},
		{"NewSessionTicket minimal", &newSessionTicketMsgTLS13{ticket: []byte{1}, extensions: []uint16{}}, nst},
	}
}

func TestMessage13WrongType(t *testing.T) {
	for _, tc := range roundTripCases13() {
		data, _ := tc.msg.marshal()
		for _, other := range roundTripCases13() {
			if reflect.TypeOf(other.msg) == reflect.TypeOf(tc.msg) {
				continue
			}
			if other.zero().unmarshal(data) {
				t.Errorf("%s parsed as %T", tc.name, other.msg)
			}
		}
	}
}

// rawMessage builds a handshake message of type typ: body, then an
// extension block holding exts verbatim.
func rawMessage(typ uint8, body []byte, exts ...extension) []byte {
	var b cryptobyte.Builder
	b.AddUint8(typ)
	b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddBytes(body)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			for _, e := range exts {
				b.AddUint16(e.typ)
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(e.data) })
			}
		})
	})
	return b.BytesOrPanic()
}

func TestMessage13Malformed(t *testing.T) {
	ticketBody := []byte{0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 0xAA}
	ee := func() codecMessage { return new(encryptedExtensionsMsg) }
	cr := func() codecMessage { return new(certificateRequestMsgTLS13) }
	nst := func() codecMessage { return new(newSessionTicketMsgTLS13) }
	for name, tc := range map[string]struct {
		data []byte
		zero func() codecMessage
	}{
		"EncryptedExtensions duplicate":                {rawMessage(typeEncryptedExtensions, nil, extension{typ: 0x4444}, extension{typ: 0x4444}), ee},
		"EncryptedExtensions known duplicate":          {rawMessage(typeEncryptedExtensions, nil, extension{typ: extEarlyData}, extension{typ: extEarlyData}), ee},
		"EncryptedExtensions two ALPN protocols":       {rawMessage(typeEncryptedExtensions, nil, extension{extALPN, []byte{0, 6, 2, 'h', '2', 2, 'h', '3'}}), ee},
		"EncryptedExtensions empty ALPN protocol":      {rawMessage(typeEncryptedExtensions, nil, extension{extALPN, []byte{0, 1, 0}}), ee},
		"EncryptedExtensions early_data with data":     {rawMessage(typeEncryptedExtensions, nil, extension{extEarlyData, []byte{0}}), ee},
		"EncryptedExtensions server_name with data":    {rawMessage(typeEncryptedExtensions, nil, extension{extServerName, []byte{0}}), ee},
		"EncryptedExtensions zero max_fragment_length": {rawMessage(typeEncryptedExtensions, nil, extension{extMaxFragmentLength, []byte{0}}), ee},
		"EncryptedExtensions long record_size_limit":   {rawMessage(typeEncryptedExtensions, nil, extension{extRecordSizeLimit, []byte{0x40, 0, 1}}), ee},
		"EncryptedExtensions odd groups":               {rawMessage(typeEncryptedExtensions, nil, extension{extSupportedGroups, []byte{0, 1, 0}}), ee},
		"CertificateRequest empty authority list":      {rawMessage(typeCertificateRequest, []byte{0}, extension{extCertificateAuthorities, []byte{0, 0}}), cr},
		"CertificateRequest empty name":                {rawMessage(typeCertificateRequest, []byte{0}, extension{extCertificateAuthorities, []byte{0, 2, 0, 0}}), cr},
		"CertificateRequest duplicate":                 {rawMessage(typeCertificateRequest, []byte{0}, extension{extSignatureAlgorithms, []byte{0, 2, 4, 3}}, extension{extSignatureAlgorithms, []byte{0, 2, 4, 3}}), cr},
		"CertificateRequest no context":                {rawMessage(typeCertificateRequest, nil), cr},
		"NewSessionTicket empty ticket":                {rawMessage(typeNewSessionTicket, append(ticketBody[:9:9], 0, 0), extension{typ: 0x0A0A}), nst},
		"NewSessionTicket short early_data":            {rawMessage(typeNewSessionTicket, ticketBody, extension{extEarlyData, []byte{0, 0, 4}}), nst},
		"NewSessionTicket long early_data":             {rawMessage(typeNewSessionTicket, ticketBody, extension{extEarlyData, []byte{0, 0, 4, 0, 0}}), nst},
		"Finished empty":                               {[]byte{typeFinished, 0, 0, 0}, func() codecMessage { return new(finishedMsg) }},
		"EndOfEarlyData with a body":                   {[]byte{typeEndOfEarlyData, 0, 0, 1, 0}, func() codecMessage { return new(endOfEarlyDataMsg) }},
	} {
		if tc.zero().unmarshal(tc.data) {
			t.Errorf("%s: %x parsed", name, tc.data)
		}
	}
	// The same builder makes messages that parse.
	for name, tc := range map[string]struct {
		data []byte
		zero func() codecMessage
	}{
		"EncryptedExtensions": {rawMessage(typeEncryptedExtensions, nil, extension{extALPN, []byte{0, 3, 2, 'h', '2'}}, extension{typ: 0x4444, data: []byte{1}}), ee},
		"CertificateRequest":  {rawMessage(typeCertificateRequest, []byte{0}, extension{extCertificateAuthorities, []byte{0, 3, 0, 1, 0x30}}), cr},
		"NewSessionTicket":    {rawMessage(typeNewSessionTicket, ticketBody, extension{extEarlyData, []byte{0, 0, 4, 0}}), nst},
	} {
		if !tc.zero().unmarshal(tc.data) {
			t.Errorf("%s: %x does not parse", name, tc.data)
		}
	}
}

func TestMessage13DefaultOrder(t *testing.T) {
	m := &encryptedExtensionsMsg{earlyData: true, alpnProtocol: "h2", serverNameAck: true, unknown: []extension{{typ: 0x7777, data: []byte{1}}}}
	data, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	var got encryptedExtensionsMsg
	if !got.unmarshal(data) || !slices.Equal(got.extensions, []uint16{extServerName, extALPN, extEarlyData, 0x7777}) ||
		!got.earlyData || got.alpnProtocol != "h2" || !got.serverNameAck {
		t.Errorf("EncryptedExtensions %+v", got)
	}
	nst := &newSessionTicketMsgTLS13{ticket: []byte{1}, earlyData: true, maxEarlyData: 7}
	data, _ = nst.marshal()
	var gotNST newSessionTicketMsgTLS13
	if !gotNST.unmarshal(data) || !slices.Equal(gotNST.extensions, []uint16{extEarlyData}) || gotNST.maxEarlyData != 7 {
		t.Errorf("NewSessionTicket %+v", gotNST)
	}
	cr := &certificateRequestMsgTLS13{signatureAlgorithms: []uint16{0x0403}, certificateAuthorities: [][]byte{{0x30, 0}}}
	data, _ = cr.marshal()
	var gotCR certificateRequestMsgTLS13
	if !gotCR.unmarshal(data) || !slices.Equal(gotCR.extensions, []uint16{extSignatureAlgorithms, extCertificateAuthorities}) {
		t.Errorf("CertificateRequest %+v", gotCR)
	}
}

// TestMessage13RFC8448 parses the server messages of RFC 8448, Sections 3
// and 4, and marshals them back to the same bytes.
func TestMessage13RFC8448(t *testing.T) {
	var ee encryptedExtensionsMsg
	if !ee.unmarshal(unhex(t, rfc8448EncryptedExtensions)) {
		t.Fatal("EncryptedExtensions does not parse")
	}
	if !slices.Equal(ee.extensions, []uint16{extSupportedGroups, extRecordSizeLimit, extServerName}) || !ee.serverNameAck ||
		ee.recordSizeLimit != 0x4001 || !slices.Equal(ee.supportedGroups, []uint16{0x001D, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104}) || ee.earlyData {
		t.Errorf("EncryptedExtensions %+v", ee)
	}
	var resumed encryptedExtensionsMsg
	if !resumed.unmarshal(unhex(t, rfc8448ResumedEE)) || !resumed.earlyData {
		t.Errorf("resumed EncryptedExtensions %+v", resumed)
	}
	var cert certificateMsgTLS13
	if !cert.unmarshal(unhex(t, rfc8448Certificate)) || len(cert.entries) != 1 || len(cert.entries[0].data) != 0x1b0 {
		t.Errorf("Certificate %+v", cert)
	}
	var cv certificateVerifyMsg
	if !cv.unmarshal(unhex(t, rfc8448CertificateVerify)) || cv.scheme != 0x0804 || len(cv.signature) != 128 {
		t.Errorf("CertificateVerify %+v", cv)
	}
	var fin finishedMsg
	if !fin.unmarshal(unhex(t, rfc8448ServerFinished)) || len(fin.verifyData) != 32 {
		t.Errorf("Finished %+v", fin)
	}
	var nst newSessionTicketMsgTLS13
	if !nst.unmarshal(unhex(t, rfc8448NewSessionTicket)) || nst.lifetime != 30 || nst.ageAdd != 0xfad6aac5 ||
		!bytes.Equal(nst.nonce, []byte{0, 0}) || len(nst.ticket) != 178 || !nst.earlyData || nst.maxEarlyData != 1024 {
		t.Errorf("NewSessionTicket %+v", nst)
	}
	var eoed endOfEarlyDataMsg
	if !eoed.unmarshal(unhex(t, rfc8448EndOfEarlyData)) {
		t.Error("EndOfEarlyData does not parse")
	}
	for name, m := range map[string]struct {
		msg codecMessage
		hex string
	}{
		"EncryptedExtensions": {&ee, rfc8448EncryptedExtensions}, "resumed EncryptedExtensions": {&resumed, rfc8448ResumedEE},
		"CertificateVerify": {&cv, rfc8448CertificateVerify}, "Finished": {&fin, rfc8448ServerFinished},
		"NewSessionTicket": {&nst, rfc8448NewSessionTicket},
	} {
		if out, err := m.msg.marshal(); err != nil || !bytes.Equal(out, unhex(t, m.hex)) {
			t.Errorf("%s: re-marshal %x, %v", name, out, err)
		}
	}
}
