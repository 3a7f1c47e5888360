package peer

import (
	"fmt"
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

// libreswanDir is where Libreswan 4.10 keeps pluto and its helpers. The
// path is compiled into pluto, which runs addconn from there at start and
// exits when it is missing. Debian's libreswan package conflicts with
// strongswan-charon (both provide ike-server), so a machine that runs
// both conformance tests unpacks the package's usr/libexec/ipsec alone:
//
//	apt-get download libreswan
//	dpkg-deb --fsys-tarfile libreswan_*.deb | tar -x -C / ./usr/libexec/ipsec
//
// after installing its libraries (libnss3-tools, libunbound8, libldns3,
// libevent-pthreads-2.1-7, libcurl3-nss, libcap-ng0, libaudit1).
const libreswanDir = "/usr/libexec/ipsec"

// LibreswanPSK is the pre-shared key ipsec.secrets holds for any peer.
const LibreswanPSK = "cryptoscan-test-psk"

// Libreswan is a running pluto.
type Libreswan struct {
	*Server
	// Dir holds ipsec.conf, ipsec.secrets, the NSS database (nss/) and
	// the run directory (run/, with the control socket pluto.ctl).
	Dir string
	// Conf is ipsec.conf's path, Ctl the control socket's.
	Conf, Ctl string
}

var connName = regexp.MustCompile(`(?m)^conn\s+(\S+)\s*$`)

// StartLibreswan writes an ipsec.conf ("config setup" with listen=
// 127.0.0.1 and the lines of setup, then connections, ipsec.conf's conn
// sections) and an ipsec.secrets (LibreswanPSK for any peer) into a
// t.TempDir(), creates an empty NSS database there with certutil, and
// runs pluto in the foreground (--nofork --stderrlog) with them and a
// run directory of its own. It returns once pluto listens and every
// connection is added: pluto's control socket answers `whack --status`,
// then `whack --listen` (which opens the IKE sockets) and `addconn` with
// the connections' names return, addconn failing on a connection pluto
// refused. A connection's auto= should be left unset (pluto's own
// addconn --autoall at start would add it too).
//
// pluto 4.10 has no option to choose its ports: it binds 127.0.0.1:500
// and 127.0.0.1:4500, so StartLibreswan takes the machine-wide lock
// charon's helpers take (charonLock), and charon and pluto never run at
// once; the probe speaks to port 500 without the non-ESP marker. A
// connection must set rightikeport= to a port other than 500 and 4500:
// else pluto, seeing the peer 127.0.0.1 on its own interface's address
// and port, refuses the instance ("both sides ... are our interface
// lo!") and aborts on an assertion.
//
// pluto needs root; without root or without pluto, whack, addconn and
// certutil the test is skipped (failed under CRYPTOSCAN_REQUIRE_PEERS=1).
func StartLibreswan(t testing.TB, setup, connections string) *Libreswan {
	t.Helper()
	return startLibreswan(t, setup, connections, LibreswanCreds{})
}

// LibreswanCreds are certificates a scenario puts in pluto's NSS
// database beside the pre-shared key.
type LibreswanCreds struct {
	// CAs are PEM certificates imported as trusted CAs ("CT,,").
	CAs []string
	// Cert and Key are the PEM files of the gateway's certificate and
	// private key (PKCS #8), imported together through a PKCS #12 file
	// (openssl pkcs12, pk12util) under the nickname Nickname, which a
	// connection names in leftcert=.
	Cert, Key, Nickname string
}

// StartLibreswanWithCreds is StartLibreswan with creds in the NSS
// database; it needs certutil, pk12util and openssl as well.
func StartLibreswanWithCreds(t testing.TB, setup, connections string, creds LibreswanCreds) *Libreswan {
	t.Helper()
	return startLibreswan(t, setup, connections, creds)
}

func startLibreswan(t testing.TB, setup, connections string, creds LibreswanCreds) *Libreswan {
	t.Helper()
	pluto := Require(t, filepath.Join(libreswanDir, "pluto"))
	Require(t, filepath.Join(libreswanDir, "whack"))
	addconn := Require(t, filepath.Join(libreswanDir, "addconn"))
	certutil := Require(t, "certutil")
	if os.Geteuid() != 0 {
		missing(t, "pluto needs root for its kernel interface")
	}
	names := connName.FindAllStringSubmatch(connections, -1)
	if len(names) == 0 {
		t.Fatalf("peer: no conn section in:\n%s", connections)
	}
	lock, err := os.OpenFile(charonLock, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("peer: %v", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("peer: lock %s: %v", charonLock, err)
	}
	t.Cleanup(func() { lock.Close() }) // after pluto's cleanup: cleanups run last first
	dir := t.TempDir()
	s := &Libreswan{Dir: dir, Conf: filepath.Join(dir, "ipsec.conf"), Ctl: filepath.Join(dir, "run", "pluto.ctl")}
	nss, run := filepath.Join(dir, "nss"), filepath.Join(dir, "run")
	for _, d := range []string{nss, run} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatalf("peer: %v", err)
		}
	}
	if out, err := exec.Command(certutil, "-N", "-d", "sql:"+nss, "--empty-password").CombinedOutput(); err != nil {
		t.Fatalf("peer: certutil -N: %v\n%s", err, out)
	}
	importNSS(t, nss, dir, creds)
	write(t, s.Conf, "config setup\n\tlisten=127.0.0.1\n\tlogtime=no\n"+indent(setup)+"\n"+connections+"\n")
	secrets := filepath.Join(dir, "ipsec.secrets")
	write(t, secrets, fmt.Sprintf(": PSK %q\n", LibreswanPSK))
	args := []string{pluto, "--nofork", "--stderrlog", "--config", s.Conf, "--secretsfile", secrets,
		"--nssdir", nss, "--rundir", run, "--ipsecdir", dir}
	out := newTail(4 << 20)
	// pluto logs "NAME": added IKEv2 connection after what it loaded
	// (the IKE SA proposals): the log is read once every name was.
	added := make(chan string, len(names))
	out.onLine = func(line string) {
		if m := addedConn.FindStringSubmatch(line); m != nil {
			select {
			case added <- m[1]:
			default:
			}
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	p, err := start(t, cmd, out)
	if err != nil {
		t.Fatalf("peer: %v", err)
	}
	s.Server = &Server{Addr: "127.0.0.1:500", Name: "pluto", Args: args, out: out, pid: p.cmd.Process.Pid}
	if err := waitVICI(p, func() error {
		_, err := s.run("--status")
		return err
	}); err != nil {
		t.Fatalf("peer: pluto: %v\n%s", err, out.String())
	}
	if o, err := s.run("--listen"); err != nil {
		t.Fatalf("peer: whack --listen: %v\n%s\n%s", err, o, out.String())
	}
	argv := []string{"--config", s.Conf, "--ctlsocket", s.Ctl}
	for _, m := range names {
		argv = append(argv, m[1])
	}
	if o, err := exec.Command(addconn, argv...).CombinedOutput(); err != nil {
		t.Fatalf("peer: addconn: %v\n%s\nipsec.conf:\n%s\npluto:\n%s", err, o, connections, out.String())
	}
	want := map[string]bool{}
	for _, m := range names {
		want[m[1]] = true
	}
	deadline := time.After(startTimeout)
	for len(want) > 0 {
		select {
		case name := <-added:
			delete(want, name)
		case <-p.done:
			t.Fatalf("peer: pluto exited: %v\n%s", p.err, out.String())
		case <-deadline:
			t.Fatalf("peer: pluto logged no \"added\" line for %v in %v:\n%s", want, startTimeout, out.String())
		}
	}
	return s
}

// importNSS puts creds in the NSS database nss, with scratch files in
// dir.
func importNSS(t testing.TB, nss, dir string, creds LibreswanCreds) {
	t.Helper()
	if len(creds.CAs) == 0 && creds.Cert == "" {
		return
	}
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.Command(Require(t, name), args...).CombinedOutput(); err != nil {
			t.Fatalf("peer: %s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	for i, ca := range creds.CAs {
		run("certutil", "-A", "-d", "sql:"+nss, "-n", fmt.Sprintf("ca%d", i), "-t", "CT,,", "-a", "-i", ca)
	}
	if creds.Cert == "" {
		return
	}
	p12 := filepath.Join(dir, creds.Nickname+".p12")
	const pass = "cryptoscan"
	run("openssl", "pkcs12", "-export", "-in", creds.Cert, "-inkey", creds.Key, "-name", creds.Nickname, "-out", p12, "-passout", "pass:"+pass)
	run("pk12util", "-i", p12, "-d", "sql:"+nss, "-W", pass, "-K", "")
}

var addedConn = regexp.MustCompile(`^"([^"]+)": added IKEv[12] connection$`)

// indent puts each line of setup in the config setup section.
func indent(setup string) string {
	var b strings.Builder
	for line := range strings.Lines(setup) {
		if l := strings.TrimSpace(line); l != "" {
			b.WriteString("\t" + l + "\n")
		}
	}
	return b.String()
}

func (s *Libreswan) run(args ...string) (string, error) {
	out, err := exec.Command(filepath.Join(libreswanDir, "whack"), append([]string{"--ctlsocket", s.Ctl}, args...)...).CombinedOutput()
	return string(out), err
}

// Whack runs whack with args against the pluto and returns its output.
func (s *Libreswan) Whack(t testing.TB, args ...string) string {
	t.Helper()
	out, err := s.run(args...)
	if err != nil {
		t.Fatalf("peer: whack %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// IKEProposals are the IKE SA proposals pluto says it loaded for the
// connection, as it logs them when the connection is added
// ("ENC-PRF-INTEG-DH", several algorithms of one kind joined by "+"):
// the configuration as pluto read it, defaults included.
func (s *Libreswan) IKEProposals(t testing.TB, conn string) []string {
	t.Helper()
	head := fmt.Sprintf("%q: IKE SA proposals (connection add):", conn)
	item := regexp.MustCompile(`^` + regexp.QuoteMeta(strconv.Quote(conn)) + `:\s+\d+:IKE=(\S+)$`)
	var ps []string
	in := false
	for line := range strings.Lines(s.Output()) {
		line = strings.TrimSpace(line)
		if line == head {
			in, ps = true, nil
			continue
		}
		if !in {
			continue
		}
		m := item.FindStringSubmatch(line)
		if m == nil {
			in = false
			continue
		}
		ps = append(ps, m[1])
	}
	if len(ps) == 0 {
		t.Fatalf("peer: pluto logged no IKE SA proposals for %q:\n%s", conn, s.Output())
	}
	return ps
}

// IKEAlgorithms are the IKE algorithms `whack --status` lists for the
// connection ("AES_CBC_256-HMAC_SHA2_256-MODP2048" for IKEv1:
// encryption, hash, group), what pluto loaded, defaults included.
func (s *Libreswan) IKEAlgorithms(t testing.TB, conn string) []string {
	t.Helper()
	out := s.Whack(t, "--status")
	prefix := strconv.Quote(conn) + ":   IKE algorithms: "
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(strings.TrimPrefix(line, "000 "))
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			return strings.Split(rest, ", ")
		}
	}
	t.Fatalf("peer: whack --status lists no IKE algorithms for %q:\n%s", conn, out)
	return nil
}

var globalStatus = regexp.MustCompile(`(?m)^current\.states\.([a-z.]+)=(\d+)$`)

// States is pluto's count of states (`whack --globalstatus`): "all",
// "ike", "ipsec", "iketype.halfopen", "iketype.open", ...
func (s *Libreswan) States(t testing.TB) map[string]int {
	t.Helper()
	out := s.Whack(t, "--globalstatus")
	n := map[string]int{}
	for _, m := range globalStatus.FindAllStringSubmatch(out, -1) {
		n[m[1]], _ = strconv.Atoi(m[2])
	}
	if _, ok := n["all"]; !ok {
		t.Fatalf("peer: whack --globalstatus: no current.states.all:\n%s", out)
	}
	return n
}

// NSSCertificate is the DER of the certificate pluto's NSS database holds
// under nickname, as certutil -L reads it.
func (s *Libreswan) NSSCertificate(t testing.TB, nickname string) []byte {
	t.Helper()
	out, err := exec.Command(Require(t, "certutil"), "-L", "-d", "sql:"+filepath.Join(s.Dir, "nss"), "-n", nickname, "-r").Output()
	if err != nil || len(out) == 0 {
		t.Fatalf("peer: certutil -L -n %s: %v", nickname, err)
	}
	return out
}
