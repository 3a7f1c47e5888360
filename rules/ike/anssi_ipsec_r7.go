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
		ID:        "ANSSI-IPSEC-R7",
		Title:     "Only a few algorithms can be negotiated",
		Reference: ipsecRef("R7", "§6.4.1"),
		Severity:  rules.Low,
		Description: "Algorithms and key sizes should be fixed in advance, IKE serving only to exchange keys; failing " +
			"that, only a few algorithms should be negotiable. Whether parameters are fixed is not visible; what is, " +
			"is what the IKE SA accepts. The rule counts the transforms accepted per type (IKEv2 encryption, PRF, " +
			"integrity, key exchange; IKEv1 Main Mode transforms) and, as cryptoscan's reading of R7 (the " +
			"reference's inference), warns when a transform that ANSSI-IPSEC-R14, R15 or R16 grade below pass is " +
			"negotiable beside a passing one of its type: a gateway that keeps weak algorithms beside good ones lets " +
			"a peer, or an attacker in the middle, choose the weak ones. Otherwise it reports the counts as " +
			"information, never pass: how few is few enough is the operator's call. A transform type whose " +
			"enumeration is partial, not tested or missing, or a version whose status is unknown, makes the rule " +
			"incomplete, unless it already warns (its worst outcome)." + v1Reading,
		Fix:     "Keep one or two proposals per connection with the algorithms R14 to R16 pass, and remove the others, so that no peer can negotiate them.",
		Reads:   reads(FactV2, FactV1, FactEncryption, FactPRF, FactIntegrity, FactKeyExchange, FactV1Transforms),
		Applies: hasIKE,
		Check:   checkR7,
		Best:    rules.Info,
		Fixtures: withIKEv1(func(b *fixture.IKEBuilder) *fixture.IKEBuilder {
			return b.AddEncryption(3, 0) // ENCR_3DES beside AES
		}),
	})
}

// graded is one accepted transform with its grade under R14 to R16.
type graded struct {
	name string
	v    verdict
}

func checkR7(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	o := r.IKE
	var counts []string
	v2, v1 := e.versions(o)
	if v2 {
		for _, typ := range scanner.IKETransformTypes {
			ts, _ := e.transforms(o, typ)
			var gs []graded
			for _, t := range ts {
				v := judge(t, ctx)
				if typ == scanner.IKEIntegrity && t.ID == 0 && !aeadOnly(o) {
					v = verdict{rule: r15, status: rules.Fail, why: "no integrity, while ciphers that need it are accepted"}
				}
				if v.status == rules.Incomplete {
					e.unknown(fixture.IKETransformKind(typ), "missing", "", transformName(t)+": "+v.why)
				}
				gs = append(gs, graded{transformName(t), v})
			}
			counts = append(counts, fmt.Sprintf("%s %d", typeNames[typ], len(ts)))
			e.negotiable(itemTransform, typeNames[typ], gs)
		}
	}
	if v1 {
		ts := e.v1Transforms(o, scanner.IKEv1WeakClasses...)
		var gs []graded
		for _, t := range ts {
			g := graded{name: describeV1(t), v: verdict{status: rules.Pass}}
			for _, a := range judgeV1(t, ctx) {
				if rules.Worst(g.v.status, a.v.status) != g.v.status {
					g.v = a.v
				}
			}
			if g.v.status == rules.Incomplete {
				e.unknown(FactV1Transforms, "missing", "", g.name+": "+g.v.why)
			}
			gs = append(gs, g)
		}
		counts = append(counts, fmt.Sprintf("IKEv1 Main Mode %d", len(ts)))
		e.negotiable(itemV1, "IKEv1", gs)
	}
	switch {
	case len(e.ev.Offending()) == 0 && len(e.ev.Unknown) == 0:
		e.item(itemCount, "IKE SA transforms", 0, rules.Info, "accepted: "+strings.Join(counts, ", ")+
			"; none graded below pass by R14 to R16 is negotiable beside a passing one")
	case len(counts) > 0:
		e.note("accepted: %s", strings.Join(counts, ", "))
	}
	return e.findingAtMost(rules.Warn, "", "algorithms below R14 to R16 negotiable beside compliant ones")
}

// negotiable warns of each transform of a type graded below pass when one
// of that type passes.
func (e *evidence) negotiable(kind rules.ItemKind, what string, gs []graded) {
	good := 0
	for _, g := range gs {
		if g.v.status == rules.Pass {
			good++
		}
	}
	if good == 0 {
		return
	}
	for _, g := range gs {
		if g.v.status == rules.Pass || g.v.status == rules.Incomplete {
			continue
		}
		e.item(kind, g.name, 0, rules.Warn, fmt.Sprintf("graded %s by %s (%s), and negotiable beside %d passing %s transform(s)",
			g.v.status, g.v.rule, g.v.why, good, what))
	}
}
