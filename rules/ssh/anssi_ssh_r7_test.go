package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR7(t *testing.T) {
	runCases(t, "ANSSI-SSH-R7", []tcase{
		{name: "pass - ECDSA and RSA host keys", res: compliant().Result()},
		{name: "pass - Ed25519 host key", res: compliant().HostKey("ssh-ed25519", ed25519).Result()},
		{name: "fail - ssh-dss offered", res: compliant().HostKey("ssh-dss", dsa).Result(), items: []string{"ssh-dss"}},
		{name: "fail - DSA host certificate offered, its key unknown", res: compliant().HostKeyUnknown("ssh-dss-cert-v01@openssh.com", scanner.ReasonTimeout).Result(),
			items: []string{"ssh-dss-cert-v01@openssh.com"}},
		{name: "fail - host certificate signed by a DSA CA", res: compliant().HostKey("ecdsa-sha2-nistp256-cert-v01@openssh.com", key{Type: "ecdsa-sha2-nistp256", Bits: 256, CAType: "ssh-dss", CABits: 1024}).Result(),
			items: []string{"ecdsa-sha2-nistp256-cert-v01@openssh.com"}, why: []string{"signed by a DSA CA key"}},
		{name: "pass - host certificate signed by an ECDSA CA", res: compliant().HostKey("ecdsa-sha2-nistp256-cert-v01@openssh.com", key{Type: "ecdsa-sha2-nistp256", Bits: 256, CAType: "ecdsa-sha2-nistp384", CABits: 384}).Result()},
		{name: "incomplete - host certificate whose key was not seen", res: compliant().HostKeyUnknown("rsa-sha2-512-cert-v01@openssh.com", scanner.ReasonThrottled).Result()},
		{name: "fail - an unknown algorithm behind a DSA key", res: compliant().HostKey("x509v3-sign-dss", dsa).Result(), items: []string{"x509v3-sign-dss"}},
		{name: "pass - an unknown algorithm behind a key of an unknown type", res: compliant().HostKey("ssh-xmss@openssh.com", key{Type: "ssh-xmss@openssh.com"}).Result()},
		{name: "incomplete - an unknown algorithm, its key not seen", res: compliant().HostKeyUnknown("ssh-xmss@openssh.com", scanner.ReasonTimeout).Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonReset).Result()},
		{name: "incomplete - nothing read past the banner", res: compliant().NoBanner(scanner.ReasonClosed).Result()},
	})
}
