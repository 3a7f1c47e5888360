package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// runRules is "cryptoscan rules [--format text|json] [--coverage]".
func (c *cli) runRules(args []string) int {
	fs := flag.NewFlagSet("cryptoscan rules", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", formatText, "")
	coverage := fs.Bool("coverage", false, "")
	if err := fs.Parse(args); err != nil {
		c.usageErr(&usageError{err, "usage: cryptoscan rules [--format text|json] [--coverage]"})
		return exitUsage
	}
	if fs.NArg() > 0 {
		c.usageErr(&usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0)), "usage: cryptoscan rules [--format text|json] [--coverage]"})
		return exitUsage
	}
	if *format != formatText && *format != formatJSON {
		c.usageErr(&usageError{fmt.Errorf("unknown format %q", *format), "use --format text or --format json"})
		return exitUsage
	}
	var err error
	switch {
	case *coverage && *format == formatJSON:
		err = writeJSON(c.stdout, rules.Coverage())
	case *coverage:
		err = writeCoverage(c.stdout, rules.Coverage())
	case *format == formatJSON:
		err = writeJSON(c.stdout, struct {
			Catalogue rules.Metadata `json:"catalogue"`
			Rules     []*rules.Rule  `json:"rules"`
		}{rules.CatalogueMetadata(), rules.All()})
	default:
		err = writeCatalogue(c.stdout, rules.All())
	}
	if err != nil {
		c.errorf("%v", err)
		return exitIncomplete
	}
	return exitOK
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeCatalogue(w io.Writer, all []*rules.Rule) error {
	b := bufio.NewWriter(w)
	m := rules.CatalogueMetadata()
	fmt.Fprintf(b, "cryptoscan rule catalogue %s: %d rules\n", m.Version, len(all))
	for _, d := range m.Documents {
		fmt.Fprintf(b, "  %s %s (%s)", d.Title, d.Edition, d.Date)
		if d.Note != "" {
			fmt.Fprintf(b, ": %s", d.Note)
		}
		fmt.Fprintln(b)
	}
	for _, r := range all {
		fmt.Fprintf(b, "\n%s  [%s]  %s\n  %s\n", r.ID, r.Severity, r.Title, r.Reference.String())
		if r.Fix != "" {
			fmt.Fprintf(b, "  fix: %s\n", r.Fix)
		}
	}
	return b.Flush()
}

func writeCoverage(w io.Writer, entries []rules.CoverageEntry) error {
	b := bufio.NewWriter(w)
	counts := map[rules.CoverageStatus]int{}
	doc := ""
	for _, e := range entries {
		counts[e.Status]++
		if e.Document != doc {
			doc = e.Document
			fmt.Fprintf(b, "\n%s\n", doc)
		}
		what := strings.Join(e.Rules, ", ")
		switch {
		case what == "" && len(e.Planned) > 0:
			what = "planned: " + strings.Join(e.Planned, ", ")
		case what == "":
			what = "-"
		}
		fmt.Fprintf(b, "  %-8s %-13s %s\n", e.Item, e.Status, what)
		if e.Note != "" {
			fmt.Fprintf(b, "           %s\n", e.Note)
		}
	}
	var parts []string
	for _, st := range slices.Sorted(func(yield func(rules.CoverageStatus) bool) {
		for st := range counts {
			if !yield(st) {
				return
			}
		}
	}) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
	}
	fmt.Fprintf(b, "\n%d requirements: %s\n", len(entries), strings.Join(parts, ", "))
	return b.Flush()
}

// runEvaluate is "cryptoscan evaluate [grading flags] SAVED.ndjson": it
// re-grades the endpoint (and certificate) events of a saved report with
// the current catalogue, profile and horizon, without touching the
// network. "-" reads standard input.
func (c *cli) runEvaluate(args []string) int {
	var g gradeOptions
	fs := flag.NewFlagSet("cryptoscan evaluate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.format, "format", formatText, "")
	output := ""
	fs.StringVar(&output, "o", "", "")
	fs.StringVar(&output, "output", "", "")
	addGradeFlags(fs, &g)
	const hint = "usage: cryptoscan evaluate [--format text|json] [--profile P] [--horizon YEAR] [--fail-on LEVEL] [--only-failures] SAVED.ndjson"
	if err := fs.Parse(args); err != nil {
		c.usageErr(&usageError{err, hint})
		return exitUsage
	}
	if fs.NArg() != 1 {
		c.usageErr(&usageError{errors.New("evaluate takes exactly one saved report"), hint})
		return exitUsage
	}
	if g.format != formatText && g.format != formatJSON && g.format != formatECS {
		c.usageErr(&usageError{fmt.Errorf("unknown format %q", g.format), "use --format text or --format json"})
		return exitUsage
	}
	if err := checkGradeFlags(g); err != nil {
		c.usageErr(err)
		return exitUsage
	}
	input := fs.Arg(0)
	var in io.Reader = c.stdin
	if input != "-" {
		f, err := os.Open(input)
		if err != nil {
			c.usageErr(&usageError{err, "give the file a cryptoscan --format json run wrote"})
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	results, err := readSaved(in)
	if err != nil {
		c.usageErr(&usageError{fmt.Errorf("%s: %w", input, err), "give the file a cryptoscan --format json run wrote"})
		return exitUsage
	}
	out := c.stdout
	var file *outputFile
	if output != "" {
		if file, err = createOutput(output); err != nil {
			c.errorf("%v", err)
			return exitUsage
		}
		defer file.abort()
		out = file
	}
	color := file == nil && c.stdoutTerminal && c.getenv("NO_COLOR") == "" && c.getenv("TERM") != "dumb"
	roots, err := pki.MozillaPool()
	if err != nil {
		c.errorf("%v", err)
		return exitIncomplete
	}
	gr, err := newGrader(g, time.Now(), out, c.stderr, color, report.NewRunID(cryptoRand), roots)
	if err != nil {
		c.usageErr(err)
		return exitUsage
	}
	for _, r := range results {
		if err := gr.result(r); err != nil {
			c.errorf("%v", err)
			return exitIncomplete
		}
	}
	if err := gr.across(false); err != nil {
		c.errorf("%v", err)
		return exitIncomplete
	}
	if err := gr.changes(false); err != nil {
		c.errorf("%v", err)
		return exitIncomplete
	}
	p := gr.provenance()
	p.Offline, p.Input = true, input
	if err := gr.summary(p, false, 0, nil); err != nil {
		c.errorf("%v", err)
		return exitIncomplete
	}
	if file != nil {
		if err := file.commit(); err != nil {
			c.errorf("%v", err)
			return exitIncomplete
		}
	}
	return gr.exitCode(false)
}

// savedEvent is what evaluate reads back of an event.
type savedEvent struct {
	Event       string                   `json:"event"`
	Time        time.Time                `json:"time"`
	Endpoint    scanner.Endpoint         `json:"endpoint"`
	TLS         *scanner.TLSObservation  `json:"tls"`
	SSH         *scanner.SSHObservation  `json:"ssh"`
	IKE         *scanner.IKEObservation  `json:"ike"`
	DNS         *dnsprobe.Observation    `json:"dns"`
	Error       *scanner.Unknown         `json:"error"`
	Stats       scanner.Stats            `json:"stats"`
	Certificate *scanner.CertificateFact `json:"certificate"`
}

// readSaved reads the endpoint events of a saved NDJSON report, each with
// the certificates its chains refer to. Every line must be a valid event
// of the schema; finding, summary and change events are skipped (they are
// what evaluate recomputes).
func readSaved(r io.Reader) ([]scanner.Result, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	certs := make(map[string]scanner.CertificateFact)
	var out []scanner.Result
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		if err := schema.Validate(line); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		var ev savedEvent
		if err := json.Unmarshal(line, &ev); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		switch ev.Event {
		case "certificate":
			certs[ev.Certificate.SHA256] = *ev.Certificate
		case "endpoint":
			res := scanner.Result{Endpoint: ev.Endpoint, Start: ev.Time, TLS: ev.TLS, SSH: ev.SSH, IKE: ev.IKE, DNS: ev.DNS, Error: ev.Error, Stats: ev.Stats}
			if res.TLS != nil {
				seen := map[string]bool{}
				for _, ch := range res.TLS.Certificates {
					for _, ref := range ch.Chain {
						c, ok := certs[ref.SHA256]
						if !ok {
							return nil, fmt.Errorf("line %d: certificate %s is referred to before its certificate event", n, ref.SHA256)
						}
						if !seen[ref.SHA256] {
							seen[ref.SHA256] = true
							res.Certificates = append(res.Certificates, c)
						}
					}
				}
			}
			out = append(out, res)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no endpoint event")
	}
	return out, nil
}
