package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Text writes a readable report, one block per endpoint. Facts that could
// not be established are printed with their reason, never left out.
// It is safe for concurrent use.
type Text struct {
	mu       sync.Mutex
	w        io.Writer
	color    bool
	n        int // blocks written
	verdicts []endpointVerdict
	across   []acrossFinding // findings graded across the run, for the summary
	compared int             // endpoints graded across the run
}

// acrossFinding is a finding of a rule graded across the run.
type acrossFinding struct {
	ep scanner.Endpoint
	f  rules.Finding
}

// Across records the findings of the rules graded across the run for one
// endpoint (ANSSI-TLS-R30); the summary lists those that need action.
func (t *Text) Across(r scanner.Result, fs []rules.Finding) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.compared++
	for _, f := range fs {
		if NeedsAction(f) || f.Status == rules.Waived {
			t.across = append(t.across, acrossFinding{r.Endpoint, f})
		}
	}
	return nil
}

type endpointVerdict struct {
	ep      scanner.Endpoint
	verdict Verdict
	counts  map[rules.Status]int
}

// NewText returns a text writer to w; color turns on ANSI colours (for a
// terminal).
func NewText(w io.Writer, color bool) *Text {
	return &Text{w: w, color: color}
}

const (
	ansiBold   = "\x1b[1m"
	ansiYellow = "\x1b[33m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiReset  = "\x1b[0m"
)

// block accumulates one endpoint's text.
type block struct {
	bytes.Buffer
	color bool
}

func (b *block) paint(code, s string) string {
	if !b.color {
		return s
	}
	return code + s + ansiReset
}

func (b *block) line(indent int, format string, args ...any) {
	b.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(b, format, args...)
	b.WriteByte('\n')
}

// Endpoint writes the block of one endpoint, preceded by a blank line
// after the first: the verdict and the findings that need action first
// (when fs is not nil: the endpoint was graded), then the facts.
func (t *Text) Endpoint(r scanner.Result, fs []rules.Finding) error {
	b := &block{color: t.color}
	writeEndpoint(b, r, fs)
	t.mu.Lock()
	defer t.mu.Unlock()
	if fs != nil {
		t.verdicts = append(t.verdicts, endpointVerdict{r.Endpoint, VerdictOf(r, fs), countStatuses(fs)})
	}
	if t.n > 0 {
		if _, err := io.WriteString(t.w, "\n"); err != nil {
			return fmt.Errorf("failed to write report for %s: %w", r.Endpoint, err)
		}
	}
	t.n++
	if _, err := t.w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("failed to write report for %s: %w", r.Endpoint, err)
	}
	return nil
}

func writeEndpoint(b *block, r scanner.Result, fs []rules.Finding) {
	ep := r.Endpoint
	sni := "  no sni"
	switch {
	case ep.SNI != "":
		sni = "  sni=" + ep.SNI
	case ep.Protocol == "ssh" || ep.Protocol == "ike":
		sni = "" // SSH and IKE name no server
	}
	b.line(0, "%s  %s%s  source=%s", b.paint(ansiBold, ep.String()), ep.Protocol, sni, ep.Source)
	if fs != nil {
		writeFindings(b, r, fs)
	}
	if r.Error != nil {
		b.line(1, "%s %s", b.paint(ansiRed, "error:"), withDetail(string(r.Error.Reason), r.Error.Detail))
	}
	switch {
	case r.TLS != nil:
		writeTLS(b, r.TLS)
	case r.SSH != nil:
		writeSSH(b, r.SSH)
	case r.IKE != nil:
		writeIKE(b, r.IKE)
	case r.Error == nil:
		b.line(1, "%s", b.paint(ansiYellow, ep.Protocol+": no observation"))
	}
	s := r.Stats
	b.line(1, "stats: %s, %s, %d ms", plural(s.Connections, "connection"), plural(s.Errors, "error"), s.DurationMS)
}

func writeTLS(b *block, o *scanner.TLSObservation) {
	writeVersions(b, o)
	writeSuites(b, o)
	writeGroups(b, o)
	writeDHParams(b, o)
	writeCertificates(b, o.Certificates)
	writeSignatureSchemes(b, o)
	writeExtensions(b, o)
	writeBehaviour(b, o.Extensions)
	writeGaps(b, o)
	if len(o.Notes) > 0 {
		b.line(1, "notes")
		for _, n := range o.Notes {
			b.line(2, "- %s", n)
		}
	}
}

// writeIKE lists what an IKE responder showed: the versions it answers,
// the IKEv2 transforms it accepts by type (key exchanges in its order),
// how complete each list is, the IKEv1 transforms it chose, and what its
// answers carried.
func writeIKE(b *block, o *scanner.IKEObservation) {
	version := func(name string, v scanner.VersionStatus) {
		switch v.Status {
		case scanner.Supported:
			b.line(1, "%s: supported", name)
		case scanner.NotSupported:
			b.line(1, "%s: not supported", name)
		default:
			b.line(1, "%s: %s", name, b.paint(ansiYellow, "unknown ("+withDetail(string(v.Reason), v.Detail)+")"))
		}
	}
	version("IKEv2", o.V2)
	version("IKEv1", o.V1)
	titles := map[string]string{
		scanner.IKEEncryption: "encryption", scanner.IKEPRF: "prf", scanner.IKEIntegrity: "integrity",
		scanner.IKEKeyExchange: "key exchange (responder's order)",
	}
	for _, typ := range scanner.IKETransformTypes {
		var names []string
		for _, t := range o.Transforms {
			if t.Type != typ {
				continue
			}
			n := t.Name
			if t.KeyBits > 0 {
				n += fmt.Sprintf(" %d", t.KeyBits)
			}
			if typ == scanner.IKEKeyExchange {
				n += fmt.Sprintf(" (group %d)", t.ID) // as configurations name them
			}
			names = append(names, n)
		}
		status := ""
		for _, e := range o.Enumerations {
			if e.Type == typ && e.Status != scanner.EnumComplete {
				status = "  " + b.paint(ansiYellow, string(e.Status)+" ("+withDetail(string(e.Reason), e.Detail)+")")
			}
		}
		if len(names) == 0 && status == "" {
			continue
		}
		b.line(1, "%s%s", titles[typ], status)
		for _, n := range names {
			b.line(2, "%s", n)
		}
	}
	if len(o.V1Offers) > 0 {
		b.line(1, "IKEv1 Main Mode offers")
	}
	for _, f := range o.V1Offers {
		what := fmt.Sprintf("%s offer (%d transforms)", f.Kind, f.Transforms)
		switch {
		case f.Status == scanner.Supported && f.Chosen != nil:
			if len(f.Refused) > 0 {
				what += "; refused: " + strings.Join(f.Refused, ", ")
			}
			t := f.Chosen
			enc := t.Encryption
			if t.KeyBits > 0 {
				enc += fmt.Sprintf(" %d", t.KeyBits)
			}
			b.line(2, "%s: chose %s mode %s, %s, %s, %s", what, t.Mode, enc, t.Hash, t.Auth, t.Group)
		case f.Status == scanner.NotSupported && f.Kind == scanner.IKEv1Weak:
			b.line(2, "%s: none chosen; refused: %s", what, strings.Join(f.Refused, ", "))
		case f.Status == scanner.NotSupported && f.Detail != "":
			b.line(2, "%s: none chosen (%s)", what, f.Detail)
		case f.Status == scanner.NotSupported:
			b.line(2, "%s: none chosen", what)
		default:
			b.line(2, "%s: %s", what, b.paint(ansiYellow, "unknown ("+withDetail(string(f.Reason), f.Detail)+")"))
		}
	}
	for _, n := range o.Notifications {
		name := n.Name
		if name == "" {
			name = strconv.Itoa(int(n.Type))
		}
		switch {
		case len(n.Values) > 0:
			b.line(1, "notification %s: %s", name, strings.Join(n.Values, ", "))
		case n.Data != "":
			b.line(1, "notification %s: %s", name, n.Data)
		default:
			b.line(1, "notification %s", name)
		}
	}
	for _, v := range o.VendorIDs {
		if v.Name != "" {
			b.line(1, "vendor ID: %s (%s)", v.Name, v.Hex)
		} else {
			b.line(1, "vendor ID: %s", v.Hex)
		}
	}
	if a := o.Auth; a != nil {
		switch a.Status {
		case scanner.Supported:
			line := fmt.Sprintf("IKE_AUTH (EAP asked): identity %s %s, authenticated by %s", a.IDType, a.ID, a.AuthMethod)
			if a.SignatureAlgorithm != "" {
				line += " (" + a.SignatureAlgorithm + ")"
			}
			b.line(1, "%s", line)
		case scanner.NotSupported:
			b.line(1, "IKE_AUTH (EAP asked): the responder did not authenticate itself (%s)", a.Detail)
		default:
			b.line(1, "IKE_AUTH (EAP asked): %s", b.paint(ansiYellow, "unknown ("+withDetail(string(a.Reason), a.Detail)+")"))
		}
		if len(a.CertificateRequests) > 0 {
			b.line(2, "certificate requests (CA key SHA-1): %s", strings.Join(a.CertificateRequests, ", "))
		}
		writeCertificates(b, a.Certificates)
	}
	if o.Cookie {
		b.line(1, "the responder asked for a cookie (its denial-of-service protection was on)")
	}
	for _, n := range o.Notes {
		b.line(1, "note: %s", n)
	}
}

// writeSSH lists what an SSH server showed: its banner, the KEXINIT lists
// in its order, the host keys and the group exchange's modulus for a
// 1024-bit request.
func writeSSH(b *block, o *scanner.SSHObservation) {
	if o.Banner != "" {
		b.line(1, "banner: %s", o.Banner)
	}
	if u := o.KexInit; u != nil {
		b.line(1, "%s", b.paint(ansiYellow, "algorithms: unknown ("+withDetail(string(u.Reason), u.Detail)+")"))
	} else {
		lists := []struct {
			name  string
			names []string
		}{
			{"key exchange", o.Kex}, {"host key algorithms", o.HostKeyAlgorithms},
			{"ciphers", o.Ciphers}, {"ciphers server to client", o.CiphersServerToClient},
			{"macs", o.MACs}, {"macs server to client", o.MACsServerToClient}, {"compression", o.Compression},
		}
		for _, l := range lists {
			if len(l.names) == 0 {
				continue
			}
			b.line(1, "%s", l.name)
			for _, n := range l.names {
				b.line(2, "%s", n)
			}
		}
	}
	if len(o.HostKeys) > 0 {
		b.line(1, "host keys")
		for _, k := range o.HostKeys {
			if k.Status != scanner.Supported {
				b.line(2, "%s  %s", k.Algorithm, b.paint(ansiYellow, "unknown ("+withDetail(string(k.Reason), k.Detail)+")"))
				continue
			}
			line := fmt.Sprintf("%s  %s %d bits  %s", k.Algorithm, k.Type, k.Bits, k.SHA256)
			if c := k.Certificate; c != nil {
				line += fmt.Sprintf("  certified by %s %d bits %s", c.CAType, c.CABits, c.CASHA256)
			}
			b.line(2, "%s", line)
		}
	}
	if g := o.GroupExchange; g != nil {
		if g.Status == scanner.Supported {
			b.line(1, "group exchange: %s, %d-bit modulus for a 1024-bit request", g.Algorithm, g.Bits)
		} else {
			b.line(1, "group exchange: %s, %s", g.Algorithm, b.paint(ansiYellow, "unknown ("+withDetail(string(g.Reason), g.Detail)+")"))
		}
	}
	if a := o.Auth; a != nil {
		switch {
		case a.Unknown != nil:
			b.line(1, "authentication for %q: %s", a.User, b.paint(ansiYellow, "unknown ("+withDetail(string(a.Unknown.Reason), a.Unknown.Detail)+")"))
		case a.NoneAccepted:
			b.line(1, "authentication for %q: %s", a.User, b.paint(ansiRed, "none required"))
		case len(a.Methods) == 0:
			b.line(1, "authentication for %q: no method offered", a.User)
		default:
			b.line(1, "authentication for %q: %s", a.User, strings.Join(a.Methods, ", "))
		}
	}
	if len(o.LegacyServices) > 0 {
		b.line(1, "legacy services on this address")
		for _, l := range o.LegacyServices {
			state := string(l.State)
			switch {
			case l.State == scanner.PortUnknown:
				state = b.paint(ansiYellow, "unknown ("+withDetail(string(l.Reason), l.Detail)+")")
			case l.State == scanner.PortOpen && l.Confirmed:
				state = b.paint(ansiRed, "open, "+l.Service+" answers")
				if l.AuthTLS != nil && *l.AuthTLS {
					state += " (AUTH TLS accepted)"
				} else if l.AuthTLS != nil {
					state += " (AUTH TLS refused)"
				}
			case l.State == scanner.PortOpen:
				state = b.paint(ansiYellow, "open, unidentified")
			}
			if l.State != scanner.PortUnknown && l.Detail != "" {
				state += " (" + l.Detail + ")"
			}
			b.line(2, "%-7s  %-6s  %s", fmt.Sprintf("%d/tcp", l.Port), l.Service, state)
		}
	}
}

// newestFirst returns the distinct versions of items, newest first.
func newestFirst[T any](items []T, version func(T) scanner.Version) []scanner.Version {
	var vs []scanner.Version
	for _, it := range items {
		if v := version(it); !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, func(a, b scanner.Version) int { return int(b) - int(a) })
	return vs
}

func writeVersions(b *block, o *scanner.TLSObservation) {
	b.line(1, "versions")
	if len(o.Versions) == 0 {
		b.line(2, "%s", b.paint(ansiYellow, "none reported"))
		return
	}
	facts := slices.Clone(o.Versions)
	slices.SortStableFunc(facts, func(x, y scanner.VersionFact) int { return int(y.Version) - int(x.Version) })
	if allSameUnknown(facts) {
		// An endpoint that answered nothing: one line, not six copies.
		b.line(2, "%-7s  %s", "all", versionStatus(b, facts[0]))
		return
	}
	for _, f := range facts {
		b.line(2, "%-7s  %s", f.Version, versionStatus(b, f))
	}
	for _, v := range slices.Backward(scanner.Versions) {
		if !slices.ContainsFunc(o.Versions, func(f scanner.VersionFact) bool { return f.Version == v }) {
			b.line(2, "%-7s  %s", v, b.paint(ansiYellow, "not reported"))
		}
	}
}

func versionStatus(b *block, f scanner.VersionFact) string {
	switch f.Status {
	case scanner.Supported:
		return "supported"
	case scanner.NotSupported:
		if f.Reason != "" {
			return "not supported (" + withDetail(string(f.Reason), f.Detail) + ")"
		}
		return "not supported"
	case scanner.StatusUnknown:
		reason := string(f.Reason)
		if reason == "" {
			reason = "no reason given"
		}
		return b.paint(ansiYellow, "unknown ("+withDetail(reason, f.Detail)+")")
	}
	return b.paint(ansiYellow, string(f.Status))
}

// allSameUnknown reports whether facts has every version, all unknown for
// the same reason.
func allSameUnknown(facts []scanner.VersionFact) bool {
	if len(facts) != len(scanner.Versions) {
		return false
	}
	for _, f := range facts {
		if f.Status != scanner.StatusUnknown || f.Reason != facts[0].Reason || f.Detail != facts[0].Detail {
			return false
		}
	}
	return true
}

func writeSuites(b *block, o *scanner.TLSObservation) {
	if len(o.CipherSuites) == 0 {
		return
	}
	b.line(1, "cipher suites")
	for _, v := range newestFirst(o.CipherSuites, func(s scanner.SuiteFact) scanner.Version { return s.Version }) {
		var suites []scanner.SuiteFact
		for _, s := range o.CipherSuites {
			if s.Version == v {
				suites = append(suites, s)
			}
		}
		order, label := orderOf(b, o, v)
		if len(order) > 0 {
			slices.SortStableFunc(suites, func(x, y scanner.SuiteFact) int { return rank(order, x.Code) - rank(order, y.Code) })
		}
		if e, ok := enumeration(o, v, scanner.EnumCipherSuites); ok && e.Scope == scanner.ScopeNonCompliant {
			label += ", non-compliant candidates only"
		}
		b.line(2, "%-7s  %s", v, label)
		for _, s := range suites {
			switch s.EncryptThenMAC {
			case "":
				b.line(3, "%-6s  %s", s.Code, s.Name)
			case scanner.Supported:
				b.line(3, "%-6s  %s  (encrypt_then_mac)", s.Code, s.Name)
			default:
				b.line(3, "%-6s  %s  (%s)", s.Code, s.Name, b.paint(ansiYellow, "no encrypt_then_mac"))
			}
		}
	}
}

// orderOf returns the server's preference for v when enforced, and the
// label saying whose order applies.
func orderOf(b *block, o *scanner.TLSObservation, v scanner.Version) ([]scanner.Code, string) {
	for _, f := range o.ServerOrder {
		if f.Version != v {
			continue
		}
		switch {
		case f.Enforced == nil:
			s := "order unknown"
			if f.Reason != "" {
				s += " (" + string(f.Reason) + ")"
			}
			return nil, b.paint(ansiYellow, s)
		case *f.Enforced && f.Mixed:
			return f.Order, b.paint(ansiYellow, "server order, but depends on the client's ("+f.Detail+")")
		case *f.Enforced:
			return f.Order, "server order"
		default:
			return nil, "client order"
		}
	}
	return nil, b.paint(ansiYellow, "order not reported")
}

// rank is the position of c in order; codes not in it come last.
func rank(order []scanner.Code, c scanner.Code) int {
	if i := slices.Index(order, c); i >= 0 {
		return i
	}
	return len(order)
}

func enumeration(o *scanner.TLSObservation, v scanner.Version, k scanner.EnumKind) (scanner.Enumeration, bool) {
	for _, e := range o.Enumerations {
		if e.Version == v && e.Kind == k {
			return e, true
		}
	}
	return scanner.Enumeration{}, false
}

func writeGroups(b *block, o *scanner.TLSObservation) {
	if len(o.Groups) == 0 {
		return
	}
	b.line(1, "groups")
	for _, v := range newestFirst(o.Groups, func(g scanner.GroupFact) scanner.Version { return g.Version }) {
		label := ""
		if e, ok := enumeration(o, v, scanner.EnumGroups); ok && e.Scope == scanner.ScopeNonCompliant {
			label = "  non-compliant candidates only"
		}
		b.line(2, "%s%s", v, label)
		for _, g := range o.Groups {
			if g.Version != v {
				continue
			}
			if g.Preferred {
				b.line(3, "%-6s  %s  (preferred)", g.Code, g.Name)
			} else {
				b.line(3, "%-6s  %s", g.Code, g.Name)
			}
		}
	}
}

func writeDHParams(b *block, o *scanner.TLSObservation) {
	if len(o.DHParams) == 0 {
		return
	}
	b.line(1, "dh parameters")
	for _, p := range o.DHParams {
		suite := p.Suite.String()
		for _, s := range o.CipherSuites {
			if s.Version == p.Version && s.Code == p.Suite {
				suite += "  " + s.Name
				break
			}
		}
		group := "custom prime sha256:" + p.PrimeSHA256
		if p.Known != "" {
			group = p.Known
		}
		offered := "no ffdhe groups offered"
		if p.OfferedFFDHE {
			offered = "ffdhe groups offered"
		}
		b.line(2, "%-7s  %s: %d bits, generator %d, %s (%s)", p.Version, suite, p.Bits, p.Generator, group, offered)
	}
}

func writeCertificates(b *block, chains []scanner.ChainFact) {
	if len(chains) == 0 {
		return
	}
	b.line(1, "certificate chains")
	for i, c := range chains {
		var vs []string
		for _, v := range c.Versions {
			vs = append(vs, v.String())
		}
		verdict := b.paint(ansiGreen, "trusted")
		if !c.Trusted {
			verdict = b.paint(ansiRed, "not trusted")
		}
		name := "name matches " + c.ServerName
		if !c.HostnameMatch {
			name = b.paint(ansiRed, "name does not match "+c.ServerName)
		}
		switch {
		case c.SNI && c.WithoutSNI:
			vs = append(vs, "with and without SNI")
		case c.WithoutSNI:
			vs = append(vs, "without SNI")
		}
		if len(vs) > 0 {
			b.line(2, "#%d (%s): %s, %s", i+1, strings.Join(vs, ", "), verdict, name)
		} else {
			b.line(2, "#%d: %s, %s", i+1, verdict, name) // an IKE chain: no versions, no SNI
		}
		for j, r := range c.Chain {
			key := string(r.KeyType)
			if r.KeyBits > 0 {
				key += fmt.Sprintf(" %d", r.KeyBits)
			}
			if r.Curve != "" {
				key += " " + r.Curve
			}
			b.line(3, "%d %s", j, r.Subject)
			b.line(4, "issuer %s; %s, %s; until %s; sha256 %s", r.Issuer, key, r.SignatureAlgorithm, r.NotAfter.Format("2006-01-02"), r.SHA256)
		}
		for _, d := range c.Defects {
			line := string(d.Code)
			if d.Detail != "" {
				line += ": " + d.Detail
			}
			b.line(3, "%s %s", b.paint(ansiRed, "defect"), line)
		}
		if c.OCSP != nil {
			b.line(3, "stapled OCSP: %s, next update %s, signature valid %v", c.OCSP.Status, c.OCSP.NextUpdate.Format("2006-01-02"), c.OCSP.SignatureValid)
		}
		if c.OCSPError != "" {
			b.line(3, "stapled OCSP unreadable: %s", c.OCSPError)
		}
		if len(c.SCTs) > 0 {
			b.line(3, "SCTs in the TLS extension: %d", len(c.SCTs))
		}
		if c.SCTError != "" {
			b.line(3, "SCTs in the TLS extension unreadable: %s", c.SCTError)
		}
	}
}

func writeExtensions(b *block, o *scanner.TLSObservation) {
	if len(o.ServerHelloExtensions) == 0 {
		return
	}
	b.line(1, "server hello extensions")
	for _, v := range newestFirst(o.ServerHelloExtensions, func(e scanner.ExtensionFact) scanner.Version { return e.Version }) {
		var names []string
		for _, e := range o.ServerHelloExtensions {
			if e.Version == v {
				names = append(names, e.Name)
			}
		}
		b.line(2, "%-7s  %s", v, strings.Join(names, ", "))
	}
}

func writeSignatureSchemes(b *block, o *scanner.TLSObservation) {
	if len(o.SignatureSchemes) == 0 {
		return
	}
	b.line(1, "signature schemes")
	for _, v := range newestFirst(o.SignatureSchemes, func(f scanner.SignatureSchemeFact) scanner.Version { return f.Version }) {
		label := ""
		if e, ok := enumeration(o, v, scanner.EnumSignatureSchemes); ok && e.Scope == scanner.ScopeNonCompliant {
			label = "  non-compliant candidates and the preferred one only"
		}
		b.line(2, "%s%s", v, label)
		for _, f := range o.SignatureSchemes {
			if f.Version != v {
				continue
			}
			pref := ""
			if f.Preferred {
				pref = "  (preferred)"
			}
			b.line(3, "%-7s  %-6s  %s%s", f.KeyType, f.Code, f.Name, pref)
		}
	}
}

// writeBehaviour writes one line per extension or behaviour fact.
func writeBehaviour(b *block, x *scanner.Extensions) {
	if x == nil {
		return
	}
	rows := []struct {
		label string
		f     scanner.Feature
		value string // how Value reads
	}{
		{"secure renegotiation", x.SecureRenegotiation, ""},
		{"extended master secret", x.ExtendedMasterSecret, ""},
		{"encrypt-then-MAC", x.EncryptThenMAC, ""},
		{"session_ticket", x.SessionTicket, ""},
		{"TLS 1.2 ticket", x.TLS12Ticket, "lifetime hint %d s"},
		{"TLS 1.3 tickets", x.TLS13Tickets, "lifetime %d s"},
		{"psk_ke resumption", x.PSKKE, ""},
		{"0-RTT", x.EarlyData, "max_early_data_size %d"},
		{"compression", x.Compression, "method %d"},
		{"heartbeat", x.Heartbeat, "mode %d"},
		{"ALPN", x.ALPN, ""},
		{"ec_point_formats", x.ECPointFormats, ""},
		{"max_fragment_length", x.MaxFragmentLength, "code %d"},
		{"fallback SCSV", x.FallbackSCSV, ""},
		{"downgrade sentinel", x.DowngradeSentinel, ""},
		{"client renegotiation", x.ClientRenegotiation, ""},
		{"certificate request", x.CertificateRequest, ""},
		{"time in server random", x.RandomTime, ""},
		{"repeated randoms", x.RepeatedRandoms, ""},
		{"CCS injection", x.CCSInjection, ""},
		{"Heartbleed", x.Heartbleed, ""},
		{"ROBOT", x.ROBOT, ""},
		{"without SNI", x.WithoutSNI, ""},
	}
	b.line(1, "extensions and behaviour")
	for _, r := range rows {
		b.line(2, "%-22s  %s", r.label, featureText(b, r.f, r.value))
	}
}

func featureText(b *block, f scanner.Feature, valueFormat string) string {
	var parts []string
	if len(f.Versions) > 0 {
		var vs []string
		for _, v := range f.Versions {
			vs = append(vs, v.String())
		}
		parts = append(parts, strings.Join(vs, ", "))
	}
	if f.Value != nil && valueFormat != "" {
		parts = append(parts, fmt.Sprintf(valueFormat, *f.Value))
	}
	if len(f.Names) > 0 {
		parts = append(parts, strings.Join(f.Names, ", "))
	}
	switch {
	case f.Reason != "":
		parts = append(parts, withDetail(string(f.Reason), f.Detail))
	case f.Detail != "":
		parts = append(parts, f.Detail)
	}
	status := string(f.Status)
	switch f.Status {
	case scanner.NotSupported:
		status = "no"
	case scanner.Supported:
		status = "yes"
	case scanner.StatusUnknown:
		status = b.paint(ansiYellow, "unknown")
	default:
		status = b.paint(ansiYellow, "not reported")
	}
	if len(parts) == 0 {
		return status
	}
	return status + " (" + strings.Join(parts, "; ") + ")"
}

var enumKindNames = []struct {
	kind scanner.EnumKind
	name string
}{
	{scanner.EnumCipherSuites, "cipher suites"},
	{scanner.EnumGroups, "groups"},
	{scanner.EnumSignatureSchemes, "signature schemes"},
}

func kindName(k scanner.EnumKind) string {
	for _, n := range enumKindNames {
		if n.kind == k {
			return n.name
		}
	}
	return string(k)
}

// writeGaps lists what the enumerations could not establish: partial
// lists, lists not tested for a supported version, and supported versions
// whose cipher suites were not reported at all.
func writeGaps(b *block, o *scanner.TLSObservation) {
	supported := func(v scanner.Version) bool {
		for _, f := range o.Versions {
			if f.Version == v {
				return f.Status == scanner.Supported
			}
		}
		return false
	}
	enums := slices.Clone(o.Enumerations)
	slices.SortStableFunc(enums, func(x, y scanner.Enumeration) int { return int(y.Version) - int(x.Version) })
	var gaps []string
	for _, e := range enums {
		var s string
		switch {
		case e.Status == scanner.EnumPartial:
			reason := string(e.Reason)
			if reason == "" {
				reason = "no reason given"
			}
			s = "partial (" + withDetail(reason, e.Detail) + ")"
		case e.Status == scanner.EnumNotTested && supported(e.Version):
			s = "not tested"
			if e.Reason != "" {
				s += " (" + withDetail(string(e.Reason), e.Detail) + ")"
			}
		case e.Status != scanner.EnumComplete && e.Status != scanner.EnumNotTested:
			s = string(e.Status)
		default:
			continue
		}
		gaps = append(gaps, fmt.Sprintf("%s %s: %s", e.Version, kindName(e.Kind), s))
	}
	for _, v := range newestFirst(o.Versions, func(f scanner.VersionFact) scanner.Version { return f.Version }) {
		if !supported(v) {
			continue
		}
		if _, ok := enumeration(o, v, scanner.EnumCipherSuites); !ok {
			gaps = append(gaps, fmt.Sprintf("%s cipher suites: not reported", v))
		}
	}
	if len(gaps) == 0 {
		return
	}
	b.line(1, "%s", b.paint(ansiYellow, "incomplete"))
	for _, g := range gaps {
		b.line(2, "%s", b.paint(ansiYellow, g))
	}
}

func withDetail(reason, detail string) string {
	if detail == "" {
		return reason
	}
	return reason + ": " + detail
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// verdictColor is how a verdict is painted.
func verdictColor(v Verdict) string {
	switch v {
	case NonCompliant:
		return ansiRed
	case Incomplete, DegradedOnly:
		return ansiYellow
	}
	return ansiGreen
}

func countStatuses(fs []rules.Finding) map[rules.Status]int {
	c := make(map[rules.Status]int)
	for _, f := range fs {
		c[f.Status]++
	}
	return c
}

// countLine is "3 fail, 1 incomplete, 20 pass", worst first, zeros left out.
func countLine(c map[rules.Status]int) string {
	var parts []string
	for _, st := range rules.Statuses {
		if c[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[st], st))
		}
	}
	if len(parts) == 0 {
		return "no rule applies"
	}
	return strings.Join(parts, ", ")
}

// writeFindings writes the verdict line, then every finding that needs
// action, worst first (in rule order within a status), each with its
// reference and fix. Passing findings are counted, not listed.
func writeFindings(b *block, r scanner.Result, fs []rules.Finding) {
	v := VerdictOf(r, fs)
	b.line(1, "verdict: %s (%s)", b.paint(verdictColor(v), string(v)), countLine(countStatuses(fs)))
	var act []rules.Finding
	for _, f := range fs {
		if NeedsAction(f) {
			act = append(act, f)
		}
	}
	slices.SortStableFunc(act, func(x, y rules.Finding) int {
		return slices.Index(rules.Statuses, x.Status) - slices.Index(rules.Statuses, y.Status)
	})
	for _, f := range act {
		label := strings.ToUpper(string(f.Status))
		color := ansiYellow
		if f.Status == rules.Fail {
			color = ansiRed
		}
		b.line(2, "%s %s  %s", b.paint(color, label), f.RuleID, f.Message)
		b.line(3, "%s", f.Reference.String())
		if f.Fix != "" && f.Status != rules.Incomplete {
			b.line(3, "fix: %s", f.Fix)
		}
	}
	// Waived findings follow, each with what it would have been and the
	// waiver's reason: an auditor reads them as accepted risks.
	for _, f := range fs {
		if f.Status != rules.Waived || f.Waiver == nil {
			continue
		}
		b.line(2, "%s %s  %s", b.paint(ansiYellow, "WAIVED"), f.RuleID, f.Message)
		w := f.Waiver
		from := ""
		if w.Source != "" {
			from = " (" + w.Source + ")"
		}
		b.line(3, "was %s; waived until %s%s: %s", f.Graded, w.Expires.Format(time.RFC3339), from, w.Reason)
	}
}

// Summary writes, for a run of several endpoints, the endpoint by verdict
// table, then the provenance of the grading.
func (t *Text) Summary(s Summary) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := &block{color: t.color}
	b.WriteString("\n")
	if len(t.across) > 0 {
		b.line(0, "%s", b.paint(ansiBold, "across endpoints"))
		for _, a := range t.across {
			b.line(1, "%s  %s %s  %s", a.ep, b.paint(ansiYellow, strings.ToUpper(string(a.f.Status))), a.f.RuleID, a.f.Message)
		}
		b.WriteString("\n")
	} else if t.compared > 1 {
		b.line(0, "across endpoints: no leaf certificate is served by two of the %d endpoints' terminations", t.compared)
		b.WriteString("\n")
	}
	if len(t.verdicts) > 1 {
		b.line(0, "%s", b.paint(ansiBold, "summary"))
		width := 0
		for _, v := range t.verdicts {
			width = max(width, len(v.ep.String()))
		}
		for _, v := range t.verdicts {
			b.line(1, "%-*s  %-13s  %s", width, v.ep.String(), b.paint(verdictColor(v.verdict), string(v.verdict)), countLine(v.counts))
		}
		var parts []string
		for _, v := range Verdicts {
			if s.Endpoints[v] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", s.Endpoints[v], v))
			}
		}
		b.line(1, "%s: %s", plural(len(t.verdicts), "endpoint"), strings.Join(parts, ", "))
	}
	if len(s.NotScanned) > 0 {
		b.line(0, "%s", b.paint(ansiBold, "found, not scanned"))
		for _, n := range s.NotScanned {
			b.line(1, "%s  %s  source=%s: %s", n.Endpoint.String(), n.Endpoint.Protocol, n.Endpoint.Source, n.Reason)
		}
	}
	p := s.Provenance
	b.line(0, "%s", b.paint(ansiBold, "provenance"))
	b.line(1, "cryptoscan %s, rule catalogue %s, profile %s, horizon %d, fail-on %s", p.ToolVersion, p.CatalogueVersion, p.Profile, p.Horizon, p.FailOn)
	b.line(1, "evaluated %s; CA data %s; root store %s", p.EvaluatedAt.UTC().Format(time.RFC3339), p.CADataVersion, p.RootStore)
	for _, d := range p.Documents {
		line := d.Title + " " + d.Edition
		if d.Note != "" {
			line += " (" + d.Note + ")"
		}
		b.line(1, "graded against %s", line)
	}
	if p.Offline {
		b.line(1, "re-graded offline from %s", p.Input)
	}
	if _, err := t.w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("failed to write the summary: %w", err)
	}
	return nil
}
