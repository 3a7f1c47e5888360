package main

import (
	"bufio"
	"crypto/tls"
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// No Docker engine runs where the tests run, so the container image is
// checked piece by piece: the Dockerfile says what the image is, the
// binary is built the way its build stage builds it, and that binary runs
// the way the runtime stage runs it (alone in an empty root, as user
// 65532).

// dockerfile is the parsed Dockerfile: its stages' FROM lines and, for the
// last stage, USER, ENTRYPOINT and the build stage's go build line.
type dockerfile struct {
	froms      []string
	user       string
	entrypoint []string
	build      string
}

func readDockerfile(t *testing.T) dockerfile {
	t.Helper()
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	// Join continuation lines, drop comments.
	text := regexp.MustCompile(`\\\n\s*`).ReplaceAllString(string(data), " ")
	var d dockerfile
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		instr, rest, _ := strings.Cut(line, " ")
		switch strings.ToUpper(instr) {
		case "FROM":
			d.froms = append(d.froms, rest)
			d.user, d.entrypoint = "", nil
		case "USER":
			d.user = strings.TrimSpace(rest)
		case "ENTRYPOINT":
			if err := json.Unmarshal([]byte(rest), &d.entrypoint); err != nil {
				t.Fatalf("ENTRYPOINT %s: not the exec form: %v", rest, err)
			}
		case "RUN":
			if strings.Contains(rest, "go build") {
				d.build = rest
			}
		}
	}
	return d
}

func TestDockerfileShape(t *testing.T) {
	d := readDockerfile(t)
	if len(d.froms) < 2 {
		t.Fatalf("stages %q: want a build stage and a runtime stage", d.froms)
	}
	if last := d.froms[len(d.froms)-1]; last != "scratch" {
		t.Errorf("runtime stage FROM %q, want scratch (no shell, no package manager)", last)
	}
	uid, _, _ := strings.Cut(d.user, ":")
	if n, err := strconv.Atoi(uid); err != nil || n == 0 {
		t.Errorf("runtime USER %q, want a numeric non-root id", d.user)
	}
	if len(d.entrypoint) != 1 || d.entrypoint[0] != "/cryptoscan" {
		t.Errorf("ENTRYPOINT %q, want [\"/cryptoscan\"]", d.entrypoint)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/cryptoscan", "-o /out/cryptoscan"} {
		if !strings.Contains(d.build, want) {
			t.Errorf("build stage's go build %q lacks %s", d.build, want)
		}
	}
}

// TestDockerignoreKeepsEmbeddedFiles: every file a package embeds must
// reach the build stage, or the image does not build.
func TestDockerignoreKeepsEmbeddedFiles(t *testing.T) {
	data, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" && !strings.HasPrefix(p, "#") {
			patterns = append(patterns, p)
		}
	}
	out, err := exec.Command("go", "list", "-f", `{{$d := .Dir}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}`, "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for f := range strings.Lines(string(out)) {
		rel, err := filepath.Rel(root, strings.TrimSpace(f))
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, p := range patterns {
			if dockerIgnored(p, filepath.ToSlash(rel)) {
				t.Errorf("%s is embedded but .dockerignore drops it (%s)", rel, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no embedded file found: the go list template is wrong")
	}
}

// dockerIgnored reports whether .dockerignore pattern p drops file (or a
// directory above it). "**" matches any number of directories.
func dockerIgnored(p, file string) bool {
	parts := strings.Split(file, "/")
	for i := 1; i <= len(parts); i++ {
		prefix := strings.Join(parts[:i], "/")
		if globMatch(strings.Split(p, "/"), strings.Split(prefix, "/")) {
			return true
		}
	}
	return false
}

func globMatch(pat, name []string) bool {
	switch {
	case len(pat) == 0:
		return len(name) == 0
	case pat[0] == "**":
		for i := 0; i <= len(name); i++ {
			if globMatch(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	case len(name) == 0:
		return false
	}
	ok, _ := path.Match(pat[0], name[0])
	return ok && globMatch(pat[1:], name[1:])
}

// TestImageBinary builds the binary as the build stage does, checks that it
// is static, and runs a scan with it alone in an empty root as user 65532,
// as the runtime stage does.
func TestImageBinary(t *testing.T) {
	d := readDockerfile(t)
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root := t.TempDir()
	bin := filepath.Join(root, "cryptoscan")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=image-test", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("binary has a %v segment: not static, it would not run on scratch", p.Type)
		}
	}
	f.Close()

	if os.Geteuid() != 0 {
		if os.Getenv("CRYPTOSCAN_REQUIRE_PEERS") == "1" {
			t.Fatal("running in an empty root needs root (chroot); CI runs as root")
		}
		t.Skip("running in an empty root needs root (chroot)")
	}
	uid, _, _ := strings.Cut(d.user, ":")
	id, err := strconv.Atoi(uid)
	if err != nil {
		t.Fatalf("USER %q: %v", d.user, err)
	}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	cert, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := startTLSServer(&tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	run := exec.Command("/cryptoscan", "--format", "json", "--fail-on", "none", srv.ln.Addr().String())
	run.Dir = "/"
	run.Env = []string{} // scratch has no environment but what the image sets
	run.SysProcAttr = &syscall.SysProcAttr{
		Chroot:     root,
		Credential: &syscall.Credential{Uid: uint32(id), Gid: uint32(id)},
	}
	out, err := run.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == exitIncomplete {
		err = nil // a fact left unknown is not the image's fault
	}
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("scan in an empty root as %d: %v\n%s", id, err, stderr)
	}
	var ev struct {
		Event string `json:"event"`
		TLS   struct {
			Versions []struct{ Version, Status string } `json:"versions"`
		} `json:"tls"`
	}
	for line := range strings.Lines(string(out)) {
		if strings.Contains(line, `"event":"endpoint"`) {
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatalf("output %q: %v", line, err)
			}
		}
	}
	supported := false
	for _, v := range ev.TLS.Versions {
		supported = supported || (v.Version == "TLSv1.3" && v.Status == "supported")
	}
	if ev.Event != "endpoint" || !supported {
		t.Errorf("scan in an empty root: %s", out)
	}
}

func TestDockerIgnored(t *testing.T) {
	for _, c := range []struct {
		pattern, file string
		want          bool
	}{
		{"**/testdata", "rules/jurisdiction/testdata/isrg.pem", true},
		{"**/testdata", "testdata/x", true},
		{"**/testdata", "report/schema/events.schema.json", false},
		{"*.md", "README.md", true},
		{"*.md", "rules/jurisdiction/data/README.md", false},
		{"**/*_test.go", "scanner/tlsprobe/fake_test.go", true},
		{".tmp", ".tmp/ov.sh", true},
		{"bin", "rules/bin.go", false},
	} {
		if got := dockerIgnored(c.pattern, c.file); got != c.want {
			t.Errorf("dockerIgnored(%q, %q) = %v, want %v", c.pattern, c.file, got, c.want)
		}
	}
}
