package tlsrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// finiteField is one finite-field DH group in use: a prime seen in a TLS
// 1.2 ServerKeyExchange, or an RFC 7919 group accepted in TLS 1.3.
type finiteField struct {
	item  rules.Item
	bits  int
	known string // the probes' name of the prime; "" for a custom one
	group tlsprobe.DHGroup
	named bool // group is set
}

// finiteFields gathers the finite-field DH in use under TLS 1.2 and 1.3,
// recording what could not be read: DHE suites accepted with no parameters
// seen, and the TLS 1.3 group list when it is not complete.
func (w *view) finiteFields() []finiteField {
	var out []finiteField
	if w.inScope(scanner.TLSv12) {
		var dhe []scanner.SuiteFact
		for _, s := range w.suites(scanner.TLSv12, false) {
			if cs, ok := tlsprobe.SuiteByCode(s.Code); ok && (cs.Kx == tlsprobe.KxDHE || cs.Kx == tlsprobe.KxDHEPSK || cs.Kx == tlsprobe.KxDHExport) {
				dhe = append(dhe, s)
			}
		}
		// The same prime is one group whether or not the hello offered the
		// RFC 7919 groups; two primes for one suite are told apart by it.
		primes := map[scanner.Code]map[string]bool{}
		for _, p := range w.o.DHParams {
			if p.Version == scanner.TLSv12 {
				if primes[p.Suite] == nil {
					primes[p.Suite] = map[string]bool{}
				}
				primes[p.Suite][p.PrimeSHA256] = true
			}
		}
		seen := map[string]bool{}
		n := 0
		for _, p := range w.o.DHParams {
			if p.Version != scanner.TLSv12 || seen[fmt.Sprintf("%v %s", p.Suite, p.PrimeSHA256)] {
				continue
			}
			seen[fmt.Sprintf("%v %s", p.Suite, p.PrimeSHA256)] = true
			n++
			c := p.Suite
			name := p.Known
			if name == "" {
				name = "custom prime " + shortHash(p.PrimeSHA256)
			}
			if len(primes[p.Suite]) > 1 {
				if p.OfferedFFDHE {
					name += " (to hellos offering the RFC 7919 groups)"
				} else {
					name += " (to hellos without them)"
				}
			}
			ff := finiteField{bits: p.Bits, known: p.Known,
				item: rules.Item{Kind: rules.ItemDHParams, Version: scanner.TLSv12, Code: &c, Name: name, Bits: p.Bits}}
			if p.Known != "" {
				ff.group, ff.named = tlsprobe.DHGroupByName(p.Known)
			}
			out = append(out, ff)
		}
		switch {
		case len(dhe) > 0 && n == 0:
			w.unknown(rules.FactDH, scanner.TLSv12, "missing", "", fmt.Sprintf("%d DHE suite(s) accepted but no DH parameters seen", len(dhe)))
		case n > 0:
			w.checked(rules.FactDH, scanner.TLSv12, "seen", n)
		}
	}
	if w.inScope(scanner.TLSv13) {
		for _, gf := range w.groups(scanner.TLSv13, false) {
			g, ok := tlsprobe.GroupByCode(uint16(gf.Code))
			if !ok || g.Kind != tlsprobe.GroupFFDHE {
				continue
			}
			grp, named := tlsprobe.DHGroupByName(g.Name)
			it := groupItem(scanner.TLSv13, gf, "", "")
			it.Bits = g.Bits
			out = append(out, finiteField{item: it, bits: g.Bits, known: g.Name, group: grp, named: named})
		}
	}
	return out
}

func shortHash(h string) string {
	if len(h) > 16 {
		return h[:16]
	}
	return h
}

// dhBits is the RègleLogp and R7– minimum prime size.
func dhBits(ctx rules.Context) (int, *rules.Threshold) {
	t := &rules.Threshold{Bits: 2048, Year: ctx.Year(), Basis: "2048 bits up to 2030, 3072 bits beyond"}
	if ctx.Beyond2030() {
		t.Bits = 3072
	}
	return t.Bits, t
}
