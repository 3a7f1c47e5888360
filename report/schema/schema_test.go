package schema_test

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cryptoscan/cryptoscan/report"
	"github.com/cryptoscan/cryptoscan/report/schema"
	"github.com/cryptoscan/cryptoscan/scanner"
	"github.com/cryptoscan/cryptoscan/scanner/dnsprobe"
	"github.com/cryptoscan/cryptoscan/scanner/pki"
)

// designExample is the minimal endpoint event of DESIGN.md ("Output
// contract"), adapted to the fields the Go types write today: event_id,
// run_id, enumerations and stats.errors added; certificates, extensions
// and ssh left out until the probes that fill them land.
const designExample = `{"schema_version":"1.0","event":"endpoint","time":"2026-11-26T18:00:00Z",
 "event_id":"0123456789abcdef0123456789abcdef","run_id":"6f1c9a52-3e0b-4c1d-9a7e-2b8f4d6c1e30",
 "endpoint":{"host":"example.fr","ip":"192.0.2.10","port":443,"protocol":"tls","sni":"example.fr","source":"argument"},
 "tls":{"versions":[{"version":"TLSv1.3","status":"supported"},
                    {"version":"TLSv1.1","status":"not_supported"},
                    {"version":"SSLv2","status":"unknown","reason":"timeout"}],
        "cipher_suites":[{"version":"TLSv1.2","code":"0xC02F","name":"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}],
        "enumerations":[],
        "server_order":[{"version":"TLSv1.2","enforced":true}],
        "groups":[{"version":"TLSv1.3","code":"0x001D","name":"x25519"}]},
 "stats":{"connections":31,"errors":0,"duration_ms":42}}`

// compact returns doc on one line, as NDJSON carries it.
func compact(t *testing.T, doc string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(doc)); err != nil {
		t.Fatalf("fixture is not JSON: %v", err)
	}
	return b.Bytes()
}

// edit returns the design example with f applied to its decoded form.
func edit(t *testing.T, f func(ev map[string]any)) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal([]byte(designExample), &ev); err != nil {
		t.Fatal(err)
	}
	f(ev)
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func obj(ev map[string]any, path ...string) map[string]any {
	m := ev
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

func tlsList(ev map[string]any, list string, i int) map[string]any {
	return obj(ev, "tls")[list].([]any)[i].(map[string]any)
}

// extensionsDoc is a tls.extensions object with every fact.
func extensionsDoc() map[string]any {
	x := map[string]any{}
	for _, k := range []string{"secure_renegotiation", "extended_master_secret", "encrypt_then_mac", "session_ticket", "tls12_ticket",
		"tls13_tickets", "psk_ke", "early_data", "compression", "heartbeat", "alpn", "ec_point_formats", "max_fragment_length",
		"fallback_scsv", "downgrade_sentinel", "client_renegotiation", "certificate_request", "random_time", "without_sni"} {
		x[k] = map[string]any{"status": "not_supported", "versions": []any{"TLSv1.2"}}
	}
	x["tls13_tickets"] = map[string]any{"status": "supported", "value": 7200}
	x["alpn"] = map[string]any{"status": "supported", "names": []any{"h2"}}
	x["psk_ke"] = map[string]any{"status": "unknown", "reason": "not_tested", "detail": "TLSv1.3 is not supported"}
	return x
}

func TestValidDocuments(t *testing.T) {
	valid := map[string][]byte{
		"design example":                compact(t, designExample),
		"design example pretty-printed": []byte(designExample),
		"no tls, error": edit(t, func(ev map[string]any) {
			delete(ev, "tls")
			ev["error"] = map[string]any{"reason": "unreachable", "detail": "connection refused"}
		}),
		"ipv6, no sni": edit(t, func(ev map[string]any) {
			ep := obj(ev, "endpoint")
			ep["ip"] = "2001:db8::10"
			delete(ep, "sni")
		}),
		"fractional seconds": edit(t, func(ev map[string]any) { ev["time"] = "2026-11-26T18:00:00.123Z" }),
		"six-digit code":     edit(t, func(ev map[string]any) { tlsList(ev, "cipher_suites", 0)["code"] = "0x010080" }),
		"alert reason":       edit(t, func(ev map[string]any) { tlsList(ev, "versions", 1)["reason"] = "alert_70" }),
		"order unknown": edit(t, func(ev map[string]any) {
			o := tlsList(ev, "server_order", 0)
			delete(o, "enforced")
			o["reason"] = "throttled"
		}),
		"extensions and schemes": edit(t, func(ev map[string]any) {
			obj(ev, "tls")["extensions"] = extensionsDoc()
			obj(ev, "tls")["signature_schemes"] = []any{map[string]any{"version": "TLSv1.3", "key_type": "ECDSA", "code": "0x0403", "name": "ecdsa_secp256r1_sha256", "preferred": true}}
			obj(ev, "tls")["enumerations"] = []any{map[string]any{
				"version": "TLSv1.3", "kind": "signature_schemes", "scope": "noncompliant", "status": "complete", "candidates": 51,
			}}
		}),
		"partial enumeration with reason": edit(t, func(ev map[string]any) {
			obj(ev, "tls")["enumerations"] = []any{map[string]any{
				"version": "TLSv1.2", "kind": "cipher_suites", "scope": "all", "status": "partial", "reason": "throttled", "candidates": 340,
			}}
		}),
	}
	for name, doc := range valid {
		t.Run(name, func(t *testing.T) {
			if err := schema.Validate(doc); err != nil {
				t.Errorf("valid document rejected: %v\n%s", err, doc)
			}
		})
	}
}

func TestInvalidDocuments(t *testing.T) {
	tests := []struct {
		name string
		at   string // what the error must say: where and why
		doc  []byte
	}{
		{"not json", "invalid JSON", []byte(`{"schema_version":`)},
		{"two documents", "invalid JSON", append(compact(t, designExample), compact(t, designExample)...)},
		{"wrong schema version", "at '/schema_version'", edit(t, func(ev map[string]any) { ev["schema_version"] = "2.0" })},
		{"unknown event type", "at '/event'", edit(t, func(ev map[string]any) { ev["event"] = "frobnicate" })},
		{"missing time", "missing property 'time'", edit(t, func(ev map[string]any) { delete(ev, "time") })},
		{"missing event_id", "missing property 'event_id'", edit(t, func(ev map[string]any) { delete(ev, "event_id") })},
		{"missing run_id", "missing property 'run_id'", edit(t, func(ev map[string]any) { delete(ev, "run_id") })},
		{"missing endpoint", "missing property 'endpoint'", edit(t, func(ev map[string]any) { delete(ev, "endpoint") })},
		{"missing stats", "missing property 'stats'", edit(t, func(ev map[string]any) { delete(ev, "stats") })},
		{"missing endpoint host", "missing property 'host'", edit(t, func(ev map[string]any) { delete(obj(ev, "endpoint"), "host") })},
		{"missing stats errors", "missing property 'errors'", edit(t, func(ev map[string]any) { delete(obj(ev, "stats"), "errors") })},
		{"missing tls versions", "missing property 'versions'", edit(t, func(ev map[string]any) { delete(obj(ev, "tls"), "versions") })},
		{"null cipher suites", "at '/tls/cipher_suites'", edit(t, func(ev map[string]any) { obj(ev, "tls")["cipher_suites"] = nil })},
		{"time not UTC", "at '/time'", edit(t, func(ev map[string]any) { ev["time"] = "2026-11-26T19:00:00+01:00" })},
		{"time not RFC 3339", "at '/time'", edit(t, func(ev map[string]any) { ev["time"] = "2026-11-26 18:00:00Z" })},
		{"time impossible date", "at '/time'", edit(t, func(ev map[string]any) { ev["time"] = "2026-02-30T18:00:00Z" })},
		{"event_id upper case", "at '/event_id'", edit(t, func(ev map[string]any) { ev["event_id"] = "0123456789ABCDEF0123456789ABCDEF" })},
		{"run_id empty", "at '/run_id'", edit(t, func(ev map[string]any) { ev["run_id"] = "" })},
		{"port 0", "at '/endpoint/port'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["port"] = 0 })},
		{"port 65536", "at '/endpoint/port'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["port"] = 65536 })},
		{"port as string", "at '/endpoint/port'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["port"] = "443" })},
		{"ip not an address", "at '/endpoint/ip'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["ip"] = "example.fr" })},
		{"ip empty", "at '/endpoint/ip'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["ip"] = "" })},
		{"ipv6 with zone", "at '/endpoint/ip'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["ip"] = "fe80::1%eth0" })},
		{"unknown protocol", "at '/endpoint/protocol'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["protocol"] = "https" })},
		{"empty sni", "at '/endpoint/sni'", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["sni"] = "" })},
		{"extra top-level property", "'severity' not allowed", edit(t, func(ev map[string]any) { ev["severity"] = "high" })},
		{"extra endpoint property", "'scheme' not allowed", edit(t, func(ev map[string]any) { obj(ev, "endpoint")["scheme"] = "https" })},
		{"extra tls property", "'heartbleed' not allowed", edit(t, func(ev map[string]any) { obj(ev, "tls")["heartbleed"] = false })},
		{"extra version property", "'ok' not allowed", edit(t, func(ev map[string]any) { tlsList(ev, "versions", 0)["ok"] = true })},
		{"bad version string", "at '/tls/versions/0/version'", edit(t, func(ev map[string]any) { tlsList(ev, "versions", 0)["version"] = "TLS1.3" })},
		{"version as number", "at '/tls/versions/0/version'", edit(t, func(ev map[string]any) { tlsList(ev, "versions", 0)["version"] = 772 })},
		{"unknown status", "at '/tls/versions/0/status'", edit(t, func(ev map[string]any) { tlsList(ev, "versions", 0)["status"] = "maybe" })},
		{"unknown without reason", "at '/tls/versions/2': missing property 'reason'", edit(t, func(ev map[string]any) { delete(tlsList(ev, "versions", 2), "reason") })},
		{"unknown reason word", "at '/tls/versions/2/reason'", edit(t, func(ev map[string]any) { tlsList(ev, "versions", 2)["reason"] = "flaky" })},
		{"alert reason too long", "at '/tls/versions/2/reason'", edit(t, func(ev map[string]any) { tlsList(ev, "versions", 2)["reason"] = "alert_1000" })},
		{"lower-case code", "at '/tls/cipher_suites/0/code'", edit(t, func(ev map[string]any) { tlsList(ev, "cipher_suites", 0)["code"] = "0xc02f" })},
		{"code without 0x", "at '/tls/cipher_suites/0/code'", edit(t, func(ev map[string]any) { tlsList(ev, "cipher_suites", 0)["code"] = "C02F" })},
		{"five-digit code", "at '/tls/cipher_suites/0/code'", edit(t, func(ev map[string]any) { tlsList(ev, "cipher_suites", 0)["code"] = "0x0C02F" })},
		{"code as number", "at '/tls/groups/0/code'", edit(t, func(ev map[string]any) { tlsList(ev, "groups", 0)["code"] = 29 })},
		{"suite without name", "missing property 'name'", edit(t, func(ev map[string]any) { delete(tlsList(ev, "cipher_suites", 0), "name") })},
		{"enforced as string", "at '/tls/server_order/0/enforced'", edit(t, func(ev map[string]any) { tlsList(ev, "server_order", 0)["enforced"] = "yes" })},
		{"error without reason", "at '/error': missing property 'reason'", edit(t, func(ev map[string]any) { ev["error"] = map[string]any{"detail": "refused"} })},
		{"negative connections", "at '/stats/connections'", edit(t, func(ev map[string]any) { obj(ev, "stats")["connections"] = -1 })},
		{"enumeration bad kind", "at '/tls/enumerations/0/kind'", edit(t, func(ev map[string]any) {
			obj(ev, "tls")["enumerations"] = []any{map[string]any{
				"version": "TLSv1.2", "kind": "ciphers", "scope": "all", "status": "complete", "candidates": 1,
			}}
		})},
		{"enumeration bad scope", "at '/tls/enumerations/0/scope'", edit(t, func(ev map[string]any) {
			obj(ev, "tls")["enumerations"] = []any{map[string]any{
				"version": "TLSv1.2", "kind": "groups", "scope": "some", "status": "complete", "candidates": 1,
			}}
		})},
		{"enumeration bad status", "at '/tls/enumerations/0/status'", edit(t, func(ev map[string]any) {
			obj(ev, "tls")["enumerations"] = []any{map[string]any{
				"version": "TLSv1.2", "kind": "groups", "scope": "all", "status": "done", "candidates": 1,
			}}
		})},
		{"unknown feature without reason", "at '/tls/extensions/psk_ke': missing property 'reason'", edit(t, func(ev map[string]any) {
			x := extensionsDoc()
			x["psk_ke"] = map[string]any{"status": "unknown"}
			obj(ev, "tls")["extensions"] = x
		})},
		{"extensions missing a fact", "missing property 'early_data'", edit(t, func(ev map[string]any) {
			x := extensionsDoc()
			delete(x, "early_data")
			obj(ev, "tls")["extensions"] = x
		})},
		{"feature value as string", "at '/tls/extensions/tls13_tickets/value'", edit(t, func(ev map[string]any) {
			x := extensionsDoc()
			x["tls13_tickets"] = map[string]any{"status": "supported", "value": "7200"}
			obj(ev, "tls")["extensions"] = x
		})},
		{"signature scheme in TLS 1.1", "at '/tls/signature_schemes/0/version'", edit(t, func(ev map[string]any) {
			obj(ev, "tls")["signature_schemes"] = []any{map[string]any{"version": "TLSv1.1", "key_type": "RSA", "code": "0x0401", "name": "rsa_pkcs1_sha256"}}
		})},
		{"ssh name with a comma", "at '/ssh/ciphers/0'", edit(t, func(ev map[string]any) {
			delete(ev, "tls")
			ev["ssh"] = map[string]any{"banner": "SSH-2.0-x", "ciphers": []any{"aes128-ctr,aes256-ctr"}}
		})},
		{"ssh fingerprint in hex", "at '/ssh/host_keys/0/sha256'", edit(t, func(ev map[string]any) {
			delete(ev, "tls")
			ev["ssh"] = map[string]any{"host_keys": []any{map[string]any{"algorithm": "ssh-ed25519", "status": "supported", "sha256": "ab:cd"}}}
		})},
		{"ssh host key unknown without reason", "at '/ssh/host_keys/0': missing property 'reason'", edit(t, func(ev map[string]any) {
			delete(ev, "tls")
			ev["ssh"] = map[string]any{"host_keys": []any{map[string]any{"algorithm": "ssh-dss", "status": "unknown"}}}
		})},
		{"partial enumeration without reason", "at '/tls/enumerations/0': missing property 'reason'", edit(t, func(ev map[string]any) {
			obj(ev, "tls")["enumerations"] = []any{map[string]any{
				"version": "TLSv1.2", "kind": "groups", "scope": "all", "status": "partial", "candidates": 1,
			}}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := schema.Validate(tt.doc)
			if err == nil {
				t.Fatalf("invalid document accepted:\n%s", tt.doc)
			}
			if !strings.Contains(err.Error(), tt.at) {
				t.Errorf("rejected for another reason than %q: %v", tt.at, err)
			}
		})
	}
}

func TestValidateStream(t *testing.T) {
	good := compact(t, designExample)
	bad := edit(t, func(ev map[string]any) { obj(ev, "endpoint")["port"] = 0 })
	join := func(lines ...[]byte) *bytes.Reader {
		var b bytes.Buffer
		for _, l := range lines {
			b.Write(l)
			b.WriteByte('\n')
		}
		return bytes.NewReader(b.Bytes())
	}
	if err := schema.ValidateStream(join(good, good, good)); err != nil {
		t.Errorf("valid stream rejected: %v", err)
	}
	if err := schema.ValidateStream(strings.NewReader("")); err != nil {
		t.Errorf("empty stream rejected: %v", err)
	}
	err := schema.ValidateStream(join(good, good, bad, good))
	if err == nil || !strings.HasPrefix(err.Error(), "line 3: ") {
		t.Errorf("invalid third line: got %v, want an error naming line 3", err)
	}
	err = schema.ValidateStream(join(good, []byte{}, good))
	if err == nil || !strings.HasPrefix(err.Error(), "line 2: ") {
		t.Errorf("empty second line: got %v, want an error naming line 2", err)
	}
	if err := schema.ValidateStream(bytes.NewReader(good)); err != nil {
		t.Errorf("last line without newline rejected: %v", err)
	}
}

// fullResult sets every field the JSON encoding of scanner.Result can
// carry; TestFullResultIsFull keeps it that way when the types grow.
func fullResult() scanner.Result {
	enforced := true
	r := scanner.Result{
		Endpoint: scanner.Endpoint{
			Host: "example.fr", IP: netip.MustParseAddr("192.0.2.10"), Port: 443,
			Protocol: "tls", SNI: "example.fr", Source: "argument",
		},
		Start: time.Date(2026, 11, 26, 19, 0, 0, 0, time.FixedZone("CET", 3600)),
		TLS: &scanner.TLSObservation{
			Versions: []scanner.VersionFact{
				{Version: scanner.SSLv2, Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer in 5s"},
				{Version: scanner.TLSv13, Status: scanner.Supported},
			},
			CipherSuites: []scanner.SuiteFact{{Version: scanner.TLSv12, Code: 0xC027, Name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", EncryptThenMAC: scanner.NotSupported}},
			Enumerations: []scanner.Enumeration{{
				Version: scanner.TLSv12, Kind: scanner.EnumCipherSuites, Scope: scanner.ScopeAll,
				Status: scanner.EnumPartial, Reason: scanner.ReasonThrottled, Detail: "control probe failed", Candidates: 340,
			}},
			ServerOrder: []scanner.OrderFact{{Version: scanner.TLSv12, Enforced: &enforced, Reason: scanner.AlertReason(40), Order: []scanner.Code{0xC02F}, Mixed: true, Detail: "a hello leading with TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 got it"}},
			Groups:      []scanner.GroupFact{{Version: scanner.TLSv13, Code: 0x001D, Name: "x25519", Preferred: true}},
			DHParams: []scanner.DHParam{{
				Version: scanner.TLSv12, Suite: 0x009E, OfferedFFDHE: true, Bits: 2048, Generator: 2,
				Known: "ffdhe2048", PrimeSHA256: strings.Repeat("ab", 32),
			}},
			ServerHelloExtensions: []scanner.ExtensionFact{{Version: scanner.TLSv12, Code: 0xFF01, Name: "renegotiation_info"}},
			Certificates: []scanner.ChainFact{{
				Versions: []scanner.Version{scanner.TLSv12, scanner.TLSv13}, SNI: true, WithoutSNI: true,
				Chain: []scanner.CertRef{{
					SHA256: hexA, Subject: "CN=example.fr", Issuer: "CN=CA", KeyType: pki.KeyECDSA, KeyBits: 256, Curve: "P-256",
					SignatureAlgorithm: "ECDSA-SHA256", NotBefore: t0, NotAfter: t1,
				}},
				ChainReport: pki.ChainReport{
					Trusted: true, HostnameMatch: true, ServerName: "example.fr", MatchedBy: pki.MatchedSANDNS,
					Served: []string{hexA}, Path: []string{hexA, hexB}, Anchor: hexB, AnchorSource: "mozilla", AnchorServed: true,
					Defects: []pki.Defect{{Code: pki.DefectExpired, Cert: hexA, ServedIndex: &one, Detail: "expired"}},
					Notes:   []pki.Note{{Code: pki.NoteTruncated, Cert: hexA, ServedIndex: &one, Detail: "only 32 read"}},
					Unknown: []pki.UnknownFact{{Fact: "trusted", Reason: "leaf_unparseable", Detail: "bad"}},
				},
				OCSP: &pki.OCSPResponse{
					ResponseStatus: "successful", ResponderName: "CN=CA", ResponderKeyHash: "ab", ProducedAt: t0, Responses: 1,
					Status: pki.OCSPRevoked, Serial: "01", ThisUpdate: t0, NextUpdate: t1, RevokedAt: t0, RevocationReason: "keyCompromise",
					CertIDHash: "SHA-1", SerialMatchesLeaf: true, IssuerMatches: true, SignatureAlgorithm: "ECDSA-SHA256",
					SignatureHash: "SHA-256", SignedBy: "issuer", ResponderCertificate: hexB, SignatureValid: true, SignatureError: "none",
					NextUpdatePassed: true, ThisUpdateInFuture: true, SCTs: []pki.SCT{sct},
					Extensions: []pki.Extension{ext}, Unknown: []pki.UnknownFact{{Fact: "signature_valid", Reason: "no_issuer", Detail: "x"}},
				},
				OCSPError: "truncated",
				SCTs:      []pki.SCT{{Source: pki.SCTFromTLSExtension, Version: 1, LogID: "q83v", LogIDHex: "abcd", TimestampMS: 1767225600000, Timestamp: t0, Extensions: "00", HashAlgorithm: "sha256", SignatureAlgorithm: "ecdsa", Signature: []byte{1}}},
				SCTError:  "malformed list length",
			}},
			SignatureSchemes: []scanner.SignatureSchemeFact{{Version: scanner.TLSv13, KeyType: pki.KeyECDSA, Code: 0x0403, Name: "ecdsa_secp256r1_sha256", Preferred: true}},
			Extensions:       fullExtensions(),
			Notes:            []string{"answered TLSv1.2 to a TLSv1.3-only hello"},
		},
		Certificates: []scanner.CertificateFact{{
			Certificate: pki.Certificate{
				SHA256: hexA, SPKISHA256: hexB, Version: 3, Serial: "01",
				Subject: "CN=example.fr", SubjectAttributes: []pki.Attribute{{Type: "CN", OID: "2.5.4.3", Value: "example.fr"}},
				Issuer: "CN=CA", IssuerAttributes: []pki.Attribute{{Type: "CN", OID: "2.5.4.3", Value: "CA"}},
				KeyType: pki.KeyRSA, KeyOID: "1.2.840.113549.1.1.1", KeyBits: 2048, Curve: "P-256",
				RSAExponent: 65537, RSAExponentHex: "010001",
				SignatureAlgorithm: "SHA256-RSA", SignatureHash: "SHA-256", SignatureOID: "1.2.840.113549.1.1.11",
				NotBefore: t0, NotAfter: t1,
				DNSNames: []string{"example.fr"}, IPAddresses: []string{"192.0.2.10"}, EmailAddresses: []string{"a@example.fr"}, URIs: []string{"https://example.fr/"},
				KeyUsage: []string{"digitalSignature"}, KeyUsageCritical: true,
				ExtKeyUsage: []string{"serverAuth"}, ExtKeyUsageCritical: true,
				BasicConstraints: &pki.BasicConstraints{CA: true, MaxPathLen: &one, Critical: true},
				AuthorityKeyID:   "ab", SubjectKeyID: "cd",
				CRLDistributionPoints: []string{"http://crl.example.fr/ca.crl"}, OCSPServers: []string{"http://ocsp.example.fr"},
				CAIssuers: []string{"http://example.fr/ca.cer"}, MustStaple: true, Precertificate: true,
				SCTs: []pki.SCT{sct}, SelfIssued: true, SelfSigned: true, Extensions: []pki.Extension{ext},
				Errors: []string{"unreadable extension 1.2.3"},
			},
			DER: []byte{0x30, 0x03, 0x02, 0x01, 0x01},
		}},
		SSH:   fullSSH(),
		IKE:   fullIKE(),
		DNS:   fullDNS(),
		Error: &scanner.Unknown{Reason: scanner.ReasonCanceled, Detail: "interrupted"},
		Stats: scanner.Stats{Connections: 31, Errors: 2, DurationMS: 42},
	}
	// The IKE responder's chain: the same kind of fact as a TLS chain.
	r.IKE.Auth.Certificates = r.TLS.Certificates
	return r
}

// fullIKE sets every field of an IKE observation.
func fullIKE() *scanner.IKEObservation {
	enum := scanner.IKEEnumeration{Type: scanner.IKEKeyExchange, Status: scanner.EnumPartial, Reason: scanner.ReasonThrottled, Detail: "x", Candidates: 20}
	return &scanner.IKEObservation{
		V2:           scanner.VersionStatus{Status: scanner.NotSupported, Reason: scanner.ReasonTimeout, Detail: "IKEv1 answered, IKEv2 not"},
		V1:           scanner.VersionStatus{Status: scanner.StatusUnknown, Reason: scanner.ReasonTimeout, Detail: "no answer"},
		Transforms:   []scanner.IKETransform{{Type: scanner.IKEEncryption, ID: 20, Name: "ENCR_AES_GCM_16", KeyBits: 256}},
		Enumerations: []scanner.IKEEnumeration{enum},
		V1Offers: []scanner.IKEv1Offer{{Kind: scanner.IKEv1Weak, Transforms: 192, Status: scanner.Supported, Reason: scanner.ReasonTimeout, Detail: "a retransmission answered", Refused: []string{scanner.IKEv1DESMD5},
			Chosen: &scanner.IKEv1Transform{Mode: "main", Encryption: "AES-CBC", KeyBits: 128, Hash: "SHA2-256", Auth: "pre-shared key", Group: "2048-bit MODP group",
				EncryptionID: 7, HashID: 4, AuthID: 1, GroupID: 14}}},
		Notifications: []scanner.IKENotification{{Type: 16431, Name: "SIGNATURE_HASH_ALGORITHMS", Data: "0002", Values: []string{"SHA2-256"}}},
		VendorIDs:     []scanner.IKEVendorID{{Hex: "882fe56d6fd20dbc2251613b2ebe5beb", Name: "strongSwan"}},
		Auth: &scanner.IKEAuth{Status: scanner.Supported, Reason: scanner.ReasonNotTested, Detail: "x",
			Transforms: []scanner.IKETransform{{Type: scanner.IKEEncryption, ID: 20, Name: "ENCR_AES_GCM_16", KeyBits: 256}},
			IDType:     "FQDN", ID: "vpn.example.fr", AuthMethod: "Digital Signature", SignatureAlgorithm: "ecdsa-with-SHA384",
			CertificateRequests: []string{strings.Repeat("ab", 20)}},
		Cookie: true,
		Notes:  []string{"answered from port 4500"},
	}
}

// fullSSH sets every field of an SSH observation (a result carries TLS or
// SSH, not both; the schema does not tie them to the protocol).
func fullSSH() *scanner.SSHObservation {
	fp := "SHA256:" + strings.Repeat("A", 43)
	authTLS := true
	return &scanner.SSHObservation{
		Banner: "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", ProtoVersion: "2.0", Software: "OpenSSH_9.2p1",
		Kex:                   []string{"sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "diffie-hellman-group-exchange-sha256"},
		HostKeyAlgorithms:     []string{"rsa-sha2-512", "ssh-ed25519-cert-v01@openssh.com"},
		Ciphers:               []string{"chacha20-poly1305@openssh.com", "aes256-ctr"},
		MACs:                  []string{"hmac-sha2-256-etm@openssh.com"},
		CiphersServerToClient: []string{"aes256-ctr"},
		MACsServerToClient:    []string{"hmac-sha2-512"},
		Compression:           []string{"none", "zlib@openssh.com"},
		KexInit:               &scanner.Unknown{Reason: scanner.ReasonTimeout, Detail: "a second read"},
		HostKeys: []scanner.SSHHostKey{{
			Algorithm: "ssh-ed25519-cert-v01@openssh.com", Status: scanner.StatusUnknown, Reason: scanner.ReasonNotTested, Detail: "d",
			Type: "ssh-ed25519", Bits: 256, SHA256: fp, SPKISHA256: strings.Repeat("ab", 32),
			Certificate: &scanner.SSHHostCertificate{CAType: "ssh-rsa", CABits: 3072, CASHA256: fp},
		}},
		GroupExchange: &scanner.SSHGroupExchange{Algorithm: "diffie-hellman-group-exchange-sha256", Status: scanner.Supported,
			Reason: scanner.ReasonNotTested, Detail: "d", Bits: 2048},
		Auth: &scanner.SSHAuth{User: "cryptoscan", Methods: []string{"publickey", "password"}, NoneAccepted: true,
			Unknown: &scanner.Unknown{Reason: scanner.ReasonReset, Detail: "d"}},
		LegacyServices: []scanner.LegacyService{{Port: 21, Service: "ftp", State: scanner.PortUnknown, Reason: scanner.ReasonTimeout,
			Detail: "d", Banner: `220 ready\x00`, Confirmed: true, AuthTLS: &authTLS}},
	}
}

// fullDNS sets every field of a DNS observation.
func fullDNS() *dnsprobe.Observation {
	unknown := dnsprobe.Lookup{State: dnsprobe.Unknown, Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonServFail, Detail: "SERVFAIL"}, NXDomain: true, Authenticated: true}
	return &dnsprobe.Observation{
		Name: "example.fr",
		DNSSEC: dnsprobe.DNSSEC{
			Zone: "example.fr", ZoneLookup: unknown, DNSKEY: unknown,
			Keys: []dnsprobe.DNSKEY{{Flags: 257, ZoneKey: true, SEP: true, Revoked: true, Protocol: 3, Algorithm: 8, AlgorithmName: "RSASHA256",
				KeyTag: 12345, Bits: 2048, RSAExponent: "65537", Malformed: "short"}},
			Signatures: []dnsprobe.Signature{{Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", KeyTag: 1, SignerName: "example.fr.",
				Inception: t0, Expiration: t1, Verdict: dnsprobe.Valid, Detail: "ok"}},
			DS:        unknown,
			DSRecords: []dnsprobe.DS{{KeyTag: 1, Algorithm: 13, AlgorithmName: "ECDSAP256SHA256", DigestType: 2, DigestTypeName: "SHA-256", Digest: "ab", Verdict: dnsprobe.Matches}},
		},
		CAA: dnsprobe.CAA{Lookup: unknown, Owner: "example.fr", Asked: []string{"www.example.fr", "example.fr"},
			Records: []dnsprobe.CAARecord{{Flags: 128, Critical: true, Tag: "issue", Value: "harica.gr; validationmethods=dns-01", Issuer: "harica.gr",
				Parameters: []dnsprobe.CAAParam{{Tag: "validationmethods", Value: "dns-01"}}, Malformed: "x"}}},
		TLSA: []dnsprobe.TLSASet{{Name: "_443._tcp.example.fr", Host: "example.fr", Port: 443, Lookup: unknown,
			Records: []dnsprobe.TLSA{{Usage: 3, Selector: 1, MatchingType: 1, Data: "ab"}}}},
		SSHFP: &dnsprobe.SSHFPSet{Lookup: unknown, Records: []dnsprobe.SSHFP{{Algorithm: 4, AlgorithmName: "Ed25519", Type: 2, TypeName: "SHA-256", Fingerprint: "ab"}}},
		MTASTS: &dnsprobe.MTASTS{Domain: "example.fr", Record: unknown, Records: []string{"v=STSv1; id=20261127"}, ID: "20261127",
			RecordProblem: "two STSv1 records",
			Policy: &dnsprobe.MTASTSPolicy{URL: "https://mta-sts.example.fr/.well-known/mta-sts.txt", Fetched: true,
				Unknown: &dnsprobe.Problem{Reason: dnsprobe.ReasonCertificate, Detail: "x509: certificate signed by unknown authority"},
				Version: "STSv1", Mode: "enforce", MX: []string{"mail.example.fr", "*.example.net"}, MaxAge: 604800, Problems: []string{"max_age repeated"}},
			TLSRPT: unknown, TLSRPTRecords: []string{"v=TLSRPTv1; rua=mailto:tlsrpt@example.fr"}, RUA: []string{"mailto:tlsrpt@example.fr"},
			TLSRPTProblem: "no rua field", Stats: dnsprobe.Stats{Queries: 4, DurationMS: 3}},
		Stats: dnsprobe.Stats{Queries: 7, DurationMS: 12},
	}
}

// fullFeature sets every field of a feature (the schema test validates
// the combination, not its meaning).
func fullFeature() scanner.Feature {
	n := int64(7200)
	return scanner.Feature{Status: scanner.StatusUnknown, Reason: scanner.AlertReason(86), Detail: "detail",
		Versions: []scanner.Version{scanner.TLSv12}, Value: &n, Names: []string{"h2"}}
}

func fullExtensions() *scanner.Extensions {
	f := fullFeature
	return &scanner.Extensions{
		SecureRenegotiation: f(), ExtendedMasterSecret: f(), EncryptThenMAC: f(), SessionTicket: f(), TLS12Ticket: f(),
		TLS13Tickets: f(), PSKKE: f(), EarlyData: f(), Compression: f(), Heartbeat: f(), ALPN: f(), ECPointFormats: f(),
		MaxFragmentLength: f(), FallbackSCSV: f(), DowngradeSentinel: f(), ClientRenegotiation: f(), CertificateRequest: f(),
		RandomTime: f(), RepeatedRandoms: f(), CCSInjection: f(), Heartbleed: f(), ROBOT: f(), WithoutSNI: f(),
	}
}

var (
	hexA = strings.Repeat("a1", 32)
	hexB = strings.Repeat("b2", 32)
	t0   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t1   = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	one  = 1
	ext  = pki.Extension{OID: "2.5.29.15", Name: "keyUsage", Critical: true}
	sct  = pki.SCT{
		Source: pki.SCTFromCertificate, Version: 1, LogID: "q83v", LogIDHex: "abcd", TimestampMS: 1767225600000, Timestamp: t0,
		Extensions: "00", HashAlgorithm: "sha256", SignatureAlgorithm: "ecdsa", Signature: []byte{1, 2},
	}
)

// TestFullResultIsFull fails when a field is added to the observation
// model without being set in fullResult, so the schema test below sees it.
func TestFullResultIsFull(t *testing.T) {
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.IsZero() {
			t.Errorf("fullResult leaves %s unset: set it, and add it to events.schema.json", path)
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			walk(path, v.Elem())
		case reflect.Slice:
			walk(path+"[0]", v.Index(0)) // the first element carries every field
		case reflect.Struct:
			if p := v.Type().PkgPath(); p != "github.com/cryptoscan/cryptoscan/scanner" && p != "github.com/cryptoscan/cryptoscan/scanner/pki" && p != "github.com/cryptoscan/cryptoscan/scanner/dnsprobe" {
				return // netip.Addr, time.Time
			}
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if f.IsExported() {
					walk(path+"."+f.Name, v.Field(i))
				}
			}
		}
	}
	walk("Result", reflect.ValueOf(fullResult()))
}

// TestWriterMatchesSchema writes Go values through the NDJSON writer and
// validates them, so the schema and the Go types cannot drift apart.
func TestWriterMatchesSchema(t *testing.T) {
	results := map[string]scanner.Result{
		"full": fullResult(),
		"minimal": {
			Endpoint: scanner.Endpoint{Host: "::1", IP: netip.MustParseAddr("::1"), Port: 8443, Protocol: "tls", Source: "argument"},
			Error:    &scanner.Unknown{Reason: scanner.ReasonUnreachable},
		},
		"empty observation": {
			Endpoint: scanner.Endpoint{Host: "127.0.0.1", IP: netip.MustParseAddr("127.0.0.1"), Port: 443, Protocol: "tls", Source: "argument"},
			TLS:      &scanner.TLSObservation{},
		},
	}
	for name, r := range results {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			w := report.NewNDJSON(&b, report.Run{ID: "run-1", Now: func() time.Time { return time.Unix(0, 0) }})
			if err := w.Endpoint(r); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if err := schema.ValidateStream(strings.NewReader(out)); err != nil {
				t.Errorf("writer output does not match the schema: %v\n%s", err, out)
			}
		})
	}
}
