package tlsrules

import (
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// The compliance depth does not enumerate the suites and groups of its
// plan (scanner/tlsprobe/plan.go): a rule may pass a compliance-depth
// observation only if none of them is an offence. These tests keep the
// plan and the rules in agreement, now and with a horizon beyond 2030.
func planContexts() []rules.Context {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	return []rules.Context{{Time: now}, {Time: now, Horizon: 2050}, {Time: now, Profile: rules.Profile{DegradedFails: true}}}
}

func TestPlanSuitesPassEverySuiteRule(t *testing.T) {
	if len(suiteJudges) < 10 {
		t.Fatalf("%d suite judgements registered", len(suiteJudges))
	}
	for _, c := range tlsprobe.RecommendedSuites() {
		cs, ok := tlsprobe.SuiteByCode(c)
		if !ok {
			t.Fatalf("plan suite %s is not in the registry", c)
		}
		for _, v := range allowed {
			if !cs.Versions.Has(v) {
				continue
			}
			for _, ctx := range planContexts() {
				for _, etm := range []bool{false, true} {
					for _, j := range suiteJudges {
						if st, why := j.judge(v, cs, env{ctx: ctx, etm: etm}); st != rules.Pass {
							t.Errorf("%s judges plan suite %s under %s %s (%s): the compliance depth would miss it", j.id, cs.Name, v, st, why)
						}
					}
				}
			}
		}
	}
}

func TestPlanGroupsPassEveryGroupRule(t *testing.T) {
	if len(groupJudges) < 3 {
		t.Fatalf("%d group judgements registered", len(groupJudges))
	}
	for _, code := range tlsprobe.RecommendedGroups() {
		g, ok := tlsprobe.GroupByCode(code)
		if !ok {
			t.Fatalf("plan group %d is not in the registry", code)
		}
		for _, v := range allowed {
			if v == scanner.TLSv13 && !g.TLS13 || v == scanner.TLSv12 && !g.TLS12 {
				continue
			}
			for _, ctx := range planContexts() {
				if st := classifyGroup(v, g, env{ctx: ctx}); st != rules.Pass {
					t.Errorf("plan group %s under %s graded %s: the compliance depth would miss it", g.Name, v, st)
				}
			}
		}
	}
}

// TestA1SuitesAreRecommended: the suites the digest lists in Annex A.1 are
// exactly the suites ANSSI-TLS-R12 counts as acceptable without a degraded
// fallback.
func TestA1SuitesAreRecommended(t *testing.T) {
	a1 := map[scanner.Code]bool{0x1301: true, 0x1302: true, 0x1303: true, 0x1304: true,
		0xC02B: true, 0xC02C: true, 0xC0AC: true, 0xC0AD: true, 0xCCA9: true, 0xC02F: true, 0xC030: true, 0xCCA8: true}
	ctx := rules.Context{Time: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	for _, cs := range tlsprobe.CipherSuites {
		for _, v := range allowed {
			if !cs.Versions.Has(v) || tlsprobe.IsSCSV(cs.Code) {
				continue
			}
			rec := acceptable(v, cs, env{ctx: ctx, etm: true}) == rules.Pass
			if rec != a1[cs.Code] {
				t.Errorf("%s under %s: graded recommended %t, Annex A.1 %t", cs.Name, v, rec, a1[cs.Code])
			}
		}
	}
}

func TestEveryKnownDHPrimeIsDescribed(t *testing.T) {
	names := tlsprobe.DHGroupNames()
	if len(names) < 10 {
		t.Fatalf("%d DH primes known", len(names))
	}
	for _, n := range names {
		g, ok := tlsprobe.DHGroupByName(n)
		if !ok || g.SubgroupBits < 150 {
			t.Errorf("%q: %+v, %t", n, g, ok)
		}
	}
	if g, _ := tlsprobe.DHGroupByName("ffdhe2048"); !g.RFC7919 || g.SubgroupBits != 2047 {
		t.Errorf("ffdhe2048: %+v", g)
	}
	if g, _ := tlsprobe.DHGroupByName("RFC 5114 2048-bit MODP with 224-bit subgroup"); g.RFC7919 || g.SubgroupBits != 224 {
		t.Errorf("RFC 5114 224: %+v", g)
	}
	if _, ok := tlsprobe.DHGroupByName("no such group"); ok {
		t.Errorf("unknown name found")
	}
}

func TestHybridsHaveAClassicalHalf(t *testing.T) {
	for _, g := range tlsprobe.Groups {
		if g.Kind != tlsprobe.GroupHybrid {
			continue
		}
		c, ok := classical(g)
		if !ok || c.Bits != g.Bits {
			t.Errorf("%s: classical half %+v, %t", g.Name, c, ok)
		}
	}
}

// TestPlanSchemesPassEverySchemeRule: the compliance depth names the
// scheme each key type prefers and every scheme outside its plan, not the
// plan's other schemes: none of them, accepted beside a preferred one,
// may be an offence. In TLS 1.3 only the schemes RFC 8446 allows in a
// CertificateVerify are tried: the plan also settles rsa_pkcs1_* there, so
// a server that would sign a TLS 1.3 CertificateVerify with PKCS #1 v1.5
// when offered nothing else (ANSSI-TLS-R8 fails it) is not named at
// compliance depth.
func TestPlanSchemesPassEverySchemeRule(t *testing.T) {
	ids := []string{"ANSSI-TLS-R8", "ANSSI-TLS-R11", "ANSSI-CRYPTO-SignAsym"}
	for _, c := range tlsprobe.RecommendedSchemes() {
		sc, ok := tlsprobe.SchemeByCode(uint16(c))
		if !ok {
			t.Fatalf("plan scheme %s is not in the registry", c)
		}
		key, first := pki.KeyECDSA, uint16(0x0403)
		switch sc.Sig {
		case tlsprobe.SigRSAPKCS1, tlsprobe.SigRSAPSSRSAE, tlsprobe.SigRSAPSSPSS:
			key, first = pki.KeyRSA, 0x0804
		case tlsprobe.SigEd25519:
			key, first = pki.KeyEd25519, 0x0807
		case tlsprobe.SigEd448:
			key, first = pki.KeyEd448, 0x0808
		}
		for _, v := range allowed {
			if v == scanner.TLSv13 && !sc.TLS13 {
				continue
			}
			b := fixture.Compliant().Schemes(v, key, first)
			if uint16(c) != first {
				b.AddScheme(v, key, uint16(c))
			}
			res := b.Enumeration(v, scanner.EnumSignatureSchemes, scanner.EnumComplete, scanner.ScopeNonCompliant, "").Result()
			for _, ctx := range planContexts() {
				for _, id := range ids {
					r, _ := rules.ByID(id)
					for _, f := range rules.EvaluateRule(r, res, ctx) {
						if f.Status != rules.Pass {
							t.Errorf("%s grades plan scheme %s under %s %s (%s): the compliance depth would miss it", id, sc.Name, v, f.Status, f.Message)
						}
					}
				}
			}
		}
	}
}
