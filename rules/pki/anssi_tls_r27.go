package pkirules

import (
	"crypto/x509"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

const oidKeyUsage = "2.5.29.15"

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R27",
		Title:     "Key usage is present, critical, and fits a server key",
		Reference: tlsRef("R27", "§3.1.2"),
		Severity:  rules.Medium,
		Description: "The leaf's KeyUsage extension must be present and critical, with digitalSignature and/or " +
			"keyEncipherment only. keyEncipherment is an RSA usage: on an ECDSA or EdDSA key it fails. A key without " +
			"digitalSignature cannot sign (EC)DHE parameters nor TLS 1.3 handshakes, so it serves only static RSA, which " +
			"R6 forbids: a warning.",
		Fix:     "Have the certificate re-issued with a critical KeyUsage of digitalSignature (ECDSA, EdDSA) or digitalSignature and keyEncipherment (RSA).",
		Reads:   reads,
		Applies: applies,
		Check:   checkR27,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) { t.KeyUsage |= x509.KeyUsageKeyEncipherment })).Result(),
			}
		},
	})
}

func checkR27(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	w.leaves(func(c cert) {
		d := c.desc
		if len(d.Errors) > 0 {
			w.unreadable(c, "extensions")
			return
		}
		present, critical := hasExtension(d, oidKeyUsage)
		var why []string
		switch {
		case !present:
			w.item(c, rules.Fail, "no KeyUsage extension")
			return
		case !critical:
			why = append(why, "KeyUsage is not critical")
		}
		var extra []string
		for _, u := range d.KeyUsage {
			if u != "digitalSignature" && u != "keyEncipherment" {
				extra = append(extra, u)
			}
		}
		if len(extra) > 0 {
			why = append(why, "usages beyond digitalSignature and keyEncipherment: "+strings.Join(extra, ", "))
		}
		if d.KeyType != pki.KeyRSA && slices.Contains(d.KeyUsage, "keyEncipherment") {
			why = append(why, "keyEncipherment on a "+string(d.KeyType)+" key, which cannot encrypt")
		}
		if len(why) > 0 {
			w.item(c, rules.Fail, strings.Join(why, "; "))
			return
		}
		if !slices.Contains(d.KeyUsage, "digitalSignature") {
			w.item(c, rules.Warn, "no digitalSignature: the key cannot sign (EC)DHE parameters or TLS 1.3 handshakes (R6)")
		}
	})
	return w.finding("every leaf has a critical KeyUsage fitting its key", "leaves with a missing, non-critical or unfit KeyUsage")
}
