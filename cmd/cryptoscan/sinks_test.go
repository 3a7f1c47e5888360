package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// syslogCollector is a TCP syslog collector on 127.0.0.1 reading RFC 6587
// octet-counted frames; it returns its address and the messages so far.
func syslogCollector(t *testing.T) (string, func() []string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		msgs []string
		wg   sync.WaitGroup
	)
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
				for {
					n, err := r.ReadString(' ')
					if err != nil {
						return
					}
					size, err := strconv.Atoi(strings.TrimSpace(n))
					if err != nil || size > 1<<20 {
						t.Errorf("bad frame length %q", n)
						return
					}
					b := make([]byte, size)
					if _, err := io.ReadFull(r, b); err != nil {
						return
					}
					mu.Lock()
					msgs = append(msgs, string(b))
					mu.Unlock()
				}
			})
		}
	})
	return ln.Addr().String(), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}

// TestSyslogDelivery: with --syslog, every event of the report also
// reaches the collector, as an RFC 5424 message carrying the JSON event
// (or the ECS document, with --format ecs).
func TestSyslogDelivery(t *testing.T) {
	addr := testServer(t)
	for _, format := range []string{"json", "ecs"} {
		t.Run(format, func(t *testing.T) {
			collector, got := syslogCollector(t)
			code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", format, "--fail-on", "none", "--syslog", "tcp://"+collector, addr.String())
			if code != exitOK && code != exitIncomplete {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			events := strings.Split(strings.TrimSpace(stdout), "\n")
			// The sink has delivered when the run ends; the collector may
			// still be reading the last bytes.
			msgs := got()
			for deadline := time.Now().Add(5 * time.Second); !complete(msgs, len(events)) && time.Now().Before(deadline); msgs = got() {
				time.Sleep(5 * time.Millisecond)
			}
			// An event larger than the collector's limit comes in parts
			// (part="n" parts="N" in the structured data), in order.
			var joined []string
			for i, m := range msgs {
				if !strings.HasPrefix(m, "<") || !strings.Contains(m, " cryptoscan ") {
					t.Errorf("message %d is not RFC 5424 from cryptoscan: %.80q", i, m)
				}
				j := strings.Index(m, "] ")
				if j < 0 {
					t.Fatalf("message %d has no structured data: %.200s", i, m)
				}
				if strings.Contains(m[:j], ` part="1" `) || !strings.Contains(m[:j], " part=") {
					joined = append(joined, m[j+2:])
				} else {
					joined[len(joined)-1] += m[j+2:]
				}
			}
			if len(joined) != len(events) {
				t.Fatalf("collector got %d events (%d messages) for %d", len(joined), len(msgs), len(events))
			}
			for i := range joined {
				if joined[i] != events[i] {
					t.Errorf("event %d differs:\n%.200s\n%.200s", i, joined[i], events[i])
				}
			}
		})
	}
}

// TestSyslogUndelivered: a collector that is down makes the run
// incomplete, says how many events were lost, and keeps the report.
func TestSyslogUndelivered(t *testing.T) {
	addr := testServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	start := time.Now()
	code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", "--syslog", "tcp://"+dead, "--sink-timeout", "300ms", addr.String())
	if code != exitIncomplete {
		t.Errorf("exit %d, want %d", code, exitIncomplete)
	}
	if !strings.Contains(stderr, "events could not be delivered") {
		t.Errorf("stderr %q does not say events were lost", stderr)
	}
	if !strings.Contains(stdout, `"event":"summary"`) {
		t.Error("the report on stdout is incomplete")
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the run took %v: --sink-timeout was not honoured", d)
	}
}

func TestSinkFlagErrors(t *testing.T) {
	addr := testServer(t)
	for _, args := range [][]string{
		{"--syslog", "gopher://127.0.0.1:1"},
		{"--syslog", "tcp://127.0.0.1:1", "--syslog-ca", "/nonexistent.pem"},
		{"--http", "http://127.0.0.1:1/", "--http-mode", "xml"},
		{"--http", "http://127.0.0.1:1/", "--http-auth-env", "CRYPTOSCAN_TEST_UNSET_VARIABLE"},
	} {
		code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), append(args, addr.String())...)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "cryptoscan: error: ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want a usage error before any scan", args, code, stdout, stderr)
		}
	}
}

// TestDialFrom: --source-ip connections leave from that address.
func TestDialFrom(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		got <- c.RemoteAddr().(*net.TCPAddr).IP.String()
		c.Close()
	}()
	c, err := dialFrom(netip.MustParseAddr("127.0.0.9"))(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if ip := <-got; ip != "127.0.0.9" {
		t.Errorf("connection came from %s, want 127.0.0.9", ip)
	}
	if dialFrom(netip.Addr{}) != nil {
		t.Error("no --source-ip should leave the dialer to the system")
	}
}

// TestShards: the shards of a run partition its endpoints, and the ports
// and names of one IP stay together.
func TestShards(t *testing.T) {
	var eps []scanner.Endpoint
	for i := range 200 {
		ip := netip.AddrFrom4([4]byte{10, 0, byte(i / 50), byte(i)})
		for _, port := range []uint16{443, 8443} {
			eps = append(eps, scanner.Endpoint{Host: "h", IP: ip, Port: port, Protocol: "tls"})
		}
	}
	const n = 4
	seen := map[scanner.Endpoint]int{}
	shardOfIP := map[netip.Addr]int{}
	for k := range n {
		part := shardOf(eps, k, n)
		if len(part) < len(eps)/n/2 {
			t.Errorf("shard %d has %d of %d endpoints: badly spread", k, len(part), len(eps))
		}
		for _, ep := range part {
			seen[ep]++
			if s, ok := shardOfIP[ep.IP]; ok && s != k {
				t.Errorf("%s is in shards %d and %d", ep.IP, s, k)
			}
			shardOfIP[ep.IP] = k
		}
	}
	for _, ep := range eps {
		if seen[ep] != 1 {
			t.Errorf("%v is in %d shards", ep, seen[ep])
		}
	}
	if got := shardOf(eps, 0, 0); len(got) != len(eps) {
		t.Error("no --shard must keep every endpoint")
	}
}

// complete reports whether msgs hold the last part of the n-th event.
func complete(msgs []string, n int) bool {
	events := 0
	for _, m := range msgs {
		if j := strings.Index(m, "] "); j >= 0 && (strings.Contains(m[:j], ` part="1" `) || !strings.Contains(m[:j], " part=")) {
			events++
		}
	}
	if events < n || len(msgs) == 0 {
		return false
	}
	last := msgs[len(msgs)-1]
	j := strings.Index(last, "] ")
	if j < 0 {
		return false
	}
	sd := last[:j]
	i, k := strings.Index(sd, `part="`), strings.Index(sd, `parts="`)
	if i < 0 || k < 0 {
		return true
	}
	part := sd[i+6 : i+6+strings.IndexByte(sd[i+6:], '"')]
	parts := sd[k+7 : k+7+strings.IndexByte(sd[k+7:], '"')]
	return part == parts
}
