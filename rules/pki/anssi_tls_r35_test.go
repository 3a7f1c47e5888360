package pkirules_test

import (
	"crypto/x509"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

func TestR35(t *testing.T) {
	stapled := func(edit func(o *pki.OCSPResponse)) *fixture.Builder {
		c := compliantChain()
		if edit != nil {
			edit(c.OCSP)
		}
		return compliant().Chains(c)
	}
	noStaple := compliantChain()
	noStaple.OCSP = nil
	broken := compliantChain()
	broken.OCSP, broken.OCSPError = nil, "malformed ocsp_response: truncated"
	noOCSP := compliantChain()
	noOCSP.OCSP = nil
	noOCSP.Served[0] = leafWith(func(t *x509.Certificate) { t.OCSPServer = nil }, nil)
	runCases(t, "ANSSI-TLS-R35", []tcase{
		{name: "pass - good, current, signed by the issuer", res: compliant().Result()},
		{name: "warn - nothing stapled", res: compliant().Chains(noStaple).Result(), why: []string{"no stapled OCSP response"}},
		{name: "not_applicable - the leaf names no OCSP responder", res: compliant().Chains(noOCSP).Result()},
		{name: "fail - unreadable", res: compliant().Chains(broken).Result(), why: []string{"does not read"}},
		{name: "fail - revoked", res: stapled(func(o *pki.OCSPResponse) {
			o.Status, o.RevokedAt = pki.OCSPRevoked, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		}).Result(),
			why: []string{"the leaf is revoked"}},
		{name: "fail - stale at the evaluation time", res: compliant().Result(), ctx: at(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)), why: []string{"stale"}},
		{name: "fail - bad signature", res: stapled(func(o *pki.OCSPResponse) {
			o.SignatureValid, o.SignatureError = false, "crypto/rsa: verification error"
		}).Result(),
			why: []string{"signature is invalid"}},
		{name: "fail - for another certificate", res: stapled(func(o *pki.OCSPResponse) { o.SerialMatchesLeaf = false }).Result(), why: []string{"another certificate"}},
		{name: "fail - tryLater", res: stapled(func(o *pki.OCSPResponse) { o.ResponseStatus = "tryLater" }).Result(), why: []string{"tryLater"}},
		{name: "warn - no nextUpdate", res: stapled(func(o *pki.OCSPResponse) { o.NextUpdate = time.Time{} }).Result(), why: []string{"no nextUpdate"}},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
