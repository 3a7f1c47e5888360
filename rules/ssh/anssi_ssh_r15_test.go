package sshrules_test

import (
	"testing"

	"github.com/cryptoscan/cryptoscan/scanner"
)

func TestR15(t *testing.T) {
	aead := func() *builder {
		return compliant().Ciphers("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com")
	}
	runCases(t, "ANSSI-SSH-R15", []tcase{
		{name: "pass - AES-CTR and HMAC-SHA-2 ETM", res: compliant().Result()},
		{name: "pass - every R15 cipher and MAC", res: compliant().Ciphers("aes128-ctr", "aes192-ctr", "aes256-ctr").
			MACs("hmac-sha1", "hmac-sha1-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512", "hmac-sha2-512-etm@openssh.com").Result()},
		{name: "fail - CBC, 3DES, arcfour, blowfish, cast and none", res: compliant().AddCiphers("aes128-cbc", "3des-cbc", "arcfour256", "blowfish-cbc", "cast128-cbc", "none").Result(),
			items: []string{"aes128-cbc", "3des-cbc", "arcfour256", "blowfish-cbc", "cast128-cbc", "none"},
			why:   []string{"AES in CBC mode", "3DES, a 64-bit block cipher", "RC4, a stream cipher", "Blowfish, a 64-bit block", "CAST-128, a 64-bit block", "no encryption"}},
		{name: "warn - OpenSSH's default AEAD ciphers beside AES-CTR", res: compliant().AddCiphers("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com").Result(),
			items: []string{"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"}, why: []string{"outside R15's literal list"}},
		{name: "fail - AEAD warns, CBC fails", res: compliant().AddCiphers("aes128-gcm@openssh.com", "aes256-cbc").Result(),
			items: []string{"aes128-gcm@openssh.com", "aes256-cbc"}},
		{name: "fail - twofish in CTR mode", res: compliant().AddCiphers("twofish256-ctr").Result(), why: []string{"Twofish in CTR mode: R15 names AES only"}},
		{name: "fail - unknown cipher", res: compliant().AddCiphers("aes256-siv@example.com").Result(), why: []string{"unknown to cryptoscan"}},
		{name: "fail - MD5, -96 and umac-64 MACs", res: compliant().AddMACs("hmac-md5", "hmac-sha1-96", "umac-64-etm@openssh.com", "hmac-md5-96-etm@openssh.com").Result(),
			items: []string{"hmac-md5", "hmac-sha1-96", "umac-64-etm@openssh.com", "hmac-md5-96-etm@openssh.com"},
			why:   []string{"HMAC-MD5 (128-bit tag)", "truncated to 96 bits", "truncated to 64 bits", "HMAC-MD5 (96-bit tag)"}},
		{name: "fail - umac-128 and RIPEMD-160, outside the list", res: compliant().AddMACs("umac-128-etm@openssh.com", "hmac-ripemd160").Result(),
			why: []string{"UMAC (128-bit tag), outside R15's list", "HMAC-RIPEMD-160, outside R15's list"}},
		{name: "fail - CBC server to client only", res: compliant().CiphersServerToClient("aes256-ctr", "aes128-ctr", "aes256-cbc").Result(),
			items: []string{"aes256-cbc"}, why: []string{"(server to client only)"}},
		{name: "fail - MD5 client to server only", res: compliant().MACs("hmac-sha2-512-etm@openssh.com", "hmac-md5").MACsServerToClient("hmac-sha2-512-etm@openssh.com").Result(),
			items: []string{"hmac-md5"}, why: []string{"(client to server only)"}},
		{name: "warn - AEAD only: the MACs are never used, an MD5 one warns", res: aead().AddMACs("hmac-md5").Result(),
			items: []string{"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "hmac-md5"},
			why:   []string{"hmac-md5: HMAC-MD5", "not used while every cipher offered in its direction is AEAD"}},
		{name: "warn - AEAD only, no MAC list", res: aead().MACs().Result()},
		{name: "fail - AEAD only client to server, an MD5 MAC used server to client", res: aead().CiphersServerToClient("aes256-ctr").AddMACs("hmac-md5").Result(),
			items: []string{"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "hmac-md5"}},
		{name: "warn - RFC 5647 AEAD_AES_256_GCM as cipher and MAC", res: compliant().AddCiphers("AEAD_AES_256_GCM").AddMACs("AEAD_AES_256_GCM").Result(),
			items: []string{"AEAD_AES_256_GCM", "AEAD_AES_256_GCM"}},
		{name: "incomplete - no MAC list with a non-AEAD cipher", res: compliant().MACs().Result()},
		{name: "incomplete - no cipher list", res: compliant().Ciphers().Result()},
		{name: "incomplete - KEXINIT unknown", res: compliant().KexInitUnknown(scanner.ReasonTimeout).Result()},
	})
}
