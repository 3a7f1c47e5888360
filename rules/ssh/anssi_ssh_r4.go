package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R4",
		Title:     "No FTP or rcp beside SSH",
		Reference: sshRef("R4", "§3.2"),
		Severity:  rules.High,
		Description: "Files must be transferred with SCP or SFTP, not RCP or FTP. On the SSH server's address the probe " +
			"connects to 21/tcp (FTP) and 514/tcp (rsh, which rcp uses). An FTP server (a 220 greeting) that refuses " +
			"AUTH TLS (RFC 4217) transfers in clear and fails; one that accepts it encrypts on request but is still " +
			"FTP, not what R4 asks for: a warning (cryptoscan's reading; explicit FTPS is not weak cryptography, it is " +
			"another protocol than the guide's). An open 514/tcp, or an open 21/tcp without an FTP greeting, warns: it " +
			"accepted a connection without identifying itself. Closed and filtered ports pass (not reachable from the " +
			"scanner). A port the probe could not settle, or an FTP server whose answer to AUTH TLS was not read, " +
			"leaves the rule incomplete.",
		Fix:     "Transfer files with SFTP or scp over SSH; uninstall the FTP server and rsh (rcp), or restrict them to a network where the guide allows them.",
		Reads:   reads(FactLegacy),
		Applies: hasSSH,
		Check:   checkR4,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.Legacy(21, "ftp", scanner.PortOpen)
		}),
	})
}

func checkR4(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	ls := e.legacy(r, "ftp", "rsh")
	for _, l := range ls {
		switch {
		case l.State != scanner.PortOpen:
		case l.Service == "ftp" && l.Confirmed && l.AuthTLS == nil:
			e.unknown(FactLegacy, "unknown", "", portName(l)+": an FTP server whose answer to AUTH TLS was not read")
		case l.Service == "ftp" && l.Confirmed && *l.AuthTLS:
			e.item(itemLegacy, portName(l), 0, rules.Warn, "an FTP server (it accepts AUTH TLS, so transfers can be encrypted, but R4 asks for SFTP or SCP)")
		case l.Service == "ftp":
			e.openService(l, "an FTP server that refuses AUTH TLS: files and passwords travel in clear")
		default:
			e.openService(l, "an rsh server, which rcp uses")
		}
	}
	if len(ls) > 0 {
		e.checked(FactLegacy, "asked", len(ls))
	}
	return e.finding("no FTP or rsh server reachable on the SSH server's address ("+closedPorts(ls)+")",
		"file transfer services other than SSH reachable")
}
