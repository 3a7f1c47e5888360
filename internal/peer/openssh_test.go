package peer

import (
	"bufio"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

// readSSHBanner reads the first line a server sends.
func readSSHBanner(t *testing.T, addr string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(line, "\r\n")
}

func TestOpenSSH(t *testing.T) {
	var addr string
	t.Run("default", func(t *testing.T) {
		s := OpenSSH(t)
		addr = s.Addr
		if b := readSSHBanner(t, s.Addr); !strings.HasPrefix(b, "SSH-2.0-OpenSSH_") {
			t.Errorf("banner %q", b)
		}
		if _, err := s.CPU(); err != nil {
			t.Errorf("no process: %v", err)
		}
		eff := SSHDEffective(t, s)
		if got := eff["listenaddress"]; !slices.Equal(got, []string{s.Addr}) {
			t.Errorf("listenaddress %q, want %s", got, s.Addr)
		}
		// Debian's package keys, in sshd's default order.
		var types []string
		for _, k := range eff["hostkey"] {
			f := SSHKeygenFingerprint(t, k)
			types = append(types, f.Type+strings.Repeat("+", f.Bits/1024))
			if !strings.HasPrefix(f.SHA256, "SHA256:") || len(f.SHA256) != len("SHA256:")+43 {
				t.Errorf("%s: fingerprint %q", k, f.SHA256)
			}
		}
		if want := []string{"RSA+++", "ECDSA", "ED25519"}; !slices.Equal(types, want) {
			t.Errorf("host keys %q, want %q", types, want)
		}
	})
	// Cleanup killed sshd: nothing listens there any more.
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("sshd still accepts on %s after its test", addr)
	}

	t.Run("keys and certificate", func(t *testing.T) {
		s := OpenSSH(t, "HostKey rsa:1024", "HostKey ed25519", "HostCertificate ed25519", "Ciphers aes256-ctr")
		eff := SSHDEffective(t, s)
		if got := eff["ciphers"]; !slices.Equal(got, []string{"aes256-ctr"}) {
			t.Errorf("ciphers %q", got)
		}
		keys := eff["hostkey"]
		if len(keys) != 2 || SSHKeygenFingerprint(t, keys[0]).Bits != 1024 {
			t.Fatalf("host keys %q", keys)
		}
		certs := eff["hostcertificate"]
		if len(certs) != 1 {
			t.Fatalf("host certificates %q", certs)
		}
		cert, key := SSHKeygenFingerprint(t, certs[0]), SSHKeygenFingerprint(t, keys[1])
		if cert.Type != "ED25519-CERT" || cert.SHA256 != key.SHA256 {
			t.Errorf("certificate %+v of key %+v", cert, key)
		}
	})
}

func TestSSHAudit(t *testing.T) {
	s := OpenSSH(t, "HostKey ed25519", "KexAlgorithms curve25519-sha256", "Ciphers aes128-ctr", "MACs hmac-sha2-256")
	a := SSHAudit(t, s.Addr)
	if !strings.HasPrefix(a.Banner.Raw, "SSH-2.0-OpenSSH_") || !slices.Equal(a.Enc, []string{"aes128-ctr"}) ||
		!slices.Equal(a.MAC, []string{"hmac-sha2-256"}) || len(a.Key) != 1 || a.Key[0].Algorithm != "ssh-ed25519" {
		t.Errorf("ssh-audit read %s", a.JSON)
	}
}
