// Package e2e scans real servers end to end (probes, certificate analysis,
// the whole rule catalogue) and compares the findings with what their
// configuration predicts, written down in testdata/*.expected before the
// tests first ran. TestExpectedFindingsSSH does the same for three sshd
// configurations, and TestExpectedFindingsIKE for three strongSwan ones.
package e2e

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/ikeprobe"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/sshprobe"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

var update = flag.Bool("update", false, "rewrite testdata/*.expected from what the scan finds (then explain every change)")

// The nine conformance servers of scanner/tlsprobe/conformance_test.go,
// with the same configurations (cipher strings, flags, key types), each
// serving a leaf of the realistic PKI of internal/peer/pki.go rather than a
// self-signed certificate, so that the certificate rules judge the server
// and not a toy certificate. Two were here first (openssl-anssi-compliant,
// which also restricts groups and signature algorithms and staples OCSP,
// and openssl-legacy, with the ECDSA leaf).
var scenarios = []struct {
	name  string
	start func(t *testing.T, p *peer.PKI) *peer.Server
}{
	{"openssl-tls13-only", tls13OnlyServer},
	{"openssl-ecdsa-serverpref", ecdsaServerPrefServer},
	{"openssl-legacy", legacyServer},
	{"openssl-no-tls11", noTLS11Server},
	{"openssl-dhe1024", dhe1024Server},
	{"nginx-rsa-ecdsa", nginxDualCertServer},
	{"gnutls-rc4-3des", gnutlsRC4Server},
	{"openssl-anssi-compliant", compliantServer},
	{"openssl-prioritize-chacha", prioritizeChaChaServer},
}

// The configurations, as in scanner/tlsprobe/conformance_test.go.

// ecdsaCert are the s_server arguments that serve p's ECDSA P-256 leaf with
// its intermediate.
func ecdsaCert(p *peer.PKI) []string {
	return []string{"-cert", p.LeafFile, "-key", p.KeyFile, "-cert_chain", p.IntermediateFile}
}

// rsaCert are the s_server arguments that serve an RSA 2048 leaf of p with
// its intermediate.
func rsaCert(t *testing.T, p *peer.PKI) []string {
	l := p.RSALeaf(t, 2048)
	return []string{"-cert", l.LeafFile, "-key", l.KeyFile, "-cert_chain", p.IntermediateFile}
}

// OpenSSL, TLS 1.3 only, its defaults otherwise; RSA certificate.
func tls13OnlyServer(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(rsaCert(t, p), "-tls1_3")...)
}

// OpenSSL, three ECDHE-ECDSA suites in server order; ECDSA certificate.
func ecdsaServerPrefServer(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(ecdsaCert(p), "-cipher", peer.CompliantCiphers, "-serverpref")...)
}

// OpenSSL, everything it has, TLS 1.0 to 1.2; ECDSA certificate.
func legacyServer(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(ecdsaCert(p), "-cipher", peer.LegacyCiphers, "-no_tls1_3")...)
}

// OpenSSL, everything it has, TLS 1.0 and 1.2 but not 1.1; RSA
// certificate.
func noTLS11Server(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(rsaCert(t, p), "-cipher", peer.LegacyCiphers, "-no_tls1_1", "-no_tls1_3")...)
}

// OpenSSL, DHE only with the 1024-bit RFC 2409 group 2, TLS 1.0 to 1.2;
// RSA certificate.
func dhe1024Server(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(rsaCert(t, p), "-cipher", peer.DHECiphers, "-dhparam", peer.DHParams1024(t, t.TempDir()), "-no_tls1_3")...)
}

// nginx with an RSA and an ECDSA certificate of the same PKI, TLS 1.2 and
// 1.3, its default cipher string.
func nginxDualCertServer(t *testing.T, p *peer.PKI) *peer.Server {
	rsa := p.RSALeaf(t, 2048)
	return peer.NginxDualCert(t, peer.CertKey{Chain: rsa.ChainFile, Key: rsa.KeyFile}, peer.CertKey{Chain: p.ChainFile, Key: p.KeyFile})
}

// gnutls-serv with RC4 and 3DES added to NORMAL; RSA certificate.
func gnutlsRC4Server(t *testing.T, p *peer.PKI) *peer.Server {
	rsa := p.RSALeaf(t, 2048)
	return peer.GnuTLS(t, peer.GnuTLSPriority, "--x509certfile", rsa.ChainFile, "--x509keyfile", rsa.KeyFile)
}

// OpenSSL as the ANSSI TLS guide recommends, with ECDSA-only signature
// algorithms and a stapled OCSP response; ECDSA certificate.
func compliantServer(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(ecdsaCert(p), "-cipher", peer.CompliantCiphers, "-ciphersuites", peer.Compliant13, "-groups", "X25519:P-256:P-384", "-serverpref",
		"-sigalgs", "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512", "-status_file", p.OCSPFile)...)
}

// OpenSSL with server order and SSL_OP_PRIORITIZE_CHACHA; ECDSA
// certificate.
func prioritizeChaChaServer(t *testing.T, p *peer.PKI) *peer.Server {
	return peer.OpenSSL(t, append(ecdsaCert(p), "-cipher", peer.CompliantCiphers, "-ciphersuites", peer.Compliant13, "-serverpref", "-prioritize_chacha")...)
}

// TestExpectedFindings runs the scenarios one after another, as
// TestConformance does: in parallel, a loaded machine turns into probe
// timeouts, which are facts (unknown).
func TestExpectedFindings(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			p := peer.NewPKI(t, t.TempDir(), []string{"localhost"}, []string{"127.0.0.1"})
			srv := sc.start(t, p)
			got := grade(t, srv.AddrPort(), p)
			file := filepath.Join("testdata", sc.name+".expected")
			if *update {
				writeExpected(t, file, got)
			}
			want := readExpected(t, file)
			if d := diff(want, got.lines); d != "" {
				t.Errorf("findings differ from %s (-want +got):\n%s\nmessages:\n%s", file, d, got.messages)
			}
		})
	}
}

// sshScenarios are three sshd configurations, graded as the CLI grades an
// ssh:// endpoint: the SSH probe, then the whole catalogue.
var sshScenarios = []struct {
	name   string
	config []string
	moduli string // when set, the sshd's moduli file (peer.ModuliFile)
	// legacy, when set, starts the telnet and FTP servers beside sshd;
	// otherwise every legacy service port is closed.
	legacy func(t *testing.T) []sshprobe.LegacyPort
}{
	{name: "sshd-debian-default"},
	{name: "sshd-anssi", config: []string{
		"Ciphers aes256-ctr,aes192-ctr,aes128-ctr",
		"MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512,hmac-sha2-256",
		"KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,ecdh-sha2-nistp256,diffie-hellman-group16-sha512",
		"HostKey ecdsa", "HostKey rsa:3072",
		"HostKeyAlgorithms ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
		"PasswordAuthentication no", "KbdInteractiveAuthentication no",
	}},
	{name: "sshd-weak", config: peer.SSHDWeak, moduli: peer.Moduli1024, legacy: func(t *testing.T) []sshprobe.LegacyPort {
		return []sshprobe.LegacyPort{
			{Port: peer.NewFTPD(t, peer.VsftpdGreeting, "502 Command not implemented.\r\n").Port, Service: sshprobe.FTP},
			{Port: peer.Telnetd(t), Service: sshprobe.Telnet},
			{Port: peer.ClosedPort(t), Service: sshprobe.Rlogin},
			{Port: peer.ClosedPort(t), Service: sshprobe.Rsh},
		}
	}},
}

// closedLegacy maps every legacy service to a closed port of the test's
// own (127.0.0.1's 21, 23, 513 and 514 are the machine's, not the test's).
func closedLegacy(t *testing.T) []sshprobe.LegacyPort {
	var out []sshprobe.LegacyPort
	for _, s := range []sshprobe.Service{sshprobe.FTP, sshprobe.Telnet, sshprobe.Rlogin, sshprobe.Rsh} {
		out = append(out, sshprobe.LegacyPort{Port: peer.ClosedPort(t), Service: s})
	}
	return out
}

func TestExpectedFindingsSSH(t *testing.T) {
	for _, sc := range sshScenarios {
		t.Run(sc.name, func(t *testing.T) {
			config := sc.config
			if sc.moduli != "" {
				config = append(slices.Clone(config), peer.ModuliFile(t, sc.moduli))
			}
			srv := peer.OpenSSH(t, config...)
			ap := srv.AddrPort()
			ep := scanner.Endpoint{Host: ap.Addr().String(), IP: ap.Addr(), Port: ap.Port(), Protocol: "ssh", Source: "e2e"}
			d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
			legacy := closedLegacy(t)
			if sc.legacy != nil {
				legacy = sc.legacy(t)
			}
			r := sshprobe.New(sshprobe.Config{LegacyPorts: legacy}).Probe(context.Background(), ep, d)
			got := evaluate(t, r, nil)
			file := filepath.Join("testdata", sc.name+".expected")
			if *update {
				writeExpected(t, file, got)
			}
			if d := diff(readExpected(t, file), got.lines); d != "" {
				t.Errorf("findings differ from %s (-want +got):\n%s\nmessages:\n%s", file, d, got.messages)
			}
		})
	}
}

// ikeScenarios are the three charon configurations of
// scanner/ikeprobe/conformance_test.go (one connection each, pre-shared
// key authentication), graded as the CLI grades an IKE endpoint: the IKE
// probe, then the whole catalogue.
var ikeScenarios = []struct {
	name      string
	version   int // swanctl "version": 0 both, 2 IKEv2 only
	proposals string
}{
	{"strongswan-aead-ikev2-only", 2, "aes256gcm16-prfsha384-ecp384"},
	{"strongswan-two-proposals", 0, "aes128-sha256-modp2048,aes256-sha512-ecp521-modp3072"},
	{"strongswan-weak", 0, "3des-sha1-modp1024"},
}

func TestExpectedFindingsIKE(t *testing.T) {
	for _, sc := range ikeScenarios {
		t.Run(sc.name, func(t *testing.T) {
			sw := peer.StartStrongSwan(t, fmt.Sprintf(`
  test {
    version = %d
    proposals = %s
    local {
      auth = psk
      id = server
    }
    remote {
      auth = psk
    }
  }`, sc.version, sc.proposals))
			ap := sw.AddrPort()
			ep := scanner.Endpoint{Host: ap.Addr().String(), IP: ap.Addr(), Port: ap.Port(), Protocol: "ike", Source: "e2e"}
			d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second}
			// charon expects the non-ESP marker when neither port is 500,
			// as on a test port (ikeprobe.Config.NATTPorts).
			r := ikeprobe.New(ikeprobe.Config{NATTPorts: []uint16{ap.Port()}}).Probe(context.Background(), ep, d)
			got := evaluate(t, r, nil)
			file := filepath.Join("testdata", sc.name+".expected")
			if *update {
				writeExpected(t, file, got)
			}
			if d := diff(readExpected(t, file), got.lines); d != "" {
				t.Errorf("findings differ from %s (-want +got):\n%s\nmessages:\n%s", file, d, got.messages)
			}
		})
	}
}

type graded struct {
	lines    []string // "RULE status", sorted
	messages string
}

// grade scans addr as localhost, with p's root as an extra anchor and
// declared operated in France, and evaluates the whole catalogue, the rules
// graded across a run included (on a run of this endpoint alone).
func grade(t *testing.T, addr netip.AddrPort, p *peer.PKI) graded {
	t.Helper()
	roots, err := pki.LoadPool(p.RootFile)
	if err != nil {
		t.Fatal(err)
	}
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", SNI: "localhost", Source: "e2e"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
	r := tlsprobe.New(tlsprobe.Config{Roots: roots}).Probe(context.Background(), ep, d)

	// The server does not send its root, so the declaration carries the
	// certificate itself (a hash alone could not be linked to the chain).
	rootPEM, err := os.ReadFile(p.RootFile)
	if err != nil {
		t.Fatal(err)
	}
	indented := "      " + strings.ReplaceAll(strings.TrimSpace(string(rootPEM)), "\n", "\n      ")
	db, err := jurisdiction.Default().WithUserData("e2e declarations", strings.NewReader(
		"cas:\n  - name: cryptoscan conformance root\n    operated_in: FR\n    parent_country: FR\n"+
			"    justification: the root internal/peer/pki.go made for this test\n    certificate: |\n"+indented+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return evaluate(t, r, db)
}

// evaluate grades r as the CLI does: every rule on the result, then the
// rules graded across the run, on a run of this endpoint alone. db, when
// set, is the CA jurisdiction data.
func evaluate(t *testing.T, r scanner.Result, db *jurisdiction.DB) graded {
	t.Helper()
	ctx, err := rules.NewContext(rules.DefaultProfile, 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if db != nil {
		ctx.Jurisdiction = db
	}
	// As the CLI grades: every rule on the result, then the rules graded
	// across the run (ANSSI-TLS-R30), on a run of this endpoint alone.
	fs := rules.Evaluate(&r, ctx)
	run := rules.NewRunView()
	run.Add(&r)
	ctx.Run = run
	kept := rules.ForRun(r)
	fs = append(fs, rules.EvaluateRun(&kept, ctx)...)
	var g graded
	var msgs []string
	for _, f := range fs {
		id := f.RuleID
		if strings.HasPrefix(id, "ZLINT-") && f.Status == rules.Pass {
			id = "ZLINT-v3" // passes are aggregated per certificate under the rule's own ID
		}
		g.lines = append(g.lines, id+" "+string(f.Status))
		msgs = append(msgs, fmt.Sprintf("  %s %s: %s", f.RuleID, f.Status, f.Message))
	}
	slices.Sort(g.lines)
	g.messages = strings.Join(msgs, "\n")
	return g
}

func readExpected(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

func writeExpected(t *testing.T, file string, g graded) {
	t.Helper()
	old, _ := os.ReadFile(file)
	var head []string
	for _, l := range strings.Split(string(old), "\n") {
		if strings.HasPrefix(l, "#") {
			head = append(head, l)
		}
	}
	body := strings.Join(append(head, g.lines...), "\n") + "\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// diff lists the lines only in want (-) and only in got (+).
func diff(want, got []string) string {
	var b strings.Builder
	w, g := slices.Clone(want), slices.Clone(got)
	for _, l := range want {
		if i := slices.Index(g, l); i >= 0 {
			g = slices.Delete(g, i, i+1)
			w = slices.Delete(w, slices.Index(w, l), slices.Index(w, l)+1)
		}
	}
	for _, l := range w {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	for _, l := range g {
		fmt.Fprintf(&b, "+ %s\n", l)
	}
	return b.String()
}
