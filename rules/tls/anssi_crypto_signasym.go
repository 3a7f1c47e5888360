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
		ID:        "ANSSI-CRYPTO-SignAsym",
		Title:     "Handshake signatures use a provably secure scheme (RSA-PSS, ECDSA, EdDSA)",
		Reference: b1Ref("RecommandationSignAsym", "§2.3"),
		Severity:  rules.Low,
		Description: "Signatures should be provably secure: RSASSA-PSS is compliant, and so is ECDSA on the NIST (and FRP256v1, " +
			"B-283/409/571) curves; RSASSA-PKCS1-v1_5 is not, and becomes non-compliant with a small exponent and a weak " +
			"padding check. Every scheme the server signs its TLS 1.2 ServerKeyExchange or TLS 1.3 CertificateVerify with " +
			"is read: RSA-PSS, ECDSA and EdDSA pass (the curve of a TLS 1.2 ECDSA key is ANSSI-CRYPTO-ECp's and R26's to " +
			"judge; brainpool and EdDSA are not named by the guide, and are accepted as ANSSI-CRYPTO-ECp accepts their " +
			"curves, by their order); PKCS #1 v1.5 warns when it is what the server prefers (a fallback for clients " +
			"without PSS is not reported); DSA, GOST, SM2, identity-based and ML-DSA signatures, which the guide does not " +
			"name, warn. This is a B1 recommendation, so a finding is a warning; the scheme's hash is ANSSI-TLS-R11's.",
		Fix:     "Sign with ECDSA or Ed25519 certificates, or with RSA-PSS (rsa_pss_rsae_*) ahead of PKCS #1 v1.5 for RSA keys.",
		Reads:   reads(allowed, rules.FactVersion, fixture.FactSchemes),
		Applies: appliesTo(allowed...),
		Check:   checkSignAsym,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddScheme(scanner.TLSv12, pki.KeyRSA, 0x0401).Result(), // an RSA certificate signing with rsa_pkcs1_sha256 by preference
			}
		},
	})
}

func checkSignAsym(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
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
			switch sc.Sig {
			case tlsprobe.SigRSAPSSRSAE, tlsprobe.SigRSAPSSPSS, tlsprobe.SigECDSA, tlsprobe.SigEd25519, tlsprobe.SigEd448:
			case tlsprobe.SigRSAPKCS1:
				if s.Preferred {
					w.item(schemeItem(s, rules.Warn, "RSASSA-PKCS1-v1_5 is not provably secure, and is what the server prefers over RSASSA-PSS"))
				}
			default:
				w.item(schemeItem(s, rules.Warn, sigName(sc.Sig)+" is not among the signatures the guide names compliant"))
			}
		}
	}
	return w.finding("the server signs with RSA-PSS, ECDSA or EdDSA", "signatures that are not provably secure")
}
