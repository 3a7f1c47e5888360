package report

import (
	"bytes"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/rules"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func ep(host, ip string, port uint16, sni string) scanner.Endpoint {
	return scanner.Endpoint{Host: host, IP: netip.MustParseAddr(ip), Port: port, Protocol: "tls", SNI: sni, Source: "argument"}
}

// sampleResult is a server with something in every section: TLS 1.3 and
// 1.2 with a server order, an unknown SSLv2 answer, a throttled TLS 1.2
// group enumeration and finite-field DH.
func sampleResult() scanner.Result {
	yes, no := true, false
	return scanner.Result{
		Endpoint: ep("example.fr", "192.0.2.10", 443, "example.fr"),
		Start:    time.Date(2026, 11, 26, 19, 0, 0, 0, time.FixedZone("CET", 3600)),
		TLS: &scanner.TLSObservation{
			Versions: []scanner.VersionFact{
				{Version: scanner.SSLv2, Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer in 5s"},
				{Version: scanner.SSLv3, Status: scanner.NotSupported, Reason: scanner.AlertReason(40)},
				{Version: scanner.TLSv10, Status: scanner.NotSupported, Reason: scanner.ReasonLowerVersion},
				{Version: scanner.TLSv11, Status: scanner.NotSupported},
				{Version: scanner.TLSv12, Status: scanner.Supported},
				{Version: scanner.TLSv13, Status: scanner.Supported},
			},
			CipherSuites: []scanner.SuiteFact{
				{Version: scanner.TLSv12, Code: 0xC030, Name: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
				{Version: scanner.TLSv12, Code: 0xC02F, Name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
				{Version: scanner.TLSv12, Code: 0x009E, Name: "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
				{Version: scanner.TLSv13, Code: 0x1301, Name: "TLS_AES_128_GCM_SHA256"},
				{Version: scanner.TLSv13, Code: 0x1302, Name: "TLS_AES_256_GCM_SHA384"},
			},
			Enumerations: []scanner.Enumeration{
				{Version: scanner.TLSv12, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll, Status: scanner.EnumComplete, Candidates: 340},
				{Version: scanner.TLSv12, Kind: scanner.EnumGroups, Scope: scanner.ScopeAll, Status: scanner.EnumPartial, Reason: scanner.ReasonThrottled, Detail: "control probe failed after 12 hellos", Candidates: 45},
				{Version: scanner.TLSv13, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll, Status: scanner.EnumComplete, Candidates: 5},
				{Version: scanner.TLSv13, Kind: scanner.EnumGroups, Scope: scanner.ScopeAll, Status: scanner.EnumComplete, Candidates: 12},
			},
			ServerOrder: []scanner.OrderFact{
				{Version: scanner.TLSv12, Enforced: &yes, Order: []scanner.Code{0xC030, 0xC02F, 0x009E}},
				{Version: scanner.TLSv13, Enforced: &no},
			},
			Groups: []scanner.GroupFact{
				{Version: scanner.TLSv12, Code: 0x0017, Name: "secp256r1", Preferred: true},
				{Version: scanner.TLSv13, Code: 0x001D, Name: "x25519", Preferred: true},
				{Version: scanner.TLSv13, Code: 0x0017, Name: "secp256r1"},
			},
			DHParams: []scanner.DHParam{
				{Version: scanner.TLSv12, Suite: 0x009E, OfferedFFDHE: true, Bits: 2048, Generator: 2, Known: "ffdhe2048", PrimeSHA256: strings.Repeat("ab", 32)},
				{Version: scanner.TLSv12, Suite: 0x009E, Bits: 1024, Generator: 2, PrimeSHA256: strings.Repeat("cd", 32)},
			},
			ServerHelloExtensions: []scanner.ExtensionFact{
				{Version: scanner.TLSv12, Code: 0xFF01, Name: "renegotiation_info"},
				{Version: scanner.TLSv12, Code: 0x0017, Name: "extended_master_secret"},
				{Version: scanner.TLSv13, Code: 0x002B, Name: "supported_versions"},
				{Version: scanner.TLSv13, Code: 0x0033, Name: "key_share"},
			},
			Certificates: []scanner.ChainFact{{
				Versions: []scanner.Version{scanner.TLSv12}, SNI: true,
				Chain: []scanner.CertRef{
					{SHA256: strings.Repeat("a1", 32), Subject: "CN=example.fr", Issuer: "CN=Example CA", KeyType: pki.KeyECDSA, KeyBits: 256, Curve: "P-256",
						SignatureAlgorithm: "SHA256-RSA", NotAfter: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)},
				},
				ChainReport: pki.ChainReport{
					ServerName: "example.fr", HostnameMatch: true, Served: []string{strings.Repeat("a1", 32)}, Path: []string{strings.Repeat("a1", 32)},
					Defects: []pki.Defect{{Code: pki.DefectMissingIntermediate, Detail: "issuer CN=Example CA was not served and is not an anchor"}},
				},
				OCSPError: "truncated response",
			}},
			Notes: []string{"the server closed the connection instead of sending an alert for SSLv3"},
		},
		Stats: scanner.Stats{Connections: 31, Errors: 2, DurationMS: 842},
	}
}

// unreachableResult could not be inspected at all.
func unreachableResult() scanner.Result {
	return scanner.Result{
		Endpoint: ep("127.0.0.1", "127.0.0.1", 8443, ""),
		Start:    time.Date(2026, 11, 26, 18, 0, 1, 0, time.UTC),
		Error:    &scanner.Unknown{Reason: scanner.ReasonUnreachable, Detail: "connection refused"},
		Stats:    scanner.Stats{Connections: 0, Errors: 1, DurationMS: 1},
	}
}

// notTestedResult is what a probe that decided nothing returns: every
// version unknown, not tested, and no lists.
func notTestedResult() scanner.Result {
	obs := &scanner.TLSObservation{}
	for _, v := range scanner.Versions {
		obs.Versions = append(obs.Versions, scanner.VersionFact{Version: v, Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested})
	}
	return scanner.Result{
		Endpoint: ep("2001:db8::1", "2001:db8::1", 443, "override.example"),
		Start:    time.Date(2026, 11, 26, 18, 0, 2, 0, time.UTC),
		TLS:      obs,
		Stats:    scanner.Stats{Connections: 1, DurationMS: 3},
	}
}

// partialResult has a supported version whose lists were not reported or
// only partly established, and an order the probes could not decide.
func partialResult() scanner.Result {
	return scanner.Result{
		Endpoint: ep("mail.example.fr", "192.0.2.25", 465, "mail.example.fr"),
		TLS: &scanner.TLSObservation{
			Versions: []scanner.VersionFact{
				{Version: scanner.TLSv11, Status: scanner.Supported},
				{Version: scanner.TLSv12, Status: scanner.Supported},
				{Version: scanner.TLSv13, Status: scanner.StatusUnknown},
			},
			CipherSuites: []scanner.SuiteFact{
				{Version: scanner.TLSv12, Code: 0x000A, Name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
			},
			Enumerations: []scanner.Enumeration{
				{Version: scanner.TLSv12, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeNonCompliant, Status: scanner.EnumPartial, Reason: scanner.ReasonReset, Candidates: 120},
			},
			ServerOrder: []scanner.OrderFact{{Version: scanner.TLSv12, Reason: scanner.ReasonReset}},
		},
		Stats: scanner.Stats{Connections: 1, Errors: 1, DurationMS: 5012},
	}
}

// behaviourResult has the facts past the ServerHello: a dual-certificate
// server whose ECDSA chain was served in TLS 1.2 and 1.3 with and without
// SNI, its RSA chain with SNI only, signature schemes, a CBC suite with
// and one without encrypt_then_mac, and every extension fact, some
// unknown.
func behaviourResult() scanner.Result {
	yes := true
	n := func(v int64) *int64 { return &v }
	tls12, tls13 := []scanner.Version{scanner.TLSv12}, []scanner.Version{scanner.TLSv13}
	ecdsa, rsa := strings.Repeat("e1", 32), strings.Repeat("r1", 32)
	chain := func(sha string, key pki.KeyType, vs []scanner.Version, without bool) scanner.ChainFact {
		return scanner.ChainFact{
			Versions: vs, SNI: true, WithoutSNI: without,
			Chain: []scanner.CertRef{{SHA256: sha, Subject: "CN=www.example.fr", Issuer: "CN=Example CA", KeyType: key, KeyBits: 256,
				SignatureAlgorithm: "SHA256-RSA", NotAfter: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}},
			ChainReport: pki.ChainReport{ServerName: "www.example.fr", HostnameMatch: true, Trusted: true, Served: []string{sha}, Path: []string{sha}},
		}
	}
	withSCTs := chain(ecdsa, pki.KeyECDSA, []scanner.Version{scanner.TLSv12, scanner.TLSv13}, true)
	withSCTs.SCTs = []pki.SCT{{Source: pki.SCTFromTLSExtension}, {Source: pki.SCTFromTLSExtension}}
	return scanner.Result{
		Endpoint: ep("www.example.fr", "192.0.2.30", 443, "www.example.fr"),
		TLS: &scanner.TLSObservation{
			Versions: []scanner.VersionFact{{Version: scanner.TLSv12, Status: scanner.Supported}, {Version: scanner.TLSv13, Status: scanner.Supported}},
			CipherSuites: []scanner.SuiteFact{
				{Version: scanner.TLSv12, Code: 0xC02B, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
				{Version: scanner.TLSv12, Code: 0xC023, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", EncryptThenMAC: scanner.Supported},
				{Version: scanner.TLSv12, Code: 0xC009, Name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", EncryptThenMAC: scanner.NotSupported},
			},
			Enumerations: []scanner.Enumeration{
				{Version: scanner.TLSv12, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll, Status: scanner.EnumComplete, Candidates: 357},
				{Version: scanner.TLSv13, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll, Status: scanner.EnumComplete, Candidates: 15},
				{Version: scanner.TLSv12, Kind: scanner.EnumSignatureSchemes, Scope: scanner.ScopeNonCompliant, Status: scanner.EnumComplete, Candidates: 51},
				{Version: scanner.TLSv13, Kind: scanner.EnumSignatureSchemes, Scope: scanner.ScopeNonCompliant, Status: scanner.EnumPartial, Reason: scanner.ReasonThrottled, Candidates: 51},
			},
			ServerOrder:  []scanner.OrderFact{{Version: scanner.TLSv12, Enforced: &yes}},
			Certificates: []scanner.ChainFact{withSCTs, chain(rsa, pki.KeyRSA, tls13, false)},
			SignatureSchemes: []scanner.SignatureSchemeFact{
				{Version: scanner.TLSv12, KeyType: pki.KeyECDSA, Code: 0x0303, Name: "ecdsa_sha224"},
				{Version: scanner.TLSv12, KeyType: pki.KeyECDSA, Code: 0x0403, Name: "ecdsa_secp256r1_sha256", Preferred: true},
				{Version: scanner.TLSv13, KeyType: pki.KeyECDSA, Code: 0x0403, Name: "ecdsa_secp256r1_sha256", Preferred: true},
				{Version: scanner.TLSv13, KeyType: pki.KeyRSA, Code: 0x0804, Name: "rsa_pss_rsae_sha256", Preferred: true},
			},
			Extensions: &scanner.Extensions{
				SecureRenegotiation:  scanner.Feature{Status: scanner.Supported, Versions: tls12},
				ExtendedMasterSecret: scanner.Feature{Status: scanner.Supported, Versions: tls12},
				EncryptThenMAC: scanner.Feature{Status: scanner.NotSupported, Versions: tls12, Names: []string{"TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
					Detail: "not echoed with 1 of 2 CBC suites"},
				SessionTicket:       scanner.Feature{Status: scanner.Supported, Versions: tls12},
				TLS12Ticket:         scanner.Feature{Status: scanner.Supported, Versions: tls12, Value: n(7200)},
				TLS13Tickets:        scanner.Feature{Status: scanner.Supported, Versions: tls13, Value: n(604800), Detail: "2 NewSessionTicket read"},
				PSKKE:               scanner.Feature{Status: scanner.NotSupported, Versions: tls13, Detail: "the server did a full handshake"},
				EarlyData:           scanner.Feature{Status: scanner.Supported, Versions: tls13, Value: n(16384), Detail: "0-RTT data accepted"},
				Compression:         scanner.Feature{Status: scanner.NotSupported, Versions: tls12, Value: n(0)},
				Heartbeat:           scanner.Feature{Status: scanner.NotSupported, Versions: tls12},
				ALPN:                scanner.Feature{Status: scanner.Supported, Versions: []scanner.Version{scanner.TLSv13, scanner.TLSv12}, Names: []string{"h2"}},
				ECPointFormats:      scanner.Feature{Status: scanner.Supported, Versions: tls12, Names: []string{"uncompressed"}},
				MaxFragmentLength:   scanner.Feature{Status: scanner.NotSupported, Versions: []scanner.Version{scanner.TLSv13, scanner.TLSv12}},
				FallbackSCSV:        scanner.Feature{Status: scanner.Supported, Reason: scanner.AlertReason(86), Versions: tls12},
				DowngradeSentinel:   scanner.Feature{Status: scanner.Supported, Versions: tls12},
				ClientRenegotiation: scanner.Feature{Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer to the renegotiation hello"},
				CertificateRequest:  scanner.Feature{Status: scanner.Supported, Versions: tls13, Names: []string{"CN=Example Client CA,O=Example"}},
				RandomTime:          scanner.Feature{Status: scanner.NotSupported},
				RepeatedRandoms:     scanner.Feature{Status: scanner.NotSupported, Versions: []scanner.Version{scanner.TLSv12, scanner.TLSv13}},
				CCSInjection:        scanner.Feature{Status: scanner.NotSupported, Reason: scanner.AlertReason(10), Versions: tls12, Detail: "an early ChangeCipherSpec was refused with unexpected_message"},
				Heartbleed:          scanner.Feature{Status: scanner.NotSupported, Detail: "the server does not echo the heartbeat extension"},
				WithoutSNI:          scanner.Feature{Status: scanner.Supported, Versions: tls13},
			},
		},
		Stats: scanner.Stats{Connections: 42, DurationMS: 1200},
	}
}

func goldenResults() []scanner.Result {
	return []scanner.Result{sampleResult(), unreachableResult(), notTestedResult(), partialResult(), behaviourResult(), sshResult(), ikeResult()}
}

// ikeChain is the sample TLS chain as an IPsec gateway serves it in
// IKE_AUTH: no versions, no SNI, analysed for the gateway's identity.
func ikeChain() []scanner.ChainFact {
	c := sampleResult().TLS.Certificates[0]
	c.Versions, c.SNI, c.WithoutSNI, c.ServerName = []scanner.Version{}, false, false, "vpn.example.fr"
	c.OCSP, c.OCSPError, c.SCTs, c.SCTError = nil, "", nil, ""
	return []scanner.ChainFact{c}
}

// ikeResult is an IPsec gateway answering IKEv2 and IKEv1: its IKEv2
// transforms (the integrity list left partial), the IKEv1 transform it
// chose, a notification with values, a vendor ID and a cookie request.
func ikeResult() scanner.Result {
	return scanner.Result{
		Endpoint: scanner.Endpoint{Host: "vpn.example.fr", IP: netip.MustParseAddr("192.0.2.50"), Port: 500, Protocol: "ike", Source: "argument"},
		IKE: &scanner.IKEObservation{
			V2: scanner.VersionStatus{Status: scanner.Supported},
			V1: scanner.VersionStatus{Status: scanner.Supported},
			Transforms: []scanner.IKETransform{
				{Type: scanner.IKEEncryption, ID: 20, Name: "ENCR_AES_GCM_16", KeyBits: 256},
				{Type: scanner.IKEEncryption, ID: 3, Name: "ENCR_3DES"},
				{Type: scanner.IKEPRF, ID: 5, Name: "PRF_HMAC_SHA2_256"},
				{Type: scanner.IKEIntegrity, ID: 12, Name: "AUTH_HMAC_SHA2_256_128"},
				{Type: scanner.IKEKeyExchange, ID: 19, Name: "256-bit random ECP group"},
				{Type: scanner.IKEKeyExchange, ID: 14, Name: "2048-bit MODP Group"},
			},
			Enumerations: []scanner.IKEEnumeration{
				{Type: scanner.IKEEncryption, Status: scanner.EnumComplete, Candidates: 30},
				{Type: scanner.IKEPRF, Status: scanner.EnumComplete, Candidates: 8},
				{Type: scanner.IKEIntegrity, Status: scanner.EnumPartial, Reason: scanner.ReasonTimeout, Detail: "no answer to 3 requests", Candidates: 10},
				{Type: scanner.IKEKeyExchange, Status: scanner.EnumComplete, Candidates: 25},
			},
			V1Offers: []scanner.IKEv1Offer{
				{Kind: scanner.IKEv1Broad, Transforms: 224, Status: scanner.Supported, Chosen: &scanner.IKEv1Transform{Mode: "main",
					Encryption: "AES-CBC", KeyBits: 256, Hash: "SHA2-256", Auth: "pre-shared key", Group: "2048-bit MODP group",
					EncryptionID: 7, HashID: 4, AuthID: 1, GroupID: 14}},
				{Kind: scanner.IKEv1Weak, Transforms: 256, Status: scanner.NotSupported, Detail: "NO-PROPOSAL-CHOSEN", Refused: scanner.IKEv1WeakClasses},
			},
			Notifications: []scanner.IKENotification{
				{Type: 16430, Name: "IKEV2_FRAGMENTATION_SUPPORTED"},
				{Type: 16431, Name: "SIGNATURE_HASH_ALGORITHMS", Data: "0002000300040005", Values: []string{"SHA2_256", "SHA2_384", "SHA2_512", "Identity"}},
			},
			VendorIDs: []scanner.IKEVendorID{{Hex: "882fe56d6fd20dbc2251613b2ebe5beb", Name: "strongSwan"}},
			Auth: &scanner.IKEAuth{Status: scanner.Supported, IDType: "FQDN", ID: "vpn.example.fr", AuthMethod: "Digital Signature",
				SignatureAlgorithm: "ecdsa-with-SHA256", CertificateRequests: []string{strings.Repeat("ab", 20)},
				Certificates: ikeChain()},
			Cookie: true,
		},
		Stats: scanner.Stats{Connections: 21, DurationMS: 18},
	}
}

// sshResult is an SSH endpoint: an RSA host key seen through two
// algorithms, a certified ed25519 key, a DSA one left unknown, and the
// group exchange's modulus for a 1024-bit request.
func sshResult() scanner.Result {
	fp := func(c string) string { return "SHA256:" + strings.Repeat(c, 43) }
	return scanner.Result{
		Endpoint: scanner.Endpoint{Host: "bastion.example.fr", IP: netip.MustParseAddr("192.0.2.22"), Port: 22, Protocol: "ssh", Source: "argument"},
		SSH: &scanner.SSHObservation{
			Banner: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", ProtoVersion: "2.0", Software: "OpenSSH_9.2p1",
			Kex:               []string{"curve25519-sha256", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group14-sha1"},
			HostKeyAlgorithms: []string{"rsa-sha2-512", "ssh-rsa", "ssh-ed25519-cert-v01@openssh.com", "ssh-dss"},
			Ciphers:           []string{"aes256-ctr", "aes128-cbc"},
			MACs:              []string{"hmac-sha2-512", "hmac-md5"},
			Compression:       []string{"none"},
			HostKeys: []scanner.SSHHostKey{
				{Algorithm: "rsa-sha2-512", Status: scanner.Supported, Type: "ssh-rsa", Bits: 3072, SHA256: fp("R")},
				{Algorithm: "ssh-rsa", Status: scanner.Supported, Detail: "the key rsa-sha2-512 showed", Type: "ssh-rsa", Bits: 3072, SHA256: fp("R")},
				{Algorithm: "ssh-ed25519-cert-v01@openssh.com", Status: scanner.Supported, Type: "ssh-ed25519", Bits: 256, SHA256: fp("E"),
					Certificate: &scanner.SSHHostCertificate{CAType: "ecdsa-sha2-nistp384", CABits: 384, CASHA256: fp("C")}},
				{Algorithm: "ssh-dss", Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer in 5s"},
			},
			GroupExchange: &scanner.SSHGroupExchange{Algorithm: "diffie-hellman-group-exchange-sha256", Status: scanner.Supported, Bits: 2048},
			Auth:          &scanner.SSHAuth{User: "cryptoscan", Methods: []string{"publickey", "password"}},
			LegacyServices: []scanner.LegacyService{
				{Port: 21, Service: "ftp", State: scanner.PortOpen, Banner: "220 (vsFTPd 3.0.3)", Confirmed: true, AuthTLS: new(bool)},
				{Port: 23, Service: "telnet", State: scanner.PortClosed},
				{Port: 513, Service: "rlogin", State: scanner.PortFiltered, Detail: "no answer in 5s"},
				{Port: 514, Service: "rsh", State: scanner.PortUnknown, Reason: scanner.ReasonCanceled, Detail: "the run was interrupted"},
			},
		},
		Stats: scanner.Stats{Connections: 4, DurationMS: 35},
	}
}

// sampleFindings are hand-written findings (not the live catalogue, so the
// golden file pins the report's shape, not the rules of the day).
func sampleFindings(r scanner.Result) []rules.Finding {
	ref := rules.Reference{Document: "ANSSI TLS guide", Edition: "v1.2 (2020)", Item: "R4", Section: "§2.1"}
	f := func(id string, st rules.Status, msg, fix string) rules.Finding {
		return rules.Finding{RuleID: id, Title: id, Status: st, Severity: rules.High, Endpoint: r.Endpoint, Message: msg, Reference: ref, Fix: fix}
	}
	return []rules.Finding{
		f("ANSSI-TLS-R3", rules.Pass, "TLSv1.3 supported", ""),
		f("ANSSI-TLS-R4", rules.Fail, "SSLv3 accepted", "nginx: ssl_protocols TLSv1.2 TLSv1.3;"),
		f("ANSSI-TLS-R7", rules.Incomplete, "the TLSv1.2 groups are only partly known", "offer only x25519, P-256, P-384"),
		f("ANSSI-TLS-R14", rules.Warn, "extended_master_secret not sent", "enable extended master secret"),
		f("ANSSI-TLS-R10-", rules.Degraded, "CBC suites with encrypt_then_mac", "prefer AEAD suites"),
	}
}

func writeText(t *testing.T, color bool, results ...scanner.Result) string {
	t.Helper()
	var b bytes.Buffer
	w := NewText(&b, color)
	for i, r := range results {
		var fs []rules.Finding
		if i == 0 {
			fs = sampleFindings(r)
		}
		if err := w.Endpoint(r, fs); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestTextSummary: several graded endpoints end with the endpoint by
// verdict table and the provenance.
func TestTextSummary(t *testing.T) {
	var b bytes.Buffer
	w := NewText(&b, false)
	r1, r2 := sampleResult(), sampleResult()
	r2.Endpoint.Port = 8443
	pass := []rules.Finding{{RuleID: "ANSSI-TLS-R3", Status: rules.Pass, Endpoint: r2.Endpoint}}
	for _, e := range []struct {
		r  scanner.Result
		fs []rules.Finding
	}{{r1, sampleFindings(r1)}, {r2, pass}} {
		if err := w.Endpoint(e.r, e.fs); err != nil {
			t.Fatal(err)
		}
	}
	err := w.Summary(Summary{
		Provenance: Provenance{ToolVersion: "v1", CatalogueVersion: "0.1.0", CADataVersion: "2026.06.24-1", RootStore: "x509roots v0", Profile: "anssi",
			Horizon: 2026, EvaluatedAt: time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC), FailOn: "high",
			Documents: []rules.Document{{Title: "Recommandations de sécurité relatives à TLS", Edition: "v1.2", Note: "SecNumCloud 3.2 cites the 2016 edition"}}},
		Endpoints: map[Verdict]int{NonCompliant: 1, Compliant: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"  verdict: non-compliant (1 fail, 1 incomplete, 1 degraded, 1 warn, 1 pass)\n",
		"    FAIL ANSSI-TLS-R4  SSLv3 accepted\n      ANSSI TLS guide v1.2 (2020), R4, §2.1\n      fix: nginx: ssl_protocols TLSv1.2 TLSv1.3;\n",
		"  verdict: compliant (1 pass)\n",
		"\nsummary\n",
		"  example.fr[192.0.2.10]:443   non-compliant  1 fail,",
		"  2 endpoints: 1 non-compliant, 1 compliant\n",
		"graded against Recommandations de sécurité relatives à TLS v1.2 (SecNumCloud 3.2 cites the 2016 edition)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "FAIL ANSSI-TLS-R4") > strings.Index(out, "INCOMPLETE ANSSI-TLS-R7") {
		t.Error("a fail is listed after an incomplete finding")
	}
}

func TestTextGolden(t *testing.T) {
	got := writeText(t, false, goldenResults()...)
	golden := filepath.Join("testdata", "text.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("text report differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", golden, got, want)
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestTextColor(t *testing.T) {
	plain := writeText(t, false, goldenResults()...)
	if ansi.MatchString(plain) || strings.Contains(plain, "\x1b") {
		t.Errorf("colour escapes without color")
	}
	colored := writeText(t, true, goldenResults()...)
	if !ansi.MatchString(colored) {
		t.Errorf("no colour escapes with color")
	}
	if got := ansi.ReplaceAllString(colored, ""); got != plain {
		t.Errorf("colour changes the text:\n%s\nwant\n%s", got, plain)
	}
}

// TestTextUnknownsVisible checks that every unknown fact and gap of the
// fixtures reaches the report.
func TestTextUnknownsVisible(t *testing.T) {
	for _, tt := range []struct {
		r    scanner.Result
		want []string
	}{
		{sampleResult(), []string{"SSLv2    unknown (timeout: no answer in 5s)", "TLSv1.2 groups: partial (throttled: control probe failed after 12 hellos)"}},
		{unreachableResult(), []string{"error: unreachable: connection refused"}},
		{sshResult(), []string{"ssh-dss  unknown (timeout: no answer in 5s)", "2048-bit modulus for a 1024-bit request",
			`authentication for "cryptoscan": publickey, password`, "21/tcp   ftp     open, ftp answers (AUTH TLS refused)",
			"514/tcp  rsh     unknown (canceled: the run was interrupted)", "513/tcp  rlogin  filtered (no answer in 5s)"}},
		{scanner.Result{Endpoint: sshResult().Endpoint, SSH: &scanner.SSHObservation{Banner: "SSH-2.0-x",
			Auth: &scanner.SSHAuth{User: "cryptoscan", Unknown: &scanner.Unknown{Reason: scanner.ReasonReset}}}},
			[]string{`authentication for "cryptoscan": unknown (reset)`}},
		{scanner.Result{Endpoint: sshResult().Endpoint, SSH: &scanner.SSHObservation{Banner: "SSH-2.0-x",
			Auth: &scanner.SSHAuth{User: "cryptoscan", NoneAccepted: true}}},
			[]string{`authentication for "cryptoscan": none required`}},
		{scanner.Result{Endpoint: sshResult().Endpoint, SSH: &scanner.SSHObservation{Banner: "SSH-2.0-x", KexInit: &scanner.Unknown{Reason: scanner.ReasonReset}}},
			[]string{"algorithms: unknown (reset)"}},
		{ikeResult(), []string{"vpn.example.fr[192.0.2.50]:500  ike  source=argument", "IKEv2: supported",
			"integrity  partial (timeout: no answer to 3 requests)", "key exchange (responder's order)\n    256-bit random ECP group (group 19)\n    2048-bit MODP Group (group 14)",
			"broad offer (224 transforms): chose main mode AES-CBC 256, SHA2-256, pre-shared key, 2048-bit MODP group", "weak offer (256 transforms): none chosen; refused: des_md5, 3des, weak_group, sha1, modp2048", "notification SIGNATURE_HASH_ALGORITHMS: SHA2_256, SHA2_384, SHA2_512, Identity",
			"vendor ID: strongSwan (882fe56d6fd20dbc2251613b2ebe5beb)", "asked for a cookie",
			"IKE_AUTH (EAP asked): identity FQDN vpn.example.fr, authenticated by Digital Signature (ecdsa-with-SHA256)",
			"certificate requests (CA key SHA-1): abababababababababababababababababababab", "certificate chains\n    #1: "}},
		{scanner.Result{Endpoint: ikeResult().Endpoint, IKE: &scanner.IKEObservation{
			V2: scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer to 3 requests"},
			V1: scanner.VersionStatus{Status: scanner.NotSupported}}},
			[]string{"IKEv2: unknown (timeout: no answer to 3 requests)", "IKEv1: not supported"}},
		{notTestedResult(), []string{"all      unknown (not_tested)"}},
		{partialResult(), []string{
			"TLSv1.3  unknown (no reason given)",
			"SSLv2    not reported",
			"TLSv1.2 cipher suites: partial (reset)",
			"TLSv1.1 cipher suites: not reported",
			"order unknown (reset)",
			"non-compliant candidates only",
		}},
	} {
		got := writeText(t, false, tt.r)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: report lacks %q:\n%s", tt.r.Endpoint, w, got)
			}
		}
	}
}

func TestTextWriteError(t *testing.T) {
	if err := NewText(errWriter{}, false).Endpoint(sampleResult(), nil); err == nil {
		t.Errorf("write error not returned")
	}
}
