package tlsprobe

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// TestComplianceRider checks what the curve rider rests on against real
// servers: each prefers a recommended ECDHE suite to a PSK suite (an
// offence that the elimination offers last, so in the hello that carries
// the rider). Offered that PSK suite, the recommended ECDHE suites and only
// curves it does not speak, a server must choose the PSK suite (RFC 8422
// §5.1), not fail on the ECDHE suite it prefers; the scan must then name
// the PSK suite and no noncompliant curve. With secp224r1 enabled too, the
// rider's hello gets the recommended suite over secp224r1: the curve is
// found, and the PSK suite by the same hello sent again without the rider.
func TestComplianceRider(t *testing.T) {
	const psk = 0x008C // TLS_PSK_WITH_AES_128_CBC_SHA, in both configurations
	dir := t.TempDir()
	cert, key := peer.NewRSACert(t, dir, 2048)
	pskFile := filepath.Join(dir, "psk")
	if err := os.WriteFile(pskFile, []byte("probe:0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const (
		ciphers  = "ECDHE-RSA-AES128-GCM-SHA256:PSK-AES128-CBC-SHA"
		priority = "NONE:+VERS-TLS1.2:+ECDHE-RSA:+PSK:+AES-128-GCM:+AES-128-CBC:+SHA1:+AEAD:+COMP-NULL:+SIGN-ALL:+GROUP-SECP256R1:%SERVER_PRECEDENCE"
	)
	openssl := func(groups string) func(t *testing.T) (*peer.Server, []uint16) {
		return func(t *testing.T) (*peer.Server, []uint16) {
			return peer.OpenSSL(t, "-cert", cert, "-key", key, "-tls1_2", "-serverpref", "-groups", groups, "-cipher", ciphers, "-psk", "0123456789abcdef"),
				peer.OpenSSLPSKCiphers(t, ciphers, "-tls1_2")
		}
	}
	cases := []struct {
		name string
		// start returns the server and its TLS 1.2 suites, from its
		// configuration (the oracle).
		start  func(t *testing.T) (*peer.Server, []uint16)
		curves []uint16 // the noncompliant curves the scan must find
	}{
		{"openssl", openssl("P-256"), nil},
		{"openssl secp224r1", openssl("P-224:P-256"), []uint16{21}},
		{"gnutls", func(t *testing.T) (*peer.Server, []uint16) {
			return peer.GnuTLS(t, priority, "--x509certfile", cert, "--x509keyfile", key, "--pskpasswd", pskFile),
				peer.GnuTLSSuites(t, priority).ForVersion("TLSv1.2", "ECDHE-RSA", "PSK")
		}, nil},
	}
	rider := newCurveRider(scanner.TLSv12)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, suites := tc.start(t)
			if !slices.Contains(suites, psk) || !slices.Contains(suites, 0xC02F) {
				t.Fatalf("oracle: TLSv1.2 suites %04X, want the PSK suite and TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", suites)
			}
			var mu sync.Mutex
			var answers []uint16 // suites chosen in answer to the rider's hellos (0: refused)
			cfg := Config{Depth: Compliance, trace: func(_ string, hello []byte, o *outcome, _ time.Time) {
				var ch clientHello
				if hello == nil || !ch.unmarshal(hello[5:]) || !slices.Equal(ch.supportedGroups, rider.groups) {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if o.kind.positive() {
					answers = append(answers, o.sh.cipherSuite)
				} else {
					answers = append(answers, 0)
				}
			}}
			r := scanAddr(t, srv.AddrPort(), FoundationOnly(cfg), 4)
			// Every offence, and a recommended suite: at compliance depth
			// one of them may be all that is looked for.
			offences := slices.DeleteFunc(slices.Clone(suites), recommendedSuite)
			got := suitesOf(r, scanner.TLSv12)
			if !slices.Equal(sorted(slices.DeleteFunc(slices.Clone(got), recommendedSuite)), sorted(offences)) || !slices.Contains(got, 0xC02F) {
				t.Errorf("TLSv1.2 suites %04X, want %04X", sorted(got), sorted(suites))
			}
			if e := enumOf(r, scanner.TLSv12, scanner.EnumCipherSuites); e.Status != scanner.EnumComplete {
				t.Errorf("TLSv1.2 suites %+v, want complete", e)
			}
			if got := sorted(groupsOf(r, scanner.TLSv12)); !slices.Equal(got, tc.curves) {
				t.Errorf("TLSv1.2 noncompliant groups %d, want %d", got, tc.curves)
			}
			if e := enumOf(r, scanner.TLSv12, scanner.EnumGroups); e.Status != scanner.EnumComplete {
				t.Errorf("TLSv1.2 groups %+v, want complete", e)
			}
			// The rider rode, and the server answered it as RFC 8422 says:
			// with an offence when the curves were none of its own.
			switch {
			case len(answers) == 0:
				t.Errorf("no hello carried the rider")
			case tc.curves == nil && !slices.Contains(offences, answers[0]):
				t.Errorf("answers to the rider's hellos %04X, want a PSK suite first", answers)
			case tc.curves != nil && answers[0] != 0xC02F:
				t.Errorf("answers to the rider's hellos %04X, want %s first", answers, sname(0xC02F))
			}
		})
	}
}
