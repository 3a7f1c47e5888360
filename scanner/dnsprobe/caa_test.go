package dnsprobe

import (
	"context"
	"slices"
	"testing"
)

func TestParseIssueValue(t *testing.T) {
	for _, tc := range []struct {
		in        string
		issuer    string
		params    []CAAParam
		malformed bool
	}{
		{in: "letsencrypt.org", issuer: "letsencrypt.org"},
		{in: "  Certigna.FR  ", issuer: "certigna.fr"},
		{in: ";", issuer: ""},
		{in: "", issuer: ""},
		{in: "letsencrypt.org; validationmethods=dns-01; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1",
			issuer: "letsencrypt.org", params: []CAAParam{{"validationmethods", "dns-01"}, {"accounturi", "https://acme-v02.api.letsencrypt.org/acme/acct/1"}}},
		{in: "globalsign.com;", issuer: "globalsign.com"},
		{in: "; policy = ev", issuer: "", params: []CAAParam{{"policy", "ev"}}},
		{in: "digicert.com.", issuer: "digicert.com", malformed: true},
		{in: "ca.example; nonsense", issuer: "ca.example", malformed: true},
		{in: "ca.example; a=b c", issuer: "ca.example", malformed: true},
		{in: "not a domain", issuer: "", malformed: true},
		{in: "-bad.example", issuer: "", malformed: true},
		{in: "über.example", issuer: "", malformed: true},
	} {
		issuer, params, malformed := ParseIssueValue(tc.in)
		if issuer != tc.issuer || !slices.Equal(params, tc.params) || (malformed != "") != tc.malformed {
			t.Errorf("ParseIssueValue(%q) = %q %v %q, want %q %v malformed=%t", tc.in, issuer, params, malformed, tc.issuer, tc.params, tc.malformed)
		}
	}
}

// caaTree has CAA sets at different levels: the apex, a subtree that
// overrides it, an alias whose target has its own set, and a tree with
// none.
func caaTree(t *testing.T) *resolver {
	r := newResolver(t,
		"example.fr. 300 IN SOA ns.example.fr. h.example.fr. 1 7200 3600 1209600 3600",
		"example.fr. 300 IN CAA 0 issue \"certigna.fr\"",
		"example.fr. 300 IN CAA 0 issuewild \";\"",
		"example.fr. 300 IN CAA 128 tbs \"unknown\"",
		"www.example.fr. 300 IN A 192.0.2.10",
		"a.b.example.fr. 300 IN A 192.0.2.11",
		"shop.example.fr. 300 IN CAA 0 issue \"letsencrypt.org; validationmethods=dns-01\"",
		"shop.example.fr. 300 IN CAA 0 iodef \"mailto:pki@example.fr\"",
		"api.shop.example.fr. 300 IN A 192.0.2.12",
		"cdn.example.fr. 300 IN CNAME edge.cdn.example.net.",
		"edge.cdn.example.net. 300 IN CAA 0 issue \"globalsign.com\"",
		"edge.cdn.example.net. 300 IN A 198.51.100.1",
		"img.example.fr. 300 IN CNAME other.example.net.",
		"other.example.net. 300 IN A 198.51.100.2",
		"example.net. 300 IN CAA 0 issue \"pki.goog\"",
		"none.example. 300 IN SOA ns.none.example. h.none.example. 1 7200 3600 1209600 3600",
		"host.none.example. 300 IN A 192.0.2.1",
	)
	return r
}

func TestCAAClimb(t *testing.T) {
	r := caaTree(t)
	p := NewProber(testConfig(r.serve(t)))
	for _, tc := range []struct {
		host    string
		state   State
		owner   string
		asked   []string
		issuers []string
	}{
		{"example.fr", Present, "example.fr.", []string{"example.fr."}, []string{"certigna.fr", ""}},
		{"www.example.fr", Present, "example.fr.", []string{"www.example.fr.", "example.fr."}, []string{"certigna.fr", ""}},
		{"a.b.example.fr", Present, "example.fr.", []string{"a.b.example.fr.", "b.example.fr.", "example.fr."}, []string{"certigna.fr", ""}},
		{"api.shop.example.fr", Present, "shop.example.fr.", []string{"api.shop.example.fr.", "shop.example.fr."}, []string{"letsencrypt.org"}},
		// The alias's target has a set: it is the alias's.
		{"cdn.example.fr", Present, "cdn.example.fr.", []string{"cdn.example.fr."}, []string{"globalsign.com"}},
		// The alias's target has none: the climb goes on from the alias's
		// parent, not the target's (RFC 8659 §3).
		{"img.example.fr", Present, "example.fr.", []string{"img.example.fr.", "example.fr."}, []string{"certigna.fr", ""}},
		{"host.none.example", Absent, "", []string{"host.none.example.", "none.example.", "example."}, nil},
	} {
		t.Run(tc.host, func(t *testing.T) {
			c := p.Probe(context.Background(), tc.host).CAA
			var issuers []string
			for _, rec := range c.Records {
				if rec.Tag == "issue" || rec.Tag == "issuewild" {
					issuers = append(issuers, rec.Issuer)
				}
			}
			if c.Lookup.State != tc.state || c.Owner != tc.owner || !slices.Equal(c.Asked, tc.asked) || !slices.Equal(issuers, tc.issuers) {
				t.Errorf("CAA %+v\nwant %s at %q, asked %q, issuers %q", c, tc.state, tc.owner, tc.asked, tc.issuers)
			}
		})
	}
	c := p.Probe(context.Background(), "example.fr").CAA
	want := []CAARecord{
		{Flags: 0, Tag: "issue", Value: "certigna.fr", Issuer: "certigna.fr"},
		{Flags: 0, Tag: "issuewild", Value: ";"},
		{Flags: 128, Critical: true, Tag: "tbs", Value: "unknown"},
	}
	if !slices.EqualFunc(c.Records, want, func(a, b CAARecord) bool {
		return a.Flags == b.Flags && a.Critical == b.Critical && a.Tag == b.Tag && a.Value == b.Value && a.Issuer == b.Issuer && a.Malformed == b.Malformed
	}) {
		t.Errorf("records %+v", c.Records)
	}
}

// A level that cannot be asked makes the set unknown; the levels below
// it were asked.
func TestCAAClimbFailure(t *testing.T) {
	r := caaTree(t)
	r.servfail["b.example.fr."] = true
	r.slow["none.example."] = true
	p := NewProber(testConfig(r.serve(t)))
	c := p.Probe(context.Background(), "a.b.example.fr").CAA
	if c.Lookup.State != Unknown || c.Lookup.Unknown.Reason != ReasonServFail || !slices.Equal(c.Asked, []string{"a.b.example.fr.", "b.example.fr."}) {
		t.Errorf("SERVFAIL on the way: %+v", c)
	}
	c = p.Probe(context.Background(), "host.none.example").CAA
	if c.Lookup.State != Unknown || c.Lookup.Unknown.Reason != ReasonTimeout {
		t.Errorf("timeout on the way: %+v", c)
	}
}
