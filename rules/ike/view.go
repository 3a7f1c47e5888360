// Package ikerules is the IPsec rule family: the recommendations of the
// ANSSI IPsec note (DAT-NT-003) an IKE responder shows to IKE_SA_INIT
// requests and IKEv1 Main Mode proposals, before any authentication
// (ANSSI-IPSEC-R7, R8, R9, R14, R15, R16). One file per rule, named after
// its ID; this file holds what they share: the evidence helpers, and the
// registry of IKEv2 transforms and IKEv1 attribute values with the grade
// each rule gives them.
//
// The rules read scanner.Result.IKE and apply to every result that has
// one. The note's texts were read through a third-party transcription
// only, and it predates most of today's algorithms: where it is silent or
// unconfirmed, the rules take the conservative readings of
// rules/ike/REFERENCE.md and each description says so.
//
// The package is named ikerules, not ike or ipsec, so that it shadows no
// probe package.
package ikerules

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

var note = rules.IPsecGuide

// ipsecRef is a reference to the ANSSI IPsec note. Sections are those of
// the transcription the rules were read from (REFERENCE.md).
func ipsecRef(item, section string) rules.Reference {
	return rules.Reference{Document: note.Name, Edition: note.Edition, Item: item, Section: section}
}

// The rule IDs the registry grades for.
const (
	r14 = "ANSSI-IPSEC-R14"
	r15 = "ANSSI-IPSEC-R15"
	r16 = "ANSSI-IPSEC-R16"
)

// Facts of this family, for rules.Rule.Reads and evidence.
const (
	FactV2            = fixture.FactIKEv2
	FactV1            = fixture.FactIKEv1
	FactEncryption    = fixture.FactIKEEncryption
	FactPRF           = fixture.FactIKEPRF
	FactIntegrity     = fixture.FactIKEIntegrity
	FactKeyExchange   = fixture.FactIKEKeyExchange
	FactV1Transforms  = fixture.FactIKEv1Transforms
	FactV1PSK         = fixture.FactIKEv1PSK
	FactNotifications = fixture.FactIKENotifications
)

// reads declares the IKE facts a rule reads, under fixture.IKECarrier.
func reads(kinds ...rules.FactKind) []rules.Fact {
	out := make([]rules.Fact, len(kinds))
	for i, k := range kinds {
		out[i] = rules.Fact{Kind: k, Version: fixture.IKECarrier}
	}
	return out
}

// Evidence kinds of this family.
const (
	itemVersion      rules.ItemKind = "ike_version"
	itemTransform    rules.ItemKind = "ike_transform"
	itemV1           rules.ItemKind = "ikev1_transform"
	itemNotification rules.ItemKind = "ike_notification"
	itemPreference   rules.ItemKind = "ike_preference"
	itemCount        rules.ItemKind = "ike_transform_count"
)

// hasIKE is the Applies of the family's rules: the endpoint was probed as
// an IKE responder. A probe that saw nothing still leaves an observation
// (versions unknown), which the rules report incomplete.
func hasIKE(r *scanner.Result, _ rules.Context) bool { return r.IKE != nil }

// typeNames name the IKEv2 transform types in evidence.
var typeNames = map[string]string{
	scanner.IKEEncryption:  "encryption",
	scanner.IKEPRF:         "PRF",
	scanner.IKEIntegrity:   "integrity",
	scanner.IKEKeyExchange: "key exchange",
}

// evidence gathers a rule's judged items, unknown facts and notes.
type evidence struct {
	ev rules.Evidence
}

func (e *evidence) item(kind rules.ItemKind, name string, bits int, st rules.Status, why string) {
	e.ev.Items = append(e.ev.Items, rules.Item{Kind: kind, Name: name, Bits: bits, Status: st, Why: why})
}

// itemOnce adds an item unless one of that kind and name is there: an
// IKEv1 attribute value shared by several transforms is judged once.
func (e *evidence) itemOnce(kind rules.ItemKind, name string, bits int, st rules.Status, why string) {
	if slices.ContainsFunc(e.ev.Items, func(it rules.Item) bool { return it.Kind == kind && it.Name == name }) {
		return
	}
	e.item(kind, name, bits, st, why)
}

func (e *evidence) unknown(fact rules.FactKind, state string, reason scanner.Reason, detail string) {
	e.ev.Unknown = append(e.ev.Unknown, rules.UnknownFact{Fact: fact, State: state, Reason: reason, Detail: detail})
}

func (e *evidence) checked(fact rules.FactKind, state string, count int) {
	e.ev.Checked = append(e.ev.Checked, rules.Checked{Fact: fact, State: state, Count: count})
}

func (e *evidence) note(format string, args ...any) {
	if n := fmt.Sprintf(format, args...); !slices.Contains(e.ev.Notes, n) {
		e.ev.Notes = append(e.ev.Notes, n)
	}
}

// finding rolls the evidence up into the rule's finding.
func (e *evidence) finding(pass, offence string) []rules.Finding {
	return e.ev.FindingOrInfo(pass, offence, rules.ListItems)
}

// findingAtMost is finding for a rule whose worst outcome is most (warn
// for R7 and R9): once an item reaches it, no unknown fact can change the
// outcome, so the rule reports it, as a fail outranks an unknown fact; the
// unknown facts stay in the evidence, and a note names them.
func (e *evidence) findingAtMost(most rules.Status, pass, offence string) []rules.Finding {
	reached := slices.ContainsFunc(e.ev.Items, func(it rules.Item) bool { return it.Status == most })
	if !reached || len(e.ev.Unknown) == 0 {
		return e.finding(pass, offence)
	}
	e.note("not known, and not needed to decide (%s is this rule's worst outcome): %s", most, rules.DescribeUnknown(e.ev.Unknown))
	return []rules.Finding{{Status: most, Message: offence + ": " + rules.ListItems(e.ev.Offending()), Evidence: e.ev}}
}

// version reads whether a version is spoken (fact FactV2 or FactV1):
// Supported or NotSupported, or "" after recording the version as
// unknown.
func (e *evidence) version(fact rules.FactKind, v scanner.VersionStatus, name string) scanner.Status {
	switch v.Status {
	case scanner.Supported, scanner.NotSupported:
		return v.Status
	case "":
		e.unknown(fact, "missing", v.Reason, "whether the responder speaks "+name+" is not recorded")
	default:
		detail := "whether the responder speaks " + name + " is not known"
		if v.Detail != "" {
			detail += ": " + v.Detail
		}
		e.unknown(fact, string(v.Status), v.Reason, detail)
	}
	return ""
}

// versions reads which versions the responder speaks, recording either's
// status unknown; and when the observation says it speaks neither, that
// too, as unknown: an endpoint with nothing to grade passes no rule.
func (e *evidence) versions(o *scanner.IKEObservation) (v2, v1 bool) {
	s2, s1 := e.version(FactV2, o.V2, "IKEv2"), e.version(FactV1, o.V1, "IKEv1")
	if s2 == scanner.NotSupported && s1 == scanner.NotSupported {
		e.neither()
	}
	return s2 == scanner.Supported, s1 == scanner.Supported
}

// neither records an observation that says the responder speaks neither
// version: what it is, is not known.
func (e *evidence) neither() {
	e.unknown(FactV2, "missing", "", "the responder is recorded as speaking neither IKEv2 nor IKEv1")
}

// transforms returns the IKEv2 transforms of type typ the responder was
// seen to accept, and whether that list is known to be whole: every
// candidate decided, and at least one accepted (an IKE SA needs one of
// each type; with AEAD ciphers only, no integrity transform). When it is
// not, the type is recorded as unknown: what was seen is still graded, a
// known offence outranking an unknown. Call it only when IKEv2 is spoken.
func (e *evidence) transforms(o *scanner.IKEObservation, typ string) ([]scanner.IKETransform, bool) {
	fact := fixture.IKETransformKind(typ)
	var ts []scanner.IKETransform
	for _, t := range o.Transforms {
		if t.Type == typ {
			ts = append(ts, t)
		}
	}
	i := slices.IndexFunc(o.Enumerations, func(en scanner.IKEEnumeration) bool { return en.Type == typ })
	if i < 0 {
		e.unknown(fact, "missing", "", "the observation does not say how the "+typeNames[typ]+" transforms were established")
		return ts, false
	}
	en := o.Enumerations[i]
	if en.Status != scanner.EnumComplete {
		detail := fmt.Sprintf("%s transforms: %s", typeNames[typ], strings.ReplaceAll(string(en.Status), "_", " "))
		if en.Detail != "" {
			detail += ": " + en.Detail
		}
		e.unknown(fact, string(en.Status), en.Reason, detail)
		return ts, false
	}
	if len(ts) == 0 && !(typ == scanner.IKEIntegrity && aeadOnly(o)) {
		e.unknown(fact, "missing", "", fmt.Sprintf("IKEv2 is spoken but none of the %d %s transforms offered was accepted: the ones the responder uses are not known",
			en.Candidates, typeNames[typ]))
		return ts, false
	}
	e.checked(fact, "complete", len(ts))
	return ts, true
}

// aeadOnly says whether every encryption transform accepted is an AEAD
// one, so that an IKE SA takes no integrity transform.
func aeadOnly(o *scanner.IKEObservation) bool {
	n := 0
	for _, t := range o.Transforms {
		if t.Type != scanner.IKEEncryption {
			continue
		}
		n++
		if x, ok := lookup(t.Type, t.ID); !ok || !x.aead {
			return false
		}
	}
	return n > 0
}

// v1Reading says, in the descriptions of the rules grading IKEv1 values,
// what the probe asks of IKEv1 and what the rule makes of it.
const v1Reading = " IKEv1: the probe makes at most three Main Mode offers, since each one the responder accepts leaves a " +
	"half-open SA on it: a broad one, a weak one and a pre-shared key one. The weak offer asks, worst class first " +
	"(DES or MD5; 3DES; groups 1 to 5, 22, 23, 25, 26; SHA-1; groups 14 and 24), whether any transform holding such " +
	"a value is accepted, and stops at the responder's first choice. The transforms chosen are graded; a class the " +
	"weak offer found refused is known not to be accepted; a class it did not reach is unknown, which makes the " +
	"rule incomplete unless an offence was seen."

// v1Classes are the IKEv1 weak value classes (scanner.IKEv1WeakClasses)
// whose values each rule grades below pass.
var v1Classes = map[string][]string{
	r14: {scanner.IKEv1DESMD5},
	r15: {scanner.IKEv1TripleDES, scanner.IKEv1SHA1},
	r16: {scanner.IKEv1WeakGroup, scanner.IKEv1MODP2048},
}

// v1Transforms returns the IKEv1 Main Mode transforms the responder chose,
// one per accepted offer, and records what they leave unknown of the
// classes given: a class is known when the weak offer found it refused,
// or when a chosen transform holds its values (the offence is then
// graded); otherwise whether such a transform is accepted was not asked,
// since each accepted Main Mode offer leaves a half-open SA on the
// responder and the probe stops at the weak offer's first choice. Call it
// only when IKEv1 is spoken.
func (e *evidence) v1Transforms(o *scanner.IKEObservation, classes ...string) []scanner.IKEv1Transform {
	var ts []scanner.IKEv1Transform
	var weak *scanner.IKEv1Offer
	for i, f := range o.V1Offers {
		switch {
		case f.Status == scanner.Supported && f.Chosen != nil:
			ts = append(ts, *f.Chosen)
		case f.Status == scanner.StatusUnknown:
			e.unknown(FactV1Transforms, "unknown", f.Reason, "IKEv1 "+f.Kind+" offer: "+f.Detail)
		}
		if f.Kind == scanner.IKEv1Weak {
			weak = &o.V1Offers[i]
		}
	}
	if len(o.V1Offers) == 0 {
		e.unknown(FactV1Transforms, "missing", "", "IKEv1 is spoken, but the observation records no Main Mode offer")
		return ts
	}
	for _, c := range classes {
		chosen := slices.ContainsFunc(ts, func(t scanner.IKEv1Transform) bool {
			return scanner.IKEv1ClassOf(t.EncryptionID, t.HashID, t.GroupID) == c
		})
		switch {
		case weak == nil:
			e.unknown(FactV1Transforms, "missing", "", "IKEv1 is spoken, but the observation records no weak Main Mode offer")
			return ts
		case weak.Status == scanner.StatusUnknown:
			// Recorded above.
		case slices.Contains(weak.Refused, c):
			e.checked(FactV1Transforms, "IKEv1 "+c+" refused", 1)
		case !chosen:
			e.unknown(FactV1Transforms, "not_tested", scanner.ReasonNotTested, fmt.Sprintf(
				"IKEv1: whether a transform holding %s is accepted was not asked (the weak offer stopped at the responder's first choice, %s: each accepted Main Mode offer leaves a half-open SA)",
				v1ClassWords[c], describeV1(*weak.Chosen)))
		}
	}
	return ts
}

// v1ClassWords names the weak value classes in evidence.
var v1ClassWords = map[string]string{
	scanner.IKEv1DESMD5:    "DES or MD5",
	scanner.IKEv1TripleDES: "3DES",
	scanner.IKEv1WeakGroup: "group 1, 2, 3, 4, 5, 22, 23, 25 or 26",
	scanner.IKEv1SHA1:      "SHA-1",
	scanner.IKEv1MODP2048:  "group 14 or 24",
}

// The registry: every IKEv2 transform the rules know (IANA "Internet Key
// Exchange Version 2 (IKEv2) Parameters", Transform Type Values 1 to 4:
// RFC 7296, RFC 4307/8247, RFC 3526, RFC 5903, RFC 5114, RFC 6954, RFC
// 8031, RFC 8750, RFC 9370), one line each, with the rule that grades it
// and its grade (rules/ike/REFERENCE.md §1 and §4). No rule parses a
// transform name.

// groupKind is the kind of a key exchange method.
type groupKind uint8

const (
	modp groupKind = iota + 1 // finite-field Diffie-Hellman
	ecp                       // elliptic-curve Diffie-Hellman
	kem                       // a post-quantum KEM
)

// transform is one IKEv2 transform and its grade.
type transform struct {
	typ    string
	id     uint16
	name   string       // the IANA name
	rule   string       // the rule grading it: r14, r15 or r16
	grade  rules.Status // pass, warn or fail
	why    string       // why, for a grade other than pass; a note for a pass
	aes    bool         // encryption: AES, whose Key Length must be 128, 192 or 256 bits
	aead   bool         // encryption: an AEAD mode (it takes no integrity transform)
	block  bool         // encryption: a 64-bit block cipher B1 tolerates to the end of 2025 (R15 warns until then)
	group  groupKind    // key exchange
	bits   int          // key exchange: the modulus, or the curve's size
	to2030 bool         // key exchange: a 2048-bit modulus, RègleLogp's size up to the end of 2030 only
}

const (
	whyDES   = "DES: strongly discouraged (R14); 56-bit keys"
	whyMD5   = "MD5: strongly discouraged (R14)"
	whySHA1  = "SHA-1: discouraged where SHA-2 exists (R15); B1 tolerates HMAC-SHA-1"
	whyBlk64 = "a 64-bit block cipher outside the note's alternatives (AES)"
	whyNotAE = "outside the note's alternatives (AES); B1-compliant, so cryptoscan warns (conservative reading)"
	whyNotSH = "outside the note's alternatives (SHA-2); B1-compliant, so cryptoscan warns (conservative reading)"
	whyICV8  = "an 8-octet (64-bit) ICV, below the 96 bits PA-079 advises (reference §3.10)"
	whyIIV   = "an implicit IV, defined for ESP only (RFC 8750): not for an IKE SA"
	whyOldDH = "below 2048 bits: groups 1 and 2 are no longer acceptable (R16), and RègleLogp asks for 2048 bits"
)

var transforms = []transform{
	// Transform type 1: encryption.
	{typ: scanner.IKEEncryption, id: 1, name: "ENCR_DES_IV64", rule: r14, grade: rules.Fail, why: whyDES},
	{typ: scanner.IKEEncryption, id: 2, name: "ENCR_DES", rule: r14, grade: rules.Fail, why: whyDES},
	{typ: scanner.IKEEncryption, id: 3, name: "ENCR_3DES", rule: r15, grade: rules.Fail, block: true, why: "3DES, a 64-bit block cipher: discouraged (R15), and B1 allows 64-bit blocks only to the end of 2025"},
	{typ: scanner.IKEEncryption, id: 4, name: "ENCR_RC5", rule: r15, grade: rules.Fail, why: "RC5, " + whyBlk64},
	{typ: scanner.IKEEncryption, id: 5, name: "ENCR_IDEA", rule: r15, grade: rules.Fail, why: "IDEA, " + whyBlk64},
	{typ: scanner.IKEEncryption, id: 6, name: "ENCR_CAST", rule: r15, grade: rules.Fail, why: "CAST-128, " + whyBlk64},
	{typ: scanner.IKEEncryption, id: 7, name: "ENCR_BLOWFISH", rule: r15, grade: rules.Fail, why: "Blowfish, " + whyBlk64},
	{typ: scanner.IKEEncryption, id: 8, name: "ENCR_3IDEA", rule: r15, grade: rules.Fail, why: "triple IDEA, " + whyBlk64},
	{typ: scanner.IKEEncryption, id: 9, name: "ENCR_DES_IV32", rule: r14, grade: rules.Fail, why: whyDES},
	{typ: scanner.IKEEncryption, id: 11, name: "ENCR_NULL", rule: r15, grade: rules.Fail, why: "no encryption (RFC 7296 allows it for no IKE SA)"},
	{typ: scanner.IKEEncryption, id: 12, name: "ENCR_AES_CBC", rule: r15, grade: rules.Pass, aes: true},
	{typ: scanner.IKEEncryption, id: 13, name: "ENCR_AES_CTR", rule: r15, grade: rules.Pass, aes: true},
	{typ: scanner.IKEEncryption, id: 14, name: "ENCR_AES_CCM_8", rule: r15, grade: rules.Warn, aes: true, aead: true, why: "AES-CCM with " + whyICV8},
	{typ: scanner.IKEEncryption, id: 15, name: "ENCR_AES_CCM_12", rule: r15, grade: rules.Pass, aes: true, aead: true},
	{typ: scanner.IKEEncryption, id: 16, name: "ENCR_AES_CCM_16", rule: r15, grade: rules.Pass, aes: true, aead: true},
	{typ: scanner.IKEEncryption, id: 18, name: "ENCR_AES_GCM_8", rule: r15, grade: rules.Warn, aes: true, aead: true, why: "AES-GCM with " + whyICV8},
	{typ: scanner.IKEEncryption, id: 19, name: "ENCR_AES_GCM_12", rule: r15, grade: rules.Pass, aes: true, aead: true},
	{typ: scanner.IKEEncryption, id: 20, name: "ENCR_AES_GCM_16", rule: r15, grade: rules.Pass, aes: true, aead: true},
	{typ: scanner.IKEEncryption, id: 21, name: "ENCR_NULL_AUTH_AES_GMAC", rule: r15, grade: rules.Fail, aes: true, aead: true, why: "no encryption, integrity only (RFC 4543)"},
	{typ: scanner.IKEEncryption, id: 23, name: "ENCR_CAMELLIA_CBC", rule: r15, grade: rules.Warn, why: "Camellia, " + whyNotAE},
	{typ: scanner.IKEEncryption, id: 24, name: "ENCR_CAMELLIA_CTR", rule: r15, grade: rules.Warn, why: "Camellia, " + whyNotAE},
	{typ: scanner.IKEEncryption, id: 25, name: "ENCR_CAMELLIA_CCM_8", rule: r15, grade: rules.Warn, aead: true, why: "Camellia, " + whyNotAE + "; " + whyICV8},
	{typ: scanner.IKEEncryption, id: 26, name: "ENCR_CAMELLIA_CCM_12", rule: r15, grade: rules.Warn, aead: true, why: "Camellia, " + whyNotAE},
	{typ: scanner.IKEEncryption, id: 27, name: "ENCR_CAMELLIA_CCM_16", rule: r15, grade: rules.Warn, aead: true, why: "Camellia, " + whyNotAE},
	{typ: scanner.IKEEncryption, id: 28, name: "ENCR_CHACHA20_POLY1305", rule: r15, grade: rules.Warn, aead: true, why: "ChaCha20-Poly1305, " + whyNotAE},
	{typ: scanner.IKEEncryption, id: 29, name: "ENCR_AES_CCM_8_IIV", rule: r15, grade: rules.Fail, aes: true, aead: true, why: whyIIV},
	{typ: scanner.IKEEncryption, id: 30, name: "ENCR_AES_GCM_16_IIV", rule: r15, grade: rules.Fail, aes: true, aead: true, why: whyIIV},
	{typ: scanner.IKEEncryption, id: 31, name: "ENCR_CHACHA20_POLY1305_IIV", rule: r15, grade: rules.Fail, aead: true, why: whyIIV},
	{typ: scanner.IKEEncryption, id: 32, name: "ENCR_KUZNYECHIK_MGM_KTREE", rule: r15, grade: rules.Fail, aead: true, why: "Kuznyechik (GOST), outside the note's alternatives (AES)"},
	{typ: scanner.IKEEncryption, id: 33, name: "ENCR_MAGMA_MGM_KTREE", rule: r15, grade: rules.Fail, aead: true, why: "Magma (GOST), " + whyBlk64},
	{typ: scanner.IKEEncryption, id: 34, name: "ENCR_KUZNYECHIK_MGM_MAC_KTREE", rule: r15, grade: rules.Fail, aead: true, why: "Kuznyechik (GOST), outside the note's alternatives (AES)"},
	{typ: scanner.IKEEncryption, id: 35, name: "ENCR_MAGMA_MGM_MAC_KTREE", rule: r15, grade: rules.Fail, aead: true, why: "Magma (GOST), " + whyBlk64},

	// Transform type 2: pseudorandom function.
	{typ: scanner.IKEPRF, id: 1, name: "PRF_HMAC_MD5", rule: r14, grade: rules.Fail, why: whyMD5},
	{typ: scanner.IKEPRF, id: 2, name: "PRF_HMAC_SHA1", rule: r15, grade: rules.Warn, why: whySHA1},
	{typ: scanner.IKEPRF, id: 3, name: "PRF_HMAC_TIGER", rule: r15, grade: rules.Fail, why: "HMAC-Tiger, outside the note's alternatives (SHA-2)"},
	{typ: scanner.IKEPRF, id: 4, name: "PRF_AES128_XCBC", rule: r15, grade: rules.Warn, why: "AES-XCBC, " + whyNotSH},
	{typ: scanner.IKEPRF, id: 5, name: "PRF_HMAC_SHA2_256", rule: r15, grade: rules.Pass},
	{typ: scanner.IKEPRF, id: 6, name: "PRF_HMAC_SHA2_384", rule: r15, grade: rules.Pass},
	{typ: scanner.IKEPRF, id: 7, name: "PRF_HMAC_SHA2_512", rule: r15, grade: rules.Pass},
	{typ: scanner.IKEPRF, id: 8, name: "PRF_AES128_CMAC", rule: r15, grade: rules.Warn, why: "AES-CMAC, " + whyNotSH},
	{typ: scanner.IKEPRF, id: 9, name: "PRF_HMAC_STREEBOG_512", rule: r15, grade: rules.Fail, why: "HMAC-Streebog, outside the note's alternatives (SHA-2)"},

	// Transform type 3: integrity. NONE goes with AEAD ciphers only.
	{typ: scanner.IKEIntegrity, id: 0, name: "NONE", rule: r15, grade: rules.Pass, why: "no integrity transform, as AEAD ciphers take"},
	{typ: scanner.IKEIntegrity, id: 1, name: "AUTH_HMAC_MD5_96", rule: r14, grade: rules.Fail, why: whyMD5},
	{typ: scanner.IKEIntegrity, id: 2, name: "AUTH_HMAC_SHA1_96", rule: r15, grade: rules.Warn, why: whySHA1},
	{typ: scanner.IKEIntegrity, id: 3, name: "AUTH_DES_MAC", rule: r14, grade: rules.Fail, why: whyDES},
	{typ: scanner.IKEIntegrity, id: 4, name: "AUTH_KPDK_MD5", rule: r14, grade: rules.Fail, why: whyMD5},
	{typ: scanner.IKEIntegrity, id: 5, name: "AUTH_AES_XCBC_96", rule: r15, grade: rules.Warn, why: "AES-XCBC, " + whyNotSH},
	{typ: scanner.IKEIntegrity, id: 6, name: "AUTH_HMAC_MD5_128", rule: r14, grade: rules.Fail, why: whyMD5},
	{typ: scanner.IKEIntegrity, id: 7, name: "AUTH_HMAC_SHA1_160", rule: r15, grade: rules.Warn, why: whySHA1},
	{typ: scanner.IKEIntegrity, id: 8, name: "AUTH_AES_CMAC_96", rule: r15, grade: rules.Warn, why: "AES-CMAC, " + whyNotSH},
	{typ: scanner.IKEIntegrity, id: 9, name: "AUTH_AES_128_GMAC", rule: r15, grade: rules.Warn, why: "AES-GMAC, " + whyNotSH},
	{typ: scanner.IKEIntegrity, id: 10, name: "AUTH_AES_192_GMAC", rule: r15, grade: rules.Warn, why: "AES-GMAC, " + whyNotSH},
	{typ: scanner.IKEIntegrity, id: 11, name: "AUTH_AES_256_GMAC", rule: r15, grade: rules.Warn, why: "AES-GMAC, " + whyNotSH},
	{typ: scanner.IKEIntegrity, id: 12, name: "AUTH_HMAC_SHA2_256_128", rule: r15, grade: rules.Pass},
	{typ: scanner.IKEIntegrity, id: 13, name: "AUTH_HMAC_SHA2_384_192", rule: r15, grade: rules.Pass},
	{typ: scanner.IKEIntegrity, id: 14, name: "AUTH_HMAC_SHA2_512_256", rule: r15, grade: rules.Pass},

	// Transform type 4: key exchange method (Diffie-Hellman group).
	{typ: scanner.IKEKeyExchange, id: 0, name: "NONE", rule: r16, grade: rules.Fail, why: "no key exchange: no forward secrecy, and none an IKE SA can do without"},
	{typ: scanner.IKEKeyExchange, id: 1, name: "768-bit MODP Group", rule: r16, grade: rules.Fail, group: modp, bits: 768, why: whyOldDH},
	{typ: scanner.IKEKeyExchange, id: 2, name: "1024-bit MODP Group", rule: r16, grade: rules.Fail, group: modp, bits: 1024, why: whyOldDH},
	{typ: scanner.IKEKeyExchange, id: 5, name: "1536-bit MODP Group", rule: r16, grade: rules.Fail, group: modp, bits: 1536, why: "below RègleLogp's 2048 bits"},
	{typ: scanner.IKEKeyExchange, id: 14, name: "2048-bit MODP Group", rule: r16, grade: rules.Warn, group: modp, bits: 2048, to2030: true,
		why: "2048 bits: RègleLogp's size up to the end of 2030 only (3072 from 2031), and the note prefers EC groups where possible"},
	{typ: scanner.IKEKeyExchange, id: 15, name: "3072-bit MODP Group", rule: r16, grade: rules.Pass, group: modp, bits: 3072},
	{typ: scanner.IKEKeyExchange, id: 16, name: "4096-bit MODP Group", rule: r16, grade: rules.Pass, group: modp, bits: 4096},
	{typ: scanner.IKEKeyExchange, id: 17, name: "6144-bit MODP Group", rule: r16, grade: rules.Pass, group: modp, bits: 6144},
	{typ: scanner.IKEKeyExchange, id: 18, name: "8192-bit MODP Group", rule: r16, grade: rules.Pass, group: modp, bits: 8192},
	{typ: scanner.IKEKeyExchange, id: 19, name: "256-bit random ECP group", rule: r16, grade: rules.Pass, group: ecp, bits: 256},
	{typ: scanner.IKEKeyExchange, id: 20, name: "384-bit random ECP group", rule: r16, grade: rules.Pass, group: ecp, bits: 384},
	{typ: scanner.IKEKeyExchange, id: 21, name: "521-bit random ECP group", rule: r16, grade: rules.Pass, group: ecp, bits: 521},
	{typ: scanner.IKEKeyExchange, id: 22, name: "1024-bit MODP Group with 160-bit Prime Order Subgroup", rule: r16, grade: rules.Fail, group: modp, bits: 1024,
		why: "a 1024-bit modulus and a 160-bit subgroup, below RègleLogp's 2048 and 250 bits"},
	{typ: scanner.IKEKeyExchange, id: 23, name: "2048-bit MODP Group with 224-bit Prime Order Subgroup", rule: r16, grade: rules.Fail, group: modp, bits: 2048,
		why: "a 224-bit subgroup, below RègleLogp's 250 bits"},
	{typ: scanner.IKEKeyExchange, id: 24, name: "2048-bit MODP Group with 256-bit Prime Order Subgroup", rule: r16, grade: rules.Warn, group: modp, bits: 2048, to2030: true,
		why: "2048 bits: RègleLogp's size up to the end of 2030 only; RFC 8247 says SHOULD NOT (unpublished generation)"},
	{typ: scanner.IKEKeyExchange, id: 25, name: "192-bit Random ECP Group", rule: r16, grade: rules.Fail, group: ecp, bits: 192, why: "a 192-bit curve, below RègleECp's 250 bits"},
	{typ: scanner.IKEKeyExchange, id: 26, name: "224-bit Random ECP Group", rule: r16, grade: rules.Fail, group: ecp, bits: 224, why: "a 224-bit curve, below RègleECp's 250 bits"},
	{typ: scanner.IKEKeyExchange, id: 27, name: "brainpoolP224r1", rule: r16, grade: rules.Fail, group: ecp, bits: 224, why: "a 224-bit curve, below RègleECp's 250 bits"},
	{typ: scanner.IKEKeyExchange, id: 28, name: "brainpoolP256r1", rule: r16, grade: rules.Pass, group: ecp, bits: 256},
	{typ: scanner.IKEKeyExchange, id: 29, name: "brainpoolP384r1", rule: r16, grade: rules.Pass, group: ecp, bits: 384},
	{typ: scanner.IKEKeyExchange, id: 30, name: "brainpoolP512r1", rule: r16, grade: rules.Pass, group: ecp, bits: 512},
	{typ: scanner.IKEKeyExchange, id: 31, name: "Curve25519", rule: r16, grade: rules.Pass, group: ecp, bits: 255,
		why: "Curve25519 (RFC 8031): named by neither the note (2015) nor B1, its subgroup order (253 bits) above RègleECp's 250: passed, a team decision"},
	{typ: scanner.IKEKeyExchange, id: 32, name: "Curve448", rule: r16, grade: rules.Pass, group: ecp, bits: 448,
		why: "Curve448 (RFC 8031): named by neither the note (2015) nor B1, its subgroup order (446 bits) above RègleECp's 250: passed, a team decision"},
	{typ: scanner.IKEKeyExchange, id: 33, name: "GOST3410_2012_256", rule: r16, grade: rules.Warn, group: ecp, bits: 256,
		why: "a GOST R 34.10-2012 curve, named by neither the note nor B1: not graded further"},
	{typ: scanner.IKEKeyExchange, id: 34, name: "GOST3410_2012_512", rule: r16, grade: rules.Warn, group: ecp, bits: 512,
		why: "a GOST R 34.10-2012 curve, named by neither the note nor B1: not graded further"},
	{typ: scanner.IKEKeyExchange, id: 35, name: "ml-kem-512", rule: r16, grade: rules.Warn, group: kem,
		why: "a post-quantum KEM as the only key exchange: RèglePQNonRégression asks for a hybrid (RFC 9370 additional key exchanges)"},
	{typ: scanner.IKEKeyExchange, id: 36, name: "ml-kem-768", rule: r16, grade: rules.Warn, group: kem,
		why: "a post-quantum KEM as the only key exchange: RèglePQNonRégression asks for a hybrid (RFC 9370 additional key exchanges)"},
	{typ: scanner.IKEKeyExchange, id: 37, name: "ml-kem-1024", rule: r16, grade: rules.Warn, group: kem,
		why: "a post-quantum KEM as the only key exchange: RèglePQNonRégression asks for a hybrid (RFC 9370 additional key exchanges)"},
}

// v1Groups are the IKEv1 groups (RFC 2409 §6) that are no IKEv2 key
// exchange method; the others share their numbers.
var v1Groups = []transform{
	{typ: scanner.IKEKeyExchange, id: 3, name: "EC2N group on GP[2^155]", rule: r16, grade: rules.Fail, group: ecp, bits: 155, why: "a 155-bit binary curve, below RègleEC2's 250 bits"},
	{typ: scanner.IKEKeyExchange, id: 4, name: "EC2N group on GP[2^185]", rule: r16, grade: rules.Fail, group: ecp, bits: 185, why: "a 185-bit binary curve, below RègleEC2's 250 bits"},
}

// lookup returns the registry's entry for an IKEv2 transform.
func lookup(typ string, id uint16) (transform, bool) {
	i := slices.IndexFunc(transforms, func(x transform) bool { return x.typ == typ && x.id == id })
	if i < 0 {
		return transform{}, false
	}
	return transforms[i], true
}

// lookupV1Group returns the registry's entry for an IKEv1 group.
func lookupV1Group(id uint16) (transform, bool) {
	if i := slices.IndexFunc(v1Groups, func(x transform) bool { return x.id == id }); i >= 0 {
		return v1Groups[i], true
	}
	return lookup(scanner.IKEKeyExchange, id)
}

// transformName renders an IKEv2 transform for evidence: its IANA name
// (the registry's, else the observation's, else its type and ID), with
// its key length; a group with its number ("group 14 (2048-bit MODP
// Group)").
func transformName(t scanner.IKETransform) string {
	name := t.Name
	if x, ok := lookup(t.Type, t.ID); ok {
		name = x.name
	}
	switch {
	case t.Type == scanner.IKEKeyExchange && name != "":
		name = fmt.Sprintf("group %d (%s)", t.ID, name)
	case t.Type == scanner.IKEKeyExchange:
		name = fmt.Sprintf("group %d", t.ID)
	case name == "":
		name = fmt.Sprintf("%s %d", t.Type, t.ID)
	}
	if t.KeyBits != 0 {
		name += fmt.Sprintf(" (%d-bit key)", t.KeyBits)
	}
	return name
}

// verdict is a transform's grade.
type verdict struct {
	rule   string
	status rules.Status // pass, warn, fail; incomplete when a fact of it is missing
	why    string
	bits   int
	x      transform // the registry's entry; zero for an unknown ID
}

// judge grades an IKEv2 transform, or the IKEv2 transform an IKEv1
// attribute value stands for: the registry's grade, with the key length
// of AES, the year for 3DES and 2048-bit groups. An ID the registry does
// not hold warns (R15, or R16 for a group).
func judge(t scanner.IKETransform, ctx rules.Context) verdict {
	x, ok := lookup(t.Type, t.ID)
	if !ok {
		rule := r15
		if t.Type == scanner.IKEKeyExchange {
			rule = r16
		}
		return verdict{rule: rule, status: rules.Warn, why: "not in cryptoscan's registry: not graded"}
	}
	return judgeEntry(x, t.KeyBits, ctx)
}

func judgeEntry(x transform, keyBits int, ctx rules.Context) verdict {
	v := verdict{rule: x.rule, status: x.grade, why: x.why, bits: x.bits, x: x}
	switch {
	case x.aes && keyBits == 0:
		return verdict{rule: x.rule, status: rules.Incomplete, why: "accepted without a Key Length attribute: its key size is not known", x: x}
	case x.aes && keyBits != 128 && keyBits != 192 && keyBits != 256:
		v.status, v.why = rules.Fail, fmt.Sprintf("a %d-bit key: AES takes 128, 192 or 256 bits", keyBits)
	case x.block && ctx.Year() <= 2025:
		v.status, v.why = rules.Warn, "3DES, a 64-bit block cipher: discouraged (R15); B1 allows 64-bit blocks to the end of 2025"
	case x.to2030 && ctx.Beyond2030():
		v.status, v.why = rules.Fail, "2048 bits, below RègleLogp's 3072 bits from 2031"
	}
	if x.aes {
		v.bits = keyBits
	}
	return v
}

// dhThreshold is RègleLogp's modulus size for the context's year.
func dhThreshold(ctx rules.Context) *rules.Threshold {
	t := &rules.Threshold{Bits: 2048, Year: ctx.Year(), Basis: "2048 bits up to 2030, 3072 from 2031 (RègleLogp)"}
	if ctx.Beyond2030() {
		t.Bits = 3072
	}
	return t
}

// IKEv1 attribute values (RFC 2409 Appendix A) by the names the prober
// gives them (scanner/ikeprobe: IANA "Internet Key Exchange (IKE)
// Attributes", verbatim; a value IANA does not name as 0x%04X), each
// graded as the IKEv2 transform it stands for. A name missing here warns,
// named: no rule guesses from a name.

// v1Value is an IKEv1 attribute value.
type v1Value struct {
	name  string // the prober's name
	value uint16 // its RFC 2409 value
	as    uint16 // encryption: the ENCR ID; hash: the PRF ID graded in its place
}

var v1Encryptions = []v1Value{
	{"DES-CBC", 1, 2},
	{"IDEA-CBC", 2, 5},
	{"Blowfish-CBC", 3, 7},
	{"RC5-R16-B64-CBC", 4, 4},
	{"3DES-CBC", 5, 3},
	{"CAST-CBC", 6, 6},
	{"AES-CBC", 7, 12},
	{"CAMELLIA-CBC", 8, 23},
}

// v1Hashes are graded as the HMAC PRF built on them, which is what IKEv1
// makes of its hash attribute (RFC 2409 §4).
var v1Hashes = []v1Value{
	{"MD5", 1, 1},
	{"SHA", 2, 2},
	{"Tiger", 3, 3},
	{"SHA2-256", 4, 5},
	{"SHA2-384", 5, 6},
	{"SHA2-512", 6, 7},
}

// v1Auth is an IKEv1 authentication method.
type v1Auth struct {
	name  string // the prober's name
	value uint16
	psk   bool // a pre-shared key authenticates the gateway or the peer
	what  string
}

// v1Auths are RFC 2409's methods, RFC 4754's ECDSA ones and the XAUTH
// methods of draft-beaulieu-ike-xauth (private-use values IANA does not
// name, so written 0x%04X).
var v1Auths = []v1Auth{
	{"pre-shared key", 1, true, "a pre-shared key"},
	{"DSS signatures", 2, false, "DSS signatures"},
	{"RSA signatures", 3, false, "RSA signatures"},
	{"Encryption with RSA", 4, false, "RSA encryption"},
	{"Revised encryption with RSA", 5, false, "revised RSA encryption"},
	{"ECDSA with SHA-256 on the P-256 curve", 9, false, "ECDSA signatures"},
	{"ECDSA with SHA-384 on the P-384 curve", 10, false, "ECDSA signatures"},
	{"ECDSA with SHA-512 on the P-521 curve", 11, false, "ECDSA signatures"},
	{"0xFDE9", 65001, true, "XAUTH over a pre-shared key (XAUTHInitPreShared)"},
	{"0xFDEA", 65002, true, "XAUTH over a pre-shared key (XAUTHRespPreShared)"},
	{"0xFDED", 65005, false, "XAUTH over RSA signatures (XAUTHInitRSA)"},
	{"0xFDEE", 65006, false, "XAUTH over RSA signatures (XAUTHRespRSA)"},
}

func v1Lookup(vs []v1Value, name string) (v1Value, bool) {
	i := slices.IndexFunc(vs, func(v v1Value) bool { return v.name == name })
	if i < 0 {
		return v1Value{}, false
	}
	return vs[i], true
}

func v1AuthByName(name string) (v1Auth, bool) {
	i := slices.IndexFunc(v1Auths, func(a v1Auth) bool { return a.name == name })
	if i < 0 {
		return v1Auth{}, false
	}
	return v1Auths[i], true
}

// v1Attribute is one graded attribute of an IKEv1 transform.
type v1Attribute struct {
	name string // for evidence: "IKEv1 encryption 3DES-CBC"
	v    verdict
}

// judgeV1 grades the encryption, hash and group of an IKEv1 transform as
// the IKEv2 transforms they stand for. A value the tables do not hold
// warns, under R14 and R15 (encryption, hash) or R16 (group): whether it
// is DES or MD5 is not known either.
func judgeV1(t scanner.IKEv1Transform, ctx rules.Context) []v1Attribute {
	unknown := func(rule string) verdict {
		return verdict{rule: rule, status: rules.Warn, why: "not in cryptoscan's table of IKEv1 values: not graded"}
	}
	var out []v1Attribute
	encName := "IKEv1 encryption " + t.Encryption
	if t.KeyBits != 0 {
		encName += fmt.Sprintf(" (%d-bit key)", t.KeyBits)
	}
	if v, ok := v1Lookup(v1Encryptions, t.Encryption); ok {
		x, _ := lookup(scanner.IKEEncryption, v.as)
		out = append(out, v1Attribute{encName, judgeEntry(x, t.KeyBits, ctx)})
	} else {
		out = append(out, v1Attribute{encName, unknown(r14)}, v1Attribute{encName, unknown(r15)})
	}
	hashName := "IKEv1 hash " + t.Hash
	if v, ok := v1Lookup(v1Hashes, t.Hash); ok {
		x, _ := lookup(scanner.IKEPRF, v.as)
		out = append(out, v1Attribute{hashName, judgeEntry(x, 0, ctx)})
	} else {
		out = append(out, v1Attribute{hashName, unknown(r14)}, v1Attribute{hashName, unknown(r15)})
	}
	groupName := fmt.Sprintf("IKEv1 group %d", t.GroupID)
	if x, ok := lookupV1Group(t.GroupID); ok {
		out = append(out, v1Attribute{fmt.Sprintf("%s (%s)", groupName, x.name), judgeEntry(x, 0, ctx)})
	} else {
		out = append(out, v1Attribute{groupName, unknown(r16)})
	}
	return out
}

// describeV1 renders an IKEv1 transform for evidence: "IKEv1 Main Mode
// AES-CBC 256, SHA2-256, RSA-SIG, group 19".
func describeV1(t scanner.IKEv1Transform) string {
	mode := "Main Mode"
	if t.Mode == "aggressive" {
		mode = "Aggressive Mode"
	}
	enc := t.Encryption
	if t.KeyBits != 0 {
		enc += fmt.Sprintf(" %d", t.KeyBits)
	}
	return fmt.Sprintf("IKEv1 %s %s, %s, %s, group %d", mode, enc, t.Hash, t.Auth, t.GroupID)
}

// sigHash is a signature hash algorithm (RFC 7427 §7, IANA "IKEv2 Hash
// Algorithms").
type sigHash struct {
	id   uint16
	name string
}

var sigHashes = []sigHash{
	{1, "SHA1"},
	{2, "SHA2-256"},
	{3, "SHA2-384"},
	{4, "SHA2-512"},
	{5, "Identity"},
}

// sigHashSHA1 is SHA1's ID.
const sigHashSHA1 = 1

// notificationSignatureHashes is SIGNATURE_HASH_ALGORITHMS' type.
const notificationSignatureHashes = 16431

// signatureHashes returns the hash algorithms a SIGNATURE_HASH_ALGORITHMS
// notification lists, by ID: from its data (two octets each) when the
// observation carries it, else from the names it gives. ok is false when
// neither can be read.
func signatureHashes(n scanner.IKENotification) (ids []uint16, ok bool) {
	if b, err := hex.DecodeString(n.Data); err == nil && len(b) > 0 && len(b)%2 == 0 {
		for i := 0; i < len(b); i += 2 {
			ids = append(ids, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return ids, true
	}
	for _, v := range n.Values {
		i := slices.IndexFunc(sigHashes, func(h sigHash) bool { return h.name == v })
		if i < 0 {
			return nil, false
		}
		ids = append(ids, sigHashes[i].id)
	}
	return ids, len(ids) > 0
}

// sigHashName names a signature hash algorithm.
func sigHashName(id uint16) string {
	if i := slices.IndexFunc(sigHashes, func(h sigHash) bool { return h.id == id }); i >= 0 {
		return sigHashes[i].name
	}
	return fmt.Sprintf("hash %d", id)
}
