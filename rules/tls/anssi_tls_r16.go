package tlsrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R16",
		Title:     "Table 2.9 extensions are refused (heartbeat, max_fragment_length, ec_point_formats)",
		Reference: tlsRef("R16", "§2.3"),
		Severity:  rules.Medium,
		Description: "The extensions of the guide's Table 2.9 are always discouraged. The table was not seen in the guide's own " +
			"text; two independent encodings agree on max_fragment_length, client_certificate_url, truncated_hmac, " +
			"client_authz, server_authz, cert_type, ec_point_formats, heartbeat, client_certificate_type, " +
			"server_certificate_type and early_data. Of those, the probes offer heartbeat (TLS 1.2 and older), " +
			"max_fragment_length (TLS 1.2 and 1.3) and ec_point_formats. The table's contents are unconfirmed " +
			"(anssi-rules.md, open question 2), and R16 discourages rather than forbids, so each one echoed warns " +
			"(ec_point_formats' own place in the table is the least sure: most TLS 1.2 servers echo it with ECDHE, and " +
			"OpenSSL always acknowledges max_fragment_length). The flaw heartbeat once carried is ANSSI-TLS-R2's " +
			"(Heartbleed); early_data is graded by ANSSI-TLS-R23; the other extensions are not offered by the probes.",
		Fix: "Disable heartbeat (OpenSSL 1.1.0+ has none) and max_fragment_length (prefer record_size_limit, RFC 8449); " +
			"ec_point_formats is echoed by most TLS libraries and rarely configurable.",
		Reads: []rules.Fact{{Kind: fixture.FactHeartbeat, Version: scanner.TLSv12}, {Kind: fixture.FactMaxFragmentLength, Version: scanner.TLSv12},
			{Kind: fixture.FactECPointFormats, Version: scanner.TLSv12}},
		Applies: appliesTo(allowed...),
		Check:   checkR16,
		Fixtures: func() rules.Fixtures {
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: fixture.Compliant().SupportsValue(fixture.FactHeartbeat, 1, scanner.TLSv12).Result(), // peer_allowed_to_send
			}
		},
	})
}

func checkR16(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	need12 := w.mayBeSupported(scanner.TLSv12)
	if f, known := w.feature(fixture.FactHeartbeat, need12); known && f.Status == scanner.Supported {
		w.item(featureItem(fixture.FactHeartbeat, "heartbeat", rules.Warn, "echoed in "+versionNames(f.Versions)))
	}
	if f, known := w.feature(fixture.FactMaxFragmentLength, w.mayBeSupported(allowed...)); known && f.Status == scanner.Supported {
		why := "echoed in " + versionNames(f.Versions)
		if f.Value != nil {
			why += fmt.Sprintf(" (code %d)", *f.Value)
		}
		w.item(featureItem(fixture.FactMaxFragmentLength, "max_fragment_length", rules.Warn, why))
	}
	if f, known := w.feature(fixture.FactECPointFormats, need12); known && f.Status == scanner.Supported {
		why := "echoed in " + versionNames(f.Versions)
		if len(f.Names) > 0 {
			why += " (" + strings.Join(f.Names, ", ") + ")"
		}
		w.item(featureItem(fixture.FactECPointFormats, "ec_point_formats", rules.Warn,
			why+"; its place in Table 2.9 is unconfirmed"))
	}
	return w.finding("the server echoes none of the Table 2.9 extensions offered (heartbeat, max_fragment_length, ec_point_formats)",
		"Table 2.9 extensions")
}
