package sshprobe

import (
	"context"
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/scanner"
)

// The "none" user authentication request (RFC 4252, Section 5.2): the
// answer lists the methods that can continue, which is what ANSSI's
// OpenSSH guide (R17, preferred user authentication methods) is about. It
// rides on the first host key exchange's connection (hostkeys.go,
// exchangeHostKey): no connection of its own, and no credential.

// DefaultAuthUser is the user name of the "none" request when
// Config.AuthUser is empty. It names the scanner in the server's logs
// (OpenSSH logs "Invalid user cryptoscan from ADDRESS") and is no
// account: a server answers an unknown user with the methods it offers
// everyone (OpenSSH does, so as not to tell which users exist).
const DefaultAuthUser = "cryptoscan"

// maxAuthMethods bounds the method list a server may answer: a hostile
// server could otherwise fill a report with a list as long as a packet.
// RFC 4252 defines five methods and OpenSSH offers at most six.
const maxAuthMethods = 32

// authFact is the fact of the answer a, for user.
func (s *endpointScan) authFact(ctx context.Context, user string, a *noneAnswer) *scanner.SSHAuth {
	f := &scanner.SSHAuth{User: user}
	switch {
	case a.accepted:
		f.NoneAccepted = true
	case a.err != nil:
		f.Unknown = &scanner.Unknown{Reason: s.authReason(ctx, a.err), Detail: "no answer to the \"none\" request: " + a.err.Error()}
	default:
		methods, err := checkMethods(a.methods)
		if err != nil {
			f.Unknown = &scanner.Unknown{Reason: scanner.ReasonMalformed, Detail: err.Error()}
			break
		}
		f.Methods = methods
	}
	return f
}

// checkMethods checks the name-list of an SSH_MSG_USERAUTH_FAILURE as
// readNameList checks the KEXINIT's (x/crypto only splits it at commas):
// names of 1 to 64 printable characters, and at most maxAuthMethods.
// An empty list is nil.
func checkMethods(methods []string) ([]string, error) {
	if len(methods) > maxAuthMethods {
		return nil, malformed("the server lists %d authentication methods, more than %d", len(methods), maxAuthMethods)
	}
	for _, m := range methods {
		if !validName([]byte(m)) {
			return nil, malformed("the server's authentication methods include an invalid name: %q", printable([]byte(cut(strings.Join(methods, ","), 200))))
		}
	}
	if len(methods) == 0 {
		return nil, nil
	}
	return methods, nil
}

// cut shortens s to at most n bytes.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// authReason is classify's reason for what ended the "none" exchange,
// with x/crypto's SSH_MSG_DISCONNECT (a type of its own, unexported, so
// known by its message) read as a close, as the probe reads its own.
func (s *endpointScan) authReason(ctx context.Context, err error) scanner.Reason {
	if ctx.Err() == nil && strings.Contains(err.Error(), "ssh: disconnect, reason ") {
		return scanner.ReasonClosed
	}
	return s.classify(ctx, err)
}

// noAuthExchange is the fact when no x/crypto key exchange could carry
// the "none" request: why is the reason no exchange was run.
func noAuthExchange(user, why string) *scanner.SSHAuth {
	return &scanner.SSHAuth{User: user, Unknown: &scanner.Unknown{Reason: scanner.ReasonNotTested,
		Detail: fmt.Sprintf("the \"none\" request is sent after a key exchange, and none was run: %s", why)}}
}
