package dnsprobe

import (
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
)

// maxKeyBytes bounds the public key field read (a DNSKEY's RDATA cannot
// exceed 64 KiB anyway); no legitimate key is near it.
const maxKeyBytes = 8192

// keyInfo reads the size (and the RSA exponent) of a DNSKEY public key
// field, given base64 as in the zone file. malformed says why it could not.
func keyInfo(algorithm uint8, b64 string) (bits int, exponent, malformed string) {
	a, known := AlgorithmByNumber(algorithm)
	if !known {
		return 0, "", ""
	}
	if len(b64) > maxKeyBytes*4/3+4 {
		return 0, "", "public key field too long"
	}
	pub, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return 0, "", "public key field is not base64"
	}
	switch a.Kind {
	case KindRSA:
		n, e, err := parseRSAKey(pub)
		if err != nil {
			return 0, "", err.Error()
		}
		return n, e.String(), ""
	case KindDSA:
		n, err := parseDSAKey(pub)
		if err != nil {
			return 0, "", err.Error()
		}
		return n, "", ""
	case KindECDSA, KindEdDSA, KindGOST, KindSM2:
		// RFC 6605 §4: x | y, each the curve size; RFC 8080 §3: the
		// encoded point (32 bytes for Ed25519, 57 for Ed448); RFC 5933
		// §2: 64 bytes; RFC 9558 §4 and RFC 9563 §3.2: 64 bytes.
		want := map[uint8]int{12: 64, 13: 64, 14: 96, 15: 32, 16: 57, 17: 64, 23: 64}[algorithm]
		if len(pub) != want {
			return 0, "", fmt.Sprintf("%s public key of %d bytes, want %d", a.Name, len(pub), want)
		}
		return a.CurveBits, "", ""
	}
	return 0, "", ""
}

// parseRSAKey reads an RSA public key field (RFC 3110 §2): the exponent
// length in one byte, or a zero byte then two bytes; the exponent; the
// modulus. It returns the modulus size in bits and the exponent.
func parseRSAKey(pub []byte) (bits int, exponent *big.Int, err error) {
	if len(pub) == 0 {
		return 0, nil, fmt.Errorf("empty RSA public key")
	}
	explen, off := int(pub[0]), 1
	if explen == 0 {
		if len(pub) < 3 {
			return 0, nil, fmt.Errorf("RSA public key truncated in the exponent length")
		}
		explen, off = int(pub[1])<<8|int(pub[2]), 3
	}
	if explen == 0 {
		return 0, nil, fmt.Errorf("RSA public key with an empty exponent")
	}
	if len(pub) < off+explen {
		return 0, nil, fmt.Errorf("RSA public key truncated in the exponent")
	}
	e := new(big.Int).SetBytes(pub[off : off+explen])
	mod := pub[off+explen:]
	if len(mod) == 0 {
		return 0, nil, fmt.Errorf("RSA public key without a modulus")
	}
	if mod[0] == 0 || pub[off] == 0 {
		// RFC 3110 §2: "Leading zero octets are prohibited in the exponent and modulus."
		return 0, nil, fmt.Errorf("RSA public key with a leading zero octet")
	}
	return new(big.Int).SetBytes(mod).BitLen(), e, nil
}

// parseDSAKey reads a DSA public key field (RFC 2536 §2): T, Q (20
// bytes), P, G and Y (64 + T*8 bytes each). It returns the size of P.
func parseDSAKey(pub []byte) (int, error) {
	if len(pub) == 0 {
		return 0, fmt.Errorf("empty DSA public key")
	}
	t := int(pub[0])
	if t > 8 {
		return 0, fmt.Errorf("DSA public key with T=%d, above 8", t)
	}
	if want := 1 + 20 + 3*(64+t*8); len(pub) != want {
		return 0, fmt.Errorf("DSA public key of %d bytes, want %d for T=%d", len(pub), want, t)
	}
	return 512 + t*64, nil
}
