package sshprobe

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Test servers on 127.0.0.1, started per test and closed by t.Cleanup.
// Each counts the connections it accepted: the connection count a test
// checks is the server's, not the probe's own.

// listener serves every accepted connection with handle until the test
// ends (peer.Serve).
type listener struct {
	addr     netip.AddrPort
	accepted *atomic.Int64
}

func serve(t testing.TB, handle func(c net.Conn)) *listener {
	t.Helper()
	addr, accepted := peer.Serve(t, handle)
	return &listener{addr: addr, accepted: accepted}
}

// hostKeys are the keys of the x/crypto test servers, made once: RSA key
// generation is slow.
type hostKeys struct {
	ed25519, ecdsa256, rsa2048 ssh.Signer
	ca384                      ssh.Signer // an ECDSA P-384 certification authority
	rsaCert                    ssh.Signer // the RSA key, certified by ca384
}

var testKeys = sync.OnceValues(func() (*hostKeys, error) {
	var k hostKeys
	_, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	if k.ed25519, err = ssh.NewSignerFromKey(edPriv); err != nil {
		return nil, err
	}
	ecPriv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	if k.ecdsa256, err = ssh.NewSignerFromKey(ecPriv); err != nil {
		return nil, err
	}
	rsaPriv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	if k.rsa2048, err = ssh.NewSignerFromKey(rsaPriv); err != nil {
		return nil, err
	}
	caPriv, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return nil, err
	}
	if k.ca384, err = ssh.NewSignerFromKey(caPriv); err != nil {
		return nil, err
	}
	cert := &ssh.Certificate{
		Key:             k.rsa2048.PublicKey(),
		Serial:          1,
		CertType:        ssh.HostCert,
		KeyId:           "cryptoscan test host",
		ValidPrincipals: []string{"127.0.0.1"},
		ValidBefore:     ssh.CertTimeInfinity,
	}
	if err := cert.SignCert(rand.Reader, k.ca384); err != nil {
		return nil, err
	}
	if k.rsaCert, err = ssh.NewCertSigner(cert, k.rsa2048); err != nil {
		return nil, err
	}
	return &k, nil
})

func keys(t testing.TB) *hostKeys {
	t.Helper()
	k, err := testKeys()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// xServer is a golang.org/x/crypto/ssh server with cfg's algorithms and
// host keys that lets anyone in without authentication (NoClientAuth);
// it runs the handshake of every connection until the client stops.
func xServer(t testing.TB, cfg ssh.ServerConfig, signers ...ssh.Signer) *listener {
	t.Helper()
	cfg.NoClientAuth = true
	return xAuthServer(t, cfg, signers...)
}

// xAuthServer is xServer with the authentication cfg configures.
func xAuthServer(t testing.TB, cfg ssh.ServerConfig, signers ...ssh.Signer) *listener {
	t.Helper()
	return serve(t, xHandler(cfg, signers...))
}

// xHandler is what an x/crypto server does with each connection: the
// handshake cfg configures, with these host keys, until the client stops.
func xHandler(cfg ssh.ServerConfig, signers ...ssh.Signer) func(c net.Conn) {
	for _, s := range signers {
		cfg.AddHostKey(s)
	}
	return func(c net.Conn) {
		c.SetDeadline(time.Now().Add(10 * time.Second))
		sc, chans, reqs, err := ssh.NewServerConn(c, &cfg)
		if err != nil {
			return
		}
		go ssh.DiscardRequests(reqs)
		for ch := range chans {
			ch.Reject(ssh.Prohibited, "test server")
		}
		sc.Close()
	}
}

// probe runs the probe against addr with timeout per exchange.
func probe(t testing.TB, addr netip.AddrPort, timeout time.Duration) scanner.Result {
	t.Helper()
	return probeWith(t, Config{}, addr, timeout)
}

// noLegacy turns the legacy services check off: a test asks its own
// ports, never the well-known ports of the machine it runs on.
var noLegacy = []LegacyPort{}

// probeWith is probe with cfg; nil LegacyPorts are noLegacy.
func probeWith(t testing.TB, cfg Config, addr netip.AddrPort, timeout time.Duration) scanner.Result {
	t.Helper()
	if cfg.LegacyPorts == nil {
		cfg.LegacyPorts = noLegacy
	}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: timeout}
	ep := scanner.Endpoint{Host: addr.Addr().String(), IP: addr.Addr(), Port: addr.Port(), Protocol: "ssh", Source: "argument"}
	return New(cfg).Probe(context.Background(), ep, d)
}

func mustAddrPort(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }
