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
