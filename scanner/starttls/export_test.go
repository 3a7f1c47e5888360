package starttls

import (
	"crypto/x509"
	"testing"
)

// For the external tests (dialer_test.go), which import package scanner:
// an internal test importing it would become an import cycle the day
// scanner imports this package.

var TestOptions = testOptions

// ScriptedServer starts the fake server of proto in the given scenario
// ("ok": upgrade then TLS, "busy", "not-offered", "silent").
func ScriptedServer(t *testing.T, proto, scenario string) string {
	if scenario == "silent" {
		return silentServer(t)
	}
	for _, s := range scripts {
		if s.proto != proto {
			continue
		}
		switch scenario {
		case "ok":
			return starttlsServer(t, s)
		case "busy":
			return busyServer(t, s)
		case "not-offered":
			return notOfferedServer(t, s)
		}
	}
	t.Fatalf("no fake %s server for %q", scenario, proto)
	return ""
}

// FakeRoots trusts the fake servers' certificate.
func FakeRoots() *x509.CertPool {
	_, pool := fakeCert()
	return pool
}
