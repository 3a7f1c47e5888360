package dnstest

import (
	"testing"

	"github.com/miekg/dns"
)

func TestServeAnswersUDPAndTCP(t *testing.T) {
	addr := Serve(t, dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		rr, _ := dns.NewRR("example.fr. 60 IN A 192.0.2.1")
		m.Answer = []dns.RR{rr}
		w.WriteMsg(m)
	}), nil)
	for _, netw := range []string{"udp", "tcp"} {
		c := &dns.Client{Net: netw}
		r, _, err := c.Exchange(new(dns.Msg).SetQuestion("example.fr.", dns.TypeA), addr)
		if err != nil {
			t.Fatalf("%s: %v", netw, err)
		}
		if len(r.Answer) != 1 || r.Answer[0].(*dns.A).A.String() != "192.0.2.1" {
			t.Errorf("%s: answer %v", netw, r.Answer)
		}
	}
}
