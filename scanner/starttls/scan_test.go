package starttls_test

import (
	"context"
	"encoding/json"
	"net"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/starttls"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// The whole engine through STARTTLS, against real Postfix and Dovecot:
// the same TLS configuration reached by STARTTLS and by implicit TLS gives
// the same observation, and a server enforcing its connection limits on
// the scanner ends with unknowns, never with a refusal it did not make.

func scan(t *testing.T, addr netip.AddrPort, proto string, depth tlsprobe.Depth) scanner.Result {
	t.Helper()
	ep := scanner.Endpoint{Host: "localhost", IP: addr.Addr(), Port: addr.Port(), Protocol: proto, SNI: "localhost", Source: "test"}
	var up func(context.Context, net.Conn) error
	if proto != "tls" {
		u, err := starttls.Upgrader(proto, starttls.Options{XMPPDomain: "localhost"})
		if err != nil {
			t.Fatal(err)
		}
		up = u
	}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second, Upgrade: up}
	r := tlsprobe.New(tlsprobe.Config{Depth: depth}).Probe(context.Background(), ep, d)
	r.Stats = d.Stats()
	return r
}

// tlsFacts is what must not depend on how TLS was reached: versions,
// suites, server order, groups, enumeration statuses.
func tlsFacts(t *testing.T, r scanner.Result) string {
	t.Helper()
	if r.TLS == nil {
		t.Fatalf("no TLS observation: %+v", r.Error)
	}
	b, err := json.Marshal(struct {
		V []scanner.VersionFact
		S []scanner.SuiteFact
		O []scanner.OrderFact
		G []scanner.GroupFact
		E []scanner.Enumeration
	}{r.TLS.Versions, r.TLS.CipherSuites, r.TLS.ServerOrder, r.TLS.Groups, r.TLS.Enumerations})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestScanPostfixSTARTTLSEqualsImplicitTLS(t *testing.T) {
	p := peer.StartPostfix(t, peer.PostfixConfig{})
	smtp := scan(t, p.SMTP.AddrPort(), "smtp", tlsprobe.Inventory)
	smtps := scan(t, p.SMTPS.AddrPort(), "tls", tlsprobe.Inventory)
	if a, b := tlsFacts(t, smtp), tlsFacts(t, smtps); a != b {
		t.Errorf("STARTTLS and implicit TLS differ:\nsmtp  %s\nsmtps %s", a, b)
	}
	if !supported(smtp, scanner.TLSv12) {
		t.Errorf("Postfix's TLSv1.2 not seen through STARTTLS: %+v", smtp.TLS.Versions)
	}
	if len(smtp.TLS.Certificates) == 0 {
		t.Error("no certificate chain seen through STARTTLS")
	}
}

func TestScanDovecotSTARTTLSEqualsImplicitTLS(t *testing.T) {
	d := peer.StartDovecot(t, peer.DovecotConfig{})
	imap := scan(t, d.IMAP.AddrPort(), "imap", tlsprobe.Inventory)
	imaps := scan(t, d.IMAPS.AddrPort(), "tls", tlsprobe.Inventory)
	if a, b := tlsFacts(t, imap), tlsFacts(t, imaps); a != b {
		t.Errorf("STARTTLS and implicit TLS differ:\nimap  %s\nimaps %s", a, b)
	}
	if !supported(imap, scanner.TLSv12) {
		t.Errorf("Dovecot's TLSv1.2 not seen through STARTTLS: %+v", imap.TLS.Versions)
	}
}

// TestScanThrottledPostfix: Postfix answers 421 once the scanner passes its
// connection rate. The scan ends complete or incomplete; every fact it does
// state agrees with an unthrottled scan of the same configuration.
func TestScanThrottledPostfix(t *testing.T) {
	free := peer.StartPostfix(t, peer.PostfixConfig{})
	want := scan(t, free.SMTP.AddrPort(), "smtp", tlsprobe.Compliance)

	p := peer.StartPostfix(t, peer.PostfixConfig{ConnectionRateLimit: 8, RateTimeUnit: time.Minute})
	got := scan(t, p.SMTP.AddrPort(), "smtp", tlsprobe.Compliance)
	if got.Stats.Errors == 0 {
		t.Fatalf("the rate limit never answered busy (stats %+v): the test proves nothing", got.Stats)
	}
	wantV := map[scanner.Version]scanner.Status{}
	for _, f := range want.TLS.Versions {
		wantV[f.Version] = f.Status
	}
	unknown := 0
	for _, f := range got.TLS.Versions {
		switch {
		case f.Status == scanner.StatusUnknown:
			unknown++
			if f.Reason == "" {
				t.Errorf("%s unknown without a reason", f.Version)
			}
		case f.Status != wantV[f.Version]:
			t.Errorf("%s: %s (%s) under the rate limit, %s without", f.Version, f.Status, f.Reason, wantV[f.Version])
		}
	}
	for _, s := range got.TLS.CipherSuites {
		if !slices.Contains(want.TLS.CipherSuites, s) {
			t.Errorf("suite %s %s reported under the rate limit only", s.Version, s.Name)
		}
	}
	for _, e := range got.TLS.Enumerations {
		if e.Status == scanner.EnumComplete {
			for _, s := range want.TLS.CipherSuites {
				if s.Version == e.Version && e.Kind == scanner.EnumCipherSuites && !slices.Contains(got.TLS.CipherSuites, s) {
					t.Errorf("%s suites said complete under the rate limit, but %s is missing", e.Version, s.Name)
				}
			}
		}
	}
	t.Logf("under the rate limit: %d versions unknown, stats %+v", unknown, got.Stats)
}

func supported(r scanner.Result, v scanner.Version) bool {
	for _, f := range r.TLS.Versions {
		if f.Version == v {
			return f.Status == scanner.Supported
		}
	}
	return false
}
