package peer

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// PostfixConfig configures the Postfix that Postfix starts. The zero value
// is a STARTTLS and an implicit-TLS listener on free ports, with Postfix's
// default limits.
type PostfixConfig struct {
	// SMTPPort is the port of the smtpd that offers STARTTLS, SMTPSPort
	// that of the smtpd in wrapper mode (TLS from the first byte, as on
	// 465). 0 picks a free port; a fixed port (25, 465) that is taken fails
	// the test, naming the port.
	SMTPPort, SMTPSPort uint16
	// ConnectionCountLimit is smtpd_client_connection_count_limit: the
	// concurrent connections one client may hold per service (0 keeps
	// Postfix's default, 50). ConnectionRateLimit is
	// smtpd_client_connection_rate_limit: the connections one client may
	// open per service and RateTimeUnit (0: no limit). RateTimeUnit is
	// anvil_rate_time_unit (0: Postfix's default, 60s). Loopback clients
	// are not exempt (smtpd_client_event_limit_exceptions is empty), so
	// the limits apply to the test. Over a limit, Postfix greets with
	// "421 4.7.0 HOST Error: too many connections from IP".
	ConnectionCountLimit int
	ConnectionRateLimit  int
	RateTimeUnit         time.Duration
	// MainCF is appended to main.cf, one parameter per line.
	MainCF string
}

// Postfix is a running Postfix.
type Postfix struct {
	SMTP  *Server // smtpd with STARTTLS (smtpd_tls_security_level = may)
	SMTPS *Server // smtpd in wrapper mode (implicit TLS)
	// Dir holds conf/ (main.cf, master.cf, certificate), queue/ and data/.
	Dir string
}

// StartPostfix writes a private Postfix instance under a t.TempDir(): a
// main.cf and master.cf of its own (nothing under /etc/postfix is read
// for settings or written), a self-signed RSA 2048 certificate for
// localhost, its queue and data directories; it creates the queue
// directories with `postfix -c DIR/conf check`, then runs the master in
// the foreground (`DAEMON_DIR/master -c DIR/conf -s`, logging to its
// stdout through postlogd) and returns once the master has bound its
// listeners, without connecting (a readiness connection would count
// against the rate limit).
//
// The listeners are on 127.0.0.1 only (inet_interfaces = 127.0.0.1 and
// address-qualified master.cf services). Postfix needs root (its daemons
// drop to the postfix user); without root, or without Postfix, the test is
// skipped (failed under CRYPTOSCAN_REQUIRE_PEERS=1). Cleanup stops the
// master with SIGTERM, which stops its daemons, and waits for it.
func StartPostfix(t testing.TB, cfg PostfixConfig) *Postfix {
	t.Helper()
	postfix := Require(t, "postfix")
	postconf := Require(t, "postconf")
	if os.Geteuid() != 0 {
		missing(t, "postfix needs root")
	}
	if _, err := user.Lookup("postfix"); err != nil {
		missing(t, fmt.Sprintf("postfix: no postfix user: %v", err))
	}
	dir := privateDir(t)
	conf, queue, data := filepath.Join(dir, "conf"), filepath.Join(dir, "queue"), filepath.Join(dir, "data")
	for _, d := range []string{conf, queue, data} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatalf("peer: %v", err)
		}
	}
	if err := chownTo(data, "postfix"); err != nil {
		t.Fatalf("peer: %v", err)
	}
	cert, key := NewRSACert(t, conf, 2048)

	var lastOut string
	for range 5 {
		smtp, smtps := pickPort(t, cfg.SMTPPort), pickPort(t, cfg.SMTPSPort)
		write(t, filepath.Join(conf, "main.cf"), postfixMainCF(cfg, queue, data, cert, key))
		write(t, filepath.Join(conf, "master.cf"), postfixMasterCF(smtp, smtps))
		if out, err := exec.Command(postfix, "-c", conf, "check").CombinedOutput(); err != nil {
			t.Fatalf("peer: postfix -c %s check: %v\n%s", conf, err, out)
		}
		// From our main.cf: /etc/postfix/main.cf may not exist (Debian's
		// "No configuration").
		out, err := exec.Command(postconf, "-c", conf, "-h", "daemon_directory").CombinedOutput()
		if err != nil {
			t.Fatalf("peer: postconf -c %s -h daemon_directory: %v\n%s", conf, err, out)
		}
		master := filepath.Join(strings.TrimSpace(string(out)), "master")
		args := []string{"-c", conf, "-s"}
		log := newTail(256 << 10)
		ready := make(chan struct{}, 1)
		log.onLine = func(line string) {
			if strings.Contains(line, "daemon started") {
				select {
				case ready <- struct{}{}:
				default:
				}
			}
		}
		p, err := start(t, exec.Command(master, args...), log)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		t.Cleanup(func() { stopGracefully(p) })
		select {
		case <-ready:
			pf := &Postfix{Dir: dir}
			full := append([]string{master}, args...)
			pf.SMTP = &Server{Addr: loopback(smtp), Name: "postfix", Args: full, out: log}
			pf.SMTPS = &Server{Addr: loopback(smtps), Name: "postfix", Args: full, out: log}
			return pf
		case <-p.done:
		case <-time.After(startTimeout):
			t.Fatalf("peer: postfix master %s: no \"daemon started\" in %v\n%s", strings.Join(args, " "), startTimeout, log)
		}
		lastOut = log.String()
		if !strings.Contains(lastOut, "in use") || cfg.SMTPPort != 0 && cfg.SMTPSPort != 0 {
			t.Fatalf("peer: postfix master %s exited: %v\n%s\nmaster.cf:\n%s", strings.Join(args, " "), p.err, lastOut, postfixMasterCF(smtp, smtps))
		}
		// A free port was taken between pickPort and bind: retry.
	}
	t.Fatalf("peer: postfix found no free port:\n%s", lastOut)
	return nil
}

func postfixMainCF(cfg PostfixConfig, queue, data, cert, key string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `compatibility_level = 3.6
queue_directory = %s
data_directory = %s
mail_owner = postfix
myhostname = localhost.localdomain
mydomain = localdomain
mydestination =
relayhost =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
biff = no
maillog_file = /dev/stdout
smtpd_banner = $myhostname ESMTP cryptoscan test
smtpd_tls_security_level = may
smtpd_tls_cert_file = %s
smtpd_tls_key_file = %s
smtpd_tls_loglevel = 1
smtpd_client_event_limit_exceptions =
`, queue, data, cert, key)
	if cfg.ConnectionCountLimit > 0 {
		fmt.Fprintf(&b, "smtpd_client_connection_count_limit = %d\n", cfg.ConnectionCountLimit)
	}
	if cfg.ConnectionRateLimit > 0 {
		fmt.Fprintf(&b, "smtpd_client_connection_rate_limit = %d\n", cfg.ConnectionRateLimit)
	}
	if cfg.RateTimeUnit > 0 {
		fmt.Fprintf(&b, "anvil_rate_time_unit = %ds\n", max(1, int(cfg.RateTimeUnit/time.Second)))
	}
	b.WriteString(cfg.MainCF)
	if !strings.HasSuffix(cfg.MainCF, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

// postfixMasterCF runs no daemon in a chroot, and only what smtpd needs
// up to STARTTLS: anvil (the connection limits), tlsmgr, proxymap and
// postlogd (logging to the master's stdout).
func postfixMasterCF(smtp, smtps uint16) string {
	return fmt.Sprintf(`# service type private unpriv chroot wakeup maxproc command
127.0.0.1:%d inet n - n - - smtpd
127.0.0.1:%d inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt
anvil unix - - n - 1 anvil
tlsmgr unix - - n 1000? 1 tlsmgr
proxymap unix - - n - - proxymap
postlog unix-dgram n - n - 1 postlogd
`, smtp, smtps)
}

// privateDir is a t.TempDir() that the daemons' unprivileged users can
// traverse (t.TempDir() and its parent are created 0700).
func privateDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatalf("peer: %v", err)
		}
	}
	return dir
}

func chownTo(path, username string) error {
	u, err := user.Lookup(username)
	if err != nil {
		return err
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	return os.Chown(path, uid, gid)
}

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatalf("peer: %v", err)
	}
}

func loopback(port uint16) string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(int(port)))
}

// pickPort returns port when it is free on 127.0.0.1 (failing the test,
// naming the port, when it is not), or a free port for 0.
func pickPort(t testing.TB, port uint16) uint16 {
	t.Helper()
	if port == 0 {
		return freePort(t)
	}
	l, err := net.Listen("tcp", loopback(port))
	if err != nil {
		t.Fatalf("peer: 127.0.0.1:%d is taken (%v): stop what listens there (ss -ltnp 'sport = :%d'), or ask for port 0", port, err, port)
	}
	l.Close()
	return port
}

// stopGracefully sends SIGTERM to a server's master process, which stops
// its children, and waits up to 10s for it to exit (the cleanup of start
// kills it if not).
func stopGracefully(p *process) {
	if done, _ := p.exited(); done {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
}
