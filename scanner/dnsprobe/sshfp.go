package dnsprobe

import (
	"strings"

	"github.com/miekg/dns"
)

// sshfpLookup asks for the SSHFP records of fqdn (RFC 4255 §3). An alias
// is followed as for TLSA: the resolver follows the CNAME chain, and the
// records at its end count. The lookup's Authenticated is the answer's AD
// bit, which is what says whether a client may use the fingerprints
// (RFC 4255 §2.4).
func sshfpLookup(ask askFunc, fqdn string) *SSHFPSet {
	a := ask(fqdn, dns.TypeSSHFP)
	s := &SSHFPSet{Lookup: a.lookup}
	for _, rr := range a.records {
		if r, ok := rr.(*dns.SSHFP); ok {
			s.Records = append(s.Records, sshfpRecord(r.Algorithm, r.Type, r.FingerPrint))
		}
	}
	return s
}

// sshfpRecord describes one published SSHFP record (RFC 4255 §3.1),
// whatever its numbers. The fingerprint is kept as published, even when
// its length is not that of its type (RFC 4255 §3.1.3 gives it no length
// field: it is the rest of the record): a rule sees the problem by
// comparing len(Fingerprint)/2 with SSHFPTypeByNumber(Type).Size, e.g. a
// SHA-256 fingerprint that is not 32 bytes. The DNS library decodes it
// from the wire as hex, so it is always hex of whole bytes; an empty one
// is possible.
func sshfpRecord(algorithm, typ uint8, fingerprint string) SSHFP {
	return SSHFP{
		Algorithm: algorithm, AlgorithmName: SSHFPAlgorithmName(algorithm),
		Type: typ, TypeName: SSHFPTypeName(typ),
		Fingerprint: strings.ToLower(fingerprint),
	}
}
