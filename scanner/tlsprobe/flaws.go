package tlsprobe

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"io"
	"math/big"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Known-flaw probes: evidence for ANSSI-TLS-R2 (components kept up to
// date), whose versions cannot be seen from the network. Each runs on a
// connection whose hello the server answered up to ServerHelloDone, in
// TLS 1.2 or older, and sends records a correct server refuses:
//
//   - CCS injection (CVE-2014-0224): a ChangeCipherSpec before the
//     ClientKeyExchange, then a second one. A correct server refuses the
//     first (unexpected_message); a vulnerable OpenSSL accepts it, derives
//     keys from an empty master secret, and fails to decrypt the second
//     (bad_record_mac or decryption_failed). It rides on the extensions
//     hello of the TLS 1.2 probes: no connection of its own.
//   - Heartbleed (CVE-2014-0160): a heartbeat request claiming 64 bytes of
//     payload and carrying none, then a well-formed one. A correct server
//     discards the first (RFC 6520, Section 4) and may answer the second; a
//     vulnerable one answers the first with 64 bytes of its memory. Sent
//     only to servers that echo the heartbeat extension, on a connection
//     of its own. The leaked bytes are counted, never kept.
//   - ROBOT (Böck, Somorovsky and Young, 2018, CVE-2017-13099 and its
//     family): a ClientKeyExchange whose pre-master secret is encrypted
//     (textbook RSA, under the leaf's key) from five PKCS#1 v1.5 blocks,
//     one correct and four malformed, each followed by a ChangeCipherSpec
//     and a Finished of garbage, one block per connection. A correct
//     server answers all five alike (it fails at the Finished); one that
//     answers them differently (alert, reset, close or silence, and the
//     alert's description) is a Bleichenbacher oracle. The blocks whose
//     answer differs from the most common one are sent once more: a
//     repeat that disagrees with the first answer leaves the fact
//     unknown, never vulnerable. Sent only to servers that accept an RSA
//     key-transport suite below TLS 1.3 (the newest such version): 5
//     connections, up to 10 with the confirmations; none elsewhere.

// flawWait bounds how long a flaw probe waits for the server's answer
// once its records are sent; the connection deadline still applies.
const flawWait = 3 * time.Second

const (
	recordHeartbeat      uint8 = 24 // RFC 6520
	heartbeatRequest     uint8 = 1
	heartbeatResponse    uint8 = 2
	heartbleedClaim            = 64 // payload_length of the malformed request
	alertUnexpected      uint8 = 10
	alertBadRecordMAC    uint8 = 20
	alertDecryptFailed   uint8 = 21
	alertDecompressFail  uint8 = 30
	heartbeatProbeMarker       = "cryptoscan-hb-ok" // 16 bytes
)

// afterFlight runs on the connection of a hello the server answered up to
// ServerHelloDone; r reads what follows the flight.
type afterFlight func(ctx context.Context, conn net.Conn, r io.Reader, o *outcome)

// flawDeadline is the deadline of a flaw probe's read: flawWait from now,
// or the connection's own when sooner.
func (s *endpointScan) flawDeadline() time.Time {
	d := flawWait
	if t := s.d.Timeout; t > 0 && t < d {
		d = t
	}
	return time.Now().Add(d)
}

// readReply reads the server's next record; alerts come back as records.
func readReply(ctx context.Context, r io.Reader) (record, *outcome) {
	rr := newRecordReader(r)
	rec, err := rr.readRecord()
	if err != nil {
		o := &outcome{}
		o.classify(ctx, err)
		return record{}, o
	}
	return rec, nil
}

// sendFlaw writes a flaw probe's records and arms the deadline of the
// answer; when the write fails, the fact is unknown and ok false.
func (s *endpointScan) sendFlaw(ctx context.Context, conn net.Conn, msg []byte, what string) (f scanner.Feature, ok bool) {
	if _, err := conn.Write(msg); err != nil {
		o := &outcome{}
		o.classify(ctx, err)
		return unknownFeature(unknownReason(o), what+" could not be sent: "+o.detail()), false
	}
	conn.SetReadDeadline(s.flawDeadline())
	return scanner.Feature{}, true
}

// noReply is the fact when the server sent no record after what: a close
// or reset refuses it, anything else leaves the fact unknown.
func noReply(o *outcome, v scanner.Version, what string) scanner.Feature {
	if o.kind == outClosed || o.kind == outReset {
		f := feature(scanner.NotSupported, v)
		f.Reason = o.reason()
		f.Detail = "the server closed the connection on " + what
		return f
	}
	return unknownFeature(unknownReason(o), "no answer to "+what+": "+o.detail())
}

// ccsInjection sends two early ChangeCipherSpec records and reads the
// answer: the CCS injection fact of version vers.
func (s *endpointScan) ccsInjection(ctx context.Context, conn net.Conn, r io.Reader, vers uint16) scanner.Feature {
	v := scanner.Version(vers)
	ccs := []byte{recordChangeCipherSpec, byte(vers >> 8), byte(vers), 0, 1, 1}
	if f, ok := s.sendFlaw(ctx, conn, append(ccs, ccs...), "the early ChangeCipherSpec"); !ok {
		return f
	}
	rec, o := readReply(ctx, r)
	if o != nil {
		// A close is a refusal without a reason: not the vulnerable
		// answer, which is an alert about the second record.
		return noReply(o, v, "an early ChangeCipherSpec")
	}
	if rec.typ != recordAlert || len(rec.payload) < 2 {
		return unknownFeature(scanner.ReasonMalformed, fmt.Sprintf("an early ChangeCipherSpec got a record of type %d", rec.typ))
	}
	desc := rec.payload[1]
	switch desc {
	case alertBadRecordMAC, alertDecryptFailed, alertDecompressFail:
		f := feature(scanner.Supported, v)
		f.Reason = scanner.AlertReason(desc)
		f.Detail = fmt.Sprintf("an early ChangeCipherSpec was accepted: the record after it got %s, as from a server that switched to keys of an empty master secret (CVE-2014-0224)", alertName(desc))
		return f
	}
	f := feature(scanner.NotSupported, v)
	f.Reason = scanner.AlertReason(desc)
	f.Detail = "an early ChangeCipherSpec was refused with " + alertName(desc)
	return f
}

// heartbleed sends a heartbeat request claiming more payload than it
// carries, then a well-formed one, and reads the answers: the Heartbleed
// fact of version vers.
func (s *endpointScan) heartbleed(ctx context.Context, conn net.Conn, r io.Reader, vers uint16) scanner.Feature {
	v := scanner.Version(vers)
	hb := func(claim int, payload []byte) []byte {
		// RFC 6520, Section 4: type, uint16 payload_length, payload, at
		// least 16 bytes of padding.
		body := []byte{heartbeatRequest, byte(claim >> 8), byte(claim)}
		if payload != nil {
			body = append(append(body, payload...), make([]byte, 16)...)
		}
		return append([]byte{recordHeartbeat, byte(vers >> 8), byte(vers), byte(len(body) >> 8), byte(len(body))}, body...)
	}
	marker := []byte(heartbeatProbeMarker)
	msg := append(hb(heartbleedClaim, nil), hb(len(marker), marker)...)
	if f, ok := s.sendFlaw(ctx, conn, msg, "the heartbeat requests"); !ok {
		return f
	}
	for range 4 {
		rec, o := readReply(ctx, r)
		if o != nil {
			return noReply(o, v, "a heartbeat request claiming more payload than it carried")
		}
		switch rec.typ {
		case recordAlert:
			if len(rec.payload) < 2 {
				return unknownFeature(scanner.ReasonMalformed, "a short alert record")
			}
			f := feature(scanner.NotSupported, v)
			f.Reason = scanner.AlertReason(rec.payload[1])
			f.Detail = "the heartbeat requests were refused with " + alertName(rec.payload[1])
			return f
		case recordHeartbeat:
			if len(rec.payload) < 3 || rec.payload[0] != heartbeatResponse {
				continue
			}
			n := int(rec.payload[1])<<8 | int(rec.payload[2])
			switch {
			case n == heartbleedClaim && len(rec.payload) >= 3+heartbleedClaim:
				// The 64 bytes are the server's memory: counted, not kept.
				f := feature(scanner.Supported, v)
				f.Detail = fmt.Sprintf("a heartbeat request claiming %d bytes and carrying none was answered with %d bytes (CVE-2014-0160)", heartbleedClaim, len(rec.payload)-3)
				return f
			case n == len(marker) && len(rec.payload) >= 3+n && bytes.Equal(rec.payload[3:3+n], marker):
				f := feature(scanner.NotSupported, v)
				f.Detail = "the malformed heartbeat request was discarded and the well-formed one answered"
				return f
			}
		}
	}
	return unknownFeature(scanner.ReasonMalformed, "the heartbeat requests got records that answer neither")
}

// typeClientKeyExchange is the handshake type of the ClientKeyExchange
// (RFC 5246, Section 7.4.7).
const typeClientKeyExchange uint8 = 16

// robotGarbageLen is the length of the Finished record of garbage: room
// for the explicit IV, MAC and padding of any CBC record, or the nonce and
// tag of an AEAD one.
const robotGarbageLen = 80

// robotPMSLen is the length of an RSA pre-master secret (RFC 5246,
// Section 7.4.7.1): two version bytes and 46 random ones.
const robotPMSLen = 48

// robotMaxKeyBits bounds the RSA key the ROBOT probe encrypts under: the
// certificate is the server's, and so is its modulus.
const robotMaxKeyBits = 16384

// robotVariants are the five PKCS#1 v1.5 blocks of Böck, Somorovsky and
// Young (2018), as testssl.sh and sslyze send them: the block is k bytes
// (the modulus's length), pad the k-51 nonzero bytes that follow the
// first two, and pms 46 nonzero bytes.
var robotVariants = []struct {
	name  string
	block func(pad, pms []byte, vers uint16) []byte
}{
	// 00 02 pad 00 version pms: correct; the server fails only at the Finished.
	{"correct padding", func(pad, pms []byte, vers uint16) []byte {
		return slices.Concat([]byte{0x00, 0x02}, pad, []byte{0x00, byte(vers >> 8), byte(vers)}, pms)
	}},
	// 41 17 pad 00 version pms
	{"wrong first two bytes", func(pad, pms []byte, vers uint16) []byte {
		return slices.Concat([]byte{0x41, 0x17}, pad, []byte{0x00, byte(vers >> 8), byte(vers)}, pms)
	}},
	// 00 02 pad 11 11 11 pms: no 0x00 separator anywhere.
	{"no 0x00 separator", func(pad, pms []byte, vers uint16) []byte {
		return slices.Concat([]byte{0x00, 0x02}, pad, []byte{0x11, 0x11, 0x11}, pms)
	}},
	// 00 02 pad 11 pms 00 11: the separator two bytes from the end, so a
	// one-byte pre-master secret.
	{"0x00 misplaced (wrong secret length)", func(pad, pms []byte, vers uint16) []byte {
		return slices.Concat([]byte{0x00, 0x02}, pad, []byte{0x11}, pms, []byte{0x00, 0x11})
	}},
	// 00 02 pad 00 02 02 pms: version 0x0202 in the secret.
	{"wrong version in the secret", func(pad, pms []byte, vers uint16) []byte {
		return slices.Concat([]byte{0x00, 0x02}, pad, []byte{0x00, 0x02, 0x02}, pms)
	}},
}

// robotSuites returns the newest version below TLS 1.3 with an accepted
// RSA key-transport suite, and those suites; 0 when there is none.
func (s *endpointScan) robotSuites() (scanner.Version, []uint16) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range []scanner.Version{scanner.TLSv12, scanner.TLSv11, scanner.TLSv10, scanner.SSLv3} {
		var rsaKT []uint16
		for _, c := range s.accepted[v] {
			if cs, ok := SuiteByCode(scanner.Code(c)); ok && cs.Kx == KxRSA {
				rsaKT = append(rsaKT, c)
			}
		}
		if len(rsaKT) > 0 {
			return v, rsaKT
		}
	}
	return 0, nil
}

// nonzero reads n random nonzero bytes from rnd.
func nonzero(rnd io.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return nil, err
	}
	for i := range b {
		for b[i] == 0 {
			var one [1]byte
			if _, err := io.ReadFull(rnd, one[:]); err != nil {
				return nil, err
			}
			b[i] = one[0]
		}
	}
	return b, nil
}

// robotProbe sends the five ROBOT key exchanges, each on a connection of
// its own, to a server that accepts RSA key transport, and confirms the
// answers that differ: the ROBOT fact.
func (s *endpointScan) robotProbe(ctx context.Context) {
	v, suites := s.robotSuites()
	if v == 0 {
		return // assembleExtensions: not tested
	}
	set := func(f scanner.Feature) {
		s.mu.Lock()
		s.ext.robot = f
		s.mu.Unlock()
	}
	pms, err := nonzero(s.cfg.rand(), robotPMSLen-2)
	if err != nil {
		set(unknownFeature(scanner.ReasonNotTested, "no randomness for the pre-master secret: "+err.Error()))
		return
	}
	var pad []byte // drawn once the modulus's length is known
	try := func(i int) (robotAnswer, *scanner.Feature) {
		var answer robotAnswer
		var fail *scanner.Feature
		spec := helloSpec{version: v, suites: suites}
		spec.after = func(ctx context.Context, conn net.Conn, r io.Reader, o *outcome) {
			answer, fail = s.robotTry(ctx, conn, r, o, i, &pad, pms)
		}
		o := s.probe(ctx, func(ctx context.Context, _ []uint16) *outcome { return s.offerSpec(ctx, spec) }, nil)
		if answer.text == "" && fail == nil {
			f := unknownFeature(unknownReason(o), "the ROBOT hello was not answered up to ServerHelloDone: "+o.detail())
			fail = &f
		}
		return answer, fail
	}
	answers := make([]robotAnswer, len(robotVariants))
	for i := range robotVariants {
		a, fail := try(i)
		if fail != nil {
			set(*fail)
			return
		}
		answers[i] = a
	}
	common, same := mostCommon(answers)
	if same {
		f := feature(scanner.NotSupported, v)
		f.Detail = fmt.Sprintf("every key exchange, the correctly padded one and the four malformed ones, got %s: no padding oracle", common)
		if common.isAlert {
			f.Reason = scanner.AlertReason(common.alert)
		}
		set(f)
		return
	}
	// Confirm each answer that differs from the most common one.
	var seen []string
	for i, a := range answers {
		seen = append(seen, robotVariants[i].name+": "+a.text)
		if a == common {
			continue
		}
		again, fail := try(i)
		if fail != nil {
			set(*fail)
			return
		}
		if again != a {
			set(unknownFeature(scanner.ReasonThrottled, fmt.Sprintf("inconsistent answers: the key exchange with %s got %s, then %s when sent again", robotVariants[i].name, a, again)))
			return
		}
	}
	f := feature(scanner.Supported, v)
	f.Detail = "malformed RSA key exchanges got different answers, confirmed, a Bleichenbacher padding oracle (ROBOT, CVE-2017-13099 family): " + strings.Join(seen, "; ")
	set(f)
}

// mostCommon returns the answer most variants got (the first one's on a
// tie), and whether every variant got it.
func mostCommon(answers []robotAnswer) (robotAnswer, bool) {
	var best robotAnswer
	n := 0
	for _, a := range answers {
		if c := countOf(answers, a); c > n {
			best, n = a, c
		}
	}
	return best, n == len(answers)
}

func countOf(answers []robotAnswer, a robotAnswer) int {
	n := 0
	for _, b := range answers {
		if b == a {
			n++
		}
	}
	return n
}

// robotAnswer is what the server answered one ROBOT key exchange: its
// kind and alert description, nothing of timing. Two answers are the same
// when they are equal.
type robotAnswer struct {
	text    string // "alert 51 (decrypt_error)", "a TCP reset", ...
	isAlert bool
	alert   uint8
}

func (a robotAnswer) String() string { return a.text }

// robotTry sends, on a connection answered up to ServerHelloDone with an
// RSA key-transport suite, the key exchange of variant i, a
// ChangeCipherSpec and a Finished of garbage, and returns the server's
// answer as text: the kind and alert description, nothing of timing. fail
// is set instead when no answer could be asked.
func (s *endpointScan) robotTry(ctx context.Context, conn net.Conn, r io.Reader, o *outcome, i int, pad *[]byte, pms []byte) (answer robotAnswer, fail *scanner.Feature) {
	unknown := func(r scanner.Reason, detail string) (robotAnswer, *scanner.Feature) {
		f := unknownFeature(r, detail)
		return robotAnswer{}, &f
	}
	vers := o.version()
	if cs, ok := SuiteByCode(scanner.Code(o.sh.cipherSuite)); !ok || cs.Kx != KxRSA {
		return unknown(scanner.ReasonMalformed, fmt.Sprintf("the server chose 0x%04X, not an RSA key-transport suite offered", o.sh.cipherSuite))
	}
	if len(o.certs) == 0 {
		return unknown(scanner.ReasonMalformed, "the ROBOT hello's flight had no certificate")
	}
	leaf, err := x509.ParseCertificate(o.certs[0])
	if err != nil {
		return unknown(scanner.ReasonMalformed, "the leaf certificate does not parse: "+err.Error())
	}
	pub, ok := leaf.PublicKey.(*rsa.PublicKey)
	if !ok || pub.N == nil || pub.E < 3 {
		return unknown(scanner.ReasonMalformed, "the leaf certificate of an RSA key-transport suite has no RSA key")
	}
	bits := pub.N.BitLen()
	k := (bits + 7) / 8
	if bits > robotMaxKeyBits || k < 3+robotPMSLen+8 {
		return unknown(scanner.ReasonMalformed, fmt.Sprintf("a %d-bit RSA key is outside what the probe encrypts under", bits))
	}
	if len(*pad) != k-3-robotPMSLen {
		p, err := nonzero(s.cfg.rand(), k-3-robotPMSLen)
		if err != nil {
			return unknown(scanner.ReasonNotTested, "no randomness for the padding: "+err.Error())
		}
		*pad = p
	}
	m := new(big.Int).SetBytes(robotVariants[i].block(*pad, pms, vers))
	enc := new(big.Int).Exp(m, big.NewInt(int64(pub.E)), pub.N).FillBytes(make([]byte, k))
	cke := clientKeyExchangeMsg{vers: vers, encryptedPMS: enc}
	b, err := cke.marshal()
	if err != nil {
		return unknown(scanner.ReasonMalformed, "failed to build the key exchange: "+err.Error())
	}
	rec := func(typ uint8, body []byte) []byte {
		return append([]byte{typ, byte(vers >> 8), byte(vers), byte(len(body) >> 8), byte(len(body))}, body...)
	}
	msg := slices.Concat(rec(recordHandshake, b), rec(recordChangeCipherSpec, []byte{1}), rec(recordHandshake, bytes.Repeat([]byte{0x5a}, robotGarbageLen)))
	if f, ok := s.sendFlaw(ctx, conn, msg, "the ROBOT key exchange"); !ok {
		return robotAnswer{}, &f
	}
	reply, ro := readReply(ctx, r)
	if ro == nil {
		if reply.typ == recordAlert && len(reply.payload) >= 2 {
			d := reply.payload[1]
			return robotAnswer{text: fmt.Sprintf("alert %d (%s)", d, alertName(d)), isAlert: true, alert: d}, nil
		}
		return robotAnswer{text: fmt.Sprintf("a record of type %d", reply.typ)}, nil
	}
	switch ro.kind {
	case outReset:
		return robotAnswer{text: "a TCP reset"}, nil
	case outClosed:
		return robotAnswer{text: "a close"}, nil
	case outTimeout:
		return robotAnswer{text: "no answer before the deadline"}, nil
	case outMalformed:
		return robotAnswer{text: "a malformed record"}, nil
	}
	return unknown(unknownReason(ro), "the ROBOT key exchange: "+ro.detail())
}
