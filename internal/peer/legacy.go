package peer

import (
	"bufio"
	"io"
	"net"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// In-process stand-ins for the services SSH replaces (telnet, FTP), on
// ephemeral 127.0.0.1 ports, for the tests of ANSSI OpenSSH R2 to R4: no
// Debian package here runs a telnetd or ftpd without inetd and a system
// account, and the probe reads only their first words.

// TelnetdOpening is what Debian's inetutils telnetd sends on a new
// connection before any prompt: IAC DO TERMINAL-TYPE, IAC DO TSPEED, IAC
// DO XDISPLOC, IAC DO NEW-ENVIRON (RFC 1091, 1079, 1096, 1572).
var TelnetdOpening = []byte{0xFF, 0xFD, 0x18, 0xFF, 0xFD, 0x20, 0xFF, 0xFD, 0x23, 0xFF, 0xFD, 0x27}

// VsftpdGreeting is vsftpd 3.0.3's greeting.
const VsftpdGreeting = "220 (vsFTPd 3.0.3)\r\n"

// Telnetd listens on 127.0.0.1 and opens every connection with
// TelnetdOpening, then waits for the client to go. It returns the port.
func Telnetd(t testing.TB) uint16 {
	return serveLegacy(t, func(c net.Conn) {
		c.Write(TelnetdOpening)
		drain(c)
	})
}

// FTPD is an FTP server's first words: it greets with a greeting, answers
// AUTH TLS with a reply and every other command with 530, and records the
// commands it received.
type FTPD struct {
	Port     uint16
	mu       sync.Mutex
	commands []string
}

// NewFTPD listens on 127.0.0.1 as an FTP server greeting with greeting
// and answering AUTH TLS with reply ("234 ..." accepts, "502 ..." refuses).
func NewFTPD(t testing.TB, greeting, reply string) *FTPD {
	f := &FTPD{}
	f.Port = serveLegacy(t, func(c net.Conn) {
		c.Write([]byte(greeting))
		br := bufio.NewReader(c)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			f.mu.Lock()
			f.commands = append(f.commands, line)
			f.mu.Unlock()
			if line == "AUTH TLS\r\n" {
				c.Write([]byte(reply))
				continue
			}
			c.Write([]byte("530 Please login with USER and PASS.\r\n"))
		}
	})
	return f
}

// Received returns the commands the server received, in order.
func (f *FTPD) Received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.commands)
}

// ClosedPort is a 127.0.0.1 port nothing listens on: bound, then closed,
// so that a connection to it is refused.
func ClosedPort(t testing.TB) uint16 { return freePort(t) }

// drain reads what the client sends until it closes, for at most 5 s.
func drain(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	io.Copy(io.Discard, c)
}

// serveLegacy serves like Serve, each connection with a 5 s deadline, and
// returns the port.
func serveLegacy(t testing.TB, handle func(c net.Conn)) uint16 {
	t.Helper()
	addr, _ := Serve(t, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		handle(c)
	})
	return addr.Port()
}

// Serve accepts on an ephemeral 127.0.0.1 port and hands each connection
// to handle, closing it when handle returns, until the test ends (when
// what is still open is closed, so that nothing outlives the test). It
// returns the address and the count of connections accepted: the count a
// test checks is the server's, not the client's own.
func Serve(t testing.TB, handle func(c net.Conn)) (netip.AddrPort, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	open := map[net.Conn]bool{}
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range open {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			open[c] = true
			mu.Unlock()
			wg.Go(func() {
				defer func() {
					c.Close()
					mu.Lock()
					delete(open, c)
					mu.Unlock()
				}()
				handle(c)
			})
		}
	})
	return netip.MustParseAddrPort(ln.Addr().String()), &accepted
}
