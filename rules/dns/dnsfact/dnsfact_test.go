package dnsfact

import (
	"strings"
	"testing"
)

func TestMutationsChangeAFact(t *testing.T) {
	spki := []byte("not a real key, only hashed")
	base := CompliantObservation(spki)
	if d := Diff(base, CloneObservation(base)); len(d) != 0 {
		t.Fatalf("a clone differs: %q", d)
	}
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
		if d := Diff(base, CompliantObservation(spki)); len(d) != 0 {
			t.Errorf("%s changed the original: %q", m, d)
		}
	}
}
