package peer

import (
	"encoding/xml"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Second opinions: sslscan and nmap's ssl-enum-ciphers, run against a
// loopback address and parsed from their XML. Version names are
// cryptoscan's: SSLv2 SSLv3 TLSv1.0 TLSv1.1 TLSv1.2 TLSv1.3.

// SslscanResult is what sslscan reported.
type SslscanResult struct {
	// Versions has every version sslscan tested, true when enabled.
	Versions map[string]bool
	Ciphers  []SslscanCipher
	Groups   []SslscanGroup
	Duration time.Duration // wall time of the sslscan run
	XML      []byte
}

// SslscanCipher is one accepted suite. sslscan (2.0.7) names suites with
// OpenSSL's names (IANA's for TLS 1.3) and gives the code in id=.
type SslscanCipher struct {
	Version   string
	Code      uint16
	Name      string
	Preferred bool
	Bits      int
	Strength  string
	Curve     string // ECDHE curve used ("25519", "P-256")
	DHEBits   int    // finite-field DHE prime size
}

// SslscanGroup is one accepted key-exchange group.
type SslscanGroup struct {
	Version string
	Code    uint16
	Name    string
	Bits    int
}

// Accepted lists the codes of the suites accepted in version, in sslscan's
// order (the preferred one first).
func (r SslscanResult) Accepted(version string) []uint16 {
	var codes []uint16
	for _, c := range r.Ciphers {
		if c.Version == version {
			codes = append(codes, c.Code)
		}
	}
	return codes
}

// Preferred is the suite sslscan found preferred in version.
func (r SslscanResult) Preferred(version string) (uint16, bool) {
	for _, c := range r.Ciphers {
		if c.Version == version && c.Preferred {
			return c.Code, true
		}
	}
	return 0, false
}

// GroupCodes lists the codes of the groups accepted in version.
func (r SslscanResult) GroupCodes(version string) []uint16 {
	var codes []uint16
	for _, g := range r.Groups {
		if g.Version == version {
			codes = append(codes, g.Code)
		}
	}
	return codes
}

// Sslscan runs `sslscan --no-colour --xml=- ADDR` against a loopback
// ip:port with its default checks, and parses the XML.
func Sslscan(t testing.TB, addr string) SslscanResult {
	t.Helper()
	bin := Require(t, "sslscan")
	checkLoopback(t, addr)
	args := []string{"--no-colour", "--xml=-", addr}
	begin := time.Now()
	out, err := exec.Command(bin, args...).Output()
	elapsed := time.Since(begin)
	r, perr := parseSslscan(out)
	if perr != nil {
		t.Fatalf("peer: sslscan %s: %v (exit: %v)\n%s", strings.Join(args, " "), perr, err, out)
	}
	r.Duration = elapsed
	return r
}

type sslscanXML struct {
	Error string `xml:"error"`
	Test  struct {
		Protocols []struct {
			Type    string `xml:"type,attr"`
			Version string `xml:"version,attr"`
			Enabled string `xml:"enabled,attr"`
		} `xml:"protocol"`
		Ciphers []struct {
			Status   string `xml:"status,attr"`
			Version  string `xml:"sslversion,attr"`
			Bits     int    `xml:"bits,attr"`
			Cipher   string `xml:"cipher,attr"`
			ID       string `xml:"id,attr"`
			Strength string `xml:"strength,attr"`
			Curve    string `xml:"curve,attr"`
			DHEBits  int    `xml:"dhebits,attr"`
		} `xml:"cipher"`
		Groups []struct {
			Version string `xml:"sslversion,attr"`
			Bits    int    `xml:"bits,attr"`
			Name    string `xml:"name,attr"`
			ID      string `xml:"id,attr"`
		} `xml:"group"`
	} `xml:"ssltest"`
}

func parseSslscan(out []byte) (SslscanResult, error) {
	var doc sslscanXML
	if err := xml.Unmarshal(out, &doc); err != nil {
		return SslscanResult{}, fmt.Errorf("parse XML: %w", err)
	}
	if doc.Error != "" {
		return SslscanResult{}, fmt.Errorf("sslscan: %s", strings.TrimSpace(doc.Error))
	}
	r := SslscanResult{Versions: make(map[string]bool), XML: out}
	for _, p := range doc.Test.Protocols {
		var v string
		switch {
		case p.Type == "ssl" && p.Version == "2":
			v = "SSLv2"
		case p.Type == "ssl" && p.Version == "3":
			v = "SSLv3"
		case p.Type == "tls":
			v = "TLSv" + p.Version
		default:
			return r, fmt.Errorf("unknown protocol %s %s", p.Type, p.Version)
		}
		r.Versions[v] = p.Enabled == "1"
	}
	if len(r.Versions) == 0 {
		return r, fmt.Errorf("no protocol elements")
	}
	for _, c := range doc.Test.Ciphers {
		code, err := codeAttr(c.ID, c.Cipher)
		if err != nil {
			return r, err
		}
		r.Ciphers = append(r.Ciphers, SslscanCipher{
			Version: c.Version, Code: code, Name: c.Cipher, Preferred: c.Status == "preferred",
			Bits: c.Bits, Strength: c.Strength, Curve: c.Curve, DHEBits: c.DHEBits,
		})
	}
	for _, g := range doc.Test.Groups {
		code, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(g.ID), "0x"), 16, 16)
		if err != nil {
			return r, fmt.Errorf("group %q: malformed id %q", g.Name, g.ID)
		}
		r.Groups = append(r.Groups, SslscanGroup{Version: g.Version, Code: uint16(code), Name: g.Name, Bits: g.Bits})
	}
	return r, nil
}

// codeAttr reads an id="0xC02F" attribute, or looks name up in the local
// OpenSSL's table when the attribute is missing.
func codeAttr(id, name string) (uint16, error) {
	if id != "" {
		n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(id), "0x"), 16, 16)
		if err != nil {
			return 0, fmt.Errorf("cipher %q: malformed id %q", name, id)
		}
		return uint16(n), nil
	}
	if c, ok := lookupSuite(name); ok {
		return c, nil
	}
	return 0, fmt.Errorf("cipher %q: no id and unknown to openssl", name)
}

// NmapResult is what nmap's ssl-enum-ciphers reported.
type NmapResult struct {
	// Versions lists the versions with at least one accepted suite.
	Versions []string
	Ciphers  []NmapCipher
	// Preference is "client", "server" or "indeterminate", per version.
	Preference map[string]string
	Duration   time.Duration // wall time of the nmap run
	XML        []byte
}

// NmapCipher is one accepted suite. Name is the IANA name (nmap's
// TLS_AKE_WITH_ prefix of TLS 1.3 suites removed); Code is 0 when the
// local OpenSSL does not know the name (RC4, 3DES and other suites OpenSSL
// 3.0 dropped).
type NmapCipher struct {
	Version  string
	Name     string
	Code     uint16
	KexInfo  string // "secp256r1", "dh 2048", "rsa 2048"
	Strength string // nmap's grade
}

// Names lists the suite names accepted in version, in nmap's order.
func (r NmapResult) Names(version string) []string {
	var names []string
	for _, c := range r.Ciphers {
		if c.Version == version {
			names = append(names, c.Name)
		}
	}
	return names
}

// Nmap runs `nmap -Pn -n -p PORT --script ssl-enum-ciphers -oX - IP`
// against a loopback ip:port and parses the XML. Run as root, nmap finds
// the port open with a SYN scan (a half-open handshake the server never
// accepts), so only the script's connections reach the server.
func Nmap(t testing.TB, addr string) NmapResult {
	t.Helper()
	bin := Require(t, "nmap")
	ap := checkLoopback(t, addr)
	args := []string{"-Pn", "-n", "-p", strconv.Itoa(int(ap.Port())), "--script", "ssl-enum-ciphers", "-oX", "-", ap.Addr().String()}
	begin := time.Now()
	out, err := exec.Command(bin, args...).Output()
	elapsed := time.Since(begin)
	if err != nil {
		t.Fatalf("peer: nmap %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	r, err := parseNmap(out)
	if err != nil {
		t.Fatalf("peer: nmap %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	r.Duration = elapsed
	return r
}

type nmapTable struct {
	Key    string      `xml:"key,attr"`
	Tables []nmapTable `xml:"table"`
	Elems  []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	} `xml:"elem"`
}

func (t nmapTable) elem(key string) string {
	for _, e := range t.Elems {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

type nmapXML struct {
	Hosts []struct {
		Ports []struct {
			State struct {
				State string `xml:"state,attr"`
			} `xml:"state"`
			Scripts []struct {
				ID     string      `xml:"id,attr"`
				Output string      `xml:"output,attr"`
				Tables []nmapTable `xml:"table"`
			} `xml:"script"`
		} `xml:"ports>port"`
	} `xml:"host"`
}

func parseNmap(out []byte) (NmapResult, error) {
	var doc nmapXML
	if err := xml.Unmarshal(out, &doc); err != nil {
		return NmapResult{}, fmt.Errorf("parse XML: %w", err)
	}
	r := NmapResult{Preference: make(map[string]string), XML: out}
	if len(doc.Hosts) != 1 || len(doc.Hosts[0].Ports) != 1 {
		return r, fmt.Errorf("want one host with one port")
	}
	port := doc.Hosts[0].Ports[0]
	if port.State.State != "open" {
		return r, fmt.Errorf("port %s", port.State.State)
	}
	for _, s := range port.Scripts {
		if s.ID != "ssl-enum-ciphers" {
			continue
		}
		for _, vt := range s.Tables {
			r.Versions = append(r.Versions, vt.Key)
			r.Preference[vt.Key] = vt.elem("cipher preference")
			for _, sub := range vt.Tables {
				if sub.Key != "ciphers" {
					continue
				}
				for _, ct := range sub.Tables {
					name := ct.elem("name")
					if rest, ok := strings.CutPrefix(name, "TLS_AKE_WITH_"); ok {
						name = "TLS_" + rest
					}
					code, _ := lookupSuite(name)
					r.Ciphers = append(r.Ciphers, NmapCipher{Version: vt.Key, Name: name, Code: code, KexInfo: ct.elem("kex_info"), Strength: ct.elem("strength")})
				}
			}
		}
	}
	return r, nil
}
