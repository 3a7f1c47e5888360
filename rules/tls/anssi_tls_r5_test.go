package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR5(t *testing.T) {
	runCases(t, "ANSSI-TLS-R5", []tcase{
		{name: "pass - authenticated suites only", res: compliant().Result()},
		{name: "fail - DH_anon accepted in TLS 1.2", res: compliant().AddSuites(tls12, 0x00A6).Result(), items: []string{"TLS_DH_anon_WITH_AES_128_GCM_SHA256"}},
		{name: "pass - anonymous suite under TLS 1.0 is R4's", res: compliant().Suites(tls10, 0xC018).Result()},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, scanner.EnumCipherSuites, scanner.EnumPartial, scanner.ScopeAll, "timeout").Result()},
		{name: "pass - compliance depth enumeration (noncompliant scope) suffices", res: compliant().
			Enumeration(tls12, scanner.EnumCipherSuites, scanner.EnumComplete, scanner.ScopeNonCompliant, "").Result()},
		{name: "fail - anonymous suite seen though the list is partial", res: compliant().AddSuites(tls12, 0xC018).
			Enumeration(tls12, scanner.EnumCipherSuites, scanner.EnumPartial, scanner.ScopeAll, "timeout").Result(), items: []string{"TLS_ECDH_anon_WITH_AES_128_CBC_SHA"}},
		{name: "incomplete - TLS 1.2 status unknown", res: compliant().Unknown(tls12, "timeout").Result()},
	})
}
