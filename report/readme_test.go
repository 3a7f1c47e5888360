package report

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEHasTheECSMapping: the README's "ECS mapping" section is
// MAPPING.md (which ecs_test.go keeps equal to the code), headings one
// level down.
func TestREADMEHasTheECSMapping(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	mapping, err := os.ReadFile("testdata/ecs/MAPPING.md")
	if err != nil {
		t.Fatal(err)
	}
	const open, end = "<!-- ecs-mapping: generated from report/testdata/ecs/MAPPING.md; a test keeps them equal -->\n", "<!-- /ecs-mapping -->"
	_, rest, ok := strings.Cut(string(readme), open)
	section, _, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatal("README has no ECS mapping section")
	}
	_, body, _ := strings.Cut(string(mapping), "\n") // without its title
	body = strings.TrimLeft(body, "\n")
	body = strings.ReplaceAll(body, "\n## ", "\n### ")
	if strings.HasPrefix(body, "## ") {
		body = "#" + body
	}
	if strings.TrimSpace(section) != strings.TrimSpace(body) {
		t.Error("README's ECS mapping differs from report/testdata/ecs/MAPPING.md: copy it again (headings one level down)")
	}
}
