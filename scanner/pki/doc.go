// Package pki reads what a TLS server's certificates and revocation data
// say, as facts: no judgement, and what cannot be established is said to
// be unknown, with why. The rules decide what the facts mean.
//
//   - Describe reads one DER certificate: hashes, names, key, signature
//     algorithm, validity, extensions, embedded SCTs. It is lenient: a
//     damaged certificate still gives what can be read, beside a
//     *ParseError.
//   - Analyze builds a certification path from a served chain against a
//     Pool of trust anchors and lists its defects one by one (order,
//     missing intermediate, untrusted or distrusted root, validity, SHA-1,
//     name mismatch per RFC 6125, and crypto/x509's verdict for the rest).
//   - A Pool holds the Mozilla roots compiled into the binary
//     (golang.org/x/crypto/x509roots/fallback/bundle, with their
//     distrust-after dates) and the operator's CA files; never the system
//     store, so a scan gives the same answer on every host and in a
//     scratch container. Store gives the root store version.
//   - CheckOCSP reads a stapled OCSP response and checks it against the
//     served chain; ParseSCTList reads an RFC 6962 SCT list, as the TLS
//     extension carries it (the certificate and OCSP extensions are read by
//     Describe and CheckOCSP).
//
// The inputs come from servers that may be hostile: every parser requires
// its input to be fully consumed, sizes are bounded (MaxCertificateSize,
// MaxOCSPResponseSize, MaxChainCertificates), path building has a budget,
// and no signature is verified with a key large enough to stall a worker.
// Everything returned is ready for encoding/json, with snake_case names,
// times in RFC 3339 UTC and hashes in lower-case hex.
package pki
