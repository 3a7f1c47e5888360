package tlsrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR7Minus(t *testing.T) {
	dhe := func() *builder { return compliant().AddSuites(tls12, 0x009F) } // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	runCases(t, "ANSSI-TLS-R7-", []tcase{
		{name: "pass - no finite-field DHE", res: compliant().Result()},
		{name: "degraded - DHE with ffdhe3072", res: dhe().DH(tls12, 0x009F, 3072, "ffdhe3072").Result(), items: []string{"ffdhe3072"}},
		{name: "degraded - one prime seen with and without the RFC 7919 groups offered is one item", res: offeredBoth(dhe().DH(tls12, 0x009F, 3072, "ffdhe3072").DH(tls12, 0x009F, 3072, "ffdhe3072")),
			items: []string{"ffdhe3072"}},
		{name: "fail - another prime to hellos without the RFC 7919 groups", res: offeredBoth(dhe().DH(tls12, 0x009F, 3072, "ffdhe3072").DH(tls12, 0x009F, 1024, "")),
			items: []string{"ffdhe3072 (to hellos offering the RFC 7919 groups)", "custom prime custom/1024 (to hellos without them)"}},
		{name: "fail - DHE with ffdhe3072 under anssi-strict", res: dhe().DH(tls12, 0x009F, 3072, "ffdhe3072").Result(), ctx: strict, items: []string{"ffdhe3072"}},
		{name: "degraded - DHE with 2048 bits before 2031", res: dhe().DH(tls12, 0x009F, 2048, "ffdhe2048").Result()},
		{name: "fail - DHE with 2048 bits and a 2035 horizon", res: dhe().DH(tls12, 0x009F, 2048, "ffdhe2048").Result(), ctx: horizon(2035), items: []string{"ffdhe2048"}},
		{name: "fail - DHE with 2048 bits in 2031", res: dhe().DH(tls12, 0x009F, 2048, "ffdhe2048").Result(), ctx: year(2031)},
		{name: "fail - DHE with a 1024-bit custom prime", res: dhe().DH(tls12, 0x009F, 1024, "").Result(), items: []string{"custom prime custom/1024"}},
		{name: "degraded - custom 4096-bit prime (RFC 7919 reading noted)", res: dhe().DH(tls12, 0x009F, 4096, "").Result()},
		{name: "incomplete - DHE accepted, no parameters seen", res: dhe().Result()},
		{name: "degraded - ffdhe4096 accepted in TLS 1.3", res: compliant().AddGroups(tls13, 258).Result(), items: []string{"ffdhe4096"}},
		{name: "fail - ffdhe2048 in TLS 1.3 with a 2040 horizon", res: compliant().AddGroups(tls13, 256).Result(), ctx: horizon(2040), items: []string{"ffdhe2048"}},
		{name: "incomplete - TLS 1.3 groups partial", res: compliant().Enumeration(tls13, scanner.EnumGroups, scanner.EnumPartial, scanner.ScopeAll, "timeout").Result()},
	})
}

// offeredBoth marks the first DH parameters of b as seen by a hello that
// offered the RFC 7919 groups, the second by one that did not.
func offeredBoth(b *builder) *scanner.Result {
	r := b.Result()
	r.TLS.DHParams[0].OfferedFFDHE = true
	return r
}
