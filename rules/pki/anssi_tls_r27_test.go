package pkirules_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules/fixture"
)

func TestR27(t *testing.T) {
	ku := func(u x509.KeyUsage) func(*x509.Certificate) { return func(t *x509.Certificate) { t.KeyUsage = u } }
	rsa := key(fixture.RSAKey("rsa2048-leaf"))
	nonCritical := func(t *x509.Certificate) {
		t.KeyUsage = 0
		v, _ := encasn1.Marshal(encasn1.BitString{Bytes: []byte{0x80}, BitLength: 1}) // digitalSignature
		t.ExtraExtensions = append(t.ExtraExtensions, pkix.Extension{Id: encasn1.ObjectIdentifier{2, 5, 29, 15}, Value: v})
	}
	runCases(t, "ANSSI-TLS-R27", []tcase{
		{name: "pass - ECDSA, digitalSignature", res: compliant().Result()},
		{name: "pass - RSA, digitalSignature and keyEncipherment", res: withLeaf(leafWith(ku(x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment), rsa)).Result()},
		{name: "fail - ECDSA with keyEncipherment", res: withLeaf(leafWith(ku(x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment), nil)).Result(),
			why: []string{"keyEncipherment on a ECDSA key"}},
		{name: "fail - keyAgreement too", res: withLeaf(leafWith(ku(x509.KeyUsageDigitalSignature|x509.KeyUsageKeyAgreement), nil)).Result(),
			why: []string{"usages beyond digitalSignature and keyEncipherment: keyAgreement"}},
		{name: "fail - no KeyUsage", res: withLeaf(leafWith(ku(0), nil)).Result(), why: []string{"no KeyUsage extension"}},
		{name: "fail - KeyUsage not critical", res: withLeaf(leafWith(nonCritical, nil)).Result(), why: []string{"not critical"}},
		{name: "warn - RSA, keyEncipherment only", res: withLeaf(leafWith(ku(x509.KeyUsageKeyEncipherment), rsa)).Result(), why: []string{"no digitalSignature"}},
		{name: "incomplete - certificates unparseable", res: unparseable(compliant().Result())},
		{name: "incomplete - TLS 1.3 only, no chain observed", res: tls13Only()},
	})
}
