package tlsprobe

import (
	"crypto/ecdh"
	"crypto/mlkem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sync"
)

// The key exchanges of the TLS 1.3 client: the key_share a client sends and
// the shared secret it derives from the server's. RFC 8446, Section 4.2.8
// and 7.4; draft-ietf-tls-ecdhe-mlkem for the hybrids; RFC 7919 for the
// finite-field groups; RFC 8734 for brainpool. All private keys come from
// the caller's reader, so that a seeded reader gives byte-stable hellos.

// Groups of the TLS 1.3 key exchanges. IANA "TLS Supported Groups".
const (
	groupP256               uint16 = 23
	groupP384               uint16 = 24
	groupP521               uint16 = 25
	groupX25519             uint16 = 29
	groupBrainpoolP256tls13 uint16 = 31
	groupBrainpoolP384tls13 uint16 = 32
	groupBrainpoolP512tls13 uint16 = 33
	groupFFDHE2048          uint16 = 256
	groupFFDHE3072          uint16 = 257
	groupFFDHE4096          uint16 = 258
	groupFFDHE6144          uint16 = 259
	groupFFDHE8192          uint16 = 260
	groupSecP256r1MLKEM768  uint16 = 0x11EB
	groupX25519MLKEM768     uint16 = 0x11EC
	groupSecP384r1MLKEM1024 uint16 = 0x11ED
)

// KeyExchangeGroups13 lists the groups the TLS 1.3 client can compute a
// key share for.
var KeyExchangeGroups13 = []uint16{
	groupX25519, groupP256, groupP384, groupP521,
	groupBrainpoolP256tls13, groupBrainpoolP384tls13, groupBrainpoolP512tls13,
	groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192,
	groupSecP256r1MLKEM768, groupX25519MLKEM768, groupSecP384r1MLKEM1024,
}

var errBadKeyShare = errors.New("tlsprobe: illegal_parameter: malformed server key share")

// keyShare13 is the private half of one client key share.
type keyShare13 struct {
	group  uint16
	public []byte // key_exchange as sent

	ecdh      *ecdh.PrivateKey // x25519, NIST curves, the classical half of a hybrid
	mlkem768  *mlkem.DecapsulationKey768
	mlkem1024 *mlkem.DecapsulationKey1024
	ffdhe     *big.Int // private exponent
	prime     *big.Int // ffdhe modulus
	bp        *weierstrassCurve
	bpD       *big.Int
}

func ecdhCurve(group uint16) ecdh.Curve {
	switch group {
	case groupX25519, groupX25519MLKEM768:
		return ecdh.X25519()
	case groupP256, groupSecP256r1MLKEM768:
		return ecdh.P256()
	case groupP384, groupSecP384r1MLKEM1024:
		return ecdh.P384()
	case groupP521:
		return ecdh.P521()
	}
	return nil
}

// ecdhScalarLen is the private key length crypto/ecdh takes.
func ecdhScalarLen(c ecdh.Curve) int {
	switch c {
	case ecdh.P384():
		return 48
	case ecdh.P521():
		return 66
	}
	return 32
}

// newECDHKey draws a private key from r, rejecting out-of-range scalars.
func newECDHKey(c ecdh.Curve, r io.Reader) (*ecdh.PrivateKey, error) {
	b := make([]byte, ecdhScalarLen(c))
	for range 64 {
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		if c == ecdh.P521() {
			b[0] &= 1
		}
		if k, err := c.NewPrivateKey(b); err == nil {
			return k, nil
		}
	}
	return nil, errors.New("tlsprobe: no valid ECDH scalar from the random source")
}

// ffdhePrime returns the RFC 7919 prime of an ffdhe group, from dhgroups.go.
func ffdhePrime(group uint16) *big.Int {
	name := map[uint16]string{
		groupFFDHE2048: "ffdhe2048", groupFFDHE3072: "ffdhe3072", groupFFDHE4096: "ffdhe4096",
		groupFFDHE6144: "ffdhe6144", groupFFDHE8192: "ffdhe8192",
	}[group]
	if name == "" {
		return nil
	}
	for _, d := range dhPrimes {
		if d.name == name {
			p, _ := parseDHPrime(d.hex)
			return p
		}
	}
	return nil
}

// ffdheExponentBytes is the private exponent length: 512 bits, above twice
// the strength of ffdhe8192 (RFC 7919, Section 5.2).
const ffdheExponentBytes = 64

// newKeyShare13 generates a key share for group from r.
func newKeyShare13(group uint16, r io.Reader) (*keyShare13, error) {
	k := &keyShare13{group: group}
	switch group {
	case groupX25519, groupP256, groupP384, groupP521:
		priv, err := newECDHKey(ecdhCurve(group), r)
		if err != nil {
			return nil, err
		}
		k.ecdh, k.public = priv, priv.PublicKey().Bytes()
	case groupX25519MLKEM768, groupSecP256r1MLKEM768, groupSecP384r1MLKEM1024:
		priv, err := newECDHKey(ecdhCurve(group), r)
		if err != nil {
			return nil, err
		}
		seed := make([]byte, mlkem.SeedSize)
		if _, err := io.ReadFull(r, seed); err != nil {
			return nil, err
		}
		var ek []byte
		if group == groupSecP384r1MLKEM1024 {
			if k.mlkem1024, err = mlkem.NewDecapsulationKey1024(seed); err != nil {
				return nil, err
			}
			ek = k.mlkem1024.EncapsulationKey().Bytes()
		} else {
			if k.mlkem768, err = mlkem.NewDecapsulationKey768(seed); err != nil {
				return nil, err
			}
			ek = k.mlkem768.EncapsulationKey().Bytes()
		}
		k.ecdh = priv
		// draft-ietf-tls-ecdhe-mlkem, Section 4.1: ML-KEM first for
		// X25519MLKEM768, the ECDH share first for the NIST hybrids.
		if group == groupX25519MLKEM768 {
			k.public = append(ek, priv.PublicKey().Bytes()...)
		} else {
			k.public = append(priv.PublicKey().Bytes(), ek...)
		}
	case groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192:
		k.prime = ffdhePrime(group)
		if k.prime == nil {
			return nil, fmt.Errorf("tlsprobe: no prime for group %s", GroupName(group))
		}
		x := make([]byte, ffdheExponentBytes)
		if _, err := io.ReadFull(r, x); err != nil {
			return nil, err
		}
		k.ffdhe = new(big.Int).SetBytes(x)
		k.ffdhe.SetBit(k.ffdhe, 8*ffdheExponentBytes-1, 1) // never 0 or 1
		// RFC 8446, Section 4.2.8.1: Y = g^x mod p, left-padded to the size of p
		y := new(big.Int).Exp(big.NewInt(2), k.ffdhe, k.prime)
		k.public = y.FillBytes(make([]byte, (k.prime.BitLen()+7)/8))
	case groupBrainpoolP256tls13, groupBrainpoolP384tls13, groupBrainpoolP512tls13:
		c := brainpoolCurve(group)
		d, err := c.randomScalar(r)
		if err != nil {
			return nil, err
		}
		k.bp, k.bpD = c, d
		k.public = c.marshal(c.scalarBaseMult(d))
	default:
		return nil, fmt.Errorf("tlsprobe: no key exchange for group %s", GroupName(group))
	}
	return k, nil
}

// sharedSecret derives the (EC)DHE or hybrid shared secret from the
// server's key_exchange. RFC 8446, Section 7.4.
func (k *keyShare13) sharedSecret(server []byte) ([]byte, error) {
	switch k.group {
	case groupX25519, groupP256, groupP384, groupP521:
		return k.ecdhSecret(server)
	case groupX25519MLKEM768, groupSecP256r1MLKEM768, groupSecP384r1MLKEM1024:
		ctLen := mlkem.CiphertextSize768
		if k.group == groupSecP384r1MLKEM1024 {
			ctLen = mlkem.CiphertextSize1024
		}
		ecLen := len(k.ecdh.PublicKey().Bytes())
		if len(server) != ctLen+ecLen {
			return nil, fmt.Errorf("%w: %d bytes for %s", errBadKeyShare, len(server), GroupName(k.group))
		}
		var ct, ec []byte
		if k.group == groupX25519MLKEM768 {
			ct, ec = server[:ctLen], server[ctLen:]
		} else {
			ec, ct = server[:ecLen], server[ecLen:]
		}
		ecSecret, err := k.ecdhSecret(ec)
		if err != nil {
			return nil, err
		}
		var kemSecret []byte
		if k.mlkem1024 != nil {
			kemSecret, err = k.mlkem1024.Decapsulate(ct)
		} else {
			kemSecret, err = k.mlkem768.Decapsulate(ct)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadKeyShare, err)
		}
		// draft-ietf-tls-ecdhe-mlkem, Section 4.2: in share order
		if k.group == groupX25519MLKEM768 {
			return append(kemSecret, ecSecret...), nil
		}
		return append(ecSecret, kemSecret...), nil
	case groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192:
		size := (k.prime.BitLen() + 7) / 8
		// RFC 8446, Section 4.2.8.1: the share is exactly the size of p,
		// and 1 < Y < p-1 (RFC 7919, Section 5.1).
		y := new(big.Int).SetBytes(server)
		pm1 := new(big.Int).Sub(k.prime, big.NewInt(1))
		if len(server) != size || y.Cmp(big.NewInt(1)) <= 0 || y.Cmp(pm1) >= 0 {
			return nil, fmt.Errorf("%w: ffdhe share out of range", errBadKeyShare)
		}
		return new(big.Int).Exp(y, k.ffdhe, k.prime).FillBytes(make([]byte, size)), nil
	case groupBrainpoolP256tls13, groupBrainpoolP384tls13, groupBrainpoolP512tls13:
		p, ok := k.bp.unmarshal(server)
		if !ok {
			return nil, fmt.Errorf("%w: not a point of %s", errBadKeyShare, GroupName(k.group))
		}
		z := k.bp.scalarMult(p, k.bpD)
		if z.inf {
			return nil, fmt.Errorf("%w: shared point at infinity", errBadKeyShare)
		}
		// RFC 8734, Section 2 (as RFC 8446, Section 7.4.2): the x-coordinate
		return z.x.FillBytes(make([]byte, k.bp.size)), nil
	}
	return nil, fmt.Errorf("tlsprobe: no key exchange for group %s", GroupName(k.group))
}

func (k *keyShare13) ecdhSecret(server []byte) ([]byte, error) {
	pub, err := k.ecdh.Curve().NewPublicKey(server)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadKeyShare, err)
	}
	s, err := k.ecdh.ECDH(pub)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadKeyShare, err)
	}
	return s, nil
}

// weierstrassCurve is y^2 = x^3 + ax + b over GF(p), with a base point of
// prime order n and cofactor 1. Affine arithmetic with math/big, neither
// fast nor constant time: the client's keys are throwaway probe keys.
type weierstrassCurve struct {
	p, a, b, gx, gy, n *big.Int
	size               int // field element bytes
}

type wPoint struct {
	x, y *big.Int
	inf  bool
}

func hexInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("tlsprobe: bad curve constant " + s)
	}
	return v
}

// The brainpool curves of RFC 5639, Section 3.4 to 3.7; RFC 8734 names them
// for TLS 1.3.
var brainpoolCurves = sync.OnceValue(func() map[uint16]*weierstrassCurve {
	mk := func(p, a, b, gx, gy, n string) *weierstrassCurve {
		c := &weierstrassCurve{p: hexInt(p), a: hexInt(a), b: hexInt(b), gx: hexInt(gx), gy: hexInt(gy), n: hexInt(n)}
		c.size = (c.p.BitLen() + 7) / 8
		return c
	}
	return map[uint16]*weierstrassCurve{
		groupBrainpoolP256tls13: mk(
			"A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377",
			"7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9",
			"26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6",
			"8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262",
			"547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997",
			"A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7"),
		groupBrainpoolP384tls13: mk(
			"8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123ACD3A729901D1A71874700133107EC53",
			"7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F8AA5814A503AD4EB04A8C7DD22CE2826",
			"04A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62D57CB4390295DBC9943AB78696FA504C11",
			"1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8E826E03436D646AAEF87B2E247D4AF1E",
			"8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF99129280E4646217791811142820341263C5315",
			"8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7CF3AB6AF6B7FC3103B883202E9046565"),
		groupBrainpoolP512tls13: mk(
			"AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA703308717D4D9B009BC66842AECDA12AE6A380E62881FF2F2D82C68528AA6056583A48F3",
			"7830A3318B603B89E2327145AC234CC594CBDD8D3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CA",
			"3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CADC083E67984050B75EBAE5DD2809BD638016F723",
			"81AEE4BDD82ED9645A21322E9C4C6A9385ED9F70B5D916C1B43B62EEF4D0098EFF3B1F78E2D0D48D50D1687B93B97D5F7C6D5047406A5E688B352209BCB9F822",
			"7DDE385D566332ECC0EABFA9CF7822FDF209F70024A57B1AA000C55B881F8111B2DCDE494A5F485E5BCA4BD88A2763AED1CA2B2FA8F0540678CD1E0F3AD80892",
			"AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330870553E5C414CA92619418661197FAC10471DB1D381085DDADDB58796829CA90069"),
	}
})

func brainpoolCurve(group uint16) *weierstrassCurve { return brainpoolCurves()[group] }

func (c *weierstrassCurve) onCurve(x, y *big.Int) bool {
	if x.Sign() < 0 || x.Cmp(c.p) >= 0 || y.Sign() < 0 || y.Cmp(c.p) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(y, y)
	lhs.Mod(lhs, c.p)
	rhs := new(big.Int).Mul(x, x)
	rhs.Add(rhs, c.a).Mul(rhs, x).Add(rhs, c.b).Mod(rhs, c.p)
	return lhs.Cmp(rhs) == 0
}

func (c *weierstrassCurve) add(p, q wPoint) wPoint {
	if p.inf {
		return q
	}
	if q.inf {
		return p
	}
	var l *big.Int
	if p.x.Cmp(q.x) == 0 {
		sum := new(big.Int).Add(p.y, q.y)
		if sum.Mod(sum, c.p).Sign() == 0 {
			return wPoint{inf: true} // q = -p, or p = q of order 2
		}
		// doubling: l = (3x^2 + a) / 2y
		num := new(big.Int).Mul(p.x, p.x)
		num.Mul(num, big.NewInt(3)).Add(num, c.a)
		den := new(big.Int).Lsh(p.y, 1)
		l = num.Mul(num, den.ModInverse(den.Mod(den, c.p), c.p))
	} else {
		num := new(big.Int).Sub(q.y, p.y)
		den := new(big.Int).Sub(q.x, p.x)
		l = num.Mul(num, den.ModInverse(den.Mod(den, c.p), c.p))
	}
	l.Mod(l, c.p)
	x := new(big.Int).Mul(l, l)
	x.Sub(x, p.x).Sub(x, q.x).Mod(x, c.p)
	y := new(big.Int).Sub(p.x, x)
	y.Mul(y, l).Sub(y, p.y).Mod(y, c.p)
	return wPoint{x: x, y: y}
}

// scalarMult is k*p by double and add.
func (c *weierstrassCurve) scalarMult(p wPoint, k *big.Int) wPoint {
	r := wPoint{inf: true}
	for i := k.BitLen() - 1; i >= 0; i-- {
		r = c.add(r, r)
		if k.Bit(i) == 1 {
			r = c.add(r, p)
		}
	}
	return r
}

func (c *weierstrassCurve) scalarBaseMult(k *big.Int) wPoint {
	return c.scalarMult(wPoint{x: c.gx, y: c.gy}, k)
}

// randomScalar draws 1 <= d < n from r by rejection.
func (c *weierstrassCurve) randomScalar(r io.Reader) (*big.Int, error) {
	b := make([]byte, (c.n.BitLen()+7)/8)
	for range 64 {
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		if extra := len(b)*8 - c.n.BitLen(); extra > 0 {
			b[0] &= 0xFF >> extra
		}
		d := new(big.Int).SetBytes(b)
		if d.Sign() > 0 && d.Cmp(c.n) < 0 {
			return d, nil
		}
	}
	return nil, errors.New("tlsprobe: no valid scalar from the random source")
}

// marshal is the uncompressed point encoding of RFC 8446, Section 4.2.8.2.
func (c *weierstrassCurve) marshal(p wPoint) []byte {
	out := make([]byte, 1+2*c.size)
	out[0] = 4
	p.x.FillBytes(out[1 : 1+c.size])
	p.y.FillBytes(out[1+c.size:])
	return out
}

// unmarshal reads an uncompressed point and checks it is on the curve (the
// cofactor is 1: every point on the curve is in the group).
func (c *weierstrassCurve) unmarshal(b []byte) (wPoint, bool) {
	if len(b) != 1+2*c.size || b[0] != 4 {
		return wPoint{}, false
	}
	x := new(big.Int).SetBytes(b[1 : 1+c.size])
	y := new(big.Int).SetBytes(b[1+c.size:])
	if !c.onCurve(x, y) {
		return wPoint{}, false
	}
	return wPoint{x: x, y: y}, true
}
