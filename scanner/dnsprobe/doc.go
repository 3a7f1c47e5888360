// Package dnsprobe observes the DNS security records of host names:
// DNSSEC (the zone's DNSKEYs and their algorithms and sizes, the
// signatures over them, the DS records at the parent and their digest
// types), CAA (RFC 8659, with its climb to the closest set) and TLSA
// (DANE, RFC 6698) for the service names of the endpoints scanned, and
// for SSH endpoints (ProbeSSH) SSHFP (RFC 4255) instead of CAA and TLSA.
// For the mail domains whose MX the SMTP endpoints are, ProbeMTASTS
// observes MTA-STS (RFC 8461: the _mta-sts TXT record and the policy it
// announces, fetched over HTTPS) and TLS-RPT (RFC 8460: the _smtp._tls
// TXT record). It reports facts only; rules/dns grades them.
//
// # What is checked, and what is not
//
// The probe asks a recursive resolver (the one discovery uses), with the
// DO bit and the AD bit set in the question. For DNSSEC it checks two
// links of the chain itself, cheaply: that each RRSIG over the DNSKEY set
// verifies with the zone's key of the same tag and algorithm and is inside
// its validity period, and that each DS digest at the parent is the
// digest of a key of the zone. It does not validate the chain from the
// root, NSEC/NSEC3 denials, or the signatures over the TLSA, CAA and SSHFP
// sets: for those it reports the resolver's AD bit (Lookup.Authenticated),
// which means something only from a validating resolver reached over a
// trusted path. A validating resolver answers SERVFAIL for a bogus zone:
// that is reported as unknown (servfail), never as absent.
//
// MatchTLSA checks TLSA records against a served chain's certificates; it
// compares association data only (PKIX validation of usages 0 and 1 is
// the certificate rules' business).
//
// # Bounds
//
// Every message has a timeout (Config.Timeout) and Attempts rounds over
// the servers; UDP answers are limited to 1232 bytes and truncated ones
// are asked again over TCP (64 KiB at most). An answer with more than 64
// records of the type asked is not read in part: the lookup is unknown.
// At most 16 signatures are verified; the DNS library refuses RSA keys
// above 4096 bits or with an exponent above 2^31 before verifying. The
// zone search and the CAA climb stop after 32 levels. An MTA-STS policy
// fetch dials at most 8 addresses of the policy host, is bounded by
// twice Config.Timeout from the first connection to the last byte, reads
// at most 64 KiB of header and of body, and follows no redirect. Public
// key fields, CAA values, TLSA data, SSHFP records, MTA-STS and TLS-RPT
// records and MTA-STS policies are read by code with fuzz targets.
//
// # Sharing
//
// A Prober remembers every answer for its lifetime: the hosts of one zone
// share its DNSSEC questions and the CAA levels above them, and a failure
// is not retried by every host of the zone. It remembers the MTA-STS and
// TLS-RPT observation of each mail domain too: its MX hosts share one set
// of questions and one policy fetch.
package dnsprobe
