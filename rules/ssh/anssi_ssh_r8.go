package sshrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R8",
		Title:     "RSA host keys of 2048 bits or more",
		Reference: sshRef("R8", "§4.1.2"),
		Severity:  rules.High,
		Description: "RSA keys must be at least 2048 bits. Graded on the key behind every RSA host key algorithm of the " +
			"KEXINIT (rsa-sha2-512, rsa-sha2-256, ssh-rsa, their host certificates, x509v3-ssh-rsa, x509v3-rsa2048-sha256) " +
			"and on the CA key of every host certificate that is RSA (R29 asks the CA keys to follow R7 to R9: " +
			"cryptoscan's reading). Beyond 2030 (from 2031, or with a horizon beyond 2030) RSA needs 3072 bits, as the " +
			"crypto-mechanisms rules say (RègleFactorisation) and ANSSI-TLS-R26 applies to certificates. An RSA " +
			"algorithm whose key was not seen, or a host certificate whose key or CA was not seen, leaves the rule " +
			"incomplete.",
		Fix:     "Generate RSA host keys of 3072 bits or more (ssh-keygen -t rsa -b 3072 -f /etc/ssh/ssh_host_rsa_key), and host-certificate CAs of the same size, or use ECDSA keys.",
		Reads:   reads(FactKexInit, FactHostKeys),
		Applies: hasSSH,
		Check:   checkR8,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.SetKey(fixture.SSHKey{Type: "ssh-rsa", Bits: 1024}, "rsa-sha2-512", "rsa-sha2-256")
		}),
	})
}

func checkR8(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	min, t := rsaMin(ctx)
	e.ev.Threshold = t
	for _, alg := range o.HostKeyAlgorithms {
		a, known := keyOf(o, alg)
		if !known {
			e.unknown(FactHostKeys, "unknown", "", alg+": not in cryptoscan's registry, and no key seen under it")
			continue
		}
		if a.key != keyRSA && !a.cert {
			continue
		}
		k, seen := e.seenKey(o, alg)
		if !seen {
			continue
		}
		if a.key == keyRSA {
			switch {
			case k.Bits == 0:
				e.unknown(FactHostKeys, "unknown", "", alg+": the RSA key's size was not recorded")
			case k.Bits < min:
				e.item(itemHostKey, alg, k.Bits, rules.Fail, fmt.Sprintf("%s, below %d bits", describeKey(keyRSA, k.Bits, k.SHA256), min))
			default:
				e.note("%s: %s", alg, describeKey(keyRSA, k.Bits, k.SHA256))
			}
		}
		if a.cert {
			c := k.Certificate
			if c == nil {
				e.unknown(FactHostKeys, "missing", "", alg+": the certificate's CA was not recorded")
				continue
			}
			if kind, _, _ := keyTypeKind(c.CAType); kind != keyRSA {
				continue
			}
			switch {
			case c.CABits == 0:
				e.unknown(FactHostKeys, "unknown", "", alg+": the RSA CA key's size was not recorded")
			case c.CABits < min:
				e.item(itemHostKey, alg, c.CABits, rules.Fail, fmt.Sprintf("host certificate CA: %s, below %d bits", describeKey(keyRSA, c.CABits, c.CASHA256), min))
			default:
				e.note("%s: certificate CA %s", alg, describeKey(keyRSA, c.CABits, c.CASHA256))
			}
		}
	}
	return e.finding(fmt.Sprintf("RSA host keys and host-certificate CAs, if any, have %d bits or more", min), "RSA host keys too small")
}
