package pkirules

import (
	"crypto/x509"
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"slices"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

const oidAuthorityKeyID = "2.5.29.35"

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R32",
		Title:     "Authority key identifiers are present, not critical, and name the issuer's key",
		Reference: tlsRef("R32", "§3.1.2"),
		Severity:  rules.Low,
		Description: "The AuthorityKeyIdentifier extension must be present, non-critical, and equal to the issuing CA's " +
			"SubjectKeyIdentifier. Graded on every served certificate but self-signed roots, against the next certificate " +
			"on the path the scanner built. When that issuer is a trust anchor the server did not send, only presence and " +
			"criticality can be checked (the path's signature ties the two; a note says so).",
		Fix:     "Have the certificate re-issued with a non-critical AuthorityKeyIdentifier equal to its issuer's SubjectKeyIdentifier.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR32,
		Fixtures: func() rules.Fixtures {
			wrong, _ := encasn1.Marshal(struct {
				ID []byte `asn1:"optional,tag:0"`
			}{ID: []byte{1, 2, 3, 4}})
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(compliantLeafWith(func(t *x509.Certificate) {
					t.ExtraExtensions = append(t.ExtraExtensions, pkix.Extension{Id: encasn1.ObjectIdentifier{2, 5, 29, 35}, Value: wrong})
				})).Result(),
			}
		},
	})
}

func checkR32(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	descs := map[string]*scanner.CertificateFact{}
	for i := range r.Certificates {
		descs[r.Certificates[i].SHA256] = &r.Certificates[i]
	}
	unserved := 0
	w.each(func(c cert) {
		d := c.desc
		if d.SelfSigned {
			return
		}
		if len(d.Errors) > 0 {
			w.unreadable(c, "extensions")
			return
		}
		present, critical := hasExtension(d, oidAuthorityKeyID)
		switch {
		case !present || d.AuthorityKeyID == "":
			w.item(c, rules.Fail, "no AuthorityKeyIdentifier")
			return
		case critical:
			w.item(c, rules.Fail, "the AuthorityKeyIdentifier is critical")
			return
		}
		path := c.chain.f.Path
		i := slices.Index(path, c.sha)
		if i < 0 || i+1 >= len(path) {
			return // off the path, or its top: no issuer known
		}
		issuer := descs[path[i+1]]
		if issuer == nil {
			unserved++
			return
		}
		if issuer.SubjectKeyID == "" {
			w.item(c, rules.Fail, "its issuer has no SubjectKeyIdentifier to match")
		} else if issuer.SubjectKeyID != d.AuthorityKeyID {
			w.item(c, rules.Fail, "AuthorityKeyIdentifier "+d.AuthorityKeyID+" is not the issuer's SubjectKeyIdentifier "+issuer.SubjectKeyID)
		}
	})
	if unserved > 0 {
		w.note("%d certificate(s) issued by an anchor the server did not send: AuthorityKeyIdentifier checked for presence and criticality only", unserved)
	}
	return w.finding("every served certificate but the roots names its issuer's key in a non-critical AuthorityKeyIdentifier",
		"certificates with a missing, critical or wrong AuthorityKeyIdentifier")
}
