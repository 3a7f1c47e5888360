package pki

import (
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// KeyType is the family of a certificate's public key.
type KeyType string

const (
	KeyRSA     KeyType = "RSA"
	KeyECDSA   KeyType = "ECDSA"
	KeyEd25519 KeyType = "Ed25519"
	KeyEd448   KeyType = "Ed448"
	KeyDSA     KeyType = "DSA"
	KeyUnknown KeyType = "unknown"
)

// Hash names, as signature facts report them.
const (
	HashMD2     = "MD2"
	HashMD5     = "MD5"
	HashSHA1    = "SHA-1"
	HashSHA224  = "SHA-224"
	HashSHA256  = "SHA-256"
	HashSHA384  = "SHA-384"
	HashSHA512  = "SHA-512"
	HashUnknown = "unknown"
)

// Public key algorithms (RFC 3279, RFC 4055, RFC 5480, RFC 8410).
var keyAlgorithms = []struct {
	oid  string
	kind KeyType
}{
	{"1.2.840.113549.1.1.1", KeyRSA},
	{"1.2.840.113549.1.1.10", KeyRSA}, // RSASSA-PSS key
	{"1.2.840.10045.2.1", KeyECDSA},   // id-ecPublicKey
	{"1.3.101.112", KeyEd25519},
	{"1.3.101.113", KeyEd448},
	{"1.2.840.10040.4.1", KeyDSA},
}

// Named curves (RFC 5480, RFC 5639, SEC 2): name and key size in bits.
var namedCurves = []struct {
	oid  string
	name string
	bits int
}{
	{"1.2.840.10045.3.1.7", "P-256", 256},
	{"1.3.132.0.34", "P-384", 384},
	{"1.3.132.0.35", "P-521", 521},
	{"1.3.132.0.33", "P-224", 224},
	{"1.2.840.10045.3.1.1", "P-192", 192},
	{"1.3.132.0.10", "secp256k1", 256},
	{"1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", 256},
	{"1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1", 384},
	{"1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1", 512},
}

// Signature algorithms (RFC 3279, RFC 4055, RFC 5758, RFC 8410). Names
// follow crypto/x509's SignatureAlgorithm.String.
var signatureAlgorithms = []struct {
	oid  string
	name string
	hash string
}{
	{"1.2.840.113549.1.1.2", "MD2-RSA", HashMD2},
	{"1.2.840.113549.1.1.4", "MD5-RSA", HashMD5},
	{"1.2.840.113549.1.1.5", "SHA1-RSA", HashSHA1},
	{"1.3.14.3.2.29", "SHA1-RSA", HashSHA1},
	{"1.2.840.113549.1.1.14", "SHA224-RSA", HashSHA224},
	{"1.2.840.113549.1.1.11", "SHA256-RSA", HashSHA256},
	{"1.2.840.113549.1.1.12", "SHA384-RSA", HashSHA384},
	{"1.2.840.113549.1.1.13", "SHA512-RSA", HashSHA512},
	{"1.2.840.113549.1.1.10", "RSAPSS", ""}, // hash from the parameters
	{"1.2.840.10045.4.1", "ECDSA-SHA1", HashSHA1},
	{"1.2.840.10045.4.3.1", "ECDSA-SHA224", HashSHA224},
	{"1.2.840.10045.4.3.2", "ECDSA-SHA256", HashSHA256},
	{"1.2.840.10045.4.3.3", "ECDSA-SHA384", HashSHA384},
	{"1.2.840.10045.4.3.4", "ECDSA-SHA512", HashSHA512},
	{"1.2.840.10040.4.3", "DSA-SHA1", HashSHA1},
	{"2.16.840.1.101.3.4.3.1", "DSA-SHA224", HashSHA224},
	{"2.16.840.1.101.3.4.3.2", "DSA-SHA256", HashSHA256},
	{"1.3.101.112", "Ed25519", ""},
	{"1.3.101.113", "Ed448", ""},
}

// Hash algorithms, for RSASSA-PSS parameters (RFC 4055, Section 3.1).
var hashAlgorithms = []struct {
	oid  string
	name string
	abbr string // as in "SHA256-RSAPSS"
}{
	{"1.3.14.3.2.26", HashSHA1, "SHA1"},
	{"2.16.840.1.101.3.4.2.4", HashSHA224, "SHA224"},
	{"2.16.840.1.101.3.4.2.1", HashSHA256, "SHA256"},
	{"2.16.840.1.101.3.4.2.2", HashSHA384, "SHA384"},
	{"2.16.840.1.101.3.4.2.3", HashSHA512, "SHA512"},
}

// signatureAlgorithm names a signature algorithm and its hash. EdDSA has
// no separate hash: the hash is empty. An unknown OID is named by itself,
// with hash "unknown".
func signatureAlgorithm(oid encasn1.ObjectIdentifier, params []byte) (name, hash string) {
	o := oid.String()
	for _, a := range signatureAlgorithms {
		if a.oid != o {
			continue
		}
		if a.name != "RSAPSS" {
			return a.name, a.hash
		}
		h, abbr := pssHash(params)
		if h == HashUnknown {
			return "RSAPSS", HashUnknown
		}
		return abbr + "-RSAPSS", h
	}
	return o, HashUnknown
}

// pssHash reads the hash of RSASSA-PSS-params (RFC 4055, Section 3.1):
// [0] EXPLICIT AlgorithmIdentifier DEFAULT sha1.
func pssHash(params []byte) (name, abbr string) {
	in := cryptobyte.String(params)
	var seq, field, alg cryptobyte.String
	var present bool
	var oid encasn1.ObjectIdentifier
	if !in.ReadASN1(&seq, asn1.SEQUENCE) ||
		!seq.ReadOptionalASN1(&field, &present, asn1.Tag(0).Constructed().ContextSpecific()) {
		return HashUnknown, ""
	}
	if !present {
		return HashSHA1, "SHA1"
	}
	if !field.ReadASN1(&alg, asn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return HashUnknown, ""
	}
	for _, h := range hashAlgorithms {
		if h.oid == oid.String() {
			return h.name, h.abbr
		}
	}
	return HashUnknown, ""
}

// keyFacts is what a SubjectPublicKeyInfo says about the key.
type keyFacts struct {
	kind     KeyType
	oid      string
	bits     int
	curve    string
	exponent *big.Int
	qBits    int // DSA subgroup order size
}

// Bounds on the keys a signature is verified with. A hostile certificate
// can carry an RSA modulus and exponent of hundreds of thousands of bits
// (zcrypto accepts any exponent), and one modular exponentiation would then
// take minutes. The cost of one is about exponent bits × modulus bits²;
// the bound admits every real key (RSA up to 16384 bits with small
// exponents, 4096 bits with any exponent up to the modulus size; DSA up to
// 3072/256) and refuses the rest.
const (
	maxVerifyModulusBits = 16384
	maxVerifyCost        = 4096 * 4096 * 4096
)

// keyWithinBounds says whether a key is small enough to verify with.
func keyWithinBounds(spki []byte) error {
	k, err := parseSPKI(spki)
	if err != nil {
		return nil // the verifier will refuse it cheaply
	}
	var expBits int
	switch k.kind {
	case KeyRSA:
		if k.exponent != nil {
			expBits = k.exponent.BitLen()
		}
	case KeyDSA:
		expBits = 2 * k.qBits
	default:
		return nil
	}
	if k.bits > maxVerifyModulusBits || expBits*k.bits*k.bits > maxVerifyCost || expBits > maxVerifyModulusBits {
		return fmt.Errorf("%s key of %d bits with a %d-bit exponent is too large to verify with", k.kind, k.bits, expBits)
	}
	return nil
}

// parseSPKI reads a SubjectPublicKeyInfo (RFC 5280, Section 4.1.2.7). The
// algorithm is returned even when the key itself does not parse.
func parseSPKI(der []byte) (keyFacts, error) {
	k := keyFacts{kind: KeyUnknown}
	in := cryptobyte.String(der)
	var spki, alg cryptobyte.String
	var oid encasn1.ObjectIdentifier
	if !in.ReadASN1(&spki, asn1.SEQUENCE) || !in.Empty() ||
		!spki.ReadASN1(&alg, asn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&oid) {
		return k, errors.New("malformed subjectPublicKeyInfo")
	}
	k.oid = oid.String()
	for _, a := range keyAlgorithms {
		if a.oid == k.oid {
			k.kind = a.kind
		}
	}
	var bits encasn1.BitString
	if !spki.ReadASN1BitString(&bits) || !spki.Empty() {
		return k, errors.New("malformed subjectPublicKey")
	}
	key := cryptobyte.String(bits.Bytes)
	switch k.kind {
	case KeyRSA:
		// RFC 8017, Appendix A.1.1: RSAPublicKey.
		var seq, n, e cryptobyte.String
		if !key.ReadASN1(&seq, asn1.SEQUENCE) || !key.Empty() ||
			!seq.ReadASN1(&n, asn1.INTEGER) || !seq.ReadASN1(&e, asn1.INTEGER) || !seq.Empty() {
			return k, errors.New("malformed RSA public key")
		}
		k.bits = twosComplement(n).BitLen()
		k.exponent = twosComplement(e)
	case KeyECDSA:
		// RFC 5480, Section 2.1.1: namedCurve, or explicit parameters.
		if alg.PeekASN1Tag(asn1.SEQUENCE) {
			k.curve = "explicit"
		} else {
			var curve encasn1.ObjectIdentifier
			if !alg.ReadASN1ObjectIdentifier(&curve) {
				return k, errors.New("malformed EC parameters")
			}
			k.curve = curve.String()
			for _, c := range namedCurves {
				if c.oid == k.curve {
					k.curve, k.bits = c.name, c.bits
				}
			}
		}
		if k.bits == 0 && len(key) > 1 && key[0] == 4 {
			// An unnamed curve: the size of a coordinate of the
			// uncompressed point.
			k.bits = (len(key) - 1) / 2 * 8
		}
	case KeyEd25519:
		k.bits = 256
	case KeyEd448:
		k.bits = 456
	case KeyDSA:
		// RFC 3279, Section 2.3.2: Dss-Parms in the algorithm parameters.
		var params, p, q cryptobyte.String
		if !alg.ReadASN1(&params, asn1.SEQUENCE) || !params.ReadASN1(&p, asn1.INTEGER) || !params.ReadASN1(&q, asn1.INTEGER) {
			return k, errors.New("malformed DSA parameters")
		}
		k.bits = twosComplement(p).BitLen()
		k.qBits = twosComplement(q).BitLen()
	}
	return k, nil
}
