package rules

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/rules/internal/yamlentries"
)

// A waiver file accepts known fail or degraded findings until a date, each
// with the reason an auditor will read in the finding:
//
//	waivers:
//	  - rule: ANSSI-TLS-R4
//	    host: www.example.fr      # optional: every host when absent
//	    port: 443                 # optional: every port when absent
//	    expires: 2027-03-31       # the waiver covers findings until the end of that day (UTC), or an RFC 3339 time
//	    reason: TLS 1.0 kept for the old payment terminals until their replacement (CHG-1234)
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
	entries, err := yamlentries.Read(name, data, "waivers", waiverFields, "")
	if err != nil {
		return nil, nil, err
	}
	var out []Waiver
	var warnings []string
	seen := map[string]int{} // rule host port -> line
	for _, e := range entries {
		w, err := parseWaiver(e)
		if err != nil {
			return nil, nil, err
		}
		key := fmt.Sprintf("%s %s %d", w.RuleID, w.Host, w.Port)
		if first, dup := seen[key]; dup {
			return nil, nil, e.Errorf(e.Line, "waives %s for the same host and port as the entry at line %d", w.RuleID, first)
		}
		seen[key] = e.Line
		if !now.Before(w.Expires) {
			warnings = append(warnings, fmt.Sprintf("%s: the waiver of %s expired on %s and covers nothing", w.Source, w.RuleID, w.Expires.Format(time.RFC3339)))
		}
		out = append(out, w)
	}
	return out, warnings, nil
}

func parseWaiver(e yamlentries.Entry) (Waiver, error) {
	errf, line := e.Errorf, e.LineOf
	w := Waiver{RuleID: e.Get("rule"), Host: strings.ToLower(strings.TrimSuffix(e.Get("host"), ".")), Reason: e.Get("reason"), Source: fmt.Sprintf("%s:%d", e.File, e.Line)}
	switch {
	case w.RuleID == "":
		return Waiver{}, errf(line("rule"), "rule is required (a rule ID such as ANSSI-TLS-R4; cryptoscan rules lists them)")
	case !ValidID(w.RuleID):
		return Waiver{}, errf(line("rule"), "%q is not a rule ID (such as ANSSI-TLS-R4 or ZLINT-e_some_lint)", w.RuleID)
	}
	if _, ok := ByID(w.RuleID); !ok && !strings.HasPrefix(w.RuleID, "ZLINT-") {
		return Waiver{}, errf(line("rule"), "no rule %s in the catalogue (cryptoscan rules lists them)", w.RuleID)
	}
	if w.Reason == "" {
		return Waiver{}, errf(line("reason"), "reason is required: it is shown in every finding the waiver covers")
	}
	if p, ok := e.Value("port"); ok {
		port, err := strconv.ParseUint(p, 10, 16)
		if err != nil || port == 0 {
			return Waiver{}, errf(line("port"), "port %q is not a TCP port (1 to 65535)", p)
		}
		w.Port = uint16(port)
	}
	exp, ok := e.Value("expires")
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
