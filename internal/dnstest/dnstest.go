// Package dnstest serves DNS on loopback for tests: one handler over UDP
// and TCP on one port of 127.0.0.1, as a resolver or an authoritative
// server would answer.
package dnstest

import (
	"net"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// Serve serves h over UDP and TCP on one port of 127.0.0.1 and returns
// its address once both listeners run. At the end of the test, release
// (when not nil) is closed first, so that handlers holding an answer back
// return, then both servers stop.
func Serve(t testing.TB, h dns.Handler, release chan struct{}) string {
	t.Helper()
	for range 50 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := pc.LocalAddr().String()
		l, err := net.Listen("tcp", addr)
		if err != nil { // the port is taken for TCP: try another
			pc.Close()
			continue
		}
		var started sync.WaitGroup
		started.Add(2)
		udpSrv := &dns.Server{PacketConn: pc, Handler: h, NotifyStartedFunc: started.Done}
		tcpSrv := &dns.Server{Listener: l, Handler: h, NotifyStartedFunc: started.Done}
		go udpSrv.ActivateAndServe()
		go tcpSrv.ActivateAndServe()
		started.Wait()
		t.Cleanup(func() {
			if release != nil {
				close(release)
			}
			udpSrv.Shutdown()
			tcpSrv.Shutdown()
		})
		return addr
	}
	t.Fatal("dnstest: no port free for both UDP and TCP")
	return ""
}
