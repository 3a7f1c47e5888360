package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR17(t *testing.T) {
	runCases(t, "ANSSI-SSH-R17", []tcase{
		{name: "pass - public keys only", res: compliant().Result()},
		{name: "pass - keys and Kerberos", res: compliant().Auth("gssapi-with-mic", "publickey").Result()},
		{name: "pass - no method for that user", res: compliant().Auth().Result()},
		{name: "warn - Debian's defaults", res: compliant().Auth("publickey", "password", "keyboard-interactive").Result(),
			items: []string{"password", "keyboard-interactive"}, why: []string{"last resort", "not distinguishable"}},
		{name: "warn - host-based", res: compliant().Auth("publickey", "hostbased").Result(), items: []string{"hostbased"}},
		{name: "warn - a method R17 does not name", res: compliant().Auth("publickey-hostbound-v00@openssh.com").Result(),
			items: []string{"publickey-hostbound-v00@openssh.com"}},
		{name: "fail - no authentication", res: compliant().AuthNoneAccepted().Result(), items: []string{"none"}},
		{name: "incomplete - answer not read", res: compliant().AuthUnknown(scanner.ReasonReset).Result()},
		{name: "incomplete - not asked", res: compliant().AuthUnknown("").Result()},
	})
}
