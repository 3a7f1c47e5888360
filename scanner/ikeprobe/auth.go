package ikeprobe

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// The one IKE SA the probe sets up, to read what a responder shows of
// itself to an initiator asking for EAP (RFC 7296, Section 2.16): a
// complete IKE_SA_INIT with the transforms the enumeration found
// accepted, then an IKE_AUTH request with IDi and no AUTH payload. The
// responder answers with IDr, its CERT payloads, AUTH and an EAP request,
// which the probe never answers; it then asks for the IKE SA to be
// deleted (INFORMATIONAL with a Delete payload, Section 1.4.1).

// initiatorID is the probe's IDi (ID_RFC822_ADDR): ".invalid" names no
// one (RFC 2606).
const initiatorID = "cryptoscan@invalid"

// authOffer is what the IKE_SA_INIT of the exchange offers: accepted
// transforms the probe computes.
type authOffer struct {
	aead, encrs  []candidate // AES-GCM-16; AES-CBC, AES-CTR, 3DES
	prfs, integs []candidate
	groups       []uint16 // in the responder's order of preference
}

// newAuthOffers takes from ts (the enumerated transforms) those computed
// by ikecrypto.go and lays them out in offers to make one after the
// other, until the responder accepts one (a NO_PROPOSAL_CHOSEN answer
// keeps no state): first the strong transforms alone; then, for each
// type, the strong ones when there are any and else the weak ones
// (weakTransform); then all. An offer that lacks a type, or that repeats
// an earlier one, is left out; none remains when no complete set does.
// The responder thus never runs the exchange with a weak set while it
// accepts a strong one, and with the weak transforms only of the types
// it accepts nothing stronger of.
func newAuthOffers(ts []scanner.IKETransform) []authOffer {
	var all authOffer
	for _, t := range ts {
		switch t.Type {
		case scanner.IKEEncryption:
			if !computedEncr(t.ID, t.KeyBits) {
				continue
			}
			c := candidate{typ: transformENCR, id: t.ID, keyBits: t.KeyBits, aead: t.ID == 20}
			if c.aead {
				all.aead = append(all.aead, c)
			} else {
				all.encrs = append(all.encrs, c)
			}
		case scanner.IKEPRF:
			if prfHash(t.ID) != nil {
				all.prfs = append(all.prfs, candidate{typ: transformPRF, id: t.ID})
			}
		case scanner.IKEIntegrity:
			if _, ok := integInfo(t.ID); ok {
				all.integs = append(all.integs, candidate{typ: transformINTEG, id: t.ID})
			}
		case scanner.IKEKeyExchange:
			if slices.Contains(computableGroups, t.ID) {
				all.groups = append(all.groups, t.ID)
			}
		}
	}
	strong := func(c candidate) bool { return !weakTransform(c.typ, c.id) }
	strongGroup := func(g uint16) bool { return !weakTransform(transformKE, g) }
	// leastWeak keeps the strong members of a type, or all when none is.
	leastWeak := func(cs []candidate) []candidate {
		if s := filter(cs, strong); len(s) > 0 {
			return s
		}
		return cs
	}
	strongOnly := authOffer{aead: filter(all.aead, strong), encrs: filter(all.encrs, strong), prfs: filter(all.prfs, strong),
		integs: filter(all.integs, strong), groups: filter(all.groups, strongGroup)}
	enc := slices.Concat(all.aead, all.encrs)
	fewest := authOffer{prfs: leastWeak(all.prfs), integs: leastWeak(all.integs), groups: filter(all.groups, strongGroup)}
	if len(fewest.groups) == 0 {
		fewest.groups = all.groups
	}
	for _, c := range leastWeak(enc) {
		if c.aead {
			fewest.aead = append(fewest.aead, c)
		} else {
			fewest.encrs = append(fewest.encrs, c)
		}
	}
	var offers []authOffer
	for _, o := range []authOffer{strongOnly, fewest, all} {
		// Weak transforms last within a type: the responder may take
		// the initiator's order.
		o.encrs = slices.Concat(filter(o.encrs, strong), filter(o.encrs, func(c candidate) bool { return !strong(c) }))
		if len(o.integs) == 0 {
			o.encrs = nil
		}
		if len(o.prfs) == 0 || len(o.groups) == 0 || len(o.aead)+len(o.encrs) == 0 {
			continue
		}
		if !slices.ContainsFunc(offers, o.equal) {
			offers = append(offers, o)
		}
	}
	return offers
}

func filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func (a authOffer) equal(b authOffer) bool {
	return slices.Equal(a.aead, b.aead) && slices.Equal(a.encrs, b.encrs) && slices.Equal(a.prfs, b.prfs) &&
		slices.Equal(a.integs, b.integs) && slices.Equal(a.groups, b.groups)
}

// proposals lays the offer out: AES-GCM in a first proposal, the other
// encryption algorithms with the integrity algorithms in a second, each
// with every PRF and key-exchange method.
func (a authOffer) proposals() []proposal {
	list := func(cs []candidate) []transform {
		var ts []transform
		for _, c := range cs {
			ts = append(ts, c.transform())
		}
		return ts
	}
	var kes []transform
	for _, g := range a.groups {
		kes = append(kes, transform{typ: transformKE, id: g})
	}
	var ps []proposal
	if len(a.aead) > 0 {
		ps = append(ps, proposal{protocol: protocolIKE, transforms: slices.Concat(list(a.aead), list(a.prfs), kes)})
	}
	if len(a.encrs) > 0 {
		ps = append(ps, proposal{protocol: protocolIKE, transforms: slices.Concat(list(a.encrs), list(a.prfs), list(a.integs), kes)})
	}
	for i := range ps {
		ps[i].num = uint8(i + 1)
	}
	return ps
}

// chosenSuite reads the responder's choice (one proposal, a transform of
// each type, all offered) into a suite.
func (a authOffer) chosenSuite(sa *saPayload, group uint16) (suite, error) {
	if len(sa.proposals) != 1 || sa.proposals[0].protocol != protocolIKE {
		return suite{}, &malformedError{"the IKE_SA_INIT response's SA payload holds no single IKE proposal"}
	}
	var s suite
	seen := map[uint8]int{}
	for _, t := range sa.proposals[0].transforms {
		seen[t.typ]++
		c := candidate{typ: t.typ, id: t.id, keyBits: t.keyBits(), aead: t.typ == transformENCR && t.id == 20}
		switch t.typ {
		case transformENCR:
			if !slices.Contains(a.aead, c) && !slices.Contains(a.encrs, c) {
				return suite{}, &malformedError{fmt.Sprintf("the responder chose %s, which was not offered", transformName(t.typ, t.id))}
			}
			s.encr, s.keyBits = t.id, c.keyBits
		case transformPRF:
			if !slices.Contains(a.prfs, c) {
				return suite{}, &malformedError{fmt.Sprintf("the responder chose %s, which was not offered", transformName(t.typ, t.id))}
			}
			s.prfID, s.prf = t.id, prf{prfHash(t.id)}
		case transformINTEG:
			if t.id == 0 {
				seen[t.typ]--
				continue
			}
			in, ok := integInfo(t.id)
			if !ok || !slices.Contains(a.integs, c) {
				return suite{}, &malformedError{fmt.Sprintf("the responder chose %s, which was not offered", transformName(t.typ, t.id))}
			}
			s.integID, s.integ = t.id, in
		case transformKE:
			if t.id != group {
				return suite{}, &malformedError{fmt.Sprintf("the responder chose %s, not the KE payload's group", transformName(t.typ, t.id))}
			}
			s.group = t.id
		}
	}
	for _, typ := range []uint8{transformENCR, transformPRF, transformKE} {
		if seen[typ] != 1 {
			return suite{}, &malformedError{fmt.Sprintf("the responder's proposal holds %d transforms of type %d", seen[typ], typ)}
		}
	}
	if s.aead() != (s.integID == 0) {
		return suite{}, &malformedError{"the responder's proposal pairs its encryption and integrity algorithms wrongly"}
	}
	return s, nil
}

// errNoProposal is a NO_PROPOSAL_CHOSEN answer to the exchange's
// IKE_SA_INIT: the responder accepts each transform offered, but no
// combination of them.
var errNoProposal = errors.New("the responder answered NO_PROPOSAL_CHOSEN to an offer of transforms it accepted one by one")

// ranWith says which transforms the exchange ran with, and when weak,
// that they were computed only to read the responder's certificate;
// refused counts the stronger offers answered NO_PROPOSAL_CHOSEN.
func ranWith(s suite, refused int) string {
	var names, weak []string
	for _, t := range s.transforms() {
		name := t.Name
		if t.KeyBits != 0 {
			name = fmt.Sprintf("%s-%d", name, t.KeyBits)
		}
		names = append(names, name)
		if weakTransform(typeOf(t.Type), t.ID) {
			weak = append(weak, t.Name)
		}
	}
	d := "the exchange ran with " + strings.Join(names, ", ")
	if len(weak) > 0 {
		d += fmt.Sprintf(" (weak: %s; computed only to read the responder's identity and certificate, as it accepts no stronger set the probe computes)", strings.Join(weak, ", "))
	}
	if refused > 0 {
		d += fmt.Sprintf("; %d stronger offer(s) answered NO_PROPOSAL_CHOSEN", refused)
	}
	return d
}

// typeOf is the transform type of a scanner transform type name.
func typeOf(name string) uint8 {
	for _, tt := range transformTypes {
		if tt.name == name {
			return tt.id
		}
	}
	return 0
}

// transforms lists the suite as scanner transforms.
func (s suite) transforms() []scanner.IKETransform {
	ts := []scanner.IKETransform{
		{Type: scanner.IKEEncryption, ID: s.encr, Name: transformName(transformENCR, s.encr), KeyBits: s.keyBits},
		{Type: scanner.IKEPRF, ID: s.prfID, Name: transformName(transformPRF, s.prfID)},
	}
	if s.integID != 0 {
		ts = append(ts, scanner.IKETransform{Type: scanner.IKEIntegrity, ID: s.integID, Name: transformName(transformINTEG, s.integID)})
	}
	return append(ts, scanner.IKETransform{Type: scanner.IKEKeyExchange, ID: s.group, Name: transformName(transformKE, s.group)})
}

// authInitRequest is the exchange's IKE_SA_INIT request: [N(COOKIE),] SA,
// KE, Ni, N(SIGNATURE_HASH_ALGORITHMS) (RFC 7427, Section 4: SHA2-256,
// -384, -512), which lets the responder sign with RFC 7427's Digital
// Signature method.
func authInitRequest(spi uint64, ps []proposal, group uint16, keData, nonce, cookie []byte) ([]byte, error) {
	return saInitRequest(spi, ps, group, keData, nonce, cookie, notifyPayload{typ: notifySignatureHashAlgorithms, data: []byte{0, 2, 0, 3, 0, 4}})
}

// authPayloads are the IKE_AUTH request's payloads (RFC 7296, Section
// 1.2, without AUTH: Section 2.16): IDi, a CERTREQ for X.509 naming no
// CA (any CA: RFC 4945, Section 3.2.7.1; strongSwan sends its
// certificates only when asked), an SA for an ESP child SA
// (AES-GCM-16 256, or AES-CBC 256 with HMAC-SHA2-256-128; no ESN), TSi
// and TSr for any IPv4 traffic.
func authPayloads(childSPI []byte) ([]payload, error) {
	id, err := (&idPayload{typ: idRFC822, data: []byte(initiatorID)}).marshal()
	if err != nil {
		return nil, err
	}
	const protocolESP, transformESN = 3, 5
	aes256 := []attribute{{typ: attrKeyLength, tv: true, value: 256}}
	sa, err := (&saPayload{proposals: []proposal{
		{num: 1, protocol: protocolESP, spi: childSPI, transforms: []transform{
			{typ: transformENCR, id: 20, attrs: aes256}, {typ: transformESN, id: 0}}},
		{num: 2, protocol: protocolESP, spi: childSPI, transforms: []transform{
			{typ: transformENCR, id: 12, attrs: aes256}, {typ: transformINTEG, id: 12}, {typ: transformESN, id: 0}}},
	}}).marshal()
	if err != nil {
		return nil, err
	}
	ts, err := (&tsPayload{selectors: []trafficSelector{{typ: 7, endPort: 0xFFFF, start: []byte{0, 0, 0, 0}, end: []byte{255, 255, 255, 255}}}}).marshal()
	if err != nil {
		return nil, err
	}
	cr, err := (&certReqPayload{encoding: certX509Signature}).marshal()
	if err != nil {
		return nil, err
	}
	return []payload{
		{typ: payloadIDi, body: id},
		{typ: payloadCertReq, body: cr},
		{typ: payloadSA, body: sa},
		{typ: payloadTSi, body: ts},
		{typ: payloadTSr, body: ts},
	}, nil
}

// ikeSA is the state of the exchange once IKE_SA_INIT is done.
type ikeSA struct {
	spiI, spiR uint64
	ni         []byte
	suite      suite
	keys       keys
	initResp   []byte // the responder's IKE_SA_INIT message, as received
	certReqs   []certReqPayload
	msgID      uint32 // of the next request
	conn       net.Conn
}

// authResult is the exchange's outcome.
type authResult struct {
	auth  *scanner.IKEAuth
	certs []scanner.CertificateFact
}

// authenticate runs the exchange against a responder whose accepted
// transforms are ts.
func (s *scan) authenticate(ctx context.Context, ep scanner.Endpoint, ts []scanner.IKETransform, cfg *Config) authResult {
	res := &scanner.IKEAuth{}
	unknown := func(reason scanner.Reason, detail string) authResult {
		res.Status, res.Reason, res.Detail = scanner.StatusUnknown, reason, appendDetail(detail, res.Detail)
		return authResult{auth: res}
	}
	offers := newAuthOffers(ts)
	if len(offers) == 0 {
		return unknown(scanner.ReasonNotTested, "no accepted transform set the probe computes (AES-GCM-16, AES-CBC, AES-CTR or 3DES with HMAC-SHA1-96 or HMAC-SHA2; PRF HMAC-SHA1 or HMAC-SHA2; groups 2, 5, 14-16, 19-21, 31)")
	}
	// One socket for the SA's exchanges, as an initiator has.
	conn, err := s.ex.d.DialUDP(ctx, s.ex.addr)
	if err != nil {
		return unknown(reasonOf(err), "IKE_SA_INIT: "+err.Error())
	}
	defer conn.Close()
	var sa *ikeSA
	refused := 0
	for _, o := range offers {
		sa, err = s.initSA(ctx, o, conn)
		if !errors.Is(err, errNoProposal) {
			break
		}
		refused++
	}
	if err != nil {
		return unknown(reasonOf(err), "IKE_SA_INIT: "+err.Error())
	}
	res.Detail = ranWith(sa.suite, refused)
	res.Transforms = sa.suite.transforms()
	for _, cr := range sa.certReqs {
		if cr.encoding != certX509Signature || len(cr.data)%20 != 0 {
			res.Detail = appendDetail(res.Detail, fmt.Sprintf("a CERTREQ of encoding %s", codeName(certEncodings, uint16(cr.encoding))))
			continue
		}
		for h := range slices.Chunk(cr.data, 20) {
			if x := hex.EncodeToString(h); !slices.Contains(res.CertificateRequests, x) {
				res.CertificateRequests = append(res.CertificateRequests, x)
			}
		}
	}

	childSPI, err := s.ex.readRand(4)
	if err != nil {
		return unknown(scanner.ReasonNotTested, err.Error())
	}
	inner, err := authPayloads(childSPI)
	if err != nil {
		return unknown(scanner.ReasonNotTested, err.Error())
	}
	ps, err := sa.request(ctx, s.ex, exchangeIKEAuth, inner)
	if err != nil {
		detail := "IKE_AUTH: " + err.Error()
		if err == errTimeout {
			detail = "no answer to IKE_AUTH (the responder completed IKE_SA_INIT)"
		}
		return unknown(reasonOf(err), detail)
	}
	var ids []idPayload
	var auths []authPayload
	var ders [][]byte
	var eapType string
	for _, p := range ps {
		switch p.typ {
		case payloadNotify:
			var n notifyPayload
			if !n.unmarshal(p.body) {
				return unknown(scanner.ReasonMalformed, "IKE_AUTH: a Notify payload that does not parse")
			}
			if n.typ < notifyErrorLimit {
				res.Status = scanner.NotSupported
				res.Detail = appendDetail(fmt.Sprintf("the responder answered an initiator asking for EAP with %s", codeName(notifyTypes, n.typ)), res.Detail)
				return authResult{auth: res}
			}
		case payloadIDr:
			var id idPayload
			if !id.unmarshal(p.body) {
				return unknown(scanner.ReasonMalformed, "IKE_AUTH: an IDr payload that does not parse")
			}
			ids = append(ids, id)
		case payloadAuth:
			var a authPayload
			if !a.unmarshal(p.body) {
				return unknown(scanner.ReasonMalformed, "IKE_AUTH: an AUTH payload that does not parse")
			}
			auths = append(auths, a)
		case payloadCert:
			var c certPayload
			if !c.unmarshal(p.body) {
				return unknown(scanner.ReasonMalformed, "IKE_AUTH: a CERT payload that does not parse")
			}
			if c.encoding != certX509Signature {
				res.Detail = appendDetail(res.Detail, fmt.Sprintf("a CERT of encoding %s, not read", codeName(certEncodings, uint16(c.encoding))))
				continue
			}
			ders = append(ders, c.data)
		case payloadEAP:
			var e eapPayload
			if !e.unmarshal(p.body) || e.code != eapRequest {
				return unknown(scanner.ReasonMalformed, "IKE_AUTH: an EAP payload that is no EAP request")
			}
			eapType = codeName(eapTypes, uint16(e.typ))
		}
	}
	if len(ids) != 1 || len(auths) != 1 {
		return unknown(scanner.ReasonMalformed, fmt.Sprintf("IKE_AUTH: an answer with %d IDr and %d AUTH payloads and no error notification", len(ids), len(auths)))
	}
	// The responder authenticated itself and keeps an IKE SA waiting for
	// an EAP response: the probe asks for its deletion.
	deleted := sa.deleteSA(ctx, s.ex)
	id, auth := ids[0], auths[0]
	res.IDType, res.ID = idString(id)
	res.AuthMethod = codeName(authMethods, uint16(auth.method))
	res.Status = scanner.Supported
	var detail []string
	if eapType != "" {
		detail = append(detail, "the responder asked for EAP ("+eapType+")")
	} else {
		detail = append(detail, "the responder sent no EAP request")
	}

	scheme, sig, schemeErr := authScheme(auth)
	res.SignatureAlgorithm = scheme.name
	var leaf *x509.Certificate
	if len(ders) > 0 {
		leaf, _ = x509.ParseCertificate(ders[0])
	}
	switch {
	case auth.method == 2 || auth.method == 12 || auth.method == 13:
		detail = append(detail, "AUTH not verified: no public-key signature")
	case schemeErr != nil:
		detail = append(detail, "AUTH not verified: "+schemeErr.Error())
	case len(ders) == 0:
		detail = append(detail, "AUTH not verified: no certificate sent")
	case leaf == nil:
		detail = append(detail, "AUTH not verified: the leaf certificate does not parse")
	default:
		// RFC 7296, Section 2.15: the responder signs its IKE_SA_INIT
		// message, Ni and prf(SK_pr, IDr').
		signed := slices.Concat(sa.initResp, sa.ni, sa.suite.prf.sum(sa.keys.pr, id.body()))
		if err := verifySignature(scheme, leaf.PublicKey, signed, sig); err != nil {
			res.Status, res.Reason = scanner.StatusUnknown, scanner.ReasonMalformed
			detail = append(detail, "the AUTH signature does not verify with the leaf certificate's key: "+err.Error())
		} else {
			detail = append(detail, "the AUTH signature verifies with the leaf certificate's key")
		}
	}
	if deleted != nil {
		detail = append(detail, "the INFORMATIONAL request deleting the IKE SA was not answered: "+deleted.Error())
	} else {
		detail = append(detail, "the INFORMATIONAL request deleting the IKE SA was answered")
	}
	res.Detail = appendDetail(strings.Join(detail, "; "), res.Detail)

	if len(ders) == 0 {
		return authResult{auth: res}
	}
	name := ep.Host
	switch res.IDType {
	case "FQDN", "IPV4_ADDR", "IPV6_ADDR":
		name = res.ID
	}
	if name == "" {
		name = ep.IP.String()
	}
	f := scanner.ChainFact{Versions: []scanner.Version{}}
	var certs []scanner.CertificateFact
	for _, der := range ders {
		c, _ := pki.Describe(der) // a partial description still carries its hash and errors
		f.Chain = append(f.Chain, scanner.RefOf(c))
		if !slices.ContainsFunc(certs, func(x scanner.CertificateFact) bool { return x.SHA256 == c.SHA256 }) {
			certs = append(certs, scanner.CertificateFact{Certificate: c, DER: der})
		}
	}
	f.ChainReport = pki.Analyze(ders, pki.AnalyzeOptions{Roots: cfg.Roots, ServerName: name, Now: cfg.now()})
	res.Certificates = []scanner.ChainFact{f}
	return authResult{auth: res, certs: certs}
}

func appendDetail(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

// body is the ID payload's body, IDr' of RFC 7296, Section 2.15.
func (p idPayload) body() []byte {
	b, _ := p.marshal()
	return b
}

// idString renders an identity as scanner.IKEAuth has it.
func idString(id idPayload) (typ, value string) {
	typ = codeName(idTypes, uint16(id.typ))
	switch id.typ {
	case idIPv4, idIPv6:
		if a, ok := netip.AddrFromSlice(id.data); ok {
			return typ, a.String()
		}
	case idFQDN, idRFC822:
		return typ, strings.ToValidUTF8(string(id.data), "\uFFFD")
	case idDN:
		var rdn pkix.RDNSequence
		if rest, err := asn1.Unmarshal(id.data, &rdn); err == nil && len(rest) == 0 {
			return typ, rdn.String()
		}
	}
	return typ, hex.EncodeToString(id.data)
}

// initSA runs IKE_SA_INIT with a real key exchange: the KE payload for
// the responder's preferred group, again for the group an
// INVALID_KE_PAYLOAD names (among those offered), and once with the
// cookie a COOKIE notification brings (RFC 7296, Sections 1.2, 2.6).
func (s *scan) initSA(ctx context.Context, o authOffer, conn net.Conn) (*ikeSA, error) {
	spi, err := s.ex.newSPI()
	if err != nil {
		return nil, err
	}
	nonce, err := s.ex.readRand(32)
	if err != nil {
		return nil, err
	}
	group := o.groups[0]
	tried := []uint16{}
	var cookie []byte
	for range 4 {
		ke, err := newKeyExchange(group, s.ex.rand)
		if err != nil {
			return nil, err
		}
		tried = append(tried, group)
		req, err := authInitRequest(spi, o.proposals(), group, ke.public(), nonce, cookie)
		if err != nil {
			return nil, err
		}
		m, err := s.ex.exchangeOn(ctx, conn, req, s.ex.timeout, func(m *message) bool {
			return m.spiI == spi && m.version>>4 == 2 && m.exchange == exchangeIKESAInit && m.flags&flagResponse != 0 && m.msgID == 0
		})
		if err != nil {
			return nil, err
		}
		if c, ok := cookieOf(m); ok {
			if cookie != nil {
				return nil, &malformedError{"the responder asked for a cookie again after it was returned"}
			}
			s.obs.setCookie()
			cookie = c
			continue
		}
		var errNotify *notifyPayload
		for _, b := range m.find(payloadNotify) {
			var n notifyPayload
			if !n.unmarshal(b) {
				return nil, &malformedError{"a Notify payload that does not parse"}
			}
			if n.typ < notifyErrorLimit && errNotify == nil {
				errNotify = &n
			}
		}
		if errNotify != nil {
			if errNotify.typ == notifyInvalidKEPayload && len(errNotify.data) == 2 {
				g := binary.BigEndian.Uint16(errNotify.data)
				if slices.Contains(o.groups, g) && !slices.Contains(tried, g) {
					group = g
					continue
				}
			}
			if errNotify.typ == notifyNoProposalChosen {
				return nil, errNoProposal
			}
			return nil, fmt.Errorf("the responder answered %s to an offer of transforms it accepted before", codeName(notifyTypes, errNotify.typ))
		}
		sa, err := s.readInit(o, m, spi, nonce, ke, group)
		if sa != nil {
			sa.conn = conn
		}
		return sa, err
	}
	return nil, &malformedError{"the responder asked for one group after another"}
}

// readInit reads a full IKE_SA_INIT response and derives the keys.
func (s *scan) readInit(o authOffer, m *message, spi uint64, ni []byte, ke keExchange, group uint16) (*ikeSA, error) {
	sas, kes, nrs := m.find(payloadSA), m.find(payloadKE), m.find(payloadNonce)
	if len(sas) != 1 || len(kes) != 1 || len(nrs) != 1 {
		return nil, &malformedError{fmt.Sprintf("an IKE_SA_INIT response with %d SA, %d KE and %d Nonce payloads", len(sas), len(kes), len(nrs))}
	}
	if m.spiR == 0 {
		return nil, &malformedError{"an IKE_SA_INIT response with a zero responder SPI"}
	}
	var sa saPayload
	var kp kePayload
	var nr noncePayload
	if !sa.unmarshal(sas[0]) || !kp.unmarshal(kes[0]) || !nr.unmarshal(nrs[0]) {
		return nil, &malformedError{"an IKE_SA_INIT response whose SA, KE or Nonce payload does not parse"}
	}
	st, err := o.chosenSuite(&sa, group)
	if err != nil {
		return nil, err
	}
	if kp.group != group {
		return nil, &malformedError{fmt.Sprintf("a KE payload for %s, not %s", transformName(transformKE, kp.group), transformName(transformKE, group))}
	}
	gir, err := ke.shared(kp.data)
	if err != nil {
		return nil, &malformedError{err.Error()}
	}
	sa2 := &ikeSA{spiI: spi, spiR: m.spiR, ni: ni, suite: st, initResp: m.raw, msgID: 1}
	sa2.keys = deriveKeys(st, gir, ni, nr.nonce, spi, m.spiR)
	for _, b := range m.find(payloadCertReq) {
		var cr certReqPayload
		if cr.unmarshal(b) {
			sa2.certReqs = append(sa2.certReqs, cr)
		}
	}
	return sa2, nil
}

// request sends payloads in an SK payload as the next request of the IKE
// SA and returns the payloads of the decrypted answer.
func (sa *ikeSA) request(ctx context.Context, ex *exchanger, exchange uint8, payloads []payload) ([]payload, error) {
	id := sa.msgID
	sa.msgID++
	req, err := sealSK(message{spiI: sa.spiI, spiR: sa.spiR, version: versionIKEv2, exchange: exchange, flags: flagInitiator, msgID: id, payloads: payloads},
		sa.suite, sa.keys.ei, sa.keys.ai, ex.rand)
	if err != nil {
		return nil, err
	}
	timeout := ex.timeout
	if exchange == exchangeInformational2 {
		timeout /= 2
	}
	m, err := ex.exchangeOn(ctx, sa.conn, req, timeout, func(m *message) bool {
		return m.spiI == sa.spiI && m.spiR == sa.spiR && m.version>>4 == 2 && m.exchange == exchange && m.flags&flagResponse != 0 && m.msgID == id
	})
	if err != nil {
		return nil, err
	}
	return openSK(m, sa.suite, sa.keys.er, sa.keys.ar)
}

// deleteSA sends an INFORMATIONAL request deleting the IKE SA (RFC 7296,
// Section 1.4.1) and reads the (empty) answer, waiting half as long as
// for the other exchanges. A responder may keep the SA nonetheless:
// strongSwan (5.9) answers it, but hands it to its IKE_AUTH tasks, still
// waiting for the EAP response, which ignore the Delete payload; the SA
// then lasts until its half-open timeout (charon.half_open_timeout, 30
// seconds).
func (sa *ikeSA) deleteSA(ctx context.Context, ex *exchanger) error {
	d, err := (&deletePayload{protocol: protocolIKE}).marshal()
	if err != nil {
		return err
	}
	_, err = sa.request(ctx, ex, exchangeInformational2, []payload{{typ: payloadDelete, body: d}})
	return err
}
