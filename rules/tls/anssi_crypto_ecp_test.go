package tlsrules_test

import "testing"

func TestECp(t *testing.T) {
	runCases(t, "ANSSI-CRYPTO-ECp", []tcase{
		{name: "pass - x25519 (253-bit order) and NIST curves", res: compliant().Result()},
		{name: "pass - secp256k1 and GOST 256 are large enough (R7 fails them)", res: compliant().AddGroups(tls12, 22, 34).Result()},
		{name: "fail - secp224r1 and secp192r1", res: compliant().AddGroups(tls12, 21, 19).Result(), items: []string{"secp224r1", "secp192r1"}},
		{name: "fail - explicit prime curves", res: compliant().AddGroups(tls12, 0xFF01).Result(), items: []string{"arbitrary_explicit_prime_curves"}},
		{name: "pass - binary curves are EC2's", res: compliant().AddGroups(tls12, 1).Result()},
		{name: "incomplete - TLS 1.2 groups partial", res: compliant().Enumeration(tls12, eg, ep, all, "timeout").Result()},
	})
}
