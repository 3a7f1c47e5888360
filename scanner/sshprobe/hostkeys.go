package sshprobe

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// hostKeyAlgorithm is what the probe knows of one host key algorithm
// beyond its name: the key format it signs with (algorithms of one format
// share the server's key of that format, RFC 8332, Section 3) and, for
// the algorithms golang.org/x/crypto/ssh cannot verify, why.
type hostKeyAlgorithm struct {
	name   string
	format string // the key blob's type name
	cert   bool   // an OpenSSH certificate (PROTOCOL.certkeys)
	why    string // why the probe cannot see the key; empty when x/crypto can
}

const (
	whyDSA      = "golang.org/x/crypto/ssh no longer implements DSA (ssh-dss): no key exchange can show this key"
	whySK       = "a security-key (FIDO) algorithm, which golang.org/x/crypto/ssh does not accept as a host key"
	whyX509     = "an X.509 host key algorithm (RFC 6187), which golang.org/x/crypto/ssh does not implement"
	whyWebAuthn = "a WebAuthn signature algorithm, not a host key type"
)

// hostKeyAlgorithms lists the host key algorithms of OpenSSH
// (PROTOCOL, PROTOCOL.certkeys, PROTOCOL.u2f), RFC 8332, RFC 5656,
// RFC 8709 and RFC 6187. A name not listed is its own format, and is
// tried when x/crypto lists it among the algorithms it implements.
var hostKeyAlgorithms = []hostKeyAlgorithm{
	{"ssh-ed25519", "ssh-ed25519", false, ""},
	{"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256", false, ""},
	{"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384", false, ""},
	{"ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521", false, ""},
	{"rsa-sha2-512", "ssh-rsa", false, ""},
	{"rsa-sha2-256", "ssh-rsa", false, ""},
	{"ssh-rsa", "ssh-rsa", false, ""},
	{"ssh-dss", "ssh-dss", false, whyDSA},
	{"ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519-cert-v01@openssh.com", true, ""},
	{"ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", true, ""},
	{"ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", true, ""},
	{"ecdsa-sha2-nistp521-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", true, ""},
	{"rsa-sha2-512-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com", true, ""},
	{"rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com", true, ""},
	{"ssh-rsa-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com", true, ""},
	{"ssh-dss-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com", true, whyDSA},
	{"sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519@openssh.com", false, whySK},
	{"sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", false, whySK},
	{"sk-ssh-ed25519-cert-v01@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com", true, whySK},
	{"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", true, whySK},
	{"webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", false, whyWebAuthn},
	{"x509v3-ssh-rsa", "x509v3-ssh-rsa", false, whyX509},
	{"x509v3-ssh-dss", "x509v3-ssh-dss", false, whyX509},
	{"x509v3-rsa2048-sha256", "x509v3-rsa2048-sha256", false, whyX509},
	{"x509v3-ecdsa-sha2-nistp256", "x509v3-ecdsa-sha2-nistp256", false, whyX509},
	{"x509v3-ecdsa-sha2-nistp384", "x509v3-ecdsa-sha2-nistp384", false, whyX509},
	{"x509v3-ecdsa-sha2-nistp521", "x509v3-ecdsa-sha2-nistp521", false, whyX509},
}

// lookupHostKeyAlgorithm describes name. Names the table does not know
// are their own format; x/crypto decides whether it can try them.
func lookupHostKeyAlgorithm(name string) hostKeyAlgorithm {
	for _, a := range hostKeyAlgorithms {
		if a.name == name {
			return a
		}
	}
	a := hostKeyAlgorithm{name: name, format: name, cert: strings.Contains(name, "-cert-")}
	if !slices.Contains(xHostKeys, name) {
		a.why = "an algorithm golang.org/x/crypto/ssh does not implement"
	}
	return a
}

// What golang.org/x/crypto/ssh implements as a client, insecure algorithms
// included: the probe asks for what the server offers, good or bad.
var (
	xHostKeys = slices.Concat(ssh.SupportedAlgorithms().HostKeys, ssh.InsecureAlgorithms().HostKeys)
	// x/crypto also accepts the pre-RFC 8731 name of curve25519-sha256,
	// which neither list names.
	xKeyExchanges = slices.Concat(ssh.SupportedAlgorithms().KeyExchanges, ssh.InsecureAlgorithms().KeyExchanges, []string{"curve25519-sha256@libssh.org"})
	xCiphers      = slices.Concat(ssh.SupportedAlgorithms().Ciphers, ssh.InsecureAlgorithms().Ciphers)
	xMACs         = slices.Concat(ssh.SupportedAlgorithms().MACs, ssh.InsecureAlgorithms().MACs)
)

// aeadCiphers need no MAC: x/crypto negotiates none with them
// (findAgreedAlgorithms), and neither does OpenSSH.
var aeadCiphers = []string{"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com"}

// keyGroup is the host key algorithms of the KEXINIT that share one key,
// in the server's order, and the one the probe asks the server to sign
// with.
type keyGroup struct {
	format string
	algos  []string
	show   string // the first algorithm x/crypto can verify; empty when none
	why    string // why no algorithm of the group can be tried
}

// groupHostKeys groups the KEXINIT's host key algorithms by key, the
// groups in the order of their first algorithm, and says which group each
// name is in.
func groupHostKeys(algos []string) ([]*keyGroup, map[string]*keyGroup) {
	var groups []*keyGroup
	byFormat := make(map[string]*keyGroup)
	byName := make(map[string]*keyGroup)
	for _, name := range algos {
		if byName[name] != nil {
			continue // a name listed twice
		}
		a := lookupHostKeyAlgorithm(name)
		g := byFormat[a.format]
		if g == nil {
			g = &keyGroup{format: a.format}
			byFormat[a.format] = g
			groups = append(groups, g)
		}
		byName[name] = g
		g.algos = append(g.algos, name)
		if g.show == "" {
			if a.why == "" && slices.Contains(xHostKeys, name) {
				g.show = name
			} else if g.why == "" {
				g.why = a.why
				if g.why == "" {
					g.why = "golang.org/x/crypto/ssh does not implement " + name
				}
			}
		}
	}
	return groups, byName
}

// xPlan is what every x/crypto key exchange with the server offers besides
// the host key algorithm: the key exchange methods of the server's KEXINIT
// that x/crypto implements.
type xPlan struct {
	kex []string
	why string // non-empty: x/crypto cannot agree with this KEXINIT at all
}

// planExchanges decides, from the server's KEXINIT, whether x/crypto can
// agree with the server on every algorithm but the host key, as RFC 4253,
// Section 7.1 negotiates them (the client's first algorithm the server
// lists), so that no connection is spent on an exchange bound to fail.
func planExchanges(k *kexInit) xPlan {
	var p xPlan
	for _, a := range xKeyExchanges {
		if slices.Contains(k.kexAlgos, a) {
			p.kex = append(p.kex, a)
		}
	}
	if len(p.kex) == 0 {
		p.why = "no key exchange method of the server is implemented by golang.org/x/crypto/ssh"
		return p
	}
	for _, dir := range []struct {
		name          string
		ciphers, macs []string
		compression   []string
	}{
		{"client to server", k.ciphersCtoS, k.macsCtoS, k.compressionCtoS},
		{"server to client", k.ciphersStoC, k.macsStoC, k.compressionStoC},
	} {
		cipher := firstCommon(xCiphers, dir.ciphers)
		if cipher == "" {
			p.why = "no " + dir.name + " cipher of the server is implemented by golang.org/x/crypto/ssh"
			return p
		}
		if !slices.Contains(aeadCiphers, cipher) && firstCommon(xMACs, dir.macs) == "" {
			p.why = "no " + dir.name + " MAC of the server is implemented by golang.org/x/crypto/ssh"
			return p
		}
		if !slices.Contains(dir.compression, "none") {
			p.why = "the server requires " + dir.name + " compression, which golang.org/x/crypto/ssh does not implement"
			return p
		}
	}
	return p
}

func firstCommon(ours, theirs []string) string {
	for _, a := range ours {
		if slices.Contains(theirs, a) {
			return a
		}
	}
	return ""
}

// errKeySeen stops x/crypto's handshake once the host key is verified:
// nothing past the key exchange is needed, so no authentication is tried.
var errKeySeen = errors.New("sshprobe: host key seen")

// errNoneAnswered stops x/crypto's authentication once the server has
// answered the "none" request: no other method is ever tried.
var errNoneAnswered = errors.New("sshprobe: the none request was answered")

// noneAnswer is the server's answer to a "none" user authentication
// request (RFC 4252, Section 5.2).
type noneAnswer struct {
	methods  []string // the methods of SSH_MSG_USERAUTH_FAILURE, as x/crypto parsed them
	accepted bool     // SSH_MSG_USERAUTH_SUCCESS
	err      error    // what ended the exchange before an answer was read
}

// exchangeHostKey runs a key exchange with golang.org/x/crypto/ssh over
// conn, offering algo as the only host key algorithm, and returns the key
// the server signed the exchange hash with once x/crypto has verified the
// signature. conn is closed when it returns. The caller sets conn's
// deadline.
//
// With user empty, the handshake stops at the key. Otherwise it goes on
// to the authentication x/crypto always starts with: the "ssh-userauth"
// service request, then a "none" request for user (RFC 4252, Sections 5
// and 5.2), whose answer is returned. The AuthCallback records the
// methods the server lists and ends the handshake with an error; the
// ClientConfig has no AuthMethod: no password, key or other credential
// can be sent. A failure after the key was verified keeps the key and
// goes in the answer.
func exchangeHostKey(conn net.Conn, algo string, plan xPlan, rand io.Reader, user string) (ssh.PublicKey, *noneAnswer, error) {
	var mu sync.Mutex
	var seen ssh.PublicKey
	var methods []string
	answered := false
	// ClientConfig.Timeout is left unset: it bounds ssh.Dial's connect
	// only, and the connection comes from the scanner's Dialer, its
	// exchange bounded by conn's deadline.
	cfg := &ssh.ClientConfig{
		Config: ssh.Config{
			Rand:         rand,
			KeyExchanges: plan.kex,
			Ciphers:      xCiphers,
			MACs:         xMACs,
		},
		User:              user,
		ClientVersion:     clientVersion,
		HostKeyAlgorithms: []string{algo},
		HostKeyCallback: func(_ string, _ net.Addr, key ssh.PublicKey) error {
			mu.Lock()
			defer mu.Unlock()
			seen = key
			if user == "" {
				return errKeySeen
			}
			return nil
		},
		// Auth stays empty: x/crypto tries "none" first, then only
		// methods of this list.
		AuthCallback: func(ac *ssh.ClientAuthContext) (ssh.AuthMethod, error) {
			if ac.AllowedMethods == nil {
				// The "none" attempt ended in an error, not in a
				// USERAUTH_FAILURE (whose list x/crypto parses into a
				// non-nil slice, empty or not). Returning no method and
				// no error lets x/crypto return that error, as Auth
				// holds no method to try.
				return nil, nil
			}
			mu.Lock()
			methods, answered = ac.AllowedMethods, true
			mu.Unlock()
			return nil, errNoneAnswered
		},
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, conn.RemoteAddr().String(), cfg)
	if err == nil {
		// The server let the user in on "none" (or, when user is empty,
		// the host key callback did not stop the handshake, which cannot
		// happen): close what is now a session at once.
		go ssh.DiscardRequests(reqs)
		go func() {
			for ch := range chans {
				ch.Reject(ssh.Prohibited, "")
			}
		}()
		c.Close()
		mu.Lock()
		defer mu.Unlock()
		if user == "" || seen == nil {
			return nil, nil, errors.New("the handshake went on past the host key")
		}
		return seen, &noneAnswer{accepted: true}, nil
	}
	conn.Close()
	mu.Lock()
	defer mu.Unlock()
	switch {
	case seen == nil:
		return nil, nil, fmt.Errorf("key exchange offering %s: %w", algo, err)
	case user == "":
		return seen, nil, nil
	case answered:
		return seen, &noneAnswer{methods: methods}, nil
	}
	return seen, &noneAnswer{err: err}, nil
}

// describeKey fills the key facts of h from the key the server showed:
// for a host certificate, the certified key's, and the CA's in
// Certificate.
func describeKey(h *scanner.SSHHostKey, key ssh.PublicKey) {
	if cert, ok := key.(*ssh.Certificate); ok {
		h.Type, h.Bits, h.SHA256, h.SPKISHA256 = cert.Key.Type(), keyBits(cert.Key), ssh.FingerprintSHA256(cert.Key), spkiSHA256(cert.Key)
		h.Certificate = &scanner.SSHHostCertificate{
			CAType:   cert.SignatureKey.Type(),
			CABits:   keyBits(cert.SignatureKey),
			CASHA256: ssh.FingerprintSHA256(cert.SignatureKey),
		}
		return
	}
	h.Type, h.Bits, h.SHA256, h.SPKISHA256 = key.Type(), keyBits(key), ssh.FingerprintSHA256(key), spkiSHA256(key)
}

// spkiSHA256 is the SHA-256 of key as an X.509 SubjectPublicKeyInfo, in
// lower-case hex, as a certificate's key is identified: "" for a key
// crypto/x509 cannot encode.
func spkiSHA256(key ssh.PublicKey) string {
	ck, ok := key.(ssh.CryptoPublicKey)
	if !ok {
		return ""
	}
	der, err := x509.MarshalPKIXPublicKey(ck.CryptoPublicKey())
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// keyBits is the size of a key: the RSA modulus, the ECDSA curve (256, 384
// or 521), 256 for Ed25519; 0 for a type without one such number (ML-DSA).
func keyBits(key ssh.PublicKey) int {
	ck, ok := key.(ssh.CryptoPublicKey)
	if !ok {
		return 0
	}
	switch k := ck.CryptoPublicKey().(type) {
	case *rsa.PublicKey:
		return k.N.BitLen()
	case *ecdsa.PublicKey:
		return k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return 256
	}
	return 0
}
