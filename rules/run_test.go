package rules_test

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// TestForRunKeepsWhatRunRulesRead: the rules graded across a run give the
// same findings on what the grader keeps (ForRun) as on the whole result,
// for endpoints that pass, share a leaf, and lack a chain.
func TestForRunKeepsWhatRunRulesRead(t *testing.T) {
	ep := func(host, ip string) scanner.Endpoint {
		return scanner.Endpoint{Host: host, IP: netip.MustParseAddr(ip), Port: 443, Protocol: "tls", Source: "argument"}
	}
	results := []*scanner.Result{
		fixture.Compliant().Endpoint(ep("example.fr", "192.0.2.10")).Result(),
		fixture.Compliant().Endpoint(ep("example.fr", "192.0.2.11")).Result(), // the same leaves
		fixture.Compliant().Chains(fixture.CompliantChain()).Endpoint(ep("b.example.fr", "192.0.2.12")).Result(),
		fixture.Compliant().Chains().Endpoint(ep("c.example.fr", "192.0.2.13")).Result(),
	}
	c := ctx(t)
	c.Run = rules.NewRunView()
	for _, r := range results {
		c.Run.Add(r)
	}
	run := 0
	for _, r := range results {
		kept := rules.ForRun(*r)
		want, got := rules.EvaluateRun(r, c), rules.EvaluateRun(&kept, c)
		if len(want) == 0 {
			t.Fatalf("%s: no finding", r.Endpoint)
		}
		run += len(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: on ForRun\n%+v\nwant\n%+v", r.Endpoint, got, want)
		}
	}
	if run < len(results) {
		t.Errorf("%d findings for %d endpoints", run, len(results))
	}
}
