package jurisdiction

import (
	"slices"
	"testing"
)

func TestCountryClass(t *testing.T) {
	tests := []struct {
		code string
		want Class
	}{
		{"FR", EU},
		{"fr", EU},
		{"GR", EU},
		{"EL", EU}, // Greece as the EU Trusted Lists write it
		{"SE", EU},
		{"NO", EEA},
		{"IS", EEA},
		{"LI", EEA},
		{"CH", Adequacy},
		{"GB", Adequacy},
		{"JP", Adequacy},
		{"KR", Adequacy},
		{"US", Other}, // DPF adequacy is per company
		{"CN", Other},
		{"BM", Other},
		{"ZZ", Unknown},
		{"", Unknown},
		{"FRA", Unknown},
	}
	for _, tt := range tests {
		if got := CountryClass(tt.code); got != tt.want {
			t.Errorf("CountryClass(%q) = %s, want %s", tt.code, got, tt.want)
		}
	}
}

func TestOwnerClass(t *testing.T) {
	tests := []struct {
		name, hq, parent string
		want             Class
	}{
		{"EU HQ, EU parent", "FI", "SE", EU},
		{"EU HQ, no parent recorded", "SK", "", EU},
		{"EU HQ, JP parent (GlobalSign)", "BE", "JP", EUEntityNonEUControl},
		{"EU HQ, US parent", "ES", "US", EUEntityNonEUControl},
		{"EU HQ, EEA parent", "SE", "NO", EUEntityNonEUControl},
		{"EEA HQ and parent (Buypass)", "NO", "NO", EEA},
		{"EEA HQ, EU parent keeps EEA", "NO", "SE", EEA},
		{"adequacy HQ and parent (SwissSign)", "CH", "CH", Adequacy},
		{"adequacy HQ, CN parent is other (StartCom)", "IL", "CN", Other},
		{"GB HQ, US parent is other (Sectigo)", "GB", "US", Other},
		{"US HQ, EU ultimate parent stays other", "US", "SE", Other},
		{"no HQ", "", "FR", Unknown},
	}
	for _, tt := range tests {
		if got := ownerClass(tt.hq, tt.parent); got != tt.want {
			t.Errorf("%s: ownerClass(%q, %q) = %s, want %s", tt.name, tt.hq, tt.parent, got, tt.want)
		}
	}
}

func TestWorse(t *testing.T) {
	order := []Class{EU, EUEntityNonEUControl, EEA, Adequacy, Other, Unknown}
	for i, a := range order {
		for j, b := range order {
			want := order[max(i, j)]
			if got := Worse(a, b); got != want {
				t.Errorf("Worse(%s, %s) = %s, want %s", a, b, got, want)
			}
		}
	}
	if got := Worse(EU, Class("EU ")); got != Unknown {
		t.Errorf("Worse with an unrecognised class = %s, want unknown", got)
	}
}

func TestCountryLists(t *testing.T) {
	if len(iso3166) != 249 {
		t.Errorf("%d ISO 3166-1 codes, want 249", len(iso3166))
	}
	sorted := slices.Clone(iso3166)
	slices.Sort(sorted)
	if !slices.Equal(sorted, iso3166) || len(slices.Compact(sorted)) != len(iso3166) {
		t.Error("the ISO 3166-1 list is not sorted and unique")
	}
	if len(euCountries) != 27 {
		t.Errorf("%d EU member states, want 27", len(euCountries))
	}
	for _, list := range [][]string{euCountries, eeaOnlyCountries, adequacyCountries} {
		for _, c := range list {
			if !knownCountries[c] {
				t.Errorf("%s is not an ISO 3166-1 code", c)
			}
		}
	}
}
