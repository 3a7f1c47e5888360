// Package sshrules is the SSH rule family: the ANSSI OpenSSH guide
// (DAT-NT-007) recommendations a server shows before authentication
// (ANSSI-SSH-R1, R7, R8, R9, R10, R15), and the ANSSI crypto-mechanisms
// rules applied to its key exchange methods and host key signatures
// (ANSSI-CRYPTO-SshKex, ANSSI-CRYPTO-SshLongTermePQ,
// ANSSI-CRYPTO-SshHostKeyHash). One file per rule, named after its ID;
// this file holds what they share.
//
// The rules read scanner.Result.SSH and apply to every result that has
// one; the TLS, certificate and DNS families do not read it. The NT-007
// guide predates most of what OpenSSH offers today (AEAD ciphers, Ed25519,
// hybrid post-quantum key exchange) and says nothing of key exchange: the
// mapping onto it and onto the crypto-mechanisms rules is cryptoscan's
// reading (reference digest §3.1, tagged inference), and each rule's
// description says where it is read conservatively.
//
// The package is named sshrules, not ssh, so that it never shadows
// golang.org/x/crypto/ssh.
package sshrules

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/dns/dnsfact"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

var (
	guide = rules.SSHGuide
	b1    = rules.CryptoGuide
)

// sshRef is a reference to the ANSSI OpenSSH guide.
func sshRef(item, section string) rules.Reference {
	return rules.Reference{Document: guide.Name, Edition: guide.Edition, Item: item, Section: section}
}

// b1Ref is a reference to the ANSSI crypto-mechanisms guide.
func b1Ref(item, section string) rules.Reference {
	return rules.Reference{Document: b1.Name, Edition: b1.Edition, Item: item, Section: section}
}

// Facts of this family, for rules.Rule.Reads and evidence.
const (
	FactBanner        = fixture.FactSSHBanner
	FactKexInit       = fixture.FactSSHKexInit
	FactHostKeys      = fixture.FactSSHHostKeys
	FactGroupExchange = fixture.FactSSHGroupExchange
	FactAuth          = fixture.FactSSHAuth
	FactLegacy        = fixture.FactSSHLegacy
	FactAddress       = fixture.FactSSHAddress
	// FactSSHFP is the SSHFP set of the endpoint's name, a DNS fact.
	FactSSHFP = dnsfact.SSHFP
)

// reads declares the SSH facts a rule reads, under fixture.SSHCarrier.
func reads(kinds ...rules.FactKind) []rules.Fact {
	out := make([]rules.Fact, len(kinds))
	for i, k := range kinds {
		out[i] = rules.Fact{Kind: k, Version: fixture.SSHCarrier}
	}
	return out
}

// Evidence kinds of this family.
const (
	itemProtocol rules.ItemKind = "ssh_protocol"
	itemKex      rules.ItemKind = "ssh_kex"
	itemHostKey  rules.ItemKind = "ssh_host_key"
	itemCipher   rules.ItemKind = "ssh_cipher"
	itemMAC      rules.ItemKind = "ssh_mac"
	itemAuth     rules.ItemKind = "ssh_auth_method"
	itemLegacy   rules.ItemKind = "legacy_service"
	itemAddress  rules.ItemKind = "ssh_address"
	itemVerify   rules.ItemKind = "ssh_host_verification"
	itemSSHFP    rules.ItemKind = "sshfp"
)

// hasSSH is the Applies of every rule of the family: the endpoint was
// probed as SSH. A probe that read nothing still leaves an observation
// (no banner, the KEXINIT unknown), which the rules report incomplete.
func hasSSH(r *scanner.Result, _ rules.Context) bool { return r.SSH != nil }

// evidence gathers a rule's judged items, unknown facts and notes.
type evidence struct {
	ev rules.Evidence
}

func (e *evidence) item(kind rules.ItemKind, name string, bits int, st rules.Status, why string) {
	e.ev.Items = append(e.ev.Items, rules.Item{Kind: kind, Name: name, Bits: bits, Status: st, Why: why})
}

func (e *evidence) unknown(fact rules.FactKind, state string, reason scanner.Reason, detail string) {
	e.ev.Unknown = append(e.ev.Unknown, rules.UnknownFact{Fact: fact, State: state, Reason: reason, Detail: detail})
}

func (e *evidence) checked(fact rules.FactKind, state string, count int) {
	e.ev.Checked = append(e.ev.Checked, rules.Checked{Fact: fact, State: state, Count: count})
}

func (e *evidence) note(format string, args ...any) {
	e.ev.Notes = append(e.ev.Notes, fmt.Sprintf(format, args...))
}

// finding rolls the evidence up into the rule's finding.
func (e *evidence) finding(pass, offence string) []rules.Finding {
	return e.ev.FindingOrInfo(pass, offence, rules.ListItems)
}

// kexinit reads whether the server's KEXINIT is known, recording it: a
// KEXINIT the probe could not read, or an observation that records no
// list at all (nothing past the banner was read), is unknown, and every
// list with it.
func (e *evidence) kexinit(r *scanner.Result) bool {
	o := r.SSH
	if o.KexInit != nil {
		e.unknown(FactKexInit, "unknown", o.KexInit.Reason, "the server's KEXINIT: "+o.KexInit.Error())
		return false
	}
	if len(o.Kex) == 0 && len(o.HostKeyAlgorithms) == 0 && len(o.Ciphers) == 0 && len(o.MACs) == 0 {
		detail := "the observation records no KEXINIT list"
		var reason scanner.Reason
		if r.Error != nil {
			reason, detail = r.Error.Reason, detail+": "+r.Error.Error()
		}
		e.unknown(FactKexInit, "missing", reason, detail)
		return false
	}
	return true
}

// list reads one name-list of a known KEXINIT. RFC 4253 §7.1 lets none be
// empty (a server offering no cipher names "none"): an empty list is one
// the observation lacks, unknown.
func (e *evidence) list(what string, names []string) bool {
	if len(names) == 0 {
		e.unknown(FactKexInit, "missing", "", "the observation has no "+what+" list")
		return false
	}
	e.checked(FactKexInit, what+" listed", len(names))
	return true
}

// hostKey returns the key the observation records behind host key
// algorithm alg.
func hostKey(o *scanner.SSHObservation, alg string) (scanner.SSHHostKey, bool) {
	i := slices.IndexFunc(o.HostKeys, func(k scanner.SSHHostKey) bool { return k.Algorithm == alg })
	if i < 0 {
		return scanner.SSHHostKey{}, false
	}
	return o.HostKeys[i], true
}

// seenKey returns the key behind alg when it was seen; otherwise it
// records the key as unknown and returns false.
func (e *evidence) seenKey(o *scanner.SSHObservation, alg string) (scanner.SSHHostKey, bool) {
	k, ok := hostKey(o, alg)
	switch {
	case !ok:
		e.unknown(FactHostKeys, "missing", "", alg+": no host key recorded")
		return k, false
	case k.Status != scanner.Supported:
		detail := alg + ": host key not seen"
		if k.Detail != "" {
			detail += ": " + k.Detail
		}
		e.unknown(FactHostKeys, "unknown", k.Reason, detail)
		return k, false
	}
	return k, true
}

// keyOf is the kind of key behind host key algorithm alg: the registry's,
// or, for a name it does not hold, the type of the key seen under it (kind
// 0 for a type that is none of RSA, DSA, ECDSA and EdDSA). known is false
// when neither tells.
func keyOf(o *scanner.SSHObservation, alg string) (a hostKeyAlg, known bool) {
	if a, ok := hostKeyAlgByName(alg); ok {
		return a, true
	}
	if k, ok := hostKey(o, alg); ok && k.Status == scanner.Supported && k.Type != "" {
		kind, order, _ := keyTypeKind(k.Type)
		return hostKeyAlg{name: alg, key: kind, orderBits: order, cert: k.Certificate != nil}, true
	}
	return hostKeyAlg{name: alg}, false
}

// describeKey renders a host key for evidence: "RSA 3072 bits
// (SHA256:...)".
func describeKey(kind keyKind, bits int, fp string) string {
	s := kind.String()
	if bits > 0 {
		s += fmt.Sprintf(" %d bits", bits)
	}
	if fp != "" {
		s += " (" + fp + ")"
	}
	return s
}

// offered is a cipher or MAC offered in one direction or both.
type offered struct {
	name string
	c2s  bool // client to server
	s2c  bool // server to client
}

// directions lists the names of a client-to-server list and its
// server-to-client counterpart (nil: the same), in the order first seen.
func directions(c2s, s2c []string) []offered {
	var out []offered
	add := func(n string, toServer bool) {
		i := slices.IndexFunc(out, func(o offered) bool { return o.name == n })
		if i < 0 {
			out = append(out, offered{name: n})
			i = len(out) - 1
		}
		if toServer {
			out[i].c2s = true
		} else {
			out[i].s2c = true
		}
	}
	for _, n := range c2s {
		add(n, true)
		if s2c == nil {
			add(n, false)
		}
	}
	for _, n := range s2c {
		add(n, false)
	}
	return out
}

// where says in which direction a name is offered, for an item's reason:
// "" when in both.
func (o offered) where() string {
	switch {
	case o.c2s && o.s2c:
		return ""
	case o.c2s:
		return " (client to server only)"
	}
	return " (server to client only)"
}

// thresholds of the crypto-mechanisms rules that change after 2030.

// rsaMin is RègleFactorisation's modulus size for the context's year.
func rsaMin(ctx rules.Context) (int, *rules.Threshold) {
	t := &rules.Threshold{Bits: 2048, Year: ctx.Year(), Basis: "2048 bits up to 2030, 3072 from 2031 (RègleFactorisation)"}
	if ctx.Beyond2030() {
		t.Bits = 3072
	}
	return t.Bits, t
}

// dhMin is RègleLogp's modulus size for the context's year.
func dhMin(ctx rules.Context) (int, *rules.Threshold) {
	t := &rules.Threshold{Bits: 2048, Year: ctx.Year(), Basis: "2048 bits up to 2030, 3072 from 2031 (RègleLogp)"}
	if ctx.Beyond2030() {
		t.Bits = 3072
	}
	return t.Bits, t
}

// ecOrderBits is RègleECp's minimum subgroup order (v2.04).
const ecOrderBits = 250

// hashBits is RègleHash's minimum output size (v2.04).
const hashBits = 256

// legacy returns the entries of the legacy service ports for services, in
// port order, recording as unknown a port the probe did not establish and
// a service it did not ask about.
func (e *evidence) legacy(r *scanner.Result, services ...string) []scanner.LegacyService {
	o := r.SSH
	if o.LegacyServices == nil {
		e.unknown(FactLegacy, "not_tested", scanner.ReasonNotTested, "the ports of "+strings.Join(services, ", ")+" on the server's address were not asked")
		return nil
	}
	var out []scanner.LegacyService
	for _, svc := range services {
		n := 0
		for _, l := range o.LegacyServices {
			if l.Service != svc {
				continue
			}
			n++
			if l.State == scanner.PortUnknown || l.State == "" {
				e.unknown(FactLegacy, "unknown", l.Reason, fmt.Sprintf("port %d (%s): %s", l.Port, svc, l.Detail))
				continue
			}
			out = append(out, l)
		}
		if n == 0 {
			e.unknown(FactLegacy, "not_tested", scanner.ReasonNotTested, "no port of "+svc+" was asked")
		}
	}
	slices.SortFunc(out, func(a, b scanner.LegacyService) int { return int(a.Port) - int(b.Port) })
	return out
}

// portName renders a legacy service's port for evidence: "23/tcp (telnet)".
func portName(l scanner.LegacyService) string {
	return fmt.Sprintf("%d/tcp (%s)", l.Port, l.Service)
}

// openService grades an open legacy service port: offence when the
// service identified itself, a warning when the port only accepted a
// connection (another service may use it: syslog over TCP on 514).
func (e *evidence) openService(l scanner.LegacyService, offence string) {
	if l.Confirmed {
		why := offence
		if l.Banner != "" {
			why += fmt.Sprintf(" (it sent %q)", l.Banner)
		}
		e.item(itemLegacy, portName(l), 0, rules.Fail, why)
		return
	}
	why := "accepted a connection without identifying itself"
	if l.Banner != "" {
		why = fmt.Sprintf("accepted a connection and sent %q, not %s's own answer", l.Banner, l.Service)
	}
	e.item(itemLegacy, portName(l), 0, rules.Warn, why+": check what listens there ("+l.Service+" uses this port)")
}

// closedPorts lists the ports that refused or did not answer, for a
// passing message: "23/tcp closed, 513/tcp filtered".
func closedPorts(ls []scanner.LegacyService) string {
	var parts []string
	for _, l := range ls {
		if l.State != scanner.PortOpen {
			parts = append(parts, fmt.Sprintf("%d/tcp %s", l.Port, l.State))
		}
	}
	return strings.Join(parts, ", ")
}

// address reads the endpoint's address, recording it as unknown when the
// result has none.
func (e *evidence) address(r *scanner.Result) (netip.Addr, bool) {
	ip := r.Endpoint.IP.Unmap()
	if !ip.IsValid() {
		e.unknown(FactAddress, "missing", "", "the result records no address for the endpoint")
		return ip, false
	}
	e.checked(FactAddress, "recorded", 1)
	return ip, true
}

// notPublic are the ranges of the IANA special-purpose address registries
// (RFC 6890 and its updates) that are not globally reachable, beside those
// netip classifies (loopback, private, link-local, multicast, unspecified).
var notPublic = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "\"this network\" (RFC 791)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared address space (RFC 6598, carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments (RFC 6890)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation (RFC 5737)"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking (RFC 2544)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation (RFC 5737)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation (RFC 5737)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (RFC 1112)"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation (RFC 3849)"},
	{netip.MustParsePrefix("100::/64"), "discard-only (RFC 6666)"},
}

// addressScope says whether ip is public (globally reachable), and if not
// what it is.
func addressScope(ip netip.Addr) (public bool, what string) {
	switch {
	case ip.IsLoopback():
		return false, "a loopback address"
	case ip.IsPrivate():
		if ip.Is4() {
			return false, "a private address (RFC 1918)"
		}
		return false, "a unique local address (RFC 4193)"
	case ip.IsLinkLocalUnicast():
		return false, "a link-local address"
	case !ip.IsGlobalUnicast():
		return false, "not a unicast address"
	}
	for _, p := range notPublic {
		if p.prefix.Contains(ip) {
			return false, "a " + p.what + " address"
		}
	}
	return true, "a public address"
}

// answered reads whether an SSH server answered on the endpoint (an
// identification string naming a protocol version was read), recording it
// as unknown otherwise.
func (e *evidence) answered(r *scanner.Result) bool {
	if r.SSH.ProtoVersion != "" {
		return true
	}
	var reason scanner.Reason
	detail := "no SSH identification string was read: whether an SSH server listens there is not known"
	if r.Error != nil {
		reason, detail = r.Error.Reason, detail+" ("+r.Error.Error()+")"
	}
	e.unknown(FactBanner, "missing", reason, detail)
	return false
}
