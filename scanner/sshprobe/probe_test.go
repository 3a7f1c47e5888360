package sshprobe

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// wantKey is the fact expected for one host key algorithm.
type wantKey struct {
	algo   string
	key    ssh.PublicKey // the key the server holds for it
	shows  string        // the algorithm whose exchange showed it ("" for algo itself)
	caKey  ssh.PublicKey // the CA of a host certificate
	caBits int
	bits   int
}

func checkHostKeys(t *testing.T, got []scanner.SSHHostKey, want []wantKey) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("host keys: got %d entries, want %d\n%s", len(got), len(want), dump(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Algorithm != w.algo || g.Status != scanner.Supported {
			t.Errorf("host key %d: got %s %s (%s %s), want %s supported", i, g.Algorithm, g.Status, g.Reason, g.Detail, w.algo)
			continue
		}
		key := w.key
		if c, ok := key.(*ssh.Certificate); ok {
			key = c.Key
		}
		if g.Type != key.Type() || g.Bits != w.bits || g.SHA256 != ssh.FingerprintSHA256(key) {
			t.Errorf("%s: got %s %d %s, want %s %d %s", w.algo, g.Type, g.Bits, g.SHA256, key.Type(), w.bits, ssh.FingerprintSHA256(key))
		}
		wantDetail := ""
		if w.shows != "" {
			wantDetail = "same key as " + w.shows + ", which showed it"
		}
		if g.Detail != wantDetail {
			t.Errorf("%s: detail %q, want %q", w.algo, g.Detail, wantDetail)
		}
		switch {
		case w.caKey == nil && g.Certificate != nil:
			t.Errorf("%s: a certificate %+v where the server has a plain key", w.algo, g.Certificate)
		case w.caKey != nil && g.Certificate == nil:
			t.Errorf("%s: no certificate", w.algo)
		case w.caKey != nil:
			want := scanner.SSHHostCertificate{CAType: w.caKey.Type(), CABits: w.caBits, CASHA256: ssh.FingerprintSHA256(w.caKey)}
			if *g.Certificate != want {
				t.Errorf("%s: certificate %+v, want %+v", w.algo, *g.Certificate, want)
			}
		}
	}
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// The configuration is the oracle: every list and key of the result is
// what the x/crypto server was given. x/crypto's server lists, for each
// host key in the order added, the signature algorithms of its format
// (rsa-sha2-256, rsa-sha2-512, ssh-rsa for an RSA key or certificate);
// it lists curve25519-sha256@libssh.org, the method's older name, after
// curve25519-sha256 (Config.SetDefaults), and appends
// kex-strict-s-v00@openssh.com to its key exchange methods on the first
// exchange (the Terrapin countermeasure).
func TestXCryptoServer(t *testing.T) {
	k := keys(t)
	cfg := ssh.ServerConfig{Config: ssh.Config{
		KeyExchanges: []string{"curve25519-sha256", "ecdh-sha2-nistp256", "diffie-hellman-group-exchange-sha256"},
		Ciphers:      []string{"aes256-gcm@openssh.com", "aes128-ctr"},
		MACs:         []string{"hmac-sha2-256-etm@openssh.com", "hmac-sha2-512"},
	}}
	srv := xServer(t, cfg, k.ed25519, k.ecdsa256, k.rsa2048, k.rsaCert)
	r := probe(t, srv.addr, 5*time.Second)
	if r.Error != nil {
		t.Fatalf("error %v", r.Error)
	}
	o := r.SSH
	if o == nil || o.KexInit != nil {
		t.Fatalf("no KEXINIT: %s", dump(o))
	}
	// x/crypto's server identifies itself with its package version.
	if o.Banner != "SSH-2.0-Go" || o.ProtoVersion != "2.0" || o.Software != "Go" {
		t.Errorf("banner %q proto %q software %q", o.Banner, o.ProtoVersion, o.Software)
	}
	wantLists := map[string][2][]string{
		"kex": {o.Kex, {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "diffie-hellman-group-exchange-sha256",
			"kex-strict-s-v00@openssh.com"}},
		"ciphers":     {o.Ciphers, cfg.Ciphers},
		"macs":        {o.MACs, cfg.MACs},
		"ciphers s2c": {o.CiphersServerToClient, nil},
		"macs s2c":    {o.MACsServerToClient, nil},
		"compression": {o.Compression, {"none"}},
		"host key algos": {o.HostKeyAlgorithms, {
			"ssh-ed25519", "ecdsa-sha2-nistp256",
			"rsa-sha2-256", "rsa-sha2-512", "ssh-rsa",
			"rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com",
		}},
	}
	for name, l := range wantLists {
		if !slices.Equal(l[0], l[1]) {
			t.Errorf("%s: got %q, want %q", name, l[0], l[1])
		}
	}
	checkHostKeys(t, o.HostKeys, []wantKey{
		{algo: "ssh-ed25519", key: k.ed25519.PublicKey(), bits: 256},
		{algo: "ecdsa-sha2-nistp256", key: k.ecdsa256.PublicKey(), bits: 256},
		{algo: "rsa-sha2-256", key: k.rsa2048.PublicKey(), bits: 2048},
		{algo: "rsa-sha2-512", key: k.rsa2048.PublicKey(), bits: 2048, shows: "rsa-sha2-256"},
		{algo: "ssh-rsa", key: k.rsa2048.PublicKey(), bits: 2048, shows: "rsa-sha2-256"},
		{algo: "rsa-sha2-256-cert-v01@openssh.com", key: k.rsaCert.PublicKey(), bits: 2048, caKey: k.ca384.PublicKey(), caBits: 384},
		{algo: "rsa-sha2-512-cert-v01@openssh.com", key: k.rsaCert.PublicKey(), bits: 2048, caKey: k.ca384.PublicKey(), caBits: 384, shows: "rsa-sha2-256-cert-v01@openssh.com"},
		{algo: "ssh-rsa-cert-v01@openssh.com", key: k.rsaCert.PublicKey(), bits: 2048, caKey: k.ca384.PublicKey(), caBits: 384, shows: "rsa-sha2-256-cert-v01@openssh.com"},
	})
	// x/crypto's server groups are 2048, 3072 and 4096 bits: the smallest
	// at or above the 1024 asked is 2048.
	want := scanner.SSHGroupExchange{Algorithm: "diffie-hellman-group-exchange-sha256", Status: scanner.Supported, Bits: 2048}
	if o.GroupExchange == nil || *o.GroupExchange != want {
		t.Errorf("group exchange %+v, want %+v", o.GroupExchange, want)
	}
	// The server lets anyone in (NoClientAuth): the "none" request is
	// accepted.
	if a := o.Auth; a == nil || dump(*a) != dump(scanner.SSHAuth{User: "cryptoscan", NoneAccepted: true}) {
		t.Errorf("auth %s, want none accepted", dump(a))
	}
	// Four distinct keys (Ed25519, ECDSA, RSA, the RSA certificate), the
	// first on the KEXINIT's connection (with the "none" request), and
	// the group exchange.
	const wantConns = 4 + 1
	if r.Stats.Connections != wantConns || srv.accepted.Load() != wantConns {
		t.Errorf("connections: probe counted %d, server accepted %d, want %d", r.Stats.Connections, srv.accepted.Load(), wantConns)
	}
	if r.Stats.Errors != 0 {
		t.Errorf("%d errors", r.Stats.Errors)
	}
}

// A server without group exchange, with different algorithms in each
// direction, and one key: one connection.
func TestXCryptoServerOneKey(t *testing.T) {
	k := keys(t)
	cfg := ssh.ServerConfig{Config: ssh.Config{KeyExchanges: []string{"ecdh-sha2-nistp256"}}}
	srv := xServer(t, cfg, k.ecdsa256)
	r := probe(t, srv.addr, 5*time.Second)
	o := r.SSH
	if r.Error != nil || o.KexInit != nil {
		t.Fatalf("error %v, kexinit %v", r.Error, o.KexInit)
	}
	if o.GroupExchange != nil {
		t.Errorf("group exchange %+v for a server without one", o.GroupExchange)
	}
	checkHostKeys(t, o.HostKeys, []wantKey{{algo: "ecdsa-sha2-nistp256", key: k.ecdsa256.PublicKey(), bits: 256}})
	if a := o.Auth; a == nil || !a.NoneAccepted || a.Unknown != nil {
		t.Errorf("auth %s, want none accepted", dump(a))
	}
	if r.Stats.Connections != 1 || srv.accepted.Load() != 1 {
		t.Errorf("connections: probe counted %d, server accepted %d, want 1", r.Stats.Connections, srv.accepted.Load())
	}
}

func TestHostKeyGroups(t *testing.T) {
	groups, byName := groupHostKeys([]string{
		"rsa-sha2-512", "ssh-ed25519", "rsa-sha2-256", "ssh-dss", "sk-ssh-ed25519@openssh.com", "ssh-rsa", "x509v3-ssh-rsa", "frobnicate@example.org",
	})
	var got []string
	for _, g := range groups {
		got = append(got, g.format+"="+strings.Join(g.algos, "+")+">"+g.show)
	}
	want := []string{
		"ssh-rsa=rsa-sha2-512+rsa-sha2-256+ssh-rsa>rsa-sha2-512",
		"ssh-ed25519=ssh-ed25519>ssh-ed25519",
		"ssh-dss=ssh-dss>",
		"sk-ssh-ed25519@openssh.com=sk-ssh-ed25519@openssh.com>",
		"x509v3-ssh-rsa=x509v3-ssh-rsa>",
		"frobnicate@example.org=frobnicate@example.org>",
	}
	if !slices.Equal(got, want) {
		t.Errorf("groups\n got %q\nwant %q", got, want)
	}
	if byName["ssh-rsa"] != groups[0] || byName["ssh-dss"].why != whyDSA {
		t.Errorf("byName: %+v", byName)
	}
}

// TestHostKeySPKI: each host key is also identified as a certificate's key
// is, by the SHA-256 of its X.509 SubjectPublicKeyInfo, so that a key
// serving both SSH and TLS can be seen.
func TestHostKeySPKI(t *testing.T) {
	k := keys(t)
	srv := xServer(t, ssh.ServerConfig{NoClientAuth: true}, k.ed25519, k.ecdsa256, k.rsa2048)
	r := probe(t, srv.addr, 5*time.Second)
	want := map[string]string{}
	for _, s := range []ssh.Signer{k.ed25519, k.ecdsa256, k.rsa2048} {
		der, err := x509.MarshalPKIXPublicKey(s.PublicKey().(ssh.CryptoPublicKey).CryptoPublicKey())
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(der)
		want[ssh.FingerprintSHA256(s.PublicKey())] = hex.EncodeToString(sum[:])
	}
	seen := 0
	for _, h := range r.SSH.HostKeys {
		if h.Status != scanner.Supported {
			continue
		}
		seen++
		if h.SPKISHA256 == "" || h.SPKISHA256 != want[h.SHA256] {
			t.Errorf("%s: SPKI SHA-256 %q, want %q", h.Algorithm, h.SPKISHA256, want[h.SHA256])
		}
	}
	if seen < 3 {
		t.Errorf("%d host keys seen, want the 3 served", seen)
	}
}
