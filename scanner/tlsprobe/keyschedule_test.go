package tlsprobe

import (
	"bytes"
	"crypto/ecdh"
	"crypto/sha256"
	"testing"
)

// The messages and secrets of RFC 8448 (Example Handshake Traces for TLS
// 1.3), Section 3 (simple 1-RTT), Section 4 (resumed 0-RTT) and Section 5
// (HelloRetryRequest), as hexadecimal. The traces were checked against an
// independent transcription (a third-party RFC 8448 test suite); every
// value below is also tied to the others by the tests, so a wrong byte
// fails them.
const (
	rfc8448ClientPrivate = "49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005"
	rfc8448ServerPublic  = "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f"

	rfc8448ClientHello = `010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b
		0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de5
		60e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501
		060102010402050206020202002d00020101001c00024001`
	rfc8448ServerHello = `020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876
		112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304`
	rfc8448EncryptedExtensions = `080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000`
	rfc8448Certificate         = `0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a0603550403130372
		7361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a
		864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d0
		15abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c
		8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b060355
		1d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a5943654
		17f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c
		54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000`
	rfc8448CertificateVerify = `0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653
		fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3
		be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3`
	rfc8448ServerFinished   = `140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718`
	rfc8448ClientFinished   = `14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61`
	rfc8448NewSessionTicket = `040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c4988
		83c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29e
		e03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621
		a79141ef5f7de6505e5bfbc388e93343694093934ae4d3570008002a000400000400`

	rfc8448ServerHSTraffic = "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38"

	// Section 4: the ClientHello up to its binders, then the rest.
	rfc8448ResumedClientPrivate     = "bff91188283846dd6a2134ef7180ca2b0b14fb10dce707b5098c0dddc813b2df"
	rfc8448ResumedServerPublic      = "121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31"
	rfc8448ResumedClientHelloPrefix = `010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95000006130113031302010001cd0000000b00
		09000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d
		96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e0403050306030203080408050806
		04010501060102010402050206020202002d00020101001c0002400100150057000000000000000000000000000000000000000000000000
		0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
		00000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c936
		7c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee0
		3725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c6
		21a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb`
	rfc8448ResumedBinders      = "0021203add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d"
	rfc8448ResumedServerHello  = `0200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d00130100003400290002000000330024001d0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31002b00020304`
	rfc8448ResumedEE           = `080000280026000a00140012001d00170018001901000101010201030104001c0002400100000000002a0000`
	rfc8448ResumedServerFinish = `1400002048d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2`
	rfc8448EndOfEarlyData      = `05000000`

	// Section 5: HelloRetryRequest, with the P-256 shared secret given.
	rfc8448HRRClientHello1 = `010000b00303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f000006130113031302010000810000000b
		0009000006736572766572ff01000100000a00080006001d00170018003300260024001d0020e8e8e3f3b93a25ed97a14a7dcacb8a272c6288e5
		85c6484d05262fcad062ad1f002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00
		020101001c00024001`
	rfc8448HRR = `020000ac0303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c00130100008400330002001700
		2c0074007271dcd04bb88bc3189119398a00000000eefafc76c146b823b096f8aacad365dd0030953f4edf625636e5f21bb2e23fcc654b1b5b40
		318d10d137abcbb87574e36e8a1f025f7dfa5d6e50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0
		f934b0002b00020304`
	rfc8448HRRClientHello2 = `010001fc0303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f000006130113031302010001cd0000000b00
		09000006736572766572ff01000100000a00080006001d001700180033004700450017004104a6da7392ec591e17abfd535964b99894d13b
		efb221b3def2ebe3830eac8f0151812677c4d6d2237e85cf01d6910cfb83954e76ba7352830534159897e8065780002b0003020304000d00
		20001e040305030603020308040805080604010501060102010402050206020202002c0074007271dcd04bb88bc3189119398a00000000ee
		fafc76c146b823b096f8aacad365dd0030953f4edf625636e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e36e8a1f025f7dfa5d6e
		50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0f934b0002d00020101001c00024001001500
		af00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
		0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
		0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
		0000000000000000`
	rfc8448HRRServerHello = `020000770303bb341d847fd789c47c387172dc0c9bf147fccacb5043d86ca4c598d3ff571b9800130100004f00330045001700410458
		3e054b7a66672ae020ad9d2686fcc85b5ad41a134a0f03ee72b893052bd85b4c8de6776f5b04ac07d83540eab3e3d9c547bc6528c4317d2946860
		93a6cad7d002b00020304`
	rfc8448HRRShared = "c142ce13ca11b5c2233652e63ad3d97844f1621fbfb9de69d547dc8fedeabeb4"
)

func concatHex(t testing.TB, parts ...string) []byte {
	t.Helper()
	var out []byte
	for _, p := range parts {
		out = append(out, unhex(t, p)...)
	}
	return out
}

func checkSecret(t *testing.T, name string, got []byte, want string) {
	t.Helper()
	if w := unhex(t, want); !bytes.Equal(got, w) {
		t.Errorf("%s = %x\nwant %x", name, got, w)
	}
}

// TestKeyScheduleRFC8448 runs the key schedule over the simple 1-RTT trace
// of RFC 8448, Section 3, from the x25519 keys to the resumption PSK.
func TestKeyScheduleRFC8448(t *testing.T) {
	s := suite13ByID(0x1301)
	priv, err := ecdh.X25519().NewPrivateKey(unhex(t, rfc8448ClientPrivate))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ecdh.X25519().NewPublicKey(unhex(t, rfc8448ServerPublic))
	if err != nil {
		t.Fatal(err)
	}
	shared, err := priv.ECDH(pub)
	if err != nil {
		t.Fatal(err)
	}
	checkSecret(t, "(EC)DHE", shared, "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d")

	early := s.earlySecret(nil)
	checkSecret(t, "early secret", early, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
	checkSecret(t, "derived", s.deriveSecret(early, "derived", s.emptyHash()), "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba")
	hs := s.handshakeSecret(early, shared)
	checkSecret(t, "handshake secret", hs, "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac")

	var tr transcript13
	tr.write(unhex(t, rfc8448ClientHello))
	tr.write(unhex(t, rfc8448ServerHello))
	tr.setHash(s.hash)
	th := tr.sum()
	checkSecret(t, "Hash(CH..SH)", th, "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8")
	cHS := s.deriveSecret(hs, labelClientHandshake, th)
	sHS := s.deriveSecret(hs, labelServerHandshake, th)
	checkSecret(t, "c hs traffic", cHS, "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21")
	checkSecret(t, "s hs traffic", sHS, rfc8448ServerHSTraffic)
	ms := s.masterSecret(hs)
	checkSecret(t, "master secret", ms, "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919")

	key, iv := s.trafficKeys(sHS)
	checkSecret(t, "server handshake key", key, "3fce516009c21727d0f2e4e86ee403bc")
	checkSecret(t, "server handshake iv", iv, "5d313eb2671276ee13000b30")
	key, iv = s.trafficKeys(cHS)
	checkSecret(t, "client handshake key", key, "dbfaa693d1762c5b666af5d950258d01")
	checkSecret(t, "client handshake iv", iv, "5bd3c71b836e0b76bb73265f")

	tr.write(unhex(t, rfc8448EncryptedExtensions))
	tr.write(unhex(t, rfc8448Certificate))
	tr.write(unhex(t, rfc8448CertificateVerify))
	checkSecret(t, "server finished", s.finishedMAC(sHS, tr.sum()), "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718")
	tr.write(unhex(t, rfc8448ServerFinished))
	th = tr.sum()
	cAP := s.deriveSecret(ms, labelClientAppTraffic, th)
	sAP := s.deriveSecret(ms, labelServerAppTraffic, th)
	checkSecret(t, "c ap traffic", cAP, "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5")
	checkSecret(t, "s ap traffic", sAP, "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643")
	checkSecret(t, "exp master", s.deriveSecret(ms, labelExporter, th), "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50")
	key, iv = s.trafficKeys(sAP)
	checkSecret(t, "server application key", key, "9f02283b6c9c07efc26bb9f2ac92e356")
	checkSecret(t, "server application iv", iv, "cf782b88dd83549aadf1e984")
	key, iv = s.trafficKeys(cAP)
	checkSecret(t, "client application key", key, "17422dda596ed5d9acd890e3c63f5051")
	checkSecret(t, "client application iv", iv, "5b78923dee08579033e523d9")
	checkSecret(t, "client finished", s.finishedMAC(cHS, th), "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61")
	tr.write(unhex(t, rfc8448ClientFinished))
	res := s.deriveSecret(ms, labelResumption, tr.sum())
	checkSecret(t, "res master", res, "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c")

	var nst newSessionTicketMsgTLS13
	if !nst.unmarshal(unhex(t, rfc8448NewSessionTicket)) {
		t.Fatal("the RFC 8448 NewSessionTicket does not parse")
	}
	checkSecret(t, "PSK", s.resumptionPSK(res, nst.nonce), "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3")
}

// TestKeyScheduleRFC8448Resumed runs the resumed 0-RTT trace of RFC 8448,
// Section 4: the PSK binder, the early traffic secret, and the handshake
// with a PSK and x25519.
func TestKeyScheduleRFC8448Resumed(t *testing.T) {
	s := suite13ByID(0x1301)
	psk := unhex(t, "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3")
	early := s.earlySecret(psk)
	checkSecret(t, "early secret", early, "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c")
	binderKey := s.deriveSecret(early, labelResumptionBinder, s.emptyHash())
	checkSecret(t, "binder key", binderKey, "69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256")

	var tr transcript13
	prefix := unhex(t, rfc8448ResumedClientHelloPrefix)
	checkSecret(t, "truncated hello hash", tr.hashOf(s.hash, prefix), "63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14")
	binder := s.finishedMAC(binderKey, tr.hashOf(s.hash, prefix))
	checkSecret(t, "binder", binder, "3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d")

	// The whole hello parses, with the binder list last.
	hello := append(prefix, unhex(t, rfc8448ResumedBinders)...)
	var ch clientHello
	if !ch.unmarshal(hello) || !ch.earlyData || len(ch.extraExtensions) == 0 || ch.extraExtensions[len(ch.extraExtensions)-1].typ != extPreSharedKey {
		t.Fatalf("resumed ClientHello: %+v", ch)
	}
	if got := pskBindersLen(ch.extraExtensions[len(ch.extraExtensions)-1].data); got != len(unhex(t, rfc8448ResumedBinders)) {
		t.Errorf("binders length %d", got)
	}

	tr.write(hello)
	tr.setHash(s.hash)
	cE := s.deriveSecret(early, labelClientEarly, tr.sum())
	checkSecret(t, "c e traffic", cE, "3fbbe6a60deb66c30a32795aba0eff7eaa10105586e7be5c09678d63b6caab62")
	key, iv := s.trafficKeys(cE)
	checkSecret(t, "early key", key, "920205a5b7bf2115e6fc5c2942834f54")
	checkSecret(t, "early iv", iv, "6d475f0993c8e564610db2b9")

	priv, _ := ecdh.X25519().NewPrivateKey(unhex(t, rfc8448ResumedClientPrivate))
	pub, _ := ecdh.X25519().NewPublicKey(unhex(t, rfc8448ResumedServerPublic))
	shared, _ := priv.ECDH(pub)
	checkSecret(t, "(EC)DHE", shared, "f44194756ff9ec9d25180635d66ea6824c6ab3bf179977be37f723570e7ccb2e")
	hs := s.handshakeSecret(early, shared)
	checkSecret(t, "handshake secret", hs, "005cb112fd8eb4ccc623bb88a07c64b3ede1605363fc7d0df8c7ce4ff0fb4ae6")
	tr.write(unhex(t, rfc8448ResumedServerHello))
	cHS := s.deriveSecret(hs, labelClientHandshake, tr.sum())
	sHS := s.deriveSecret(hs, labelServerHandshake, tr.sum())
	checkSecret(t, "c hs traffic", cHS, "2faac08f851d35fea3604fcb4de82dc62c9b164a70974d0462e27f1ab278700f")
	checkSecret(t, "s hs traffic", sHS, "fe927ae271312e8bf0275b581c54eef020450dc4ecffaa05a1a35d27518e7803")
	ms := s.masterSecret(hs)
	checkSecret(t, "master secret", ms, "e2d32d4ed66dd37897a0e80c84107503ce58bf8aad4cb55a5002d77ecb890ece")
	tr.write(unhex(t, rfc8448ResumedEE))
	checkSecret(t, "server finished", s.finishedMAC(sHS, tr.sum()), "48d3e0e1b3d907c6acff145e16090388c77b05c050b634ab1a88bbd0dd1a34b2")
	tr.write(unhex(t, rfc8448ResumedServerFinish))
	checkSecret(t, "c ap traffic", s.deriveSecret(ms, labelClientAppTraffic, tr.sum()), "2abbf2b8e381d23dbebe1dd2a7d16a8bf484cb4950d23fb7fb7fa8547062d9a1")
	tr.write(unhex(t, rfc8448EndOfEarlyData))
	checkSecret(t, "client finished", s.finishedMAC(cHS, tr.sum()), "7230a9c952c25cd6138fc5e6628308c41c5335dd81b9f96bcea50fd32bda416d")
}

// TestKeyScheduleRFC8448HelloRetryRequest checks the message_hash
// transcript of RFC 8448, Section 5.
func TestKeyScheduleRFC8448HelloRetryRequest(t *testing.T) {
	s := suite13ByID(0x1301)
	var tr transcript13
	tr.write(messageHash(s.hash, unhex(t, rfc8448HRRClientHello1)))
	tr.write(unhex(t, rfc8448HRR))
	tr.write(unhex(t, rfc8448HRRClientHello2))
	tr.write(unhex(t, rfc8448HRRServerHello))
	tr.setHash(s.hash)
	checkSecret(t, "Hash(message_hash..SH)", tr.sum(), "8aa8e828ec2f8a884fec95a3139de01c15a3daa7ff5bfc3f4bfcc21b438d7bf8")
	hs := s.handshakeSecret(s.earlySecret(nil), unhex(t, rfc8448HRRShared))
	checkSecret(t, "handshake secret", hs, "ce022e5e6e81e50736d773f2d3adfce8220d049bf510f0dbfac927ef4243b148")
	checkSecret(t, "c hs traffic", s.deriveSecret(hs, labelClientHandshake, tr.sum()), "158aa7ab8855073582b41d674b4055cabcc534728f659314861b4e08e2011566")
	checkSecret(t, "s hs traffic", s.deriveSecret(hs, labelServerHandshake, tr.sum()), "3403e781e2af7b6508da28574f6e95a1abf162de83a97927c37672a4a0cef8a1")
	var hrr serverHello
	if !hrr.unmarshal(unhex(t, rfc8448HRR)) || !hrr.isHelloRetryRequest() || hrr.selectedGroup != 0x0017 || len(hrr.cookie) != 0x72 {
		t.Errorf("HelloRetryRequest: %+v", hrr)
	}
}

// TestKeyScheduleACVP checks every secret against the NIST ACVP
// TLS-v1.3-KDF-RFC8446 vector crypto/tls tests with (key_schedule_test.go):
// PSK and DHE together, the transcript a string of 32-byte "randoms".
func TestKeyScheduleACVP(t *testing.T) {
	s := suite13ByID(0x1301)
	psk := unhex(t, "56288B726C73829F7A3E47B103837C8139ACF552E7530C7A710B35ED41191698")
	dhe := unhex(t, "EFFE9EC26AA29FD750DFA6A10B944D74071595B27EE88887D5E11C84590B5CC3")
	h := sha256.New()
	h.Write(unhex(t, "E9137679E582BA7C1DB41CF725F86C6D09C8C05F297BAD9A65B552EAF524FDE4"))
	early := s.earlySecret(psk)
	checkSecret(t, "c e traffic", s.deriveSecret(early, labelClientEarly, h.Sum(nil)), "3272189698C3594D18F58EFA3F12B638A249515099BE7A2FA9836BABE74F0111")
	hs := s.handshakeSecret(early, dhe)
	h.Write(unhex(t, "23ECCFD030790748C8F8D8A656FD98D717F1B62AF3712F97211D2070B499F98A"))
	checkSecret(t, "c hs traffic", s.deriveSecret(hs, labelClientHandshake, h.Sum(nil)), "B32306C3CE9932C460A1FE6C0F060593974842036B96FA45049B7352E71C2AD2")
	checkSecret(t, "s hs traffic", s.deriveSecret(hs, labelServerHandshake, h.Sum(nil)), "22787F8CA269D34BC549AC8BA19F2040938A3AA370D7CC9D60F720882B88D01B")
	ms := s.masterSecret(hs)
	h.Write(unhex(t, "C750EDA6696CD101B142BD79E00E6AC8C5F2C0ABC78DD64F4D991326659E9299"))
	checkSecret(t, "c ap traffic", s.deriveSecret(ms, labelClientAppTraffic, h.Sum(nil)), "47D7EA08397B5871154B0FE85584BCC30A87C69E84D69B56007C5B21F76493BA")
	checkSecret(t, "s ap traffic", s.deriveSecret(ms, labelServerAppTraffic, h.Sum(nil)), "EFBDB0C873C0480DA57307083839A8984BE25B9A8545E4FCA029940FE2800565")
	h.Write(unhex(t, "62A62FA75563ED4FDCAA0BC16567B314871C304ACF06B0FFC3F08C1797594D43"))
	checkSecret(t, "res master", s.deriveSecret(ms, labelResumption, h.Sum(nil)), "5F4C961329C91044011ACBECB0B289282E0E3FED045CB3EA924DFFE5FE654B3D")
}

// TestKeyScheduleSHA384 checks the SHA-384 suite's lengths: secrets of 48
// bytes, a 32-byte key.
func TestKeyScheduleSHA384(t *testing.T) {
	s := suite13ByID(0x1302)
	early := s.earlySecret(nil)
	hs := s.handshakeSecret(early, make([]byte, 32))
	sec := s.deriveSecret(hs, labelServerHandshake, s.emptyHash())
	key, iv := s.trafficKeys(sec)
	if len(early) != 48 || len(hs) != 48 || len(sec) != 48 || len(key) != 32 || len(iv) != 12 {
		t.Errorf("lengths: early %d, handshake %d, secret %d, key %d, iv %d", len(early), len(hs), len(sec), len(key), len(iv))
	}
	if len(s.finishedMAC(sec, s.emptyHash())) != 48 {
		t.Error("Finished MAC is not 48 bytes")
	}
	if suite13ByID(0x1306) != nil || suite13ByID(0x00FF) != nil {
		t.Error("suite13ByID knows a suite the client does not implement")
	}
}
