package jurisdiction

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const validEntry = `cas:
  - name: Internal Root
    cert_sha256: ` + "0000000000000000000000000000000000000000000000000000000000000001" + `
    operated_in: FR
    parent_country: FR
    justification: ours
`

func TestUserFileErrors(t *testing.T) {
	h := strings.Repeat("ab", 32)
	tests := []struct {
		name, yaml string
		want       []string // every string must be in the error
	}{
		{"fail - unknown field names line and field",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:4:", "entry 1 (A)", `unknown field "operated"`, "operated_in"}},
		{"fail - missing justification",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated_in: FR\n    parent_country: FR\n",
			[]string{"user.yaml:2:", "entry 1 (A)", "justification is required"}},
		{"fail - blank justification",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated_in: FR\n    parent_country: FR\n    justification: \"  \"\n",
			[]string{"justification is required"}},
		{"fail - bad hex",
			"cas:\n  - name: A\n    cert_sha256: " + h[:62] + "zz\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:3:", "cert_sha256", "64 hex digits"}},
		{"fail - short hash",
			"cas:\n  - name: A\n    spki_sha256: abcd\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:3:", "spki_sha256"}},
		{"fail - bad country code",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated_in: France\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:4:", "operated_in", `"France" is not an ISO 3166-1 alpha-2`}},
		{"fail - unassigned country code",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated_in: FR\n    parent_country: ZZ\n    justification: j\n",
			[]string{"user.yaml:5:", "parent_country", `"ZZ"`}},
		{"fail - missing parent country",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated_in: FR\n    justification: j\n",
			[]string{"parent_country is required"}},
		{"fail - two keys",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    spki_sha256: " + h + "\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"exactly one of cert_sha256, spki_sha256, certificate or ca_owner (found 2)"}},
		{"fail - no key",
			"cas:\n  - name: A\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"exactly one of", "(found 0)"}},
		{"fail - hash without a name",
			"cas:\n  - cert_sha256: " + h + "\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"entry 1:", "name is required"}},
		{"fail - certificate not PEM",
			"cas:\n  - name: A\n    certificate: MIIB\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:3:", "certificate: not a PEM CERTIFICATE block"}},
		{"fail - certificate PEM not a certificate",
			"cas:\n  - name: A\n    certificate: |\n      -----BEGIN CERTIFICATE-----\n      MAA=\n      -----END CERTIFICATE-----\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:3:", "certificate: x509"}},
		{"fail - unknown embedded owner",
			"cas:\n  - ca_owner: Sectigo Ltd\n    operated_in: FR\n    parent_country: FR\n    justification: j\n",
			[]string{"user.yaml:2:", `ca_owner "Sectigo Ltd" is not an owner`}},
		{"fail - same hash twice",
			"cas:\n  - name: A\n    cert_sha256: " + h + "\n    operated_in: FR\n    parent_country: FR\n    justification: j\n" +
				"  - name: B\n    cert_sha256: " + strings.ToUpper(h) + "\n    operated_in: DE\n    parent_country: DE\n    justification: k\n",
			[]string{"user.yaml:7:", "entry 2 (B)", "same cert_sha256 as the entry at user.yaml:2"}},
		{"fail - unknown top-level field",
			"ca:\n  - name: A\n",
			[]string{"user.yaml:1:", `unknown field "ca"`}},
		{"fail - cas not a list",
			"cas: {name: A}\n",
			[]string{"user.yaml:1:", "must be a list"}},
		{"fail - entry not a mapping",
			"cas:\n  - just a string\n",
			[]string{"user.yaml:2:", "entry 1", "expected a mapping"}},
		{"fail - list value",
			"cas:\n  - name: [A, B]\n",
			[]string{"user.yaml:2:", "name must be a single value"}},
		{"fail - duplicate key in an entry",
			"cas:\n  - name: A\n    name: B\n",
			[]string{"user.yaml:3:", "entry 1 (A)", "name given twice (first at line 2)"}},
		{"fail - cas twice",
			"cas: []\ncas: []\n",
			[]string{"user.yaml:2:", "given twice"}},
		{"fail - YAML syntax",
			"cas:\n  - name: \"A\n",
			[]string{"user.yaml"}},
		{"fail - two documents",
			validEntry + "---\ncas: []\n",
			[]string{"user.yaml:7:", "one YAML document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().WithUserData("user.yaml", strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestUserFileAccepted(t *testing.T) {
	tests := []struct {
		name, yaml string
		entries    int
	}{
		{"pass - empty file", "", 0},
		{"pass - comments only", "# nothing declared yet\n", 0},
		{"pass - empty list", "cas: []\n", 0},
		{"pass - one entry", validEntry, 1},
		{"pass - Norway is a string, not a YAML 1.1 boolean", "cas:\n  - name: N\n    spki_sha256: " + strings.Repeat("0", 64) +
			"\n    operated_in: NO\n    parent_country: no\n    justification: j\n", 1},
		{"pass - EL is Greece", "cas:\n  - name: G\n    cert_sha256: " + strings.Repeat("1", 64) +
			"\n    operated_in: EL\n    parent_country: GR\n    justification: j\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Default().WithUserData("user.yaml", strings.NewReader(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(db.user.byCert) + len(db.user.bySPKI) + len(db.user.byOwner); n != tt.entries {
				t.Errorf("%d entries, want %d", n, tt.entries)
			}
		})
	}
	db, err := Default().WithUserData("user.yaml", strings.NewReader("cas:\n  - name: N\n    spki_sha256: "+strings.Repeat("0", 64)+
		"\n    operated_in: NO\n    parent_country: no\n    justification: j\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range db.user.bySPKI {
		if e.owner.HQ != "NO" || e.owner.ParentCountry != "NO" || e.owner.Class != EEA {
			t.Errorf("Norway entry: %+v", e.owner)
		}
	}
}

func TestWithUserFileMissing(t *testing.T) {
	_, err := Default().WithUserFile(filepath.Join(t.TempDir(), "absent.yaml"))
	if err == nil || !os.IsNotExist(errUnwrapAll(err)) {
		t.Errorf("error %v, want a not-exist error", err)
	}
}

func errUnwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}
