package tlsprobe

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// FoundationOnly returns cfg without the probes past the ServerHello, for
// the benchmark that counts what they cost.
func FoundationOnly(cfg Config) Config {
	cfg.foundationOnly = true
	return cfg
}

// Traced returns cfg with every connection of the scan written to log,
// one line each: when it started (milliseconds since the call to Traced)
// and how long it took, what was offered and what came back.
func Traced(cfg Config, log func(string)) Config {
	t0 := time.Now()
	cfg.trace = func(kind string, hello []byte, o *outcome, start time.Time) {
		at := start.Sub(t0)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		log(fmt.Sprintf("%-5d %7.1f %6.1f  %-26s -> %s", o.seqStart, ms(at), ms(time.Since(start)), describeHello(kind, hello), describeOutcome(o)))
	}
	return cfg
}

// describeHello sums up a hello: version, suites and groups offered.
func describeHello(kind string, hello []byte) string {
	if hello == nil {
		return kind
	}
	if len(hello) > 2 && hello[0]&0x80 != 0 {
		return "SSLv2 hello"
	}
	// The handshake message, out of its records.
	var msg []byte
	for rest := hello; len(rest) >= 5; {
		n := int(rest[3])<<8 | int(rest[4])
		if len(rest) < 5+n {
			break
		}
		msg = append(msg, rest[5:5+n]...)
		rest = rest[5+n:]
	}
	var ch clientHello
	if !ch.unmarshal(msg) {
		return "unparsable hello"
	}
	v := scanner.Version(ch.vers)
	if len(ch.supportedVersions) > 0 {
		v = scanner.Version(ch.supportedVersions[0])
	}
	list := func(codes []uint16, name func(uint16) string) string {
		if len(codes) > 4 {
			return fmt.Sprintf("%d", len(codes))
		}
		var names []string
		for _, c := range codes {
			names = append(names, name(c))
		}
		return "[" + strings.Join(names, " ") + "]"
	}
	return fmt.Sprintf("%s suites=%s groups=%s", v, list(ch.cipherSuites, sname), list(ch.supportedGroups, GroupName))
}

func describeOutcome(o *outcome) string {
	s := o.String()
	cs, ok := SuiteByCode(scanner.Code(o.sh.cipherSuiteOr0()))
	if len(o.ske) == 0 || !ok {
		return s
	}
	v := o.version()
	switch cs.Kx {
	case KxECDHE, KxECDHEPSK:
		if p, ok := parseECDHEParams(o.ske, v, cs.Kx == KxECDHE && cs.Auth != AuthNULL); ok {
			s += " group " + GroupName(p.group)
		}
	case KxDHE, KxDHExport, KxDHEPSK:
		if p, ok := parseDHEParams(o.ske, v, cs.Kx != KxDHEPSK && cs.Auth != AuthNULL); ok {
			prime := new(big.Int).SetBytes(p.p)
			s += fmt.Sprintf(" DH %d bits %s", prime.BitLen(), knownDHGroup(prime))
		}
	}
	return s
}

func (m *serverHello) cipherSuiteOr0() uint16 {
	if m == nil {
		return 0
	}
	return m.cipherSuite
}

// RecommendedSuite and ComplianceGroup are the compliance depth's plan:
// what it does not offer as an offence, and the groups it enumerates.
var (
	RecommendedSuite = recommendedSuite
	ComplianceGroup  = complianceGroup
)
