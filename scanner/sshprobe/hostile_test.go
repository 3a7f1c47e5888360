package sshprobe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Hostile servers: raw listeners on 127.0.0.1 that send what no SSH server
// should. Whatever they do, the probe returns what it saw with a reason
// for the rest, within its deadlines and in bounded memory.

const debianBanner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"

// debianFlight is the identification string and KEXINIT Debian's OpenSSH
// sent with its default configuration (recorded), split in two.
func debianFlight(t testing.TB) (bannerLine, kexinitPacket []byte) {
	t.Helper()
	data := flight(t, "openssh-debian-default.server.bin")
	i := bytes.Index(data, []byte("\r\n"))
	if i < 0 || string(data[:i]) != debianBanner {
		t.Fatalf("recorded flight starts %q", data[:min(len(data), 60)])
	}
	return data[:i+2], data[i+2:]
}

// readClientLine reads the probe's identification string.
func readClientLine(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	bufio.NewReader(c).ReadString('\n')
}

// endGracefully closes the server's sending side and reads until the
// client closes: the client sees a clean end of stream, never a reset
// for data left unread.
func endGracefully(c net.Conn) {
	c.(*net.TCPConn).CloseWrite()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	io.Copy(io.Discard, c)
}

func garbageServer(t testing.TB) *listener {
	return serve(t, func(c net.Conn) {
		junk := make([]byte, 4096)
		rand.Read(junk)
		junk = bytes.ReplaceAll(junk, []byte("\n"), []byte("."))
		c.Write(junk)
		endGracefully(c)
	})
}

func endlessBannerServer(t testing.TB) *listener {
	return serve(t, func(c net.Conn) {
		chunk := bytes.Repeat([]byte("A"), 1024)
		c.Write([]byte("SSH-2.0-"))
		for {
			c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	})
}

func preBannerFloodServer(t testing.TB, line string, lines int) *listener {
	return serve(t, func(c net.Conn) {
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		w := bufio.NewWriter(c)
		for range lines {
			w.WriteString(line)
		}
		w.WriteString(debianBanner + "\r\n")
		w.Flush()
		endGracefully(c)
	})
}

// scriptedServer sends its identification string, then after, then ends
// its side.
func scriptedServer(t testing.TB, after []byte) *listener {
	return serve(t, func(c net.Conn) {
		c.Write([]byte(debianBanner + "\r\n"))
		c.Write(after)
		endGracefully(c)
	})
}

// trickleServer sends data a byte every 500ms, after head at once.
func trickleServer(t testing.TB, head, data []byte) *listener {
	return serve(t, func(c net.Conn) {
		c.Write(head)
		for _, b := range data {
			if _, err := c.Write([]byte{b}); err != nil || !pause(c, 500*time.Millisecond) {
				return
			}
		}
	})
}

// pause waits d, reading what the client sends; it reports false as soon
// as the connection ends.
func pause(c net.Conn, d time.Duration) bool {
	until := time.Now().Add(d)
	buf := make([]byte, 512)
	for {
		c.SetReadDeadline(until)
		if _, err := c.Read(buf); err != nil {
			var ne net.Error
			return errors.As(err, &ne) && ne.Timeout()
		}
	}
}

func resetAfterBannerServer(t testing.TB) *listener {
	return serve(t, func(c net.Conn) {
		c.Write([]byte(debianBanner + "\r\n"))
		readClientLine(c)
		// A zero linger turns Close into a reset.
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	})
}

// packetOf frames payload as a packet (for the hostile scripts).
func packetOf(t testing.TB, payload []byte) []byte {
	t.Helper()
	p, err := marshalPacket(payload, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// probeMeasured probes addr and returns the result, the wall time, and the
// bytes allocated meanwhile (by the probe and the test server alike).
func probeMeasured(t *testing.T, addr *listener, timeout time.Duration) (scanner.Result, time.Duration, uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	r := probe(t, addr.addr, timeout)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return r, elapsed, after.TotalAlloc - before.TotalAlloc
}

func TestHostileServers(t *testing.T) {
	bannerLine, kexinit := debianFlight(t)
	if !bytes.HasPrefix(bannerLine, []byte(debianBanner)) {
		t.Fatal("recorded banner")
	}
	disconnect, _ := (&disconnectMsg{reason: 2, description: "Too many connections\x1b[31m"}).marshal()
	for _, c := range []struct {
		name   string
		server func(t testing.TB) *listener
		banner string // "" when none may be read
		reason scanner.Reason
		detail string // in the unknown's detail
		// refused is set for a server that ends the connection before
		// its KEXINIT, as a throttling server does: the probe tries
		// twice more before it believes it.
		refused bool
	}{
		{"garbage instead of a banner", garbageServer, "", scanner.ReasonMalformed, "a line longer than 255 bytes", false},
		{"endless banner line", endlessBannerServer, "", scanner.ReasonMalformed, `a line longer than 255 bytes ("SSH-2.0-AAAA`, false},
		{"thousands of lines before the banner", func(t testing.TB) *listener { return preBannerFloodServer(t, "Hello\r\n", 5000) }, "",
			scanner.ReasonMalformed, "no identification string in the first 1024 lines", false},
		{"a megabyte of lines before the banner", func(t testing.TB) *listener { return preBannerFloodServer(t, strings.Repeat("x", 250)+"\n", 4000) }, "",
			scanner.ReasonMalformed, "more than 65536 bytes before the identification string ends", false},
		{"HTTP server", func(t testing.TB) *listener {
			return serve(t, func(c net.Conn) {
				c.Write([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))
				endGracefully(c)
			})
		}, "", scanner.ReasonClosed, "before its KEXINIT on 3 attempts: failed to read the identification string: EOF", true},
		{"packet_length 2^31", func(t testing.TB) *listener { return scriptedServer(t, []byte{0x80, 0, 0, 0, 10, 20, 1, 2, 3}) },
			debianBanner, scanner.ReasonMalformed, "packet_length 2147483648 is over 35000", false},
		{"truncated KEXINIT", func(t testing.TB) *listener { return scriptedServer(t, kexinit[:len(kexinit)/2]) },
			debianBanner, scanner.ReasonClosed, "unexpected EOF", false},
		{"KEXINIT cut inside its packet", func(t testing.TB) *listener {
			payload, _ := parsePacket(kexinit)
			return scriptedServer(t, packetOf(t, payload[:len(payload)-9]))
		}, debianBanner, scanner.ReasonMalformed, "the server's KEXINIT does not parse", false},
		{"another message first", func(t testing.TB) *listener { return scriptedServer(t, packetOf(t, []byte{50, 0, 0})) },
			debianBanner, scanner.ReasonMalformed, "expected KEXINIT (20), got message 50", false},
		{"disconnect instead of KEXINIT", func(t testing.TB) *listener { return scriptedServer(t, packetOf(t, disconnect)) },
			debianBanner, scanner.ReasonClosed, `the server disconnected (reason 2): "Too many connections\\x1b[31m"`, false},
		{"reset after the banner", resetAfterBannerServer, debianBanner, scanner.ReasonReset,
			"before its KEXINIT on 3 attempts: failed to read the server's KEXINIT: failed to read a packet: read tcp", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := c.server(t)
			r, elapsed, alloc := probeMeasured(t, srv, 2*time.Second)
			attempts, waits := 1, time.Duration(0)
			if c.refused {
				attempts = 1 + len(retryBackoff)
				for _, w := range retryBackoff {
					waits += w
				}
			}
			o := r.SSH
			if o == nil || o.KexInit == nil {
				t.Fatalf("no unknown KEXINIT: %s", dump(r))
			}
			if o.Banner != c.banner || o.KexInit.Reason != c.reason || !strings.Contains(o.KexInit.Detail, c.detail) {
				t.Errorf("banner %q, KEXINIT unknown %+v; want banner %q, %s with %q", o.Banner, o.KexInit, c.banner, c.reason, c.detail)
			}
			if len(o.Kex)+len(o.HostKeyAlgorithms)+len(o.HostKeys) != 0 || o.GroupExchange != nil || o.Auth != nil {
				t.Errorf("facts without a KEXINIT: %s", dump(o))
			}
			// The endpoint could not be inspected at all only when no
			// banner was read.
			if (c.banner == "") != (r.Error != nil) || (r.Error != nil && *r.Error != *o.KexInit) {
				t.Errorf("error %v with banner %q", r.Error, o.Banner)
			}
			// Every attempt is a connection, and an error.
			if r.Stats.Connections != attempts || r.Stats.Errors != attempts || srv.accepted.Load() != int64(attempts) {
				t.Errorf("stats %+v, server accepted %d, want %d attempts", r.Stats, srv.accepted.Load(), attempts)
			}
			if elapsed < waits || elapsed > time.Second+waits {
				t.Errorf("took %v, want %v of waits and at most a second more", elapsed, waits)
			}
			if alloc > 4<<20 {
				t.Errorf("%d bytes allocated", alloc)
			}
		})
	}
}

// A trickling server is cut at the deadline, whatever it is sending.
func TestTrickle(t *testing.T) {
	bannerLine, kexinit := debianFlight(t)
	const timeout = time.Second
	for _, c := range []struct {
		name       string
		head, data []byte
		banner     string
	}{
		{"banner", nil, bannerLine, ""},
		{"KEXINIT", bannerLine, kexinit, debianBanner},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := trickleServer(t, c.head, c.data)
			r, elapsed, _ := probeMeasured(t, srv, timeout)
			if elapsed > timeout*11/10 {
				t.Errorf("took %v, deadline %v", elapsed, timeout)
			}
			o := r.SSH
			if o.Banner != c.banner || o.KexInit == nil || o.KexInit.Reason != scanner.ReasonTimeout {
				t.Errorf("banner %q, KEXINIT unknown %+v", o.Banner, o.KexInit)
			}
			if (c.banner == "") != (r.Error != nil) {
				t.Errorf("error %v", r.Error)
			}
		})
	}
}

// Cancelling the run stops a probe waiting on a server at once.
func TestCanceled(t *testing.T) {
	bannerLine, _ := debianFlight(t)
	srv := trickleServer(t, nil, bannerLine)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 10 * time.Second}
	ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}
	start := time.Now()
	r := New(Config{LegacyPorts: noLegacy}).Probe(ctx, ep, d)
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %v after the endpoint's deadline", elapsed)
	}
	// The endpoint's deadline passed: timeout, not an interruption.
	if r.Error == nil || r.Error.Reason != scanner.ReasonTimeout {
		t.Errorf("error %v", r.Error)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	r = New(Config{LegacyPorts: noLegacy}).Probe(ctx, ep, &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 10 * time.Second})
	if r.Error == nil || r.Error.Reason != scanner.ReasonCanceled {
		t.Errorf("error %v", r.Error)
	}
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := probe(t, mustAddrPort(addr), time.Second)
	if r.Error == nil || r.Error.Reason != scanner.ReasonUnreachable || r.SSH.KexInit == nil || r.SSH.KexInit.Reason != scanner.ReasonUnreachable {
		t.Errorf("%s", dump(r))
	}
	if r.Stats.Connections != 0 || r.Stats.Errors != 1 {
		t.Errorf("stats %+v", r.Stats)
	}
}

// An SSH 1 server has no KEXINIT: the banner is the fact, and the lists
// are not tested, not malformed.
func TestSSH1Server(t *testing.T) {
	srv := serve(t, func(c net.Conn) {
		c.Write([]byte("SSH-1.5-OldSSH_1.2.33\r\n"))
		endGracefully(c)
	})
	r := probe(t, srv.addr, time.Second)
	o := r.SSH
	if r.Error != nil || o.Banner != "SSH-1.5-OldSSH_1.2.33" || o.ProtoVersion != "1.5" || o.Software != "OldSSH_1.2.33" {
		t.Errorf("%s", dump(r))
	}
	want := scanner.Unknown{Reason: scanner.ReasonNotTested, Detail: "the server speaks only SSH protocol 1.5, which has no KEXINIT"}
	if o.KexInit == nil || *o.KexInit != want {
		t.Errorf("KEXINIT unknown %+v, want %+v", o.KexInit, want)
	}
	if o.Auth != nil {
		t.Errorf("auth %s asked of an SSH 1 server", dump(o.Auth))
	}
	if r.Stats.Connections != 1 || r.Stats.Errors != 0 {
		t.Errorf("stats %+v", r.Stats)
	}
}

// A server that shows its KEXINIT and then answers nothing properly: the
// lists are facts, every key and the group exchange unknown with the
// reason of their own connection.
func TestHostileAfterKexInit(t *testing.T) {
	bannerLine, kexinit := debianFlight(t)
	for _, c := range []struct {
		name   string
		after  []byte
		reason scanner.Reason
	}{
		{"closes", nil, scanner.ReasonClosed},
		{"answers garbage", packetOf(t, []byte{99, 1, 2, 3}), scanner.ReasonMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, func(conn net.Conn) {
				conn.Write(bannerLine)
				conn.Write(kexinit)
				conn.Write(c.after)
				endGracefully(conn)
			})
			r := probe(t, srv.addr, 2*time.Second)
			o := r.SSH
			if r.Error != nil || o.KexInit != nil || len(o.Kex) == 0 {
				t.Fatalf("%s", dump(r))
			}
			if len(o.HostKeys) != len(o.HostKeyAlgorithms) {
				t.Fatalf("%d host keys for %d algorithms", len(o.HostKeys), len(o.HostKeyAlgorithms))
			}
			for _, h := range o.HostKeys {
				if h.Status != scanner.StatusUnknown || h.Reason != c.reason || h.SHA256 != "" {
					t.Errorf("%+v", h)
				}
			}
			if gx := o.GroupExchange; gx == nil || gx.Status != scanner.StatusUnknown || gx.Reason != c.reason {
				t.Errorf("group exchange %+v", gx)
			}
			// The "none" request was to follow the first key exchange,
			// which failed.
			if a := o.Auth; a == nil || a.Unknown == nil || a.Unknown.Reason != c.reason || !strings.HasPrefix(a.Unknown.Detail, "the key exchange before the \"none\" request failed: ") {
				t.Errorf("auth %s", dump(a))
			}
			// Debian's default: RSA, ECDSA and Ed25519 keys, and the group
			// exchange; each connection failed.
			if r.Stats.Connections != 4 || r.Stats.Errors != 4 || srv.accepted.Load() != 4 {
				t.Errorf("stats %+v, server accepted %d", r.Stats, srv.accepted.Load())
			}
		})
	}
}
