package tlsprobe

// The compliance depth offers what ANSSI does not recommend and
// eliminates only to name it. These lists are the probe plan, not the
// judgement: the rules (rules/) grade what was observed, and a test there
// checks that they agree with this plan.

// recommendedSuites are the suites of Annex A.1 of the ANSSI TLS guide
// v1.2 (../shared/reference/anssi-rules.md §1.3): TLS 1.3 and TLS 1.2.
var recommendedSuites = map[uint16]bool{
	0x1301: true, 0x1302: true, 0x1303: true, 0x1304: true, // TLS 1.3 AES-GCM, ChaCha20, AES-128-CCM
	0xC02B: true, 0xC02C: true, 0xC0AC: true, 0xC0AD: true, 0xCCA9: true, // ECDHE-ECDSA AES-GCM, AES-CCM, ChaCha20
	0xC02F: true, 0xC030: true, 0xCCA8: true, // ECDHE-RSA AES-GCM, ChaCha20
}

func recommendedSuite(c uint16) bool { return recommendedSuites[c] }

// recommendedGroups are the groups ANSSI prefers or accepts (§1.4), plus
// the ML-KEM hybrids whose classical part is one of them. Finite-field
// groups are only tolerated (R7-), so the compliance depth names them.
var recommendedGroups = map[uint16]bool{
	23: true, 24: true, 25: true, // secp256r1, secp384r1, secp521r1
	29: true, 30: true, // x25519, x448
	26: true, 27: true, 28: true, 31: true, 32: true, 33: true, // brainpool
	0x11EB: true, 0x11EC: true, 0x11ED: true, // SecP256r1MLKEM768, X25519MLKEM768, SecP384r1MLKEM1024
}

func recommendedGroup(g uint16) bool { return recommendedGroups[g] }

// complianceGroup reports whether the compliance depth enumerates group
// g: every group ANSSI does not recommend, and the post-quantum hybrids,
// recommended but asked about for themselves (ANSSI expects them for data
// protected past 2030).
func complianceGroup(g uint16) bool {
	if gr, ok := GroupByCode(g); ok && gr.Kind == GroupHybrid {
		return true
	}
	return !recommendedGroup(g)
}

// recommendedSchemes are the signature schemes ANSSI prefers or tolerates
// (../shared/reference/anssi-rules.md §1.4): ECDSA on the NIST and
// brainpool curves with SHA-2, EdDSA, RSA-PSS, and PKCS #1 v1.5 with SHA-2
// (TLS 1.2 only). The compliance depth names any other scheme a server
// signs with, and of these only the one it prefers per key type.
var recommendedSchemes = map[uint16]bool{
	0x0403: true, 0x0503: true, 0x0603: true, // ecdsa_secp256r1_sha256 ... secp521r1_sha512
	0x081A: true, 0x081B: true, 0x081C: true, // ecdsa_brainpoolP*r1tls13_sha*
	0x0807: true, 0x0808: true, // ed25519, ed448
	0x0804: true, 0x0805: true, 0x0806: true, // rsa_pss_rsae_sha256/384/512
	0x0809: true, 0x080A: true, 0x080B: true, // rsa_pss_pss_sha256/384/512
	0x0401: true, 0x0501: true, 0x0601: true, // rsa_pkcs1_sha256/384/512
}

func recommendedScheme(c uint16) bool { return recommendedSchemes[c] }
