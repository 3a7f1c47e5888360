package sshrules

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/rules/fixture"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
)

func init() {
	register(&rules.Rule{
		ID:        "ANSSI-SSH-R6",
		Title:     "Clients can verify the host key",
		Reference: sshRef("R6", "§4.1.1"),
		Severity:  rules.Medium,
		Description: "A client must verify the server's legitimacy (its host key fingerprint, or a certificate) before going " +
			"on. What a server can publish for that, and the network can see, is a host certificate (clients trusting its " +
			"CA verify the key) or SSHFP records (RFC 4255) validated by DNSSEC (R31). Either passes: a host certificate " +
			"offered, or an SSH-256 (type 2) SSHFP record matching each host key served, with the resolver's AD bit. An " +
			"SSHFP record of a key's algorithm that matches no key served fails: stale records, which make clients that " +
			"check DNS reject the server or learn to ignore the warning. With neither, the finding is information: " +
			"clients may still verify against fingerprints distributed another way (known_hosts managed centrally), " +
			"which the network does not show; the finding lists the fingerprints to distribute. SHA-1 (type 1) records " +
			"are not compared (noted). An SSHFP lookup not answered leaves the rule incomplete, and so does a host key not " +
			"seen that may be a certificate or that SSHFP records may name (one that can be neither changes nothing); an " +
			"address target has no name to look up.",
		Fix:     "Publish SSHFP records in a DNSSEC-signed zone (ssh-keygen -r HOST prints them; keep SHA-256 ones) or sign the host keys with an SSH CA (ssh-keygen -s ca -h) and distribute the CA as @cert-authority to clients.",
		Reads:   append(reads(FactKexInit, FactHostKeys), reads(FactSSHFP)...),
		Applies: hasSSH,
		Check:   checkR6,
		Fixtures: compliantWith(func(b *fixture.SSHBuilder) *fixture.SSHBuilder {
			return b.SSHFP(true, fixture.SSHFPFor(fixture.SSHKey{Type: "ecdsa-sha2-nistp256", Bits: 256}),
				fixture.SSHFPFor(fixture.SSHKey{Type: "ssh-rsa", Bits: 2048}))
		}),
	})
}

// keyAlgorithm is the SSHFP algorithm number of a host key type; 0 when
// there is none.
func keyAlgorithm(keyType string) uint8 {
	a, _ := dnsprobe.SSHFPAlgorithmForKey(keyType)
	return a.Number
}

// sha256Hex is a key's ssh-keygen SHA-256 fingerprint as an SSHFP record
// writes it (lower-case hex); "" when it does not decode.
func sha256Hex(fp string) string {
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(fp, "SHA256:"))
	if err != nil || len(b) != 32 {
		return ""
	}
	return hex.EncodeToString(b)
}

// servedKeys are the distinct host keys the observation saw (a key shown
// under several algorithms once), with the first algorithm showing each,
// the host certificates seen, and the algorithms whose key was not seen.
func servedKeys(o *scanner.SSHObservation) (keys, certs []scanner.SSHHostKey, unseen []string) {
	seen := map[string]bool{}
	for _, alg := range o.HostKeyAlgorithms {
		k, ok := hostKey(o, alg)
		switch {
		case !ok || k.Status != scanner.Supported:
			unseen = append(unseen, alg)
		case k.Certificate != nil:
			certs = append(certs, k)
		case !seen[k.SHA256]:
			seen[k.SHA256] = true
			keys = append(keys, k)
		}
	}
	return keys, certs, unseen
}

func checkR6(r *scanner.Result, _ rules.Context) []rules.Finding {
	var e evidence
	o := r.SSH
	if !e.kexinit(r) || !e.list("host key algorithm", o.HostKeyAlgorithms) {
		return e.finding("", "")
	}
	keys, certs, unseen := servedKeys(o)
	for _, c := range certs {
		e.item(itemVerify, c.Algorithm, 0, rules.Pass, "a host certificate signed by the CA "+c.Certificate.CASHA256)
	}
	byDNS := false
	switch {
	case r.DNS == nil:
		e.note("no host name to look up SSHFP records for (an address target)")
	case r.DNS.SSHFP == nil:
		e.unknown(FactSSHFP, "not_tested", scanner.ReasonNotTested, "the SSHFP records of "+r.DNS.Name+" were not asked")
	case r.DNS.SSHFP.Lookup.State == dnsprobe.Unknown:
		u := r.DNS.SSHFP.Lookup.Unknown
		e.unknown(FactSSHFP, "unknown", scanner.Reason(u.Reason), "the SSHFP records of "+r.DNS.Name+": "+u.Error())
	case r.DNS.SSHFP.Lookup.State == dnsprobe.Absent:
		e.note("%s has no SSHFP records", r.DNS.Name)
	default:
		byDNS = e.matchSSHFP(r.DNS.Name, r.DNS.SSHFP, keys)
	}
	// A key not seen matters when it may be a host certificate, or when
	// SSHFP records may name it; otherwise it changes nothing here.
	records := r.DNS != nil && r.DNS.SSHFP != nil && r.DNS.SSHFP.Lookup.State == dnsprobe.Present
	for _, alg := range unseen {
		if a, known := keyOf(o, alg); records || !known || a.cert || len(keys)+len(certs) == 0 {
			e.seenKey(o, alg) // records why it is unknown
		} else {
			e.note("the key behind %s was not seen (its fingerprint is not listed)", alg)
		}
	}
	if len(certs) == 0 && !byDNS && len(keys) > 0 {
		var fps []string
		for _, k := range keys {
			fps = append(fps, k.Type+" "+k.SHA256)
		}
		e.item(itemVerify, "host keys", 0, rules.Info, "no host certificate and no validated SSHFP record: clients must check these fingerprints another way: "+strings.Join(fps, ", "))
	}
	return e.finding("clients can verify the host key (host certificate or validated SSHFP records)", "host key verification")
}

// matchSSHFP compares the SHA-256 SSHFP records of name with the keys
// served: a record of a served key's algorithm matching none of them
// fails. It reports whether every served key has a matching record and
// the resolver validated the set.
func (e *evidence) matchSSHFP(name string, set *dnsprobe.SSHFPSet, keys []scanner.SSHHostKey) bool {
	matched := map[string]bool{}
	sha1Only := map[uint8]bool{}
	for _, rec := range set.Records {
		if rec.Type != 2 {
			sha1Only[rec.Algorithm] = true
			continue
		}
		hit := false
		for _, k := range keys {
			if keyAlgorithm(k.Type) == rec.Algorithm && sha256Hex(k.SHA256) == strings.ToLower(rec.Fingerprint) {
				hit, matched[k.SHA256] = true, true
			}
		}
		if hit {
			continue
		}
		for _, k := range keys {
			if keyAlgorithm(k.Type) == rec.Algorithm {
				e.item(itemSSHFP, fmt.Sprintf("%s SSHFP %d %d", name, rec.Algorithm, rec.Type), 0, rules.Fail,
					fmt.Sprintf("matches no %s host key served (%s is served): a stale record", rec.AlgorithmName, k.SHA256))
				break
			}
		}
	}
	for a := range sha1Only {
		e.note("SHA-1 (type 1) SSHFP records of algorithm %d are not compared", a)
	}
	all := len(keys) > 0
	for _, k := range keys {
		if !matched[k.SHA256] {
			all = false
			e.note("no SHA-256 SSHFP record of %s matches the %s host key %s", name, k.Type, k.SHA256)
		}
	}
	switch {
	case all && set.Lookup.Authenticated:
		e.item(itemVerify, "SSHFP "+name, 0, rules.Pass, "SHA-256 SSHFP records match every host key served, validated by DNSSEC")
		return true
	case all:
		e.note("the SSHFP records of %s match every host key, but the resolver did not validate them (ANSSI-SSH-R31)", name)
	}
	return false
}
