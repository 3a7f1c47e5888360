package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// ChangeKind says what changed on an endpoint since the baseline run.
type ChangeKind string

const (
	// ChangeEndpointNew: an endpoint the baseline did not have.
	ChangeEndpointNew ChangeKind = "endpoint_new"
	// ChangeEndpointVanished: an endpoint of the baseline this run did not
	// have (never reported for an interrupted run).
	ChangeEndpointVanished ChangeKind = "endpoint_vanished"
	// ChangeEndpointUnreachable: an endpoint inspected in the baseline that
	// could not be inspected at all now. Its findings are not compared:
	// what they would say is unknown.
	ChangeEndpointUnreachable ChangeKind = "endpoint_unreachable"
	// ChangeCertificate: the endpoint serves other leaf certificates
	// (by SHA-256).
	ChangeCertificate ChangeKind = "certificate_changed"
	// ChangeIssuer: the issuers of the endpoint's leaf certificates
	// changed (another issuing CA).
	ChangeIssuer ChangeKind = "issuer_changed"
	// ChangeExpiring: a served certificate is now within the expiry window
	// (not_after within the window of the evaluation time), and was not in
	// the baseline.
	ChangeExpiring ChangeKind = "certificate_expiring"
	// ChangeStatus: the same rule on the same endpoint has another status
	// (and so another fingerprint).
	ChangeStatus ChangeKind = "status_changed"
	// ChangeFindingNew: a finding that needs action (fail, degraded, warn,
	// incomplete) the baseline did not have for that rule and endpoint.
	ChangeFindingNew ChangeKind = "finding_new"
	// ChangeFindingChanged: the same rule on the same endpoint keeps a
	// status that needs action, on other evidence (another fingerprint).
	ChangeFindingChanged ChangeKind = "finding_changed"
	// ChangeFindingResolved: a finding that needed action in the baseline
	// and whose rule no longer reports anything on the endpoint.
	ChangeFindingResolved ChangeKind = "finding_resolved"
)

// ChangeKinds lists every kind, in the order the changes of one endpoint
// are written.
var ChangeKinds = []ChangeKind{
	ChangeEndpointNew, ChangeEndpointVanished, ChangeEndpointUnreachable,
	ChangeCertificate, ChangeIssuer, ChangeExpiring,
	ChangeStatus, ChangeFindingNew, ChangeFindingChanged, ChangeFindingResolved,
}

// BaselineRef names the run a change is relative to.
type BaselineRef struct {
	RunID string `json:"run_id"`
	// Time is the baseline's evaluation time (its summary's evaluated_at,
	// else its latest event time); absent when it had none.
	Time time.Time `json:"time,omitzero"`
}

// ChangeCert summarises a certificate in a change.
type ChangeCert struct {
	SHA256   string    `json:"sha256"`
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	NotAfter time.Time `json:"not_after,omitzero"`
}

// ChangeState is one side of a change (before: the baseline; after: this
// run). Which fields are set depends on the kind: verdict (and error) for
// endpoint changes; status, fingerprint and message for finding changes;
// certificates for certificate, issuer and expiry changes.
type ChangeState struct {
	Verdict      Verdict          `json:"verdict,omitempty"`
	Error        *scanner.Unknown `json:"error,omitempty"`
	Status       rules.Status     `json:"status,omitempty"`
	Fingerprint  string           `json:"fingerprint,omitempty"`
	Message      string           `json:"message,omitempty"`
	Certificates []ChangeCert     `json:"certificates,omitempty"`
}

// Expiry says how close to expiry a certificate is.
type Expiry struct {
	NotAfter time.Time `json:"not_after"`
	// DaysLeft is the number of whole days from the evaluation time to
	// NotAfter; negative once expired.
	DaysLeft int `json:"days_left"`
	// WindowDays is the expiry window, in whole days.
	WindowDays int `json:"window_days"`
}

// Change is one difference between the baseline run and this one, on one
// endpoint. It is written as a "change" event (NDJSON) or a
// cryptoscan.change document (ECS).
type Change struct {
	Kind     ChangeKind       `json:"kind"`
	Endpoint scanner.Endpoint `json:"endpoint"`
	Baseline BaselineRef      `json:"baseline"`
	// RuleID and Title name the rule of a finding change.
	RuleID string `json:"rule_id,omitempty"`
	Title  string `json:"title,omitempty"`
	// Severity is the rule's for a finding change; medium for an endpoint
	// that became unreachable or a certificate entering the expiry window,
	// high for one already expired; absent otherwise.
	Severity rules.Severity `json:"severity,omitempty"`
	// Certificate is the SHA-256 of the certificate of an expiry change.
	Certificate string       `json:"certificate,omitempty"`
	Message     string       `json:"message"`
	Before      *ChangeState `json:"before,omitempty"`
	After       *ChangeState `json:"after,omitempty"`
	Expiry      *Expiry      `json:"expiry,omitempty"`
}

// NeedsAction reports whether the change leaves a problem to act on: a
// new or changed finding that needs action, a status that got worse, an
// endpoint that could no longer be inspected, a certificate entering the
// expiry window.
func (c Change) NeedsAction() bool {
	switch c.Kind {
	case ChangeFindingNew, ChangeFindingChanged, ChangeEndpointUnreachable, ChangeExpiring:
		return true
	case ChangeStatus:
		return c.Before != nil && c.After != nil && worse(c.After.Status, c.Before.Status)
	}
	return false
}

// Improves reports whether the change removes a problem: a finding that
// needed action is resolved, or its status no longer needs action.
func (c Change) Improves() bool {
	switch c.Kind {
	case ChangeFindingResolved:
		return true
	case ChangeStatus:
		return c.Before != nil && c.After != nil &&
			NeedsAction(rules.Finding{Status: c.Before.Status}) && !NeedsAction(rules.Finding{Status: c.After.Status})
	}
	return false
}

// worse reports whether status a needs action and is more severe than b
// (in the order of rules.Statuses): pass after not_applicable is not
// worse, fail after waived is.
func worse(a, b rules.Status) bool {
	return NeedsAction(rules.Finding{Status: a}) && statusIndex(a) < statusIndex(b)
}

// statusIndex orders statuses as rules.Statuses does, most severe first;
// unknown statuses come last.
func statusIndex(s rules.Status) int {
	if i := slices.Index(rules.Statuses, s); i >= 0 {
		return i
	}
	return len(rules.Statuses)
}

// changeEventID identifies a change within a run: its kind, endpoint, rule,
// certificate and the fingerprints on both sides.
func changeEventID(runID string, c Change) string {
	id := append([]string{string(c.Kind)}, endpointIdentity(c.Endpoint)...)
	id = append(id, c.RuleID, c.Certificate)
	for _, s := range []*ChangeState{c.Before, c.After} {
		fp := ""
		if s != nil {
			fp = s.Fingerprint
		}
		id = append(id, fp)
	}
	return eventID(runID, eventChange, id...)
}

const eventChange = "change"

// changeEvent is the NDJSON "change" event: the change's fields at the top
// level, after the fields every event has.
type changeEvent struct {
	SchemaVersion string `json:"schema_version"`
	Event         string `json:"event"`
	Time          string `json:"time"`
	EventID       string `json:"event_id"`
	RunID         string `json:"run_id"`
	Change
}

// Changes writes one change event per change, in the order given.
func (n *NDJSON) Changes(cs []Change) error {
	t := n.run.now().UTC().Format(time.RFC3339)
	var buf []byte
	for _, c := range cs {
		b, err := json.Marshal(changeEvent{
			SchemaVersion: schema.Version, Event: eventChange, Time: t,
			EventID: changeEventID(n.run.ID, c), RunID: n.run.ID, Change: c,
		})
		if err != nil {
			return fmt.Errorf("failed to encode %s change for %s: %w", c.Kind, c.Endpoint, err)
		}
		buf = append(append(buf, b...), '\n')
	}
	if len(buf) == 0 {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, err := n.w.Write(buf); err != nil {
		return fmt.Errorf("failed to write changes: %w", err)
	}
	return nil
}

// Snapshot is what a run found that drift compares: per endpoint, whether
// it could be inspected, the certificate chains it served and its
// findings. ReadBaseline builds one from a previous run's NDJSON; this run
// builds its own with NewSnapshot and Add. It is safe for concurrent use.
type Snapshot struct {
	mu    sync.Mutex
	runID string
	time  time.Time
	eps   map[string]*snapEndpoint
	order []string
}

type snapEndpoint struct {
	ep scanner.Endpoint
	// observed: an endpoint event (or result) was seen, not only findings;
	// inspected: it had a TLS, SSH or IKE observation.
	observed, inspected bool
	err                 *scanner.Unknown
	chains              [][]ChangeCert // served chains, leaf first
	findings            []snapFinding
}

type snapFinding struct {
	ruleID, title string
	status        rules.Status
	severity      rules.Severity
	fingerprint   string
	message       string
}

// NewSnapshot returns an empty snapshot of the run runID, evaluated at
// evaluatedAt (the expiry window is measured from it).
func NewSnapshot(runID string, evaluatedAt time.Time) *Snapshot {
	s := &Snapshot{runID: runID, eps: make(map[string]*snapEndpoint)}
	if !evaluatedAt.IsZero() {
		s.time = evaluatedAt.UTC()
	}
	return s
}

// Ref names the snapshot's run for the changes against it.
func (s *Snapshot) Ref() BaselineRef {
	return BaselineRef{RunID: s.runID, Time: s.time}
}

// Len is the number of endpoints in the snapshot.
func (s *Snapshot) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.eps)
}

func endpointKey(e scanner.Endpoint) string {
	return strings.Join(endpointIdentity(e), "\x00")
}

func (s *Snapshot) endpoint(e scanner.Endpoint) *snapEndpoint {
	k := endpointKey(e)
	se := s.eps[k]
	if se == nil {
		se = &snapEndpoint{ep: e}
		s.eps[k] = se
		s.order = append(s.order, k)
	}
	return se
}

// changeCerts is what drift keeps of a chain's certificates.
func changeCerts(refs []scanner.CertRef) []ChangeCert {
	var chain []ChangeCert
	for _, c := range refs {
		chain = append(chain, ChangeCert{SHA256: c.SHA256, Subject: c.Subject, Issuer: c.Issuer, NotAfter: c.NotAfter.UTC()})
	}
	return chain
}

// Add records one graded endpoint, once per endpoint: give every finding
// the rules returned, not only those --only-failures keeps, so that a
// finding turning into a pass is seen as such.
func (s *Snapshot) Add(r scanner.Result, fs []rules.Finding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	se := s.endpoint(r.Endpoint)
	se.observed, se.inspected, se.err = true, r.Inspected(), r.Error
	var chains []scanner.ChainFact
	if r.TLS != nil {
		chains = r.TLS.Certificates
	}
	if r.IKE != nil && r.IKE.Auth != nil {
		chains = append(slices.Clip(chains), r.IKE.Auth.Certificates...)
	}
	for _, ch := range chains {
		if chain := changeCerts(ch.Chain); len(chain) > 0 {
			se.chains = append(se.chains, chain)
		}
	}
	for _, f := range fs {
		se.findings = append(se.findings, snapFinding{
			ruleID: f.RuleID, title: f.Title, status: f.Status, severity: f.Severity, fingerprint: Fingerprint(f), message: f.Message,
		})
	}
}

// AddFindings adds findings graded after the endpoint's own (the rules
// graded across the run) to the endpoint's.
func (s *Snapshot) AddFindings(ep scanner.Endpoint, fs []rules.Finding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	se := s.endpoint(ep)
	for _, f := range fs {
		se.findings = append(se.findings, snapFinding{
			ruleID: f.RuleID, title: f.Title, status: f.Status, severity: f.Severity, fingerprint: Fingerprint(f), message: f.Message,
		})
	}
}

// baselineHeader is what every event has; ReadBaseline reads it first
// and decodes the rest only for the event types it knows.
type baselineHeader struct {
	SchemaVersion string          `json:"schema_version"`
	Event         json.RawMessage `json:"event"`
	RunID         string          `json:"run_id"`
}

// baselineLine is what ReadBaseline reads of an endpoint, certificate,
// finding or summary event: only what drift needs, so that events of a
// later minor schema version still read.
type baselineLine struct {
	Time     time.Time         `json:"time"`
	Endpoint *scanner.Endpoint `json:"endpoint"`
	TLS      *struct {
		Certificates []struct {
			Chain []ChangeCert `json:"chain"`
		} `json:"certificates"`
	} `json:"tls"`
	SSH   *scanner.SSHObservation `json:"ssh"`
	IKE   *scanner.IKEObservation `json:"ike"`
	Error *scanner.Unknown        `json:"error"`
	Rule  struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"rule"`
	Status      rules.Status   `json:"status"`
	Severity    rules.Severity `json:"severity"`
	Message     string         `json:"message"`
	Fingerprint string         `json:"fingerprint"`
	Provenance  *struct {
		EvaluatedAt time.Time `json:"evaluated_at"`
	} `json:"provenance"`
}

// maxBaselineLine bounds one line of a baseline.
const maxBaselineLine = 64 << 20

// ReadBaseline reads a previous run's NDJSON output (--format json): its
// endpoint, certificate, finding and summary events. Event types it does
// not know (change events, types of later versions) are skipped, as are
// fields it does not need. The file must hold one run of schema version
// 1.x.
func ReadBaseline(r io.Reader) (*Snapshot, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxBaselineLine)
	s := NewSnapshot("", time.Time{})
	var latest, evaluated time.Time
	events := 0
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var h baselineHeader
		if err := json.Unmarshal(line, &h); err != nil {
			return nil, fmt.Errorf("line %d: not a cryptoscan event: %w", n, err)
		}
		var kind string
		if err := json.Unmarshal(h.Event, &kind); err != nil || kind == "" {
			return nil, fmt.Errorf("line %d: not a cryptoscan NDJSON event (no \"event\" name; ECS documents cannot be a baseline, use --format json output)", n)
		}
		if major, _, _ := strings.Cut(h.SchemaVersion, "."); major != "1" {
			return nil, fmt.Errorf("line %d: schema_version %q is not supported (1.x is)", n, h.SchemaVersion)
		}
		switch kind {
		case eventEndpoint, eventCertificate, eventFinding, eventSummary:
		default:
			continue
		}
		if h.RunID == "" {
			return nil, fmt.Errorf("line %d: %s event without run_id", n, kind)
		}
		if s.runID == "" {
			s.runID = h.RunID
		} else if h.RunID != s.runID {
			return nil, fmt.Errorf("line %d: run %s follows run %s: a baseline is the output of one run", n, h.RunID, s.runID)
		}
		var ev baselineLine
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("line %d: malformed %s event: %w", n, kind, err)
		}
		events++
		if ev.Time.After(latest) {
			latest = ev.Time
		}
		switch kind {
		case eventEndpoint:
			if ev.Endpoint == nil {
				return nil, fmt.Errorf("line %d: endpoint event without endpoint", n)
			}
			se := s.endpoint(*ev.Endpoint)
			se.observed, se.inspected, se.err = true, ev.TLS != nil || ev.SSH != nil || ev.IKE != nil, ev.Error
			if ev.TLS != nil {
				for _, ch := range ev.TLS.Certificates {
					if len(ch.Chain) > 0 {
						se.chains = append(se.chains, utcCerts(ch.Chain))
					}
				}
			}
			if ev.IKE != nil && ev.IKE.Auth != nil {
				for _, ch := range ev.IKE.Auth.Certificates {
					if chain := changeCerts(ch.Chain); len(chain) > 0 {
						se.chains = append(se.chains, chain)
					}
				}
			}
		case eventFinding:
			if ev.Endpoint == nil || ev.Rule.ID == "" || ev.Status == "" || ev.Fingerprint == "" {
				return nil, fmt.Errorf("line %d: finding event without endpoint, rule, status or fingerprint", n)
			}
			se := s.endpoint(*ev.Endpoint)
			se.findings = append(se.findings, snapFinding{
				ruleID: ev.Rule.ID, title: ev.Rule.Title, status: ev.Status, severity: ev.Severity, fingerprint: ev.Fingerprint, message: ev.Message,
			})
		case eventSummary:
			if ev.Provenance != nil {
				evaluated = ev.Provenance.EvaluatedAt
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("failed to read the baseline: %w", err)
	}
	if events == 0 {
		return nil, errors.New("no cryptoscan event in the baseline")
	}
	if t := cmp.Or(evaluated, latest); !t.IsZero() {
		s.time = t.UTC()
	}
	return s, nil
}

func utcCerts(cs []ChangeCert) []ChangeCert {
	out := slices.Clone(cs)
	for i := range out {
		if !out[i].NotAfter.IsZero() {
			out[i].NotAfter = out[i].NotAfter.UTC()
		}
	}
	return out
}

// DiffOptions say how a run is compared with its baseline.
type DiffOptions struct {
	// ExpiryWindow is how long before expiry a certificate is reported
	// (--expiry-warning); 0 means rules.DefaultExpiryWarning.
	ExpiryWindow time.Duration
	// Interrupted says the current run stopped before inspecting every
	// endpoint: endpoints missing from it are not reported as vanished.
	Interrupted bool
}

// Diff returns what changed from before (the baseline) to after (this
// run), sorted by endpoint, then by kind in the order of ChangeKinds, then
// by rule. The same observations and findings on both sides give no
// change. Findings are compared by fingerprint within each rule and
// endpoint: a fingerprint on one side only is paired with one of the same
// rule on the other side (status_changed, or finding_changed when the
// status is the same), else it is new or resolved. Only findings that need
// action are reported new, changed or resolved.
func Diff(before, after *Snapshot, opts DiffOptions) []Change {
	before.mu.Lock()
	defer before.mu.Unlock()
	if after != before {
		after.mu.Lock()
		defer after.mu.Unlock()
	}
	window := opts.ExpiryWindow
	if window <= 0 {
		window = rules.DefaultExpiryWarning
	}
	d := differ{before: before, after: after, window: window}
	keys := slices.Clone(after.order)
	for _, k := range before.order {
		if after.eps[k] == nil {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		b, a := before.eps[k], after.eps[k]
		switch {
		case b == nil:
			d.add(Change{Kind: ChangeEndpointNew, Endpoint: a.ep, After: &ChangeState{Verdict: a.verdict(), Error: a.err},
				Message: fmt.Sprintf("new endpoint %s (%s)", a.ep, a.verdict())})
			d.findings(a.ep, nil, a.findings)
			d.expiry(nil, a)
		case a == nil:
			if !opts.Interrupted {
				d.add(Change{Kind: ChangeEndpointVanished, Endpoint: b.ep, Before: &ChangeState{Verdict: b.verdict(), Error: b.err},
					Message: fmt.Sprintf("endpoint %s is gone (it was %s)", b.ep, b.verdict())})
			}
		case b.inspected && a.observed && !a.inspected:
			reason := "no observation"
			if a.err != nil {
				reason = withDetail(string(a.err.Reason), a.err.Detail)
			}
			d.add(Change{Kind: ChangeEndpointUnreachable, Endpoint: a.ep, Severity: rules.Medium,
				Before: &ChangeState{Verdict: b.verdict()}, After: &ChangeState{Verdict: a.verdict(), Error: a.err},
				Message: fmt.Sprintf("endpoint %s could not be inspected (%s); it was %s", a.ep, reason, b.verdict())})
		default:
			d.certificates(b, a)
			d.expiry(b, a)
			d.findings(a.ep, b.findings, a.findings)
		}
	}
	ref := before.Ref()
	for i := range d.out {
		d.out[i].Baseline = ref
	}
	slices.SortStableFunc(d.out, compareChanges)
	return d.out
}

type differ struct {
	before, after *Snapshot
	window        time.Duration
	out           []Change
}

func (d *differ) add(c Change) { d.out = append(d.out, c) }

func compareChanges(x, y Change) int {
	fp := func(s *ChangeState) string {
		if s == nil {
			return ""
		}
		return s.Fingerprint
	}
	return cmp.Or(
		cmp.Compare(x.Endpoint.Host, y.Endpoint.Host),
		x.Endpoint.IP.Compare(y.Endpoint.IP),
		cmp.Compare(x.Endpoint.Port, y.Endpoint.Port),
		cmp.Compare(x.Endpoint.Protocol, y.Endpoint.Protocol),
		cmp.Compare(x.Endpoint.SNI, y.Endpoint.SNI),
		cmp.Compare(slices.Index(ChangeKinds, x.Kind), slices.Index(ChangeKinds, y.Kind)),
		cmp.Compare(x.RuleID, y.RuleID),
		cmp.Compare(x.Certificate, y.Certificate),
		cmp.Compare(fp(x.Before), fp(y.Before)),
		cmp.Compare(fp(x.After), fp(y.After)),
	)
}

// verdict grades a snapshot endpoint as VerdictOf does.
func (se *snapEndpoint) verdict() Verdict {
	r := scanner.Result{Error: se.err}
	if se.inspected || !se.observed {
		r.TLS = &scanner.TLSObservation{}
	}
	fs := make([]rules.Finding, len(se.findings))
	for i, f := range se.findings {
		fs[i].Status = f.status
	}
	return VerdictOf(r, fs)
}

// leaves returns the distinct leaf certificates, by SHA-256.
func (se *snapEndpoint) leaves() []ChangeCert {
	var out []ChangeCert
	for _, ch := range se.chains {
		if !slices.ContainsFunc(out, func(c ChangeCert) bool { return c.SHA256 == ch[0].SHA256 }) {
			out = append(out, ch[0])
		}
	}
	slices.SortFunc(out, func(x, y ChangeCert) int { return cmp.Compare(x.SHA256, y.SHA256) })
	return out
}

// served returns every distinct served certificate, and whether it is a
// leaf.
func (se *snapEndpoint) served() []ChangeCert {
	var out []ChangeCert
	for _, ch := range se.chains {
		for _, c := range ch {
			if !slices.ContainsFunc(out, func(x ChangeCert) bool { return x.SHA256 == c.SHA256 }) {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(x, y ChangeCert) int { return cmp.Compare(x.SHA256, y.SHA256) })
	return out
}

func (se *snapEndpoint) isLeaf(sha string) bool {
	return slices.ContainsFunc(se.chains, func(ch []ChangeCert) bool { return ch[0].SHA256 == sha })
}

// certificates compares the leaves served on both sides, when both are
// known.
func (d *differ) certificates(b, a *snapEndpoint) {
	bl, al := b.leaves(), a.leaves()
	if len(bl) == 0 || len(al) == 0 {
		return
	}
	sha := func(c ChangeCert) string { return c.SHA256 }
	if !slices.Equal(mapped(bl, sha), mapped(al, sha)) {
		d.add(Change{Kind: ChangeCertificate, Endpoint: a.ep,
			Before: &ChangeState{Certificates: bl}, After: &ChangeState{Certificates: al},
			Message: fmt.Sprintf("%s serves another certificate: %s → %s", a.ep, certList(bl), certList(al))})
	}
	issuer := func(c ChangeCert) string { return c.Issuer }
	bi, ai := distinctSorted(mapped(bl, issuer)), distinctSorted(mapped(al, issuer))
	if !slices.Equal(bi, ai) {
		d.add(Change{Kind: ChangeIssuer, Endpoint: a.ep,
			Before: &ChangeState{Certificates: bl}, After: &ChangeState{Certificates: al},
			Message: fmt.Sprintf("the issuing CA of %s changed: %s → %s", a.ep, strings.Join(bi, "; "), strings.Join(ai, "; "))})
	}
}

// expiry reports the certificates a serves that are within the window of
// this run's evaluation time and were not in the baseline (served by b
// and within the window of the baseline's time).
func (d *differ) expiry(b, a *snapEndpoint) {
	now := d.after.time
	if now.IsZero() {
		return
	}
	then := d.before.time
	if then.IsZero() {
		then = now
	}
	for _, c := range a.served() {
		if c.NotAfter.IsZero() || c.NotAfter.Sub(now) > d.window {
			continue
		}
		if b != nil && slices.ContainsFunc(b.served(), func(x ChangeCert) bool { return x.SHA256 == c.SHA256 }) &&
			c.NotAfter.Sub(then) <= d.window {
			continue
		}
		left := c.NotAfter.Sub(now)
		days := int(left / (24 * time.Hour))
		if left < 0 && left%(24*time.Hour) != 0 {
			days-- // whole days, rounded down
		}
		role := "certificate"
		if a.isLeaf(c.SHA256) {
			role = "leaf certificate"
		}
		sev, when := rules.Medium, fmt.Sprintf("expires in %s", plural(days, "day"))
		if left < 0 {
			sev, when = rules.High, fmt.Sprintf("expired %s ago", plural(-days, "day"))
		}
		d.add(Change{Kind: ChangeExpiring, Endpoint: a.ep, Severity: sev, Certificate: c.SHA256,
			After:   &ChangeState{Certificates: []ChangeCert{c}},
			Expiry:  &Expiry{NotAfter: c.NotAfter, DaysLeft: days, WindowDays: int(d.window / (24 * time.Hour))},
			Message: fmt.Sprintf("the %s %s served by %s %s (not after %s)", role, c.Subject, a.ep, when, c.NotAfter.UTC().Format(time.RFC3339))})
	}
}

// findings compares the findings of one endpoint, rule by rule.
func (d *differ) findings(ep scanner.Endpoint, before, after []snapFinding) {
	byRule := func(fs []snapFinding) map[string][]snapFinding {
		m := make(map[string][]snapFinding)
		for _, f := range fs {
			m[f.ruleID] = append(m[f.ruleID], f)
		}
		return m
	}
	bm, am := byRule(before), byRule(after)
	var ids []string
	for _, fs := range [][]snapFinding{after, before} {
		for _, f := range fs {
			if !slices.Contains(ids, f.ruleID) {
				ids = append(ids, f.ruleID)
			}
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		bs, as := onlyIn(bm[id], am[id]), onlyIn(am[id], bm[id])
		// Same status, other evidence first; then status changes.
		for i := 0; i < len(bs); i++ {
			j := slices.IndexFunc(as, func(a snapFinding) bool { return a.status == bs[i].status })
			if j < 0 {
				continue
			}
			b, a := bs[i], as[j]
			if NeedsAction(rules.Finding{Status: a.status}) {
				d.add(Change{Kind: ChangeFindingChanged, Endpoint: ep, RuleID: id, Title: cmp.Or(a.title, b.title), Severity: cmp.Or(a.severity, b.severity),
					Before: findingState(b), After: findingState(a),
					Message: fmt.Sprintf("%s on %s is still %s, on other evidence: %s", id, ep, a.status, a.message)})
			}
			bs, as = slices.Delete(bs, i, i+1), slices.Delete(as, j, j+1)
			i--
		}
		for len(bs) > 0 && len(as) > 0 {
			b, a := bs[0], as[0]
			d.add(Change{Kind: ChangeStatus, Endpoint: ep, RuleID: id, Title: cmp.Or(a.title, b.title), Severity: cmp.Or(a.severity, b.severity),
				Before: findingState(b), After: findingState(a),
				Message: fmt.Sprintf("%s on %s went from %s to %s: %s", id, ep, b.status, a.status, a.message)})
			bs, as = bs[1:], as[1:]
		}
		for _, a := range as {
			if NeedsAction(rules.Finding{Status: a.status}) {
				d.add(Change{Kind: ChangeFindingNew, Endpoint: ep, RuleID: id, Title: a.title, Severity: a.severity, After: findingState(a),
					Message: fmt.Sprintf("%s on %s: new %s finding: %s", id, ep, a.status, a.message)})
			}
		}
		for _, b := range bs {
			if NeedsAction(rules.Finding{Status: b.status}) {
				d.add(Change{Kind: ChangeFindingResolved, Endpoint: ep, RuleID: id, Title: b.title, Severity: b.severity, Before: findingState(b),
					Message: fmt.Sprintf("%s on %s: the %s finding is gone (it said: %s)", id, ep, b.status, b.message)})
			}
		}
	}
}

// onlyIn returns the findings of xs whose fingerprint ys does not have (as
// many times), worst status first, then by fingerprint.
func onlyIn(xs, ys []snapFinding) []snapFinding {
	left := slices.Clone(ys)
	var out []snapFinding
	for _, x := range xs {
		if i := slices.IndexFunc(left, func(y snapFinding) bool { return y.fingerprint == x.fingerprint }); i >= 0 {
			left = slices.Delete(left, i, i+1)
			continue
		}
		out = append(out, x)
	}
	slices.SortStableFunc(out, func(a, b snapFinding) int {
		return cmp.Or(cmp.Compare(statusIndex(a.status), statusIndex(b.status)), cmp.Compare(a.status, b.status), cmp.Compare(a.fingerprint, b.fingerprint))
	})
	return out
}

func findingState(f snapFinding) *ChangeState {
	return &ChangeState{Status: f.status, Fingerprint: f.fingerprint, Message: f.message}
}

func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func distinctSorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// certList names certificates for people: subject and the start of the
// SHA-256.
func certList(cs []ChangeCert) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Subject+" ("+shortHash(c.SHA256)+")")
	}
	return strings.Join(parts, ", ")
}

func shortHash(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

// WriteChangesText writes the changes since base for people, grouped by
// endpoint: the text report shows them before the endpoints. Changes that
// need action are red, improvements green, the rest yellow (with color).
func WriteChangesText(w io.Writer, base BaselineRef, changes []Change, color bool) error {
	b := &block{color: color}
	since := "the baseline run " + base.RunID
	if !base.Time.IsZero() {
		since += " of " + base.Time.UTC().Format(time.RFC3339)
	}
	if len(changes) == 0 {
		b.line(0, "no change since %s", since)
	} else {
		b.line(0, "%s since %s", b.paint(ansiBold, plural(len(changes), "change")), since)
	}
	var last string
	for _, c := range changes {
		if k := endpointKey(c.Endpoint); k != last {
			b.line(1, "%s", b.paint(ansiBold, c.Endpoint.String()))
			last = k
		}
		label, text := changeLine(c)
		code := ansiYellow
		switch {
		case c.NeedsAction():
			code = ansiRed
		case c.Improves():
			code = ansiGreen
		}
		b.line(2, "%s %s", b.paint(code, label), text)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("failed to write the changes: %w", err)
	}
	return nil
}

// changeLine is the label and the text of one change in the text report
// (the endpoint is its heading). A change missing a side its kind has
// (built by hand, not by Diff) falls back on its message.
func changeLine(c Change) (string, string) {
	rule := c.RuleID
	if c.Severity != "" {
		rule += " (" + string(c.Severity) + ")"
	}
	b, a := c.Before, c.After
	switch {
	case c.Kind == ChangeEndpointNew && a != nil:
		return "NEW ENDPOINT", string(a.Verdict)
	case c.Kind == ChangeEndpointVanished && b != nil:
		return "GONE", "it was " + string(b.Verdict)
	case c.Kind == ChangeEndpointUnreachable && a != nil && b != nil:
		reason := "no observation"
		if a.Error != nil {
			reason = withDetail(string(a.Error.Reason), a.Error.Detail)
		}
		return "NOT INSPECTED", reason + "; it was " + string(b.Verdict)
	case c.Kind == ChangeCertificate && a != nil && b != nil:
		return "CERTIFICATE", certList(b.Certificates) + " → " + certList(a.Certificates)
	case c.Kind == ChangeIssuer && a != nil && b != nil:
		issuers := func(s *ChangeState) string {
			return strings.Join(distinctSorted(mapped(s.Certificates, func(c ChangeCert) string { return c.Issuer })), "; ")
		}
		return "ISSUING CA", issuers(b) + " → " + issuers(a)
	case c.Kind == ChangeExpiring && a != nil && len(a.Certificates) > 0 && c.Expiry != nil:
		cert := a.Certificates[0]
		when := fmt.Sprintf("expires in %s", plural(c.Expiry.DaysLeft, "day"))
		if c.Expiry.DaysLeft < 0 {
			when = fmt.Sprintf("expired %s ago", plural(-c.Expiry.DaysLeft, "day"))
		}
		return "EXPIRY", fmt.Sprintf("%s (%s) %s, on %s", cert.Subject, shortHash(cert.SHA256), when, c.Expiry.NotAfter.UTC().Format(time.DateOnly))
	case c.Kind == ChangeStatus && a != nil && b != nil:
		return "STATUS", fmt.Sprintf("%s %s → %s: %s", rule, b.Status, a.Status, a.Message)
	case c.Kind == ChangeFindingNew && a != nil:
		return "NEW", fmt.Sprintf("%s %s: %s", rule, a.Status, a.Message)
	case c.Kind == ChangeFindingChanged && a != nil:
		return "CHANGED", fmt.Sprintf("%s still %s: %s", rule, a.Status, a.Message)
	case c.Kind == ChangeFindingResolved && b != nil:
		return "RESOLVED", fmt.Sprintf("%s was %s: %s", rule, b.Status, b.Message)
	}
	return strings.ToUpper(string(c.Kind)), c.Message
}
