package dnsfact

import (
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func TestMutationsChangeAFact(t *testing.T) {
	spki := []byte("not a real key, only hashed")
	base := CompliantObservation(spki)
	// (An SSH endpoint's name has SSHFP records, a TLS one's TLSA, an MX's
	// its domain's MTA-STS facts: the base has them all, so that every
	// mutation finds its fact.)
	base.SSHFP = CompliantSSHObservation("example.fr", dnsprobe.SSHFP{Algorithm: 4, AlgorithmName: "Ed25519", Type: 2, TypeName: "SHA-256",
		Fingerprint: strings.Repeat("ab", 32)}).SSHFP
	base.MTASTS = CompliantMTASTS("example.fr", "mail.example.fr")
	if d := Diff(base, CloneObservation(base)); len(d) != 0 {
		t.Fatalf("a clone differs: %q", d)
	}
	orig := CloneObservation(base)
	for _, m := range Mutations() {
		o := CloneObservation(base)
		m.Apply(o)
		d := Diff(base, o)
		if len(d) == 0 {
			t.Errorf("%s changes no fact", m)
		}
		for _, k := range d {
			if !strings.HasPrefix(k, string(m.Fact)+" ") {
				t.Errorf("%s changed %q, a fact of another kind", m, k)
			}
		}
		if d := Diff(base, CloneObservation(orig)); len(d) != 0 {
			t.Errorf("%s changed the original: %q", m, d)
		}
	}
}
