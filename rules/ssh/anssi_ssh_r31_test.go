package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func TestR31(t *testing.T) {
	fp := fixture.SSHFPFor(p256)
	unsigned := compliant().SSHFP(false, fp).Result()
	unsigned.DNS.DNSSEC.DNSKEY = dnsprobe.Lookup{State: dnsprobe.Absent}
	unsigned.DNS.DNSSEC.Keys, unsigned.DNS.DNSSEC.Signatures = nil, nil
	runCases(t, "ANSSI-SSH-R31", []tcase{
		{name: "pass - validated", res: compliant().Result()},
		{name: "warn - signed zone, resolver does not validate", res: compliant().SSHFP(false, fp).Result(),
			items: []string{"SSHFP example.fr"}, why: []string{"the resolver asked may not validate"}},
		{name: "warn - unsigned zone", res: unsigned, items: []string{"SSHFP example.fr"}, why: []string{"is not signed"}},
		{name: "incomplete - lookup failed", res: compliant().SSHFPUnknown(dnsprobe.ReasonTimeout).Result()},
	})
	r := ruleByID(t, "ANSSI-SSH-R31")
	for name, res := range map[string]*builder{
		"no SSHFP records":  compliant().SSHFP(true),
		"an address target": compliant().DNS(nil),
	} {
		if f := one(t, r, res.Result(), ruletest.Context()); f.Status != rules.NotApplicable {
			t.Errorf("%s: %s: %s", name, f.Status, f.Message)
		}
	}
}
