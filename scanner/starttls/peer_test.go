package starttls

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
)

// Real peers: Postfix and Dovecot on 127.0.0.1, from private
// configurations (internal/peer). Skipped when they are not installed,
// failed instead under CRYPTOSCAN_REQUIRE_PEERS=1.

// upgradeReal dials addr and upgrades with the protocol of its well-known
// port (as discovery would choose it) and default options.
func upgradeReal(t *testing.T, addr string, port uint16) (net.Conn, error) {
	t.Helper()
	proto := ProtocolForPort(port)
	if proto == "" {
		t.Fatalf("port %d has no protocol", port)
	}
	up, err := Upgrader(proto, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c, up(context.Background(), c)
}

// realTLS completes a crypto/tls handshake on c with the peer's
// self-signed certificate for localhost.
func realTLS(t *testing.T, c net.Conn) *tls.Conn {
	t.Helper()
	tc := tls.Client(c, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true})
	if err := tc.Handshake(); err != nil {
		t.Fatalf("TLS handshake: %v", err)
	}
	if cn := tc.ConnectionState().PeerCertificates[0].Subject.CommonName; cn != "localhost" {
		t.Fatalf("certificate for %q, want the peer's own for localhost", cn)
	}
	return tc
}

// TestRealPostfix: STARTTLS on port 25, then EHLO again inside TLS (the
// stream was left at the right byte, and the server is in its TLS state:
// it no longer offers STARTTLS); TLS from the first byte on 465.
func TestRealPostfix(t *testing.T) {
	pf := peer.StartPostfix(t, peer.PostfixConfig{SMTPPort: 25, SMTPSPort: 465})

	c, err := upgradeReal(t, pf.SMTP.Addr, 25)
	if err != nil {
		t.Fatalf("upgrade: %v\n%s", err, pf.SMTP.Output())
	}
	tc := realTLS(t, c)
	tc.Write([]byte("EHLO [127.0.0.1]\r\n"))
	r := &reader{br: bufio.NewReader(tc)}
	rep, err := numericReply(r)
	if err != nil || rep.code != "250" {
		t.Fatalf("EHLO over TLS: %+v, %v", rep, err)
	}
	for _, kw := range rep.caps {
		if strings.EqualFold(kw, "STARTTLS") {
			t.Errorf("STARTTLS still offered inside TLS: %q", rep.caps)
		}
	}

	d := &net.Dialer{Timeout: 5 * time.Second}
	ic, err := tls.DialWithDialer(d, "tcp", pf.SMTPS.Addr, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("implicit TLS on 465: %v", err)
	}
	defer ic.Close()
	ic.SetDeadline(time.Now().Add(10 * time.Second))
	if rep, err := numericReply(&reader{br: bufio.NewReader(ic)}); err != nil || rep.code != "220" {
		t.Errorf("greeting over implicit TLS: %+v, %v", rep, err)
	}
}

// TestRealDovecot: STARTTLS on port 143, then CAPABILITY inside TLS (no
// STARTTLS any more); TLS from the first byte on 993.
func TestRealDovecot(t *testing.T) {
	dc := peer.StartDovecot(t, peer.DovecotConfig{IMAPPort: 143, IMAPSPort: 993})

	c, err := upgradeReal(t, dc.IMAP.Addr, 143)
	if err != nil {
		t.Fatalf("upgrade: %v\n%s", err, dc.IMAP.Output())
	}
	tc := realTLS(t, c)
	tc.Write([]byte("b CAPABILITY\r\n"))
	br := bufio.NewReader(tc)
	var caps string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("CAPABILITY over TLS: %v", err)
		}
		if strings.HasPrefix(line, "* CAPABILITY ") {
			caps = line
		}
		if strings.HasPrefix(line, "b ") {
			if !strings.HasPrefix(line, "b OK") {
				t.Fatalf("CAPABILITY over TLS: %q", line)
			}
			break
		}
	}
	if caps == "" || strings.Contains(caps, "STARTTLS") {
		t.Errorf("capabilities inside TLS %q: want a list without STARTTLS", caps)
	}

	d := &net.Dialer{Timeout: 5 * time.Second}
	ic, err := tls.DialWithDialer(d, "tcp", dc.IMAPS.Addr, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("implicit TLS on 993: %v", err)
	}
	defer ic.Close()
	ic.SetDeadline(time.Now().Add(10 * time.Second))
	if rep, err := imapResponse("")(&reader{br: bufio.NewReader(ic)}); err != nil || rep.code != "OK" {
		t.Errorf("greeting over implicit TLS: %+v, %v", rep, err)
	}
}

// TestRealPostfixLimitsAreBusy: Postfix over its anvil limits greets with
// "421 4.7.0 ... Error: too many connections from 127.0.0.1", which must
// read as busy (the facts stay unknown), never as "STARTTLS not offered".
// The oracle is the configuration: with a rate limit of 3 per minute the
// first 3 connections upgrade and the next is refused; with a count limit
// of 1, a second connection while the first is open is refused.
func TestRealPostfixLimitsAreBusy(t *testing.T) {
	checkBusy := func(t *testing.T, err error) {
		t.Helper()
		var r *Refusal
		if !errors.As(err, &r) {
			t.Fatalf("got %v, want a *Refusal", err)
		}
		if !r.Busy() || r.NotOffered() || r.Step != "greeting" || r.Code != "421" || !strings.Contains(r.Line, "too many connections") {
			t.Errorf("%v (code %s): want busy 421 at the greeting", r, r.Code)
		}
	}

	t.Run("rate limit", func(t *testing.T) {
		const limit = 3
		pf := peer.StartPostfix(t, peer.PostfixConfig{ConnectionRateLimit: limit, RateTimeUnit: time.Minute})
		for i := 1; i <= limit+2; i++ {
			c, err := upgradeReal(t, pf.SMTP.Addr, 25)
			if i <= limit {
				if err != nil {
					t.Fatalf("connection %d of %d allowed: %v\n%s", i, limit, err, pf.SMTP.Output())
				}
				c.Close()
				continue
			}
			checkBusy(t, err)
		}
	})

	t.Run("count limit", func(t *testing.T) {
		pf := peer.StartPostfix(t, peer.PostfixConfig{ConnectionCountLimit: 1})
		first, err := upgradeReal(t, pf.SMTP.Addr, 25)
		if err != nil {
			t.Fatalf("first connection: %v\n%s", err, pf.SMTP.Output())
		}
		_, err = upgradeReal(t, pf.SMTP.Addr, 25)
		checkBusy(t, err)
		first.Close()
	})
}
