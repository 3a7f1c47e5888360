package starttls

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// dialogue is one protocol's way from a fresh connection to the first byte
// of the server's TLS handshake.
type dialogue struct {
	name        string
	steps       []step
	needsDomain bool // the dialogue names Options.XMPPDomain
}

// step sends a message (or nothing), then reads one reply (or nothing) and
// classifies it.
type step struct {
	name string
	// send builds what to send; prev is the previous step's reply (nil
	// before the first reply).
	send func(o *Options, prev *reply) []byte
	// read frames and parses one reply; nil when the step expects none
	// (MySQL: TLS starts right after the SSL request).
	read func(r *reader) (reply, error)
	// answers are tried in order, each matching the codes it prefixes.
	answers []answer
	// otherwise is how to read a code no answer matches.
	otherwise RefusalKind
	// need is a capability the go-ahead reply must list (EHLO keyword,
	// XMPP feature, MySQL capability); without it, the step is
	// KindNotOffered.
	need string
}

// answer says what a reply code (prefix) means.
type answer struct {
	code    string
	proceed bool
	kind    RefusalKind // when !proceed
}

func goOn(code string) answer       { return answer{code: code, proceed: true} }
func busy(code string) answer       { return answer{code: code, kind: KindBusy} }
func notOffered(code string) answer { return answer{code: code, kind: KindNotOffered} }

// reply is a server's answer to a step, however framed.
type reply struct {
	code string   // what answers match: "250", "OK", "+OK", "features", "0", "S", "handshake", "ERR1040"
	line string   // the reply for people (first line, or a summary of binary replies)
	caps []string // capabilities listed: EHLO keywords, XMPP features, MySQL "SSL"
	raw  []byte   // the reply as read, for binary protocols whose next message depends on it
}

// text sends s with {ehlo} replaced by the EHLO name.
func text(s string) func(*Options, *reply) []byte {
	return func(o *Options, _ *reply) []byte {
		return []byte(strings.ReplaceAll(s, "{ehlo}", o.EHLO))
	}
}

// raw sends fixed bytes.
func raw(b []byte) func(*Options, *reply) []byte {
	return func(*Options, *reply) []byte { return b }
}

// xmppStream opens an XMPP stream (RFC 6120, Section 4.7) to the domain in
// the content namespace ns.
func xmppStream(ns string) func(*Options, *reply) []byte {
	return func(o *Options, _ *reply) []byte {
		var to bytes.Buffer
		xml.EscapeText(&to, []byte(o.XMPPDomain))
		return []byte("<?xml version='1.0'?><stream:stream to='" + to.String() +
			"' version='1.0' xmlns='" + ns + "' xmlns:stream='" + nsStreams + "'>")
	}
}

// XMPP stream errors that say the server cannot take the stream now
// (RFC 6120, Section 4.9.3): resource-constraint (no resources),
// policy-violation (used for connection limits), system-shutdown.
var xmppBusy = []answer{
	busy("error:resource-constraint"),
	busy("error:policy-violation"),
	busy("error:system-shutdown"),
}

// dialogues is the table: one entry per protocol, in the order Protocols
// lists them.
var dialogues = []dialogue{
	// RFC 5321, Section 4.2 (replies) and RFC 3207 (STARTTLS). A 4xx at
	// any step (421 too many connections, 454 TLS not available due to a
	// temporary reason) is busy; 5xx at the greeting is a refusal, at EHLO
	// or STARTTLS it means no STARTTLS.
	{name: "smtp", steps: []step{
		{name: "greeting", read: numericReply, answers: []answer{goOn("220"), busy("4")}, otherwise: KindRefused},
		{name: "ehlo", send: text("EHLO {ehlo}\r\n"), read: numericReply, answers: []answer{goOn("250"), busy("4")}, otherwise: KindNotOffered, need: "STARTTLS"},
		{name: "starttls", send: text("STARTTLS\r\n"), read: numericReply, answers: []answer{goOn("220"), busy("4")}, otherwise: KindNotOffered},
	}},
	// RFC 3501, Sections 7.1.1 (greeting) and 6.2.1 (STARTTLS). The
	// capability list is not asked for: the tagged answer to STARTTLS
	// says the same, one round trip sooner. BYE is busy (a server over its
	// connection limit says BYE); PREAUTH leaves no STARTTLS possible.
	{name: "imap", steps: []step{
		{name: "greeting", read: imapResponse(""), answers: []answer{goOn("OK"), busy("BYE"), notOffered("PREAUTH")}, otherwise: KindRefused},
		{name: "starttls", send: text("a STARTTLS\r\n"), read: imapResponse("a"), answers: []answer{goOn("OK"), busy("BYE")}, otherwise: KindNotOffered},
	}},
	// RFC 1939, Section 4 (greeting) and RFC 2595, Section 4 (STLS). A
	// -ERR greeting is a server that will not serve now ([IN-USE],
	// [SYS/TEMP], too many connections).
	{name: "pop3", steps: []step{
		{name: "greeting", read: statusLine, answers: []answer{goOn("+OK"), busy("-ERR")}, otherwise: KindRefused},
		{name: "stls", send: text("STLS\r\n"), read: statusLine, answers: []answer{goOn("+OK")}, otherwise: KindNotOffered},
	}},
	// RFC 959, Section 4.2 (replies; 120 is "service ready in nnn
	// minutes") and RFC 4217, Section 4 (AUTH TLS, 234).
	{name: "ftp", steps: []step{
		{name: "greeting", read: numericReply, answers: []answer{goOn("220"), busy("120"), busy("4")}, otherwise: KindRefused},
		{name: "auth-tls", send: text("AUTH TLS\r\n"), read: numericReply, answers: []answer{goOn("234"), busy("4")}, otherwise: KindNotOffered},
	}},
	// RFC 6120, Sections 4.3 (stream negotiation) and 5.4 (STARTTLS).
	{name: "xmpp-client", needsDomain: true, steps: []step{
		{name: "stream", send: xmppStream("jabber:client"), read: xmppElement, answers: append([]answer{goOn("features")}, xmppBusy...), otherwise: KindRefused, need: "starttls"},
		{name: "starttls", send: text(xmppStartTLS), read: xmppElement, answers: append([]answer{goOn("proceed")}, xmppBusy...), otherwise: KindNotOffered},
	}},
	{name: "xmpp-server", needsDomain: true, steps: []step{
		{name: "stream", send: xmppStream("jabber:server"), read: xmppElement, answers: append([]answer{goOn("features")}, xmppBusy...), otherwise: KindRefused, need: "starttls"},
		{name: "starttls", send: text(xmppStartTLS), read: xmppElement, answers: append([]answer{goOn("proceed")}, xmppBusy...), otherwise: KindNotOffered},
	}},
	// RFC 4511, Sections 4.14 (StartTLS) and 4.1.9 (result codes): busy
	// (51) and unavailable (52) are busy; any other failure (protocolError
	// for an unknown operation, unwillingToPerform, ...) means no StartTLS.
	{name: "ldap", steps: []step{
		{name: "starttls", send: raw(ldapStartTLSRequest), read: ldapResponse, answers: []answer{goOn("0"), busy("51"), busy("52")}, otherwise: KindNotOffered},
	}},
	// PostgreSQL protocol, "SSL Session Encryption": 'S' go on, 'N' no
	// TLS; an ErrorResponse of class 53 (insufficient resources, 53300
	// too many connections) or 57P03 (cannot connect now) is busy.
	{name: "postgres", steps: []step{
		{name: "sslrequest", send: raw(postgresSSLRequest), read: postgresAnswer, answers: []answer{goOn("S"), notOffered("N"), busy("E53"), busy("E57P03")}, otherwise: KindRefused},
	}},
	// MySQL client/server protocol: Protocol::HandshakeV10, then
	// Protocol::SSLRequest and TLS at once. Error 1040 is "Too many
	// connections"; 1129 is a host blocked after too many connection
	// errors, a throttle as well.
	{name: "mysql", steps: []step{
		{name: "handshake", read: mysqlGreeting, answers: []answer{goOn("handshake"), busy("ERR1040"), busy("ERR1129")}, otherwise: KindRefused, need: "SSL"},
		{name: "sslrequest", send: mysqlSSLRequest},
	}},
}
