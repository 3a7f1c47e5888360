package pki

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sctFromTest is the SCT a testSCT should parse to.
func sctFromTest(s testSCT) SCT {
	if s.version != 0 {
		return SCT{Version: int(s.version)}
	}
	out := SCT{
		LogID:              base64.StdEncoding.EncodeToString(s.logID[:]),
		LogIDHex:           hex.EncodeToString(s.logID[:]),
		TimestampMS:        s.timestamp,
		HashAlgorithm:      registryName(tlsHashNames, s.hash),
		SignatureAlgorithm: registryName(tlsSigNames, s.sig),
		Signature:          append([]byte(nil), s.signature...),
	}
	if s.timestamp <= maxTimestampMS {
		out.Timestamp = time.UnixMilli(int64(s.timestamp)).UTC()
	}
	if len(s.exts) > 0 {
		out.Extensions = hex.EncodeToString(s.exts)
	}
	return out
}

// testFromSCT is the inverse, for re-encoding what parsed.
func testFromSCT(t testing.TB, s SCT) testSCT {
	var ts testSCT
	id, err := hex.DecodeString(s.LogIDHex)
	if err != nil || len(id) != 32 {
		t.Fatalf("log id %q", s.LogIDHex)
	}
	copy(ts.logID[:], id)
	ts.timestamp = s.TimestampMS
	ts.exts, _ = hex.DecodeString(s.Extensions)
	ts.hash = registryCode(t, tlsHashNames, s.HashAlgorithm)
	ts.sig = registryCode(t, tlsSigNames, s.SignatureAlgorithm)
	ts.signature = s.Signature
	return ts
}

func registryCode(t testing.TB, names []string, name string) uint8 {
	for c := 0; c < 256; c++ {
		if registryName(names, uint8(c)) == name {
			return uint8(c)
		}
	}
	t.Fatalf("no code for %q", name)
	return 0
}

func TestParseSCTList(t *testing.T) {
	samples := sampleSCTs()
	odd := testSCT{timestamp: math.MaxUint64, hash: 9, sig: 200}
	future := testSCT{version: 1, body: []byte{1, 2, 3, 4}}
	tests := []struct {
		name string
		scts []testSCT
	}{
		{"one", samples[:1]},
		{"two", samples},
		{"unknown codes and a timestamp past year 9999", []testSCT{odd}},
		{"a v2 SCT is kept with its version only", []testSCT{samples[0], future}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSCTList(buildSCTList(tt.scts...))
			if err != nil {
				t.Fatal(err)
			}
			var want []SCT
			for _, s := range tt.scts {
				want = append(want, sctFromTest(s))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
	got, _ := ParseSCTList(buildSCTList(odd))
	if got[0].HashAlgorithm != "0x09" || got[0].SignatureAlgorithm != "0xC8" || !got[0].Timestamp.IsZero() {
		t.Errorf("odd SCT = %+v", got[0])
	}
}

func TestParseSCTListRejects(t *testing.T) {
	good := buildSCTList(sampleSCTs()...)
	v1 := buildSCTList(sampleSCTs()[0])
	// An SCT with a byte after its signature, lengths adjusted.
	long := append([]byte{0, byte(len(v1) - 1), 0, byte(len(v1) - 3)}, append(v1[4:], 0)...)
	tests := map[string][]byte{
		"nil":                     nil,
		"empty list":              {0, 0},
		"zero-length SCT":         {0, 2, 0, 0},
		"trailing byte":           append(append([]byte{}, good...), 0),
		"list length too long":    append([]byte{0xff, 0xff}, good[2:]...),
		"SCT with trailing bytes": long,
		"truncated SCT":           {0, 3, 0, 1, 0},
	}
	for name, in := range tests {
		_, err := ParseSCTList(in)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.What != "sct_list" {
			t.Errorf("%s: err = %v, want an sct_list *ParseError", name, err)
		}
	}
}

// No strict prefix of a list parses.
func TestSCTListNoStrictPrefix(t *testing.T) {
	for _, list := range [][]byte{
		buildSCTList(sampleSCTs()...),
		buildSCTList(testSCT{version: 1, body: []byte{9, 9}}),
	} {
		for i := range list {
			if _, err := ParseSCTList(list[:i]); err == nil {
				t.Fatalf("prefix of %d/%d bytes parsed", i, len(list))
			}
		}
	}
}

func TestSCTJSON(t *testing.T) {
	scts, err := ParseSCTList(buildSCTList(sampleSCTs()...))
	if err != nil {
		t.Fatal(err)
	}
	scts[0].Source = SCTFromTLSExtension
	data, err := json.Marshal(scts[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"source":"tls_extension"`, `"version":0`, `"log_id":"AAECAwQF`, `"log_id_hex":"000102`,
		`"timestamp":"2026-06-01T12:00:00Z"`, `"hash_algorithm":"sha256"`, `"signature_algorithm":"ecdsa"`} {
		if !strings.Contains(string(data), k) {
			t.Errorf("JSON lacks %s: %s", k, data)
		}
	}
}
