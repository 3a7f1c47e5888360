package scanner

// SSHObservation is what an SSH server shows before any authentication:
// its identification string (RFC 4253 §4.2), the algorithm lists of its
// first SSH_MSG_KEXINIT (§7.1) in its order of preference, the host keys
// it signs key exchanges with, and the Diffie-Hellman modulus its group
// exchange gives a client asking for 1024 bits (RFC 4419).
//
// A list the probe could not read is unknown, not empty: KexInit says why.
type SSHObservation struct {
	// Banner is the server's identification string without CR LF
	// ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"); the lines a server may
	// send before it are not kept. Empty when none was read (Error of the
	// result says why).
	Banner string `json:"banner,omitempty"`
	// ProtoVersion is the protocol version the banner names: "2.0", or
	// "1.99" (a server that also speaks SSH 1), "1.5", ...
	ProtoVersion string `json:"proto_version,omitempty"`
	// Software is the banner's software version field ("OpenSSH_9.2p1").
	Software string `json:"software,omitempty"`

	// The KEXINIT name-lists, in the server's order. Ciphers and MACs are
	// the client-to-server lists; the server-to-client ones are given
	// only when they differ.
	Kex                   []string `json:"kex,omitempty"`
	HostKeyAlgorithms     []string `json:"host_key_algorithms,omitempty"`
	Ciphers               []string `json:"ciphers,omitempty"`
	MACs                  []string `json:"macs,omitempty"`
	CiphersServerToClient []string `json:"ciphers_server_to_client,omitempty"`
	MACsServerToClient    []string `json:"macs_server_to_client,omitempty"`
	Compression           []string `json:"compression,omitempty"`
	// KexInit is set when the server's KEXINIT could not be read: every
	// list above is then unknown.
	KexInit *Unknown `json:"kexinit_unknown,omitempty"`

	// HostKeys has one entry per host key algorithm of the KEXINIT, in
	// its order: the key the server signed an exchange with under that
	// algorithm, or why it is unknown.
	HostKeys []SSHHostKey `json:"host_keys,omitempty"`

	// GroupExchange is the modulus the server's
	// diffie-hellman-group-exchange gives a client asking for min 1024,
	// preferred 1024, max 8192 bits (a server with moduli below 2048 bits
	// shows one); nil when the KEXINIT offers no group exchange.
	GroupExchange *SSHGroupExchange `json:"group_exchange,omitempty"`

	// Auth is the server's answer to a "none" user authentication
	// request; nil when the probe did not ask.
	Auth *SSHAuth `json:"auth,omitempty"`

	// LegacyServices is what the server's address answers on the ports
	// of the services SSH replaces (telnet, rlogin, rsh, FTP), one entry
	// per port asked, in port order; nil when the probe did not ask.
	LegacyServices []LegacyService `json:"legacy_services,omitempty"`
}

// SSHAuth is the answer to a "none" user authentication request (RFC 4252
// §5.2) sent for User once a key exchange has completed: the server
// either lets the user in without authentication or lists the methods
// that can continue. No credential is ever sent.
type SSHAuth struct {
	// User is the user name the request named.
	User string `json:"user"`
	// Methods are the authentication methods that can continue
	// ("publickey", "password", "keyboard-interactive",
	// "gssapi-with-mic", "hostbased", ...), in the server's order; empty
	// when the server lists none, or when NoneAccepted.
	Methods []string `json:"methods,omitempty"`
	// NoneAccepted is set when the server accepted the "none" request:
	// the user was let in without any authentication.
	NoneAccepted bool `json:"none_accepted,omitempty"`
	// Unknown is set when the answer could not be read (the key exchange
	// or the service request failed): Methods and NoneAccepted are then
	// unknown.
	Unknown *Unknown `json:"unknown,omitempty"`
}

// PortState is what a TCP connection attempt to a port found.
type PortState string

const (
	PortOpen     PortState = "open"     // the connection was accepted
	PortClosed   PortState = "closed"   // refused (TCP reset)
	PortFiltered PortState = "filtered" // no answer to the connection attempt before the deadline
	PortUnknown  PortState = "unknown"  // not established: Reason says why
)

// LegacyService is what the address of an SSH server answers on the port
// of one service SSH replaces (ANSSI OpenSSH guide R2 to R4): telnet
// (23/tcp), rlogin (513/tcp), rsh and rcp (514/tcp), FTP (21/tcp).
type LegacyService struct {
	Port    uint16    `json:"port"`
	Service string    `json:"service"` // "telnet", "rlogin", "rsh", "ftp"
	State   PortState `json:"state"`
	Reason  Reason    `json:"reason,omitempty"` // set when State is unknown
	Detail  string    `json:"detail,omitempty"`
	// Banner is what the service sent first, within a short wait, with
	// bytes outside printable ASCII written as \xNN; at most 128 bytes
	// are read.
	Banner string `json:"banner,omitempty"`
	// Confirmed is set when the answer is the service's own: telnet
	// option negotiation (IAC), an FTP 220 greeting.
	Confirmed bool `json:"confirmed,omitempty"`
	// AuthTLS is, for a confirmed FTP server, whether it accepted AUTH
	// TLS (RFC 4217); nil when not asked.
	AuthTLS *bool `json:"auth_tls,omitempty"`
}

// SSHHostKey is the host key behind one host key algorithm.
type SSHHostKey struct {
	// Algorithm is the host key algorithm ("rsa-sha2-512", "ssh-ed25519",
	// "ecdsa-sha2-nistp256", "ssh-rsa-cert-v01@openssh.com", ...).
	Algorithm string `json:"algorithm"`
	// Status is supported when the key was seen: the server signed a key
	// exchange with this algorithm, or with another one of the same key
	// (rsa-sha2-256, rsa-sha2-512 and ssh-rsa share one RSA key: Detail
	// says which algorithm showed it); unknown otherwise, with Reason.
	Status Status `json:"status"`
	Reason Reason `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Type is the key's own type ("ssh-rsa" for the rsa-sha2-* algorithms,
	// "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-dss"); for a host
	// certificate, the type of the certified key.
	Type string `json:"type,omitempty"`
	// Bits is the key size: the RSA or DSA modulus, the curve's order.
	Bits int `json:"bits,omitempty"`
	// SHA256 is the fingerprint as ssh-keygen -l prints it
	// ("SHA256:" and unpadded base64 of the key blob's SHA-256).
	SHA256 string `json:"sha256,omitempty"`
	// SPKISHA256 is the SHA-256 of the key as an X.509
	// SubjectPublicKeyInfo (lower-case hex), as a TLS certificate's key is
	// identified (pki.Certificate.SPKISHA256): one key serving as both is
	// seen by comparing them. Empty for a key X.509 cannot encode.
	SPKISHA256 string `json:"spki_sha256,omitempty"`
	// Certificate describes a host certificate (*-cert-v01@openssh.com):
	// the signing CA's key.
	Certificate *SSHHostCertificate `json:"certificate,omitempty"`
}

// SSHHostCertificate is what a host certificate says of its CA.
type SSHHostCertificate struct {
	CAType   string `json:"ca_type"`
	CABits   int    `json:"ca_bits"`
	CASHA256 string `json:"ca_sha256"`
}

// SSHGroupExchange is the answer to a diffie-hellman-group-exchange request
// for min 1024, preferred 1024, max 8192 bits. OpenSSH raises such a
// request to 2048 bits and answers with its smallest suitable modulus; with
// none in its moduli file it falls back to a fixed group sized by the
// maximum (8192 bits here), so the answer is not always the smallest
// modulus it could use, but a modulus below 2048 bits is always shown.
type SSHGroupExchange struct {
	// Algorithm is the group exchange method asked
	// ("diffie-hellman-group-exchange-sha256", or -sha1 when alone).
	Algorithm string `json:"algorithm"`
	Status    Status `json:"status"` // supported with Bits; unknown with Reason
	Reason    Reason `json:"reason,omitempty"`
	Detail    string `json:"detail,omitempty"`
	Bits      int    `json:"bits,omitempty"`
}
