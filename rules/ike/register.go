package ikerules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
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

// compliantWith returns a rule's fixtures: the compliant IKE endpoint
// (fixture.CompliantIKE) to pass, and the same with one fact changed to
// fail.
func compliantWith(fail func(b *fixture.IKEBuilder) *fixture.IKEBuilder) func() rules.Fixtures {
	return func() rules.Fixtures {
		return rules.Fixtures{Pass: fixture.CompliantIKE().Result(), Fail: fail(fixture.CompliantIKE()).Result()}
	}
}

// goodV1 is an IKEv1 Main Mode transform every rule passes: AES-CBC with
// a 256-bit key, SHA2-256, RSA signatures, group 19.
var goodV1 = fixture.V1("AES-CBC", 256, "SHA2-256", "RSA signatures", 19)

// withIKEv1 returns the fixtures of a rule that grades IKEv1 transforms
// too: the compliant endpoint also answering IKEv1 with goodV1 (which
// ANSSI-IPSEC-R8 warns of, and this rule passes), so that making the
// IKEv1 transforms unknown is seen; and the same with one fact changed to
// fail.
func withIKEv1(fail func(b *fixture.IKEBuilder) *fixture.IKEBuilder) func() rules.Fixtures {
	base := func() *fixture.IKEBuilder { return fixture.CompliantIKE().IKEv1(goodV1) }
	return func() rules.Fixtures {
		return rules.Fixtures{Pass: base().Result(), Fail: fail(base()).Result()}
	}
}

// v1With is goodV1 with one attribute changed by f.
func v1With(f func(t *scanner.IKEv1Transform)) scanner.IKEv1Transform {
	t := goodV1
	f(&t)
	return fixture.V1(t.Encryption, t.KeyBits, t.Hash, t.Auth, t.GroupID) // the values of the names changed
}
