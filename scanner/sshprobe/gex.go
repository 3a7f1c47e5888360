package sshprobe

import (
	"context"
	"slices"
	"time"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// The group exchange request: RFC 4419, Section 3. Asking for 1024 bits at
// least and preferably shows a modulus below 2048 bits when the server has
// one (OpenSSH raises the request to 2048 and, with no suitable modulus,
// falls back to a group sized by the maximum, so the answer is not always
// its smallest); 8192 is the largest OpenSSH's own client asks for (`ssh
// -vv`: SSH2_MSG_KEX_DH_GEX_REQUEST(2048<8192<8192)).
var gexAsk = kexDHGexRequest{min: 1024, n: 1024, max: 8192}

// Group exchange methods, the SHA-256 one first: the probe asks the
// first the server offers (RFC 4419, Section 4; RFC 8270).
var gexMethods = []string{"diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1"}

// maxSkipped bounds the messages a probe passes over while waiting for the
// one it expects (SSH_MSG_IGNORE, SSH_MSG_DEBUG, a guessed key exchange
// packet): RFC 4253, Section 11.2 lets a server send IGNORE at any time.
const maxSkipped = 8

// gexMethod is the group exchange method the probe asks, or "" when the
// server offers none.
func gexMethod(kex []string) string {
	for _, m := range gexMethods {
		if slices.Contains(kex, m) {
			return m
		}
	}
	return ""
}

// groupExchange opens one connection and asks for a group: our KEXINIT
// offers only the group exchange method and, for everything else, the
// server's own first choice, so that negotiation cannot fail on anything
// but the method; then KEX_DH_GEX_REQUEST, and the modulus of the
// KEX_DH_GEX_GROUP answer is the fact. The exchange stops there.
func (s *endpointScan) groupExchange(ctx context.Context, method string) *scanner.SSHGroupExchange {
	gx := &scanner.SSHGroupExchange{Algorithm: method}
	fail := func(err error) *scanner.SSHGroupExchange {
		gx.Status, gx.Reason, gx.Detail = scanner.StatusUnknown, s.classify(ctx, err), err.Error()
		s.d.CountError()
		return gx
	}
	sess, err := s.open(ctx)
	if err != nil {
		return fail(err)
	}
	defer sess.conn.Close()
	stop := context.AfterFunc(ctx, func() { sess.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if sess.banner.ssh1Only() || sess.kexinit == nil {
		gx.Status, gx.Reason, gx.Detail = scanner.StatusUnknown, scanner.ReasonNotTested, "the server sent no KEXINIT on this connection"
		return gx
	}
	sk := sess.kexinit
	ours := kexInit{
		kexAlgos:        []string{method},
		hostKeyAlgos:    firstOf(sk.hostKeyAlgos),
		ciphersCtoS:     firstOf(sk.ciphersCtoS),
		ciphersStoC:     firstOf(sk.ciphersStoC),
		macsCtoS:        firstOf(sk.macsCtoS),
		macsStoC:        firstOf(sk.macsStoC),
		compressionCtoS: firstOf(sk.compressionCtoS),
		compressionStoC: firstOf(sk.compressionStoC),
		languagesCtoS:   []string{},
		languagesStoC:   []string{},
	}
	if err := s.readRand(ours.cookie[:]); err != nil {
		return fail(err)
	}
	var out []byte
	for _, m := range []interface{ marshal() ([]byte, error) }{&ours, &gexAsk} {
		payload, err := m.marshal()
		if err != nil {
			return fail(err)
		}
		pkt, err := marshalPacket(payload, s.rand)
		if err != nil {
			return fail(err)
		}
		out = append(out, pkt...)
	}
	s.setDeadline(sess.conn)
	if _, err := sess.conn.Write(out); err != nil {
		return fail(err)
	}
	guess := sk.firstKexFollows
	for range maxSkipped {
		pkt, err := readPacket(sess.br)
		if err != nil {
			return fail(err)
		}
		switch typ := pkt.payload[0]; {
		case typ == msgKexDHGexGroup:
			var g kexDHGexGroup
			if !g.unmarshal(pkt.payload) {
				return fail(malformed("KEX_DH_GEX_GROUP does not parse"))
			}
			if g.p.Sign() == 0 {
				return fail(malformed("KEX_DH_GEX_GROUP has a zero modulus"))
			}
			gx.Status, gx.Bits = scanner.Supported, g.p.BitLen()
			return gx
		case typ == msgDisconnect:
			return fail(disconnected(pkt.payload))
		case typ == msgIgnore, typ == msgDebug, typ == msgUnimplemented:
		case guess:
			// RFC 4253, Section 7: the server's guessed first key
			// exchange packet, wrong since we chose another method.
			guess = false
		default:
			return fail(malformed("expected KEX_DH_GEX_GROUP (31), got message %d", typ))
		}
	}
	return fail(malformed("no KEX_DH_GEX_GROUP in the first %d messages", maxSkipped))
}

// firstOf is the first name of a list, as a list; empty for an empty list.
func firstOf(names []string) []string {
	if len(names) == 0 {
		return []string{}
	}
	return names[:1]
}
