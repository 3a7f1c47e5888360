// Package jurisdiction decides, offline, in which jurisdiction the
// certification authorities of a served chain sit: the data and classifier
// behind rule SNC-10.6.a (SecNumCloud 3.2 requirement 10.6.a: certificates
// from certification authorities of EU member states).
//
// # Data
//
// Two CSV files are embedded (data/, version DataVersion, provenance in
// data/metadata.json and data/README.md): ca-roots.csv, the 268 roots of
// the Mozilla CCADB reports (included and removed) keyed by certificate and
// SPKI SHA-256 with their CCADB owner; and ca-owners.csv, a hand-curated
// table of 76 owners with headquarters country, controlling parent and
// confidence. The research note behind them is ca-jurisdiction.md. The CSV
// has no subject key identifiers: they are taken from the Mozilla root
// bundle compiled into the binary (golang.org/x/crypto/x509roots/fallback/bundle),
// joined by certificate SHA-256, on first use of Default.
//
// # Identification
//
// A CA certificate is tied to the data, in this order, by: a user
// declaration (certificate, then SPKI hash), the SHA-256 of the
// certificate, the SHA-256 of its SubjectPublicKeyInfo (a re-issued or
// cross-signed root with the same key). A CA that is not itself known takes
// the owner of the known CA above it on the served path (MatchAKI, or
// MatchIssuerName when it has no AKI); when the path ends below the root
// (servers usually omit it), the last certificate's AKI is looked up among
// the roots' SKIs, or, without an AKI, its issuer name, and the signature
// is checked with that root's key. A name-only match whose signature does
// not verify is discarded; an AKI match that does not verify is kept, with
// SignatureVerified false and EUControlled false.
//
// The owner of an intermediate is the owner of the CA it chains to: the
// data has no intermediates table, so an externally operated sub-CA (CCADB
// "Subordinate CA Owner") is not seen. Every such result says so in its
// Caveats; a user declaration by the intermediate's hash fixes it.
//
// # Classes
//
// An owner with headquarters in the EU is EU when its controlling parent is
// in the EU or no parent country is recorded, EUEntityNonEUControl when the
// parent is outside the EU. Any other owner takes the worse of the classes
// of its headquarters and of its parent (EEA, Adequacy, Other):
// ca-jurisdiction.md §5.3 ("an owner's class is the worst of (HQ class,
// controlling-parent class)"); this makes StartCom (IL, parent CN) other
// rather than adequacy. A CA that is not identified is Unknown; the
// country in its certificate is returned as a Hint and never as a class
// (ca-jurisdiction.md §0 and §5.2.5).
//
// Facts marked "(unverified)" in the data do not change the class (the
// reference classifies those owners by the stated countries) but they do
// decide EUControlled, the SecNumCloud-style test of ca-jurisdiction.md
// §5.3: true only when the class is EU, neither the headquarters nor the
// parent (company or country) is marked unverified, a named parent has a
// recorded country, and the row's confidence is at least medium. An owner
// with no parent recorded at all is taken to control itself (ANF AC,
// Disig, Microsec...), as the reference does. So Certigna ("ultimate owner
// unverified"), Asseco, KIR, certSIGN and NETLOCK are EU but not
// EUControlled; a rule should read "EU and not EUControlled" as "EU by the
// data, on facts not confirmed", and show the Caveats.
//
// # User declarations
//
// A YAML file (see WithUserFile) declares private CAs and overrides the
// embedded data by certificate hash, SPKI hash, certificate (PEM: needed to
// find a root the servers do not send) or embedded owner name. Declaring an
// intermediate does not vouch for the root above it: with nothing known
// above, the root stays Unknown, and so does the chain. A
// declaration's class comes from its operated_in and parent_country, its
// justification is mandatory and is carried in every result it decides,
// and the embedded owner it replaced is kept in EmbeddedOwner.
package jurisdiction
