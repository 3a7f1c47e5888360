package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestSshHostKeyHash(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-SshHostKeyHash", []tcase{
		{name: "pass - ECDSA, rsa-sha2-512, rsa-sha2-256", res: compliant().Result()},
		{name: "pass - Ed25519, with a note", res: compliant().HostKey("ssh-ed25519", ed25519).Result()},
		{name: "fail - ssh-rsa offered beside rsa-sha2", res: compliant().HostKey("ssh-rsa", rsa3072).Result(), items: []string{"ssh-rsa"},
			why: []string{"RSA signatures with SHA-1, a 160-bit hash below 256 bits"}},
		{name: "fail - ssh-dss and the SHA-1 certificate forms", res: compliant().HostKey("ssh-dss", dsa).
			HostKey("ssh-rsa-cert-v01@openssh.com", key{Type: "ssh-rsa", Bits: 3072, CAType: "ssh-rsa", CABits: 4096}).Result(),
			items: []string{"ssh-dss", "ssh-rsa-cert-v01@openssh.com"}},
		{name: "fail - ssh-rsa whose key was not seen", res: compliant().HostKeyUnknown("ssh-rsa", scanner.ReasonTimeout).Result(), items: []string{"ssh-rsa"}},
		{name: "fail - x509v3-ssh-rsa", res: compliant().HostKey("x509v3-ssh-rsa", rsa3072).Result(), items: []string{"x509v3-ssh-rsa"}},
		{name: "pass - SHA-2 host certificates", res: compliant().HostKey("rsa-sha2-512-cert-v01@openssh.com", key{Type: "ssh-rsa", Bits: 3072, CAType: "ssh-ed25519", CABits: 256}).Result()},
		{name: "warn - unknown algorithm", res: compliant().HostKey("ssh-xmss@openssh.com", key{Type: "ssh-xmss@openssh.com"}).Result(), items: []string{"ssh-xmss@openssh.com"}},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonTimeout).Result()},
	})
}
