package peer

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// charonPath is where Debian's strongswan-charon installs the IKE daemon.
const charonPath = "/usr/lib/ipsec/charon"

// charonLock serialises charons across test processes: charon refuses to
// start while /var/run/charon.pid names a live process, a path no option
// moves.
const charonLock = "/tmp/cryptoscan-charon.lock"

// charonPlugins are the plugins charon loads: crypto (openssl covers the
// ECP, Curve25519/448 and AEAD transforms), the UDP sockets, the kernel
// interface charon will not start without, and VICI for swanctl. Nothing
// is ever installed in the kernel: the probe never completes an exchange.
const charonPlugins = "random nonce openssl pem pkcs1 pkcs8 x509 pubkey hmac kdf sha1 sha2 md5 aes gmp kernel-netlink socket-default vici"

// StrongSwan is a running charon.
type StrongSwan struct {
	*Server
	// Dir holds strongswan.conf, swanctl.conf and the VICI socket.
	Dir string
	// Conf is strongswan.conf's path (STRONGSWAN_CONF), URI the VICI
	// socket's.
	Conf, URI string
	// NATTPort is charon's second port (port_nat_t).
	NATTPort uint16
}

// StartStrongSwan writes a strongswan.conf and a swanctl.conf into a
// t.TempDir() and runs Debian's charon in the foreground with
// STRONGSWAN_CONF naming its file: UDP ports chosen free (port and
// port_nat_t; charon binds them on every address, there being no option
// to bind one, and the tests speak only to 127.0.0.1), no routes or
// virtual IPs, logging to stderr, VICI on a Unix socket in the
// directory. It loads swanctl.conf's connections (connections, the body
// of its "connections" section) with `swanctl --load-all --file` and a
// pre-shared key for any peer, and returns once they are loaded: charon
// opens its IKE sockets before the VICI one, and swanctl succeeds only
// once VICI answers.
//
// charon needs root (its kernel interface); without root or without the
// strongswan-charon and strongswan-swanctl packages the test is skipped
// (failed under CRYPTOSCAN_REQUIRE_PEERS=1). Only one charon runs at a
// time on a machine (its pid file is fixed): StartStrongSwan waits for a
// lock other test processes hold, until cleanup, which stops charon.
func StartStrongSwan(t testing.TB, connections string) *StrongSwan {
	t.Helper()
	return startStrongSwan(t, connections, 0, 0, StrongSwanCreds{})
}

// StrongSwanCreds are credentials and plugins a scenario gives charon
// beside the pre-shared key.
type StrongSwanCreds struct {
	// Certs, CAs and Keys are PEM files copied into swanctl's x509/,
	// x509ca/ and private/ directories (the directory of swanctl.conf,
	// SWANCTL_DIR) and loaded with the connections: a connection names
	// a certificate of Certs by its base name (local { certs = ... }).
	Certs, CAs, Keys []string
	// Plugins are loaded beside charonPlugins, such as the EAP methods a
	// connection's remote auth names ("eap-mschapv2"; Debian 12's
	// libstrongswan-extra-plugins has no eap-md5 nor eap-identity).
	Plugins []string
}

// StartStrongSwanWithCreds is StartStrongSwan with creds loaded.
func StartStrongSwanWithCreds(t testing.TB, connections string, creds StrongSwanCreds) *StrongSwan {
	t.Helper()
	return startStrongSwan(t, connections, 0, 0, creds)
}

// StartStrongSwanOnIKEPorts is StartStrongSwan with charon on the IKE
// ports, 500 and 4500, as a gateway listens: a client's requests to port
// 500 then go without the non-ESP marker, as they would on a network.
// The ports must be free on every address. creds, when given, are
// StartStrongSwanWithCreds's.
func StartStrongSwanOnIKEPorts(t testing.TB, connections string, creds ...StrongSwanCreds) *StrongSwan {
	t.Helper()
	var c StrongSwanCreds
	for _, x := range creds {
		c.Certs, c.CAs, c.Keys = append(c.Certs, x.Certs...), append(c.CAs, x.CAs...), append(c.Keys, x.Keys...)
		c.Plugins = append(c.Plugins, x.Plugins...)
	}
	return startStrongSwan(t, connections, 500, 4500, c)
}

// startStrongSwan starts charon on port and natt, or on free ports when
// they are 0.
func startStrongSwan(t testing.TB, connections string, fixedPort, fixedNATT uint16, creds StrongSwanCreds) *StrongSwan {
	t.Helper()
	Require(t, charonPath)
	swanctl := Require(t, "swanctl")
	if os.Geteuid() != 0 {
		missing(t, "charon needs root for its kernel interface")
	}
	lock, err := os.OpenFile(charonLock, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("peer: %v", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("peer: lock %s: %v", charonLock, err)
	}
	t.Cleanup(func() { lock.Close() }) // after charon's cleanup: cleanups run last first
	dir := t.TempDir()
	s := &StrongSwan{Dir: dir, Conf: filepath.Join(dir, "strongswan.conf"), URI: "unix://" + filepath.Join(dir, "charon.vici")}
	for sub, files := range map[string][]string{"x509": creds.Certs, "x509ca": creds.CAs, "private": creds.Keys} {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatalf("peer: %v", err)
			}
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
				t.Fatalf("peer: %v", err)
			}
			write(t, filepath.Join(dir, sub, filepath.Base(f)), string(b))
		}
	}
	plugins := charonPlugins
	for _, p := range creds.Plugins {
		plugins += " " + p
	}
	write(t, filepath.Join(dir, "swanctl.conf"), "connections {\n"+connections+"\n}\nsecrets {\n  ike-test {\n    secret = cryptoscan-test-psk\n  }\n}\n")
	var lastOut string
	for range 5 {
		port, natt := fixedPort, fixedNATT
		if port == 0 {
			port, natt = freeWildcardUDPPort(t), freeWildcardUDPPort(t)
		}
		if port == natt {
			continue
		}
		s.NATTPort = natt
		write(t, s.Conf, strongswanConf(port, natt, s.URI, plugins))
		out := newTail(1 << 20)
		cmd := exec.Command(charonPath)
		cmd.Env = append(os.Environ(), "STRONGSWAN_CONF="+s.Conf)
		p, err := start(t, cmd, out)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		s.Server = &Server{Addr: loopback(port), Name: "charon", Args: []string{charonPath}, out: out, pid: p.cmd.Process.Pid}
		err = waitVICI(p, func() error {
			_, err := s.run(swanctl, "--stats")
			return err
		})
		if err == nil {
			if o, err := s.run(swanctl, "--load-all", "--noprompt", "--file", filepath.Join(dir, "swanctl.conf")); err != nil || strings.Contains(o, "failed to load") {
				t.Fatalf("peer: swanctl --load-all: %v\n%s\nswanctl.conf:\n%s", err, o, connections)
			}
			return s
		}
		lastOut = out.String()
		if fixedPort != 0 || !strings.Contains(lastOut, "unable to bind socket") {
			t.Fatalf("peer: charon: %v\n%s", err, lastOut)
		}
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	t.Fatalf("peer: charon found no free port:\n%s", lastOut)
	return nil
}

func strongswanConf(port, natt uint16, uri, plugins string) string {
	return fmt.Sprintf(`charon {
  port = %d
  port_nat_t = %d
  load = %s
  install_routes = no
  install_virtual_ip = no
  plugins {
    vici {
      socket = %s
    }
  }
  filelog {
    stderr {
      default = 1
      ike = 2
      cfg = 2
    }
  }
}
swanctl {
  load = pem pkcs1 pkcs8 x509 pubkey openssl
}
`, port, natt, plugins, uri)
}

// waitVICI polls check until it succeeds, the process exits, or
// startTimeout passes.
func waitVICI(p *process, check func() error) error {
	deadline := time.Now().Add(startTimeout)
	delay := 5 * time.Millisecond
	for {
		if done, err := p.exited(); done {
			return fmt.Errorf("exited before VICI answered: %v", err)
		}
		err := check()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("VICI not answering after %v: %w", startTimeout, err)
		}
		select {
		case <-p.done:
		case <-time.After(delay):
		}
		if delay < 100*time.Millisecond {
			delay *= 2
		}
	}
}

func (s *StrongSwan) run(swanctl string, args ...string) (string, error) {
	cmd := exec.Command(swanctl, append(args, "--uri", s.URI)...)
	cmd.Env = append(os.Environ(), "STRONGSWAN_CONF="+s.Conf, "SWANCTL_DIR="+s.Dir)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Swanctl runs swanctl with args against the charon and returns its
// output.
func (s *StrongSwan) Swanctl(t testing.TB, args ...string) string {
	t.Helper()
	out, err := s.run(Require(t, "swanctl"), args...)
	if err != nil {
		t.Fatalf("peer: swanctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

var ikeSAStats = regexp.MustCompile(`IKE_SAs: (\d+) total, (\d+) half-open`)

// IKESAs is charon's count of IKE SAs and of those half-open (`swanctl
// --stats`).
func (s *StrongSwan) IKESAs(t testing.TB) (total, halfOpen int) {
	t.Helper()
	out := s.Swanctl(t, "--stats")
	m := ikeSAStats.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("peer: swanctl --stats: no IKE_SAs line:\n%s", out)
	}
	total, _ = strconv.Atoi(m[1])
	halfOpen, _ = strconv.Atoi(m[2])
	return total, halfOpen
}

// freeWildcardUDPPort returns a UDP port that was free on every address a moment
// ago (charon binds the wildcard address).
func freeWildcardUDPPort(t testing.TB) uint16 {
	t.Helper()
	c, err := net.ListenPacket("udp", ":0")
	if err != nil {
		t.Fatalf("peer: find a free UDP port: %v", err)
	}
	defer c.Close()
	return uint16(c.LocalAddr().(*net.UDPAddr).Port)
}

// Requests counts the IKE requests charon parsed so far (IKE_SA_INIT and
// Main Mode), from its log: what the server saw, whatever the client
// counted.
func (s *StrongSwan) Requests() int {
	out := s.Output()
	return strings.Count(out, "parsed IKE_SA_INIT request") + strings.Count(out, "parsed ID_PROT request")
}

// IKEScanResult is what ike-scan (Debian 1.9.5) printed for one host.
type IKEScanResult struct {
	// Line is the result line ("Main Mode Handshake returned ...",
	// "Notify message 14 (NO-PROPOSAL-CHOSEN) ...", "IKEv2 SA_INIT
	// Handshake returned ..."), empty when the host did not answer.
	Line     string
	Duration time.Duration
}

// Handshake reports whether the responder accepted ike-scan's offer.
func (r IKEScanResult) Handshake() bool { return strings.Contains(r.Line, "Handshake returned") }

// IKEScan runs `ike-scan --nat-t --sport=0 --dport=PORT [ARGS] 127.0.0.1`
// against a loopback responder, a second opinion: --nat-t frames with
// the non-ESP marker, which charon expects on a port other than 500, and
// --sport=0 takes a free source port.
func IKEScan(t testing.TB, addr string, args ...string) IKEScanResult {
	t.Helper()
	bin := Require(t, "ike-scan")
	ap := checkLoopback(t, addr)
	argv := append([]string{"--nat-t", "--sport=0", "--dport=" + strconv.Itoa(int(ap.Port())), "-r1"}, args...)
	argv = append(argv, ap.Addr().String())
	begin := time.Now()
	out, err := exec.Command(bin, argv...).CombinedOutput()
	r := IKEScanResult{Duration: time.Since(begin)}
	if err != nil {
		t.Fatalf("peer: ike-scan %s: %v\n%s", strings.Join(argv, " "), err, out)
	}
	for line := range strings.Lines(string(out)) {
		if host, rest, ok := strings.Cut(strings.TrimSpace(line), "\t"); ok && host == ap.Addr().String() {
			r.Line = rest
		}
	}
	return r
}
