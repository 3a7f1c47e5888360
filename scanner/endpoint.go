// Package scanner holds what cryptoscan observes about network endpoints
// (facts only, no judgement) and the worker pool that gathers them.
package scanner

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
)

// Endpoint is one network service to inspect.
type Endpoint struct {
	Host     string     `json:"host"`          // name as given or discovered; the IP literal when none
	IP       netip.Addr `json:"ip"`            // address actually dialled
	Port     uint16     `json:"port"`          // TCP port
	Protocol string     `json:"protocol"`      // tls, smtp, imap, ... (tls = TLS from the first byte)
	SNI      string     `json:"sni,omitempty"` // server_name sent; empty means none
	Source   string     `json:"source"`        // how the endpoint was found ("argument", "A record of example.fr", ...)
}

// Addr is the host:port string to dial.
func (e Endpoint) Addr() string {
	return net.JoinHostPort(e.IP.String(), strconv.Itoa(int(e.Port)))
}

// String names the endpoint for people: host[ip]:port.
func (e Endpoint) String() string {
	if e.Host == "" || e.Host == e.IP.String() {
		return e.Addr()
	}
	return fmt.Sprintf("%s[%s]:%d", e.Host, e.IP, e.Port)
}
