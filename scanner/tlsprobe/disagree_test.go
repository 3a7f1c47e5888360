package tlsprobe

import (
	"crypto/elliptic"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// The tests here explain, on the real servers of the conformance tests,
// each fact where cryptoscan and sslscan 2.0.7 disagree (the DISAGREE lines
// of TestConformance). The oracle is the server's answer to a hello that
// isolates the fact.

func isolatedScan(t *testing.T, addr scanner.Endpoint) *endpointScan {
	t.Helper()
	s, err := newEndpointScan(&Config{}, addr, &scanner.Dialer{Limiter: scanner.NewLimiter(1, nil), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func endpointOf(srv *peer.Server) scanner.Endpoint {
	ap := srv.AddrPort()
	return scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "tls", Source: "test"}
}

// offerTLS12 sends one TLS 1.2 hello with exactly these suites and groups.
func offerTLS12(t *testing.T, s *endpointScan, suites, groups []uint16) *outcome {
	t.Helper()
	return s.offerSuites(scanner.TLSv12, groups)(t.Context(), suites)
}

// sslscan tests each TLS 1.2 group alone. An OpenSSL server whose only
// certificate is ECDSA P-256 refuses a hello whose supported_groups lack
// P-256, whatever the ECDHE group, so sslscan reports x25519 missing. Offered
// beside P-256, x25519 is what the server chooses: it does accept it.
func TestDisagreementECDSAServerX25519InTLS12(t *testing.T) {
	peer.Require(t, "openssl")
	cert, key := peer.NewECDSACert(t, t.TempDir(), elliptic.P256())
	srv := peer.OpenSSL(t, "-cert", cert, "-key", key, "-cipher",
		"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305", "-serverpref")
	s := isolatedScan(t, endpointOf(srv))
	suites := []uint16{0xC02C, 0xC02B, 0xCCA9}
	if o := offerTLS12(t, s, suites, []uint16{29}); o.kind.positive() {
		t.Errorf("x25519 alone: %s, want a refusal (the certificate's curve is missing)", o)
	}
	o := offerTLS12(t, s, suites, []uint16{29, 23})
	if !o.kind.positive() || o.group != 29 {
		t.Errorf("x25519 then secp256r1: %s with group %d, want x25519 (29) chosen", o, o.group)
	}
}

// sslscan 2.0.7 lists no finite-field group for TLS 1.2. GnuTLS negotiates
// RFC 7919 groups in TLS 1.2: a hello naming a single ffdheN group gets that
// group's prime in ServerKeyExchange.
func TestDisagreementGnuTLSFFDHEInTLS12(t *testing.T) {
	peer.Require(t, "gnutls-serv")
	srv := peer.GnuTLS(t, "NORMAL:+ARCFOUR-128:+3DES-CBC")
	s := isolatedScan(t, endpointOf(srv))
	for _, g := range []uint16{256, 257, 258, 259, 260} {
		o := offerTLS12(t, s, []uint16{0x009E, 0x009F, 0x0033, 0x0039}, []uint16{g})
		if !o.kind.positive() || o.group != g {
			t.Errorf("%s alone: %s with group %d, want that group's prime", GroupName(g), o, o.group)
		}
	}
}
