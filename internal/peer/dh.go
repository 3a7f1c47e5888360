package peer

import (
	"encoding/asn1"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
)

// Fixed finite-field Diffie-Hellman groups, so no test waits for
// `openssl dhparam`. Both primes are 2^n - 2^(n-64) - 1 + 2^64 *
// (floor(2^(n-130) * pi) + c), generator 2; peer_test.go recomputes them
// from that formula and compares the 2048-bit one with OpenSSL's built-in
// modp_2048.
const (
	// RFC 2409, Section 6.2: the Second Oakley Group (1024 bits, c = 129093).
	oakleyGroup2Hex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
		"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
		"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
		"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381" +
		"FFFFFFFFFFFFFFFF"
	// RFC 3526, Section 3: the 2048-bit MODP Group, id 14 (c = 124476).
	modpGroup14Hex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
		"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
		"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
		"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
		"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
		"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
		"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
		"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
		"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
		"15728E5A8AACAA68FFFFFFFFFFFFFFFF"
)

// DHParams1024 writes the RFC 2409 Oakley group 2 parameters (1024-bit
// prime, generator 2) into dir as a PKCS #3 "DH PARAMETERS" PEM, the form
// `openssl s_server -dhparam`, nginx ssl_dhparam and gnutls-serv --dhparams
// read, and returns its path.
func DHParams1024(t testing.TB, dir string) string {
	t.Helper()
	return writeDHParams(t, filepath.Join(dir, "dh1024-rfc2409-group2.pem"), oakleyGroup2Hex)
}

// DHParams2048 writes the RFC 3526 group 14 parameters (2048-bit prime,
// generator 2) like DHParams1024.
func DHParams2048(t testing.TB, dir string) string {
	t.Helper()
	return writeDHParams(t, filepath.Join(dir, "dh2048-rfc3526-group14.pem"), modpGroup14Hex)
}

func dhPrime(hex string) *big.Int {
	p, ok := new(big.Int).SetString(strings.ToLower(hex), 16)
	if !ok {
		panic("peer: malformed DH prime")
	}
	return p
}

func writeDHParams(t testing.TB, path, primeHex string) string {
	t.Helper()
	// PKCS #3: DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER }
	der, err := asn1.Marshal(struct{ P, G *big.Int }{dhPrime(primeHex), big.NewInt(2)})
	if err != nil {
		t.Fatalf("peer: encode DH parameters: %v", err)
	}
	writePEM(t, path, "DH PARAMETERS", der)
	return path
}
