package tlsrules

import (
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// knownFlaws are the flaws the probes look for: the fact, and what it
// means when the server has it.
var knownFlaws = []struct {
	fact rules.FactKind
	name string
	why  string
	// rsaOnly: the flaw is probed only where RSA key transport is
	// accepted below TLS 1.3, and needed only there.
	rsaOnly bool
}{
	{fixture.FactCCSInjection, "CCS injection (CVE-2014-0224)",
		"an early ChangeCipherSpec is accepted: a man in the middle can make both ends use keys of an empty master secret (OpenSSL before 0.9.8za, 1.0.0m, 1.0.1h)", false},
	{fixture.FactHeartbleed, "Heartbleed (CVE-2014-0160)",
		"heartbeat requests read the server's memory, private keys included (OpenSSL 1.0.1 to 1.0.1f)", false},
	{fixture.FactROBOT, "ROBOT (CVE-2017-13099 family)",
		"malformed RSA key exchanges get different answers: a Bleichenbacher padding oracle, with which an attacker decrypts recorded sessions or signs with the server's key (F5, Citrix, Cisco, Radware and others, 2017)", true},
}

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R2",
		Title:     "TLS components are kept up to date",
		Reference: tlsRef("R2", "§2"),
		Severity:  rules.Critical,
		Description: "Every component the TLS deployment depends on must be kept up to date. Versions are not visible " +
			"from the network; what is, is a flaw the vendors fixed long ago. The probes look for three, each on a " +
			"TLS 1.2 or older connection: CCS injection (CVE-2014-0224: an early ChangeCipherSpec, on the connection of " +
			"the extensions hello), Heartbleed (CVE-2014-0160: a heartbeat request claiming more than it carries, " +
			"only when the server echoes heartbeat; the memory it returns is counted, never kept) and ROBOT " +
			"(CVE-2017-13099 family: five RSA key exchanges, one correctly padded and four malformed, whose answers " +
			"must not differ; only when RSA key transport is accepted, and then needed). A server with any " +
			"fails. Without them the rule reports info, never pass: that old flaws are absent does not show the " +
			"software is current.",
		Fix:     "Update the TLS library and the software built on it (OpenSSL 1.0.1h or later fixes CCS injection and Heartbleed; for ROBOT, the vendor's fix, or no RSA key-transport suite at all), then renew the keys the server held while it leaked memory or served as an oracle.",
		Reads:   []rules.Fact{{Kind: fixture.FactCCSInjection, Version: scanner.TLSv12}, {Kind: fixture.FactHeartbleed, Version: scanner.TLSv12}},
		Applies: appliesTo(allowed...),
		Check:   checkR2,
		Best:    rules.Info,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().Supports(fixture.FactCCSInjection, scanner.TLSv12).Result(),
			}
		},
	})
}

func checkR2(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	reachable := w.mayBeSupported(legacyHellos...)
	rsa := acceptsRSATransport(r)
	for _, fl := range knownFlaws {
		need := reachable && (!fl.rsaOnly || rsa)
		if f, known := w.feature(fl.fact, need); known && f.Status == scanner.Supported {
			w.item(featureItem(fl.fact, fl.name, rules.Fail, fl.why))
		}
	}
	fs := w.finding("", "known flaws fixed in 2014")
	if fs[0].Status == rules.Pass {
		fs[0].Status = rules.Info
		fs[0].Message = "no known flaw found (CCS injection and Heartbleed probed, and ROBOT where RSA key transport is accepted); the software's version is not visible from the network"
		if !reachable {
			fs[0].Message = "no version below TLS 1.3 is supported, where the flaws probed (CCS injection, Heartbleed, ROBOT) live; the software's version is not visible from the network"
		}
	}
	return fs
}

// acceptsRSATransport reports whether a suite with RSA key transport is
// accepted below TLS 1.3: where the ROBOT probe runs.
func acceptsRSATransport(r *scanner.Result) bool {
	if r.TLS == nil {
		return false
	}
	return slices.ContainsFunc(r.TLS.CipherSuites, func(s scanner.SuiteFact) bool {
		cs, ok := tlsprobe.SuiteByCode(s.Code)
		return ok && cs.Kx == tlsprobe.KxRSA && s.Version < scanner.TLSv13
	})
}
