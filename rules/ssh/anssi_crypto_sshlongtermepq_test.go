package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestSshLongTermePQ(t *testing.T) {
	noPQ := func() *builder { return compliant().RemoveKex("sntrup761x25519-sha512@openssh.com") }
	runCases(t, "ANSSI-CRYPTO-SshLongTermePQ", []tcase{
		{name: "pass - sntrup761x25519 offered", res: compliant().Result()},
		{name: "pass - mlkem768x25519 offered last", res: noPQ().AddKex("mlkem768x25519-sha256").Result()},
		{name: "info - no hybrid in 2026", res: noPQ().Result(), items: []string{"key exchange methods"}, why: []string{"none of the 3 methods offered is a post-quantum hybrid; recommended from 2030"}},
		{name: "warn - no hybrid in 2030", res: noPQ().Result(), ctx: year(2030)},
		{name: "warn - no hybrid with a 2035 horizon", res: noPQ().Result(), ctx: horizon(2035)},
		{name: "info - an unknown method is not counted as a hybrid", res: noPQ().AddKex("x25519-kyber-512r3-sha256-d00@amazon.com").Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonTimeout).Result()},
	})
}
