package loadgen

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"slices"
	"testing"
	"time"
)

// handshake connects to ep offering only version v (and, when suite is not
// 0, only that TLS 1.2 suite), verifying the chain against roots.
func handshake(ep Endpoint, roots *x509.CertPool, v, suite uint16) error {
	cfg := &tls.Config{ServerName: ep.Name, RootCAs: roots, MinVersion: v, MaxVersion: v}
	if suite != 0 {
		cfg.CipherSuites = []uint16{suite}
	}
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", ep.Addr.String(), cfg)
	if err != nil {
		return err
	}
	return c.Close()
}

// smallFleet starts a fleet of n endpoints in process and stops it on
// cleanup.
func smallFleet(t *testing.T, n int) *Fleet {
	t.Helper()
	f, err := Start(Options{Seed: 3, N: n, PortsPerIP: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	})
	return f
}

// TestFleetServesItsPlan checks every endpoint against its configuration
// with crypto/tls clients: each version accepted or refused as planned,
// every planned TLS 1.2 suite accepted, the chain valid under the root.
func TestFleetServesItsPlan(t *testing.T) {
	f := smallFleet(t, 20)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM([]byte(f.RootPEM())) {
		t.Fatal("no root in RootPEM")
	}
	if got, want := len(f.Endpoints()), 20; got != want {
		t.Fatalf("%d endpoints, want %d", got, want)
	}
	dials := 0
	for _, ep := range f.Endpoints() {
		if ep.Addr.Port() == 0 {
			t.Fatalf("%s: no port", ep.Name)
		}
		for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13} {
			err := handshake(ep, roots, v, 0)
			dials++
			if want := slices.Contains(ep.Versions, v); (err == nil) != want {
				t.Errorf("%s (%s) version %x: accepted %v, configured %v (%v)", ep.Name, ep.Kind, v, err == nil, want, err)
			}
		}
		for _, s := range ep.Suites {
			dials++
			if err := handshake(ep, roots, tls.VersionTLS12, s); err != nil {
				t.Errorf("%s (%s): configured suite %s refused: %v", ep.Name, ep.Kind, tls.CipherSuiteName(s), err)
			}
		}
	}
	st := f.Stats()
	if st.Accepted != int64(dials) {
		t.Errorf("fleet accepted %d connections, %d were made", st.Accepted, dials)
	}
	var byKind int64
	for _, kc := range st.AcceptedByKind {
		byKind += kc.Count
	}
	if byKind != st.Accepted {
		t.Errorf("accepted by kind sums to %d, not %d", byKind, st.Accepted)
	}
	if st.Handshakes == 0 || st.Handshakes >= st.Accepted {
		t.Errorf("%d handshakes of %d connections", st.Handshakes, st.Accepted)
	}
}

// TestFleetPeakPerIP holds connections to one address open and checks the
// fleet saw them at once, then a new period starts.
func TestFleetPeakPerIP(t *testing.T) {
	f := smallFleet(t, 8) // two addresses, four endpoints each
	a := f.Endpoints()[0].Addr.Addr()
	var conns []net.Conn
	for _, ep := range f.Endpoints() {
		if ep.Addr.Addr() != a {
			continue
		}
		c, err := net.Dial("tcp", ep.Addr.String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	// The accept goroutines count asynchronously.
	deadline := time.Now().Add(5 * time.Second)
	for f.accepted.Load() < int64(len(conns)) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if st := f.Stats(); st.PeakPerIP != int64(len(conns)) || st.Active != int64(len(conns)) {
		t.Fatalf("peak per IP %d, active %d; want %d", st.PeakPerIP, st.Active, len(conns))
	}
	for _, c := range conns {
		c.Close()
	}
	for f.active.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	f.Stats()
	st := f.Stats()
	if st.PeakPerIP != 0 || st.Active != 0 {
		t.Errorf("after closing: peak per IP %d, active %d; want 0", st.PeakPerIP, st.Active)
	}
	var closed int64
	for _, n := range st.Lifetimes {
		closed += n
	}
	if closed != int64(len(conns)) || st.ConnSeconds <= 0 {
		t.Errorf("lifetimes %v (%v s in all), want %d connections", st.Lifetimes, st.ConnSeconds, len(conns))
	}
}
