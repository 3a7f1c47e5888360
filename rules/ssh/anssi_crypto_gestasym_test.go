package sshrules_test

import (
	"net/netip"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// leafKey is the SubjectPublicKeyInfo SHA-256 of the compliant TLS
// endpoint's first leaf.
func leafKey(t *testing.T) string {
	t.Helper()
	r := fixture.Compliant().Result()
	for _, c := range r.Certificates {
		if c.SHA256 == r.TLS.Certificates[0].Served[0] {
			return c.SPKISHA256
		}
	}
	t.Fatal("no leaf")
	return ""
}

// inRun is a context whose run holds results.
func inRun(results ...*scanner.Result) func(*rules.Context) {
	return func(c *rules.Context) {
		c.Run = rules.NewRunView()
		for _, r := range results {
			c.Run.Add(r)
		}
	}
}

func TestGestAsym(t *testing.T) {
	tls := fixture.Compliant().Result()
	tls.Endpoint.IP = netip.MustParseAddr("192.0.2.1")
	shared := leafKey(t)
	withTLS := inRun(tls)
	runCases(t, "ANSSI-CRYPTO-GestAsym", []tcase{
		{name: "pass - host keys of their own", res: compliant().Result(), ctx: withTLS},
		{name: "fail - the ECDSA host key is the TLS leaf's key", res: compliant().SameKeyAs(shared, "ecdsa-sha2-nistp256").Result(), ctx: withTLS,
			items: []string{"ecdsa-sha2-nistp256"}, why: []string{"is also the key of the TLS certificate served by example.fr[192.0.2.1]:443"}},
		{name: "fail - a host certificate's key", res: compliant().HostKey("ecdsa-sha2-nistp256-cert-v01@openssh.com",
			key{Type: "ecdsa-sha2-nistp256", Bits: 384, CAType: "ssh-ed25519", CABits: 256}).SameKeyAs(shared, "ecdsa-sha2-nistp256-cert-v01@openssh.com").Result(),
			ctx: withTLS, items: []string{"ecdsa-sha2-nistp256-cert-v01@openssh.com"}},
		{name: "info - no TLS certificate in the run", res: compliant().SameKeyAs(shared, "ecdsa-sha2-nistp256").Result(), ctx: inRun(compliant().Result())},
		{name: "info - no run", res: compliant().Result()},
		{name: "incomplete - a host key not seen", res: compliant().HostKeyUnknown("ssh-ed25519", scanner.ReasonTimeout).Result(), ctx: withTLS},
		{name: "incomplete - a key without its SubjectPublicKeyInfo digest (an older report)", res: compliant().SameKeyAs("", "rsa-sha2-512", "rsa-sha2-256").Result(), ctx: withTLS},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonReset).Result(), ctx: withTLS},
	})
	// What the run keeps of an endpoint (rules.ForRun) is enough.
	fail := compliant().SameKeyAs(shared, "ecdsa-sha2-nistp256").Result()
	kept := rules.ForRun(*fail)
	c := ruletest.Context()
	inRun(tls, fail)(&c)
	if f := one(t, ruleByID(t, "ANSSI-CRYPTO-GestAsym"), &kept, c); f.Status != rules.Fail {
		t.Errorf("on what the run keeps: %s: %s", f.Status, f.Message)
	}
}
