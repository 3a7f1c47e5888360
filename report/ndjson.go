// Package report writes what cryptoscan observed: NDJSON events for
// machines (the schema lives in report/schema) and a text report for
// people.
package report

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// Run is what every event of one run shares.
type Run struct {
	// ID is the run_id of every event (see NewRunID).
	ID string
	// Now is the clock for events that carry no time of their own; nil
	// means time.Now.
	Now func() time.Time
}

func (r Run) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// NewRunID returns a random run identifier (a UUID version 4) read from
// rand. It panics if rand fails, which crypto/rand.Reader never does.
func NewRunID(rand io.Reader) string {
	var b [16]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		panic(fmt.Sprintf("report: failed to read randomness for the run id: %v", err))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// NDJSON writes events as newline-delimited JSON, one event per line and
// one Write call per line. It is safe for concurrent use.
type NDJSON struct {
	mu    sync.Mutex
	w     io.Writer
	run   Run
	certs map[string]bool // certificates already written in this run
}

// NewNDJSON returns a writer of the events of run to w.
func NewNDJSON(w io.Writer, run Run) *NDJSON {
	return &NDJSON{w: w, run: run, certs: make(map[string]bool)}
}

// certificateEvent is the "certificate" event: one per certificate per run.
type certificateEvent struct {
	SchemaVersion string                   `json:"schema_version"`
	Event         string                   `json:"event"`
	Time          string                   `json:"time"`
	EventID       string                   `json:"event_id"`
	RunID         string                   `json:"run_id"`
	Certificate   *scanner.CertificateFact `json:"certificate"`
}

const eventCertificate = "certificate"

// endpointEvent is the "endpoint" event. Field order is the output order.
type endpointEvent struct {
	SchemaVersion string                  `json:"schema_version"`
	Event         string                  `json:"event"`
	Time          string                  `json:"time"`
	EventID       string                  `json:"event_id"`
	RunID         string                  `json:"run_id"`
	Endpoint      scanner.Endpoint        `json:"endpoint"`
	TLS           *scanner.TLSObservation `json:"tls,omitempty"`
	SSH           *scanner.SSHObservation `json:"ssh,omitempty"`
	IKE           *scanner.IKEObservation `json:"ike,omitempty"`
	DNS           *dnsprobe.Observation   `json:"dns,omitempty"`
	Error         *scanner.Unknown        `json:"error,omitempty"`
	Stats         scanner.Stats           `json:"stats"`
}

const eventEndpoint = "endpoint"

// Endpoint writes one endpoint event for r.
func (n *NDJSON) Endpoint(r scanner.Result) error {
	start := r.Start
	if start.IsZero() {
		start = n.run.now()
	}
	ev := endpointEvent{
		SchemaVersion: schema.Version,
		Event:         eventEndpoint,
		Time:          start.UTC().Format(time.RFC3339),
		EventID:       eventID(n.run.ID, eventEndpoint, endpointIdentity(r.Endpoint)...),
		RunID:         n.run.ID,
		Endpoint:      r.Endpoint,
		TLS:           nonNilLists(r.TLS),
		SSH:           r.SSH,
		IKE:           r.IKE,
		DNS:           r.DNS,
		Error:         r.Error,
		Stats:         r.Stats,
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("failed to encode endpoint event for %s: %w", r.Endpoint, err)
	}
	b = append(b, '\n')
	n.mu.Lock()
	defer n.mu.Unlock()
	// The certificates it refers to come first, once per run.
	for i := range r.Certificates {
		c := &r.Certificates[i]
		if n.certs[c.SHA256] {
			continue
		}
		cb, err := json.Marshal(certificateEvent{
			SchemaVersion: schema.Version,
			Event:         eventCertificate,
			Time:          ev.Time,
			EventID:       eventID(n.run.ID, eventCertificate, c.SHA256),
			RunID:         n.run.ID,
			Certificate:   c,
		})
		if err != nil {
			return fmt.Errorf("failed to encode certificate %s: %w", c.SHA256, err)
		}
		if _, err := n.w.Write(append(cb, '\n')); err != nil {
			return fmt.Errorf("failed to write certificate event %s: %w", c.SHA256, err)
		}
		n.certs[c.SHA256] = true
	}
	if _, err := n.w.Write(b); err != nil {
		return fmt.Errorf("failed to write endpoint event for %s: %w", r.Endpoint, err)
	}
	return nil
}

// endpointIdentity is what tells two endpoints apart.
func endpointIdentity(e scanner.Endpoint) []string {
	return []string{e.Host, e.IP.String(), strconv.Itoa(int(e.Port)), e.Protocol, e.SNI}
}

// eventID hashes the run, the event type and the identity of what the event
// is about. Every part is length-prefixed, so no two different tuples
// hash the same input.
func eventID(runID, event string, identity ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, s := range append([]string{runID, event}, identity...) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// nonNilLists returns a copy of o whose always-present lists are empty
// arrays rather than null, as the schema requires. o is not modified.
func nonNilLists(o *scanner.TLSObservation) *scanner.TLSObservation {
	if o == nil {
		return nil
	}
	c := *o
	if c.Versions == nil {
		c.Versions = []scanner.VersionFact{}
	}
	if c.CipherSuites == nil {
		c.CipherSuites = []scanner.SuiteFact{}
	}
	if c.Enumerations == nil {
		c.Enumerations = []scanner.Enumeration{}
	}
	if c.ServerOrder == nil {
		c.ServerOrder = []scanner.OrderFact{}
	}
	if c.Groups == nil {
		c.Groups = []scanner.GroupFact{}
	}
	c.Certificates = make([]scanner.ChainFact, len(o.Certificates))
	for i, f := range o.Certificates {
		if f.Chain == nil {
			f.Chain = []scanner.CertRef{}
		}
		if f.Served == nil {
			f.Served = []string{}
		}
		if f.Path == nil {
			f.Path = []string{}
		}
		if f.Defects == nil {
			f.Defects = []pki.Defect{}
		}
		if f.Versions == nil {
			f.Versions = []scanner.Version{}
		}
		c.Certificates[i] = f
	}
	return &c
}
