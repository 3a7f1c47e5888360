package tlsprobe

import (
	"context"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Prober inspects TLS endpoints; it implements scanner.Prober.
type Prober struct {
	cfg Config
}

// New returns a Prober using a copy of cfg.
func New(cfg Config) *Prober { return &Prober{cfg: cfg} }

// Probe inspects one endpoint. (Engine lands in the following commits; until
// then every version is reported unknown, not tested.)
func (p *Prober) Probe(ctx context.Context, ep scanner.Endpoint, d *scanner.Dialer) scanner.Result {
	obs := &scanner.TLSObservation{}
	for _, v := range scanner.Versions {
		obs.Versions = append(obs.Versions, scanner.VersionFact{Version: v, Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested})
	}
	return scanner.Result{Endpoint: ep, TLS: obs}
}
