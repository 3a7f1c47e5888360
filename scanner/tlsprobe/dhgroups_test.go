package tlsprobe

import (
	"math/big"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// dhSubgroups lists the table's primes that are not safe primes: DSA-style
// groups whose generator g has prime order q, a divisor of p-1. Every other
// table prime must be a safe prime.
var dhSubgroups = map[string]struct{ q, g string }{
	// RFC 5114, Section 2.1
	"RFC 5114 1024-bit MODP with 160-bit subgroup": {
		q: `
			F518AA87 81A8DF27 8ABA4E7D 64B7CB9D 49462353`,
		g: `
			A4D1CBD5 C3FD3412 6765A442 EFB99905 F8104DD2 58AC507F
			D6406CFF 14266D31 266FEA1E 5C41564B 777E690F 5504F213
			160217B4 B01B886A 5E91547F 9E2749F4 D7FBD7D3 B9A92EE1
			909D0D22 63F80A76 A6A24C08 7A091F53 1DBF0A01 69B6A28A
			D662A4D1 8E73AFA3 2D779D59 18D08BC8 858F4DCE F97C2A24
			855E6EEB 22B3B2E5`,
	},
	// RFC 5114, Section 2.2
	"RFC 5114 2048-bit MODP with 224-bit subgroup": {
		q: `
			801C0D34 C58D93FE 99717710 1F80535A 4738CEBC BF389A99
			B36371EB`,
		g: `
			AC4032EF 4F2D9AE3 9DF30B5C 8FFDAC50 6CDEBE7B 89998CAF
			74866A08 CFE4FFE3 A6824A4E 10B9A6F0 DD921F01 A70C4AFA
			AB739D77 00C29F52 C57DB17C 620A8652 BE5E9001 A8D66AD7
			C1766910 1999024A F4D02727 5AC1348B B8A762D0 521BC98A
			E2471504 22EA1ED4 09939D54 DA7460CD B5F6C6B2 50717CBE
			F180EB34 118E98D1 19529A45 D6F83456 6E3025E3 16A330EF
			BB77A86F 0C1AB15B 051AE3D4 28C8F8AC B70A8137 150B8EEB
			10E183ED D19963DD D9E263E4 770589EF 6AA21E7F 5F2FF381
			B539CCE3 409D13CD 566AFBB4 8D6C0191 81E1BCFE 94B30269
			EDFE72FE 9B6AA4BD 7B5A0F1C 71CFFF4C 19C418E1 F6EC0179
			81BC087F 2A7065B3 84B890D3 191F2BFA`,
	},
	// RFC 5114, Section 2.3
	"RFC 5114 2048-bit MODP with 256-bit subgroup": {
		q: `
			8CF83642 A709A097 B4479976 40129DA2 99B1A47D 1EB3750B
			A308B0FE 64F5FBD3`,
		g: `
			3FB32C9B 73134D0B 2E775066 60EDBD48 4CA7B18F 21EF2054
			07F4793A 1A0BA125 10DBC150 77BE463F FF4FED4A AC0BB555
			BE3A6C1B 0C6B47B1 BC3773BF 7E8C6F62 901228F8 C28CBB18
			A55AE313 41000A65 0196F931 C77A57F2 DDF463E5 E9EC144B
			777DE62A AAB8A862 8AC376D2 82D6ED38 64E67982 428EBC83
			1D14348F 6F2F9193 B5045AF2 767164E1 DFC967C1 FB3F2E55
			A4BD1BFF E83B9C80 D052B985 D182EA0A DB2A3B73 13D3FE14
			C8484B1E 052588B9 B7D2BBD2 DF016199 ECD06E15 57CD0915
			B3353BBB 64E0EC37 7FD02837 0DF92B52 C7891428 CDC67EB6
			184B523D 1DB246C3 2F630784 90F00EF8 D647D148 D4795451
			5E2327CF EF98C582 664B4C0F 6CC41659`,
	},
	// OpenJDK, sun/security/provider/ParameterCache.java: q512, g512, q768,
	// g768, q1024, g1024.
	"Java 512-bit DSA group with 160-bit subgroup": {
		q: `
			962EDDCC 369CBA8E BB260EE6 B6A126D9 346E38C5`,
		g: `
			678471B2 7A9CF44E E91A49C5 147DB1A9 AAF244F0 5A434D64
			86931D2D 14271B9E 35030B71 FD73DA17 9069B32E 2935630E
			1C206235 4D0DA20A 6C416E50 BE794CA4`,
	},
	"Java 768-bit DSA group with 160-bit subgroup": {
		q: `
			9CDBD84C 9F1AC2F3 8D0F80F4 2AB952E7 338BF511`,
		g: `
			30470AD5 A005FB14 CE2D9DCD 87E38BC7 D1B1C5FA CBAECBE9
			5F190AA7 A31D23C4 DBBCBE06 17454440 1A5B2C02 0965D8C2
			BD2171D3 66844577 1F74BA08 4D2029D8 3C1C1585 47F3A9F1
			A2715BE2 3D51AE4D 3E5A1F6A 7064F316 933A346D 3F529252`,
	},
	"Java 1024-bit DSA group with 160-bit subgroup": {
		q: `
			9760508F 15230BCC B292B982 A2EB840B F0581CF5`,
		g: `
			F7E1A085 D69B3DDE CBBCAB5C 36B857B9 7994AFBB FA3AEA82
			F9574C0B 3D078267 5159578E BAD4594F E6710710 8180B449
			167123E8 4C281613 B7CF0932 8CC8A6E1 3C167A8B 547C8D28
			E0A3AE1E 2BB3A675 916EA37F 0BFA2135 62F1FB62 7A01243B
			CCA4F1BE A8519089 A883DFE1 5AE59F06 928B665E 807B5525
			64014C3B FECF492A`,
	},
}

// dhFormulas are the defining formulas of the RFC 2409, 3526 and 7919
// primes, with the offsets printed in each RFC:
//
//	RFC 2409, 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + k)
//	RFC 7919:       p = 2^b - 2^(b-64) + 2^64 * ([2^(b-130) e] + X) - 1
var dhFormulas = []struct {
	name   string
	bits   uint
	useE   bool // e (RFC 7919) rather than pi
	offset int64
}{
	{"RFC 2409 group 1 (768-bit MODP)", 768, false, 149686},    // RFC 2409, Section 6.1
	{"RFC 2409 group 2 (1024-bit MODP)", 1024, false, 129093},  // RFC 2409, Section 6.2
	{"RFC 3526 group 5 (1536-bit MODP)", 1536, false, 741804},  // RFC 3526, Section 2
	{"RFC 3526 group 14 (2048-bit MODP)", 2048, false, 124476}, // RFC 3526, Section 3
	{"RFC 3526 group 15 (3072-bit MODP)", 3072, false, 1690314},
	{"RFC 3526 group 16 (4096-bit MODP)", 4096, false, 240904},
	{"RFC 3526 group 17 (6144-bit MODP)", 6144, false, 929484},
	{"RFC 3526 group 18 (8192-bit MODP)", 8192, false, 4743158},
	{"ffdhe2048", 2048, true, 560316}, // RFC 7919, Appendix A.1
	{"ffdhe3072", 3072, true, 2625351},
	{"ffdhe4096", 4096, true, 5736041},
	{"ffdhe6144", 6144, true, 15705020},
	{"ffdhe8192", 8192, true, 10965728},
}

// dhTablePrime returns the table's prime for name.
func dhTablePrime(t *testing.T, name string) *big.Int {
	t.Helper()
	for _, d := range dhPrimes {
		if d.name == name {
			p, ok := parseDHPrime(d.hex)
			if !ok {
				t.Fatalf("%s: malformed hex", name)
			}
			return p
		}
	}
	t.Fatalf("%s: not in dhPrimes", name)
	return nil
}

func mustHex(t *testing.T, s string) *big.Int {
	t.Helper()
	n, ok := parseDHPrime(s)
	if !ok {
		t.Fatalf("malformed hex %q", s)
	}
	return n
}

var (
	dhNameBitsRE     = regexp.MustCompile(`(\d+)-bit`)
	dhSubgroupBitsRE = regexp.MustCompile(`(\d+)-bit subgroup`)
	ffdheNameRE      = regexp.MustCompile(`^ffdhe(\d+)$`)
)

// dhNameBits is the modulus size a table name announces.
func dhNameBits(name string) (int, bool) {
	m := ffdheNameRE.FindStringSubmatch(name)
	if m == nil {
		m = dhNameBitsRE.FindStringSubmatch(name)
	}
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

func TestDHPrimeTable(t *testing.T) {
	if len(dhPrimes) == 0 {
		t.Fatal("empty table")
	}
	names := make(map[string]bool)
	primes := make(map[string]string)
	for _, d := range dhPrimes {
		if d.name == "" || strings.TrimSpace(d.name) != d.name {
			t.Errorf("bad name %q", d.name)
		}
		if names[d.name] {
			t.Errorf("%s: listed twice", d.name)
		}
		names[d.name] = true
		p, ok := parseDHPrime(d.hex)
		if !ok {
			t.Errorf("%s: malformed hex", d.name)
			continue
		}
		if other, dup := primes[string(p.Bytes())]; dup {
			t.Errorf("%s: same prime as %s", d.name, other)
		}
		primes[string(p.Bytes())] = d.name
		want, ok := dhNameBits(d.name)
		if !ok {
			t.Errorf("%s: name does not give the modulus size", d.name)
			continue
		}
		if got := p.BitLen(); got != want {
			t.Errorf("%s: prime has %d bits, name says %d", d.name, got, want)
		}
		// The RFC and FIPS generation methods, and OpenSSL's, set the top bit
		// and the bottom bit; a digit lost or doubled at either end shows here.
		if p.BitLen()%8 != 0 || p.Bit(0) != 1 {
			t.Errorf("%s: not an odd number of whole bytes", d.name)
		}
	}
	if len(dhPrimeNames()) != len(dhPrimes) {
		t.Errorf("lookup map has %d entries, table %d", len(dhPrimeNames()), len(dhPrimes))
	}
	for name := range dhSubgroups {
		if !names[name] {
			t.Errorf("dhSubgroups: %s is not in dhPrimes", name)
		}
	}
}

// TestDHPrimesArePrime checks that every table entry is a prime and, except
// the DSA-style groups of dhSubgroups, a safe prime ((p-1)/2 prime). A
// mistyped digit fails it with overwhelming probability.
func TestDHPrimesArePrime(t *testing.T) {
	for _, d := range dhPrimes {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			p := dhTablePrime(t, d.name)
			if testing.Short() && p.BitLen() > 4096 {
				// About 20 s of CPU; TestDHNothingUpMySleeve still pins every digit.
				t.Skip("large prime in -short mode")
			}
			if !p.ProbablyPrime(20) {
				t.Fatalf("%s is not prime", d.name)
			}
			if _, dsa := dhSubgroups[d.name]; dsa {
				return
			}
			q := new(big.Int).Rsh(p, 1) // (p-1)/2, p odd
			if !q.ProbablyPrime(20) {
				t.Errorf("%s is not a safe prime: (p-1)/2 is composite", d.name)
			}
		})
	}
	// RFC 2409, 3526 and 7919 define safe primes; none may hide in dhSubgroups.
	for _, f := range dhFormulas {
		if _, dsa := dhSubgroups[f.name]; dsa {
			t.Errorf("%s is exempted from the safe-prime check", f.name)
		}
	}
}

// TestDHSubgroups checks the DSA-style groups: q is a prime of the size the
// name gives, q divides p-1, and g generates a subgroup of order q.
func TestDHSubgroups(t *testing.T) {
	one := big.NewInt(1)
	for name, sg := range dhSubgroups {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := dhTablePrime(t, name)
			q, g := mustHex(t, sg.q), mustHex(t, sg.g)
			if !q.ProbablyPrime(20) {
				t.Errorf("q is not prime")
			}
			m := dhSubgroupBitsRE.FindStringSubmatch(name)
			if m == nil {
				t.Fatalf("name does not give the subgroup size")
			}
			if want, _ := strconv.Atoi(m[1]); q.BitLen() != want {
				t.Errorf("q has %d bits, name says %d", q.BitLen(), want)
			}
			pm1 := new(big.Int).Sub(p, one)
			if new(big.Int).Mod(pm1, q).Sign() != 0 {
				t.Errorf("q does not divide p-1")
			}
			if g.Cmp(one) <= 0 || g.Cmp(pm1) >= 0 {
				t.Fatalf("g out of range")
			}
			if new(big.Int).Exp(g, q, p).Cmp(one) != 0 {
				t.Errorf("g^q != 1 mod p")
			}
		})
	}
}

// dhFixedPoint returns an approximation of x * 2^bits, within a few units,
// from terms(scale) computing x * scale for scale = 2^(bits+guard).
func dhFixedPoint(bits uint, terms func(scale *big.Int) *big.Int) *big.Int {
	const guard = 64
	scale := new(big.Int).Lsh(big.NewInt(1), bits+guard)
	return new(big.Int).Rsh(terms(scale), guard)
}

// dhArctanInv returns arctan(1/x) * scale: sum of (-1)^k / ((2k+1) x^(2k+1)),
// each term truncated.
func dhArctanInv(x int64, scale *big.Int) *big.Int {
	x2 := big.NewInt(x * x)
	power := new(big.Int).Quo(scale, big.NewInt(x)) // scale / x^(2k+1)
	sum := new(big.Int).Set(power)
	term := new(big.Int)
	for k := int64(1); power.Sign() != 0; k++ {
		power.Quo(power, x2)
		term.Quo(power, big.NewInt(2*k+1))
		if k%2 == 1 {
			sum.Sub(sum, term)
		} else {
			sum.Add(sum, term)
		}
	}
	return sum
}

// dhPi is pi * 2^bits by Machin's formula, pi = 16 arctan(1/5) - 4 arctan(1/239).
func dhPi(bits uint) *big.Int {
	return dhFixedPoint(bits, func(scale *big.Int) *big.Int {
		a := new(big.Int).Lsh(dhArctanInv(5, scale), 4)
		b := new(big.Int).Lsh(dhArctanInv(239, scale), 2)
		return a.Sub(a, b)
	})
}

// dhE is e * 2^bits by the series e = sum of 1/k!.
func dhE(bits uint) *big.Int {
	return dhFixedPoint(bits, func(scale *big.Int) *big.Int {
		sum := new(big.Int).Set(scale)
		term := new(big.Int).Set(scale)
		for k := int64(1); term.Sign() != 0; k++ {
			term.Quo(term, big.NewInt(k))
			sum.Add(sum, term)
		}
		return sum
	})
}

// TestDHNothingUpMySleeve rebuilds the RFC 2409, 3526 and 7919 primes from
// pi and e, which checks every hex digit copied from the RFCs.
func TestDHNothingUpMySleeve(t *testing.T) {
	const precision = 8192 // bits after the binary point, > 8192-130
	pi, e := dhPi(precision), dhE(precision)

	// The constants themselves, against their well-known first 64
	// fractional bits (the Blowfish P-array; RC5's P32 is B7E15163).
	frac := func(x *big.Int) uint64 {
		return new(big.Int).Rsh(x, precision-64).Uint64()
	}
	if got := frac(pi); got != 0x243F6A8885A308D3 {
		t.Fatalf("pi fraction %016X, want 243F6A8885A308D3", got)
	}
	if got := frac(e); got != 0xB7E151628AED2A6A {
		t.Fatalf("e fraction %016X, want B7E151628AED2A6A", got)
	}

	covered := make(map[string]bool)
	for _, f := range dhFormulas {
		covered[f.name] = true
		c := pi
		if f.useE {
			c = e
		}
		// [2^(n-130) c] from c * 2^precision.
		middle := new(big.Int).Rsh(c, precision-(f.bits-130))
		middle.Add(middle, big.NewInt(f.offset))
		p := new(big.Int).Lsh(big.NewInt(1), f.bits)
		p.Sub(p, new(big.Int).Lsh(big.NewInt(1), f.bits-64))
		p.Sub(p, big.NewInt(1))
		p.Add(p, middle.Lsh(middle, 64))
		if got := dhTablePrime(t, f.name); got.Cmp(p) != 0 {
			t.Errorf("%s: table prime differs from the formula:\n got %X\nwant %X", f.name, got, p)
		}
	}
	for _, d := range dhPrimes {
		if strings.HasPrefix(d.name, "RFC 2409 ") || strings.HasPrefix(d.name, "RFC 3526 ") ||
			strings.HasPrefix(d.name, "ffdhe") {
			if !covered[d.name] {
				t.Errorf("%s: no formula checks it", d.name)
			}
		}
	}
}

func TestKnownDHGroup(t *testing.T) {
	for _, d := range dhPrimes {
		p := dhTablePrime(t, d.name)
		if got := knownDHGroup(p); got != d.name {
			t.Errorf("knownDHGroup(%s) = %q", d.name, got)
		}
		// As parsed from a ServerKeyExchange with a leading zero byte.
		padded := append([]byte{0}, p.Bytes()...)
		if got := knownDHGroup(new(big.Int).SetBytes(padded)); got != d.name {
			t.Errorf("knownDHGroup(%s with a leading zero) = %q", d.name, got)
		}
		for _, delta := range []int64{-2, 2} {
			near := new(big.Int).Add(p, big.NewInt(delta))
			if got := knownDHGroup(near); got != "" {
				t.Errorf("knownDHGroup(%s %+d) = %q, want \"\"", d.name, delta, got)
			}
		}
	}

	rng := rand.New(rand.NewPCG(7919, 3526))
	for _, bits := range []int{512, 1024, 2048, 4096} {
		for range 50 {
			b := make([]byte, bits/8)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			b[0] |= 0x80
			b[len(b)-1] |= 1
			n := new(big.Int).SetBytes(b)
			if got := knownDHGroup(n); got != "" {
				t.Fatalf("knownDHGroup(random %d-bit odd %X) = %q, want \"\"", bits, n, got)
			}
		}
	}

	for _, n := range []*big.Int{nil, big.NewInt(0), big.NewInt(-23), big.NewInt(23)} {
		if got := knownDHGroup(n); got != "" {
			t.Errorf("knownDHGroup(%v) = %q, want \"\"", n, got)
		}
	}
	neg := new(big.Int).Neg(dhTablePrime(t, "ffdhe2048"))
	if got := knownDHGroup(neg); got != "" {
		t.Errorf("knownDHGroup(-ffdhe2048) = %q, want \"\"", got)
	}
}
