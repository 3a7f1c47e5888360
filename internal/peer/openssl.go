package peer

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// OpenSSL starts `openssl s_server -accept 127.0.0.1:0 -www ARGS...` and
// returns once it accepts connections. When args name no -cert, a fresh
// self-signed RSA 2048 certificate is added. s_server serves one connection
// at a time; others wait in the listen backlog.
func OpenSSL(t testing.TB, args ...string) *Server {
	t.Helper()
	return openSSL(t, true, args)
}

// OpenSSLEcho is OpenSSL without -www, for the options s_server refuses
// with it (-early_data): it then echoes its stdin to the client, so stdin
// stays open, and empty, until the test ends. Client-initiated
// renegotiation and early data are read as s_server reads the connection.
func OpenSSLEcho(t testing.TB, args ...string) *Server {
	t.Helper()
	return openSSL(t, false, args)
}

func openSSL(t testing.TB, www bool, args []string) *Server {
	t.Helper()
	bin := Require(t, "openssl")
	for _, a := range args {
		if a == "-accept" || a == "-port" {
			t.Fatalf("peer.OpenSSL: the harness chooses the address, drop %s", a)
		}
	}
	if !slices.Contains(args, "-cert") {
		cert, key := NewRSACert(t, t.TempDir(), 2048)
		args = append(args, "-cert", cert, "-key", key)
	}
	// -www answers a GET with a status page and never reads stdin (without
	// it s_server echoes stdin and quits on its EOF); -quiet is not used
	// because it also hides the ACCEPT line that reports the port.
	mode := []string{"-www"}
	if !www {
		mode = nil
	}
	full := slices.Concat([]string{"s_server", "-accept", "127.0.0.1:0"}, mode, args)
	out := newTail(64 << 10)
	addrc := make(chan string, 1)
	out.onLine = func(line string) {
		if rest, ok := strings.CutPrefix(line, "ACCEPT "); ok {
			select {
			case addrc <- strings.TrimSpace(rest):
			default:
			}
		}
	}
	cmd := exec.Command(bin, full...)
	if !www {
		// The child reads the pipe itself (an *os.File): no copying
		// goroutine for Wait to wait for.
		stdin, keep, err := os.Pipe()
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		cmd.Stdin = stdin
		t.Cleanup(func() { stdin.Close(); keep.Close() })
	}
	p, err := start(t, cmd, out)
	if err != nil {
		t.Fatalf("peer: %v", err)
	}
	var addr string
	select {
	case addr = <-addrc:
	case <-p.done:
		t.Fatalf("peer: openssl %s exited: %v\n%s", strings.Join(full, " "), p.err, out)
	case <-time.After(startTimeout):
		t.Fatalf("peer: openssl %s printed no ACCEPT line in %v\n%s", strings.Join(full, " "), startTimeout, out)
	}
	checkLoopback(t, addr)
	if err := waitAccepting(p, dialTCP(addr)); err != nil {
		t.Fatalf("peer: openssl %s: %v\n%s", strings.Join(full, " "), err, out)
	}
	return &Server{Addr: addr, Name: "openssl", Args: append([]string{"openssl"}, full...), out: out, pid: cmd.Process.Pid}
}

// Suite is a cipher suite as OpenSSL describes it (`openssl ciphers -V
// -stdname`).
type Suite struct {
	Code        uint16
	Name        string // IANA name
	OpenSSLName string
	MinVersion  string // "SSLv3", "TLSv1", "TLSv1.2", "TLSv1.3": the oldest version the suite exists in
	Kx          string // key exchange: "RSA", "DH", "ECDH", "PSK", "any" (TLS 1.3) ...
	Au          string // authentication: "RSA", "ECDSA", "DSS", "None", "PSK", "any" ...
	Enc         string
	Mac         string
}

// OpenSSLCiphers returns the codes of the suites OpenSSL accepts with
// cipher string cipherString and TLS 1.3 suites tls13Suites ("" leaves
// OpenSSL's default) when the version is pinned by versionFlag ("-tls1",
// "-tls1_1", "-tls1_2", "-tls1_3"; "" for no pin), in OpenSSL's preference
// order: `openssl ciphers -s -V -stdname [FLAG] [-ciphersuites S] STRING`.
// It says what the library would negotiate for that configuration before
// the certificate is considered; see ServableBy.
func OpenSSLCiphers(t testing.TB, cipherString, tls13Suites, versionFlag string) []uint16 {
	t.Helper()
	return Codes(OpenSSLSuites(t, cipherString, tls13Suites, versionFlag))
}

// OpenSSLSuites is OpenSSLCiphers with the description of each suite.
func OpenSSLSuites(t testing.TB, cipherString, tls13Suites, versionFlag string) []Suite {
	t.Helper()
	return opensslSuites(t, nil, cipherString, tls13Suites, versionFlag)
}

// OpenSSLPSKCiphers is OpenSSLCiphers for a server given a pre-shared key
// (s_server -psk), whose PSK suites `openssl ciphers -psk` lists too.
func OpenSSLPSKCiphers(t testing.TB, cipherString, versionFlag string) []uint16 {
	t.Helper()
	return Codes(opensslSuites(t, []string{"-psk"}, cipherString, "", versionFlag))
}

func opensslSuites(t testing.TB, extra []string, cipherString, tls13Suites, versionFlag string) []Suite {
	t.Helper()
	bin := Require(t, "openssl")
	args := append([]string{"ciphers", "-s", "-V", "-stdname"}, extra...)
	if versionFlag != "" {
		if !slices.Contains([]string{"-tls1", "-tls1_1", "-tls1_2", "-tls1_3"}, versionFlag) {
			t.Fatalf("peer.OpenSSLSuites: unknown version flag %q", versionFlag)
		}
		args = append(args, versionFlag)
	}
	if tls13Suites != "" {
		args = append(args, "-ciphersuites", tls13Suites)
	}
	args = append(args, cipherString)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("peer: openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	suites, err := parseOpenSSLCiphers(out)
	if err != nil {
		t.Fatalf("peer: openssl %s: %v", strings.Join(args, " "), err)
	}
	return suites
}

// parseOpenSSLCiphers reads `openssl ciphers -V -stdname` lines:
//
//	0xC0,0x2B - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 - ECDHE-ECDSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH Au=ECDSA Enc=AESGCM(128) Mac=AEAD
func parseOpenSSLCiphers(out []byte) ([]Suite, error) {
	var suites []Suite
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 7 || f[1] != "-" || f[3] != "-" {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		code, err := parseHexPair(f[0])
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		s := Suite{Code: code, Name: f[2], OpenSSLName: f[4], MinVersion: f[5]}
		for _, kv := range f[6:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "Kx":
				s.Kx = v
			case "Au":
				s.Au = v
			case "Enc":
				s.Enc = v
			case "Mac":
				s.Mac = v
			}
		}
		suites = append(suites, s)
	}
	return suites, nil
}

// parseHexPair reads "0xC0,0x2B" (OpenSSL) or "0xc0, 0x2b" (GnuTLS).
func parseHexPair(s string) (uint16, error) {
	hi, lo, ok := strings.Cut(strings.ReplaceAll(s, " ", ""), ",")
	if !ok {
		return 0, fmt.Errorf("malformed code %q", s)
	}
	h, err1 := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(hi), "0x"), 16, 8)
	l, err2 := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(lo), "0x"), 16, 8)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("malformed code %q", s)
	}
	return uint16(h)<<8 | uint16(l), nil
}

// Codes lists the codes of suites, in order.
func Codes(suites []Suite) []uint16 {
	codes := make([]uint16, 0, len(suites))
	for _, s := range suites {
		codes = append(codes, s.Code)
	}
	return codes
}

// Filter keeps the suites for which keep is true, in order.
func Filter(suites []Suite, keep func(Suite) bool) []Suite {
	var out []Suite
	for _, s := range suites {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// ServableBy says whether an OpenSSL server (s_server, nginx) holding
// certificates with the given key types ("RSA", "ECDSA", "DSA") can
// negotiate a suite its cipher string allows: TLS 1.3 suites and anonymous
// suites always; others when a certificate matches the suite's
// authentication; never PSK or SRP suites, which need callbacks neither
// server sets up by default.
func ServableBy(keys ...string) func(Suite) bool {
	return func(s Suite) bool {
		if strings.Contains(s.Kx, "PSK") || strings.Contains(s.Kx, "SRP") {
			return false
		}
		switch s.Au {
		case "any", "None":
			return true
		case "RSA":
			return slices.Contains(keys, "RSA")
		case "ECDSA":
			return slices.Contains(keys, "ECDSA")
		case "DSS":
			return slices.Contains(keys, "DSA")
		}
		return false
	}
}

// opensslNames maps IANA and OpenSSL suite names to codes and codes to
// IANA names, for every suite the local OpenSSL knows (`openssl ciphers -V
// -stdname ALL:COMPLEMENTOFALL:@SECLEVEL=0`).
type opensslNames struct {
	once   sync.Once
	byName map[string]uint16
	byCode map[uint16]string
}

var suiteNames opensslNames

func (n *opensslNames) load() {
	n.once.Do(func() {
		n.byName = make(map[string]uint16)
		n.byCode = make(map[uint16]string)
		bin, err := lookPath("openssl")
		if err != nil {
			return
		}
		out, err := exec.Command(bin, "ciphers", "-V", "-stdname", "ALL:COMPLEMENTOFALL:@SECLEVEL=0").Output()
		if err != nil {
			return
		}
		suites, err := parseOpenSSLCiphers(bytes.TrimSpace(out))
		if err != nil {
			return
		}
		for _, s := range suites {
			n.byName[s.Name] = s.Code
			n.byName[s.OpenSSLName] = s.Code
			n.byCode[s.Code] = s.Name
		}
	})
}

// lookupSuite returns the code of an IANA or OpenSSL suite name, as far as
// the local OpenSSL knows it.
func lookupSuite(name string) (uint16, bool) {
	suiteNames.load()
	c, ok := suiteNames.byName[name]
	return c, ok
}

// SuiteName is the IANA name of a suite the local OpenSSL knows, or
// 0xXXXX.
func SuiteName(code uint16) string {
	suiteNames.load()
	if n, ok := suiteNames.byCode[code]; ok {
		return n
	}
	return fmt.Sprintf("0x%04X", code)
}

// OpenSSLKnows reports whether the local OpenSSL (the one sslscan is linked
// with) implements the suite at all, whatever the security level: sslscan
// cannot find a suite its library cannot offer (OpenSSL 3.0 in Debian has
// no RC4, DES or 3DES).
func OpenSSLKnows(code uint16) bool {
	suiteNames.load()
	_, ok := suiteNames.byCode[code]
	return ok
}
