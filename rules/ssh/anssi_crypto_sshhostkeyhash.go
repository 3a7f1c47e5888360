package sshrules

import (
	"fmt"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-CRYPTO-SshHostKeyHash",
		Title:     "SSH host key signatures hash with SHA-2",
		Reference: b1Ref("RègleHash", "§2.2"),
		Severity:  rules.Medium,
		Description: "RègleHash applied to the signatures a server makes with its host key (cryptoscan's reading, reference " +
			"digest §3.1): the hash must have an output of at least 256 bits, and SHA-1 is not compliant. Graded on " +
			"every host key algorithm of the KEXINIT: ssh-rsa (RSA with SHA-1, RFC 4253), ssh-dss and their " +
			"certificate and X.509 forms fail, even though the OpenSSH guide predates the question and a client may " +
			"choose another algorithm: a server offering one signs its key exchanges with SHA-1 for any client that " +
			"asks. rsa-sha2-256 and rsa-sha2-512 " +
			"(RFC 8332), the ecdsa-sha2-* algorithms (SHA-256 to SHA-512 by curve) and ssh-ed25519 pass; Ed25519, not " +
			"named by the 2015 guide, is accepted with a note (SHA-512 inside, an order over 250 bits). A name cryptoscan " +
			"does not know warns. The signature a CA made on a host certificate is not observed and not graded.",
		Fix: "Drop ssh-rsa and ssh-dss from the server's host key algorithms (OpenSSH 8.8 and later do by default; " +
			"older: HostKeyAlgorithms rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519).",
		Reads:   reads(FactKexInit),
		Applies: hasSSH,
		Check:   checkSshHostKeyHash,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.HostKey("ssh-rsa", fixture.SSHKey{Type: "ssh-rsa", Bits: 3072}) // the RSA key, also offered for SHA-1 signatures
		}),
	})
}

func checkSshHostKeyHash(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	certs := false
	for _, n := range o.HostKeyAlgorithms {
		a, ok := hostKeyAlgByName(n)
		switch {
		case !ok:
			e.item(itemHostKey, n, 0, rules.Warn, "not in cryptoscan's registry: its signature hash cannot be graded")
		case a.hashBits < hashBits:
			e.item(itemHostKey, n, a.hashBits, rules.Fail, fmt.Sprintf("%s signatures with %s, a %d-bit hash below %d bits", a.key, a.hash, a.hashBits, hashBits))
		case a.key == keyEd25519 || a.key == keyEd448:
			e.note("%s: %s (hashing with %s inside) is not named by the OpenSSH guide (2015); accepted, its order exceeding 250 bits", n, a.key, a.hash)
		}
		certs = certs || ok && (a.cert || a.x509)
	}
	if certs {
		e.note("the hash a CA signed a host certificate with is not observed")
	}
	return e.finding("every host key algorithm offered signs with a hash of at least 256 bits", "host key signatures with SHA-1")
}
