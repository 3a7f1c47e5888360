package dnsrules

import (
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

// CompliantObservation is the DNS observation of the reference compliant
// endpoint (fixture.Compliant, example.fr:443): dnsfact.CompliantObservation
// for the compliant leaves' keys (fixture.CompliantDNS).
func CompliantObservation() *dnsprobe.Observation {
	return fixture.CompliantDNS()
}

// compliantWith is the compliant endpoint with its compliant DNS
// observation, edited.
func compliantWith(edit func(o *dnsprobe.Observation)) *scanner.Result {
	o := CompliantObservation()
	if edit != nil {
		edit(o)
	}
	return Attach(fixture.Compliant().Result(), o)
}

// fixtures returns a rule's pass fixture (the compliant endpoint) and a
// fail fixture with one DNS fact changed.
func fixtures(fail func(o *dnsprobe.Observation)) func() (pass, failing *scanner.Result) {
	return func() (*scanner.Result, *scanner.Result) { return compliantWith(nil), compliantWith(fail) }
}
