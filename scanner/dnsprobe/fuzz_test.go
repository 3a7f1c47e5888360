package dnsprobe

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// rsaKeyField encodes an RSA public key field (RFC 3110 §2).
func rsaKeyField(e, n *big.Int) []byte {
	eb := e.Bytes()
	var out []byte
	if len(eb) < 256 {
		out = append(out, byte(len(eb)))
	} else {
		out = append(out, 0, byte(len(eb)>>8), byte(len(eb)))
	}
	return append(append(out, eb...), n.Bytes()...)
}

func TestParseRSAKey(t *testing.T) {
	n := new(big.Int).Lsh(big.NewInt(1), 2047) // a 2048-bit modulus
	n.Add(n, big.NewInt(12345))
	for _, tc := range []struct {
		name string
		in   []byte
		bits int
		e    string
		ok   bool
	}{
		{"2048 bits, e=65537", rsaKeyField(big.NewInt(65537), n), 2048, "65537", true},
		{"2048 bits, e=3", rsaKeyField(big.NewInt(3), n), 2048, "3", true},
		{"long exponent form", rsaKeyField(new(big.Int).Lsh(big.NewInt(1), 2100), n), 2048, new(big.Int).Lsh(big.NewInt(1), 2100).String(), true},
		{"empty", nil, 0, "", false},
		{"no modulus", []byte{1, 3}, 0, "", false},
		{"exponent length past the end", []byte{9, 1, 2}, 0, "", false},
		{"leading zero in the modulus", []byte{1, 3, 0, 0xFF}, 0, "", false},
		{"zero exponent length", []byte{0, 0, 0, 0xFF}, 0, "", false},
	} {
		bits, e, err := parseRSAKey(tc.in)
		if (err == nil) != tc.ok || tc.ok && (bits != tc.bits || e.String() != tc.e) {
			t.Errorf("%s: %d %v %v", tc.name, bits, e, err)
		}
	}
	// No strict prefix of a good key parses to the same key.
	good := rsaKeyField(big.NewInt(65537), n)
	for i := range len(good) {
		if bits, _, err := parseRSAKey(good[:i]); err == nil && bits == 2048 {
			t.Fatalf("a %d-byte prefix reads as the 2048-bit key", i)
		}
	}
}

func FuzzKeyInfo(f *testing.F) {
	n := new(big.Int).Lsh(big.NewInt(1), 1023)
	f.Add(uint8(8), rsaKeyField(big.NewInt(65537), n))
	f.Add(uint8(5), rsaKeyField(big.NewInt(3), n))
	f.Add(uint8(13), bytes.Repeat([]byte{4}, 64))
	f.Add(uint8(15), bytes.Repeat([]byte{9}, 32))
	f.Add(uint8(3), append([]byte{0}, bytes.Repeat([]byte{1}, 20+3*64)...))
	f.Add(uint8(10), []byte{0, 0, 1, 3, 0xC0})
	f.Fuzz(func(t *testing.T, alg uint8, pub []byte) {
		bits, e, malformed := keyInfo(alg, base64.StdEncoding.EncodeToString(pub))
		if malformed != "" && (bits != 0 || e != "") {
			t.Fatalf("malformed %q with bits %d e %q", malformed, bits, e)
		}
		if bits < 0 || bits > len(pub)*8 {
			t.Fatalf("%d bits from %d bytes", bits, len(pub))
		}
		a, _ := AlgorithmByNumber(alg)
		if a.Kind == KindRSA && malformed == "" && bits > 0 {
			// The reading re-encodes to the input.
			bits2, ev, err := parseRSAKey(pub)
			if err != nil || bits2 != bits || ev.String() != e {
				t.Fatalf("keyInfo and parseRSAKey disagree")
			}
			short := pub[0] != 0
			mod := pub[1+int(pub[0]):]
			if !short {
				mod = pub[3+(int(pub[1])<<8|int(pub[2])):]
			}
			if new(big.Int).SetBytes(mod).BitLen() != bits {
				t.Fatalf("bits %d for a %d-byte modulus", bits, len(mod))
			}
		}
	})
}

func FuzzParseIssueValue(f *testing.F) {
	for _, s := range []string{"letsencrypt.org", ";", "", "ca.example; a=b; c=d", "x.;", "a..b", "ca.example;;", "ca.example; =x", " \t ;", "ÉÉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		issuer, params, malformed := ParseIssueValue(v)
		if issuer != "" && (issuer != strings.ToLower(issuer) || !isIssuerDomain(issuer)) {
			t.Fatalf("issuer %q from %q", issuer, v)
		}
		for _, p := range params {
			if !isLabel(p.Tag) || !isParamValue(p.Value) {
				t.Fatalf("parameter %+v from %q", p, v)
			}
		}
		if malformed == "" && issuer == "" && strings.Trim(strings.SplitN(v, ";", 2)[0], " \t") != "" {
			t.Fatalf("%q: issuer text dropped without a reason", v)
		}
	})
}

func FuzzSubjectPublicKeyInfo(f *testing.F) {
	c := newTestChain(&testing.T{}, "example.fr")
	f.Add(c.leaf.Raw)
	f.Add(c.root.Raw)
	f.Add([]byte{0x30, 0x00})
	f.Fuzz(func(t *testing.T, der []byte) {
		got, ok := subjectPublicKeyInfo(der)
		if cert, err := x509.ParseCertificate(der); err == nil {
			if !ok || !bytes.Equal(got, cert.RawSubjectPublicKeyInfo) {
				t.Fatalf("crypto/x509 reads SPKI %x, we read %x (%t)", cert.RawSubjectPublicKeyInfo, got, ok)
			}
		}
		if ok && !bytes.Contains(der, got) {
			t.Fatalf("SPKI not a slice of the input")
		}
		MatchTLSA([]TLSA{{3, 1, 1, sum256(got)}, {2, 0, 2, sum512(der)}, {0, 1, 0, "00"}}, [][]byte{der, der})
	})
}

// checkSSHFP checks a record read from a message of n bytes: named, its
// fingerprint lower-case hex of whole bytes, no longer than the message.
func checkSSHFP(t *testing.T, r SSHFP, n int) {
	t.Helper()
	if r.AlgorithmName == "" || r.TypeName == "" {
		t.Fatalf("unnamed %+v", r)
	}
	if _, err := hex.DecodeString(r.Fingerprint); err != nil || r.Fingerprint != strings.ToLower(r.Fingerprint) || len(r.Fingerprint)/2 > n {
		t.Fatalf("fingerprint %q of a %d-byte message", r.Fingerprint, n)
	}
}

// FuzzReadAnswer reads whatever a hostile resolver may send, as the
// probe reads an answer: no panic, and bounded results.
func FuzzReadAnswer(f *testing.F) {
	r := newResolver(&testing.T{})
	zk := signZone(&testing.T{}, r, "example.fr.", dns.ECDSAP256SHA256, 256, 256, dns.SHA256)
	for _, qt := range []uint16{dns.TypeDNSKEY, dns.TypeDS, dns.TypeCAA, dns.TypeTLSA, dns.TypeSSHFP} {
		m := new(dns.Msg)
		m.SetQuestion("example.fr.", qt)
		m.Answer = append(m.Answer, r.records["example.fr."]...)
		rr, _ := dns.NewRR("example.fr. 300 IN CAA 0 issue \"ca.example; a=b\"")
		tl, _ := dns.NewRR("example.fr. 300 IN TLSA 3 1 1 " + strings.Repeat("ab", 32))
		fp, _ := dns.NewRR("example.fr. 300 IN SSHFP 4 2 " + strings.Repeat("cd", 32))
		m.Answer = append(m.Answer, rr, tl, fp)
		b, _ := m.Pack()
		f.Add(b, qt)
	}
	// SSHFP through a CNAME, with an unassigned algorithm, a short SHA-1
	// fingerprint and an empty one.
	m := new(dns.Msg)
	m.SetQuestion("example.fr.", dns.TypeSSHFP)
	for _, s := range []string{
		"example.fr. 300 IN CNAME ssh.example.net.",
		"ssh.example.net. 300 IN SSHFP 9 1 " + strings.Repeat("ef", 19),
		"ssh.example.net. 300 IN SSHFP 1 2 " + strings.Repeat("01", 32),
	} {
		rr, _ := dns.NewRR(s)
		m.Answer = append(m.Answer, rr)
	}
	m.Answer = append(m.Answer, &dns.SSHFP{Hdr: dns.RR_Header{Name: "ssh.example.net.", Rrtype: dns.TypeSSHFP, Class: dns.ClassINET, Ttl: 300}, Algorithm: 4, Type: 2})
	b, _ := m.Pack()
	f.Add(b, dns.TypeSSHFP)
	_ = zk
	f.Fuzz(func(t *testing.T, b []byte, qtype uint16) {
		m := new(dns.Msg)
		if m.Unpack(b) != nil {
			return
		}
		a := readAnswer(m, "example.fr.", qtype, 1)
		if len(a.records) > maxRecords {
			t.Fatalf("%d records kept", len(a.records))
		}
		var keys []*dns.DNSKEY
		for _, rr := range a.records {
			switch x := rr.(type) {
			case *dns.DNSKEY:
				keys = append(keys, x)
				describeKey(x)
			case *dns.CAA:
				caaRecord(x.Flag, x.Tag, x.Value)
			case *dns.TLSA:
				MatchTLSA([]TLSA{{x.Usage, x.Selector, x.MatchingType, x.Certificate}}, nil)
			case *dns.SSHFP:
				checkSSHFP(t, sshfpRecord(x.Algorithm, x.Type, x.FingerPrint), len(b))
			}
		}
		verifySignatures(a.sigs, keys, testNow.Add(time.Duration(len(b))))
		for _, rr := range a.records {
			if ds, ok := rr.(*dns.DS); ok {
				checkDS(ds, keys, true)
			}
		}
	})
}
