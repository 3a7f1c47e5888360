package jurisdiction

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// DataVersion is the version of the embedded CA data (data/metadata.json,
// data_version): the date of the Mozilla CCADB snapshot the roots come from,
// then the revision of the curated owner table for that snapshot.
const DataVersion = "2026.06.24-1"

var (
	//go:embed data/ca-owners.csv
	ownersCSV []byte
	//go:embed data/ca-roots.csv
	rootsCSV []byte
	//go:embed data/metadata.json
	metadataJSON []byte
)

// Provenance describes where the embedded data comes from (data/metadata.json).
type Provenance struct {
	DataVersion string       `json:"data_version"`
	Curated     string       `json:"curated"`
	Reference   string       `json:"reference"`
	Files       []SourceFile `json:"files"`
	SKISource   string       `json:"ski_source"`
}

// SourceFile is one embedded data file and its origin.
type SourceFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
	Source string `json:"source"`
	Date   string `json:"date"`
}

// Owner is one row of the curated CA owner table (data/ca-owners.csv), with
// the class computed from its countries.
type Owner struct {
	Name string // CCADB "CA Owner"
	// HQ is the headquarters (declared) country, ISO 3166-1 alpha-2;
	// HQVerified is false when the data marks it "(unverified)".
	HQ         string
	HQVerified bool
	// Parent is the controlling parent company as written (free text, may
	// be empty or say "unverified").
	Parent string
	// ParentCountry is the parent's country, ISO 3166-1 alpha-2, empty when
	// not recorded; ParentVerified is false when the country or the parent
	// company is marked unverified, or a parent is named without a country.
	ParentCountry  string
	ParentVerified bool
	Confidence     string // high | medium | low (data/ca-owners.csv); "declared" for a user file entry
	Source         string // source keys (ca-jurisdiction.md §8), or the user file and line
	Notes          string
	MozillaStatus  string // mozilla-included | mozilla-removed | not-in-mozilla
	// RecordedClass is the jurisdiction_class column as written in the CSV;
	// Class is the class computed by the rules of this package.
	RecordedClass string
	Class         Class
	// EUControlled is the SecNumCloud-style test of ca-jurisdiction.md §5.3:
	// Class is EU, the headquarters and parent facts are not marked
	// unverified, and the row's confidence is at least medium.
	EUControlled bool
	// Caveats say, in words, why a fact is weak.
	Caveats []string
}

// Root is one root certificate of data/ca-roots.csv.
type Root struct {
	SHA256           string // SHA-256 of the certificate, upper-case hex
	SPKISHA256       string // SHA-256 of the SubjectPublicKeyInfo, upper-case hex
	CommonName       string
	OrgUnit          string
	Org              string
	Country          string // subject C=, as written
	Owner            *Owner
	MozillaStatus    string   // included | removed
	TrustBits        []string // Websites, Email, ...
	TLSDistrustAfter string   // Mozilla's "Distrust for TLS After Date", YYYY.MM.DD
	NotAfter         string
	Removal          string
	Source           string
	// SKI is the certificate's subject key identifier, taken from the Mozilla
	// root bundle (golang.org/x/crypto/x509roots/fallback/bundle) when the
	// bundle holds the same certificate; nil otherwise (the CSV has no SKI).
	SKI  []byte
	cert *x509.Certificate
}

// DB is the CA jurisdiction database: the embedded data, optionally with the
// declarations of a user file. A DB is immutable and safe for concurrent use.
type DB struct {
	owners  []*Owner
	byOwner map[string]*Owner
	roots   []*Root
	byCert  map[[32]byte]*Root
	bySPKI  map[[32]byte][]*Root
	bySKI   map[string][]knownCA // roots the bundle gives a certificate for
	bySubj  map[string][]knownCA
	prov    Provenance
	// bundleOnly lists the subjects of Mozilla bundle roots that have no row
	// in ca-roots.csv (newer than the snapshot): they cannot be classified.
	bundleOnly []string

	user *userData
}

var defaultDB = sync.OnceValue(func() *DB {
	db, err := load(ownersCSV, rootsCSV, metadataJSON)
	if err != nil {
		panic("jurisdiction: embedded data: " + err.Error())
	}
	return db
})

// Default returns the database built from the embedded data. The subject key
// identifiers of the roots are computed on first use from the Mozilla root
// bundle (golang.org/x/crypto/x509roots/fallback/bundle).
func Default() *DB { return defaultDB() }

// Provenance returns where the embedded data comes from.
func (db *DB) Provenance() Provenance { return db.prov }

// Owners returns the owner table in file order. The values are shared: do
// not modify them.
func (db *DB) Owners() []*Owner { return db.owners }

// Owner returns the owner with that exact CCADB name.
func (db *DB) Owner(name string) (*Owner, bool) {
	o, ok := db.byOwner[name]
	return o, ok
}

// Roots returns the root table in file order. The values are shared: do not
// modify them.
func (db *DB) Roots() []*Root { return db.roots }

// BundleOnlyRoots returns the subjects of the roots in the Mozilla root
// bundle compiled in that have no row in the embedded data, so cannot be
// classified until the data is refreshed.
func (db *DB) BundleOnlyRoots() []string { return db.bundleOnly }

func load(owners, roots, meta []byte) (*DB, error) {
	db := &DB{
		byOwner: map[string]*Owner{},
		byCert:  map[[32]byte]*Root{},
		bySPKI:  map[[32]byte][]*Root{},
		bySKI:   map[string][]knownCA{},
		bySubj:  map[string][]knownCA{},
	}
	if err := json.Unmarshal(meta, &db.prov); err != nil {
		return nil, fmt.Errorf("metadata.json: %w", err)
	}
	if db.prov.DataVersion != DataVersion {
		return nil, fmt.Errorf("metadata.json: data_version %q, package says %q", db.prov.DataVersion, DataVersion)
	}
	if err := db.loadOwners(owners); err != nil {
		return nil, fmt.Errorf("ca-owners.csv: %w", err)
	}
	if err := db.loadRoots(roots); err != nil {
		return nil, fmt.Errorf("ca-roots.csv: %w", err)
	}
	if err := db.loadBundle(); err != nil {
		return nil, fmt.Errorf("root bundle: %w", err)
	}
	return db, nil
}

// readCSV reads a CSV with a header and returns its rows as maps, checking
// that the wanted columns exist. line is the file line of each row.
func readCSV(data []byte, want []string) (rows []map[string]string, lines []int, err error) {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return nil, nil, fmt.Errorf("missing column %q", w)
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		m := map[string]string{}
		for name, i := range col {
			m[name] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, m)
		lines = append(lines, line)
	}
}

const unverifiedMark = "(unverified)"

// parseCountryCell reads "FR", "FR (unverified)" or "".
func parseCountryCell(s string) (code string, verified bool, err error) {
	if s == "" {
		return "", true, nil
	}
	verified = true
	if rest, ok := strings.CutSuffix(s, unverifiedMark); ok {
		s, verified = strings.TrimSpace(rest), false
	}
	code, ok := NormalizeCountry(s)
	if !ok || len(s) != 2 {
		return "", false, fmt.Errorf("not an ISO 3166-1 alpha-2 code: %q", s)
	}
	return code, verified, nil
}

var ownerColumns = []string{"ca_owner", "hq_country_iso2", "eu_member", "parent_company", "parent_country_iso2",
	"source", "confidence", "jurisdiction_class", "mozilla_status", "notes"}

func (db *DB) loadOwners(data []byte) error {
	rows, lines, err := readCSV(data, ownerColumns)
	if err != nil {
		return err
	}
	for i, r := range rows {
		o, err := newOwner(r)
		if err != nil {
			return fmt.Errorf("line %d: %w", lines[i], err)
		}
		if _, dup := db.byOwner[o.Name]; dup {
			return fmt.Errorf("line %d: owner %q listed twice", lines[i], o.Name)
		}
		db.byOwner[o.Name] = o
		db.owners = append(db.owners, o)
	}
	return nil
}

func newOwner(r map[string]string) (*Owner, error) {
	o := &Owner{
		Name:          r["ca_owner"],
		Parent:        r["parent_company"],
		Confidence:    r["confidence"],
		Source:        r["source"],
		Notes:         r["notes"],
		MozillaStatus: r["mozilla_status"],
		RecordedClass: r["jurisdiction_class"],
	}
	if o.Name == "" {
		return nil, fmt.Errorf("empty ca_owner")
	}
	switch o.Confidence {
	case "high", "medium", "low":
	default:
		return nil, fmt.Errorf("%s: confidence %q is not high, medium or low", o.Name, o.Confidence)
	}
	var err error
	if o.HQ, o.HQVerified, err = parseCountryCell(r["hq_country_iso2"]); err != nil {
		return nil, fmt.Errorf("%s: hq_country_iso2: %w", o.Name, err)
	}
	if o.HQ == "" {
		return nil, fmt.Errorf("%s: no hq_country_iso2", o.Name)
	}
	var pcVerified bool
	if o.ParentCountry, pcVerified, err = parseCountryCell(r["parent_country_iso2"]); err != nil {
		return nil, fmt.Errorf("%s: parent_country_iso2: %w", o.Name, err)
	}
	o.Class = ownerClass(o.HQ, o.ParentCountry)
	o.ParentVerified = pcVerified && !strings.Contains(strings.ToLower(o.Parent), "unverified")
	if !o.HQVerified {
		o.Caveats = append(o.Caveats, "headquarters country "+o.HQ+" is unverified in the CA data")
	}
	switch {
	case o.ParentCountry != "" && !o.ParentVerified:
		o.Caveats = append(o.Caveats, "controlling parent ("+o.Parent+", "+o.ParentCountry+") is unverified in the CA data")
	case o.ParentCountry == "" && o.Parent != "" && !strings.HasPrefix(strings.ToLower(o.Parent), "none"):
		// A parent is named ("Docler Holding group (country unverified)",
		// "unverified") but its country is not recorded.
		o.ParentVerified = false
		o.Caveats = append(o.Caveats, "controlling parent's country is not recorded (parent: "+o.Parent+")")
	}
	if o.Parent == "" && o.ParentCountry == "" {
		o.Caveats = append(o.Caveats, "no controlling parent recorded: the owner is taken to control itself")
	}
	if o.Confidence == "low" {
		o.Caveats = append(o.Caveats, "the owner row has low confidence")
	}
	o.EUControlled = o.Class == EU && o.HQVerified && o.ParentVerified && o.Confidence != "low"
	return o, nil
}

var rootColumns = []string{"root_sha256", "spki_sha256", "subject_cn", "subject_ou", "subject_o", "subject_c",
	"ca_owner", "mozilla_status", "trust_bits", "tls_distrust_after", "not_after", "removal", "source"}

// parseSHA256 reads 64 hex digits (any case, colons allowed).
func parseSHA256(s string) ([32]byte, error) {
	var h [32]byte
	clean := strings.ReplaceAll(strings.TrimSpace(s), ":", "")
	if len(clean) != 64 {
		return h, fmt.Errorf("%q is not a SHA-256 (64 hex digits)", s)
	}
	if _, err := hex.Decode(h[:], []byte(clean)); err != nil {
		return h, fmt.Errorf("%q is not a SHA-256 (64 hex digits)", s)
	}
	return h, nil
}

func hexUpper(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }

func (db *DB) loadRoots(data []byte) error {
	rows, lines, err := readCSV(data, rootColumns)
	if err != nil {
		return err
	}
	for i, r := range rows {
		cert, err := parseSHA256(r["root_sha256"])
		if err != nil {
			return fmt.Errorf("line %d: root_sha256: %w", lines[i], err)
		}
		spki, err := parseSHA256(r["spki_sha256"])
		if err != nil {
			return fmt.Errorf("line %d: spki_sha256: %w", lines[i], err)
		}
		owner, ok := db.byOwner[r["ca_owner"]]
		if !ok {
			return fmt.Errorf("line %d: ca_owner %q has no row in ca-owners.csv", lines[i], r["ca_owner"])
		}
		if _, dup := db.byCert[cert]; dup {
			return fmt.Errorf("line %d: root %s listed twice", lines[i], r["root_sha256"])
		}
		root := &Root{
			SHA256:           hexUpper(cert[:]),
			SPKISHA256:       hexUpper(spki[:]),
			CommonName:       r["subject_cn"],
			OrgUnit:          r["subject_ou"],
			Org:              r["subject_o"],
			Country:          r["subject_c"],
			Owner:            owner,
			MozillaStatus:    r["mozilla_status"],
			TLSDistrustAfter: r["tls_distrust_after"],
			NotAfter:         r["not_after"],
			Removal:          r["removal"],
			Source:           r["source"],
		}
		if tb := r["trust_bits"]; tb != "" {
			root.TrustBits = strings.Split(tb, ";")
		}
		db.roots = append(db.roots, root)
		db.byCert[cert] = root
		db.bySPKI[spki] = append(db.bySPKI[spki], root)
	}
	return nil
}

// loadBundle attaches the Mozilla bundle's certificates to the rows with the
// same SHA-256, which gives their subject key identifiers (for AKI matching),
// subjects (for issuer-name matching) and public keys (to verify that a
// served certificate was signed by them).
func (db *DB) loadBundle() error {
	for r := range bundle.Roots() {
		c, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			return err
		}
		h := sha256.Sum256(c.Raw)
		root, ok := db.byCert[h]
		if !ok {
			db.bundleOnly = append(db.bundleOnly, c.Subject.String())
			continue
		}
		if spki := sha256.Sum256(c.RawSubjectPublicKeyInfo); hexUpper(spki[:]) != root.SPKISHA256 {
			return fmt.Errorf("%s: spki_sha256 in ca-roots.csv is %s, the certificate's is %X", root.SHA256, root.SPKISHA256, spki)
		}
		root.cert = c
		root.SKI = c.SubjectKeyId
		if len(c.SubjectKeyId) > 0 {
			db.bySKI[string(c.SubjectKeyId)] = append(db.bySKI[string(c.SubjectKeyId)], knownCA{cert: c, root: root})
		}
		db.bySubj[string(c.RawSubject)] = append(db.bySubj[string(c.RawSubject)], knownCA{cert: c, root: root})
	}
	return nil
}
