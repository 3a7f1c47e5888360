package pki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// defectList renders defects as code@served-index ("code@-" when the
// certificate was not served, "code" when the defect is about no one
// certificate).
func defectList(ds []Defect) []string {
	out := []string{}
	for _, d := range ds {
		switch {
		case d.ServedIndex != nil:
			out = append(out, fmt.Sprintf("%s@%d", d.Code, *d.ServedIndex))
		case d.Cert != "":
			out = append(out, string(d.Code)+"@-")
		default:
			out = append(out, string(d.Code))
		}
	}
	return out
}

func ders(cs ...*issued) [][]byte {
	out := make([][]byte, len(cs))
	for i, c := range cs {
		out[i] = c.der
	}
	return out
}

func shas(cs ...*issued) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.sha())
	}
	return out
}

// distrustAfter is a constraint like the bundle's.
func distrustAfter(date time.Time) func([]*x509.Certificate) error {
	return func(chain []*x509.Certificate) error {
		for _, c := range chain {
			if c.NotBefore.After(date) {
				return fmt.Errorf("certificate issued after distrust-after date %q", date)
			}
		}
		return nil
	}
}

type chainCase struct {
	name       string
	chain      [][]byte
	pool       *Pool
	serverName string
	trusted    bool
	match      bool
	defects    []string
	path       []string // empty: not checked
	anchor     string
}

func runChainCases(t *testing.T, cases []chainCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(tt.chain, AnalyzeOptions{Roots: tt.pool, ServerName: tt.serverName, Now: testNow})
			if got := defectList(r.Defects); !slices.Equal(got, tt.defects) {
				t.Errorf("defects = %q, want %q\n%s", got, tt.defects, dump(r))
			}
			if r.Trusted != tt.trusted {
				t.Errorf("trusted = %v, want %v\n%s", r.Trusted, tt.trusted, dump(r))
			}
			if r.HostnameMatch != tt.match {
				t.Errorf("hostname_match = %v, want %v", r.HostnameMatch, tt.match)
			}
			if tt.path != nil && !slices.Equal(r.Path, tt.path) {
				t.Errorf("path = %q, want %q", r.Path, tt.path)
			}
			if r.Anchor != tt.anchor {
				t.Errorf("anchor = %q, want %q", r.Anchor, tt.anchor)
			}
			if r.Trusted {
				for _, d := range r.Defects {
					if d.Code.blocking() {
						t.Errorf("trusted with blocking defect %s", d.Code)
					}
				}
			}
		})
	}
}

func dump(r ChainReport) string {
	b, _ := json.MarshalIndent(r, "", "  ")
	return string(b)
}

func TestAnalyzeChains(t *testing.T) {
	p := newTestPKI(t, "base")
	pool := testPool(t, p.root)
	name := "www.example.test"

	// An intermediate with the same name as p.inter but another key: it
	// did not sign p.leaf.
	impostor := issue(t, intermediateTemplate("base Intermediate"), p.root, testKey(t, "p256-impostor"))
	unrelated := newTestPKI(t, "other")

	// Validity problems.
	expiredTmpl := leafTemplate(name)
	expiredTmpl.NotBefore, expiredTmpl.NotAfter = testNow.AddDate(-1, 0, 0), testNow.AddDate(0, 0, -1)
	expired := issue(t, expiredTmpl, p.inter, testKey(t, "p256-expired"))
	futureTmpl := leafTemplate(name)
	futureTmpl.NotBefore, futureTmpl.NotAfter = testNow.AddDate(0, 0, 1), testNow.AddDate(1, 0, 0)
	future := issue(t, futureTmpl, p.inter, testKey(t, "p256-future"))
	expiredInterTmpl := intermediateTemplate("Expired Intermediate")
	expiredInterTmpl.NotAfter = testNow.AddDate(0, -1, 0)
	expiredInter := issue(t, expiredInterTmpl, p.root, testKey(t, "p256-expired-inter"))
	leafOfExpired := issue(t, leafTemplate(name), expiredInter, testKey(t, "p256-leaf-of-expired"))

	// A self-signed leaf.
	selfTmpl := leafTemplate(name)
	selfSigned := issue(t, selfTmpl, nil, testKey(t, "p256-self"))

	// A leaf for client authentication only.
	clientTmpl := leafTemplate(name)
	clientTmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	clientLeaf := issue(t, clientTmpl, p.inter, testKey(t, "p256-client"))

	// An intermediate (same name and key) cross-issued twice: once
	// expired, once valid.
	crossKey := testKey(t, "p256-cross")
	crossOld := intermediateTemplate("Cross Intermediate")
	crossOld.NotAfter = testNow.AddDate(0, 0, -10)
	crossExpired := issue(t, crossOld, p.root, crossKey)
	crossValid := issue(t, intermediateTemplate("Cross Intermediate"), p.root, crossKey)
	crossLeaf := issue(t, leafTemplate(name), crossValid, testKey(t, "p256-cross-leaf"))

	wildLeaf := issue(t, leafTemplate("*.example.test"), p.inter, testKey(t, "p256-wild"))

	runChainCases(t, []chainCase{
		{name: "pass - wildcard name", chain: ders(wildLeaf, p.inter), pool: pool, serverName: "mail.example.test",
			trusted: true, match: true, defects: []string{}, anchor: p.root.sha()},
		{name: "fail - wildcard covers one label only", chain: ders(wildLeaf, p.inter), pool: pool, serverName: "a.mail.example.test",
			trusted: true, defects: []string{"name_mismatch@0"}, anchor: p.root.sha()},
		{name: "fail - wildcard does not cover the bare domain", chain: ders(wildLeaf, p.inter), pool: pool, serverName: "example.test",
			trusted: true, defects: []string{"name_mismatch@0"}, anchor: p.root.sha()},
		{name: "pass - root not served", chain: ders(p.leaf, p.inter), pool: pool, serverName: name,
			trusted: true, match: true, defects: []string{}, path: shas(p.leaf, p.inter, p.root), anchor: p.root.sha()},
		{name: "pass - root served", chain: ders(p.leaf, p.inter, p.root), pool: pool, serverName: name,
			trusted: true, match: true, defects: []string{}, path: shas(p.leaf, p.inter, p.root), anchor: p.root.sha()},
		{name: "fail - served in wrong order", chain: ders(p.leaf, p.root, p.inter), pool: pool, serverName: name,
			trusted: true, match: true, defects: []string{"wrong_order"}, path: shas(p.leaf, p.inter, p.root), anchor: p.root.sha()},
		{name: "fail - missing intermediate", chain: ders(p.leaf), pool: pool, serverName: name,
			match: true, defects: []string{"missing_intermediate@0"}, path: shas(p.leaf)},
		{name: "fail - missing intermediate, root served", chain: ders(p.leaf, p.root), pool: pool, serverName: name,
			match: true, defects: []string{"extraneous_certificate@1", "missing_intermediate@0"}, path: shas(p.leaf)},
		{name: "fail - untrusted root", chain: ders(p.leaf, p.inter, p.root), pool: NewPool(), serverName: name,
			match: true, defects: []string{"untrusted_root@2"}, path: shas(p.leaf, p.inter, p.root)},
		{name: "fail - untrusted root not served", chain: ders(p.leaf, p.inter), pool: nil, serverName: name,
			match: true, defects: []string{"missing_intermediate@1"}, path: shas(p.leaf, p.inter)},
		{name: "fail - self-signed leaf", chain: ders(selfSigned), pool: pool, serverName: name,
			match: true, defects: []string{"untrusted_root@0"}, path: shas(selfSigned)},
		{name: "fail - expired leaf", chain: ders(expired, p.inter), pool: pool, serverName: name,
			match: true, defects: []string{"expired@0"}, anchor: p.root.sha()},
		{name: "fail - leaf not yet valid", chain: ders(future, p.inter), pool: pool, serverName: name,
			match: true, defects: []string{"not_yet_valid@0"}, anchor: p.root.sha()},
		{name: "fail - expired intermediate served in wrong order", chain: ders(leafOfExpired, p.root, expiredInter), pool: pool, serverName: name,
			match: true, defects: []string{"wrong_order", "expired@2"}, anchor: p.root.sha()},
		{name: "fail - name mismatch", chain: ders(p.leaf, p.inter), pool: pool, serverName: "mail.example.test",
			trusted: true, defects: []string{"name_mismatch@0"}, anchor: p.root.sha()},
		{name: "pass - no server name", chain: ders(p.leaf, p.inter), pool: pool,
			trusted: true, defects: []string{}, anchor: p.root.sha()},
		{name: "fail - extraneous certificates", chain: ders(p.leaf, p.inter, unrelated.inter, p.inter), pool: pool, serverName: name,
			trusted: true, match: true, defects: []string{"extraneous_certificate@2", "extraneous_certificate@3"}, anchor: p.root.sha()},
		{name: "fail - issuer name matches, signature does not", chain: ders(p.leaf, impostor), pool: pool, serverName: name,
			match: true, defects: []string{"extraneous_certificate@1", "invalid_signature@0"}, path: shas(p.leaf)},
		{name: "fail - not for server authentication", chain: ders(clientLeaf, p.inter), pool: pool, serverName: name,
			match: true, defects: []string{"verify_failed@0"}, anchor: p.root.sha()},
		{name: "pass - valid cross-issued intermediate preferred", chain: ders(crossLeaf, crossExpired, crossValid), pool: pool, serverName: name,
			trusted: true, match: true, defects: []string{"extraneous_certificate@1"}, path: shas(crossLeaf, crossValid, p.root), anchor: p.root.sha()},
		{name: "fail - unparseable certificate served", chain: [][]byte{p.leaf.der, {0x30, 0x03, 0x02, 0x01, 0x01}, p.inter.der}, pool: pool, serverName: name,
			trusted: true, match: true, defects: []string{"unparseable_certificate@1"}, anchor: p.root.sha()},
	})
}

func TestAnalyzeSHA1(t *testing.T) {
	rootTmpl := rootTemplate("SHA1 Root")
	rootTmpl.SignatureAlgorithm = x509.SHA1WithRSA
	root := issue(t, rootTmpl, nil, testKey(t, "rsa2048-sha1-root"))
	interTmpl := intermediateTemplate("SHA1 Intermediate")
	interTmpl.SignatureAlgorithm = x509.SHA1WithRSA
	inter := issue(t, interTmpl, root, testKey(t, "rsa2048-sha1-inter"))
	leaf := issue(t, leafTemplate("sha1.example.test"), inter, testKey(t, "p256-sha1-leaf"))
	goodInter := issue(t, intermediateTemplate("SHA256 Intermediate"), root, testKey(t, "p256-sha256-inter"))
	goodLeaf := issue(t, leafTemplate("sha1.example.test"), goodInter, testKey(t, "p256-sha256-leaf"))
	pool := testPool(t, root)
	runChainCases(t, []chainCase{
		{name: "fail - SHA-1 intermediate", chain: ders(leaf, inter, root), pool: pool, serverName: "sha1.example.test",
			match: true, defects: []string{"sha1_in_chain@1"}, path: shas(leaf, inter, root), anchor: root.sha()},
		{name: "pass - SHA-1 root self-signature only", chain: ders(goodLeaf, goodInter, root), pool: pool, serverName: "sha1.example.test",
			trusted: true, match: true, defects: []string{}, path: shas(goodLeaf, goodInter, root), anchor: root.sha()},
		{name: "fail - SHA-1 root self-signature, untrusted root", chain: ders(goodLeaf, goodInter, root), pool: NewPool(), serverName: "sha1.example.test",
			match: true, defects: []string{"untrusted_root@2"}},
	})
	// The root's SHA-1 self-signature is said, as a note.
	r := Analyze(ders(goodLeaf, goodInter, root), AnalyzeOptions{Roots: pool, Now: testNow})
	if len(r.Notes) != 1 || r.Notes[0].Code != NoteWeakSignatureIgnored || r.Notes[0].Cert != root.sha() {
		t.Errorf("notes = %+v", r.Notes)
	}
	// Not served, the anchor's self-signature is not relied upon either.
	r = Analyze(ders(goodLeaf, goodInter), AnalyzeOptions{Roots: pool, Now: testNow})
	if !r.Trusted || len(r.Notes) != 1 || r.Notes[0].ServedIndex != nil {
		t.Errorf("trusted %v, notes = %+v", r.Trusted, r.Notes)
	}
}

func TestAnalyzeDistrustedRoot(t *testing.T) {
	p := newTestPKI(t, "distrust")
	pool := NewPool()
	date := p.leaf.cert.NotBefore.Add(-24 * time.Hour)
	a := &anchor{cert: p.root.cert, constraint: distrustAfter(date)}
	a.Source, a.Constrained, a.DistrustAfter = "test", true, date
	pool.add(a)
	oldTmpl := leafTemplate("www.example.test")
	oldTmpl.NotBefore = date.Add(-48 * time.Hour)
	oldLeaf := issue(t, oldTmpl, p.inter, testKey(t, "p256-distrust-old"))
	runChainCases(t, []chainCase{
		{name: "fail - leaf issued after distrust date", chain: ders(p.leaf, p.inter), pool: pool, serverName: "www.example.test",
			match: true, defects: []string{"distrusted_root@-"}, anchor: p.root.sha()},
		{name: "pass - leaf issued before distrust date", chain: ders(oldLeaf, p.inter), pool: pool, serverName: "www.example.test",
			trusted: true, match: true, defects: []string{}, anchor: p.root.sha()},
	})
	r := Analyze(ders(p.leaf, p.inter), AnalyzeOptions{Roots: pool, Now: testNow})
	if d := r.Defects[0]; d.Cert != p.root.sha() || !strings.Contains(d.Detail, date.Format(time.RFC3339)) {
		t.Errorf("distrust defect = %+v", d)
	}
}

func TestAnalyzeCAFileAnchor(t *testing.T) {
	p := newTestPKI(t, "cafile")
	dir := t.TempDir()
	path := filepath.Join(dir, "ca.pem")
	// The file names the intermediate, not the root: it is the anchor.
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.inter.der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	pool := NewPool()
	if err := pool.AddCAFile(path); err != nil {
		t.Fatal(err)
	}
	runChainCases(t, []chainCase{
		{name: "pass - intermediate from a CA file as anchor", chain: ders(p.leaf), pool: pool, serverName: "example.test",
			trusted: true, match: true, defects: []string{}, path: shas(p.leaf, p.inter), anchor: p.inter.sha()},
		{name: "pass - anchor served", chain: ders(p.leaf, p.inter), pool: pool, serverName: "example.test",
			trusted: true, match: true, defects: []string{}, path: shas(p.leaf, p.inter), anchor: p.inter.sha()},
	})
	r := Analyze(ders(p.leaf, p.inter), AnalyzeOptions{Roots: pool, Now: testNow})
	if r.AnchorSource != path || !r.AnchorServed {
		t.Errorf("anchor source %q served %v", r.AnchorSource, r.AnchorServed)
	}
	r = Analyze(ders(p.leaf), AnalyzeOptions{Roots: pool, Now: testNow})
	if r.AnchorServed {
		t.Error("anchor reported served")
	}
	// The same chain against the Mozilla roots alone is not trusted, and
	// against the Mozilla roots plus the file, it is.
	moz, err := LoadPool()
	if err != nil {
		t.Fatal(err)
	}
	if r := Analyze(ders(p.leaf, p.inter), AnalyzeOptions{Roots: moz, Now: testNow}); r.Trusted ||
		!slices.Equal(defectList(r.Defects), []string{"missing_intermediate@1"}) {
		t.Errorf("against Mozilla: trusted %v defects %q", r.Trusted, defectList(r.Defects))
	}
	both, err := LoadPool(path)
	if err != nil {
		t.Fatal(err)
	}
	if r := Analyze(ders(p.leaf, p.inter), AnalyzeOptions{Roots: both, Now: testNow}); !r.Trusted {
		t.Errorf("against Mozilla and the CA file: not trusted: %s", dump(r))
	}
	if s := both.Store(); s.ExtraRoots != 1 || !slices.Equal(s.ExtraSources, []string{path}) || s.MozillaRoots != moz.Len() {
		t.Errorf("store = %+v", s)
	}
}

func TestAnalyzeKeyKinds(t *testing.T) {
	for _, kind := range []string{"rsa2048", "p256", "p384", "ed25519"} {
		t.Run(kind, func(t *testing.T) {
			root := issue(t, rootTemplate(kind+" Root"), nil, testKey(t, kind+"-kk-root"))
			inter := issue(t, intermediateTemplate(kind+" Intermediate"), root, testKey(t, kind+"-kk-inter"))
			leaf := issue(t, leafTemplate("kk.example.test"), inter, testKey(t, kind+"-kk-leaf"))
			r := Analyze(ders(leaf, inter), AnalyzeOptions{Roots: testPool(t, root), ServerName: "kk.example.test", Now: testNow})
			if !r.Trusted || !r.HostnameMatch || len(r.Defects) != 0 || !slices.Equal(r.Path, shas(leaf, inter, root)) {
				t.Errorf("%s", dump(r))
			}
		})
	}
}

func TestAnalyzeUnknowns(t *testing.T) {
	r := Analyze(nil, AnalyzeOptions{Now: testNow})
	if r.Trusted || len(r.Unknown) != 2 || r.Unknown[0].Reason != "no_certificate" {
		t.Errorf("empty chain: %s", dump(r))
	}
	r = Analyze([][]byte{{0x30, 0x00}}, AnalyzeOptions{Now: testNow, ServerName: "x.test"})
	if r.Trusted || len(r.Unknown) != 2 || r.Unknown[0].Reason != "leaf_unparseable" ||
		!slices.Equal(defectList(r.Defects), []string{"unparseable_certificate@0"}) {
		t.Errorf("garbage leaf: %s", dump(r))
	}
	p := newTestPKI(t, "unk")
	r = Analyze(ders(p.leaf, p.inter), AnalyzeOptions{Roots: testPool(t, p.root), Now: testNow})
	if len(r.Unknown) != 1 || r.Unknown[0].Fact != "hostname_match" || r.Unknown[0].Reason != "no_server_name" {
		t.Errorf("no server name: %+v", r.Unknown)
	}
	// A hostile number of certificates is cut, and said.
	many := make([][]byte, 100)
	for i := range many {
		many[i] = p.inter.der
	}
	many[0] = p.leaf.der
	r = Analyze(many, AnalyzeOptions{Roots: testPool(t, p.root), Now: testNow})
	if len(r.Served) != MaxChainCertificates || len(r.Notes) != 1 || r.Notes[0].Code != NoteTruncated || !r.Trusted {
		t.Errorf("100 certificates: served %d notes %+v trusted %v", len(r.Served), r.Notes, r.Trusted)
	}
}

// Many certificates with the same name, each signing the others: path
// building stays bounded.
func TestAnalyzeHostileMesh(t *testing.T) {
	key := testKey(t, "p256-mesh")
	tmpl := intermediateTemplate("Mesh")
	var mesh []*issued
	first := issue(t, tmpl, nil, key)
	mesh = append(mesh, first)
	for i := 0; i < 20; i++ {
		tmpl := intermediateTemplate("Mesh")
		mesh = append(mesh, issue(t, tmpl, first, testKey(t, fmt.Sprintf("p256-mesh-%d", i))))
	}
	leaf := issue(t, leafTemplate("mesh.example.test"), mesh[3], testKey(t, "p256-mesh-leaf"))
	start := time.Now()
	r := Analyze(append([][]byte{leaf.der}, ders(mesh...)...), AnalyzeOptions{Now: testNow})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("analysis took %v", d)
	}
	if r.Trusted {
		t.Error("mesh trusted")
	}
}

func TestHostnameMatching(t *testing.T) {
	wild := &x509.Certificate{DNSNames: []string{"*.example.test", "Exact.Example.Org."}, IPAddresses: []net.IP{net.ParseIP("192.0.2.1"), net.ParseIP("2001:db8::1")}}
	cnOnly := &x509.Certificate{Subject: pkix.Name{CommonName: "cn.example.test"}}
	cnOnly.Subject.Names = []pkix.AttributeTypeAndValue{{Type: []int{2, 5, 4, 3}, Value: "cn.example.test"}}
	sanAndCN := &x509.Certificate{DNSNames: []string{"san.example.test"}}
	sanAndCN.Subject.Names = []pkix.AttributeTypeAndValue{{Type: []int{2, 5, 4, 3}, Value: "cn.example.test"}}
	partial := &x509.Certificate{DNSNames: []string{"w*.example.test", "*.*.example.test", "*.test", "a.*.example.test", "*"}}
	tests := []struct {
		cert *x509.Certificate
		name string
		by   string
	}{
		{wild, "www.example.test", MatchedSANDNS},
		{wild, "WWW.Example.Test.", MatchedSANDNS},
		{wild, "example.test", ""},     // the wildcard needs a label
		{wild, "a.b.example.test", ""}, // and matches one label only
		{wild, ".example.test", ""},    // not an empty one
		{wild, "exact.example.org", MatchedSANDNS},
		{wild, "192.0.2.1", MatchedSANIP},
		{wild, "[2001:db8::1]", MatchedSANIP},
		{wild, "2001:db8:0::1", MatchedSANIP},
		{wild, "192.0.2.2", ""},
		{cnOnly, "cn.example.test", MatchedCN},
		{cnOnly, "other.example.test", ""},
		{cnOnly, "", ""},
		{sanAndCN, "cn.example.test", ""}, // no CN fallback when a dNSName is present
		{sanAndCN, "san.example.test", MatchedSANDNS},
		{partial, "www.example.test", ""},
		{partial, "a.b.example.test", ""},
		{partial, "x.test", ""},
		{partial, "a.x.example.test", ""},
		{partial, "localhost", ""},
	}
	for _, tt := range tests {
		by, ok := matchHostname(tt.cert, tt.name)
		if by != tt.by || ok != (tt.by != "") {
			t.Errorf("match(%v, %q) = %q %v, want %q", tt.cert.DNSNames, tt.name, by, ok, tt.by)
		}
	}
}

func TestChainReportJSON(t *testing.T) {
	p := newTestPKI(t, "json")
	r := Analyze(ders(p.leaf, p.root), AnalyzeOptions{Roots: testPool(t, p.root), ServerName: "www.example.test", Now: testNow})
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back ChainReport
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("JSON round trip changed the report:\n%s\n%s", dump(r), dump(back))
	}
	for _, k := range []string{`"trusted":false`, `"hostname_match":true`, `"defects":[{"code":"extraneous_certificate"`, `"served_index":1`, `"path":["`} {
		if !strings.Contains(string(data), k) {
			t.Errorf("JSON lacks %s: %s", k, data)
		}
	}
}
