package sshrules_test

import (
	"slices"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	sshrules "github.com/cryptoscan/cryptoscan/rules/ssh"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// The family's own meta-tests, beside what rules/meta_test.go checks of
// every catalogue rule: the family is whole and registered, its compliant
// endpoint passes beyond 2030 too, the other families leave SSH endpoints
// alone, and the SSH fixture helpers behave.

func TestFamily(t *testing.T) {
	var ids []string
	for _, r := range sshrules.Rules() {
		ids = append(ids, r.ID)
	}
	want := []string{"ANSSI-CRYPTO-GestAsym", "ANSSI-CRYPTO-SshHostKeyHash", "ANSSI-CRYPTO-SshKex", "ANSSI-CRYPTO-SshLongTermePQ",
		"ANSSI-SSH-R1", "ANSSI-SSH-R10", "ANSSI-SSH-R15", "ANSSI-SSH-R17", "ANSSI-SSH-R2", "ANSSI-SSH-R25", "ANSSI-SSH-R26",
		"ANSSI-SSH-R31", "ANSSI-SSH-R4", "ANSSI-SSH-R6", "ANSSI-SSH-R7", "ANSSI-SSH-R8", "ANSSI-SSH-R9"}
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Fatalf("family %q, want %q", ids, want)
	}
	for _, r := range sshrules.Rules() {
		if !rules.ValidID(r.ID) {
			t.Errorf("malformed ID %q", r.ID)
		}
		if _, registered := rules.ByID(r.ID); !registered {
			t.Errorf("%s is not in the catalogue", r.ID)
		}
	}
}

// TestCompliantPassesEverything: the compliant SSH endpoint passes every
// rule of the family, now and with a horizon beyond 2030, so each failing
// fixture fails for its one change.
func TestCompliantPassesEverything(t *testing.T) {
	for _, h := range []int{0, 2040} {
		c := ruletest.Context()
		c.Horizon = h
		for _, r := range sshrules.Rules() {
			if f := one(t, r, fixture.CompliantSSH().Result(), withTLSRun(c)); f.Status != r.BestStatus() {
				t.Errorf("horizon %d: %s: %s: %s", h, r.ID, f.Status, f.Message)
			}
		}
	}
}

// TestOtherFamiliesNotApplicable: on an SSH endpoint, every rule of the
// catalogue outside this family is not applicable (they read the TLS
// observation), and this family's rules do not apply to a TLS endpoint.
func TestOtherFamiliesNotApplicable(t *testing.T) {
	c := ruletest.Context()
	res := fixture.CompliantSSH().DNS(nil).Result()
	c.Run = rules.NewRunView()
	c.Run.Add(res)
	for _, r := range rules.All() {
		if slices.Contains(sshrules.Rules(), r) {
			continue
		}
		for _, f := range rules.EvaluateRule(r, res, c) {
			if f.Status != rules.NotApplicable {
				t.Errorf("%s on an SSH endpoint: %s: %s", r.ID, f.Status, f.Message)
			}
		}
	}
	for _, r := range sshrules.Rules() {
		if f := one(t, r, fixture.Compliant().Result(), ruletest.Context()); f.Status != rules.NotApplicable {
			t.Errorf("%s on a TLS endpoint: %s", r.ID, f.Status)
		}
	}
	// With the DNS observation of its name, the DNS rules grade the zone
	// of an SSH endpoint as they grade a TLS one's; none wants TLS facts.
	res.DNS = fixture.CompliantDNS()
	for _, r := range rules.All() {
		if slices.Contains(sshrules.Rules(), r) {
			continue
		}
		for _, f := range rules.EvaluateRule(r, res, c) {
			if f.Status != rules.NotApplicable && f.Status != r.BestStatus() {
				t.Errorf("%s on an SSH endpoint with its DNS observation: %s: %s", r.ID, f.Status, f.Message)
			}
		}
	}
}

// TestCloneSSH: a result's SSH observation is its own; mutating a copy
// leaves the original as it was.
func TestCloneSSH(t *testing.T) {
	b := compliant().HostKey("rsa-sha2-512-cert-v01@openssh.com", key{Type: "ssh-rsa", Bits: 3072, CAType: "ssh-rsa", CABits: 4096}).
		GroupExchange("diffie-hellman-group-exchange-sha256", 2048)
	orig := b.Result()
	for _, m := range fixture.SSHMutations() {
		m.Apply(orig)
	}
	c := fixture.CloneSSH(orig.SSH)
	c.Kex[0], c.HostKeys[0].Bits, c.HostKeys[3].Certificate.CABits, c.GroupExchange.Bits = "x", 1, 1, 1
	if d := fixture.SSHDiff(orig.SSH, b.Result().SSH); len(d) != 0 {
		t.Errorf("mutating copies changed the original: %q", d)
	}
	if r1, r2 := b.Result(), b.Result(); r1.SSH == r2.SSH {
		t.Errorf("two results share an SSH observation")
	}
}

// TestSSHFacts: a key shown under several algorithms is one fact, and the
// directions a cipher or MAC is offered in are part of its fact.
func TestSSHFacts(t *testing.T) {
	base := compliant().Result()
	for _, tc := range []struct {
		name string
		res  *scanner.Result
		want []string
	}{
		{"RSA key replaced", compliant().SetKey(rsa1024, "rsa-sha2-512", "rsa-sha2-256").Result(), []string{"ssh host_key rsa-sha2-512"}},
		{"cipher server to client only", compliant().CiphersServerToClient("aes256-ctr", "aes128-ctr", "aes128-cbc").Result(), []string{"ssh cipher aes128-cbc"}},
		{"MAC client to server only", compliant().MACsServerToClient("hmac-sha2-512-etm@openssh.com").Result(), []string{"ssh mac hmac-sha2-256-etm@openssh.com"}},
		{"group exchange", compliant().GroupExchange("diffie-hellman-group-exchange-sha256", 2048).Result(), []string{"ssh group_exchange"}},
		{"banner", compliant().Banner("SSH-2.0-OpenSSH_9.9").Result(), []string{"ssh banner"}},
		{"KEXINIT unknown", compliant().KexInitUnknown(scanner.ReasonTimeout).Result(), nil},
	} {
		d := fixture.SSHDiff(base.SSH, tc.res.SSH)
		if tc.want != nil && !slices.Equal(d, tc.want) {
			t.Errorf("%s: differs by %q, want %q", tc.name, d, tc.want)
		}
		if tc.want == nil && !slices.Contains(d, "ssh kexinit") {
			t.Errorf("%s: differs by %q, without the KEXINIT", tc.name, d)
		}
	}
	if o := compliant().Banner("SSH-1.99-Cisco-1.25 extra").Result().SSH; o.ProtoVersion != "1.99" || o.Software != "Cisco-1.25" {
		t.Errorf("banner split as %q, %q", o.ProtoVersion, o.Software)
	}
}

// TestUnknownReasons: when nothing past the banner could be read, or the
// KEXINIT could not, every rule is incomplete and its evidence carries the
// probe's reason, but the rules that read what other probes gave: the
// legacy service ports (R2, R4) and DNS (R31).
func TestUnknownReasons(t *testing.T) {
	for _, tc := range []struct {
		res    *scanner.Result
		reason scanner.Reason
	}{
		{compliant().NoBanner(scanner.ReasonClosed).Result(), scanner.ReasonClosed},
		{compliant().NoBanner(scanner.ReasonUnreachable).Result(), scanner.ReasonUnreachable},
		{compliant().KexInitUnknown(scanner.ReasonMalformed).Result(), scanner.ReasonMalformed},
	} {
		for _, r := range sshrules.Rules() {
			if (r.ID == "ANSSI-SSH-R1" || r.ID == "ANSSI-SSH-R25" || r.ID == "ANSSI-SSH-R26") && tc.res.SSH.Banner != "" {
				continue // R1, R25 and R26 read the banner only
			}
			if r.ID == "ANSSI-SSH-R2" || r.ID == "ANSSI-SSH-R4" || r.ID == "ANSSI-SSH-R31" {
				continue
			}
			f := one(t, r, tc.res, withTLSRun(ruletest.Context()))
			if f.Status != rules.Incomplete || len(f.Evidence.Unknown) == 0 || f.Evidence.Unknown[0].Reason != tc.reason {
				t.Errorf("%s, %s: %s with unknown %+v", r.ID, tc.reason, f.Status, f.Evidence.Unknown)
			}
		}
	}
}

// withTLSRun is c in a run holding the compliant TLS endpoint, for the
// family's rules graded across the run.
func withTLSRun(c rules.Context) rules.Context {
	c.Run = rules.NewRunView()
	c.Run.Add(fixture.Compliant().Result())
	return c
}
