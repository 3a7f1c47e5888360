package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Verdict is the one-word grade of an endpoint.
type Verdict string

const (
	Compliant    Verdict = "compliant"     // every rule passes (warnings and info aside)
	DegradedOnly Verdict = "degraded"      // only ANSSI "Rx–" fallbacks are used
	NonCompliant Verdict = "non-compliant" // at least one rule fails
	Incomplete   Verdict = "incomplete"    // no rule fails, but one could not decide
)

// Verdicts lists the verdicts, worst first.
var Verdicts = []Verdict{NonCompliant, Incomplete, DegradedOnly, Compliant}

// VerdictOf grades an endpoint from its findings. An endpoint that could
// not be inspected at all is incomplete.
func VerdictOf(r scanner.Result, fs []rules.Finding) Verdict {
	v := Compliant
	if r.Error != nil && !r.Inspected() {
		v = Incomplete
	}
	for _, f := range fs {
		switch f.Status {
		case rules.Fail:
			return NonCompliant
		case rules.Incomplete:
			v = Incomplete
		case rules.Degraded:
			if v == Compliant {
				v = DegradedOnly
			}
		}
	}
	return v
}

// FailsAt reports whether a finding counts against --fail-on threshold: a
// fail (a degraded fallback under anssi-strict is already a fail) of at
// least that severity. "none" never does.
func FailsAt(f rules.Finding, threshold string) bool {
	if f.Status != rules.Fail || threshold == "none" {
		return false
	}
	return severityRank(string(f.Severity)) >= severityRank(threshold)
}

func severityRank(s string) int {
	switch s {
	case string(rules.Critical):
		return 5
	case string(rules.High):
		return 4
	case string(rules.Medium):
		return 3
	case string(rules.Low):
		return 2
	case string(rules.SeverityInfo):
		return 1
	}
	return 0
}

// FailOnLevels are the values --fail-on accepts, highest first.
var FailOnLevels = []string{"critical", "high", "medium", "low", "info", "none"}

// Fingerprint identifies a finding across runs: the rule, the endpoint,
// the status and the identity of the evidence (the items judged, the
// facts unknown), not the run nor the time. It stays the same while the
// problem stays the same.
func Fingerprint(f rules.Finding) string {
	parts := append([]string{f.RuleID, string(f.Status)}, endpointIdentity(f.Endpoint)...)
	var items []string
	for _, it := range f.Evidence.Items {
		code := ""
		if it.Code != nil {
			code = it.Code.String()
		}
		items = append(items, strings.Join([]string{string(it.Kind), it.Version.String(), code, it.Name, strconv.Itoa(it.Bits), string(it.Status)}, "/"))
	}
	for _, u := range f.Evidence.Unknown {
		items = append(items, strings.Join([]string{"unknown", string(u.Fact), u.Version.String(), u.State}, "/"))
	}
	slices.Sort(items)
	h := sha256.New()
	for _, p := range append(parts, items...) {
		h.Write([]byte(strconv.Itoa(len(p))))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Summary closes a run: what was graded, how, and with what outcome.
type Summary struct {
	Provenance Provenance
	// Endpoints counts the endpoints by verdict.
	Endpoints map[Verdict]int
	// Findings counts the findings by status.
	Findings map[rules.Status]int
	// Interrupted is set when the run was stopped before every endpoint
	// was inspected.
	Interrupted bool
	// ExitCode is the exit code of the run.
	ExitCode int
	// Undelivered counts the events the sinks (syslog, HTTP) had to drop
	// before this summary was written; drops after it are only on stderr.
	Undelivered int
	// NotScanned are the endpoints discovery found but left alone (out of
	// scope), with why.
	NotScanned []NotScanned
}

// NotScanned is an endpoint found but not scanned.
type NotScanned struct {
	Endpoint scanner.Endpoint `json:"endpoint"`
	Reason   string           `json:"reason"`
}

// Provenance says what produced a report, so it can be reproduced and
// judged.
type Provenance struct {
	ToolVersion      string    `json:"tool_version"`
	CatalogueVersion string    `json:"catalogue_version"`
	CADataVersion    string    `json:"ca_data_version"`
	RootStore        string    `json:"root_store"`
	Profile          string    `json:"profile"`
	Horizon          int       `json:"horizon"`
	EvaluatedAt      time.Time `json:"evaluated_at"`
	FailOn           string    `json:"fail_on"`
	Depth            string    `json:"depth,omitempty"`
	// Documents are the sources the catalogue grades against.
	Documents []rules.Document `json:"documents"`
	// Offline is set for cryptoscan evaluate: the observations were read
	// from a file, not scanned.
	Offline bool   `json:"offline,omitempty"`
	Input   string `json:"input,omitempty"`
}

// NeedsAction reports whether a finding is kept by --only-failures: fail,
// degraded, warn and incomplete; not pass, info, waived or not_applicable.
func NeedsAction(f rules.Finding) bool {
	switch f.Status {
	case rules.Fail, rules.Degraded, rules.Warn, rules.Incomplete:
		return true
	}
	return false
}

// findingEvent is the "finding" event: one rule on one endpoint.
type findingEvent struct {
	SchemaVersion string           `json:"schema_version"`
	Event         string           `json:"event"`
	Time          string           `json:"time"`
	EventID       string           `json:"event_id"`
	RunID         string           `json:"run_id"`
	Endpoint      scanner.Endpoint `json:"endpoint"`
	Rule          ruleRef          `json:"rule"`
	Status        rules.Status     `json:"status"`
	Graded        rules.Status     `json:"graded,omitempty"`
	Severity      rules.Severity   `json:"severity"`
	Message       string           `json:"message"`
	Evidence      rules.Evidence   `json:"evidence"`
	Fix           string           `json:"fix,omitempty"`
	Fingerprint   string           `json:"fingerprint"`
	Waiver        *rules.Waiver    `json:"waiver,omitempty"`
}

// ruleRef names the rule of a finding; reference is the one-line citation
// and source the same, field by field.
type ruleRef struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	Reference string          `json:"reference"`
	Source    rules.Reference `json:"source"`
}

// summaryEvent is the "summary" event that closes a run.
type summaryEvent struct {
	SchemaVersion string         `json:"schema_version"`
	Event         string         `json:"event"`
	Time          string         `json:"time"`
	EventID       string         `json:"event_id"`
	RunID         string         `json:"run_id"`
	Provenance    Provenance     `json:"provenance"`
	Endpoints     map[string]int `json:"endpoints"`
	Findings      map[string]int `json:"findings"`
	Interrupted   bool           `json:"interrupted"`
	ExitCode      int            `json:"exit_code"`
	Undelivered   int            `json:"undelivered"`
	NotScanned    []NotScanned   `json:"not_scanned"`
}

const (
	eventFinding = "finding"
	eventSummary = "summary"
)

func newFindingEvent(run Run, t time.Time, f rules.Finding) findingEvent {
	return findingEvent{
		SchemaVersion: schema.Version,
		Event:         eventFinding,
		Time:          t.UTC().Format(time.RFC3339),
		EventID:       eventID(run.ID, eventFinding, append(endpointIdentity(f.Endpoint), f.RuleID, Fingerprint(f))...),
		RunID:         run.ID,
		Endpoint:      f.Endpoint,
		Rule:          ruleRef{ID: f.RuleID, Title: f.Title, Reference: f.Reference.String(), Source: f.Reference},
		Status:        f.Status,
		Graded:        f.Graded,
		Severity:      f.Severity,
		Message:       f.Message,
		Evidence:      f.Evidence,
		Fix:           f.Fix,
		Fingerprint:   Fingerprint(f),
		Waiver:        f.Waiver,
	}
}

func newSummaryEvent(run Run, s Summary) summaryEvent {
	ev := summaryEvent{
		SchemaVersion: schema.Version,
		Event:         eventSummary,
		Time:          s.Provenance.EvaluatedAt.UTC().Format(time.RFC3339),
		EventID:       eventID(run.ID, eventSummary),
		RunID:         run.ID,
		Provenance:    s.Provenance,
		Endpoints:     make(map[string]int),
		Findings:      make(map[string]int),
		Interrupted:   s.Interrupted,
		ExitCode:      s.ExitCode,
		Undelivered:   s.Undelivered,
		NotScanned:    s.NotScanned,
	}
	if ev.NotScanned == nil {
		ev.NotScanned = []NotScanned{}
	}
	ev.Provenance.EvaluatedAt = ev.Provenance.EvaluatedAt.UTC()
	if ev.Provenance.Documents == nil {
		ev.Provenance.Documents = []rules.Document{}
	}
	for _, v := range Verdicts {
		ev.Endpoints[string(v)] = s.Endpoints[v]
	}
	for _, st := range rules.Statuses {
		ev.Findings[string(st)] = s.Findings[st]
	}
	return ev
}

// Findings writes one finding event per finding of r, in the order given.
func (n *NDJSON) Findings(r scanner.Result, fs []rules.Finding) error {
	t := r.Start
	if t.IsZero() {
		t = n.run.now()
	}
	var buf []byte
	for _, f := range fs {
		b, err := json.Marshal(newFindingEvent(n.run, t, f))
		if err != nil {
			return fmt.Errorf("failed to encode finding %s for %s: %w", f.RuleID, r.Endpoint, err)
		}
		buf = append(append(buf, b...), '\n')
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, err := n.w.Write(buf); err != nil {
		return fmt.Errorf("failed to write findings for %s: %w", r.Endpoint, err)
	}
	return nil
}

// Summary writes the summary event that closes the run.
func (n *NDJSON) Summary(s Summary) error {
	b, err := json.Marshal(newSummaryEvent(n.run, s))
	if err != nil {
		return fmt.Errorf("failed to encode the summary: %w", err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, err := n.w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("failed to write the summary: %w", err)
	}
	return nil
}
