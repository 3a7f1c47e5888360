package sshrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R26",
		Title:     "SSH off port 22 on a public address",
		Reference: sshRef("R26", "§4.4.1"),
		Severity:  rules.Low,
		Description: "On a network the operator does not control, SSH should listen on a port other than 22 and below 1024 " +
			"(a port only root can bind); on a controlled network, only on the administration interface. An SSH server " +
			"answering on a public address warns when its port is 22, or 1024 and above; a port below 1024 other than 22 " +
			"passes. On an address that is not public R26's port advice does not apply and the rule passes, saying so " +
			"(ANSSI-SSH-R25 grades the address). A result without an address is incomplete.",
		Fix:     "On an Internet-facing address, set Port in sshd_config to an unused port below 1024 (and update the firewall and clients); better, listen only on the administration network (R25).",
		Reads:   reads(FactAddress, FactBanner),
		Applies: hasSSH,
		Check:   checkR26,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.IP("193.51.24.1")
		}),
	})
}

func checkR26(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	ip, ok := e.address(r)
	if !e.answered(r) || !ok {
		return e.finding("", "")
	}
	port := r.Endpoint.Port
	name := fmt.Sprintf("%s port %d", ip, port)
	public, what := addressScope(ip)
	switch {
	case !public:
		e.item(itemAddress, name, 0, rules.Pass, what+": R26's port advice is for uncontrolled networks")
		return e.finding(fmt.Sprintf("%s is %s: R26's port advice concerns public addresses", ip, what), "")
	case port == 22:
		e.item(itemAddress, name, 0, rules.Warn, "port 22 on a public address, where every scan of the Internet looks first")
	case port >= 1024:
		e.item(itemAddress, name, 0, rules.Warn, "a port any local user could bind once the server stops (R26 asks for one below 1024)")
	default:
		e.item(itemAddress, name, 0, rules.Pass, "a port below 1024 other than 22")
	}
	return e.finding(fmt.Sprintf("SSH on %s: a port below 1024 other than 22", name), "SSH port on a public address")
}
