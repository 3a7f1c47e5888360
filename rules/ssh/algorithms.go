package sshrules

// The SSH algorithm names the rules grade, one literal slice per
// KEXINIT name-list, one line per algorithm, with the properties the rules
// read (RFC 4253 §6–8, RFC 4419, RFC 5656, RFC 6187, RFC 8268, RFC 8308,
// RFC 8332, RFC 8731, OpenSSH's PROTOCOL files, the IANA "Secure Shell
// (SSH) Protocol Parameters" registry). A name missing here is graded as
// unknown by every rule that meets it; no rule parses a name.

// kexKind is the family of a key exchange method.
type kexKind uint8

const (
	kexFFDH   kexKind = iota + 1 // Diffie-Hellman over a fixed finite-field group
	kexGEX                       // Diffie-Hellman group exchange: the server picks the group (RFC 4419)
	kexECDH                      // elliptic-curve Diffie-Hellman (RFC 5656, RFC 8731)
	kexHybrid                    // a post-quantum KEM combined with ECDH
	kexMarker                    // not a method: a capability marker in the kex list (RFC 8308 ext-info, OpenSSH strict kex)
)

// kexMethod is a key exchange method.
type kexMethod struct {
	name      string
	kind      kexKind
	hash      string // the exchange hash
	hashBits  int
	group     string // kexFFDH: the group
	groupBits int    // kexFFDH: the modulus size
	curve     string // kexECDH, kexHybrid: the curve of the (EC)DH part
	orderBits int    // kexECDH, kexHybrid: the size of the curve's subgroup order
	pq        string // kexHybrid: the post-quantum KEM
}

var kexMethods = []kexMethod{
	{name: "diffie-hellman-group1-sha1", kind: kexFFDH, hash: "SHA-1", hashBits: 160, group: "Oakley group 2", groupBits: 1024},                 // RFC 4253 §8.1
	{name: "diffie-hellman-group14-sha1", kind: kexFFDH, hash: "SHA-1", hashBits: 160, group: "RFC 3526 group 14", groupBits: 2048},             // RFC 4253 §8.2
	{name: "diffie-hellman-group14-sha256", kind: kexFFDH, hash: "SHA-256", hashBits: 256, group: "RFC 3526 group 14", groupBits: 2048},         // RFC 8268
	{name: "diffie-hellman-group15-sha512", kind: kexFFDH, hash: "SHA-512", hashBits: 512, group: "RFC 3526 group 15", groupBits: 3072},         // RFC 8268
	{name: "diffie-hellman-group16-sha512", kind: kexFFDH, hash: "SHA-512", hashBits: 512, group: "RFC 3526 group 16", groupBits: 4096},         // RFC 8268
	{name: "diffie-hellman-group17-sha512", kind: kexFFDH, hash: "SHA-512", hashBits: 512, group: "RFC 3526 group 17", groupBits: 6144},         // RFC 8268
	{name: "diffie-hellman-group18-sha512", kind: kexFFDH, hash: "SHA-512", hashBits: 512, group: "RFC 3526 group 18", groupBits: 8192},         // RFC 8268
	{name: "diffie-hellman-group14-sha224@ssh.com", kind: kexFFDH, hash: "SHA-224", hashBits: 224, group: "RFC 3526 group 14", groupBits: 2048}, // SSH Communications
	{name: "diffie-hellman-group14-sha256@ssh.com", kind: kexFFDH, hash: "SHA-256", hashBits: 256, group: "RFC 3526 group 14", groupBits: 2048},
	{name: "diffie-hellman-group15-sha256@ssh.com", kind: kexFFDH, hash: "SHA-256", hashBits: 256, group: "RFC 3526 group 15", groupBits: 3072},
	{name: "diffie-hellman-group15-sha384@ssh.com", kind: kexFFDH, hash: "SHA-384", hashBits: 384, group: "RFC 3526 group 15", groupBits: 3072},
	{name: "diffie-hellman-group16-sha384@ssh.com", kind: kexFFDH, hash: "SHA-384", hashBits: 384, group: "RFC 3526 group 16", groupBits: 4096},
	{name: "diffie-hellman-group16-sha512@ssh.com", kind: kexFFDH, hash: "SHA-512", hashBits: 512, group: "RFC 3526 group 16", groupBits: 4096},
	{name: "diffie-hellman-group18-sha512@ssh.com", kind: kexFFDH, hash: "SHA-512", hashBits: 512, group: "RFC 3526 group 18", groupBits: 8192},
	{name: "diffie-hellman-group-exchange-sha1", kind: kexGEX, hash: "SHA-1", hashBits: 160},     // RFC 4419
	{name: "diffie-hellman-group-exchange-sha256", kind: kexGEX, hash: "SHA-256", hashBits: 256}, // RFC 4419
	{name: "diffie-hellman-group-exchange-sha224@ssh.com", kind: kexGEX, hash: "SHA-224", hashBits: 224},
	{name: "diffie-hellman-group-exchange-sha384@ssh.com", kind: kexGEX, hash: "SHA-384", hashBits: 384},
	{name: "diffie-hellman-group-exchange-sha512@ssh.com", kind: kexGEX, hash: "SHA-512", hashBits: 512},
	{name: "ecdh-sha2-nistp256", kind: kexECDH, hash: "SHA-256", hashBits: 256, curve: "P-256", orderBits: 256},                                                          // RFC 5656
	{name: "ecdh-sha2-nistp384", kind: kexECDH, hash: "SHA-384", hashBits: 384, curve: "P-384", orderBits: 384},                                                          // RFC 5656
	{name: "ecdh-sha2-nistp521", kind: kexECDH, hash: "SHA-512", hashBits: 512, curve: "P-521", orderBits: 521},                                                          // RFC 5656
	{name: "ecdh-sha2-1.3.132.0.33", kind: kexECDH, hash: "SHA-256", hashBits: 256, curve: "P-224", orderBits: 224},                                                      // RFC 5656 §10.2 (nistp224)
	{name: "ecdh-sha2-1.2.840.10045.3.1.1", kind: kexECDH, hash: "SHA-256", hashBits: 256, curve: "P-192", orderBits: 192},                                               // RFC 5656 §10.2 (nistp192)
	{name: "curve25519-sha256", kind: kexECDH, hash: "SHA-256", hashBits: 256, curve: "Curve25519", orderBits: 253},                                                      // RFC 8731
	{name: "curve25519-sha256@libssh.org", kind: kexECDH, hash: "SHA-256", hashBits: 256, curve: "Curve25519", orderBits: 253},                                           // RFC 8731 (pre-standard name)
	{name: "curve448-sha512", kind: kexECDH, hash: "SHA-512", hashBits: 512, curve: "Curve448", orderBits: 446},                                                          // RFC 8731
	{name: "sntrup761x25519-sha512@openssh.com", kind: kexHybrid, hash: "SHA-512", hashBits: 512, curve: "Curve25519", orderBits: 253, pq: "Streamlined NTRU Prime 761"}, // OpenSSH 9.0
	{name: "sntrup761x25519-sha512", kind: kexHybrid, hash: "SHA-512", hashBits: 512, curve: "Curve25519", orderBits: 253, pq: "Streamlined NTRU Prime 761"},             // draft-josefsson-ntruprime-ssh
	{name: "mlkem768x25519-sha256", kind: kexHybrid, hash: "SHA-256", hashBits: 256, curve: "Curve25519", orderBits: 253, pq: "ML-KEM-768"},                              // draft-ietf-sshm-mlkem-hybrid-kex
	{name: "mlkem768nistp256-sha256", kind: kexHybrid, hash: "SHA-256", hashBits: 256, curve: "P-256", orderBits: 256, pq: "ML-KEM-768"},                                 // draft-ietf-sshm-mlkem-hybrid-kex
	{name: "mlkem1024nistp384-sha384", kind: kexHybrid, hash: "SHA-384", hashBits: 384, curve: "P-384", orderBits: 384, pq: "ML-KEM-1024"},                               // draft-ietf-sshm-mlkem-hybrid-kex
	{name: "ext-info-s", kind: kexMarker},                   // RFC 8308 §2.1
	{name: "ext-info-c", kind: kexMarker},                   // RFC 8308 §2.1
	{name: "kex-strict-s-v00@openssh.com", kind: kexMarker}, // OpenSSH PROTOCOL §1.10 (Terrapin countermeasure)
	{name: "kex-strict-c-v00@openssh.com", kind: kexMarker}, // OpenSSH PROTOCOL §1.10
}

// keyKind is the kind of key behind a host key algorithm.
type keyKind uint8

const (
	keyRSA keyKind = iota + 1
	keyDSA
	keyECDSA
	keyEd25519
	keyEd448
)

func (k keyKind) String() string {
	switch k {
	case keyRSA:
		return "RSA"
	case keyDSA:
		return "DSA"
	case keyECDSA:
		return "ECDSA"
	case keyEd25519:
		return "Ed25519"
	case keyEd448:
		return "Ed448"
	}
	return "unknown key"
}

// hostKeyAlg is a host key algorithm: a key kind and the hash its
// signatures use.
type hostKeyAlg struct {
	name      string
	key       keyKind
	hash      string // the hash of the signature
	hashBits  int
	curve     string // ECDSA, EdDSA
	orderBits int    // ECDSA, EdDSA: the size of the curve's subgroup order
	cert      bool   // an OpenSSH host certificate (PROTOCOL.certkeys): the key is certified by a CA
	x509      bool   // an X.509 certificate (RFC 6187)
}

var hostKeyAlgs = []hostKeyAlg{
	{name: "ssh-rsa", key: keyRSA, hash: "SHA-1", hashBits: 160},                                                                 // RFC 4253 §6.6
	{name: "rsa-sha2-256", key: keyRSA, hash: "SHA-256", hashBits: 256},                                                          // RFC 8332
	{name: "rsa-sha2-512", key: keyRSA, hash: "SHA-512", hashBits: 512},                                                          // RFC 8332
	{name: "ssh-dss", key: keyDSA, hash: "SHA-1", hashBits: 160},                                                                 // RFC 4253 §6.6
	{name: "ecdsa-sha2-nistp256", key: keyECDSA, hash: "SHA-256", hashBits: 256, curve: "P-256", orderBits: 256},                 // RFC 5656
	{name: "ecdsa-sha2-nistp384", key: keyECDSA, hash: "SHA-384", hashBits: 384, curve: "P-384", orderBits: 384},                 // RFC 5656
	{name: "ecdsa-sha2-nistp521", key: keyECDSA, hash: "SHA-512", hashBits: 512, curve: "P-521", orderBits: 521},                 // RFC 5656
	{name: "ecdsa-sha2-1.3.132.0.33", key: keyECDSA, hash: "SHA-256", hashBits: 256, curve: "P-224", orderBits: 224},             // RFC 5656 §10.2 (nistp224)
	{name: "ecdsa-sha2-1.2.840.10045.3.1.1", key: keyECDSA, hash: "SHA-256", hashBits: 256, curve: "P-192", orderBits: 192},      // RFC 5656 §10.2 (nistp192)
	{name: "sk-ecdsa-sha2-nistp256@openssh.com", key: keyECDSA, hash: "SHA-256", hashBits: 256, curve: "P-256", orderBits: 256},  // OpenSSH PROTOCOL.u2f
	{name: "ssh-ed25519", key: keyEd25519, hash: "SHA-512", hashBits: 512, curve: "Edwards25519", orderBits: 253},                // RFC 8709
	{name: "sk-ssh-ed25519@openssh.com", key: keyEd25519, hash: "SHA-512", hashBits: 512, curve: "Edwards25519", orderBits: 253}, // OpenSSH PROTOCOL.u2f
	{name: "ssh-ed448", key: keyEd448, hash: "SHAKE256", hashBits: 912, curve: "Edwards448", orderBits: 446},                     // RFC 8709
	{name: "ssh-rsa-cert-v01@openssh.com", key: keyRSA, hash: "SHA-1", hashBits: 160, cert: true},                                // PROTOCOL.certkeys
	{name: "rsa-sha2-256-cert-v01@openssh.com", key: keyRSA, hash: "SHA-256", hashBits: 256, cert: true},
	{name: "rsa-sha2-512-cert-v01@openssh.com", key: keyRSA, hash: "SHA-512", hashBits: 512, cert: true},
	{name: "ssh-dss-cert-v01@openssh.com", key: keyDSA, hash: "SHA-1", hashBits: 160, cert: true},
	{name: "ecdsa-sha2-nistp256-cert-v01@openssh.com", key: keyECDSA, hash: "SHA-256", hashBits: 256, curve: "P-256", orderBits: 256, cert: true},
	{name: "ecdsa-sha2-nistp384-cert-v01@openssh.com", key: keyECDSA, hash: "SHA-384", hashBits: 384, curve: "P-384", orderBits: 384, cert: true},
	{name: "ecdsa-sha2-nistp521-cert-v01@openssh.com", key: keyECDSA, hash: "SHA-512", hashBits: 512, curve: "P-521", orderBits: 521, cert: true},
	{name: "ssh-ed25519-cert-v01@openssh.com", key: keyEd25519, hash: "SHA-512", hashBits: 512, curve: "Edwards25519", orderBits: 253, cert: true},
	{name: "x509v3-ssh-rsa", key: keyRSA, hash: "SHA-1", hashBits: 160, x509: true},          // RFC 6187
	{name: "x509v3-rsa2048-sha256", key: keyRSA, hash: "SHA-256", hashBits: 256, x509: true}, // RFC 6187
	{name: "x509v3-ssh-dss", key: keyDSA, hash: "SHA-1", hashBits: 160, x509: true},          // RFC 6187
	{name: "x509v3-ecdsa-sha2-nistp256", key: keyECDSA, hash: "SHA-256", hashBits: 256, curve: "P-256", orderBits: 256, x509: true},
	{name: "x509v3-ecdsa-sha2-nistp384", key: keyECDSA, hash: "SHA-384", hashBits: 384, curve: "P-384", orderBits: 384, x509: true},
	{name: "x509v3-ecdsa-sha2-nistp521", key: keyECDSA, hash: "SHA-512", hashBits: 512, curve: "P-521", orderBits: 521, x509: true},
}

// keyTypes are the key types a host key (SSHHostKey.Type) or a host
// certificate's CA (SSHHostCertificate.CAType) may have, by kind.
var keyTypes = []struct {
	name      string
	key       keyKind
	orderBits int // ECDSA: the curve's order, when the key does not say
}{
	{"ssh-rsa", keyRSA, 0},
	{"ssh-dss", keyDSA, 0},
	{"ecdsa-sha2-nistp256", keyECDSA, 256},
	{"ecdsa-sha2-nistp384", keyECDSA, 384},
	{"ecdsa-sha2-nistp521", keyECDSA, 521},
	{"ecdsa-sha2-1.3.132.0.33", keyECDSA, 224},
	{"ecdsa-sha2-1.2.840.10045.3.1.1", keyECDSA, 192},
	{"sk-ecdsa-sha2-nistp256@openssh.com", keyECDSA, 256},
	{"ssh-ed25519", keyEd25519, 253},
	{"sk-ssh-ed25519@openssh.com", keyEd25519, 253},
	{"ssh-ed448", keyEd448, 446},
}

// cipherMode is how a cipher encrypts.
type cipherMode uint8

const (
	modeCTR    cipherMode = iota + 1
	modeCBC               // cipher block chaining: the SSH binary packet protocol's MAC-then-encrypt over CBC
	modeAEAD              // authenticated encryption: the MAC list is not used with it
	modeStream            // a stream cipher (RC4)
	modeNone              // no encryption
)

// cipherAlg is an encryption algorithm.
type cipherAlg struct {
	name      string
	cipher    string
	mode      cipherMode
	keyBits   int // the effective key size
	blockBits int // 0 for a stream cipher
	r15       bool
}

var cipherAlgs = []cipherAlg{
	{name: "aes128-ctr", cipher: "AES", mode: modeCTR, keyBits: 128, blockBits: 128, r15: true},       // RFC 4344
	{name: "aes192-ctr", cipher: "AES", mode: modeCTR, keyBits: 192, blockBits: 128, r15: true},       // RFC 4344
	{name: "aes256-ctr", cipher: "AES", mode: modeCTR, keyBits: 256, blockBits: 128, r15: true},       // RFC 4344
	{name: "aes128-gcm@openssh.com", cipher: "AES", mode: modeAEAD, keyBits: 128, blockBits: 128},     // OpenSSH PROTOCOL §1.6
	{name: "aes256-gcm@openssh.com", cipher: "AES", mode: modeAEAD, keyBits: 256, blockBits: 128},     // OpenSSH PROTOCOL §1.6
	{name: "AEAD_AES_128_GCM", cipher: "AES", mode: modeAEAD, keyBits: 128, blockBits: 128},           // RFC 5647
	{name: "AEAD_AES_256_GCM", cipher: "AES", mode: modeAEAD, keyBits: 256, blockBits: 128},           // RFC 5647
	{name: "chacha20-poly1305@openssh.com", cipher: "ChaCha20", mode: modeAEAD, keyBits: 256},         // OpenSSH PROTOCOL.chacha20poly1305
	{name: "aes128-cbc", cipher: "AES", mode: modeCBC, keyBits: 128, blockBits: 128},                  // RFC 4253 §6.3
	{name: "aes192-cbc", cipher: "AES", mode: modeCBC, keyBits: 192, blockBits: 128},                  // RFC 4253 §6.3
	{name: "aes256-cbc", cipher: "AES", mode: modeCBC, keyBits: 256, blockBits: 128},                  // RFC 4253 §6.3
	{name: "rijndael-cbc@lysator.liu.se", cipher: "AES", mode: modeCBC, keyBits: 256, blockBits: 128}, // pre-RFC name of aes256-cbc
	{name: "3des-cbc", cipher: "3DES", mode: modeCBC, keyBits: 112, blockBits: 64},                    // RFC 4253 §6.3
	{name: "3des-ctr", cipher: "3DES", mode: modeCTR, keyBits: 112, blockBits: 64},                    // RFC 4344
	{name: "blowfish-cbc", cipher: "Blowfish", mode: modeCBC, keyBits: 128, blockBits: 64},            // RFC 4253 §6.3
	{name: "blowfish-ctr", cipher: "Blowfish", mode: modeCTR, keyBits: 256, blockBits: 64},            // RFC 4344
	{name: "cast128-cbc", cipher: "CAST-128", mode: modeCBC, keyBits: 128, blockBits: 64},             // RFC 4253 §6.3
	{name: "cast128-ctr", cipher: "CAST-128", mode: modeCTR, keyBits: 128, blockBits: 64},             // RFC 4344
	{name: "idea-cbc", cipher: "IDEA", mode: modeCBC, keyBits: 128, blockBits: 64},                    // RFC 4253 §6.3
	{name: "idea-ctr", cipher: "IDEA", mode: modeCTR, keyBits: 128, blockBits: 64},                    // RFC 4344
	{name: "des-cbc", cipher: "DES", mode: modeCBC, keyBits: 56, blockBits: 64},                       // RFC 4253 §6.3 (historic)
	{name: "twofish-cbc", cipher: "Twofish", mode: modeCBC, keyBits: 256, blockBits: 128},             // RFC 4253 §6.3
	{name: "twofish128-cbc", cipher: "Twofish", mode: modeCBC, keyBits: 128, blockBits: 128},          // RFC 4253 §6.3
	{name: "twofish192-cbc", cipher: "Twofish", mode: modeCBC, keyBits: 192, blockBits: 128},          // RFC 4253 §6.3
	{name: "twofish256-cbc", cipher: "Twofish", mode: modeCBC, keyBits: 256, blockBits: 128},          // RFC 4253 §6.3
	{name: "twofish128-ctr", cipher: "Twofish", mode: modeCTR, keyBits: 128, blockBits: 128},          // RFC 4344
	{name: "twofish192-ctr", cipher: "Twofish", mode: modeCTR, keyBits: 192, blockBits: 128},          // RFC 4344
	{name: "twofish256-ctr", cipher: "Twofish", mode: modeCTR, keyBits: 256, blockBits: 128},          // RFC 4344
	{name: "serpent128-cbc", cipher: "Serpent", mode: modeCBC, keyBits: 128, blockBits: 128},          // RFC 4253 §6.3
	{name: "serpent256-cbc", cipher: "Serpent", mode: modeCBC, keyBits: 256, blockBits: 128},          // RFC 4253 §6.3
	{name: "serpent128-ctr", cipher: "Serpent", mode: modeCTR, keyBits: 128, blockBits: 128},          // RFC 4344
	{name: "serpent256-ctr", cipher: "Serpent", mode: modeCTR, keyBits: 256, blockBits: 128},          // RFC 4344
	{name: "arcfour", cipher: "RC4", mode: modeStream, keyBits: 128},                                  // RFC 4253 §6.3
	{name: "arcfour128", cipher: "RC4", mode: modeStream, keyBits: 128},                               // RFC 4345
	{name: "arcfour256", cipher: "RC4", mode: modeStream, keyBits: 256},                               // RFC 4345
	{name: "none", cipher: "none", mode: modeNone},                                                    // RFC 4253 §6.3
}

// macKind is how a MAC is built.
type macKind uint8

const (
	macHMAC macKind = iota + 1
	macUMAC
	macAEAD // the AEAD cipher of the same name authenticates (RFC 5647)
	macNone
)

// macAlg is a MAC algorithm.
type macAlg struct {
	name    string
	kind    macKind
	hash    string // HMAC: the hash
	tagBits int
	etm     bool // encrypt-then-MAC (OpenSSH PROTOCOL §1.7)
	r15     bool
}

var macAlgs = []macAlg{
	{name: "hmac-sha1", kind: macHMAC, hash: "SHA-1", tagBits: 160, r15: true},                            // RFC 4253 §6.4
	{name: "hmac-sha1-etm@openssh.com", kind: macHMAC, hash: "SHA-1", tagBits: 160, etm: true, r15: true}, // OpenSSH PROTOCOL §1.7
	{name: "hmac-sha2-256", kind: macHMAC, hash: "SHA-256", tagBits: 256, r15: true},                      // RFC 6668
	{name: "hmac-sha2-256-etm@openssh.com", kind: macHMAC, hash: "SHA-256", tagBits: 256, etm: true, r15: true},
	{name: "hmac-sha2-512", kind: macHMAC, hash: "SHA-512", tagBits: 512, r15: true}, // RFC 6668
	{name: "hmac-sha2-512-etm@openssh.com", kind: macHMAC, hash: "SHA-512", tagBits: 512, etm: true, r15: true},
	{name: "hmac-sha1-96", kind: macHMAC, hash: "SHA-1", tagBits: 96}, // RFC 4253 §6.4
	{name: "hmac-sha1-96-etm@openssh.com", kind: macHMAC, hash: "SHA-1", tagBits: 96, etm: true},
	{name: "hmac-sha2-256-96", kind: macHMAC, hash: "SHA-256", tagBits: 96}, // draft-dbider-sha2-mac-for-ssh
	{name: "hmac-sha2-512-96", kind: macHMAC, hash: "SHA-512", tagBits: 96}, // draft-dbider-sha2-mac-for-ssh
	{name: "hmac-md5", kind: macHMAC, hash: "MD5", tagBits: 128},            // RFC 4253 §6.4
	{name: "hmac-md5-etm@openssh.com", kind: macHMAC, hash: "MD5", tagBits: 128, etm: true},
	{name: "hmac-md5-96", kind: macHMAC, hash: "MD5", tagBits: 96}, // RFC 4253 §6.4
	{name: "hmac-md5-96-etm@openssh.com", kind: macHMAC, hash: "MD5", tagBits: 96, etm: true},
	{name: "hmac-ripemd160", kind: macHMAC, hash: "RIPEMD-160", tagBits: 160}, // RFC 4253 §6.4 (reserved)
	{name: "hmac-ripemd160@openssh.com", kind: macHMAC, hash: "RIPEMD-160", tagBits: 160},
	{name: "hmac-ripemd160-etm@openssh.com", kind: macHMAC, hash: "RIPEMD-160", tagBits: 160, etm: true},
	{name: "umac-64@openssh.com", kind: macUMAC, tagBits: 64}, // RFC 4418
	{name: "umac-64-etm@openssh.com", kind: macUMAC, tagBits: 64, etm: true},
	{name: "umac-128@openssh.com", kind: macUMAC, tagBits: 128}, // RFC 4418
	{name: "umac-128-etm@openssh.com", kind: macUMAC, tagBits: 128, etm: true},
	{name: "AEAD_AES_128_GCM", kind: macAEAD, tagBits: 128}, // RFC 5647
	{name: "AEAD_AES_256_GCM", kind: macAEAD, tagBits: 128}, // RFC 5647
	{name: "none", kind: macNone}, // RFC 4253 §6.4
}

// lookup finds the entry named n in a registry.
func lookup[T any](reg []T, name func(T) string, n string) (T, bool) {
	for _, e := range reg {
		if name(e) == n {
			return e, true
		}
	}
	var zero T
	return zero, false
}

func kexByName(n string) (kexMethod, bool) {
	return lookup(kexMethods, func(k kexMethod) string { return k.name }, n)
}

func hostKeyAlgByName(n string) (hostKeyAlg, bool) {
	return lookup(hostKeyAlgs, func(h hostKeyAlg) string { return h.name }, n)
}

func cipherByName(n string) (cipherAlg, bool) {
	return lookup(cipherAlgs, func(c cipherAlg) string { return c.name }, n)
}

func macByName(n string) (macAlg, bool) {
	return lookup(macAlgs, func(m macAlg) string { return m.name }, n)
}

// keyTypeKind is the kind of a key type, and an ECDSA curve's order.
func keyTypeKind(t string) (keyKind, int, bool) {
	for _, k := range keyTypes {
		if k.name == t {
			return k.key, k.orderBits, true
		}
	}
	return 0, 0, false
}
