package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/discover"
	"github.com/cryptoscan/cryptoscan/scanner/sshprobe"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"cryptoscan": main,
	})
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"tlsserver":       cmdTLSServer,
			"validate-ndjson": cmdValidateNDJSON,
			"exitcode":        cmdExitCode,
		},
	})
}

// cmdTLSServer is "tlsserver NAME [tls12|tls13]": it starts a crypto/tls
// server on 127.0.0.1:0 for the rest of the script and sets NAME to its
// host:port and NAME_PORT to its port.
func cmdTLSServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: tlsserver NAME [tls12|tls13]")
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{testCertificate(ts)}}
	if len(args) == 2 {
		switch args[1] {
		case "tls12":
			cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
		case "tls13":
			cfg.MinVersion, cfg.MaxVersion = tls.VersionTLS13, tls.VersionTLS13
		default:
			ts.Fatalf("tlsserver: unknown version %q (want tls12 or tls13)", args[1])
		}
	}
	srv, err := startTLSServer(cfg)
	ts.Check(err)
	ts.Defer(srv.stop)
	addr := srv.ln.Addr().(*net.TCPAddr)
	ts.Setenv(args[0], addr.String())
	ts.Setenv(args[0]+"_PORT", strconv.Itoa(addr.Port))
	// NAME_CERT is a PEM file of the server's (self-signed) certificate.
	certFile := filepath.Join(ts.Getenv("WORK"), args[0]+".pem")
	leaf := cfg.Certificates[0].Certificate[0]
	ts.Check(os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf}), 0o644))
	ts.Setenv(args[0]+"_CERT", certFile)
	sum := sha256.Sum256(leaf)
	ts.Setenv(args[0]+"_CERT_SHA256", hex.EncodeToString(sum[:]))
}

// cmdValidateNDJSON is "validate-ndjson [-endpoints N] FILE": FILE (or
// stdout, the last command's output) must be NDJSON events valid against
// the schema, N of them endpoint events when -endpoints is given.
func cmdValidateNDJSON(ts *testscript.TestScript, neg bool, args []string) {
	lines := -1
	if len(args) == 3 && args[0] == "-endpoints" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		lines, args = n, args[2:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: validate-ndjson [-endpoints N] FILE")
	}
	data := ts.ReadFile(args[0])
	err := schema.ValidateStream(strings.NewReader(data))
	if err == nil && lines >= 0 {
		if n := strings.Count(data, `"event":"endpoint"`); n != lines {
			err = errors.New("got " + strconv.Itoa(n) + " endpoint events, want " + strconv.Itoa(lines))
		}
	}
	switch {
	case err != nil && !neg:
		ts.Fatalf("%s: %v", args[0], err)
	case err == nil && neg:
		ts.Fatalf("%s: valid, want invalid", args[0])
	}
}

// cmdExitCode is "exitcode CODES PROGRAM [ARGS...]": like exec, but the
// exit status must be one of the comma-separated CODES. stdout and stderr
// are kept for the commands that follow.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode CODES PROGRAM [ARGS...]")
	}
	var want []int
	for c := range strings.SplitSeq(args[0], ",") {
		n, err := strconv.Atoi(c)
		ts.Check(err)
		want = append(want, n)
	}
	err := ts.Exec(args[1], args[2:]...)
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		code = ee.ExitCode()
	}
	if !slices.Contains(want, code) {
		ts.Fatalf("%s exited with %d, want %s", args[1], code, args[0])
	}
}

var testCert = sync.OnceValues(func() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "cryptoscan test server"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
})

func testCertificate(ts *testscript.TestScript) tls.Certificate {
	c, err := testCert()
	ts.Check(err)
	return c
}

// tlsServer is an in-process crypto/tls server on loopback that completes
// handshakes and closes.
type tlsServer struct {
	ln net.Listener
	wg sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

// startTLSServer listens on 127.0.0.1:0 and returns once listening.
func startTLSServer(cfg *tls.Config) (*tlsServer, error) {
	return startTLSServerOn("127.0.0.1:0", cfg)
}

// startTLSServerOn is startTLSServer on a loopback address of the caller's.
func startTLSServerOn(addr string, cfg *tls.Config) (*tlsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &tlsServer{ln: ln, conns: make(map[net.Conn]bool)}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			s.wg.Go(func() {
				defer func() {
					c.Close()
					s.mu.Lock()
					delete(s.conns, c)
					s.mu.Unlock()
				}()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				tc := tls.Server(c, cfg)
				if tc.Handshake() == nil {
					tc.Close()
				}
			})
		}
	})
	return s, nil
}

// stop closes the listener and every open connection, and waits.
func (s *tlsServer) stop() {
	s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// runCLI runs one invocation in process.
func runCLI(t *testing.T, ctx context.Context, res *discover.Resolver, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLIHook(t, ctx, res, nil, args...)
}

// runCLIHook is runCLI with a function run between discovery and the scan.
func runCLIHook(t *testing.T, ctx context.Context, res *discover.Resolver, discovered func(), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, resolver: res, getenv: func(string) string { return "" }, discovered: discovered}
	code = c.run(ctx, args)
	return code, out.String(), errb.String()
}

// hostsResolver answers the names of hosts, as /etc/hosts does; any other
// name goes to a DNS server on 127.0.0.1 that does not answer (port 9,
// discard), so it fails fast.
func hostsResolver(hosts map[string][]string) *discover.Resolver {
	r := &discover.Resolver{Servers: []string{"127.0.0.1:9"}, Timeout: 200 * time.Millisecond, Attempts: 1, Hosts: map[string][]netip.Addr{}}
	for name, addrs := range hosts {
		for _, a := range addrs {
			r.Hosts[name] = append(r.Hosts[name], netip.MustParseAddr(a))
		}
	}
	return r
}

func testServer(t *testing.T) netip.AddrPort {
	t.Helper()
	c, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := startTLSServer(&tls.Config{Certificates: []tls.Certificate{c}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	return srv.ln.Addr().(*net.TCPAddr).AddrPort()
}

// TestUnresolvableTarget: a name that does not resolve beside one that
// does is an error line, no event, and an incomplete run.
func TestUnresolvableTarget(t *testing.T) {
	addr := testServer(t)
	port := strconv.Itoa(int(addr.Port()))
	res := hostsResolver(map[string][]string{"good.test": {"127.0.0.1"}})
	code, stdout, stderr := runCLI(t, context.Background(), res, "--format", "json", "--fail-on", "none", "missing.test:"+port, "good.test:"+port)
	if code != exitIncomplete {
		t.Errorf("exit code %d, want %d", code, exitIncomplete)
	}
	if want := "cryptoscan: error: A/AAAA missing.test: "; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr = %q, want it to start with %q", stderr, want)
	}
	if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
		t.Errorf("output does not validate: %v", err)
	}
	if n := strings.Count(stdout, `"event":"endpoint"`); n != 1 || !strings.Contains(stdout, `"host":"good.test"`) || strings.Contains(stdout, "missing.test") {
		t.Errorf("want one endpoint event, for good.test:\n%s", stdout)
	}

	code, stdout, stderr = runCLI(t, context.Background(), res, "--no-discover", "missing.test", "other.test")
	if code != exitUsage || stdout != "" {
		t.Errorf("no target resolvable: exit code %d, stdout %q; want %d and nothing", code, stdout, exitUsage)
	}
	if !strings.Contains(stderr, "error: A/AAAA missing.test: ") || !strings.Contains(stderr, "error: A/AAAA other.test: ") ||
		!strings.Contains(stderr, "cryptoscan: hint: ") || strings.Contains(stderr, "www.") {
		t.Errorf("stderr = %q, want both names and a hint", stderr)
	}
}

// TestInterrupted: a run whose context is cancelled (SIGINT, SIGTERM)
// still writes an event per endpoint and exits 2.
func TestInterrupted(t *testing.T) {
	addr := testServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	res := hostsResolver(map[string][]string{"good.test": {"127.0.0.1"}})
	// The signal arrives after discovery, before the scan.
	code, stdout, stderr := runCLIHook(t, ctx, res, cancel, "--format", "json", "good.test:"+strconv.Itoa(int(addr.Port())), addr.String())
	if code != exitIncomplete {
		t.Errorf("exit code %d, want %d", code, exitIncomplete)
	}
	if !strings.Contains(stderr, "cryptoscan: error: interrupted") {
		t.Errorf("stderr = %q, want an interrupted error", stderr)
	}
	if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
		t.Errorf("output does not validate: %v", err)
	}
	if n := strings.Count(stdout, `"event":"endpoint"`); n != 2 || strings.Count(stdout, `"error":{"reason":"canceled"}`) != 2 {
		t.Errorf("want two canceled endpoint events:\n%s", stdout)
	}
	if !strings.Contains(stdout, `"event":"summary"`) || !strings.Contains(stdout, `"interrupted":true`) || !strings.Contains(stdout, `"exit_code":2`) {
		t.Errorf("want a summary saying the run was interrupted:\n%s", stdout)
	}
}

func TestResultIncomplete(t *testing.T) {
	ike := func(edit func(o *scanner.IKEObservation)) *scanner.IKEObservation {
		o := &scanner.IKEObservation{
			V2: scanner.VersionStatus{Status: scanner.Supported}, V1: scanner.VersionStatus{Status: scanner.Supported},
			Transforms:   []scanner.IKETransform{{Type: scanner.IKEKeyExchange, ID: 19, Name: "256-bit random ECP group"}},
			Enumerations: []scanner.IKEEnumeration{{Type: scanner.IKEKeyExchange, Status: scanner.EnumComplete, Candidates: 27}},
			V1Offers: []scanner.IKEv1Offer{{Kind: scanner.IKEv1Broad, Transforms: 224, Status: scanner.Supported, Chosen: &scanner.IKEv1Transform{Mode: "main"}},
				{Kind: scanner.IKEv1Weak, Transforms: 192, Status: scanner.NotSupported}},
		}
		if edit != nil {
			edit(o)
		}
		return o
	}
	ep := scanner.Endpoint{Host: "127.0.0.1", IP: netip.MustParseAddr("127.0.0.1"), Port: 443, Protocol: "tls", Source: "argument"}
	complete := func() *scanner.TLSObservation {
		return &scanner.TLSObservation{
			Versions: []scanner.VersionFact{
				{Version: scanner.TLSv12, Status: scanner.Supported},
				{Version: scanner.TLSv11, Status: scanner.NotSupported, Reason: scanner.AlertReason(70)},
			},
			Enumerations: []scanner.Enumeration{{Version: scanner.TLSv12, Kind: scanner.EnumGroups, Status: scanner.EnumComplete}},
		}
	}
	unknown := complete()
	unknown.Versions[1] = scanner.VersionFact{Version: scanner.TLSv11, Status: scanner.StatusUnknown, Reason: scanner.ReasonThrottled}
	partial := complete()
	partial.Enumerations[0].Status, partial.Enumerations[0].Reason = scanner.EnumPartial, scanner.ReasonReset
	tests := []struct {
		name string
		r    scanner.Result
		want bool
	}{
		{"complete", scanner.Result{Endpoint: ep, TLS: complete()}, false},
		{"error", scanner.Result{Endpoint: ep, TLS: complete(), Error: &scanner.Unknown{Reason: scanner.ReasonUnreachable}}, true},
		{"no observation", scanner.Result{Endpoint: ep}, true},
		{"version unknown", scanner.Result{Endpoint: ep, TLS: unknown}, true},
		{"enumeration partial", scanner.Result{Endpoint: ep, TLS: partial}, true},
		{"ssh complete", scanner.Result{Endpoint: ep, SSH: &scanner.SSHObservation{Kex: []string{"curve25519-sha256"},
			HostKeys: []scanner.SSHHostKey{{Algorithm: "ssh-ed25519", Status: scanner.Supported}}}}, false},
		{"ssh kexinit unknown", scanner.Result{Endpoint: ep, SSH: &scanner.SSHObservation{KexInit: &scanner.Unknown{Reason: scanner.ReasonReset}}}, true},
		{"ssh host key unknown", scanner.Result{Endpoint: ep, SSH: &scanner.SSHObservation{
			HostKeys: []scanner.SSHHostKey{{Algorithm: "ssh-dss", Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout}}}}, true},
		{"ssh group exchange unknown", scanner.Result{Endpoint: ep, SSH: &scanner.SSHObservation{
			GroupExchange: &scanner.SSHGroupExchange{Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout}}}, true},
		{"ssh error", scanner.Result{Endpoint: ep, SSH: &scanner.SSHObservation{Banner: "SSH-2.0-x"}, Error: &scanner.Unknown{Reason: scanner.ReasonTimeout}}, true},
		{"ike complete", scanner.Result{Endpoint: ep, IKE: ike(nil)}, false},
		{"ike version unknown", scanner.Result{Endpoint: ep, IKE: ike(func(o *scanner.IKEObservation) {
			o.V1 = scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout}
		})}, true},
		{"ike list partial", scanner.Result{Endpoint: ep, IKE: ike(func(o *scanner.IKEObservation) {
			o.Enumerations[0].Status, o.Enumerations[0].Reason = scanner.EnumPartial, scanner.ReasonThrottled
		})}, true},
		{"ike weak offer unanswered", scanner.Result{Endpoint: ep, IKE: ike(func(o *scanner.IKEObservation) {
			o.V1Offers[1] = scanner.IKEv1Offer{Kind: scanner.IKEv1Weak, Transforms: 192, Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout}
		})}, true},
		{"ike error", scanner.Result{Endpoint: ep, IKE: ike(nil), Error: &scanner.Unknown{Reason: scanner.ReasonTimeout}}, true},
	}
	for _, tt := range tests {
		if got := resultIncomplete(tt.r); got != tt.want {
			t.Errorf("%s: resultIncomplete = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scan.ndjson")
	if err := os.WriteFile(path, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := createOutput(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new\n")
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("report visible before commit: %q", b)
	}
	if err := f.commit(); err != nil {
		t.Fatal(err)
	}
	f.abort() // after commit: no effect
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("after commit: %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the replaced file's 0640", fi.Mode().Perm())
	}

	f, err = createOutput(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("aborted\n")
	f.abort()
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("abort changed the report: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	if _, err := createOutput(dir); err == nil {
		t.Errorf("createOutput(directory) succeeded")
	}
	if _, err := createOutput(filepath.Join(dir, "missing", "scan.ndjson")); err == nil {
		t.Errorf("createOutput in a missing directory succeeded")
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help"} {
		code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), arg)
		if code != exitOK || !strings.HasPrefix(stdout, "Usage:\n") || stderr != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, stdout, stderr)
		}
	}
}

func TestLegacyPortsFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []sshprobe.LegacyPort
	}{
		{[]string{"ssh://h"}, nil}, // sshprobe's default
		{[]string{"--legacy-ports", "none", "ssh://h"}, []sshprobe.LegacyPort{}},
		{[]string{"--legacy-ports", "telnet=2323,ftp=2121", "ssh://h"}, []sshprobe.LegacyPort{{Port: 2323, Service: sshprobe.Telnet}, {Port: 2121, Service: sshprobe.FTP}}},
	} {
		o, err := parseFlags(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(o.legacyPorts, tc.want) || (o.legacyPorts == nil) != (tc.want == nil) {
			t.Errorf("%q: %v, want %v", tc.args, o.legacyPorts, tc.want)
		}
	}
}

func TestFlagsAfterTargets(t *testing.T) {
	o, err := parseFlags([]string{"example.fr", "--format", "json", "192.0.2.1", "-o", "x", "--", "--sni", "-h"})
	if err != nil {
		t.Fatal(err)
	}
	if o.format != "json" || o.output != "x" || !slices.Equal(o.targets, []string{"example.fr", "192.0.2.1", "--sni", "-h"}) {
		t.Errorf("got format %q output %q targets %q", o.format, o.output, o.targets)
	}
}
