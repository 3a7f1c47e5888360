package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

// family lists every rule of this package, in registration order.
var family []*rules.Rule

// catalogued says whether the family's rules join the catalogue. Not yet:
// the catalogue's meta-tests (rules/meta_test.go) grade every registered
// rule on fixture.Compliant, a TLS endpoint on which an SSH rule is
// not_applicable, and tell a rule's two fixtures apart with fixture.Diff,
// fixture.Clone and fixture.AllMutations, which do not read
// scanner.Result.SSH. rules/fixture/ssh.go has what they need
// (CompliantSSH, SSHFacts, CloneSSH, SSHKinds, SSHMutations); once they
// call it, setting this to true registers the family with no other change
// here. Until then Pending lists the rules and this package's own
// meta-tests (meta_test.go) check them as the catalogue's would.
const catalogued = false

// pending are the rules of the family the catalogue does not hold yet.
var pending []*rules.Rule

// register adds a rule to the catalogue, or to pending while the family is
// not catalogued.
func register(r *rules.Rule) {
	family = append(family, r)
	if !catalogued {
		pending = append(pending, r)
		return
	}
	rules.Register(r)
}

// Rules returns every rule of the family, registered or pending.
func Rules() []*rules.Rule { return append([]*rules.Rule(nil), family...) }

// Pending returns the rules of the family that the catalogue does not hold.
func Pending() []*rules.Rule { return append([]*rules.Rule(nil), pending...) }

// compliantWith returns a rule's fixtures: the compliant SSH endpoint
// (fixture.CompliantSSH) to pass, and the same with one fact changed to
// fail.
func compliantWith(fail func(b *fixture.SSHBuilder) *fixture.SSHBuilder) func() rules.Fixtures {
	return func() rules.Fixtures {
		return rules.Fixtures{Pass: fixture.CompliantSSH().Result(), Fail: fail(fixture.CompliantSSH()).Result()}
	}
}
