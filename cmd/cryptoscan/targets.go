package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// defaultPort is the port of a target given without one.
const defaultPort = 443

// targetsHint says what a target looks like.
const targetsHint = "a target is HOST, HOST:PORT, IPv4, IPv6, [IPv6]:PORT or https://HOST[:PORT]/"

// target is one TARGET argument, parsed.
type target struct {
	arg  string     // as given
	name string     // DNS name, lower case, without trailing dot; empty for an IP literal
	ip   netip.Addr // the IP literal; invalid for a name
	port uint16
}

// parseTarget reads host, host:port, IPv4, IPv6, [IPv6]:port or
// https://host[:port]/.
func parseTarget(arg string) (target, error) {
	t := target{arg: arg, port: defaultPort}
	fail := func(format string, a ...any) (target, error) {
		return target{}, &usageError{fmt.Errorf("target %q: %s", arg, fmt.Sprintf(format, a...)), targetsHint}
	}
	s := arg
	if s == "" {
		return fail("empty")
	}
	var host, port string
	bracketed := false
	switch {
	case strings.Contains(s, "://"):
		u, err := url.Parse(s)
		if err != nil {
			return fail("not a valid URL")
		}
		if !strings.EqualFold(u.Scheme, "https") {
			return target{}, &usageError{
				fmt.Errorf("target %q: unsupported URL scheme %q", arg, u.Scheme),
				"cryptoscan scans TLS; give https://HOST[:PORT]/ or HOST:PORT",
			}
		}
		if u.Host == "" {
			return fail("URL has no host")
		}
		host, port = u.Hostname(), u.Port()
		bracketed = strings.HasPrefix(u.Host, "[")
		if strings.HasSuffix(u.Host, ":") {
			return fail("empty port")
		}
	case strings.HasPrefix(s, "["):
		bracketed = true
		if strings.HasSuffix(s, "]") {
			host = s[1 : len(s)-1]
			break
		}
		h, p, err := net.SplitHostPort(s)
		if err != nil {
			return fail("write an IPv6 address with a port as [ADDRESS]:PORT")
		}
		host, port = h, p
		if port == "" {
			return fail("empty port")
		}
	case strings.Count(s, ":") > 1:
		host = s // a bare IPv6 address
	case strings.Contains(s, ":"):
		h, p, err := net.SplitHostPort(s)
		if err != nil {
			return fail("not HOST:PORT")
		}
		host, port = h, p
		if port == "" {
			return fail("empty port")
		}
	default:
		host = s
	}

	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil || n == 0 {
			return fail("port %q is not a number from 1 to 65535", port)
		}
		t.port = uint16(n)
	}
	if host == "" {
		return fail("no host")
	}
	if strings.Contains(host, ":") || bracketed {
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() {
			return fail("%q is not an IPv6 address", host)
		}
		if ip.Zone() != "" {
			return fail("IPv6 zones are not supported")
		}
		if err := scannable(ip); err != nil {
			return fail("%v", err)
		}
		t.ip = ip.Unmap()
		return t, nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := scannable(ip); err != nil {
			return fail("%v", err)
		}
		t.ip = ip
		return t, nil
	}
	name, err := parseHostName(host)
	if err != nil {
		return fail("%v", err)
	}
	t.name = name
	return t, nil
}

// scannable rejects addresses no TLS server can be reached at.
func scannable(ip netip.Addr) error {
	switch {
	case ip.IsUnspecified():
		return fmt.Errorf("%s is the unspecified address", ip)
	case ip.IsMulticast():
		return fmt.Errorf("%s is a multicast address", ip)
	}
	return nil
}

// parseHostName checks a DNS name and returns it in lower case, without a
// trailing dot (as server_name carries it).
func parseHostName(s string) (string, error) {
	name := strings.ToLower(strings.TrimSuffix(s, "."))
	if name == "" {
		return "", errors.New("empty host name")
	}
	if len(name) > 253 {
		return "", errors.New("host name longer than 253 characters")
	}
	allDigits := true
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return "", errors.New("empty label in host name")
		}
		if len(label) > 63 {
			return "", errors.New("host name label longer than 63 characters")
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "", fmt.Errorf("host name label %q starts or ends with a hyphen", label)
		}
		for _, r := range label {
			switch {
			case r >= '0' && r <= '9':
			case r >= 'a' && r <= 'z', r == '-', r == '_':
				allDigits = false
			case r > 0x7f:
				return "", errors.New("internationalized host name: give its ASCII form (xn--...)")
			default:
				return "", fmt.Errorf("invalid character %q in host name", r)
			}
		}
	}
	if allDigits {
		return "", fmt.Errorf("%q is not a valid IPv4 address", s)
	}
	return name, nil
}

// resolver looks up the addresses of a name; net.DefaultResolver is one.
type resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// resolve turns targets into endpoints: an IP literal into one, a name into
// one per address (IPv4 first, each family in address order). sni, when
// set, replaces the server name of every endpoint. Endpoints come out in
// target order, without duplicates. A name that does not resolve yields an
// error in errs and no endpoint. Up to parallel lookups run at once.
func resolve(ctx context.Context, res resolver, targets []target, sni string, parallel int) (eps []scanner.Endpoint, errs []error) {
	answers := make([]resolution, len(targets))
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for i, t := range targets {
		if t.name == "" {
			answers[i].addrs = []netip.Addr{t.ip}
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			answers[i] = lookup(ctx, res, t.name)
		})
	}
	wg.Wait()

	seen := make(map[scanner.Endpoint]bool)
	for i, t := range targets {
		if answers[i].err != nil {
			errs = append(errs, answers[i].err)
			continue
		}
		for _, ip := range answers[i].addrs {
			ep := scanner.Endpoint{Host: t.name, IP: ip, Port: t.port, Protocol: "tls", SNI: t.name, Source: "argument"}
			if t.name == "" {
				ep.Host = ip.String()
			}
			if sni != "" {
				ep.SNI = sni
			}
			if !seen[ep] {
				seen[ep] = true
				eps = append(eps, ep)
			}
		}
	}
	return eps, errs
}

// resolution is the answer for one target.
type resolution struct {
	addrs []netip.Addr
	err   error
}

// lookup returns the sorted, distinct addresses of name.
func lookup(ctx context.Context, res resolver, name string) (a resolution) {
	addrs, err := res.LookupNetIP(ctx, "ip", name)
	if err != nil {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.Err != "" {
			a.err = fmt.Errorf("cannot resolve %s: %s", name, dnsErr.Err)
		} else {
			a.err = fmt.Errorf("cannot resolve %s: %w", name, err)
		}
		return a
	}
	for _, ip := range addrs {
		if ip = ip.Unmap().WithZone(""); ip.IsValid() && scannable(ip) == nil {
			a.addrs = append(a.addrs, ip)
		}
	}
	if len(a.addrs) == 0 {
		a.err = fmt.Errorf("cannot resolve %s: no address", name)
		return a
	}
	slices.SortFunc(a.addrs, netip.Addr.Compare)
	a.addrs = slices.Compact(a.addrs)
	return a
}
