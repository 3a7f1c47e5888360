package pkirules

import (
	"fmt"
	"math"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R34",
		Title:     "The served chain is complete, in order, and valid now",
		Reference: tlsRef("R34", "§3.2"),
		Severity:  rules.High,
		Description: "The Certificate message must carry the complete chain, in order, so that a client builds the path to " +
			"a trust anchor from what is served (§3.2, validity checking). Fails when the path stops at a missing " +
			"intermediate, a broken signature, a self-signed root that is not an anchor (Mozilla's roots, plus the --ca-file " +
			"roots of a private PKI), a distrusted root, or when the certificates are served out of path order; a served " +
			"certificate off the path is a warning. Every served certificate must also be within its validity period at " +
			"the evaluation time (expired or not yet valid: fail), and a warning is given when one expires within the " +
			"expiry warning window (--expiry-warning, 30 days by default). Name matching is R29, weak signatures R24.",
		Fix: "Serve the leaf followed by its intermediates in issuing order (the root may be left out); renew certificates " +
			"before they expire; for a private PKI, give cryptoscan its root with --ca-file.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR34,
		Fixtures: func() rules.Fixtures {
			expired := fixture.LeafTemplate("example.fr")
			expired.NotBefore, expired.NotAfter = time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(fixture.HARICARoot().Issue(expired, fixture.CompliantLeaf().Key)).Result(),
			}
		},
	})
}

// chainDefects are the pki defects R34 grades, and how. The time-dependent
// defects (expired, not_yet_valid) were decided at scan time: R34 decides
// them again at the evaluation time. Name mismatch is R29's, weak
// signatures R24's.
var chainDefects = map[pki.DefectCode]struct {
	status rules.Status
	why    string
}{
	pki.DefectMissingIntermediate: {rules.Fail, "the path stops: the issuer is neither served nor an anchor"},
	pki.DefectWrongOrder:          {rules.Fail, "certificates served out of path order"},
	pki.DefectExtraneous:          {rules.Warn, "served, but not on the path"},
	pki.DefectUntrustedRoot:       {rules.Fail, "the path ends at a self-signed certificate that is not a trust anchor"},
	pki.DefectInvalidSignature:    {rules.Fail, "a signature on the path does not verify"},
	pki.DefectDistrustedRoot:      {rules.Fail, "the anchor is distrusted for this certificate"},
	pki.DefectVerifyFailed:        {rules.Fail, "path validation fails"},
	pki.DefectUnparseable:         {rules.Fail, "a served certificate does not parse"},
}

func checkR34(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, ch := range w.chains {
		f := ch.f
		for _, u := range f.Unknown {
			if u.Fact == "trusted" {
				w.unknownAt(ch, "trust_unknown", "chain "+itoa(ch.idx)+": trust could not be established ("+u.Reason+")")
			}
		}
		explained := false
		for _, d := range f.Defects {
			g, ok := chainDefects[d.Code]
			if !ok {
				explained = explained || d.Code == pki.DefectExpired || d.Code == pki.DefectNotYetValid
				continue
			}
			explained = explained || g.status == rules.Fail
			why := g.why
			if d.Detail != "" {
				why += " (" + d.Detail + ")"
			}
			if d.ServedIndex != nil && *d.ServedIndex < len(ch.certs) {
				w.item(ch.certs[*d.ServedIndex], g.status, why)
			} else {
				w.chainItem(ch, g.status, why)
			}
		}
		if !f.Trusted && !explained && len(f.Unknown) == 0 {
			w.chainItem(ch, rules.Fail, "the analysis did not trust the chain and recorded no defect")
		}
		if f.Anchor != "" {
			w.note("chain %d: anchor sha256 %s (%s)", ch.idx, f.Anchor, f.AnchorSource)
		}
	}
	window := ctx.ExpiryWindow()
	w.each(func(c cert) {
		d := c.desc
		if d.NotBefore.IsZero() || d.NotAfter.IsZero() {
			w.unreadable(c, "validity period")
			return
		}
		switch left := d.NotAfter.Sub(ctx.Time); {
		case ctx.Time.After(d.NotAfter):
			w.item(c, rules.Fail, "expired on "+d.NotAfter.Format(time.RFC3339))
		case ctx.Time.Before(d.NotBefore):
			w.item(c, rules.Fail, "not valid before "+d.NotBefore.Format(time.RFC3339))
		case left < window:
			w.item(c, rules.Warn, fmt.Sprintf("expires on %s, in %s (warning window %s)", d.NotAfter.Format(time.RFC3339), days(left), days(window)))
		}
	})
	return w.finding("every served chain is complete, in order, anchored, and valid beyond the expiry warning window",
		"served chains incomplete, out of order, untrusted or out of their validity period")
}

// days writes a duration in days (rounded down), or hours under a day.
func days(d time.Duration) string {
	if d < 24*time.Hour {
		return fmt.Sprintf("%d hours", int(math.Floor(d.Hours())))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
