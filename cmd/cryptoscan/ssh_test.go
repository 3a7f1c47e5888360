package main

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
	srv := peer.OpenSSH(t, "HostKey ecdsa", "HostKey ed25519",
		"KexAlgorithms curve25519-sha256,ecdh-sha2-nistp256",
		"Ciphers aes256-ctr,aes128-ctr", "MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256")
	code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", "ssh://"+srv.Addr)
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
	// Graded by the SSH family: this configuration is what the OpenSSH
	// guide asks for (AES-CTR, HMAC-SHA-2, ECDSA host key, protocol 2),
	// with key exchanges the crypto-mechanisms rules accept.
	for id, want := range map[string]string{
		"ANSSI-SSH-R1": "pass", "ANSSI-SSH-R7": "pass", "ANSSI-SSH-R9": "pass", "ANSSI-SSH-R15": "pass",
		"ANSSI-CRYPTO-SshKex": "pass", "ANSSI-CRYPTO-SshHostKeyHash": "pass", "ANSSI-TLS-R4": "not_applicable",
	} {
		if got := statuses[id]; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
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
