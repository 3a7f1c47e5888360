package ikerules_test

import (
	"slices"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	ikerules "github.com/cryptoscan/cryptoscan/rules/ike"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// The family's own meta-tests, beside what rules/meta_test.go checks of
// every catalogue rule: the family is whole and registered, its compliant
// endpoint passes beyond 2030 too, the other families leave IKE endpoints
// alone, and an IKE endpoint the probe could not read leaves every rule
// incomplete.

// familyIDs are the family's rules.
var familyIDs = []string{"ANSSI-IPSEC-R7", "ANSSI-IPSEC-R8", "ANSSI-IPSEC-R9", "ANSSI-IPSEC-R14", "ANSSI-IPSEC-R15", "ANSSI-IPSEC-R16"}

func TestFamily(t *testing.T) {
	var ids []string
	for _, r := range ikerules.Rules() {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	want := slices.Clone(familyIDs)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("family %q, want %q", ids, want)
	}
	for _, r := range ikerules.Rules() {
		if !rules.ValidID(r.ID) {
			t.Errorf("malformed ID %q", r.ID)
		}
		if _, registered := rules.ByID(r.ID); !registered {
			t.Errorf("%s is not in the catalogue", r.ID)
		}
		if r.Reference.Document != rules.IPsecGuide.Name {
			t.Errorf("%s cites %q", r.ID, r.Reference.Document)
		}
	}
}

// notApplicableToCompliant are the rules that do not apply to the
// compliant endpoint, and why.
var notApplicableToCompliant = map[string]string{
	"ANSSI-IPSEC-R9": "it grades IKEv1 authentication, and the compliant endpoint does not speak IKEv1",
}

// TestCompliantPassesEverything: the compliant IKE endpoint passes every
// rule of the family, now and with a horizon beyond 2030, so each failing
// fixture fails for its one change.
func TestCompliantPassesEverything(t *testing.T) {
	for _, h := range []int{0, 2040} {
		c := ruletest.Context()
		c.Horizon = h
		for _, r := range ikerules.Rules() {
			want := r.BestStatus()
			if _, ok := notApplicableToCompliant[r.ID]; ok {
				want = rules.NotApplicable
			}
			if f := one(t, r, fixture.CompliantIKE().Result(), c); f.Status != want {
				t.Errorf("horizon %d: %s: %s, want %s: %s", h, r.ID, f.Status, want, f.Message)
			}
		}
	}
}

// TestOtherFamiliesNotApplicable: on an IKE endpoint, every rule of the
// catalogue outside this family is not applicable, and this family's
// rules do not apply to a TLS or SSH endpoint.
func TestOtherFamiliesNotApplicable(t *testing.T) {
	c := ruletest.Context()
	res := fixture.CompliantIKE().Result()
	c.Run = rules.NewRunView()
	c.Run.Add(res)
	for _, r := range rules.All() {
		if slices.Contains(ikerules.Rules(), r) {
			continue
		}
		for _, f := range rules.EvaluateRule(r, res, c) {
			if f.Status != rules.NotApplicable {
				t.Errorf("%s on an IKE endpoint: %s: %s", r.ID, f.Status, f.Message)
			}
		}
	}
	for _, r := range ikerules.Rules() {
		for _, other := range []*scanner.Result{fixture.Compliant().Result(), fixture.CompliantSSH().Result()} {
			if f := one(t, r, other, ruletest.Context()); f.Status != rules.NotApplicable {
				t.Errorf("%s on a %s endpoint: %s", r.ID, other.Endpoint.Protocol, f.Status)
			}
		}
	}
}

// TestUnknownReasons: when the responder answered nothing (both versions
// unknown), every rule is incomplete and its evidence carries the probe's
// reason.
func TestUnknownReasons(t *testing.T) {
	for _, reason := range []scanner.Reason{scanner.ReasonTimeout, scanner.ReasonThrottled, scanner.ReasonUnreachable} {
		res := fixture.CompliantIKE().IKEv2Unknown(reason).IKEv1Unknown(reason).Result()
		for _, r := range ikerules.Rules() {
			f := one(t, r, res, ruletest.Context())
			if f.Status != rules.Incomplete || len(f.Evidence.Unknown) == 0 || f.Evidence.Unknown[0].Reason != reason {
				t.Errorf("%s, %s: %s with unknown %+v", r.ID, reason, f.Status, f.Evidence.Unknown)
			}
		}
	}
}
