package scanner

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// holdServer accepts connections and keeps each open until the client
// closes it, counting the peak number open at once.
func holdServer(t *testing.T) (netip.AddrPort, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var open, peak atomic.Int64
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := open.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			wg.Go(func() {
				c.Read(make([]byte, 1)) // returns when the client closes
				open.Add(-1)
				c.Close()
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String()), &peak
}

func TestLimiterCapsConcurrentConnections(t *testing.T) {
	for _, perIP := range []int{1, 3, 8} {
		addr, peak := holdServer(t)
		lim := NewLimiter(perIP, nil)
		var wg sync.WaitGroup
		for range 24 {
			wg.Go(func() {
				c, err := lim.Dial(context.Background(), addr)
				if err != nil {
					t.Error(err)
					return
				}
				time.Sleep(10 * time.Millisecond)
				c.Close()
			})
		}
		wg.Wait()
		if got := int(peak.Load()); got != perIP {
			t.Errorf("cap %d: server saw a peak of %d", perIP, got)
		}
	}
}

func TestLimiterDialHonoursCancellation(t *testing.T) {
	addr, _ := holdServer(t)
	lim := NewLimiter(1, nil)
	c, err := lim.Dial(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := lim.Dial(ctx, addr); err == nil {
		t.Fatal("second dial past the cap succeeded")
	}
}

type recordingProber struct{ n atomic.Int64 }

func (p *recordingProber) Probe(ctx context.Context, ep Endpoint, d *Dialer) Result {
	p.n.Add(1)
	return Result{Endpoint: ep}
}

func TestRunEmitsEveryEndpointEvenWhenCanceled(t *testing.T) {
	var eps []Endpoint
	for i := range 10 {
		eps = append(eps, Endpoint{Host: "h", IP: netip.MustParseAddr("127.0.0.1"), Port: uint16(1000 + i), Protocol: "tls"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var got []Result
	p := &recordingProber{}
	Run(ctx, Config{Concurrency: 3}, eps, p, func(r Result) { got = append(got, r) })
	if len(got) != len(eps) {
		t.Fatalf("emitted %d results for %d endpoints", len(got), len(eps))
	}
	for _, r := range got {
		if r.Error == nil || r.Error.Reason != ReasonCanceled {
			t.Errorf("%s: error %v, want canceled", r.Endpoint, r.Error)
		}
	}
	if p.n.Load() != 0 {
		t.Errorf("prober ran %d times after cancellation", p.n.Load())
	}
}

func TestCodeAndVersionText(t *testing.T) {
	for _, tc := range []struct {
		c    Code
		want string
	}{{0xC02F, "0xC02F"}, {0x000A, "0x000A"}, {0x0700C0, "0x0700C0"}} {
		b, _ := tc.c.MarshalText()
		if string(b) != tc.want {
			t.Errorf("Code(%d) = %s, want %s", tc.c, b, tc.want)
		}
		var back Code
		if err := back.UnmarshalText(b); err != nil || back != tc.c {
			t.Errorf("round trip of %s = %v, %v", b, back, err)
		}
	}
	for _, v := range Versions {
		b, err := v.MarshalText()
		var back Version
		if err != nil || back.UnmarshalText(b) != nil || back != v {
			t.Errorf("version %v does not round trip", v)
		}
	}
	if _, err := Version(0x0305).MarshalText(); err == nil {
		t.Error("an unknown version marshalled")
	}
}

// greetingServer writes greeting on every connection, then holds it open
// until the client closes.
func greetingServer(t *testing.T, greeting string) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
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
				c.Write([]byte(greeting))
				c.Read(make([]byte, 1))
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

func TestDialerUpgrade(t *testing.T) {
	for _, c := range []struct {
		name, greeting string
		wantErr        bool
	}{
		{"pass - the dialogue succeeds", "220 ready\r\n", false},
		{"fail - the server is busy", "421 busy\r\n", true},
		{"fail - the server says nothing", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr := greetingServer(t, c.greeting)
			d := &Dialer{
				Limiter: NewLimiter(4, nil),
				Timeout: 200 * time.Millisecond,
				Upgrade: func(ctx context.Context, conn net.Conn) error {
					b := make([]byte, 64)
					n, err := conn.Read(b) // bounded by the deadline Dial sets
					if err != nil {
						return err
					}
					if string(b[:n]) != "220 ready\r\n" {
						return errors.New("server answered " + string(b[:n]))
					}
					return nil
				},
			}
			conn, err := d.Dial(context.Background(), addr)
			var ue *UpgradeError
			switch {
			case c.wantErr && !errors.As(err, &ue):
				t.Fatalf("Dial err = %v, want an UpgradeError", err)
			case !c.wantErr && err != nil:
				t.Fatalf("Dial: %v", err)
			case !c.wantErr:
				if dl := conn.SetReadDeadline(time.Time{}); dl != nil {
					t.Fatal(dl)
				}
				conn.Close()
			}
			if got := d.Stats().Connections; got != 1 {
				t.Errorf("connections = %d, want 1 (an upgrade failure still opened one)", got)
			}
		})
	}
}

// TestLimiterRate: with a rate of 50 per second per IP, the i-th
// connection attempt starts no sooner than i × 20 ms, whatever the
// concurrency cap. The start times are taken where the limiter hands the
// attempt to the dialer.
func TestLimiterRate(t *testing.T) {
	addr := greetingServer(t, "")
	var (
		mu     sync.Mutex
		starts []time.Time
	)
	var d net.Dialer
	l := NewLimiter(8, func(ctx context.Context, network, a string) (net.Conn, error) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		return d.DialContext(ctx, network, a)
	})
	l.SetRate(50)
	t0 := time.Now()
	var dials sync.WaitGroup
	for range 10 {
		dials.Go(func() {
			c, err := l.Dial(context.Background(), addr)
			if err != nil {
				t.Error(err)
				return
			}
			c.Close()
		})
	}
	dials.Wait()
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	// The limiter reserves slots 20 ms apart from the first call on and
	// sleeps until each; a timer may fire late, never early. So the i-th
	// attempt starts no sooner than i intervals after the dials began.
	for i, at := range starts {
		if min := time.Duration(i) * 20 * time.Millisecond; at.Sub(t0) < min {
			t.Errorf("attempt %d started %v after the first dial, want at least %v", i, at.Sub(t0), min)
		}
	}
	if len(starts) != 10 {
		t.Errorf("%d attempts, want 10", len(starts))
	}
}

func TestInterleaveByIP(t *testing.T) {
	ep := func(ip string, port uint16) Endpoint {
		return Endpoint{Host: ip, IP: netip.MustParseAddr(ip), Port: port, Protocol: "tls"}
	}
	in := []Endpoint{
		ep("192.0.2.1", 443), ep("192.0.2.1", 8443), ep("192.0.2.1", 993),
		ep("192.0.2.2", 443),
		ep("192.0.2.3", 443), ep("192.0.2.3", 8443),
	}
	got := interleaveByIP(in)
	want := []Endpoint{in[0], in[3], in[4], in[1], in[5], in[2]}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if len(interleaveByIP(nil)) != 0 {
		t.Error("no endpoint, some order")
	}
}
