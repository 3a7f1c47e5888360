package dnsrules

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
)

//go:embed data/caa-domains.csv
var caaDomainsCSV []byte

// CAADomain is one row of data/caa-domains.csv: a CAA issuer domain and
// the CA owner (rules/jurisdiction) that recognises it.
type CAADomain struct {
	Domain string
	Owner  string // CCADB CA owner, as in rules/jurisdiction's ca-owners.csv
	Source string
	Note   string
}

var caaDomains = sync.OnceValues(func() (map[string]CAADomain, error) { return readCAADomains(caaDomainsCSV) })

func readCAADomains(data []byte) (map[string]CAADomain, error) {
	rd := csv.NewReader(bytes.NewReader(data))
	rows, err := rd.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("caa-domains.csv: %w", err)
	}
	want := []string{"caa_domain", "ca_owner", "source", "note"}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("caa-domains.csv: header is not %s", strings.Join(want, ","))
	}
	out := make(map[string]CAADomain, len(rows)-1)
	for i, r := range rows[1:] {
		d := CAADomain{Domain: r[0], Owner: r[1], Source: r[2], Note: r[3]}
		if d.Domain == "" || d.Domain != strings.ToLower(d.Domain) || d.Owner == "" || d.Source == "" {
			return nil, fmt.Errorf("caa-domains.csv line %d: domain, owner and source are required, the domain in lower case", i+2)
		}
		if _, dup := out[d.Domain]; dup {
			return nil, fmt.Errorf("caa-domains.csv line %d: %s listed twice", i+2, d.Domain)
		}
		out[d.Domain] = d
	}
	return out, nil
}

// LookupCAADomain returns the CA owner that recognises a CAA issuer domain.
func LookupCAADomain(domain string) (CAADomain, bool) {
	m, err := caaDomains()
	if err != nil {
		panic("dnsrules: embedded data: " + err.Error())
	}
	d, ok := m[strings.ToLower(strings.TrimSuffix(domain, "."))]
	return d, ok
}
