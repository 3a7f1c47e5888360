package tlsprobe

import (
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/cryptobyte"
)

// The TLS record layer, plaintext only: a probe reads the server's first
// flight up to ServerHelloDone (or the TLS 1.3 ServerHello) and never
// decrypts. RFC 8446, Section 5, and RFC 5246, Section 6.2.

const (
	maxPlaintext  = 16384        // TLSPlaintext.length, RFC 8446, Section 5.1
	maxCiphertext = 16384 + 2048 // TLSCiphertext.length, RFC 5246, Section 6.2.3
	maxHandshake  = 1 << 18      // largest handshake message accepted (crypto/tls uses 64 KiB)

	recordHeaderLen    = 5
	handshakeHeaderLen = 4
)

var (
	errUnexpectedRecord = errors.New("tlsprobe: unexpected record type")
	errRecordTooLong    = errors.New("tlsprobe: record too long")
	errHandshakeTooLong = errors.New("tlsprobe: handshake message too long")
)

// record is one TLS record as read from the wire.
type record struct {
	typ     uint8
	vers    uint16
	payload []byte
}

// alertError is an alert the server sent.
type alertError struct {
	level, description uint8
}

func (e *alertError) Error() string {
	return fmt.Sprintf("remote error: tls: %s (%d)", alertName(e.description), e.description)
}

// recordReader reads records and handshake messages from a server. It reads
// exactly the records it needs: nothing past the record holding the last
// byte of the message asked for. Do not mix readRecord and readHandshake
// once a handshake message has been split or coalesced.
type recordReader struct {
	r         io.Reader
	firstVers uint16
	sawRecord bool
	hs        []byte // handshake bytes read but not yet returned
	hdr       [recordHeaderLen]byte
}

func newRecordReader(r io.Reader) *recordReader {
	return &recordReader{r: r}
}

// recordVersion is the version field of the first record read, 0 before.
func (rr *recordReader) recordVersion() uint16 { return rr.firstVers }

// readRecord reads one record. A length above maxCiphertext fails with
// errRecordTooLong before anything is allocated. Read errors are wrapped: a
// stream that ends cleanly between records is io.EOF, inside one
// io.ErrUnexpectedEOF.
func (rr *recordReader) readRecord() (record, error) {
	if _, err := io.ReadFull(rr.r, rr.hdr[:]); err != nil {
		return record{}, fmt.Errorf("tlsprobe: failed to read record header: %w", err)
	}
	// RFC 5246, Section 6.2.1: type, ProtocolVersion, uint16 length
	s := cryptobyte.String(rr.hdr[:])
	var rec record
	var n uint16
	s.ReadUint8(&rec.typ)
	s.ReadUint16(&rec.vers)
	s.ReadUint16(&n)
	if !rr.sawRecord {
		rr.sawRecord, rr.firstVers = true, rec.vers
	}
	if int(n) > maxCiphertext {
		return record{}, fmt.Errorf("%w: %d bytes (type %d)", errRecordTooLong, n, rec.typ)
	}
	rec.payload = make([]byte, n)
	if _, err := io.ReadFull(rr.r, rec.payload); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return record{}, fmt.Errorf("tlsprobe: failed to read record body: %w", err)
	}
	return rec, nil
}

// readHandshake returns the next handshake message, its 4-byte header
// included, reassembling messages split over records and splitting records
// that hold several. An alert record gives an *alertError,
// ChangeCipherSpec records are skipped, any other record type gives
// errUnexpectedRecord. A declared length above maxHandshake gives
// errHandshakeTooLong before the message is read.
func (rr *recordReader) readHandshake() (typ uint8, msg []byte, err error) {
	for {
		if len(rr.hs) >= handshakeHeaderLen {
			// RFC 8446, Section 4: msg_type, uint24 length
			s := cryptobyte.String(rr.hs)
			var n uint32
			s.ReadUint8(&typ)
			s.ReadUint24(&n)
			if n > maxHandshake {
				return 0, nil, fmt.Errorf("%w: %d bytes (type %d)", errHandshakeTooLong, n, typ)
			}
			if total := handshakeHeaderLen + int(n); len(rr.hs) >= total {
				msg, rr.hs = rr.hs[:total:total], rr.hs[total:]
				if len(rr.hs) == 0 {
					rr.hs = nil
				}
				return typ, msg, nil
			}
		}
		rec, err := rr.readRecord()
		if err != nil {
			if len(rr.hs) > 0 && errors.Is(err, io.EOF) {
				err = fmt.Errorf("tlsprobe: stream ended inside a handshake message: %w", io.ErrUnexpectedEOF)
			}
			return 0, nil, err
		}
		switch rec.typ {
		case recordHandshake:
			if rr.hs == nil {
				rr.hs = rec.payload
			} else {
				rr.hs = append(rr.hs, rec.payload...)
			}
		case recordAlert:
			// RFC 5246, Section 7.2: level, description. A record may
			// hold more than one alert; the first one is reported.
			if len(rec.payload) < 2 {
				return 0, nil, fmt.Errorf("%w: alert record of %d bytes", errUnexpectedRecord, len(rec.payload))
			}
			return 0, nil, &alertError{level: rec.payload[0], description: rec.payload[1]}
		case recordChangeCipherSpec:
			// RFC 8446, Section 5: sent for middlebox compatibility.
		default:
			return 0, nil, fmt.Errorf("%w: %d", errUnexpectedRecord, rec.typ)
		}
	}
}

// writeRecords writes payload as records of type typ, each at most
// maxPlaintext bytes, in a single Write. An empty payload is one empty
// record.
func writeRecords(w io.Writer, typ uint8, vers uint16, payload []byte) error {
	var b cryptobyte.Builder
	for first := true; first || len(payload) > 0; first = false {
		frag := payload[:min(len(payload), maxPlaintext)]
		payload = payload[len(frag):]
		// RFC 5246, Section 6.2.1
		b.AddUint8(typ)
		b.AddUint16(vers)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddBytes(frag)
		})
	}
	out, err := b.Bytes()
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("tlsprobe: failed to write records: %w", err)
	}
	return nil
}
