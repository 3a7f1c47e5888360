package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R31",
		Title:     "SSHFP records authenticated by DNSSEC",
		Reference: sshRef("R31", "§4.6"),
		Severity:  rules.Medium,
		Description: "Host key fingerprints obtained from DNS must not be trusted without an additional check; DNSSEC is the " +
			"check RFC 4255 §2.1 names. When the endpoint's name has SSHFP records, the rule passes if the resolver " +
			"validated them (its AD bit) and warns otherwise, saying whether the zone publishes DNSKEYs: when it does, " +
			"the resolver asked may simply not validate (use a validating one with --resolver). Whether the records " +
			"match the keys served is ANSSI-SSH-R6's. No SSHFP records, or no name (an address target): not applicable. " +
			"A lookup not answered is incomplete.",
		Fix:     "Sign the zone with DNSSEC and publish its DS at the parent, so that validating resolvers authenticate the SSHFP records; OpenSSH clients then trust them with VerifyHostKeyDNS yes.",
		Reads:   reads(FactSSHFP),
		Applies: appliesR31,
		Check:   checkR31,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.SSHFP(false, fixture.SSHFPFor(fixture.SSHKey{Type: "ecdsa-sha2-nistp256", Bits: 256}),
				fixture.SSHFPFor(fixture.SSHKey{Type: "ssh-rsa", Bits: 3072}))
		}),
	})
}

// appliesR31: an SSH endpoint whose name was asked about, unless it has
// no SSHFP records.
func appliesR31(r *scanner.Result, c rules.Context) bool {
	return hasSSH(r, c) && r.DNS != nil && (r.DNS.SSHFP == nil || r.DNS.SSHFP.Lookup.State != dnsprobe.Absent)
}

func checkR31(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	set := r.DNS.SSHFP
	switch {
	case set == nil:
		e.unknown(FactSSHFP, "not_tested", scanner.ReasonNotTested, "the SSHFP records of "+r.DNS.Name+" were not asked")
		return e.finding("", "")
	case set.Lookup.State == dnsprobe.Unknown:
		u := set.Lookup.Unknown
		e.unknown(FactSSHFP, "unknown", scanner.Reason(u.Reason), "the SSHFP records of "+r.DNS.Name+": "+u.Error())
		return e.finding("", "")
	}
	e.checked(FactSSHFP, "present", len(set.Records))
	name := "SSHFP " + r.DNS.Name
	if set.Lookup.Authenticated {
		e.item(itemSSHFP, name, 0, rules.Pass, "validated by DNSSEC")
		return e.finding("the SSHFP records of "+r.DNS.Name+" are validated by DNSSEC (AD bit)", "")
	}
	why := "not validated by DNSSEC (no AD bit): clients must not trust them"
	switch signed, known := r.DNS.DNSSEC.Signed(); {
	case signed:
		why += "; the zone publishes DNSKEYs, so the resolver asked may not validate (try a validating one with --resolver)"
	case known:
		why += "; the zone " + r.DNS.DNSSEC.Zone + " is not signed"
	}
	e.item(itemSSHFP, name, 0, rules.Warn, why)
	return e.finding("", "SSHFP records not authenticated")
}
