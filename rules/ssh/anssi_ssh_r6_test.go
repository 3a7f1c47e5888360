package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func TestR6(t *testing.T) {
	ecdsaFP, rsaFP := fixture.SSHFPFor(p256), fixture.SSHFPFor(rsa3072)
	sha1 := dnsprobe.SSHFP{Algorithm: 3, AlgorithmName: "ECDSA", Type: 1, TypeName: "SHA-1", Fingerprint: "0123456789abcdef0123456789abcdef01234567"}
	stale := fixture.SSHFPFor(rsa2048)
	cert := key{Type: "ssh-ed25519", Bits: 256, CAType: "ssh-ed25519", CABits: 256}
	runCases(t, "ANSSI-SSH-R6", []tcase{
		{name: "pass - validated SSHFP records for both keys", res: compliant().Result()},
		{name: "pass - a host certificate, no name", res: compliant().HostKey("ssh-ed25519-cert-v01@openssh.com", cert).DNS(nil).Result()},
		{name: "pass - a host certificate, no SSHFP records", res: compliant().HostKey("ssh-ed25519-cert-v01@openssh.com", cert).SSHFP(true).Result()},
		{name: "fail - a stale RSA record", res: compliant().SSHFP(true, ecdsaFP, stale).Result(),
			items: []string{"example.fr SSHFP 1 2", "host keys"}, why: []string{"matches no RSA host key served"}},
		{name: "fail - a stale record beside a host certificate", res: compliant().HostKey("ssh-ed25519-cert-v01@openssh.com", cert).SSHFP(true, ecdsaFP, rsaFP, stale).Result(),
			items: []string{"example.fr SSHFP 1 2"}},
		{name: "info - SSHFP records not validated", res: compliant().SSHFP(false, ecdsaFP, rsaFP).Result(), items: []string{"host keys"}},
		{name: "info - one key without a record", res: compliant().SSHFP(true, ecdsaFP).Result(), items: []string{"host keys"}},
		{name: "info - SHA-1 records only", res: compliant().SSHFP(true, sha1).Result(), items: []string{"host keys"}},
		{name: "info - no SSHFP records", res: compliant().SSHFP(true).Result(), items: []string{"host keys"}, why: []string{"SHA256:"}},
		{name: "info - an address target", res: compliant().DNS(nil).Result(), items: []string{"host keys"}},
		{name: "incomplete - SSHFP lookup failed", res: compliant().SSHFPUnknown(dnsprobe.ReasonServFail).Result()},
		{name: "incomplete - SSHFP lookup failed beside a host certificate", res: compliant().HostKey("ssh-ed25519-cert-v01@openssh.com", cert).SSHFPUnknown(dnsprobe.ReasonTimeout).Result()},
		{name: "incomplete - a host key not seen, SSHFP records may name it", res: compliant().HostKeyUnknown("ssh-ed25519", scanner.ReasonTimeout).Result()},
		{name: "info - a DSA key not seen, no SSHFP records to compare", res: compliant().HostKeyUnknown("ssh-dss", scanner.ReasonNotTested).DNS(nil).Result(),
			items: []string{"host keys"}},
		{name: "incomplete - a certificate not seen", res: compliant().HostKeyUnknown("ssh-ed25519-cert-v01@openssh.com", scanner.ReasonTimeout).DNS(nil).Result()},
		{name: "incomplete - no key seen at all", res: compliant().DNS(nil).SetKey(key{}, "ecdsa-sha2-nistp256").RemoveHostKeys("rsa-sha2-512", "rsa-sha2-256", "ecdsa-sha2-nistp256").HostKeyUnknown("ssh-ed25519", scanner.ReasonReset).Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonReset).Result()},
	})
}
