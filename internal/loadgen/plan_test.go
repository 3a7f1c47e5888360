package loadgen

import (
	"net/netip"
	"reflect"
	"testing"
)

func TestPlanIsDeterministic(t *testing.T) {
	a, b := Plan(Options{Seed: 7, N: 200, PortsPerIP: 8}), Plan(Options{Seed: 7, N: 200, PortsPerIP: 8})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans of the same seed differ")
	}
	c := Plan(Options{Seed: 8, N: 200, PortsPerIP: 8})
	if reflect.DeepEqual(a, c) {
		t.Fatal("plans of seeds 7 and 8 are the same")
	}
}

func TestPlanMix(t *testing.T) {
	for _, n := range []int{20, 100, 1000, 5000} {
		count := make(map[Kind]int)
		for _, ep := range Plan(Options{Seed: 1, N: n, PortsPerIP: 8}) {
			count[ep.Kind]++
		}
		want := map[Kind]int{ECDSAModern: n * 70 / 100, RSACBC: n * 15 / 100, TLS13Only: n * 10 / 100, LegacyTLS12: n * 5 / 100}
		if !reflect.DeepEqual(count, want) {
			t.Errorf("n=%d: kinds %v, want %v", n, count, want)
		}
	}
}

func TestPlanAddresses(t *testing.T) {
	const n, perIP = 5000, 8
	for _, grouped := range []bool{false, true} {
		eps := Plan(Options{Seed: 1, N: n, PortsPerIP: perIP, Grouped: grouped})
		loopback := netip.MustParsePrefix("127.0.0.0/8")
		perAddr := make(map[netip.Addr]int)
		names := make(map[string]bool)
		for i, ep := range eps {
			a := ep.Addr.Addr()
			if !loopback.Contains(a) || a.As4()[3] == 0 || a.As4()[3] == 255 {
				t.Fatalf("grouped %v, endpoint %d: address %s", grouped, i, a)
			}
			if ep.Addr.Port() != 0 {
				t.Errorf("grouped %v, endpoint %d: port %d before listening", grouped, i, ep.Addr.Port())
			}
			perAddr[a]++
			if names[ep.Name] {
				t.Errorf("grouped %v, endpoint %d: name %s used twice", grouped, i, ep.Name)
			}
			names[ep.Name] = true
			if same := i > 0 && eps[i-1].Addr.Addr() == a; same != (grouped && i%perIP != 0) {
				t.Errorf("grouped %v: endpoints %d and %d on the same address: %v", grouped, i-1, i, same)
			}
		}
		if len(perAddr) != n/perIP {
			t.Errorf("grouped %v: %d addresses, want %d", grouped, len(perAddr), n/perIP)
		}
		for a, c := range perAddr {
			if c != perIP {
				t.Errorf("grouped %v: %s holds %d endpoints, want %d", grouped, a, c, perIP)
			}
		}
	}
}

func TestPlanConfiguration(t *testing.T) {
	for _, ep := range Plan(Options{Seed: 1, N: 40}) {
		s := ep.Kind.spec()
		if ep.Versions[0] != s.min || ep.Versions[len(ep.Versions)-1] != s.max {
			t.Errorf("%s (%s): versions %x", ep.Name, ep.Kind, ep.Versions)
		}
		if (len(ep.Suites) == 0) != (ep.Kind == TLS13Only) {
			t.Errorf("%s (%s): TLS 1.2 suites %x", ep.Name, ep.Kind, ep.Suites)
		}
	}
}

func TestKindText(t *testing.T) {
	for _, k := range Kinds() {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Kind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%s: round trip gave %v, %v", k, back, err)
		}
	}
	if _, err := Kind(200).MarshalText(); err == nil {
		t.Error("kind 200 marshalled")
	}
	var k Kind
	if err := k.UnmarshalText([]byte("rsa")); err == nil {
		t.Error(`"rsa" unmarshalled`)
	}
}
