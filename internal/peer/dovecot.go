package peer

import (
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
)

// DovecotConfig configures the Dovecot that StartDovecot starts. The zero
// value is an IMAP listener with STARTTLS and an IMAPS listener on free
// ports.
type DovecotConfig struct {
	// IMAPPort is the port of the IMAP listener (STARTTLS, as on 143),
	// IMAPSPort that of the implicit-TLS listener (as on 993). 0 picks a
	// free port; a fixed port that is taken fails the test, naming it.
	IMAPPort, IMAPSPort uint16
	// Conf is appended to dovecot.conf.
	Conf string
}

// Dovecot is a running Dovecot.
type Dovecot struct {
	IMAP  *Server // imap-login with STARTTLS
	IMAPS *Server // imap-login with implicit TLS
	// Dir holds dovecot.conf, the certificate, base_dir (run/) and
	// state_dir (state/).
	Dir string
}

// StartDovecot writes a private dovecot.conf under a t.TempDir() (nothing
// under /etc/dovecot is read: -c names the only configuration file), with
// its own base_dir and state_dir there, ssl = yes with a self-signed RSA
// 2048 certificate for localhost, listeners on 127.0.0.1 only (listen =
// 127.0.0.1 and address-qualified inet_listeners), and logging to stderr;
// runs `dovecot -c CONF -F` (foreground) and returns once both listeners
// accept connections.
//
// Dovecot needs root (its login processes drop to dovenull); without root,
// or without Dovecot's IMAP server, the test is skipped (failed under
// CRYPTOSCAN_REQUIRE_PEERS=1). Cleanup stops the master with SIGTERM,
// which stops its children, and waits for it.
func StartDovecot(t testing.TB, cfg DovecotConfig) *Dovecot {
	t.Helper()
	bin := Require(t, "dovecot")
	if os.Geteuid() != 0 {
		missing(t, "dovecot needs root")
	}
	for _, u := range []string{"dovecot", "dovenull"} {
		if _, err := user.Lookup(u); err != nil {
			missing(t, fmt.Sprintf("dovecot: no %s user: %v", u, err))
		}
	}
	dir := privateDir(t)
	cert, key := NewRSACert(t, dir, 2048)
	conf := filepath.Join(dir, "dovecot.conf")
	var lastOut string
	for range 5 {
		imap, imaps := pickPort(t, cfg.IMAPPort), pickPort(t, cfg.IMAPSPort)
		write(t, conf, dovecotConf(dir, cert, key, imap, imaps)+cfg.Conf+"\n")
		// Without imap support installed, dovecot exits at once naming the
		// protocol; say which package is missing.
		if out, err := exec.Command(bin, "-c", conf, "-n").CombinedOutput(); err != nil {
			if strings.Contains(string(out), "imap") && strings.Contains(string(out), "Unknown protocol") {
				missing(t, "dovecot has no IMAP server (Debian package dovecot-imapd)")
			}
			t.Fatalf("peer: dovecot -c %s -n: %v\n%s", conf, err, out)
		}
		args := []string{"-c", conf, "-F"}
		log := newTail(256 << 10)
		p, err := start(t, exec.Command(bin, args...), log)
		if err != nil {
			t.Fatalf("peer: %v", err)
		}
		t.Cleanup(func() { stopGracefully(p) })
		err = waitAccepting(p, dialTCP(loopback(imap)))
		if err == nil {
			err = waitAccepting(p, dialTCP(loopback(imaps)))
		}
		if err == nil {
			full := append([]string{bin}, args...)
			return &Dovecot{
				IMAP:  &Server{Addr: loopback(imap), Name: "dovecot", Args: full, out: log},
				IMAPS: &Server{Addr: loopback(imaps), Name: "dovecot", Args: full, out: log},
				Dir:   dir,
			}
		}
		lastOut = log.String()
		if !strings.Contains(lastOut, "in use") {
			t.Fatalf("peer: dovecot %s: %v\n%s", strings.Join(args, " "), err, lastOut)
		}
		stopGracefully(p)
		// A free port was taken between pickPort and bind: retry.
	}
	t.Fatalf("peer: dovecot found no free port:\n%s", lastOut)
	return nil
}

func dovecotConf(dir, cert, key string, imap, imaps uint16) string {
	return fmt.Sprintf(`# cryptoscan test instance
base_dir = %[1]s/run
state_dir = %[1]s/state
instance_name = cryptoscan-%[5]d
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <%[2]s
ssl_key = <%[3]s
log_path = /dev/stderr
info_log_path = /dev/stderr
auth_mechanisms = plain
# No one can log in: the password is random and never told.
passdb {
  driver = static
  args = password=%[6]s
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=%[1]s/home
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[4]d
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[5]d
    ssl = yes
  }
}
`, dir, cert, key, imap, imaps, rand.Text())
}
