package jurisdiction

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"slices"
	"strings"
	"testing"
)

// TestClassifyRealRoots classifies real roots served alone: the root is also
// the leaf's issuer.
func TestClassifyRealRoots(t *testing.T) {
	tests := []struct {
		name, file, owner string
		class             Class
		euControlled      bool
	}{
		{"EU - HARICA (GR, parent GUnet GR)", "harica-tls-rsa-root-ca-2021.pem", "HARICA", EU, true},
		{"EU, control unverified - Certigna (FR)", "certigna-root-ca.pem", "Certigna", EU, false},
		{"EU entity under non-EU control - GlobalSign (BE, parent JP)", "globalsign-root-r46.pem", "GlobalSign nv-sa", EUEntityNonEUControl, false},
		{"other - GlobalSign-named root owned by Google", "globalsign-ecc-root-ca-r4.pem", "Google Trust Services LLC", Other, false},
		{"other - ISRG Root X1 (US)", "isrg-root-x1.pem", "Internet Security Research Group", Other, false},
		{"EEA - Buypass (NO)", "buypass-class-2-root-ca.pem", "Buypass", EEA, false},
		{"other - GTS Root R1 (US)", "gts-root-r1.pem", "Google Trust Services LLC", Other, false},
	}
	db := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testCert(t, tt.file)
			cc := db.ClassifyChain(chainOf(root))
			if cc.Class != tt.class || cc.EUControlled != tt.euControlled {
				t.Errorf("chain class %s, EUControlled %v; want %s, %v", cc.Class, cc.EUControlled, tt.class, tt.euControlled)
			}
			for _, id := range []Identification{cc.Root, cc.Intermediate} {
				if id.Owner == nil || id.Owner.Name != tt.owner {
					t.Fatalf("%s: owner %v, want %s", id.Role, id.Owner, tt.owner)
				}
				if id.MatchedBy != MatchCertSHA256 || id.Hops != 0 || id.CertSHA256 != certSHA256(root) || id.AnchorSHA256 != certSHA256(root) {
					t.Errorf("%s: matched by %s (hops %d) on %s, want cert_sha256 on the root itself", id.Role, id.MatchedBy, id.Hops, id.AnchorSHA256)
				}
				if id.Class != tt.class || id.Hint != "" || id.FromUserFile {
					t.Errorf("%s: class %s, hint %q, user file %v", id.Role, id.Class, id.Hint, id.FromUserFile)
				}
			}
			if cc.Root.Role != RoleRoot || cc.Intermediate.Role != RoleIntermediate {
				t.Errorf("roles %s, %s", cc.Root.Role, cc.Intermediate.Role)
			}
			if len(cc.Anchors) != 1 || cc.DataVersion != DataVersion {
				t.Errorf("%d anchors, data version %q", len(cc.Anchors), cc.DataVersion)
			}
		})
	}
}

// TestClassifyServedChainWithoutRoot: www.google.com as served (leaf and
// GTS CA 1C3, no root). The root is found through the intermediate's AKI and
// its signature checked with the bundle's GTS Root R1.
func TestClassifyServedChainWithoutRoot(t *testing.T) {
	leaf, inter, root := testCert(t, "www.google.com.pem"), testCert(t, "gts-ca-1c3.pem"), testCert(t, "gts-root-r1.pem")
	cc := Default().ClassifyChain(chainOf(leaf, inter))

	r := cc.Root
	if r.CertSHA256 != certSHA256(root) || r.Subject != root.Subject.String() {
		t.Errorf("root %s %q, want GTS Root R1 %s", r.CertSHA256, r.Subject, certSHA256(root))
	}
	if r.MatchedBy != MatchAKI || !r.SignatureVerified || r.Hops != 0 || r.Owner.Name != "Google Trust Services LLC" || r.Class != Other {
		t.Errorf("root: matched by %s, verified %v, hops %d, owner %s, class %s", r.MatchedBy, r.SignatureVerified, r.Hops, r.Owner.Name, r.Class)
	}

	i := cc.Intermediate
	if i.CertSHA256 != certSHA256(inter) || i.MatchedBy != MatchAKI || i.Hops != 1 || !i.SignatureVerified ||
		i.AnchorSHA256 != certSHA256(root) || i.Owner.Name != "Google Trust Services LLC" || i.Class != Other {
		t.Errorf("intermediate: %s matched by %s, hops %d, verified %v, anchor %s, owner %s, class %s",
			i.CertSHA256, i.MatchedBy, i.Hops, i.SignatureVerified, i.AnchorSHA256, i.Owner.Name, i.Class)
	}
	if !containsText(i.Caveats, "externally operated sub-CA") {
		t.Errorf("intermediate caveats %q do not warn that sub-CA operators are not known", i.Caveats)
	}
	if cc.Class != Other || cc.EUControlled {
		t.Errorf("chain %s, EUControlled %v", cc.Class, cc.EUControlled)
	}
}

// TestClassifyChainOrderAndExtras: the same chain with the root, out of
// order, with an unrelated root added: the path is rebuilt from the leaf.
func TestClassifyChainOrderAndExtras(t *testing.T) {
	leaf, inter, root := testCert(t, "www.google.com.pem"), testCert(t, "gts-ca-1c3.pem"), testCert(t, "gts-root-r1.pem")
	cc := Default().ClassifyChain(chainOf(leaf, testCert(t, "harica-tls-rsa-root-ca-2021.pem"), root, inter))
	if cc.Root.CertSHA256 != certSHA256(root) || cc.Root.MatchedBy != MatchCertSHA256 {
		t.Errorf("root %s matched by %s, want the served GTS Root R1 by cert_sha256", cc.Root.Subject, cc.Root.MatchedBy)
	}
	if cc.Intermediate.CertSHA256 != certSHA256(inter) || cc.Intermediate.Hops != 1 || !cc.Intermediate.SignatureVerified {
		t.Errorf("intermediate %s hops %d verified %v", cc.Intermediate.Subject, cc.Intermediate.Hops, cc.Intermediate.SignatureVerified)
	}
	if len(cc.Anchors) != 1 || cc.Class != Other {
		t.Errorf("%d anchors (the unrelated HARICA root must be ignored), class %s", len(cc.Anchors), cc.Class)
	}
}

// TestClassifyByAKIOnly: a generated intermediate whose AKI is HARICA's root
// SKI, but signed by another key. It is classified by that root, with the
// link marked unverified and EUControlled false.
func TestClassifyByAKIOnly(t *testing.T) {
	harica := testCert(t, "harica-tls-rsa-root-ca-2021.pem")
	fakeParent := newCA(t, 7, caTemplate(7, harica.Subject, harica.SubjectKeyId), nil)
	inter := newCA(t, 6, caTemplate(6, pkix.Name{Country: []string{"GR"}, CommonName: "Not HARICA Issuing CA"}, skiOf(6)), fakeParent)
	if string(inter.cert.AuthorityKeyId) != string(harica.SubjectKeyId) {
		t.Fatal("the generated intermediate does not carry HARICA's key identifier")
	}
	leaf := newLeaf(t, 8, "aki.example", inter)
	cc := Default().ClassifyChain(chainOf(leaf, inter.cert))

	for _, id := range []Identification{cc.Root, cc.Intermediate} {
		if id.Owner == nil || id.Owner.Name != "HARICA" || id.Class != EU || id.MatchedBy != MatchAKI {
			t.Fatalf("%s: owner %v, class %s, matched by %s; want HARICA, EU, aki", id.Role, id.Owner, id.Class, id.MatchedBy)
		}
		if id.SignatureVerified || id.EUControlled || !containsText(id.Caveats, "not verified") {
			t.Errorf("%s: verified %v, EUControlled %v, caveats %q", id.Role, id.SignatureVerified, id.EUControlled, id.Caveats)
		}
	}
	if cc.Root.CertSHA256 != certSHA256(harica) || cc.Intermediate.CertSHA256 != certSHA256(inter.cert) || cc.Intermediate.Hops != 1 {
		t.Errorf("root %s, intermediate %s (hops %d)", cc.Root.Subject, cc.Intermediate.Subject, cc.Intermediate.Hops)
	}
	if cc.Class != EU || cc.EUControlled {
		t.Errorf("chain %s, EUControlled %v; want EU, false", cc.Class, cc.EUControlled)
	}
}

// TestClassifyByIssuerNameNeedsSignature: a certificate with HARICA's name
// as issuer, no AKI and someone else's signature is not identified: names
// are not evidence. The country is a hint only.
func TestClassifyByIssuerNameNeedsSignature(t *testing.T) {
	harica := testCert(t, "harica-tls-rsa-root-ca-2021.pem")
	tmpl := caTemplate(9, pkix.Name{}, nil)
	tmpl.RawSubject = harica.RawSubject
	tmpl.IsCA, tmpl.BasicConstraintsValid = false, false // no SKI generated, so no AKI below
	fakeParent := newCA(t, 9, tmpl, nil)
	inter := newCA(t, 10, caTemplate(10, pkix.Name{Country: []string{"DE"}, CommonName: "Named Like HARICA Child"}, skiOf(10)), fakeParent)
	if len(inter.cert.AuthorityKeyId) != 0 || string(inter.cert.RawIssuer) != string(harica.RawSubject) {
		t.Fatal("the generated intermediate has an AKI or not HARICA's name as issuer")
	}
	cc := Default().ClassifyChain(chainOf(newLeaf(t, 11, "name.example", inter), inter.cert))
	if cc.Class != Unknown || cc.Root.Class != Unknown || cc.Intermediate.Class != Unknown || cc.Root.Owner != nil {
		t.Fatalf("classes %s / %s / %s, want unknown", cc.Class, cc.Root.Class, cc.Intermediate.Class)
	}
	if !strings.HasPrefix(cc.Root.Hint, "issuer C=GR suggests EU") || cc.Root.CertSHA256 != "" {
		t.Errorf("root hint %q, sha %q", cc.Root.Hint, cc.Root.CertSHA256)
	}
	if !strings.HasPrefix(cc.Intermediate.Hint, "subject C=DE suggests EU") {
		t.Errorf("intermediate hint %q", cc.Intermediate.Hint)
	}
}

func TestClassifyPrivateRoot(t *testing.T) {
	p := newPrivatePKI(t)
	leaf := newLeaf(t, 12, "intranet.exemple.fr", p.issuing)
	chain := chainOf(leaf, p.issuing.cert, p.root.cert)

	t.Run("unknown without a user file, C=FR a hint only", func(t *testing.T) {
		cc := Default().ClassifyChain(chain)
		if cc.Class != Unknown || cc.Root.Class != Unknown || cc.Intermediate.Class != Unknown || cc.EUControlled {
			t.Fatalf("classes %s / %s / %s", cc.Class, cc.Root.Class, cc.Intermediate.Class)
		}
		if cc.Root.CertSHA256 != certSHA256(p.root.cert) || !strings.HasPrefix(cc.Root.Hint, "subject C=FR suggests EU") {
			t.Errorf("root %s hint %q", cc.Root.CertSHA256, cc.Root.Hint)
		}
		if len(cc.Anchors) != 0 || cc.Root.MatchedBy != "" {
			t.Errorf("%d anchors, matched by %q", len(cc.Anchors), cc.Root.MatchedBy)
		}
	})

	t.Run("EU when declared operated in FR, with the justification", func(t *testing.T) {
		db, err := Default().WithUserFile("testdata/private-ca.yaml")
		if err != nil {
			t.Fatal(err)
		}
		cc := db.ClassifyChain(chain)
		r := cc.Root
		if r.Class != EU || !r.EUControlled || !r.FromUserFile || r.MatchedBy != MatchCertSHA256 || r.EmbeddedOwner != nil {
			t.Fatalf("root: class %s, EUControlled %v, user %v, matched by %s", r.Class, r.EUControlled, r.FromUserFile, r.MatchedBy)
		}
		if !strings.Contains(r.Justification, "Exemple SA (Paris)") || r.Owner.Name != "Exemple Private Root CA" ||
			r.Owner.HQ != "FR" || r.Owner.Source != "testdata/private-ca.yaml:4" {
			t.Errorf("root: justification %q, owner %+v", r.Justification, r.Owner)
		}
		i := cc.Intermediate
		if i.Class != EU || i.Hops != 1 || i.MatchedBy != MatchAKI || !i.SignatureVerified || !i.FromUserFile || i.Justification != r.Justification {
			t.Errorf("intermediate: class %s, hops %d, matched by %s, verified %v", i.Class, i.Hops, i.MatchedBy, i.SignatureVerified)
		}
		if cc.Class != EU || !cc.EUControlled {
			t.Errorf("chain %s, EUControlled %v", cc.Class, cc.EUControlled)
		}
		// Served without its root, the chain cannot reach the declaration.
		if cc := db.ClassifyChain(chain[:2]); cc.Class != Unknown {
			t.Errorf("without the root: %s, want unknown (declared roots are known by hash only)", cc.Class)
		}
	})
}

// pemYAML indents a certificate's PEM for a YAML block scalar.
func pemYAML(c *x509.Certificate) string {
	p := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
	return "      " + strings.ReplaceAll(strings.TrimSpace(p), "\n", "\n      ") + "\n"
}

// TestUserCertificateAboveChain: a private root declared with its
// certificate is found above a chain served without it, by the AKI of the
// issuing CA, with the signature verified.
func TestUserCertificateAboveChain(t *testing.T) {
	p := newPrivatePKI(t)
	yaml := "cas:\n  - name: Exemple Private Root CA\n    operated_in: FR\n    parent_country: FR\n" +
		"    justification: root key in Exemple SA's HSM in Paris\n    certificate: |\n" + pemYAML(p.root.cert)
	db, err := Default().WithUserData("pem.yaml", strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	leaf := newLeaf(t, 14, "intranet.exemple.fr", p.issuing)
	cc := db.ClassifyChain(chainOf(leaf, p.issuing.cert))
	r := cc.Root
	if r.CertSHA256 != certSHA256(p.root.cert) || r.MatchedBy != MatchAKI || !r.SignatureVerified || !r.FromUserFile || r.Class != EU {
		t.Errorf("root %s matched by %s, verified %v, user %v, class %s", r.Subject, r.MatchedBy, r.SignatureVerified, r.FromUserFile, r.Class)
	}
	if i := cc.Intermediate; i.Hops != 1 || !i.SignatureVerified || i.Class != EU || i.Justification == "" {
		t.Errorf("intermediate hops %d, verified %v, class %s", i.Hops, i.SignatureVerified, i.Class)
	}
	if cc.Class != EU || !cc.EUControlled {
		t.Errorf("chain %s, EUControlled %v", cc.Class, cc.EUControlled)
	}
	// Served whole, the root matches by hash, as with cert_sha256.
	if cc := db.ClassifyChain(chainOf(leaf, p.issuing.cert, p.root.cert)); cc.Root.MatchedBy != MatchCertSHA256 || cc.Class != EU {
		t.Errorf("whole chain: root matched by %s, class %s", cc.Root.MatchedBy, cc.Class)
	}
}

// TestDeclaredIntermediateUnderUnknownRoot: declaring an intermediate does
// not vouch for the root above it.
func TestDeclaredIntermediateUnderUnknownRoot(t *testing.T) {
	p := newPrivatePKI(t)
	db, err := Default().WithUserFile("testdata/private-ca.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The US root is declared by hash only and not served: it cannot be
	// found, so the root is unknown although the intermediate is declared.
	cc := db.ClassifyChain(chainOf(newLeaf(t, 15, "shop.example.fr", p.frIntermediate), p.frIntermediate.cert))
	if cc.Intermediate.Class != EU || cc.Root.Class != Unknown || cc.Class != Unknown || cc.EUControlled {
		t.Errorf("intermediate %s, root %s, chain %s", cc.Intermediate.Class, cc.Root.Class, cc.Class)
	}
	if cc.Root.Subject != p.usRoot.cert.Subject.String() || !strings.HasPrefix(cc.Root.Hint, "issuer C=US suggests other") ||
		!containsText(cc.Root.Caveats, "is not identified") {
		t.Errorf("root %q hint %q caveats %q", cc.Root.Subject, cc.Root.Hint, cc.Root.Caveats)
	}
}

// TestUserFileSPKI: a root re-issued with the same key matches a declaration
// by SPKI hash, not one by certificate hash.
func TestUserFileSPKI(t *testing.T) {
	p := newPrivatePKI(t)
	if certSHA256(p.root.cert) == certSHA256(p.rootReissued.cert) || spkiSHA256(p.root.cert) != spkiSHA256(p.rootReissued.cert) {
		t.Fatal("the re-issued root must differ by certificate and share the key")
	}
	byCert, err := Default().WithUserFile("testdata/private-ca.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cc := byCert.ClassifyChain(chainOf(p.rootReissued.cert)); cc.Class != Unknown {
		t.Errorf("declared by certificate hash, the re-issued root is %s, want unknown", cc.Class)
	}
	yaml := "cas:\n  - name: Exemple root key\n    spki_sha256: " + spkiSHA256(p.root.cert) +
		"\n    operated_in: FR\n    parent_country: FR\n    justification: key held by Exemple SA\n"
	bySPKI, err := Default().WithUserData("spki.yaml", strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*x509.Certificate{p.root.cert, p.rootReissued.cert} {
		cc := bySPKI.ClassifyChain(chainOf(c))
		if cc.Root.MatchedBy != MatchSPKISHA256 || cc.Root.Class != EU || cc.Root.Owner.Name != "Exemple root key" || cc.Root.CertSHA256 != certSHA256(c) {
			t.Errorf("serial %s: matched by %s, class %s", c.SerialNumber, cc.Root.MatchedBy, cc.Root.Class)
		}
	}
}

// TestClassifyWorseOfTwo: an intermediate declared as operated in France
// under a US root: the chain takes the worse class.
func TestClassifyWorseOfTwo(t *testing.T) {
	p := newPrivatePKI(t)
	db, err := Default().WithUserFile("testdata/private-ca.yaml")
	if err != nil {
		t.Fatal(err)
	}
	leaf := newLeaf(t, 13, "shop.example.fr", p.frIntermediate)
	cc := db.ClassifyChain(chainOf(leaf, p.frIntermediate.cert, p.usRoot.cert))
	if cc.Intermediate.Class != EU || cc.Intermediate.MatchedBy != MatchSPKISHA256 || cc.Intermediate.Owner.Name != "Example FR Issuing CA" {
		t.Errorf("intermediate %s by %s (%v)", cc.Intermediate.Class, cc.Intermediate.MatchedBy, cc.Intermediate.Owner)
	}
	if cc.Root.Class != Other || cc.Root.Owner.Name != "Example US Root" {
		t.Errorf("root %s (%v)", cc.Root.Class, cc.Root.Owner)
	}
	if cc.Class != Other || cc.EUControlled {
		t.Errorf("chain %s, EUControlled %v; want other, false", cc.Class, cc.EUControlled)
	}
	if len(cc.Anchors) != 2 || cc.Anchors[0].Owner.Name != "Example US Root" || cc.Anchors[1].Owner.Name != "Example FR Issuing CA" {
		t.Errorf("anchors %v, want the US root then the FR intermediate", cc.Anchors)
	}
}

// TestUserOverridesEmbedded: declarations replace the embedded class, and
// the result keeps what the data said.
func TestUserOverridesEmbedded(t *testing.T) {
	db, err := Default().WithUserFile("testdata/private-ca.yaml")
	if err != nil {
		t.Fatal(err)
	}
	certigna := testCert(t, "certigna-root-ca.pem")
	before := Default().ClassifyChain(chainOf(certigna))
	after := db.ClassifyChain(chainOf(certigna))
	if before.Root.EUControlled || before.Root.FromUserFile {
		t.Fatalf("embedded Certigna: EUControlled %v, user %v", before.Root.EUControlled, before.Root.FromUserFile)
	}
	r := after.Root
	if !r.EUControlled || !r.FromUserFile || !strings.Contains(r.Justification, "LR-2026-14") ||
		r.EmbeddedOwner == nil || r.EmbeddedOwner.Name != "Certigna" || r.MatchedBy != MatchCertSHA256 || r.Owner.Name != "Certigna" {
		t.Errorf("overridden Certigna: EUControlled %v, user %v, justification %q, embedded %v", r.EUControlled, r.FromUserFile, r.Justification, r.EmbeddedOwner)
	}

	isrg := testCert(t, "isrg-root-x1.pem")
	yaml := "cas:\n- name: ISRG as we see it\n  cert_sha256: " + certSHA256(isrg) +
		"\n  operated_in: FR\n  parent_country: FR\n  justification: a test of precedence only\n"
	db2, err := Default().WithUserData("isrg.yaml", strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	r = db2.ClassifyChain(chainOf(isrg)).Root
	if r.Class != EU || !r.FromUserFile || r.EmbeddedOwner == nil || r.EmbeddedOwner.Name != "Internet Security Research Group" || r.EmbeddedOwner.Class != Other {
		t.Errorf("declared ISRG: class %s, user %v, embedded %v", r.Class, r.FromUserFile, r.EmbeddedOwner)
	}
	if again := Default().ClassifyChain(chainOf(isrg)); again.Class != Other {
		t.Errorf("WithUserData changed the default database: ISRG is now %s", again.Class)
	}
}

func TestClassifyDegenerateChains(t *testing.T) {
	db := Default()
	if cc := db.ClassifyChain(nil); cc.Class != Unknown || cc.Root.Class != Unknown || cc.Intermediate.Class != Unknown || len(cc.Caveats) == 0 {
		t.Errorf("empty chain: %+v", cc)
	}
	cc := db.ClassifyChain([][]byte{[]byte("not a certificate")})
	if cc.Class != Unknown || !containsText(cc.Caveats, "could not be parsed") {
		t.Errorf("garbage: class %s, caveats %q", cc.Class, cc.Caveats)
	}
	// A root the data knows stays identified by hash even next to garbage.
	harica := testCert(t, "harica-tls-rsa-root-ca-2021.pem")
	if cc := db.ClassifyChain([][]byte{harica.Raw, []byte{0x30, 0x00}}); cc.Class != EU {
		t.Errorf("HARICA with a garbage extra: %s", cc.Class)
	}
	// The leaf alone: its issuer (GTS CA 1C3) is not in the data.
	cc = db.ClassifyChain(chainOf(testCert(t, "www.google.com.pem")))
	if cc.Class != Unknown || cc.Intermediate.Subject != "CN=GTS CA 1C3,O=Google Trust Services LLC,C=US" ||
		!strings.HasPrefix(cc.Intermediate.Hint, "issuer C=US suggests other") || cc.Intermediate.CertSHA256 != "" {
		t.Errorf("leaf alone: class %s, intermediate %q hint %q", cc.Class, cc.Intermediate.Subject, cc.Intermediate.Hint)
	}
	// ClassifyCertificates is the same over parsed certificates.
	leaf, inter := testCert(t, "www.google.com.pem"), testCert(t, "gts-ca-1c3.pem")
	a, b := db.ClassifyCertificates([]*x509.Certificate{leaf, inter}), db.ClassifyChain(chainOf(leaf, inter))
	if a.Root.CertSHA256 != b.Root.CertSHA256 || a.Class != b.Class || a.Intermediate.MatchedBy != b.Intermediate.MatchedBy {
		t.Error("ClassifyCertificates and ClassifyChain disagree")
	}
}

func containsText(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.Contains(x, s) })
}

// TestClassifyEmbeddedSPKI: HARICA's public key in a certificate signed by
// someone else (as a cross-sign would be): a new certificate hash, HARICA's
// SPKI hash, so it is identified through the embedded spki_sha256.
func TestClassifyEmbeddedSPKI(t *testing.T) {
	harica := testCert(t, "harica-tls-rsa-root-ca-2021.pem")
	other := newCA(t, 16, caTemplate(16, pkix.Name{CommonName: "Some Cross-Signing Root"}, skiOf(16)), nil)
	tmpl := caTemplate(17, pkix.Name{}, harica.SubjectKeyId)
	tmpl.RawSubject = harica.RawSubject
	der, err := x509.CreateCertificate(nil, tmpl, other.cert, harica.PublicKey, other.key)
	if err != nil {
		t.Fatal(err)
	}
	cross, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if spkiSHA256(cross) != spkiSHA256(harica) || certSHA256(cross) == certSHA256(harica) {
		t.Fatal("the cross-sign must share HARICA's key and differ by certificate")
	}
	// A leaf naming HARICA as issuer (its signature cannot verify: the
	// test has no HARICA key), served with the cross-sign.
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(18), Subject: pkix.Name{CommonName: "spki.example"},
		NotBefore: tmpl.NotBefore, NotAfter: tmpl.NotAfter}
	lookalike := newCA(t, 19, caTemplate(19, harica.Subject, harica.SubjectKeyId), nil)
	lookalike.cert.RawSubject = harica.RawSubject
	leafDER, err := x509.CreateCertificate(nil, leafTmpl, lookalike.cert, other.key.Public(), lookalike.key)
	if err != nil {
		t.Fatal(err)
	}
	cc := Default().ClassifyChain([][]byte{leafDER, cross.Raw})
	for _, id := range []Identification{cc.Root, cc.Intermediate} {
		if id.MatchedBy != MatchSPKISHA256 || id.CertSHA256 != certSHA256(cross) || id.AnchorSHA256 != certSHA256(harica) ||
			id.Owner == nil || id.Owner.Name != "HARICA" || id.Class != EU {
			t.Errorf("%s: matched by %s on %s (anchor %s), owner %v, class %s", id.Role, id.MatchedBy, id.CertSHA256, id.AnchorSHA256, id.Owner, id.Class)
		}
	}
	// The cross-signing root above is unknown, but HARICA's key is a root
	// by itself: the chain is EU.
	if cc.Class != EU || len(cc.Anchors) != 1 {
		t.Errorf("chain %s with %d anchors", cc.Class, len(cc.Anchors))
	}
}
