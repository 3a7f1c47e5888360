// Package rules grades what the scanner observed against the rule
// catalogue: ANSSI TLS guide, ANSSI cryptographic mechanisms (RGS B1),
// ANSSI OpenSSH guide, SecNumCloud. Rules are pure functions over a
// scanner.Result; they never touch the network.
//
// Each rule lives in its own file in a family package (rules/tls, ...)
// and registers itself from an init function. Evaluate runs every
// registered rule on one result and returns one finding per rule, in ID
// order. A fact a rule needs but the probes could not establish makes the
// rule report incomplete, never pass.
package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Status is the outcome of one rule on one endpoint.
type Status string

const (
	Pass          Status = "pass"
	Fail          Status = "fail"
	Degraded      Status = "degraded"       // only where ANSSI names an "Rx–" fallback and the endpoint uses it
	Warn          Status = "warn"           // a recommendation not met, or an unconfirmed source read conservatively
	Incomplete    Status = "incomplete"     // a fact the rule needs is unknown
	NotApplicable Status = "not_applicable" // the rule does not concern this endpoint
	Info          Status = "info"           // worth knowing, not a judgement
	Waived        Status = "waived"         // a fail or degraded covered by an unexpired waiver
)

// Statuses lists every status, most severe outcome first.
var Statuses = []Status{Fail, Incomplete, Degraded, Warn, Info, Pass, Waived, NotApplicable}

// rank orders statuses for Worst: a known offence outranks an unknown
// fact, which outranks a tolerated fallback.
func (s Status) rank() int {
	switch s {
	case Fail:
		return 6
	case Incomplete:
		return 5
	case Degraded:
		return 4
	case Warn:
		return 3
	case Info:
		return 2
	case Pass:
		return 1
	}
	return 0
}

// Worst returns the most severe of the given statuses (Pass for none).
func Worst(ss ...Status) Status {
	w := Pass
	for _, s := range ss {
		if s.rank() > w.rank() {
			w = s
		}
	}
	return w
}

// Severity says how much a non-passing finding of a rule matters.
type Severity string

const (
	Critical     Severity = "critical"
	High         Severity = "high"
	Medium       Severity = "medium"
	Low          Severity = "low"
	SeverityInfo Severity = "info"
)

// Severities lists every severity, highest first.
var Severities = []Severity{Critical, High, Medium, Low, SeverityInfo}

// Reference is where a rule comes from.
type Reference struct {
	Document string `json:"document"`       // "ANSSI TLS guide"
	Edition  string `json:"edition"`        // "v1.2 (2020)"
	Item     string `json:"item,omitempty"` // the recommendation or rule name: "R4", "RègleCléSym"
	Section  string `json:"section"`        // "§2.1"
}

// String is the reference as people cite it:
// "ANSSI TLS guide v1.2 (2020), R4, §2.1".
func (r Reference) String() string {
	parts := []string{r.Document + " " + r.Edition}
	if r.Item != "" {
		parts = append(parts, r.Item)
	}
	if r.Section != "" {
		parts = append(parts, r.Section)
	}
	return strings.Join(parts, ", ")
}

// FactKind names a kind of fact a rule reads from the observation.
type FactKind string

const (
	FactVersion FactKind = "version"       // whether a protocol version is supported
	FactSuites  FactKind = "cipher_suites" // the accepted suites of a version (their enumeration)
	FactGroups  FactKind = "groups"        // the accepted groups of a version (their enumeration)
	FactOrder   FactKind = "server_order"  // whether the server imposes its suite order
	FactDH      FactKind = "dh_params"     // the finite-field DH parameters seen
)

// Fact is one fact of one protocol version.
type Fact struct {
	Kind    FactKind        `json:"kind"`
	Version scanner.Version `json:"version"`
}

func (f Fact) String() string { return string(f.Kind) + "@" + f.Version.String() }

// Fixtures are the two observations every rule is tested on: one it
// passes and one it does not, differing by a single fact.
type Fixtures struct {
	Pass *scanner.Result
	Fail *scanner.Result
	// Run are the run's other endpoints, for a rule graded across the
	// run: the meta-tests evaluate both fixtures with a RunView of them.
	Run []*scanner.Result
}

// Rule is one entry of the catalogue.
type Rule struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Reference   Reference `json:"reference"`
	Severity    Severity  `json:"severity"`
	Description string    `json:"description"`
	Fix         string    `json:"fix"`
	// Reads lists the facts whose being unknown must keep the rule from
	// passing an endpoint it would otherwise pass. The meta-tests set each
	// to unknown on the rule's passing fixture.
	Reads []Fact `json:"reads,omitempty"`

	// Applies says whether the rule concerns the endpoint at all; when it
	// does not, Evaluate reports not_applicable. It must return true when
	// that cannot be decided.
	Applies func(*scanner.Result, Context) bool `json:"-"`
	// Check grades the endpoint. Evaluate fills the finding's rule ID,
	// title, severity, endpoint, reference and fix when left empty.
	Check func(*scanner.Result, Context) []Finding `json:"-"`
	// Fixtures returns fresh pass and fail observations for the meta-tests.
	Fixtures func() Fixtures `json:"-"`
	// Best is the best status the rule can give; empty means pass. A rule
	// whose question the network cannot settle in the endpoint's favour
	// (ANSSI-TLS-R2: software versions are not visible) gives info at
	// best, never pass.
	Best Status `json:"best,omitempty"`
	// Run marks a rule that compares an endpoint with the run's others
	// (ctx.Run): Evaluate leaves it out, EvaluateRun runs it once the
	// run is over.
	Run bool `json:"across_endpoints,omitempty"`
}

// idPattern is the shape of a rule ID: ANSSI-TLS-R4, ANSSI-TLS-R10-,
// ANSSI-CRYPTO-CleSym, ANSSI-SSH-R15, ANSSI-IPSEC-R16, SNC-10.6.a,
// ZLINT-e_some_lint, and DNS-TLSA for checks no ANSSI item names (DANE,
// CAA).
var idPattern = regexp.MustCompile(`^(ANSSI-(TLS|SSH|IPSEC)-R[1-9][0-9]?-?|ANSSI-CRYPTO-[A-Z][A-Za-z0-9]+|SNC-[0-9]+\.[0-9]+\.[a-z]|ZLINT-[a-z0-9_]+|DNS-[A-Z]+)$`)

// BestStatus is the best status the rule can give.
func (r *Rule) BestStatus() Status {
	if r.Best == "" {
		return Pass
	}
	return r.Best
}

// ValidID reports whether id is a well-formed rule ID.
func ValidID(id string) bool { return idPattern.MatchString(id) }

var registry = struct {
	sync.Mutex
	rules map[string]*Rule // lookup only; All sorts
}{rules: map[string]*Rule{}}

// Register adds a rule to the catalogue. It is called from the init
// function of the rule's file and panics on a malformed or duplicate ID
// or a rule without Check: those are programming errors.
func Register(r *Rule) {
	if !ValidID(r.ID) {
		panic(fmt.Sprintf("rules: malformed rule ID %q", r.ID))
	}
	if r.Check == nil || r.Applies == nil {
		panic(fmt.Sprintf("rules: rule %s lacks Applies or Check", r.ID))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.rules[r.ID]; dup {
		panic(fmt.Sprintf("rules: rule %s registered twice", r.ID))
	}
	registry.rules[r.ID] = r
}

// All returns every registered rule, ordered by ID (CompareIDs).
func All() []*Rule {
	registry.Lock()
	defer registry.Unlock()
	out := make([]*Rule, 0, len(registry.rules))
	for _, r := range registry.rules {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Rule) int { return CompareIDs(a.ID, b.ID) })
	return out
}

// CompareIDs orders rule IDs as people read them: numbers by value, so
// ANSSI-TLS-R4 comes before ANSSI-TLS-R10, and R10 before R10-.
func CompareIDs(a, b string) int {
	for a != "" && b != "" {
		ca, ra := idChunk(a)
		cb, rb := idChunk(b)
		if c := compareChunk(ca, cb); c != 0 {
			return c
		}
		a, b = ra, rb
	}
	return strings.Compare(a, b) // the shorter (a prefix) first
}

// idChunk splits off the leading run of digits or of non-digits.
func idChunk(s string) (chunk, rest string) {
	digit := s[0] >= '0' && s[0] <= '9'
	i := 1
	for i < len(s) && (s[i] >= '0' && s[i] <= '9') == digit {
		i++
	}
	return s[:i], s[i:]
}

func compareChunk(a, b string) int {
	da, db := a[0] >= '0' && a[0] <= '9', b[0] >= '0' && b[0] <= '9'
	if da && db {
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			return len(a) - len(b)
		}
	}
	return strings.Compare(a, b)
}

// ByID returns the registered rule with that ID.
func ByID(id string) (*Rule, bool) {
	registry.Lock()
	defer registry.Unlock()
	r, ok := registry.rules[id]
	return r, ok
}
