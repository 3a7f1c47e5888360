package discover

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// Scope is what the user is entitled to scan: domains (each with its
// subdomains) and address ranges. An endpoint is in scope when its host
// name is one of the domains or under one, or when its address is in one
// of the ranges. The zero Scope means the default: the names, addresses
// and ranges of the inputs.
type Scope struct {
	Domains  []string       // lower case, no trailing dot
	Prefixes []netip.Prefix // masked; a single address is a /32 or /128
}

// IsZero reports whether s is empty (the default scope applies).
func (s Scope) IsZero() bool { return len(s.Domains) == 0 && len(s.Prefixes) == 0 }

const scopeHint = "give domains, IP addresses or CIDR ranges, separated by commas"

// ParseScope reads scope entries: domains ("example.fr", which includes
// its subdomains; "*.example.fr" and ".example.fr" mean the same), IP
// addresses and CIDR ranges. Each entry may itself be a comma-separated
// list.
func ParseScope(entries ...string) (Scope, error) {
	var s Scope
	for _, e := range splitList(entries) {
		name, prefix, err := parseHostOrRange(e, true)
		if err != nil {
			return Scope{}, hintedError{fmt.Errorf("scope %q: %v", e, err), scopeHint}
		}
		s.add(name, prefix)
	}
	if s.IsZero() {
		return s, hintedError{errors.New("empty scope"), scopeHint}
	}
	return s, nil
}

func (s *Scope) add(name string, prefix netip.Prefix) {
	switch {
	case name != "" && !slices.Contains(s.Domains, name):
		s.Domains = append(s.Domains, name)
	case prefix.IsValid() && !slices.Contains(s.Prefixes, prefix):
		s.Prefixes = append(s.Prefixes, prefix)
	}
}

// defaultScope is the scope of the inputs: their names, addresses and
// ranges.
func defaultScope(inputs []Input) Scope {
	var s Scope
	for _, in := range inputs {
		switch {
		case in.Name != "":
			s.add(in.Name, netip.Prefix{})
		case in.Addr.IsValid():
			s.add("", netip.PrefixFrom(in.Addr, in.Addr.BitLen()))
		case in.Prefix.IsValid():
			s.add("", in.Prefix)
		}
	}
	return s
}

// Check says whether ep is in scope, and why, in words for people:
// "mail.example.fr is under example.fr", "mx.provider.net is not under
// example.fr".
func (s Scope) Check(ep scanner.Endpoint) (bool, string) {
	name := endpointName(ep)
	if name != "" {
		for _, d := range s.Domains {
			if name == d {
				return true, name + " is a scope domain"
			}
			if strings.HasSuffix(name, "."+d) {
				return true, name + " is under " + d
			}
		}
	}
	for _, p := range s.Prefixes {
		if p.Contains(ep.IP) {
			if p.IsSingleIP() {
				return true, ep.IP.String() + " is a scope address"
			}
			return true, fmt.Sprintf("%s is in %s", ep.IP, p)
		}
	}
	var why []string
	if name != "" && len(s.Domains) > 0 {
		why = append(why, name+" is not under "+orList(s.Domains))
	}
	if len(s.Prefixes) > 0 {
		ps := make([]string, len(s.Prefixes))
		for i, p := range s.Prefixes {
			if p.IsSingleIP() {
				ps[i] = p.Addr().String()
			} else {
				ps[i] = p.String()
			}
		}
		why = append(why, fmt.Sprintf("%s is not in %s", ep.IP, orList(ps)))
	}
	if len(why) == 0 { // an address, and a scope of domains only
		why = append(why, fmt.Sprintf("%s has no name, and the scope holds only domains", ep.IP))
	}
	return false, strings.Join(why, ", and ")
}

// endpointName is the host name of ep, or "" when it has only an address.
func endpointName(ep scanner.Endpoint) string {
	if ep.Host == "" || ep.Host == ep.IP.String() {
		return ""
	}
	if _, err := netip.ParseAddr(ep.Host); err == nil {
		return ""
	}
	return strings.ToLower(ep.Host)
}

// orList writes "a", "a or b", "a, b or c"; past five items, the first
// five and how many more.
func orList(items []string) string {
	const most = 5
	if len(items) > most {
		return fmt.Sprintf("%s or %d others", strings.Join(items[:most], ", "), len(items)-most)
	}
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// Exclusions are endpoints not to scan: by host name (exact; "*.example.fr"
// matches the names under example.fr, not example.fr itself) and by
// address or range.
type Exclusions struct {
	Hosts    []string
	Prefixes []netip.Prefix
}

const excludeHint = "give host names, IP addresses or CIDR ranges, separated by commas"

// ParseExclusions reads exclusion entries: host names, "*.DOMAIN", IP
// addresses and CIDR ranges. Each entry may itself be a comma-separated
// list.
func ParseExclusions(entries ...string) (Exclusions, error) {
	var x Exclusions
	for _, e := range splitList(entries) {
		wild := strings.HasPrefix(e, "*.")
		name, prefix, err := parseHostOrRange(e, wild)
		if err != nil {
			return Exclusions{}, hintedError{fmt.Errorf("exclude %q: %v", e, err), excludeHint}
		}
		switch {
		case name != "":
			if wild {
				name = "*." + name
			}
			if !slices.Contains(x.Hosts, name) {
				x.Hosts = append(x.Hosts, name)
			}
		case !slices.Contains(x.Prefixes, prefix):
			x.Prefixes = append(x.Prefixes, prefix)
		}
	}
	return x, nil
}

// Match reports whether ep is excluded: its address is in an excluded
// range, or its host name or server name is excluded.
func (x Exclusions) Match(ep scanner.Endpoint) bool {
	return x.matchAddr(ep.IP) || x.matchName(endpointName(ep)) || x.matchName(strings.ToLower(ep.SNI))
}

func (x Exclusions) matchAddr(ip netip.Addr) bool {
	for _, p := range x.Prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func (x Exclusions) matchName(name string) bool {
	if name == "" {
		return false
	}
	for _, h := range x.Hosts {
		if d, ok := strings.CutPrefix(h, "*."); ok {
			if strings.HasSuffix(name, "."+d) {
				return true
			}
		} else if name == h {
			return true
		}
	}
	return false
}

// splitList splits entries on commas and white space, dropping empty
// items.
func splitList(entries []string) []string {
	var out []string
	for _, e := range entries {
		out = append(out, strings.FieldsFunc(e, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\n'
		})...)
	}
	return out
}

// parseHostOrRange reads a host name, an IP address (bare or in
// brackets) or a CIDR range. With domain set, a leading "*." or "." is
// allowed and dropped.
func parseHostOrRange(s string, domain bool) (string, netip.Prefix, error) {
	t := s
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		t = t[1 : len(t)-1]
	}
	if strings.Contains(t, "/") {
		p, err := netip.ParsePrefix(t)
		if err != nil || p.Addr().Zone() != "" {
			return "", netip.Prefix{}, errors.New("not a CIDR range")
		}
		if p.Addr().Is4In6() {
			return "", netip.Prefix{}, errors.New("an IPv4-mapped range: write it in IPv4 form")
		}
		return "", p.Masked(), nil
	}
	if ip, err := netip.ParseAddr(t); err == nil {
		if ip.Zone() != "" {
			return "", netip.Prefix{}, errors.New("IPv6 zones are not supported")
		}
		ip = ip.Unmap()
		return "", netip.PrefixFrom(ip, ip.BitLen()), nil
	}
	if strings.Contains(t, ":") {
		return "", netip.Prefix{}, errors.New("not a host name, IP address or CIDR range (no ports here)")
	}
	if domain {
		t = strings.TrimPrefix(strings.TrimPrefix(t, "*"), ".")
	}
	name, err := ParseHostName(t)
	if err != nil {
		return "", netip.Prefix{}, err
	}
	return name, netip.Prefix{}, nil
}
