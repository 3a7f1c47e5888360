package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR4(t *testing.T) {
	yes := true
	ftps := scanner.LegacyService{Port: 21, Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: "220 (vsFTPd 3.0.3)", AuthTLS: &yes}
	noAnswer := scanner.LegacyService{Port: 21, Service: "ftp", State: scanner.PortOpen, Confirmed: true, Banner: "220 (vsFTPd 3.0.3)"}
	silent := scanner.LegacyService{Port: 21, Service: "ftp", State: scanner.PortOpen, Banner: `SSH-2.0-OpenSSH_9.2`}
	runCases(t, "ANSSI-SSH-R4", []tcase{
		{name: "pass - FTP and rsh ports closed", res: compliant().Result()},
		{name: "fail - cleartext FTP", res: compliant().Legacy(21, "ftp", scanner.PortOpen).Result(),
			items: []string{"21/tcp (ftp)"}, why: []string{"refuses AUTH TLS"}},
		{name: "warn - FTP with AUTH TLS", res: compliant().LegacyService(ftps).Result(),
			items: []string{"21/tcp (ftp)"}, why: []string{"accepts AUTH TLS"}},
		{name: "warn - port 21 answering something else", res: compliant().LegacyService(silent).Result(),
			items: []string{"21/tcp (ftp)"}, why: []string{`sent "SSH-2.0-OpenSSH_9.2", not ftp's own answer`}},
		{name: "warn - rsh port open (rcp)", res: compliant().Legacy(514, "rsh", scanner.PortOpen).Result(), items: []string{"514/tcp (rsh)"}},
		{name: "incomplete - FTP's answer to AUTH TLS not read", res: compliant().LegacyService(noAnswer).Result()},
		{name: "pass - an open telnet port is R2's", res: compliant().Legacy(23, "telnet", scanner.PortOpen).Result()},
		{name: "incomplete - FTP port unknown", res: compliant().Legacy(21, "ftp", scanner.PortUnknown).Result()},
		{name: "incomplete - ports not asked", res: compliant().NoLegacy().Result()},
	})
}
