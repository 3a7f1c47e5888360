package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestConfigREADME: the configuration file README shows is one this
// binary reads, to the options it says.
func TestConfigREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "A configuration file (`--config FILE`")
	if !ok {
		t.Fatal("README has no configuration file paragraph")
	}
	// The example is the first indented block after the paragraph.
	var yaml []string
	for line := range strings.Lines(after) {
		if !strings.HasPrefix(line, "    ") {
			if len(yaml) > 0 {
				break
			}
			continue
		}
		yaml = append(yaml, strings.TrimPrefix(line, "    "))
	}
	file := filepath.Join(t.TempDir(), "cryptoscan.yaml")
	if err := os.WriteFile(file, []byte(strings.Join(yaml, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := parseFlags([]string{"--config", file, "--depth", "inventory", "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	if o.format != "json" || o.depth.String() != "inventory" || !slices.Equal(o.files, []string{"/etc/cryptoscan/targets.txt"}) ||
		!slices.Equal(o.targets, []string{"example.fr", "ssh://bastion.example.fr", "192.0.2.1"}) ||
		o.grade.caJurisdiction != "/etc/cryptoscan/ca-jurisdiction.yaml" {
		t.Errorf("README's configuration read as format %q depth %s files %q targets %q ca-jurisdiction %q",
			o.format, o.depth, o.files, o.targets, o.grade.caJurisdiction)
	}
}
