package discover

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzParseTarget feeds the target parser what a targets file may hold:
// a parsed target is well formed and reads back the same from its
// canonical form; a refused one is a *TargetError with a hint.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{
		"example.fr", "Example.FR.", "example.fr:8443", "example.fr:443,8443,2525/smtp", "mx.example.fr:25/tls",
		"192.0.2.10", "192.0.2.10:993", "2001:db8::1", "[2001:db8::1]:443,8443", "[::ffff:192.0.2.10]:443",
		"192.0.2.0/28", "192.0.2.0/28:443,8443", "2001:db8::/120", "[2001:db8::/120]:443",
		"https://example.fr:8443/path?q=1#f", "smtp://mx.example.fr", "postgresql://u:p@db.example.fr:6432/app",
		"https://[2001:db8::1]:444/", "https://[fe80::1%25eth0]/", "http://example.fr/", "[2001:db8::1", "fe80::1%eth0",
		"192.0.2.300", "exämple.fr", "example.fr:99999", "example.fr:", ":443", "2001:db8::/120:443", "[192.0.2.0/28]:443",
		"  example.fr  # comment", "#only a comment", "\uFEFFexample.fr\r",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ParseTarget(s)
		if err != nil {
			var te *TargetError
			if !errors.As(err, &te) || te.Text != s || te.Hint == "" {
				t.Fatalf("ParseTarget(%q): %#v is not a TargetError with a hint", s, err)
			}
			if !strings.HasPrefix(err.Error(), "target ") {
				t.Fatalf("ParseTarget(%q): error %q", s, err)
			}
		} else {
			checkInput(t, s, in)
		}

		// The same text as a file, whatever its lines.
		inputs, _ := ReadTargets(strings.NewReader(s), "fuzz.txt")
		if n := strings.Count(s, "\n") + 1; len(inputs) > n {
			t.Fatalf("%d inputs from %d lines", len(inputs), n)
		}
		for _, in := range inputs {
			if !strings.HasPrefix(in.Origin, "file fuzz.txt:") {
				t.Fatalf("origin %q", in.Origin)
			}
			checkInput(t, in.Text, in)
		}
	})
}

func checkInput(t *testing.T, s string, in Input) {
	t.Helper()
	kinds := 0
	if in.Name != "" {
		kinds++
		if n, err := ParseHostName(in.Name); err != nil || n != in.Name {
			t.Fatalf("%q: name %q is not canonical", s, in.Name)
		}
	}
	if in.Addr.IsValid() {
		kinds++
		if in.Addr.Zone() != "" || in.Addr.Is4In6() || scannable(in.Addr) != nil {
			t.Fatalf("%q: address %v", s, in.Addr)
		}
	}
	if in.Prefix.IsValid() {
		kinds++
		if in.Prefix != in.Prefix.Masked() || in.Prefix.Addr().Is4In6() {
			t.Fatalf("%q: range %v", s, in.Prefix)
		}
	}
	if kinds != 1 {
		t.Fatalf("%q: %+v has %d of name, address and range", s, in, kinds)
	}
	if in.Ports != nil && len(in.Ports) == 0 {
		t.Fatalf("%q: empty port list", s)
	}
	var ports []string
	for _, p := range in.Ports {
		if p.Number == 0 || !slices.Contains(Protocols, p.Protocol) {
			t.Fatalf("%q: port %+v", s, p)
		}
		ports = append(ports, p.String())
	}

	// The canonical form reads back the same.
	var c string
	switch {
	case in.Name != "":
		c = in.Name
	case in.Addr.IsValid():
		c = in.Addr.String()
	default:
		c = in.Prefix.String()
	}
	if len(ports) > 0 {
		if strings.Contains(c, ":") {
			c = "[" + c + "]"
		}
		c += ":" + strings.Join(ports, ",")
	}
	back, err := ParseTarget(c)
	if err != nil {
		t.Fatalf("%q: canonical form %q: %v", s, c, err)
	}
	if back.Name != in.Name || back.Addr != in.Addr || back.Prefix != in.Prefix || !slices.Equal(back.Ports, in.Ports) {
		t.Fatalf("%q: canonical form %q reads %+v, not %+v", s, c, back, in)
	}
}
