package peer

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"
)

// smtpLines reads one SMTP reply (up to the line "ddd text").
func smtpLines(t *testing.T, br *bufio.Reader) []string {
	t.Helper()
	var lines []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("read: %v (so far %q)", err, lines)
		}
		line = strings.TrimRight(line, "\r\n")
		lines = append(lines, line)
		if len(line) < 4 || line[3] != '-' {
			return lines
		}
	}
}

func TestPostfix(t *testing.T) {
	pf := StartPostfix(t, PostfixConfig{})
	checkLoopback(t, pf.SMTP.Addr)
	checkLoopback(t, pf.SMTPS.Addr)

	t.Run("smtp offers STARTTLS", func(t *testing.T) {
		c, err := net.DialTimeout("tcp", pf.SMTP.Addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		br := bufio.NewReader(c)
		if got := smtpLines(t, br); !strings.HasPrefix(got[0], "220 localhost.localdomain ESMTP") {
			t.Fatalf("greeting %q", got)
		}
		c.Write([]byte("EHLO [127.0.0.1]\r\n"))
		ehlo := smtpLines(t, br)
		if !strings.Contains(strings.Join(ehlo, "\n"), "250-STARTTLS") {
			t.Errorf("EHLO reply without STARTTLS: %q", ehlo)
		}
	})

	t.Run("smtps speaks TLS at once", func(t *testing.T) {
		d := &net.Dialer{Timeout: 5 * time.Second}
		c, err := tls.DialWithDialer(d, "tcp", pf.SMTPS.Addr, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, pf.SMTPS.Output())
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if got := smtpLines(t, bufio.NewReader(c)); !strings.HasPrefix(got[0], "220 ") {
			t.Errorf("greeting over TLS %q", got)
		}
		if n := c.ConnectionState().PeerCertificates[0].Subject.CommonName; n != "localhost" {
			t.Errorf("certificate for %q, want the generated one for localhost", n)
		}
	})
}

// TestPostfixMainCF: the limits reach main.cf, and loopback is not exempt.
func TestPostfixMainCF(t *testing.T) {
	got := postfixMainCF(PostfixConfig{ConnectionCountLimit: 2, ConnectionRateLimit: 3, RateTimeUnit: 30 * time.Second, MainCF: "smtpd_tls_mandatory_protocols = >=TLSv1.2"}, "/q", "/d", "/c", "/k")
	for _, want := range []string{
		"\ninet_interfaces = 127.0.0.1\n",
		"\nsmtpd_client_event_limit_exceptions =\n",
		"\nsmtpd_client_connection_count_limit = 2\n",
		"\nsmtpd_client_connection_rate_limit = 3\n",
		"\nanvil_rate_time_unit = 30s\n",
		"\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("main.cf lacks %q:\n%s", want, got)
		}
	}
	for _, line := range strings.Split(postfixMasterCF(2525, 4465), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[1] == "inet" && !strings.HasPrefix(f[0], "127.0.0.1:") {
			t.Errorf("master.cf service %q is not bound to 127.0.0.1", f[0])
		}
	}
}
