package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR2(t *testing.T) {
	runCases(t, "ANSSI-SSH-R2", []tcase{
		{name: "pass - every port closed", res: compliant().Result()},
		{name: "pass - ports filtered", res: compliant().Legacy(23, "telnet", scanner.PortFiltered).Legacy(514, "rsh", scanner.PortFiltered).Result()},
		{name: "fail - telnet negotiates its options", res: compliant().Legacy(23, "telnet", scanner.PortOpen).Result(),
			items: []string{"23/tcp (telnet)"}, why: []string{"a telnet server answers"}},
		{name: "warn - rlogin port open, silent", res: compliant().Legacy(513, "rlogin", scanner.PortOpen).Result(),
			items: []string{"513/tcp (rlogin)"}, why: []string{"without identifying itself"}},
		{name: "fail - telnet confirmed beside a silent rsh port", res: compliant().Legacy(23, "telnet", scanner.PortOpen).Legacy(514, "rsh", scanner.PortOpen).Result(),
			items: []string{"23/tcp (telnet)", "514/tcp (rsh)"}},
		{name: "pass - an open FTP port is R4's", res: compliant().Legacy(21, "ftp", scanner.PortOpen).Result()},
		{name: "incomplete - a port unknown", res: compliant().Legacy(513, "rlogin", scanner.PortUnknown).Result()},
		{name: "fail - telnet open, another port unknown", res: compliant().Legacy(23, "telnet", scanner.PortOpen).Legacy(513, "rlogin", scanner.PortUnknown).Result(),
			items: []string{"23/tcp (telnet)"}},
		{name: "incomplete - ports not asked", res: compliant().NoLegacy().Result()},
		{name: "incomplete - telnet's port not among those asked", res: compliant().NoLegacy().Legacy(513, "rlogin", scanner.PortClosed).Legacy(514, "rsh", scanner.PortClosed).Result()},
	})
}
