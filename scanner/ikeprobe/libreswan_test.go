package ikeprobe

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// Conformance against Debian's Libreswan 4.10 (pluto, started by
// peer.StartLibreswan on 127.0.0.1:500). The oracle is what pluto says
// it loaded: the IKE SA proposals it logs when the connection is added
// ("AES_GCM_C_256-HMAC_SHA2_384-NONE-ECP_384", its defaults filled in),
// read with lsNames; the probe must name exactly the union of each
// transform type over them, the key-exchange methods in the order they
// first appear (pluto selects by its own proposals' order). The
// politeness proof is pluto's own: no IKEv2 state is left (whack
// --globalstatus), pluto never answered IKE_SA_INIT in full (no state
// reached STATE_V2_PARENT_R1) nor sent a cookie, and the only states
// left are the IKEv1 Main Mode ones the probe declares. With an IKEv1
// connection (ikev1-policy=accept, ikev2=no) the oracle is `whack
// --status`'s IKE algorithms and pluto's rule of choice (checkLibreswanV1);
// pluto then refuses every IKE_SA_INIT. By default pluto 4.10 drops
// IKEv1 silently, so each IKEv2 scenario waits out the Main Mode
// request's timeout (2 s).

type lsScenario struct {
	name  string
	setup string // config setup lines
	conn  string // the conn section's own lines
	ikev1 bool   // the connection is IKEv1's (ikev2=no)
}

var lsScenarios = []lsScenario{
	{name: "aead-ikev2-only", conn: "ikev2=yes\n\tike=aes_gcm256-sha2_384;dh20"},
	{name: "two-proposals", conn: "ikev2=yes\n\tike=aes128-sha2_256;modp2048,aes256-sha2_512;dh21+modp3072"},
	{name: "ikev1", setup: "ikev1-policy=accept", conn: "ikev2=no\n\tike=aes256-sha2_256;modp2048,3des-sha1;modp1536", ikev1: true},
}

func (sc lsScenario) connections() string {
	return `conn test
	left=127.0.0.1
	leftid=@server
	right=%any
	rightikeport=4501
	authby=secret
	` + sc.conn + "\n"
}

// lsNames maps the algorithm names pluto logs to transforms (Libreswan
// 4.10, `pluto --selftest`'s tables; the subset the scenarios use).
var lsNames = map[string]candidate{
	"AES_GCM_C_256":     {typ: transformENCR, id: 20, keyBits: 256},
	"AES_GCM_C_128":     {typ: transformENCR, id: 20, keyBits: 128},
	"AES_CBC_256":       {typ: transformENCR, id: 12, keyBits: 256},
	"AES_CBC_128":       {typ: transformENCR, id: 12, keyBits: 128},
	"3DES":              {typ: transformENCR, id: 3},
	"HMAC_SHA1":         {typ: transformPRF, id: 2},
	"HMAC_SHA2_256":     {typ: transformPRF, id: 5},
	"HMAC_SHA2_384":     {typ: transformPRF, id: 6},
	"HMAC_SHA2_512":     {typ: transformPRF, id: 7},
	"HMAC_SHA1_96":      {typ: transformINTEG, id: 2},
	"HMAC_SHA2_256_128": {typ: transformINTEG, id: 12},
	"HMAC_SHA2_384_192": {typ: transformINTEG, id: 13},
	"HMAC_SHA2_512_256": {typ: transformINTEG, id: 14},
	"MODP1536":          {typ: transformKE, id: 5},
	"MODP2048":          {typ: transformKE, id: 14},
	"MODP3072":          {typ: transformKE, id: 15},
	"ECP_256":           {typ: transformKE, id: 19},
	"ECP_384":           {typ: transformKE, id: 20},
	"ECP_521":           {typ: transformKE, id: 21},
}

// lsExpected is what pluto's proposals imply: per type, the transforms
// as "id/bits", in registry order but for ke, in the order they appear.
// Each proposal is ENCR-PRF-INTEG-DH, "+" joining several of one kind,
// NONE for no integrity.
func lsExpected(t *testing.T, proposals []string) map[string][]string {
	t.Helper()
	want := map[string][]string{}
	kinds := []uint8{transformENCR, transformPRF, transformINTEG, transformKE}
	for _, p := range proposals {
		parts := strings.Split(p, "-")
		if len(parts) != len(kinds) {
			t.Fatalf("pluto's proposal %q is not ENCR-PRF-INTEG-DH", p)
		}
		for i, part := range parts {
			for _, name := range strings.Split(part, "+") {
				if name == "NONE" && kinds[i] == transformINTEG {
					continue
				}
				c, ok := lsNames[name]
				if !ok || c.typ != kinds[i] {
					t.Fatalf("algorithm %q of %q not in the table as type %d", name, p, kinds[i])
				}
				k := fmt.Sprintf("%d/%d", c.id, c.keyBits)
				if n := typeName(c.typ); !slices.Contains(want[n], k) {
					want[n] = append(want[n], k)
				}
			}
		}
	}
	all := allCandidates()
	for _, tt := range transformTypes {
		if tt.id == transformKE {
			continue
		}
		slices.SortFunc(want[tt.name], func(a, b string) int {
			return indexOf(all[tt.id], a) - indexOf(all[tt.id], b)
		})
	}
	return want
}

func probeLibreswan(t testing.TB, ls *peer.Libreswan) scanner.Result {
	t.Helper()
	ap := ls.AddrPort()
	ep := scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "ike", Source: "argument"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second}
	return New(Config{}).Probe(context.Background(), ep, d)
}

func TestLibreswanConformance(t *testing.T) {
	for _, sc := range lsScenarios {
		t.Run(sc.name, func(t *testing.T) {
			// No t.Parallel: pluto binds 500 and 4500 (peer.StartLibreswan).
			ls := peer.StartLibreswan(t, sc.setup, sc.connections())
			var proposals, v1Algs []string
			if sc.ikev1 {
				v1Algs = ls.IKEAlgorithms(t, "test")
				t.Logf("pluto's IKEv1 algorithms: %q", v1Algs)
			} else {
				proposals = ls.IKEProposals(t, "test")
				t.Logf("pluto's IKE proposals: %q", proposals)
			}
			r := probeLibreswan(t, ls)
			obs := r.IKE
			t.Logf("observation: %s", dump(obs))
			if r.Error != nil || obs.V2.Status != scanner.Supported {
				t.Fatalf("error %v, ikev2 %+v", r.Error, obs.V2)
			}
			want := lsExpected(t, proposals)
			got := map[string][]string{}
			for _, tr := range obs.Transforms {
				got[tr.Type] = append(got[tr.Type], fmt.Sprintf("%d/%d", tr.ID, tr.KeyBits))
			}
			for _, tt := range transformTypes {
				if !slices.Equal(got[tt.name], want[tt.name]) {
					t.Errorf("%s: got %v, want %v (from %q)", tt.name, got[tt.name], want[tt.name], proposals)
				}
			}
			for _, e := range obs.Enumerations {
				if e.Status != scanner.EnumComplete {
					t.Errorf("enumeration %+v", e)
				}
			}
			if !sc.ikev1 {
				// pluto rejects the KE payload for 65535 once, as
				// malformed, and is asked with reservedGroup after.
				log := ls.Output()
				if n := strings.Count(log, "has an unknown value: 65535"); n != 1 {
					t.Errorf("pluto rejected %d KE payloads for 65535, want 1", n)
				}
				if !strings.Contains(log, "responding with INVALID_KE_PAYLOAD") {
					t.Error("no INVALID_KE_PAYLOAD in pluto's log")
				}
				if !slices.ContainsFunc(obs.Notes, func(n string) bool { return strings.Contains(n, "INVALID_SYNTAX") }) {
					t.Errorf("notes %q", obs.Notes)
				}
			}
			checkLibreswanV1(t, v1Algs, obs)
			checkLibreswanPolite(t, ls, obs)
		})
	}
}

// lsV1Names maps the IKEv1 algorithm names `whack --status` lists to
// RFC 2409 attribute values (Appendix A): encryption with key length,
// hash, group.
var lsV1Names = map[string][2]uint16{
	"AES_CBC_256": {7, 256}, "AES_CBC_128": {7, 128}, "3DES_CBC": {5, 0},
	"HMAC_SHA2_512": {6}, "HMAC_SHA2_256": {4}, "HMAC_SHA1": {2}, "HMAC_MD5": {1},
	"MODP2048": {14}, "MODP3072": {15}, "MODP1536": {5}, "MODP1024": {2},
}

// v1Accepts says whether pluto, holding algs, accepts the suite with a
// pre-shared key (authby=secret).
func v1Accepts(t *testing.T, algs []string, su v1Suite) bool {
	t.Helper()
	for _, a := range algs {
		parts := strings.Split(a, "-")
		if len(parts) != 3 {
			t.Fatalf("pluto's IKEv1 algorithm %q is not ENC-HASH-GROUP", a)
		}
		var v [3][2]uint16
		for i, p := range parts {
			x, ok := lsV1Names[p]
			if !ok {
				t.Fatalf("IKEv1 algorithm %q of %q not in the table", p, a)
			}
			v[i] = x
		}
		if su.enc == v[0][0] && su.keyBits == v[0][1] && su.hash == v[1][0] && su.group == v[2][0] && su.auth == 1 {
			return true
		}
	}
	return false
}

// checkLibreswanV1 compares the IKEv1 facts with what pluto loaded (none
// when algs is nil). pluto takes, from a Main Mode request, the first
// transform it accepts in the request's order, and the probe's broad
// offer goes strongest first in requests of 36: the transform chosen is
// the first of the broad offer that pluto accepts, and the weak offer is
// accepted when any of its transforms is.
func checkLibreswanV1(t *testing.T, algs []string, obs *scanner.IKEObservation) {
	t.Helper()
	chosen := v1Chosen(obs)
	if algs == nil {
		// pluto 4.10 drops IKEv1 by default (ikev1-policy=drop): the
		// probe reads the silence, beside IKEv2 answers, as no IKEv1.
		if obs.V1.Status != scanner.NotSupported || len(chosen) != 0 {
			t.Errorf("ikev1 %+v, offers %+v", obs.V1, obs.V1Offers)
		}
		return
	}
	i := slices.IndexFunc(v1Broad(), func(su v1Suite) bool { return v1Accepts(t, algs, su) })
	if i < 0 {
		t.Fatalf("no broad transform matches %q", algs)
	}
	want := v1Broad()[i]
	// The weak offer asks class by class, worst first, and stops at the
	// first class pluto accepts a transform of.
	wantWeak, wantRefused := false, []string{}
	for i, class := range v1Weak() {
		if slices.ContainsFunc(class, func(su v1Suite) bool { return v1Accepts(t, algs, su) }) {
			wantWeak = true
			break
		}
		wantRefused = append(wantRefused, scanner.IKEv1WeakClasses[i])
	}
	if obs.V1.Status != scanner.Supported || len(chosen) == 0 {
		t.Fatalf("ikev1 %+v", obs.V1)
	}
	tr := chosen[0]
	if got := (v1Suite{enc: tr.EncryptionID, keyBits: uint16(tr.KeyBits), hash: tr.HashID, auth: tr.AuthID, group: tr.GroupID}); got != want {
		t.Errorf("ikev1 chosen %+v, want %+v (from %q)", got, want, algs)
	}
	if weak := weakV1Accepted(obs); weak != wantWeak {
		t.Errorf("weak IKEv1 transform accepted: %v, want %v (%+v)", weak, wantWeak, obs.V1Offers)
	}
	for _, o := range obs.V1Offers {
		if o.Status == scanner.StatusUnknown {
			t.Errorf("IKEv1 %s offer unanswered: %+v", o.Kind, o)
		}
		if o.Kind == scanner.IKEv1Weak && !slices.Equal(o.Refused, wantRefused) {
			t.Errorf("weak classes refused %v, want %v", o.Refused, wantRefused)
		}
	}
}

// checkLibreswanPolite asserts pluto kept no IKEv2 state, went on with
// no exchange but the IKE_AUTH one (which its pre-shared key connections
// refuse to an EAP initiator), and never asked for a cookie.
func checkLibreswanPolite(t *testing.T, ls *peer.Libreswan, obs *scanner.IKEObservation) {
	t.Helper()
	n := ls.States(t)
	if v1 := len(v1Chosen(obs)); n["all"] != v1 || n["ike"] != v1 {
		t.Errorf("pluto holds %d states (%d IKE SAs); the probe's IKEv1 answers account for %d: %v", n["all"], n["ike"], v1, n)
	}
	log := ls.Output()
	bads := []string{"COOKIE", "ddos"}
	// Only the IKE_AUTH exchange (auth.go) goes on with IKE_SA_INIT; the
	// PSK connections answer it AUTHENTICATION_FAILED and delete the
	// state (counted above).
	if a := obs.Auth; a == nil || len(a.Transforms) == 0 {
		bads = append(bads, "STATE_V2_PARENT_R1")
	} else if a.Status != scanner.NotSupported || !strings.Contains(a.Detail, "AUTHENTICATION_FAILED") {
		t.Errorf("auth %+v", a)
	}
	for _, bad := range bads {
		if strings.Contains(log, bad) {
			t.Errorf("pluto's log has %q", bad)
		}
	}
	if obs.Cookie {
		t.Error("a cookie was asked for")
	}
}

// lsReplyNames maps the names in pluto's "sent IKE_SA_INIT reply
// {cipher=... integ=... prf=... group=...}" log line to transforms
// (Libreswan 4.10; "n/a" for no integrity algorithm).
var lsReplyNames = map[string]candidate{
	"3DES_CBC_192":      {typ: transformENCR, id: 3},
	"AES_CTR_128":       {typ: transformENCR, id: 13, keyBits: 128},
	"AES_GCM_16_256":    {typ: transformENCR, id: 20, keyBits: 256},
	"HMAC_SHA1_96":      {typ: transformINTEG, id: 2},
	"HMAC_SHA2_256_128": {typ: transformINTEG, id: 12},
	"HMAC_SHA1":         {typ: transformPRF, id: 2},
	"HMAC_SHA2_256":     {typ: transformPRF, id: 5},
	"HMAC_SHA2_384":     {typ: transformPRF, id: 6},
	"MODP1536":          {typ: transformKE, id: 5},
	"MODP2048":          {typ: transformKE, id: 14},
	"DH20":              {typ: transformKE, id: 20},
}

var lsInitReply = regexp.MustCompile(`sent IKE_SA_INIT reply \{cipher=(\S+) integ=(\S+) prf=(\S+) group=(\S+)\}`)

// TestAuthLibreswanEAP runs the exchange against Libreswan 4.10 as an
// EAP gateway, the second implementation of the responder's side of
// Section 2.16: pluto 4.10's one EAP method is EAP-TLS (leftautheap=tls
// and rightautheap=tls, rightauth=eaponly), and with it pluto answers an
// initiator without AUTH with IDr, its certificate (from its NSS
// database), AUTH and an EAP-TLS start. The oracle is pluto's: the
// transforms it logs it replied IKE_SA_INIT with, its identity as `whack
// --status` lists it, the certificate NSS holds under the connection's
// leftcert nickname, its "sent EAP request" log line, and its state
// count. The legacy sets run too: 3DES with SHA-1 and MODP-1536 (pluto
// 4.10 has no MODP-1024), and AES-CTR.
//
// pluto does not answer the INFORMATIONAL request deleting the SA ("no
// useful state microcode entry found for incoming packet": its
// EAP-waiting state takes no other exchange), so the probe waits out
// half its timeout and pluto keeps the IKE SA.
func TestAuthLibreswanEAP(t *testing.T) {
	for _, tc := range []struct{ name, ike string }{
		{"3des sha1 modp1536", "3des-sha1;modp1536"},
		{"aes-ctr sha256 modp2048", "aes_ctr128-sha2_256;modp2048"},
		{"aes-gcm sha384 ecp384", "aes_gcm256-sha2_384;dh20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// No t.Parallel: pluto binds 500 and 4500 (peer.StartLibreswan).
			g := newGatewayPKI(t, "vpn.example.test")
			ls := peer.StartLibreswanWithCreds(t, "", `conn rw
	left=127.0.0.1
	leftid=@vpn.example.test
	leftcert=gateway
	leftauth=ecdsa
	leftsendcert=always
	leftautheap=tls
	right=%any
	rightikeport=4501
	rightid=%any
	rightauth=eaponly
	rightautheap=tls
	ikev2=yes
	ike=`+tc.ike+"\n", peer.LibreswanCreds{CAs: []string{g.caFile}, Cert: g.certFile, Key: g.keyFile, Nickname: "gateway"})
			ap := ls.AddrPort()
			ep := scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "ike", Source: "argument"}
			d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second}
			r := New(Config{Roots: g.pool(t), NoIKEv1: true}).Probe(context.Background(), ep, d)
			a := r.IKE.Auth
			log := ls.Output()
			if a == nil || a.Status != scanner.Supported {
				t.Fatalf("auth %s\npluto:\n%s", dump(a), log)
			}
			t.Logf("auth: %s", a.Detail)

			replies := lsInitReply.FindAllStringSubmatch(log, -1)
			if len(replies) != 1 {
				t.Fatalf("pluto sent %d full IKE_SA_INIT replies, want 1", len(replies))
			}
			var want []scanner.IKETransform
			for _, name := range replies[0][1:] {
				if name == "n/a" {
					continue
				}
				c, ok := lsReplyNames[name]
				if !ok {
					t.Fatalf("%q of %q not in lsReplyNames", name, replies[0][0])
				}
				want = append(want, scanner.IKETransform{Type: typeName(c.typ), ID: c.id, Name: transformName(c.typ, c.id), KeyBits: c.keyBits})
			}
			order := map[string]int{scanner.IKEEncryption: 0, scanner.IKEPRF: 1, scanner.IKEIntegrity: 2, scanner.IKEKeyExchange: 3}
			slices.SortFunc(want, func(x, y scanner.IKETransform) int { return order[x.Type] - order[y.Type] })
			if !slices.Equal(a.Transforms, want) {
				t.Errorf("transforms %s\npluto replied with %s", dump(a.Transforms), replies[0][0])
			}
			weak := strings.Contains(tc.ike, "sha1")
			if strings.Contains(a.Detail, "(weak: ") != weak || !strings.Contains(a.Detail, "EAP-TLS") || !strings.Contains(a.Detail, "signature verifies") {
				t.Errorf("detail %q", a.Detail)
			}

			status := ls.Whack(t, "--status")
			if !strings.Contains(status, `"rw":   our idtype: ID_FQDN; our id=@vpn.example.test;`) || a.IDType != "FQDN" || a.ID != "vpn.example.test" {
				t.Errorf("IDr %s %q; pluto's status:\n%s", a.IDType, a.ID, status)
			}
			nss := sha256.Sum256(ls.NSSCertificate(t, "gateway"))
			if len(a.Certificates) != 1 || a.Certificates[0].Chain[0].SHA256 != hex.EncodeToString(nss[:]) || !a.Certificates[0].Trusted {
				t.Errorf("chain %s, want NSS's gateway certificate %x", dump(a.Certificates), nss)
			}
			if n := strings.Count(log, "sent EAP request"); n != 1 {
				t.Errorf("pluto sent %d EAP requests, want 1", n)
			}
			if strings.Contains(log, "COOKIE") || r.IKE.Cookie {
				t.Error("a cookie was asked for")
			}
			// The SA waiting for EAP stays; the DELETE went unanswered.
			if n := ls.States(t); n["ike"] != 1 || n["all"] != 1 {
				t.Errorf("pluto holds %v states, want the one IKE SA waiting for EAP", n)
			}
			if !strings.Contains(log, "no useful state microcode entry found for incoming packet") || !strings.Contains(a.Detail, "deleting the IKE SA was not answered") {
				t.Errorf("the DELETE was answered? detail %q", a.Detail)
			}
		})
	}
}
