// Package catalogue links every rule family into the program: importing
// it (for its side effects) makes rules.All, rules.Evaluate and
// rules.Coverage see the whole catalogue.
//
//	import _ "github.com/cryptoscan/cryptoscan/rules/catalogue"
package catalogue

import (
	_ "github.com/cryptoscan/cryptoscan/rules/tls" // ANSSI TLS guide and crypto-mechanisms rules
)
