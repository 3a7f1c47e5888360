// Package yamlentries reads the small YAML files users give cryptoscan
// (--ca-jurisdiction, --waivers): one document, one top-level key holding
// a list of flat entries, each field a single value. Errors name the file,
// the line and the entry, so that a user can fix the file without reading
// code.
package yamlentries

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Entry is one entry of the list: its fields, and where each was written.
type Entry struct {
	File  string
	N     int    // position in the list, from 1
	Line  int    // the entry's first line
	Label string // "entry 3", or "entry 3 (its label field)"
	vals  map[string]string
	lines map[string]int
}

// Value returns a field's value, trimmed, and whether the field was given.
func (e Entry) Value(field string) (string, bool) {
	v, ok := e.vals[field]
	return v, ok
}

// Get returns a field's value, trimmed; "" when not given.
func (e Entry) Get(field string) string { return e.vals[field] }

// LineOf is the line of a field, the entry's line when it was not given.
func (e Entry) LineOf(field string) int {
	if l, ok := e.lines[field]; ok {
		return l
	}
	return e.Line
}

// Errorf is an error about the entry at line: "file:line: entry N: ...".
func (e Entry) Errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s: %s", e.File, line, e.Label, fmt.Sprintf(format, args...))
}

// Read parses data, a file named file: a mapping whose only key is list,
// holding a sequence of mappings whose keys are among fields and whose
// values are scalars. labelField, when not empty, names each entry in
// errors. An empty file, or an empty list, has no entry.
func Read(file string, data []byte, list string, fields []string, labelField string) ([]Entry, error) {
	errf := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...))
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, errf(extra.Line, "only one YAML document is allowed")
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, errf(top.Line, "expected a mapping with the key %q", list)
	}
	var items *yaml.Node
	for i := 0; i < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != list {
			return nil, errf(k.Line, "unknown field %q (the only top-level field is %q)", k.Value, list)
		}
		if items != nil {
			return nil, errf(k.Line, "%q given twice", list)
		}
		items = v
	}
	if items == nil || items.Tag == "!!null" {
		return nil, nil
	}
	if items.Kind != yaml.SequenceNode {
		return nil, errf(items.Line, "%q must be a list of entries", list)
	}
	out := make([]Entry, 0, len(items.Content))
	for i, item := range items.Content {
		e := Entry{File: file, N: i + 1, Line: item.Line, Label: fmt.Sprintf("entry %d", i+1), vals: map[string]string{}, lines: map[string]int{}}
		if item.Kind != yaml.MappingNode {
			return nil, e.Errorf(item.Line, "expected a mapping with the fields %s", strings.Join(fields, ", "))
		}
		for j := 0; j < len(item.Content); j += 2 {
			if k, v := item.Content[j], item.Content[j+1]; labelField != "" && k.Value == labelField && v.Kind == yaml.ScalarNode && v.Value != "" {
				e.Label = fmt.Sprintf("entry %d (%s)", i+1, v.Value)
				break
			}
		}
		for j := 0; j < len(item.Content); j += 2 {
			k, v := item.Content[j], item.Content[j+1]
			if first, dup := e.lines[k.Value]; dup {
				return nil, e.Errorf(k.Line, "%s given twice (first at line %d)", k.Value, first)
			}
			if !slices.Contains(fields, k.Value) {
				return nil, e.Errorf(k.Line, "unknown field %q (known fields: %s)", k.Value, strings.Join(fields, ", "))
			}
			if v.Kind != yaml.ScalarNode {
				return nil, e.Errorf(v.Line, "%s must be a single value", k.Value)
			}
			e.vals[k.Value] = strings.TrimSpace(v.Value)
			e.lines[k.Value] = v.Line
		}
		out = append(out, e)
	}
	return out, nil
}
