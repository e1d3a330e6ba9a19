// The cipher of encryption at rest: AES-256-GCM against the test vectors of the
// GCM specification (McGrew and Viega, test cases 13, 14 and 16, as NIST's
// validation uses them), and the sealed form refusing every kind of tampering.
#include <doctest/doctest.h>

#include <string>

#include "storage/field_cipher.h"

namespace careerbot::storage {
namespace {

std::string Hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

std::string ToHex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
  return out;
}

const std::string kKey = std::string(32, '\x11');
const std::string kOtherKey = std::string(32, '\x22');

TEST_CASE("field cipher: AES-256-GCM matches the GCM specification's test vectors") {
  std::string out;
  SUBCASE("test case 13: zero key and nonce, no plaintext") {
    REQUIRE(Aes256GcmSeal(std::string(32, '\0'), std::string(12, '\0'), "", "", &out));
    CHECK(ToHex(out) == "530f8afbc74536b9a963b4f1c4cb738b");
  }
  SUBCASE("test case 14: one zero block") {
    REQUIRE(Aes256GcmSeal(std::string(32, '\0'), std::string(12, '\0'), "", std::string(16, '\0'), &out));
    CHECK(ToHex(out) == "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
  }
  SUBCASE("test case 16: associated data and a partial last block, both ways") {
    const std::string key = Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    const std::string nonce = Hex("cafebabefacedbaddecaf888");
    const std::string aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    const std::string plain = Hex(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
        "b16aedf5aa0de657ba637b39");
    const std::string expected =
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
        "c5f61e6393ba7a0abcc9f662"
        "76fc6ece0f4e1768cddf8853bb2d551b";
    REQUIRE(Aes256GcmSeal(key, nonce, aad, plain, &out));
    CHECK(ToHex(out) == expected);
    std::string opened;
    REQUIRE(Aes256GcmOpen(key, nonce, aad, Hex(expected), &opened));
    CHECK(opened == plain);
    std::string flipped = Hex(expected);
    flipped.back() ^= 1;  // the tag
    CHECK_FALSE(Aes256GcmOpen(key, nonce, aad, flipped, &opened));
    CHECK(opened.empty());
  }
}

TEST_CASE("field cipher: a sealed value opens with its key and field, and with nothing else") {
  std::string sealed, again, plain;
  REQUIRE(SealField("k1", kKey, "client_profile.value", "王小明", &sealed).ok());
  CHECK(sealed.rfind("enc1:k1:", 0) == 0);
  CHECK(SealedKeyId(sealed) == std::optional<std::string_view>("k1"));
  CHECK(sealed.find("王小明") == std::string::npos);
  REQUIRE(OpenField(kKey, "client_profile.value", sealed, &plain).ok());
  CHECK(plain == "王小明");
  // A fresh nonce each time: the same text never seals to the same value.
  REQUIRE(SealField("k1", kKey, "client_profile.value", "王小明", &again).ok());
  CHECK(again != sealed);

  SUBCASE("a flipped byte of the ciphertext") {
    std::string bytes = *DecodeBase64(sealed.substr(8));
    bytes[14] ^= 0x01;
    const std::string tampered = "enc1:k1:" + EncodeBase64(bytes);
    CHECK(OpenField(kKey, "client_profile.value", tampered, &plain).message() ==
          "a sealed value does not open under its key (wrong key, or changed)");
  }
  SUBCASE("another field (the value moved to another column)") {
    CHECK_FALSE(OpenField(kKey, "messages.text", sealed, &plain).ok());
  }
  SUBCASE("another key") {
    CHECK(OpenField(kOtherKey, "client_profile.value", sealed, &plain).code() == Status::Code::kInternal);
  }
  SUBCASE("malformed forms") {
    CHECK(OpenField(kKey, "client_profile.value", "王小明", &plain).message() == "not a sealed value");
    CHECK(OpenField(kKey, "client_profile.value", "enc1:k1:!!!!", &plain).message() ==
          "a sealed value is malformed");
    CHECK(OpenField(kKey, "client_profile.value", "enc1:k1:AAAA", &plain).message() ==
          "a sealed value is malformed");
    CHECK_FALSE(SealedKeyId("enc1:bad id:AAAA"));
  }
}

TEST_CASE("field cipher: empty text, wrong key sizes, ids, strict base64") {
  std::string sealed, plain = "x";
  REQUIRE(SealField("k-2_b", kKey, "f", "", &sealed).ok());
  REQUIRE(OpenField(kKey, "f", sealed, &plain).ok());
  CHECK(plain.empty());
  CHECK(SealField("k1", "short", "f", "x", &sealed).code() == Status::Code::kInvalidArgument);
  CHECK(SealField("", kKey, "f", "x", &sealed).code() == Status::Code::kInvalidArgument);
  CHECK(IsValidKeyId(std::string(32, 'a')));
  CHECK_FALSE(IsValidKeyId(std::string(33, 'a')));
  CHECK_FALSE(IsValidKeyId("k:1"));
  CHECK(EncodeBase64("ab") == "YWI=");
  CHECK(DecodeBase64("YWI=") == std::optional<std::string>("ab"));
  CHECK_FALSE(DecodeBase64("YWJ="));   // non-zero trailing bits
  CHECK_FALSE(DecodeBase64("YW I="));  // whitespace
  CHECK_FALSE(DecodeBase64("Y=WI"));   // padding inside
  CHECK_FALSE(DecodeBase64("YWI"));    // length
}

}  // namespace
}  // namespace careerbot::storage
