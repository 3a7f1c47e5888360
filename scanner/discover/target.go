package discover

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// TargetsHint says what a target looks like.
const TargetsHint = "a target is HOST, HOST:PORTS, IPv4, IPv6, [IPv6]:PORTS, CIDR, CIDR:PORTS, [IPv6-CIDR]:PORTS or SCHEME://HOST[:PORT]/ (https, smtps, imaps, smtp, imap, ...)"

// Input is one target as the user gave it: a command-line argument or a
// line of a targets file, parsed but not yet resolved. Exactly one of
// Name, Addr and Prefix is set.
type Input struct {
	Text   string       // as given
	Origin string       // where it was given: "argument", "file targets.txt:12", "stdin:3"
	Name   string       // DNS name, lower case, without trailing dot
	Addr   netip.Addr   // an IP address literal
	Prefix netip.Prefix // a CIDR range, masked
	Ports  []Port       // ports given with the target; nil means Config.Ports
	Scheme string       // URL scheme in lower case; empty when not a URL
}

// Bare reports whether the input is a host name with neither port nor
// scheme: the form DNS discovery applies to.
func (in Input) Bare() bool {
	return in.Name != "" && in.Ports == nil && in.Scheme == ""
}

// TargetError is a target that cannot be used, with where it was given and
// a hint for the user.
type TargetError struct {
	Origin string // "argument", "file targets.txt:12", "stdin:3"
	Text   string // the target as given
	Err    error
	Hint   string // what to do; never empty
}

func (e *TargetError) Error() string {
	if loc, ok := strings.CutPrefix(e.Origin, "file "); ok {
		return fmt.Sprintf("%s: target %q: %v", loc, e.Text, e.Err)
	}
	if strings.HasPrefix(e.Origin, "stdin:") {
		return fmt.Sprintf("%s: target %q: %v", e.Origin, e.Text, e.Err)
	}
	return fmt.Sprintf("target %q: %v", e.Text, e.Err)
}

func (e *TargetError) Unwrap() error { return e.Err }

// ParseTarget reads one target given as a command-line argument:
//
//	example.fr                      a host (DNS discovery applies when enabled)
//	example.fr:8443                 a host and port
//	example.fr:443,8443,2525/smtp   a host and a port list (see ParsePorts)
//	192.0.2.10, 192.0.2.10:993      an IPv4 address, with or without ports
//	2001:db8::1, [2001:db8::1]:443  an IPv6 address; with ports in brackets
//	192.0.2.0/28, 192.0.2.0/28:443,8443, 2001:db8::/120, [2001:db8::/120]:443
//	                                a CIDR range, with or without ports
//	https://example.fr:8443/path    a URL: the scheme gives the protocol and
//	                                default port (see Schemes)
//
// A port without a protocol gets the protocol of its well-known service
// (see PortProtocol): mx.example.fr:25 is SMTP with STARTTLS. Errors are
// *TargetError.
func ParseTarget(s string) (Input, error) {
	return parseTarget(s, "argument")
}

func parseTarget(s, origin string) (Input, error) {
	in, err := parseTargetText(s)
	if err != nil {
		te := &TargetError{Origin: origin, Text: s, Err: err, Hint: TargetsHint}
		var he hintedError
		if errors.As(err, &he) {
			te.Err, te.Hint = he.err, he.hint
		}
		return Input{}, te
	}
	in.Text, in.Origin = s, origin
	return in, nil
}

// hintedError carries a hint more precise than TargetsHint.
type hintedError struct {
	err  error
	hint string
}

func (e hintedError) Error() string { return e.err.Error() }

func parseTargetText(s string) (Input, error) {
	var in Input
	if s == "" {
		return in, errors.New("empty")
	}
	if strings.Contains(s, "://") {
		return parseURL(s)
	}
	var host, ports string
	bracketed := false
	switch {
	case strings.HasPrefix(s, "["):
		bracketed = true
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return in, errors.New("write an IPv6 address with a port as [ADDRESS]:PORT")
		}
		host = s[1:end]
		switch rest := s[end+1:]; {
		case rest == "":
		case rest == ":":
			return in, errors.New("empty port")
		case strings.HasPrefix(rest, ":"):
			ports = rest[1:]
		default:
			return in, errors.New("write an IPv6 address with a port as [ADDRESS]:PORT")
		}
	case isCIDR(s):
		host = s
		if strings.Count(s, ":") == 1 { // IPv4 range with ports
			host, ports, _ = strings.Cut(s, ":")
			if ports == "" {
				return in, errors.New("empty port")
			}
		}
	case strings.Count(s, ":") > 1:
		host = s // a bare IPv6 address or range
	case strings.Contains(s, ":"):
		host, ports, _ = strings.Cut(s, ":")
		if ports == "" {
			return in, errors.New("empty port")
		}
	default:
		host = s
	}
	if host == "" {
		return in, errors.New("no host")
	}
	if ports != "" {
		p, err := ParsePorts(ports)
		if err != nil {
			return in, err
		}
		in.Ports = p
	}

	if strings.Contains(host, "/") && (bracketed || isCIDR(host)) {
		prefix, err := parsePrefix(host, bracketed)
		if err != nil {
			return in, err
		}
		in.Prefix = prefix
		return in, nil
	}
	if strings.Contains(host, ":") || bracketed {
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() {
			return in, fmt.Errorf("%q is not an IPv6 address", host)
		}
		if ip.Zone() != "" {
			return in, errors.New("IPv6 zones are not supported")
		}
		ip = ip.Unmap()
		if err := scannable(ip); err != nil {
			return in, err
		}
		in.Addr = ip
		return in, nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := scannable(ip); err != nil {
			return in, err
		}
		in.Addr = ip
		return in, nil
	}
	name, err := ParseHostName(host)
	if err != nil {
		return in, err
	}
	in.Name = name
	return in, nil
}

// isCIDR reports whether s starts with an IP address followed by a slash,
// so that a host name with a stray slash gets the host-name error.
func isCIDR(s string) bool {
	addr, _, ok := strings.Cut(s, "/")
	if !ok {
		return false
	}
	_, err := netip.ParseAddr(addr)
	return err == nil
}

// parsePrefix reads a CIDR range. In brackets it must be IPv6.
func parsePrefix(s string, bracketed bool) (netip.Prefix, error) {
	addr, bits, _ := strings.Cut(s, "/")
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address", addr)
	}
	if ip.Zone() != "" {
		return netip.Prefix{}, errors.New("IPv6 zones are not supported")
	}
	if ip.Is6() && !bracketed && strings.Contains(bits, ":") {
		return netip.Prefix{}, errors.New("write an IPv6 range with ports as [RANGE]:PORTS")
	}
	if bracketed && !ip.Is6() {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv6 range: write an IPv4 range without brackets", s)
	}
	if ip.Is4In6() {
		return netip.Prefix{}, fmt.Errorf("%q is an IPv4-mapped range: write it in IPv4 form", s)
	}
	n, err := strconv.Atoi(bits)
	if err != nil || n < 0 || n > ip.BitLen() || strings.HasPrefix(bits, "+") {
		return netip.Prefix{}, fmt.Errorf("prefix length %q is not a number from 0 to %d", bits, ip.BitLen())
	}
	p, err := ip.Prefix(n)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR range", s)
	}
	if err := scannable(p.Addr()); err != nil && n == ip.BitLen() {
		return netip.Prefix{}, err
	}
	if p.Addr().IsMulticast() {
		return netip.Prefix{}, fmt.Errorf("%s is a multicast range", p)
	}
	return p, nil
}

// parseURL reads SCHEME://HOST[:PORT][/...].
func parseURL(s string) (Input, error) {
	var in Input
	u, err := url.Parse(s)
	if err != nil {
		if strings.Contains(s, "%") && strings.Contains(s, "[") {
			return in, errors.New("IPv6 zones are not supported")
		}
		return in, errors.New("not a valid URL")
	}
	scheme := strings.ToLower(u.Scheme)
	sch, ok := lookupScheme(scheme)
	if !ok {
		if scheme == "http" {
			return in, hintedError{
				fmt.Errorf("unsupported URL scheme %q", u.Scheme),
				"cryptoscan scans TLS; give https://HOST[:PORT]/ or HOST:PORT",
			}
		}
		return in, hintedError{
			fmt.Errorf("unsupported URL scheme %q", u.Scheme),
			"cryptoscan scans TLS; the URL schemes it knows are " + schemeNames(),
		}
	}
	if u.Host == "" {
		return in, errors.New("URL has no host")
	}
	host, port := u.Hostname(), u.Port()
	if strings.HasSuffix(u.Host, ":") {
		return in, errors.New("empty port")
	}
	in.Scheme = sch.Name
	in.Ports = []Port{{sch.Port, sch.Protocol}}
	if port != "" {
		n, err := parsePortNumber(port)
		if err != nil {
			return in, err
		}
		in.Ports[0].Number = n
	}
	if host == "" {
		return in, errors.New("URL has no host")
	}
	if strings.HasPrefix(u.Host, "[") {
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() {
			return in, fmt.Errorf("%q is not an IPv6 address", host)
		}
		if ip.Zone() != "" {
			return in, errors.New("IPv6 zones are not supported")
		}
		host = ip.Unmap().String()
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := scannable(ip); err != nil {
			return in, err
		}
		in.Addr = ip
		return in, nil
	}
	name, err := ParseHostName(host)
	if err != nil {
		return in, err
	}
	in.Name = name
	return in, nil
}

// scannable rejects addresses no server can be reached at.
func scannable(ip netip.Addr) error {
	switch {
	case ip.IsUnspecified():
		return fmt.Errorf("%s is the unspecified address", ip)
	case ip.IsMulticast():
		return fmt.Errorf("%s is a multicast address", ip)
	}
	return nil
}

// ParseHostName checks a DNS name and returns it in lower case, without a
// trailing dot (as server_name carries it). Underscores are allowed
// (_acme.example.fr); internationalised names must be given in their
// ASCII form.
func ParseHostName(s string) (string, error) {
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

// hostPort formats host and port for people, with brackets for IPv6.
func hostPort(host string, port uint16) string {
	return net.JoinHostPort(host, strconv.Itoa(int(port)))
}

func (e hintedError) Unwrap() error { return e.err }
