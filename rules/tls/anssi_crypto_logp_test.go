package tlsrules_test

import "testing"

func TestLogp(t *testing.T) {
	dhe := func() *builder { return compliant().AddSuites(tls12, 0x009F) } // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384
	runCases(t, "ANSSI-CRYPTO-Logp", []tcase{
		{name: "pass - no finite-field DH", res: compliant().Result()},
		{name: "pass - ffdhe3072", res: dhe().DH(tls12, 0x009F, 3072, "ffdhe3072").Result()},
		{name: "pass - RFC 3526 group 14 before 2031", res: dhe().DH(tls12, 0x009F, 2048, "RFC 3526 group 14 (2048-bit MODP)").Result()},
		{name: "fail - RFC 3526 group 14 with a 2031 horizon", res: dhe().DH(tls12, 0x009F, 2048, "RFC 3526 group 14 (2048-bit MODP)").Result(), ctx: horizon(2031)},
		{name: "fail - RFC 5114 group with a 224-bit subgroup", res: dhe().DH(tls12, 0x009F, 2048, "RFC 5114 2048-bit MODP with 224-bit subgroup").Result(),
			items: []string{"RFC 5114 2048-bit MODP with 224-bit subgroup"}},
		{name: "warn - custom 3072-bit prime", res: dhe().DH(tls12, 0x009F, 3072, "").Result(), items: []string{"custom prime custom/3072"}},
		{name: "fail - 1024-bit prime", res: dhe().DH(tls12, 0x009F, 1024, "nginx 1024-bit default").Result(), items: []string{"nginx 1024-bit default"}},
		{name: "incomplete - DHE accepted, parameters not seen", res: dhe().Result()},
		{name: "fail - ffdhe2048 in TLS 1.3 in 2031", res: compliant().AddGroups(tls13, 256).Result(), ctx: year(2031), items: []string{"ffdhe2048"}},
	})
}
