package tlsprobe

import (
	"crypto/hmac"
	"crypto/sha256"
	"slices"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// maxSuitesPerHello caps the suites of one hello: larger hellos break old
// servers and middleboxes (testssl.sh caps at 128 for the same reason).
const maxSuitesPerHello = 128

// minSuitesPerHello is the smallest chunk tried on a server that chokes on
// large hellos.
const minSuitesPerHello = 16

// offeredSignatureSchemes is offered in every hello that is not testing
// signature schemes, strongest first, so that a server with any certificate
// (P-384, P-521, Ed25519, RSA-PSS, legacy SHA-1) answers. Client-order
// servers sign with the first one they support.
var offeredSignatureSchemes = []uint16{
	0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ecdsa_secp521r1_sha512
	0x0807, 0x0808, // ed25519, ed448
	0x081A, 0x081B, 0x081C, // ecdsa_brainpoolP256r1tls13_sha256 ... P512
	0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
	0x0809, 0x080A, 0x080B, // rsa_pss_pss_sha256/384/512
	0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
	0x0402, 0x0502, 0x0602, // dsa with SHA-256/384/512
	0x0303, 0x0301, 0x0302, // ecdsa/rsa/dsa with SHA-224
	0x0203, 0x0201, 0x0202, // ecdsa_sha1, rsa_pkcs1_sha1, dsa_sha1
	0x0709, 0x070A, 0x070B, 0x0708, // GOST 2012 256 A/B/C... and sm2sig_sm3
	0x0840, 0x0841, 0x0842, 0x0843, // gostr34102012 256/512 (TLS 1.2)
}

// groupOfferOrder is the order groups are offered in: hybrids and the
// usual curves first (as browsers do), legacy last. Groups the registry
// knows but this list misses are appended in code order.
var groupOfferOrder = []uint16{
	0x11EC, 0x11EB, 0x11ED, // X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024
	29, 23, 30, 24, 25, // x25519, secp256r1, x448, secp384r1, secp521r1
	31, 32, 33, 26, 27, 28, // brainpool tls13 variants, brainpool r1
	256, 257, 258, 259, 260, // ffdhe2048..8192
}

// offeredGroups lists the groups a hello for version v offers when it is
// not testing groups: every group the version can use.
func offeredGroups(v scanner.Version) []uint16 {
	var out []uint16
	seen := make(map[uint16]bool)
	add := func(g Group) {
		if seen[g.Code] {
			return
		}
		if v == scanner.TLSv13 && !g.TLS13 {
			return
		}
		if v != scanner.TLSv13 && !g.TLS12 && g.Kind != GroupFFDHE {
			return
		}
		seen[g.Code] = true
		out = append(out, g.Code)
	}
	for _, c := range groupOfferOrder {
		if g, ok := GroupByCode(c); ok {
			add(g)
		}
	}
	for _, g := range Groups {
		add(g)
	}
	return out
}

// suiteTier orders candidates so that the suites real servers implement
// fill the first hellos.
func suiteTier(cs CipherSuite) int {
	switch {
	case (cs.Kx == KxECDHE || cs.Kx == KxDHE || cs.Kx == KxRSA || cs.Kx == KxTLS13) &&
		(cs.Auth == AuthRSA || cs.Auth == AuthECDSA || cs.Auth == AuthDSS || cs.Auth == AuthTLS13) &&
		cs.Cipher != CipherGOST28147 && cs.Cipher != CipherKuznyechik && cs.Cipher != CipherMagma && cs.Cipher != CipherSM4:
		return 0
	case cs.Kx == KxPSK || cs.Kx == KxDHEPSK || cs.Kx == KxECDHEPSK || cs.Kx == KxRSAPSK || cs.Kx == KxSRP ||
		cs.Kx == KxKRB5 || cs.Kx == KxKRB5Export || cs.Kx == KxFortezza || cs.Kx == KxGOST || cs.Kx == KxECCPWD:
		return 2
	}
	return 1
}

// suiteCandidates lists every suite the registry allows in version v,
// without signalling values, most commonly implemented first.
func suiteCandidates(v scanner.Version) []uint16 {
	var out []CipherSuite
	for _, cs := range CipherSuites {
		if cs.Versions.Has(v) && cs.Code <= 0xFFFF && !IsSCSV(cs.Code) {
			out = append(out, cs)
		}
	}
	slices.SortStableFunc(out, func(a, b CipherSuite) int { return suiteTier(a) - suiteTier(b) })
	codes := make([]uint16, len(out))
	for i, cs := range out {
		codes[i] = uint16(cs.Code)
	}
	return codes
}

// sslv2Kinds lists every SSLv2 cipher kind of the registry.
func sslv2Kinds() []uint32 {
	var out []uint32
	for _, cs := range CipherSuites {
		if cs.Versions.Has(scanner.SSLv2) {
			out = append(out, uint32(cs.Code))
		}
	}
	return out
}

// helloSpec is what a probe hello asks.
type helloSpec struct {
	version scanner.Version
	suites  []uint16
	groups  []uint16 // nil: offeredGroups(version)

	// The extension and certificate probes vary these; the zero value is
	// the hello every enumeration sends.
	noSNI       bool     // no server_name even when the scan has a name
	schemes     []uint16 // signature_algorithms (TLS 1.2); nil: offeredSignatureSchemes
	schemesCert []uint16 // signature_algorithms_cert; nil: none
	alpn        []string
	heartbeat   bool
	mfl         uint8 // max_fragment_length code; 0: none
	deflate     bool  // offer DEFLATE before null
	scsv        bool  // TLS_FALLBACK_SCSV after the suites
	// after runs on the connection once a TLS 1.2 (or older) flight is
	// read up to ServerHelloDone: the known-flaw probes. Not part of the
	// hello's bytes.
	after afterFlight
}

// scsvFallback is TLS_FALLBACK_SCSV. RFC 7507, Section 2.
const scsvFallback uint16 = 0x5600

// helloBytes builds the records of a hello. Randomness is derived from the
// endpoint's seed and the hello's content, so a hello is byte-stable for a
// given Config.Rand whatever the order probes run in.
func (s *endpointScan) helloBytes(spec helloSpec) ([]byte, error) {
	groups := spec.groups
	if groups == nil {
		groups = offeredGroups(spec.version)
	}
	ch := &clientHello{
		vers:                         uint16(spec.version),
		random:                       make([]byte, 32),
		cipherSuites:                 spec.suites,
		compressionMethods:           []uint8{0},
		serverName:                   s.sni,
		supportedGroups:              groups,
		alpnProtocols:                spec.alpn,
		heartbeat:                    spec.heartbeat,
		maxFragmentLength:            spec.mfl,
		ecPointFormats:               []uint8{0},
		secureRenegotiationSupported: true,
		extendedMasterSecret:         true,
		encryptThenMAC:               true,
		sessionTicket:                true,
		statusRequest:                true,
		scts:                         true,
		pad:                          true,
	}
	if spec.noSNI {
		ch.serverName = ""
	}
	if spec.deflate {
		ch.compressionMethods = []uint8{1, 0}
	}
	if spec.scsv {
		ch.cipherSuites = append(slices.Clone(spec.suites), scsvFallback)
	}
	if spec.version >= scanner.TLSv12 {
		ch.signatureAlgorithms = offeredSignatureSchemes
		if spec.schemes != nil {
			ch.signatureAlgorithms = spec.schemes
		}
		ch.signatureAlgorithmsCert = spec.schemesCert
	}
	if spec.version == scanner.TLSv13 {
		ch.vers = uint16(scanner.TLSv12)
		ch.supportedVersions = []uint16{uint16(scanner.TLSv13)}
		ch.keyShareExt = true // and no share: the server answers HelloRetryRequest
		ch.sessionID = make([]byte, 32)
		ch.ecPointFormats = nil
		ch.encryptThenMAC = false
		ch.pskModes = []uint8{1}
	}
	unsalted, err := ch.marshal()
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, s.seed[:])
	mac.Write(unsalted)
	ch.random = mac.Sum(nil)
	if ch.sessionID != nil {
		mac.Write([]byte("session id"))
		ch.sessionID = mac.Sum(nil)
	}
	msg, err := ch.marshal()
	if err != nil {
		return nil, err
	}
	// Record version: SSLv3 for SSLv3 hellos, TLS 1.0 otherwise (what
	// clients have always sent; some servers reject anything higher).
	recVers := uint16(scanner.TLSv10)
	if spec.version == scanner.SSLv3 {
		recVers = uint16(scanner.SSLv3)
	}
	var buf bytesBuffer
	if err := writeRecords(&buf, recordHandshake, recVers, msg); err != nil {
		return nil, err
	}
	return buf.b, nil
}

// sslv2HelloBytes builds an SSLv2 CLIENT-HELLO offering every SSLv2 kind.
func (s *endpointScan) sslv2HelloBytes() ([]byte, error) {
	mac := hmac.New(sha256.New, s.seed[:])
	mac.Write([]byte("sslv2 challenge"))
	m := &sslv2ClientHello{vers: uint16(scanner.SSLv2), cipherSpecs: sslv2Kinds(), challenge: mac.Sum(nil)[:16]}
	return m.marshal()
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// extensionNames are the IANA names of TLS ExtensionType values a server
// may send.
var extensionNames = map[uint16]string{
	0: "server_name", 1: "max_fragment_length", 2: "client_certificate_url", 3: "trusted_ca_keys",
	4: "truncated_hmac", 5: "status_request", 6: "user_mapping", 7: "client_authz", 8: "server_authz",
	9: "cert_type", 10: "supported_groups", 11: "ec_point_formats", 12: "srp", 13: "signature_algorithms",
	14: "use_srtp", 15: "heartbeat", 16: "application_layer_protocol_negotiation", 17: "status_request_v2",
	18: "signed_certificate_timestamp", 19: "client_certificate_type", 20: "server_certificate_type",
	21: "padding", 22: "encrypt_then_mac", 23: "extended_master_secret", 24: "token_binding",
	25: "cached_info", 26: "tls_lts", 27: "compress_certificate", 28: "record_size_limit",
	29: "pwd_protect", 30: "pwd_clear", 31: "password_salt", 32: "ticket_pinning",
	33: "tls_cert_with_extern_psk", 34: "delegated_credential", 35: "session_ticket", 36: "TLMSP",
	37: "TLMSP_proxying", 38: "TLMSP_delegate", 39: "supported_ekt_ciphers", 41: "pre_shared_key",
	42: "early_data", 43: "supported_versions", 44: "cookie", 45: "psk_key_exchange_modes",
	47: "certificate_authorities", 48: "oid_filters", 49: "post_handshake_auth",
	50: "signature_algorithms_cert", 51: "key_share", 52: "transparency_info",
	53: "connection_id_deprecated", 54: "connection_id", 55: "external_id_hash", 56: "external_session_id",
	57: "quic_transport_parameters", 58: "ticket_request", 59: "dnssec_chain", 60: "sequence_number_encryption_algorithms",
	61: "rrc", 62: "tls_flags", 0xFE0D: "encrypted_client_hello", 0xFF01: "renegotiation_info",
}

// extensionName is the IANA name of an extension type, or its code.
func extensionName(t uint16) string {
	if n, ok := extensionNames[t]; ok {
		return n
	}
	return scanner.Code(t).String()
}
