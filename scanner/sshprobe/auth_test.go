package sshprobe

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// authRecorder watches the authentication of an x/crypto server: every
// attempt as its AuthLogCallback sees it ("user method"), and every call
// of a callback that would check a credential. The probe must make one
// attempt, "none", and no callback may ever be called.
type authRecorder struct {
	mu          sync.Mutex
	attempts    []string
	credentials atomic.Int64
}

func (r *authRecorder) log(c ssh.ConnMetadata, method string, _ error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, c.User()+" "+method)
}

func (r *authRecorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.attempts)
}

var errRefused = errors.New("test server: refused")

func (r *authRecorder) password(ssh.ConnMetadata, []byte) (*ssh.Permissions, error) {
	r.credentials.Add(1)
	return nil, errRefused
}

func (r *authRecorder) publicKey(ssh.ConnMetadata, ssh.PublicKey) (*ssh.Permissions, error) {
	r.credentials.Add(1)
	return nil, errRefused
}

func (r *authRecorder) keyboardInteractive(ssh.ConnMetadata, ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
	r.credentials.Add(1)
	return nil, errRefused
}

// authServerConfig is the key exchange of the authentication tests: with
// an Ed25519 and an RSA key, the probe opens 2 + 1 connections (two keys,
// the group exchange), the "none" request riding on the first.
func authServerConfig() ssh.ServerConfig {
	return ssh.ServerConfig{Config: ssh.Config{KeyExchanges: []string{"curve25519-sha256", "diffie-hellman-group-exchange-sha256"}}}
}

// The server's configuration is the oracle: x/crypto lists the methods
// whose callbacks are set, in the order password, publickey,
// keyboard-interactive (server.go, serverAuthenticate). The connections
// the server accepted are those of the host keys and the group exchange
// alone: the "none" request costs none. The server sees one attempt,
// "none", and never a credential.
func TestAuthNone(t *testing.T) {
	for _, c := range []struct {
		name  string
		user  string // Config.AuthUser
		setup func(cfg *ssh.ServerConfig, r *authRecorder)
		want  scanner.SSHAuth
	}{
		{"publickey only", "", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.PublicKeyCallback = r.publicKey
		}, scanner.SSHAuth{User: "cryptoscan", Methods: []string{"publickey"}}},
		{"password and publickey", "", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.PublicKeyCallback, cfg.PasswordCallback = r.publicKey, r.password
		}, scanner.SSHAuth{User: "cryptoscan", Methods: []string{"password", "publickey"}}},
		{"keyboard-interactive", "", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.KeyboardInteractiveCallback = r.keyboardInteractive
		}, scanner.SSHAuth{User: "cryptoscan", Methods: []string{"keyboard-interactive"}}},
		{"every method", "", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.PublicKeyCallback, cfg.PasswordCallback, cfg.KeyboardInteractiveCallback = r.publicKey, r.password, r.keyboardInteractive
		}, scanner.SSHAuth{User: "cryptoscan", Methods: []string{"password", "publickey", "keyboard-interactive"}}},
		{"none accepted", "", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.NoClientAuth = true
			cfg.PasswordCallback = r.password
		}, scanner.SSHAuth{User: "cryptoscan", NoneAccepted: true}},
		// OpenSSH's Banner directive: SSH_MSG_USERAUTH_BANNER before the
		// answer (RFC 4252, Section 5.4).
		{"a banner before the answer", "", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.PublicKeyCallback = r.publicKey
			cfg.BannerCallback = func(ssh.ConnMetadata) string { return "Authorised users only\r\n" }
		}, scanner.SSHAuth{User: "cryptoscan", Methods: []string{"publickey"}}},
		{"another user name", "alice", func(cfg *ssh.ServerConfig, r *authRecorder) {
			cfg.PasswordCallback = r.password
		}, scanner.SSHAuth{User: "alice", Methods: []string{"password"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			k := keys(t)
			var rec authRecorder
			cfg := authServerConfig()
			cfg.AuthLogCallback = rec.log
			c.setup(&cfg, &rec)
			srv := xAuthServer(t, cfg, k.ed25519, k.rsa2048)
			r := probeWith(t, Config{AuthUser: c.user}, srv.addr, 5*time.Second)
			if r.Error != nil || r.SSH.KexInit != nil {
				t.Fatalf("%s", dump(r))
			}
			if got := r.SSH.Auth; got == nil || dump(*got) != dump(c.want) {
				t.Errorf("auth %s, want %s", dump(got), dump(c.want))
			}
			checkHostKeys(t, r.SSH.HostKeys, []wantKey{
				{algo: "ssh-ed25519", key: k.ed25519.PublicKey(), bits: 256},
				{algo: "rsa-sha2-256", key: k.rsa2048.PublicKey(), bits: 2048},
				{algo: "rsa-sha2-512", key: k.rsa2048.PublicKey(), bits: 2048, shows: "rsa-sha2-256"},
				{algo: "ssh-rsa", key: k.rsa2048.PublicKey(), bits: 2048, shows: "rsa-sha2-256"},
			})
			const wantConns = 2 + 1
			if r.Stats.Connections != wantConns || srv.accepted.Load() != wantConns || r.Stats.Errors != 0 {
				t.Errorf("stats %+v, server accepted %d, want %d connections and no error", r.Stats, srv.accepted.Load(), wantConns)
			}
			user := c.want.User
			if got, want := rec.seen(), []string{user + " none"}; !slices.Equal(got, want) {
				t.Errorf("the server saw the attempts %q, want %q", got, want)
			}
			if n := rec.credentials.Load(); n != 0 {
				t.Errorf("%d credential callbacks called", n)
			}
		})
	}
}

// A server that fails on the "none" request, once the key exchange is
// done: the host key stays a fact, the answer is unknown with the reason.
func TestAuthHostile(t *testing.T) {
	const timeout = time.Second
	for _, c := range []struct {
		name   string
		act    func(ctx context.Context, c net.Conn) // what the server does on the "none" attempt
		reason scanner.Reason
	}{
		{"closes", func(_ context.Context, c net.Conn) { c.Close() }, scanner.ReasonClosed},
		{"resets", func(_ context.Context, c net.Conn) {
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}, scanner.ReasonReset},
		{"stalls", func(ctx context.Context, c net.Conn) {
			select {
			case <-ctx.Done():
			case <-time.After(3 * timeout):
			}
		}, scanner.ReasonTimeout},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			k := keys(t)
			var rec authRecorder
			base := ssh.ServerConfig{PublicKeyCallback: rec.publicKey}
			base.AddHostKey(k.ed25519)
			srv := serve(t, func(conn net.Conn) {
				conn.SetDeadline(time.Now().Add(10 * time.Second))
				cfg := base
				cfg.AuthLogCallback = func(ssh.ConnMetadata, string, error) { c.act(t.Context(), conn) }
				if sc, _, _, err := ssh.NewServerConn(conn, &cfg); err == nil {
					sc.Close()
				}
			})
			start := time.Now()
			r := probe(t, srv.addr, timeout)
			elapsed := time.Since(start)
			if r.Error != nil || r.SSH.KexInit != nil {
				t.Fatalf("%s", dump(r))
			}
			checkHostKeys(t, r.SSH.HostKeys, []wantKey{{algo: "ssh-ed25519", key: k.ed25519.PublicKey(), bits: 256}})
			a := r.SSH.Auth
			if a == nil || a.User != DefaultAuthUser || a.Unknown == nil || a.Unknown.Reason != c.reason || a.Methods != nil || a.NoneAccepted {
				t.Errorf("auth %s, want unknown: %s", dump(a), c.reason)
			}
			if r.Stats.Connections != 1 || srv.accepted.Load() != 1 || r.Stats.Errors != 1 {
				t.Errorf("stats %+v, server accepted %d", r.Stats, srv.accepted.Load())
			}
			if elapsed > timeout*3/2 {
				t.Errorf("took %v, deadline %v", elapsed, timeout)
			}
			if n := rec.credentials.Load(); n != 0 {
				t.Errorf("%d credential callbacks called", n)
			}
		})
	}
}

func TestCheckMethods(t *testing.T) {
	for _, c := range []struct {
		name    string
		methods []string
		want    []string
		err     string
	}{
		{"OpenSSH's defaults", []string{"publickey", "password", "keyboard-interactive"}, []string{"publickey", "password", "keyboard-interactive"}, ""},
		{"an empty list", []string{}, nil, ""},
		{"an empty name", []string{"publickey", ""}, nil, `invalid name: "publickey,"`},
		{"a space", []string{"public key"}, nil, `invalid name: "public key"`},
		{"an escape sequence", []string{"password\x1b[2J"}, nil, `invalid name: "password\\x1b[2J"`},
		{"a name of 65 bytes", []string{strings.Repeat("a", 65)}, nil, "invalid name"},
		{"too many", slices.Repeat([]string{"password"}, maxAuthMethods+1), nil, "lists 33 authentication methods, more than 32"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := checkMethods(c.methods)
			if !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
				t.Errorf("methods %q, want %q", got, c.want)
			}
			switch {
			case c.err == "" && err != nil:
				t.Errorf("error %v", err)
			case c.err != "" && (err == nil || !errors.Is(err, errMalformed) || !strings.Contains(err.Error(), c.err)):
				t.Errorf("error %v, want malformed: %s", err, c.err)
			}
		})
	}
}

// x/crypto's SSH_MSG_DISCONNECT is a type of its own, not exported, which
// no x/crypto server sends in answer to a first "none" request: its
// message is the only way to know it. The message is the one of
// x/crypto's messages.go (disconnectMsg.Error), wrapped as NewClientConn
// wraps it.
func TestAuthReasonDisconnect(t *testing.T) {
	s := &endpointScan{}
	err := errors.New("ssh: handshake failed: ssh: disconnect, reason 2: \"too many authentication failures\"")
	if got := s.authReason(context.Background(), err); got != scanner.ReasonClosed {
		t.Errorf("reason %s, want closed", got)
	}
	if got := s.authReason(context.Background(), errors.New("ssh: handshake failed: ssh: unexpected message type 3")); got != scanner.ReasonMalformed {
		t.Errorf("reason %s, want malformed", got)
	}
}

// Without a key exchange x/crypto can run, there is nothing to send the
// "none" request on: the answer is not tested, and no connection is
// opened for it.
func TestAuthNoKeyExchange(t *testing.T) {
	for _, c := range []struct {
		name   string
		edit   func(k *kexInit)
		detail string
	}{
		{"DSA host key only", func(k *kexInit) { k.hostKeyAlgos = []string{"ssh-dss"} },
			"no host key algorithm of the server is one golang.org/x/crypto/ssh can verify"},
		{"compression required", func(k *kexInit) { k.compressionStoC = []string{"zlib"} },
			"the server requires server to client compression"},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := sampleKexInit()
			k.kexAlgos = []string{"curve25519-sha256"}
			c.edit(k)
			payload, err := k.marshal()
			if err != nil {
				t.Fatal(err)
			}
			srv := scriptedServer(t, packetOf(t, payload))
			r := probe(t, srv.addr, 2*time.Second)
			a := r.SSH.Auth
			if r.Error != nil || a == nil || a.User != DefaultAuthUser || a.Unknown == nil || a.Unknown.Reason != scanner.ReasonNotTested ||
				!strings.Contains(a.Unknown.Detail, c.detail) {
				t.Errorf("auth %s, want not tested: %s", dump(a), c.detail)
			}
			if r.Stats.Connections != 1 || srv.accepted.Load() != 1 {
				t.Errorf("stats %+v, server accepted %d", r.Stats, srv.accepted.Load())
			}
		})
	}
}
