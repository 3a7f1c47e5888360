// Package catalogue links every rule family into the program: importing
// it (for its side effects) makes rules.All, rules.Evaluate and
// rules.Coverage see the whole catalogue.
//
//	import _ "github.com/cryptoscan/cryptoscan/rules/catalogue"
package catalogue

import (
	_ "github.com/cryptoscan/cryptoscan/rules/dns" // DNS: crypto-mechanisms rules on DNSSEC keys and DS digests, TLSA (DANE) against the served chain, CAA against SecNumCloud 10.6.a
	_ "github.com/cryptoscan/cryptoscan/rules/ike" // ANSSI IPsec note (DAT-NT-003) recommendations an IKE responder shows before authentication
	_ "github.com/cryptoscan/cryptoscan/rules/pki" // certificates: ANSSI TLS guide R24–R38, crypto-mechanisms rules on keys and signatures, SecNumCloud 10.6.a, zlint
	_ "github.com/cryptoscan/cryptoscan/rules/ssh" // ANSSI OpenSSH guide R1, R7–R10, R15 and crypto-mechanisms rules on SSH key exchange and host key signatures
	_ "github.com/cryptoscan/cryptoscan/rules/tls" // ANSSI TLS guide and crypto-mechanisms rules
)
