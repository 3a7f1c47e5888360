package pkirules

import (
	"crypto/x509"
	"fmt"
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// extSCT is the signed_certificate_timestamp TLS extension (RFC 6962).
const extSCT = scanner.Code(0x0012)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R38",
		Title:     "Public certificates are logged in Certificate Transparency",
		Reference: tlsRef("R38", "§3.2"),
		Severity:  rules.Medium,
		Description: "With a public PKI, use certificates the CA has logged in Certificate Transparency. For every chain " +
			"that ends at a public root, the leaf must come with SCTs: embedded in the certificate, in the stapled OCSP " +
			"response, or in the signed_certificate_timestamp TLS extension (seen in the server's hello; its SCTs are not " +
			"recorded). The SCTs' signatures are not verified against the log list. Chains of a private PKI are not " +
			"concerned.",
		Fix:     "Use a certificate with embedded SCTs from a public CA (all issue them), or staple SCTs.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR38,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) { t.ExtraExtensions = nil })).Result(),
			}
		},
	})
}

func checkR38(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	public := 0
	for _, ch := range w.chains {
		leaf := ch.leaf()
		if leaf.desc == nil {
			continue
		}
		if ch.f.Anchor == "" && (len(leaf.desc.Errors) > 0 || len(ch.f.Unknown) > 0) {
			// The analysis could not find where the chain ends.
			w.unknownAt(ch, "anchor_unknown", fmt.Sprintf("chain %d: whether it ends at a public root is unknown: its leaf or its path could not be read", ch.idx))
			continue
		}
		if ch.f.Anchor == "" || !ctx.PublicRoot(ch.f.AnchorSource) {
			continue
		}
		public++
		tlsExt := slices.ContainsFunc(r.TLS.ServerHelloExtensions, func(e scanner.ExtensionFact) bool {
			return e.Code == extSCT && slices.Contains(ch.f.Versions, e.Version)
		})
		switch {
		case len(leaf.desc.SCTs) > 0:
			w.note("chain %d: %d SCT(s) embedded in the leaf", ch.idx, len(leaf.desc.SCTs))
		case ch.f.OCSP != nil && len(ch.f.OCSP.SCTs) > 0:
			w.note("chain %d: %d SCT(s) in the stapled OCSP response", ch.idx, len(ch.f.OCSP.SCTs))
		case tlsExt:
			w.note("chain %d: SCTs in the signed_certificate_timestamp TLS extension", ch.idx)
		case len(leaf.desc.Errors) > 0:
			w.unreadable(leaf, "SCT list")
		default:
			w.item(leaf, rules.Fail, "no SCT: not in the certificate, the stapled OCSP response nor the TLS extension")
		}
	}
	if public == 0 && len(w.ev.Unknown) == 0 {
		return w.notApplicable("no served chain ends at a public root")
	}
	return w.finding("every chain ending at a public root comes with SCTs", "public certificates without SCTs")
}
