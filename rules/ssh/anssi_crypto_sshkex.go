package sshrules

import (
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-SshKex",
		Title:     "SSH key exchange methods meet the crypto-mechanisms rules",
		Reference: b1Ref("RègleLogp / RègleECp / RègleHash", "§2.2–§2.3"),
		Severity:  rules.High,
		Description: "The OpenSSH guide says nothing of key exchange, so every method of the KEXINIT is graded against the " +
			"crypto-mechanisms rules (cryptoscan's reading, reference digest §3.1). RègleLogp: a finite-field group of " +
			"at least 2048 bits up to the end of 2030 and 3072 bits beyond (from 2031, or with a horizon beyond 2030): " +
			"diffie-hellman-group1-sha1 (1024 bits) fails, diffie-hellman-group14-sha256 (2048 bits) passes until the end " +
			"of 2030 and fails beyond, groups 15 to 18 pass; diffie-hellman-group-exchange is graded on the modulus the " +
			"server gives a client asking for 1024 bits (at most 8192), which shows any modulus below 2048 bits " +
			"(incomplete when none was seen). Beyond 2030 an 8192-bit answer, the maximum asked, is incomplete too: " +
			"OpenSSH gives it from its fixed fallback groups when its moduli file has nothing suitable, and then gives " +
			"a 2048-bit group to a client asking for at most 3072 bits. RègleHash: an " +
			"exchange hash of at least 256 bits, so the SHA-1 methods (diffie-hellman-group1-sha1, group14-sha1, " +
			"group-exchange-sha1) fail, and so do the SHA-224 ones. RègleECp: a curve whose subgroup order has at least " +
			"250 bits: ecdh-sha2-nistp256, nistp384 and nistp521 pass, and so do curve25519-sha256 (also under its " +
			"libssh.org name) and curve448-sha512, which the guide does not name but whose orders exceed 250 bits; " +
			"nistp224 and nistp192 fail. The post-quantum hybrids (sntrup761x25519-sha512, mlkem768x25519-sha256, " +
			"mlkem768nistp256-sha256, mlkem1024nistp384-sha384) pass on their classical part, and " +
			"ANSSI-CRYPTO-SshLongTermePQ reports whether one is offered. A method cryptoscan does not know warns, " +
			"named; the ext-info and strict-kex markers are not methods and are not graded.",
		Fix: "In sshd_config: KexAlgorithms mlkem768x25519-sha256,sntrup761x25519-sha512@openssh.com,curve25519-sha256," +
			"ecdh-sha2-nistp256,ecdh-sha2-nistp384,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512 (keep " +
			"group exchange only with /etc/ssh/moduli entries of 3072 bits or more).",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkSshKex,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.AddKex("diffie-hellman-group14-sha1")
		}),
	})
}

// gexAskedMax is the largest modulus the probe's group exchange request
// accepts (scanner.SSHGroupExchange: min 1024, preferred 1024, max 8192).
const gexAskedMax = 8192

func checkSshKex(r *scanner.Result, ctx rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("key exchange", o.Kex) {
		return e.finding("", "")
	}
	min, t := dhMin(ctx)
	e.ev.Threshold = t
	var markers []string
	for _, n := range o.Kex {
		k, ok := kexByName(n)
		if !ok {
			e.item(itemKex, n, 0, rules.Warn, "not in cryptoscan's registry: its group, curve and exchange hash cannot be graded")
			continue
		}
		if k.kind == kexMarker {
			markers = append(markers, n)
			continue
		}
		st, bits, whys := rules.Pass, 0, []string(nil)
		fail := func(why string) { st, whys = rules.Fail, append(whys, why) }
		if k.hashBits < hashBits {
			fail(fmt.Sprintf("RègleHash: %s exchange hash, %d bits, below %d", k.hash, k.hashBits, hashBits))
		}
		switch k.kind {
		case kexFFDH:
			bits = k.groupBits
			if k.groupBits < min {
				fail(fmt.Sprintf("RègleLogp: %d-bit group (%s), below %d bits", k.groupBits, k.group, min))
			} else if k.groupBits < 3072 && st == rules.Pass {
				e.note("%s: %d-bit group, compliant until the end of 2030 (3072 bits from 2031)", n, k.groupBits)
			}
		case kexGEX:
			g := o.GroupExchange
			switch {
			case g != nil && g.Status == scanner.Supported && g.Bits > 0:
				bits = g.Bits
				switch {
				case g.Bits < min:
					fail(fmt.Sprintf("RègleLogp: the server gives a %d-bit modulus to a client asking for 1024 bits, below %d bits", g.Bits, min))
				case min > 2048 && g.Bits >= gexAskedMax:
					e.unknown(FactGroupExchange, "partial", "", fmt.Sprintf("%s: the server gave a %d-bit modulus, the maximum asked, "+
						"as OpenSSH does from its fallback groups when its moduli file has none suitable; a client asking for at most "+
						"3072 bits would then get 2048 bits (the probe shows a modulus below 2048 bits, not one below %d)", n, g.Bits, min))
				default:
					e.note("%s: a client asking for 1024 bits is given a %d-bit modulus (asked with %s)", n, g.Bits, g.Algorithm)
				}
			case g == nil:
				e.unknown(FactGroupExchange, "missing", "", n+" offered: the size of the server's group exchange moduli was not recorded")
			default:
				detail := n + " offered: the server's group exchange gave no modulus"
				if g.Detail != "" {
					detail += ": " + g.Detail
				}
				e.unknown(FactGroupExchange, "unknown", g.Reason, detail)
			}
		case kexECDH, kexHybrid:
			bits = k.orderBits
			if k.orderBits < ecOrderBits {
				fail(fmt.Sprintf("RègleECp: %s, a %d-bit subgroup order, below %d bits", k.curve, k.orderBits, ecOrderBits))
			}
			if k.kind == kexHybrid {
				e.note("%s: post-quantum hybrid (%s with %s)", n, k.pq, k.curve)
			}
		}
		if st != rules.Pass {
			e.item(itemKex, n, bits, st, strings.Join(whys, "; "))
		}
	}
	if len(markers) > 0 {
		e.note("not key exchange methods, not graded: %s", strings.Join(markers, ", "))
	}
	return e.finding("every key exchange method offered meets RègleLogp, RègleECp and RègleHash",
		"key exchange methods below the crypto-mechanisms rules")
}
