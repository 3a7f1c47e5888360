package tlsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// groupJudge grades one group accepted under v.
type groupJudge func(v scanner.Version, g tlsprobe.Group, e env) (rules.Status, string)

// groupJudges are the judgements of every group rule, in order of
// registration.
var groupJudges []struct {
	id    string
	judge groupJudge
}

// groupRule is a rule that judges each key-exchange group accepted under
// versions independently.
type groupRule struct {
	versions []scanner.Version
	judge    groupJudge
	pass     string
	offence  string
}

func (s groupRule) register(r *rules.Rule) {
	groupJudges = append(groupJudges, struct {
		id    string
		judge groupJudge
	}{r.ID, s.judge})
	if r.Applies == nil {
		r.Applies = appliesTo(s.versions...)
	}
	if r.Reads == nil {
		r.Reads = reads(s.versions, rules.FactVersion, rules.FactGroups)
	}
	r.Check = s.check
	rules.Register(r)
}

func (s groupRule) check(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	for _, v := range s.versions {
		if !w.inScope(v) || !w.groupsUsed(v) {
			continue
		}
		for _, gf := range w.groups(v, false) {
			g, ok := tlsprobe.GroupByCode(uint16(gf.Code))
			if !ok {
				w.item(groupItem(v, gf, rules.Incomplete, "not in the registry: its properties are unknown"))
				continue
			}
			if st, why := s.judge(v, g, env{ctx: ctx}); st != rules.Pass {
				w.item(groupItem(v, gf, st, why))
			}
			if gf.Preferred {
				w.ev.Notes = append(w.ev.Notes, "preferred group in "+v.String()+": "+gf.Name)
			}
		}
	}
	return w.finding(s.pass, s.offence)
}

// groupsUsed says whether the groups of v matter: always in TLS 1.3; in
// TLS 1.2 unless the group list was not established and the complete suite
// list shows no ephemeral (EC)DH suite, so that no group is ever used.
func (w *view) groupsUsed(v scanner.Version) bool {
	if v == scanner.TLSv13 {
		return true
	}
	if e, ok := enumeration(w.o, v, scanner.EnumGroups); ok && e.Status == scanner.EnumComplete {
		return true
	}
	if e, ok := enumeration(w.o, v, scanner.EnumCipherSuites); !ok || e.Status != scanner.EnumComplete {
		return true
	}
	for _, s := range w.o.CipherSuites {
		if cs, ok := tlsprobe.SuiteByCode(s.Code); s.Version == v && (!ok || ephemeral(cs.Kx)) {
			return true
		}
	}
	w.checked(rules.FactGroups, v, "unused", 0)
	return false
}

// classical returns the group a hybrid's classical half is, or g itself.
func classical(g tlsprobe.Group) (tlsprobe.Group, bool) {
	if g.Kind != tlsprobe.GroupHybrid {
		return g, true
	}
	c, ok := tlsprobe.HybridClassical(g.Code)
	if !ok {
		return tlsprobe.Group{}, false
	}
	return tlsprobe.GroupByCode(c)
}

// classifyGroup grades a group by every group rule: the worst status.
func classifyGroup(v scanner.Version, g tlsprobe.Group, e env) rules.Status {
	st := rules.Pass
	for _, j := range groupJudges {
		s, _ := j.judge(v, g, e)
		st = rules.Worst(st, s)
	}
	return st
}
