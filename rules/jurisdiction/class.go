package jurisdiction

import "strings"

// Class is the jurisdiction class of a certification authority.
type Class string

// Classes, best first (see Worse). The country lists are in countryClasses.
const (
	// EU: headquarters in an EU member state and controlling parent in
	// an EU member state (or no controlling parent recorded).
	EU Class = "EU"
	// EUEntityNonEUControl: headquarters in an EU member state, controlling
	// parent outside the EU (GlobalSign nv-sa: BE, parent GMO, JP).
	EUEntityNonEUControl Class = "EU-entity-non-EU-control"
	// EEA: headquarters in an EEA state that is not in the EU (NO, IS, LI).
	EEA Class = "EEA"
	// Adequacy: headquarters in a country with an EU GDPR adequacy decision.
	Adequacy Class = "adequacy"
	// Other: anywhere else, the United States included.
	Other Class = "other"
	// Unknown: the CA could not be identified from the data.
	Unknown Class = "unknown"
)

// classRank orders the classes from best (0) to worst. An unidentified CA
// ranks worst: nothing is known about who controls it.
var classRank = map[Class]int{
	EU:                   0,
	EUEntityNonEUControl: 1,
	EEA:                  2,
	Adequacy:             3,
	Other:                4,
	Unknown:              5,
}

// Worse returns the worse of two classes. An unrecognised class counts as
// Unknown.
func Worse(a, b Class) Class {
	ra, ok := classRank[a]
	if !ok {
		a, ra = Unknown, classRank[Unknown]
	}
	rb, ok := classRank[b]
	if !ok {
		b, rb = Unknown, classRank[Unknown]
	}
	if rb > ra {
		return b
	}
	return a
}

// Country lists, from ca-jurisdiction.md §5.3 (research note, 2026).
// Adequacy decisions: source key ADQ of that note (activemind.legal
// adequacy list; freeths.co.uk and globalrelay on the 2024 review of 11
// decisions). The United States is `other`: its adequacy (EU-US Data
// Privacy Framework) applies per certified company and says nothing about
// exposure to extraterritorial law.
var (
	euCountries = []string{
		"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
		"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
	}
	eeaOnlyCountries  = []string{"NO", "IS", "LI"}
	adequacyCountries = []string{"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "UY", "GB"}
)

// countryAliases maps codes seen in CCADB and the EU Trusted Lists onto
// ISO 3166-1 alpha-2 (the TLs write Greece as EL).
var countryAliases = map[string]string{"EL": "GR"}

// iso3166 is every officially assigned ISO 3166-1 alpha-2 code (249).
var iso3166 = strings.Fields(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW
`)

var (
	countryClasses = map[string]Class{}
	knownCountries = map[string]bool{}
)

func init() {
	for _, c := range iso3166 {
		knownCountries[c] = true
		countryClasses[c] = Other
	}
	for _, c := range adequacyCountries {
		countryClasses[c] = Adequacy
	}
	for _, c := range eeaOnlyCountries {
		countryClasses[c] = EEA
	}
	for _, c := range euCountries {
		countryClasses[c] = EU
	}
}

// NormalizeCountry returns the ISO 3166-1 alpha-2 code for code (upper-cased,
// EL read as GR) and whether it is an assigned code.
func NormalizeCountry(code string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if a, ok := countryAliases[c]; ok {
		c = a
	}
	return c, knownCountries[c]
}

// CountryClass returns the class of a country by itself: EU, EEA, Adequacy
// or Other; Unknown for an empty or unassigned code. It never returns
// EUEntityNonEUControl, which describes an owner, not a country.
func CountryClass(code string) Class {
	c, ok := NormalizeCountry(code)
	if !ok {
		return Unknown
	}
	return countryClasses[c]
}

// ownerClass applies the classification rules to an owner's headquarters
// and controlling-parent countries (either may be empty):
//
//   - headquarters in the EU: EU when the parent is in the EU or no parent
//     country is recorded; EUEntityNonEUControl when the parent is outside;
//   - otherwise the worse of the headquarters class and the parent class
//     (ca-jurisdiction.md §5.3: "an owner's class is the worst of (HQ class,
//     controlling-parent class)"), the parent counting only when recorded;
//   - Unknown without a headquarters country.
func ownerClass(hq, parentCountry string) Class {
	hc := CountryClass(hq)
	if hc == Unknown {
		return Unknown
	}
	if parentCountry == "" {
		return hc
	}
	pc := CountryClass(parentCountry)
	if hc == EU {
		if pc == EU {
			return EU
		}
		return EUEntityNonEUControl
	}
	return Worse(hc, pc)
}
