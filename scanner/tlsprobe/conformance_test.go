package tlsprobe_test

import (
	"context"
	"crypto/elliptic"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// Conformance against real servers. Each scenario starts a server on
// 127.0.0.1 with a configuration, and derives the facts cryptoscan must
// report from that configuration with the server's own tools (openssl
// ciphers, gnutls-cli --list), never from another scanner. sslscan runs
// beside as a second opinion: its disagreements are logged as DISAGREE
// lines, and never fail a test by themselves.
//
// The servers come from Debian packages (.ci/run installs them); without
// them the tests skip, unless CRYPTOSCAN_REQUIRE_PEERS=1.

// scenario is a real server and what its configuration implies.
type scenario struct {
	name  string
	start func(t testing.TB) *peer.Server
	want  func(t testing.TB) want
}

// want is what a scenario's configuration implies.
type want struct {
	// versions has every version of scanner.Versions.
	versions map[scanner.Version]scanner.Status
	// suites are the accepted suites of each supported version, in the
	// server's preference order.
	suites map[scanner.Version][]uint16
	// order says, for the versions listed, whether the server enforces its
	// preference (then it is the order of suites).
	order map[scanner.Version]bool
	// mixed lists the versions whose enforced order depends on the
	// client's first suite; every other enforced order must not be mixed.
	mixed map[scanner.Version]bool
	// groups must be among the accepted groups of each version listed.
	groups map[scanner.Version][]uint16
	// dhBits, when not 0, is the size of every finite-field DH prime the
	// server sends (and it sends at least one).
	dhBits int
	// named are suites that must be reported, the point of the scenario.
	named []uint16
}

const (
	x25519    = 0x001D
	secp256r1 = 0x0017
)

var scenarios = []scenario{
	{"openssl-tls13-only", tls13OnlyServer, tls13OnlyWant},
	{"openssl-ecdsa-serverpref", ecdsaServerPrefServer, ecdsaServerPrefWant},
	{"openssl-legacy", legacyServer, legacyWant},
	{"openssl-no-tls11", noTLS11Server, noTLS11Want},
	{"openssl-dhe1024", dhe1024Server, dhe1024Want},
	{"nginx-rsa-ecdsa", nginxDualCertServer, nginxDualCertWant},
	{"gnutls-rc4-3des", gnutlsRC4Server, gnutlsRC4Want},
	{"openssl-anssi-compliant", compliantServer, compliantWant},
	{"openssl-prioritize-chacha", prioritizeChaChaServer, prioritizeChaChaWant},
}

// 9. OpenSSL with server order and SSL_OP_PRIORITIZE_CHACHA: its order
// holds, except that a client leading with ChaCha20 gets ChaCha20.
func prioritizeChaChaServer(t testing.TB) *peer.Server {
	cert, key := peer.NewECDSACert(t, t.TempDir(), elliptic.P256())
	return peer.OpenSSL(t, "-cert", cert, "-key", key, "-cipher", peer.CompliantCiphers, "-ciphersuites", peer.Compliant13,
		"-serverpref", "-prioritize_chacha")
}

func prioritizeChaChaWant(t testing.TB) want {
	w := compliantWant(t)
	w.groups = nil
	w.mixed = map[scanner.Version]bool{scanner.TLSv12: true, scanner.TLSv13: true}
	return w
}

// 8. OpenSSL configured as the ANSSI TLS guide recommends: TLS 1.2 and 1.3,
// Annex A.1 suites only, ECDHE over x25519, P-256 and P-384, server order.
// It is the server the compliance depth's connection budget is measured on.
func compliantServer(t testing.TB) *peer.Server {
	cert, key := peer.NewECDSACert(t, t.TempDir(), elliptic.P256())
	return peer.OpenSSL(t, "-cert", cert, "-key", key, "-cipher", peer.CompliantCiphers, "-ciphersuites", peer.Compliant13,
		"-groups", "X25519:P-256:P-384", "-serverpref")
}

func compliantWant(t testing.TB) want {
	return want{
		versions: onlyVersions(scanner.TLSv12, scanner.TLSv13),
		suites:   opensslExpect(t, peer.CompliantCiphers, peer.Compliant13, []scanner.Version{scanner.TLSv12, scanner.TLSv13}, peer.ServableBy("ECDSA")),
		order:    map[scanner.Version]bool{scanner.TLSv12: true, scanner.TLSv13: true},
		groups: map[scanner.Version][]uint16{
			scanner.TLSv12: {x25519, secp256r1},
			scanner.TLSv13: {x25519, secp256r1, 0x0018},
		},
	}
}

// 1. OpenSSL, TLS 1.3 only, default TLS 1.3 suites and groups, no server
// preference.
func tls13OnlyServer(t testing.TB) *peer.Server { return peer.OpenSSL(t, "-tls1_3") }

func tls13OnlyWant(t testing.TB) want {
	return want{
		versions: onlyVersions(scanner.TLSv13),
		suites:   opensslExpect(t, "DEFAULT", "", []scanner.Version{scanner.TLSv13}, peer.ServableBy("RSA")),
		order:    map[scanner.Version]bool{scanner.TLSv13: false},
		groups:   map[scanner.Version][]uint16{scanner.TLSv13: {x25519, secp256r1}},
	}
}

// 2. OpenSSL, TLS 1.2 and 1.3, ECDSA P-256 certificate, three TLS 1.2
// suites in server order. TLS 1.0 and 1.1 are out: the suites are TLS 1.2
// only (and the default security level forbids them anyway).
const ecdsaCiphers = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305"

func ecdsaServerPrefServer(t testing.TB) *peer.Server {
	cert, key := peer.NewECDSACert(t, t.TempDir(), elliptic.P256())
	return peer.OpenSSL(t, "-cert", cert, "-key", key, "-cipher", ecdsaCiphers, "-serverpref")
}

func ecdsaServerPrefWant(t testing.TB) want {
	return want{
		versions: onlyVersions(scanner.TLSv12, scanner.TLSv13),
		suites:   opensslExpect(t, ecdsaCiphers, "", []scanner.Version{scanner.TLSv12, scanner.TLSv13}, peer.ServableBy("ECDSA")),
		order:    map[scanner.Version]bool{scanner.TLSv12: true, scanner.TLSv13: true},
		groups: map[scanner.Version][]uint16{
			scanner.TLSv12: {x25519, secp256r1},
			scanner.TLSv13: {x25519, secp256r1},
		},
		named: []uint16{0xC02C, 0xC02B, 0xCCA9},
	}
}

// 3. OpenSSL, everything it has, TLS 1.0 to 1.2. OpenSSL 3.0 refuses TLS
// 1.0 and 1.1 at the default security level (SHA-1 signatures); @SECLEVEL=0
// in the cipher string brings them back. No TLS 1.3, so that the versions
// under test are the legacy ones; the build has no SSLv3.
func legacyServer(t testing.TB) *peer.Server {
	return peer.OpenSSL(t, "-cipher", peer.LegacyCiphers, "-no_tls1_3")
}

func legacyWant(t testing.TB) want {
	vs := []scanner.Version{scanner.TLSv10, scanner.TLSv11, scanner.TLSv12}
	return want{
		versions: onlyVersions(vs...),
		suites:   opensslExpect(t, peer.LegacyCiphers, "", vs, peer.ServableBy("RSA")),
		order:    map[scanner.Version]bool{scanner.TLSv10: false, scanner.TLSv11: false, scanner.TLSv12: false},
	}
}

// 4. OpenSSL, TLS 1.0 and 1.2 but not 1.1 (a hole: a TLS 1.1 hello gets a
// TLS 1.0 answer).
func noTLS11Server(t testing.TB) *peer.Server {
	return peer.OpenSSL(t, "-cipher", peer.LegacyCiphers, "-no_tls1_1", "-no_tls1_3")
}

func noTLS11Want(t testing.TB) want {
	vs := []scanner.Version{scanner.TLSv10, scanner.TLSv12}
	return want{
		versions: onlyVersions(vs...),
		suites:   opensslExpect(t, peer.LegacyCiphers, "", vs, peer.ServableBy("RSA")),
	}
}

// 5. OpenSSL, DHE only, with the 1024-bit RFC 2409 group 2 prime.
func dhe1024Server(t testing.TB) *peer.Server {
	return peer.OpenSSL(t, "-cipher", peer.DHECiphers, "-dhparam", peer.DHParams1024(t, t.TempDir()), "-no_tls1_3")
}

func dhe1024Want(t testing.TB) want {
	vs := []scanner.Version{scanner.TLSv10, scanner.TLSv11, scanner.TLSv12}
	w := want{
		versions: onlyVersions(vs...),
		suites:   opensslExpect(t, peer.DHECiphers, "", vs, peer.ServableBy("RSA")),
		dhBits:   1024,
	}
	for _, v := range vs {
		for _, s := range peer.OpenSSLSuites(t, peer.DHECiphers, "", opensslVersionFlags[v]) {
			if s.Kx != "DH" {
				t.Fatalf("oracle: %s suite %s (Kx=%s) in a DHE-only configuration", v, s.Name, s.Kx)
			}
		}
	}
	return w
}

// 6. nginx with an RSA and an ECDSA certificate, TLS 1.2 and 1.3, its
// default cipher string. nginx sets no DH parameters unless ssl_dhparam
// says so: no DHE suite.
func nginxDualCertServer(t testing.TB) *peer.Server {
	dir := t.TempDir()
	rsaCert, rsaKey := peer.NewRSACert(t, dir, 2048)
	ecCert, ecKey := peer.NewECDSACert(t, dir, elliptic.P256())
	return peer.NginxDualCert(t, peer.CertKey{Chain: rsaCert, Key: rsaKey}, peer.CertKey{Chain: ecCert, Key: ecKey})
}

func nginxDualCertWant(t testing.TB) want {
	vs := []scanner.Version{scanner.TLSv12, scanner.TLSv13}
	servable := peer.ServableBy("RSA", "ECDSA")
	noDHE := func(s peer.Suite) bool { return servable(s) && s.Kx != "DH" }
	return want{
		versions: onlyVersions(vs...),
		suites:   opensslExpect(t, peer.NginxCiphers, "", vs, noDHE),
		order:    map[scanner.Version]bool{scanner.TLSv12: false},
		named:    []uint16{0xC02F, 0xC02B}, // ECDHE-RSA and ECDHE-ECDSA AES-128-GCM
	}
}

// 7. gnutls-serv with RC4 and 3DES added to its NORMAL priorities (TLS 1.0
// to 1.3 in GnuTLS 3.7), RSA certificate.
func gnutlsRC4Server(t testing.TB) *peer.Server { return peer.GnuTLS(t, peer.GnuTLSPriority) }

func gnutlsRC4Want(t testing.TB) want {
	l := peer.GnuTLSSuites(t, peer.GnuTLSPriority)
	w := want{
		versions: map[scanner.Version]scanner.Status{},
		suites:   map[scanner.Version][]uint16{},
		order:    map[scanner.Version]bool{},
		// RC4: TLS_RSA_WITH_RC4_128_SHA, TLS_ECDHE_RSA_WITH_RC4_128_SHA;
		// 3DES: TLS_RSA_, TLS_ECDHE_RSA_, TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA.
		named: []uint16{0x0005, 0xC011, 0x000A, 0xC012, 0x0016},
	}
	for _, v := range scanner.Versions {
		// The key exchanges an RSA certificate serves; gnutls-serv has no
		// PSK or SRP file, and NORMAL no anonymous key exchange.
		codes := l.ForVersion(v.String(), "RSA", "ECDHE-RSA", "DHE-RSA")
		if len(codes) == 0 {
			w.versions[v] = scanner.NotSupported
			continue
		}
		w.versions[v] = scanner.Supported
		w.suites[v] = codes
		w.order[v] = false // no %SERVER_PRECEDENCE
	}
	// Groups are enumerated for TLS 1.3 and TLS 1.2, where GnuTLS
	// negotiates the RFC 7919 groups too.
	w.groups = map[scanner.Version][]uint16{}
	for _, name := range l.Groups {
		g, ok := gnutlsGroups[name]
		if !ok {
			t.Fatalf("oracle: unknown GnuTLS group %s", name)
		}
		for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv13} {
			w.groups[v] = append(w.groups[v], g)
		}
	}
	return w
}

// gnutlsGroups maps the group names of gnutls-cli --list to their codes.
var gnutlsGroups = map[string]uint16{
	"GROUP-SECP192R1": 19, "GROUP-SECP224R1": 21, "GROUP-SECP256R1": 23, "GROUP-SECP384R1": 24, "GROUP-SECP521R1": 25,
	"GROUP-X25519": 29, "GROUP-X448": 30,
	"GROUP-FFDHE2048": 256, "GROUP-FFDHE3072": 257, "GROUP-FFDHE4096": 258, "GROUP-FFDHE6144": 259, "GROUP-FFDHE8192": 260,
}

// TestConformance runs the scenarios one after another: in parallel, a
// loaded machine turns into probe timeouts, which are facts (unknown) and
// would fail the comparison.
func TestConformance(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			srv := sc.start(t)
			w := sc.want(t)
			r, _ := probe(t, srv.AddrPort(), tlsprobe.Inventory)
			check(t, w, r)
			secondOpinion(t, sc.name, srv.Addr, r.TLS)
		})
	}
}

// TestConformanceCompliance runs the compliance depth on the same servers,
// the probes past the ServerHello left out: what it reports must follow
// from the configuration as the inventory does. Every version is decided;
// in TLS 1.2 and 1.3 the suites ANSSI does not recommend are exactly the
// configured ones (the enumeration complete over them) and the recommended
// ones reported are configured ones; in older versions, forbidden whole,
// at least one configured suite proves support; the groups the inventory
// expects and ANSSI does not recommend are reported. On the compliant
// server, the scan keeps to its connection budget.
func TestConformanceCompliance(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			srv := sc.start(t)
			w := sc.want(t)
			r, st := probeCfg(t, srv.AddrPort(), tlsprobe.FoundationOnly(tlsprobe.Config{Depth: tlsprobe.Compliance}))
			if r.Error != nil || r.TLS == nil {
				t.Fatalf("result error %v, observation %v", r.Error, r.TLS)
			}
			// Issue 2's budget: at most 15 connections on a compliant
			// server (the count, not a time: it does not vary by machine).
			if sc.name == "openssl-anssi-compliant" && st.Connections > 15 {
				t.Errorf("%d connections on the compliant server, want at most 15", st.Connections)
			}
			obs := r.TLS
			for _, v := range scanner.Versions {
				if got := versionFact(obs, v); got.Status != w.versions[v] {
					t.Errorf("%s: %s (reason %q %s), want %s", v, got.Status, got.Reason, got.Detail, w.versions[v])
				}
				got := suitesOf(obs, v)
				if _, extra := diff(w.suites[v], got); len(extra) > 0 {
					t.Errorf("%s: suites not configured: %s", v, names(extra))
				}
				switch {
				case w.versions[v] != scanner.Supported:
				case v < scanner.TLSv12 && v != scanner.SSLv2:
					if len(got) == 0 {
						t.Errorf("%s: supported, yet no suite reported", v)
					}
				case v >= scanner.TLSv12:
					offences := func(l []uint16) []uint16 {
						return slices.DeleteFunc(slices.Clone(l), tlsprobe.RecommendedSuite)
					}
					if missing, extra := diff(offences(w.suites[v]), offences(got)); len(missing)+len(extra) > 0 {
						t.Errorf("%s noncompliant suites: missing %s; unexpected %s", v, names(missing), names(extra))
					}
					if e := enumeration(obs, v, scanner.EnumCipherSuites); e == nil || e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeNonCompliant {
						t.Errorf("%s: cipher suite enumeration %+v, want complete over the noncompliant suites", v, e)
					}
				}
			}
			for v, groups := range w.groups {
				got := groupsOf(obs, v)
				for _, g := range groups {
					if tlsprobe.ComplianceGroup(g) && !slices.Contains(got, g) {
						t.Errorf("%s: group 0x%04X not reported (got %04X)", v, g, got)
					}
				}
				if e := enumeration(obs, v, scanner.EnumGroups); e != nil && e.Status != scanner.EnumComplete && e.Status != scanner.EnumNotTested {
					t.Errorf("%s: group enumeration %+v, want complete", v, e)
				}
			}
		})
	}
}

// probe runs cryptoscan against addr as the engine runs in production: its
// own limiter, 4 connections per IP, 5 s timeout.
func probe(t testing.TB, addr netip.AddrPort, depth tlsprobe.Depth) (scanner.Result, scanner.Stats) {
	t.Helper()
	return probeCfg(t, addr, tlsprobe.Config{Depth: depth})
}

func probeCfg(t testing.TB, addr netip.AddrPort, cfg tlsprobe.Config) (scanner.Result, scanner.Stats) {
	t.Helper()
	ep := scanner.Endpoint{Host: addr.Addr().String(), IP: addr.Addr(), Port: addr.Port(), Protocol: "tls", Source: "test"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	r := tlsprobe.New(cfg).Probe(ctx, ep, d)
	return r, d.Stats()
}

// check compares an inventory result with what the configuration implies.
// Every mismatch is reported; none stops the comparison.
func check(t *testing.T, w want, r scanner.Result) {
	t.Helper()
	if r.Error != nil {
		t.Errorf("result error: %v", r.Error)
	}
	obs := r.TLS
	if obs == nil {
		t.Errorf("no TLS observation")
		return
	}
	for _, v := range scanner.Versions {
		got := versionFact(obs, v)
		if got.Status != w.versions[v] {
			t.Errorf("%s: %s (reason %q %s), want %s", v, got.Status, got.Reason, got.Detail, w.versions[v])
		}
		gotSuites := suitesOf(obs, v)
		if w.versions[v] != scanner.Supported {
			if len(gotSuites) > 0 {
				t.Errorf("%s: not supported, but suites listed: %s", v, names(gotSuites))
			}
			continue
		}
		wantSuites := w.suites[v]
		if missing, extra := diff(wantSuites, gotSuites); len(missing)+len(extra) > 0 {
			t.Errorf("%s suites: missing %s; unexpected %s\n got  %s\n want %s", v, names(missing), names(extra), names(gotSuites), names(wantSuites))
		}
		e := enumeration(obs, v, scanner.EnumCipherSuites)
		if e == nil || e.Status != scanner.EnumComplete || e.Scope != scanner.ScopeAll {
			t.Errorf("%s: cipher suite enumeration %+v, want complete over all", v, e)
		}
	}
	for v, enforced := range w.order {
		f := orderFact(obs, v)
		switch {
		case f == nil || f.Enforced == nil:
			t.Errorf("%s: server order unknown (%+v), want enforced=%v", v, f, enforced)
		case *f.Enforced != enforced:
			t.Errorf("%s: server order enforced=%v, want %v", v, *f.Enforced, enforced)
		case f.Mixed != w.mixed[v]:
			t.Errorf("%s: server order mixed=%v (%s), want %v", v, f.Mixed, f.Detail, w.mixed[v])
		case enforced && f.Mixed:
			if len(f.Order) != 0 {
				t.Errorf("%s: mixed, yet an order is reported: %v", v, f.Order)
			}
		case enforced:
			var order []uint16
			for _, c := range f.Order {
				order = append(order, uint16(c))
			}
			if !slices.Equal(order, w.suites[v]) {
				t.Errorf("%s: server order %s, want %s", v, names(order), names(w.suites[v]))
			}
			if got := suitesOf(obs, v); !slices.Equal(got, w.suites[v]) {
				t.Errorf("%s: suites not listed in server order: %s, want %s", v, names(got), names(w.suites[v]))
			}
		}
	}
	for v, groups := range w.groups {
		got := groupsOf(obs, v)
		for _, g := range groups {
			if !slices.Contains(got, g) {
				t.Errorf("%s: group 0x%04X not reported (got %04X)", v, g, got)
			}
		}
	}
	if w.dhBits != 0 {
		if len(obs.DHParams) == 0 {
			t.Errorf("no DH parameters reported, want %d-bit", w.dhBits)
		}
		for _, p := range obs.DHParams {
			if p.Bits != w.dhBits {
				t.Errorf("DH parameters %+v, want %d bits", p, w.dhBits)
			}
		}
	}
	// Debian 12's OpenSSL, nginx and GnuTLS have none of the known flaws
	// the probes look for (CCS injection and Heartbleed fixed in 2014,
	// ROBOT never in OpenSSL's or GnuTLS's constant-time decryption): a
	// server below TLS 1.3 must be found free of them; a TLS 1.3-only one
	// leaves CCS injection untested.
	if x := obs.Extensions; x != nil {
		legacy := false
		for v, st := range w.versions {
			legacy = legacy || v != scanner.TLSv13 && st == scanner.Supported
		}
		switch {
		case legacy && (x.CCSInjection.Status != scanner.NotSupported || x.Heartbleed.Status != scanner.NotSupported):
			t.Errorf("known flaws: CCS injection %+v, Heartbleed %+v, want both not_supported", x.CCSInjection, x.Heartbleed)
		case !legacy && x.CCSInjection.Reason != scanner.ReasonNotTested:
			t.Errorf("CCS injection on a TLS 1.3-only server: %+v, want not tested", x.CCSInjection)
		}
		// None is a ROBOT oracle: where RSA key transport is accepted
		// below TLS 1.3 the five key exchanges get one answer; elsewhere
		// the probe does not run.
		rsaKT := slices.ContainsFunc(obs.CipherSuites, func(s scanner.SuiteFact) bool {
			cs, ok := tlsprobe.SuiteByCode(s.Code)
			return ok && cs.Kx == tlsprobe.KxRSA && s.Version < scanner.TLSv13
		})
		switch {
		case rsaKT && x.ROBOT.Status != scanner.NotSupported:
			t.Errorf("ROBOT %+v, want not_supported (RSA key transport accepted)", x.ROBOT)
		case !rsaKT && (x.ROBOT.Status != scanner.StatusUnknown || x.ROBOT.Reason != scanner.ReasonNotTested):
			t.Errorf("ROBOT %+v, want not tested (no RSA key transport)", x.ROBOT)
		}
		t.Logf("ROBOT: %s %s %s", x.ROBOT.Status, x.ROBOT.Reason, x.ROBOT.Detail)
	}
	var all []uint16
	for _, s := range obs.CipherSuites {
		all = append(all, uint16(s.Code))
	}
	for _, c := range w.named {
		if !slices.Contains(all, c) {
			t.Errorf("%s not reported in any version", peer.SuiteName(c))
		}
	}
}

// secondOpinion runs sslscan against the same server and logs, one
// DISAGREE line each, every version, suite and group on which sslscan and
// cryptoscan differ. The lines are stable (sorted, key=value) for the lead
// to diff between runs; a note= says when the cause is known.
func secondOpinion(t *testing.T, server, addr string, obs *scanner.TLSObservation) {
	t.Helper()
	if !peer.Installed("sslscan") {
		if os.Getenv(peer.RequireEnv) == "1" {
			t.Errorf("sslscan not installed (%s=1)", peer.RequireEnv)
		} else {
			t.Logf("sslscan not installed: no second opinion")
		}
		return
	}
	ss := peer.Sslscan(t, addr)
	if obs == nil {
		obs = &scanner.TLSObservation{}
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	n := 0
	for _, v := range scanner.Versions {
		csStatus := versionFact(obs, v).Status
		ssEnabled, tested := ss.Versions[v.String()]
		if tested && (csStatus == scanner.Supported) != ssEnabled {
			cs := "yes"
			if csStatus != scanner.Supported {
				cs = string(csStatus)
				if csStatus == scanner.NotSupported {
					cs = "no"
				}
			}
			t.Logf("DISAGREE server=%s version=%s protocol cryptoscan=%s sslscan=%s", server, v, cs, yes(ssEnabled))
			n++
		}
		csSuites, ssSuites := suitesOf(obs, v), ss.Accepted(v.String())
		for _, c := range union(csSuites, ssSuites) {
			inCS, inSS := slices.Contains(csSuites, c), slices.Contains(ssSuites, c)
			if inCS == inSS {
				continue
			}
			note := ""
			if inCS && !peer.OpenSSLKnows(c) {
				note = " note=sslscan-openssl-lacks-suite"
			}
			t.Logf("DISAGREE server=%s version=%s suite=0x%04X name=%s cryptoscan=%s sslscan=%s%s",
				server, v, c, peer.SuiteName(c), yes(inCS), yes(inSS), note)
			n++
		}
		csGroups, ssGroups := groupsOf(obs, v), ss.GroupCodes(v.String())
		for _, g := range union(csGroups, ssGroups) {
			inCS, inSS := slices.Contains(csGroups, g), slices.Contains(ssGroups, g)
			if inCS != inSS {
				note := ""
				if v < scanner.TLSv12 {
					// sslscan 2.0.7 lists groups for TLS 1.2 and 1.3 only.
					note = " note=sslscan-groups-tls12-13-only"
				}
				t.Logf("DISAGREE server=%s version=%s group=0x%04X cryptoscan=%s sslscan=%s%s", server, v, g, yes(inCS), yes(inSS), note)
				n++
			}
		}
	}
	t.Logf("sslscan (%v): %d disagreements with cryptoscan on %s", ss.Duration.Round(time.Millisecond), n, server)
}

func onlyVersions(supported ...scanner.Version) map[scanner.Version]scanner.Status {
	m := make(map[scanner.Version]scanner.Status)
	for _, v := range scanner.Versions {
		m[v] = scanner.NotSupported
	}
	for _, v := range supported {
		m[v] = scanner.Supported
	}
	return m
}

var opensslVersionFlags = map[scanner.Version]string{
	scanner.TLSv10: "-tls1",
	scanner.TLSv11: "-tls1_1",
	scanner.TLSv12: "-tls1_2",
	scanner.TLSv13: "-tls1_3",
}

// opensslExpect is, for each version, the suites OpenSSL accepts with the
// cipher string and TLS 1.3 suites that a server holding its certificates
// can negotiate (keep), in OpenSSL's preference order. An empty list means
// the scenario is wrong: each version it names must have suites.
func opensslExpect(t testing.TB, cipherString, tls13Suites string, versions []scanner.Version, keep func(peer.Suite) bool) map[scanner.Version][]uint16 {
	t.Helper()
	m := make(map[scanner.Version][]uint16)
	for _, v := range versions {
		codes := peer.Codes(peer.Filter(peer.OpenSSLSuites(t, cipherString, tls13Suites, opensslVersionFlags[v]), keep))
		if len(codes) == 0 {
			t.Fatalf("oracle: no %s suite for %q", v, cipherString)
		}
		m[v] = codes
	}
	return m
}

func versionFact(obs *scanner.TLSObservation, v scanner.Version) scanner.VersionFact {
	for _, f := range obs.Versions {
		if f.Version == v {
			return f
		}
	}
	return scanner.VersionFact{Version: v, Status: "missing"}
}

func suitesOf(obs *scanner.TLSObservation, v scanner.Version) []uint16 {
	var codes []uint16
	for _, s := range obs.CipherSuites {
		if s.Version == v {
			codes = append(codes, uint16(s.Code))
		}
	}
	return codes
}

func groupsOf(obs *scanner.TLSObservation, v scanner.Version) []uint16 {
	var codes []uint16
	for _, g := range obs.Groups {
		if g.Version == v {
			codes = append(codes, uint16(g.Code))
		}
	}
	return codes
}

func enumeration(obs *scanner.TLSObservation, v scanner.Version, kind scanner.EnumKind) *scanner.Enumeration {
	for i, e := range obs.Enumerations {
		if e.Version == v && e.Kind == kind {
			return &obs.Enumerations[i]
		}
	}
	return nil
}

func orderFact(obs *scanner.TLSObservation, v scanner.Version) *scanner.OrderFact {
	for i, f := range obs.ServerOrder {
		if f.Version == v {
			return &obs.ServerOrder[i]
		}
	}
	return nil
}

// diff returns the codes of want not in got, and of got not in want.
func diff(want, got []uint16) (missing, extra []uint16) {
	for _, c := range want {
		if !slices.Contains(got, c) {
			missing = append(missing, c)
		}
	}
	for _, c := range got {
		if !slices.Contains(want, c) {
			extra = append(extra, c)
		}
	}
	return missing, extra
}

// union is the sorted union of a and b.
func union(a, b []uint16) []uint16 {
	u := slices.Concat(a, b)
	slices.Sort(u)
	return slices.Compact(u)
}

func names(codes []uint16) string {
	if len(codes) == 0 {
		return "[]"
	}
	var b strings.Builder
	b.WriteString("[")
	for i, c := range codes {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "0x%04X %s", c, peer.SuiteName(c))
	}
	b.WriteString("]")
	return b.String()
}
