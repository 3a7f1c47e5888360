package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR8(t *testing.T) {
	rsa := func(k key) *scanner.Result { return compliant().SetKey(k, "rsa-sha2-512", "rsa-sha2-256").Result() }
	runCases(t, "ANSSI-SSH-R8", []tcase{
		{name: "pass - RSA 3072", res: compliant().Result()},
		{name: "pass - RSA 3072 with a 2035 horizon", res: compliant().Result(), ctx: horizon(2035)},
		{name: "pass - RSA 2048 in 2026", res: rsa(rsa2048)},
		{name: "fail - RSA 2048 with a 2031 horizon", res: rsa(rsa2048), ctx: horizon(2031), items: []string{"rsa-sha2-512", "rsa-sha2-256"},
			why: []string{"RSA 2048 bits", "below 3072 bits"}},
		{name: "fail - RSA 2048 in 2031", res: rsa(rsa2048), ctx: year(2031)},
		{name: "pass - RSA 2048 in 2030", res: rsa(rsa2048), ctx: year(2030)},
		{name: "fail - RSA 1024, every algorithm named", res: rsa(rsa1024), items: []string{"rsa-sha2-512", "rsa-sha2-256"}},
		{name: "pass - no RSA host key", res: compliant().RemoveHostKeys("rsa-sha2-512", "rsa-sha2-256").Result()},
		{name: "incomplete - RSA key not seen", res: compliant().RemoveHostKeys("rsa-sha2-256").HostKeyUnknown("rsa-sha2-256", scanner.ReasonTimeout).Result()},
		{name: "fail - one RSA algorithm 1024 bits while another is unknown", res: compliant().SetKey(rsa1024, "rsa-sha2-512").RemoveHostKeys("rsa-sha2-256").HostKeyUnknown("rsa-sha2-256", scanner.ReasonTimeout).Result(),
			items: []string{"rsa-sha2-512"}},
		{name: "fail - host certificate CA RSA 1024", res: compliant().HostKey("ecdsa-sha2-nistp256-cert-v01@openssh.com", key{Type: "ecdsa-sha2-nistp256", Bits: 256, CAType: "ssh-rsa", CABits: 1024}).Result(),
			items: []string{"ecdsa-sha2-nistp256-cert-v01@openssh.com"}, why: []string{"host certificate CA: RSA 1024 bits"}},
		{name: "pass - RSA host certificate, RSA 4096 CA", res: compliant().HostKey("rsa-sha2-512-cert-v01@openssh.com", key{Type: "ssh-rsa", Bits: 3072, CAType: "ssh-rsa", CABits: 4096}).Result()},
		{name: "incomplete - host certificate without its CA", res: compliant().HostKey("rsa-sha2-512-cert-v01@openssh.com", rsa3072).Result()},
		{name: "incomplete - ECDSA host certificate not seen: its CA may be RSA", res: compliant().HostKeyUnknown("ecdsa-sha2-nistp256-cert-v01@openssh.com", scanner.ReasonTimeout).Result()},
		{name: "fail - x509v3-ssh-rsa with a 1024-bit key", res: compliant().HostKey("x509v3-ssh-rsa", rsa1024).Result(), items: []string{"x509v3-ssh-rsa"}},
		{name: "incomplete - RSA key size not recorded", res: compliant().SetKey(key{Type: "ssh-rsa"}, "rsa-sha2-512", "rsa-sha2-256").Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonTimeout).Result()},
	})
}
