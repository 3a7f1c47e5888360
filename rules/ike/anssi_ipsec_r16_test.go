package ikerules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR16(t *testing.T) {
	runCases(t, "ANSSI-IPSEC-R16", []tcase{
		{name: "pass - ECP 256, 384, 521", res: compliant().Result()},
		{name: "pass - ECP 256, 384, 521, beyond 2030", res: compliant().Result(), ctx: horizon(2040)},
		{name: "pass - MODP 3072 to 8192 and brainpool", res: compliant().Groups(19, 28, 29, 30, 15, 16, 17, 18).Result()},
		{name: "pass - MODP 3072 alone: no elliptic curve to prefer", res: compliant().Groups(15).Result()},
		{name: "pass - Curve25519 and Curve448, with a note", res: compliant().Groups(31, 32, 19).Result()},
		{name: "pass - IKEv1 with group 20", res: withV1(v1("AES-CBC", 256, "SHA2-256", "RSA signatures", 20)).Result()},
		{name: "fail - groups 1, 2 and 5", res: compliant().AddGroups(1, 2, 5).Result(),
			items: []string{"group 1 (768-bit MODP Group)", "group 2 (1024-bit MODP Group)", "group 5 (1536-bit MODP Group)"},
			why:   []string{"groups 1 and 2 are no longer acceptable", "no longer acceptable", "below RègleLogp's 2048 bits"}},
		{name: "fail - the RFC 5114 groups 22 and 23", res: compliant().AddGroups(22, 23).Result(),
			why: []string{"160-bit subgroup", "224-bit subgroup"}},
		{name: "fail - small curves 25, 26, 27", res: compliant().AddGroups(25, 26, 27).Result(),
			items: []string{"group 25 (192-bit Random ECP Group)", "group 26 (224-bit Random ECP Group)", "group 27 (brainpoolP224r1)"}},
		{name: "warn - group 14, least preferred", res: compliant().AddGroups(14).Result(),
			items: []string{"group 14 (2048-bit MODP Group)"}, why: []string{"up to the end of 2030 only"}},
		{name: "fail - group 14 in 2031", res: compliant().AddGroups(14).Result(), ctx: year(2031),
			items: []string{"group 14 (2048-bit MODP Group)"}, why: []string{"below RègleLogp's 3072 bits from 2031"}},
		{name: "fail - group 14 with a horizon of 2035", res: compliant().AddGroups(14).Result(), ctx: horizon(2035)},
		{name: "pass - group 14 gone in 2031", res: compliant().Result(), ctx: year(2031)},
		{name: "warn - group 24", res: compliant().AddGroups(24).Result(), why: []string{"SHOULD NOT"}},
		{name: "fail - group 24 beyond 2030", res: compliant().AddGroups(24).Result(), ctx: horizon(2031)},
		{name: "warn - MODP 3072 preferred while ECP 256 is accepted", res: compliant().Groups(15, 19).Result(),
			items: []string{"group 15 (3072-bit MODP Group)"}, why: []string{"preferred, a finite-field group", "19"}},
		{name: "warn - group 14 preferred over ECP: two warnings", res: compliant().Groups(14, 19, 20).Result(),
			items: []string{"group 14 (2048-bit MODP Group)", "group 14 (2048-bit MODP Group)"}, why: []string{"2030", "19, 20"}},
		{name: "warn - ML-KEM-768 alone", res: compliant().AddGroups(36).Result(), why: []string{"post-quantum KEM"}},
		{name: "warn - a group cryptoscan does not know", res: compliant().AddGroups(1000).Result(), items: []string{"group 1000"}},
		{name: "fail - group 0 (NONE)", res: compliant().AddGroups(0).Result(), items: []string{"group 0 (NONE)"}},
		{name: "fail - IKEv1 group 2, chosen twice, named once", res: withV1(v1("AES-CBC", 256, "SHA2-256", "RSA signatures", 2), v1("AES-CBC", 128, "SHA2-256", "RSA signatures", 2)).Result(),
			items: []string{"IKEv1 group 2 (1024-bit MODP Group)"}},
		{name: "fail - IKEv1 group 3 (EC2N)", res: withV1(goodV1, v1("AES-CBC", 128, "SHA2-256", "RSA signatures", 3)).Result(),
			items: []string{"IKEv1 group 3 (EC2N group on GP[2^155])"}},
		{name: "warn - IKEv1 group 14", res: withV1(v1("AES-CBC", 256, "SHA2-256", "RSA signatures", 14)).Result(), items: []string{"IKEv1 group 14 (2048-bit MODP Group)"}},
		{name: "warn - an IKEv1 group cryptoscan does not know", res: withV1(v1("AES-CBC", 256, "SHA2-256", "RSA signatures", 7)).Result(), items: []string{"IKEv1 group 7"}},
		{name: "pass - IKEv1 only, group 19", res: withV1(goodV1).IKEv2NotSupported().Result()},
		{name: "fail - group 2 beside an unknown IKEv1", res: compliant().AddGroups(2).IKEv1Unknown(scanner.ReasonTimeout).Result()},
		{name: "fail - group 2 seen, the key exchange enumeration partial", res: compliant().AddGroups(2).Enumeration(ke, scanner.EnumPartial, scanner.ReasonThrottled).Result(),
			items: []string{"group 2 (1024-bit MODP Group)"}},
		{name: "incomplete - key exchange enumeration partial", res: compliant().Enumeration(ke, scanner.EnumPartial, scanner.ReasonThrottled).Result()},
		{name: "incomplete - no group accepted", res: compliant().Groups().Result()},
		{name: "incomplete - IKEv2 unknown", res: compliant().IKEv2Unknown(scanner.ReasonTimeout).Result()},
		{name: "incomplete - IKEv1 transforms partial", res: withV1(goodV1).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonTimeout).Result()},
	})
}
