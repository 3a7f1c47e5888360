package tlsprobe

import (
	"bytes"
	"crypto/ecdh"
	"crypto/mlkem"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"
)

// seededReader is a deterministic stream: SHA-256 in counter mode.
type seededReader struct {
	seed []byte
	n    uint64
	buf  []byte
}

func newSeededReader(seed string) *seededReader { return &seededReader{seed: []byte(seed)} }

func (r *seededReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) {
		h := sha256.New()
		h.Write(r.seed)
		h.Write(big.NewInt(int64(r.n)).Bytes())
		r.n++
		r.buf = h.Sum(r.buf)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// serverShare plays the server of each key exchange with the standard
// library (or math/big for ffdhe and brainpool), independently of the
// client code: it returns the server's key_exchange and the shared secret.
func serverShare(t *testing.T, group uint16, client []byte) (share, secret []byte) {
	t.Helper()
	ecdhServer := func(c ecdh.Curve, peer []byte) ([]byte, []byte) {
		priv, err := c.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := c.NewPublicKey(peer)
		if err != nil {
			t.Fatalf("group %s: client share: %v", GroupName(group), err)
		}
		s, err := priv.ECDH(pub)
		if err != nil {
			t.Fatal(err)
		}
		return priv.PublicKey().Bytes(), s
	}
	switch group {
	case groupX25519:
		return ecdhServer(ecdh.X25519(), client)
	case groupP256:
		return ecdhServer(ecdh.P256(), client)
	case groupP384:
		return ecdhServer(ecdh.P384(), client)
	case groupP521:
		return ecdhServer(ecdh.P521(), client)
	case groupX25519MLKEM768:
		ek, err := mlkem.NewEncapsulationKey768(client[:mlkem.EncapsulationKeySize768])
		if err != nil {
			t.Fatal(err)
		}
		kss, ct := ek.Encapsulate()
		pub, ess := ecdhServer(ecdh.X25519(), client[mlkem.EncapsulationKeySize768:])
		return append(ct, pub...), append(kss, ess...)
	case groupSecP256r1MLKEM768:
		ek, err := mlkem.NewEncapsulationKey768(client[65:])
		if err != nil {
			t.Fatal(err)
		}
		kss, ct := ek.Encapsulate()
		pub, ess := ecdhServer(ecdh.P256(), client[:65])
		return append(pub, ct...), append(ess, kss...)
	case groupSecP384r1MLKEM1024:
		ek, err := mlkem.NewEncapsulationKey1024(client[97:])
		if err != nil {
			t.Fatal(err)
		}
		kss, ct := ek.Encapsulate()
		pub, ess := ecdhServer(ecdh.P384(), client[:97])
		return append(pub, ct...), append(ess, kss...)
	case groupFFDHE2048, groupFFDHE3072, groupFFDHE4096, groupFFDHE6144, groupFFDHE8192:
		p := ffdhePrime(group)
		size := (p.BitLen() + 7) / 8
		if len(client) != size {
			t.Fatalf("%s share of %d bytes", GroupName(group), len(client))
		}
		y, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 256))
		pub := new(big.Int).Exp(big.NewInt(2), y, p).FillBytes(make([]byte, size))
		z := new(big.Int).Exp(new(big.Int).SetBytes(client), y, p).FillBytes(make([]byte, size))
		return pub, z
	case groupBrainpoolP256tls13, groupBrainpoolP384tls13, groupBrainpoolP512tls13:
		c := brainpoolCurve(group)
		pt, ok := c.unmarshal(client)
		if !ok {
			t.Fatal("client brainpool share is not on the curve")
		}
		d, _ := c.randomScalar(rand.Reader)
		z := c.scalarMult(pt, d)
		return c.marshal(c.scalarBaseMult(d)), z.x.FillBytes(make([]byte, c.size))
	}
	t.Fatalf("no server for group %s", GroupName(group))
	return nil, nil
}

func TestKeyShares13(t *testing.T) {
	wantLen := map[uint16]int{
		groupX25519: 32, groupP256: 65, groupP384: 97, groupP521: 133,
		groupBrainpoolP256tls13: 65, groupBrainpoolP384tls13: 97, groupBrainpoolP512tls13: 129,
		groupFFDHE2048: 256, groupFFDHE3072: 384, groupFFDHE4096: 512, groupFFDHE6144: 768, groupFFDHE8192: 1024,
		groupX25519MLKEM768: 1184 + 32, groupSecP256r1MLKEM768: 65 + 1184, groupSecP384r1MLKEM1024: 97 + 1568,
	}
	for _, g := range KeyExchangeGroups13 {
		t.Run(GroupName(g), func(t *testing.T) {
			k, err := newKeyShare13(g, newSeededReader("share"))
			if err != nil {
				t.Fatal(err)
			}
			if len(k.public) != wantLen[g] {
				t.Fatalf("share of %d bytes, want %d", len(k.public), wantLen[g])
			}
			again, _ := newKeyShare13(g, newSeededReader("share"))
			if !bytes.Equal(again.public, k.public) {
				t.Error("the same seed gave another share")
			}
			other, _ := newKeyShare13(g, newSeededReader("other"))
			if bytes.Equal(other.public, k.public) {
				t.Error("another seed gave the same share")
			}
			share, want := serverShare(t, g, k.public)
			got, err := k.sharedSecret(share)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("shared secret %x\nwant %x", got, want)
			}
			for _, bad := range [][]byte{nil, share[:len(share)-1], append(share[:len(share):len(share)], 0)} {
				if _, err := k.sharedSecret(bad); !errors.Is(err, errBadKeyShare) {
					t.Errorf("%d-byte share: %v", len(bad), err)
				}
			}
		})
	}
	if _, err := newKeyShare13(30, rand.Reader); err == nil {
		t.Error("x448 share generated")
	}
}

func TestKeyShareFFDHEBounds(t *testing.T) {
	k, err := newKeyShare13(groupFFDHE2048, newSeededReader("ffdhe"))
	if err != nil {
		t.Fatal(err)
	}
	p := ffdhePrime(groupFFDHE2048)
	if p == nil || p.BitLen() != 2048 || knownDHGroup(p) != "ffdhe2048" {
		t.Fatalf("ffdhe2048 prime: %v", p)
	}
	pm1 := new(big.Int).Sub(p, big.NewInt(1))
	for _, y := range []*big.Int{big.NewInt(0), big.NewInt(1), pm1, p} {
		if _, err := k.sharedSecret(y.FillBytes(make([]byte, 256))); !errors.Is(err, errBadKeyShare) {
			t.Errorf("Y = %v accepted: %v", y, err)
		}
	}
}

// TestBrainpoolRFC7027 checks the curves against the ECDH test vectors of
// RFC 7027, Appendix A (cross-checked with pyca/cryptography).
func TestBrainpoolRFC7027(t *testing.T) {
	for _, v := range []struct {
		group             uint16
		dA, xA, yA, dB, z string
	}{
		{groupBrainpoolP256tls13,
			"81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D",
			"44106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE5",
			"8AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC",
			"55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3",
			"89AFC39D41D3B327814B80940B042590F96556EC91E6AE7939BCE31F3A18BF2B"},
		{groupBrainpoolP384tls13,
			"1E20F5E048A5886F1F157C74E91BDE2B98C8B52D58E5003D57053FC4B0BD65D6F15EB5D1EE1610DF870795143627D042",
			"68B665DD91C195800650CDD363C625F4E742E8134667B767B1B476793588F885AB698C852D4A6E77A252D6380FCAF068",
			"55BC91A39C9EC01DEE36017B7D673A931236D2F1F5C83942D049E3FA20607493E0D038FF2FD30C2AB67D15C85F7FAA59",
			"032640BC6003C59260F7250C3DB58CE647F98E1260ACCE4ACDA3DD869F74E01F8BA5E0324309DB6A9831497ABAC96670",
			"0BD9D3A7EA0B3D519D09D8E48D0785FB744A6B355E6304BC51C229FBBCE239BBADF6403715C35D4FB2A5444F575D4F42"},
		{groupBrainpoolP512tls13,
			"16302FF0DBBB5A8D733DAB7141C1B45ACBC8715939677F6A56850A38BD87BD59B09E80279609FF333EB9D4C061231FB26F92EEB04982A5F1D1764CAD57665422",
			"0A420517E406AAC0ACDCE90FCD71487718D3B953EFD7FBEC5F7F27E28C6149999397E91E029E06457DB2D3E640668B392C2A7E737A7F0BF04436D11640FD09FD",
			"72E6882E8DB28AAD36237CD25D580DB23783961C8DC52DFA2EC138AD472A0FCEF3887CF62B623B2A87DE5C588301EA3E5FC269B373B60724F5E82A6AD147FDE7",
			"230E18E1BCC88A362FA54E4EA3902009292F7F8033624FD471B5D8ACE49D12CFABBC19963DAB8E2F1EBA00BFFB29E4D72D13F2224562F405CB80503666B25429",
			"A7927098655F1F9976FA50A9D566865DC530331846381C87256BAF3226244B76D36403C024D7BBF0AA0803EAFF405D3D24F11A9B5C0BEF679FE1454B21C4CD1F"},
	} {
		t.Run(GroupName(v.group), func(t *testing.T) {
			c := brainpoolCurve(v.group)
			if !c.onCurve(c.gx, c.gy) {
				t.Fatal("base point not on the curve")
			}
			if !c.scalarBaseMult(c.n).inf {
				t.Fatal("n*G is not the point at infinity")
			}
			qa := c.scalarBaseMult(hexInt(v.dA))
			if qa.x.Cmp(hexInt(v.xA)) != 0 || qa.y.Cmp(hexInt(v.yA)) != 0 {
				t.Fatalf("dA*G = (%X, %X)", qa.x, qa.y)
			}
			k := &keyShare13{group: v.group, bp: c, bpD: hexInt(v.dB)}
			z, err := k.sharedSecret(c.marshal(qa))
			if err != nil {
				t.Fatal(err)
			}
			if want := hexInt(v.z).FillBytes(make([]byte, c.size)); !bytes.Equal(z, want) {
				t.Fatalf("Z = %X, want %X", z, want)
			}
			// A point off the curve, and the wrong encodings, are refused.
			bad := c.marshal(qa)
			bad[len(bad)-1] ^= 1
			for _, b := range [][]byte{bad, c.marshal(qa)[1:], append([]byte{2}, c.marshal(qa)[1:]...)} {
				if _, err := k.sharedSecret(b); !errors.Is(err, errBadKeyShare) {
					t.Errorf("bad point accepted: %v", err)
				}
			}
		})
	}
}
