package main

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// gatewayConnections is a strongSwan gateway answering IKEv1 and IKEv2:
// AES-GCM with ECP-384, or AES-CBC with SHA2-256 and MODP-2048.
const gatewayConnections = `
  gw {
    version = 0
    proposals = aes256gcm16-prfsha384-ecp384,aes128-sha256-modp2048
    local {
      auth = psk
      id = gw.example.fr
    }
    remote {
      auth = psk
    }
  }`

// TestScanIKE runs the command against a real strongSwan charon on
// 127.0.0.1's IKE ports, named by an ike:// target: one endpoint event
// with the ike object and neither tls nor ssh nor dns, valid against the
// schema, with the configured transforms; evaluate re-grades the saved
// report to the same findings; the text report shows them.
func TestScanIKE(t *testing.T) {
	sw := peer.StartStrongSwanOnIKEPorts(t, gatewayConnections)
	before := sw.Requests()
	code, stdout, stderr := runCLI(t, context.Background(), hostsResolver(nil), "--format", "json", "--fail-on", "none", "ike://127.0.0.1")
	if code != exitOK {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitOK, stderr)
	}
	if err := schema.ValidateStream(strings.NewReader(stdout)); err != nil {
		t.Fatalf("output does not match the schema: %v", err)
	}
	ike, stats, statuses := readIKERun(t, stdout)
	if ike == nil {
		t.Fatalf("no ike observation:\n%s", stdout)
	}
	if ike.V2.Status != scanner.Supported || ike.V1.Status != scanner.Supported {
		t.Errorf("versions: IKEv2 %+v, IKEv1 %+v; want both supported", ike.V2, ike.V1)
	}
	var got []string
	for _, tr := range ike.Transforms {
		got = append(got, tr.Type+" "+tr.Name)
	}
	want := []string{
		"encr ENCR_AES_CBC", "encr ENCR_AES_GCM_16",
		"prf PRF_HMAC_SHA2_256", "prf PRF_HMAC_SHA2_384",
		"integ AUTH_HMAC_SHA2_256_128",
		"ke 384-bit random ECP group", "ke 2048-bit MODP Group",
	}
	if !sameSet(got, want) {
		t.Errorf("transforms %q, want %q", got, want)
	}
	if i, j := slices.Index(got, "ke 384-bit random ECP group"), slices.Index(got, "ke 2048-bit MODP Group"); i > j {
		t.Errorf("key exchanges %q: want ECP-384 first, as configured", got)
	}
	// Every request the command counted reached charon: UDP sockets are
	// the IKE endpoint's connections.
	if n := sw.Requests() - before; stats.Connections != n {
		t.Errorf("stats count %d connections; charon parsed %d requests", stats.Connections, n)
	}

	saved := filepath.Join(t.TempDir(), "saved.ndjson")
	if err := os.WriteFile(saved, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	code, again, stderr := runCLI(t, context.Background(), hostsResolver(nil), "evaluate", "--format", "json", "--fail-on", "none", saved)
	if _, _, regraded := readIKERun(t, again); code != exitOK || !maps.Equal(regraded, statuses) {
		t.Errorf("evaluate: exit %d, findings %v, want %v; stderr:\n%s", code, regraded, statuses, stderr)
	}
	code, text, stderr := runCLI(t, context.Background(), hostsResolver(nil), "evaluate", "--fail-on", "none", saved)
	for _, w := range []string{"127.0.0.1:500  ike  source=argument", "IKEv2: supported", "IKEv1: supported", "384-bit random ECP group (group 20)"} {
		if !strings.Contains(text, w) {
			t.Errorf("text report (exit %d) lacks %q:\n%s\n%s", code, w, text, stderr)
		}
	}
}

// readIKERun reads a JSON run of one IKE endpoint: its observation, its
// stats and the status of each finding by rule.
func readIKERun(t *testing.T, out string) (*scanner.IKEObservation, scanner.Stats, map[string]string) {
	t.Helper()
	var ike *scanner.IKEObservation
	var stats scanner.Stats
	statuses := map[string]string{}
	for line := range strings.Lines(out) {
		var ev struct {
			Event    string                  `json:"event"`
			Endpoint scanner.Endpoint        `json:"endpoint"`
			TLS      json.RawMessage         `json:"tls"`
			SSH      json.RawMessage         `json:"ssh"`
			DNS      json.RawMessage         `json:"dns"`
			IKE      *scanner.IKEObservation `json:"ike"`
			Stats    scanner.Stats           `json:"stats"`
			Rule     struct{ ID string }     `json:"rule"`
			Status   string                  `json:"status"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatal(err)
		}
		switch ev.Event {
		case "endpoint":
			if ev.Endpoint.Protocol != "ike" || ev.Endpoint.Port != 500 || ev.Endpoint.SNI != "" || ev.TLS != nil || ev.SSH != nil || ev.DNS != nil {
				t.Errorf("endpoint %+v with tls %s, ssh %s, dns %s; want protocol ike on port 500, no SNI, no tls, ssh or dns", ev.Endpoint, ev.TLS, ev.SSH, ev.DNS)
			}
			ike, stats = ev.IKE, ev.Stats
		case "finding":
			statuses[ev.Rule.ID] = ev.Status
		}
	}
	return ike, stats, statuses
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
