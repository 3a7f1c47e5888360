package ikerules

import (
	"slices"
	"testing"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// TestRegistry: one entry per transform, each graded by one of the
// algorithm rules with a reason for any grade below pass, and the flags
// where they mean something.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, x := range slices.Concat(transforms, v1Groups) {
		k := x.typ + " " + x.name
		if seen[k] {
			t.Errorf("%s listed twice", k)
		}
		seen[k] = true
		if !slices.Contains(scanner.IKETransformTypes, x.typ) || x.name == "" {
			t.Errorf("%+v: type or name", x)
		}
		if !slices.Contains([]string{r14, r15, r16}, x.rule) || (x.typ == scanner.IKEKeyExchange) != (x.rule == r16) {
			t.Errorf("%s: graded by %s", k, x.rule)
		}
		if !slices.Contains([]rules.Status{rules.Pass, rules.Warn, rules.Fail}, x.grade) || x.grade != rules.Pass && x.why == "" {
			t.Errorf("%s: grade %s, why %q", k, x.grade, x.why)
		}
		if (x.aes || x.aead || x.block) && x.typ != scanner.IKEEncryption || (x.group != 0 || x.to2030) && x.typ != scanner.IKEKeyExchange {
			t.Errorf("%s: flags of another type", k)
		}
	}
	for _, typ := range scanner.IKETransformTypes {
		var ids []uint16
		for _, x := range transforms {
			if x.typ == typ {
				ids = append(ids, x.id)
			}
		}
		if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Errorf("%s IDs not listed once each in order: %v", typ, ids)
		}
	}
	// The IKEv1 values stand for registered IKEv2 transforms.
	for _, tc := range []struct {
		typ string
		vs  []v1Value
	}{{scanner.IKEEncryption, v1Encryptions}, {scanner.IKEPRF, v1Hashes}} {
		for _, v := range tc.vs {
			if _, ok := lookup(tc.typ, v.as); !ok {
				t.Errorf("IKEv1 %s stands for %s %d, not registered", v.name, tc.typ, v.as)
			}
		}
	}
}

// TestObservationVocabulary: the names scanner/ike.go gives as examples
// of what the prober writes are the registry's, and its IKEv1 values are
// in the tables.
func TestObservationVocabulary(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		id   uint16
		name string
	}{
		{scanner.IKEEncryption, 20, "ENCR_AES_GCM_16"},
		{scanner.IKEPRF, 5, "PRF_HMAC_SHA2_256"},
		{scanner.IKEIntegrity, 12, "AUTH_HMAC_SHA2_256_128"},
		{scanner.IKEKeyExchange, 19, "256-bit random ECP group"},
	} {
		if x, ok := lookup(tc.typ, tc.id); !ok || x.name != tc.name {
			t.Errorf("%s %d: %q, want %q", tc.typ, tc.id, x.name, tc.name)
		}
	}
	for _, n := range []string{"AES-CBC", "3DES-CBC", "DES-CBC"} {
		if _, ok := v1Lookup(v1Encryptions, n); !ok {
			t.Errorf("IKEv1 encryption %s not in the table", n)
		}
	}
	for _, n := range []string{"SHA2-256", "SHA", "MD5"} {
		if _, ok := v1Lookup(v1Hashes, n); !ok {
			t.Errorf("IKEv1 hash %s not in the table", n)
		}
	}
	for _, n := range []string{"pre-shared key", "RSA signatures"} {
		if _, ok := v1AuthByName(n); !ok {
			t.Errorf("IKEv1 authentication %s not in the table", n)
		}
	}
}

// TestJudge: the grades that depend on the context or the key length.
func TestJudge(t *testing.T) {
	at := func(year, horizon int) rules.Context {
		c := rules.Context{Horizon: horizon}
		c.Time = c.Time.AddDate(year-1, 0, 0)
		return c
	}
	for _, tc := range []struct {
		t    scanner.IKETransform
		ctx  rules.Context
		want rules.Status
	}{
		{scanner.IKETransform{Type: scanner.IKEKeyExchange, ID: 14}, at(2030, 0), rules.Warn},
		{scanner.IKETransform{Type: scanner.IKEKeyExchange, ID: 14}, at(2031, 0), rules.Fail},
		{scanner.IKETransform{Type: scanner.IKEKeyExchange, ID: 24}, at(2026, 2031), rules.Fail},
		{scanner.IKETransform{Type: scanner.IKEEncryption, ID: 3}, at(2025, 0), rules.Warn},
		{scanner.IKETransform{Type: scanner.IKEEncryption, ID: 3}, at(2026, 0), rules.Fail},
		{scanner.IKETransform{Type: scanner.IKEEncryption, ID: 12, KeyBits: 192}, at(2026, 0), rules.Pass},
		{scanner.IKETransform{Type: scanner.IKEEncryption, ID: 12, KeyBits: 512}, at(2026, 0), rules.Fail},
		{scanner.IKETransform{Type: scanner.IKEEncryption, ID: 12}, at(2026, 0), rules.Incomplete},
		{scanner.IKETransform{Type: scanner.IKEPRF, ID: 99}, at(2026, 0), rules.Warn},
	} {
		if v := judge(tc.t, tc.ctx); v.status != tc.want {
			t.Errorf("%+v in %d (horizon %d): %s, want %s (%s)", tc.t, tc.ctx.Year(), tc.ctx.Horizon, v.status, tc.want, v.why)
		}
	}
}

// TestSignatureHashes: the notification's data is read first, its names
// when there is no data.
func TestSignatureHashes(t *testing.T) {
	for _, tc := range []struct {
		n    scanner.IKENotification
		want []uint16
		ok   bool
	}{
		{scanner.IKENotification{Data: "000200030004", Values: []string{"SHA1"}}, []uint16{2, 3, 4}, true},
		{scanner.IKENotification{Values: []string{"SHA1", "Identity"}}, []uint16{1, 5}, true},
		{scanner.IKENotification{Data: "00", Values: []string{"SHA2-512"}}, []uint16{4}, true},
		{scanner.IKENotification{Values: []string{"SHA-1"}}, nil, false},
		{scanner.IKENotification{}, nil, false},
	} {
		if got, ok := signatureHashes(tc.n); !slices.Equal(got, tc.want) || ok != tc.ok {
			t.Errorf("%+v: %v %t, want %v %t", tc.n, got, ok, tc.want, tc.ok)
		}
	}
}
