package discover

import (
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	ip := netip.MustParseAddr
	pfx := netip.MustParsePrefix
	tls := func(n uint16) Port { return Port{n, ProtocolTLS} }
	tests := []struct {
		arg    string
		name   string
		ip     netip.Addr
		prefix netip.Prefix
		ports  []Port
		scheme string
	}{
		// Hosts.
		{arg: "example.fr", name: "example.fr"},
		{arg: "Example.FR.", name: "example.fr"},
		{arg: "example.fr:8443", name: "example.fr", ports: []Port{tls(8443)}},
		{arg: "_acme.example.fr:1", name: "_acme.example.fr", ports: []Port{tls(1)}},
		{arg: "localhost:65535", name: "localhost", ports: []Port{tls(65535)}},
		{arg: "example.fr:443,8443,443", name: "example.fr", ports: []Port{tls(443), tls(8443)}},
		{arg: "mx.example.fr:25", name: "mx.example.fr", ports: []Port{{25, ProtocolSMTP}}},
		{arg: "mx.example.fr:25/tls", name: "mx.example.fr", ports: []Port{tls(25)}},
		{arg: "mx.example.fr:2525/SMTP", name: "mx.example.fr", ports: []Port{{2525, ProtocolSMTP}}},
		{arg: "chat.example.fr:5222/xmpp", name: "chat.example.fr", ports: []Port{{5222, ProtocolXMPPClient}}},
		// Addresses.
		{arg: "192.0.2.10", ip: ip("192.0.2.10")},
		{arg: "192.0.2.10:993", ip: ip("192.0.2.10"), ports: []Port{tls(993)}},
		{arg: "192.0.2.10:143,993", ip: ip("192.0.2.10"), ports: []Port{{143, ProtocolIMAP}, tls(993)}},
		{arg: "2001:db8::1", ip: ip("2001:db8::1")},
		{arg: "::1", ip: ip("::1")},
		{arg: "[2001:db8::1]", ip: ip("2001:db8::1")},
		{arg: "[2001:db8::1]:8443", ip: ip("2001:db8::1"), ports: []Port{tls(8443)}},
		{arg: "[2001:db8::1]:443,8443", ip: ip("2001:db8::1"), ports: []Port{tls(443), tls(8443)}},
		{arg: "[::ffff:192.0.2.10]:443", ip: ip("192.0.2.10"), ports: []Port{tls(443)}},
		// Ranges.
		{arg: "192.0.2.0/28", prefix: pfx("192.0.2.0/28")},
		{arg: "192.0.2.0/28:443,8443", prefix: pfx("192.0.2.0/28"), ports: []Port{tls(443), tls(8443)}},
		{arg: "192.0.2.7/28:25", prefix: pfx("192.0.2.0/28"), ports: []Port{{25, ProtocolSMTP}}},
		{arg: "192.0.2.1/32", prefix: pfx("192.0.2.1/32")},
		{arg: "2001:db8::/120", prefix: pfx("2001:db8::/120")},
		{arg: "[2001:db8::/120]", prefix: pfx("2001:db8::/120")},
		{arg: "[2001:db8::/120]:443", prefix: pfx("2001:db8::/120"), ports: []Port{tls(443)}},
		// URLs.
		{arg: "https://example.fr", name: "example.fr", ports: []Port{tls(443)}, scheme: "https"},
		{arg: "https://example.fr/", name: "example.fr", ports: []Port{tls(443)}, scheme: "https"},
		{arg: "https://example.fr:8443/path?q=1#f", name: "example.fr", ports: []Port{tls(8443)}, scheme: "https"},
		{arg: "HTTPS://EXAMPLE.FR/", name: "example.fr", ports: []Port{tls(443)}, scheme: "https"},
		{arg: "https://192.0.2.10:444/", ip: ip("192.0.2.10"), ports: []Port{tls(444)}, scheme: "https"},
		{arg: "https://[2001:db8::1]:444/", ip: ip("2001:db8::1"), ports: []Port{tls(444)}, scheme: "https"},
		{arg: "https://[2001:db8::1]/", ip: ip("2001:db8::1"), ports: []Port{tls(443)}, scheme: "https"},
		{arg: "https://[::ffff:192.0.2.10]/", ip: ip("192.0.2.10"), ports: []Port{tls(443)}, scheme: "https"},
		{arg: "smtps://mail.example.fr", name: "mail.example.fr", ports: []Port{tls(465)}, scheme: "smtps"},
		{arg: "submissions://mail.example.fr", name: "mail.example.fr", ports: []Port{tls(465)}, scheme: "submissions"},
		{arg: "imaps://mail.example.fr", name: "mail.example.fr", ports: []Port{tls(993)}, scheme: "imaps"},
		{arg: "pop3s://mail.example.fr", name: "mail.example.fr", ports: []Port{tls(995)}, scheme: "pop3s"},
		{arg: "ldaps://dir.example.fr", name: "dir.example.fr", ports: []Port{tls(636)}, scheme: "ldaps"},
		{arg: "ftps://files.example.fr", name: "files.example.fr", ports: []Port{tls(990)}, scheme: "ftps"},
		{arg: "xmpps://chat.example.fr", name: "chat.example.fr", ports: []Port{tls(5223)}, scheme: "xmpps"},
		{arg: "smtp://mx.example.fr", name: "mx.example.fr", ports: []Port{{25, ProtocolSMTP}}, scheme: "smtp"},
		{arg: "smtp://mx.example.fr:2525", name: "mx.example.fr", ports: []Port{{2525, ProtocolSMTP}}, scheme: "smtp"},
		{arg: "submission://mail.example.fr", name: "mail.example.fr", ports: []Port{{587, ProtocolSMTP}}, scheme: "submission"},
		{arg: "imap://mail.example.fr", name: "mail.example.fr", ports: []Port{{143, ProtocolIMAP}}, scheme: "imap"},
		{arg: "ssh://bastion.example.fr", name: "bastion.example.fr", ports: []Port{{22, ProtocolSSH}}, scheme: "ssh"},
		{arg: "bastion.example.fr:22", name: "bastion.example.fr", ports: []Port{{22, ProtocolSSH}}},
		{arg: "ike://vpn.example.fr", name: "vpn.example.fr", ports: []Port{{500, ProtocolIKE}}, scheme: "ike"},
		{arg: "ike://vpn.example.fr:4500", name: "vpn.example.fr", ports: []Port{{4500, ProtocolIKE}}, scheme: "ike"},
		{arg: "vpn.example.fr:500", name: "vpn.example.fr", ports: []Port{{500, ProtocolIKE}}},
		{arg: "pop3://mail.example.fr", name: "mail.example.fr", ports: []Port{{110, ProtocolPOP3}}, scheme: "pop3"},
		{arg: "ftp://files.example.fr", name: "files.example.fr", ports: []Port{{21, ProtocolFTP}}, scheme: "ftp"},
		{arg: "xmpp://chat.example.fr", name: "chat.example.fr", ports: []Port{{5222, ProtocolXMPPClient}}, scheme: "xmpp"},
		{arg: "xmpp-server://chat.example.fr", name: "chat.example.fr", ports: []Port{{5269, ProtocolXMPPServer}}, scheme: "xmpp-server"},
		{arg: "ldap://dir.example.fr", name: "dir.example.fr", ports: []Port{{389, ProtocolLDAP}}, scheme: "ldap"},
		{arg: "postgres://db.example.fr", name: "db.example.fr", ports: []Port{{5432, ProtocolPostgres}}, scheme: "postgres"},
		{arg: "postgresql://user:secret@db.example.fr:6432/app?sslmode=require", name: "db.example.fr", ports: []Port{{6432, ProtocolPostgres}}, scheme: "postgresql"},
		{arg: "mysql://db.example.fr", name: "db.example.fr", ports: []Port{{3306, ProtocolMySQL}}, scheme: "mysql"},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.arg)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", tt.arg, err)
			continue
		}
		want := Input{Text: tt.arg, Origin: "argument", Name: tt.name, Addr: tt.ip, Prefix: tt.prefix, Ports: tt.ports, Scheme: tt.scheme}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseTarget(%q) =\n %+v\nwant\n %+v", tt.arg, got, want)
		}
	}
}

func TestParseTargetBare(t *testing.T) {
	for arg, want := range map[string]bool{
		"example.fr":          true,
		"example.fr:443":      false,
		"https://example.fr/": false,
		"192.0.2.1":           false,
		"192.0.2.0/24":        false,
	} {
		in, err := ParseTarget(arg)
		if err != nil {
			t.Fatal(err)
		}
		if in.Bare() != want {
			t.Errorf("ParseTarget(%q).Bare() = %v, want %v", arg, in.Bare(), want)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct {
		arg  string
		want string // the whole error message
		hint string // in the hint; empty means TargetsHint
	}{
		{"", `target "": empty`, ""},
		{"example.fr:99999", `target "example.fr:99999": port "99999" is not a number from 1 to 65535`, ""},
		{"example.fr:0", `target "example.fr:0": port "0" is not a number from 1 to 65535`, ""},
		{"example.fr:https", `target "example.fr:https": port "https" is not a number from 1 to 65535`, ""},
		{"example.fr:-1", `target "example.fr:-1": port "-1" is not a number from 1 to 65535`, ""},
		{"example.fr:+443", `target "example.fr:+443": port "+443" is not a number from 1 to 65535`, ""},
		{"example.fr:", `target "example.fr:": empty port`, ""},
		{"example.fr:443,,8443", `target "example.fr:443,,8443": empty port in list "443,,8443"`, ""},
		{"example.fr:443/gopher", `target "example.fr:443/gopher": unknown protocol "gopher"`, "the protocols are tls, smtp, imap"},
		{":443", `target ":443": no host`, ""},
		{"https://", `target "https://": URL has no host`, ""},
		{"https:///path", `target "https:///path": URL has no host`, ""},
		{"https://example.fr:99999/", `target "https://example.fr:99999/": port "99999" is not a number from 1 to 65535`, ""},
		{"https://example.fr:/", `target "https://example.fr:/": empty port`, ""},
		{"https://exa mple.fr/", `target "https://exa mple.fr/": not a valid URL`, ""},
		{"http://example.fr/", `target "http://example.fr/": unsupported URL scheme "http"`, "cryptoscan scans TLS; give https://"},
		{"gopher://example.fr", `target "gopher://example.fr": unsupported URL scheme "gopher"`, "the URL schemes it knows are https, smtps"},
		{"[2001:db8::1", `target "[2001:db8::1": write an IPv6 address with a port as [ADDRESS]:PORT`, ""},
		{"[2001:db8::1]443", `target "[2001:db8::1]443": write an IPv6 address with a port as [ADDRESS]:PORT`, ""},
		{"[2001:db8::1]:", `target "[2001:db8::1]:": empty port`, ""},
		{"[2001:db8::1]:x", `target "[2001:db8::1]:x": port "x" is not a number from 1 to 65535`, ""},
		{"[192.0.2.10]:443", `target "[192.0.2.10]:443": "192.0.2.10" is not an IPv6 address`, ""},
		{"[example.fr]:443", `target "[example.fr]:443": "example.fr" is not an IPv6 address`, ""},
		{"2001:db8::zz", `target "2001:db8::zz": "2001:db8::zz" is not an IPv6 address`, ""},
		{"fe80::1%eth0", `target "fe80::1%eth0": IPv6 zones are not supported`, ""},
		{"https://[fe80::1%25eth0]/", `target "https://[fe80::1%25eth0]/": IPv6 zones are not supported`, ""},
		{"0.0.0.0", `target "0.0.0.0": 0.0.0.0 is the unspecified address`, ""},
		{"[::]:443", `target "[::]:443": :: is the unspecified address`, ""},
		{"224.0.0.1", `target "224.0.0.1": 224.0.0.1 is a multicast address`, ""},
		{"https://0.0.0.0/", `target "https://0.0.0.0/": 0.0.0.0 is the unspecified address`, ""},
		{"192.0.2.300", `target "192.0.2.300": "192.0.2.300" is not a valid IPv4 address`, ""},
		{"1.2.3", `target "1.2.3": "1.2.3" is not a valid IPv4 address`, ""},
		{"exa mple.fr", `target "exa mple.fr": invalid character ' ' in host name`, ""},
		{"example.fr/path", `target "example.fr/path": invalid character '/' in host name`, ""},
		{"example..fr", `target "example..fr": empty label in host name`, ""},
		{"-example.fr", `target "-example.fr": host name label "-example" starts or ends with a hyphen`, ""},
		{"exämple.fr", `target "exämple.fr": internationalized host name: give its ASCII form (xn--...)`, ""},
		{strings.Repeat("a", 64) + ".fr", `host name label longer than 63 characters`, ""},
		{strings.Repeat("a.", 127) + "fr", `host name longer than 253 characters`, ""},
		// Ranges.
		{"192.0.2.0/33", `target "192.0.2.0/33": prefix length "33" is not a number from 0 to 32`, ""},
		{"192.0.2.0/x", `target "192.0.2.0/x": prefix length "x" is not a number from 0 to 32`, ""},
		{"192.0.2.0/", `target "192.0.2.0/": prefix length "" is not a number from 0 to 32`, ""},
		{"192.0.2.0/+8", `target "192.0.2.0/+8": prefix length "+8" is not a number from 0 to 32`, ""},
		{"192.0.2.0/28:", `target "192.0.2.0/28:": empty port`, ""},
		{"192.0.2.0/28:0", `target "192.0.2.0/28:0": port "0" is not a number from 1 to 65535`, ""},
		{"2001:db8::/129", `target "2001:db8::/129": prefix length "129" is not a number from 0 to 128`, ""},
		{"2001:db8::/120:443", `target "2001:db8::/120:443": write an IPv6 range with ports as [RANGE]:PORTS`, ""},
		{"[192.0.2.0/28]:443", `target "[192.0.2.0/28]:443": "192.0.2.0/28" is not an IPv6 range: write an IPv4 range without brackets`, ""},
		{"[::ffff:192.0.2.0/120]", `target "[::ffff:192.0.2.0/120]": "::ffff:192.0.2.0/120" is an IPv4-mapped range: write it in IPv4 form`, ""},
		{"fe80::1%eth0/64", `target "fe80::1%eth0/64": IPv6 zones are not supported`, ""},
		{"224.0.0.0/24", `target "224.0.0.0/24": 224.0.0.0/24 is a multicast range`, ""},
		{"0.0.0.0/32", `target "0.0.0.0/32": 0.0.0.0 is the unspecified address`, ""},
	}
	for _, tt := range tests {
		_, err := ParseTarget(tt.arg)
		if err == nil {
			t.Errorf("ParseTarget(%q) succeeded, want an error", tt.arg)
			continue
		}
		var te *TargetError
		if !errors.As(err, &te) || te.Origin != "argument" || te.Text != tt.arg {
			t.Errorf("ParseTarget(%q): %#v is not a TargetError for the argument", tt.arg, err)
			continue
		}
		msg := err.Error()
		if strings.HasPrefix(tt.want, "target ") && msg != tt.want || !strings.Contains(msg, tt.want) {
			t.Errorf("ParseTarget(%q) = %q, want %q", tt.arg, msg, tt.want)
		}
		if strings.HasSuffix(msg, ".") {
			t.Errorf("ParseTarget(%q): error ends with a period: %q", tt.arg, msg)
		}
		hint := Hint(err)
		switch {
		case tt.hint == "" && hint != TargetsHint:
			t.Errorf("ParseTarget(%q): hint %q, want TargetsHint", tt.arg, hint)
		case tt.hint != "" && !strings.Contains(hint, tt.hint):
			t.Errorf("ParseTarget(%q): hint %q, want it to contain %q", tt.arg, hint, tt.hint)
		}
	}
}

func TestParsePorts(t *testing.T) {
	tests := []struct {
		in   string
		want []Port
		err  string
	}{
		{in: "443", want: []Port{{443, "tls"}}},
		{in: "443,8443,993", want: []Port{{443, "tls"}, {8443, "tls"}, {993, "tls"}}},
		{in: " 443 , 8443 ", want: []Port{{443, "tls"}, {8443, "tls"}}},
		{in: "25,587,143,110,21,5222,5269,389,5432,3306", want: []Port{
			{25, "smtp"}, {587, "smtp"}, {143, "imap"}, {110, "pop3"}, {21, "ftp"},
			{5222, "xmpp-client"}, {5269, "xmpp-server"}, {389, "ldap"}, {5432, "postgres"}, {3306, "mysql"},
		}},
		{in: "465,993,995,636,990,5223", want: []Port{{465, "tls"}, {993, "tls"}, {995, "tls"}, {636, "tls"}, {990, "tls"}, {5223, "tls"}}},
		{in: "2525/smtp,25/tls,6432/postgresql,5222/XMPP", want: []Port{{2525, "smtp"}, {25, "tls"}, {6432, "postgres"}, {5222, "xmpp-client"}}},
		{in: "443,443/tls,25,25/smtp", want: []Port{{443, "tls"}, {25, "smtp"}}},
		{in: "", err: "empty port"},
		{in: "443,", err: `empty port in list "443,"`},
		{in: "65536", err: `port "65536" is not a number from 1 to 65535`},
		{in: "443/", err: `unknown protocol ""`},
		{in: "443/telnet", err: `unknown protocol "telnet"`},
		{in: "22,2222/ssh,22/tls", want: []Port{{22, "ssh"}, {2222, "ssh"}, {22, "tls"}}},
	}
	for _, tt := range tests {
		got, err := ParsePorts(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParsePorts(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParsePorts(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if got := (Port{25, "smtp"}).String(); got != "25" {
		t.Errorf("Port{25, smtp} = %q, want 25", got)
	}
	if got := (Port{2525, "smtp"}).String(); got != "2525/smtp" {
		t.Errorf("Port{2525, smtp} = %q, want 2525/smtp", got)
	}
}
