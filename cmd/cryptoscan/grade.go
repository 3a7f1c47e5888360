package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/rules"
	_ "github.com/cryptoscan/cryptoscan/rules/catalogue" // every rule family
	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// gradeOptions are the flags that say how observations are judged and
// reported; scans and cryptoscan evaluate share them.
type gradeOptions struct {
	format         string
	profile        string
	horizon        int
	failOn         string
	onlyFailures   bool
	expiryWarning  time.Duration
	caJurisdiction string // a YAML file of the user's CA declarations
	waivers        string // a YAML file of accepted findings
	baseline       string // a previous run's NDJSON to report drift against
	depth          string // for the provenance
}

// grader judges each result as it arrives, writes it, and keeps what the
// summary and the exit code need.
type grader struct {
	ctx          rules.Context
	failOn       string
	onlyFailures bool
	out          writer

	endpoints  map[report.Verdict]int
	statuses   map[rules.Status]int
	failed     bool // a finding at or above --fail-on
	incomplete bool // an endpoint or a fact left undecided

	roots *pki.Pool
	// base is the --baseline run, snap this run's graded results; text
	// holds the text report while changes, shown first, are not known yet.
	base, snap *report.Snapshot
	text       *bytes.Buffer
	// run sees every endpoint for the rules graded across the run; kept
	// holds what those rules read of each result until the run is over.
	run   *rules.RunView
	kept  []scanner.Result
	final io.Writer
	color bool
}

// writer is a report format: text, NDJSON or ECS.
type writer interface {
	Endpoint(r scanner.Result, fs []rules.Finding) error
	// Across writes the findings of the rules graded across the run, for
	// one endpoint, once the run is over.
	Across(r scanner.Result, fs []rules.Finding) error
	Changes(cs []report.Change) error
	Summary(s report.Summary) error
}

// ndjsonWriter writes the certificate and endpoint events of a result,
// then its finding events.
type ndjsonWriter struct{ *report.NDJSON }

func (w ndjsonWriter) Endpoint(r scanner.Result, fs []rules.Finding) error {
	if err := w.NDJSON.Endpoint(r); err != nil {
		return err
	}
	return w.NDJSON.Findings(r, fs)
}

func (w ndjsonWriter) Across(r scanner.Result, fs []rules.Finding) error {
	return w.NDJSON.Findings(r, fs)
}

// ecsWriter writes a result's ECS documents, then its findings.
type ecsWriter struct{ *report.ECS }

func (w ecsWriter) Endpoint(r scanner.Result, fs []rules.Finding) error {
	if err := w.ECS.Endpoint(r); err != nil {
		return err
	}
	return w.ECS.Findings(r, fs)
}

func (w ecsWriter) Across(r scanner.Result, fs []rules.Finding) error { return w.ECS.Findings(r, fs) }

// textWriter is the text report; its changes are written before it, by the
// grader.
type textWriter struct{ *report.Text }

func (textWriter) Changes([]report.Change) error { return nil }

func newGrader(o gradeOptions, now time.Time, out, diag io.Writer, color bool, runID string, roots *pki.Pool) (*grader, error) {
	ctx, err := rules.NewContext(o.profile, o.horizon, now)
	if err != nil {
		return nil, &usageError{err, "use --profile anssi or --profile anssi-strict, and --horizon YEAR"}
	}
	ctx.ExpiryWarning = o.expiryWarning
	if o.caJurisdiction != "" {
		db, err := jurisdiction.Default().WithUserFile(o.caJurisdiction)
		if err != nil {
			return nil, &usageError{err, "the file declares CAs in YAML, each with a justification (see README, \"CA jurisdiction\")"}
		}
		ctx.Jurisdiction = db
	}
	if o.waivers != "" {
		ws, warnings, err := rules.LoadWaiverFile(o.waivers, ctx.Time)
		if err != nil {
			return nil, &usageError{err, "each waiver names a rule, an expiry date and a reason (see README, \"Waivers\")"}
		}
		for _, w := range warnings {
			fmt.Fprintf(diag, "cryptoscan: warning: %s\n", w)
		}
		ctx.Waivers = ws
	}
	g := &grader{
		ctx: ctx, failOn: o.failOn, onlyFailures: o.onlyFailures,
		endpoints: make(map[report.Verdict]int), statuses: make(map[rules.Status]int),
		roots: roots, final: out, color: color,
		run: rules.NewRunView(),
	}
	if o.baseline != "" {
		f, err := os.Open(o.baseline)
		if err != nil {
			return nil, &usageError{fmt.Errorf("--baseline: %w", err), "give the NDJSON a previous cryptoscan --format json run wrote"}
		}
		g.base, err = report.ReadBaseline(f)
		f.Close()
		if err != nil {
			return nil, &usageError{fmt.Errorf("--baseline %s: %w", o.baseline, err), "give the NDJSON a previous cryptoscan --format json run wrote"}
		}
		g.snap = report.NewSnapshot(runID, ctx.Time)
	}
	run := report.Run{ID: runID, Now: func() time.Time { return now }}
	switch o.format {
	case formatJSON:
		g.out = ndjsonWriter{report.NewNDJSON(out, run)}
	case formatECS:
		p := g.provenance()
		p.Depth = o.depth
		g.out = ecsWriter{report.NewECS(out, run, report.ECSOptions{Provenance: p})}
	default:
		if g.base != nil {
			g.text = new(bytes.Buffer) // the changes come first
			out = g.text
		}
		g.out = textWriter{report.NewText(out, color)}
	}
	return g, nil
}

// result grades r and writes it.
func (g *grader) result(r scanner.Result) error {
	fs := rules.Evaluate(&r, g.ctx)
	g.run.Add(&r)
	g.kept = append(g.kept, rules.ForRun(r))
	v := report.VerdictOf(r, fs)
	g.endpoints[v]++
	if v == report.Incomplete || resultIncomplete(r) {
		g.incomplete = true
	}
	kept := g.count(fs)
	if kept == nil {
		kept = []rules.Finding{} // graded, even with nothing to show
	}
	if g.snap != nil {
		g.snap.Add(r, fs)
	}
	return g.out.Endpoint(r, kept)
}

// count adds fs to the run's tallies and returns those the report keeps.
// Whether the run is incomplete is the endpoints' business (result): a
// rule graded across the run is incomplete only where the endpoint's own
// chains were, which already made it so.
func (g *grader) count(fs []rules.Finding) []rules.Finding {
	var kept []rules.Finding
	for _, f := range fs {
		g.statuses[f.Status]++
		if report.FailsAt(f, g.failOn) {
			g.failed = true
		}
		if !g.onlyFailures || report.NeedsAction(f) {
			kept = append(kept, f)
		}
	}
	return kept
}

// across grades the rules that compare each endpoint with the run's
// others (ANSSI-TLS-R30), once every result is in, and writes their
// findings. An interrupted run is not graded across: the others are not
// all known.
func (g *grader) across(interrupted bool) error {
	if interrupted {
		return nil
	}
	ctx := g.ctx
	ctx.Run = g.run
	for _, r := range g.kept {
		fs := rules.EvaluateRun(&r, ctx)
		if g.snap != nil {
			g.snap.AddFindings(r.Endpoint, fs)
		}
		if err := g.out.Across(r, g.count(fs)); err != nil {
			return err
		}
	}
	g.kept = nil
	return nil
}

// changes writes the drift against the baseline, if any: events in JSON
// and ECS; in text, the changes then the report held back so far.
func (g *grader) changes(interrupted bool) error {
	if g.base == nil {
		return nil
	}
	cs := report.Diff(g.base, g.snap, report.DiffOptions{ExpiryWindow: g.ctx.ExpiryWindow(), Interrupted: interrupted})
	if g.text != nil {
		if err := report.WriteChangesText(g.final, g.base.Ref(), cs, g.color); err != nil {
			return err
		}
		return g.flushText()
	}
	return g.out.Changes(cs)
}

// flushText copies the text report held back while changes were not
// known.
func (g *grader) flushText() error {
	if g.text == nil {
		return nil
	}
	_, err := g.final.Write(g.text.Bytes())
	g.text.Reset()
	return err
}

// exitCode is the run's exit code by DESIGN.md's precedence: findings at
// or above --fail-on, then incomplete.
func (g *grader) exitCode(interrupted bool) int {
	switch {
	case g.failed:
		return exitFindings
	case g.incomplete || interrupted:
		return exitIncomplete
	}
	return exitOK
}

// summary closes the report. undelivered counts the events the sinks
// dropped so far; any makes the run incomplete.
func (g *grader) summary(p report.Provenance, interrupted bool, undelivered int, skipped []report.NotScanned) error {
	code := g.exitCode(interrupted)
	if undelivered > 0 && code == exitOK {
		code = exitIncomplete
	}
	err := g.out.Summary(report.Summary{
		Provenance:  p,
		Endpoints:   g.endpoints,
		Findings:    g.statuses,
		Interrupted: interrupted,
		ExitCode:    code,
		Undelivered: undelivered,
		NotScanned:  skipped,
	})
	if err != nil {
		return err
	}
	return g.flushText()
}

// provenance describes this grading: tool, catalogue, CA data, root store,
// profile, horizon, time.
func (g *grader) provenance() report.Provenance {
	st := g.roots.Store()
	store := st.Module + "@" + st.Version + " (" + strconv.Itoa(st.MozillaRoots) + " Mozilla roots"
	if st.ExtraRoots > 0 {
		store += fmt.Sprintf(", %d from --ca-file", st.ExtraRoots)
	}
	store += ")"
	ca := jurisdiction.DataVersion
	if g.ctx.Jurisdiction != nil {
		ca += " + the declarations of --ca-jurisdiction"
	}
	return report.Provenance{
		ToolVersion:      buildVersion(),
		CatalogueVersion: rules.CatalogueVersion + " (zlint " + zlintVersion() + ")",
		CADataVersion:    ca,
		RootStore:        store,
		Profile:          g.ctx.Profile.Name,
		Horizon:          g.ctx.Year(),
		EvaluatedAt:      g.ctx.Time,
		FailOn:           g.failOn,
		Documents:        rules.CatalogueMetadata().Documents,
	}
}

// zlintVersion is the version of github.com/zmap/zlint/v3 built in, as
// the binary records it ("unknown" in a test binary without build info).
func zlintVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/zmap/zlint/v3" {
				return d.Version
			}
		}
	}
	return "unknown"
}
