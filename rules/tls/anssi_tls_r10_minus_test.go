package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR10Minus(t *testing.T) {
	etm := func() *builder { return compliant().AddSuites(tls12, 0xC027, 0xC028).AddExtensions(tls12, 0x0016) }
	perVersion := etm().Result()
	for i := range perVersion.TLS.CipherSuites {
		perVersion.TLS.CipherSuites[i].EncryptThenMAC = "" // an observation from before the per-suite fact
	}
	runCases(t, "ANSSI-TLS-R10-", []tcase{
		{name: "pass - AEAD only", res: compliant().Result()},
		{name: "degraded - CBC-SHA256/384 with encrypt_then_mac", res: etm().Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"}},
		{name: "fail - CBC with encrypt_then_mac under anssi-strict", res: etm().Result(), ctx: strict},
		{name: "fail - CBC without encrypt_then_mac", res: compliant().AddSuites(tls12, 0xC027).Result(), items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"}},
		{name: "fail - encrypt_then_mac echoed with one CBC suite, not the other", res: etm().EncryptThenMAC(tls12, scanner.NotSupported, 0xC028).Result(),
			items: []string{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"}},
		{name: "degraded - per-version reading of an older observation", res: perVersion},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
		{name: "incomplete - TLS 1.2 suites partial", res: compliant().Enumeration(tls12, ec, ep, all, "timeout").Result()},
		{name: "fail - CBC seen though the list is partial", res: compliant().AddSuites(tls12, 0xC027).Enumeration(tls12, ec, ep, all, "timeout").Result()},
	})
}
