package peer

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The configurations the conformance servers share between the fact tests
// (scanner/tlsprobe, whose oracle is the configuration) and the findings
// tests (internal/e2e, whose oracle is the expected findings), so that a
// change to one reaches both.
const (
	CompliantCiphers = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305"
	Compliant13      = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"
	LegacyCiphers    = "ALL:@SECLEVEL=0"
	DHECiphers       = "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA:@SECLEVEL=0"
	NginxCiphers     = "HIGH:!aNULL:!MD5"
	GnuTLSPriority   = "NORMAL:+ARCFOUR-128:+3DES-CBC"
)

// CertKey is a certificate chain file (leaf first, as nginx and
// gnutls-serv take it) and the leaf's key (PEM files).
type CertKey struct{ Chain, Key string }

// NginxDualCert starts nginx serving an RSA and an ECDSA certificate, TLS
// 1.2 and 1.3, with NginxCiphers.
func NginxDualCert(t testing.TB, rsa, ecdsa CertKey) *Server {
	t.Helper()
	return Nginx(t, fmt.Sprintf(`
ssl_certificate %s;
ssl_certificate_key %s;
ssl_certificate %s;
ssl_certificate_key %s;
ssl_protocols TLSv1.2 TLSv1.3;
ssl_ciphers %s;
`, rsa.Chain, rsa.Key, ecdsa.Chain, ecdsa.Key, NginxCiphers))
}

// SSHDWeak is the sshd_config of a neglected SSH server, shared by the SSH
// probe's conformance test and the findings tests: CBC ciphers, SHA-1 and
// MD5 MACs, SHA-1 key exchanges, ssh-rsa signatures, a 1024-bit RSA key
// and a DSA key (OpenSSH 9.2 still loads one when HostKeyAlgorithms allows
// ssh-dss). With it goes a moduli file of Moduli1024 (ModuliFile).
var SSHDWeak = []string{
	"Ciphers aes128-cbc,3des-cbc,aes256-cbc",
	"MACs hmac-sha1,hmac-md5,hmac-sha1-96",
	"KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1",
	"HostKeyAlgorithms +ssh-rsa,ssh-dss",
	"HostKey rsa:1024",
	"HostKey dsa",
}

// Oakley1024 is the 1024-bit MODP group of RFC 2409, Section 6.2, in
// hexadecimal (dh.go's, checked by peer_test.go): a safe prime with
// generator 2, what an old moduli file holds.
const Oakley1024 = oakleyGroup2Hex

// Moduli1024 is a moduli file (sshd's ModuliFile format) holding one
// group, Oakley1024.
const Moduli1024 = "20260101000000 2 6 100 1023 2 " + Oakley1024 + "\n"

// ModuliFile writes moduli into a file of the test's and returns the
// sshd_config line that names it.
func ModuliFile(t testing.TB, moduli string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "moduli")
	if err := os.WriteFile(path, []byte(moduli), 0o644); err != nil {
		t.Fatalf("peer: %v", err)
	}
	return "ModuliFile " + path
}
