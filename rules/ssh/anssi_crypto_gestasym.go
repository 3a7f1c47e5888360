package sshrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-GestAsym",
		Title:     "An SSH host key is not also a TLS certificate's key",
		Reference: b1Ref("RègleGestAsym-1", "§2.5.2"),
		Severity:  rules.Medium,
		Description: "A key pair must serve one purpose only. Graded across the run, once every endpoint is scanned: each " +
			"SSH host key this endpoint shows is compared, by the SHA-256 of its X.509 SubjectPublicKeyInfo, with the " +
			"keys of the TLS leaf certificates the run's endpoints served. A host key that is also a TLS certificate's key " +
			"fails, naming where. A pass says only that no TLS certificate of the run uses one of the host keys; keys " +
			"outside the run, and one key used by two SSH servers or two TLS services, are not this rule's (the second " +
			"is ANSSI-TLS-R30's). A host key not seen leaves the rule incomplete when the run has TLS certificates to " +
			"compare it with; with none, the rule reports info.",
		Fix:     "Generate the SSH host keys (ssh-keygen -A, or one per type) apart from the TLS certificates' keys, and never import a TLS private key as a HostKey.",
		Reads:   reads(FactKexInit, FactHostKeys),
		Applies: hasSSH,
		Check:   checkGestAsym,
		Run:     true,
		Fixtures: func() rules.Fixtures {
			tls := fixture.Compliant().Result()
			var leafKey string
			for _, c := range tls.Certificates {
				if c.SHA256 == tls.TLS.Certificates[0].Served[0] {
					leafKey = c.SPKISHA256
				}
			}
			return rules.Fixtures{
				Pass: fixture.CompliantSSH().Result(),
				Fail: fixture.CompliantSSH().SameKeyAs(leafKey, "ecdsa-sha2-nistp256").Result(),
				Run:  []*scanner.Result{tls},
			}
		},
	})
}

func checkGestAsym(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	if ctx.Run == nil {
		return []rules.Finding{{Status: rules.Info, Message: "graded across a run's endpoints; this evaluation has no run"}}
	}
	certified := ctx.Run.CertifiedKeys()
	if certified == 0 {
		return []rules.Finding{{Status: rules.Info, Message: "no TLS certificate in the run to compare the host keys with"}}
	}
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	seen := map[string]bool{}
	for _, alg := range o.HostKeyAlgorithms {
		k, ok := e.seenKey(o, alg)
		if !ok || seen[k.SHA256] {
			continue
		}
		seen[k.SHA256] = true
		if k.SPKISHA256 == "" {
			e.unknown(FactHostKeys, "missing", "", alg+": the key's SubjectPublicKeyInfo digest is not recorded")
			continue
		}
		var where []string
		for _, u := range ctx.Run.KeyUses(k.SPKISHA256) {
			if u.Use == rules.UseTLSCertificate {
				where = append(where, u.Endpoint.String())
			}
		}
		if len(where) > 0 {
			e.item(itemHostKey, alg, k.Bits, rules.Fail, describeKey(kindOf(k.Type), k.Bits, k.SHA256)+
				" is also the key of the TLS certificate served by "+strings.Join(where, ", "))
		}
	}
	e.checked(FactHostKeys, "compared", len(seen))
	return e.finding(fmt.Sprintf("no host key is the key of a TLS certificate of the run (%d endpoints with certificates)", certified),
		"host keys that are also TLS certificates' keys")
}

// kindOf is the kind of key of an SSH key type name.
func kindOf(keyType string) keyKind {
	kind, _, _ := keyTypeKind(keyType)
	return kind
}
