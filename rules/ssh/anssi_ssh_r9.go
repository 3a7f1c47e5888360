package sshrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// ecdsaMinBits is R9's minimum ECDSA key size.
const ecdsaMinBits = 256

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R9",
		Title:     "ECDSA host keys of 256 bits or more",
		Reference: sshRef("R9", "§4.1.2"),
		Severity:  rules.High,
		Description: "ECDSA keys must be at least 256 bits. Graded on every ECDSA host key algorithm of the KEXINIT: " +
			"ecdsa-sha2-nistp256, nistp384 and nistp521 (and their host certificates) pass; the curves RFC 5656 names by " +
			"OID below 256 bits (nistp224, nistp192) fail. The size is the key seen under the algorithm, or the curve " +
			"the algorithm names. The CA key of a host certificate that is ECDSA is graded too (R29 asks the CA keys to " +
			"follow R7 to R9: cryptoscan's reading); a host certificate whose key or CA was not seen leaves the rule " +
			"incomplete.",
		Fix:     "Use ECDSA host keys on nistp256, nistp384 or nistp521 (ssh-keygen -t ecdsa -b 256 -f /etc/ssh/ssh_host_ecdsa_key).",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkR9,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.HostKey("ecdsa-sha2-1.3.132.0.33", fixture.SSHKey{Type: "ecdsa-sha2-1.3.132.0.33", Bits: 224}) // nistp224
		}),
	})
}

func checkR9(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	e.ev.Threshold = &rules.Threshold{Bits: ecdsaMinBits, Basis: "ECDSA keys of at least 256 bits (DAT-NT-007 R9)"}
	for _, alg := range o.HostKeyAlgorithms {
		a, known := keyOf(o, alg)
		if !known {
			e.unknown(FactHostKeys, "unknown", "", alg+": not in cryptoscan's registry, and no key seen under it")
			continue
		}
		if a.key == keyECDSA {
			bits := a.orderBits
			if k, ok := hostKey(o, alg); ok && k.Status == scanner.Supported && k.Bits > 0 {
				bits = k.Bits
			}
			switch {
			case bits == 0:
				if k, seen := e.seenKey(o, alg); seen {
					e.unknown(FactHostKeys, "unknown", "", alg+": the ECDSA key's size was not recorded ("+k.SHA256+")")
				}
			case bits < ecdsaMinBits:
				e.item(itemHostKey, alg, bits, rules.Fail, fmt.Sprintf("ECDSA %d bits, below %d bits", bits, ecdsaMinBits))
			}
		}
		if !a.cert {
			continue
		}
		k, seen := e.seenKey(o, alg)
		if !seen {
			continue
		}
		c := k.Certificate
		if c == nil {
			e.unknown(FactHostKeys, "missing", "", alg+": the certificate's CA was not recorded")
			continue
		}
		kind, order, _ := keyTypeKind(c.CAType)
		if kind != keyECDSA {
			continue
		}
		bits := c.CABits
		if bits == 0 {
			bits = order
		}
		switch {
		case bits == 0:
			e.unknown(FactHostKeys, "unknown", "", alg+": the ECDSA CA key's size was not recorded")
		case bits < ecdsaMinBits:
			e.item(itemHostKey, alg, bits, rules.Fail, fmt.Sprintf("host certificate CA: ECDSA %d bits (%s), below %d bits", bits, c.CASHA256, ecdsaMinBits))
		}
	}
	return e.finding("ECDSA host keys and host-certificate CAs, if any, have 256 bits or more", "ECDSA host keys too small")
}
