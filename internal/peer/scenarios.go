package peer

import (
	"fmt"
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
