package pkirules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "SNC-10.6.a",
		Title:     "Certificates come from certification authorities of EU member states",
		Reference: rules.Reference{Document: snc.Name, Edition: snc.Edition, Item: "10.6.a", Section: "§10.6 Racines de confiance"},
		Severity:  rules.High,
		Description: "SecNumCloud 3.2 requirement 10.6.a: the technical infrastructure uses only public-key certificates from " +
			"a certification authority of an EU member state. For every served chain, the CA that issued the leaf and every " +
			"trust anchor are identified in the CA jurisdiction data (CCADB owners, hand-curated headquarters and controlling " +
			"parent; rules/jurisdiction) by certificate or key hash, or through the issuer link, and read as SecNumCloud's " +
			"immunity test does: EU-established and EU-controlled passes; EU by the data on facts marked unverified is a " +
			"warning with the caveats; an EU entity under non-EU control, an EEA, adequacy or other country fails. A CA the " +
			"data does not know makes the finding incomplete: the country in its certificate is shown as a hint, never " +
			"taken as evidence. The operator's declarations (--ca-jurisdiction file) decide for the CAs they name, with " +
			"their justification carried into the evidence. The requirement's second sentence (key ceremonies in the EU, " +
			"with the provider present) is not visible from the network. An IPsec gateway's chain, read from its IKE_AUTH answer to an initiator asking for EAP, is graded the same way.",
		Fix: "Use certificates from a CA established and controlled in the EU (for a private PKI, declare it in the " +
			"--ca-jurisdiction file with its justification).",
		Reads:   reads,
		Applies: appliesAll,
		Check:   checkSNC,
		Fixtures: func() rules.Fixtures {
			isrg := fixture.MozillaRoot("ISRG Root X1").As(fixture.RSAKey("rsa2048-ca"))
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				// The leaf names ISRG Root X1 (Let's Encrypt, US) as its issuer;
				// HARICA's root stays served, off the path.
				Fail: compliantWithLeaf(isrg.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key)).Result(),
			}
		},
	})
}

func checkSNC(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	db := ctx.CADB()
	version := ""
	for _, ch := range w.chains {
		var ders [][]byte
		for _, c := range ch.certs {
			if c.desc == nil {
				continue // recorded as missing
			}
			ders = append(ders, c.desc.DER)
		}
		cc := db.ClassifyChain(ders)
		version = cc.DataVersion
		// The leaf's issuer, the root and any other anchor, each once (a
		// leaf issued by the root itself names it once).
		seen := map[string]bool{}
		for _, id := range append([]jurisdiction.Identification{cc.Intermediate, cc.Root}, cc.Anchors...) {
			k := id.CertSHA256
			if k == "" {
				k = string(id.Role) + " " + id.Subject
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			role := string(id.Role)
			if id.Role == jurisdiction.RoleIntermediate && id.CertSHA256 != "" && id.CertSHA256 == cc.Root.CertSHA256 {
				role = "root and issuing CA"
			} else if id.Role == jurisdiction.RoleIntermediate {
				role = "issuing CA"
			}
			w.judgeCA(ch, role, id)
		}
		for _, c := range cc.Caveats {
			w.note("chain %d: %s", ch.idx, c)
		}
	}
	if version != "" {
		w.note("CA jurisdiction data %s", version)
	}
	return w.finding("every CA of the served chains is established and controlled in the EU",
		"CAs outside the EU, or not confirmed as EU-controlled")
}

// judgeCA grades one identified CA of a chain.
func (w *view) judgeCA(ch *chain, role string, id jurisdiction.Identification) {
	name := role + " " + id.Subject
	if id.Subject == "" {
		name = role + " (subject unknown)"
	}
	if id.CertSHA256 != "" {
		name += " (sha256 " + strings.ToLower(id.CertSHA256) + ")"
	}
	if id.Class == jurisdiction.Unknown || id.Owner == nil {
		detail := name + ": not identified in the CA jurisdiction data"
		if id.Hint != "" {
			detail += "; hint only: " + id.Hint
		}
		if len(id.Caveats) > 0 {
			detail += "; " + strings.Join(id.Caveats, "; ")
		}
		w.unknownAt(ch, "ca_unidentified", detail)
		return
	}
	why := describeOwner(id)
	var st rules.Status
	switch {
	case id.Class == jurisdiction.EU && id.EUControlled:
		st = rules.Pass
	case id.Class == jurisdiction.EU:
		st = rules.Warn
		why += "; EU by the data, but control is not confirmed: " + strings.Join(id.Caveats, "; ")
	default:
		st = rules.Fail
	}
	if st != rules.Warn && len(id.Caveats) > 0 {
		why += "; caveats: " + strings.Join(id.Caveats, "; ")
	}
	w.ev.Items = append(w.ev.Items, rules.Item{Kind: itemCA, Version: ch.version(), Name: name, Status: st, Why: why})
}

// describeOwner says who owns the CA, where, under whom, in which class,
// and how the certificate was tied to the data.
func describeOwner(id jurisdiction.Identification) string {
	o := id.Owner
	s := fmt.Sprintf("owner %s (%s", o.Name, orUnknown(o.HQ))
	if o.Parent != "" || o.ParentCountry != "" {
		s += fmt.Sprintf(", parent %s", orUnknown(o.Parent))
		if o.ParentCountry != "" {
			s += " (" + o.ParentCountry + ")"
		}
	}
	s += fmt.Sprintf("), class %s, matched by %s", id.Class, id.MatchedBy)
	if id.Hops > 0 {
		s += fmt.Sprintf(" %d link(s) up to sha256 %s", id.Hops, strings.ToLower(id.AnchorSHA256))
	}
	if !id.SignatureVerified {
		s += ", issuer signature not verified"
	}
	if id.FromUserFile {
		s += fmt.Sprintf("; declared by the operator (%s): %s", o.Source, id.Justification)
		if id.EmbeddedOwner != nil {
			s += fmt.Sprintf(" (the embedded data says %s, %s)", id.EmbeddedOwner.Name, id.EmbeddedOwner.Class)
		}
	}
	for _, c := range id.Candidates {
		s += fmt.Sprintf("; candidate owner %s (%s)", c.Name, c.Class)
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
