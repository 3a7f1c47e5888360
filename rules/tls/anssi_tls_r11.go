package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

func init() {
	suiteRule{
		versions: allowed,
		judge:    judgeR11,
		more:     schemesR11,
		pass:     "every accepted suite uses an AEAD or an HMAC with SHA-2, and every handshake signature a SHA-2 hash or EdDSA",
		offence:  "hashes outside SHA-2",
	}.register(&rules.Rule{
		ID:        "ANSSI-TLS-R11",
		Title:     "Record integrity uses SHA-2",
		Reference: tlsRef("R11", "§2.2"),
		Severity:  rules.High,
		Description: "Hash functions must be from the SHA-2 family. Every accepted suite whose record MAC is HMAC-SHA1 (*_SHA), " +
			"HMAC-MD5, none, or a hash outside SHA-2 (GOST, SM3) fails; AEAD suites and HMAC-SHA256/384 pass. Every " +
			"signature scheme the server signs its TLS 1.2 ServerKeyExchange or TLS 1.3 CertificateVerify with is read " +
			"too: MD5, SHA-1 and SHA-224 (below the 256 bits of RègleHash, and failed by the guide's scheme table), " +
			"Streebog and SM3 fail; SHA-256/384/512 and EdDSA's own hashing pass. The compliance depth names every " +
			"such scheme, so the rule does not need the inventory depth. Certificate signatures are R24's.",
		Fix: "Remove the *_SHA and *_MD5 suites (OpenSSL: !SHA1:!MD5, or list ECDHE+AESGCM:ECDHE+CHACHA20 only) and the SHA-1 " +
			"and SHA-224 signature schemes (OpenSSL SignatureAlgorithms, e.g. ECDSA+SHA256:ECDSA+SHA384:rsa_pss_rsae_sha256:ed25519).",
		Reads: reads(allowed, rules.FactVersion, rules.FactSuites, fixture.FactSchemes),
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().AddSuites(scanner.TLSv12, 0xC013).Result(), // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
			}
		},
	})
}

func judgeR11(_ scanner.Version, cs tlsprobe.CipherSuite, _ env) (rules.Status, string) {
	switch cs.MAC {
	case tlsprobe.MACAEAD, tlsprobe.MACSHA256, tlsprobe.MACSHA384:
		return rules.Pass, ""
	}
	return rules.Fail, "MAC " + macName(cs.MAC) + " is not SHA-2"
}

// macName names a record MAC for people.
func macName(m tlsprobe.MAC) string {
	switch m {
	case tlsprobe.MACNULL:
		return "none"
	case tlsprobe.MACAEAD:
		return "AEAD"
	case tlsprobe.MACMD5:
		return "HMAC-MD5"
	case tlsprobe.MACSHA1:
		return "HMAC-SHA1"
	case tlsprobe.MACSHA256:
		return "HMAC-SHA256"
	case tlsprobe.MACSHA384:
		return "HMAC-SHA384"
	case tlsprobe.MACGOST94:
		return "GOST R 34.11-94"
	case tlsprobe.MACStreebog:
		return "Streebog"
	case tlsprobe.MACGOSTIMIT:
		return "GOST 28147-89 IMIT"
	case tlsprobe.MACSM3:
		return "SM3"
	case tlsprobe.MACOMAC:
		return "OMAC"
	}
	return "unknown"
}

// schemesR11 grades the hash of every signature scheme seen under TLS 1.2
// and 1.3.
func schemesR11(w *view) {
	for _, v := range allowed {
		if versionFact(w.o, v).Status == scanner.NotSupported {
			continue
		}
		for _, s := range w.schemes(v, false) {
			sc, ok := tlsprobe.SchemeByCode(uint16(s.Code))
			if !ok {
				w.item(schemeItem(s, rules.Incomplete, "not in the registry: its hash is unknown"))
				continue
			}
			switch sc.Hash {
			case tlsprobe.HashSHA256, tlsprobe.HashSHA384, tlsprobe.HashSHA512:
			case tlsprobe.HashNone:
				if sc.Sig != tlsprobe.SigEd25519 && sc.Sig != tlsprobe.SigEd448 && sc.Sig != tlsprobe.SigMLDSA {
					w.item(schemeItem(s, rules.Fail, "no hash named: not SHA-2"))
				}
			default:
				w.item(schemeItem(s, rules.Fail, "signs with "+hashName(sc.Hash)+", not SHA-2 of 256 bits or more"))
			}
		}
	}
}

// hashName names a signature scheme's hash for people.
func hashName(h tlsprobe.Hash) string {
	switch h {
	case tlsprobe.HashNone:
		return "no separate hash"
	case tlsprobe.HashMD5:
		return "MD5"
	case tlsprobe.HashSHA1:
		return "SHA-1"
	case tlsprobe.HashSHA224:
		return "SHA-224"
	case tlsprobe.HashSHA256:
		return "SHA-256"
	case tlsprobe.HashSHA384:
		return "SHA-384"
	case tlsprobe.HashSHA512:
		return "SHA-512"
	case tlsprobe.HashStreebog256:
		return "Streebog-256"
	case tlsprobe.HashStreebog512:
		return "Streebog-512"
	case tlsprobe.HashSM3:
		return "SM3"
	}
	return "an unknown hash"
}
