package ikerules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR14(t *testing.T) {
	runCases(t, "ANSSI-IPSEC-R14", []tcase{
		{name: "pass - AES and SHA-2 only", res: compliant().Result()},
		{name: "pass - IKEv1 with AES and SHA-2 too", res: withV1(goodV1).Result()},
		{name: "pass - 3DES and SHA-1 are R15's", res: compliant().AddEncryption(3, 0).AddPRFs(2).AddIntegrity(2).Result()},
		{name: "fail - DES, in all three forms", res: compliant().AddEncryption(2, 0).AddEncryption(1, 0).AddEncryption(9, 0).Result(),
			items: []string{"ENCR_DES", "ENCR_DES_IV64", "ENCR_DES_IV32"}, why: []string{"DES: strongly discouraged (R14)"}},
		{name: "fail - MD5 PRF", res: compliant().AddPRFs(1).Result(), items: []string{"PRF_HMAC_MD5"}, why: []string{"MD5"}},
		{name: "fail - MD5 and DES integrity", res: compliant().AddIntegrity(1, 6, 4, 3).Result(),
			items: []string{"AUTH_HMAC_MD5_96", "AUTH_HMAC_MD5_128", "AUTH_KPDK_MD5", "AUTH_DES_MAC"}},
		{name: "fail - IKEv1 DES-CBC and MD5, each named once", res: withV1(goodV1, v1("DES-CBC", 0, "MD5", "pre-shared key", 2), v1("DES-CBC", 0, "SHA", "pre-shared key", 2)).Result(),
			items: []string{"IKEv1 encryption DES-CBC", "IKEv1 hash MD5"}},
		{name: "fail - IKEv1 only, with MD5", res: withV1(v1("3DES-CBC", 0, "MD5", "pre-shared key", 2)).IKEv2NotSupported().Result(),
			items: []string{"IKEv1 hash MD5"}},
		{name: "warn - an IKEv1 value cryptoscan does not know", res: withV1(v1("DES", 0, "SHA2-256", "RSA signatures", 19)).Result(),
			items: []string{"IKEv1 encryption DES"}, why: []string{"not in cryptoscan's table"}},
		{name: "fail - DES beside a partial PRF enumeration", res: compliant().AddEncryption(2, 0).Enumeration(prf, scanner.EnumPartial, scanner.ReasonTimeout).Result(),
			items: []string{"ENCR_DES"}},
		{name: "fail - DES seen, the encryption enumeration partial: a known offence outranks an unknown", res: compliant().AddEncryption(2, 0).Enumeration(encr, scanner.EnumPartial, scanner.ReasonThrottled).Result(),
			items: []string{"ENCR_DES"}},
		{name: "fail - IKEv1 MD5 seen, the IKEv1 enumeration partial", res: withV1(v1("AES-CBC", 128, "MD5", "RSA signatures", 19)).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonThrottled).Result(),
			items: []string{"IKEv1 hash MD5"}},
		{name: "incomplete - encryption enumeration partial", res: compliant().Enumeration(encr, scanner.EnumPartial, scanner.ReasonThrottled).Result()},
		{name: "incomplete - integrity enumeration not tested", res: compliant().Enumeration(integ, scanner.EnumNotTested, scanner.ReasonNotTested).Result()},
		{name: "incomplete - PRF enumeration not recorded", res: compliant().NoEnumeration(prf).Result()},
		{name: "incomplete - no encryption transform accepted", res: compliant().Encryption().Result()},
		{name: "incomplete - IKEv2 unknown", res: compliant().IKEv2Unknown(scanner.ReasonTimeout).Result()},
		{name: "incomplete - IKEv1 transforms partial", res: withV1(goodV1).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonThrottled).Result()},
		{name: "incomplete - IKEv1 unknown", res: compliant().IKEv1Unknown(scanner.ReasonTimeout).Result()},
	})
}
