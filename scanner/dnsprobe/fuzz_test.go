package dnsprobe

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
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

// txtFromWire publishes rec as one TXT record (in strings of at most 255
// bytes), packs and unpacks the answer, and returns the record as the
// probe reads it.
func txtFromWire(t *testing.T, rec string) string {
	t.Helper()
	var chunks []string
	for rest := rec; ; {
		n := min(len(rest), 255)
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "\\%03d", rest[i])
		}
		chunks = append(chunks, b.String())
		if rest = rest[n:]; rest == "" {
			break
		}
	}
	m := new(dns.Msg)
	m.SetQuestion("_mta-sts.example.fr.", dns.TypeTXT)
	m.Answer = []dns.RR{&dns.TXT{Hdr: dns.RR_Header{Name: "_mta-sts.example.fr.", Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 300}, Txt: chunks}}
	b, err := m.Pack()
	if err != nil {
		t.Fatalf("pack: %v", err)
	}
	m = new(dns.Msg)
	if err := m.Unpack(b); err != nil {
		t.Fatalf("unpack: %v", err)
	}
	a := readAnswer(m, "_mta-sts.example.fr.", dns.TypeTXT, 1)
	if len(a.records) != 1 {
		t.Fatalf("%d records", len(a.records))
	}
	return txtUnescape(strings.Join(a.records[0].(*dns.TXT).Txt, ""))
}

var stsSeeds = []string{
	"v=STSv1; id=20160831085700Z;", "v=STSv1;id=a", "v=STSv1 ;\tid=abc ; ", "v=STSv1; id=a; id=b", "v=STSv1; id=abc ",
	"v=STSv1;; id=abc", "v=STSv10; id=abc", "v=STSv1; x=a=b; id=abc", "v=STSv1; id=\"a\\b\"\x00\xff", "v=STSv1",
}

// FuzzParseSTSRecord reads any STSv1 record, as published in DNS: it
// survives the wire as it was published, and gives an id or a problem,
// never both.
func FuzzParseSTSRecord(f *testing.F) {
	for _, s := range stsSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rec string) {
		if len(rec) <= 2000 {
			if got := txtFromWire(t, rec); got != rec {
				t.Fatalf("published %q, read %q", rec, got)
			}
		}
		id, problem := parseSTSRecord(rec)
		if (id == "") == (problem == "") {
			t.Fatalf("%q: id %q and problem %q", rec, id, problem)
		}
		if id != "" && (!isSTSID(id) || !strings.HasPrefix(rec, stsVersion) || !strings.Contains(rec, "id="+id)) {
			t.Fatalf("%q: id %q", rec, id)
		}
	})
}

// FuzzParseTLSRPTRecord reads any TLSRPTv1 record: report URIs or a
// problem, never both, each URI published in the record.
func FuzzParseTLSRPTRecord(f *testing.F) {
	for _, s := range []string{
		"v=TLSRPTv1; rua=mailto:reports@example.com", "v=TLSRPTv1;rua=https://r.example.com/v1?a=b",
		"v=TLSRPTv1; rua=mailto:a@example.com , \thttps://r.example.com/x;", "v=TLSRPTv1; rua=", "v=TLSRPTv1; rua=a,,b",
		"v=TLSRPTv1; rua=mailto:a@x; rua=mailto:b@x", "v=TLSRPTv1; ext=1", "v=TLSRPTv1", "v=TLSRPTv1; rua=m:\x7f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rec string) {
		rua, problem := parseTLSRPTRecord(rec)
		if (rua == nil) == (problem == "") {
			t.Fatalf("%q: rua %q and problem %q", rec, rua, problem)
		}
		for _, u := range rua {
			if !isURIText(u) || strings.ContainsAny(u, " \t,;") || !strings.Contains(rec, u) {
				t.Fatalf("%q: URI %q", rec, u)
			}
		}
	})
}

// FuzzParsePolicy reads any policy body: bounded results, and a policy
// without problems is a usable one.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{
		"version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n",
		"version: STSv1\r\nmode:testing \r\nmx:\tmx.example.fr\r\nmax_age: 0",
		"version: STSv1\nmode: none\nmax_age: 31557600\nx-future: 1 2 3\n",
		"", "\n\n", "version: STSv1\nversion: STSv1\nmode: none\nmax_age: 99999999999999999999\n",
		"mode: enforce\nmx: *.\nmx: a.b.\nmax_age: -1\n", "version:STSv1\rmode: none\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		pol := &MTASTSPolicy{MaxAge: 7, Problems: []string{"stale"}}
		parsePolicy(body, pol)
		if pol.MaxAge < -1 || len(pol.Problems) > maxPolicyProblems+1 || len(pol.MX) > bytes.Count(body, []byte("\n"))+1 {
			t.Fatalf("max_age %d, %d problems, %d mx", pol.MaxAge, len(pol.Problems), len(pol.MX))
		}
		for _, mx := range pol.MX {
			if !bytes.Contains(body, []byte(mx)) {
				t.Fatalf("mx %q not in the body", mx)
			}
		}
		if len(pol.Problems) == 0 {
			if pol.Version != "STSv1" || pol.MaxAge < 0 || pol.MaxAge > maxMaxAge ||
				!slices.Contains([]string{"enforce", "testing", "none"}, pol.Mode) || pol.Mode != "none" && len(pol.MX) == 0 {
				t.Fatalf("no problem with %+v", pol)
			}
		}
	})
}
