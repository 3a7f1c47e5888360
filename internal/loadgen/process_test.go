package loadgen

import (
	"net"
	"testing"
	"time"
)

// TestProcess builds the fleet command, runs a small fleet, makes three
// connections and checks the process counted them, then stops it.
func TestProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the fleet command")
	}
	bin, err := Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Exec(bin, Options{Seed: 1, N: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if len(p.Endpoints) != 5 || p.RootPEM == "" || p.FileLimit == 0 {
		t.Fatalf("ready: %d endpoints, root %q, file limit %d", len(p.Endpoints), p.RootPEM, p.FileLimit)
	}
	if p.FileLimitError != "" {
		t.Errorf("file limit: %s", p.FileLimitError)
	}
	for _, ep := range p.Endpoints[:3] {
		c, err := net.Dial("tcp", ep.Addr.String())
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	// The fleet accepts (and counts) asynchronously.
	var st Stats
	for deadline := time.Now().Add(5 * time.Second); st.Accepted < 3 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if st, err = p.WaitIdle(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if st.Accepted != 3 {
		t.Errorf("fleet accepted %d connections, want 3", st.Accepted)
	}
	if st.CPUSeconds <= 0 {
		t.Errorf("fleet CPU %v s", st.CPUSeconds)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}
