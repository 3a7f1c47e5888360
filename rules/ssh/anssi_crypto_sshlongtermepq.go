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
		ID:        "ANSSI-CRYPTO-SshLongTermePQ",
		Title:     "SSH key exchange includes a post-quantum hybrid",
		Reference: b1Ref("RecommandationLongTermePQ", "§2.3.1.3"),
		Severity:  rules.Low,
		Description: "From 1 January 2030, or for data exposed to store-now-decrypt-later, key establishment should add a " +
			"post-quantum mechanism in a hybrid. Passes when the KEXINIT offers a hybrid key exchange " +
			"(mlkem768x25519-sha256, mlkem768nistp256-sha256, mlkem1024nistp384-sha384, " +
			"sntrup761x25519-sha512 under either name); otherwise information before 2030 and a warning from 2030 or " +
			"with a horizon of 2030 or later, as ANSSI-CRYPTO-LongTermePQ grades TLS 1.3. Offering is what the server " +
			"controls: the client's order chooses the method (RFC 4253 §7.1). A method cryptoscan does not know is " +
			"not counted as a hybrid (it is noted).",
		Fix: "Offer a hybrid key exchange first: OpenSSH 9.9 and later, KexAlgorithms mlkem768x25519-sha256," +
			"sntrup761x25519-sha512,...; OpenSSH 9.0 to 9.8, sntrup761x25519-sha512@openssh.com.",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkSshLongTermePQ,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.RemoveKex("sntrup761x25519-sha512@openssh.com")
		}),
	})
}

func checkSshLongTermePQ(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("key exchange", o.Kex) {
		return e.finding("", "")
	}
	var hybrids, unknown []string
	for _, n := range o.Kex {
		k, ok := kexByName(n)
		switch {
		case !ok:
			unknown = append(unknown, n)
		case k.kind == kexHybrid:
			hybrids = append(hybrids, fmt.Sprintf("%s (%s with %s)", n, k.pq, k.curve))
		}
	}
	if len(unknown) > 0 {
		e.note("not in cryptoscan's registry, not counted as hybrids: %s", strings.Join(unknown, ", "))
	}
	if len(hybrids) > 0 {
		e.note("post-quantum hybrid offered: %s", strings.Join(hybrids, ", "))
		return e.finding("a post-quantum hybrid key exchange is offered", "")
	}
	st, why := rules.Info, fmt.Sprintf("none of the %d methods offered is a post-quantum hybrid; recommended from 2030", len(o.Kex))
	if ctx.Year() >= 2030 {
		st, why = rules.Warn, fmt.Sprintf("none of the %d methods offered is a post-quantum hybrid", len(o.Kex))
	}
	e.item(itemKex, "key exchange methods", 0, st, why)
	return e.finding("", "no post-quantum hybrid key exchange")
}
