package dnsrules_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	dnsrules "github.com/cryptoscan/cryptoscan/rules/dns"
	"github.com/cryptoscan/cryptoscan/rules/dns/dnsfact"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// The family's own meta-tests: what rules/meta_test.go checks of every
// catalogue rule, read on the DNS facts themselves (dnsfact), so that a
// rule of the family is checked here even before it is registered.

func TestFamily(t *testing.T) {
	var ids []string
	for _, r := range dnsrules.Rules() {
		ids = append(ids, r.ID)
	}
	want := []string{"ANSSI-CRYPTO-DnssecFact", "ANSSI-CRYPTO-DnssecHash", "DNS-CAA", "DNS-MTASTS", "DNS-TLSA"}
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Fatalf("family %q, want %q", ids, want)
	}
	for _, r := range dnsrules.Rules() {
		_, registered := rules.ByID(r.ID)
		pending := slices.Contains(dnsrules.Pending(), r)
		switch {
		case registered == pending:
			t.Errorf("%s: registered %t, pending %t", r.ID, registered, pending)
		case pending && rules.ValidID(r.ID):
			t.Errorf("%s: pending though its ID is valid", r.ID)
		case pending && !strings.HasPrefix(r.ID, "DNS-"):
			t.Errorf("%s: pending, and not a DNS-* ID", r.ID)
		}
	}
}

// ruleFile is the file a rule lives in (rules/meta_test.go's convention).
func ruleFile(id string) string {
	s := strings.ToLower(id)
	return strings.NewReplacer("-", "_", ".", "_").Replace(s) + ".go"
}

func TestOneFilePerRule(t *testing.T) {
	for _, r := range dnsrules.Rules() {
		name := ruleFile(r.ID)
		if _, err := os.Stat(name); err != nil {
			t.Errorf("%s: no file %s", r.ID, name)
		}
		if _, err := os.Stat(strings.TrimSuffix(name, ".go") + "_test.go"); err != nil {
			t.Errorf("%s: no table test next to %s", r.ID, name)
		}
	}
}

func TestMetadata(t *testing.T) {
	for _, r := range dnsrules.Rules() {
		ref := r.Reference
		if ref.Document == "" || ref.Edition == "" || ref.Section == "" {
			t.Errorf("%s: incomplete reference %+v", r.ID, ref)
		}
		if r.Title == "" || r.Description == "" || r.Fix == "" || r.Fixtures == nil || len(r.Reads) == 0 {
			t.Errorf("%s: empty title, description, fix, fixtures or reads", r.ID)
		}
		if !slices.Contains(rules.Severities, r.Severity) {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		for _, f := range r.Reads {
			if !slices.Contains(dnsfact.Kinds, f.Kind) && !slices.Contains(fixture.FactKinds, f.Kind) {
				t.Errorf("%s reads %s, which no mutation can make unknown", r.ID, f)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
}

var nonPassing = []rules.Status{rules.Fail, rules.Degraded, rules.Warn, rules.Info}

func TestFixtures(t *testing.T) {
	c := testContext()
	for _, r := range dnsrules.Rules() {
		fx := r.Fixtures()
		t.Run(r.ID, func(t *testing.T) {
			if !r.Applies(fx.Pass, c) || !r.Applies(fx.Fail, c) {
				t.Fatalf("the rule does not apply to its own fixtures")
			}
			if p := one(t, r, fx.Pass, c); p.Status != rules.Pass {
				t.Errorf("pass fixture: %s: %s", p.Status, p.Message)
			}
			f := one(t, r, fx.Fail, c)
			if !slices.Contains(nonPassing, f.Status) || len(f.Evidence.Offending()) == 0 {
				t.Errorf("fail fixture: %s: %s (offending %+v)", f.Status, f.Message, f.Evidence.Offending())
			}
			// rules/fixture sees the DNS facts, "dns " before dnsfact's keys.
			d := fixture.Diff(fx.Pass, fx.Fail)
			if len(d) != 1 || !strings.HasPrefix(d[0], "dns ") {
				t.Errorf("pass and fail fixtures differ by %q, want one DNS fact", d)
			}
			if d := dnsfact.Diff(dnsrules.Observation(fx.Pass), dnsrules.Observation(fx.Fail)); len(d) != 1 {
				t.Errorf("pass and fail fixtures differ by %d DNS facts, want 1: %q", len(d), d)
			}
			// Without the observation, the rule does not apply.
			if r.Applies(dnsrules.Attach(fixture.Compliant().Result(), nil), c) {
				t.Errorf("applies to a result without a DNS observation")
			}
		})
	}
}

// TestUnknownNeverPasses sets each DNS fact, and each TLS fact of
// rules/fixture, to unknown, one at a time, on each rule's fixtures: no
// unknown may turn a result into pass, and making a fact the rule reads
// unknown must stop its passing fixture from passing.
func TestUnknownNeverPasses(t *testing.T) {
	c := testContext()
	for _, r := range dnsrules.Rules() {
		fx := r.Fixtures()
		t.Run(r.ID, func(t *testing.T) {
			for name, base := range map[string]*scanner.Result{"pass": fx.Pass, "fail": fx.Fail} {
				orig := one(t, r, base, c).Status
				for _, m := range dnsfact.Mutations() {
					o := dnsfact.CloneObservation(dnsrules.Observation(base))
					m.Apply(o)
					got := one(t, r, dnsrules.Attach(fixture.Clone(base), o), c)
					read := slices.ContainsFunc(r.Reads, func(f rules.Fact) bool { return f.Kind == m.Fact }) && m.Unknown
					switch {
					case got.Status == rules.Pass && orig != rules.Pass:
						t.Errorf("%s fixture, %s: %s became pass", name, m, orig)
					case got.Status == rules.Pass && read:
						t.Errorf("%s fixture, %s: still pass though the rule reads %s", name, m, m.Fact)
					case got.Status == rules.Incomplete && len(got.Evidence.Unknown) == 0:
						t.Errorf("%s fixture, %s: incomplete without naming the unknown fact", name, m)
					}
				}
				for _, m := range fixture.AllMutations() {
					got := one(t, r, tlsMutated(m, base), c)
					read := slices.Contains(r.Reads, m.Fact) && m.Unknown
					switch {
					case got.Status == rules.Pass && orig != rules.Pass:
						t.Errorf("%s fixture, %s: %s became pass", name, m, orig)
					case got.Status == rules.Pass && read:
						t.Errorf("%s fixture, %s: still pass though the rule reads %s", name, m, m.Fact)
					}
				}
			}
		})
	}
}

// Attach and Observation: an observation follows its result.
func TestAttach(t *testing.T) {
	r := fixture.New().Result()
	if dnsrules.Observation(r) != nil {
		t.Fatal("a fresh result has an observation")
	}
	o := dnsrules.CompliantObservation()
	dnsrules.Attach(r, o)
	if dnsrules.Observation(r) != o {
		t.Errorf("attach: %p, want %p", dnsrules.Observation(r), o)
	}
	// A copy has none (the bridge) or its own copy (a Result field).
	if c := dnsrules.Observation(fixture.Clone(r)); c == o || c != nil && len(dnsfact.Diff(c, o)) != 0 {
		t.Errorf("clone's observation %p", c)
	}
	dnsrules.Attach(r, nil)
	if dnsrules.Observation(r) != nil {
		t.Errorf("detach left the observation")
	}
}

func TestCloneObservation(t *testing.T) {
	o := dnsrules.CompliantObservation()
	c := dnsfact.CloneObservation(o)
	for _, m := range dnsfact.Mutations() {
		m.Apply(c)
	}
	if d := dnsfact.Diff(o, dnsrules.CompliantObservation()); len(d) != 0 {
		t.Errorf("mutating a clone changed the original: %q", d)
	}
}

var readFile = os.ReadFile

// TestUnknownReasons: a DNS fact unknown for any of dnsprobe's reasons
// leaves every rule that reads it incomplete, naming the fact, with a
// reason a finding's evidence may carry (a scanner.Reason, or none: the
// event schema accepts no other word) and the DNS reason in the detail.
func TestUnknownReasons(t *testing.T) {
	scannerReasons := []scanner.Reason{"", scanner.ReasonTimeout, scanner.ReasonReset, scanner.ReasonClosed, scanner.ReasonThrottled,
		scanner.ReasonNotTested, scanner.ReasonMalformed, scanner.ReasonUnreachable, scanner.ReasonCanceled,
		scanner.ReasonLowerVersion, scanner.ReasonHigherVersion}
	c := testContext()
	for _, reason := range []dnsprobe.Reason{dnsprobe.ReasonTimeout, dnsprobe.ReasonServFail, dnsprobe.ReasonRefused, dnsprobe.ReasonRcode,
		dnsprobe.ReasonNetwork, dnsprobe.ReasonMalformed, dnsprobe.ReasonNotTested, dnsprobe.ReasonCanceled, dnsprobe.ReasonTooDeep} {
		res := dns(func(o *dnsprobe.Observation) {
			u := dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: reason, Detail: "the test's"}}
			o.DNSSEC.DNSKEY, o.DNSSEC.Keys, o.DNSSEC.Signatures = u, nil, nil
			o.DNSSEC.DS, o.DNSSEC.DSRecords = u, nil
			o.CAA.Lookup, o.CAA.Owner, o.CAA.Records = u, "", nil
			o.TLSA[0].Lookup, o.TLSA[0].Records = u, nil
			o.MTASTS = &dnsprobe.MTASTS{Domain: "example.fr", Record: u, TLSRPT: u}
		})
		for _, r := range dnsrules.Rules() {
			f := one(t, r, res, c)
			if f.Status != rules.Incomplete || len(f.Evidence.Unknown) == 0 {
				t.Errorf("%s, %s: %s with unknown %+v", r.ID, reason, f.Status, f.Evidence.Unknown)
			}
			for _, u := range f.Evidence.Unknown {
				if !slices.Contains(scannerReasons, u.Reason) {
					t.Errorf("%s, %s: evidence reason %q is not a scanner reason", r.ID, reason, u.Reason)
				}
				if !strings.Contains(u.Detail, string(reason)+": the test's") {
					t.Errorf("%s, %s: detail %q does not say why", r.ID, reason, u.Detail)
				}
			}
		}
	}
}
