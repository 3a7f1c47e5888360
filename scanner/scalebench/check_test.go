//go:build linux

package scalebench

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/cryptoscan/cryptoscan/internal/loadgen"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/tlsprobe"
)

// rsaCBC is a fleet endpoint of kind RSACBC, as planned.
func rsaCBC(t *testing.T) loadgen.Endpoint {
	for _, ep := range loadgen.Plan(loadgen.Options{Seed: seed, N: 20}) {
		if ep.Kind == loadgen.RSACBC {
			ep.Addr = netip.MustParseAddrPort("127.1.0.1:4433")
			return ep
		}
	}
	t.Fatal("no RSACBC endpoint in a plan of 20")
	return loadgen.Endpoint{}
}

// faithful is the result a correct inventory scan of ep gives.
func faithful(ep loadgen.Endpoint) scanner.Result {
	obs := &scanner.TLSObservation{}
	for _, v := range scanner.Versions {
		f := scanner.VersionFact{Version: v, Status: scanner.NotSupported, Reason: scanner.AlertReason(70)}
		for _, c := range ep.Versions {
			if scanner.Version(c) == v {
				f = scanner.VersionFact{Version: v, Status: scanner.Supported}
			}
		}
		obs.Versions = append(obs.Versions, f)
	}
	for _, s := range ep.Suites {
		obs.CipherSuites = append(obs.CipherSuites, scanner.SuiteFact{Version: scanner.TLSv12, Code: scanner.Code(s), Name: tlsprobe.SuiteName(scanner.Code(s))})
	}
	obs.Enumerations = append(obs.Enumerations, scanner.Enumeration{Version: scanner.TLSv12, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll, Status: scanner.EnumComplete})
	return scanner.Result{Endpoint: target(ep), TLS: obs}
}

func TestCheck(t *testing.T) {
	ep := rsaCBC(t)
	tests := []struct {
		name        string
		depth       tlsprobe.Depth
		mutate      func(*scanner.Result)
		wrong       string // a substring of the first wrong fact; "" for none
		wantUnknown int
	}{
		{"pass - faithful inventory", tlsprobe.Inventory, func(*scanner.Result) {}, "", 0},
		{"fail - TLS 1.1 reported supported", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS.Versions[3].Status = scanner.Supported
		}, "TLSv1.1 supported", 0},
		{"fail - TLS 1.3 reported not supported", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS.Versions[5].Status = scanner.NotSupported
		}, "TLSv1.3 not_supported", 0},
		{"unknown - TLS 1.0 unknown", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS.Versions[2] = scanner.VersionFact{Version: scanner.TLSv10, Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout}
		}, "", 1},
		{"fail - a version fact missing", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS.Versions = r.TLS.Versions[1:]
		}, "5 version facts", 0},
		{"fail - an unconfigured suite accepted", tlsprobe.Compliance, func(r *scanner.Result) {
			r.TLS.CipherSuites = append(r.TLS.CipherSuites, scanner.SuiteFact{Version: scanner.TLSv12, Code: 0x000A, Name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA"})
		}, "TLS_RSA_WITH_3DES_EDE_CBC_SHA accepted, not configured", 0},
		{"fail - a configured suite missed at inventory depth", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS.CipherSuites = r.TLS.CipherSuites[1:]
		}, "not found", 0},
		{"pass - compliance names a subset", tlsprobe.Compliance, func(r *scanner.Result) {
			r.TLS.CipherSuites = r.TLS.CipherSuites[3:4]
		}, "", 0},
		{"unknown - partial suite list", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS.CipherSuites = r.TLS.CipherSuites[1:]
			r.TLS.Enumerations[0].Status = scanner.EnumPartial
		}, "", 1},
		{"fail - not inspected", tlsprobe.Inventory, func(r *scanner.Result) {
			r.TLS, r.Error = nil, &scanner.Unknown{Reason: scanner.ReasonUnreachable}
		}, "not inspected", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := faithful(ep)
			tt.mutate(&r)
			v := check(ep, r, tt.depth)
			switch {
			case tt.wrong == "" && len(v.wrong) > 0:
				t.Errorf("wrong facts %q, want none", v.wrong)
			case tt.wrong != "" && (len(v.wrong) == 0 || !strings.Contains(v.wrong[0], tt.wrong)):
				t.Errorf("wrong facts %q, want one with %q", v.wrong, tt.wrong)
			}
			if v.unknown != tt.wantUnknown {
				t.Errorf("%d unknown, want %d", v.unknown, tt.wantUnknown)
			}
		})
	}
}
