// WXBizMsgCrypt against wechatpy's test vectors (token "123456", CorpID
// wx49f0ab532d5d035a, random prefix "1234567890123456"), and malformed buffers that
// are correctly signed but must be refused cleanly.
#include "adapters/wx_crypt.h"

#include <doctest/doctest.h>

#include "adapters/crypto.h"

namespace careerbot::adapters {
namespace {

constexpr char kToken[] = "123456";
constexpr char kKey[] = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
constexpr char kCorpId[] = "wx49f0ab532d5d035a";

WxCrypt Make() {
  WxCrypt c;
  REQUIRE(WxCrypt::Create(kToken, kKey, kCorpId, &c).ok());
  return c;
}

// The 32 AES key bytes: the 43rd character's two extra bits cleared, then strict base64.
std::string KeyBytes() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s = std::string(kKey) + "=";
  const size_t v = std::string_view(kAlphabet).find(s[42]);
  s[42] = kAlphabet[v & ~size_t{3}];
  return *Base64DecodeStrict(s);
}

// Encrypts raw bytes with the test key: buffers the scheme would never produce.
std::string EncryptRaw(const std::string& plain) {
  const std::string key = KeyBytes();
  std::string cipher;
  REQUIRE(Aes256CbcEncryptRaw(key, key.substr(0, 16), plain, &cipher));
  return Base64Encode(cipher);
}

std::string Len(uint32_t n) {
  return std::string{static_cast<char>(n >> 24), static_cast<char>((n >> 16) & 0xFF),
                     static_cast<char>((n >> 8) & 0xFF), static_cast<char>(n & 0xFF)};
}

TEST_CASE("WxCrypt: wechatpy's encryption vector, byte for byte") {
  const WxCrypt c = Make();
  const std::string reply =
      "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n"
      "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]>"
      "</ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
  const std::string expected =
      "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8Gqxlh"
      "ZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCU"
      "ld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1"
      "nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3";
  std::string encrypt;
  REQUIRE(c.Encrypt(reply, "1234567890123456", &encrypt).ok());
  CHECK(encrypt == expected);
  CHECK(c.Signature("1411525903", "461056294", encrypt) == "407518b7649e86ef23978113f92d27afa9296533");
  std::string xml;
  REQUIRE(c.Seal(reply, "1234567890123456", "1411525903", "461056294", &xml).ok());
  CHECK(xml == "<xml><Encrypt><![CDATA[" + expected +
                   "]]></Encrypt><MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]>"
                   "</MsgSignature><TimeStamp>1411525903</TimeStamp><Nonce><![CDATA[461056294]]></Nonce></xml>");
  // And it opens again.
  std::string back;
  REQUIRE(c.Open("407518b7649e86ef23978113f92d27afa9296533", "1411525903", "461056294", encrypt, &back).ok());
  CHECK(back == reply);
  CHECK(c.Encrypt(reply, "short", &encrypt).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("WxCrypt: wechatpy's decryption vectors") {
  const WxCrypt c = Make();
  std::string msg;
  const std::string encrypt =
      "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv"
      "283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cv"
      "kKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFx"
      "dgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6G"
      "DnTbcX2e8K9QaNWHp91eBdCRxthuL0=";
  REQUIRE(c.Open("74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056294", encrypt, &msg).ok());
  CHECK(msg ==
        "<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<FromUserName><![CDATA[messense]]>"
        "</FromUserName>\n<CreateTime>1411525903</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n"
        "<Content><![CDATA[test]]></Content>\n<MsgId>4363689963896700987</MsgId>\n<AgentID>1</AgentID>\n</xml>");
  // The URL-verification echostr of the same suite.
  const std::string echostr =
      "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";
  REQUIRE(c.Open("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374425", echostr, &msg).ok());
  CHECK(msg == "5927782489442352469");
  CHECK(c.Open("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374424", echostr, &msg).code() ==
        Status::Code::kUnauthenticated);
}

TEST_CASE("WxCrypt: signed but malformed buffers are refused, never read out of bounds") {
  const WxCrypt c = Make();
  const std::string random(16, 'r');
  auto open = [&](const std::string& plain) {
    const std::string encrypt = EncryptRaw(plain);
    std::string msg;
    return c.Open(c.Signature("1", "2", encrypt), "1", "2", encrypt, &msg).ToString();
  };
  auto padded = [](std::string p, int pad) {
    p.append(static_cast<size_t>(pad), static_cast<char>(pad));
    return p;
  };
  const std::string good = random + Len(2) + "hi" + kCorpId;  // 40 bytes: 24 to pad
  CHECK(open(padded(good, 24)) == "OK");
  std::string zero_pad = padded(good, 24);
  zero_pad.back() = '\0';  // a pad value of 0
  CHECK(open(zero_pad) == "invalid_argument: Encrypt has an invalid padding");
  std::string wrong_pad = padded(good, 24);
  wrong_pad[50] = 'x';
  CHECK(open(wrong_pad) == "invalid_argument: Encrypt has an invalid padding");
  // A pad value of 33 in a whole 64-byte buffer: beyond the scheme's block of 32.
  std::string big = random + Len(0) + std::string(11, 'y');
  big = padded(big, 33);
  CHECK(big.size() == 64);
  CHECK(open(big) == "invalid_argument: Encrypt has an invalid padding");
  // A length field far beyond the buffer (the WxJava#3759 crash).
  CHECK(open(padded(random + Len(0xFFFFFFF0) + "hi" + kCorpId, 24)) ==
        "invalid_argument: Encrypt has a message length beyond its data");
  CHECK(open(padded(random + Len(100) + "hi" + kCorpId, 24)) ==
        "invalid_argument: Encrypt has a message length beyond its data");
  // Too short to hold the header once the padding is gone.
  CHECK(open(padded(std::string(10, 'z'), 22)) == "invalid_argument: Encrypt is too short");
  // Another receive id.
  CHECK(open(padded(random + Len(2) + "hi" + "wx49f0ab532d5d035b", 24)) ==
        "unauthenticated: Encrypt is addressed to another app (receive id mismatch)");
  // Not whole blocks, not base64, empty.
  std::string msg;
  for (const std::string bad : {"QUJD", "not-base64", "", "QUJDREVGR0hJSktMTU5PUA=="}) {
    CHECK(c.Open(c.Signature("1", "2", bad), "1", "2", bad, &msg).code() == Status::Code::kInvalidArgument);
  }
}

TEST_CASE("WxCrypt: keys and signatures") {
  WxCrypt c;
  CHECK(WxCrypt::Create("t", "too-short", "id", &c).code() == Status::Code::kInvalidArgument);
  CHECK(WxCrypt::Create("t", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!", "id", &c).code() ==
        Status::Code::kInvalidArgument);
  CHECK(WxSignature({"spamtest", "1409735669", "1320562132"}) == "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a");
  CHECK(WxSignatureMatches("16120EC1B8DBB870F510D87CE6BC2463EAE6CA1A", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"));
  CHECK(!WxSignatureMatches("16120ec1b8dbb870f510d87ce6bc2463eae6ca1", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"));
  CHECK(!WxSignatureMatches("", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"));
}

}  // namespace
}  // namespace careerbot::adapters
