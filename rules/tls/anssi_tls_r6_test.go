package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR6(t *testing.T) {
	runCases(t, "ANSSI-TLS-R6", []tcase{
		{name: "pass - ECDHE only", res: compliant().Result()},
		{name: "pass - DHE and ECDHE-PSK are ephemeral", res: compliant().AddSuites(tls12, 0x009F, 0xD001).DH(tls12, 0x009F, 3072, "ffdhe3072").Result()},
		{name: "fail - static RSA, plain PSK and static ECDH", res: compliant().AddSuites(tls12, 0x009C, 0x00A8, 0xC031).Result(),
			items: []string{"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_128_GCM_SHA256", "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"}},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 suites not tested", res: compliant().Enumeration(tls12, scanner.EnumCipherSuites, scanner.EnumNotTested, scanner.ScopeAll, "not_tested").Result()},
		{name: "not_applicable - TLS 1.2 refused", res: compliant().NotSupported(tls12).NotSupported(tls13).Result()},
	})
}
