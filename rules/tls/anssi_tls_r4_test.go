package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func newObs() *fixture.Builder { return fixture.New() }

func TestR4(t *testing.T) {
	runCases(t, "ANSSI-TLS-R4", []tcase{
		{name: "pass - TLS 1.2 and 1.3 only", res: compliant().Result()},
		{name: "fail - TLS 1.0 accepted, its suites named", res: compliant().Suites(tls10, 0xC013).Result(),
			items: []string{"TLSv1.0", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"}},
		{name: "fail - SSLv2 and SSLv3 accepted", res: compliant().Suites(ssl2, 0x0700C0).Suites(ssl3, 0x000A).Result(),
			items: []string{"SSLv2", "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "SSLv3", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"}},
		{name: "incomplete - TLS 1.1 status unknown (throttled)", res: compliant().Unknown(tls11, "throttled").Result()},
		{name: "fail - TLS 1.1 accepted while SSLv3 is unknown", res: compliant().Suites(tls11, 0xC013).Unknown(ssl3, "reset").Result(),
			items: []string{"TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"}},
		{name: "pass - nothing supported", res: newObs().Result()},
	})
}
