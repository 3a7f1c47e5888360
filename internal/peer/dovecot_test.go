package peer

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"
)

func TestDovecot(t *testing.T) {
	dc := StartDovecot(t, DovecotConfig{})
	checkLoopback(t, dc.IMAP.Addr)
	checkLoopback(t, dc.IMAPS.Addr)

	t.Run("imap offers STARTTLS", func(t *testing.T) {
		c, err := net.DialTimeout("tcp", dc.IMAP.Addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		br := bufio.NewReader(c)
		c.Write([]byte("a CAPABILITY\r\n"))
		var lines []string
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				t.Fatalf("read: %v (so far %q)", err, lines)
			}
			lines = append(lines, strings.TrimRight(line, "\r\n"))
			if strings.HasPrefix(line, "a ") {
				break
			}
		}
		all := strings.Join(lines, "\n")
		if !strings.HasPrefix(all, "* OK") || !strings.Contains(all, "* CAPABILITY") || !strings.Contains(all, " STARTTLS") {
			t.Errorf("greeting and capabilities without STARTTLS: %q", lines)
		}
	})

	t.Run("imaps speaks TLS at once", func(t *testing.T) {
		d := &net.Dialer{Timeout: 5 * time.Second}
		c, err := tls.DialWithDialer(d, "tcp", dc.IMAPS.Addr, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, dc.IMAPS.Output())
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "* OK") {
			t.Errorf("greeting over TLS %q, %v", line, err)
		}
	})
}

func TestDovecotConf(t *testing.T) {
	got := dovecotConf("/x", "/x/c", "/x/k", 1143, 1993)
	for _, want := range []string{"\nlisten = 127.0.0.1\n", "\nbase_dir = /x/run\n", "\nstate_dir = /x/state\n", "port = 1143\n", "port = 1993\n    ssl = yes\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("dovecot.conf lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "address = 127.0.0.1") != 2 {
		t.Errorf("every listener should be bound to 127.0.0.1:\n%s", got)
	}
}
