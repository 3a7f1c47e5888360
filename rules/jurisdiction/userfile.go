package jurisdiction

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules/internal/yamlentries"
)

// A user file declares private CAs and overrides the embedded data. Each
// entry names one key (a certificate hash, an SPKI hash, or an embedded
// owner) and states who operates the CA, where, and why the user says so:
//
//	cas:
//	  - name: Example Corp Internal Root CA
//	    cert_sha256: 3F2A...          # or spki_sha256, certificate (PEM) or ca_owner (an embedded owner)
//	    operated_in: FR               # headquarters of the operator, ISO 3166-1 alpha-2
//	    parent_country: FR            # country of whoever controls the operator (its own if none)
//	    justification: operated by our PKI team in Paris, keys in our HSMs (PKI-POL-3 §2)
//
// A declaration replaces the embedded classification of what it matches,
// and the justification is carried into every result it produces. Declare a
// private root with its certificate (PEM) rather than its hash when servers
// do not send it: the chain's last certificate can then be tied to it by its
// authority key identifier, and the signature checked.

// userEntry is one validated declaration.
type userEntry struct {
	owner         *Owner // synthesized from the declaration
	justification string
	key           string // "cert_sha256", "spki_sha256" or "ca_owner" ("certificate" is indexed as cert_sha256)
	hash          [32]byte
	cert          *x509.Certificate // when declared with its certificate
	caOwner       string
	where         string // file:line
}

type userData struct {
	name    string
	byCert  map[[32]byte]*userEntry
	bySPKI  map[[32]byte]*userEntry
	byOwner map[string]*userEntry
	// Declared certificates, to find them above a chain served without them.
	bySKI  map[string][]knownCA
	bySubj map[string][]knownCA
}

var userFields = []string{"name", "cert_sha256", "spki_sha256", "certificate", "ca_owner", "operated_in", "parent_country", "justification"}

// WithUserFile returns a copy of db with the declarations of the YAML file at
// path. db is not modified. Errors name the file, line and entry.
func (db *DB) WithUserFile(path string) (*DB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("failed to read CA declarations: %w", err)
	}
	defer f.Close()
	return db.WithUserData(path, f)
}

// WithUserData is WithUserFile for a reader; name is used in errors and in
// the Source of the owners it declares.
func (db *DB) WithUserData(name string, r io.Reader) (*DB, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("failed to read CA declarations %s: %w", name, err)
	}
	ud, err := db.parseUserData(name, data)
	if err != nil {
		return nil, err
	}
	cp := *db
	cp.user = ud
	return &cp, nil
}

func (db *DB) parseUserData(name string, data []byte) (*userData, error) {
	ud := &userData{
		name:    name,
		byCert:  map[[32]byte]*userEntry{},
		bySPKI:  map[[32]byte]*userEntry{},
		byOwner: map[string]*userEntry{},
		bySKI:   map[string][]knownCA{},
		bySubj:  map[string][]knownCA{},
	}
	entries, err := yamlentries.Read(name, data, "cas", userFields, "name")
	if err != nil {
		return nil, err
	}
	seen := map[string]string{} // key -> where first declared
	for _, entry := range entries {
		e, err := db.parseUserEntry(entry)
		if err != nil {
			return nil, err
		}
		id := e.key + ":" + e.caOwner + fmt.Sprintf("%x", e.hash)
		if first, dup := seen[id]; dup {
			return nil, fmt.Errorf("%s:%d: entry %d (%s): same %s as the entry at %s", name, entry.Line, entry.N, e.owner.Name, e.key, first)
		}
		seen[id] = e.where
		switch e.key {
		case "cert_sha256":
			ud.byCert[e.hash] = e
			if c := e.cert; c != nil {
				if len(c.SubjectKeyId) > 0 {
					ud.bySKI[string(c.SubjectKeyId)] = append(ud.bySKI[string(c.SubjectKeyId)], knownCA{cert: c, entry: e})
				}
				ud.bySubj[string(c.RawSubject)] = append(ud.bySubj[string(c.RawSubject)], knownCA{cert: c, entry: e})
			}
		case "spki_sha256":
			ud.bySPKI[e.hash] = e
		case "ca_owner":
			ud.byOwner[e.caOwner] = e
		}
	}
	return ud, nil
}

func (db *DB) parseUserEntry(entry yamlentries.Entry) (*userEntry, error) {
	errf, line := entry.Errorf, entry.LineOf
	vals := map[string]string{}
	for _, f := range userFields {
		if v, ok := entry.Value(f); ok {
			vals[f] = v
		}
	}
	e := &userEntry{where: fmt.Sprintf("%s:%d", entry.File, entry.Line)}
	var keys []string
	for _, k := range []string{"cert_sha256", "spki_sha256", "certificate", "ca_owner"} {
		if _, ok := vals[k]; ok {
			keys = append(keys, k)
		}
	}
	if len(keys) != 1 {
		return nil, errf(entry.Line, "give exactly one of cert_sha256, spki_sha256, certificate or ca_owner (found %d)", len(keys))
	}
	e.key = keys[0]
	switch e.key {
	case "certificate":
		c, err := parseOnePEM(vals["certificate"])
		if err != nil {
			return nil, errf(line("certificate"), "certificate: %v", err)
		}
		e.key, e.cert, e.hash = "cert_sha256", c, sha256.Sum256(c.Raw)
		if vals["name"] == "" {
			vals["name"] = c.Subject.String()
		}
	case "cert_sha256", "spki_sha256":
		h, err := parseSHA256(vals[e.key])
		if err != nil {
			return nil, errf(line(e.key), "%s: %v", e.key, err)
		}
		e.hash = h
		if vals["name"] == "" {
			return nil, errf(entry.Line, "name is required with %s", e.key)
		}
	case "ca_owner":
		o, ok := db.byOwner[vals["ca_owner"]]
		if !ok {
			return nil, errf(line("ca_owner"), "ca_owner %q is not an owner of the embedded data (data version %s); names are CCADB CA Owner names, e.g. %q",
				vals["ca_owner"], DataVersion, db.owners[0].Name)
		}
		e.caOwner = o.Name
		if vals["name"] == "" {
			vals["name"] = o.Name
		}
	}
	country := func(field string) (string, error) {
		v, ok := vals[field]
		if !ok || v == "" {
			return "", errf(entry.Line, "%s is required (an ISO 3166-1 alpha-2 country code such as FR)", field)
		}
		c, ok := NormalizeCountry(v)
		if !ok || len(v) != 2 {
			return "", errf(line(field), "%s: %q is not an ISO 3166-1 alpha-2 country code", field, v)
		}
		return c, nil
	}
	hq, err := country("operated_in")
	if err != nil {
		return nil, err
	}
	parent, err := country("parent_country")
	if err != nil {
		return nil, err
	}
	e.justification = vals["justification"]
	if e.justification == "" {
		return nil, errf(entry.Line, "justification is required: say why this CA is operated in %s and controlled from %s", hq, parent)
	}
	e.owner = &Owner{
		Name:           vals["name"],
		HQ:             hq,
		HQVerified:     true,
		ParentCountry:  parent,
		ParentVerified: true,
		Confidence:     "declared",
		Source:         e.where,
		Class:          ownerClass(hq, parent),
	}
	e.owner.EUControlled = e.owner.Class == EU
	return e, nil
}

// parseOnePEM reads exactly one PEM CERTIFICATE block.
func parseOnePEM(s string) (*x509.Certificate, error) {
	block, rest := pem.Decode([]byte(s))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("not a PEM CERTIFICATE block")
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, fmt.Errorf("more than one PEM block: declare each certificate in its own entry")
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, err
	}
	return c, nil
}
