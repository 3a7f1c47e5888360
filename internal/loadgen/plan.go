// Package loadgen serves fleets of loopback TLS endpoints for scale
// benchmarks: many listeners on many 127.x.y.z addresses, each with one of a
// few crypto/tls configurations in the proportions of today's fleets
// (mostly ECDSA, some RSA with CBC suites, some TLS 1.3 only, a few legacy
// TLS 1.2 servers), all deterministic from a seed.
//
// The fleet runs in a process of its own (cmd/tlsfleet), so that what a
// benchmark measures of the scanner (CPU time, peak RSS) is the scanner's
// alone. Build compiles it, Exec starts it and reads the endpoint list it
// prints once every listener is up, and Process.Stats asks it how many
// connections it accepted: the connection count of a benchmark is the
// server's, never the scanner's own.
package loadgen

import (
	"crypto/tls"
	"fmt"
	"math/rand/v2"
	"net/netip"
)

// Kind is one TLS configuration of the fleet.
type Kind uint8

const (
	// ECDSAModern: ECDSA P-256 certificate, TLS 1.2 and 1.3, AEAD suites only.
	ECDSAModern Kind = iota
	// RSACBC: RSA-2048 certificate, TLS 1.2 and 1.3, AEAD and CBC suites,
	// ECDHE and RSA key exchange.
	RSACBC
	// TLS13Only: ECDSA P-256 certificate, TLS 1.3 alone.
	TLS13Only
	// LegacyTLS12: RSA-2048 certificate, TLS 1.2 alone, with RSA key
	// exchange, 3DES, RC4 and CBC suites in the server's order.
	LegacyTLS12
)

// keyType is the kind of key an endpoint's certificate has.
type keyType uint8

const (
	keyECDSAP256 keyType = iota
	keyRSA2048
)

// kindSpec is one configuration and its share of the fleet.
type kindSpec struct {
	kind   Kind
	name   string
	weight int // endpoints of this kind in every block of blockSize
	key    keyType
	min    uint16
	max    uint16
	// suites are the TLS 1.2 suites, in the server's order of preference;
	// TLS 1.3 suites are not configurable in crypto/tls (all three AEADs).
	suites []uint16
}

// blockSize is the period of the fleet's mix: every run of blockSize
// consecutive endpoints (from the first) holds each kind exactly weight
// times, so a fleet of any multiple of blockSize has the exact proportions.
const blockSize = 20

// kinds is the fleet's mix: 70% ECDSA, 15% RSA with CBC, 10% TLS 1.3 only,
// 5% legacy TLS 1.2.
var kinds = []kindSpec{
	{ECDSAModern, "ecdsa-modern", 14, keyECDSAP256, tls.VersionTLS12, tls.VersionTLS13, []uint16{
		tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	}},
	{RSACBC, "rsa-cbc", 3, keyRSA2048, tls.VersionTLS12, tls.VersionTLS13, []uint16{
		tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
		tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
		tls.TLS_RSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_RSA_WITH_AES_128_CBC_SHA,
		tls.TLS_RSA_WITH_AES_256_CBC_SHA,
	}},
	{TLS13Only, "tls13-only", 2, keyECDSAP256, tls.VersionTLS13, tls.VersionTLS13, nil},
	{LegacyTLS12, "legacy-tls12", 1, keyRSA2048, tls.VersionTLS12, tls.VersionTLS12, []uint16{
		tls.TLS_RSA_WITH_AES_128_CBC_SHA,
		tls.TLS_RSA_WITH_AES_256_CBC_SHA,
		tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
		tls.TLS_RSA_WITH_RC4_128_SHA,
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
		tls.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
		tls.TLS_RSA_WITH_AES_128_GCM_SHA256,
	}},
}

// Kinds lists every kind, in the order of the constants.
func Kinds() []Kind {
	out := make([]Kind, len(kinds))
	for i, k := range kinds {
		out[i] = k.kind
	}
	return out
}

func (k Kind) spec() *kindSpec {
	if int(k) < len(kinds) {
		return &kinds[k]
	}
	return nil
}

func (k Kind) String() string {
	if s := k.spec(); s != nil {
		return s.name
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

func (k Kind) MarshalText() ([]byte, error) {
	if k.spec() == nil {
		return nil, fmt.Errorf("unknown fleet kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

func (k *Kind) UnmarshalText(b []byte) error {
	for _, s := range kinds {
		if s.name == string(b) {
			*k = s.kind
			return nil
		}
	}
	return fmt.Errorf("unknown fleet kind %q", b)
}

// Endpoint is one listener of the fleet and what it was configured with:
// the oracle a scan of it is checked against.
type Endpoint struct {
	// Addr is where it listens; the port is 0 in a Plan, before listening.
	Addr netip.AddrPort `json:"addr"`
	// Name is the DNS name of its certificate (send it as SNI).
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Versions are the protocol versions it accepts, oldest first, as wire
	// values (0x0303 for TLS 1.2).
	Versions []uint16 `json:"versions"`
	// Suites are the TLS 1.2 cipher suites it accepts, in its order of
	// preference (none when TLS 1.2 is not accepted).
	Suites []uint16 `json:"suites,omitempty"`
	// KeyType names its certificate's key: "ECDSA-P256" or "RSA-2048".
	KeyType string `json:"key_type"`
}

// DefaultPortsPerIP is how many endpoints share one address by default.
const DefaultPortsPerIP = 8

// Plan lays out the fleet of opts.N endpoints (at least 1) from opts.Seed:
// each endpoint's kind (the mix of kinds, shuffled by seed within each
// block of 20) and address (ceil(N/PortsPerIP) addresses from 127.1.0.1
// on). Endpoint i is on address i mod that count, so that consecutive
// endpoints are on different addresses; with opts.Grouped, on address
// i / PortsPerIP, so that the endpoints of one address are consecutive, as
// in a sorted target list. Ports are left 0: the kernel picks them when
// the fleet listens.
func Plan(opts Options) []Endpoint {
	n := max(opts.N, 1)
	portsPerIP := opts.PortsPerIP
	if portsPerIP < 1 {
		portsPerIP = DefaultPortsPerIP
	}
	seed := opts.Seed
	rng := rand.New(rand.NewPCG(seed, 0x6c6f616467656e)) // "loadgen"
	var block []Kind
	for _, s := range kinds {
		for range s.weight {
			block = append(block, s.kind)
		}
	}
	ips := (n + portsPerIP - 1) / portsPerIP
	eps := make([]Endpoint, n)
	for i := range eps {
		if i%blockSize == 0 {
			rng.Shuffle(len(block), func(a, b int) { block[a], block[b] = block[b], block[a] })
		}
		k := block[i%blockSize]
		s := k.spec()
		addr := i % ips
		if opts.Grouped {
			addr = i / portsPerIP
		}
		ep := Endpoint{
			Addr: netip.AddrPortFrom(hostIP(addr), 0),
			Name: fmt.Sprintf("ep%05d.fleet.test", i),
			Kind: k,
		}
		for v := s.min; v <= s.max; v++ {
			ep.Versions = append(ep.Versions, v)
		}
		if s.min <= tls.VersionTLS12 {
			ep.Suites = append([]uint16(nil), s.suites...)
		}
		ep.KeyType = "ECDSA-P256"
		if s.key == keyRSA2048 {
			ep.KeyType = "RSA-2048"
		}
		eps[i] = ep
	}
	return eps
}

// hostIP is the k-th fleet address: 127.1.0.1, 127.1.0.2, ... skipping the
// .0 and .255 host bytes.
func hostIP(k int) netip.Addr {
	return netip.AddrFrom4([4]byte{127, byte(1 + k/(256*254)), byte(k / 254 % 256), byte(k%254 + 1)})
}
