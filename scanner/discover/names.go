package discover

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/miekg/dns"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// SRVService is a service DNS discovery looks up with SRV records.
type SRVService struct {
	Label    string // "_imaps._tcp", prefixed to the domain
	Protocol string // what the SRV target speaks on the SRV port
}

// SRVServices are the SRV services of a discovered domain, in the order
// their endpoints are listed.
var SRVServices = []SRVService{
	{"_submission._tcp", ProtocolSMTP},        // RFC 6186
	{"_submissions._tcp", ProtocolTLS},        // RFC 8314
	{"_imap._tcp", ProtocolIMAP},              // RFC 6186
	{"_imaps._tcp", ProtocolTLS},              // RFC 6186
	{"_pop3._tcp", ProtocolPOP3},              // RFC 6186
	{"_pop3s._tcp", ProtocolTLS},              // RFC 6186
	{"_xmpp-client._tcp", ProtocolXMPPClient}, // RFC 6120
	{"_xmpps-client._tcp", ProtocolTLS},       // XEP-0368
	{"_xmpp-server._tcp", ProtocolXMPPServer}, // RFC 6120
	{"_xmpps-server._tcp", ProtocolTLS},       // XEP-0368
	{"_ldap._tcp", ProtocolLDAP},              // RFC 2782
	{"_ldaps._tcp", ProtocolTLS},
	{"_caldavs._tcp", ProtocolTLS},  // RFC 6764
	{"_carddavs._tcp", ProtocolTLS}, // RFC 6764
	{"_sips._tcp", ProtocolTLS},     // RFC 3263
}

// smtpPort is where MX hosts are scanned, with STARTTLS.
const smtpPort = 25

// isLocalhost reports whether name is localhost or under it (RFC 6761):
// it resolves to the loopback addresses without DNS.
func isLocalhost(name string) bool {
	return name == "localhost" || strings.HasSuffix(name, ".localhost")
}

// fromHosts answers name from the hosts file, or for localhost names.
func (r *run) fromHosts(name string) ([]netip.Addr, bool) {
	if addrs, ok := r.resolver().Hosts[name]; ok && len(addrs) > 0 {
		return addrs, true
	}
	if isLocalhost(name) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}, true
	}
	return nil, false
}

// sourcedAddr is an address and the record it came from: "A", "AAAA" or
// "hosts".
type sourcedAddr struct {
	ip   netip.Addr
	kind string
}

// addrAnswer is what is known of a name's addresses.
type addrAnswer struct {
	addrs    []sourcedAddr // IPv4 first, each family sorted, no duplicates
	problems []Diagnostic  // failed lookups (Incomplete), Via not set
	nxdomain bool          // the name does not exist
	unusable int           // addresses dropped: unspecified (a sinkhole's 0.0.0.0) or multicast
}

// prefetch starts the address questions of name.
func (r *run) prefetch(name string) {
	if _, ok := r.fromHosts(name); !ok {
		r.query(name, dns.TypeA)
		r.query(name, dns.TypeAAAA)
	}
}

// addresses looks up name's addresses: from the hosts file, else A and
// AAAA.
func (r *run) addresses(name string) addrAnswer {
	var ans addrAnswer
	if addrs, ok := r.fromHosts(name); ok {
		for _, ip := range addrs {
			ans.addrs = append(ans.addrs, sourcedAddr{ip, "hosts"})
		}
		sortAddrs(ans.addrs)
		return ans
	}
	a, aaaa := r.query(name, dns.TypeA), r.query(name, dns.TypeAAAA)
	ra, raaaa := a.wait(), aaaa.wait()
	for _, rr := range append(ra.records, raaaa.records...) {
		var ip netip.Addr
		var kind string
		switch rr := rr.(type) {
		case *dns.A:
			ip, _ = netip.AddrFromSlice(rr.A)
			kind = "A"
		case *dns.AAAA:
			ip, _ = netip.AddrFromSlice(rr.AAAA)
			kind = "AAAA"
		}
		ip = ip.Unmap()
		if !ip.IsValid() || scannable(ip) != nil {
			ans.unusable++
			continue
		}
		if !slices.ContainsFunc(ans.addrs, func(s sourcedAddr) bool { return s.ip == ip }) {
			ans.addrs = append(ans.addrs, sourcedAddr{ip, kind})
		}
	}
	sortAddrs(ans.addrs)
	switch {
	case ra.problem != "" && ra.problem == raaaa.problem:
		ans.problems = append(ans.problems, Diagnostic{Type: "A/AAAA", Name: name, Reason: ra.problem, Incomplete: true})
	default:
		if ra.problem != "" {
			ans.problems = append(ans.problems, Diagnostic{Type: "A", Name: name, Reason: ra.problem, Incomplete: true})
		}
		if raaaa.problem != "" {
			ans.problems = append(ans.problems, Diagnostic{Type: "AAAA", Name: name, Reason: raaaa.problem, Incomplete: true})
		}
	}
	ans.nxdomain = ra.nxdomain || raaaa.nxdomain
	return ans
}

func sortAddrs(addrs []sourcedAddr) {
	slices.SortFunc(addrs, func(a, b sourcedAddr) int { return a.ip.Compare(b.ip) })
}

// missing is the diagnostic for a name that must have addresses and has
// none, or nil when lookups failed (their problems say it already).
func (ans addrAnswer) missing(name, via string) []Diagnostic {
	if len(ans.addrs) > 0 || len(ans.problems) > 0 {
		return nil
	}
	reason := "no address (no A or AAAA record)"
	switch {
	case ans.nxdomain:
		reason = "no such name (NXDOMAIN)"
	case ans.unusable > 0:
		reason = "no usable address (only unspecified or multicast ones)"
	}
	return []Diagnostic{{Type: "A/AAAA", Name: name, Reason: reason, Via: via, Incomplete: true}}
}

// withVia sets Via on diagnostics.
func withVia(ds []Diagnostic, via string) []Diagnostic {
	for i := range ds {
		ds[i].Via = via
	}
	return ds
}

// endpoints pairs a name's addresses with ports. source names the record,
// or "" to use each address's kind ("A example.fr").
func endpoints(in Input, host string, addrs []sourcedAddr, ports []Port, source string) []Target {
	var out []Target
	for _, a := range addrs {
		src := source
		if src == "" {
			src = a.kind + " " + host
		}
		for _, p := range ports {
			sni := host
			if !NamesServer(p.Protocol) {
				sni = "" // SSH and IKE name no server
			}
			out = append(out, Target{Origin: in.Origin, Endpoint: scanner.Endpoint{
				Host: host, IP: a.ip, Port: p.Number, Protocol: p.Protocol, SNI: sni, Source: src,
			}})
		}
	}
	return out
}

// expandName lists the endpoints of a name input: its addresses on its
// ports; for a bare domain with discovery on, also www, MX and SRV.
func (r *run) expandName(in Input) ([]Target, []Diagnostic) {
	ports := in.Ports
	if ports == nil {
		ports = r.cfg.Ports
	}
	via := ""
	if in.Origin != "argument" {
		via = in.Origin
	}
	if !in.Bare() || r.cfg.NoDNSDiscovery || isLocalhost(in.Name) {
		ans := r.addresses(in.Name)
		diags := append(withVia(ans.problems, via), ans.missing(in.Name, via)...)
		return endpoints(in, in.Name, ans.addrs, ports, in.Origin), diags
	}

	name := in.Name
	www := ""
	if !strings.HasPrefix(name, "www.") {
		www = "www." + name
	}
	// Ask everything at once; the answers are read in order below.
	r.prefetch(name)
	if www != "" {
		r.prefetch(www)
	}
	mx := r.query(name, dns.TypeMX)
	srvs := make([]*call, len(SRVServices))
	for i, s := range SRVServices {
		srvs[i] = r.query(s.Label+"."+name, dns.TypeSRV)
	}

	var targets []Target
	var diags []Diagnostic
	ans := r.addresses(name)
	targets = append(targets, endpoints(in, name, ans.addrs, ports, "")...)
	diags = append(diags, withVia(ans.problems, via)...)
	if ans.nxdomain && len(ans.addrs) == 0 {
		diags = append(diags, Diagnostic{Type: "A/AAAA", Name: name, Reason: "no such name (NXDOMAIN)", Via: via, Incomplete: true})
	}
	if www != "" {
		ans := r.addresses(www)
		targets = append(targets, endpoints(in, www, ans.addrs, ports, "")...)
		diags = append(diags, withVia(ans.problems, via)...) // NXDOMAIN for www is normal
	}

	t, d := r.mxEndpoints(in, name, mx.wait(), via)
	targets, diags = append(targets, t...), append(diags, d...)
	for i, s := range SRVServices {
		t, d := r.srvEndpoints(in, s, s.Label+"."+name, srvs[i].wait(), via)
		targets, diags = append(targets, t...), append(diags, d...)
	}

	if len(targets) == 0 && !slices.ContainsFunc(diags, func(d Diagnostic) bool { return d.Incomplete }) {
		diags = append(diags, Diagnostic{Type: "A/AAAA", Name: name, Reason: "no endpoint found (no A, AAAA, MX or SRV record)", Via: via, Incomplete: true})
	}
	return targets, diags
}

// mxSource is the Source of an endpoint found as an MX of domain.
func mxSource(domain string, pref uint16) string {
	return fmt.Sprintf("MX %s (pref %d)", domain, pref)
}

// MXDomain returns the mail domain whose MX an endpoint was found as,
// from its Source ("MX example.fr (pref 10)" gives example.fr); false for
// an endpoint found otherwise.
func MXDomain(source string) (string, bool) {
	rest, ok := strings.CutPrefix(source, "MX ")
	if !ok {
		return "", false
	}
	domain, pref, ok := strings.Cut(rest, " (pref ")
	if !ok || domain == "" || !strings.HasSuffix(pref, ")") {
		return "", false
	}
	if _, err := strconv.ParseUint(strings.TrimSuffix(pref, ")"), 10, 16); err != nil {
		return "", false
	}
	return domain, true
}

// mxEndpoints lists the SMTP endpoints of a domain's MX hosts.
func (r *run) mxEndpoints(in Input, name string, resp response, via string) ([]Target, []Diagnostic) {
	if resp.problem != "" {
		return nil, []Diagnostic{{Type: "MX", Name: name, Reason: resp.problem, Via: via, Incomplete: true}}
	}
	var mxs []*dns.MX
	for _, rr := range resp.records {
		if mx, ok := rr.(*dns.MX); ok {
			mxs = append(mxs, mx)
		}
	}
	slices.SortFunc(mxs, func(a, b *dns.MX) int {
		return cmp.Or(cmp.Compare(a.Preference, b.Preference), strings.Compare(strings.ToLower(a.Mx), strings.ToLower(b.Mx)))
	})
	var targets []Target
	var diags []Diagnostic
	for _, mx := range mxs {
		source := mxSource(name, mx.Preference)
		if mx.Mx == "." {
			diags = append(diags, Diagnostic{Type: "MX", Name: name, Reason: `null MX (host "."): the domain accepts no mail (RFC 7505)`, Via: via})
			continue
		}
		host, err := ParseHostName(mx.Mx)
		if err != nil {
			diags = append(diags, Diagnostic{Type: "MX", Name: name, Reason: fmt.Sprintf("host %q: %v", mx.Mx, err), Via: via, Incomplete: true})
			continue
		}
		ans := r.addresses(host)
		targets = append(targets, endpoints(in, host, ans.addrs, []Port{{smtpPort, ProtocolSMTP}}, source)...)
		diags = append(diags, withVia(ans.problems, source)...)
		diags = append(diags, ans.missing(host, source)...)
	}
	return targets, diags
}

// srvEndpoints lists the endpoints of one SRV service.
func (r *run) srvEndpoints(in Input, s SRVService, owner string, resp response, via string) ([]Target, []Diagnostic) {
	if resp.problem != "" {
		return nil, []Diagnostic{{Type: "SRV", Name: owner, Reason: resp.problem, Via: via, Incomplete: true}}
	}
	var srvs []*dns.SRV
	for _, rr := range resp.records {
		if srv, ok := rr.(*dns.SRV); ok {
			srvs = append(srvs, srv)
		}
	}
	slices.SortFunc(srvs, func(a, b *dns.SRV) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(b.Weight, a.Weight),
			strings.Compare(strings.ToLower(a.Target), strings.ToLower(b.Target)), cmp.Compare(a.Port, b.Port))
	})
	source := "SRV " + owner
	var targets []Target
	var diags []Diagnostic
	for _, srv := range srvs {
		if srv.Target == "." {
			diags = append(diags, Diagnostic{Type: "SRV", Name: owner, Reason: `target ".": the service is decidedly not available (RFC 2782)`, Via: via})
			continue
		}
		host, err := ParseHostName(srv.Target)
		if err != nil {
			diags = append(diags, Diagnostic{Type: "SRV", Name: owner, Reason: fmt.Sprintf("target %q: %v", srv.Target, err), Via: via, Incomplete: true})
			continue
		}
		if srv.Port == 0 {
			diags = append(diags, Diagnostic{Type: "SRV", Name: owner, Reason: fmt.Sprintf("target %s has port 0", host), Via: via, Incomplete: true})
			continue
		}
		ans := r.addresses(host)
		targets = append(targets, endpoints(in, host, ans.addrs, []Port{{srv.Port, s.Protocol}}, source)...)
		diags = append(diags, withVia(ans.problems, source)...)
		diags = append(diags, ans.missing(host, source)...)
	}
	return targets, diags
}
