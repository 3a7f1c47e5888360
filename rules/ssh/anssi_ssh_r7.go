package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R7",
		Title:     "No DSA host key",
		Reference: sshRef("R7", "§4.1.2"),
		Severity:  rules.High,
		Description: "DSA keys must not be used. Every host key algorithm of the server's KEXINIT is read: a DSA one " +
			"(ssh-dss, ssh-dss-cert-v01@openssh.com, x509v3-ssh-dss) fails, and so does a host certificate whose CA key " +
			"is DSA (R29 asks the CA keys to follow R7 to R9: cryptoscan's reading). An algorithm cryptoscan does not " +
			"know is judged by the type of the key seen under it; when that key was not seen, and for a host " +
			"certificate whose CA was not seen, the rule is incomplete.",
		Fix:     "Remove the DSA host key (its HostKey line in sshd_config) and ssh-dss from HostKeyAlgorithms; re-sign host certificates with an ECDSA or RSA CA.",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkR7,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.HostKey("ssh-dss", fixture.SSHKey{Type: "ssh-dss", Bits: 1024})
		}),
	})
}

func checkR7(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	for _, alg := range o.HostKeyAlgorithms {
		a, known := keyOf(o, alg)
		if !known {
			e.unknown(FactHostKeys, "unknown", "", alg+": not in cryptoscan's registry, and no key seen under it")
			continue
		}
		if a.key == keyDSA {
			k, _ := hostKey(o, alg)
			e.item(itemHostKey, alg, k.Bits, rules.Fail, "a DSA host key algorithm")
			continue
		}
		if a.cert {
			k, seen := e.seenKey(o, alg)
			if !seen || k.Certificate == nil {
				if seen {
					e.unknown(FactHostKeys, "missing", "", alg+": the certificate's CA was not recorded")
				}
				continue
			}
			if kind, _, _ := keyTypeKind(k.Certificate.CAType); kind == keyDSA {
				e.item(itemHostKey, alg, k.Certificate.CABits, rules.Fail, "a host certificate signed by a DSA CA key ("+k.Certificate.CASHA256+")")
			}
		}
	}
	return e.finding("no DSA host key or host certificate CA", "DSA host keys offered")
}
