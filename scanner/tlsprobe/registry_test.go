package tlsprobe

import (
	"regexp"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

var (
	suiteNameRe  = regexp.MustCompile(`^(TLS|SSL)_[A-Z0-9]+(_([A-Z0-9]+|anon))*$`)
	groupNameRe  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	schemeNameRe = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*[a-z0-9]$`)
)

func TestRegistrySuitesWellFormed(t *testing.T) {
	if n := len(CipherSuites); n < 360 {
		t.Errorf("len(CipherSuites) = %d, want at least 360", n)
	}
	codes := map[scanner.Code]bool{}
	names := map[string]bool{}
	for i, cs := range CipherSuites {
		if codes[cs.Code] {
			t.Errorf("duplicate code %v", cs.Code)
		}
		codes[cs.Code] = true
		if names[cs.Name] {
			t.Errorf("duplicate name %s", cs.Name)
		}
		names[cs.Name] = true
		if !suiteNameRe.MatchString(cs.Name) {
			t.Errorf("%v: malformed name %q", cs.Code, cs.Name)
		}
		if i > 0 && CipherSuites[i-1].Code >= cs.Code {
			t.Errorf("%v (%s) is not after %v: the slice must be sorted by code", cs.Code, cs.Name, CipherSuites[i-1].Code)
		}
		if cs.Versions == 0 {
			t.Errorf("%s: no version", cs.Name)
		}
	}
}

// ianaSuiteRanges are the assigned values of the IANA TLS Cipher Suites
// registry; every one of them must be in the registry, marked IANA.
var ianaSuiteRanges = [][2]scanner.Code{
	{0x0000, 0x001B}, {0x001E, 0x0046}, {0x0067, 0x006D}, {0x0084, 0x00C7}, {0x00FF, 0x00FF},
	{0x1301, 0x1307}, {0x5600, 0x5600}, {0xC001, 0xC0B5}, {0xC100, 0xC106}, {0xCCA8, 0xCCAE},
	{0xD001, 0xD003}, {0xD005, 0xD005},
}

func TestRegistrySuitesIANACoverage(t *testing.T) {
	inRange := func(c scanner.Code) bool {
		for _, r := range ianaSuiteRanges {
			if r[0] <= c && c <= r[1] {
				return true
			}
		}
		return false
	}
	want := 0
	for _, r := range ianaSuiteRanges {
		for c := r[0]; c <= r[1]; c++ {
			want++
			cs, ok := SuiteByCode(c)
			if !ok {
				t.Errorf("IANA code point %v missing", c)
				continue
			}
			if !cs.IANA {
				t.Errorf("%v %s: IANA = false, want true", c, cs.Name)
			}
		}
	}
	got := 0
	for _, cs := range CipherSuites {
		if cs.IANA {
			got++
			if !inRange(cs.Code) {
				t.Errorf("%v %s: IANA = true outside the assigned ranges", cs.Code, cs.Name)
			}
		}
	}
	if got != want {
		t.Errorf("%d suites marked IANA, want %d", got, want)
	}
}

func TestSuiteSpotChecks(t *testing.T) {
	tests := []CipherSuite{
		{Code: 0x0000, Name: "TLS_NULL_WITH_NULL_NULL", Kx: KxNULL, Auth: AuthNULL, Cipher: CipherNULL, Mode: ModeNone, MAC: MACNULL, Versions: Legacy, IANA: true},
		{Code: 0x0003, Name: "TLS_RSA_EXPORT_WITH_RC4_40_MD5", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 40, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, Export: true, IANA: true},
		{Code: 0x0004, Name: "TLS_RSA_WITH_RC4_128_MD5", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 128, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, IANA: true},
		{Code: 0x000A, Name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, IANA: true},
		{Code: 0x0011, Name: "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", Kx: KxDHExport, Auth: AuthDSS, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
		{Code: 0x0018, Name: "TLS_DH_anon_WITH_RC4_128_MD5", Kx: KxDHE, Auth: AuthNULL, Cipher: CipherRC4, KeyBits: 128, Mode: ModeStream, MAC: MACMD5, Versions: Legacy, IANA: true},
		{Code: 0x001D, Name: "SSL_FORTEZZA_KEA_WITH_FORTEZZA_CBC_SHA", Kx: KxFortezza, Auth: AuthFortezza, Cipher: CipherFortezza, KeyBits: 80, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3},
		{Code: 0x0026, Name: "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", Kx: KxKRB5Export, Auth: AuthKRB5, Cipher: CipherDES, KeyBits: 40, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true, IANA: true},
		{Code: 0x0062, Name: "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", Kx: KxRSAExport, Auth: AuthRSA, Cipher: CipherDES, KeyBits: 56, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: Legacy, Export: true},
		{Code: 0x0081, Name: "TLS_GOSTR341001_WITH_28147_CNT_IMIT", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherGOST28147, KeyBits: 256, BlockBits: 64, Mode: ModeStream, MAC: MACGOSTIMIT, Versions: InTLS10 | InTLS11 | InTLS12},
		{Code: 0x009C, Name: "TLS_RSA_WITH_AES_128_GCM_SHA256", Kx: KxRSA, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0x00AF, Name: "TLS_PSK_WITH_AES_256_CBC_SHA384", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
		{Code: 0x00C6, Name: "TLS_SM4_GCM_SM3", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherSM4, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
		{Code: 0x00FF, Name: "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", Kx: KxNULL, Auth: AuthNULL, Cipher: CipherNULL, Mode: ModeNone, MAC: MACNULL, Versions: Legacy, IANA: true},
		{Code: 0x1301, Name: "TLS_AES_128_GCM_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
		{Code: 0x1303, Name: "TLS_CHACHA20_POLY1305_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherChaCha20, KeyBits: 256, Mode: ModePoly1305, MAC: MACAEAD, Versions: InTLS13, IANA: true},
		{Code: 0x1305, Name: "TLS_AES_128_CCM_8_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: InTLS13, IANA: true},
		{Code: 0x1306, Name: "TLS_AEGIS_256_SHA384", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherAEGIS, KeyBits: 256, Mode: ModeAEGIS, MAC: MACAEAD, Versions: InTLS13, IANA: true},
		{Code: 0x5600, Name: "TLS_FALLBACK_SCSV", Kx: KxNULL, Auth: AuthNULL, Cipher: CipherNULL, Mode: ModeNone, MAC: MACNULL, Versions: Legacy, IANA: true},
		{Code: 0xC02F, Name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0xC014, Name: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherAES, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
		{Code: 0xC01B, Name: "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", Kx: KxSRP, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: TLSLegacy, IANA: true},
		{Code: 0xC05C, Name: "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherARIA, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0xC077, Name: "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherCamellia, KeyBits: 256, BlockBits: 128, Mode: ModeCBC, MAC: MACSHA384, Versions: TLS12Only, IANA: true},
		{Code: 0xC0A8, Name: "TLS_PSK_WITH_AES_128_CCM_8", Kx: KxPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM8, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0xC0B0, Name: "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", Kx: KxECCPWD, Auth: AuthECCPWD, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeGCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0xC0B4, Name: "TLS_SHA256_SHA256", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherNULL, Mode: ModeNone, MAC: MACSHA256, Versions: InTLS13, IANA: true},
		{Code: 0xC100, Name: "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherKuznyechik, KeyBits: 256, BlockBits: 128, Mode: ModeCTROMAC, MAC: MACOMAC, Versions: TLS12Only, IANA: true},
		{Code: 0xC104, Name: "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", Kx: KxTLS13, Auth: AuthTLS13, Cipher: CipherMagma, KeyBits: 256, BlockBits: 64, Mode: ModeMGM, MAC: MACAEAD, Versions: InTLS13, IANA: true},
		{Code: 0xCC14, Name: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256_OLD", Kx: KxECDHE, Auth: AuthECDSA, Cipher: CipherChaCha20, KeyBits: 256, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only},
		{Code: 0xCCA8, Name: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Kx: KxECDHE, Auth: AuthRSA, Cipher: CipherChaCha20, KeyBits: 256, Mode: ModePoly1305, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0xD005, Name: "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", Kx: KxECDHEPSK, Auth: AuthPSK, Cipher: CipherAES, KeyBits: 128, BlockBits: 128, Mode: ModeCCM, MAC: MACAEAD, Versions: TLS12Only, IANA: true},
		{Code: 0xFEFF, Name: "SSL_RSA_FIPS_WITH_3DES_EDE_CBC_SHA", Kx: KxRSA, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACSHA1, Versions: InSSLv3},
		{Code: 0xFF87, Name: "TLS_GOST2012_NULL_GOST12", Kx: KxGOST, Auth: AuthGOST, Cipher: CipherNULL, Mode: ModeNone, MAC: MACStreebog, Versions: InTLS10 | InTLS11 | InTLS12},
		{Code: 0x020080, Name: "SSL_CK_RC4_128_EXPORT40_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 40, Mode: ModeStream, MAC: MACMD5, Versions: InSSLv2, Export: true},
		{Code: 0x0700C0, Name: "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: Cipher3DES, KeyBits: 112, BlockBits: 64, Mode: ModeCBC, MAC: MACMD5, Versions: InSSLv2},
		{Code: 0x080080, Name: "SSL_CK_RC4_64_WITH_MD5", Kx: KxSSLv2, Auth: AuthRSA, Cipher: CipherRC4, KeyBits: 64, Mode: ModeStream, MAC: MACMD5, Versions: InSSLv2},
	}
	for _, want := range tests {
		t.Run(want.Name, func(t *testing.T) {
			got, ok := SuiteByCode(want.Code)
			if !ok {
				t.Fatalf("SuiteByCode(%v) not found", want.Code)
			}
			if got != want {
				t.Errorf("SuiteByCode(%v)\n got  %+v\n want %+v", want.Code, got, want)
			}
		})
	}
}

func TestSuiteInvariants(t *testing.T) {
	aead := map[Mode]bool{ModeGCM: true, ModeCCM: true, ModeCCM8: true, ModePoly1305: true, ModeMGM: true, ModeAEGIS: true}
	belowTLS12 := []scanner.Version{scanner.SSLv2, scanner.SSLv3, scanner.TLSv10, scanner.TLSv11}
	for _, cs := range CipherSuites {
		if aead[cs.Mode] != (cs.MAC == MACAEAD) {
			t.Errorf("%s: mode %d and MAC %d disagree on AEAD", cs.Name, cs.Mode, cs.MAC)
		}
		if cs.MAC == MACAEAD || cs.MAC == MACSHA256 || cs.MAC == MACSHA384 {
			for _, v := range belowTLS12 {
				if cs.Versions.Has(v) {
					t.Errorf("%s: AEAD or SHA-2 MAC but usable in %v", cs.Name, v)
				}
			}
		}
		if cs.Export && cs.KeyBits > 56 {
			t.Errorf("%s: export with %d key bits", cs.Name, cs.KeyBits)
		}
		tls13 := cs.Versions.Has(scanner.TLSv13)
		if tls13 != (cs.Kx == KxTLS13) || tls13 != (cs.Auth == AuthTLS13) {
			t.Errorf("%s: TLS 1.3 = %v but Kx %d, Auth %d", cs.Name, tls13, cs.Kx, cs.Auth)
		}
		if tls13 && cs.Versions != InTLS13 {
			t.Errorf("%s: a TLS 1.3 suite usable in other versions", cs.Name)
		}
		sslv2 := cs.Versions.Has(scanner.SSLv2)
		if sslv2 != (cs.Kx == KxSSLv2) || sslv2 != (cs.Code > 0xFFFF) || (sslv2 && cs.Versions != InSSLv2) {
			t.Errorf("%s: SSLv2 kinds must be three-byte codes with KxSSLv2 and only SSLv2", cs.Name)
		}
		if cs.IANA && cs.Code > 0xFFFF {
			t.Errorf("%s: three-byte code marked IANA", cs.Name)
		}
		if cs.Mode == ModeCBC && (cs.BlockBits <= 0 || cs.KeyBits <= 0) {
			t.Errorf("%s: CBC with BlockBits %d, KeyBits %d", cs.Name, cs.BlockBits, cs.KeyBits)
		}
		if (cs.Cipher == CipherNULL) != (cs.Mode == ModeNone) || (cs.Cipher == CipherNULL) != (cs.KeyBits == 0) {
			t.Errorf("%s: NULL cipher, ModeNone and zero key bits must go together", cs.Name)
		}
		if cs.Cipher == CipherNULL && cs.BlockBits != 0 {
			t.Errorf("%s: NULL cipher with a block size", cs.Name)
		}
		if (cs.Cipher == CipherRC4 || cs.Cipher == CipherChaCha20) && cs.BlockBits != 0 {
			t.Errorf("%s: stream cipher with a block size", cs.Name)
		}
		if cs.Cipher == Cipher3DES && cs.KeyBits != 112 {
			t.Errorf("%s: 3DES with %d key bits, want 112", cs.Name, cs.KeyBits)
		}
		if (cs.Cipher == CipherAES || cs.Cipher == CipherCamellia || cs.Cipher == CipherARIA) &&
			(cs.BlockBits != 128 || (cs.KeyBits != 128 && cs.KeyBits != 256)) {
			t.Errorf("%s: 128-bit block cipher with BlockBits %d, KeyBits %d", cs.Name, cs.BlockBits, cs.KeyBits)
		}
		if (cs.Cipher == CipherDES || cs.Cipher == Cipher3DES || cs.Cipher == CipherIDEA || cs.Cipher == CipherRC2) && cs.BlockBits != 64 {
			t.Errorf("%s: 64-bit block cipher with BlockBits %d", cs.Name, cs.BlockBits)
		}
		if cs.Auth == AuthNULL && cs.Kx != KxNULL && cs.Kx != KxDHE && cs.Kx != KxDHExport && cs.Kx != KxECDHE {
			t.Errorf("%s: anonymous with key exchange %d", cs.Name, cs.Kx)
		}
	}
}

func TestIsSCSV(t *testing.T) {
	var got []scanner.Code
	for _, cs := range CipherSuites {
		if IsSCSV(cs.Code) {
			got = append(got, cs.Code)
			if cs.Kx != KxNULL || cs.Cipher != CipherNULL {
				t.Errorf("%s: a signalling value must carry KxNULL and CipherNULL", cs.Name)
			}
		}
	}
	if len(got) != 2 || got[0] != 0x00FF || got[1] != 0x5600 {
		t.Errorf("SCSVs = %v, want [0x00FF 0x5600]", got)
	}
	if IsSCSV(0xC02F) || IsSCSV(0x0000) {
		t.Error("IsSCSV true for a real suite")
	}
}

func TestSuiteName(t *testing.T) {
	tests := []struct {
		code scanner.Code
		want string
	}{
		{0x1234, "0x1234"},
		{0x0047, "0x0047"},
		{0xFFFF, "0xFFFF"},
		{0x090080, "0x090080"},
		{0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"},
		{0x010080, "SSL_CK_RC4_128_WITH_MD5"},
		{0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
		{0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5"},
		{0x5600, "TLS_FALLBACK_SCSV"},
	}
	for _, tt := range tests {
		if got := SuiteName(tt.code); got != tt.want {
			t.Errorf("SuiteName(%#x) = %q, want %q", uint32(tt.code), got, tt.want)
		}
	}
	if _, ok := SuiteByCode(0x1234); ok {
		t.Error("SuiteByCode(0x1234) found an unassigned code")
	}
}

func TestRegistryGroupsWellFormed(t *testing.T) {
	codes := map[uint16]bool{}
	names := map[string]bool{}
	for i, g := range Groups {
		if codes[g.Code] || names[g.Name] {
			t.Errorf("duplicate group %d %s", g.Code, g.Name)
		}
		codes[g.Code], names[g.Name] = true, true
		if !groupNameRe.MatchString(g.Name) {
			t.Errorf("%d: malformed name %q", g.Code, g.Name)
		}
		if i > 0 && Groups[i-1].Code >= g.Code {
			t.Errorf("group %d (%s) is not after %d", g.Code, g.Name, Groups[i-1].Code)
		}
		if !g.TLS12 && !g.TLS13 {
			t.Errorf("%s: usable in no version", g.Name)
		}
		if g.Kind == GroupECBinary && g.TLS13 {
			t.Errorf("%s: binary curves are not allowed in TLS 1.3", g.Name)
		}
		if (g.Kind == GroupKEM || g.Kind == GroupHybrid) && (g.TLS12 || !g.TLS13) {
			t.Errorf("%s: post-quantum groups are TLS 1.3 only", g.Name)
		}
		if g.Kind != GroupArbitrary && g.Bits <= 0 {
			t.Errorf("%s: no size", g.Name)
		}
	}
	for c := uint16(1); c <= 41; c++ {
		if !codes[c] {
			t.Errorf("IANA group %d missing", c)
		}
	}
	for c := uint16(256); c <= 260; c++ {
		if !codes[c] {
			t.Errorf("IANA group %d missing", c)
		}
	}
}

func TestGroupSpotChecks(t *testing.T) {
	tests := []Group{
		{Code: 1, Name: "sect163k1", Kind: GroupECBinary, Bits: 163, TLS12: true},
		{Code: 21, Name: "secp224r1", Kind: GroupECPrime, Bits: 224, TLS12: true},
		{Code: 23, Name: "secp256r1", Kind: GroupECPrime, Bits: 256, TLS13: true, TLS12: true},
		{Code: 25, Name: "secp521r1", Kind: GroupECPrime, Bits: 521, TLS13: true, TLS12: true},
		{Code: 26, Name: "brainpoolP256r1", Kind: GroupECPrime, Bits: 256, TLS12: true},
		{Code: 29, Name: "x25519", Kind: GroupECX, Bits: 255, TLS13: true, TLS12: true},
		{Code: 30, Name: "x448", Kind: GroupECX, Bits: 448, TLS13: true, TLS12: true},
		{Code: 33, Name: "brainpoolP512r1tls13", Kind: GroupECPrime, Bits: 512, TLS13: true},
		{Code: 38, Name: "GC512A", Kind: GroupGOST, Bits: 512, TLS13: true, TLS12: true},
		{Code: 41, Name: "curveSM2", Kind: GroupSM2, Bits: 256, TLS13: true},
		{Code: 256, Name: "ffdhe2048", Kind: GroupFFDHE, Bits: 2048, TLS13: true, TLS12: true},
		{Code: 260, Name: "ffdhe8192", Kind: GroupFFDHE, Bits: 8192, TLS13: true, TLS12: true},
		{Code: 0x0201, Name: "MLKEM768", Kind: GroupKEM, Bits: 768, TLS13: true},
		{Code: 0x11EB, Name: "SecP256r1MLKEM768", Kind: GroupHybrid, Bits: 256, TLS13: true},
		{Code: 0x11EC, Name: "X25519MLKEM768", Kind: GroupHybrid, Bits: 255, TLS13: true},
		{Code: 0x11ED, Name: "SecP384r1MLKEM1024", Kind: GroupHybrid, Bits: 384, TLS13: true},
		{Code: 0x6399, Name: "X25519Kyber768Draft00", Kind: GroupHybrid, Bits: 255, TLS13: true},
		{Code: 0xFF02, Name: "arbitrary_explicit_char2_curves", Kind: GroupArbitrary, TLS12: true},
	}
	for _, want := range tests {
		got, ok := GroupByCode(want.Code)
		if !ok || got != want {
			t.Errorf("GroupByCode(%#04x) = %+v, %v; want %+v", want.Code, got, ok, want)
		}
		if n := GroupName(want.Code); n != want.Name {
			t.Errorf("GroupName(%#04x) = %q, want %q", want.Code, n, want.Name)
		}
	}
	if n := GroupName(0x0A0A); n != "0x0A0A" {
		t.Errorf("GroupName(GREASE) = %q, want 0x0A0A", n)
	}
}

func TestRegistrySchemesWellFormed(t *testing.T) {
	codes := map[uint16]bool{}
	names := map[string]bool{}
	for i, s := range SignatureSchemes {
		if codes[s.Code] || names[s.Name] {
			t.Errorf("duplicate scheme %#04x %s", s.Code, s.Name)
		}
		codes[s.Code], names[s.Name] = true, true
		if !schemeNameRe.MatchString(s.Name) {
			t.Errorf("%#04x: malformed name %q", s.Code, s.Name)
		}
		if i > 0 && SignatureSchemes[i-1].Code >= s.Code {
			t.Errorf("scheme %#04x (%s) is not after %#04x", s.Code, s.Name, SignatureSchemes[i-1].Code)
		}
		weakHash := s.Hash == HashMD5 || s.Hash == HashSHA1 || s.Hash == HashSHA224
		if s.TLS13 && (weakHash || s.Sig == SigDSA || s.Sig == SigAnonymous) {
			t.Errorf("%s: not allowed in TLS 1.3 CertificateVerify", s.Name)
		}
		if s.Curve != 0 {
			g, ok := GroupByCode(s.Curve)
			if s.Sig != SigECDSA || !s.TLS13 || !ok || !g.TLS13 {
				t.Errorf("%s: curve %d must be a TLS 1.3 group of a TLS 1.3 ECDSA scheme", s.Name, s.Curve)
			}
		}
		if s.Sig == SigECDSA && s.TLS13 && s.Curve == 0 {
			t.Errorf("%s: a TLS 1.3 ECDSA scheme is bound to a curve", s.Name)
		}
		// TLS 1.2 pairs: the low byte is the SignatureAlgorithm.
		if s.Code < 0x0700 {
			want := map[SigAlg]uint16{SigRSAPKCS1: 1, SigDSA: 2, SigECDSA: 3}[s.Sig]
			if s.Code&0xFF != want && s.Code&0xFF != 0x20 {
				t.Errorf("%s: code %#04x does not match signature algorithm %d", s.Name, s.Code, s.Sig)
			}
		}
	}
}

func TestSchemeSpotChecks(t *testing.T) {
	tests := []SignatureScheme{
		{Code: 0x0101, Name: "rsa_pkcs1_md5", Sig: SigRSAPKCS1, Hash: HashMD5},
		{Code: 0x0201, Name: "rsa_pkcs1_sha1", Sig: SigRSAPKCS1, Hash: HashSHA1},
		{Code: 0x0202, Name: "dsa_sha1", Sig: SigDSA, Hash: HashSHA1},
		{Code: 0x0203, Name: "ecdsa_sha1", Sig: SigECDSA, Hash: HashSHA1},
		{Code: 0x0303, Name: "ecdsa_sha224", Sig: SigECDSA, Hash: HashSHA224},
		{Code: 0x0401, Name: "rsa_pkcs1_sha256", Sig: SigRSAPKCS1, Hash: HashSHA256},
		{Code: 0x0403, Name: "ecdsa_secp256r1_sha256", Sig: SigECDSA, Hash: HashSHA256, Curve: 23, TLS13: true},
		{Code: 0x0420, Name: "rsa_pkcs1_sha256_legacy", Sig: SigRSAPKCS1, Hash: HashSHA256, TLS13: true},
		{Code: 0x0602, Name: "dsa_sha512", Sig: SigDSA, Hash: HashSHA512},
		{Code: 0x0708, Name: "sm2sig_sm3", Sig: SigSM2, Hash: HashSM3, TLS13: true},
		{Code: 0x070D, Name: "gostr34102012_512a", Sig: SigGOST, Hash: HashStreebog512, TLS13: true},
		{Code: 0x0804, Name: "rsa_pss_rsae_sha256", Sig: SigRSAPSSRSAE, Hash: HashSHA256, TLS13: true},
		{Code: 0x0807, Name: "ed25519", Sig: SigEd25519, TLS13: true},
		{Code: 0x080B, Name: "rsa_pss_pss_sha512", Sig: SigRSAPSSPSS, Hash: HashSHA512, TLS13: true},
		{Code: 0x081A, Name: "ecdsa_brainpoolP256r1tls13_sha256", Sig: SigECDSA, Hash: HashSHA256, Curve: 31, TLS13: true},
		{Code: 0x0905, Name: "mldsa65", Sig: SigMLDSA, TLS13: true},
	}
	for _, want := range tests {
		got, ok := SchemeByCode(want.Code)
		if !ok || got != want {
			t.Errorf("SchemeByCode(%#04x) = %+v, %v; want %+v", want.Code, got, ok, want)
		}
		if n := SchemeName(want.Code); n != want.Name {
			t.Errorf("SchemeName(%#04x) = %q, want %q", want.Code, n, want.Name)
		}
	}
	if n := SchemeName(0x1234); n != "0x1234" {
		t.Errorf("SchemeName(0x1234) = %q, want 0x1234", n)
	}
}

// TestRegistryTLSOnlyFamilies: ECC, PSK and SRP suites are defined for TLS
// only (RFC 4492, 4279, 5054), so SSLv3 hellos never offer them; the other
// pre-TLS 1.2 suites keep SSLv3.
func TestRegistryTLSOnlyFamilies(t *testing.T) {
	tlsOnly := map[KeyExchange]bool{KxECDH: true, KxECDHE: true, KxPSK: true, KxDHEPSK: true, KxECDHEPSK: true, KxRSAPSK: true, KxSRP: true}
	for _, cs := range CipherSuites {
		if tlsOnly[cs.Kx] && cs.Versions.Has(scanner.SSLv3) {
			t.Errorf("%s (0x%04X) is allowed in SSLv3", cs.Name, uint32(cs.Code))
		}
	}
	for _, c := range []scanner.Code{0x0005, 0x002F, 0x0039, 0x0041} {
		if cs, _ := SuiteByCode(c); !cs.Versions.Has(scanner.SSLv3) {
			t.Errorf("%s not allowed in SSLv3", cs.Name)
		}
	}
	if cs, _ := SuiteByCode(0xC013); cs.Versions != TLSLegacy {
		t.Errorf("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA versions %b, want TLS 1.0-1.2", cs.Versions)
	}
	if n := len(suiteCandidates(scanner.SSLv3)); n > maxSuitesPerHello {
		t.Errorf("%d SSLv3 candidates need more than one hello", n)
	}
}
