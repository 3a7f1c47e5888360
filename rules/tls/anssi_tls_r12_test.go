package tlsrules_test

import "testing"

func TestR12(t *testing.T) {
	runCases(t, "ANSSI-TLS-R12", []tcase{
		{name: "pass - three recommended suites per version", res: compliant().Result()},
		{name: "warn - one TLS 1.3 suite", res: compliant().Suites(tls13, 0x1301).Result(), items: []string{"TLSv1.3"}},
		{name: "warn - one good TLS 1.2 suite among bad ones", res: compliant().Suites(tls12, 0xC02F, 0x009C, 0xC013).Result(), items: []string{"TLSv1.2"}},
		{name: "pass - degraded suites count under anssi", res: compliant().Suites(tls12, 0xC02F, 0xC08B).Result()},
		{name: "warn - degraded suites do not count under anssi-strict", res: compliant().Suites(tls12, 0xC02F, 0xC08B).Result(), ctx: strict},
		{name: "incomplete - compliance depth lists one recommended suite only", res: compliant().Suites(tls12, 0xC02F).
			Enumeration(tls12, ec, edon, nonc, "").Result()},
		{name: "pass - compliance depth found two recommended suites", res: compliant().Suites(tls12, 0xC02F, 0xC02B).
			Enumeration(tls12, ec, edon, nonc, "").Result()},
		{name: "pass - TLS 1.3 only", res: compliant().NotSupported(tls12).Result()},
	})
}
