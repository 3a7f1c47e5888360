// Package tlsprobe inspects TLS endpoints with hand-built hellos: versions,
// every accepted cipher suite, key-exchange groups and server preference,
// by elimination, with the fewest connections the protocol allows.
package tlsprobe

import (
	"crypto/rand"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// Depth selects how much a scan asks.
type Depth uint8

const (
	// Inventory names every accepted suite and group (the default).
	Inventory Depth = iota
	// Compliance offers only what ANSSI does not recommend, in as few
	// hellos as possible, and eliminates only to name the offenders.
	Compliance
)

func (d Depth) String() string {
	if d == Compliance {
		return "compliance"
	}
	return "inventory"
}

// ParseDepth reads "inventory" or "compliance".
func ParseDepth(s string) (Depth, error) {
	switch s {
	case "inventory":
		return Inventory, nil
	case "compliance":
		return Compliance, nil
	}
	return 0, fmt.Errorf("unknown depth %q (want inventory or compliance)", s)
}

// Config is owned by the caller; the zero value is an inventory scan with
// real randomness.
type Config struct {
	Depth Depth
	// SNI overrides the endpoint's server name when not empty.
	SNI string
	// Rand supplies client randoms and key shares; nil means crypto/rand.
	// Tests set a deterministic reader so hellos are byte-stable.
	Rand io.Reader
	// Now is the clock certificates and OCSP responses are judged at; nil
	// means time.Now.
	Now func() time.Time
	// Roots are the trust anchors chains are analysed against; nil
	// analyses against none (every chain then has an untrusted root).
	Roots *pki.Pool

	// shuffle, set by tests, permutes candidate lists and the order tasks
	// start in: the observation must not depend on either.
	shuffle *mrand.Rand
	// foundationOnly, set by the benchmark, skips the probes past the
	// ServerHello (certificates, schemes, extensions), to count what they
	// cost.
	foundationOnly bool
	// trace, set by tests, sees every connection once it has ended: the
	// bytes sent first (a hello; nil for the TLS 1.3 and TLS 1.2
	// handshakes of client13.go and full12.go), what came back and when
	// the connection started.
	trace func(kind string, hello []byte, o *outcome, start time.Time)
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Config) rand() io.Reader {
	if c.Rand != nil {
		return c.Rand
	}
	return rand.Reader
}
