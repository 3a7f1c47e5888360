package tlsprobe

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// handshake13 runs one TLS 1.3 handshake of client13.go as a probe: one
// connection through the endpoint's dialer, its outcome classified like a
// hello's, every fact it showed mined. The outcome is positive when the
// server got as far as signing (CertificateVerify) or resuming; it then
// carries the result in r13 and the gist of its ServerHello in sh.
func (s *endpointScan) handshake13(ctx context.Context, cfg Handshake13Config) *outcome {
	start := time.Now()
	o := &outcome{seqStart: s.seq.Add(1), noSNI: cfg.SNI == ""}
	defer func() {
		o.seqEnd = s.seq.Add(1)
		if !o.kind.positive() && o.kind != outAlert {
			s.d.CountError()
		}
		if s.cfg.trace != nil {
			s.cfg.trace("handshake13", nil, o, start)
		}
	}()
	conn := s.dial(ctx, o)
	if conn == nil {
		return o
	}
	defer conn.Close()
	hctx := ctx
	if d := s.d.Timeout; d > 0 {
		var cancel context.CancelFunc
		hctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	if cfg.Rand == nil {
		cfg.Rand = s.rand13(&cfg)
	}
	if cfg.Now == nil {
		cfg.Now = s.cfg.Now
	}
	res, err := handshake13(hctx, conn, &cfg)
	o.r13 = res
	if res.Version != 0 {
		o.sh = &serverHello{vers: versionTLS12, supportedVersion: res.Version, cipherSuite: res.Suite, extensions: res.ServerExtensions, random: res.ServerRandom}
		if res.Version != versionTLS13 {
			o.sh.supportedVersion = 0
			o.sh.vers = res.Version
		}
	}
	switch {
	case res.CertVerifyScheme != 0 || res.PSKAccepted || res.ServerFinished || (res.Version != 0 && res.Version != versionTLS13):
		o.kind = outAccepted
	case res.AlertReceived:
		o.kind, o.alert, o.err = outAlert, res.Alert, err
	case err != nil:
		o.classify(ctx, err)
		if o.kind == outMalformed && res.Version == versionTLS13 {
			// The server answered in TLS 1.3 and something past its hello
			// went wrong: not a refusal.
			o.kind = outAccepted
		}
	default:
		o.kind = outAccepted
	}
	if o.kind.positive() {
		s.markPositive(o)
		s.mine13(o)
	}
	return o
}

// rand13 is the randomness of one handshake: a stream keyed by the
// endpoint's seed and what the handshake offers, so that tests with a
// fixed Config.Rand get the same hellos whatever order probes run in.
func (s *endpointScan) rand13(cfg *Handshake13Config) *mrand.ChaCha8 {
	mac := hmac.New(sha256.New, s.seed[:])
	fmt.Fprintf(mac, "tls13 %q %x %x %x %x %q %d %v", cfg.SNI, cfg.Suites, cfg.Groups, cfg.SignatureSchemes, cfg.PSKModes, cfg.ALPN, cfg.MaxFragmentLength, cfg.EarlyData != nil)
	if cfg.PSK != nil {
		mac.Write(cfg.PSK.Ticket)
	}
	var key [32]byte
	copy(key[:], mac.Sum(nil))
	return mrand.NewChaCha8(key)
}

// mine13 records what a TLS 1.3 handshake showed: the chain with its
// staples, the CertificateVerify scheme, a CertificateRequest and the
// ServerHello extensions.
func (s *endpointScan) mine13(o *outcome) {
	r := o.r13
	if r == nil || r.Version != versionTLS13 {
		s.mine(o) // a TLS 1.2 answer: what its hello shows
		return
	}
	v := scanner.TLSv13
	s.mu.Lock()
	defer s.mu.Unlock()
	s.randoms.add(v, r.ServerRandom)
	if s.exts[v] == nil {
		s.exts[v] = make(map[uint16]bool)
	}
	for _, t := range r.ServerExtensions {
		s.exts[v][t] = true
	}
	if len(r.Certificates) > 0 {
		certs := make([][]byte, len(r.Certificates))
		for i, e := range r.Certificates {
			certs[i] = e.DER
			if i > 0 && (len(e.OCSP) > 0 || len(e.SCTs) > 0) {
				n := fmt.Sprintf("TLSv1.3 certificate entry %d carried an OCSP response or SCTs (only the leaf's are read)", i)
				if !slices.Contains(s.notes, n) {
					s.notes = append(s.notes, n)
				}
			}
		}
		key := s.addChain(v, certs, r.Certificates[0].OCSP, r.Certificates[0].SCTs, o.noSNI)
		// Schemes are those of hellos naming the server (when it has a
		// name): the elimination's, not a hello without a name's.
		if r.CertVerifyScheme != 0 && (!o.noSNI || s.sni == "") {
			s.addScheme(v, r.CertVerifyScheme, key, false)
		}
		if r.CertVerifyChecked && !r.CertVerifyValid {
			n := fmt.Sprintf("a TLSv1.3 CertificateVerify (%s) did not verify: %s", SchemeName(r.CertVerifyScheme), r.CertVerifyProblem)
			if !slices.Contains(s.notes, n) {
				s.notes = append(s.notes, n)
			}
		}
	}
	if r.CertRequest != nil {
		s.addCertRequest(v, r.CertRequest.CertificateAuthorities)
	}
}
