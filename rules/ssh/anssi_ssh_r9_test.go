package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR9(t *testing.T) {
	p224 := key{Type: "ecdsa-sha2-1.3.132.0.33", Bits: 224}
	runCases(t, "ANSSI-SSH-R9", []tcase{
		{name: "pass - ECDSA P-256", res: compliant().Result()},
		{name: "pass - ECDSA P-384 and P-521", res: compliant().HostKey("ecdsa-sha2-nistp384", key{Type: "ecdsa-sha2-nistp384", Bits: 384}).
			HostKey("ecdsa-sha2-nistp521", key{Type: "ecdsa-sha2-nistp521", Bits: 521}).Result()},
		{name: "pass - ECDSA key not seen: the algorithm names its curve", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256").HostKeyUnknown("ecdsa-sha2-nistp256", scanner.ReasonTimeout).Result()},
		{name: "fail - ECDSA nistp224", res: compliant().HostKey("ecdsa-sha2-1.3.132.0.33", p224).Result(), items: []string{"ecdsa-sha2-1.3.132.0.33"},
			why: []string{"ECDSA 224 bits, below 256 bits"}},
		{name: "fail - ECDSA nistp192, its key not seen", res: compliant().HostKeyUnknown("ecdsa-sha2-1.2.840.10045.3.1.1", scanner.ReasonTimeout).Result(),
			items: []string{"ecdsa-sha2-1.2.840.10045.3.1.1"}},
		{name: "fail - host certificate CA on nistp224", res: compliant().HostKey("rsa-sha2-512-cert-v01@openssh.com", key{Type: "ssh-rsa", Bits: 3072, CAType: "ecdsa-sha2-1.3.132.0.33"}).Result(),
			items: []string{"rsa-sha2-512-cert-v01@openssh.com"}, why: []string{"host certificate CA: ECDSA 224 bits"}},
		{name: "pass - ECDSA host certificate, ECDSA P-384 CA", res: compliant().HostKey("ecdsa-sha2-nistp256-cert-v01@openssh.com", key{Type: "ecdsa-sha2-nistp256", Bits: 256, CAType: "ecdsa-sha2-nistp384", CABits: 384}).Result()},
		{name: "incomplete - host certificate not seen", res: compliant().HostKeyUnknown("ssh-ed25519-cert-v01@openssh.com", scanner.ReasonTimeout).Result()},
		{name: "pass - no ECDSA host key", res: compliant().RemoveHostKeys("ecdsa-sha2-nistp256").Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonTimeout).Result()},
	})
}
