package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"

	"github.com/cryptoscan/cryptoscan/internal/dnstest"
	"github.com/cryptoscan/cryptoscan/report/schema"
)

// exampleFrDNS serves example.fr on 127.0.0.1 (UDP and TCP, one port):
// its web address, an MX inside the domain and one at a provider, and SRV
// records for submission (SMTP STARTTLS) and IMAPS. It returns once both
// listeners run.
func exampleFrDNS(t *testing.T, records []string) string {
	t.Helper()
	return zoneDNS(t, records, false)
}

// zoneDNS serves records on 127.0.0.1 (UDP and TCP, one port), the AD bit
// set in every answer when ad (a validating resolver vouching for them);
// other names and types are NODATA.
func zoneDNS(t *testing.T, records []string, ad bool) string {
	t.Helper()
	zone := map[string][]dns.RR{}
	for _, s := range records {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		k := strings.ToLower(rr.Header().Name) + "/" + dns.TypeToString[rr.Header().Rrtype]
		zone[k] = append(zone[k], rr)
	}
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		m.Authoritative = true
		m.AuthenticatedData = ad
		m.Answer = zone[strings.ToLower(q.Question[0].Name)+"/"+dns.TypeToString[q.Question[0].Qtype]]
		w.WriteMsg(m)
	})
	return dnstest.Serve(t, handler, nil)
}

// smtpSTARTTLSServer is an SMTP server that offers STARTTLS, then speaks
// TLS with cfg, on addr.
func smtpSTARTTLSServer(t *testing.T, addr string, cfg *tls.Config) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s (port 25 needs root): %v", addr, err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				r := bufio.NewReader(c)
				c.Write([]byte("220 mail.example.fr ESMTP\r\n"))
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
					case strings.HasPrefix(cmd, "EHLO"):
						c.Write([]byte("250-mail.example.fr\r\n250-PIPELINING\r\n250 STARTTLS\r\n"))
					case cmd == "STARTTLS":
						c.Write([]byte("220 2.0.0 Ready to start TLS\r\n"))
						tls.Server(c, cfg).Handshake()
						return
					default:
						c.Write([]byte("502 5.5.2 Error\r\n"))
					}
				}
			})
		}
	})
	return ln
}

// TestDiscoverExampleFr is issue 5's end-to-end case: `cryptoscan
// example.fr` against a DNS server on loopback finds and scans the web,
// mail and SRV endpoints with the right protocols (and asks DNS about
// the names: the zone is unsigned, so its DNSSEC keys are absent), and
// reports the MX
// hosted by a provider as found but not scanned.
func TestDiscoverExampleFr(t *testing.T) {
	if os.Geteuid() != 0 && os.Getenv("CRYPTOSCAN_REQUIRE_PEERS") != "1" {
		t.Skip("the MX endpoint is on port 25, which needs root")
	}
	cert, err := testCert()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	web, err := startTLSServerOn("127.0.0.21:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer web.stop()
	webPort := web.ln.Addr().(*net.TCPAddr).Port
	smtpSTARTTLSServer(t, "127.0.0.25:25", cfg)
	sub := smtpSTARTTLSServer(t, "127.0.0.27:0", cfg)
	imaps, err := startTLSServerOn("127.0.0.28:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer imaps.stop()
	subPort, imapsPort := sub.Addr().(*net.TCPAddr).Port, imaps.ln.Addr().(*net.TCPAddr).Port

	resolver := exampleFrDNS(t, []string{
		"example.fr. 300 IN SOA ns1.example.fr. hostmaster.example.fr. 1 7200 3600 1209600 300",
		"example.fr. 300 IN A 127.0.0.21",
		"www.example.fr. 300 IN A 127.0.0.21",
		"example.fr. 300 IN MX 10 mail.example.fr.",
		"example.fr. 300 IN MX 20 mx.provider.net.",
		"mail.example.fr. 300 IN A 127.0.0.25",
		"mx.provider.net. 300 IN A 127.0.0.26",
		"_submission._tcp.example.fr. 300 IN SRV 0 0 " + strconv.Itoa(subPort) + " smtp.example.fr.",
		"smtp.example.fr. 300 IN A 127.0.0.27",
		"_imaps._tcp.example.fr. 300 IN SRV 0 0 " + strconv.Itoa(imapsPort) + " imap.example.fr.",
		"imap.example.fr. 300 IN A 127.0.0.28",
	})
	code, stdout, stderr := runCLI(t, context.Background(), nil, "--resolver", resolver, "--ports", strconv.Itoa(webPort),
		"--format", "json", "--fail-on", "none", "example.fr")
	if code != exitOK && code != exitIncomplete {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
		t.Fatal(err)
	}
	type ep struct {
		Host     string `json:"host"`
		IP       string `json:"ip"`
		Port     int    `json:"port"`
		Protocol string `json:"protocol"`
		SNI      string `json:"sni"`
		Source   string `json:"source"`
	}
	scanned := map[string]ep{}
	var notScanned []struct {
		Endpoint ep     `json:"endpoint"`
		Reason   string `json:"reason"`
	}
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var ev struct {
			Event      string          `json:"event"`
			Endpoint   ep              `json:"endpoint"`
			NotScanned json.RawMessage `json:"not_scanned"`
			TLS        *struct {
				Versions []struct{ Version, Status string } `json:"versions"`
			} `json:"tls"`
			DNS *struct {
				Name   string `json:"name"`
				DNSSEC struct {
					DNSKEY struct{ State string } `json:"dnskey"`
				} `json:"dnssec"`
				CAA struct {
					Lookup struct{ State string } `json:"lookup"`
				} `json:"caa"`
			} `json:"dns"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		switch ev.Event {
		case "endpoint":
			ok := false
			for _, v := range ev.TLS.Versions {
				ok = ok || v.Status == "supported"
			}
			if !ok {
				t.Errorf("%s:%d: no TLS version seen", ev.Endpoint.IP, ev.Endpoint.Port)
			}
			if d := ev.DNS; d == nil || d.Name != ev.Endpoint.Host || d.DNSSEC.DNSKEY.State != "absent" || d.CAA.Lookup.State != "absent" {
				t.Errorf("%s: DNS facts %+v, want the unsigned zone's (no DNSKEY, no CAA)\n%s", ev.Endpoint.Host, d, l)
			}
			scanned[netip.AddrPortFrom(netip.MustParseAddr(ev.Endpoint.IP), uint16(ev.Endpoint.Port)).String()+" "+ev.Endpoint.SNI] = ev.Endpoint
		case "summary":
			if err := json.Unmarshal(ev.NotScanned, &notScanned); err != nil {
				t.Fatal(err)
			}
		}
	}
	for addr, want := range map[string]ep{
		"127.0.0.21:" + strconv.Itoa(webPort) + " example.fr":        {Host: "example.fr", Protocol: "tls", SNI: "example.fr", Source: "A example.fr"},
		"127.0.0.21:" + strconv.Itoa(webPort) + " www.example.fr":    {Host: "www.example.fr", Protocol: "tls", SNI: "www.example.fr", Source: "A www.example.fr"},
		"127.0.0.25:25 mail.example.fr":                              {Host: "mail.example.fr", Protocol: "smtp", SNI: "mail.example.fr", Source: "MX example.fr (pref 10)"},
		"127.0.0.27:" + strconv.Itoa(subPort) + " smtp.example.fr":   {Host: "smtp.example.fr", Protocol: "smtp", SNI: "smtp.example.fr", Source: "SRV _submission._tcp.example.fr"},
		"127.0.0.28:" + strconv.Itoa(imapsPort) + " imap.example.fr": {Host: "imap.example.fr", Protocol: "tls", SNI: "imap.example.fr", Source: "SRV _imaps._tcp.example.fr"},
	} {
		got, ok := scanned[addr]
		if !ok {
			t.Errorf("%s (%s, %s) not scanned", addr, want.Protocol, want.Source)
			continue
		}
		if got.Host != want.Host || got.Protocol != want.Protocol || got.SNI != want.SNI || !strings.HasPrefix(got.Source, want.Source) {
			t.Errorf("%s: got %+v, want %+v", addr, got, want)
		}
	}
	if len(scanned) != 5 {
		t.Errorf("scanned %d endpoints, want 5 (example.fr and www.example.fr share an address but not a name): %v", len(scanned), scanned)
	}
	if len(notScanned) != 1 || notScanned[0].Endpoint.Host != "mx.provider.net" || notScanned[0].Endpoint.Port != 25 ||
		!strings.Contains(notScanned[0].Reason, "not under example.fr") {
		t.Errorf("not scanned %+v, want the provider's MX, out of scope", notScanned)
	}
	if !strings.Contains(stderr, "cryptoscan: note: not scanned: mx.provider.net") {
		t.Errorf("stderr does not report the out-of-scope MX:\n%s", stderr)
	}
}
