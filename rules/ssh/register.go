package sshrules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

// family lists every rule of this package, in registration order.
var family []*rules.Rule

// register adds a rule to the catalogue and to the family.
func register(r *rules.Rule) {
	family = append(family, r)
	rules.Register(r)
}

// Rules returns every rule of the family.
func Rules() []*rules.Rule { return append([]*rules.Rule(nil), family...) }

// compliantWith returns a rule's fixtures: the compliant SSH endpoint
// (fixture.CompliantSSH) to pass, and the same with one fact changed to
// fail.
func compliantWith(fail func(b *fixture.SSHBuilder) *fixture.SSHBuilder) func() rules.Fixtures {
	return func() rules.Fixtures {
		return rules.Fixtures{Pass: fixture.CompliantSSH().Result(), Fail: fail(fixture.CompliantSSH()).Result()}
	}
}
