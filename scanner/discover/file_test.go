package discover

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// originsAndTexts sums inputs up as "ORIGIN TEXT" lines.
func originsAndTexts(inputs []Input) []string {
	var out []string
	for _, in := range inputs {
		out = append(out, in.Origin+" "+in.Text)
	}
	return out
}

// joinedErrors lists the messages of a (possibly joined) error.
func joinedErrors(err error) []string {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

func TestReadTargets(t *testing.T) {
	const file = "\uFEFF# production endpoints\n" +
		"example.fr\n" +
		"\n" +
		"   \t\n" +
		"  mail.example.fr:25   # the MX\r\n" +
		"https://example.fr/#fragment\n" +
		"\t192.0.2.0/30:443,8443\n" +
		"#192.0.2.99\n" +
		"[2001:db8::1]:443\n"
	inputs, err := ReadTargets(strings.NewReader(file), "targets.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"file targets.txt:2 example.fr",
		"file targets.txt:5 mail.example.fr:25",
		"file targets.txt:6 https://example.fr/#fragment",
		"file targets.txt:7 192.0.2.0/30:443,8443",
		"file targets.txt:9 [2001:db8::1]:443",
	}
	if got := originsAndTexts(inputs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("inputs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if inputs[1].Ports[0] != (Port{25, ProtocolSMTP}) {
		t.Errorf("mail.example.fr:25 = %v, want SMTP on 25", inputs[1].Ports)
	}
}

func TestReadTargetsErrors(t *testing.T) {
	const file = "example.fr\n" +
		"example.fr:99999\n" +
		"# fine\n" +
		"http://example.fr/\n" +
		"two targets.fr\n" +
		"192.0.2.10\n"
	inputs, err := ReadTargets(strings.NewReader(file), "targets.txt")
	want := []string{
		`targets.txt:2: target "example.fr:99999": port "99999" is not a number from 1 to 65535`,
		`targets.txt:4: target "http://example.fr/": unsupported URL scheme "http"`,
		`targets.txt:5: target "two targets.fr": invalid character ' ' in host name`,
	}
	if got := joinedErrors(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var te *TargetError
	if !errors.As(err, &te) || te.Origin != "file targets.txt:2" {
		t.Errorf("first error %#v is not the TargetError of line 2", te)
	}
	if h := Hint(err); h != TargetsHint {
		t.Errorf("hint %q, want TargetsHint", h)
	}
	if got := originsAndTexts(inputs); len(got) != 2 || got[0] != "file targets.txt:1 example.fr" || got[1] != "file targets.txt:6 192.0.2.10" {
		t.Errorf("good lines = %q, want lines 1 and 6", got)
	}
}

func TestReadTargetsManyErrors(t *testing.T) {
	file := strings.Repeat("bad target\n", 25)
	_, err := ReadTargets(strings.NewReader(file), "junk.txt")
	got := joinedErrors(err)
	if len(got) != maxFileErrors+1 {
		t.Fatalf("%d errors, want %d and a summary", len(got), maxFileErrors)
	}
	if got[0] != `junk.txt:1: target "bad target": invalid character ' ' in host name` {
		t.Errorf("first error %q", got[0])
	}
	if last := got[len(got)-1]; last != "junk.txt: 5 more bad lines" {
		t.Errorf("summary %q", last)
	}
}

func TestReadTargetsLongLine(t *testing.T) {
	file := "example.fr\n" + strings.Repeat("a", maxLine+1) + "\nexample.com\n"
	inputs, err := ReadTargets(strings.NewReader(file), "big.txt")
	if err == nil || err.Error() != "big.txt:2: line longer than 4096 bytes" {
		t.Errorf("error = %v, want line 2 too long", err)
	}
	if Hint(err) == "" {
		t.Error("no hint")
	}
	if len(inputs) != 1 {
		t.Errorf("inputs = %v, want the line before", originsAndTexts(inputs))
	}
}

func TestReadTargetsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "targets.txt")
	if err := os.WriteFile(path, []byte("example.fr\nbad:0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, err := ReadTargetsFile(path, strings.NewReader("not read"))
	if got := originsAndTexts(inputs); len(got) != 1 || got[0] != "file "+path+":1 example.fr" {
		t.Errorf("inputs = %q", got)
	}
	if err == nil || err.Error() != path+`:2: target "bad:0": port "0" is not a number from 1 to 65535` {
		t.Errorf("error = %v", err)
	}

	// "-" is stdin.
	inputs, err = ReadTargetsFile("-", strings.NewReader("# from a pipe\n192.0.2.1\nexample.fr:\n"))
	if got := originsAndTexts(inputs); len(got) != 1 || got[0] != "stdin:2 192.0.2.1" {
		t.Errorf("stdin inputs = %q", got)
	}
	if err == nil || err.Error() != `stdin:3: target "example.fr:": empty port` {
		t.Errorf("stdin error = %v", err)
	}

	_, err = ReadTargetsFile(filepath.Join(dir, "missing.txt"), nil)
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "cannot read the targets file: open ") || Hint(err) == "" {
		t.Errorf("missing file: %v (hint %q)", err, Hint(err))
	}
}
