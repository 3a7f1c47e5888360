package sshprobe

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Conformance against Debian's OpenSSH 9.2 (openssh-server). Each scenario
// starts sshd on 127.0.0.1 with an sshd_config of its own and derives
// every fact the probe must report from that configuration: `sshd -T`
// (the effective configuration, defaults included), the host key files
// (`ssh-keygen -l -E sha256`), the moduli file, read the way sshd's
// choose_dh reads it, and the authentication options (the methods it
// answers a "none" request with: peer.SSHDNoneMethods). ssh-audit runs beside as a second opinion: its
// disagreements are logged as DISAGREE lines and never fail a test.
//
// Connections are counted by a proxy in front of sshd, as the server
// sees them.

type sshScenario struct {
	name   string
	config []string
	// moduli, when set, is written to a file that ModuliFile names.
	moduli string
}

var sshScenarios = []sshScenario{
	// Debian's sshd_config sets no algorithm: the compiled-in defaults,
	// with the three host keys the package generates.
	{name: "debian-default"},
	// Public keys only, as ANSSI's guide (R17) prefers.
	{name: "restricted", config: []string{
		"Ciphers aes256-ctr,aes128-ctr",
		"MACs hmac-sha2-512,hmac-sha2-256",
		"KexAlgorithms diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp256",
		"HostKey ecdsa",
		"HostKey rsa",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
	}},
	// What a neglected server offers (peer.SSHDWeak), and a moduli file
	// holding only a 1024-bit group; every authentication method on.
	{name: "weak", config: slices.Concat(peer.SSHDWeak, []string{
		"GSSAPIAuthentication yes",
		"HostbasedAuthentication yes",
	}), moduli: peer.Moduli1024},
	// A host certificate beside its plain key; two authentication
	// methods required, password only after a public key.
	{name: "host-certificate", config: []string{
		"HostKey ed25519",
		"HostCertificate ed25519",
		"HostKey ecdsa:384",
		"AuthenticationMethods publickey,password keyboard-interactive",
	}},
}

// startScenario starts sshd with the scenario's configuration.
func startScenario(t testing.TB, sc sshScenario) *peer.Server {
	t.Helper()
	config := sc.config
	if sc.moduli != "" {
		config = append(slices.Clone(config), peer.ModuliFile(t, sc.moduli))
	}
	return peer.OpenSSH(t, config...)
}

func TestOpenSSHConformance(t *testing.T) {
	for _, sc := range sshScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			srv := startScenario(t, sc)
			want := expectOpenSSH(t, srv)
			proxy := peer.CountingProxy(t, srv.Addr)
			d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
			ap := proxy.AddrPort()
			ep := scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "ssh", Source: "argument"}
			r := New(Config{LegacyPorts: noLegacy}).Probe(context.Background(), ep, d)
			t.Logf("observation: %s", dump(r.SSH))
			checkOpenSSH(t, r, want)
			if err := proxy.WaitIdle(5 * time.Second); err != nil {
				t.Error(err)
			}
			if got := proxy.Connections(); got != want.conns || r.Stats.Connections != want.conns {
				t.Errorf("connections: server saw %d, probe counted %d, want %d", got, r.Stats.Connections, want.conns)
			}
			if r.Stats.Errors != 0 {
				t.Errorf("%d errors", r.Stats.Errors)
			}
			if peer.Installed("ssh-audit") {
				secondOpinion(t, peer.SSHAudit(t, srv.Addr), r.SSH)
			}
		})
	}
}

// opensshWant is what an sshd configuration implies.
type opensshWant struct {
	softwarePrefix          string
	kex, hostKeyAlgos       []string
	ciphers, macs, compress []string
	hostKeys                []scanner.SSHHostKey
	gex                     *scanner.SSHGroupExchange
	auth                    *scanner.SSHAuth
	conns                   int
}

// opensshAlgorithms are the host key algorithms sshd lists for a key
// (sshd.c, list_hostkey_types), by ssh-keygen's type name: RSA keys sign
// with SHA-512 and SHA-256 first.
func opensshAlgorithms(k peer.SSHKey) (typ string, algos []string) {
	switch k.Type {
	case "RSA":
		return "ssh-rsa", []string{"rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"}
	case "RSA-CERT":
		return "ssh-rsa", []string{"rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com"}
	case "ECDSA":
		n := fmt.Sprintf("ecdsa-sha2-nistp%d", k.Bits)
		return n, []string{n}
	case "ECDSA-CERT":
		n := fmt.Sprintf("ecdsa-sha2-nistp%d", k.Bits)
		return n, []string{n + "-cert-v01@openssh.com"}
	case "ED25519":
		return "ssh-ed25519", []string{"ssh-ed25519"}
	case "ED25519-CERT":
		return "ssh-ed25519", []string{"ssh-ed25519-cert-v01@openssh.com"}
	case "DSA":
		return "ssh-dss", []string{"ssh-dss"}
	}
	return "", nil
}

func expectOpenSSH(t *testing.T, srv *peer.Server) opensshWant {
	t.Helper()
	eff := peer.SSHDEffective(t, srv)
	one := func(k string) []string {
		if len(eff[k]) != 1 {
			t.Fatalf("sshd -T: %s = %q", k, eff[k])
		}
		return strings.Split(eff[k][0], ",")
	}
	var w opensshWant
	out, _ := exec.Command("/usr/sbin/sshd", "-V").CombinedOutput()
	version, _, _ := strings.Cut(string(out), ",")
	w.softwarePrefix = strings.TrimSpace(version)
	// Debian's 9.2p1 carries OpenSSH 9.6's strict key exchange
	// (CVE-2023-48795, "Terrapin"): sshd appends its marker to the
	// methods of its first KEXINIT.
	w.kex = append(one("kexalgorithms"), "kex-strict-s-v00@openssh.com")
	w.ciphers, w.macs = one("ciphers"), one("macs")
	// Compression yes (and delayed, its alias since 7.4) offers zlib after
	// authentication; no offers none alone.
	w.compress = []string{"none", "zlib@openssh.com"}
	if eff["compression"][0] == "no" {
		w.compress = []string{"none"}
	}

	// Host keys in HostKey order, each followed by its certificate (sshd
	// lists a key's certificate right after it), the algorithms filtered
	// by HostKeyAlgorithms.
	allowed := one("hostkeyalgorithms")
	certs := make(map[string]string) // key fingerprint -> certificate file
	for _, c := range eff["hostcertificate"] {
		certs[peer.SSHKeygenFingerprint(t, c).SHA256] = c
	}
	groups := 0
	for _, path := range eff["hostkey"] {
		key := peer.SSHKeygenFingerprint(t, path)
		files := []string{path}
		if c, ok := certs[key.SHA256]; ok {
			files = append(files, c)
		}
		for _, f := range files {
			k := peer.SSHKeygenFingerprint(t, f)
			typ, algos := opensshAlgorithms(k)
			if typ == "" {
				t.Fatalf("%s: key type %q", f, k.Type)
			}
			var ca *scanner.SSHHostCertificate
			if strings.HasSuffix(k.Type, "-CERT") {
				// peer.OpenSSH's CA is host_ca, beside the keys.
				c := peer.SSHKeygenFingerprint(t, filepath.Join(filepath.Dir(f), "host_ca.pub"))
				ca = &scanner.SSHHostCertificate{CAType: "ssh-ed25519", CABits: c.Bits, CASHA256: c.SHA256}
			}
			show := ""
			for _, a := range algos {
				if !slices.Contains(allowed, a) {
					continue
				}
				w.hostKeyAlgos = append(w.hostKeyAlgos, a)
				h := scanner.SSHHostKey{Algorithm: a}
				switch {
				case typ == "ssh-dss":
					h.Status, h.Reason, h.Detail = scanner.StatusUnknown, scanner.ReasonNotTested, whyDSA
				case show == "":
					show = a
					groups++
					h.Status, h.Type, h.Bits, h.SHA256, h.SPKISHA256, h.Certificate = scanner.Supported, typ, k.Bits, k.SHA256, spkiOfFile(t, f), ca
				default:
					h.Status, h.Type, h.Bits, h.SHA256, h.SPKISHA256, h.Certificate = scanner.Supported, typ, k.Bits, k.SHA256, spkiOfFile(t, f), ca
					h.Detail = "same key as " + show + ", which showed it"
				}
				w.hostKeys = append(w.hostKeys, h)
			}
		}
	}
	// The "none" request rides on the first key exchange: no connection
	// of its own.
	w.auth = &scanner.SSHAuth{User: DefaultAuthUser, Methods: peer.SSHDNoneMethods(t, srv)}
	w.conns = max(groups, 1)
	if m := gexMethod(w.kex); m != "" {
		w.conns++
		w.gex = &scanner.SSHGroupExchange{Algorithm: m, Status: scanner.Supported, Bits: opensshGexBits(t, eff["modulifile"][0])}
	}
	return w
}

// spkiOfFile is the SHA-256 of the X.509 SubjectPublicKeyInfo of the key
// in an sshd key file (its .pub) or host certificate file (the certified
// key): the key as configured, encoded as a certificate's key is.
func spkiOfFile(t *testing.T, file string) string {
	t.Helper()
	pub := file
	if !strings.HasSuffix(pub, ".pub") {
		pub += ".pub"
	}
	b, err := os.ReadFile(pub)
	if err != nil {
		t.Fatal(err)
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		t.Fatalf("%s: %v", pub, err)
	}
	if c, ok := key.(*ssh.Certificate); ok {
		key = c.Key
	}
	der, err := x509.MarshalPKIXPublicKey(key.(ssh.CryptoPublicKey).CryptoPublicKey())
	if err != nil {
		t.Fatalf("%s: %v", pub, err)
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// opensshGexBits is the modulus size sshd 9.2 answers the probe's request
// (min 1024, n 1024, max 8192) with, from its moduli file. kexgexs.c
// raises min and n to DH_GRP_MIN (2048) and caps max at DH_GRP_MAX (8192);
// dh.c's choose_dh then takes, among the safe primes of the file between
// min and max (a moduli line gives the size minus one), the smallest at or
// above n, else the largest below it; when none fits it logs "no suitable
// primes" and falls back to a fixed group by max alone
// (dh_new_group_fallback: 8192 bits, RFC 3526 group 18, for max 8192). A
// moduli file of 1024-bit groups is therefore never used: the client gets
// an 8192-bit group.
func opensshGexBits(t *testing.T, moduli string) int {
	t.Helper()
	const grpMin, grpMax = 2048, 8192
	minBits, want, maxBits := max(grpMin, 1024), max(grpMin, 1024), min(grpMax, 8192)
	f, err := os.Open(moduli)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	best := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 7 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		size, err := strconv.Atoi(fields[4])
		if err != nil {
			t.Fatalf("%s: %q", moduli, sc.Text())
		}
		size++
		p, ok := new(big.Int).SetString(fields[6], 16)
		if !ok || p.BitLen() != size {
			t.Fatalf("%s: modulus of %d bits listed as %d", moduli, p.BitLen(), size)
		}
		if size < minBits || size > maxBits {
			continue
		}
		if (size > want && size < best) || (size > best && best < want) {
			best = size
		}
	}
	if best == 0 {
		return 8192
	}
	return best
}

func checkOpenSSH(t *testing.T, r scanner.Result, w opensshWant) {
	t.Helper()
	o := r.SSH
	if r.Error != nil || o == nil || o.KexInit != nil {
		t.Fatalf("error %v, observation %s", r.Error, dump(o))
	}
	if !strings.HasPrefix(o.Software, w.softwarePrefix) || o.ProtoVersion != "2.0" || !strings.HasPrefix(o.Banner, "SSH-2.0-"+o.Software) {
		t.Errorf("banner %q proto %q software %q, want software %s...", o.Banner, o.ProtoVersion, o.Software, w.softwarePrefix)
	}
	for _, l := range []struct {
		name      string
		got, want []string
	}{
		{"kex", o.Kex, w.kex},
		{"host key algorithms", o.HostKeyAlgorithms, w.hostKeyAlgos},
		{"ciphers", o.Ciphers, w.ciphers},
		{"macs", o.MACs, w.macs},
		{"ciphers server to client", o.CiphersServerToClient, nil},
		{"macs server to client", o.MACsServerToClient, nil},
		{"compression", o.Compression, w.compress},
	} {
		if !slices.Equal(l.got, l.want) {
			t.Errorf("%s:\n got %q\nwant %q", l.name, l.got, l.want)
		}
	}
	if len(o.HostKeys) != len(w.hostKeys) {
		t.Errorf("host keys:\n got %s\nwant %s", dump(o.HostKeys), dump(w.hostKeys))
	} else {
		for i := range w.hostKeys {
			if g, x := o.HostKeys[i], w.hostKeys[i]; dump(g) != dump(x) {
				t.Errorf("host key %d:\n got %s\nwant %s", i, dump(g), dump(x))
			}
		}
	}
	if dump(o.GroupExchange) != dump(w.gex) {
		t.Errorf("group exchange: got %s, want %s", dump(o.GroupExchange), dump(w.gex))
	}
	if dump(o.Auth) != dump(w.auth) {
		t.Errorf("auth: got %s, want %s", dump(o.Auth), dump(w.auth))
	}
}

// secondOpinion logs where ssh-audit saw otherwise. It is not the oracle.
func secondOpinion(t *testing.T, a peer.SSHAuditResult, o *scanner.SSHObservation) {
	t.Helper()
	disagree := func(what string, ours, theirs any) {
		t.Logf("DISAGREE ssh-audit %s: cryptoscan %v, ssh-audit %v", what, ours, theirs)
	}
	if a.Banner.Raw != o.Banner {
		disagree("banner", o.Banner, a.Banner.Raw)
	}
	var kex, keys []string
	gexBits := map[string]int{}
	for _, k := range a.Kex {
		kex = append(kex, k.Algorithm)
		if k.KeySize != 0 {
			gexBits[k.Algorithm] = k.KeySize
		}
	}
	keyBits := map[string]int{}
	for _, k := range a.Key {
		keys = append(keys, k.Algorithm)
		if k.KeySize != 0 {
			keyBits[k.Algorithm] = k.KeySize
		}
	}
	for _, l := range []struct {
		what         string
		ours, theirs []string
	}{
		{"kex", o.Kex, kex}, {"host key algorithms", o.HostKeyAlgorithms, keys},
		{"ciphers", o.Ciphers, a.Enc}, {"macs", o.MACs, a.MAC}, {"compression", o.Compression, a.Compression},
	} {
		if !slices.Equal(l.ours, l.theirs) {
			disagree(l.what, l.ours, l.theirs)
		}
	}
	if gx := o.GroupExchange; gx != nil && gexBits[gx.Algorithm] != gx.Bits {
		disagree(gx.Algorithm+" modulus bits", gx.Bits, gexBits[gx.Algorithm])
	}
	fps := map[string]string{}
	for _, f := range a.Fingerprints {
		if f.HashAlg == "SHA256" {
			fps[f.HostKey] = "SHA256:" + f.Hash
		}
	}
	seen := map[string]bool{}
	for _, h := range o.HostKeys {
		if h.Status == scanner.Supported && h.Certificate == nil {
			seen[h.Type] = true
		}
		if b, ok := keyBits[h.Algorithm]; ok && b != h.Bits {
			disagree(h.Algorithm+" bits", h.Bits, b)
		}
		if h.Certificate != nil || h.Status != scanner.Supported {
			continue
		}
		if fp, ok := fps[h.Type]; !ok {
			disagree(h.Algorithm+" fingerprint", h.SHA256, "none")
		} else if fp != h.SHA256 {
			disagree(h.Algorithm+" fingerprint", h.SHA256, fp)
		}
	}
	for _, typ := range slices.Sorted(maps.Keys(fps)) {
		if !seen[typ] {
			disagree(typ+" key", "not seen", fps[typ])
		}
	}
}
