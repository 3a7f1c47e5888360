package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR1(t *testing.T) {
	runCases(t, "ANSSI-SSH-R1", []tcase{
		{name: "pass - SSH-2.0 OpenSSH", res: compliant().Result()},
		{name: "pass - SSH-2.0 with comments", res: compliant().Banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3").Result()},
		{name: "fail - SSH-1.99: protocol 1 beside 2", res: compliant().Banner("SSH-1.99-OpenSSH_3.9p1").Result(),
			items: []string{"SSH-1.99"}, why: []string{"accepts SSH protocol 1 beside protocol 2"}},
		{name: "fail - SSH-1.5 only", res: compliant().Banner("SSH-1.5-1.2.27").Result(), items: []string{"SSH-1.5"}, why: []string{"protocol 1 only"}},
		{name: "warn - a version neither 1.x nor 2.0", res: compliant().Banner("SSH-3.0-Future").Result(), items: []string{"SSH-3.0"}},
		{name: "incomplete - no identification string (timeout)", res: compliant().NoBanner(scanner.ReasonTimeout).Result()},
		{name: "incomplete - identification string names no version", res: compliant().Banner("OpenSSH_9.2p1").Result()},
	})
}
