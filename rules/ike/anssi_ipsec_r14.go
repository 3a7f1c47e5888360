package ikerules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-IPSEC-R14",
		Title:     "MD5 and DES are not accepted",
		Reference: ipsecRef("R14", "§6.7"),
		Severity:  rules.High,
		Description: "MD5 and DES are strongly discouraged (R14 also names RSA keys under 2048 bits and ECDSA keys under " +
			"200 bits, which live in IKE_AUTH certificates, after the exchanges the probe makes: not graded). Every IKE " +
			"SA transform the responder accepts is read, by IANA ID: the DES ciphers (ENCR_DES_IV64, ENCR_DES, " +
			"ENCR_DES_IV32), the MD5 PRF (PRF_HMAC_MD5) and the MD5 and DES integrity algorithms (AUTH_HMAC_MD5_96, " +
			"AUTH_HMAC_MD5_128, AUTH_KPDK_MD5, AUTH_DES_MAC) fail, and so do the IKEv1 Main Mode transforms with DES-CBC " +
			"encryption or an MD5 hash. An IKEv1 value cryptoscan's table does not know warns, named: whether it is DES " +
			"or MD5 is not known. The child SA's transforms (ESP) are negotiated after authentication and are not " +
			"visible. A transform type whose enumeration is partial, not tested or missing, or a version whose status " +
			"is unknown, makes the rule incomplete." + v1Reading,
		Fix:     "Remove DES and MD5 from every IKE proposal (strongSwan proposals = aes256gcm16-prfsha384-ecp384, or aes256-sha256-ecp256).",
		Reads:   reads(FactV2, FactV1, FactEncryption, FactPRF, FactIntegrity, FactV1Transforms),
		Applies: hasIKE,
		Check:   checkR14,
		Fixtures: withIKEv1(func(b *fixture.IKEBuilder) *fixture.IKEBuilder {
			return b.AddPRFs(1) // PRF_HMAC_MD5
		}),
	})
}

func checkR14(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	gradeAlgorithms(&e, r.IKE, ctx, r14)
	return e.finding("no MD5 or DES transform is accepted", "MD5 or DES accepted")
}

// gradeAlgorithms grades, for rule id (R14 or R15), the IKEv2 encryption,
// PRF and integrity transforms accepted and the encryption and hash of
// the IKEv1 transforms: every one the registry gives to that rule and
// grades below pass is an item; for R15, an AES transform without a key
// length is unknown, and integrity NONE beside a cipher that is not AEAD
// fails.
func gradeAlgorithms(e *evidence, o *scanner.IKEObservation, ctx rules.Context, id string) {
	v2, v1 := e.versions(o)
	if v2 {
		for _, typ := range []string{scanner.IKEEncryption, scanner.IKEPRF, scanner.IKEIntegrity} {
			ts, _ := e.transforms(o, typ)
			for _, t := range ts {
				v := judge(t, ctx)
				if typ == scanner.IKEIntegrity && t.ID == 0 && !aeadOnly(o) {
					v = verdict{rule: r15, status: rules.Fail, why: "no integrity, while ciphers that need it are accepted"}
				}
				switch {
				case v.status == rules.Incomplete && id == r15:
					e.unknown(fixture.IKETransformKind(typ), "missing", "", transformName(t)+": "+v.why)
				case v.rule == id && v.status != rules.Pass && v.status != rules.Incomplete:
					e.item(itemTransform, transformName(t), v.bits, v.status, v.why)
				}
			}
		}
	}
	if v1 {
		ts := e.v1Transforms(o, v1Classes[id]...)
		for _, t := range ts {
			for _, a := range judgeV1(t, ctx) {
				switch {
				case a.v.status == rules.Incomplete && id == r15:
					e.unknown(FactV1Transforms, "missing", "", describeV1(t)+": "+a.v.why)
				case a.v.rule == id && a.v.status != rules.Pass && a.v.status != rules.Incomplete:
					e.itemOnce(itemV1, a.name, a.v.bits, a.v.status, a.v.why)
				}
			}
		}
	}
}
