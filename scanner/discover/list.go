package discover

import (
	"bytes"
	"strings"
	"text/tabwriter"
)

// ListLines renders targets for people (--list-targets), one line each,
// in the order given, columns aligned:
//
//	scan  tls   example.fr[192.0.2.10]:443          sni example.fr       A example.fr
//	skip  smtp  mx.provider.net[198.51.100.25]:25   sni mx.provider.net  MX example.fr (pref 20)  out of scope: mx.provider.net is not under example.fr
//
// The first word says whether the endpoint is scanned ("scan") or not
// ("skip", out of scope); an out-of-scope endpoint scanned anyway
// (Config.FollowOutOfScope) says "out of scope, followed". The source is
// followed by the input line it came from when that is a file, and by
// the other records that led to the same endpoint.
func ListLines(targets []Target) []string {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, t := range targets {
		ep := t.Endpoint
		status := "scan"
		if !t.Scan {
			status = "skip"
		}
		sni := "no sni"
		if ep.SNI != "" {
			sni = "sni " + ep.SNI
		}
		source := ep.Source
		if t.Origin != "" && t.Origin != "argument" && t.Origin != source {
			source += " (" + t.Origin + ")"
		}
		if len(t.AlsoFoundAs) > 0 {
			source += "; also " + strings.Join(t.AlsoFoundAs, "; ")
		}
		note := ""
		switch {
		case !t.InScope && t.Scan:
			note = "out of scope, followed: " + t.ScopeReason
		case !t.InScope:
			note = "out of scope: " + t.ScopeReason
		}
		// Names from DNS have no tab or newline; sources are ours.
		tw.Write([]byte(status + "\t" + ep.Protocol + "\t" + ep.String() + "\t" + sni + "\t" + source + "\t" + note + "\n"))
	}
	tw.Flush()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(targets) == 0 {
		return nil
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}
