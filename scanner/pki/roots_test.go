package pki

import (
	"bufio"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

const (
	isrgRootX1 = "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6"
	// Izenpe.com: the bundle distrusts it for TLS certificates issued
	// after 2026-04-15T23:59:59Z.
	izenpe = "2530cc8e98321502bad96f9b1fba1b099e2d299e0f4548bb914f363bc0d4531f"
)

func TestMozillaPool(t *testing.T) {
	p, err := MozillaPool()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range bundle.Roots() {
		n++
	}
	if p.Len() != n || n < 100 {
		t.Errorf("pool has %d anchors, bundle %d", p.Len(), n)
	}
	a, ok := p.Anchor(isrgRootX1)
	if !ok {
		t.Fatal("ISRG Root X1 not in the pool")
	}
	if a.Subject != "CN=ISRG Root X1,O=Internet Security Research Group,C=US" || a.Source != "mozilla" || a.Constrained {
		t.Errorf("ISRG Root X1 = %+v", a)
	}
	s := p.Store()
	if s.Module != RootStoreModule || s.Version != rootStoreVersionFallback || s.VersionSource != "constant" ||
		s.MozillaRoots != n || s.ExtraRoots != 0 {
		t.Errorf("store = %+v", s)
	}
}

// The bundle's distrust-after constraints are read and honoured.
func TestMozillaDistrustAfter(t *testing.T) {
	p, err := MozillaPool()
	if err != nil {
		t.Fatal(err)
	}
	var constrained []Anchor
	for _, a := range p.Anchors() {
		if a.Constrained {
			constrained = append(constrained, a)
			if a.DistrustAfter.IsZero() {
				t.Errorf("%s: constraint not dated", a.Subject)
			}
		}
	}
	if len(constrained) == 0 {
		t.Skip("this bundle has no constrained root")
	}
	a, ok := p.Anchor(izenpe)
	if !ok {
		t.Fatalf("Izenpe.com not in the pool; constrained roots: %+v", constrained)
	}
	want := time.Date(2026, 4, 15, 23, 59, 59, 0, time.UTC)
	if !a.Constrained || !a.DistrustAfter.Equal(want) {
		t.Errorf("Izenpe.com = %+v, want distrust after %v", a, want)
	}
	// The constraint itself, on a chain to the real root: a leaf issued a
	// second after the date is refused, one issued at it is accepted.
	an := p.bySHA[izenpe]
	late := []*x509.Certificate{{NotBefore: want.Add(time.Second)}, an.cert}
	onTime := []*x509.Certificate{{NotBefore: want}, an.cert}
	if an.constraint(late) == nil || an.constraint(onTime) != nil {
		t.Error("Izenpe.com constraint not applied as dated")
	}
}

func TestProbeDistrustAfter(t *testing.T) {
	date := time.Date(2019, 7, 1, 12, 30, 45, 0, time.UTC)
	if got := probeDistrustAfter(distrustAfter(date)); !got.Equal(date) {
		t.Errorf("probed %v, want %v", got, date)
	}
	// A constraint that is no date cut-off is kept undated.
	always := func([]*x509.Certificate) error { return os.ErrInvalid }
	if got := probeDistrustAfter(always); !got.IsZero() {
		t.Errorf("probed %v for an always-failing constraint", got)
	}
}

// The fallback version is the one go.mod requires: a test binary has no
// build information to read it from.
func TestRootStoreVersionMatchesGoMod(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	found := ""
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		for i := 0; i+1 < len(fields); i++ {
			if fields[i] == RootStoreModule {
				found = fields[i+1]
			}
		}
	}
	if found != rootStoreVersionFallback {
		t.Errorf("go.mod requires %s %q; rootStoreVersionFallback is %q", RootStoreModule, found, rootStoreVersionFallback)
	}
}

func TestPoolAddPEM(t *testing.T) {
	p := newTestPKI(t, "pem")
	pool := NewPool()
	if _, err := pool.AddPEM([]byte("no certificate here"), "x"); err == nil {
		t.Error("PEM without certificates accepted")
	}
	if _, err := pool.AddPEM([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "x"); err == nil {
		t.Error("bad certificate accepted")
	}
	if err := pool.AddCAFile(filepath.Join(t.TempDir(), "missing.pem")); err == nil {
		t.Error("missing CA file accepted")
	}
	data := pemCerts(p.root, p.inter, p.root)
	n, err := pool.AddPEM(data, "bundle.pem")
	if err != nil || n != 2 || pool.Len() != 2 {
		t.Errorf("AddPEM = %d, %v; pool has %d", n, err, pool.Len())
	}
	var zero Pool
	if err := zero.AddDER(p.root.der, "zero"); err != nil || zero.Len() != 1 {
		t.Errorf("zero Pool: %v, %d", err, zero.Len())
	}
}
