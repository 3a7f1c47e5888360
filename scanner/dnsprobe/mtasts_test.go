package dnsprobe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
)

// testCA issues certificates for policy hosts.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: testNow.Add(-30 * 24 * time.Hour), NotAfter: testNow.Add(365 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key}
}

// issue returns a server certificate for name, valid around testNow.
func (ca *testCA) issue(name string) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: testNow.Add(-24 * time.Hour), NotAfter: testNow.Add(90 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// policyAnswer is what the policy server answers for one policy host.
type policyAnswer struct {
	status      int    // 0 means 200
	contentType string // "" means none set
	location    string
	length      string // a Content-Length header to send
	body        string
	hold        bool // answer nothing until the client goes away
}

// gate holds the answers for one host until released.
type gate struct {
	arrived chan struct{} // closed when the first request arrived
	release chan struct{}
	once    sync.Once
}

// policyServer is an HTTPS server on 127.0.0.1 answering for the policy
// hosts of many mail domains: by SNI, a certificate that the test CA
// issues for the name asked (or for another name, or from another CA,
// for the hosts named in wrongName and untrusted); by Host, the policy
// answer of the host. It counts requests by host, and its dial function
// (Config.PolicyDial) sends every connection to it, recording the
// address asked, except addresses of closedIPs, sent to a closed port.
type policyServer struct {
	ca, otherCA *testCA
	wrongName   map[string]string // SNI name → the name the certificate is for
	untrusted   map[string]bool   // SNI names served a certificate of otherCA
	answers     map[string]policyAnswer
	closedIPs   map[string]bool
	gates       map[string]*gate

	addr, closedAddr string
	release          chan struct{}

	mu      sync.Mutex
	certs   map[string]*tls.Certificate
	hits    map[string]int // requests by Host
	dialled []string       // addresses asked of dial, in order
}

func newPolicyServer(t *testing.T) *policyServer {
	t.Helper()
	return &policyServer{
		ca: newTestCA(t, "Test Policy CA"), otherCA: newTestCA(t, "Unknown CA"),
		wrongName: map[string]string{}, untrusted: map[string]bool{}, answers: map[string]policyAnswer{},
		closedIPs: map[string]bool{}, gates: map[string]*gate{},
		release: make(chan struct{}), certs: map[string]*tls.Certificate{}, hits: map[string]int{},
	}
}

// hold makes the answers for host wait until the gate is released.
func (s *policyServer) hold(host string) *gate {
	g := &gate{arrived: make(chan struct{}), release: make(chan struct{})}
	s.gates[host] = g
	return g
}

// start serves on 127.0.0.1 and returns once listening; a port that was
// open and is closed again stands for a host refusing connections.
func (s *policyServer) start(t *testing.T) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	srv.TLS = &tls.Config{GetCertificate: s.certificate}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(func() {
		close(s.release)
		srv.Close()
	})
	s.addr = srv.Listener.Addr().String()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.closedAddr = l.Addr().String()
	l.Close()
}

func (s *policyServer) certificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name, ca := hello.ServerName, s.ca
	if other, ok := s.wrongName[name]; ok {
		name = other
	}
	if s.untrusted[hello.ServerName] {
		ca = s.otherCA
	}
	key := fmt.Sprintf("%s %p", name, ca)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.certs[key]; ok {
		return c, nil
	}
	c, err := ca.issue(name)
	if err != nil {
		return nil, err
	}
	s.certs[key] = c
	return c, nil
}

func (s *policyServer) serveHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	s.mu.Lock()
	s.hits[host]++
	s.mu.Unlock()
	if g := s.gates[host]; g != nil {
		g.once.Do(func() { close(g.arrived) })
		select {
		case <-g.release:
		case <-r.Context().Done():
			return
		}
	}
	a, ok := s.answers[host]
	if !ok || r.URL.Path != policyPath {
		http.NotFound(w, r)
		return
	}
	if a.hold {
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
		return
	}
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	}
	if a.location != "" {
		w.Header().Set("Location", a.location)
	}
	if a.length != "" {
		w.Header().Set("Content-Length", a.length)
	}
	if a.status != 0 {
		w.WriteHeader(a.status)
	}
	io.WriteString(w, a.body)
}

func (s *policyServer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	s.mu.Lock()
	s.dialled = append(s.dialled, addr)
	s.mu.Unlock()
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	target := s.addr
	if s.closedIPs[host] {
		target = s.closedAddr
	}
	var d net.Dialer
	return d.DialContext(ctx, network, target)
}

func (s *policyServer) hitsOf(host string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[host]
}

func (s *policyServer) dials(addr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, a := range s.dialled {
		if a == addr {
			n++
		}
	}
	return n
}

// mtastsConfig asks dnsAddr and fetches policies from s, whose CA is
// the only root.
func mtastsConfig(dnsAddr string, s *policyServer) Config {
	cfg := testConfig(dnsAddr)
	cfg.Timeout = 300 * time.Millisecond // the fetch deadline is 600ms
	cfg.PolicyDial = s.dial
	roots := x509.NewCertPool()
	roots.AddCert(s.ca.cert)
	cfg.PolicyRoots = roots
	return cfg
}

const (
	enforcePolicy = "version: STSv1\nmode: enforce\nmx: mail.example.fr\nmx: *.mx.example.net\nmax_age: 604800\n"
	textPlain     = "text/plain; charset=utf-8"
)

// mailDomain is one mail domain of the fixture: the TXT records at
// _mta-sts.NAME and _smtp._tls.NAME (zone-file rdata), the address of
// mta-sts.NAME, and what its policy host answers.
type mailDomain struct {
	name   string
	sts    []string
	tlsrpt []string
	ip     string // A (or AAAA) of mta-sts.NAME; "" for none
	answer policyAnswer
}

var stsRecord = `"v=STSv1; id=20261126T180000"`

var mailDomainList = []mailDomain{
	{name: "example.fr", sts: []string{stsRecord, `"some other text"`}, ip: "127.0.10.1",
		tlsrpt: []string{`"v=TLSRPTv1; rua=mailto:tlsrpt@example.fr, https://reports.example.net/tlsrpt"`, `"v=spf1 -all"`},
		answer: policyAnswer{contentType: textPlain, body: enforcePolicy}},
	// testing.example.fr: a record in two strings, a policy host that is
	// an alias, CRLF line ends.
	{name: "testing.example.fr", sts: []string{`"v=STSv1; " "id=testing1;"`},
		answer: policyAnswer{contentType: "text/plain", body: "version: STSv1\r\nmode: testing\r\nmx: mail.example.fr\r\nmax_age: 86400\r\n"}},
	// none.example.fr: an IPv6-only policy host, an unknown key.
	{name: "none.example.fr", sts: []string{`"v=STSv1;id=none1"`}, ip: "::1",
		tlsrpt: []string{`"v=TLSRPTv1; rua=mailto:a@example.fr"`, `"v=TLSRPTv1; rua=mailto:b@example.fr"`},
		answer: policyAnswer{contentType: "text/plain", body: "version: STSv1\nmode: none\nmax_age: 86400\nfuture_key: any value\n"}},
	{name: "two.example.fr", sts: []string{`"v=STSv1; id=one"`, `"v=STSv1; id=two"`}, ip: "127.0.10.5",
		answer: policyAnswer{contentType: "text/plain", body: enforcePolicy}},
	{name: "badid.example.fr", sts: []string{`"v=STSv1; id=2026-11-26"`}, ip: "127.0.10.6",
		tlsrpt: []string{`"v=TLSRPTv1; rua="`}, answer: policyAnswer{contentType: "text/plain", body: enforcePolicy}},
	{name: "nohost.example.fr", sts: []string{stsRecord}},
	{name: "wrongname.example.fr", sts: []string{stsRecord}, ip: "127.0.10.8", answer: policyAnswer{contentType: "text/plain", body: enforcePolicy}},
	{name: "unknownca.example.fr", sts: []string{stsRecord}, ip: "127.0.10.9", answer: policyAnswer{contentType: "text/plain", body: enforcePolicy}},
	{name: "redirect.example.fr", sts: []string{stsRecord}, ip: "127.0.10.10",
		answer: policyAnswer{status: http.StatusMovedPermanently, location: "https://mta-sts.target.example.fr" + policyPath}},
	{name: "target.example.fr", ip: "127.0.10.30", answer: policyAnswer{contentType: "text/plain", body: enforcePolicy}},
	{name: "notfound.example.fr", sts: []string{stsRecord}, ip: "127.0.10.11", answer: policyAnswer{status: http.StatusNotFound, contentType: "text/plain"}},
	{name: "html.example.fr", sts: []string{stsRecord}, ip: "127.0.10.12", answer: policyAnswer{contentType: "text/html; charset=utf-8", body: enforcePolicy}},
	{name: "large.example.fr", sts: []string{stsRecord}, ip: "127.0.10.13",
		answer: policyAnswer{contentType: "text/plain", body: enforcePolicy + strings.Repeat("x", maxPolicyBytes+1-len(enforcePolicy))}},
	{name: "biglength.example.fr", sts: []string{stsRecord}, ip: "127.0.10.14",
		answer: policyAnswer{contentType: "text/plain", length: strconv.Itoa(maxPolicyBytes + 1), body: enforcePolicy + strings.Repeat("x", maxPolicyBytes+1-len(enforcePolicy))}},
	{name: "noage.example.fr", sts: []string{stsRecord}, ip: "127.0.10.15",
		answer: policyAnswer{contentType: "text/plain", body: "version: STSv1\nmode: enforce\nmx: mail.example.fr\n"}},
	{name: "badversion.example.fr", sts: []string{stsRecord}, ip: "127.0.10.16",
		answer: policyAnswer{contentType: "text/plain", body: "version: STSv2\nmode: enforce\nmx: mail.example.fr\nmax_age: 86400\n"}},
	{name: "badmode.example.fr", sts: []string{stsRecord}, ip: "127.0.10.17",
		answer: policyAnswer{contentType: "text/plain", body: "version: STSv1\nmode: enforcing\nmx: mail.example.fr\nmax_age: 86400\n"}},
	{name: "twomodes.example.fr", sts: []string{stsRecord}, ip: "127.0.10.18",
		answer: policyAnswer{contentType: "text/plain", body: "version: STSv1\nmode: testing\nmx: mail.example.fr\nmode: enforce\nmax_age: 86400\n"}},
	{name: "broken.example.fr", sts: []string{stsRecord}, tlsrpt: []string{`"v=TLSRPTv1; rua=mailto:a@example.fr"`}},
	{name: "slow.example.fr", sts: []string{stsRecord}, tlsrpt: []string{`"v=TLSRPTv1; rua=mailto:a@example.fr"`}},
	{name: "hang.example.fr", sts: []string{stsRecord}, ip: "127.0.10.21", answer: policyAnswer{hold: true}},
	{name: "closed.example.fr", sts: []string{stsRecord}, ip: "127.0.10.22"},
}

// mailDomains is exampleFr with the mail domains of mailDomainList, their
// policy server started, and some names misbehaving: SERVFAIL for the
// TXT questions of broken.example.fr, no answer for slow.example.fr's.
func mailDomains(t *testing.T) (*resolver, *policyServer) {
	t.Helper()
	r, _ := exampleFr(t)
	s := newPolicyServer(t)
	for _, d := range mailDomainList {
		for _, txt := range d.sts {
			r.add(t, "_mta-sts."+d.name+". 300 IN TXT "+txt)
		}
		for _, txt := range d.tlsrpt {
			r.add(t, "_smtp._tls."+d.name+". 300 IN TXT "+txt)
		}
		host := "mta-sts." + d.name
		switch {
		case strings.Contains(d.ip, ":"):
			r.add(t, host+". 300 IN AAAA "+d.ip)
		case d.ip != "":
			r.add(t, host+". 300 IN A "+d.ip)
		}
		if d.answer != (policyAnswer{}) {
			s.answers[host] = d.answer
		}
	}
	r.add(t,
		"mta-sts.testing.example.fr. 300 IN CNAME policy.example.fr.",
		"policy.example.fr. 300 IN A 127.0.10.2",
	)
	s.wrongName["mta-sts.wrongname.example.fr"] = "mta-sts.example.fr"
	s.untrusted["mta-sts.unknownca.example.fr"] = true
	s.closedIPs["127.0.10.22"] = true
	for _, n := range []string{"_mta-sts.broken.example.fr.", "_smtp._tls.broken.example.fr."} {
		r.servfail[n] = true
	}
	for _, n := range []string{"_mta-sts.slow.example.fr.", "_smtp._tls.slow.example.fr."} {
		r.slow[n] = true
	}
	s.start(t)
	return r, s
}

// mxEvent wraps m in the DNS observation of an SMTP endpoint found as an
// MX, in its endpoint event, as the NDJSON writer does.
func mxEvent(t *testing.T, m *MTASTS) []byte {
	t.Helper()
	skip := unknownLookup(ReasonNotTested, "not asked in this test")
	o := &Observation{Name: "mail.example.fr", DNSSEC: DNSSEC{ZoneLookup: skip, DNSKEY: skip, DS: skip},
		CAA: CAA{Lookup: skip, Asked: []string{}}, MTASTS: m}
	return eventFor(t, map[string]any{"host": "mail.example.fr", "ip": "192.0.2.25", "port": 25, "protocol": "smtp", "source": "MX example.fr (pref 10)"}, o)
}

func TestProbeMTASTS(t *testing.T) {
	r, s := mailDomains(t)
	p := NewProber(mtastsConfig(r.serve(t), s))
	type policy struct {
		fetched  bool
		reason   Reason
		detail   string // a part of the unknown's detail
		version  string
		mode     string
		mx       []string
		maxAge   int64
		problems []string // parts of the problems, one each, in order
	}
	type mtastsCase struct {
		name     string
		domain   string
		record   State
		nx       bool
		ad       bool
		reason   Reason // of the record lookup, when unknown
		records  int
		id       string
		problem  string // a part of RecordProblem
		policy   *policy
		dialled  string // the address the fetch dialled
		tlsrpt   State
		tlsrptN  int
		rua      []string
		tlReason Reason
		tlProb   string // a part of TLSRPTProblem
	}
	var cases []mtastsCase
	for _, tc := range []mtastsCase{
		{name: "enforce - two mx patterns, TLS-RPT with two URIs", domain: "Example.FR.", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{fetched: true, version: "STSv1", mode: "enforce", mx: []string{"mail.example.fr", "*.mx.example.net"}, maxAge: 604800},
			dialled: "127.0.10.1:443", tlsrpt: Present, tlsrptN: 1, rua: []string{"mailto:tlsrpt@example.fr", "https://reports.example.net/tlsrpt"}},
		{name: "testing - record in two strings, policy host an alias, CRLF", domain: "testing.example.fr", record: Present, ad: true, records: 1, id: "testing1",
			policy:  &policy{fetched: true, version: "STSv1", mode: "testing", mx: []string{"mail.example.fr"}, maxAge: 86400},
			dialled: "127.0.10.2:443", tlsrpt: Absent},
		{name: "none - IPv6 policy host, unknown key ignored, two TLS-RPT records", domain: "none.example.fr", record: Present, ad: true, records: 1, id: "none1",
			policy:  &policy{fetched: true, version: "STSv1", mode: "none", maxAge: 86400},
			dialled: "[::1]:443", tlsrpt: Present, tlsrptN: 2, tlProb: "2 records start with v=TLSRPTv1"},
		{name: "no policy - TXT absent", domain: "absent.example.fr", record: Absent, nx: true, ad: true, tlsrpt: Absent},
		{name: "no policy - two STSv1 records", domain: "two.example.fr", record: Present, ad: true, records: 2, problem: "2 records start with v=STSv1",
			dialled: "127.0.10.5:443", tlsrpt: Absent},
		{name: "no policy - malformed id, TLS-RPT record without URI", domain: "badid.example.fr", record: Present, ad: true, records: 1, problem: `id "2026-11-26"`,
			dialled: "127.0.10.6:443", tlsrpt: Present, tlsrptN: 1, tlProb: `field "rua=" is not NAME=VALUE`},
		{name: "unknown policy - policy host has no address", domain: "nohost.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy: &policy{reason: ReasonUnreachable, detail: "mta-sts.nohost.example.fr has no address: A absent (NXDOMAIN), AAAA absent (NXDOMAIN)", maxAge: -1}, tlsrpt: Absent},
		{name: "unknown policy - certificate for another name", domain: "wrongname.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonCertificate, detail: "not mta-sts.wrongname.example.fr", maxAge: -1},
			dialled: "127.0.10.8:443", tlsrpt: Absent},
		{name: "unknown policy - certificate from an unknown CA", domain: "unknownca.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonCertificate, detail: "unknown authority", maxAge: -1},
			dialled: "127.0.10.9:443", tlsrpt: Absent},
		{name: "unknown policy - redirect not followed", domain: "redirect.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonRedirect, detail: `301 Moved Permanently to "https://mta-sts.target.example.fr/.well-known/mta-sts.txt"`, maxAge: -1},
			dialled: "127.0.10.10:443", tlsrpt: Absent},
		{name: "unknown policy - 404", domain: "notfound.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonHTTPStatus, detail: "404 Not Found", maxAge: -1},
			dialled: "127.0.10.11:443", tlsrpt: Absent},
		{name: "unknown policy - text/html", domain: "html.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonContentType, detail: `"text/html; charset=utf-8"`, maxAge: -1},
			dialled: "127.0.10.12:443", tlsrpt: Absent},
		{name: "unknown policy - body over 64 KiB, chunked", domain: "large.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonTooLarge, detail: "65536", maxAge: -1},
			dialled: "127.0.10.13:443", tlsrpt: Absent},
		{name: "unknown policy - Content-Length over 64 KiB", domain: "biglength.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonTooLarge, detail: "65536", maxAge: -1},
			dialled: "127.0.10.14:443", tlsrpt: Absent},
		{name: "invalid policy - missing max_age", domain: "noage.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{fetched: true, version: "STSv1", mode: "enforce", mx: []string{"mail.example.fr"}, maxAge: -1, problems: []string{"no max_age field"}},
			dialled: "127.0.10.15:443", tlsrpt: Absent},
		{name: "invalid policy - bad version", domain: "badversion.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{fetched: true, version: "STSv2", mode: "enforce", mx: []string{"mail.example.fr"}, maxAge: 86400, problems: []string{`version "STSv2" is not STSv1`}},
			dialled: "127.0.10.16:443", tlsrpt: Absent},
		{name: "invalid policy - unknown mode", domain: "badmode.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{fetched: true, version: "STSv1", mode: "enforcing", mx: []string{"mail.example.fr"}, maxAge: 86400, problems: []string{`mode "enforcing" is not enforce, testing or none`}},
			dialled: "127.0.10.17:443", tlsrpt: Absent},
		{name: "invalid policy - repeated mode, the first kept", domain: "twomodes.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{fetched: true, version: "STSv1", mode: "testing", mx: []string{"mail.example.fr"}, maxAge: 86400, problems: []string{"mode repeated (lines 2 and 4)"}},
			dialled: "127.0.10.18:443", tlsrpt: Absent},
		{name: "unknown - SERVFAIL on both TXT lookups", domain: "broken.example.fr", record: Unknown, reason: ReasonServFail, tlsrpt: Unknown, tlReason: ReasonServFail},
		{name: "unknown - timeout on both TXT lookups", domain: "slow.example.fr", record: Unknown, reason: ReasonTimeout, tlsrpt: Unknown, tlReason: ReasonTimeout},
		{name: "unknown policy - the server does not answer", domain: "hang.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonTimeout, detail: "not done within 600ms", maxAge: -1},
			dialled: "127.0.10.21:443", tlsrpt: Absent},
		{name: "unknown policy - connection refused", domain: "closed.example.fr", record: Present, ad: true, records: 1, id: "20261126T180000",
			policy:  &policy{reason: ReasonUnreachable, detail: "no connection to mta-sts.closed.example.fr port 443: 127.0.10.22:443: connect: connection refused", maxAge: -1},
			dialled: "127.0.10.22:443", tlsrpt: Absent},
	} {
		cases = append(cases, tc)
	}
	t.Run("domains", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				m := p.ProbeMTASTS(context.Background(), tc.domain)
				domain := strings.ToLower(strings.TrimSuffix(tc.domain, "."))
				if m.Domain != domain {
					t.Errorf("domain %q, want %q", m.Domain, domain)
				}
				checkLookup(t, "record", m.Record, tc.record, tc.nx, tc.ad, tc.reason)
				if len(m.Records) != tc.records || m.ID != tc.id {
					t.Errorf("records %q id %q, want %d records, id %q", m.Records, m.ID, tc.records, tc.id)
				}
				for _, rec := range m.Records {
					if !strings.HasPrefix(rec, "v=STSv1") {
						t.Errorf("record %q kept", rec)
					}
				}
				if tc.problem == "" && m.RecordProblem != "" || !strings.Contains(m.RecordProblem, tc.problem) {
					t.Errorf("record problem %q, want %q", m.RecordProblem, tc.problem)
				}
				checkLookup(t, "tlsrpt", m.TLSRPT, tc.tlsrpt, tc.tlsrpt == Absent, tc.tlsrpt != Unknown, tc.tlReason)
				if len(m.TLSRPTRecords) != tc.tlsrptN || !slices.Equal(m.RUA, tc.rua) {
					t.Errorf("TLS-RPT records %q rua %q, want %d records, rua %q", m.TLSRPTRecords, m.RUA, tc.tlsrptN, tc.rua)
				}
				if tc.tlProb == "" && m.TLSRPTProblem != "" || !strings.Contains(m.TLSRPTProblem, tc.tlProb) {
					t.Errorf("TLS-RPT problem %q, want %q", m.TLSRPTProblem, tc.tlProb)
				}
				host := "mta-sts." + domain
				switch {
				case tc.policy == nil:
					if m.Policy != nil {
						t.Errorf("policy %+v, want none", m.Policy)
					}
					if n := s.hitsOf(host); n != 0 || tc.dialled != "" && s.dials(tc.dialled) != 0 {
						t.Errorf("%d requests for %s, want none", n, host)
					}
				default:
					got, want := m.Policy, tc.policy
					if got == nil {
						t.Fatal("no policy")
					}
					if got.URL != "https://"+host+"/.well-known/mta-sts.txt" {
						t.Errorf("URL %q", got.URL)
					}
					if got.Fetched != want.fetched || got.Version != want.version || got.Mode != want.mode || !slices.Equal(got.MX, want.mx) || got.MaxAge != want.maxAge {
						t.Errorf("policy %+v, want %+v", got, want)
					}
					switch {
					case want.fetched && got.Unknown != nil:
						t.Errorf("fetched with a problem %+v", got.Unknown)
					case !want.fetched && (got.Unknown == nil || got.Unknown.Reason != want.reason || !strings.Contains(got.Unknown.Detail, want.detail)):
						t.Errorf("unknown %+v, want %s with %q", got.Unknown, want.reason, want.detail)
					}
					if len(got.Problems) != len(want.problems) {
						t.Errorf("problems %q, want %q", got.Problems, want.problems)
					} else {
						for i := range want.problems {
							if !strings.Contains(got.Problems[i], want.problems[i]) {
								t.Errorf("problem %q, want %q", got.Problems[i], want.problems[i])
							}
						}
					}
					if tc.dialled != "" && s.dials(tc.dialled) != 1 {
						t.Errorf("dialled %q %d times, want once", tc.dialled, s.dials(tc.dialled))
					}
				}
				if doc := mxEvent(t, m); schema.Validate(doc) != nil {
					t.Errorf("%v\n%s", schema.Validate(doc), doc)
				}
			})
		}
	})
	t.Run("redirect target not fetched", func(t *testing.T) {
		if n := s.hitsOf("mta-sts.redirect.example.fr"); n != 1 {
			t.Errorf("%d requests for the redirecting host, want 1", n)
		}
		if n := s.hitsOf("mta-sts.target.example.fr"); n != 0 {
			t.Errorf("%d requests for the redirect target, want none", n)
		}
	})
}

// checkLookup checks a lookup's state, flags and reason.
func checkLookup(t *testing.T, what string, l Lookup, state State, nx, ad bool, reason Reason) {
	t.Helper()
	if l.State != state || l.NXDomain != nx || l.Authenticated != (ad && state != Unknown) {
		t.Errorf("%s lookup %+v, want %s nxdomain=%t authenticated=%t", what, l, state, nx, ad)
	}
	switch {
	case state == Unknown && (l.Unknown == nil || l.Unknown.Reason != reason || l.Unknown.Detail == ""):
		t.Errorf("%s unknown %+v, want %s with a detail", what, l.Unknown, reason)
	case state != Unknown && l.Unknown != nil:
		t.Errorf("%s %s with a problem %+v", what, state, l.Unknown)
	}
}

// countAsked counts the questions of type qtype for name (an FQDN).
func countAsked(r *resolver, qtype, name string) int {
	n := 0
	for _, q := range r.queries() {
		if f := strings.Fields(q); f[1] == qtype && f[2] == name {
			n++
		}
	}
	return n
}

// The MX hosts of one domain cost one set of questions and one fetch:
// a caller arriving during the first call's fetch waits for it, a later
// one gets the remembered result, and each its own copy. A waiter whose
// context ends returns at once.
func TestProbeMTASTSOncePerDomain(t *testing.T) {
	r, s := mailDomains(t)
	g := s.hold("mta-sts.example.fr")
	p := NewProber(mtastsConfig(r.serve(t), s))
	ctx := context.Background()

	first, second := make(chan *MTASTS), make(chan *MTASTS)
	go func() { first <- p.ProbeMTASTS(ctx, "example.fr") }()
	<-g.arrived // the first call is fetching
	go func() { second <- p.ProbeMTASTS(ctx, "EXAMPLE.fr.") }()

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	c := p.ProbeMTASTS(canceled, "example.fr")
	if c.Record.State != Unknown || c.Record.Unknown.Reason != ReasonCanceled || c.TLSRPT.Unknown.Reason != ReasonCanceled || c.Policy != nil {
		t.Errorf("canceled waiter got %+v", c)
	}

	close(g.release)
	a, b := <-first, <-second
	if a.Policy == nil || !a.Policy.Fetched || a.Policy.Mode != "enforce" {
		t.Fatalf("first %+v %+v", a, a.Policy)
	}
	// The questions are counted once, on the result of the call that
	// asked them: TXT _mta-sts, TXT _smtp._tls, and the policy host's A
	// and AAAA.
	if a.Stats.Queries != 4 || b.Stats != (Stats{}) {
		t.Errorf("stats: first %+v, second %+v; want 4 queries on the first only", a.Stats, b.Stats)
	}
	asked := *a
	asked.Stats = Stats{}
	a = &asked
	if !reflect.DeepEqual(a, b) {
		t.Errorf("second\n%+v\nwant the first's\n%+v", b, a)
	}
	check := func(when string) {
		t.Helper()
		if n := s.hitsOf("mta-sts.example.fr"); n != 1 {
			t.Errorf("%s: %d fetches, want 1", when, n)
		}
		for _, q := range []struct{ qtype, name string }{
			{"TXT", "_mta-sts.example.fr."}, {"TXT", "_smtp._tls.example.fr."}, {"A", "mta-sts.example.fr."}, {"AAAA", "mta-sts.example.fr."},
		} {
			if n := countAsked(r, q.qtype, q.name); n != 1 {
				t.Errorf("%s: %d %s questions for %s, want 1: %q", when, n, q.qtype, q.name, r.queries())
			}
		}
	}
	check("two concurrent calls")

	before := len(r.queries())
	later := p.ProbeMTASTS(ctx, "example.fr")
	check("a later call")
	if len(r.queries()) != before || !reflect.DeepEqual(later, a) {
		t.Errorf("later call asked %q, got %+v", r.queries()[before:], later)
	}
	later.Policy.MX[0], later.RUA[0] = "changed", "changed"
	if again := p.ProbeMTASTS(ctx, "example.fr"); !reflect.DeepEqual(again, a) || a.Policy.MX[0] != "mail.example.fr" {
		t.Errorf("a caller's change reached the others: %+v", again.Policy)
	}
}

func TestProbeMTASTSNotAName(t *testing.T) {
	r, s := mailDomains(t)
	p := NewProber(mtastsConfig(r.serve(t), s))
	for _, d := range []string{"192.0.2.1", "::1", "bad name", "a..b", "."} {
		m := p.ProbeMTASTS(context.Background(), d)
		for _, l := range []Lookup{m.Record, m.TLSRPT} {
			if l.State != Unknown || l.Unknown == nil || l.Unknown.Reason != ReasonNotTested {
				t.Errorf("%q: lookup %+v", d, l)
			}
		}
		if m.Policy != nil || m.Records != nil || m.ID != "" {
			t.Errorf("%q: %+v", d, m)
		}
		if d != "." {
			if doc := mxEvent(t, m); schema.Validate(doc) != nil {
				t.Errorf("%q: %v\n%s", d, schema.Validate(doc), doc)
			}
		}
	}
	if q := r.queries(); len(q) != 0 {
		t.Errorf("questions asked: %q", q)
	}
}

// Without PolicyRoots, the Mozilla roots compiled in are the roots: the
// test CA's certificate is refused.
func TestProbeMTASTSDefaultRoots(t *testing.T) {
	r, s := mailDomains(t)
	cfg := mtastsConfig(r.serve(t), s)
	cfg.PolicyRoots = nil
	m := NewProber(cfg).ProbeMTASTS(context.Background(), "example.fr")
	if m.Policy == nil || m.Policy.Fetched || m.Policy.Unknown == nil || m.Policy.Unknown.Reason != ReasonCertificate ||
		!strings.Contains(m.Policy.Unknown.Detail, "unknown authority") {
		t.Errorf("policy %+v", m.Policy)
	}
}

func TestParseSTSRecord(t *testing.T) {
	for _, tc := range []struct {
		rec, id, problem string
	}{
		{"v=STSv1; id=20160831085700Z;", "20160831085700Z", ""},
		{"v=STSv1;id=abc", "abc", ""},
		{"v=STSv1 ;\tid=abc ; ", "abc", ""},
		{"v=STSv1; ext=value; id=" + strings.Repeat("a", 32), strings.Repeat("a", 32), ""},
		{"v=STSv1; id=" + strings.Repeat("a", 33), "", "is not 1 to 32 letters and digits"},
		{"v=STSv1; id=abc-def", "", "is not 1 to 32 letters and digits"},
		{"v=STSv1; id=", "", "is not NAME=VALUE"},
		{"v=STSv1", "", "no field after v=STSv1"},
		{"v=STSv1;", "", "no field after v=STSv1"},
		{"v=STSv1; ", "", "no field after v=STSv1"},
		{"v=STSv1; ext=1", "", "no id field"},
		{"v=STSv1; id=a; id=b", "", "more than one id field"},
		{"v=STSv1; id=abc ", "", "white space after the last field"},
		{"v=STSv1;; id=abc", "", "is not NAME=VALUE"},
		{"v=STSv1 id=abc", "", `starts with "v=STSv1 id=abc"`},
		{"v=STSv10; id=abc", "", `starts with "v=STSv10"`},
		{"v=STSv1; -x=1; id=abc", "", "is not NAME=VALUE"},
		{"v=STSv1; x=a=b; id=abc", "", "printable ASCII"},
		{"v=STSv1; x=\x01; id=abc", "", "printable ASCII"},
	} {
		id, problem := parseSTSRecord(tc.rec)
		if id != tc.id || tc.problem == "" && problem != "" || !strings.Contains(problem, tc.problem) {
			t.Errorf("%q: id %q problem %q, want %q %q", tc.rec, id, problem, tc.id, tc.problem)
		}
	}
	// No strict prefix of a valid record gives its id.
	const rec = "v=STSv1; ext=x; id=abcdef123"
	for i := range len(rec) {
		if id, _ := parseSTSRecord(rec[:i]); id == "abcdef123" {
			t.Errorf("prefix %q gives the id", rec[:i])
		}
	}
}

func TestParseTLSRPTRecord(t *testing.T) {
	for _, tc := range []struct {
		rec     string
		rua     []string
		problem string
	}{
		{"v=TLSRPTv1; rua=mailto:reports@example.com", []string{"mailto:reports@example.com"}, ""},
		{"v=TLSRPTv1;rua=https://reporting.example.com/v1/tlsrpt?a=b", []string{"https://reporting.example.com/v1/tlsrpt?a=b"}, ""},
		{"v=TLSRPTv1; rua=mailto:a@example.com , \thttps://r.example.com/x;", []string{"mailto:a@example.com", "https://r.example.com/x"}, ""},
		{"v=TLSRPTv1; ext=1; rua=mailto:a@example.com", []string{"mailto:a@example.com"}, ""},
		{"v=TLSRPTv1; rua=", nil, "is not NAME=VALUE"},
		{"v=TLSRPTv1; rua=mailto:a@example.com,", nil, "not a comma-separated list of URIs"},
		{"v=TLSRPTv1; rua=reports@example.com", nil, "not a comma-separated list of URIs"},
		{"v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com", nil, "more than one rua field"},
		{"v=TLSRPTv1; ext=1", nil, "no rua field"},
		{"v=TLSRPTv1", nil, "no field after v=TLSRPTv1"},
		{"v=TLSRPTv10; rua=mailto:a@example.com", nil, `starts with "v=TLSRPTv10"`},
	} {
		rua, problem := parseTLSRPTRecord(tc.rec)
		if !slices.Equal(rua, tc.rua) || tc.problem == "" && problem != "" || !strings.Contains(problem, tc.problem) {
			t.Errorf("%q: rua %q problem %q, want %q %q", tc.rec, rua, problem, tc.rua, tc.problem)
		}
	}
}

func TestParsePolicy(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       MTASTSPolicy // Version, Mode, MX, MaxAge
		problems   []string     // parts, one each, in order
	}{
		{"valid - RFC 8461 example", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmx: backupmx.example.com\nmax_age: 604800\n",
			MTASTSPolicy{Version: "STSv1", Mode: "enforce", MX: []string{"mail.example.com", "*.example.net", "backupmx.example.com"}, MaxAge: 604800}, nil},
		{"valid - CRLF, no final line end, white space after values", "version: STSv1\r\nmode:testing \r\nmx:\tmx.example.fr\r\nmax_age: 0",
			MTASTSPolicy{Version: "STSv1", Mode: "testing", MX: []string{"mx.example.fr"}, MaxAge: 0}, nil},
		{"valid - none without mx, unknown keys ignored", "version: STSv1\nmode: none\nmax_age: 31557600\nx-future: 1 2 3\n",
			MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: 31557600}, nil},
		{"invalid - empty", "", MTASTSPolicy{MaxAge: -1},
			[]string{`line 1 is not KEY: VALUE: ""`, "no version field", "no mode field", "no max_age field"}},
		{"invalid - enforce without mx", "version: STSv1\nmode: enforce\nmax_age: 86400\n", MTASTSPolicy{Version: "STSv1", Mode: "enforce", MaxAge: 86400},
			[]string{"mode enforce without any mx field"}},
		{"invalid - max_age out of range", "version: STSv1\nmode: none\nmax_age: 31557601\n", MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: 31557601},
			[]string{"max_age 31557601 is out of range"}},
		{"invalid - max_age of 11 digits", "version: STSv1\nmode: none\nmax_age: 00000000001\n", MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: -1},
			[]string{"more than 10 digits"}},
		{"invalid - max_age huge", "version: STSv1\nmode: none\nmax_age: 99999999999999999999999\n", MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: -1},
			[]string{"out of range"}},
		{"invalid - max_age not a number", "version: STSv1\nmode: none\nmax_age: -1\n", MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: -1},
			[]string{`max_age "-1" is not a number`}},
		{"invalid - repeated version and max_age, first kept", "version: STSv1\nmode: none\nmax_age: 5\nversion: STSv2\nmax_age: 6\n",
			MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: 5}, []string{"version repeated (lines 1 and 4)", "max_age repeated (lines 3 and 5)"}},
		{"invalid - lines not KEY: VALUE", "version: STSv1\n\nmode enforce\n mode: none\nmode: none\nmax_age: 1\next:\n",
			MTASTSPolicy{Version: "STSv1", Mode: "none", MaxAge: 1},
			[]string{`line 2 is not KEY: VALUE: ""`, `line 3 is not KEY: VALUE: "mode enforce"`, `line 4 is not KEY: VALUE: " mode: none"`, `line 7 is not KEY: VALUE: "ext:"`}},
		{"invalid - keys are case-sensitive", "Version: STSv1\nMode: enforce\nmax_age: 1\n", MTASTSPolicy{MaxAge: 1},
			[]string{"no version field", "no mode field"}},
		{"invalid - mx patterns", "version: STSv1\nmode: testing\nmx: *.\nmx: mail.example.fr.\nmx: a.*.example.fr\nmax_age: 1\n",
			MTASTSPolicy{Version: "STSv1", Mode: "testing", MX: []string{"*.", "mail.example.fr.", "a.*.example.fr"}, MaxAge: 1},
			[]string{`mx "*."`, `mx "mail.example.fr."`, `mx "a.*.example.fr"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := &MTASTSPolicy{}
			parsePolicy([]byte(tc.body), pol)
			if pol.Version != tc.want.Version || pol.Mode != tc.want.Mode || !slices.Equal(pol.MX, tc.want.MX) || pol.MaxAge != tc.want.MaxAge {
				t.Errorf("%+v, want %+v", pol, tc.want)
			}
			if len(pol.Problems) != len(tc.problems) {
				t.Fatalf("problems %q, want %q", pol.Problems, tc.problems)
			}
			for i := range tc.problems {
				if !strings.Contains(pol.Problems[i], tc.problems[i]) {
					t.Errorf("problem %q, want %q", pol.Problems[i], tc.problems[i])
				}
			}
		})
	}
	// A hostile body lists a bounded number of problems.
	pol := &MTASTSPolicy{}
	parsePolicy([]byte(strings.Repeat("garbage\n", 5000)), pol)
	if len(pol.Problems) != maxPolicyProblems+1 || !strings.HasPrefix(pol.Problems[maxPolicyProblems], "and 4971 more problems") {
		t.Errorf("%d problems, last %q", len(pol.Problems), pol.Problems[len(pol.Problems)-1])
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"longer text", 6, "longer…"},
		{"ééé", 3, "é…"}, // not inside a rune
		{"ééé", 0, "…"},
	} {
		if got := clip(tc.s, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
