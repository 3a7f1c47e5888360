package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR7(t *testing.T) {
	runCases(t, "ANSSI-TLS-R7", []tcase{
		{name: "pass - x25519, NIST curves and a hybrid", res: compliant().Result()},
		{name: "pass - brainpool and x448", res: compliant().AddGroups(tls12, 26, 30).AddGroups(tls13, 31).Result()},
		{name: "fail - secp224r1 and sect283k1 in TLS 1.2", res: compliant().AddGroups(tls12, 21, 9).Result(), items: []string{"secp224r1", "sect283k1"}},
		{name: "fail - pure ML-KEM in TLS 1.3", res: compliant().AddGroups(tls13, 0x0201).Result(), items: []string{"MLKEM768"}},
		{name: "fail - SM2 hybrid in TLS 1.3", res: compliant().AddGroups(tls13, 0x11EE).Result(), items: []string{"curveSM2MLKEM768"}},
		{name: "pass - ffdhe groups are R7–'s", res: compliant().AddGroups(tls13, 257).Result()},
		{name: "incomplete - TLS 1.3 groups partial", res: compliant().Enumeration(tls13, scanner.EnumGroups, scanner.EnumPartial, scanner.ScopeAll, "timeout").Result()},
		{name: "pass - TLS 1.2 groups not enumerated but no ephemeral suite", res: compliant().Suites(tls12, 0x009C, 0x009D).Groups(tls12).
			Enumeration(tls12, scanner.EnumGroups, scanner.EnumNotTested, scanner.ScopeAll, "not_tested").Result()},
		{name: "incomplete - TLS 1.2 groups not enumerated with ECDHE suites", res: compliant().
			Enumeration(tls12, scanner.EnumGroups, scanner.EnumNotTested, scanner.ScopeAll, "not_tested").Result()},
		{name: "pass - compliance depth groups (noncompliant scope)", res: compliant().
			Enumeration(tls12, scanner.EnumGroups, scanner.EnumComplete, scanner.ScopeNonCompliant, "").Result()},
	})
}
