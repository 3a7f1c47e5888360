package pkirules_test

import (
	"crypto/elliptic"
	"crypto/x509"
	"net/netip"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func ep(host, ip string, port uint16) scanner.Endpoint {
	return scanner.Endpoint{Host: host, IP: netip.MustParseAddr(ip), Port: port, Protocol: "tls", SNI: host, Source: "argument"}
}

// TestR30 grades the compliant endpoint (example.fr, 192.0.2.10:443)
// against runs of other endpoints.
func TestR30(t *testing.T) {
	self := ep("example.fr", "192.0.2.10", 443)
	at := func(e scanner.Endpoint, b *fixture.Builder) *scanner.Result { return b.Endpoint(e).Result() }
	same := func(e scanner.Endpoint) *scanner.Result { return at(e, fixture.Compliant()) } // serves both compliant leaves
	own := func(e scanner.Endpoint) *scanner.Result {
		c := fixture.CompliantChain()
		c.Served[0] = leafWith(func(t *x509.Certificate) { t.DNSNames = []string{e.Host} }, key(fixture.ECDSAKey(elliptic.P384())))
		return at(e, fixture.Compliant().Chains(c))
	}
	cases := []struct {
		name   string
		others []*scanner.Result
		self   *scanner.Result
		why    []string
	}{
		{name: "pass - every other endpoint has its own leaf", others: []*scanner.Result{own(ep("www.example.fr", "192.0.2.20", 443)), own(ep("mail.example.fr", "192.0.2.30", 993))}},
		{name: "warn - a load-balanced twin serves the same leaves", others: []*scanner.Result{same(ep("example.fr", "192.0.2.11", 443))},
			why: []string{"also served by example.fr[192.0.2.11]:443", "also served by example.fr[192.0.2.11]:443"}},
		{name: "warn - another port of the same address", others: []*scanner.Result{same(ep("example.fr", "192.0.2.10", 8443))},
			why: []string{"also served by example.fr[192.0.2.10]:8443", "also served by example.fr[192.0.2.10]:8443"}},
		{name: "info - another name on the same socket is the same termination", others: []*scanner.Result{same(ep("www.example.fr", "192.0.2.10", 443))}},
		{name: "info - no other endpoint in the run", others: nil},
		{name: "info - only the endpoint itself", others: []*scanner.Result{same(self)}},
		{name: "pass - the others showed no chain (noted)", others: []*scanner.Result{at(ep("b.example.fr", "192.0.2.40", 443), fixture.Compliant().Chains())}},
		{name: "incomplete - this endpoint's TLS 1.3 chain was not observed", others: []*scanner.Result{own(ep("www.example.fr", "192.0.2.20", 443))},
			self: at(self, fixture.Compliant().Chains(fixture.CompliantChain()))},
	}
	r30, ok := rules.ByID("ANSSI-TLS-R30")
	if !ok {
		t.Fatal("ANSSI-TLS-R30 is not registered")
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, _, _ := strings.Cut(tc.name, " - ")
			c := rules.Context{Profile: rules.Profiles()[0], Time: evalTime, Run: rules.NewRunView()}
			res := tc.self
			if res == nil {
				res = at(self, fixture.Compliant())
			}
			c.Run.Add(res)
			for _, o := range tc.others {
				c.Run.Add(o)
			}
			fs := rules.EvaluateRun(res, c)
			if len(fs) != 1 || fs[0].RuleID != "ANSSI-TLS-R30" || string(fs[0].Status) != want {
				t.Fatalf("%+v, want one ANSSI-TLS-R30 %s", fs, want)
			}
			off := fs[0].Evidence.Offending()
			if tc.why != nil {
				if len(off) != len(tc.why) {
					t.Fatalf("offending %+v, want %q", off, tc.why)
				}
				for i, w := range tc.why {
					if !strings.Contains(off[i].Why, w) {
						t.Errorf("item %d: %q lacks %q", i, off[i].Why, w)
					}
				}
			}
		})
	}
	if fs := rules.EvaluateRule(r30, fixture.Compliant().Result(), rules.Context{Profile: rules.Profiles()[0], Time: evalTime}); fs[0].Status != rules.Info {
		t.Errorf("without a run: %+v, want info", fs)
	}
}
