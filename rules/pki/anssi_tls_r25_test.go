package pkirules_test

import (
	"crypto/x509"
	"testing"
	"time"
)

func TestR25(t *testing.T) {
	valid := func(nb time.Time, d time.Duration) *x509Edit {
		return &x509Edit{func(t *x509.Certificate) { t.NotBefore, t.NotAfter = nb, nb.Add(d-time.Second) }}
	}
	day := 24 * time.Hour
	runCases(t, "ANSSI-TLS-R25", []tcase{
		{name: "pass - 181 days", res: compliant().Result()},
		{name: "pass - exactly 825 days", res: withLeaf(leafWith(valid(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 825*day).f, nil)).Result(), ctx: nil},
		{name: "fail - 826 days", res: withLeaf(leafWith(valid(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 826*day).f, nil)).Result(),
			why: []string{"valid for 826 days, more than 825 days"}},
		{name: "pass - 3 years, issued in 2017", res: withLeaf(leafWith(valid(time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), 1095*day).f, nil)).Result()},
		{name: "fail - 4 years, issued in 2017", res: withLeaf(leafWith(valid(time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), 4*365*day).f, nil)).Result(),
			why: []string{"more than 3 years"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}

type x509Edit struct{ f func(*x509.Certificate) }
