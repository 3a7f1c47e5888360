package ikerules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/internal/ruletest"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR9(t *testing.T) {
	aggressive := v1("AES-CBC", 256, "SHA2-256", "pre-shared key", 19)
	aggressive.Mode = "aggressive"
	runCases(t, "ANSSI-IPSEC-R9", []tcase{
		{name: "pass - IKEv1 with RSA signatures", res: withV1(goodV1).Result()},
		{name: "pass - IKEv1 with ECDSA, DSS and RSA encryption", res: withV1(v1("AES-CBC", 256, "SHA2-256", "ECDSA with SHA-256 on the P-256 curve", 19),
			v1("AES-CBC", 256, "SHA2-256", "DSS signatures", 19), v1("AES-CBC", 256, "SHA2-256", "Encryption with RSA", 19), v1("AES-CBC", 256, "SHA2-256", "0xFDED", 19)).Result()},
		{name: "pass - IKEv1 only, RSA signatures", res: withV1(goodV1).IKEv2NotSupported().Result()},
		{name: "warn - a pre-shared key beside signatures", res: withV1(goodV1, v1("AES-CBC", 256, "SHA2-256", "pre-shared key", 19), v1("AES-CBC", 128, "SHA2-256", "pre-shared key", 14)).Result(),
			items: []string{"IKEv1 authentication pre-shared key"}, why: []string{"a pre-shared key, strongly discouraged (R9)"}},
		{name: "warn - XAUTH over a pre-shared key", res: withV1(v1("3DES-CBC", 0, "SHA", "0xFDE9", 2)).Result(),
			items: []string{"IKEv1 authentication 0xFDE9"}, why: []string{"XAUTH over a pre-shared key"}},
		{name: "warn - a pre-shared key in Aggressive Mode", res: withV1(aggressive).Result(),
			items: []string{"IKEv1 authentication pre-shared key (Aggressive Mode)"}, why: []string{"guessed offline"}},
		{name: "warn - a method cryptoscan does not know", res: withV1(v1("AES-CBC", 256, "SHA2-256", "0xFADD", 19)).Result(),
			why: []string{"not in cryptoscan's table"}},
		{name: "incomplete - IKEv1 unknown", res: compliant().IKEv1Unknown(scanner.ReasonTimeout).Result()},
		{name: "pass - the weak offer unanswered: R9 reads the pre-shared key offer", res: withV1(goodV1).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonThrottled).Result()},
		{name: "incomplete - the pre-shared key offer unanswered", res: withV1(goodV1).IKEv1Offer(scanner.IKEv1PSK, scanner.StatusUnknown, scanner.ReasonThrottled).Result()},
		{name: "warn - a pre-shared key seen, more transforms unknown: R9 warns at worst", res: withV1(v1("AES-CBC", 256, "SHA2-256", "pre-shared key", 19)).IKEv1Offer(scanner.IKEv1Weak, scanner.StatusUnknown, scanner.ReasonThrottled).Result(),
			items: []string{"IKEv1 authentication pre-shared key"}},
		{name: "incomplete - IKEv1 spoken, no transform accepted", res: withV1().Result()},
	})
}

// TestR9NotApplicable: without IKEv1, the authentication method is not
// visible, and the rule does not apply.
func TestR9NotApplicable(t *testing.T) {
	r := ruleByID(t, "ANSSI-IPSEC-R9")
	if f := one(t, r, compliant().Result(), ruletest.Context()); f.Status != rules.NotApplicable {
		t.Errorf("IKEv2 only: %s: %s", f.Status, f.Message)
	}
}
