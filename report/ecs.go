package report

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// ECSVersion is the version of the Elastic Common Schema the ECS documents
// follow (ecs.version). Every ECS field and categorization value used
// exists in that version.
const ECSVersion = "8.11.0"

// The event.dataset of each kind of ECS document.
const (
	DatasetEndpoint    = "cryptoscan.endpoint"
	DatasetCertificate = "cryptoscan.certificate"
	DatasetFinding     = "cryptoscan.finding"
	DatasetPasses      = "cryptoscan.passes"
	DatasetChange      = "cryptoscan.change"
	DatasetSummary     = "cryptoscan.summary"
)

// ECSOptions say what every ECS document of a run carries besides the
// event, and how findings are written. The zero value is usable.
type ECSOptions struct {
	// Provenance is carried by every document (cryptoscan.provenance,
	// observer.version, rule.version); the summary's own provenance
	// replaces it in the summary document. Documents is only written in
	// the summary.
	Provenance Provenance
	// AggregatePasses writes the pass and not_applicable findings of an
	// endpoint as one cryptoscan.passes document listing their rule IDs,
	// instead of one cryptoscan.finding document each.
	AggregatePasses bool
	// ObserverHostname and ObserverIP describe the scanner (observer.*):
	// its host name and the source addresses it scanned from.
	ObserverHostname string
	ObserverIP       []netip.Addr
}

// ECS writes the events of a run as Elastic Common Schema documents, one
// JSON document per line and one Write call per line (or per batch of
// findings). The mapping is in testdata/ecs/MAPPING.md. It has the method
// set of NDJSON and is safe for concurrent use.
type ECS struct {
	mu    sync.Mutex
	w     io.Writer
	run   Run
	opts  ECSOptions
	certs map[string]bool // certificates already written in this run
}

// NewECS returns a writer of the events of run to w as ECS documents. opts
// is copied.
func NewECS(w io.Writer, run Run, opts ECSOptions) *ECS {
	opts.ObserverIP = slices.Clone(opts.ObserverIP)
	opts.Provenance.Documents = slices.Clone(opts.Provenance.Documents)
	return &ECS{w: w, run: run, opts: opts, certs: make(map[string]bool)}
}

// ecsDoc is one ECS document. Field order is the output order. Every field
// keeps one JSON type in every document (ecs_test.go walks them), so that
// an index mapping never conflicts.
type ecsDoc struct {
	Timestamp     string            `json:"@timestamp"`
	ECS           ecsECS            `json:"ecs"`
	Event         ecsEvent          `json:"event"`
	Message       string            `json:"message"`
	Labels        ecsLabels         `json:"labels"`
	Observer      ecsObserver       `json:"observer"`
	Server        *ecsServer        `json:"server,omitempty"`
	Network       *ecsNetwork       `json:"network,omitempty"`
	TLS           *ecsTLS           `json:"tls,omitempty"`
	Rule          *ecsRule          `json:"rule,omitempty"`
	Vulnerability *ecsVulnerability `json:"vulnerability,omitempty"`
	Related       *ecsRelated       `json:"related,omitempty"`
	Cryptoscan    ecsCryptoscan     `json:"cryptoscan"`
}

type ecsECS struct {
	Version string `json:"version"`
}

type ecsEvent struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Category []string `json:"category"`
	Type     []string `json:"type"`
	Action   string   `json:"action,omitempty"`
	Outcome  string   `json:"outcome,omitempty"`
	Module   string   `json:"module"`
	Dataset  string   `json:"dataset"`
	Severity *int     `json:"severity,omitempty"`
	Duration *int64   `json:"duration,omitempty"`
}

type ecsLabels struct {
	RunID string `json:"run_id"`
}

type ecsObserver struct {
	Vendor   string   `json:"vendor"`
	Product  string   `json:"product"`
	Version  string   `json:"version,omitempty"`
	Type     string   `json:"type"`
	Hostname string   `json:"hostname,omitempty"`
	IP       []string `json:"ip,omitempty"`
}

type ecsServer struct {
	Address string `json:"address"`
	Domain  string `json:"domain,omitempty"`
	IP      string `json:"ip,omitempty"`
	Port    int    `json:"port"`
}

type ecsNetwork struct {
	Transport string `json:"transport"`
	Protocol  string `json:"protocol"`
	Type      string `json:"type,omitempty"`
}

type ecsTLS struct {
	VersionProtocol string        `json:"version_protocol,omitempty"`
	Version         string        `json:"version,omitempty"`
	Cipher          string        `json:"cipher,omitempty"`
	Curve           string        `json:"curve,omitempty"`
	Client          *ecsTLSClient `json:"client,omitempty"`
	Server          *ecsTLSServer `json:"server,omitempty"`
}

type ecsTLSClient struct {
	ServerName string `json:"server_name"`
}

type ecsTLSServer struct {
	Certificate string   `json:"certificate,omitempty"`
	Hash        *ecsHash `json:"hash,omitempty"`
	Subject     string   `json:"subject,omitempty"`
	Issuer      string   `json:"issuer,omitempty"`
	NotBefore   string   `json:"not_before,omitempty"`
	NotAfter    string   `json:"not_after,omitempty"`
	X509        *ecsX509 `json:"x509,omitempty"`
}

type ecsHash struct {
	SHA256 string `json:"sha256"`
}

type ecsX509 struct {
	VersionNumber      string      `json:"version_number,omitempty"`
	SerialNumber       string      `json:"serial_number,omitempty"`
	Subject            ecsX509Name `json:"subject"`
	Issuer             ecsX509Name `json:"issuer"`
	NotBefore          string      `json:"not_before,omitempty"`
	NotAfter           string      `json:"not_after,omitempty"`
	PublicKeyAlgorithm string      `json:"public_key_algorithm,omitempty"`
	PublicKeySize      int         `json:"public_key_size,omitempty"`
	PublicKeyCurve     string      `json:"public_key_curve,omitempty"`
	PublicKeyExponent  int64       `json:"public_key_exponent,omitempty"`
	SignatureAlgorithm string      `json:"signature_algorithm,omitempty"`
	AlternativeNames   []string    `json:"alternative_names,omitempty"`
}

type ecsX509Name struct {
	DistinguishedName  string   `json:"distinguished_name"`
	CommonName         []string `json:"common_name,omitempty"`
	Country            []string `json:"country,omitempty"`
	Locality           []string `json:"locality,omitempty"`
	Organization       []string `json:"organization,omitempty"`
	OrganizationalUnit []string `json:"organizational_unit,omitempty"`
	StateOrProvince    []string `json:"state_or_province,omitempty"`
}

type ecsRule struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	Reference string `json:"reference,omitempty"`
	Ruleset   string `json:"ruleset,omitempty"`
	Version   string `json:"version,omitempty"`
}

type ecsVulnerability struct {
	ID             string         `json:"id"`
	Enumeration    string         `json:"enumeration"`
	Classification string         `json:"classification,omitempty"`
	Category       []string       `json:"category"`
	Severity       string         `json:"severity"`
	Description    string         `json:"description"`
	Reference      string         `json:"reference,omitempty"`
	ReportID       string         `json:"report_id"`
	Scanner        ecsVulnScanner `json:"scanner"`
}

type ecsVulnScanner struct {
	Vendor string `json:"vendor"`
}

type ecsRelated struct {
	IP    []string `json:"ip,omitempty"`
	Hosts []string `json:"hosts,omitempty"`
	Hash  []string `json:"hash,omitempty"`
}

// ecsCryptoscan is what ECS has no field for: the NDJSON event's own
// objects, under the same names.
type ecsCryptoscan struct {
	Provenance  ecsProvenance           `json:"provenance"`
	Endpoint    *scanner.Endpoint       `json:"endpoint,omitempty"`
	Versions    *ecsVersions            `json:"versions,omitempty"`
	TLS         *scanner.TLSObservation `json:"tls,omitempty"`
	SSH         *scanner.SSHObservation `json:"ssh,omitempty"`
	IKE         *scanner.IKEObservation `json:"ike,omitempty"`
	Error       *scanner.Unknown        `json:"error,omitempty"`
	Stats       *scanner.Stats          `json:"stats,omitempty"`
	Certificate *pki.Certificate        `json:"certificate,omitempty"`
	Finding     *ecsFinding             `json:"finding,omitempty"`
	Passes      *ecsPasses              `json:"passes,omitempty"`
	Change      *ecsChange              `json:"change,omitempty"`
	Summary     *ecsSummary             `json:"summary,omitempty"`
}

// ecsProvenance is Provenance with every field optional and the time as a
// string.
type ecsProvenance struct {
	ToolVersion      string           `json:"tool_version,omitempty"`
	CatalogueVersion string           `json:"catalogue_version,omitempty"`
	CADataVersion    string           `json:"ca_data_version,omitempty"`
	RootStore        string           `json:"root_store,omitempty"`
	Profile          string           `json:"profile,omitempty"`
	Horizon          int              `json:"horizon,omitempty"`
	EvaluatedAt      string           `json:"evaluated_at,omitempty"`
	FailOn           string           `json:"fail_on,omitempty"`
	Depth            string           `json:"depth,omitempty"`
	Offline          bool             `json:"offline,omitempty"`
	Input            string           `json:"input,omitempty"`
	Documents        []rules.Document `json:"documents,omitempty"`
}

// ecsVersions lists the protocol versions of an endpoint by status, for
// queries that the array of version objects cannot answer (ECS documents
// are not nested: "TLSv1.0 and supported" would match across objects).
type ecsVersions struct {
	Supported    []scanner.Version `json:"supported,omitempty"`
	NotSupported []scanner.Version `json:"not_supported,omitempty"`
	Unknown      []scanner.Version `json:"unknown,omitempty"`
}

type ecsFinding struct {
	Status      rules.Status    `json:"status"`
	Graded      rules.Status    `json:"graded,omitempty"`
	Severity    rules.Severity  `json:"severity"`
	Fingerprint string          `json:"fingerprint"`
	Message     string          `json:"message"`
	Fix         string          `json:"fix,omitempty"`
	Source      rules.Reference `json:"source"`
	Evidence    rules.Evidence  `json:"evidence"`
	Waiver      *rules.Waiver   `json:"waiver,omitempty"`
}

type ecsPasses struct {
	RuleIDs       []string `json:"rule_ids,omitempty"`
	NotApplicable []string `json:"not_applicable,omitempty"`
}

// ecsChange is a Change without its endpoint (which is in
// cryptoscan.endpoint and server.*).
type ecsChange struct {
	Kind        ChangeKind     `json:"kind"`
	Baseline    BaselineRef    `json:"baseline"`
	RuleID      string         `json:"rule_id,omitempty"`
	Title       string         `json:"title,omitempty"`
	Severity    rules.Severity `json:"severity,omitempty"`
	Certificate string         `json:"certificate,omitempty"`
	Message     string         `json:"message"`
	Before      *ChangeState   `json:"before,omitempty"`
	After       *ChangeState   `json:"after,omitempty"`
	Expiry      *Expiry        `json:"expiry,omitempty"`
}

type ecsSummary struct {
	Endpoints   map[string]int `json:"endpoints"`
	Findings    map[string]int `json:"findings"`
	Interrupted bool           `json:"interrupted"`
	ExitCode    int            `json:"exit_code"`
	Undelivered int            `json:"undelivered"`
	NotScanned  []NotScanned   `json:"not_scanned,omitempty"`
}

// ECSSeverity is event.severity for a severity: the upper bound of
// Elastic Security's risk score band of the same name (low 21, medium 47,
// high 73, critical 99), and 1 for info. Findings and changes that need no
// action have event.severity 0.
func ECSSeverity(s rules.Severity) int {
	switch s {
	case rules.Critical:
		return 99
	case rules.High:
		return 73
	case rules.Medium:
		return 47
	case rules.Low:
		return 21
	case rules.SeverityInfo:
		return 1
	}
	return 0
}

// ecsTLSVersion splits a protocol version as ECS writes it:
// tls.version_protocol "ssl" or "tls", tls.version "3.0", "1.2".
func ecsTLSVersion(v scanner.Version) (protocol, version string) {
	switch v {
	case scanner.SSLv2:
		return "ssl", "2.0"
	case scanner.SSLv3:
		return "ssl", "3.0"
	case scanner.TLSv10:
		return "tls", "1.0"
	case scanner.TLSv11:
		return "tls", "1.1"
	case scanner.TLSv12:
		return "tls", "1.2"
	case scanner.TLSv13:
		return "tls", "1.3"
	}
	return "", ""
}

func ecsTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (e *ECS) doc(t time.Time, id, kind, dataset string, category, typ []string, message string) ecsDoc {
	p := e.opts.Provenance
	obs := ecsObserver{Vendor: "cryptoscan", Product: "cryptoscan", Version: p.ToolVersion, Type: "scanner", Hostname: e.opts.ObserverHostname}
	for _, ip := range e.opts.ObserverIP {
		obs.IP = append(obs.IP, ip.String())
	}
	return ecsDoc{
		Timestamp: ecsTime(t),
		ECS:       ecsECS{Version: ECSVersion},
		Event:     ecsEvent{ID: id, Kind: kind, Category: category, Type: typ, Module: "cryptoscan", Dataset: dataset},
		Message:   message,
		Labels:    ecsLabels{RunID: e.run.ID},
		Observer:  obs,
		Cryptoscan: ecsCryptoscan{
			Provenance: provenanceDoc(p, false),
		},
	}
}

func provenanceDoc(p Provenance, documents bool) ecsProvenance {
	d := ecsProvenance{
		ToolVersion: p.ToolVersion, CatalogueVersion: p.CatalogueVersion, CADataVersion: p.CADataVersion, RootStore: p.RootStore,
		Profile: p.Profile, Horizon: p.Horizon, EvaluatedAt: ecsTime(p.EvaluatedAt), FailOn: p.FailOn, Depth: p.Depth,
		Offline: p.Offline, Input: p.Input,
	}
	if documents {
		d.Documents = p.Documents
	}
	return d
}

// endpointFields fills server.*, network.*, related.* and
// cryptoscan.endpoint from an endpoint.
func endpointFields(d *ecsDoc, ep scanner.Endpoint) {
	s := &ecsServer{Address: ep.Host, Port: int(ep.Port)}
	n := &ecsNetwork{Transport: "tcp", Protocol: ep.Protocol}
	rel := &ecsRelated{}
	if ep.IP.IsValid() {
		s.IP = ep.IP.String()
		if s.Address == "" {
			s.Address = s.IP
		}
		n.Type = "ipv4"
		if ep.IP.Is6() && !ep.IP.Is4In6() {
			n.Type = "ipv6"
		}
		rel.IP = []string{s.IP}
	}
	if _, err := netip.ParseAddr(ep.Host); err != nil && ep.Host != "" {
		s.Domain = ep.Host
		rel.Hosts = append(rel.Hosts, ep.Host)
	}
	if ep.SNI != "" && !slices.Contains(rel.Hosts, ep.SNI) {
		rel.Hosts = append(rel.Hosts, ep.SNI)
	}
	d.Server, d.Network, d.Related = s, n, rel
	c := ep
	d.Cryptoscan.Endpoint = &c
}

func (e *ECS) write(what string, docs ...ecsDoc) error {
	var buf []byte
	for i := range docs {
		if r := docs[i].Related; r != nil && len(r.IP)+len(r.Hosts)+len(r.Hash) == 0 {
			docs[i].Related = nil
		}
		b, err := json.Marshal(&docs[i])
		if err != nil {
			return fmt.Errorf("failed to encode %s: %w", what, err)
		}
		buf = append(append(buf, b...), '\n')
	}
	if len(buf) == 0 {
		return nil
	}
	if _, err := e.w.Write(buf); err != nil {
		return fmt.Errorf("failed to write %s: %w", what, err)
	}
	return nil
}

// Endpoint writes the cryptoscan.certificate documents of the certificates
// of r not yet written in this run, then the cryptoscan.endpoint document
// of r.
func (e *ECS) Endpoint(r scanner.Result) error {
	start := r.Start
	if start.IsZero() {
		start = e.run.now()
	}
	ev := e.endpointDoc(r, start)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range r.Certificates {
		c := &r.Certificates[i]
		if e.certs[c.SHA256] {
			continue
		}
		if err := e.write("certificate "+c.SHA256, e.certificateDoc(c, start)); err != nil {
			return err
		}
		e.certs[c.SHA256] = true
	}
	return e.write("endpoint document for "+r.Endpoint.String(), ev)
}

func (e *ECS) endpointDoc(r scanner.Result, start time.Time) ecsDoc {
	outcome := "success"
	if r.Error != nil && !r.Inspected() {
		outcome = "failure"
	}
	d := e.doc(start, eventID(e.run.ID, eventEndpoint, endpointIdentity(r.Endpoint)...), "state", DatasetEndpoint,
		[]string{"network"}, []string{"info"}, endpointMessage(r))
	d.Event.Outcome = outcome
	dur := r.Stats.DurationMS * int64(time.Millisecond)
	d.Event.Duration = &dur
	endpointFields(&d, r.Endpoint)
	d.Cryptoscan.TLS = nonNilLists(r.TLS)
	d.Cryptoscan.SSH = r.SSH
	d.Cryptoscan.IKE = r.IKE
	d.Cryptoscan.Error = r.Error
	st := r.Stats
	d.Cryptoscan.Stats = &st
	if r.TLS == nil {
		return d
	}
	t := &ecsTLS{}
	if r.Endpoint.SNI != "" {
		t.Client = &ecsTLSClient{ServerName: r.Endpoint.SNI}
	}
	vs := &ecsVersions{}
	for _, f := range r.TLS.Versions {
		switch f.Status {
		case scanner.Supported:
			vs.Supported = append(vs.Supported, f.Version)
		case scanner.NotSupported:
			vs.NotSupported = append(vs.NotSupported, f.Version)
		default:
			vs.Unknown = append(vs.Unknown, f.Version)
		}
	}
	d.Cryptoscan.Versions = vs
	if v, ok := highestSupported(r.TLS); ok {
		t.VersionProtocol, t.Version = ecsTLSVersion(v)
		t.Cipher = chosenSuite(r.TLS, v)
		t.Curve = chosenGroup(r.TLS, v)
	}
	for _, ch := range r.TLS.Certificates {
		if len(ch.Chain) == 0 {
			continue
		}
		leaf := ch.Chain[0]
		t.Server = &ecsTLSServer{
			Hash:    &ecsHash{SHA256: strings.ToUpper(leaf.SHA256)},
			Subject: leaf.Subject, Issuer: leaf.Issuer,
			NotBefore: ecsTime(leaf.NotBefore), NotAfter: ecsTime(leaf.NotAfter),
		}
		break
	}
	for _, ch := range r.TLS.Certificates {
		for _, c := range ch.Chain {
			d.Related.Hash = appendHash(d.Related.Hash, c.SHA256)
		}
	}
	if *t != (ecsTLS{}) {
		d.TLS = t
	}
	return d
}

// appendHash adds a SHA-256 to related.hash in both spellings: lower case
// (cryptoscan.*, NDJSON) and upper case (tls.server.hash.sha256).
func appendHash(hs []string, sha string) []string {
	for _, h := range []string{sha, strings.ToUpper(sha)} {
		if !slices.Contains(hs, h) {
			hs = append(hs, h)
		}
	}
	return hs
}

func endpointMessage(r scanner.Result) string {
	ep := r.Endpoint.String() + " " + r.Endpoint.Protocol
	if o := r.IKE; o != nil {
		var sup []string
		if o.V2.Status == scanner.Supported {
			sup = append(sup, "IKEv2")
		}
		if o.V1.Status == scanner.Supported {
			sup = append(sup, "IKEv1")
		}
		if len(sup) == 0 {
			return ep + ": no IKE version answered"
		}
		return fmt.Sprintf("%s: %s answered, %s", ep, strings.Join(sup, ", "), plural(len(o.Transforms), "IKEv2 transform"))
	}
	if o := r.SSH; o != nil {
		if o.KexInit != nil {
			return ep + ": " + o.Banner + ", algorithms unknown (" + withDetail(string(o.KexInit.Reason), o.KexInit.Detail) + ")"
		}
		return fmt.Sprintf("%s: %s, %s, %s", ep, o.Banner, plural(len(o.Kex), "key exchange"), plural(len(o.HostKeyAlgorithms), "host key algorithm"))
	}
	if r.TLS == nil {
		if r.Error != nil {
			return ep + ": not inspected (" + withDetail(string(r.Error.Reason), r.Error.Detail) + ")"
		}
		return ep + ": no TLS observation"
	}
	var sup []string
	for _, f := range r.TLS.Versions {
		if f.Status == scanner.Supported {
			sup = append(sup, f.Version.String())
		}
	}
	if len(sup) == 0 {
		return ep + ": no protocol version supported"
	}
	return ep + ": " + strings.Join(sup, ", ") + " supported, " + plural(len(r.TLS.CipherSuites), "cipher suite")
}

// highestSupported is the newest version the endpoint supports.
func highestSupported(o *scanner.TLSObservation) (scanner.Version, bool) {
	var best scanner.Version
	ok := false
	for _, f := range o.Versions {
		if f.Status == scanner.Supported && (!ok || f.Version > best) {
			best, ok = f.Version, true
		}
	}
	return best, ok
}

// chosenSuite is the suite the server picks under v whatever the client
// offers: the first of its enforced order, or the only one it accepts.
// Empty when that depends on the client.
func chosenSuite(o *scanner.TLSObservation, v scanner.Version) string {
	var suites []scanner.SuiteFact
	for _, s := range o.CipherSuites {
		if s.Version == v {
			suites = append(suites, s)
		}
	}
	if len(suites) == 1 {
		return suites[0].Name
	}
	for _, f := range o.ServerOrder {
		if f.Version == v && f.Enforced != nil && *f.Enforced && !f.Mixed && len(f.Order) > 0 {
			for _, s := range suites {
				if s.Code == f.Order[0] {
					return s.Name
				}
			}
		}
	}
	return ""
}

// chosenGroup is the group the server prefers under v, or the only one it
// accepts.
func chosenGroup(o *scanner.TLSObservation, v scanner.Version) string {
	var groups []scanner.GroupFact
	for _, g := range o.Groups {
		if g.Version == v {
			if g.Preferred {
				return g.Name
			}
			groups = append(groups, g)
		}
	}
	if len(groups) == 1 {
		return groups[0].Name
	}
	return ""
}

func (e *ECS) certificateDoc(c *scanner.CertificateFact, t time.Time) ecsDoc {
	msg := "certificate " + c.Subject + " issued by " + c.Issuer
	if !c.NotAfter.IsZero() {
		msg += ", valid until " + ecsTime(c.NotAfter)
	}
	d := e.doc(t, eventID(e.run.ID, eventCertificate, c.SHA256), "state", DatasetCertificate,
		[]string{"configuration"}, []string{"info"}, msg)
	x := &ecsX509{
		SerialNumber: strings.ToUpper(c.Serial),
		Subject:      x509Name(c.Subject, c.SubjectAttributes),
		Issuer:       x509Name(c.Issuer, c.IssuerAttributes),
		NotBefore:    ecsTime(c.NotBefore), NotAfter: ecsTime(c.NotAfter),
		PublicKeySize: c.KeyBits, PublicKeyCurve: ecsCurve(c.Curve), PublicKeyExponent: c.RSAExponent,
		SignatureAlgorithm: c.SignatureAlgorithm,
	}
	if c.Version > 0 {
		x.VersionNumber = strconv.Itoa(c.Version)
	}
	if c.KeyType != "" && c.KeyType != pki.KeyUnknown {
		x.PublicKeyAlgorithm = string(c.KeyType)
	}
	for _, names := range [][]string{c.DNSNames, c.IPAddresses, c.EmailAddresses, c.URIs} {
		x.AlternativeNames = append(x.AlternativeNames, names...)
	}
	srv := &ecsTLSServer{
		Hash:    &ecsHash{SHA256: strings.ToUpper(c.SHA256)},
		Subject: c.Subject, Issuer: c.Issuer, NotBefore: x.NotBefore, NotAfter: x.NotAfter,
		X509: x,
	}
	if len(c.DER) > 0 {
		srv.Certificate = base64.StdEncoding.EncodeToString(c.DER)
	}
	d.TLS = &ecsTLS{Server: srv}
	d.Related = &ecsRelated{Hash: appendHash(nil, c.SHA256)}
	cert := c.Certificate
	d.Cryptoscan.Certificate = &cert
	return d
}

// x509Name splits a name into the ECS lists, by attribute type.
func x509Name(dn string, attrs []pki.Attribute) ecsX509Name {
	n := ecsX509Name{DistinguishedName: dn}
	for _, a := range attrs {
		switch strings.ToUpper(a.Type) {
		case "CN":
			n.CommonName = append(n.CommonName, a.Value)
		case "C":
			n.Country = append(n.Country, a.Value)
		case "L":
			n.Locality = append(n.Locality, a.Value)
		case "O":
			n.Organization = append(n.Organization, a.Value)
		case "OU":
			n.OrganizationalUnit = append(n.OrganizationalUnit, a.Value)
		case "ST", "S", "P":
			n.StateOrProvince = append(n.StateOrProvince, a.Value)
		}
	}
	return n
}

// ecsCurve names a NIST curve as the ECS example does (nistp256); other
// curves keep their name.
func ecsCurve(c string) string {
	switch c {
	case "P-224", "P-256", "P-384", "P-521":
		return "nistp" + c[2:]
	}
	return c
}

// findingCategorization returns event.category and event.outcome of a
// finding: every finding is a configuration assessment; a fail or a
// degraded fallback is also a vulnerability.
func findingCategorization(s rules.Status) (category []string, outcome string) {
	switch s {
	case rules.Fail, rules.Degraded:
		return []string{"configuration", "vulnerability"}, "failure"
	case rules.Warn:
		return []string{"configuration"}, "failure"
	case rules.Pass, rules.Waived:
		return []string{"configuration"}, "success"
	}
	return []string{"configuration"}, "unknown" // incomplete, info, not_applicable
}

// Findings writes one cryptoscan.finding document per finding of r, in the
// order given; with AggregatePasses, the pass and not_applicable findings
// make one cryptoscan.passes document instead, written last.
func (e *ECS) Findings(r scanner.Result, fs []rules.Finding) error {
	t := r.Start
	if t.IsZero() {
		t = e.run.now()
	}
	var docs []ecsDoc
	var passes ecsPasses
	for _, f := range fs {
		if e.opts.AggregatePasses {
			switch f.Status {
			case rules.Pass:
				passes.RuleIDs = append(passes.RuleIDs, f.RuleID)
				continue
			case rules.NotApplicable:
				passes.NotApplicable = append(passes.NotApplicable, f.RuleID)
				continue
			}
		}
		docs = append(docs, e.findingDoc(t, f))
	}
	if len(passes.RuleIDs)+len(passes.NotApplicable) > 0 {
		msg := fmt.Sprintf("%s: %s pass, %s not applicable", r.Endpoint, plural(len(passes.RuleIDs), "rule"), plural(len(passes.NotApplicable), "rule"))
		d := e.doc(t, eventID(e.run.ID, "passes", endpointIdentity(r.Endpoint)...), "state", DatasetPasses,
			[]string{"configuration"}, []string{"info"}, msg)
		d.Event.Outcome = "success"
		zero := 0
		d.Event.Severity = &zero
		endpointFields(&d, r.Endpoint)
		d.Cryptoscan.Passes = &passes
		docs = append(docs, d)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.write("findings for "+r.Endpoint.String(), docs...)
}

func (e *ECS) catalogueVersion() string {
	if v := e.opts.Provenance.CatalogueVersion; v != "" {
		return v
	}
	return rules.CatalogueVersion
}

func (e *ECS) findingDoc(t time.Time, f rules.Finding) ecsDoc {
	fp := Fingerprint(f)
	category, outcome := findingCategorization(f.Status)
	msg := fmt.Sprintf("%s %s on %s: %s", f.RuleID, f.Status, f.Endpoint, f.Message)
	d := e.doc(t, eventID(e.run.ID, eventFinding, append(endpointIdentity(f.Endpoint), f.RuleID, fp)...), "state", DatasetFinding,
		category, []string{"info"}, msg)
	d.Event.Outcome = outcome
	sev := 0
	if NeedsAction(f) {
		sev = ECSSeverity(f.Severity)
	}
	d.Event.Severity = &sev
	endpointFields(&d, f.Endpoint)
	ref := f.Reference.String()
	if f.Reference == (rules.Reference{}) {
		ref = ""
	}
	d.Rule = &ecsRule{ID: f.RuleID, Name: f.Title, Reference: ref, Ruleset: f.Reference.Document, Version: e.catalogueVersion()}
	if slices.Contains(category, "vulnerability") {
		d.Vulnerability = &ecsVulnerability{
			ID: f.RuleID, Enumeration: "cryptoscan", Classification: f.Reference.Document,
			Category: []string{f.Endpoint.Protocol}, Severity: string(f.Severity), Description: f.Message,
			Reference: ref, ReportID: e.run.ID, Scanner: ecsVulnScanner{Vendor: "cryptoscan"},
		}
	}
	d.Cryptoscan.Finding = &ecsFinding{
		Status: f.Status, Graded: f.Graded, Severity: f.Severity, Fingerprint: fp, Message: f.Message, Fix: f.Fix,
		Source: f.Reference, Evidence: f.Evidence, Waiver: f.Waiver,
	}
	return d
}

// Summary writes the cryptoscan.summary document that closes the run.
func (e *ECS) Summary(s Summary) error {
	ev := newSummaryEvent(e.run, s)
	outcome := "success"
	if s.Interrupted || s.ExitCode >= 2 {
		outcome = "failure"
	}
	var parts []string
	total := 0
	for _, v := range Verdicts {
		if n := s.Endpoints[v]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, v))
			total += n
		}
	}
	msg := fmt.Sprintf("run %s: %s graded", e.run.ID, plural(total, "endpoint"))
	if len(parts) > 0 {
		msg += " (" + strings.Join(parts, ", ") + ")"
	}
	if s.Interrupted {
		msg += ", interrupted"
	}
	msg += fmt.Sprintf(", exit code %d", s.ExitCode)
	t := s.Provenance.EvaluatedAt
	if t.IsZero() {
		t = e.run.now()
	}
	d := e.doc(t, ev.EventID, "event", DatasetSummary, []string{"process"}, []string{"end"}, msg)
	d.Event.Outcome = outcome
	d.Observer.Version = s.Provenance.ToolVersion
	d.Cryptoscan.Provenance = provenanceDoc(s.Provenance, true)
	d.Cryptoscan.Summary = &ecsSummary{Endpoints: ev.Endpoints, Findings: ev.Findings, Interrupted: s.Interrupted, ExitCode: s.ExitCode,
		Undelivered: s.Undelivered, NotScanned: s.NotScanned}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.write("the summary", d)
}

// Changes writes one cryptoscan.change document per change, in the order
// given.
func (e *ECS) Changes(cs []Change) error {
	t := e.run.now()
	docs := make([]ecsDoc, 0, len(cs))
	for _, c := range cs {
		docs = append(docs, e.changeDoc(t, c))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.write("changes", docs...)
}

func (e *ECS) changeDoc(t time.Time, c Change) ecsDoc {
	typ := "change"
	switch c.Kind {
	case ChangeEndpointNew:
		typ = "creation"
	case ChangeEndpointVanished:
		typ = "deletion"
	}
	d := e.doc(t, changeEventID(e.run.ID, c), "event", DatasetChange, []string{"configuration"}, []string{typ}, c.Message)
	d.Event.Action = string(c.Kind)
	sev := 0
	if c.NeedsAction() {
		sev = ECSSeverity(c.Severity)
	}
	d.Event.Severity = &sev
	endpointFields(&d, c.Endpoint)
	if c.RuleID != "" {
		d.Rule = &ecsRule{ID: c.RuleID, Name: c.Title, Version: e.catalogueVersion()}
	}
	if side := c.After; side != nil && len(side.Certificates) > 0 {
		cert := side.Certificates[0]
		if c.Certificate != "" {
			for _, x := range side.Certificates {
				if x.SHA256 == c.Certificate {
					cert = x
				}
			}
		}
		d.TLS = &ecsTLS{Server: &ecsTLSServer{
			Hash: &ecsHash{SHA256: strings.ToUpper(cert.SHA256)}, Subject: cert.Subject, Issuer: cert.Issuer, NotAfter: ecsTime(cert.NotAfter),
		}}
		for _, x := range side.Certificates {
			d.Related.Hash = appendHash(d.Related.Hash, x.SHA256)
		}
	}
	d.Cryptoscan.Change = &ecsChange{
		Kind: c.Kind, Baseline: c.Baseline, RuleID: c.RuleID, Title: c.Title, Severity: c.Severity, Certificate: c.Certificate,
		Message: c.Message, Before: c.Before, After: c.After, Expiry: c.Expiry,
	}
	return d
}

// ECSMeta is what a sink needs to know of an ECS document without
// decoding it all: its event.id, its kind (the dataset without its
// "cryptoscan." prefix, which is the NDJSON event name: endpoint,
// certificate, finding, passes, change, summary), its @timestamp, and for
// a finding its status and the rule's severity (for sink.SeverityFor).
type ECSMeta struct {
	ID       string
	Kind     string
	Time     time.Time
	Status   string
	Severity string
}

// ParseECSMeta reads the ECSMeta of one ECS document written by ECS.
func ParseECSMeta(doc []byte) (ECSMeta, error) {
	var d struct {
		Timestamp time.Time `json:"@timestamp"`
		Event     struct {
			ID      string `json:"id"`
			Dataset string `json:"dataset"`
		} `json:"event"`
		Cryptoscan struct {
			Finding *struct {
				Status   string `json:"status"`
				Severity string `json:"severity"`
			} `json:"finding"`
		} `json:"cryptoscan"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return ECSMeta{}, fmt.Errorf("failed to read an ECS document: %w", err)
	}
	kind, ok := strings.CutPrefix(d.Event.Dataset, "cryptoscan.")
	if !ok || d.Event.ID == "" {
		return ECSMeta{}, fmt.Errorf("not a cryptoscan ECS document (event.dataset %q, event.id %q)", d.Event.Dataset, d.Event.ID)
	}
	m := ECSMeta{ID: d.Event.ID, Kind: kind, Time: d.Timestamp}
	if f := d.Cryptoscan.Finding; f != nil {
		m.Status, m.Severity = f.Status, f.Severity
	}
	return m, nil
}
