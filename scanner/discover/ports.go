package discover

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Protocol names, as scanner.Endpoint.Protocol carries them. ProtocolTLS
// is TLS from the first byte; ProtocolSSH is SSH; ProtocolIKE is IKE over
// UDP (an IPsec gateway); the others are plaintext dialogues upgraded with
// STARTTLS (or its protocol's equivalent) before TLS.
const (
	ProtocolTLS        = "tls"
	ProtocolSMTP       = "smtp"
	ProtocolIMAP       = "imap"
	ProtocolPOP3       = "pop3"
	ProtocolFTP        = "ftp"
	ProtocolXMPPClient = "xmpp-client"
	ProtocolXMPPServer = "xmpp-server"
	ProtocolLDAP       = "ldap"
	ProtocolPostgres   = "postgres"
	ProtocolMySQL      = "mysql"
	ProtocolSSH        = "ssh"
	ProtocolIKE        = "ike"
)

// Protocols lists every protocol name, ProtocolTLS first, then the
// STARTTLS ones, ProtocolSSH and ProtocolIKE last.
var Protocols = []string{
	ProtocolTLS, ProtocolSMTP, ProtocolIMAP, ProtocolPOP3, ProtocolFTP,
	ProtocolXMPPClient, ProtocolXMPPServer, ProtocolLDAP, ProtocolPostgres, ProtocolMySQL,
	ProtocolSSH, ProtocolIKE,
}

// STARTTLS reports whether protocol p reaches TLS through a plaintext
// dialogue first.
func STARTTLS(p string) bool {
	return p != ProtocolTLS && p != ProtocolSSH && p != ProtocolIKE && p != ""
}

// NamesServer reports whether protocol p sends the server's name (TLS's
// server_name): SSH and IKE do not.
func NamesServer(p string) bool { return p != ProtocolSSH && p != ProtocolIKE }

// protocolAliases are other spellings accepted after a port ("5222/xmpp").
var protocolAliases = map[string]string{
	"xmpp":       ProtocolXMPPClient,
	"postgresql": ProtocolPostgres,
	"submission": ProtocolSMTP,
}

// Scheme is a URL scheme: the protocol it speaks and its default port.
type Scheme struct {
	Name     string
	Port     uint16
	Protocol string
}

// Schemes are the URL schemes a target may use, TLS from the first byte
// first, then the STARTTLS ones, then SSH and IKE (UDP).
var Schemes = []Scheme{
	{"https", 443, ProtocolTLS},
	{"smtps", 465, ProtocolTLS},
	{"submissions", 465, ProtocolTLS},
	{"imaps", 993, ProtocolTLS},
	{"pop3s", 995, ProtocolTLS},
	{"ldaps", 636, ProtocolTLS},
	{"ftps", 990, ProtocolTLS},
	{"xmpps", 5223, ProtocolTLS},
	{"smtp", 25, ProtocolSMTP},
	{"submission", 587, ProtocolSMTP},
	{"imap", 143, ProtocolIMAP},
	{"pop3", 110, ProtocolPOP3},
	{"ftp", 21, ProtocolFTP},
	{"xmpp", 5222, ProtocolXMPPClient},
	{"xmpp-server", 5269, ProtocolXMPPServer},
	{"ldap", 389, ProtocolLDAP},
	{"postgres", 5432, ProtocolPostgres},
	{"postgresql", 5432, ProtocolPostgres},
	{"mysql", 3306, ProtocolMySQL},
	{"ssh", 22, ProtocolSSH},
	{"ike", 500, ProtocolIKE},
}

func lookupScheme(name string) (Scheme, bool) {
	for _, s := range Schemes {
		if s.Name == name {
			return s, true
		}
	}
	return Scheme{}, false
}

func schemeNames() string {
	names := make([]string, len(Schemes))
	for i, s := range Schemes {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// PortProtocol is the protocol of a port given without one: the STARTTLS
// protocol of the well-known STARTTLS ports (25 and 587 smtp, 143 imap,
// 110 pop3, 21 ftp, 5222 xmpp-client, 5269 xmpp-server, 389 ldap, 5432
// postgres, 3306 mysql), ssh on 22, ike on 500 (UDP), TLS from the first
// byte for every other port.
func PortProtocol(port uint16) string {
	for _, s := range Schemes {
		if s.Protocol != ProtocolTLS && s.Port == port {
			return s.Protocol
		}
	}
	return ProtocolTLS
}

// Port is a port and the protocol to speak on it (UDP for ike, TCP for
// the others).
type Port struct {
	Number   uint16
	Protocol string
}

func (p Port) String() string {
	if p.Protocol == PortProtocol(p.Number) {
		return strconv.Itoa(int(p.Number))
	}
	return fmt.Sprintf("%d/%s", p.Number, p.Protocol)
}

// DefaultPorts are the ports of a target given without one when
// Config.Ports is empty.
var DefaultPorts = []Port{{443, ProtocolTLS}}

// ParsePorts reads a comma-separated port list such as "443,8443,993" or
// "443,2525/smtp". A port without "/PROTOCOL" gets PortProtocol's; a
// protocol is one of Protocols (or xmpp for xmpp-client). Duplicates are
// dropped, the order kept.
func ParsePorts(s string) ([]Port, error) {
	if s == "" {
		return nil, errors.New("empty port")
	}
	var ports []Port
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty port in list %q", s)
		}
		num, proto, hasProto := strings.Cut(item, "/")
		n, err := parsePortNumber(num)
		if err != nil {
			return nil, err
		}
		p := Port{n, PortProtocol(n)}
		if hasProto {
			p.Protocol, err = ParseProtocol(proto)
			if err != nil {
				return nil, err
			}
		}
		if !slices.Contains(ports, p) {
			ports = append(ports, p)
		}
	}
	return ports, nil
}

// ParseProtocol checks a protocol name (case-insensitive) and returns its
// canonical form.
func ParseProtocol(s string) (string, error) {
	name := strings.ToLower(s)
	if a, ok := protocolAliases[name]; ok {
		return a, nil
	}
	if slices.Contains(Protocols, name) {
		return name, nil
	}
	return "", hintedError{
		fmt.Errorf("unknown protocol %q", s),
		"the protocols are " + strings.Join(Protocols, ", "),
	}
}

func parsePortNumber(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", s)
	}
	return uint16(n), nil
}
