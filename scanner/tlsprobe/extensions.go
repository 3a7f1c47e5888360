package tlsprobe

import (
	"bytes"
	"context"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// The extension and behaviour facts (scanner.Extensions). Most are mined
// from the answers every probe gets (renegotiation_info, extended master
// secret, encrypt-then-MAC per CBC suite, session_ticket, ec_point_formats,
// the server random's time and downgrade sentinel, CertificateRequest);
// the others have probes of their own:
//
//   - ALPN, heartbeat, max_fragment_length, DEFLATE: the first hello of the
//     TLS 1.2 scheme elimination offers them too (else one hello of the
//     newest version below TLS 1.3); ALPN and max_fragment_length in TLS
//     1.3 ride on the first handshake13, which also collects the tickets;
//   - psk_ke and 0-RTT: one TLS 1.3 resumption each (resumption13);
//   - TLS_FALLBACK_SCSV: one hello below the highest version (inventory);
//   - the TLS 1.2 ticket lifetime hint and client-initiated renegotiation:
//     one complete TLS 1.2 handshake (full12.go).

// helloStats are what the TLS 1.2 and older ServerHellos of one version
// showed beyond their extensions.
type helloStats struct {
	answers  int             // ServerHellos
	timeLike int             // whose random began with a time near the scanner's clock
	sentinel int             // whose random ended with the downgrade sentinel of its version
	etm      map[uint16]bool // CBC suite → encrypt_then_mac echoed each time it was chosen
	points   []uint8         // ec_point_formats, the first seen
}

// randomStats are the ServerHello randoms of every version, for R17: a
// random seen twice means a broken generator (or a replayed hello).
type randomStats struct {
	seen     map[[32]byte]int // how many times each random came
	versions []scanner.Version
	repeated [][32]byte // the randoms seen more than once, in order
}

// maxRepeatedNames bounds the repeated randoms the fact lists.
const maxRepeatedNames = 4

// add records one ServerHello random of version v; a HelloRetryRequest's
// fixed random and malformed lengths are not randoms. Called with s.mu
// held.
func (r *randomStats) add(v scanner.Version, random []byte) {
	if len(random) != 32 || bytes.Equal(random, helloRetryRequestRandom) {
		return
	}
	if r.seen == nil {
		r.seen = make(map[[32]byte]int)
	}
	k := [32]byte(random)
	r.seen[k]++
	if r.seen[k] == 2 {
		r.repeated = append(r.repeated, k)
	}
	if !slices.Contains(r.versions, v) {
		r.versions = append(r.versions, v)
		slices.Sort(r.versions)
	}
}

// feature is the repeated_randoms fact.
func (r *randomStats) feature() scanner.Feature {
	n := 0
	for _, c := range r.seen {
		n += c
	}
	if n < 2 {
		return unknownFeature(scanner.ReasonNotTested, fmt.Sprintf("%d server random read: a repeat needs two", n))
	}
	// How many randoms were compared depends on how many hellos the scan
	// needed, not on the server: it is left out, so that one server gives
	// one observation whatever the probe order and connection cap.
	if len(r.repeated) == 0 {
		f := feature(scanner.NotSupported, r.versions...)
		f.Detail = "every server random of the scan was distinct"
		return f
	}
	f := feature(scanner.Supported, r.versions...)
	f.Detail = "server randoms came more than once in the scan"
	for _, k := range r.repeated[:min(len(r.repeated), maxRepeatedNames)] {
		f.Names = append(f.Names, hex.EncodeToString(k[:]))
	}
	return f
}

// downgradeSentinel is the end of a TLS 1.3 server's random when it
// negotiates TLS 1.2 (…01) or older (…00). RFC 8446, Section 4.1.3.
var downgradeSentinel = []byte("DOWNGRD\x01")

// randomTimeWindow is how far from the scanner's clock the first four
// bytes of a server random may be and still read as a timestamp.
const randomTimeWindow = 24 * time.Hour

// mineHello records what a TLS 1.2 or older ServerHello shows. Called
// with s.mu held.
func (s *endpointScan) mineHello(v scanner.Version, o *outcome) {
	st := s.hellos[v]
	if st == nil {
		st = &helloStats{etm: make(map[uint16]bool)}
		s.hellos[v] = st
	}
	sh := o.sh
	st.answers++
	if len(sh.random) == 32 {
		t := time.Unix(int64(binary.BigEndian.Uint32(sh.random)), 0)
		if d := t.Sub(s.cfg.now()); d < randomTimeWindow && d > -randomTimeWindow {
			st.timeLike++
		}
		want := slices.Clone(downgradeSentinel)
		if v < scanner.TLSv12 {
			want[7] = 0
		}
		if bytes.Equal(sh.random[24:], want) {
			st.sentinel++
		}
	}
	if cs, ok := SuiteByCode(scanner.Code(sh.cipherSuite)); ok && cs.Mode == ModeCBC && v >= scanner.TLSv10 {
		prev, seen := st.etm[sh.cipherSuite]
		st.etm[sh.cipherSuite] = sh.encryptThenMAC && (prev || !seen)
	}
	if sh.ecPointFormats != nil && st.points == nil {
		st.points = sh.ecPointFormats
	}
}

// distinguishedName renders a DER Name (a CertificateRequest's CA) as RFC
// 4514 text, or its hex when it does not parse.
func distinguishedName(der []byte) string {
	var rdn pkix.RDNSequence
	if rest, err := asn1.Unmarshal(der, &rdn); err != nil || len(rest) != 0 {
		return "der:" + hex.EncodeToString(der)
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdn)
	return n.String()
}

// extensionFacts are the facts the probes of this file set; a fact with
// an empty Status was not established (assembleExtensions says why).
type extensionFacts struct {
	alpn, mfl                      map[scanner.Version]scanner.Feature
	heartbeat, compression         scanner.Feature
	tls12Ticket, clientReneg       scanner.Feature
	tls13Tickets, pskKE, earlyData scanner.Feature
	fallback                       scanner.Feature
	withoutSNI                     scanner.Feature
	ccs, heartbleed, robot         scanner.Feature // known flaws (flaws.go)
}

func newExtensionFacts() extensionFacts {
	return extensionFacts{alpn: make(map[scanner.Version]scanner.Feature), mfl: make(map[scanner.Version]scanner.Feature)}
}

func feature(st scanner.Status, versions ...scanner.Version) scanner.Feature {
	return scanner.Feature{Status: st, Versions: versions}
}

func unknownFeature(r scanner.Reason, detail string) scanner.Feature {
	return scanner.Feature{Status: scanner.StatusUnknown, Reason: r, Detail: detail}
}

func value(n int64) *int64 { return &n }

// refusalFeature is the fact a refused probe leaves: not_supported with
// the alert when the refusal is the answer to the question (alert
// answers), unknown otherwise.
func refusalFeature(o *outcome, answers ...uint8) scanner.Feature {
	if o.kind == outAlert && slices.Contains(answers, o.alert) {
		return scanner.Feature{Status: scanner.NotSupported, Reason: o.reason()}
	}
	return unknownFeature(unknownReason(o), o.detail())
}

// extrasSpec adds to a TLS 1.2 or older hello the extensions only such a
// hello can ask: DEFLATE, heartbeat, ALPN and max_fragment_length; once
// its flight is read, the CCS injection probe runs on its connection.
func (s *endpointScan) extrasSpec(spec helloSpec) helloSpec {
	spec.deflate, spec.heartbeat, spec.alpn, spec.mfl = true, true, alpnOffer, mflOffer
	spec.after = func(ctx context.Context, conn net.Conn, r io.Reader, o *outcome) {
		f := s.ccsInjection(ctx, conn, r, o.version())
		s.mu.Lock()
		s.ext.ccs = mergeFlaw(s.ext.ccs, f)
		s.mu.Unlock()
	}
	return spec
}

// mergeFlaw keeps the most telling of two answers to one flaw probe: a
// vulnerable answer, then a decided one.
func mergeFlaw(a, b scanner.Feature) scanner.Feature {
	switch {
	case a.Status == "" || a.Status == scanner.StatusUnknown && b.Status != "":
		return b
	case b.Status == scanner.Supported && a.Status != scanner.Supported:
		return b
	}
	return a
}

// heartbleedProbe sends the Heartbleed probe when the server echoed the
// heartbeat extension: a hello like the extensions hello, then the
// heartbeat requests on its connection.
func (s *endpointScan) heartbleedProbe(ctx context.Context) {
	s.mu.Lock()
	hb := s.ext.heartbeat
	s.mu.Unlock()
	if hb.Status != scanner.Supported || len(hb.Versions) == 0 {
		return
	}
	v := hb.Versions[0]
	s.mu.Lock()
	suites := slices.Clone(s.accepted[v])
	s.mu.Unlock()
	spec := helloSpec{version: v, suites: suites, heartbeat: true}
	set := func(f scanner.Feature) {
		s.mu.Lock()
		s.ext.heartbleed = mergeFlaw(s.ext.heartbleed, f)
		s.mu.Unlock()
	}
	spec.after = func(ctx context.Context, conn net.Conn, r io.Reader, o *outcome) {
		set(s.heartbleed(ctx, conn, r, o.version()))
	}
	o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.offerSpec(ctx, spec) }, nil)
	if !o.kind.positive() || !o.flightDone {
		set(unknownFeature(unknownReason(o), "the Heartbleed hello was not answered up to ServerHelloDone: "+o.detail()))
	}
}

// setExtras12 records the answer to a hello of extrasSpec: ok when it was
// accepted; refused when it was refused while the same hello without the
// extensions was accepted.
func (s *endpointScan) setExtras12(v scanner.Version, ok, refused *outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := &s.ext
	if ok != nil {
		sh := ok.sh
		x.alpn[v] = feature(scanner.NotSupported, v)
		if sh.alpnProtocol != "" {
			f := feature(scanner.Supported, v)
			f.Names = []string{sh.alpnProtocol}
			x.alpn[v] = f
		}
		x.heartbeat = feature(scanner.NotSupported, v)
		if sh.heartbeatMode != 0 {
			x.heartbeat = feature(scanner.Supported, v)
			x.heartbeat.Value = value(int64(sh.heartbeatMode))
		}
		x.mfl[v] = feature(scanner.NotSupported, v)
		if sh.maxFragmentLength != 0 {
			f := feature(scanner.Supported, v)
			f.Value = value(int64(sh.maxFragmentLength))
			x.mfl[v] = f
		}
		x.compression = feature(scanner.NotSupported, v)
		if sh.compressionMethod != 0 {
			x.compression = feature(scanner.Supported, v)
		}
		x.compression.Value = value(int64(sh.compressionMethod))
		return
	}
	detail := fmt.Sprintf("a %s hello offering DEFLATE, heartbeat, ALPN (h2, http/1.1) and max_fragment_length was refused (%s); without them it was accepted", v, refused.String())
	unknown := unknownFeature(refused.reason(), detail)
	x.heartbeat, x.compression, x.mfl[v] = unknown, unknown, unknown
	x.alpn[v] = unknown
	if refused.kind == outAlert && refused.alert == alertNoApplicationProtocol {
		x.alpn[v] = scanner.Feature{Status: scanner.NotSupported, Reason: refused.reason(), Versions: []scanner.Version{v}, Detail: detail}
	}
}

const alertNoApplicationProtocol uint8 = 120

// extrasProbe sends the extensions hello alone, in version v, when no
// scheme elimination carried it.
func (s *endpointScan) extrasProbe(ctx context.Context, v scanner.Version) {
	s.mu.Lock()
	suites := slices.Clone(s.accepted[v])
	s.mu.Unlock()
	if len(suites) == 0 {
		return
	}
	spec := s.extrasSpec(helloSpec{version: v, suites: suites})
	o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.offerSpec(ctx, spec) }, nil)
	switch {
	case o.kind.positive() && o.version() == uint16(v):
		s.setExtras12(v, o, nil)
	case o.kind == outAlert:
		// Asked alone: whether the extensions or the server's mood refused
		// it is not known, except for ALPN's own alert.
		s.setExtras12(v, nil, o)
	default:
		f := unknownFeature(unknownReason(o), o.detail())
		if o.kind.positive() {
			f = unknownFeature(scanner.ReasonMalformed, "answered "+o.String())
		}
		s.mu.Lock()
		s.ext.heartbeat, s.ext.compression, s.ext.mfl[v], s.ext.alpn[v] = f, f, f, f
		s.mu.Unlock()
	}
}

// setExtras13 records the first TLS 1.3 handshake: ok when it completed,
// refused when the same handshake with ALPN and max_fragment_length was
// refused before ok (without them) was accepted.
func (s *endpointScan) setExtras13(refused, ok *outcome) {
	v := scanner.TLSv13
	s.mu.Lock()
	defer s.mu.Unlock()
	x := &s.ext
	if refused != nil {
		detail := fmt.Sprintf("a TLSv1.3 hello offering ALPN (h2, http/1.1) and max_fragment_length was refused (%s); without them it was accepted", refused.String())
		x.alpn[v] = unknownFeature(refused.reason(), detail)
		x.mfl[v] = unknownFeature(refused.reason(), detail)
		if refused.alert == alertNoApplicationProtocol {
			x.alpn[v] = scanner.Feature{Status: scanner.NotSupported, Reason: refused.reason(), Versions: []scanner.Version{v}, Detail: detail}
		}
	}
	r := ok.r13
	if refused == nil && r.Version == versionTLS13 && r.ServerFinished {
		x.alpn[v] = feature(scanner.NotSupported, v)
		if r.ALPN != "" {
			f := feature(scanner.Supported, v)
			f.Names = []string{r.ALPN}
			x.alpn[v] = f
		}
		x.mfl[v] = feature(scanner.NotSupported, v)
		if r.MaxFragmentLength != 0 {
			f := feature(scanner.Supported, v)
			f.Value = value(int64(r.MaxFragmentLength))
			x.mfl[v] = f
		}
	}
	switch {
	case len(r.Tickets) > 0:
		f := feature(scanner.Supported, v)
		var longest uint32
		for _, t := range r.Tickets {
			longest = max(longest, t.Lifetime)
		}
		f.Value = value(int64(longest))
		f.Detail = fmt.Sprintf("%d NewSessionTicket read", len(r.Tickets))
		x.tls13Tickets = f
	case r.Completed:
		f := feature(scanner.NotSupported, v)
		f.Detail = fmt.Sprintf("no NewSessionTicket within 8 round trips of the handshake (at least %v, at most %v)", minTicketWait13, defaultTicketWait13)
		x.tls13Tickets = f
	default:
		x.tls13Tickets = unknownFeature(scanner.ReasonMalformed, "the handshake stopped at "+r.Stage)
	}
}

// setResumption13 leaves psk_ke and 0-RTT unknown for why.
func (s *endpointScan) setResumption13(_ context.Context, _ *Result13, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ext.pskKE = unknownFeature(scanner.ReasonNotTested, why)
	s.ext.earlyData = unknownFeature(scanner.ReasonNotTested, why)
	if s.ext.tls13Tickets.Status == "" {
		s.ext.tls13Tickets = unknownFeature(scanner.ReasonNotTested, why)
	}
}

// resumption13 resumes with the tickets of the first handshake: once
// offering psk_ke only (RFC 8446, Section 4.2.9), once with 0-RTT data
// (an empty record: the answer is in EncryptedExtensions) when a ticket
// allows early data.
func (s *endpointScan) resumption13(ctx context.Context, base Handshake13Config, first *Result13) {
	v := scanner.TLSv13
	tickets := slices.Clone(first.Tickets)
	if len(tickets) == 0 {
		why := "no TLSv1.3 ticket was issued to resume with"
		if !first.Completed {
			s.setResumption13(ctx, first, "the first TLSv1.3 handshake did not complete: "+first.Stage)
			return
		}
		f := feature(scanner.NotSupported, v)
		f.Detail = why
		s.mu.Lock()
		s.ext.pskKE, s.ext.earlyData = f, f
		s.mu.Unlock()
		return
	}
	resume := func(t *Ticket13, modes []uint8, early []byte, maxTickets int) Handshake13Config {
		cfg := base
		cfg.SNI = t.SNI
		cfg.SignatureSchemes, cfg.SignatureSchemesCert = nil, nil
		cfg.PSK, cfg.PSKModes, cfg.EarlyData, cfg.MaxTickets = t, modes, early, maxTickets
		if t.ALPN != "" {
			cfg.ALPN = []string{t.ALPN}
		}
		return cfg
	}
	// psk_ke first, with a ticket of its own; it may bring a fresh one.
	var fresh []*Ticket13
	pskCfg := resume(tickets[0], []uint8{PSKModeKE}, nil, 1)
	o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.handshake13(ctx, pskCfg) }, nil)
	var psk scanner.Feature
	switch {
	case o.kind.positive() && o.r13 != nil && o.r13.PSKAccepted:
		psk = feature(scanner.Supported, v)
		psk.Detail = "resumed without a key share"
		fresh = o.r13.Tickets
	case o.kind.positive() && o.r13 != nil && o.r13.Version == versionTLS13:
		psk = feature(scanner.NotSupported, v)
		psk.Detail = "the server did a full handshake"
		fresh = o.r13.Tickets
	case o.kind == outAlert:
		psk = refusalFeature(o, o.alert)
		psk.Versions = []scanner.Version{v}
		psk.Detail = "the resumption was refused: " + o.String()
	default:
		psk = refusalFeature(o)
	}
	s.mu.Lock()
	s.ext.pskKE = psk
	s.mu.Unlock()

	// 0-RTT with a ticket that allows it, unused if possible.
	var t *Ticket13
	for _, c := range slices.Concat(tickets[1:], fresh, tickets[:1]) {
		if c.EarlyData {
			t = c
			break
		}
	}
	var early scanner.Feature
	if t == nil {
		early = feature(scanner.NotSupported, v)
		early.Detail = "no ticket allows early data (no early_data in NewSessionTicket)"
	} else {
		cfg := resume(t, nil, []byte{}, -1)
		o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.handshake13(ctx, cfg) }, nil)
		switch {
		case o.kind.positive() && o.r13 != nil && o.r13.EarlyDataAccepted:
			early = feature(scanner.Supported, v)
			early.Detail = "0-RTT data accepted"
		case o.kind.positive() && o.r13 != nil && o.r13.PSKAccepted:
			early = feature(scanner.NotSupported, v)
			early.Detail = "the resumption was accepted, its early data rejected"
		case o.kind.positive():
			early = unknownFeature(scanner.ReasonNotTested, "the resumption was refused (full handshake), so early data could not be tried")
		default:
			early = unknownFeature(unknownReason(o), o.detail())
		}
		early.Value = value(int64(t.MaxEarlyData))
	}
	s.mu.Lock()
	s.ext.earlyData = early
	s.mu.Unlock()
}

// setWithoutSNI records the answers to hellos without server_name.
func (s *endpointScan) setWithoutSNI(v scanner.Version, outs []*outcome) {
	if len(outs) == 0 {
		return
	}
	var f scanner.Feature
	for _, o := range outs {
		switch {
		case o.kind.positive():
			f = feature(scanner.Supported, v)
		case f.Status == scanner.Supported:
		case o.kind == outAlert:
			f = refusalFeature(o, o.alert)
			f.Versions = []scanner.Version{v}
			f.Detail = "a hello without server_name was refused: " + o.String()
		default:
			f = refusalFeature(o)
		}
		if f.Status == scanner.Supported {
			break
		}
	}
	s.mu.Lock()
	s.ext.withoutSNI = mergeFeature(s.ext.withoutSNI, f)
	s.mu.Unlock()
}

// scsvTask offers, in the newest supported version below the highest,
// the suites it accepts and TLS_FALLBACK_SCSV: a server that knows it
// must answer inappropriate_fallback (86). RFC 7507, Section 3.
func (s *endpointScan) scsvTask(ctx context.Context, depth Depth, res map[scanner.Version]*versionResult) {
	set := func(f scanner.Feature) {
		s.mu.Lock()
		s.ext.fallback = f
		s.mu.Unlock()
	}
	if depth == Compliance {
		set(unknownFeature(scanner.ReasonNotTested, "compliance depth: the ANSSI TLS guide v1.2 has no rule on TLS_FALLBACK_SCSV"))
		return
	}
	var highest, lower scanner.Version
	for _, v := range slices.Backward(scanner.Versions) {
		if v == scanner.SSLv2 || res[v].fact.Status != scanner.Supported {
			continue
		}
		if highest == 0 {
			highest = v
		} else if lower == 0 {
			lower = v
		}
	}
	if highest == 0 {
		set(unknownFeature(scanner.ReasonNotTested, "no version is supported"))
		return
	}
	if lower == 0 {
		set(unknownFeature(scanner.ReasonNotTested, fmt.Sprintf("only %s is supported: there is no lower version to fall back to", highest)))
		return
	}
	spec := helloSpec{version: lower, suites: res[lower].accepted, scsv: true}
	o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.offerSpec(ctx, spec) }, nil)
	var f scanner.Feature
	switch {
	case o.kind == outAlert && o.alert == alertInappropriateFallback:
		f = feature(scanner.Supported, lower)
		f.Reason = o.reason()
	case o.kind.positive() && o.version() == uint16(lower):
		f = feature(scanner.NotSupported, lower)
		f.Detail = fmt.Sprintf("a %s hello with TLS_FALLBACK_SCSV got a %s server hello, although %s is supported", lower, lower, highest)
	case o.kind == outAlert:
		f = unknownFeature(o.reason(), fmt.Sprintf("a %s hello with TLS_FALLBACK_SCSV got %s, not inappropriate_fallback", lower, o.String()))
	default:
		f = unknownFeature(unknownReason(o), o.detail())
	}
	set(f)
}

const alertInappropriateFallback uint8 = 86

// mergeFeature combines a fact established in two versions: supported
// when either is, unknown when either is unknown, else not supported.
func mergeFeature(a, b scanner.Feature) scanner.Feature {
	switch {
	case a.Status == "":
		return b
	case b.Status == "":
		return a
	case a.Status == scanner.Supported && b.Status == scanner.Supported:
		a.Versions = slices.Concat(a.Versions, b.Versions)
		for _, n := range b.Names {
			if !slices.Contains(a.Names, n) {
				a.Names = append(a.Names, n)
			}
		}
		if b.Value != nil && (a.Value == nil || *b.Value > *a.Value) {
			a.Value = b.Value
		}
		return a
	case a.Status == scanner.Supported:
		return a
	case b.Status == scanner.Supported:
		return b
	case a.Status == scanner.StatusUnknown:
		return a
	case b.Status == scanner.StatusUnknown:
		return b
	}
	a.Versions = slices.Concat(a.Versions, b.Versions)
	return a
}

// echoFeature is a fact read from the extensions of the TLS 1.0 to 1.2
// ServerHellos: supported in the versions that echoed typ.
func (s *endpointScan) echoFeature(typ uint16, supported []scanner.Version) scanner.Feature {
	var yes, no []scanner.Version
	for _, v := range supported {
		if v < scanner.TLSv10 || v > scanner.TLSv12 || s.hellos[v] == nil {
			continue
		}
		if s.exts[v][typ] {
			yes = append(yes, v)
		} else {
			no = append(no, v)
		}
	}
	switch {
	case len(yes) > 0:
		f := feature(scanner.Supported, yes...)
		if len(no) > 0 {
			f.Detail = "not echoed in " + versionList(no)
		}
		return f
	case len(no) > 0:
		return feature(scanner.NotSupported, no...)
	}
	return unknownFeature(scanner.ReasonNotTested, "no TLSv1.0 to TLSv1.2 server hello was read")
}

func versionList(vs []scanner.Version) string {
	var names []string
	for _, v := range vs {
		names = append(names, v.String())
	}
	return strings.Join(names, ", ")
}

// assembleExtensions builds the extension facts from what was mined and
// what the probes set. supported are the supported versions; tls13 the
// status of TLS 1.3. Called with s.mu held.
func (s *endpointScan) assembleExtensions(supported []scanner.Version, tls13 scanner.Status) *scanner.Extensions {
	x := &scanner.Extensions{
		SecureRenegotiation:  s.echoFeature(extRenegotiationInfo, supported),
		ExtendedMasterSecret: s.echoFeature(extExtendedMasterSecret, supported),
		SessionTicket:        s.echoFeature(extSessionTicket, supported),
		ECPointFormats:       s.echoFeature(extECPointFormats, supported),
	}
	for _, v := range supported {
		if st := s.hellos[v]; st != nil && st.points != nil {
			for _, p := range st.points {
				if n := pointFormatName(p); !slices.Contains(x.ECPointFormats.Names, n) {
					x.ECPointFormats.Names = append(x.ECPointFormats.Names, n)
				}
			}
		}
	}

	// encrypt_then_mac, per CBC suite.
	var cbc, without []string
	var etmVersions []scanner.Version
	for _, v := range supported {
		st := s.hellos[v]
		if st == nil || len(st.etm) == 0 {
			continue
		}
		etmVersions = append(etmVersions, v)
		codes := make([]uint16, 0, len(st.etm))
		for c := range st.etm {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			name := v.String() + " " + sname(c)
			cbc = append(cbc, name)
			if !st.etm[c] {
				without = append(without, name)
			}
		}
	}
	switch {
	case len(cbc) == 0:
		x.EncryptThenMAC = unknownFeature(scanner.ReasonNotTested, "no CBC suite was accepted: servers echo encrypt_then_mac with CBC suites only")
	case len(without) == 0:
		x.EncryptThenMAC = feature(scanner.Supported, etmVersions...)
		x.EncryptThenMAC.Detail = fmt.Sprintf("echoed with every CBC suite chosen (%d)", len(cbc))
	default:
		x.EncryptThenMAC = feature(scanner.NotSupported, etmVersions...)
		x.EncryptThenMAC.Names = without
		x.EncryptThenMAC.Detail = fmt.Sprintf("not echoed with %d of %d CBC suites", len(without), len(cbc))
	}

	// The server random: time prefix and downgrade sentinel.
	answers, timeLike := 0, 0
	for _, st := range s.hellos {
		answers += st.answers
		timeLike += st.timeLike
	}
	switch {
	case answers == 0:
		x.RandomTime = unknownFeature(scanner.ReasonNotTested, "no TLSv1.2 or older server hello was read")
	case timeLike*2 > answers:
		x.RandomTime = feature(scanner.Supported)
	default:
		x.RandomTime = feature(scanner.NotSupported)
	}
	if answers > 0 {
		x.RandomTime.Detail = fmt.Sprintf("judged on the TLSv1.2 and older server hellos, against the scanner's clock within %v", randomTimeWindow)
	}
	x.RepeatedRandoms = s.randoms.feature()
	switch tls13 {
	case scanner.Supported:
		var with, lacking []scanner.Version
		for _, v := range supported {
			st := s.hellos[v]
			if v == scanner.TLSv13 || st == nil {
				continue
			}
			if st.sentinel == st.answers {
				with = append(with, v)
			} else {
				lacking = append(lacking, v)
			}
		}
		switch {
		case len(with)+len(lacking) == 0:
			x.DowngradeSentinel = unknownFeature(scanner.ReasonNotTested, "no version below TLSv1.3 was answered")
		case len(lacking) == 0:
			x.DowngradeSentinel = feature(scanner.Supported, with...)
		default:
			x.DowngradeSentinel = feature(scanner.NotSupported, lacking...)
			x.DowngradeSentinel.Detail = "server randoms without the sentinel in " + versionList(lacking)
		}
	case scanner.NotSupported:
		x.DowngradeSentinel = unknownFeature(scanner.ReasonNotTested, "the server does not support TLSv1.3: the sentinel is a TLS 1.3 server's")
	default:
		x.DowngradeSentinel = unknownFeature(scanner.ReasonNotTested, "whether the server supports TLSv1.3 is unknown")
	}

	// CertificateRequest, from every answer that carried one.
	var asked []scanner.Version
	var cas []string
	for _, v := range scanner.Versions {
		if names, ok := s.certReqs[v]; ok {
			asked = append(asked, v)
			for _, n := range names {
				if !slices.Contains(cas, n) {
					cas = append(cas, n)
				}
			}
		}
	}
	if len(asked) > 0 {
		x.CertificateRequest = feature(scanner.Supported, asked...)
		x.CertificateRequest.Names = cas
	} else if len(s.chains) > 0 {
		x.CertificateRequest = feature(scanner.NotSupported, supported...)
	} else {
		x.CertificateRequest = unknownFeature(scanner.ReasonNotTested, "no handshake reached the server's certificate")
	}

	e := s.ext
	notTested := func(f scanner.Feature, why string) scanner.Feature {
		if f.Status == "" {
			return unknownFeature(scanner.ReasonNotTested, why)
		}
		return f
	}
	var alpn, mfl scanner.Feature
	for _, v := range slices.Backward(scanner.Versions) {
		alpn = mergeFeature(alpn, e.alpn[v])
		mfl = mergeFeature(mfl, e.mfl[v])
	}
	x.ALPN = notTested(alpn, "no hello offering ALPN was answered")
	x.MaxFragmentLength = notTested(mfl, "no hello offering max_fragment_length was answered")
	x.Heartbeat = notTested(e.heartbeat, "no TLSv1.2 or older hello offering heartbeat was answered")
	x.CCSInjection = notTested(e.ccs, "no TLSv1.2 or older hello was answered up to ServerHelloDone to send it after")
	x.Heartbleed = e.heartbleed
	if x.Heartbleed.Status == "" {
		switch hb := x.Heartbeat; hb.Status {
		case scanner.NotSupported:
			// Without the extension negotiated, heartbeats are not
			// processed: the flaw cannot be reached.
			x.Heartbleed = feature(scanner.NotSupported, hb.Versions...)
			x.Heartbleed.Detail = "the server does not echo the heartbeat extension: heartbeat requests, and so Heartbleed, are out of reach"
		default:
			x.Heartbleed = unknownFeature(scanner.ReasonNotTested, "whether the server echoes the heartbeat extension is not known")
			if hb.Status == scanner.StatusUnknown {
				x.Heartbleed.Reason = hb.Reason
			}
		}
	}
	x.ROBOT = notTested(e.robot, "no RSA key-transport suite is accepted below TLSv1.3: no RSA-encrypted key exchange to make an oracle of")
	x.Compression = notTested(e.compression, "no TLSv1.2 or older hello offering DEFLATE was answered")
	x.TLS12Ticket = notTested(e.tls12Ticket, "no complete TLSv1.2 or older handshake was made")
	x.ClientRenegotiation = notTested(e.clientReneg, "no complete TLSv1.2 or older handshake was made")
	why13 := "TLSv1.3 is not supported"
	if tls13 != scanner.Supported {
		why13 = "TLSv1.3 is " + string(tls13)
		if tls13 == scanner.NotSupported {
			why13 = "TLSv1.3 is not supported"
		}
	}
	x.TLS13Tickets = notTested(e.tls13Tickets, why13)
	x.PSKKE = notTested(e.pskKE, why13)
	x.EarlyData = notTested(e.earlyData, why13)
	x.FallbackSCSV = notTested(e.fallback, "no version is supported")
	x.WithoutSNI = e.withoutSNI
	if s.sni == "" {
		x.WithoutSNI = unknownFeature(scanner.ReasonNotTested, "the endpoint was scanned without a server name: every hello lacked server_name")
		if len(s.chains) > 0 {
			x.WithoutSNI = feature(scanner.Supported, s.versionsWithChains()...)
			x.WithoutSNI.Detail = "the endpoint was scanned without a server name: every hello lacked server_name"
		}
	}
	x.WithoutSNI = notTested(x.WithoutSNI, "no certificate was served to a hello naming the server")
	return x
}

// versionsWithChains lists the versions some chain was served under.
func (s *endpointScan) versionsWithChains() []scanner.Version {
	var out []scanner.Version
	for _, v := range scanner.Versions {
		for _, sc := range s.chains {
			if sc.versions[v] {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// pointFormatName is the IANA name of an ECPointFormat. RFC 8422,
// Section 5.1.2.
func pointFormatName(p uint8) string {
	switch p {
	case 0:
		return "uncompressed"
	case 1:
		return "ansiX962_compressed_prime"
	case 2:
		return "ansiX962_compressed_char2"
	}
	return fmt.Sprintf("0x%02X", p)
}
