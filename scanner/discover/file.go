package discover

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxLine is the longest line a targets file may have.
const maxLine = 4096

// maxFileErrors is how many bad lines ReadTargets reports one by one
// before summing up the rest.
const maxFileErrors = 20

// ReadTargetsFile reads the targets file at path, or stdin when path is
// "-" (see ReadTargets).
func ReadTargetsFile(path string, stdin io.Reader) ([]Input, error) {
	if path == "-" {
		return ReadTargets(stdin, "-")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, hintedError{
			fmt.Errorf("cannot read the targets file: %w", err),
			"give -f a readable file, or - for stdin",
		}
	}
	defer f.Close()
	return ReadTargets(f, path)
}

// ReadTargets reads a targets file: one target per line in any form
// ParseTarget reads, blank lines and comments ignored. A comment starts
// with "#" at the start of a line or after a space or tab. name names the
// file in each Input's Origin ("file NAME:LINE") and in errors ("NAME:LINE:
// target ..."); the name "-" means stdin ("stdin:LINE").
//
// Every bad line is reported, up to 20, as a *TargetError joined in the
// returned error (errors.Join), with the inputs of the good lines; a read
// error ends the list.
func ReadTargets(r io.Reader, name string) ([]Input, error) {
	origin := func(line int) string {
		if name == "-" {
			return fmt.Sprintf("stdin:%d", line)
		}
		return fmt.Sprintf("file %s:%d", name, line)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), maxLine)
	var inputs []Input
	var errs []error
	bad := 0
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		text = stripComment(text)
		if text == "" {
			continue
		}
		in, err := parseTarget(text, origin(line))
		if err != nil {
			if bad++; bad <= maxFileErrors {
				errs = append(errs, err)
			}
			continue
		}
		inputs = append(inputs, in)
	}
	if bad > maxFileErrors {
		errs = append(errs, fmt.Errorf("%s: %d more bad lines", displayName(name), bad-maxFileErrors))
	}
	if err := sc.Err(); err != nil {
		loc := displayName(name) + fmt.Sprintf(":%d", line+1)
		if errors.Is(err, bufio.ErrTooLong) {
			err = hintedError{
				fmt.Errorf("%s: line longer than %d bytes", loc, maxLine),
				"a targets file holds one target per line",
			}
		} else {
			err = fmt.Errorf("cannot read the targets file %s: %w", displayName(name), err)
		}
		errs = append(errs, err)
	}
	return inputs, errors.Join(errs...)
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

// stripComment removes a comment and surrounding white space.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			s = s[:i]
			break
		}
	}
	return strings.TrimSpace(s)
}

// Hint returns the hint an error of this package carries for the user, or
// "" when it has none.
func Hint(err error) string {
	var te *TargetError
	if errors.As(err, &te) {
		return te.Hint
	}
	var he hintedError
	if errors.As(err, &he) {
		return he.hint
	}
	return ""
}
