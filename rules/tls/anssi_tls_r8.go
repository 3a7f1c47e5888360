package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R8",
		Title:     "The server authenticates with ECDSA or EdDSA (RSA-PSS, then PKCS #1 v1.5, tolerated)",
		Reference: tlsRef("R8", "§2.2"),
		Severity:  rules.Medium,
		Description: "The server must authenticate with an asymmetric mechanism (a certificate); ECDSA or EdDSA is preferred, " +
			"RSA is tolerated, RSASSA-PSS first and PKCS #1 v1.5 as a fallback. Every signature scheme the server signs its " +
			"TLS 1.2 ServerKeyExchange or TLS 1.3 CertificateVerify with is read, per certificate key type: ECDSA, EdDSA " +
			"and RSA-PSS pass; PKCS #1 v1.5 passes as the fallback for clients without PSS, but warns when it is what " +
			"the server prefers (what a client offering PSS first gets), and fails in TLS 1.3, where RFC 8446 forbids " +
			"it; DSA, GOST, SM2, identity-based and ML-DSA signatures are outside R8's list and fail. A server whose " +
			"certificates are all RSA is reported as info (tolerated, not preferred). The per-scheme levels are the " +
			"digest's (third-party encodings); the hash of each scheme is ANSSI-TLS-R11's, PSK authentication " +
			"ANSSI-TLS-R8-'s, anonymous suites ANSSI-TLS-R5's, and a TLS 1.2 server whose suites sign nothing (static " +
			"RSA) fails ANSSI-TLS-R6.",
		Fix: "Serve an ECDSA (P-256 or P-384) or Ed25519 certificate, alongside the RSA one for old clients if needed; with RSA, " +
			"let the server sign with RSA-PSS (OpenSSL SignatureAlgorithms listing rsa_pss_rsae_sha256 before RSA+SHA256).",
		Reads:   reads(allowed, rules.FactVersion, fixture.FactSchemes),
		Applies: appliesTo(allowed...),
		Check:   checkR8,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddScheme(scanner.TLSv12, pki.KeyDSA, 0x0402).Result(), // dsa_sha256
			}
		},
	})
}

func checkR8(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	rsa, other := false, false
	for _, v := range allowed {
		if !w.inScope(v) {
			continue
		}
		for _, s := range w.schemes(v, false) {
			sc, ok := tlsprobe.SchemeByCode(uint16(s.Code))
			if !ok {
				w.item(schemeItem(s, rules.Incomplete, "not in the registry: its algorithm is unknown"))
				continue
			}
			st, why := judgeR8(v, s, sc)
			switch sc.Sig {
			case tlsprobe.SigRSAPKCS1, tlsprobe.SigRSAPSSRSAE, tlsprobe.SigRSAPSSPSS:
				rsa = true
			case tlsprobe.SigECDSA, tlsprobe.SigEd25519, tlsprobe.SigEd448:
				other = true
			}
			if st != rules.Pass {
				w.item(schemeItem(s, st, why))
			}
		}
	}
	if rsa && !other {
		w.item(rules.Item{Kind: "certificate_key", Name: string(pki.KeyRSA), Status: rules.Info,
			Why: "every certificate the server signs with is RSA: tolerated; ECDSA or EdDSA is preferred"})
	}
	return w.finding("the server signs with ECDSA, EdDSA or RSA-PSS", "server authentication")
}

// judgeR8 grades one scheme the server signed with under v.
func judgeR8(v scanner.Version, s scanner.SignatureSchemeFact, sc tlsprobe.SignatureScheme) (rules.Status, string) {
	key := string(s.KeyType) + " certificate"
	switch sc.Sig {
	case tlsprobe.SigECDSA, tlsprobe.SigEd25519, tlsprobe.SigEd448, tlsprobe.SigRSAPSSRSAE, tlsprobe.SigRSAPSSPSS:
		if v == scanner.TLSv13 && !sc.TLS13 {
			return rules.Fail, "not allowed in a TLS 1.3 CertificateVerify (RFC 8446)"
		}
		return rules.Pass, ""
	case tlsprobe.SigRSAPKCS1:
		switch {
		case v == scanner.TLSv13:
			return rules.Fail, "PKCS #1 v1.5 in a TLS 1.3 CertificateVerify, which RFC 8446 forbids (" + key + ")"
		case s.Preferred:
			return rules.Warn, "PKCS #1 v1.5 is what the server prefers: RSASSA-PSS should come first (" + key + ")"
		}
		return rules.Pass, ""
	}
	return rules.Fail, sigName(sc.Sig) + " is not ECDSA, EdDSA or RSA (" + key + ")"
}

// sigName names a signature algorithm family for people.
func sigName(s tlsprobe.SigAlg) string {
	switch s {
	case tlsprobe.SigRSAPKCS1:
		return "RSASSA-PKCS1-v1_5"
	case tlsprobe.SigRSAPSSRSAE, tlsprobe.SigRSAPSSPSS:
		return "RSASSA-PSS"
	case tlsprobe.SigDSA:
		return "DSA"
	case tlsprobe.SigECDSA:
		return "ECDSA"
	case tlsprobe.SigEd25519:
		return "Ed25519"
	case tlsprobe.SigEd448:
		return "Ed448"
	case tlsprobe.SigGOST:
		return "GOST R 34.10-2012"
	case tlsprobe.SigSM2:
		return "SM2"
	case tlsprobe.SigMLDSA:
		return "ML-DSA"
	case tlsprobe.SigAnonymous:
		return "anonymous"
	case tlsprobe.SigIBC:
		return "identity-based signature"
	}
	return "an unknown algorithm"
}
