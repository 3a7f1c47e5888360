package pkirules

import (
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R35",
		Title:     "The server staples a valid OCSP response",
		Reference: tlsRef("R35", "§3.2"),
		Severity:  rules.Low,
		Description: "When OCSP is used (the leaf names an OCSP responder), OCSP stapling is preferred. The probes ask for " +
			"it (status_request): a chain served without a stapled response is a warning (the guide recommends stapling, " +
			"it does not require it). A stapled response must be readable, successful, for the leaf and its issuer, signed " +
			"by the issuer or its delegated responder, not revoked, and current at the evaluation time (thisUpdate ≤ time ≤ " +
			"nextUpdate); otherwise it fails. Chains whose leaf has no OCSP responder are not concerned.",
		Fix:     "Enable OCSP stapling on the server (nginx ssl_stapling, Apache SSLUseStapling, HAProxy ocsp-update) and keep the response fresh.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR35,
		Fixtures: func() rules.Fixtures {
			none := fixture.CompliantChain()
			none.OCSP = nil
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Chains(none, fixture.CompliantChain13()).Result(),
			}
		},
	})
}

func checkR35(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	concerned := 0
	for _, ch := range w.chains {
		leaf := ch.leaf()
		if leaf.desc == nil {
			continue
		}
		if len(leaf.desc.Errors) > 0 && len(leaf.desc.OCSPServers) == 0 {
			w.unreadable(leaf, "OCSP responder")
			continue
		}
		if len(leaf.desc.OCSPServers) == 0 {
			continue
		}
		concerned++
		o := ch.f.OCSP
		switch {
		case ch.f.OCSPError != "":
			w.chainItem(ch, rules.Fail, "the stapled response does not read: "+ch.f.OCSPError)
		case o == nil:
			w.chainItem(ch, rules.Warn, "no stapled OCSP response")
		default:
			if st, why := judgeOCSP(o, ctx.Time); st != rules.Pass {
				w.chainItem(ch, st, why)
			}
		}
	}
	if concerned == 0 && len(w.ev.Unknown) == 0 {
		return w.notApplicable("no leaf names an OCSP responder: OCSP is not used")
	}
	return w.finding("every chain whose leaf uses OCSP comes with a valid, current stapled response",
		"chains without a valid stapled OCSP response")
}

// judgeOCSP grades a stapled response at the evaluation time (the
// scanner's own freshness flags were computed at scan time).
func judgeOCSP(o *pki.OCSPResponse, now time.Time) (rules.Status, string) {
	switch {
	case o.ResponseStatus != "successful":
		return rules.Fail, "the stapled response is " + o.ResponseStatus
	case o.Status == pki.OCSPRevoked:
		return rules.Fail, "the leaf is revoked (" + o.RevokedAt.Format(time.RFC3339) + ", " + orUnknown(o.RevocationReason) + ")"
	case o.Status != pki.OCSPGood:
		return rules.Fail, "the responder does not know the leaf (status " + string(o.Status) + ")"
	case !o.SerialMatchesLeaf || !o.IssuerMatches:
		return rules.Fail, "the stapled response is for another certificate"
	case !o.SignatureValid:
		return rules.Fail, "the stapled response's signature is invalid: " + orUnknown(o.SignatureError)
	case o.ThisUpdate.IsZero() || now.Before(o.ThisUpdate):
		return rules.Fail, "the stapled response is not yet valid (thisUpdate " + o.ThisUpdate.Format(time.RFC3339) + ")"
	case !o.NextUpdate.IsZero() && now.After(o.NextUpdate):
		return rules.Fail, "the stapled response is stale (nextUpdate " + o.NextUpdate.Format(time.RFC3339) + ")"
	case o.NextUpdate.IsZero():
		return rules.Warn, "the stapled response has no nextUpdate: its freshness cannot be judged"
	}
	return rules.Pass, ""
}
