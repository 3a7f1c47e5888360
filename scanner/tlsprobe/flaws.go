package tlsprobe

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
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
