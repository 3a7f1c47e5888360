package ikeprobe

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// An in-process responder on 127.0.0.1:0 for what charon will not do:
// silence, garbage, lies in length fields, cookies, full answers,
// throttling. respond gets each request datagram and returns the
// datagrams to answer with.
func fakeResponder(t *testing.T, respond func(req []byte) [][]byte) netip.AddrPort {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	go func() {
		buf := make([]byte, 65536)
		for {
			n, from, err := c.ReadFrom(buf)
			if err != nil {
				return
			}
			for _, a := range respond(slices.Clone(buf[:n])) {
				c.WriteTo(a, from)
			}
		}
	}()
	return netip.MustParseAddrPort(c.LocalAddr().String())
}

func probeFake(t *testing.T, ap netip.AddrPort, timeout time.Duration) scanner.Result {
	t.Helper()
	ep := scanner.Endpoint{Host: "127.0.0.1", IP: ap.Addr(), Port: ap.Port(), Protocol: "ike", Source: "argument"}
	d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: timeout}
	return New(Config{}).Probe(context.Background(), ep, d)
}

// answerTo builds an IKEv2 answer to req with the given payloads.
func answerTo(req []byte, payloads ...payload) []byte {
	var m message
	if !m.unmarshal(req) {
		return nil
	}
	a := message{spiI: m.spiI, version: versionIKEv2, exchange: exchangeIKESAInit, flags: flagResponse, payloads: payloads}
	b, _ := a.marshal()
	return b
}

func notify(typ uint16, data []byte) payload {
	b, _ := (&notifyPayload{typ: typ, data: data}).marshal()
	return payload{typ: payloadNotify, body: b}
}

// acceptor is a responder that accepts proposals holding all of want
// (transform type -> id), choosing the first KE group of want's, and
// answers Main Mode NO-PROPOSAL-CHOSEN.
func acceptor(want map[uint8]uint16) func(req []byte) [][]byte {
	return func(req []byte) [][]byte {
		var m message
		if !m.unmarshal(req) {
			return nil
		}
		if m.version>>4 == 1 {
			n, _ := (&v1NotifyPayload{doi: doiIPsec, notifyPayload: notifyPayload{protocol: 1, typ: notifyIKEv1NoProposalChosen}}).marshal()
			a := message{spiI: m.spiI, version: versionIKEv1, exchange: exchangeInformational, payloads: []payload{{typ: v1PayloadNotify, body: n}}}
			b, _ := a.marshal()
			return [][]byte{b}
		}
		var sa saPayload
		sa.unmarshal(m.find(payloadSA)[0])
		for _, p := range sa.proposals {
			ok := true
			for typ, id := range want {
				if !slices.ContainsFunc(p.transforms, func(t transform) bool { return t.typ == typ && t.id == id }) {
					ok = false
				}
			}
			if ok {
				return [][]byte{answerTo(req, notify(notifyInvalidKEPayload, binary.BigEndian.AppendUint16(nil, want[transformKE])))}
			}
		}
		return [][]byte{answerTo(req, notify(notifyNoProposalChosen, nil))}
	}
}

var plainSuite = map[uint8]uint16{transformENCR: 3, transformPRF: 2, transformINTEG: 2, transformKE: 14}

func TestFakeAcceptor(t *testing.T) {
	r := probeFake(t, fakeResponder(t, acceptor(plainSuite)), time.Second)
	obs := r.IKE
	if obs.V2.Status != scanner.Supported || obs.V1.Status != scanner.NotSupported {
		t.Fatalf("versions %+v %+v", obs.V2, obs.V1)
	}
	var got []string
	for _, tr := range obs.Transforms {
		got = append(got, tr.Name)
	}
	want := []string{"ENCR_3DES", "PRF_HMAC_SHA1", "AUTH_HMAC_SHA1_96", "2048-bit MODP Group"}
	if !slices.Equal(got, want) {
		t.Errorf("transforms %v, want %v", got, want)
	}
	for _, e := range obs.Enumerations {
		if e.Status != scanner.EnumComplete {
			t.Errorf("%+v", e)
		}
	}
	t.Logf("%d exchanges", r.Stats.Connections)
}

func TestSilence(t *testing.T) {
	start := time.Now()
	r := probeFake(t, fakeResponder(t, func([]byte) [][]byte { return nil }), 300*time.Millisecond)
	if r.IKE.V2.Status != scanner.StatusUnknown || r.IKE.V2.Reason != scanner.ReasonTimeout ||
		r.IKE.V1.Status != scanner.StatusUnknown || r.IKE.V1.Reason != scanner.ReasonTimeout {
		t.Errorf("silence read as %+v / %+v", r.IKE.V2, r.IKE.V1)
	}
	if r.Error == nil || r.Error.Reason != scanner.ReasonTimeout {
		t.Errorf("error %+v", r.Error)
	}
	if r.Stats.Connections != 2 {
		t.Errorf("%d exchanges for a silent responder, want 2 (one per version)", r.Stats.Connections)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestRetransmission(t *testing.T) {
	// The first copy of each request is lost.
	var mu sync.Mutex
	seen := map[string]bool{}
	ok := acceptor(plainSuite)
	ap := fakeResponder(t, func(req []byte) [][]byte {
		mu.Lock()
		defer mu.Unlock()
		if !seen[string(req)] {
			seen[string(req)] = true
			return nil
		}
		return ok(req)
	})
	r := probeFake(t, ap, 400*time.Millisecond)
	if r.IKE.V2.Status != scanner.Supported || len(r.IKE.Transforms) != 4 {
		t.Errorf("%+v", dump(r.IKE))
	}
}

func TestGarbage(t *testing.T) {
	for name, respond := range map[string]func([]byte) [][]byte{
		"random bytes": func([]byte) [][]byte { return [][]byte{[]byte("not an IKE message at all, really")} },
		"length 2^24": func(req []byte) [][]byte {
			a := answerTo(req, notify(notifyNoProposalChosen, nil))
			binary.BigEndian.PutUint32(a[24:], 1<<24)
			return [][]byte{a}
		},
		"truncated payload": func(req []byte) [][]byte {
			a := answerTo(req, notify(notifyNoProposalChosen, nil))
			binary.BigEndian.PutUint16(a[30:], 200) // the Notify claims 200 bytes
			return [][]byte{a}
		},
		"short INVALID_KE_PAYLOAD": func(req []byte) [][]byte {
			return [][]byte{answerTo(req, notify(notifyInvalidKEPayload, []byte{14}))}
		},
		"other SPI": func(req []byte) [][]byte {
			a := answerTo(req, notify(notifyNoProposalChosen, nil))
			a[0] ^= 0xFF
			return [][]byte{a}
		},
	} {
		t.Run(name, func(t *testing.T) {
			r := probeFake(t, fakeResponder(t, respond), 200*time.Millisecond)
			if r.IKE.V2.Status != scanner.StatusUnknown || r.IKE.V2.Reason != scanner.ReasonMalformed {
				t.Errorf("ikev2 %+v", r.IKE.V2)
			}
			if len(r.IKE.Transforms) != 0 {
				t.Errorf("transforms %+v", r.IKE.Transforms)
			}
		})
	}
}

func TestCookie(t *testing.T) {
	ok := acceptor(plainSuite)
	var asked atomic.Int32
	ap := fakeResponder(t, func(req []byte) [][]byte {
		var m message
		m.unmarshal(req)
		if m.version>>4 == 2 {
			if c, has := cookieOf(&m); !has || string(c) != "cookie-of-the-responder" {
				asked.Add(1)
				return [][]byte{answerTo(req, notify(notifyCookie, []byte("cookie-of-the-responder")))}
			}
		}
		return ok(req)
	})
	r := probeFake(t, ap, time.Second)
	if !r.IKE.Cookie || r.IKE.V2.Status != scanner.Supported || len(r.IKE.Transforms) != 4 {
		t.Errorf("%s", dump(r.IKE))
	}
	if asked.Load() == 0 {
		t.Error("no cookie asked")
	}
}

func TestFullResponse(t *testing.T) {
	var mu sync.Mutex
	n := 0
	ap := fakeResponder(t, func(req []byte) [][]byte {
		var m message
		m.unmarshal(req)
		if m.version>>4 == 1 {
			return nil
		}
		mu.Lock()
		n++
		mu.Unlock()
		sa, _ := (&saPayload{proposals: []proposal{{num: 1, protocol: protocolIKE, transforms: []transform{
			{typ: transformENCR, id: 20, attrs: []attribute{{typ: attrKeyLength, tv: true, value: 256}}},
			{typ: transformPRF, id: 7}, {typ: transformKE, id: 31}}}}}).marshal()
		ke, _ := (&kePayload{group: 31, data: make([]byte, 32)}).marshal()
		vid := payload{typ: payloadVendorID, body: []byte{0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc, 0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b, 0xeb}}
		return [][]byte{answerTo(req, payload{typ: payloadSA, body: sa}, payload{typ: payloadKE, body: ke},
			payload{typ: payloadNonce, body: make([]byte, 32)}, notify(16430, nil), notify(notifySignatureHashAlgorithms, []byte{0, 2, 0, 3, 0, 4}), vid)}
	})
	r := probeFake(t, ap, 200*time.Millisecond)
	obs := r.IKE
	if obs.V2.Status != scanner.Supported || len(obs.Transforms) != 3 || obs.Transforms[0].Name != "ENCR_AES_GCM_16" || obs.Transforms[0].KeyBits != 256 {
		t.Errorf("%s", dump(obs))
	}
	// The enumeration's first request, and the IKE_AUTH exchange's
	// IKE_SA_INIT, whose answer's KE payload (zeros) is no Curve25519
	// key.
	if n != 2 {
		t.Errorf("%d IKE_SA_INIT requests sent after a full answer, want 2", n)
	}
	if a := obs.Auth; a == nil || a.Status != scanner.StatusUnknown || a.Reason != scanner.ReasonMalformed {
		t.Errorf("auth %+v", a)
	}
	if len(obs.Notes) == 0 || !strings.Contains(obs.Notes[0], "in full") {
		t.Errorf("notes %q", obs.Notes)
	}
	for _, e := range obs.Enumerations {
		if e.Status != scanner.EnumPartial || e.Reason != scanner.ReasonNotTested {
			t.Errorf("%+v", e)
		}
	}
	if len(obs.Notifications) != 2 || obs.Notifications[0].Name != "IKEV2_FRAGMENTATION_SUPPORTED" ||
		!slices.Equal(obs.Notifications[1].Values, []string{"SHA2-256", "SHA2-384", "SHA2-512"}) {
		t.Errorf("notifications %+v", obs.Notifications)
	}
	if len(obs.VendorIDs) != 1 || obs.VendorIDs[0].Name != "strongSwan" {
		t.Errorf("vendor IDs %+v", obs.VendorIDs)
	}
	// IKEv1 was silent while IKEv2 answered.
	if obs.V1.Status != scanner.NotSupported {
		t.Errorf("ikev1 %+v", obs.V1)
	}
}

func TestThrottled(t *testing.T) {
	// The responder accepts the first request, then refuses everything:
	// the refusals are not believed.
	ok := acceptor(plainSuite)
	var n atomic.Int32
	ap := fakeResponder(t, func(req []byte) [][]byte {
		var m message
		m.unmarshal(req)
		if m.version>>4 == 2 && n.Add(1) == 1 {
			return ok(req)
		}
		return [][]byte{answerTo(req, notify(notifyNoProposalChosen, nil))}
	})
	r := probeFake(t, ap, 200*time.Millisecond)
	for _, e := range r.IKE.Enumerations {
		if e.Status != scanner.EnumPartial || e.Reason != scanner.ReasonThrottled {
			t.Errorf("%+v", e)
		}
	}
}

func TestInvalidSyntax(t *testing.T) {
	ap := fakeResponder(t, func(req []byte) [][]byte {
		return [][]byte{answerTo(req, notify(notifyInvalidSyntax, nil))}
	})
	r := probeFake(t, ap, 200*time.Millisecond)
	if r.IKE.V2.Status != scanner.Supported {
		t.Errorf("ikev2 %+v", r.IKE.V2)
	}
	if len(r.IKE.Transforms) != 0 || len(r.IKE.Notes) != 0 {
		t.Errorf("transforms %+v, notes %q", r.IKE.Transforms, r.IKE.Notes)
	}
	for _, e := range r.IKE.Enumerations {
		if e.Status != scanner.EnumPartial || e.Reason != scanner.ReasonMalformed || !strings.Contains(e.Detail, "INVALID_SYNTAX") || !strings.Contains(e.Detail, "group 3") {
			t.Errorf("%+v", e)
		}
	}
}

// TestKnownGroupsOnly is a responder like Libreswan 4.10: it decodes
// the KE payload's group with its table of the registered groups (0 to
// 32) and answers INVALID_SYNTAX to any other before it looks at the
// proposals. The probe asks again with the reserved group 3 and reads
// the responder exactly, noting the change.
func TestKnownGroupsOnly(t *testing.T) {
	ok := acceptor(plainSuite)
	var syntax atomic.Int32
	ap := fakeResponder(t, func(req []byte) [][]byte {
		var m message
		m.unmarshal(req)
		if m.version>>4 == 2 {
			var ke kePayload
			if kes := m.find(payloadKE); len(kes) != 1 || !ke.unmarshal(kes[0]) || ke.group > 32 {
				syntax.Add(1)
				return [][]byte{answerTo(req, notify(notifyInvalidSyntax, nil))}
			}
		}
		return ok(req)
	})
	r := probeFake(t, ap, time.Second)
	obs := r.IKE
	var got []string
	for _, tr := range obs.Transforms {
		got = append(got, tr.Name)
	}
	if want := []string{"ENCR_3DES", "PRF_HMAC_SHA1", "AUTH_HMAC_SHA1_96", "2048-bit MODP Group"}; !slices.Equal(got, want) {
		t.Errorf("transforms %v, want %v", got, want)
	}
	for _, e := range obs.Enumerations {
		if e.Status != scanner.EnumComplete {
			t.Errorf("%+v", e)
		}
	}
	if n := syntax.Load(); n != 1 {
		t.Errorf("%d requests answered INVALID_SYNTAX, want 1 (the first)", n)
	}
	if len(obs.Notes) != 1 || !strings.Contains(obs.Notes[0], "INVALID_SYNTAX") {
		t.Errorf("notes %q", obs.Notes)
	}
}

func TestRequestByteStable(t *testing.T) {
	build := func() []byte {
		b, err := initRequest(0x1122334455667788, offer(allCandidates()), unchoosableGroup, make([]byte, 32), make([]byte, 32), nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := build(), build()
	if !slices.Equal(a, b) {
		t.Error("the same request encodes differently")
	}
	var m message
	if !m.unmarshal(a) || len(m.payloads) != 3 {
		t.Fatalf("request does not parse")
	}
	var sa saPayload
	if !sa.unmarshal(m.payloads[0].body) {
		t.Fatal("SA does not parse")
	}
	last := sa.proposals[len(sa.proposals)-1]
	var ke kePayload
	ke.unmarshal(m.payloads[1].body)
	// RFC 7296, Section 3.4: the KE group is in a proposal of the SA.
	if ke.group != unchoosableGroup || !slices.ContainsFunc(last.transforms, func(t transform) bool { return t.typ == transformKE && t.id == ke.group }) {
		t.Errorf("KE group %d not in the last proposal %+v", ke.group, last)
	}
	t.Logf("request of %d bytes", len(a))
}

// TestMainModeRequestsUnfragmented: every Main Mode request fits in one
// datagram on a path of IPv6's minimum MTU (1,280 bytes less the IPv6 and
// UDP headers), so that a firewall dropping IP fragments cannot make an
// IKEv1 responder look silent; the offers are split to that end.
func TestMainModeRequestsUnfragmented(t *testing.T) {
	const maxPayload = 1280 - 40 - 8
	offers := map[string][]v1Suite{"broad": v1Broad(), "psk": v1PSK()}
	total := 0
	for i, class := range v1Weak() {
		offers["weak "+scanner.IKEv1WeakClasses[i]] = class
		total += len(class)
	}
	if total != 256 {
		t.Errorf("the weak offer holds %d transforms, want 256", total)
	}
	for name, suites := range offers {
		n := 0
		for chunk := range slices.Chunk(suites, v1Chunk) {
			req, err := mainModeRequest(1, chunk)
			if err != nil {
				t.Fatal(err)
			}
			if len(req) > maxPayload {
				t.Errorf("%s offer, request %d: %d bytes, more than %d", name, n+1, len(req), maxPayload)
			}
			n++
		}
		if want := (len(suites) + v1Chunk - 1) / v1Chunk; n != want || n < 1 {
			t.Errorf("%s offer in %d requests, want %d", name, n, want)
		}
	}
}

// v1Acceptor is a responder speaking IKEv1 only: it chooses the first
// Main Mode transform of a request that accept takes (Main Mode message
// 2, one proposal with that transform) and answers NO-PROPOSAL-CHOSEN
// otherwise; IKEv2 requests get no answer. It counts the transforms it
// chose.
func v1Acceptor(accept func(v1Suite) bool, chosen *atomic.Int64) func(req []byte) [][]byte {
	return func(req []byte) [][]byte {
		var m message
		if !m.unmarshal(req) || m.version>>4 != 1 {
			return nil
		}
		var sa v1SAPayload
		if sas := m.find(v1PayloadSA); len(sas) != 1 || !sa.unmarshal(sas[0]) || len(sa.proposals) != 1 {
			return nil
		}
		for _, tr := range sa.proposals[0].transforms {
			a := v1Attrs(tr)
			su := v1Suite{enc: a[v1AttrEncryption], keyBits: a[v1AttrKeyLength], hash: a[v1AttrHash], auth: a[v1AttrAuth], group: a[v1AttrGroup]}
			if !accept(su) {
				continue
			}
			chosen.Add(1)
			p := sa.proposals[0]
			p.transforms = []v1Transform{tr}
			body, _ := (&v1SAPayload{doi: sa.doi, situation: sa.situation, proposals: []v1Proposal{p}}).marshal()
			b, _ := (&message{spiI: m.spiI, spiR: 7, version: versionIKEv1, exchange: exchangeIdentityProt, payloads: []payload{{typ: v1PayloadSA, body: body}}}).marshal()
			return [][]byte{b}
		}
		n, _ := (&v1NotifyPayload{doi: doiIPsec, notifyPayload: notifyPayload{protocol: 1, typ: notifyIKEv1NoProposalChosen}}).marshal()
		b, _ := (&message{spiI: m.spiI, version: versionIKEv1, exchange: exchangeInformational, payloads: []payload{{typ: v1PayloadNotify, body: n}}}).marshal()
		return [][]byte{b}
	}
}

// TestIKEv1Offers: the broad offer finds a transform, the weak one says
// whether any value graded below pass is accepted, and the pre-shared key
// one is asked only when the broad choice was signed; an accepted offer
// is the only state left on the responder.
func TestIKEv1Offers(t *testing.T) {
	strong := func(su v1Suite) bool { return su.enc == 7 && su.keyBits == 256 && su.hash == 4 && su.group == 19 }
	for _, tc := range []struct {
		name   string
		accept func(v1Suite) bool
		want   map[string]scanner.Status // offer kind -> answer
		chosen string                    // the broad choice
		// refused is how many weak classes the weak offer found
		// refused, in order.
		refused int
	}{
		{"signatures, nothing weak", func(su v1Suite) bool { return strong(su) && su.auth == v1AuthRSA },
			map[string]scanner.Status{scanner.IKEv1Broad: scanner.Supported, scanner.IKEv1Weak: scanner.NotSupported, scanner.IKEv1PSK: scanner.NotSupported},
			"AES-CBC 256 SHA2-256 RSA signatures 19", 5},
		{"signatures and a pre-shared key", func(su v1Suite) bool { return strong(su) && (su.auth == v1AuthRSA || su.group == 19) },
			map[string]scanner.Status{scanner.IKEv1Broad: scanner.Supported, scanner.IKEv1Weak: scanner.NotSupported},
			"AES-CBC 256 SHA2-256 pre-shared key 19", 5},
		{"group 14 beside 19, signatures", func(su v1Suite) bool {
			return su.enc == 7 && su.keyBits == 256 && su.hash == 4 && (su.group == 19 || su.group == 14) && su.auth == v1AuthRSA
		}, map[string]scanner.Status{scanner.IKEv1Broad: scanner.Supported, scanner.IKEv1Weak: scanner.Supported, scanner.IKEv1PSK: scanner.NotSupported},
			"AES-CBC 256 SHA2-256 RSA signatures 19", 4},
		{"3DES and SHA-1 beside AES, signatures", func(su v1Suite) bool {
			return su.auth == v1AuthRSA && su.group == 19 && (strong(su) || su.enc == 5 && su.hash == 2)
		}, map[string]scanner.Status{scanner.IKEv1Broad: scanner.Supported, scanner.IKEv1Weak: scanner.Supported, scanner.IKEv1PSK: scanner.NotSupported},
			"AES-CBC 256 SHA2-256 RSA signatures 19", 1},
		{"group 24 only (a weak group no broad request offers)", func(su v1Suite) bool { return su.enc == 7 && su.group == 24 },
			map[string]scanner.Status{scanner.IKEv1Broad: scanner.NotSupported, scanner.IKEv1Weak: scanner.Supported}, "", 4},
		{"IKEv1 spoken, nothing negotiable", func(v1Suite) bool { return false },
			map[string]scanner.Status{scanner.IKEv1Broad: scanner.NotSupported, scanner.IKEv1Weak: scanner.NotSupported}, "", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var chosen atomic.Int64
			r := probeFake(t, fakeResponder(t, v1Acceptor(tc.accept, &chosen)), 300*time.Millisecond)
			got := map[string]scanner.Status{}
			var first string
			for _, o := range r.IKE.V1Offers {
				got[o.Kind] = o.Status
				if o.Kind == scanner.IKEv1Weak && !slices.Equal(o.Refused, scanner.IKEv1WeakClasses[:tc.refused]) {
					t.Errorf("weak classes refused %v, want %v", o.Refused, scanner.IKEv1WeakClasses[:tc.refused])
				}
				if o.Kind == scanner.IKEv1Broad && o.Chosen != nil {
					c := o.Chosen
					first = strings.Join([]string{c.Encryption, itoa(c.KeyBits), c.Hash, c.Auth, itoa(int(c.GroupID))}, " ")
				}
			}
			if v1 := r.IKE.V1.Status; (v1 == scanner.Supported) != (chosen.Load() > 0) || v1 == scanner.StatusUnknown {
				t.Errorf("IKEv1 %+v with %d choices", r.IKE.V1, chosen.Load())
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || first != tc.chosen { // fmt prints maps sorted by key
				t.Errorf("offers %v, broad choice %q; want %v, %q (%+v)", got, first, tc.want, tc.chosen, r.IKE.V1Offers)
			}
			supported := 0
			for _, s := range got {
				if s == scanner.Supported {
					supported++
				}
			}
			if int(chosen.Load()) != supported {
				t.Errorf("the responder chose %d times; %d offers accepted", chosen.Load(), supported)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
