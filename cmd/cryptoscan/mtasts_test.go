package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// TestMTASTSExampleFr scans a mail domain, `cryptoscan example.fr`: its MX
// (an SMTP server with STARTTLS on 127.0.0.25:25) is graded against the
// MTA-STS policy the domain publishes: the _mta-sts TXT record, and the
// policy served over HTTPS at mta-sts.example.fr (127.0.0.29:443, a
// certificate from a CA given with --ca-file). An enforce policy naming
// the MX passes DNS-MTASTS; one naming another host fails it; without the
// CA, the policy cannot be fetched, which fails it too.
func TestMTASTSExampleFr(t *testing.T) {
	if os.Geteuid() != 0 && os.Getenv("CRYPTOSCAN_REQUIRE_PEERS") != "1" {
		t.Skip("the MX is on port 25 and the policy host on 443, which need root")
	}
	cert, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	smtpSTARTTLSServer(t, "127.0.0.25:25", &tls.Config{Certificates: []tls.Certificate{cert}})
	pki := peer.NewPKI(t, t.TempDir(), []string{"mta-sts.example.fr"}, nil)
	policyCert, err := tls.LoadX509KeyPair(pki.ChainFile, pki.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	policy := "version: STSv1\r\nmode: enforce\r\nmx: mail.example.fr\r\nmax_age: 604800\r\n"
	ln, err := tls.Listen("tcp", "127.0.0.29:443", &tls.Config{Certificates: []tls.Certificate{policyCert}})
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.29:443: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/mta-sts.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(policy))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	resolver := exampleFrDNS(t, []string{
		"example.fr. 300 IN SOA ns1.example.fr. hostmaster.example.fr. 1 7200 3600 1209600 300",
		"example.fr. 300 IN MX 10 mail.example.fr.",
		"mail.example.fr. 300 IN A 127.0.0.25",
		"mta-sts.example.fr. 300 IN A 127.0.0.29",
		`_mta-sts.example.fr. 300 IN TXT "v=STSv1; id=20261127"`,
		`_smtp._tls.example.fr. 300 IN TXT "v=TLSRPTv1; rua=mailto:tls-reports@example.fr"`,
	})
	scan := func(args ...string) (status string, m *struct {
		Domain string
		ID     string
		Policy *struct {
			Fetched bool
			Mode    string
			MX      []string
			Unknown *struct{ Reason string }
		}
		RUA []string
	}) {
		t.Helper()
		args = append([]string{"--resolver", resolver, "--format", "json", "--fail-on", "none"}, args...)
		code, stdout, stderr := runCLI(t, context.Background(), nil, append(args, "example.fr")...)
		if code != exitOK && code != exitIncomplete {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(stdout) {
			var ev struct {
				Event    string
				Endpoint scanner.Endpoint
				DNS      *struct {
					MTASTS json.RawMessage `json:"mta_sts"`
				}
				Rule   struct{ ID string }
				Status string
			}
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatal(err)
			}
			if ev.Endpoint.Protocol != "smtp" {
				continue
			}
			switch {
			case ev.Event == "endpoint" && ev.DNS != nil && ev.DNS.MTASTS != nil:
				json.Unmarshal(ev.DNS.MTASTS, &m)
			case ev.Event == "finding" && ev.Rule.ID == "DNS-MTASTS":
				status = ev.Status
			}
		}
		if m == nil {
			t.Fatalf("no MTA-STS facts on the MX endpoint:\n%s", stdout)
		}
		return status, m
	}

	st, m := scan("--ca-file", pki.RootFile)
	if st != "pass" || m.Domain != "example.fr" || m.ID != "20261127" || m.Policy == nil || !m.Policy.Fetched || m.Policy.Mode != "enforce" ||
		len(m.RUA) != 1 || m.RUA[0] != "mailto:tls-reports@example.fr" {
		t.Errorf("enforce policy naming the MX: DNS-MTASTS %q, facts %+v", st, m)
	}
	policy = strings.Replace(policy, "mx: mail.example.fr", "mx: *.other.example", 1)
	if st, m := scan("--ca-file", pki.RootFile); st != "fail" || m.Policy == nil || len(m.Policy.MX) != 1 || m.Policy.MX[0] != "*.other.example" {
		t.Errorf("enforce policy not naming the MX: DNS-MTASTS %q, facts %+v", st, m.Policy)
	}
	if st, m := scan(); st != "fail" || m.Policy == nil || m.Policy.Fetched || m.Policy.Unknown == nil || m.Policy.Unknown.Reason != "certificate" {
		t.Errorf("policy host's CA not trusted: DNS-MTASTS %q, policy %+v", st, m.Policy)
	}
}
