package rules

// CoverageStatus says how far cryptoscan checks one requirement.
type CoverageStatus string

const (
	Covered      CoverageStatus = "checked"       // implemented rules check what the network can show of it
	Partial      CoverageStatus = "partial"       // implemented rules check part of it; Note says what is left
	Planned      CoverageStatus = "planned"       // checkable, not implemented yet: Planned names the rule IDs to come
	NotCheckable CoverageStatus = "not_checkable" // the network cannot show it: Note says why
	NotCovered   CoverageStatus = "not_covered"   // checkable in part, but outside cryptoscan's catalogue: Note says why
)

// CoverageEntry is one requirement of a source document and what checks it.
type CoverageEntry struct {
	Document    string         `json:"document"` // TLSGuide.Name, ...
	Item        string         `json:"item"`     // "R4", "R7–", "10.6.a", "RègleCléSym"
	Requirement string         `json:"requirement"`
	Network     string         `json:"network"` // whether the network can show it, as the digest of the sources says
	Status      CoverageStatus `json:"status"`
	Rules       []string       `json:"rules,omitempty"`   // implemented rule IDs
	Planned     []string       `json:"planned,omitempty"` // rule IDs to come
	Note        string         `json:"note,omitempty"`
}

// Coverage returns every requirement of the ANSSI TLS guide (R1–R39 and
// the "–" variants), the crypto-mechanisms rules, the ANSSI OpenSSH guide
// (R1–R31), the ANSSI IPsec note (R1–R16) and the SecNumCloud 3.2
// cryptology and related items, in document order, with the rules that
// check each or why none can.
func Coverage() []CoverageEntry {
	out := make([]CoverageEntry, 0, len(tlsCoverage)+len(b1Coverage)+len(sshCoverage)+len(ipsecCoverage)+len(sncCoverage))
	for _, part := range [][]CoverageEntry{tlsCoverage, b1Coverage, sshCoverage, ipsecCoverage, sncCoverage} {
		for _, e := range part {
			e.Rules = append([]string(nil), e.Rules...)
			e.Planned = append([]string(nil), e.Planned...)
			out = append(out, e)
		}
	}
	return out
}

// tlsImplemented lists the implemented rules that grade a TLS endpoint
// against the TLS guide, for the SecNumCloud items that say "apply the TLS
// guide".
var tlsImplemented = []string{
	"ANSSI-TLS-R3", "ANSSI-TLS-R4", "ANSSI-TLS-R5", "ANSSI-TLS-R6", "ANSSI-TLS-R7", "ANSSI-TLS-R7-", "ANSSI-TLS-R8",
	"ANSSI-TLS-R8-", "ANSSI-TLS-R9", "ANSSI-TLS-R9-", "ANSSI-TLS-R10", "ANSSI-TLS-R10-", "ANSSI-TLS-R11", "ANSSI-TLS-R12",
	"ANSSI-TLS-R13", "ANSSI-TLS-R14", "ANSSI-TLS-R15", "ANSSI-TLS-R16", "ANSSI-TLS-R18", "ANSSI-TLS-R18-", "ANSSI-TLS-R19",
	"ANSSI-TLS-R20", "ANSSI-TLS-R21", "ANSSI-TLS-R22", "ANSSI-TLS-R23", "ANSSI-TLS-R24", "ANSSI-TLS-R25", "ANSSI-TLS-R26", "ANSSI-TLS-R27",
	"ANSSI-TLS-R28", "ANSSI-TLS-R29", "ANSSI-TLS-R32", "ANSSI-TLS-R33", "ANSSI-TLS-R34", "ANSSI-TLS-R35", "ANSSI-TLS-R36",
	"ANSSI-TLS-R38",
}

// cryptoImplemented lists the implemented crypto-mechanisms rules that
// grade network flows, for the SecNumCloud items on flow encryption. The
// DNSSEC rules (ANSSI-CRYPTO-DnssecHash, ANSSI-CRYPTO-DnssecFact) are not
// in it: DNSSEC signs zone data, it encrypts no flow; they check the B1
// rules they are named after.
var cryptoImplemented = []string{
	"ANSSI-CRYPTO-BlocSym", "ANSSI-CRYPTO-ChiffAsym", "ANSSI-CRYPTO-ChiffFlot", "ANSSI-CRYPTO-CleSym", "ANSSI-CRYPTO-EC2",
	"ANSSI-CRYPTO-ECp", "ANSSI-CRYPTO-IntegSym", "ANSSI-CRYPTO-Logp", "ANSSI-CRYPTO-LongTermePQ",
	"ANSSI-CRYPTO-Fact", "ANSSI-CRYPTO-Hash", "ANSSI-CRYPTO-SignAsym",
	"ANSSI-CRYPTO-SshKex", "ANSSI-CRYPTO-SshLongTermePQ", "ANSSI-CRYPTO-SshHostKeyHash",
}

// sshImplemented lists the implemented rules that grade an SSH endpoint
// against the OpenSSH guide, for the SecNumCloud items that say "apply
// the OpenSSH guide".
var sshImplemented = []string{"ANSSI-SSH-R1", "ANSSI-SSH-R2", "ANSSI-SSH-R4", "ANSSI-SSH-R6", "ANSSI-SSH-R7", "ANSSI-SSH-R8",
	"ANSSI-SSH-R9", "ANSSI-SSH-R10", "ANSSI-SSH-R15", "ANSSI-SSH-R17", "ANSSI-SSH-R25", "ANSSI-SSH-R26", "ANSSI-SSH-R31"}

// ipsecImplemented lists the implemented rules that grade an IKE
// responder against the IPsec note, for the SecNumCloud item that says
// "apply the IPsec note".
var ipsecImplemented = []string{"ANSSI-IPSEC-R7", "ANSSI-IPSEC-R8", "ANSSI-IPSEC-R9", "ANSSI-IPSEC-R14", "ANSSI-IPSEC-R15", "ANSSI-IPSEC-R16"}

// ipsecB1 lists the implemented IPsec note rules that apply the
// crypto-mechanisms rules' thresholds to an IKE SA, for the SecNumCloud
// items on flow encryption.
var ipsecB1 = []string{"ANSSI-IPSEC-R14", "ANSSI-IPSEC-R15", "ANSSI-IPSEC-R16"}

const (
	tlsDoc   = "ANSSI TLS guide"
	b1Doc    = "ANSSI crypto mechanisms guide"
	sshDoc   = "ANSSI OpenSSH guide"
	ipsecDoc = "ANSSI IPsec note"
	sncDoc   = "SecNumCloud"
)

func tls(item, req, network string, st CoverageStatus, rules, planned []string, note string) CoverageEntry {
	return CoverageEntry{Document: tlsDoc, Item: item, Requirement: req, Network: network, Status: st, Rules: rules, Planned: planned, Note: note}
}

func ids(s ...string) []string { return s }

var tlsCoverage = []CoverageEntry{
	tls("R1", "Define the client population to support; degraded (Rx–) choices rest on it.", "no", NotCheckable, nil, nil,
		"An organisational decision; cryptoscan turns it into the profile (anssi reports Rx– as degraded, anssi-strict fails it)."),
	tls("R2", "Keep every component of the TLS deployment up to date.", "partly", Partial, ids("ANSSI-TLS-R2"), nil,
		"Versions are not visible; three known flaws are probed as evidence, CCS injection (on the extensions hello's connection: no connection of its own), Heartbleed (only where heartbeat is echoed) and ROBOT (five RSA key exchanges, one correctly padded and four malformed, compared by answer, differing ones confirmed; only where RSA key transport is accepted below TLS 1.3: 5 to 10 connections). Any fails; without them the rule gives info, never pass. Other oracles (padding oracles of CBC records, Lucky13, DROWN's SSLv2 side) are not probed."),
	tls("R3", "TLS 1.3 must be supported and preferred; TLS 1.2 only if the rest of the guide is followed.", "yes", Covered, ids("ANSSI-TLS-R3"), nil,
		"Support is probed; preference follows from RFC 8446 negotiation (see the rule's description)."),
	tls("R4", "SSLv2, SSLv3, TLS 1.0 and TLS 1.1 are forbidden.", "yes", Covered, ids("ANSSI-TLS-R4"), nil, ""),
	tls("R5", "The server is authenticated in the key exchange; no anonymous exchange, no raw public keys.", "yes", Partial, ids("ANSSI-TLS-R5"), nil,
		"Anonymous suites are checked; raw public keys (RFC 7250 server_certificate_type) are not probed yet."),
	tls("R6", "Forward secrecy always: ephemeral (EC)DH.", "yes", Covered, ids("ANSSI-TLS-R6"), nil,
		"TLS 1.2 suites; TLS 1.3 is ephemeral by design, resumption without DH is R21."),
	tls("R7", "ECDHE on secp256r1/384r1/521r1; x25519, x448, brainpool acceptable.", "yes", Covered,
		ids("ANSSI-TLS-R7", "ANSSI-CRYPTO-ECp", "ANSSI-CRYPTO-EC2"), nil, ""),
	tls("R7–", "DHE tolerated with ≥2048-bit groups of reference [34]; ≥3072 bits beyond 2030.", "yes", Covered,
		ids("ANSSI-TLS-R7-", "ANSSI-CRYPTO-Logp"), nil, "Reference [34] is read as RFC 7919 (unconfirmed)."),
	tls("R8", "Server authentication by certificate; ECDSA or EdDSA preferred, RSA-PSS then PKCS#1 v1.5 tolerated.", "yes", Covered,
		ids("ANSSI-TLS-R8", "ANSSI-CRYPTO-SignAsym"), nil,
		"The signature schemes each certificate key type signs with (TLS 1.2 ServerKeyExchange, TLS 1.3 CertificateVerify); per-scheme levels are the digest's (third-party encodings)."),
	tls("R8–", "Symmetric (PSK) server authentication tolerated.", "yes", Partial, ids("ANSSI-TLS-R8-"), nil,
		"TLS 1.2 PSK suites are checked; TLS 1.3 external PSKs are not probed."),
	tls("R9", "Prefer AES; ChaCha20 acceptable.", "yes", Covered,
		ids("ANSSI-TLS-R9", "ANSSI-CRYPTO-CleSym", "ANSSI-CRYPTO-BlocSym", "ANSSI-CRYPTO-ChiffFlot"), nil, ""),
	tls("R9–", "Camellia and ARIA tolerated.", "yes", Covered, ids("ANSSI-TLS-R9-"), nil, ""),
	tls("R10", "AEAD mode: GCM or CCM (not CCM-8), or ChaCha20-Poly1305.", "yes", Covered, ids("ANSSI-TLS-R10"), nil, ""),
	tls("R10–", "CBC with HMAC tolerated only with encrypt_then_mac.", "yes", Covered, ids("ANSSI-TLS-R10-"), nil,
		"encrypt_then_mac is read per CBC suite (echoed every time the server chose it)."),
	tls("R11", "SHA-2 hash functions.", "yes", Covered, ids("ANSSI-TLS-R11", "ANSSI-CRYPTO-IntegSym"), nil,
		"Suite MACs and the hashes of the handshake signature schemes (TLS 1.2 and 1.3); certificate signatures are R24."),
	tls("R12", "Implement several acceptable suites.", "yes", Covered, ids("ANSSI-TLS-R12"), nil,
		"Two acceptable suites seen pass at either depth (compliance depth looks for a second recommended suite per version); saying there are fewer needs inventory depth. The threshold of 2 is cryptoscan's."),
	tls("R13", "The server's suite order wins when clients are not controlled.", "yes", Covered, ids("ANSSI-TLS-R13"), nil,
		"Probed at both depths: at compliance depth from two recommended suites (free, or one swapped hello)."),
	tls("R14", "Support the Table 2.4 extensions in their contexts.", "partly", Partial,
		ids("ANSSI-TLS-R14", "ANSSI-TLS-R22", "ANSSI-TLS-R10-"), nil,
		"extended_master_secret (R14), renegotiation_info (R22), encrypt_then_mac per CBC suite (R10–); honouring signature_algorithms and supported_groups is not observed. Table contents unconfirmed."),
	tls("R15", "Enable Table 2.8 extensions only when needed.", "partly", Partial, ids("ANSSI-TLS-R15"), nil,
		"Session tickets (TLS 1.2 session_ticket, TLS 1.3 tickets) and ALPN in use are listed as info (need is the operator's judgement); status_request is R35's; status_request_v2, trusted_ca_keys, user_mapping, srp, use_srtp, record_size_limit and the other TLS 1.3 entries are not offered by the probes. Table contents unconfirmed."),
	tls("R16", "Table 2.9 extensions are always discouraged.", "yes", Partial, ids("ANSSI-TLS-R16", "ANSSI-TLS-R23"), nil,
		"heartbeat, max_fragment_length and ec_point_formats echoed warn (the table's contents are unconfirmed; Heartbleed itself is R2's), early_data is R23's; client_certificate_url, truncated_hmac, client_authz, server_authz, cert_type and client/server_certificate_type are not offered by the probes."),
	tls("R17", "Client and server randoms from a cryptographic-quality generator.", "partly", Partial, ids("ANSSI-TLS-R17"), nil,
		"Every ServerHello random of the scan (all versions, HelloRetryRequests excepted) is compared with the others: a repeat fails. A generator's quality cannot be judged from outside, so a pass means only that the randoms seen were distinct; client randoms are the client's. The time prefix is R18–."),
	tls("R18", "Server random ends with the RFC 8446 downgrade sentinel when it negotiates below its best version.", "yes (server)", Covered, ids("ANSSI-TLS-R18"), nil,
		"Every server random of a TLS 1.3 server below TLS 1.3; reference [11] read as RFC 8446 §4.1.3 (unconfirmed), so a missing sentinel warns."),
	tls("R18–", "32 random bytes rather than a Unix time prefix.", "yes", Covered, ids("ANSSI-TLS-R18-"), nil,
		"Server randoms of TLS 1.2 and older read against the scanner's clock (within a day)."),
	tls("R19", "No TLS compression.", "yes", Covered, ids("ANSSI-TLS-R19"), nil,
		"A hello offering DEFLATE before null in TLS 1.2 (or the newest version below TLS 1.3)."),
	tls("R20", "Session tickets valid for 24 hours or less.", "yes", Covered, ids("ANSSI-TLS-R20"), nil,
		"The lifetime the server states (TLS 1.2 ticket_lifetime_hint, TLS 1.3 ticket_lifetime); whether it accepts older tickets is not probed."),
	tls("R21", "Session resumption includes a Diffie-Hellman exchange.", "yes (1.3)", Covered, ids("ANSSI-TLS-R21"), nil,
		"A TLS 1.3 resumption offering psk_ke only (degraded when accepted); TLS 1.2 tickets warn (no DH in TLS 1.2 resumption, the digest's inference); session-ID resumption is not probed."),
	tls("R21–", "Resumption without DH: prefer tickets, discard quickly, rotate ticket keys.", "partly", Partial, ids("ANSSI-TLS-R21", "ANSSI-TLS-R20"), nil,
		"R21 reports when resumption without DH is in use and R20 bounds ticket lifetimes; preferring tickets to session IDs, purging caches and rotating ticket keys would need resumption probes over time, and no separate ANSSI-TLS-R21- rule is planned until they exist."),
	tls("R22", "Clients send renegotiation_info; servers that renegotiate use it.", "yes", Covered, ids("ANSSI-TLS-R22"), nil,
		"renegotiation_info in TLS 1.2; client-initiated renegotiation accepted is reported as info (tested over a TLS 1.2 AEAD suite only)."),
	tls("R23", "Servers must not accept 0-RTT data.", "yes", Covered, ids("ANSSI-TLS-R23"), nil,
		"A TLS 1.3 resumption with early data, when a ticket allows it; tickets advertising max_early_data_size warn."),
	tls("R24", "Certificate signatures use SHA-2.", "yes", Covered, ids("ANSSI-TLS-R24", "ANSSI-CRYPTO-Hash"), nil,
		"Every served certificate; a root's self-signature is not relied upon (info). Chains are observed under every version (TLS 1.3 through the scanner's own client)."),
	tls("R25", "TLS certificates valid at most 3 years (825 days when issued after 1 March 2018).", "yes", Covered, ids("ANSSI-TLS-R25"), nil,
		"Each chain's leaf; the CA/Browser Forum's shorter periods are zlint's (ZLINT-v3)."),
	tls("R26", "RSA ≥2048 bits, ECDSA ≥256 bits on the listed curves, RSA exponent ≥65537.", "yes", Covered, ids("ANSSI-TLS-R26", "ANSSI-CRYPTO-Fact"), nil,
		"Every served certificate, CA certificates included; RSA 3072 beyond 2030 (B1)."),
	tls("R27", "KeyUsage present, critical, digitalSignature and/or keyEncipherment only.", "yes", Covered, ids("ANSSI-TLS-R27"), nil,
		"Each chain's leaf; keyEncipherment on a non-RSA key fails, a key without digitalSignature warns (R6)."),
	tls("R28", "ExtendedKeyUsage present, non-critical, serverAuth only.", "yes", Covered, ids("ANSSI-TLS-R28"), nil,
		"Each chain's leaf; serverAuth plus clientAuth fails, as the text reads."),
	tls("R29", "Non-critical SubjectAlternativeName with a dNSName matching the service.", "yes", Covered, ids("ANSSI-TLS-R29"), nil,
		"From the scanner's RFC 6125 match against the SNI (or the IP address when scanned by address: a warning)."),
	tls("R30", "One certificate per TLS termination point.", "partly", Partial, ids("ANSSI-TLS-R30"), nil,
		"Graded across the run once every endpoint is scanned: a leaf also served by another address or port of the run warns, for review (one server's IPv4 and IPv6 addresses or ports may be one termination). Endpoints outside the run are not known."),
	tls("R31", "One certificate per protocol version and key-exchange method on an endpoint.", "partly", Partial, ids("ANSSI-TLS-R31"), nil,
		"Leaf keys (by SubjectPublicKeyInfo) against the (version, key exchange) pairs they serve, the key exchanges read from the accepted suites the key type authenticates; a key serving two warns (a recommendation whose title is unconfirmed). Pass needs every accepted suite (inventory depth); two servers behind one address cannot be told apart."),
	tls("R32", "AuthorityKeyIdentifier present, non-critical, equal to the issuer's SubjectKeyIdentifier.", "yes", Covered, ids("ANSSI-TLS-R32", "ZLINT-v3"), nil,
		"Every served certificate but the roots, against the next certificate on the path; an unserved anchor's SKI is not known (presence and criticality only). zlint's RFC 5280 lints check the same extension's encoding."),
	tls("R33", "CRLDistributionPoints or AuthorityInfoAccess present and non-critical.", "yes", Covered, ids("ANSSI-TLS-R33", "ZLINT-v3"), nil,
		"Every served certificate but the roots; caIssuers alone warns. zlint's RFC 5280 lints check the same extensions' encoding."),
	tls("R34", "The Certificate message carries the complete chain, in order.", "yes", Covered, ids("ANSSI-TLS-R34"), nil,
		"From the scanner's chain analysis (Mozilla roots plus --ca-file); the rule also fails certificates outside their validity period and warns before expiry (--expiry-warning). Chains of every version are judged, TLS 1.3's included."),
	tls("R35", "Prefer OCSP stapling.", "yes", Covered, ids("ANSSI-TLS-R35"), nil,
		"The stapled response served with each chain whose leaf names an OCSP responder, judged at the evaluation time; none stapled is a warning (a preference)."),
	tls("R36", "Publish revocation information redundantly.", "partly", Partial, ids("ANSSI-TLS-R36"), nil,
		"Counts the revocation sources the leaf advertises (two or more, cryptoscan's reading: a warning otherwise); reachability of each source would need HTTP probes."),
	tls("R37", "Security-first TLS software hard-fails when revocation status is unavailable.", "no (client behaviour)", NotCheckable, nil, nil,
		"Client behaviour: a server cannot show it."),
	tls("R38", "With a public PKI, use certificates logged in Certificate Transparency.", "yes", Partial, ids("ANSSI-TLS-R38"), nil,
		"SCTs embedded, stapled in OCSP, or the TLS extension seen, on chains ending at a public root; SCT signatures are not verified against the log list."),
	tls("R39", "Clients reject certificates with invalid SCTs, and EV certificates without SCT.", "no (client)", NotCheckable, nil, nil,
		"Client behaviour: a server cannot show it."),
}

func b1(item, req, network string, st CoverageStatus, rules, planned []string, note string) CoverageEntry {
	return CoverageEntry{Document: b1Doc, Item: item, Requirement: req, Network: network, Status: st, Rules: rules, Planned: planned, Note: note}
}

var b1Coverage = []CoverageEntry{
	b1("RègleCléSym", "Symmetric keys ≥112 bits to end-2025, ≥128 bits from 2026.", "yes", Covered, ids("ANSSI-CRYPTO-CleSym", "ANSSI-SSH-R15"), nil,
		"TLS suites (ANSSI-CRYPTO-CleSym); SSH ciphers through ANSSI-SSH-R15's allowlist (AES-CTR; the AEAD ciphers, with 128-bit keys or more, warn), which fails every SSH cipher with a shorter key (3DES, DES): no separate SSH rule."),
	b1("RègleBlocSym", "Block size ≥64 bits to end-2025, ≥128 bits from 2026.", "yes", Covered, ids("ANSSI-CRYPTO-BlocSym", "ANSSI-SSH-R15", "ANSSI-IPSEC-R15"), nil,
		"TLS suites (ANSSI-CRYPTO-BlocSym); SSH ciphers through ANSSI-SSH-R15's allowlist, which fails every 64-bit block cipher (3DES, Blowfish, CAST-128, IDEA, DES): no separate SSH rule. IKE SA ciphers through ANSSI-IPSEC-R15 (3DES warns to the end of 2025 and fails from 2026; the other 64-bit block ciphers fail) and ANSSI-IPSEC-R14 (DES)."),
	b1("RègleAlgoBloc", "No attack on the block cipher below 2^100 (2^125 from 2026); well-studied ciphers.", "yes", Partial,
		ids("ANSSI-TLS-R9", "ANSSI-CRYPTO-CleSym", "ANSSI-CRYPTO-BlocSym"), nil,
		"No separate rule: the ciphers below the bound fail the key or block size rules, and R9's allowlist fails the rest."),
	b1("RègleModeChiff", "No attack on the mode below 2^(n/2) calls; prefer non-deterministic modes with integrity.", "partly", Partial,
		ids("ANSSI-TLS-R10", "ANSSI-TLS-R10-", "ANSSI-SSH-R15"), nil, "Modes are graded by the TLS guide's R10/R10– and, for SSH, by the OpenSSH guide's R15 (CTR only; CBC fails)."),
	b1("RègleChiffFlot", "Stream ciphers: no attack below 2^100 (2^125 from 2026).", "yes", Covered, ids("ANSSI-CRYPTO-ChiffFlot", "ANSSI-SSH-R15"), nil,
		"TLS suites; SSH's arcfour ciphers fail ANSSI-SSH-R15's allowlist."),
	b1("RègleIntegSym", "MACs on compliant primitives, no attack below 2^(n/2).", "yes", Covered, ids("ANSSI-CRYPTO-IntegSym", "ANSSI-SSH-R15"), nil,
		"TLS: HMAC-SHA1 is a warning (tolerated per PA-079, third-party summary). SSH MACs through ANSSI-SSH-R15's allowlist, which lists HMAC-SHA-1 (it passes there) and fails MD5, the 96-bit truncations and UMAC."),
	b1("RègleFactorisation", "RSA modulus ≥2048 bits to end-2030, ≥3072 bits from 2031; public exponent >65536.", "yes", Partial,
		ids("ANSSI-CRYPTO-Fact", "ANSSI-CRYPTO-DnssecFact", "ANSSI-SSH-R8"), nil,
		"Keys of the served certificates (ANSSI-CRYPTO-Fact) and the RSA DNSSEC keys of the zone holding the endpoint's name, KSK and ZSK (ANSSI-CRYPTO-DnssecFact); the keys of the zones above it are not graded. SSH RSA host keys and host-certificate CA keys by ANSSI-SSH-R8, with the same sizes (2048 bits, 3072 beyond 2030); their public exponent is not recorded."),
	b1("RègleFact-3", "RSA private exponent as long as the modulus.", "no", NotCheckable, nil, nil, "A private-key property."),
	b1("RègleLogp", "Finite-field DH prime ≥2048 bits to end-2030, ≥3072 from 2031; prime subgroup ≥250 bits.", "yes (size)", Partial,
		ids("ANSSI-CRYPTO-Logp", "ANSSI-TLS-R7-", "ANSSI-CRYPTO-SshKex", "ANSSI-IPSEC-R16"), nil,
		"TLS DHE and ffdhe; SSH's fixed diffie-hellman groups (RFC 3526 safe primes) and the modulus the SSH group exchange gives a client asking for 1024 bits, which shows any below 2048 bits (ANSSI-CRYPTO-SshKex; beyond 2030 an 8192-bit answer, perhaps a fallback group, is incomplete). The subgroup is known only for named primes: a group exchange's moduli are graded on size. IKE SA groups by ANSSI-IPSEC-R16 (IKEv2 and IKEv1: the MODP groups below 2048 bits and the RFC 5114 groups with 160- and 224-bit subgroups fail; 2048-bit groups warn to the end of 2030 and fail from 2031)."),
	b1("RègleECp", "Prime-field curves: subgroup order ≥250 bits.", "yes", Covered, ids("ANSSI-CRYPTO-ECp", "ANSSI-CRYPTO-SshKex", "ANSSI-SSH-R9", "ANSSI-IPSEC-R16"), nil,
		"TLS groups; SSH ECDH curves and the classical half of the hybrids (ANSSI-CRYPTO-SshKex); ECDSA host keys by the OpenSSH guide's 256 bits (ANSSI-SSH-R9); IKE SA curves by ANSSI-IPSEC-R16 (the 192- and 224-bit ones fail)."),
	b1("RègleEC2", "Binary-field curves: subgroup order ≥250 bits, prime order.", "yes", Covered, ids("ANSSI-CRYPTO-EC2"), nil, ""),
	b1("RecommandationChiffAsym", "Provably secure asymmetric encryption; no RSAES-PKCS1-v1_5 where a padding oracle is possible.", "yes", Covered,
		ids("ANSSI-CRYPTO-ChiffAsym"), nil, ""),
	b1("RecommandationSignAsym", "Provably secure signatures (RSA-PSS, ECDSA on the listed curves).", "yes", Partial, ids("ANSSI-CRYPTO-SignAsym"), nil,
		"The handshake signature schemes of TLS 1.2 and 1.3; certificate signatures (the CA's choice) are not graded by it. SSH host key signatures are graded on their hash only (ANSSI-CRYPTO-SshHostKeyHash, RègleHash): rsa-sha2-256/512 sign with RSASSA-PKCS1-v1_5, which SSH has no PSS alternative to, and that is not reported."),
	b1("§2.3.4", "Key establishment resists man-in-the-middle and gives forward secrecy.", "yes", Covered, ids("ANSSI-TLS-R6", "ANSSI-TLS-R5"), nil, ""),
	b1("RègleHash", "Hash output ≥256 bits; no SHA-1.", "yes", Partial,
		ids("ANSSI-CRYPTO-Hash", "ANSSI-TLS-R11", "ANSSI-CRYPTO-DnssecHash", "ANSSI-CRYPTO-SshKex", "ANSSI-CRYPTO-SshHostKeyHash"), nil,
		"Certificate signatures (ANSSI-CRYPTO-Hash); handshake signature schemes by ANSSI-TLS-R11 (SHA-1, SHA-224 and MD5 fail); the DNSSEC key algorithms and DS digest types of the zone holding the endpoint's name by ANSSI-CRYPTO-DnssecHash (the zones above it and NSEC3's SHA-1 name hashing are not graded); SSH exchange hashes by ANSSI-CRYPTO-SshKex (the SHA-1 and SHA-224 methods fail) and SSH host key signatures by ANSSI-CRYPTO-SshHostKeyHash (ssh-rsa and ssh-dss fail; the hash a CA signed a host certificate with is not observed); TLS PRF hashes are not graded; record MACs are RègleIntegSym's."),
	b1("RègleArchiGDA / RègleArchiGVA / RègleAlgoGDA", "Random generator architecture and post-processing.", "no", NotCheckable, nil, nil,
		"Internal to the implementation."),
	b1("RègleGestSym", "One symmetric key per purpose; compliant derivation.", "no", NotCheckable, nil, nil, "Internal key management."),
	b1("RègleGestAsym", "One key pair per purpose.", "partly", Partial, ids("ANSSI-CRYPTO-GestAsym"), nil,
		"An SSH host key that is also the key of a TLS certificate served in the same run fails (compared by SubjectPublicKeyInfo, across the run). A key used for other purposes (signing, other services, outside the run) is not visible."),
	b1("RèglePQNonRégression", "Asymmetric security rests on at least one well-studied problem.", "yes", Partial, ids("ANSSI-TLS-R7", "ANSSI-TLS-R8"), nil,
		"A pure post-quantum KEM group fails ANSSI-TLS-R7, a pure ML-DSA handshake signature ANSSI-TLS-R8 (outside its list); certificate signatures are not read for it."),
	b1("RecommandationLongTermePQ", "From 2030, or against store-now-decrypt-later, add a post-quantum mechanism (hybrid).", "yes", Covered,
		ids("ANSSI-CRYPTO-LongTermePQ", "ANSSI-CRYPTO-SshLongTermePQ"), nil,
		"TLS 1.3 groups (ANSSI-CRYPTO-LongTermePQ); SSH key exchange methods (ANSSI-CRYPTO-SshLongTermePQ: mlkem768x25519-sha256, sntrup761x25519-sha512 and the other hybrids)."),
}

func ssh(item, req, network string, planned bool, note string) CoverageEntry {
	e := CoverageEntry{Document: sshDoc, Item: item, Requirement: req, Network: network, Status: NotCheckable, Note: note}
	if planned {
		e.Status, e.Planned = Planned, []string{"ANSSI-SSH-" + item}
	}
	return e
}

// sshChecked is an OpenSSH guide entry that implemented rules check.
func sshChecked(item, req, network string, st CoverageStatus, rules []string, note string) CoverageEntry {
	return CoverageEntry{Document: sshDoc, Item: item, Requirement: req, Network: network, Status: st, Rules: rules, Note: note}
}

var sshCoverage = []CoverageEntry{
	sshChecked("R1", "Only SSH protocol version 2.", "yes", Covered, ids("ANSSI-SSH-R1"),
		"The protocol version of the server's identification string: 2.0 passes, 1.99 (SSH 1 beside 2) and 1.x fail."),
	sshChecked("R2", "SSH rather than Telnet, rsh or rlogin.", "partly", Partial, ids("ANSSI-SSH-R2"),
		"23/tcp (telnet), 513/tcp (rlogin) and 514/tcp (rsh) on the SSH server's address: a telnet server fails, a port that accepts a connection without identifying itself warns (rlogin and rsh say nothing first; telling them apart would take a login attempt). The host's other addresses are not seen."),
	sshChecked("R3", "Uninstall Telnet, rsh and rlogin servers.", "partly", Partial, ids("ANSSI-SSH-R2"),
		"A server still listening is one not uninstalled: ANSSI-SSH-R2 checks both on the same evidence, one finding for the two. An installed server that does not listen is not visible."),
	sshChecked("R4", "SCP/SFTP rather than RCP or FTP.", "partly", Partial, ids("ANSSI-SSH-R4"),
		"21/tcp (FTP: cleartext fails, AUTH TLS accepted warns) and 514/tcp (rsh, which rcp uses) on the SSH server's address."),
	ssh("R5", "Keep SSH tunnelling for protocols without their own security.", "no", false, "A usage policy."),
	sshChecked("R6", "Verify the server's host key before continuing.", "partly", Partial, ids("ANSSI-SSH-R6"),
		"What a server publishes so that clients can verify it: a host certificate, or SHA-256 SSHFP records matching every host key, validated by DNSSEC; stale SSHFP records fail; with neither, the fingerprints to distribute are listed (information). Whether clients actually verify is not visible."),
	sshChecked("R7", "No DSA keys.", "yes", Covered, ids("ANSSI-SSH-R7"),
		"Every host key algorithm of the KEXINIT (ssh-dss and its certificate and X.509 forms), and the CA key of host certificates. Users' keys are not visible."),
	sshChecked("R8", "RSA keys of at least 2048 bits.", "yes", Covered, ids("ANSSI-SSH-R8"),
		"The key behind every RSA host key algorithm, and RSA host-certificate CA keys; 3072 bits beyond 2030 (RègleFactorisation). Users' keys are not visible."),
	sshChecked("R9", "ECDSA keys of at least 256 bits.", "yes", Covered, ids("ANSSI-SSH-R9"),
		"ECDSA host keys and host-certificate CA keys, by key size or the curve the algorithm names. Users' keys are not visible."),
	sshChecked("R10", "Prefer ECDSA to RSA when both sides support it.", "yes", Partial, ids("ANSSI-SSH-R10"),
		"The client's order chooses the host key algorithm (RFC 4253 §7.1), so what is checked is that a server offering RSA also offers an ECDSA host key (a warning otherwise: cryptoscan's reading); the server's own order is only noted."),
	ssh("R11", "Generate keys from a trustworthy randomness source.", "no", false, "Key generation is not visible (weak or duplicate keys across hosts could be)."),
	ssh("R12", "Entropy practices when generating keys.", "no", false, "Key generation is not visible."),
	ssh("R13", "Only the owner knows a private key, protected.", "no", false, "A private-key property."),
	ssh("R14", "Protect user private keys with a passphrase (AES-128-CBC).", "no", false, "Client-side key storage."),
	sshChecked("R15", "Ciphers AES-128/192/256-CTR; MACs HMAC-SHA-1, HMAC-SHA-256, HMAC-SHA-512.", "yes", Covered, ids("ANSSI-SSH-R15"),
		"Every cipher and MAC of the KEXINIT, both directions, -etm@openssh.com forms included. The AEAD ciphers (chacha20-poly1305, AES-GCM) are outside the list but meet the crypto-mechanisms rules: the reference leaves the decision open and cryptoscan warns (a conservative reading). When every cipher of a direction is AEAD its MACs are never used: an offending one warns. Key exchange, which the guide does not cover, is graded by ANSSI-CRYPTO-SshKex."),
	ssh("R16", "Harden the build with suitable compiler flags.", "no", false, "Build configuration."),
	sshChecked("R17", "User authentication methods in order of preference, password last.", "partly", Partial, ids("ANSSI-SSH-R17"),
		"The methods a \"none\" request lists for an unknown user (no credential sent): publickey and GSSAPI pass, password and keyboard-interactive warn, no authentication fails. Methods offered to real users by Match blocks, and the order a client tries them in, are not visible."),
	ssh("R18", "Least privilege for users.", "no", false, "Server configuration behind authentication."),
	ssh("R19", "Use agent forwarding to bounce through a relay host.", "no", false, "Client usage."),
	ssh("R20", "The relay host must be trusted.", "no", false, "Organisational."),
	ssh("R21", "One unique, non-transferable account per user.", "no", false, "Organisational."),
	ssh("R22", "Restrict SSH access to users with a justified need.", "no", false, "Server configuration behind authentication."),
	ssh("R23", "Block user changes to the environment by default.", "no", false, "Server configuration behind authentication."),
	ssh("R24", "Limit the commands run over SSH.", "no", false, "Server configuration behind authentication."),
	sshChecked("R25", "Listen only on an administration address.", "partly", Partial, ids("ANSSI-SSH-R25"),
		"SSH answering on a public (globally reachable) address warns; whether a private address is the administration network is for the operator to say."),
	sshChecked("R26", "Off port 22 on uncontrolled networks; admin interface only on controlled ones.", "partly", Partial, ids("ANSSI-SSH-R26"),
		"On a public address, port 22 or a port from 1024 warns; the administration interface part is ANSSI-SSH-R25's."),
	ssh("R27", "Disable all forwarding unless justified.", "no (needs authenticated session)", false, "Needs an authenticated session."),
	ssh("R28", "Disable X11 forwarding on the server.", "no", false, "Needs an authenticated session."),
	sshChecked("R29", "Separate CAs for host and user certificates.", "partly", Partial, ids("ANSSI-SSH-R7", "ANSSI-SSH-R8", "ANSSI-SSH-R9"),
		"The host-certificate CA key's type and size are graded by R7 to R9 (no DSA, RSA from 2048 bits, ECDSA from 256). Whether the user CA is a different one, and the CAs' passphrases, are not visible."),
	ssh("R30", "Revoke untrusted keys promptly.", "no", false, "Organisational."),
	sshChecked("R31", "Do not trust DNS host fingerprints without an additional check.", "partly", Partial, ids("ANSSI-SSH-R31"),
		"SSHFP records of the endpoint's name pass when the resolver validated them (AD bit) and warn otherwise; whether clients set VerifyHostKeyDNS is not visible."),
}

func ipsec(item, req, network string, st CoverageStatus, rules, planned []string, note string) CoverageEntry {
	return CoverageEntry{Document: ipsecDoc, Item: item, Requirement: req, Network: network, Status: st, Rules: rules, Planned: planned, Note: note}
}

// ipsecCoverage maps the IPsec note's recommendations, read through a
// third-party transcription (rules/ike/REFERENCE.md). The network column
// is that reference's: what an IKE responder shows to IKE_SA_INIT
// requests and IKEv1 Main Mode proposals, before any authentication.
var ipsecCoverage = []CoverageEntry{
	ipsec("R1", "Where trusted products are needed, use IPsec products evaluated by ANSSI, qualified ones first.", "partly", Planned, nil, ids("ANSSI-IPSEC-R1"),
		"The Vendor ID payloads of the responder's answers are recorded and often name the product; no rule reports them yet, and matching a product against ANSSI's list of qualified products stays manual."),
	ipsec("R2", "For the use cases described, prefer IPsec to TLS.", "no", NotCheckable, nil, nil, "An architecture choice."),
	ipsec("R3", "Use ESP; AH is discouraged.", "no", NotCheckable, nil, nil,
		"ESP or AH is negotiated for the child SA (IKE_AUTH, Quick Mode), after authentication, which the probe never reaches."),
	ipsec("R4", "Never use ESP confidentiality without its integrity mechanism.", "no", NotCheckable, nil, nil,
		"The child SA's transforms are negotiated after authentication."),
	ipsec("R5", "No security policy that makes IPsec optional; only protected flows where security is needed.", "no", NotCheckable, nil, nil,
		"Security policies are not visible from the network."),
	ipsec("R6", "Prefer the same policy in both directions.", "no", NotCheckable, nil, nil, "Security policies are not visible from the network."),
	ipsec("R7", "Fix algorithms and key sizes in advance and use IKE only for key exchange; failing that, allow only a few algorithms to be negotiated.", "partly", Partial, ids("ANSSI-IPSEC-R7"), nil,
		"The IKE SA transforms accepted are counted per type (information); a transform that ANSSI-IPSEC-R14 to R16 grade below pass, negotiable beside a passing one of its type, warns (cryptoscan's reading). Whether parameters are fixed in advance, and the child SA's algorithms, are not visible."),
	ipsec("R8", "Use IKE version 2.", "yes", Covered, ids("ANSSI-IPSEC-R8"), nil,
		"An IKEv2 IKE_SA_INIT request and an IKEv1 Main Mode proposal: IKEv1 answered beside IKEv2 warns (the note recommends IKEv2, it does not forbid IKEv1), IKEv1 only fails."),
	ipsec("R9", "No manual keying or pre-shared keys; authenticate with certificates from a PKI.", "partly", Partial, ids("ANSSI-IPSEC-R9"), nil,
		"The authentication method of every IKEv1 Main Mode transform accepted: a pre-shared key (or XAUTH over one) warns. IKEv2 chooses its method in IKE_AUTH, after the exchanges the probe makes, and manual keying shows nothing on the network: neither is visible."),
	ipsec("R10", "Configure security policies statically where possible; otherwise make sure filtering lets no cleartext flow through.", "no", NotCheckable, nil, nil,
		"Security policies and filtering are not visible from one endpoint."),
	ipsec("R11", "If NAT is applied to IPsec flows, enable NAT traversal.", "partly", Planned, nil, ids("ANSSI-IPSEC-R11"),
		"IKEv1 Main Mode answers may carry the NAT traversal Vendor ID (RFC 3947), which is recorded; IKEv2's NAT_DETECTION_SOURCE_IP and NAT_DETECTION_DESTINATION_IP notifications come only in a complete IKE_SA_INIT response to a request that carried them, and the probe's one complete exchange (for the gateway's certificate) does not send them. No rule reports NAT traversal yet, and whether NAT lies on the path is not knowable."),
	ipsec("R12", "Where the equipment allows, use perfect forward secrecy in phase 2.", "no", NotCheckable, nil, nil,
		"The child SA's key exchange (Quick Mode, CREATE_CHILD_SA) is negotiated after authentication."),
	ipsec("R13", "Where the equipment allows, renew keys periodically (e.g. every hour and every 100 GB).", "partly", NotCovered, nil, nil,
		"IKEv2 negotiates no lifetime; the phase 1 lifetime an IKEv1 gateway accepts shows in its Main Mode answer, but the observation does not record it; traffic keys' lifetimes are not visible."),
	ipsec("R14", "MD5, DES, RSA keys under 2048 bits and ECDSA keys under 200 bits are strongly discouraged.", "yes (MD5/DES)", Partial, ids("ANSSI-IPSEC-R14"), nil,
		"MD5 and DES in the IKE SA transforms accepted (IKEv2 encryption, PRF and integrity; IKEv1 Main Mode encryption and hash) fail. RSA and ECDSA keys are in IKE_AUTH certificates, and the child SA's transforms (ESP) are negotiated after authentication: neither is visible."),
	ipsec("R15", "3DES, SHA-1 and ECDSA keys under 256 bits are discouraged where better exists: AES-128 or AES-256, SHA-2, ECDSA of 256 bits or more.", "yes", Partial, ids("ANSSI-IPSEC-R15"), nil,
		"The IKE SA transforms accepted: 3DES fails (B1's 64-bit block limit, end 2025), SHA-1 as PRF or integrity warns and so does SHA1 in the responder's SIGNATURE_HASH_ALGORITHMS, AES (128, 192, 256 bits) and SHA-2 pass; algorithms the note does not name warn when B1 accepts them, fail otherwise (cryptoscan's conservative reading). ECDSA keys (IKE_AUTH) and the child SA's transforms are not visible."),
	ipsec("R16", "Watch the Diffie-Hellman group: groups 1 and 2 are no longer acceptable; prefer larger moduli (groups 14, 15) or elliptic-curve groups of 256 bits or more (19, 29).", "yes", Covered, ids("ANSSI-IPSEC-R16"), nil,
		"Every key exchange group the IKE SA accepts (IKEv2, and IKEv1 Main Mode): 1, 2, 5, 22, 23 and 25 to 27 fail; 14 and 24 warn until the end of 2030 and fail from 2031 (RègleLogp); 15 to 21 and 28 to 30 pass, 31 and 32 with a note; a finite-field group preferred while an elliptic-curve one is accepted warns (cryptoscan's reading of \"where possible\"). The child SA's PFS group is R12's, not visible."),
}

func snc(item, req, network string, st CoverageStatus, rules, planned []string, note string) CoverageEntry {
	return CoverageEntry{Document: sncDoc, Item: item, Requirement: req, Network: network, Status: st, Rules: rules, Planned: planned, Note: note}
}

var sncCoverage = []CoverageEntry{
	snc("10.1.a", "Encrypt customer data against recovery on reallocation or media recovery.", "no", NotCheckable, nil, nil, "Storage, not network."),
	snc("10.1.b / 10.1.c", "Stored-data encryption follows the B1 rules (and should follow its recommendations).", "no", NotCheckable, nil, nil, "Storage, not network."),
	snc("10.1.d", "Encrypt removable and backup media leaving the perimeter.", "no", NotCheckable, nil, nil, "Storage, not network."),
	snc("10.2.a / 10.2.b", "Network-flow encryption meets the B1 rules (and should meet its recommendations).", "yes", Partial,
		append(append([]string(nil), cryptoImplemented...), ipsecB1...), nil,
		"TLS and SSH flows (SSH: key exchange, host key signatures, and the ciphers and MACs through the OpenSSH guide's R15) and IKE SAs, through the IPsec note's rules that apply B1's thresholds (ANSSI-IPSEC-R14: DES and MD5; ANSSI-IPSEC-R15: 3DES and 64-bit blocks, SHA-1; ANSSI-IPSEC-R16: RègleLogp's and RègleECp's group sizes). An IPsec child SA (ESP) is negotiated after authentication: its algorithms are not visible."),
	snc("10.2.c", "If TLS is used, apply the ANSSI TLS guide.", "yes", Partial, tlsImplemented, nil,
		"The TLS guide entries above say which recommendations are planned. SecNumCloud cites the 2016 edition; cryptoscan grades v1.2 (2020)."),
	snc("10.2.d", "If IPsec is used, apply the ANSSI IPsec note (DAT-NT-003).", "partly", Partial, ipsecImplemented, nil,
		"IKE_SA_INIT parameters graded (the IKE versions answered, the IKE SA's transforms, IKEv1 Main Mode transforms and their authentication method); child SAs, authentication and policy are not visible. The IPsec note entries above say which recommendations are checked."),
	snc("10.2.e", "If SSH is used, apply the ANSSI OpenSSH guide (DAT-NT-007).", "yes", Partial, sshImplemented, nil,
		"What an SSH server shows before authentication (protocol version, host keys, ciphers and MACs, the authentication methods offered), where it answers (address and port), what else its address serves (telnet, rlogin, rsh, FTP) and what DNS publishes for it (SSHFP); the OpenSSH guide entries above say which recommendations are checked or not visible from the network (most are configuration behind authentication, or organisational)."),
	snc("10.3.a–d", "Store only salted password hashes with a B1-compliant hash.", "no", NotCheckable, nil, nil, "Storage, not network."),
	snc("10.4.a / 10.4.b", "Electronic signatures meet the B1 rules.", "no (partly, if signed artefacts are published)", NotCheckable, nil, nil,
		"Signatures are not exchanged on the endpoints scanned."),
	snc("10.5.a / 10.5.b", "Keys meet the B2 key-management rules.", "no", NotCheckable, nil, nil, "Key management."),
	snc("10.5.c", "Data-encryption keys in a security container or separate medium.", "no", NotCheckable, nil, nil, "Key storage."),
	snc("10.5.d", "Administration keys in a security container.", "no", NotCheckable, nil, nil, "Key storage."),
	snc("10.6.a", "Only certificates from a CA of an EU member state on the technical infrastructure.", "partly", Partial, ids("SNC-10.6.a", "DNS-CAA"), nil,
		"The issuing CA and the anchors of every served chain (TLS, and an IPsec gateway's IKE_AUTH chain), against the CA jurisdiction data (CCADB roots, curated owners) and the operator's --ca-jurisdiction declarations; an intermediate takes the owner of the CA it chains to (no intermediates table). Key ceremonies in the EU are not visible. DNS-CAA applies the same data to the CAs the name's CAA set authorises to issue (cryptoscan's reading, not the requirement's letter: a non-EU CA authorised is a warning, no CAA set is information)."),
	snc("9.6.d", "Provider admin interfaces not reachable from a public network.", "partly", Partial, ids("ANSSI-SSH-R25"), nil,
		"An SSH server answering on a public address warns (ANSSI-SSH-R25). Other admin interfaces would need an external port inventory of admin services, outside cryptoscan's catalogue."),
	snc("9.6.e", "Customer admin interfaces over a public network use flows encrypted per 10.2.", "yes", Partial, append(append([]string(nil), tlsImplemented...), sshImplemented...), nil,
		"The TLS and SSH rules apply to whatever endpoints are scanned; which are admin interfaces is the operator's input."),
	snc("9.6.f", "Strong multi-factor authentication on admin interfaces.", "no (partly)", NotCheckable, nil, nil,
		"Authentication is behind the login; ANSSI-SSH-R17 reports the SSH methods offered (password and keyboard-interactive warn), which says nothing of a second factor."),
	snc("9.6.h", "A public admin interface authenticates before any other interaction.", "partly", NotCovered, nil, nil,
		"Would need application-level requests; outside cryptoscan's catalogue."),
	snc("13.2.b / 13.2.c", "Separate internal flows physically or by encryption; admin flows in an encrypted tunnel.", "partly", Partial, ids("ANSSI-SSH-R2", "ANSSI-SSH-R4"), nil,
		"Cleartext administration and transfer protocols (telnet, rlogin, rsh, FTP) on the addresses of the SSH servers scanned. Other cleartext protocols, and how internal flows are separated, are outside cryptoscan's catalogue."),
	snc("13.2.d / 13.2.e", "WAF in front of public customer admin interfaces; filter admin flows.", "partly", NotCovered, nil, nil,
		"Reachability against a declared flow matrix; outside cryptoscan's catalogue."),
	snc("12.5.d", "Main and backup site communications encrypted per the cryptology chapter.", "no", NotCheckable, nil, nil, "Internal links not reachable from the scanner."),
	snc("19.2.b–d", "Customer and technical data stored and processed in the EU; administration from the EU.", "partly", NotCovered, nil, nil,
		"IP geolocation would be weak evidence only."),
	snc("19.6.a–f", "Protection from non-EU law (ownership, control, notifications).", "no", NotCheckable, nil, nil, "Legal and corporate."),
}
