package pkirules

import (
	"crypto/elliptic"
	"crypto/x509"
	"fmt"
	"net/netip"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	rules.Register(&rules.Rule{
		ID:        "ANSSI-TLS-R30",
		Title:     "Each certificate serves one TLS termination",
		Reference: tlsRef("R30", "§3.1.2"),
		Severity:  rules.Low,
		Description: "An authentication certificate must not be used by more than one TLS termination. Graded across the " +
			"run, once every endpoint is scanned: a leaf certificate this endpoint serves that another endpoint of the run " +
			"(another address or port; several names on one socket are one termination) serves too warns, for review: " +
			"the addresses of one server (IPv4 and IPv6, several ports) may be one termination, which cannot be told " +
			"from outside. A pass says only that no other endpoint of the run whose chains were observed serves the " +
			"same leaf; endpoints outside the run are not known. With no other endpoint in the run, the rule reports " +
			"info.",
		Fix:     "Give each TLS termination (load-balancer node, server, appliance) its own certificate and key.",
		Reads:   reads,
		Applies: applies,
		Check:   checkR30,
		Run:     true,
		Fixtures: func() rules.Fixtures {
			// The run's other endpoint serves a leaf of its own; the fail
			// fixture serves that leaf too.
			other := compliantLeafWith(func(t *x509.Certificate) { t.DNSNames = []string{"www.example.fr", "example.fr"} }, fixture.ECDSAKey(elliptic.P384()))
			c := fixture.CompliantChain()
			c.Served[0] = other
			www := fixture.Compliant().Chains(c).Endpoint(scanner.Endpoint{Host: "www.example.fr", IP: netip.MustParseAddr("192.0.2.20"),
				Port: 443, Protocol: "tls", SNI: "www.example.fr", Source: "argument"})
			return rules.Fixtures{
				Pass: fixture.Compliant().Result(),
				Fail: compliantWithLeaf(other).Result(),
				Run:  []*scanner.Result{www.Result()},
			}
		},
	})
}

// maxSharing bounds the endpoints a finding names per certificate.
const maxSharing = 5

func checkR30(r *scanner.Result, ctx rules.Context) []rules.Finding {
	w := newView(r, ctx)
	if ctx.Run == nil {
		return []rules.Finding{{Status: rules.Info, Message: "graded across a run's endpoints; this evaluation has no run", Evidence: w.ev}}
	}
	observed, all := ctx.Run.Others(r.Endpoint)
	if all == 0 {
		return []rules.Finding{{Status: rules.Info, Message: "no other endpoint in the run to compare the certificates with", Evidence: w.ev}}
	}
	if all > observed {
		w.note("%d of the run's %d other endpoints showed no chain and were not compared", all-observed, all)
	}
	seen := map[string]bool{}
	for _, ch := range w.chains {
		leaf := ch.leaf()
		if seen[leaf.sha] {
			continue
		}
		seen[leaf.sha] = true
		if leaf.desc != nil && len(leaf.desc.Errors) > 0 {
			// Bytes that do not parse are not known to be a certificate.
			w.unreadable(leaf, "certificate")
		}
		eps := ctx.Run.Sharing(leaf.sha, r.Endpoint)
		if len(eps) == 0 {
			continue
		}
		names := make([]string, 0, maxSharing)
		for _, e := range eps[:min(len(eps), maxSharing)] {
			names = append(names, e.String())
		}
		why := "also served by " + strings.Join(names, ", ")
		if len(eps) > maxSharing {
			why += fmt.Sprintf(" and %d more", len(eps)-maxSharing)
		}
		w.item(leaf, rules.Warn, why)
	}
	return w.finding(fmt.Sprintf("no leaf is served by any of the run's %d other endpoints whose chains were observed", observed),
		"leaf certificates served by several TLS terminations")
}
