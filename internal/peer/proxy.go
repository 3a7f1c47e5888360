package peer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// Counter is a TCP proxy on 127.0.0.1 in front of a server that counts the
// connections it accepts: what the server would have seen, whichever tool
// made them. Benchmarks measure cryptoscan, sslscan and nmap through it so
// that all three are counted the same way.
type Counter struct {
	// Addr is the 127.0.0.1:port tools dial instead of the server.
	Addr string

	ln   *net.TCPListener
	dial func(ctx context.Context) (net.Conn, error)

	mu     sync.Mutex
	total  int
	active int                       // relays running: until both sides are closed
	peak   int                       // most connections held at once by the clients
	held   map[*net.TCPConn]struct{} // client connections whose client side has not ended, as far as the relays know
	open   map[net.Conn]struct{}
	wg     sync.WaitGroup
}

// CountingProxy starts a counting proxy in front of backend (a loopback
// host:port) and stops it on cleanup.
func CountingProxy(t testing.TB, backend string) *Counter {
	t.Helper()
	checkLoopback(t, backend)
	return newProxy(t, dialTCP(backend))
}

// newProxy relays every connection accepted on 127.0.0.1:0 to a connection
// opened with dial.
func newProxy(t testing.TB, dial func(ctx context.Context) (net.Conn, error)) *Counter {
	t.Helper()
	l, err := net.ListenTCP("tcp", net.TCPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.1:0")))
	if err != nil {
		t.Fatalf("peer: proxy listen: %v", err)
	}
	c := &Counter{Addr: l.Addr().String(), ln: l, dial: dial, open: make(map[net.Conn]struct{}), held: make(map[*net.TCPConn]struct{})}
	c.wg.Add(1)
	go c.serve()
	t.Cleanup(c.close)
	return c
}

// AddrPort is Addr parsed.
func (c *Counter) AddrPort() netip.AddrPort { return netip.MustParseAddrPort(c.Addr) }

// Connections is the number of connections accepted since the start or the
// last Reset. It first waits (a bounded time) until the kernel's accept
// queue is empty, so that a connection a tool completed just before it
// exited is counted.
func (c *Counter) Connections() int {
	c.settle()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// Peak is the largest number of connections the clients held open at once
// since the start or the last Reset: a connection counts from its accept
// until the client closes or resets it (or the proxy resets it), so a
// server slow to close its side, as s_server is with one connection at a
// time, does not inflate the peak. At each accept the kernel is asked
// which held connections the client has already closed (TCP_INFO), so a
// client that closes one connection and at once opens the next is not
// counted as holding both.
func (c *Counter) Peak() int {
	c.settle()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peak
}

// Active is the number of connections open now, at either end.
func (c *Counter) Active() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.active
}

// WaitIdle waits until no connection is open (a tool's last connections
// may outlive it by the time the server takes to close them), at most d.
func (c *Counter) WaitIdle(d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		n := c.Active()
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d connections still open after %v", n, d)
		}
		time.Sleep(time.Millisecond)
	}
}

// Reset zeroes the count; the peak restarts from the connections held now.
func (c *Counter) Reset() {
	c.settle()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total = 0
	c.peak = c.holding()
}

func (c *Counter) settle() {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		n, err := acceptQueue(c.ln)
		if err != nil || n == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	// Accept has taken every queued connection off the kernel's queue;
	// give the accept loop the moment it needs to count the last one.
	time.Sleep(time.Millisecond)
}

// holding counts the held connections the client has not closed; c.mu
// is held.
func (c *Counter) holding() int {
	n := 0
	for conn := range c.held {
		if !peerClosed(conn) {
			n++
		}
	}
	return n
}

func (c *Counter) serve() {
	defer c.wg.Done()
	for {
		conn, err := c.ln.AcceptTCP()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		c.mu.Lock()
		c.total++
		c.active++
		c.held[conn] = struct{}{}
		c.peak = max(c.peak, c.holding())
		c.open[conn] = struct{}{}
		c.mu.Unlock()
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			var once sync.Once
			released := func() {
				once.Do(func() {
					c.mu.Lock()
					delete(c.held, conn)
					c.mu.Unlock()
				})
			}
			c.relay(conn, released)
			released()
			c.mu.Lock()
			c.active--
			delete(c.open, conn)
			c.mu.Unlock()
		}()
	}
}

// relay connects client to the backend and pipes bytes until both are
// closed; released is called when the client's side has ended.
func (c *Counter) relay(client *net.TCPConn, released func()) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	backend, err := c.dial(ctx)
	cancel()
	if err != nil {
		// The server refused: the client sees a reset, as it would have.
		client.SetLinger(0)
		client.Close()
		return
	}
	c.mu.Lock()
	c.open[backend] = struct{}{}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.open, backend)
		c.mu.Unlock()
	}()
	pipe(client, backend, released)
}

// close stops accepting, ends every open connection and waits for the
// relays.
func (c *Counter) close() {
	c.ln.Close()
	c.mu.Lock()
	for conn := range c.open {
		conn.Close()
	}
	c.mu.Unlock()
	c.wg.Wait()
}

// pipe copies bytes both ways between a and b until both directions are
// done, then closes both. A direction ends as its source did: a FIN is
// passed on as a FIN (half-close), a reset or error as a reset (SO_LINGER
// 0 then close); a write that fails resets the source. aDone is called
// when nothing more comes from a.
func pipe(a, b net.Conn, aDone func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		copyHalf(b, a)
		aDone()
	}()
	copyHalf(a, b)
	wg.Wait()
	a.Close()
	b.Close()
}

func copyHalf(dst, src net.Conn) {
	buf := make([]byte, 32*1024)
	for {
		n, rerr := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				reset(src)
				reset(dst)
				return
			}
		}
		if rerr == io.EOF {
			if cw, ok := dst.(interface{ CloseWrite() error }); ok {
				cw.CloseWrite()
			} else {
				dst.Close()
			}
			return
		}
		if rerr != nil {
			reset(dst)
			reset(src)
			return
		}
	}
}

// reset closes c with a TCP RST where the connection allows it.
func reset(c net.Conn) {
	if l, ok := c.(interface{ SetLinger(int) error }); ok {
		l.SetLinger(0)
	}
	c.Close()
}
