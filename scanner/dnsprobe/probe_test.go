package dnsprobe

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// exampleFr is a signed zone (ECDSA P-256, DS SHA-256 at the parent)
// validated by the resolver, with TLSA for the web and mail hosts and a
// CAA set at the apex.
func exampleFr(t *testing.T) (*resolver, *zoneKeys) {
	r := newResolver(t,
		"example.fr. 300 IN A 192.0.2.10",
		"www.example.fr. 300 IN CNAME example.fr.",
		"mail.example.fr. 300 IN A 192.0.2.25",
		"example.fr. 300 IN CAA 0 issue \"certigna.fr\"",
		"example.fr. 300 IN CAA 0 issuewild \";\"",
		"example.fr. 300 IN CAA 0 iodef \"mailto:security@example.fr\"",
	)
	zk := signZone(t, r, "example.fr.", dns.ECDSAP256SHA256, 256, 256, dns.SHA256)
	r.authentic["example.fr."] = true
	return r, zk
}

func TestProbeSignedZone(t *testing.T) {
	r, zk := exampleFr(t)
	p := NewProber(testConfig(r.serve(t)))
	o := p.Probe(context.Background(), "Example.FR.")
	if o.Name != "example.fr" {
		t.Errorf("name %q", o.Name)
	}
	d := o.DNSSEC
	if d.Zone != "example.fr." || d.ZoneLookup.State != Present {
		t.Fatalf("zone %q %+v", d.Zone, d.ZoneLookup)
	}
	if signed, known := d.Signed(); !signed || !known || !d.DNSKEY.Authenticated {
		t.Errorf("DNSKEY lookup %+v, want present and authenticated", d.DNSKEY)
	}
	want := []DNSKEY{
		{Flags: 257, ZoneKey: true, SEP: true, Protocol: 3, Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: zk.ksk.KeyTag(), Bits: 256},
		{Flags: 256, ZoneKey: true, Protocol: 3, Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: zk.zsk.KeyTag(), Bits: 256},
	}
	if !slices.Equal(d.Keys, want) {
		t.Errorf("keys\n%+v\nwant\n%+v", d.Keys, want)
	}
	if len(d.Signatures) != 1 || d.Signatures[0].Verdict != Valid || d.Signatures[0].KeyTag != zk.ksk.KeyTag() {
		t.Errorf("signatures %+v, want the KSK's, valid", d.Signatures)
	}
	if d.DS.State != Present || len(d.DSRecords) != 1 || d.DSRecords[0].DigestType != 2 || d.DSRecords[0].Verdict != Matches ||
		d.DSRecords[0].DigestTypeName != "SHA-256" {
		t.Errorf("DS %+v %+v", d.DS, d.DSRecords)
	}
	if _, err := json.Marshal(o); err != nil {
		t.Fatal(err)
	}
}

func TestProbeRSASHA1Zone(t *testing.T) {
	r := newResolver(t, "old.example. 300 IN A 192.0.2.1")
	zk := signZone(t, r, "old.example.", dns.RSASHA1, 2048, 1024, dns.SHA1, dns.SHA256)
	o := NewProber(testConfig(r.serve(t))).Probe(context.Background(), "old.example")
	d := o.DNSSEC
	if len(d.Keys) != 2 {
		t.Fatalf("keys %+v", d.Keys)
	}
	for i, bits := range []int{2048, 1024} {
		k := d.Keys[i]
		if k.Bits != bits || k.RSAExponent != "65537" || k.AlgorithmName != "RSASHA1" || k.Malformed != "" {
			t.Errorf("key %d: %+v, want RSASHA1 %d bits e=65537", i, k, bits)
		}
	}
	var digests []string
	for _, ds := range d.DSRecords {
		digests = append(digests, ds.DigestTypeName+" "+string(ds.Verdict))
	}
	if !slices.Equal(digests, []string{"SHA-1 matches", "SHA-256 matches"}) {
		t.Errorf("DS %q", digests)
	}
	if d.DNSKEY.Authenticated {
		t.Errorf("AD set though the resolver did not validate")
	}
	if len(d.Signatures) != 1 || d.Signatures[0].Verdict != Valid || d.Signatures[0].AlgorithmName != "RSASHA1" {
		t.Errorf("signatures %+v", d.Signatures)
	}
	_ = zk
}

func TestProbeUnsignedZone(t *testing.T) {
	r := newResolver(t,
		"plain.example. 300 IN SOA ns.plain.example. h.plain.example. 1 7200 3600 1209600 3600",
		"host.plain.example. 300 IN A 192.0.2.1",
	)
	o := NewProber(testConfig(r.serve(t))).Probe(context.Background(), "host.plain.example")
	d := o.DNSSEC
	if d.Zone != "plain.example." {
		t.Errorf("zone %q, want plain.example. from the negative answer's SOA", d.Zone)
	}
	if signed, known := d.Signed(); signed || !known || d.DS.State != Absent || len(d.Keys)+len(d.DSRecords) != 0 {
		t.Errorf("unsigned zone: DNSKEY %+v DS %+v", d.DNSKEY, d.DS)
	}
	// One SOA question found the zone (from the authority section of the
	// NODATA answer at the host).
	var soa []string
	for _, q := range r.queries() {
		if strings.Contains(q, " SOA ") {
			soa = append(soa, q)
		}
	}
	if !slices.Equal(soa, []string{"udp SOA host.plain.example."}) {
		t.Errorf("SOA questions %q", soa)
	}
}

// An alias has no zone of its own: the search climbs past it rather than
// take the target's zone.
func TestProbeZoneOfAlias(t *testing.T) {
	r := newResolver(t,
		"a.example. 300 IN SOA ns.a.example. h.a.example. 1 7200 3600 1209600 3600",
		"b.example. 300 IN SOA ns.b.example. h.b.example. 1 7200 3600 1209600 3600",
		"www.a.example. 300 IN CNAME cdn.b.example.",
		"cdn.b.example. 300 IN A 192.0.2.1",
	)
	o := NewProber(testConfig(r.serve(t))).Probe(context.Background(), "www.a.example")
	if o.DNSSEC.Zone != "a.example." {
		t.Errorf("zone %q, want a.example.", o.DNSSEC.Zone)
	}
}

func TestProbeSignatureProblems(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mangle func(t *testing.T, r *resolver, zk *zoneKeys)
		now    time.Time
		sig    Verdict
		ds     Verdict
	}{
		{name: "expired signature", now: testNow.Add(60 * 24 * time.Hour), sig: Expired, ds: Matches},
		{name: "tampered signature", sig: Invalid, ds: Matches, mangle: func(t *testing.T, r *resolver, zk *zoneKeys) {
			for _, rr := range r.records["bad.example."] {
				if s, ok := rr.(*dns.RRSIG); ok {
					// Signature is base64 text: flip a bit of the bytes it
					// encodes (flipping a character could make it invalid
					// base64, which the test server then cannot send).
					b, err := base64.StdEncoding.DecodeString(s.Signature)
					if err != nil {
						t.Fatal(err)
					}
					b[10] ^= 1
					s.Signature = base64.StdEncoding.EncodeToString(b)
				}
			}
		}},
		{name: "signature by an unknown key", sig: NoKey, ds: Matches, mangle: func(t *testing.T, r *resolver, zk *zoneKeys) {
			for _, rr := range r.records["bad.example."] {
				if s, ok := rr.(*dns.RRSIG); ok {
					s.KeyTag++
				}
			}
		}},
		{name: "DS of another key", sig: Valid, ds: NoMatch, mangle: func(t *testing.T, r *resolver, zk *zoneKeys) {
			for _, rr := range r.records["bad.example."] {
				if ds, ok := rr.(*dns.DS); ok {
					ds.Digest = strings.Repeat("ab", 32)
				}
			}
		}},
		{name: "DS with an unsupported digest type", sig: Valid, ds: Unsupported, mangle: func(t *testing.T, r *resolver, zk *zoneKeys) {
			for _, rr := range r.records["bad.example."] {
				if ds, ok := rr.(*dns.DS); ok {
					ds.DigestType = 3 // GOST R 34.11-94
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newResolver(t)
			zk := signZone(t, r, "bad.example.", dns.ECDSAP384SHA384, 384, 384, dns.SHA384)
			if tc.mangle != nil {
				tc.mangle(t, r, zk)
			}
			cfg := testConfig(r.serve(t))
			if !tc.now.IsZero() {
				cfg.Now = func() time.Time { return tc.now }
			}
			d := NewProber(cfg).Probe(context.Background(), "bad.example").DNSSEC
			if len(d.Signatures) != 1 || d.Signatures[0].Verdict != tc.sig {
				t.Errorf("signatures %+v, want %s", d.Signatures, tc.sig)
			}
			if len(d.DSRecords) != 1 || d.DSRecords[0].Verdict != tc.ds {
				t.Errorf("DS %+v, want %s", d.DSRecords, tc.ds)
			}
		})
	}
}

func TestProbeFailures(t *testing.T) {
	r, _ := exampleFr(t)
	r.add(t,
		"broken.example. 300 IN SOA ns.broken.example. h.broken.example. 1 7200 3600 1209600 3600",
		"www.broken.example. 300 IN A 192.0.2.1",
	)
	r.servfail["broken.example."] = true // a validating resolver's answer for a bogus zone
	r.slow["_443._tcp.mail.example.fr."] = true
	r.servfail["mail.example.fr."] = true
	p := NewProber(testConfig(r.serve(t)))

	o := p.Probe(context.Background(), "www.broken.example", 443)
	d := o.DNSSEC
	// The zone was found from www's negative answer; its DNSKEY and DS
	// questions failed.
	if d.Zone != "broken.example." || d.DNSKEY.State != Unknown || d.DNSKEY.Unknown.Reason != ReasonServFail ||
		d.DS.State != Unknown || d.DS.Unknown.Reason != ReasonServFail {
		t.Errorf("bogus zone: %q DNSKEY %+v DS %+v", d.Zone, d.DNSKEY, d.DS)
	}
	if _, known := d.Signed(); known {
		t.Errorf("signed state known though DNSKEY failed")
	}
	if !strings.Contains(d.DNSKEY.Unknown.Detail, "SERVFAIL from ") || !strings.Contains(d.DNSKEY.Unknown.Detail, "2 queries") {
		t.Errorf("detail %q", d.DNSKEY.Unknown.Detail)
	}
	// The CAA climb met the failing apex.
	if o.CAA.Lookup.State != Unknown || o.CAA.Lookup.Unknown.Reason != ReasonServFail ||
		!slices.Equal(o.CAA.Asked, []string{"www.broken.example.", "broken.example."}) {
		t.Errorf("CAA %+v", o.CAA)
	}

	o = p.Probe(context.Background(), "mail.example.fr", 443)
	if o.TLSA[0].Lookup.State != Unknown || o.TLSA[0].Lookup.Unknown.Reason != ReasonTimeout {
		t.Errorf("TLSA of a name that never answers: %+v", o.TLSA[0])
	}
	if o.CAA.Lookup.State != Unknown || o.CAA.Lookup.Unknown.Reason != ReasonServFail {
		t.Errorf("CAA at a SERVFAIL name: %+v", o.CAA)
	}
	// The SOA question of mail.example.fr failed: no zone, nothing asked.
	if o.DNSSEC.ZoneLookup.State != Unknown || o.DNSSEC.DNSKEY.Unknown.Reason != ReasonNotTested {
		t.Errorf("DNSSEC without a zone: %+v", o.DNSSEC)
	}
}

func TestProbeNotAName(t *testing.T) {
	p := NewProber(Config{Servers: []string{"127.0.0.1:1"}})
	for _, h := range []string{"192.0.2.1", "2001:db8::1", "", "bad name"} {
		o := p.Probe(context.Background(), h, 443)
		if o.DNSSEC.DNSKEY.State != Unknown || o.DNSSEC.DNSKEY.Unknown.Reason != ReasonNotTested ||
			o.CAA.Lookup.Unknown == nil || o.TLSA[0].Lookup.Unknown == nil || o.Stats.Queries != 0 {
			t.Errorf("%q: %+v", h, o)
		}
	}
}

// Hosts of one zone share its questions.
func TestProberSharesAnswers(t *testing.T) {
	r, _ := exampleFr(t)
	p := NewProber(testConfig(r.serve(t)))
	first := p.Probe(context.Background(), "www.example.fr", 443)
	second := p.Probe(context.Background(), "mail.example.fr", 25)
	n := 0
	for _, q := range r.queries() {
		if strings.Contains(q, " DNSKEY ") || strings.Contains(q, " DS ") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d DNSKEY and DS questions for two hosts of one zone, want 2: %q", n, r.queries())
	}
	if first.Stats.Queries == 0 || second.Stats.Queries >= first.Stats.Queries {
		t.Errorf("queries: first %d, second %d (the second shares the zone's)", first.Stats.Queries, second.Stats.Queries)
	}
	if second.DNSSEC.Zone != "example.fr." || len(second.DNSSEC.Keys) != 2 {
		t.Errorf("second host's DNSSEC %+v", second.DNSSEC)
	}
}

func TestProbeTruncatedAndOversized(t *testing.T) {
	r := newResolver(t, "big.example. 300 IN SOA ns.big.example. h.big.example. 1 7200 3600 1209600 3600")
	for i := range maxRecords + 1 {
		r.add(t, "big.example. 300 IN CAA 0 issue \"ca"+strings.Repeat("x", i%7)+".example\"")
	}
	r.add(t, "fits.big.example. 300 IN CAA 0 issue \"certigna.fr\"")
	r.truncateUDP["fits.big.example."] = true
	r.truncateUDP["big.example."] = true
	p := NewProber(testConfig(r.serve(t)))
	o := p.Probe(context.Background(), "fits.big.example")
	if o.CAA.Lookup.State != Present || o.CAA.Owner != "fits.big.example." || len(o.CAA.Records) != 1 {
		t.Errorf("CAA over TCP: %+v", o.CAA)
	}
	if !slices.Contains(r.queries(), "tcp CAA fits.big.example.") {
		t.Errorf("no TCP retry: %q", r.queries())
	}
	o = p.Probe(context.Background(), "big.example")
	if o.CAA.Lookup.State != Unknown || o.CAA.Lookup.Unknown.Reason != ReasonMalformed || len(o.CAA.Records) != 0 {
		t.Errorf("65 CAA records: %+v", o.CAA.Lookup)
	}
}

func TestProbeMismatchedAnswer(t *testing.T) {
	r := newResolver(t, "odd.example. 300 IN SOA ns.odd.example. h.odd.example. 1 7200 3600 1209600 3600")
	r.wrongName["odd.example."] = true
	o := NewProber(testConfig(r.serve(t))).Probe(context.Background(), "odd.example")
	if o.CAA.Lookup.State != Unknown || o.CAA.Lookup.Unknown.Reason != ReasonMalformed {
		t.Errorf("answer to another question: %+v", o.CAA.Lookup)
	}
}

func TestProbeCanceled(t *testing.T) {
	r, _ := exampleFr(t)
	r.slow["example.fr."] = true
	ctx, cancel := context.WithCancel(context.Background())
	p := NewProber(testConfig(r.serve(t)))
	p.cfg.Timeout = 10 * time.Second
	go func() {
		for len(r.queries()) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	o := p.Probe(ctx, "example.fr", 443)
	if o.CAA.Lookup.State != Unknown || o.CAA.Lookup.Unknown.Reason != ReasonCanceled {
		t.Errorf("canceled probe: CAA %+v", o.CAA.Lookup)
	}
}
