package rules

// CatalogueVersion is the version of the rule catalogue: it changes
// whenever a rule is added, removed or graded differently.
const CatalogueVersion = "0.4.0"

// The documents the catalogue grades against.
var (
	// TLSGuide is the ANSSI TLS guide the TLS rules cite.
	TLSGuide = Document{
		Name:      "ANSSI TLS guide",
		Title:     "Recommandations de sécurité relatives à TLS",
		Reference: "SDE-NT-35/ANSSI/SDE/NP",
		Edition:   "v1.2 (2020)",
		Date:      "2020-03-26",
		Note: "SecNumCloud 3.2 (Annex 1, [NT_TLS]) cites the 19 Aug 2016 edition (v1.1), which tolerated TLS 1.0/1.1 " +
			"with TLS_FALLBACK_SCSV and listed non-PFS suites; cryptoscan grades against v1.2 (2020), the current edition.",
	}
	// CryptoGuide is the ANSSI crypto-mechanisms guide the ANSSI-CRYPTO rules cite.
	CryptoGuide = Document{
		Name:      "ANSSI crypto mechanisms guide",
		Title:     "Guide des mécanismes cryptographiques : règles et recommandations (RGS Annexe B1)",
		Reference: "RGS v2.0 Annexe B1",
		Edition:   "v2.04 (2020)",
		Date:      "2020-01-01",
		Note: "SecNumCloud 3.2 cites [CRYPTO_B1] as the version in force. v2.04 is graded; ANSSI-PG-083 v3.00 " +
			"(2026) is cited by third parties but its content is unconfirmed.",
	}
	// SSHGuide is the ANSSI OpenSSH guide.
	SSHGuide = Document{
		Name:      "ANSSI OpenSSH guide",
		Title:     "Recommandations pour un usage sécurisé d'(Open)SSH",
		Reference: "DAT-NT-007",
		Edition:   "v1.3 (2015)",
		Date:      "2015-08-17",
		Note:      "The edition SecNumCloud 3.2 cites ([NT_SSH], 17 Aug 2015).",
	}
	// IPsecGuide is the ANSSI IPsec note. Its recommendations were read
	// through a third-party transcription only (rules/ike/REFERENCE.md).
	IPsecGuide = Document{
		Name:      "ANSSI IPsec note",
		Title:     "Recommandations de sécurité relatives à IPsec pour la protection des flux réseau",
		Reference: "DAT-NT-003",
		Edition:   "v1.1 (2015)",
		Date:      "2015-08-03",
		Note: "The edition SecNumCloud 3.2 cites ([NT_IPSEC], 3 Aug 2015). Its recommendations were read through a " +
			"third-party French transcription, not the note itself.",
	}
	// SecNumCloud is the SecNumCloud requirements framework.
	SecNumCloud = Document{
		Name:      "SecNumCloud",
		Title:     "Prestataires de services d'informatique en nuage (SecNumCloud) – référentiel d'exigences",
		Reference: "SecNumCloud",
		Edition:   "v3.2 (2022)",
		Date:      "2022-03-08",
	}
)

// Document is a source the catalogue grades against.
type Document struct {
	Name      string `json:"name"`
	Title     string `json:"title"`
	Reference string `json:"reference"`
	Edition   string `json:"edition"`
	Date      string `json:"date"`
	Note      string `json:"note,omitempty"`
}

// Metadata describes the catalogue for provenance (the summary event,
// the text report).
type Metadata struct {
	Version   string     `json:"version"`
	Documents []Document `json:"documents"`
}

// CatalogueMetadata returns the catalogue's version and sources.
func CatalogueMetadata() Metadata {
	return Metadata{Version: CatalogueVersion, Documents: []Document{TLSGuide, CryptoGuide, SSHGuide, IPsecGuide, SecNumCloud}}
}
