package peer

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sshdPath is where Debian's openssh-server installs sshd. sshd refuses to
// run from a relative path (it re-executes itself for every connection).
const sshdPath = "/usr/sbin/sshd"

// privsepDir is the privilege separation directory sshd chroots its
// pre-authentication child into (Debian's build: /run/sshd); sshd exits
// at start when it is missing.
const privsepDir = "/run/sshd"

// OpenSSH writes an sshd_config into a t.TempDir() and runs `/usr/sbin/sshd
// -D -e -f CONFIG` in the foreground, logging to stderr, listening on
// 127.0.0.1 with a free port; it returns once sshd accepts connections.
// The configuration has ListenAddress, PidFile in the temporary directory,
// UsePAM no and StrictModes no, then config, one directive per string.
//
// Host keys are generated with ssh-keygen into the temporary directory:
// a line "HostKey TYPE" or "HostKey TYPE:BITS" (TYPE rsa, ecdsa, ed25519
// or dsa: not a path) is replaced by a HostKey line naming a fresh key of
// that type; "HostCertificate TYPE" certifies the key of that type with a
// fresh Ed25519 CA (SSHDFiles names its files). Without any HostKey line,
// the keys are those Debian's package generates, in sshd's default
// order: RSA 3072, ECDSA P-256, Ed25519.
//
// sshd needs root for its privilege separation directory, /run/sshd, which
// is created when missing; without root and without the directory, or
// without openssh-server, the test is skipped (failed under
// CRYPTOSCAN_REQUIRE_PEERS=1).
func OpenSSH(t testing.TB, config ...string) *Server {
	t.Helper()
	Require(t, sshdPath)
	keygen := Require(t, "ssh-keygen")
	if _, err := os.Stat(privsepDir); err != nil {
		if os.Geteuid() != 0 {
			missing(t, fmt.Sprintf("sshd needs its privilege separation directory %s, which is missing, and only root may create it", privsepDir))
		}
		if err := os.MkdirAll(privsepDir, 0o755); err != nil {
			t.Fatalf("peer: create %s: %v", privsepDir, err)
		}
	}
	dir := t.TempDir()
	lines := sshdHostKeys(t, keygen, dir, config)
	conf := filepath.Join(dir, "sshd_config")
	var lastOut string
	for range 5 {
		port := freePort(t)
		addr := loopback(port)
		write(t, conf, sshdConfig(dir, port, lines))
		// sshd -t checks the configuration and the keys without starting:
		// a mistake in the test's configuration is reported as such.
		if out, err := exec.Command(sshdPath, "-t", "-f", conf).CombinedOutput(); err != nil {
			t.Fatalf("peer: sshd -t -f %s: %v\n%s\nsshd_config:\n%s", conf, err, out, sshdConfig(dir, port, lines))
		}
		args := []string{"-D", "-e", "-f", conf}
		out := newTail(64 << 10)
		p, err := start(t, exec.Command(sshdPath, args...), out)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		err = waitAccepting(p, dialTCP(addr))
		if err == nil {
			return &Server{Addr: addr, Name: "sshd", Args: append([]string{sshdPath}, args...), out: out, pid: p.cmd.Process.Pid}
		}
		lastOut = out.String()
		if !strings.Contains(lastOut, "Address already in use") {
			t.Fatalf("peer: sshd %s: %v\n%s\nsshd_config:\n%s", strings.Join(args, " "), err, lastOut, sshdConfig(dir, port, lines))
		}
		// Another process took the port between freePort and bind: retry.
	}
	t.Fatalf("peer: sshd found no free port:\n%s", lastOut)
	return nil
}

// sshdKeyTypes are the key types "HostKey TYPE" may name (ssh-keygen -t).
var sshdKeyTypes = []string{"rsa", "ecdsa", "ed25519", "dsa"}

// sshdHostKeys generates the keys and certificates config names by type
// and returns config with their paths.
func sshdHostKeys(t testing.TB, keygen, dir string, config []string) []string {
	t.Helper()
	var out []string
	hasKey := false
	keys := make(map[string]string) // type -> private key path
	for _, line := range config {
		directive, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		value = strings.TrimSpace(value)
		switch strings.ToLower(directive) {
		case "hostkey":
			hasKey = true
			typ, bits, _ := strings.Cut(value, ":")
			if !slices.Contains(sshdKeyTypes, typ) {
				t.Fatalf("peer.OpenSSH: %q: HostKey takes a key type (%s), optionally :BITS; the harness writes the file", line, strings.Join(sshdKeyTypes, ", "))
			}
			path := newSSHKey(t, keygen, dir, "ssh_host_"+typ+"_key", typ, bits)
			keys[typ] = path
			out = append(out, "HostKey "+path)
		case "hostcertificate":
			key, ok := keys[value]
			if !ok {
				t.Fatalf("peer.OpenSSH: %q: no HostKey %s before it", line, value)
			}
			out = append(out, "HostCertificate "+certifyHostKey(t, keygen, dir, key))
		case "listenaddress", "port", "pidfile":
			t.Fatalf("peer.OpenSSH: the harness chooses %s, drop %q", directive, line)
		default:
			out = append(out, line)
		}
	}
	if !hasKey {
		var defaults []string
		for _, k := range []struct{ typ, bits string }{{"rsa", "3072"}, {"ecdsa", "256"}, {"ed25519", ""}} {
			defaults = append(defaults, "HostKey "+newSSHKey(t, keygen, dir, "ssh_host_"+k.typ+"_key", k.typ, k.bits))
		}
		out = append(defaults, out...)
	}
	return out
}

// newSSHKey writes a key pair with ssh-keygen (no passphrase) and returns
// the private key's path.
func newSSHKey(t testing.TB, keygen, dir, name, typ, bits string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	args := []string{"-q", "-t", typ, "-N", "", "-C", "", "-f", path}
	if bits != "" {
		args = append(args, "-b", bits)
	}
	if out, err := exec.Command(keygen, args...).CombinedOutput(); err != nil {
		t.Fatalf("peer: ssh-keygen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return path
}

// certifyHostKey signs key's public half with a new Ed25519 CA (the same
// one for every certificate of a server) and returns the certificate's
// path.
func certifyHostKey(t testing.TB, keygen, dir, key string) string {
	t.Helper()
	ca := filepath.Join(dir, "host_ca")
	if _, err := os.Stat(ca); err != nil {
		newSSHKey(t, keygen, dir, "host_ca", "ed25519", "")
	}
	args := []string{"-q", "-s", ca, "-I", "cryptoscan test host", "-h", "-n", "127.0.0.1", key + ".pub"}
	if out, err := exec.Command(keygen, args...).CombinedOutput(); err != nil {
		t.Fatalf("peer: ssh-keygen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return key + "-cert.pub"
}

func sshdConfig(dir string, port uint16, lines []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ListenAddress 127.0.0.1:%d\nPidFile %s\nUsePAM no\nStrictModes no\n", port, filepath.Join(dir, "sshd.pid"))
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// SSHDConfigFile is the sshd_config an OpenSSH server runs with.
func SSHDConfigFile(t testing.TB, s *Server) string {
	t.Helper()
	if i := slices.Index(s.Args, "-f"); s.Name == "sshd" && i >= 0 && i+1 < len(s.Args) {
		return s.Args[i+1]
	}
	t.Fatalf("peer: %s %v is not an OpenSSH server", s.Name, s.Args)
	return ""
}

// SSHDEffective is the configuration sshd runs with, as `sshd -T -f
// CONFIG` prints it: every option, defaults included, keyed by lower-case
// name, values in the order printed (HostKey has one per key).
func SSHDEffective(t testing.TB, s *Server) map[string][]string {
	t.Helper()
	conf := SSHDConfigFile(t, s)
	out, err := exec.Command(sshdPath, "-T", "-f", conf).Output()
	if err != nil {
		t.Fatalf("peer: sshd -T -f %s: %v", conf, err)
	}
	opts := make(map[string][]string)
	for line := range strings.Lines(string(out)) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok {
			opts[k] = append(opts[k], v)
		}
	}
	return opts
}

// sshdAuthMethods is OpenSSH's table of user authentication methods
// (auth2.c, authmethods, "none" aside) in its order, with the sshd -T
// option that enables each. gssapi-keyex is the method of the GSSAPI key
// exchange patch Debian (debian/patches/gssapi.patch) and Fedora apply,
// enabled by GSSAPIAuthentication; patched is set for it: a build without
// the patch, which sshd -T shows by printing no gssapikeyexchange option,
// lacks it.
var sshdAuthMethods = []struct {
	method, option string
	patched        bool
}{
	{"publickey", "pubkeyauthentication", false},
	{"gssapi-keyex", "gssapiauthentication", true},
	{"gssapi-with-mic", "gssapiauthentication", false},
	{"password", "passwordauthentication", false},
	{"keyboard-interactive", "kbdinteractiveauthentication", false},
	{"hostbased", "hostbasedauthentication", false},
}

// SSHDNoneMethods is the method list an OpenSSH server answers a first
// "none" user authentication request with (SSH_MSG_USERAUTH_FAILURE, RFC
// 4252, Section 5.2), derived from its effective configuration (sshd -T,
// outside any Match block). OpenSSH 9.2's authmethods_get (auth2.c) lists,
// in the order of sshdAuthMethods, the methods whose option is yes and,
// when AuthenticationMethods is not "any", that begin one of its lists
// (auth2_method_allowed: "keyboard-interactive:pam" begins with
// keyboard-interactive). It lists them for an unknown user too, so as not
// to tell which users exist; nothing depends on the user's existence or
// on whether a method could succeed (keyboard-interactive is listed with
// UsePAM no, which leaves it no device).
func SSHDNoneMethods(t testing.TB, s *Server) []string {
	t.Helper()
	eff := SSHDEffective(t, s)
	var lists [][]string
	if am := eff["authenticationmethods"]; len(am) == 1 && am[0] != "any" {
		for _, l := range strings.Fields(am[0]) {
			lists = append(lists, strings.Split(l, ","))
		}
	}
	var methods []string
	for _, m := range sshdAuthMethods {
		if v := eff[m.option]; len(v) != 1 || v[0] != "yes" {
			continue
		}
		if _, ok := eff["gssapikeyexchange"]; m.patched && !ok {
			continue
		}
		allowed := lists == nil
		for _, l := range lists {
			first, _, _ := strings.Cut(l[0], ":")
			allowed = allowed || first == m.method
		}
		if allowed {
			methods = append(methods, m.method)
		}
	}
	return methods
}

// SSHKey is a key as `ssh-keygen -l -E sha256 -f FILE` describes it.
type SSHKey struct {
	Bits   int
	SHA256 string // "SHA256:..."
	Type   string // ssh-keygen's name: RSA, ECDSA, ED25519, DSA, or "ED25519-CERT" for a certificate
}

// SSHKeygenFingerprint runs `ssh-keygen -l -E sha256 -f path` (a public
// key, private key or certificate file).
func SSHKeygenFingerprint(t testing.TB, path string) SSHKey {
	t.Helper()
	keygen := Require(t, "ssh-keygen")
	out, err := exec.Command(keygen, "-l", "-E", "sha256", "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("peer: ssh-keygen -l -E sha256 -f %s: %v\n%s", path, err, out)
	}
	// "3072 SHA256:... comment (RSA)"
	f := strings.Fields(string(out))
	if len(f) < 3 {
		t.Fatalf("peer: ssh-keygen -l: unexpected output %q", out)
	}
	bits, err := strconv.Atoi(f[0])
	if err != nil {
		t.Fatalf("peer: ssh-keygen -l: unexpected output %q", out)
	}
	return SSHKey{Bits: bits, SHA256: f[1], Type: strings.Trim(f[len(f)-1], "()")}
}

// SSHAuditResult is what ssh-audit (Debian 2.5.0) reported, from its JSON.
type SSHAuditResult struct {
	Banner struct {
		Raw      string `json:"raw"`
		Software string `json:"software"`
	} `json:"banner"`
	Compression []string `json:"compression"`
	Enc         []string `json:"enc"`
	MAC         []string `json:"mac"`
	Kex         []struct {
		Algorithm string `json:"algorithm"`
		KeySize   int    `json:"keysize"` // the group exchange's modulus, for its methods
	} `json:"kex"`
	Key []struct {
		Algorithm string `json:"algorithm"`
		KeySize   int    `json:"keysize"`
	} `json:"key"`
	Fingerprints []struct {
		Hash    string `json:"hash"`
		HashAlg string `json:"hash_alg"`
		HostKey string `json:"hostkey"`
	} `json:"fingerprints"`
	Duration time.Duration
	JSON     []byte
}

// SSHAudit runs `ssh-audit -j -p PORT 127.0.0.1` against a loopback
// server, a second opinion. ssh-audit exits non-zero whenever it finds
// something to warn about, so only unreadable output fails the test.
func SSHAudit(t testing.TB, addr string) SSHAuditResult {
	t.Helper()
	bin := Require(t, "ssh-audit")
	ap := checkLoopback(t, addr)
	host, port, _ := net.SplitHostPort(ap.String())
	args := []string{"-j", "-t", "10", "-p", port, host}
	start := time.Now()
	out, _ := exec.Command(bin, args...).Output()
	var r SSHAuditResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("peer: ssh-audit %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	r.Duration, r.JSON = time.Since(start), out
	return r
}
