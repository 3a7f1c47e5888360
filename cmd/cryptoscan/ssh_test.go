package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// TestScanSSH runs the command against a real sshd on 127.0.0.1, named by
// an ssh:// target: one endpoint event with the ssh object and none of
// tls, valid against the schema; the key exchanges, ciphers and MACs are
// the configured ones, in their order; the SSH rules grade them and the
// TLS rules do not apply.
func TestScanSSH(t *testing.T) {
	srv := peer.OpenSSH(t, anssiSSHD...)
	legacy := closedLegacyPorts(t)
	code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none",
		"--legacy-ports", legacy, "ssh://"+srv.Addr)
	if code != exitOK {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitOK, stderr)
	}
	if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
		t.Fatalf("output does not match the schema: %v", err)
	}
	ssh, statuses := readSSHRun(t, stdout)
	// evaluate re-grades the saved report to the same findings.
	saved := filepath.Join(t.TempDir(), "saved.ndjson")
	if err := os.WriteFile(saved, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	code, again, stderr := runCLI(t, context.Background(), hostsResolver(nil), "evaluate", "--format", "json", "--fail-on", "none", saved)
	if _, regraded := readSSHRun(t, again); code != exitOK || !maps.Equal(regraded, statuses) {
		t.Errorf("evaluate: exit %d, findings %v, want %v; stderr:\n%s", code, regraded, statuses, stderr)
	}
	if ssh == nil {
		t.Fatalf("no ssh observation:\n%s", stdout)
	}
	if want := []string{"curve25519-sha256", "ecdh-sha2-nistp256"}; !slices.Equal(withoutMarkers(ssh.Kex), want) {
		t.Errorf("kex %v, want %v", ssh.Kex, want)
	}
	if want := []string{"aes256-ctr", "aes128-ctr"}; !slices.Equal(ssh.Ciphers, want) {
		t.Errorf("ciphers %v, want %v", ssh.Ciphers, want)
	}
	if want := []string{"hmac-sha2-512-etm@openssh.com", "hmac-sha2-256"}; !slices.Equal(ssh.MACs, want) {
		t.Errorf("macs %v, want %v", ssh.MACs, want)
	}
	if len(ssh.HostKeys) == 0 {
		t.Errorf("no host keys")
	}
	for _, k := range ssh.HostKeys {
		if k.Status != scanner.Supported {
			t.Errorf("host key %+v, want seen", k)
		}
	}
	if a := ssh.Auth; a == nil || a.User != "cryptoscan" || !slices.Equal(a.Methods, []string{"publickey"}) || a.NoneAccepted || a.Unknown != nil {
		t.Errorf("auth %+v, want publickey alone for cryptoscan", a)
	}
	if len(ssh.LegacyServices) != 4 {
		t.Errorf("legacy services %+v, want the 4 ports given", ssh.LegacyServices)
	}
	for _, l := range ssh.LegacyServices {
		if l.State != scanner.PortClosed {
			t.Errorf("legacy service %+v, want closed", l)
		}
	}
	// Graded by the SSH family: this configuration is what the OpenSSH
	// guide asks for (AES-CTR, HMAC-SHA-2, ECDSA host key, protocol 2, key
	// authentication only), with key exchanges the crypto-mechanisms rules
	// accept; no telnet, rlogin, rsh or FTP beside it; on loopback. Scanned
	// by address, it has no name for SSHFP records: R6 lists the
	// fingerprints (information) and R31 does not apply.
	for id, want := range map[string]string{
		"ANSSI-SSH-R1": "pass", "ANSSI-SSH-R7": "pass", "ANSSI-SSH-R9": "pass", "ANSSI-SSH-R15": "pass",
		"ANSSI-CRYPTO-SshKex": "pass", "ANSSI-CRYPTO-SshHostKeyHash": "pass", "ANSSI-TLS-R4": "not_applicable",
		"ANSSI-SSH-R2": "pass", "ANSSI-SSH-R4": "pass", "ANSSI-SSH-R17": "pass", "ANSSI-SSH-R25": "pass", "ANSSI-SSH-R26": "pass",
		"ANSSI-SSH-R6": "info", "ANSSI-SSH-R31": "not_applicable", "DNS-CAA": "not_applicable",
	} {
		if got := statuses[id]; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}

// anssiSSHD is an sshd configured as the OpenSSH guide asks.
var anssiSSHD = []string{"HostKey ecdsa", "HostKey ed25519",
	"KexAlgorithms curve25519-sha256,ecdh-sha2-nistp256",
	"Ciphers aes256-ctr,aes128-ctr", "MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256",
	"PasswordAuthentication no", "KbdInteractiveAuthentication no"}

// closedLegacyPorts is a --legacy-ports value mapping every service SSH
// replaces to a closed port of the test's own (127.0.0.1's 21, 23, 513
// and 514 belong to the machine, not to the test).
func closedLegacyPorts(t *testing.T) string {
	var parts []string
	for _, s := range []string{"ftp", "telnet", "rlogin", "rsh"} {
		parts = append(parts, fmt.Sprintf("%s=%d", s, peer.ClosedPort(t)))
	}
	return strings.Join(parts, ",")
}

// TestScanSSHWithSSHFP scans an sshd by name, through a DNS server on
// loopback that resolves the name and publishes SSHFP records made by
// ssh-keygen -r from the sshd's own host keys: R6 and R31 pass when the
// resolver says it validated them (AD), R31 warns when it does not, and a
// record left from a replaced key fails R6.
func TestScanSSHWithSSHFP(t *testing.T) {
	srv := peer.OpenSSH(t, anssiSSHD...)
	keygen := peer.Require(t, "ssh-keygen")
	var records []string
	for _, key := range peer.SSHDEffective(t, srv)["hostkey"] {
		out, err := exec.Command(keygen, "-r", "bastion.example.fr.", "-f", key+".pub").Output()
		if err != nil {
			t.Fatalf("ssh-keygen -r %s: %v", key, err)
		}
		for l := range strings.Lines(string(out)) {
			records = append(records, strings.TrimSpace(l))
		}
	}
	if len(records) != 4 { // two keys, SHA-1 and SHA-256 each
		t.Fatalf("ssh-keygen -r gave %q", records)
	}
	// stale is an SHA-256 record of an ECDSA key that is not served.
	stale := "bastion.example.fr. IN SSHFP 3 2 " + strings.Repeat("5a", 32)
	for _, tc := range []struct {
		name         string
		ad           bool
		records      []string
		r6, r31      string
		sshfpPresent bool
	}{
		{"validated", true, records, "pass", "pass", true},
		{"not validated", false, records, "info", "warn", true},
		{"stale record", true, append(slices.Clone(records), stale), "fail", "pass", true},
		{"no records", true, nil, "info", "not_applicable", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			zone := append([]string{
				"example.fr. 300 IN SOA ns1.example.fr. hostmaster.example.fr. 1 7200 3600 1209600 300",
				"bastion.example.fr. 300 IN A 127.0.0.1",
			}, tc.records...)
			resolver := zoneDNS(t, zone, tc.ad)
			code, stdout, stderr := runCLI(t, context.Background(), nil, "--resolver", resolver, "--format", "json", "--fail-on", "none",
				"--legacy-ports", "none", "ssh://bastion.example.fr:"+strconv.Itoa(int(srv.Port())))
			if code != exitOK && code != exitIncomplete {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
				t.Fatalf("output does not match the schema: %v", err)
			}
			_, statuses := readSSHRun(t, stdout)
			if statuses["ANSSI-SSH-R6"] != tc.r6 || statuses["ANSSI-SSH-R31"] != tc.r31 {
				t.Errorf("R6 %s, R31 %s; want %s, %s\n%s", statuses["ANSSI-SSH-R6"], statuses["ANSSI-SSH-R31"], tc.r6, tc.r31, stdout)
			}
			var dns struct {
				DNS *struct {
					SSHFP *struct {
						Lookup  struct{ State string }
						Records []json.RawMessage
					} `json:"sshfp"`
					CAA struct{ Lookup struct{ State string } }
				} `json:"dns"`
			}
			for line := range strings.Lines(stdout) {
				if strings.Contains(line, `"event":"endpoint"`) {
					json.Unmarshal([]byte(line), &dns)
				}
			}
			switch {
			case dns.DNS == nil || dns.DNS.SSHFP == nil:
				t.Fatalf("no SSHFP lookup in the endpoint event")
			case tc.sshfpPresent && len(dns.DNS.SSHFP.Records) != len(tc.records):
				t.Errorf("%d SSHFP records, want %d", len(dns.DNS.SSHFP.Records), len(tc.records))
			case dns.DNS.CAA.Lookup.State != "unknown":
				t.Errorf("CAA %s, want unknown (not asked for SSH)", dns.DNS.CAA.Lookup.State)
			}
		})
	}
}

// readSSHRun reads a JSON run: the SSH observation of its endpoint event
// (checked to be an SSH endpoint without SNI or TLS) and the status of
// every finding, by rule.
func readSSHRun(t *testing.T, out string) (*scanner.SSHObservation, map[string]string) {
	t.Helper()
	var ssh *scanner.SSHObservation
	statuses := map[string]string{}
	for line := range strings.Lines(out) {
		var ev struct {
			Event    string                  `json:"event"`
			Endpoint scanner.Endpoint        `json:"endpoint"`
			TLS      json.RawMessage         `json:"tls"`
			SSH      *scanner.SSHObservation `json:"ssh"`
			Rule     struct{ ID string }     `json:"rule"`
			Status   string                  `json:"status"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatal(err)
		}
		switch ev.Event {
		case "endpoint":
			if ev.Endpoint.Protocol != "ssh" || ev.Endpoint.SNI != "" || ev.TLS != nil {
				t.Errorf("endpoint %+v with tls %s, want protocol ssh, no SNI, no tls", ev.Endpoint, ev.TLS)
			}
			ssh = ev.SSH
		case "finding":
			statuses[ev.Rule.ID] = ev.Status
		}
	}
	return ssh, statuses
}

// withoutMarkers drops the pseudo-algorithms OpenSSH appends to its key
// exchange list (ext-info-s, kex-strict-s-v00@openssh.com): they announce
// extensions, they are not methods.
func withoutMarkers(kex []string) []string {
	return slices.DeleteFunc(slices.Clone(kex), func(k string) bool {
		return k == "ext-info-s" || strings.HasPrefix(k, "kex-strict-")
	})
}

// TestScanSSHKeySharedWithTLS scans, in one run, an sshd and a TLS server
// whose certificate is made on the sshd's own ECDSA host key (read from
// its key file): ANSSI-CRYPTO-GestAsym fails on the SSH endpoint, naming
// the TLS one. With a certificate on a key of its own, it passes.
func TestScanSSHKeySharedWithTLS(t *testing.T) {
	srv := peer.OpenSSH(t, anssiSSHD...)
	var hostKey crypto.Signer
	for _, f := range peer.SSHDEffective(t, srv)["hostkey"] {
		pem, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		k, err := ssh.ParseRawPrivateKey(pem)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if ec, ok := k.(*ecdsa.PrivateKey); ok {
			hostKey = ec
		}
	}
	if hostKey == nil {
		t.Fatal("the sshd has no ECDSA host key")
	}
	own, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  crypto.Signer
		want string
	}{{"shared", hostKey, "fail"}, {"own key", own, "pass"}} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"}, DNSNames: []string{"localhost"},
				NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
			der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, tc.key.Public(), tc.key)
			if err != nil {
				t.Fatal(err)
			}
			web, err := startTLSServerOn("127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: tc.key}}})
			if err != nil {
				t.Fatal(err)
			}
			defer web.stop()
			code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none",
				"--legacy-ports", "none", "ssh://"+srv.Addr, web.ln.Addr().String())
			if code != exitOK && code != exitIncomplete {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			var status, message string
			for line := range strings.Lines(stdout) {
				var ev struct {
					Event    string
					Endpoint scanner.Endpoint
					Rule     struct{ ID string }
					Status   string
					Message  string
				}
				if err := json.Unmarshal([]byte(line), &ev); err != nil {
					t.Fatal(err)
				}
				if ev.Event == "finding" && ev.Rule.ID == "ANSSI-CRYPTO-GestAsym" && ev.Endpoint.Protocol == "ssh" {
					status, message = ev.Status, ev.Message
				}
			}
			if status != tc.want || tc.want == "fail" && !strings.Contains(message, web.ln.Addr().String()) {
				t.Errorf("ANSSI-CRYPTO-GestAsym %s: %s, want %s naming %s", status, message, tc.want, web.ln.Addr())
			}
		})
	}
}
