package sshrules

import (
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R10",
		Title:     "An ECDSA host key is offered beside RSA",
		Reference: sshRef("R10", "§4.1.2"),
		Severity:  rules.Low,
		Description: "When both sides support ECDSA, it should be preferred to RSA. In SSH the client's order chooses the " +
			"host key algorithm (RFC 4253 §7.1: the first of the client's algorithms the server also offers), so the " +
			"server's order decides nothing and is only noted; what the server controls, and what is graded, is whether " +
			"it offers an ECDSA host key at all when it offers RSA. A server offering RSA without ECDSA warns (a " +
			"recommendation, read as cryptoscan's inference from the guide), naming each RSA algorithm; an Ed25519 key " +
			"does not stand in for ECDSA, which R10 names (it is noted). A server without RSA passes. An algorithm " +
			"cryptoscan does not know, whose key was not seen, leaves the rule incomplete when no ECDSA one is offered.",
		Fix:     "Add an ECDSA host key (ssh-keygen -t ecdsa -b 256 -f /etc/ssh/ssh_host_ecdsa_key, and a HostKey line for it in sshd_config).",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkR10,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.RemoveHostKeys("ecdsa-sha2-nistp256")
		}),
	})
}

func checkR10(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	var rsa, ecdsa, eddsa, unknown []string
	for _, alg := range o.HostKeyAlgorithms {
		a, known := keyOf(o, alg)
		switch {
		case !known:
			unknown = append(unknown, alg)
		case a.key == keyRSA:
			rsa = append(rsa, alg)
		case a.key == keyECDSA:
			ecdsa = append(ecdsa, alg)
		case a.key == keyEd25519 || a.key == keyEd448:
			eddsa = append(eddsa, alg)
		}
	}
	switch {
	case len(rsa) == 0:
	case len(ecdsa) > 0:
		first := slices.Index(o.HostKeyAlgorithms, ecdsa[0])
		if slices.Index(o.HostKeyAlgorithms, rsa[0]) < first {
			e.note("the server lists %s before %s; SSH negotiation follows the client's order (RFC 4253 §7.1), so this chooses nothing", rsa[0], ecdsa[0])
		}
	case len(unknown) > 0:
		for _, alg := range unknown {
			e.unknown(FactHostKeys, "unknown", "", alg+": not in cryptoscan's registry, and no key seen under it (it may be ECDSA)")
		}
	default:
		for _, alg := range rsa {
			e.item(itemHostKey, alg, 0, rules.Warn, "RSA offered without an ECDSA host key: a client supporting ECDSA cannot prefer it")
		}
		if len(eddsa) > 0 {
			e.note("EdDSA offered (%s): not named by R10, which asks for ECDSA", eddsa[0])
		}
	}
	return e.finding("an ECDSA host key is offered beside RSA, or no RSA one", "RSA host keys without ECDSA")
}
