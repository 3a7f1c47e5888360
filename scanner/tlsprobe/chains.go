package tlsprobe

import (
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
	"golang.org/x/crypto/cryptobyte"
)

// analyseChains describes every certificate served once and analyses each
// distinct chain against the configured anchors, for the name the probes
// asked for (the SNI, or the IP address when none was sent). Chains come
// in a stable order: by the SHA-256 of their leaf, then of the whole.
func (s *endpointScan) analyseChains() ([]scanner.ChainFact, []scanner.CertificateFact) {
	name := s.sni
	if name == "" {
		name = s.ep.IP.String()
	}
	seen := make(map[string]pki.Certificate)
	var certs []scanner.CertificateFact
	describe := func(der []byte) pki.Certificate {
		c, _ := pki.Describe(der) // a partial description still carries its hash and errors
		if _, ok := seen[c.SHA256]; !ok {
			seen[c.SHA256] = c
			certs = append(certs, scanner.CertificateFact{Certificate: c, DER: der})
		}
		return c
	}
	var out []scanner.ChainFact
	for _, sc := range s.chains {
		f := scanner.ChainFact{SNI: sc.sni, WithoutSNI: sc.noSNI}
		for v := range sc.versions {
			f.Versions = append(f.Versions, v)
		}
		slices.Sort(f.Versions)
		for _, der := range sc.certs {
			f.Chain = append(f.Chain, scanner.RefOf(describe(der)))
		}
		f.ChainReport = pki.Analyze(sc.certs, pki.AnalyzeOptions{Roots: s.cfg.Roots, ServerName: name, Now: s.cfg.now()})
		if len(sc.ocsp) > 0 {
			r, err := pki.CheckOCSP(sc.ocsp, sc.certs, pki.OCSPOptions{Roots: s.cfg.Roots, Now: s.cfg.now()})
			if err != nil {
				f.OCSPError = err.Error()
			} else {
				f.OCSP = &r
			}
		}
		if len(sc.scts) > 0 {
			list := cryptobyte.NewBuilder(nil)
			list.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				for _, sct := range sc.scts {
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(sct) })
				}
			})
			raw, err := list.Bytes()
			if err == nil {
				f.SCTs, err = pki.ParseSCTList(raw)
			}
			if err != nil {
				f.SCTError = err.Error()
			}
			for i := range f.SCTs {
				f.SCTs[i].Source = pki.SCTFromTLSExtension
			}
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b scanner.ChainFact) int {
		return strings.Compare(strings.Join(a.Served, ","), strings.Join(b.Served, ","))
	})
	slices.SortFunc(certs, func(a, b scanner.CertificateFact) int { return strings.Compare(a.SHA256, b.SHA256) })
	return out, certs
}
