package ikerules

import (
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-IPSEC-R9",
		Title:     "No pre-shared keys: certificates from a PKI",
		Reference: ipsecRef("R9", "§6.4.3.2"),
		Severity:  rules.Medium,
		Description: "Manual keying and pre-shared keys are strongly discouraged; peers should authenticate with " +
			"asymmetric keys certified by a PKI, which can revoke them quickly. Only IKEv1 shows its authentication " +
			"method before authenticating: the method of every IKEv1 Main Mode transform the responder accepts is " +
			"read, and a pre-shared key (PSK, or XAUTH over one) warns, the more so in Aggressive Mode, where a hash " +
			"of the key is given to anyone who asks and can be guessed offline; signatures (RSA, DSS, ECDSA) and RSA " +
			"encryption pass, and a method cryptoscan's table does not know warns. The reference suggested failing " +
			"pre-shared keys under a strict profile; the conservative reading warns in both. IKEv2 chooses its " +
			"method in IKE_AUTH, after the exchanges the probe makes, so a pre-shared key there is not visible: the " +
			"rule does not apply to a responder that does not speak IKEv1, and its pass says nothing of IKEv2. " +
			"The probe reads IKEv1's methods from the transforms the responder chose (a broad Main Mode offer, then a " +
			"weak one) and, when none of them used a pre-shared key, from an offer of pre-shared key transforms only: " +
			"refused, the rule passes. IKEv1's status unknown, or that offer unanswered or not recorded, makes the " +
			"rule incomplete, unless a pre-shared key was seen: the rule warns at worst.",
		Fix:     "Authenticate peers with certificates (RSA or ECDSA signatures) rather than pre-shared keys, and move them to IKEv2 (ANSSI-IPSEC-R8).",
		Reads:   reads(FactV1, FactV1PSK),
		Applies: appliesR9,
		Check:   checkR9,
		Fixtures: withIKEv1(func(b *fixture.IKEBuilder) *fixture.IKEBuilder {
			return b.AddIKEv1(v1With(func(t *scanner.IKEv1Transform) { t.Auth = "pre-shared key" }))
		}),
	})
}

// appliesR9: the responder may speak IKEv1.
func appliesR9(r *scanner.Result, _ rules.Context) bool {
	return r.IKE != nil && r.IKE.V1.Status != scanner.NotSupported
}

func checkR9(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.IKE
	if e.version(FactV1, o.V1, "IKEv1") == scanner.Supported {
		// The pre-shared key offer answers R9 alone; the broad and weak
		// choices may show one already.
		var ts []scanner.IKEv1Transform
		for _, f := range o.V1Offers {
			if f.Chosen != nil {
				ts = append(ts, *f.Chosen)
			}
		}
		pskSeen := false
		for _, t := range ts {
			a, ok := v1AuthByName(t.Auth)
			name := "IKEv1 authentication " + t.Auth
			aggressive := t.Mode == "aggressive"
			if aggressive {
				name += " (Aggressive Mode)"
			}
			pskSeen = pskSeen || ok && a.psk
			switch {
			case !ok:
				e.itemOnce(itemV1, name, 0, rules.Warn, "not in cryptoscan's table of IKEv1 methods: whether it is a pre-shared key is not known")
			case a.psk && aggressive:
				e.itemOnce(itemV1, name, 0, rules.Warn, a.what+", strongly discouraged (R9), in Aggressive Mode: a hash of the key goes to anyone who asks, to be guessed offline")
			case a.psk:
				e.itemOnce(itemV1, name, 0, rules.Warn, a.what+", strongly discouraged (R9): certificates from a PKI instead")
			}
		}
		// No choice authenticated by a pre-shared key: the pre-shared
		// key offer says whether one is accepted at all.
		if !pskSeen && len(o.V1Offers) > 0 {
			i := slices.IndexFunc(o.V1Offers, func(f scanner.IKEv1Offer) bool { return f.Kind == scanner.IKEv1PSK })
			switch {
			case i < 0:
				e.unknown(FactV1PSK, "missing", "", "IKEv1 is spoken, but the observation records no pre-shared key offer")
			case o.V1Offers[i].Status == scanner.NotSupported:
				e.checked(FactV1PSK, "IKEv1 pre-shared keys refused", o.V1Offers[i].Transforms)
			case o.V1Offers[i].Status == scanner.StatusUnknown:
				e.unknown(FactV1PSK, "unknown", o.V1Offers[i].Reason, "IKEv1 pre-shared key offer: "+o.V1Offers[i].Detail)
			}
		} else if len(o.V1Offers) == 0 {
			e.unknown(FactV1PSK, "missing", "", "IKEv1 is spoken, but the observation records no Main Mode offer")
		}
	}
	if o.V2.Status == scanner.Supported {
		e.note("IKEv2 chooses its authentication method in IKE_AUTH, after the exchanges the probe makes: whether it uses a pre-shared key is not visible")
	}
	return e.findingAtMost(rules.Warn, "every IKEv1 transform accepted authenticates with signatures or public-key encryption (IKEv2's method is not visible)",
		"IKEv1 pre-shared keys accepted")
}
