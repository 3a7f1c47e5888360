package sshrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R1",
		Title:     "Only SSH protocol version 2 is accepted",
		Reference: sshRef("R1", "§2.1"),
		Severity:  rules.High,
		Description: "Only SSH protocol version 2 may be allowed. Read from the protocol version the server's identification " +
			"string names (RFC 4253 §4.2): 2.0 passes; 1.99, which announces a server that also speaks SSH 1 " +
			"(RFC 4253 §5.1), fails, and so does 1.x; a version neither 1.x nor 2.0 warns. Without an identification " +
			"string, or with one that names no version, the rule is incomplete.",
		Fix:     "Run an SSH server that speaks protocol 2 only (OpenSSH 7.4 and later have no SSH 1; older ones: Protocol 2 in sshd_config).",
		Reads:   reads(FactBanner),
		Applies: hasSSH,
		Check:   checkR1,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.Banner("SSH-1.99-OpenSSH_9.2p1")
		}),
	})
}

func checkR1(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	switch {
	case o.Banner == "":
		var reason scanner.Reason
		detail := "no identification string read"
		if r.Error != nil {
			reason, detail = r.Error.Reason, detail+": "+r.Error.Error()
		}
		e.unknown(FactBanner, "missing", reason, detail)
	case o.ProtoVersion == "":
		e.unknown(FactBanner, "unknown", scanner.ReasonMalformed, fmt.Sprintf("identification string %q names no protocol version", o.Banner))
	case o.ProtoVersion == "2.0":
		e.checked(FactBanner, "protocol 2.0", 0)
	case o.ProtoVersion == "1.99":
		e.item(itemProtocol, "SSH-1.99", 0, rules.Fail, "the server accepts SSH protocol 1 beside protocol 2 (RFC 4253 §5.1)")
	case strings.HasPrefix(o.ProtoVersion, "1."):
		e.item(itemProtocol, "SSH-"+o.ProtoVersion, 0, rules.Fail, "SSH protocol 1 only")
	default:
		e.item(itemProtocol, "SSH-"+o.ProtoVersion, 0, rules.Warn, "a protocol version neither 1.x nor 2.0: not graded")
	}
	if o.Banner != "" {
		e.note("identification string: %s", o.Banner)
	}
	return e.finding("the server speaks SSH protocol 2.0 only", "the server does not announce protocol 2.0 only")
}
