package peer

import (
	"bufio"
	"crypto/elliptic"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RsyslogInputs are the inputs an Rsyslog server has, each writing what it
// receives to a file of its own.
var RsyslogInputs = []string{"tcp", "tls", "relp", "udp"}

// RsyslogServer is a running rsyslogd with four inputs on 127.0.0.1: plain
// TCP (imtcp, octet counting and LF framing), TLS (imtcp with the gtls
// driver, anonymous client authentication), RELP (imrelp) and UDP (imudp).
type RsyslogServer struct {
	// TCP, TLS, RELP and UDP are the 127.0.0.1:port of each input.
	TCP, TLS, RELP, UDP string
	// CAFile is the PEM of the self-signed certificate the TLS input
	// serves (for localhost and 127.0.0.1): a client trusts it as its CA.
	CAFile string
	// Args is the command line rsyslogd runs with, for logs.
	Args []string

	t       testing.TB
	bin     string
	dir     string
	conf    string
	p       *process
	out     *tail
	stopped bool
}

// RsyslogMessage is one message as rsyslog parsed it (its properties of
// the same names), with the raw message as received.
type RsyslogMessage struct {
	Raw      string `json:"raw"`
	Msg      string `json:"msg"`
	Version  string `json:"version"` // "1" for RFC 5424, "0" for anything else
	Facility string `json:"facility"`
	Severity string `json:"severity"`
	Hostname string `json:"hostname"`
	AppName  string `json:"app"`
	ProcID   string `json:"procid"`
	MsgID    string `json:"msgid"`
	SD       string `json:"sd"` // STRUCTURED-DATA as received
}

// rsyslogModules finds the directory of rsyslog's loadable modules from
// the packages that ship imrelp and the gtls driver (rsyslog-relp,
// rsyslog-gnutls), and checks every module the configuration loads is
// there.
func rsyslogModules(t testing.TB) string {
	t.Helper()
	var dir string
	if dpkg, err := exec.LookPath("dpkg"); err == nil {
		if out, err := exec.Command(dpkg, "-L", "rsyslog-relp").Output(); err == nil {
			for line := range strings.Lines(string(out)) {
				if p := strings.TrimSpace(line); filepath.Base(p) == "imrelp.so" {
					dir = filepath.Dir(p)
				}
			}
		}
	}
	if dir == "" {
		for _, pattern := range []string{"/usr/lib/*/rsyslog/imrelp.so", "/usr/lib/rsyslog/imrelp.so", "/usr/lib64/rsyslog/imrelp.so"} {
			if m, _ := filepath.Glob(pattern); len(m) > 0 {
				dir = filepath.Dir(m[0])
				break
			}
		}
	}
	if dir == "" {
		missing(t, "rsyslog's imrelp module not found (apt-get install rsyslog-relp)")
	}
	for _, m := range []struct{ file, pkg string }{
		{"imtcp.so", "rsyslog"}, {"imudp.so", "rsyslog"}, {"imrelp.so", "rsyslog-relp"}, {"lmnsd_gtls.so", "rsyslog-gnutls"},
	} {
		if _, err := os.Stat(filepath.Join(dir, m.file)); err != nil {
			missing(t, fmt.Sprintf("rsyslog module %s not in %s (apt-get install %s)", m.file, dir, m.pkg))
		}
	}
	return dir
}

// Rsyslog starts `rsyslogd -n -f CONF -i PIDFILE -M MODULES` with a private
// configuration in a t.TempDir() and returns once every TCP input accepts
// connections. Nothing else is loaded: it never reads /dev/log or the
// kernel log, so it cannot act as the system logger. Each input writes
// one JSON object per message (RsyslogMessage) to its own file, read by
// Messages. The ports stay the same across Stop and Start.
//
// The default message size limit (maxMessageSize, 8096 octets in
// rsyslog 8.2302) is left as it is, so tests see what a stock
// rsyslog accepts.
func Rsyslog(t testing.TB) *RsyslogServer {
	t.Helper()
	bin := Require(t, "rsyslogd")
	modules := rsyslogModules(t)
	dir := t.TempDir()
	cert, key := NewECDSACert(t, dir, elliptic.P256())
	r := &RsyslogServer{t: t, bin: bin, dir: dir, CAFile: cert}
	var lastErr error
	for range 5 {
		tcp := freePort(t)
		tls := freePort(t)
		relp := freePort(t)
		udp := freeUDPPort(t)
		r.TCP = net.JoinHostPort("127.0.0.1", strconv.Itoa(int(tcp)))
		r.TLS = net.JoinHostPort("127.0.0.1", strconv.Itoa(int(tls)))
		r.RELP = net.JoinHostPort("127.0.0.1", strconv.Itoa(int(relp)))
		r.UDP = net.JoinHostPort("127.0.0.1", strconv.Itoa(int(udp)))
		r.conf = filepath.Join(dir, "rsyslog.conf")
		if err := os.WriteFile(r.conf, []byte(rsyslogConf(dir, cert, key, tcp, tls, relp, udp)), 0o644); err != nil {
			t.Fatalf("peer: %v", err)
		}
		r.Args = []string{bin, "-n", "-f", r.conf, "-i", filepath.Join(dir, "rsyslogd.pid"), "-M", modules}
		lastErr = r.start()
		if lastErr == nil && !bindFailed(r.out.String()) {
			return r
		}
		if lastErr == nil {
			// rsyslogd goes on without an input it could not bind, and
			// the process that took the port answered for it: retry.
			lastErr = errors.New("an input could not bind its port")
			r.p.cmd.Process.Kill()
			<-r.p.done
			continue
		}
		if !bindFailed(r.out.String()) {
			break
		}
		// Another process took a port between freePort and bind: retry.
	}
	conf, _ := os.ReadFile(r.conf)
	t.Fatalf("peer: rsyslogd: %v\n%s\nrsyslog.conf:\n%s", lastErr, r.out, conf)
	return nil
}

// bindFailed says whether rsyslogd's output tells of a port another
// process took between freePort and its bind.
func bindFailed(out string) bool {
	return strings.Contains(out, "in use") || strings.Contains(out, "error while binding") || strings.Contains(out, "could not activate")
}

// start runs rsyslogd and waits for its TCP inputs.
func (r *RsyslogServer) start() error {
	r.out = newTail(64 << 10)
	// The pid file of a previous run would make rsyslogd refuse to start.
	os.Remove(filepath.Join(r.dir, "rsyslogd.pid"))
	p, err := start(r.t, exec.Command(r.bin, r.Args[1:]...), r.out)
	if err != nil {
		return err
	}
	r.p = p
	for _, addr := range []string{r.TCP, r.TLS, r.RELP} {
		// rsyslog's gtls driver generates Diffie-Hellman parameters
		// before it listens, which takes seconds (more on a busy
		// machine): wait up to four times the usual start timeout.
		var err error
		for range 4 {
			if err = waitAccepting(p, dialTCP(addr)); err == nil {
				break
			}
			if done, _ := p.exited(); done {
				break
			}
		}
		if err != nil {
			p.cmd.Process.Kill()
			<-p.done
			return fmt.Errorf("input %s: %w", addr, err)
		}
	}
	r.stopped = false
	return nil
}

// Stop ends rsyslogd as a service manager would (SIGTERM), and waits for
// it to exit.
func (r *RsyslogServer) Stop() {
	r.t.Helper()
	if r.stopped {
		return
	}
	r.p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.p.done:
	case <-time.After(startTimeout):
		r.p.cmd.Process.Kill()
		<-r.p.done
		r.t.Fatalf("peer: rsyslogd ignored SIGTERM for %v", startTimeout)
	}
	r.stopped = true
}

// Start starts rsyslogd again after Stop, on the same ports and files.
func (r *RsyslogServer) Start() {
	r.t.Helper()
	if !r.stopped {
		r.t.Fatal("peer: rsyslogd is running")
	}
	if err := r.start(); err != nil {
		r.t.Fatalf("peer: restart rsyslogd: %v\n%s", err, r.out)
	}
}

// Output is the tail of what rsyslogd wrote on stdout and stderr since it
// was last started.
func (r *RsyslogServer) Output() string { return r.out.String() }

// Messages returns what input ("tcp", "tls", "relp" or "udp") has written
// so far, in order of arrival.
func (r *RsyslogServer) Messages(input string) ([]RsyslogMessage, error) {
	f, err := os.Open(filepath.Join(r.dir, input+".jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var msgs []RsyslogMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m RsyslogMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			// A line being written: stop before it.
			break
		}
		msgs = append(msgs, m)
	}
	return msgs, sc.Err()
}

// rsyslogConf is the private configuration: one ruleset and file per
// input, written with a JSON template of rsyslog's own parse.
func rsyslogConf(dir, cert, key string, tcp, tls, relp, udp uint16) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global(
    workDirectory=%[1]q
    defaultNetstreamDriverCAFile=%[2]q
    defaultNetstreamDriverCertFile=%[2]q
    defaultNetstreamDriverKeyFile=%[3]q
)
module(load="imtcp")
module(load="imudp")
module(load="imrelp")
template(name="fields" type="list" option.jsonf="on") {
    property(outname="raw" name="rawmsg" format="jsonf")
    property(outname="msg" name="msg" format="jsonf")
    property(outname="version" name="protocol-version" format="jsonf")
    property(outname="facility" name="syslogfacility-text" format="jsonf")
    property(outname="severity" name="syslogseverity-text" format="jsonf")
    property(outname="hostname" name="hostname" format="jsonf")
    property(outname="app" name="app-name" format="jsonf")
    property(outname="procid" name="procid" format="jsonf")
    property(outname="msgid" name="msgid" format="jsonf")
    property(outname="sd" name="structured-data" format="jsonf")
}
`, dir, cert, key)
	for _, in := range RsyslogInputs {
		fmt.Fprintf(&b, "ruleset(name=%q) { action(type=\"omfile\" file=%q template=\"fields\") }\n", in, filepath.Join(dir, in+".jsonl"))
	}
	fmt.Fprintf(&b, `input(type="imtcp" address="127.0.0.1" port="%d" ruleset="tcp")
input(type="imtcp" address="127.0.0.1" port="%d" ruleset="tls" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
input(type="imrelp" address="127.0.0.1" port="%d" ruleset="relp")
input(type="imudp" address="127.0.0.1" port="%d" ruleset="udp")
`, tcp, tls, relp, udp)
	return b.String()
}

// freeUDPPort returns a UDP port that was free on 127.0.0.1 a moment ago.
func freeUDPPort(t testing.TB) uint16 {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("peer: find a free UDP port: %v", err)
	}
	defer c.Close()
	return uint16(c.LocalAddr().(*net.UDPAddr).Port)
}
