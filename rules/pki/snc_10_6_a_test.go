package pkirules_test

import (
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// realRoot reads a CA certificate of rules/jurisdiction/testdata (an
// openssl text dump followed by the PEM); it signs with a fixture key (see
// fixture.Cert.As).
func realRoot(t *testing.T, name string) fixture.Cert {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "jurisdiction", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", name)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return fixture.Cert{DER: block.Bytes, X509: c}.As(fixture.RSAKey("rsa2048-ca"))
}

// servedWith is an endpoint serving a leaf issued in root's name, and root.
func servedWith(root fixture.Cert) *fixture.Builder {
	leaf := root.Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key)
	return compliant().Chains(fixture.TrustedChain("example.fr", "mozilla", nil, leaf, root))
}

// declared is a context whose jurisdiction data has the declarations of
// yaml.
func declared(t *testing.T, yaml string) func(*rules.Context) {
	db, err := jurisdiction.Default().WithUserData("cas.yaml", strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return func(c *rules.Context) { c.Jurisdiction = db }
}

func TestSNC1006a(t *testing.T) {
	private := fixture.ExempleRoot()
	privateLeaf := fixture.ExempleIssuing().Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key)
	rootPEM := strings.ReplaceAll(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: private.DER})), "\n", "\n      ")
	byHash := declared(t, `cas:
  - name: Exemple Root CA
    cert_sha256: `+private.SHA256()+`
    operated_in: FR
    parent_country: FR
    justification: operated by the Exemple PKI team in Rennes, keys in its HSMs (PKI-POL-1 §2)
`)
	byCert := declared(t, `cas:
  - name: Exemple Root CA
    operated_in: FR
    parent_country: FR
    justification: operated by the Exemple PKI team in Rennes, keys in its HSMs (PKI-POL-1 §2)
    certificate: |
      `+rootPEM+`
`)
	usDeclared := declared(t, `cas:
  - name: Exemple Root CA
    cert_sha256: `+private.SHA256()+`
    operated_in: US
    parent_country: US
    justification: group root run by Exemple Inc in Austin
`)
	served := compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil, privateLeaf, fixture.ExempleIssuing(), private)).Result()
	unserved := compliant().Chains(privateChain(privateLeaf)).Result()
	runCases(t, "SNC-10.6.a", []tcase{
		{name: "pass - HARICA (GR, parent GUnet GR)", res: compliant().Result()},
		{name: "pass - HARICA from its testdata certificate", res: servedWith(realRoot(t, "harica-tls-rsa-root-ca-2021.pem")).Result()},
		{name: "warn - Certigna (FR, ultimate owner unverified)", res: servedWith(realRoot(t, "certigna-root-ca.pem")).Result(),
			why: []string{"owner Certigna (FR"}},
		{name: "fail - ISRG Root X1 (US)", res: servedWith(realRoot(t, "isrg-root-x1.pem")).Result(),
			why: []string{"owner Internet Security Research Group (US, parent none (US non-profit)), class other, matched by cert_sha256"}},
		{name: "fail - GlobalSign Root R46 (BE, parent JP)", res: servedWith(realRoot(t, "globalsign-root-r46.pem")).Result(),
			why: []string{"owner GlobalSign nv-sa (BE, parent GMO GlobalSign Holdings K.K. / GMO Internet Group (JP)), class EU-entity-non-EU-control"}},
		{name: "fail - Buypass (NO)", res: servedWith(realRoot(t, "buypass-class-2-root-ca.pem")).Result(),
			why: []string{"owner Buypass (NO, parent Norsk Tipping AS holds 50% (Norwegian state company) (NO)), class EEA"}},
		{name: "fail - GTS intermediate and www.google.com (US)", res: compliant().Chains(fixture.TrustedChain("www.google.com", "mozilla", nil,
			fileCert(t, "www.google.com.pem"), fileCert(t, "gts-ca-1c3.pem"))).Result(),
			why: []string{"owner Google Trust Services LLC (US, parent Alphabet Inc. (US)), class other, matched by aki 1 link(s)", "class other, matched by aki"}},
		{name: "fail - one chain EU, another US", res: compliant().AddChain(fixture.TrustedChain("example.fr", "mozilla", nil,
			realRoot(t, "isrg-root-x1.pem").Issue(fixture.LeafTemplate("example.fr"), fixture.ECDSAKey(elliptic.P384())), realRoot(t, "isrg-root-x1.pem"))).Result(),
			why: []string{"Internet Security Research Group"}},
		{name: "incomplete - private root served, not declared", res: served},
		{name: "incomplete - private root not served, not declared", res: unserved},
		{name: "pass - private root served, declared by hash", res: served, ctx: byHash},
		{name: "pass - private root not served, declared with its certificate", res: unserved, ctx: byCert},
		{name: "fail - private root declared as US-operated", res: served, ctx: usDeclared, why: []string{"class other", "group root run by Exemple Inc in Austin"}},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "pass - IPsec gateway, HARICA chain in IKE_AUTH", res: asIKE(compliant().Result())},
		{name: "fail - IPsec gateway, ISRG Root X1 (US) in IKE_AUTH", res: asIKE(servedWith(realRoot(t, "isrg-root-x1.pem")).Result()),
			why: []string{"owner Internet Security Research Group (US"}},
		{name: "incomplete - IPsec gateway, IKE_AUTH not read", res: ikeAuth(func(a *scanner.IKEAuth) {
			*a = scanner.IKEAuth{Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer to IKE_AUTH"}
		})},
		{name: "incomplete - IPsec gateway signing without a certificate", res: ikeAuth(func(a *scanner.IKEAuth) { a.Certificates = nil })},
		{name: "not_applicable - IPsec gateway with a shared key", res: ikeAuth(func(a *scanner.IKEAuth) {
			a.Certificates, a.AuthMethod = nil, "Shared Key Message Integrity Code"
		})},
		{name: "not_applicable - IPsec gateway refusing EAP", res: ikeAuth(func(a *scanner.IKEAuth) {
			*a = scanner.IKEAuth{Status: scanner.NotSupported, Detail: "AUTHENTICATION_FAILED"}
		})},
	})
}

// fileCert is a certificate of rules/jurisdiction/testdata as served (no key).
func fileCert(t *testing.T, name string) fixture.Cert {
	c := realRoot(t, name)
	c.Key = fixture.Key{}
	return c
}

// TestSNCEvidence: the evidence says which CA, owner, country, parent,
// class, how it was matched, the hint of an unknown CA, and the
// justification of a declaration.
func TestSNCEvidence(t *testing.T) {
	r, _ := rules.ByID("SNC-10.6.a")
	c := rules.Context{Profile: rules.Profiles()[0], Time: evalTime}
	f := ruletest.Worst(t, r, servedWith(realRoot(t, "globalsign-root-r46.pem")).Result(), c)
	if len(f.Evidence.Items) != 1 || !strings.Contains(f.Evidence.Items[0].Name, "root and issuing CA CN=GlobalSign Root R46") {
		t.Errorf("items %+v", f.Evidence.Items)
	}
	unknown := compliant().Chains(fixture.TrustedChain("example.fr", "ca.pem", nil,
		fixture.ExempleIssuing().Issue(fixture.LeafTemplate("example.fr"), fixture.CompliantLeaf().Key), fixture.ExempleIssuing(), fixture.ExempleRoot())).Result()
	f = ruletest.Worst(t, r, unknown, c)
	if f.Status != rules.Incomplete || len(f.Evidence.Unknown) == 0 || !strings.Contains(f.Evidence.Unknown[0].Detail, "hint only: subject C=FR suggests EU") {
		t.Errorf("unknown CA: %s %+v", f.Status, f.Evidence.Unknown)
	}
	declaredCtx := c
	declared(t, `cas:
  - name: Exemple Root CA
    cert_sha256: `+fixture.ExempleRoot().SHA256()+`
    operated_in: FR
    parent_country: FR
    justification: PKI-POL-1 section 2
`)(&declaredCtx)
	f = ruletest.Worst(t, r, unknown, declaredCtx)
	found := false
	for _, it := range f.Evidence.Items {
		found = found || strings.Contains(it.Why, "declared by the operator (cas.yaml") && strings.Contains(it.Why, "PKI-POL-1 section 2")
	}
	if f.Status != rules.Pass || !found {
		t.Errorf("declared: %s %+v", f.Status, f.Evidence.Items)
	}
}
