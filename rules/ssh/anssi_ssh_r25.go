package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R25",
		Title:     "SSH not reachable on a public address",
		Reference: sshRef("R25", "§4.4.1"),
		Severity:  rules.Medium,
		Description: "The SSH server must listen only on an administration address. Which address is the administration " +
			"one only the operator knows; what the network shows is whether the server answered the scanner on a public " +
			"(globally reachable) address, which an administration network should not be: a warning, since the server " +
			"may still filter sources (the scanner may be one of the allowed administration sources). An address that " +
			"is not public (loopback, RFC 1918, unique local, link-local, shared, documentation and the other IANA " +
			"special-purpose ranges) passes, with what it is. A result without an address is incomplete. SecNumCloud " +
			"9.6.d asks the same of the provider's administration interfaces.",
		Fix:     "Set ListenAddress in sshd_config to the administration network's address only, and filter 22/tcp elsewhere.",
		Reads:   reads(FactAddress, FactBanner),
		Applies: hasSSH,
		Check:   checkR25,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.IP("193.51.24.1")
		}),
	})
}

func checkR25(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	ip, ok := e.address(r)
	if !e.answered(r) || !ok {
		return e.finding("", "")
	}
	public, what := addressScope(ip)
	if public {
		e.item(itemAddress, ip.String(), 0, rules.Warn, "the SSH server answered on a public address, which an administration network should not use")
	} else {
		e.item(itemAddress, ip.String(), 0, rules.Pass, what)
	}
	return e.finding("the SSH server answered on "+ip.String()+", "+what, "SSH reachable on a public address")
}
