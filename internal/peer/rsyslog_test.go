package peer

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// waitRsyslog polls input until it has n messages.
func waitRsyslog(t *testing.T, r *RsyslogServer, input string, n int) []RsyslogMessage {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs, err := r.Messages(input)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) >= n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d messages after 10s, want %d\n%s", input, len(msgs), n, r.Output())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRsyslog sends one hand-framed RFC 5424 message to each input and
// reads rsyslog's parse of it back.
func TestRsyslog(t *testing.T) {
	r := Rsyslog(t)
	msg := func(input string) string {
		return fmt.Sprintf(`<131>1 2026-11-26T18:00:00.5Z scanner cryptoscan 42 finding [test@32473 input="%s"] {"input":"%s"}`, input, input)
	}
	send := func(c net.Conn, b string) {
		t.Helper()
		if _, err := io.WriteString(c, b); err != nil {
			t.Fatal(err)
		}
	}

	c, err := net.Dial("tcp", r.TCP)
	if err != nil {
		t.Fatal(err)
	}
	m := msg("tcp")
	send(c, fmt.Sprintf("%d %s", len(m), m)) // RFC 6587 octet counting
	c.Close()

	pem, err := os.ReadFile(r.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tc, err := tls.Dial("tcp", r.TLS, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatalf("TLS input: %v\n%s", err, r.Output())
	}
	m = msg("tls")
	send(tc, fmt.Sprintf("%d %s", len(m), m)) // RFC 5425
	tc.Close()

	uc, err := net.Dial("udp", r.UDP)
	if err != nil {
		t.Fatal(err)
	}
	send(uc, msg("udp")) // RFC 5426
	uc.Close()

	rc, err := net.Dial("tcp", r.RELP)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(rc)
	offers := "relp_version=0\nrelp_software=peer_test\ncommands=syslog"
	send(rc, fmt.Sprintf("1 open %d %s\n", len(offers), offers))
	if line, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(line, "1 rsp ") || !strings.Contains(line, " 200 OK") {
		t.Fatalf("RELP open answered %q, %v", line, err)
	}
	for br.Buffered() > 0 { // the rest of the offers
		br.ReadString('\n')
	}
	m = msg("relp")
	send(rc, fmt.Sprintf("2 syslog %d %s\n", len(m), m))
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("RELP syslog: %v", err)
		}
		if strings.HasPrefix(line, "2 rsp ") {
			if !strings.Contains(line, "200 OK") {
				t.Fatalf("RELP syslog answered %q", line)
			}
			break
		}
	}
	send(rc, "3 close 0\n")
	rc.Close()

	for _, input := range RsyslogInputs {
		got := waitRsyslog(t, r, input, 1)[0]
		want := RsyslogMessage{
			Raw: msg(input), Msg: fmt.Sprintf(`{"input":"%s"}`, input), Version: "1", Facility: "local0", Severity: "err",
			Hostname: "scanner", AppName: "cryptoscan", ProcID: "42", MsgID: "finding", SD: fmt.Sprintf(`[test@32473 input="%s"]`, input),
		}
		if got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", input, got, want)
		}
	}

	// Stopped, nothing listens; started again, the same ports and files.
	r.Stop()
	if c, err := net.Dial("tcp", r.TCP); err == nil {
		c.Close()
		t.Fatal("rsyslogd still accepts after Stop")
	}
	r.Start()
	c, err = net.Dial("tcp", r.TCP)
	if err != nil {
		t.Fatal(err)
	}
	m = msg("tcp")
	send(c, fmt.Sprintf("%d %s", len(m), m))
	c.Close()
	if got := waitRsyslog(t, r, "tcp", 2); got[1].Msg != `{"input":"tcp"}` {
		t.Errorf("after restart: %+v", got[1])
	}
}
