package ikerules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR7(t *testing.T) {
	runCases(t, "ANSSI-IPSEC-R7", []tcase{
		{name: "info - every transform passes", res: compliant().Result(), why: []string{"accepted: encryption 2, PRF 2, integrity 2, key exchange 3;"}},
		{name: "info - IKEv1 too, every transform passes", res: withV1(goodV1).Result(), why: []string{"IKEv1 Main Mode 1"}},
		{name: "warn - 3DES beside AES", res: compliant().AddEncryption(3, 0).Result(),
			items: []string{"ENCR_3DES"}, why: []string{"graded fail by ANSSI-IPSEC-R15", "beside 2 passing encryption transform(s)"}},
		{name: "warn - SHA-1 and MD5 PRFs beside SHA-2, group 14 beside ECP", res: compliant().AddPRFs(2, 1).AddGroups(14).Result(),
			items: []string{"PRF_HMAC_SHA1", "PRF_HMAC_MD5", "group 14 (2048-bit MODP Group)"},
			why:   []string{"graded warn by ANSSI-IPSEC-R15", "graded fail by ANSSI-IPSEC-R14", "graded warn by ANSSI-IPSEC-R16"}},
		{name: "info - only 3DES: R15 fails it, nothing better to choose", res: compliant().Encryption(enc(3, 0)).Result()},
		{name: "warn - an IKEv1 transform with MD5 beside a passing one", res: withV1(goodV1, v1("AES-CBC", 256, "MD5", "RSA signatures", 19)).Result(),
			items: []string{"IKEv1 Main Mode AES-CBC 256, MD5, RSA signatures, group 19"}},
		{name: "info - IKEv1 with a pre-shared key: R9's, not R7's", res: withV1(goodV1, v1("AES-CBC", 256, "SHA2-256", "pre-shared key", 19)).Result()},
		{name: "warn - 3DES beside AES, the PRFs unknown: R7 warns at worst", res: compliant().AddEncryption(3, 0).Enumeration(prf, scanner.EnumPartial, scanner.ReasonTimeout).Result(),
			items: []string{"ENCR_3DES"}},
		{name: "incomplete - AES without a key length", res: compliant().AddEncryption(12, 0).Result()},
		{name: "incomplete - key exchange enumeration not tested", res: compliant().Enumeration(ke, scanner.EnumNotTested, scanner.ReasonNotTested).Result()},
		{name: "incomplete - IKEv2 unknown", res: compliant().IKEv2Unknown(scanner.ReasonTimeout).Result()},
		{name: "incomplete - IKEv1 unknown", res: compliant().IKEv1Unknown(scanner.ReasonTimeout).Result()},
		{name: "incomplete - IKEv1 transforms partial, nothing below pass seen", res: withV1(goodV1).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonNotTested).Result()},
	})
}
