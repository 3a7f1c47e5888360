package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR10(t *testing.T) {
	noECDSA := func() *scanner.Result { return compliant().RemoveHostKeys("ecdsa-sha2-nistp256").Result() }
	runCases(t, "ANSSI-SSH-R10", []tcase{
		{name: "pass - ECDSA beside RSA", res: compliant().Result()},
		{name: "pass - RSA listed first: the client's order decides", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256").HostKey("ecdsa-sha2-nistp256", p256).Result()},
		{name: "warn - RSA without ECDSA, each RSA algorithm named", res: noECDSA(), items: []string{"rsa-sha2-512", "rsa-sha2-256"}},
		{name: "warn - RSA and Ed25519, no ECDSA", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256").HostKey("ssh-ed25519", ed25519).Result(),
			items: []string{"rsa-sha2-512", "rsa-sha2-256"}},
		{name: "pass - ECDSA host certificate beside RSA", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256").
			HostKey("ecdsa-sha2-nistp256-cert-v01@openssh.com", key{Type: "ecdsa-sha2-nistp256", Bits: 256, CAType: "ecdsa-sha2-nistp256", CABits: 256}).Result()},
		{name: "pass - Ed25519 only", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256").HostKey("ssh-ed25519", ed25519).Result()},
		{name: "incomplete - RSA beside an unknown algorithm whose key was not seen", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256").HostKeyUnknown("ecdsa-sha2-brainpoolP256r1@example.com", scanner.ReasonTimeout).Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonTimeout).Result()},
	})
}
