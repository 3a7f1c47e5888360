package ikerules

import (
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-IPSEC-R8",
		Title:     "IKE version 2 only",
		Reference: ipsecRef("R8", "§6.4.3"),
		Severity:  rules.High,
		Description: "IKE version 2 should be used. Read from the versions the responder answers: an IKEv2 IKE_SA_INIT " +
			"request and an IKEv1 Main Mode proposal. IKEv2 answered and IKEv1 not passes; IKEv1 answered beside IKEv2 " +
			"warns (the note recommends IKEv2, it does not forbid IKEv1, which RFC 9395 has since deprecated); IKEv1 " +
			"only fails. The note's text was read through a third-party transcription: the conservative reading " +
			"warns in both profiles where the reference suggested failing under a strict one. Either version's " +
			"status unknown makes the rule incomplete.",
		Fix:     "Configure every connection for IKEv2 only (strongSwan swanctl.conf: version = 2) and stop answering IKEv1.",
		Reads:   reads(FactV2, FactV1),
		Applies: hasIKE,
		Check:   checkR8,
		Fixtures: compliantWith(func(b *fixture.IKEBuilder) *fixture.IKEBuilder {
			return b.IKEv1(goodV1)
		}),
	})
}

func checkR8(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.IKE
	v2, v1 := e.version(FactV2, o.V2, "IKEv2"), e.version(FactV1, o.V1, "IKEv1")
	switch {
	case v1 == scanner.Supported && v2 == scanner.NotSupported:
		e.item(itemVersion, "IKEv1", 0, rules.Fail, "IKEv1 only: the responder does not speak IKEv2")
	case v1 == scanner.Supported:
		e.item(itemVersion, "IKEv1", 0, rules.Warn, "answered beside IKEv2: IKEv1 is deprecated (RFC 9395) and the note recommends IKEv2")
	case v1 == scanner.NotSupported && v2 == scanner.NotSupported:
		e.neither()
	}
	if v2 == scanner.Supported {
		e.checked(FactV2, "supported", 0)
	}
	if v1 == scanner.NotSupported {
		e.checked(FactV1, "not supported", 0)
	}
	return e.finding("the responder answers IKEv2 and not IKEv1", "IKEv1 answered")
}
