package tlsprobe

import "github.com/cryptoscan/cryptoscan/scanner"

// Groups is every value of the IANA "TLS Supported Groups" registry (names
// verbatim), ordered by code. Reserved, GREASE (RFC 8701) and private-use
// values are not listed.
//
// TLS13 follows RFC 8446 Section 4.2.7 and the documents that added groups
// to TLS 1.3 (RFC 8734, 9367, 8998, the ML-KEM drafts); TLS12 is whether the
// group can be negotiated for TLS 1.2 (EC)DHE (RFC 8422, 7027, 7919, 9189).
// For the hybrids, Bits is the classical part; for the pure ML-KEM groups it
// is the module dimension (512, 768, 1024).
var Groups = []Group{
	{Code: 1, Name: "sect163k1", Kind: GroupECBinary, Bits: 163, TLS12: true},
	{Code: 2, Name: "sect163r1", Kind: GroupECBinary, Bits: 163, TLS12: true},
	{Code: 3, Name: "sect163r2", Kind: GroupECBinary, Bits: 163, TLS12: true},
	{Code: 4, Name: "sect193r1", Kind: GroupECBinary, Bits: 193, TLS12: true},
	{Code: 5, Name: "sect193r2", Kind: GroupECBinary, Bits: 193, TLS12: true},
	{Code: 6, Name: "sect233k1", Kind: GroupECBinary, Bits: 233, TLS12: true},
	{Code: 7, Name: "sect233r1", Kind: GroupECBinary, Bits: 233, TLS12: true},
	{Code: 8, Name: "sect239k1", Kind: GroupECBinary, Bits: 239, TLS12: true},
	{Code: 9, Name: "sect283k1", Kind: GroupECBinary, Bits: 283, TLS12: true},
	{Code: 10, Name: "sect283r1", Kind: GroupECBinary, Bits: 283, TLS12: true},
	{Code: 11, Name: "sect409k1", Kind: GroupECBinary, Bits: 409, TLS12: true},
	{Code: 12, Name: "sect409r1", Kind: GroupECBinary, Bits: 409, TLS12: true},
	{Code: 13, Name: "sect571k1", Kind: GroupECBinary, Bits: 571, TLS12: true},
	{Code: 14, Name: "sect571r1", Kind: GroupECBinary, Bits: 571, TLS12: true},
	{Code: 15, Name: "secp160k1", Kind: GroupECPrime, Bits: 160, TLS12: true},
	{Code: 16, Name: "secp160r1", Kind: GroupECPrime, Bits: 160, TLS12: true},
	{Code: 17, Name: "secp160r2", Kind: GroupECPrime, Bits: 160, TLS12: true},
	{Code: 18, Name: "secp192k1", Kind: GroupECPrime, Bits: 192, TLS12: true},
	{Code: 19, Name: "secp192r1", Kind: GroupECPrime, Bits: 192, TLS12: true},
	{Code: 20, Name: "secp224k1", Kind: GroupECPrime, Bits: 224, TLS12: true},
	{Code: 21, Name: "secp224r1", Kind: GroupECPrime, Bits: 224, TLS12: true},
	{Code: 22, Name: "secp256k1", Kind: GroupECPrime, Bits: 256, TLS12: true},
	{Code: 23, Name: "secp256r1", Kind: GroupECPrime, Bits: 256, TLS13: true, TLS12: true},
	{Code: 24, Name: "secp384r1", Kind: GroupECPrime, Bits: 384, TLS13: true, TLS12: true},
	{Code: 25, Name: "secp521r1", Kind: GroupECPrime, Bits: 521, TLS13: true, TLS12: true},
	{Code: 26, Name: "brainpoolP256r1", Kind: GroupECPrime, Bits: 256, TLS12: true}, // RFC 7027; TLS 1.3 uses 31–33
	{Code: 27, Name: "brainpoolP384r1", Kind: GroupECPrime, Bits: 384, TLS12: true},
	{Code: 28, Name: "brainpoolP512r1", Kind: GroupECPrime, Bits: 512, TLS12: true},
	{Code: 29, Name: "x25519", Kind: GroupECX, Bits: 255, TLS13: true, TLS12: true},
	{Code: 30, Name: "x448", Kind: GroupECX, Bits: 448, TLS13: true, TLS12: true},
	{Code: 31, Name: "brainpoolP256r1tls13", Kind: GroupECPrime, Bits: 256, TLS13: true}, // RFC 8734
	{Code: 32, Name: "brainpoolP384r1tls13", Kind: GroupECPrime, Bits: 384, TLS13: true},
	{Code: 33, Name: "brainpoolP512r1tls13", Kind: GroupECPrime, Bits: 512, TLS13: true},
	{Code: 34, Name: "GC256A", Kind: GroupGOST, Bits: 256, TLS13: true, TLS12: true}, // RFC 9189 (TLS 1.2), RFC 9367 (TLS 1.3)
	{Code: 35, Name: "GC256B", Kind: GroupGOST, Bits: 256, TLS13: true, TLS12: true},
	{Code: 36, Name: "GC256C", Kind: GroupGOST, Bits: 256, TLS13: true, TLS12: true},
	{Code: 37, Name: "GC256D", Kind: GroupGOST, Bits: 256, TLS13: true, TLS12: true},
	{Code: 38, Name: "GC512A", Kind: GroupGOST, Bits: 512, TLS13: true, TLS12: true},
	{Code: 39, Name: "GC512B", Kind: GroupGOST, Bits: 512, TLS13: true, TLS12: true},
	{Code: 40, Name: "GC512C", Kind: GroupGOST, Bits: 512, TLS13: true, TLS12: true},
	{Code: 41, Name: "curveSM2", Kind: GroupSM2, Bits: 256, TLS13: true}, // RFC 8998
	{Code: 256, Name: "ffdhe2048", Kind: GroupFFDHE, Bits: 2048, TLS13: true, TLS12: true},
	{Code: 257, Name: "ffdhe3072", Kind: GroupFFDHE, Bits: 3072, TLS13: true, TLS12: true},
	{Code: 258, Name: "ffdhe4096", Kind: GroupFFDHE, Bits: 4096, TLS13: true, TLS12: true},
	{Code: 259, Name: "ffdhe6144", Kind: GroupFFDHE, Bits: 6144, TLS13: true, TLS12: true},
	{Code: 260, Name: "ffdhe8192", Kind: GroupFFDHE, Bits: 8192, TLS13: true, TLS12: true},
	{Code: 0x0200, Name: "MLKEM512", Kind: GroupKEM, Bits: 512, TLS13: true}, // draft-connolly-tls-mlkem-key-agreement
	{Code: 0x0201, Name: "MLKEM768", Kind: GroupKEM, Bits: 768, TLS13: true},
	{Code: 0x0202, Name: "MLKEM1024", Kind: GroupKEM, Bits: 1024, TLS13: true},
	{Code: 0x11EB, Name: "SecP256r1MLKEM768", Kind: GroupHybrid, Bits: 256, TLS13: true}, // draft-ietf-tls-ecdhe-mlkem
	{Code: 0x11EC, Name: "X25519MLKEM768", Kind: GroupHybrid, Bits: 255, TLS13: true},
	{Code: 0x11ED, Name: "SecP384r1MLKEM1024", Kind: GroupHybrid, Bits: 384, TLS13: true},
	{Code: 0x11EE, Name: "curveSM2MLKEM768", Kind: GroupHybrid, Bits: 256, TLS13: true},         // draft-yang-tls-hybrid-sm2-mlkem
	{Code: 0x6399, Name: "X25519Kyber768Draft00", Kind: GroupHybrid, Bits: 255, TLS13: true},    // IANA: OBSOLETE (pre-standard Kyber)
	{Code: 0x639A, Name: "SecP256r1Kyber768Draft00", Kind: GroupHybrid, Bits: 256, TLS13: true}, // IANA: OBSOLETE (pre-standard Kyber)
	{Code: 0xFF01, Name: "arbitrary_explicit_prime_curves", Kind: GroupArbitrary, TLS12: true},  // RFC 8422: deprecated
	{Code: 0xFF02, Name: "arbitrary_explicit_char2_curves", Kind: GroupArbitrary, TLS12: true},  // RFC 8422: deprecated
}

// groupIndex maps a code to its position in Groups, for lookups only.
var groupIndex = func() map[uint16]int {
	m := make(map[uint16]int, len(Groups))
	for i, g := range Groups {
		m[g.Code] = i
	}
	return m
}()

// GroupByCode returns the registry entry of a supported_groups code point.
func GroupByCode(c uint16) (Group, bool) {
	i, ok := groupIndex[c]
	if !ok {
		return Group{}, false
	}
	return Groups[i], true
}

// GroupName returns the IANA name of c, or "0x%04X" when it is unknown.
func GroupName(c uint16) string {
	if g, ok := GroupByCode(c); ok {
		return g.Name
	}
	return scanner.Code(c).String()
}
