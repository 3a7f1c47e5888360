package ikerules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-IPSEC-R16",
		Title:     "Diffie-Hellman groups of 2048 bits or more, elliptic curves preferred",
		Reference: ipsecRef("R16", "§6.7"),
		Severity:  rules.High,
		Description: "Groups 1 and 2 are no longer acceptable; larger moduli (groups 14, 15) or, where possible, " +
			"elliptic-curve groups of 256 bits or more (19, 29) are preferred. Every key exchange group the IKE SA " +
			"accepts is graded, IKEv2 and IKEv1 Main Mode alike, against the note and the crypto-mechanisms rules " +
			"(RègleLogp: 2048 bits up to the end of 2030, 3072 from 2031; RègleECp: a 250-bit subgroup order): groups " +
			"1, 2, 5, 22, 23, 25, 26 and 27 fail (and the IKEv1 binary-curve groups 3 and 4); group 14 warns until the " +
			"end of 2030 and fails from 2031, or with a horizon beyond 2030, and so does group 24 (which RFC 8247 also " +
			"advises against); groups 15 to 21 and 28 to 30 pass, and so do Curve25519 and Curve448 (31, 32), which " +
			"neither the note nor B1 names, with a note (a team decision). The conservative reading of \"if possible\" " +
			"warns when the responder's preferred group (its first) is a finite-field one while it accepts an " +
			"elliptic-curve group this rule passes. A post-quantum KEM as the only key exchange (ML-KEM, 35 to " +
			"37), the GOST curves (33, 34) and a group cryptoscan does not know warn. The child SA's PFS group (R12) is not visible. A key exchange enumeration " +
			"partial, not tested or missing, or a version whose status is unknown, makes the rule incomplete." + v1Reading,
		Fix: "Accept elliptic-curve groups first (ecp256, ecp384, ecp521, brainpool 256 to 512, curve25519) and MODP only " +
			"from 3072 bits (group 15); drop modp768, modp1024, modp1536 and the RFC 5114 groups now, and modp2048 by the end of 2030.",
		Reads:   reads(FactV2, FactV1, FactKeyExchange, FactV1Transforms),
		Applies: hasIKE,
		Check:   checkR16,
		Fixtures: withIKEv1(func(b *fixture.IKEBuilder) *fixture.IKEBuilder {
			return b.AddGroups(2) // 1024-bit MODP
		}),
	})
}

func checkR16(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	o := r.IKE
	e.ev.Threshold = dhThreshold(ctx)
	v2, v1 := e.versions(o)
	if v2 {
		if ts, _ := e.transforms(o, scanner.IKEKeyExchange); len(ts) > 0 {
			var ec []string
			for _, t := range ts {
				v := judge(t, ctx)
				if v.status != rules.Pass {
					e.item(itemTransform, transformName(t), v.bits, v.status, v.why)
					continue
				}
				if v.why != "" {
					e.note("%s: %s", transformName(t), v.why)
				}
				if v.x.group == ecp {
					ec = append(ec, fmt.Sprint(t.ID))
				}
			}
			if first, _ := lookup(ts[0].Type, ts[0].ID); first.group == modp && len(ec) > 0 {
				e.item(itemPreference, transformName(ts[0]), first.bits, rules.Warn,
					fmt.Sprintf("preferred, a finite-field group, while the elliptic-curve group(s) %s are accepted: the note prefers them where possible", strings.Join(ec, ", ")))
			}
		}
	}
	if v1 {
		ts := e.v1Transforms(o, v1Classes[r16]...)
		for _, t := range ts {
			for _, a := range judgeV1(t, ctx) {
				switch {
				case a.v.rule != r16:
				case a.v.status != rules.Pass:
					e.itemOnce(itemV1, a.name, a.v.bits, a.v.status, a.v.why)
				case a.v.why != "":
					e.note("%s: %s", a.name, a.v.why)
				}
			}
		}
	}
	return e.finding("every key exchange group accepted meets R16 and RègleLogp/RègleECp, an elliptic-curve group preferred where one is accepted",
		"key exchange groups below R16")
}
