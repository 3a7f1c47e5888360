package pkirules

import (
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R31",
		Title:     "One certificate per accepted version and key-exchange method",
		Reference: tlsRef("R31", "§3.1.2"),
		Severity:  rules.Low,
		Description: "On one TLS termination, use as many certificates as accepted protocol versions and key-exchange " +
			"methods, so that no key serves two of them (a key shared between versions or between RSA key transport and " +
			"signed (EC)DHE exposes each use to the other's attacks: DROWN, ROBOT-style signature forgery). R31's title is " +
			"unconfirmed (anssi-rules.md, open question 3); the body, as a third-party extraction gives it, reads " +
			"\"autant de certificats que de versions et de méthodes d'échange de clés acceptées\", and the rule reads it " +
			"conservatively, as a recommendation: a leaf key serving two (version, method) pairs warns. Keys are compared " +
			"by SubjectPublicKeyInfo, so two certificates on one key count as one. The methods of a TLS 1.2 or older " +
			"certificate are the key exchanges of the accepted suites its key type authenticates (RSA key transport, DHE, " +
			"ECDHE, static DH or ECDH, RSA-PSK); TLS 1.3 has one, (EC)DHE. Deciding that every key serves one pair needs " +
			"every accepted suite (inventory depth).",
		Fix:     "Serve a certificate with its own key for each accepted version and key exchange, or accept fewer of them (TLS 1.3 alone needs one certificate per key type).",
		Reads:   []rules.Fact{{Kind: factCertificates, Version: scanner.TLSv12}, {Kind: rules.FactSuites, Version: scanner.TLSv12}},
		Applies: applies,
		Check:   checkR31,
		Fixtures: func() rules.Fixtures {
			// The fail fixture serves the TLS 1.3 leaf under TLS 1.2 too.
			c := fixture.CompliantChain()
			c.Served[0] = fixture.CompliantLeaf13()
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Chains(c, fixture.CompliantChain13()).Result(),
			}
		},
	})
}

// kxMethod names the key exchange a suite's certificate takes part in; ""
// when the suite uses no certificate (anonymous, PSK, SRP).
func kxMethod(s tlsprobe.CipherSuite) string {
	if s.Auth == tlsprobe.AuthNULL || s.Auth == tlsprobe.AuthPSK || s.Auth == tlsprobe.AuthSRP || s.Auth == tlsprobe.AuthECCPWD {
		return ""
	}
	switch s.Kx {
	case tlsprobe.KxRSAExport, tlsprobe.KxSSLv2:
		return tlsprobe.KxRSA.String() // one method, whatever the strength
	case tlsprobe.KxDHExport:
		return tlsprobe.KxDHE.String()
	case tlsprobe.KxPSK, tlsprobe.KxDHEPSK, tlsprobe.KxECDHEPSK, tlsprobe.KxSRP, tlsprobe.KxECCPWD, tlsprobe.KxNULL:
		return ""
	}
	return s.Kx.String()
}

// authenticates says whether a suite's authentication is done by a
// certificate key of type k.
func authenticates(a tlsprobe.Auth, k pki.KeyType) bool {
	switch k {
	case pki.KeyRSA:
		return a == tlsprobe.AuthRSA
	case pki.KeyECDSA, pki.KeyEd25519, pki.KeyEd448:
		return a == tlsprobe.AuthECDSA
	case pki.KeyDSA:
		return a == tlsprobe.AuthDSS
	}
	return false
}

// methods returns the key exchanges a leaf of key type k serves under v
// (TLS 1.2 and older), and whether the accepted suites of v are all known.
func methods(o *scanner.TLSObservation, v scanner.Version, k pki.KeyType) (ms []string, complete bool) {
	var all []string
	for _, s := range o.CipherSuites {
		if s.Version != v {
			continue
		}
		cs, ok := tlsprobe.SuiteByCode(s.Code)
		if !ok {
			continue
		}
		m := kxMethod(cs)
		if m == "" {
			continue
		}
		if !slices.Contains(all, m) {
			all = append(all, m)
		}
		if authenticates(cs.Auth, k) && !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		// No accepted suite names the key's type (a key type the
		// registry does not map): it serves whatever the version uses.
		ms = all
	}
	for _, e := range o.Enumerations {
		if e.Version == v && e.Kind == scanner.EnumCipherSuites {
			complete = e.Status == scanner.EnumComplete && e.Scope == scanner.ScopeAll
		}
	}
	slices.Sort(ms)
	return ms, complete
}

func checkR31(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	type use struct {
		leaf  cert
		pairs []string
	}
	var keys []string
	uses := map[string]*use{}
	var partial []scanner.Version
	for _, ch := range w.chains {
		leaf := ch.leaf()
		if leaf.desc == nil {
			continue // the view recorded it
		}
		key := leaf.desc.SPKISHA256
		if key == "" {
			w.unreadable(leaf, "key")
			continue
		}
		u := uses[key]
		if u == nil {
			u = &use{leaf: leaf}
			uses[key] = u
			keys = append(keys, key)
		}
		for _, v := range ch.f.Versions {
			ms := []string{"(EC)DHE"}
			if v != scanner.TLSv13 {
				var complete bool
				ms, complete = methods(r.TLS, v, leaf.desc.KeyType)
				if !complete && !slices.Contains(partial, v) {
					partial = append(partial, v)
				}
				if len(ms) == 0 {
					ms = []string{"(method unknown)"}
				}
			}
			for _, m := range ms {
				if p := v.String() + " " + m; !slices.Contains(u.pairs, p) {
					u.pairs = append(u.pairs, p)
				}
			}
		}
	}
	offence := false
	for _, k := range keys {
		u := uses[k]
		if len(u.pairs) > 1 {
			offence = true
			w.item(u.leaf, rules.Warn, "its key serves "+strings.Join(u.pairs, ", "))
		}
	}
	// A suite list that is not complete may hide a second method: it keeps
	// the rule from passing, and is only noted beside an offence.
	for _, v := range partial {
		detail := "the accepted suites are not all known, so the key exchanges each certificate serves may be more"
		if offence {
			w.note("%s: %s", v, detail)
			continue
		}
		w.ev.Unknown = append(w.ev.Unknown, rules.UnknownFact{Fact: rules.FactSuites, Version: v, State: "incomplete", Detail: detail})
	}
	if !offence && len(w.chains) > 0 {
		for _, k := range keys {
			w.note("%s: %s", uses[k].leaf.name(), strings.Join(uses[k].pairs, ", "))
		}
	}
	return w.finding("each leaf key serves one version and one key exchange", "leaf keys serving several versions or key exchanges")
}
