package sshrules

import (
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R17",
		Title:     "User authentication by key, password last",
		Reference: sshRef("R17", "§4.3.1"),
		Severity:  rules.High,
		Description: "User authentication methods, in order of preference: ECDSA keys, RSA keys, Kerberos/GSSAPI, PAM or BSD " +
			"Auth modules that do not expose the password (one-time passwords), and last a password. Once a key exchange " +
			"is complete the probe sends one \"none\" authentication request (RFC 4252 §5.2) for the user \"cryptoscan\" " +
			"(not a real account; it names the scanner in the server's logs) and reads the methods the server lists; no " +
			"credential is ever sent. A server that lets that user in without authentication fails. publickey and " +
			"gssapi-with-mic pass. password warns (R17 tolerates it last; on an administration endpoint keys are " +
			"expected), and so does keyboard-interactive, which may be a one-time-password module (R17's fourth choice) " +
			"or a password prompt: the network cannot tell them apart. hostbased, and any method R17 does not name, " +
			"warn. These are cryptoscan's readings of a recommendation that orders methods rather than forbids them. " +
			"The methods are those offered to an unknown user: sshd Match blocks may offer real users others. An " +
			"answer the probe could not read leaves the rule incomplete.",
		Fix:     "In sshd_config: PasswordAuthentication no, KbdInteractiveAuthentication no (unless it serves one-time passwords), PubkeyAuthentication yes; or AuthenticationMethods publickey.",
		Reads:   reads(FactAuth),
		Applies: hasSSH,
		Check:   checkR17,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.Auth("publickey", "password")
		}),
	})
}

// authMethods grades the user authentication methods R17 knows.
var authMethods = map[string]struct {
	st  rules.Status
	why string
}{
	"publickey":            {rules.Pass, "key authentication, R17's first choice"},
	"gssapi-with-mic":      {rules.Pass, "Kerberos/GSSAPI, R17's third choice"},
	"gssapi-keyex":         {rules.Pass, "Kerberos/GSSAPI key exchange, R17's third choice"},
	"password":             {rules.Warn, "password authentication, R17's last resort"},
	"keyboard-interactive": {rules.Warn, "a one-time-password module (R17's fourth choice) or a password prompt: not distinguishable from the network"},
	"hostbased":            {rules.Warn, "trusts the client host's key for its users, a method R17 does not name"},
}

func checkR17(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	a := r.SSH.Auth
	switch {
	case a == nil:
		e.unknown(FactAuth, "not_tested", scanner.ReasonNotTested, "no \"none\" authentication request was sent")
		return e.finding("", "")
	case a.Unknown != nil:
		e.unknown(FactAuth, "unknown", a.Unknown.Reason, "the answer to the \"none\" authentication request: "+a.Unknown.Error())
		return e.finding("", "")
	case a.NoneAccepted:
		e.item(itemAuth, "none", 0, rules.Fail, "the server let the user \""+a.User+"\" in without any authentication")
		return e.finding("", "authentication not required")
	}
	e.checked(FactAuth, "methods listed", len(a.Methods))
	for _, m := range a.Methods {
		g, ok := authMethods[m]
		if !ok {
			g.st, g.why = rules.Warn, "a method R17 does not name"
		}
		e.item(itemAuth, m, 0, g.st, g.why)
	}
	if len(a.Methods) == 0 {
		e.note("the server lists no method for the user %q: nobody can log in under that name", a.User)
	}
	pass := "the server offers only " + strings.Join(a.Methods, ", ") + " to the user \"" + a.User + "\""
	if len(a.Methods) == 0 {
		pass = "the server offers no authentication method to the user \"" + a.User + "\""
	}
	return e.finding(pass, "authentication methods R17 puts last or does not name")
}
