package sshprobe

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Recorded server bytes, the seeds of the fuzz targets and the material of
// the hostile servers: for each server, NAME.server.bin is what it sent
// first (identification string and KEXINIT) and NAME.gex-group.bin its
// KEX_DH_GEX_GROUP packet. `go test -run TestFlights -update` records
// them again from live servers (OpenSSH when installed).

var update = flag.Bool("update", false, "record testdata/flights again from live servers")

const flightsDir = "testdata/flights"

func TestFlights(t *testing.T) {
	if *update {
		recordFlights(t)
	}
	paths, err := filepath.Glob(filepath.Join(flightsDir, "*.bin"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no recorded flights in %s: %v", flightsDir, err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(p, ".server.bin"):
			b, _, k, err := readServerFlight(bufio.NewReader(bytes.NewReader(data)))
			if err != nil || k == nil || !strings.HasPrefix(b.line, "SSH-2.0-") {
				t.Errorf("%s: banner %q, KEXINIT %v, error %v", p, b.line, k != nil, err)
			}
		case strings.HasSuffix(p, ".gex-group.bin"):
			pkt, err := readPacket(bytes.NewReader(data))
			var g kexDHGexGroup
			if err != nil || !g.unmarshal(pkt.payload) || g.p.BitLen() < 2048 {
				t.Errorf("%s: not a KEX_DH_GEX_GROUP packet: %v", p, err)
			}
		default:
			t.Errorf("%s: unknown kind of flight", p)
		}
	}
}

// recordingConn keeps what the server sent.
type recordingConn struct {
	net.Conn
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.buf.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

func (c *recordingConn) bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.buf.Bytes())
}

// recordProbe probes addr and returns what the server sent on each
// connection, in the order they were opened.
func recordProbe(t *testing.T, addr string) [][]byte {
	t.Helper()
	var mu sync.Mutex
	var conns []*recordingConn
	lim := scanner.NewLimiter(4, func(ctx context.Context, network, a string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, a)
		if err != nil {
			return nil, err
		}
		rc := &recordingConn{Conn: c}
		mu.Lock()
		conns = append(conns, rc)
		mu.Unlock()
		return rc, nil
	})
	ap := netip.MustParseAddrPort(addr)
	d := &scanner.Dialer{Limiter: lim, Timeout: 5 * time.Second}
	New(Config{LegacyPorts: noLegacy}).Probe(context.Background(), scanner.Endpoint{IP: ap.Addr(), Port: ap.Port(), Protocol: "ssh"}, d)
	var out [][]byte
	for _, c := range conns {
		out = append(out, c.bytes())
	}
	return out
}

// countingReader counts what is read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// splitFlights cuts the streams of one probe into the server's first
// flight (of the first connection) and its KEX_DH_GEX_GROUP packet (of
// the connection that has one).
func splitFlights(t *testing.T, streams [][]byte) (server, gexGroup []byte) {
	t.Helper()
	for _, s := range streams {
		cr := &countingReader{r: bytes.NewReader(s)}
		br := bufio.NewReader(cr)
		_, _, k, err := readServerFlight(br)
		if err != nil || k == nil {
			continue
		}
		if server == nil {
			server = s[:cr.n-br.Buffered()]
		}
		// KEX_DH_GEX_GROUP shares its number with the ECDH and DH
		// replies; only it parses as two mpints.
		for {
			pkt, err := readPacket(br)
			if err != nil {
				break
			}
			var g kexDHGexGroup
			if pkt.payload[0] == msgKexDHGexGroup && g.unmarshal(pkt.payload) {
				gexGroup = pkt.raw
			}
		}
	}
	if server == nil {
		t.Fatal("no connection with a KEXINIT")
	}
	return server, gexGroup
}

func recordFlights(t *testing.T) {
	if err := os.MkdirAll(flightsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	save := func(name string, server, gex []byte) {
		if err := os.WriteFile(filepath.Join(flightsDir, name+".server.bin"), server, 0o644); err != nil {
			t.Fatal(err)
		}
		if gex != nil {
			if err := os.WriteFile(filepath.Join(flightsDir, name+".gex-group.bin"), gex, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	k := keys(t)
	cfg := ssh.ServerConfig{Config: ssh.Config{KeyExchanges: []string{"curve25519-sha256", "diffie-hellman-group-exchange-sha256"}}}
	srv := xServer(t, cfg, k.ed25519, k.rsa2048)
	server, gex := splitFlights(t, recordProbe(t, srv.addr.String()))
	save("xcrypto", server, gex)
	for _, sc := range sshScenarios {
		o := startScenario(t, sc)
		server, gex := splitFlights(t, recordProbe(t, o.Addr))
		save("openssh-"+sc.name, server, gex)
	}
}

// flight reads a recorded flight.
func flight(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(flightsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
