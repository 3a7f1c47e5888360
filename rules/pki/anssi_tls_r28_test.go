package pkirules_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"testing"
)

func TestR28(t *testing.T) {
	eku := func(us ...x509.ExtKeyUsage) func(*x509.Certificate) {
		return func(t *x509.Certificate) { t.ExtKeyUsage = us }
	}
	critical := func(t *x509.Certificate) {
		t.ExtKeyUsage = nil
		v, _ := encasn1.Marshal([]encasn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 1}})
		t.ExtraExtensions = append(t.ExtraExtensions, pkix.Extension{Id: encasn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: v})
	}
	runCases(t, "ANSSI-TLS-R28", []tcase{
		{name: "pass - serverAuth", res: compliant().Result()},
		{name: "fail - serverAuth and clientAuth", res: withLeaf(leafWith(eku(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth), nil)).Result(),
			why: []string{"purposes beyond serverAuth: clientAuth"}},
		{name: "fail - clientAuth only", res: withLeaf(leafWith(eku(x509.ExtKeyUsageClientAuth), nil)).Result(), why: []string{"no serverAuth"}},
		{name: "fail - no ExtendedKeyUsage", res: withLeaf(leafWith(eku(), nil)).Result(), why: []string{"no ExtendedKeyUsage extension"}},
		{name: "fail - critical", res: withLeaf(leafWith(critical, nil)).Result(), why: []string{"ExtendedKeyUsage is critical"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
