package peer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// gnutlsPort is the port gnutls-serv listens on inside its own network
// namespace, where nothing else runs.
const gnutlsPort = 4433

// GnuTLS starts `gnutls-serv --priority PRIORITY --x509certfile C
// --x509keyfile K -p PORT ARGS...` (HTTP mode) and returns once it accepts
// connections. When args name no --x509certfile, a fresh self-signed RSA
// 2048 certificate is added.
//
// gnutls-serv has no option to choose its address: it binds the wildcard
// address of every family. So it runs in a network namespace of its own,
// whose only interface is its loopback, and Addr is a relay on the test's
// 127.0.0.1 that opens each connection inside that namespace (resets and
// half-closes are passed on). Network namespaces need Linux and
// CAP_SYS_ADMIN (root, as in CI); elsewhere the test is skipped, or fails
// under CRYPTOSCAN_REQUIRE_PEERS=1.
func GnuTLS(t testing.TB, priority string, args ...string) *Server {
	t.Helper()
	bin := Require(t, "gnutls-serv")
	attr := netnsProcAttr()
	if attr == nil {
		missing(t, "gnutls-serv binds every interface and is only run in a network namespace, which needs Linux")
	}
	for _, a := range args {
		if a == "-p" || strings.HasPrefix(a, "--port") {
			t.Fatalf("peer.GnuTLS: the harness chooses the port, drop %s", a)
		}
	}
	if !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--x509certfile") }) {
		cert, key := NewRSACert(t, t.TempDir(), 2048)
		args = append(args, "--x509certfile", cert, "--x509keyfile", key)
	}
	full := append([]string{"--priority", priority, "-p", fmt.Sprint(gnutlsPort)}, args...)
	cmd := exec.Command(bin, full...)
	cmd.SysProcAttr = attr
	out := newTail(64 << 10)
	p, err := start(t, cmd, out)
	if errors.Is(err, os.ErrPermission) {
		missing(t, fmt.Sprintf("gnutls-serv runs in a network namespace, which needs CAP_SYS_ADMIN: %v", err))
	}
	if err != nil {
		t.Fatalf("peer: %v", err)
	}
	ns, err := newNSDialer(cmd.Process.Pid)
	if err != nil {
		missing(t, fmt.Sprintf("cannot enter the network namespace of gnutls-serv: %v", err))
	}
	t.Cleanup(ns.close)
	dial := func(ctx context.Context) (net.Conn, error) { return ns.dial(ctx, gnutlsPort) }
	if err := waitAccepting(p, dial); err != nil {
		t.Fatalf("peer: gnutls-serv %s: %v\n%s", strings.Join(full, " "), err, out)
	}
	relay := newProxy(t, dial)
	return &Server{Addr: relay.Addr, Name: "gnutls-serv", Args: append([]string{bin}, full...), out: out, pid: cmd.Process.Pid}
}

// GnuTLSSuite is a cipher suite as `gnutls-cli --list` describes it.
type GnuTLSSuite struct {
	Code       uint16
	Name       string // GnuTLS's name (TLS_ECDHE_RSA_AES_128_GCM_SHA256), not IANA's
	MinVersion string // oldest version the suite exists in: "TLSv1.0", "TLSv1.2", "TLSv1.3", "SSLv3"
	Kx         string // GnuTLS key exchange ("ECDHE-RSA", "RSA", "DHE-RSA", ...); "" for TLS 1.3 suites
}

// GnuTLSList is what a GnuTLS priority string enables.
type GnuTLSList struct {
	Suites   []GnuTLSSuite // in priority order
	Versions []string      // TLS versions enabled ("TLSv1.3", ...), DTLS left out
	Groups   []string      // GnuTLS group names ("GROUP-X25519", ...)
}

// GnuTLSCiphers returns the codes of the suites priority enables, in
// priority order (`gnutls-cli --priority PRIORITY --list`).
func GnuTLSCiphers(t testing.TB, priority string) []uint16 {
	t.Helper()
	var codes []uint16
	for _, s := range GnuTLSSuites(t, priority).Suites {
		codes = append(codes, s.Code)
	}
	return codes
}

// GnuTLSSuites describes what priority enables. The key exchange of each
// suite is learnt from GnuTLS too: one more listing per key exchange, with
// the priority narrowed by -KX-ALL:+KX.
func GnuTLSSuites(t testing.TB, priority string) GnuTLSList {
	t.Helper()
	l, kxs := gnutlsList(t, priority)
	for _, kx := range kxs {
		only, _ := gnutlsList(t, priority+":-KX-ALL:+"+kx)
		for _, o := range only.Suites {
			if o.MinVersion == "TLSv1.3" {
				continue
			}
			for i := range l.Suites {
				if l.Suites[i].Code == o.Code {
					l.Suites[i].Kx = kx
				}
			}
		}
	}
	return l
}

// ForVersion lists the codes of the suites a server with this priority
// can negotiate in version v with one of the key exchanges kxs (GnuTLS
// names; TLS 1.3 suites need none).
func (l GnuTLSList) ForVersion(v string, kxs ...string) []uint16 {
	if !slices.Contains(l.Versions, v) {
		return nil
	}
	var codes []uint16
	for _, s := range l.Suites {
		switch {
		case v == "TLSv1.3" && s.MinVersion == "TLSv1.3":
			codes = append(codes, s.Code)
		case v != "TLSv1.3" && s.MinVersion != "TLSv1.3" && versionRank(s.MinVersion) <= versionRank(v) && slices.Contains(kxs, s.Kx):
			codes = append(codes, s.Code)
		}
	}
	return codes
}

func versionRank(v string) int {
	return slices.Index([]string{"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"}, v)
}

// gnutlsVersion turns "TLS1.2", "VERS-TLS1.2" or "SSL3.0" into "TLSv1.2" or
// "SSLv3"; "" for DTLS and anything else.
func gnutlsVersion(s string) string {
	s = strings.TrimPrefix(s, "VERS-")
	switch s {
	case "SSL3.0":
		return "SSLv3"
	case "TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3":
		return "TLSv" + strings.TrimPrefix(s, "TLS")
	}
	return ""
}

// gnutlsList runs `gnutls-cli --priority P --list` and returns the suites
// and versions, and the key exchanges named.
func gnutlsList(t testing.TB, priority string) (GnuTLSList, []string) {
	t.Helper()
	bin := Require(t, "gnutls-cli")
	out, err := exec.Command(bin, "--priority", priority, "--list").CombinedOutput()
	if err != nil {
		t.Fatalf("peer: gnutls-cli --priority %q --list: %v\n%s", priority, err, out)
	}
	l, kxs, err := parseGnuTLSList(string(out))
	if err != nil {
		t.Fatalf("peer: gnutls-cli --priority %q --list: %v\n%s", priority, err, out)
	}
	return l, kxs
}

// parseGnuTLSList reads the output of gnutls-cli --list:
//
//	Cipher suites for NORMAL
//	TLS_AES_256_GCM_SHA384    \t0x13, 0x02\tTLS1.3
//	...
//	Protocols: VERS-TLS1.3, VERS-TLS1.2, ...
//	Key Exchange Algorithms: ECDHE-ECDSA, ECDHE-RSA, RSA, DHE-RSA
//	Groups: GROUP-SECP256R1, ...
func parseGnuTLSList(out string) (GnuTLSList, []string, error) {
	var l GnuTLSList
	var kxs []string
	list := func(s string) []string {
		var items []string
		for it := range strings.SplitSeq(s, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		return items
	}
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\r\n")
		if f := strings.Split(line, "\t"); len(f) == 3 && strings.HasPrefix(f[1], "0x") {
			code, err := parseHexPair(f[1])
			if err != nil {
				return l, nil, err
			}
			v := gnutlsVersion(strings.TrimSpace(f[2]))
			if v == "" {
				return l, nil, fmt.Errorf("unknown version in %q", line)
			}
			l.Suites = append(l.Suites, GnuTLSSuite{Code: code, Name: strings.TrimSpace(f[0]), MinVersion: v})
			continue
		}
		if rest, ok := strings.CutPrefix(line, "Protocols:"); ok {
			for _, p := range list(rest) {
				if v := gnutlsVersion(p); v != "" {
					l.Versions = append(l.Versions, v)
				}
			}
		}
		if rest, ok := strings.CutPrefix(line, "Key Exchange Algorithms:"); ok {
			kxs = list(rest)
		}
		if rest, ok := strings.CutPrefix(line, "Groups:"); ok {
			l.Groups = list(rest)
		}
	}
	return l, kxs, nil
}
