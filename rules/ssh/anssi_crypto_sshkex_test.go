package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestSshKex(t *testing.T) {
	const gex = "diffie-hellman-group-exchange-sha256"
	runCases(t, "ANSSI-CRYPTO-SshKex", []tcase{
		{name: "pass - hybrid, curve25519, nistp256, group16", res: compliant().Result()},
		{name: "pass - the compliant methods with a 2040 horizon", res: compliant().Result(), ctx: horizon(2040)},
		{name: "fail - group1-sha1: 1024-bit group and SHA-1", res: compliant().AddKex("diffie-hellman-group1-sha1").Result(),
			items: []string{"diffie-hellman-group1-sha1"}, why: []string{"RègleHash: SHA-1 exchange hash, 160 bits, below 256", "RègleLogp: 1024-bit group (Oakley group 2), below 2048 bits"}},
		{name: "fail - group14-sha1 and group-exchange-sha1: SHA-1 exchange hash", res: compliant().AddKex("diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1").Result(),
			items: []string{"diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1"}, why: []string{"RègleHash: SHA-1", "RègleHash: SHA-1"}},
		{name: "pass - group14-sha256 in 2026", res: compliant().AddKex("diffie-hellman-group14-sha256").Result()},
		{name: "pass - group14-sha256 in 2030", res: compliant().AddKex("diffie-hellman-group14-sha256").Result(), ctx: year(2030)},
		{name: "fail - group14-sha256 in 2031", res: compliant().AddKex("diffie-hellman-group14-sha256").Result(), ctx: year(2031),
			items: []string{"diffie-hellman-group14-sha256"}, why: []string{"RègleLogp: 2048-bit group (RFC 3526 group 14), below 3072 bits"}},
		{name: "fail - group14-sha256 with a 2035 horizon", res: compliant().AddKex("diffie-hellman-group14-sha256").Result(), ctx: horizon(2035)},
		{name: "fail - SHA-224 exchange hash", res: compliant().AddKex("diffie-hellman-group14-sha224@ssh.com").Result(), why: []string{"RègleHash: SHA-224"}},
		{name: "pass - group exchange with 3072-bit moduli", res: compliant().AddKex(gex).GroupExchange(gex, 3072).Result(), ctx: horizon(2040)},
		{name: "pass - group exchange with 2048-bit moduli in 2026", res: compliant().AddKex(gex).GroupExchange(gex, 2048).Result()},
		{name: "fail - group exchange with 2048-bit moduli beyond 2030", res: compliant().AddKex(gex).GroupExchange(gex, 2048).Result(), ctx: horizon(2031),
			items: []string{gex}},
		{name: "fail - group exchange gives a 1024-bit modulus", res: compliant().AddKex(gex).GroupExchange(gex, 1024).Result(),
			items: []string{gex}, why: []string{"RègleLogp: the server gives a 1024-bit modulus to a client asking for 1024 bits, below 2048 bits"}},
		{name: "pass - group exchange answering 8192 bits in 2026", res: compliant().AddKex(gex).GroupExchange(gex, 8192).Result()},
		{name: "incomplete - group exchange answering 8192 bits, perhaps a fallback group, with a 2035 horizon", res: compliant().AddKex(gex).GroupExchange(gex, 8192).Result(),
			ctx: horizon(2035)},
		{name: "pass - group exchange answering 4096 bits with a 2035 horizon", res: compliant().AddKex(gex).GroupExchange(gex, 4096).Result(), ctx: horizon(2035)},
		{name: "incomplete - group exchange modulus unknown", res: compliant().AddKex(gex).GroupExchangeUnknown(gex, scanner.ReasonTimeout).Result()},
		{name: "incomplete - group exchange not recorded", res: compliant().AddKex(gex).Result()},
		{name: "fail - SHA-1 group exchange, its modulus unknown", res: compliant().AddKex("diffie-hellman-group-exchange-sha1").Result(),
			items: []string{"diffie-hellman-group-exchange-sha1"}},
		{name: "fail - SHA-1 group exchange with 1024-bit moduli: both reasons", res: compliant().AddKex("diffie-hellman-group-exchange-sha1").GroupExchange("diffie-hellman-group-exchange-sha1", 1024).Result(),
			why: []string{"RègleHash: SHA-1", "RègleLogp: the server gives a 1024-bit modulus"}},
		{name: "fail - ECDH on nistp224", res: compliant().AddKex("ecdh-sha2-1.3.132.0.33").Result(),
			why: []string{"RègleECp: P-224, a 224-bit subgroup order, below 250 bits"}},
		{name: "pass - every NIST curve, curve25519 under both names, curve448", res: compliant().Kex("ecdh-sha2-nistp521", "ecdh-sha2-nistp384", "ecdh-sha2-nistp256",
			"curve25519-sha256", "curve25519-sha256@libssh.org", "curve448-sha512").Result()},
		{name: "pass - ML-KEM hybrids", res: compliant().Kex("mlkem768x25519-sha256", "mlkem768nistp256-sha256", "mlkem1024nistp384-sha384", "sntrup761x25519-sha512").Result()},
		{name: "pass - markers are not graded", res: compliant().AddKex("ext-info-s", "kex-strict-s-v00@openssh.com").Result()},
		{name: "warn - unknown method named", res: compliant().AddKex("gss-group14-sha256-toWM5Slw5Ew8Mqkay+al2g==").Result(),
			items: []string{"gss-group14-sha256-toWM5Slw5Ew8Mqkay+al2g=="}},
		{name: "fail - unknown method warns, SHA-1 method fails", res: compliant().AddKex("x25519-kyber-512r3-sha256-d00@amazon.com", "diffie-hellman-group1-sha1").Result(),
			items: []string{"x25519-kyber-512r3-sha256-d00@amazon.com", "diffie-hellman-group1-sha1"}},
		{name: "incomplete - no key exchange list", res: compliant().Kex().Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonMalformed).Result()},
	})
}
