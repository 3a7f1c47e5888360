// Package ikeprobe inspects IKE responders (IPsec gateways, UDP 500),
// letting one compute a key exchange and keep an IKEv2 SA only once, at
// the end, to read its identity and certificates (below):
// which IKE versions they answer, which IKEv2 transforms (encryption with
// its key lengths, PRF, integrity, key-exchange method) they accept for an
// IKE SA, their key-exchange methods in order of preference, and the
// IKEv1 Main Mode transform they choose. It records facts only; rules
// judge.
//
// Every IKE_SA_INIT request (RFC 7296, Section 1.2) carries a KE payload
// for the private-use group 65535, which no responder can select, in a
// last proposal of its own (Section 3.4 requires the KE group in some
// proposal). A responder that accepts one of the other proposals must
// then answer INVALID_KE_PAYLOAD naming the group of the proposal it
// selected (Section 1.2), keeping no state; one that accepts none answers
// NO_PROPOSAL_CHOSEN. strongSwan counts an SA half-open only from its
// IKE_SA_INIT response on, so a probe stays below its per-IP half-open
// limit and cookie threshold however many requests it sends. A responder
// that answers INVALID_SYNTAX to the first request, as Libreswan does to
// a KE payload for a group outside its table of registered ones, is
// asked again, and from then on, with the KE payload and last proposal
// for group 3, Reserved in IKEv2 (reservedGroup); Libreswan creates a
// state for each request and deletes it with its answer.
//
// Exchanges. With K the key-exchange methods accepted (of 27 offered),
// the methods are asked K+1 times, each time without those already
// named, the first time with every candidate of every type; encryption
// algorithms (52 candidates, a key length each), PRFs (9) and integrity
// algorithms (11) are named by adaptive group testing, about
// a·log2(n/a)+a exchanges for a accepted of n; the refusals are then
// confirmed by one control request (the first, accepted, offer sent
// again). These exchanges go one at a time (maxInFlight), each on a UDP
// socket of its own taken through the per-IP limiter. IKEv1 takes at most
// two Main Mode requests, since an answer creates state on the responder:
// one offering a broad set (scanner.IKEv1Broad), and, when it was
// accepted, one offering the broad candidates that hold a weak value
// (scanner.IKEv1Weak).
//
// The identity exchange (auth.go), last, once per scan, unless
// Config.NoAuth: when IKEv2 is spoken and the accepted transforms hold a
// set the probe computes (AES-GCM-16, or AES-CBC, AES-CTR or 3DES with
// HMAC-SHA2 or HMAC-SHA1-96; PRF HMAC-SHA2 or HMAC-SHA1; ECP-256/384/521,
// Curve25519, MODP 1024/1536/2048/3072/4096), one complete IKE_SA_INIT
// (a real KE payload for the responder's preferred group, asked again
// for the group an INVALID_KE_PAYLOAD names), offering the strong
// transforms alone first, and the weak ones (3DES, SHA-1, MODP 1024 and
// 1536) only after a NO_PROPOSAL_CHOSEN or when nothing stronger of
// their type is accepted: a gateway that accepts only weak algorithms is
// the one whose certificate most needs reading, and the probe relies on
// none of these keys' secrecy. IKEAuth.Transforms and Detail say which
// set the exchange ran with. Then one IKE_AUTH request protected by the
// SA's keys holding IDi ("cryptoscan@invalid"), an empty CERTREQ, a child
// SA offer and traffic selectors, and no AUTH payload: an initiator asking for EAP (RFC 7296,
// Section 2.16). This is the one exchange in which the responder computes
// a key exchange and keeps an IKEv2 SA. A responder offering EAP answers
// with IDr, its certificates, AUTH and an EAP request, which the probe
// never answers; it then sends an INFORMATIONAL request deleting the IKE
// SA. strongSwan answers it but keeps the SA, still waiting for the EAP
// response, until its half-open timeout (30 seconds); Libreswan 4.10
// with EAP-TLS (its one EAP method) does not answer it and keeps the SA
// waiting for EAP; Libreswan and strongSwan responders without EAP
// answer AUTHENTICATION_FAILED and keep nothing. The AUTH signature is verified with the leaf
// certificate's key (RFC 7296, Section 2.15), and the chain analysed
// against Config.Roots. These three exchanges share one UDP socket.
//
// An exchange sends its request again after a quarter and after half of
// the Dialer's Timeout, then gives up; a responder that answers nothing
// leaves its facts unknown (timeout), never not supported.
package ikeprobe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// defaultTimeout bounds each exchange when the Dialer sets no Timeout.
const defaultTimeout = 5 * time.Second

// Config is owned by the caller; the zero value is usable.
type Config struct {
	// Rand supplies SPIs, nonces and the KE payload's data; nil means
	// crypto/rand. It is read from several goroutines, one at a time.
	Rand io.Reader
	// Now is the clock of Result.Start and the duration, and the time
	// the responder's certificates are judged at; nil means time.Now.
	Now func() time.Time
	// Roots are the trust anchors the responder's certificate chain
	// (IKEObservation.Auth) is analysed against, as tlsprobe.Config's;
	// nil analyses against none (every chain then has an untrusted root).
	Roots *pki.Pool
	// NATTPorts are the responder ports spoken to with the non-ESP marker
	// before each message (RFC 3948, Section 2.2), as on the NAT-T port.
	// nil means 4500 alone. (strongSwan expects the marker whenever
	// neither port of a datagram is 500, so a responder on another port
	// is listed here.)
	NATTPorts []uint16
	// NoIKEv1 turns off the IKEv1 Main Mode requests, whose answers
	// leave state on the responder; V1 is then unknown (not_tested).
	NoIKEv1 bool
	// NoAuth turns off the IKE_SA_INIT and IKE_AUTH exchange that reads
	// the responder's identity and certificates, the one exchange in
	// which it computes a key exchange and keeps an IKEv2 SA; Auth is
	// then nil.
	NoAuth bool

	// record, when set, is given every datagram read (tests record
	// flights with it).
	record func([]byte)
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Prober inspects IKE endpoints; it satisfies scanner.Prober.
type Prober struct{ cfg Config }

// New returns a Prober with cfg, which it does not modify.
func New(cfg Config) *Prober { return &Prober{cfg: cfg} }

// Probe inspects one IKE endpoint, sending only through d. It returns
// what it saw; what it could not establish is unknown with its reason.
func (p *Prober) Probe(ctx context.Context, ep scanner.Endpoint, d *scanner.Dialer) scanner.Result {
	now := p.cfg.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	src := p.cfg.Rand
	if src == nil {
		src = rand.Reader
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	natt := p.cfg.NATTPorts
	if natt == nil {
		natt = []uint16{4500}
	}
	s := &scan{
		ex: &exchanger{d: d, addr: netip.AddrPortFrom(ep.IP, ep.Port), natt: slices.Contains(natt, ep.Port),
			timeout: timeout, rand: &lockedReader{r: src}, inFlight: make(chan struct{}, maxInFlight), record: p.cfg.record},
		obs:      &collector{},
		refusals: map[uint8]int{},
		keGroup:  unchoosableGroup,
	}
	obs := &scanner.IKEObservation{}
	// IKEv1 comes after: its Main Mode answers leave half-open SAs
	// (30 seconds on strongSwan), which count towards the responder's
	// cookie and blocking thresholds during the IKEv2 exchanges.
	s.ikev2(ctx, obs)
	var v1 v1Outcome
	if p.cfg.NoIKEv1 {
		v1.status = scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested, Detail: "IKEv1 not asked (Config.NoIKEv1)"}
	} else {
		v1 = s.ikev1(ctx)
	}
	obs.V1, obs.V1Offers = v1.status, v1.offers
	var certs []scanner.CertificateFact
	if !p.cfg.NoAuth && obs.V2.Status == scanner.Supported && ctx.Err() == nil {
		a := s.authenticate(ctx, ep, obs.Transforms, &p.cfg)
		obs.Auth, certs = a.auth, a.certs
	}
	if s.ex.natt {
		obs.Notes = append(obs.Notes, fmt.Sprintf("messages framed with the non-ESP marker (RFC 3948) on port %d", ep.Port))
	}
	// A version left unknown by silence while the other one answered is
	// not spoken: the responder is there.
	answered := func(v scanner.VersionStatus) bool { return v.Status != scanner.StatusUnknown }
	if obs.V2.Status == scanner.StatusUnknown && obs.V2.Reason == scanner.ReasonTimeout && answered(obs.V1) {
		obs.V2 = scanner.VersionStatus{Status: scanner.NotSupported, Detail: "no answer to IKE_SA_INIT while IKEv1 Main Mode was answered"}
	}
	if obs.V1.Status == scanner.StatusUnknown && obs.V1.Reason == scanner.ReasonTimeout && answered(obs.V2) {
		obs.V1 = scanner.VersionStatus{Status: scanner.NotSupported, Detail: "no answer to Main Mode while IKEv2 IKE_SA_INIT was answered"}
	}
	s.obs.fill(obs)
	r := scanner.Result{Endpoint: ep, Start: start, IKE: obs, Certificates: certs}
	if !answered(obs.V1) && !answered(obs.V2) && obs.V2.Reason != scanner.ReasonCanceled {
		r.Error = &scanner.Unknown{Reason: obs.V2.Reason, Detail: "no IKE answer: " + obs.V2.Detail}
	}
	r.Stats = d.Stats()
	r.Stats.DurationMS = now().Sub(start).Milliseconds()
	return r
}

// scan is the state of one endpoint's inspection.
type scan struct {
	ex  *exchanger
	obs *collector

	mu       sync.Mutex
	refusals map[uint8]int // NO_PROPOSAL_CHOSEN answers by transform type tested
	full     *answer       // the first full IKE_SA_INIT response

	// keGroup is the group of every request's KE payload and of its last
	// proposal: unchoosableGroup, or reservedGroup once the first offer
	// was answered INVALID_SYNTAX. It is set before the exchanges run in
	// parallel.
	keGroup uint16
}

// ikev2 establishes V2, Transforms and Enumerations.
func (s *scan) ikev2(ctx context.Context, obs *scanner.IKEObservation) {
	all := allCandidates()
	base := offer(all)
	first := s.test(ctx, base, transformKE)
	if first.kind == answerError && first.notify == notifyInvalidSyntax {
		// RFC 7296, Section 3.4 has the responder check the KE payload's
		// group against the selected proposal, answering
		// INVALID_KE_PAYLOAD; Libreswan checks it against its table of
		// registered groups first, when it parses the payload, and
		// answers INVALID_SYNTAX (Section 3.10.1) to 65535. The offer
		// goes again with a KE payload for a group of that table that no
		// IKEv2 responder can select (reservedGroup).
		s.keGroup = reservedGroup
		again := s.test(ctx, base, transformKE)
		if again.kind == answerError && again.notify == notifyInvalidSyntax {
			s.keGroup = unchoosableGroup
		} else {
			first = again
			obs.Notes = append(obs.Notes, fmt.Sprintf("the responder answered INVALID_SYNTAX to a KE payload for the private-use group %d: "+
				"the requests carried one for the group %d (Reserved in IKEv2) instead", unchoosableGroup, reservedGroup))
		}
	}
	enums := make(map[uint8]*scanner.IKEEnumeration)
	for _, tt := range transformTypes {
		enums[tt.id] = &scanner.IKEEnumeration{Type: tt.name, Status: scanner.EnumComplete, Candidates: len(all[tt.id])}
	}
	partial := func(typ uint8, reason scanner.Reason, detail string) {
		e := enums[typ]
		if e.Status == scanner.EnumPartial {
			return
		}
		e.Status, e.Reason, e.Detail = scanner.EnumPartial, reason, detail
	}
	everyType := func(reason scanner.Reason, detail string) {
		for _, tt := range transformTypes {
			partial(tt.id, reason, detail)
		}
	}
	finish := func(accepted map[uint8][]candidate) {
		for _, tt := range transformTypes {
			for _, c := range accepted[tt.id] {
				obs.Transforms = append(obs.Transforms, scanner.IKETransform{Type: tt.name, ID: c.id, Name: transformName(tt.id, c.id), KeyBits: c.keyBits})
			}
			obs.Enumerations = append(obs.Enumerations, *enums[tt.id])
		}
	}
	supported := scanner.VersionStatus{Status: scanner.Supported}
	switch first.kind {
	case answerRefused:
		obs.V2 = supported
		for _, tt := range transformTypes {
			enums[tt.id].Detail = "the responder refused the offer of every candidate (NO_PROPOSAL_CHOSEN)"
		}
		finish(nil)
		return
	case answerFull:
		obs.V2 = supported
		s.fullResponse(obs, first, everyType)
		finish(nil)
		return
	case answerIKEv1:
		obs.V2 = scanner.VersionStatus{Status: scanner.NotSupported, Detail: "the responder answered IKE_SA_INIT with an IKEv1 message (INVALID-MAJOR-VERSION)"}
		return
	case answerError:
		obs.V2 = supported
		detail := fmt.Sprintf("the responder answered %s to the first offer", codeName(notifyTypes, first.notify))
		if first.notify == notifyInvalidSyntax {
			detail += fmt.Sprintf(", with a KE payload for the group %d and again for the group %d", unchoosableGroup, reservedGroup)
		}
		everyType(scanner.ReasonMalformed, detail)
		finish(nil)
		return
	case answerUnknown:
		obs.V2 = scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: reasonOf(first.err), Detail: first.err.Error()}
		if first.err != nil {
			s.ex.d.CountError()
		}
		return
	}
	obs.V2 = supported

	accepted := make(map[uint8][]candidate)
	var mu sync.Mutex
	var wg sync.WaitGroup
	// Key-exchange methods, in the responder's order of preference.
	wg.Go(func() {
		groups, err := s.keOrder(ctx, base, first.group)
		mu.Lock()
		defer mu.Unlock()
		accepted[transformKE] = groups
		if err != nil {
			partial(transformKE, reasonOf(err), err.Error())
		}
	})
	for _, typ := range []uint8{transformENCR, transformPRF, transformINTEG} {
		wg.Go(func() {
			set := all[typ]
			var acc, und []candidate
			var err error
			if typ == transformINTEG {
				// Integrity algorithms are offered with the encryption
				// algorithms that need one alone: an AEAD proposal holds
				// none, and the first offer may have been accepted for it.
				plain := base.with(transformENCR, slices.DeleteFunc(slices.Clone(all[transformENCR]), func(c candidate) bool { return c.aead }))
				acc, und, err = s.splitUnknown(ctx, plain, typ, set)
			} else {
				acc, und, err = s.split(ctx, base, typ, set)
			}
			mu.Lock()
			defer mu.Unlock()
			accepted[typ] = sortByRegistry(acc, set)
			if len(und) > 0 {
				partial(typ, reasonOf(err), fmt.Sprintf("%d candidates undecided: %v", len(und), err))
			}
		})
	}
	wg.Wait()
	if s.full != nil {
		s.fullResponse(obs, *s.full, everyType)
	}
	// A refusal is believed once a request accepted before is accepted
	// again: else the responder may be refusing everything now.
	s.mu.Lock()
	refused := maps(s.refusals)
	s.mu.Unlock()
	if len(refused) > 0 {
		control := s.v2Exchange(ctx, base)
		if control.kind != answerAccepted {
			why := fmt.Sprintf("the control request (the first offer, accepted before) was not accepted again: %v", control.failure())
			for _, typ := range refused {
				partial(typ, scanner.ReasonThrottled, why)
			}
		}
	}
	finish(accepted)
}

func maps(m map[uint8]int) []uint8 {
	var ks []uint8
	for k, v := range m {
		if v > 0 {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}

// keOrder lists the accepted key-exchange methods in the responder's
// order: first is the group the first offer was answered with; each new
// offer leaves out the groups named, until one is refused.
func (s *scan) keOrder(ctx context.Context, base offer, first uint16) ([]candidate, error) {
	remaining := slices.Clone(base[transformKE])
	var order []candidate
	group := first
	for {
		i := slices.IndexFunc(remaining, func(c candidate) bool { return c.id == group })
		if i < 0 {
			return order, &malformedError{fmt.Sprintf("INVALID_KE_PAYLOAD asks for %s, which was not offered", transformName(transformKE, group))}
		}
		order = append(order, remaining[i])
		remaining = slices.Delete(remaining, i, i+1)
		if len(remaining) == 0 {
			return order, nil
		}
		a := s.test(ctx, base.with(transformKE, remaining), transformKE)
		switch a.kind {
		case answerAccepted:
			group = a.group
		case answerRefused:
			return order, nil
		default:
			return order, a.failure()
		}
	}
}

// sortByRegistry orders cs as they are in set.
func sortByRegistry(cs, set []candidate) []candidate {
	slices.SortFunc(cs, func(a, b candidate) int {
		return slices.Index(set, a) - slices.Index(set, b)
	})
	return cs
}

// fullResponse records a complete IKE_SA_INIT response: the responder
// went on with the exchange (and keeps a half-open SA) despite the KE
// payload; the probe records the selected proposal and asks no more.
func (s *scan) fullResponse(obs *scanner.IKEObservation, a answer, everyType func(scanner.Reason, string)) {
	note := "the responder answered IKE_SA_INIT in full (SA, KE, Nr) to a request whose KE payload is for a group it cannot have selected; the exchange was not continued"
	if !slices.Contains(obs.Notes, note) {
		obs.Notes = append(obs.Notes, note)
	}
	everyType(scanner.ReasonNotTested, "the responder answered a request in full: its selected proposal is recorded, nothing more was asked")
	if a.sa == nil || len(a.sa.proposals) != 1 {
		return
	}
	for _, t := range a.sa.proposals[0].transforms {
		for _, tt := range transformTypes {
			if tt.id == t.typ {
				obs.Transforms = append(obs.Transforms, scanner.IKETransform{Type: tt.name, ID: t.id, Name: transformName(t.typ, t.id), KeyBits: t.keyBits()})
			}
		}
	}
}

// collector gathers the Vendor IDs and status notifications of every
// answer, each once, in the order seen.
type collector struct {
	mu     sync.Mutex
	cookie bool
	vids   []scanner.IKEVendorID
	notes  []scanner.IKENotification
}

func (c *collector) setCookie() {
	c.mu.Lock()
	c.cookie = true
	c.mu.Unlock()
}

// record takes the Vendor IDs of any answer, and the status
// notifications of an IKEv2 one other than COOKIE.
func (c *collector) record(m *message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	vidType, notifyType := payloadVendorID, payloadNotify
	if m.version>>4 == 1 {
		vidType, notifyType = v1PayloadVendorID, 0
	}
	for _, b := range m.find(vidType) {
		var v vendorIDPayload
		if !v.unmarshal(b) {
			continue
		}
		h := hex.EncodeToString(v.id)
		if !slices.ContainsFunc(c.vids, func(x scanner.IKEVendorID) bool { return x.Hex == h }) {
			c.vids = append(c.vids, scanner.IKEVendorID{Hex: h, Name: vendorName(h)})
		}
	}
	if notifyType == 0 {
		return
	}
	for _, b := range m.find(notifyType) {
		var n notifyPayload
		if !n.unmarshal(b) || n.typ < notifyErrorLimit || n.typ == notifyCookie {
			continue
		}
		f := scanner.IKENotification{Type: n.typ, Name: codeName(notifyTypes, n.typ)}
		if n.typ == notifySignatureHashAlgorithms && len(n.data)%2 == 0 {
			for i := 0; i+1 < len(n.data); i += 2 {
				f.Values = append(f.Values, codeName(hashAlgorithms, uint16(n.data[i])<<8|uint16(n.data[i+1])))
			}
		} else if len(n.data) > 0 && len(n.data) <= 64 {
			f.Data = hex.EncodeToString(n.data)
		}
		if !slices.ContainsFunc(c.notes, func(x scanner.IKENotification) bool { return x.Type == f.Type }) {
			c.notes = append(c.notes, f)
		}
	}
}

func (c *collector) fill(obs *scanner.IKEObservation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	obs.Cookie = c.cookie
	obs.VendorIDs = c.vids
	obs.Notifications = c.notes
}
