package dnsprobe

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Match is the outcome of one TLSA record against a served chain.
type Match string

const (
	Matched    Match = "match"    // the record's data is that of a certificate it may name
	NotMatched Match = "no_match" // no certificate it may name has its data
	Unusable   Match = "unusable" // the record cannot be used (RFC 6698 §2.1: unknown usage, selector or matching type, bad data)
)

// TLSAMatch is one record checked against a chain.
type TLSAMatch struct {
	Record TLSA  `json:"record"`
	Result Match `json:"result"`
	// Certificate is the served index (0 the leaf) of the certificate that
	// matched; -1 when none did.
	Certificate int    `json:"certificate"`
	Why         string `json:"why,omitempty"`
}

// Usage names, RFC 7218 §2.1.
var usageNames = map[uint8]string{0: "PKIX-TA", 1: "PKIX-EE", 2: "DANE-TA", 3: "DANE-EE"}

// UsageName is the RFC 7218 acronym of a certificate usage, or its number.
func UsageName(u uint8) string {
	if s, ok := usageNames[u]; ok {
		return s
	}
	return fmt.Sprintf("usage %d", u)
}

// MatchTLSA checks each record against a served chain (DER, leaf first),
// as RFC 6698 §2.1 and RFC 7671 describe it: usages 1 (PKIX-EE) and 3
// (DANE-EE) name the leaf; usages 0 (PKIX-TA) and 2 (DANE-TA) name a CA
// certificate of the chain, any served one above the leaf (a trust anchor
// the server does not send cannot be matched from the chain). Selector 0
// compares the whole certificate, 1 its SubjectPublicKeyInfo; matching
// type 0 the bytes themselves, 1 their SHA-256, 2 their SHA-512.
//
// Only the association data is checked. The PKIX usages also require the
// chain to validate against the client's trust store, which is the
// certificate rules' business, not this function's; DANE-TA also
// requires the chain to lead from the leaf to that CA (the served order is
// not re-checked here).
func MatchTLSA(records []TLSA, chain [][]byte) []TLSAMatch {
	out := make([]TLSAMatch, 0, len(records))
	for _, rec := range records {
		out = append(out, matchOne(rec, chain))
	}
	return out
}

func matchOne(rec TLSA, chain [][]byte) TLSAMatch {
	m := TLSAMatch{Record: rec, Certificate: -1}
	unusable := func(why string) TLSAMatch {
		m.Result, m.Why = Unusable, why
		return m
	}
	data, err := hex.DecodeString(rec.Data)
	if err != nil || len(data) == 0 {
		return unusable("association data is not hex")
	}
	var first, last int
	switch rec.Usage {
	case 1, 3:
		first, last = 0, min(1, len(chain))
	case 0, 2:
		first, last = 1, len(chain)
	default:
		return unusable(fmt.Sprintf("unknown certificate usage %d", rec.Usage))
	}
	if rec.Selector > 1 {
		return unusable(fmt.Sprintf("unknown selector %d", rec.Selector))
	}
	switch {
	case rec.MatchingType > 2:
		return unusable(fmt.Sprintf("unknown matching type %d", rec.MatchingType))
	case rec.MatchingType == 1 && len(data) != sha256.Size:
		return unusable(fmt.Sprintf("SHA-256 association data of %d bytes", len(data)))
	case rec.MatchingType == 2 && len(data) != sha512.Size:
		return unusable(fmt.Sprintf("SHA-512 association data of %d bytes", len(data)))
	}
	unreadable := 0
	for i := first; i < last; i++ {
		sel := chain[i]
		if rec.Selector == 1 {
			spki, ok := subjectPublicKeyInfo(chain[i])
			if !ok {
				unreadable++
				continue
			}
			sel = spki
		}
		var got []byte
		switch rec.MatchingType {
		case 0:
			got = sel
		case 1:
			h := sha256.Sum256(sel)
			got = h[:]
		case 2:
			h := sha512.Sum512(sel)
			got = h[:]
		}
		if bytes.Equal(got, data) {
			m.Result, m.Certificate = Matched, i
			return m
		}
	}
	m.Result = NotMatched
	switch {
	case len(chain) == 0:
		m.Why = "the server sent no certificate"
	case first >= last:
		m.Why = "the server sent no CA certificate to match a trust-anchor record against"
	case unreadable > 0:
		m.Why = fmt.Sprintf("%d certificate(s) did not parse far enough to read their public key", unreadable)
	case rec.Usage == 1 || rec.Usage == 3:
		m.Why = "the leaf certificate does not have this data"
	default:
		m.Why = "no served CA certificate has this data"
	}
	return m
}

// subjectPublicKeyInfo returns the DER of the SubjectPublicKeyInfo of a
// certificate (RFC 5280 §4.1), reading only as far as it.
func subjectPublicKeyInfo(der []byte) ([]byte, bool) {
	input := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !input.ReadASN1(&cert, asn1.SEQUENCE) || !input.Empty() ||
		!cert.ReadASN1(&tbs, asn1.SEQUENCE) {
		return nil, false
	}
	// version [0] EXPLICIT, optional
	if !tbs.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, false
	}
	// serialNumber, signature, issuer, validity, subject
	for _, tag := range []asn1.Tag{asn1.INTEGER, asn1.SEQUENCE, asn1.SEQUENCE, asn1.SEQUENCE, asn1.SEQUENCE} {
		if !tbs.SkipASN1(tag) {
			return nil, false
		}
	}
	var spki cryptobyte.String
	if !tbs.ReadASN1Element(&spki, asn1.SEQUENCE) {
		return nil, false
	}
	return spki, true
}
