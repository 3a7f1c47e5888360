package dnsrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// family lists every rule of this package, in registration order.
var family []*rules.Rule

// pending are the rules whose IDs rules.ValidID does not accept yet: the
// DNS-* rules (DNS-TLSA, DNS-CAA) grade practices that no ANSSI or
// SecNumCloud item names, so they need an ID form of their own
// ("DNS-[A-Z]+" added to the ID pattern in rules/rule.go). Until then they
// are not in the catalogue, and Pending says so; once the pattern accepts
// them they register like every other rule, with no change here.
var pending []*rules.Rule

// register adds a rule to the catalogue, or to pending when its ID form is
// not accepted yet.
func register(r *rules.Rule) {
	family = append(family, r)
	if !rules.ValidID(r.ID) {
		pending = append(pending, r)
		return
	}
	rules.Register(r)
}

// Rules returns every rule of the family, registered or pending.
func Rules() []*rules.Rule { return append([]*rules.Rule(nil), family...) }

// Pending returns the rules of the family that the catalogue does not hold
// because their ID form is not accepted yet.
func Pending() []*rules.Rule { return append([]*rules.Rule(nil), pending...) }

// ruleFixtures adapts a pair of results to rules.Fixtures.
func ruleFixtures(f func() (pass, fail *scanner.Result)) func() rules.Fixtures {
	return func() rules.Fixtures {
		p, fl := f()
		return rules.Fixtures{Pass: p, Fail: fl}
	}
}
