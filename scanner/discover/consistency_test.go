package discover

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner/starttls"
)

// TestProtocolsAgreeWithSTARTTLS: every protocol discovery hands out has a
// dialogue in scanner/starttls (or is TLS from the first byte, or SSH),
// and every well-known STARTTLS port gets the protocol starttls expects
// there.
func TestProtocolsAgreeWithSTARTTLS(t *testing.T) {
	known := starttls.Protocols()
	for _, p := range Protocols {
		if STARTTLS(p) != slices.Contains(known, p) {
			t.Errorf("discovery hands out protocol %q, which scanner/starttls cannot upgrade", p)
		}
	}
	for _, p := range known {
		if !slices.Contains(Protocols, p) {
			t.Errorf("scanner/starttls upgrades %q, which discovery never hands out", p)
		}
	}
	for _, dp := range starttls.DefaultPorts {
		if got := PortProtocol(dp.Port); got != dp.Protocol {
			t.Errorf("port %d: discovery says %q, scanner/starttls %q", dp.Port, got, dp.Protocol)
		}
	}
}

// TestProtocolsValidInSchema: an endpoint event carries any protocol
// discovery hands out.
func TestProtocolsValidInSchema(t *testing.T) {
	for _, p := range Protocols {
		ev := fmt.Sprintf(`{"schema_version":"1.0","event":"endpoint","time":"2026-11-26T18:00:00Z","event_id":"%032x","run_id":"r",`+
			`"endpoint":{"host":"example.fr","ip":"%s","port":25,"protocol":%q,"source":"argument"},"stats":{"connections":0,"errors":0,"duration_ms":0}}`,
			0, netip.MustParseAddr("192.0.2.1"), p)
		if err := schema.Validate([]byte(ev)); err != nil {
			t.Errorf("protocol %q: %v", p, err)
		}
	}
}
