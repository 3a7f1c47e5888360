package sshprobe

import (
	"bufio"
	"bytes"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/internal/peer"
	"github.com/cryptoscan/cryptoscan/scanner"
)

// gexServer offers only diffie-hellman-group-exchange-sha1 and an ssh-dss
// host key (which x/crypto cannot verify: no host key exchange), and
// answers any group exchange request with the 1024-bit Oakley group 2:
// a server that honours the probe's minimum. It keeps what the client
// sent on the connection that asked.
type gexServer struct {
	*listener
	mu      sync.Mutex
	kexinit []byte // the client's KEXINIT payload
	request []byte // its KEX_DH_GEX_REQUEST payload
	raw     []byte // both packets as sent
}

func newGexServer(t *testing.T) *gexServer {
	s := &gexServer{}
	ours := kexInit{
		kexAlgos:        []string{"diffie-hellman-group-exchange-sha1"},
		hostKeyAlgos:    []string{"ssh-dss"},
		ciphersCtoS:     []string{"aes128-cbc", "3des-cbc"},
		ciphersStoC:     []string{"3des-cbc"},
		macsCtoS:        []string{"hmac-md5"},
		macsStoC:        []string{"hmac-md5", "hmac-sha1"},
		compressionCtoS: []string{"none"},
		compressionStoC: []string{"zlib", "none"},
		languagesCtoS:   []string{},
		languagesStoC:   []string{},
	}
	payload, err := ours.marshal()
	if err != nil {
		t.Fatal(err)
	}
	group, err := sampleGexGroup().marshal()
	if err != nil {
		t.Fatal(err)
	}
	s.listener = serve(t, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		c.Write([]byte("SSH-2.0-gexServer\r\n"))
		c.Write(packetOf(t, payload))
		br := bufio.NewReader(c)
		if _, err := br.ReadString('\n'); err != nil {
			return
		}
		k, err := readPacket(br)
		if err != nil {
			return
		}
		req, err := readPacket(br)
		if err != nil {
			return
		}
		s.mu.Lock()
		s.kexinit, s.request, s.raw = k.payload, req.payload, slices.Concat(k.raw, req.raw)
		s.mu.Unlock()
		c.Write(packetOf(t, group))
		endGracefully(c)
	})
	return s
}

func seeded(seed uint64) *mrand.ChaCha8 {
	var s [32]byte
	s[0] = byte(seed)
	return mrand.NewChaCha8(s)
}

func TestGroupExchange(t *testing.T) {
	var sent [][]byte
	for _, seed := range []uint64{1, 1, 2} {
		srv := newGexServer(t)
		d := &scanner.Dialer{Limiter: scanner.NewLimiter(4, nil), Timeout: 2 * time.Second}
		ep := scanner.Endpoint{IP: srv.addr.Addr(), Port: srv.addr.Port(), Protocol: "ssh"}
		r := New(Config{Rand: seeded(seed), LegacyPorts: noLegacy}).Probe(t.Context(), ep, d)
		o := r.SSH
		p, _ := new(big.Int).SetString(peer.Oakley1024, 16)
		want := scanner.SSHGroupExchange{Algorithm: "diffie-hellman-group-exchange-sha1", Status: scanner.Supported, Bits: p.BitLen()}
		if o.GroupExchange == nil || *o.GroupExchange != want {
			t.Errorf("group exchange %+v, want %+v", o.GroupExchange, want)
		}
		if !slices.Equal(o.CiphersServerToClient, []string{"3des-cbc"}) || !slices.Equal(o.MACsServerToClient, []string{"hmac-md5", "hmac-sha1"}) {
			t.Errorf("server to client lists %q %q", o.CiphersServerToClient, o.MACsServerToClient)
		}
		wantKey := scanner.SSHHostKey{Algorithm: "ssh-dss", Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested, Detail: whyDSA}
		if len(o.HostKeys) != 1 || o.HostKeys[0] != wantKey {
			t.Errorf("host keys %s", dump(o.HostKeys))
		}
		// No key x/crypto can verify: the first connection ends after the
		// KEXINIT, and the group exchange has its own.
		if r.Stats.Connections != 2 || srv.accepted.Load() != 2 || r.Stats.Errors != 0 {
			t.Errorf("stats %+v, server accepted %d", r.Stats, srv.accepted.Load())
		}

		srv.mu.Lock()
		var k kexInit
		var req kexDHGexRequest
		if !k.unmarshal(srv.kexinit) || !req.unmarshal(srv.request) {
			t.Fatalf("the client's packets do not parse: %x %x", srv.kexinit, srv.request)
		}
		// Only the group exchange, and the server's first choice of
		// everything else.
		wantInit := kexInit{
			cookie:          k.cookie,
			kexAlgos:        []string{"diffie-hellman-group-exchange-sha1"},
			hostKeyAlgos:    []string{"ssh-dss"},
			ciphersCtoS:     []string{"aes128-cbc"},
			ciphersStoC:     []string{"3des-cbc"},
			macsCtoS:        []string{"hmac-md5"},
			macsStoC:        []string{"hmac-md5"},
			compressionCtoS: []string{"none"},
			compressionStoC: []string{"zlib"},
			languagesCtoS:   []string{},
			languagesStoC:   []string{},
		}
		if !reflect.DeepEqual(k, wantInit) {
			t.Errorf("client KEXINIT %+v", k)
		}
		if req != (kexDHGexRequest{min: 1024, n: 1024, max: 8192}) {
			t.Errorf("request %+v", req)
		}
		sent = append(sent, srv.raw)
		srv.mu.Unlock()
	}
	// Randomness comes from the configuration: the same seed, the same
	// bytes (cookie and padding); another seed, others.
	if !bytes.Equal(sent[0], sent[1]) || bytes.Equal(sent[0], sent[2]) {
		t.Errorf("client packets with seeds 1, 1, 2:\n%x\n%x\n%x", sent[0], sent[1], sent[2])
	}
}
