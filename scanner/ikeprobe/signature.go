package ikeprobe

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	_ "crypto/sha1" // RSA Digital Signature (method 1) is over SHA-1
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The responder's AUTH payload, read and checked (RFC 7296, Section
// 2.15): a signature by the leaf certificate's key over its IKE_SA_INIT
// message, Ni, and prf(SK_pr, IDr').

// sigScheme is how an AUTH payload's signature is computed.
type sigScheme struct {
	name string      // RFC 7427 AlgorithmIdentifier name, "" for methods 1, 9-11
	hash crypto.Hash // 0 for Ed25519
	kind string      // "rsa", "pss", "ecdsa", "ecdsa-raw" (r | s, RFC 4754), "ed25519"
}

// authScheme reads the signature scheme and the signature of an AUTH
// payload signed with a public key; ok is false for other methods.
func authScheme(a authPayload) (sc sigScheme, sig []byte, err error) {
	switch a.method {
	case 1:
		// RFC 7296, Section 3.8: RSASSA-PKCS1-v1_5, SHA-1 (RFC 4718,
		// Section 3.2).
		return sigScheme{hash: crypto.SHA1, kind: "rsa"}, a.data, nil
	case 9:
		return sigScheme{hash: crypto.SHA256, kind: "ecdsa-raw"}, a.data, nil
	case 10:
		return sigScheme{hash: crypto.SHA384, kind: "ecdsa-raw"}, a.data, nil
	case 11:
		return sigScheme{hash: crypto.SHA512, kind: "ecdsa-raw"}, a.data, nil
	case authDigitalSignature:
		var d signatureAuth
		if !d.unmarshal(a.data) {
			return sc, nil, &malformedError{"a Digital Signature AUTH payload that does not parse (RFC 7427, Section 3)"}
		}
		sc, err := parseAlgorithmIdentifier(d.algorithm)
		return sc, d.signature, err
	}
	return sc, nil, fmt.Errorf("authentication method %s is no signature", codeName(authMethods, uint16(a.method)))
}

var hashOIDs = []struct {
	oid  string
	hash crypto.Hash
	name string
}{
	{"1.3.14.3.2.26", crypto.SHA1, "SHA-1"},
	{"2.16.840.1.101.3.4.2.1", crypto.SHA256, "SHA-256"},
	{"2.16.840.1.101.3.4.2.2", crypto.SHA384, "SHA-384"},
	{"2.16.840.1.101.3.4.2.3", crypto.SHA512, "SHA-512"},
}

// parseAlgorithmIdentifier names a DER AlgorithmIdentifier (RFC 5280,
// Section 4.1.1.2). An unknown OID is named by its dotted form, with an
// error: it is not verified.
func parseAlgorithmIdentifier(der []byte) (sigScheme, error) {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() || !seq.ReadASN1ObjectIdentifier(&oid) {
		return sigScheme{}, &malformedError{"an AlgorithmIdentifier that does not parse"}
	}
	o := oid.String()
	sc := sigScheme{name: o}
	for _, a := range signatureAlgorithms {
		if a.oid == o {
			sc = sigScheme{name: a.name, kind: a.kind, hash: a.hash}
		}
	}
	switch sc.kind {
	case "rsa", "ecdsa", "ed25519":
	case "pss":
		// RFC 4055, Section 3.1: RSASSA-PSS-params, the hash in [0],
		// SHA-1 by default.
		var params cryptobyte.String
		if !seq.ReadASN1(&params, cbasn1.SEQUENCE) {
			return sc, &malformedError{"RSASSA-PSS without parameters"}
		}
		var h cryptobyte.String
		var present bool
		if !params.ReadOptionalASN1(&h, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
			return sc, &malformedError{"RSASSA-PSS parameters that do not parse"}
		}
		hashName := "SHA-1"
		if present {
			var hseq cryptobyte.String
			var hoid asn1.ObjectIdentifier
			if !h.ReadASN1(&hseq, cbasn1.SEQUENCE) || !hseq.ReadASN1ObjectIdentifier(&hoid) {
				return sc, &malformedError{"RSASSA-PSS hash that does not parse"}
			}
			hashName = hoid.String()
			sc.hash = 0
			for _, e := range hashOIDs {
				if e.oid == hoid.String() {
					sc.hash, hashName = e.hash, e.name
				}
			}
		}
		sc.name = "RSASSA-PSS with " + hashName
		if sc.hash == 0 {
			return sc, fmt.Errorf("RSASSA-PSS with the hash %s is not verified", hashName)
		}
	default:
		return sc, fmt.Errorf("signature algorithm %s is not verified", sc.name)
	}
	return sc, nil
}

// verifySignature checks sig over signed with pub.
func verifySignature(sc sigScheme, pub crypto.PublicKey, signed, sig []byte) error {
	var digest []byte
	if sc.hash != 0 {
		if !sc.hash.Available() {
			return fmt.Errorf("hash %v unavailable", sc.hash)
		}
		h := sc.hash.New()
		h.Write(signed)
		digest = h.Sum(nil)
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		switch sc.kind {
		case "rsa":
			return rsa.VerifyPKCS1v15(k, sc.hash, digest, sig)
		case "pss":
			return rsa.VerifyPSS(k, sc.hash, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
		}
	case *ecdsa.PublicKey:
		switch sc.kind {
		case "ecdsa":
			if !ecdsa.VerifyASN1(k, digest, sig) {
				return errors.New("ECDSA signature does not verify")
			}
			return nil
		case "ecdsa-raw":
			if len(sig)%2 != 0 || len(sig) == 0 {
				return errors.New("ECDSA signature of an odd length")
			}
			r, s := new(big.Int).SetBytes(sig[:len(sig)/2]), new(big.Int).SetBytes(sig[len(sig)/2:])
			if !ecdsa.Verify(k, digest, r, s) {
				return errors.New("ECDSA signature does not verify")
			}
			return nil
		}
	case ed25519.PublicKey:
		if sc.kind == "ed25519" {
			if !ed25519.Verify(k, signed, sig) {
				return errors.New("Ed25519 signature does not verify")
			}
			return nil
		}
	}
	return fmt.Errorf("a %T key cannot make a %s signature", pub, sc.kind)
}
