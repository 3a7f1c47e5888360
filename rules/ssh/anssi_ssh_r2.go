package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R2",
		Title:     "No telnet, rlogin or rsh beside SSH",
		Reference: sshRef("R2", "§3.1"),
		Severity:  rules.High,
		Description: "SSH must be used instead of Telnet, rsh or rlogin for remote shells; R3 asks for their servers to be " +
			"uninstalled, and this rule checks both (coverage maps R3 here): a server still listening is one not " +
			"uninstalled. On the SSH server's address the probe connects to 23/tcp (telnet), 513/tcp (rlogin) and " +
			"514/tcp (rsh) and reads what the service says first, sending nothing. A telnet server negotiating its " +
			"options (IAC) fails. A port that accepts a connection without identifying itself warns: rlogin and rsh " +
			"servers say nothing first, and other software may use the port (syslog over TCP on 514); telling them " +
			"apart would take a login attempt, which cryptoscan does not make. Closed (reset) and filtered (no answer) " +
			"ports pass: the service is not reachable from the scanner, which is all a network scan can attest. Another " +
			"address of the same host is not seen. A port the probe could not settle, or did not ask, leaves the rule " +
			"incomplete.",
		Fix:     "Uninstall the telnet, rlogin and rsh servers (Debian: apt purge telnetd inetutils-telnetd rsh-server rsh-redone-server) and remove their inetd or systemd socket units.",
		Reads:   reads(FactLegacy),
		Applies: hasSSH,
		Check:   checkR2,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.Legacy(23, "telnet", scanner.PortOpen)
		}),
	})
}

func checkR2(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	ls := e.legacy(r, "telnet", "rlogin", "rsh")
	for _, l := range ls {
		if l.State == scanner.PortOpen {
			e.openService(l, "a "+l.Service+" server answers")
		}
	}
	if len(ls) > 0 {
		e.checked(FactLegacy, "asked", len(ls))
	}
	return e.finding("no telnet, rlogin or rsh server reachable on the SSH server's address ("+closedPorts(ls)+")",
		"legacy remote shell ports reachable")
}
