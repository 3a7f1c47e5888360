package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A configuration file (--config FILE) holds what the command line would:
// a YAML mapping whose keys are the flags' names, without dashes, and
// "targets", the list of targets. Its flags come before the command
// line's, so that a flag given there overrides the file's value, or adds
// to its list (f, exclude, scope, ca-file); its targets come first.
//
//	format: json
//	depth: compliance
//	f: [/etc/cryptoscan/targets.txt]
//	targets: [example.fr, ssh://bastion.example.fr]
//	ca-jurisdiction: /etc/cryptoscan/ca-jurisdiction.yaml
//	syslog: relp://siem.example.fr:2514

// listFlags are the flags that may be given several times.
var listFlags = []string{"f", "exclude", "scope", "ca-file"}

// maxConfigSize bounds what is read of a configuration file.
const maxConfigSize = 1 << 20

// withConfig takes --config FILE out of args (before "--"; once at most)
// and returns the arguments to parse: the file's flags, then the rest of
// args; and the file's targets.
func withConfig(fs *flag.FlagSet, args []string) (parse, targets []string, err error) {
	file, rest, err := takeConfigFlag(args)
	if err != nil || file == "" {
		return rest, nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, &usageError{fmt.Errorf("--config: %w", err), "give the path of a YAML configuration file"}
	}
	defer f.Close()
	var buf bytes.Buffer
	if n, err := buf.ReadFrom(io.LimitReader(f, maxConfigSize+1)); err != nil {
		return nil, nil, &usageError{fmt.Errorf("--config %s: %w", file, err), "give the path of a YAML configuration file"}
	} else if n > maxConfigSize {
		return nil, nil, &usageError{fmt.Errorf("--config %s: larger than %d bytes", file, maxConfigSize), "a configuration file holds flags and targets, not data"}
	}
	flags, targets, err := configArgs(fs, buf.Bytes())
	if err != nil {
		return nil, nil, &usageError{fmt.Errorf("--config %s: %w", file, err),
			"keys are the flags' names without dashes (cryptoscan -h) and targets; lists only for targets, " + strings.Join(listFlags, ", ")}
	}
	return append(flags, rest...), targets, nil
}

// takeConfigFlag finds --config FILE (or -config, --config=FILE) among
// the flags of args, and returns the file and args without it.
func takeConfigFlag(args []string) (file string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return "", nil, &usageError{errors.New("--config needs a file"), "give the path of a YAML configuration file"}
			}
			i++
			value = args[i]
		}
		if value == "" {
			return "", nil, &usageError{errors.New("--config needs a file"), "give the path of a YAML configuration file"}
		}
		if file != "" {
			return "", nil, &usageError{errors.New("--config given twice"), "give one configuration file"}
		}
		file = value
	}
	return file, rest, nil
}

// configArgs reads a configuration file's YAML into command-line flags
// and targets, keys in the file's order.
func configArgs(fs *flag.FlagSet, data []byte) (flags, targets []string, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil, nil // an empty file
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("line %d: not a mapping of flags", m.Line)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if seen[key] {
			return nil, nil, fmt.Errorf("line %d: %s given twice", k.Line, key)
		}
		seen[key] = true
		values, err := scalars(v)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %s: %w", v.Line, key, err)
		}
		switch def := fs.Lookup(key); {
		case key == "targets":
			targets = append(targets, values...)
			continue
		case key == "config":
			return nil, nil, fmt.Errorf("line %d: a configuration file cannot name another", k.Line)
		case def == nil:
			return nil, nil, fmt.Errorf("line %d: no flag %q", k.Line, key)
		case len(values) != 1 && !slices.Contains(listFlags, key):
			return nil, nil, fmt.Errorf("line %d: %s takes one value, not %d", v.Line, key, len(values))
		}
		for _, val := range values {
			flags = append(flags, "--"+key+"="+val)
		}
	}
	return flags, targets, nil
}

// scalars reads a YAML value: a scalar, or a sequence of scalars.
func scalars(v *yaml.Node) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, errors.New("no value")
		}
		return []string{v.Value}, nil
	case yaml.SequenceNode:
		var out []string
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
				return nil, fmt.Errorf("line %d: a list of values, not of %s", e.Line, kindName(e))
			}
			out = append(out, e.Value)
		}
		return out, nil
	}
	return nil, fmt.Errorf("a value or a list of values, not %s", kindName(v))
}

func kindName(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if v.Tag == "!!null" {
		return "null"
	}
	return "a value " + strconv.Quote(v.Value)
}
