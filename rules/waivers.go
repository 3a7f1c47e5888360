package rules

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// A waiver file accepts known fail or degraded findings until a date, each
// with the reason an auditor will read in the finding:
//
//	waivers:
//	  - rule: ANSSI-TLS-R16
//	    host: www.example.fr      # optional: every host when absent
//	    port: 443                 # optional: every port when absent
//	    expires: 2027-03-31       # the waiver covers findings until the end of that day (UTC), or an RFC 3339 time
//	    reason: OpenSSL echoes max_fragment_length; upgrade planned in CHG-1234
//
// A waiver never covers pass, warn, info or incomplete: an unknown fact is
// not waived away.

var waiverFields = []string{"rule", "host", "port", "expires", "reason"}

// maxWaiverFile bounds what LoadWaivers reads.
const maxWaiverFile = 4 << 20

// LoadWaiverFile reads the waivers of the YAML file at path (see
// LoadWaivers).
func LoadWaiverFile(path string, now time.Time) ([]Waiver, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read waivers: %w", err)
	}
	defer f.Close()
	return LoadWaivers(path, f, now)
}

// LoadWaivers parses a waiver file; name is used in errors and in each
// waiver's Source. Every entry must name a rule of the catalogue (or a
// zlint lint, ZLINT-<name>), an expiry and a reason; unknown fields,
// duplicates and malformed values are errors naming the line. Waivers
// already expired at now are kept (they cover nothing) and reported in
// the warnings.
func LoadWaivers(name string, r io.Reader, now time.Time) ([]Waiver, []string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxWaiverFile+1))
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read waivers %s: %w", name, err)
	}
	if len(data) > maxWaiverFile {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", name, maxWaiverFile)
	}
	errf := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil, nil // an empty file waives nothing
		}
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, nil, errf(extra.Line, "only one YAML document is allowed")
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil, errf(top.Line, "expected a mapping with the key \"waivers\"")
	}
	var list *yaml.Node
	for i := 0; i < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "waivers" {
			return nil, nil, errf(k.Line, "unknown field %q (the only top-level field is \"waivers\")", k.Value)
		}
		if list != nil {
			return nil, nil, errf(k.Line, "\"waivers\" given twice")
		}
		list = v
	}
	if list == nil || list.Tag == "!!null" {
		return nil, nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, nil, errf(list.Line, "\"waivers\" must be a list of entries")
	}
	var out []Waiver
	var warnings []string
	seen := map[string]int{} // rule host port -> line
	for i, item := range list.Content {
		w, err := parseWaiver(name, i+1, item)
		if err != nil {
			return nil, nil, err
		}
		key := fmt.Sprintf("%s %s %d", w.RuleID, w.Host, w.Port)
		if first, dup := seen[key]; dup {
			return nil, nil, errf(item.Line, "entry %d: waives %s for the same host and port as the entry at line %d", i+1, w.RuleID, first)
		}
		seen[key] = item.Line
		if !now.Before(w.Expires) {
			warnings = append(warnings, fmt.Sprintf("%s: the waiver of %s expired on %s and covers nothing", w.Source, w.RuleID, w.Expires.Format(time.RFC3339)))
		}
		out = append(out, w)
	}
	return out, warnings, nil
}

func parseWaiver(file string, n int, item *yaml.Node) (Waiver, error) {
	errf := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: entry %d: %s", file, line, n, fmt.Sprintf(format, args...))
	}
	if item.Kind != yaml.MappingNode {
		return Waiver{}, errf(item.Line, "expected a mapping with the fields %s", strings.Join(waiverFields, ", "))
	}
	vals := map[string]string{}
	lines := map[string]int{}
	for i := 0; i < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		if first, dup := lines[k.Value]; dup {
			return Waiver{}, errf(k.Line, "%s given twice (first at line %d)", k.Value, first)
		}
		if !slices.Contains(waiverFields, k.Value) {
			return Waiver{}, errf(k.Line, "unknown field %q (known fields: %s)", k.Value, strings.Join(waiverFields, ", "))
		}
		if v.Kind != yaml.ScalarNode {
			return Waiver{}, errf(v.Line, "%s must be a single value", k.Value)
		}
		vals[k.Value] = strings.TrimSpace(v.Value)
		lines[k.Value] = v.Line
	}
	line := func(field string) int {
		if l, ok := lines[field]; ok {
			return l
		}
		return item.Line
	}
	w := Waiver{RuleID: vals["rule"], Host: strings.ToLower(strings.TrimSuffix(vals["host"], ".")), Reason: vals["reason"], Source: fmt.Sprintf("%s:%d", file, item.Line)}
	switch {
	case w.RuleID == "":
		return Waiver{}, errf(line("rule"), "rule is required (a rule ID such as ANSSI-TLS-R16; cryptoscan rules lists them)")
	case !ValidID(w.RuleID):
		return Waiver{}, errf(line("rule"), "%q is not a rule ID (such as ANSSI-TLS-R16 or ZLINT-e_some_lint)", w.RuleID)
	}
	if _, ok := ByID(w.RuleID); !ok && !strings.HasPrefix(w.RuleID, "ZLINT-") {
		return Waiver{}, errf(line("rule"), "no rule %s in the catalogue (cryptoscan rules lists them)", w.RuleID)
	}
	if w.Reason == "" {
		return Waiver{}, errf(line("reason"), "reason is required: it is shown in every finding the waiver covers")
	}
	if p, ok := vals["port"]; ok {
		port, err := strconv.ParseUint(p, 10, 16)
		if err != nil || port == 0 {
			return Waiver{}, errf(line("port"), "port %q is not a TCP port (1 to 65535)", p)
		}
		w.Port = uint16(port)
	}
	exp, ok := vals["expires"]
	if !ok || exp == "" {
		return Waiver{}, errf(line("expires"), "expires is required (a date such as 2027-03-31): a waiver without an end is an exception nobody reviews")
	}
	if d, err := time.Parse(time.DateOnly, exp); err == nil {
		w.Expires = d.AddDate(0, 0, 1) // through the end of that day, UTC
	} else if t, err := time.Parse(time.RFC3339, exp); err == nil {
		w.Expires = t.UTC()
	} else {
		return Waiver{}, errf(line("expires"), "expires %q is neither a date (2027-03-31) nor an RFC 3339 time", exp)
	}
	return w, nil
}
