package dnsprobe

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/report/schema"
)

var (
	fpSHA1   = strings.Repeat("a1", 20)
	fpSHA256 = strings.Repeat("b2", 32)
)

// sshHosts is exampleFr (signed, validated by the resolver) with SSH
// hosts: a bastion publishing several fingerprints (in upper-case hex, as
// a zone file may), aliases of it, hosts with unassigned numbers and a
// short fingerprint, and a host of an unvalidated zone.
func sshHosts(t *testing.T) *resolver {
	r, _ := exampleFr(t)
	r.add(t,
		"bastion.example.fr. 300 IN A 192.0.2.22",
		"bastion.example.fr. 300 IN SSHFP 4 2 "+strings.ToUpper(fpSHA256),
		"bastion.example.fr. 300 IN SSHFP 4 1 "+fpSHA1,
		"bastion.example.fr. 300 IN SSHFP 1 2 "+fpSHA256,
		"bastion.example.fr. 300 IN SSHFP 3 1 "+fpSHA1,
		"ssh.example.fr. 300 IN CNAME jump.example.fr.",
		"jump.example.fr. 300 IN CNAME bastion.example.fr.",
		"odd.example.fr. 300 IN SSHFP 5 2 "+fpSHA256,
		"odd.example.fr. 300 IN SSHFP 4 3 "+fpSHA256,
		"short.example.fr. 300 IN SSHFP 4 2 "+fpSHA256[:62],
		"lab.example. 300 IN SOA ns.lab.example. h.lab.example. 1 7200 3600 1209600 3600",
		"host.lab.example. 300 IN SSHFP 6 2 "+fpSHA256,
		"broken.example.fr. 300 IN SSHFP 4 2 "+fpSHA256,
		"slow.example.fr. 300 IN SSHFP 4 2 "+fpSHA256,
	)
	r.servfail["broken.example.fr."] = true
	r.slow["slow.example.fr."] = true
	return r
}

// bastionRecords are bastion.example.fr's records, in the order served.
var bastionRecords = []SSHFP{
	{4, "Ed25519", 2, "SHA-256", fpSHA256},
	{4, "Ed25519", 1, "SHA-1", fpSHA1},
	{1, "RSA", 2, "SHA-256", fpSHA256},
	{3, "ECDSA", 1, "SHA-1", fpSHA1},
}

func TestProbeSSHFP(t *testing.T) {
	r := sshHosts(t)
	p := NewProber(testConfig(r.serve(t)))
	for _, tc := range []struct {
		name     string
		host     string
		state    State
		nx       bool
		ad       bool
		reason   Reason
		records  []SSHFP
		zoneName string
	}{
		{name: "present - several records of both types, authenticated", host: "bastion.example.fr", state: Present, ad: true,
			records: bastionRecords, zoneName: "example.fr."},
		{name: "present - not authenticated", host: "host.lab.example", state: Present,
			records: []SSHFP{{6, "Ed448", 2, "SHA-256", fpSHA256}}, zoneName: "lab.example."},
		{name: "present - through a CNAME chain", host: "ssh.example.fr", state: Present, ad: true,
			records: bastionRecords, zoneName: "example.fr."},
		{name: "present - unassigned algorithm and type", host: "odd.example.fr", state: Present, ad: true,
			records: []SSHFP{{5, "0x05", 2, "SHA-256", fpSHA256}, {4, "Ed25519", 3, "0x03", fpSHA256}}, zoneName: "example.fr."},
		{name: "present - SHA-256 fingerprint of 31 bytes kept", host: "short.example.fr", state: Present, ad: true,
			records: []SSHFP{{4, "Ed25519", 2, "SHA-256", fpSHA256[:62]}}, zoneName: "example.fr."},
		{name: "absent - NODATA", host: "mail.example.fr", state: Absent, ad: true, zoneName: "example.fr."},
		{name: "absent - NXDOMAIN", host: "nowhere.example.fr", state: Absent, nx: true, ad: true, zoneName: "example.fr."},
		{name: "unknown - SERVFAIL", host: "broken.example.fr", state: Unknown, reason: ReasonServFail},
		{name: "unknown - timeout", host: "slow.example.fr", state: Unknown, reason: ReasonTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := p.ProbeSSH(context.Background(), tc.host)
			if o.SSHFP == nil {
				t.Fatal("no SSHFP set")
			}
			l := o.SSHFP.Lookup
			if l.State != tc.state || l.NXDomain != tc.nx || l.Authenticated != tc.ad {
				t.Errorf("lookup %+v, want %s nxdomain=%t authenticated=%t", l, tc.state, tc.nx, tc.ad)
			}
			if tc.state == Unknown && (l.Unknown == nil || l.Unknown.Reason != tc.reason || l.Unknown.Detail == "") {
				t.Errorf("unknown %+v, want %s with a detail", l.Unknown, tc.reason)
			}
			if tc.state != Unknown && l.Unknown != nil {
				t.Errorf("%s with a problem %+v", tc.state, l.Unknown)
			}
			if !slices.Equal(o.SSHFP.Records, tc.records) {
				t.Errorf("records\n%+v\nwant\n%+v", o.SSHFP.Records, tc.records)
			}
			if tc.zoneName != "" && o.DNSSEC.Zone != tc.zoneName {
				t.Errorf("zone %q, want %q", o.DNSSEC.Zone, tc.zoneName)
			}
		})
	}
}

// How a rule sees a fingerprint whose length is not its type's.
func TestSSHFPFingerprintLength(t *testing.T) {
	for _, tc := range []struct {
		rec SSHFP
		ok  bool
	}{
		{sshfpRecord(4, 2, fpSHA256), true},
		{sshfpRecord(4, 1, fpSHA1), true},
		{sshfpRecord(4, 2, fpSHA256[:62]), false},
		{sshfpRecord(4, 1, fpSHA256), false},
		{sshfpRecord(4, 2, ""), false},
	} {
		typ, known := SSHFPTypeByNumber(tc.rec.Type)
		if ok := known && len(tc.rec.Fingerprint)/2 == typ.Size; ok != tc.ok {
			t.Errorf("%+v: length check %t, want %t", tc.rec, ok, tc.ok)
		}
	}
}

// countQueries counts the questions of type qtype the server received.
func countQueries(r *resolver, qtype string) int {
	n := 0
	for _, q := range r.queries() {
		if strings.Fields(q)[1] == qtype {
			n++
		}
	}
	return n
}

func TestProbeSSHAsksNeitherCAANorTLSA(t *testing.T) {
	r := sshHosts(t)
	p := NewProber(testConfig(r.serve(t)))
	o := p.ProbeSSH(context.Background(), "bastion.example.fr")
	if n := countQueries(r, "CAA"); n != 0 {
		t.Errorf("%d CAA questions: %q", n, r.queries())
	}
	if n := countQueries(r, "TLSA"); n != 0 {
		t.Errorf("%d TLSA questions: %q", n, r.queries())
	}
	if n := countQueries(r, "SSHFP"); n != 1 {
		t.Errorf("%d SSHFP questions, want 1: %q", n, r.queries())
	}
	c := o.CAA
	if c.Lookup.State != Unknown || c.Lookup.Unknown == nil || c.Lookup.Unknown.Reason != ReasonNotTested ||
		!strings.Contains(c.Lookup.Unknown.Detail, "TLS certificates") || !strings.Contains(c.Lookup.Unknown.Detail, "SSH") {
		t.Errorf("CAA lookup %+v %+v, want not_tested saying why", c.Lookup, c.Lookup.Unknown)
	}
	if c.Asked == nil || len(c.Asked) != 0 || c.Owner != "" || c.Records != nil {
		t.Errorf("CAA %+v, want nothing asked", c)
	}
	if o.TLSA != nil {
		t.Errorf("TLSA %+v", o.TLSA)
	}
}

// ProbeSSH gathers the zone's DNSSEC facts as Probe does, from the same
// remembered answers.
func TestProbeSSHSharesZoneFacts(t *testing.T) {
	r := sshHosts(t)
	p := NewProber(testConfig(r.serve(t)))
	web := p.Probe(context.Background(), "bastion.example.fr", 443)
	before := len(r.queries())
	o := p.ProbeSSH(context.Background(), "bastion.example.fr")
	if !reflect.DeepEqual(o.DNSSEC, web.DNSSEC) {
		t.Errorf("DNSSEC\n%+v\nwant Probe's\n%+v", o.DNSSEC, web.DNSSEC)
	}
	if len(o.DNSSEC.Keys) != 2 || len(o.DNSSEC.Signatures) != 1 || o.DNSSEC.Signatures[0].Verdict != Valid {
		t.Errorf("DNSSEC %+v", o.DNSSEC)
	}
	asked := r.queries()[before:]
	if !slices.Equal(asked, []string{"udp SSHFP bastion.example.fr."}) || o.Stats.Queries != 1 {
		t.Errorf("second probe asked %q (%d counted), want the SSHFP question only", asked, o.Stats.Queries)
	}
	// Another SSH host of the zone asks its own SOA and SSHFP questions
	// only.
	before = len(r.queries())
	p.ProbeSSH(context.Background(), "odd.example.fr")
	if n := countQueries(r, "DNSKEY") + countQueries(r, "DS"); n != 2 {
		t.Errorf("%d DNSKEY and DS questions for hosts of one zone, want 2: %q", n, r.queries())
	}
	if asked := r.queries()[before:]; len(asked) != 2 {
		t.Errorf("third probe asked %q", asked)
	}
}

func TestProbeSSHNotAName(t *testing.T) {
	p := NewProber(Config{Servers: []string{"127.0.0.1:1"}})
	for _, h := range []string{"192.0.2.1", "::1", "", "bad name"} {
		o := p.ProbeSSH(context.Background(), h)
		if o.SSHFP == nil || o.SSHFP.Lookup.State != Unknown || o.SSHFP.Lookup.Unknown.Reason != ReasonNotTested ||
			o.CAA.Lookup.Unknown == nil || o.CAA.Lookup.Unknown.Reason != ReasonNotTested || o.CAA.Asked == nil ||
			o.TLSA != nil || o.Stats.Queries != 0 {
			t.Errorf("%q: %+v", h, o)
		}
	}
}

// endpointEvent wraps an observation in the endpoint event of an SSH
// endpoint, as the NDJSON writer does.
func endpointEvent(t *testing.T, o *Observation) []byte {
	t.Helper()
	return eventFor(t, map[string]any{"host": "bastion.example.fr", "ip": "192.0.2.22", "port": 22, "protocol": "ssh", "source": "argument"}, o)
}

// eventFor wraps an observation in the endpoint event of endpoint, as the
// NDJSON writer does.
func eventFor(t *testing.T, endpoint map[string]any, o *Observation) []byte {
	t.Helper()
	ev := map[string]any{
		"schema_version": schema.Version, "event": "endpoint", "time": "2026-11-26T18:00:00Z",
		"event_id": "0123456789abcdef0123456789abcdef", "run_id": "6f1c9a52-3e0b-4c1d-9a7e-2b8f4d6c1e30",
		"endpoint": endpoint,
		"stats":    map[string]any{"connections": 0, "errors": 0, "duration_ms": 0},
		"dns":      o,
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestProbeSSHMatchesSchema(t *testing.T) {
	r := sshHosts(t)
	p := NewProber(testConfig(r.serve(t)))
	for _, host := range []string{"bastion.example.fr", "odd.example.fr", "short.example.fr", "nowhere.example.fr", "broken.example.fr", "192.0.2.1"} {
		t.Run(host, func(t *testing.T) {
			doc := endpointEvent(t, p.ProbeSSH(context.Background(), host))
			if err := schema.Validate(doc); err != nil {
				t.Errorf("%v\n%s", err, doc)
			}
			if !bytes.Contains(doc, []byte(`"sshfp":{"lookup":`)) || !bytes.Contains(doc, []byte(`"asked":[]`)) {
				t.Errorf("no SSHFP set or CAA asked list: %s", doc)
			}
		})
	}
}

// The records ssh-keygen -r computes for real host keys, served as zone
// data, are what the probe reports, and are the SHA-1 and SHA-256 of the
// keys' public key blobs (the fingerprint the SSH probe reports as
// "SHA256:..." is the same digest).
func TestProbeSSHFPFromSSHKeygen(t *testing.T) {
	keygen := peer.Require(t, "ssh-keygen")
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(keygen, args...).Output()
		if err != nil {
			t.Fatalf("ssh-keygen %v: %v", args, err)
		}
		return string(out)
	}
	r, _ := exampleFr(t)
	var served []SSHFP
	var keys []ssh.PublicKey
	for _, kt := range [][]string{{"-t", "ed25519"}, {"-t", "ecdsa", "-b", "256"}, {"-t", "rsa", "-b", "2048"}} {
		path := filepath.Join(dir, kt[1])
		run(append(kt, "-q", "-N", "", "-C", "", "-f", path)...)
		for _, line := range strings.Split(strings.TrimSpace(run("-r", "bastion.example.fr.", "-f", path+".pub")), "\n") {
			rr, err := dns.NewRR(line)
			if err != nil {
				t.Fatalf("ssh-keygen -r line %q: %v", line, err)
			}
			r.addRR(rr)
			x := rr.(*dns.SSHFP)
			served = append(served, SSHFP{Algorithm: x.Algorithm, Type: x.Type, Fingerprint: x.FingerPrint})
		}
		pub, err := os.ReadFile(path + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		k, _, _, _, err := ssh.ParseAuthorizedKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	if len(served) != 2*len(keys) {
		t.Fatalf("ssh-keygen -r gave %d records for %d keys", len(served), len(keys))
	}

	o := NewProber(testConfig(r.serve(t))).ProbeSSH(context.Background(), "bastion.example.fr")
	if o.SSHFP.Lookup.State != Present || !o.SSHFP.Lookup.Authenticated || len(o.SSHFP.Records) != len(served) {
		t.Fatalf("SSHFP %+v", o.SSHFP)
	}
	for i, got := range o.SSHFP.Records {
		want := served[i]
		if got.Algorithm != want.Algorithm || got.Type != want.Type || got.Fingerprint != want.Fingerprint {
			t.Errorf("record %d: %+v, served %+v", i, got, want)
		}
	}
	// Each key's fingerprints are among the records, under the algorithm
	// whose registry entry names the key's type.
	for _, k := range keys {
		blob := k.Marshal()
		s1, s256 := sha1.Sum(blob), sha256.Sum256(blob)
		if b64 := base64.RawStdEncoding.EncodeToString(s256[:]); ssh.FingerprintSHA256(k) != "SHA256:"+b64 {
			t.Fatalf("%s: SHA-256 of the blob %s, ssh says %s", k.Type(), b64, ssh.FingerprintSHA256(k))
		}
		for _, want := range []struct {
			typ string
			fp  []byte
		}{{"SHA-1", s1[:]}, {"SHA-256", s256[:]}} {
			found := false
			for _, rec := range o.SSHFP.Records {
				a, ok := SSHFPAlgorithmByNumber(rec.Algorithm)
				if ok && slices.Contains(a.KeyTypes, k.Type()) && rec.TypeName == want.typ && rec.Fingerprint == hex.EncodeToString(want.fp) {
					typ, _ := SSHFPTypeByNumber(rec.Type)
					found = len(rec.Fingerprint)/2 == typ.Size
				}
			}
			if !found {
				t.Errorf("%s: no %s record of %x", k.Type(), want.typ, want.fp)
			}
		}
	}
}
