package ikerules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR8(t *testing.T) {
	runCases(t, "ANSSI-IPSEC-R8", []tcase{
		{name: "pass - IKEv2 only", res: compliant().Result()},
		{name: "warn - IKEv1 answered beside IKEv2", res: withV1(goodV1).Result(),
			items: []string{"IKEv1"}, why: []string{"answered beside IKEv2"}},
		{name: "fail - IKEv1 only", res: withV1(goodV1).IKEv2NotSupported().Result(),
			items: []string{"IKEv1"}, why: []string{"IKEv1 only"}},
		{name: "incomplete - IKEv2 unknown (timeout)", res: compliant().IKEv2Unknown(scanner.ReasonTimeout).Result()},
		{name: "incomplete - IKEv1 unknown", res: compliant().IKEv1Unknown(scanner.ReasonThrottled).Result()},
		{name: "incomplete - IKEv1 answered, IKEv2 unknown", res: withV1(goodV1).IKEv2Unknown(scanner.ReasonTimeout).Result(),
			items: []string{"IKEv1"}},
		{name: "incomplete - neither version recorded as spoken", res: compliant().IKEv2NotSupported().Result()},
	})
}
