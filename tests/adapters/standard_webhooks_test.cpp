#include "adapters/standard_webhooks.h"

#include <doctest/doctest.h>

#include <string>

namespace careerbot::adapters {
namespace {

// The example published by the Standard Webhooks specification.
constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kId[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kTs = 1614265330;
constexpr char kTsText[] = "1614265330";
constexpr char kBody[] = R"({"test": 2432232314})";
constexpr char kSignature[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
constexpr int64_t kTolerance = 300;

StandardWebhookKey Key(const char* secret = kSecret) {
  StandardWebhookKey key;
  REQUIRE(StandardWebhookKey::Parse(secret, &key).ok());
  return key;
}

Status VerifyWith(const StandardWebhookKey& key, std::string_view sig,
                  std::string_view body = kBody, std::string_view id = kId,
                  std::string_view ts = kTsText, int64_t now = kTs, int64_t tolerance = kTolerance) {
  return key.Verify(id, ts, sig, body, now, tolerance);
}

bool Contains(const Status& s, std::string_view part) {
  return s.message().find(part) != std::string::npos;
}

TEST_CASE("StandardWebhooks: Sign reproduces the specification's example") {
  CHECK(Key().Sign(kId, kTs, kBody) == kSignature);
  // The prefix is optional.
  CHECK(Key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").Sign(kId, kTs, kBody) == kSignature);
}

TEST_CASE("StandardWebhooks: Verify accepts the example") {
  const StandardWebhookKey key = Key();
  CHECK(VerifyWith(key, kSignature).ok());

  SUBCASE("as the second of two signatures (key rotation)") {
    const std::string sigs =
        std::string("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ") + kSignature;
    CHECK(VerifyWith(key, sigs).ok());
  }
  SUBCASE("beside entries of other versions and extra spaces") {
    const std::string sigs = std::string("v1a,abc  v2,xyz ") + kSignature + " ";
    CHECK(VerifyWith(key, sigs).ok());
  }
  SUBCASE("within the tolerance, both ways") {
    CHECK(VerifyWith(key, kSignature, kBody, kId, kTsText, kTs + kTolerance).ok());
    CHECK(VerifyWith(key, kSignature, kBody, kId, kTsText, kTs - kTolerance).ok());
  }
  SUBCASE("at any time when the tolerance is 0") {
    CHECK(VerifyWith(key, kSignature, kBody, kId, kTsText, kTs + 86400 * 365, 0).ok());
    CHECK(VerifyWith(key, kSignature, kBody, kId, kTsText, 0, 0).ok());
  }
}

TEST_CASE("StandardWebhooks: Verify rejects") {
  const StandardWebhookKey key = Key();
  Status s;

  SUBCASE("a body changed by one byte") {
    s = VerifyWith(key, kSignature, R"({"test": 2432232315})");
    CHECK(Contains(s, "no matching signature"));
  }
  SUBCASE("a wrong id") {
    s = VerifyWith(key, kSignature, kBody, "msg_p5jXN8AQM9LWM0D4loKWxJeK");
    CHECK(Contains(s, "no matching signature"));
  }
  SUBCASE("a changed timestamp") {
    s = VerifyWith(key, kSignature, kBody, kId, "1614265331", kTs + 1);
    CHECK(Contains(s, "no matching signature"));
  }
  SUBCASE("a timestamp too old") {
    s = VerifyWith(key, kSignature, kBody, kId, kTsText, kTs + kTolerance + 1);
    CHECK(Contains(s, "timestamp outside the tolerance"));
  }
  SUBCASE("a timestamp too far in the future") {
    s = VerifyWith(key, kSignature, kBody, kId, kTsText, kTs - kTolerance - 1);
    CHECK(Contains(s, "timestamp outside the tolerance"));
  }
  SUBCASE("a timestamp far from an extreme clock, without overflow") {
    s = VerifyWith(key, kSignature, kBody, kId, "9223372036854775807", INT64_MIN);
    CHECK(Contains(s, "timestamp outside the tolerance"));
  }
  SUBCASE("a timestamp that is not plain decimal") {
    for (const char* ts : {"-1614265330", "+1614265330", " 1614265330", "1614265330.0",
                           "1.6e9", "0x60373a72", "99999999999999999999"}) {
      CAPTURE(ts);
      s = VerifyWith(key, kSignature, kBody, kId, ts);
      CHECK(s.code() == Status::Code::kUnauthenticated);
      CHECK(Contains(s, "webhook-timestamp"));
    }
  }
  SUBCASE("a missing header") {
    s = key.Verify("", kTsText, kSignature, kBody, kTs, kTolerance);
    CHECK(Contains(s, "missing webhook-id"));
    s = key.Verify(kId, "", kSignature, kBody, kTs, kTolerance);
    CHECK(Contains(s, "missing webhook-id"));
    s = key.Verify(kId, kTsText, "", kBody, kTs, kTolerance);
    CHECK(Contains(s, "missing webhook-id"));
  }
  SUBCASE("malformed signature entries") {
    for (const char* sig : {"v1,***", "v1,", "v1", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                            "v1, g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE",
                            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=",  // non-canonical
                            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O==",  // 31 bytes
                            "V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", " ", "v1,===="}) {
      CAPTURE(sig);
      s = VerifyWith(key, sig);
      CHECK(s.code() == Status::Code::kUnauthenticated);
    }
  }
  SUBCASE("a wrong secret") {
    const StandardWebhookKey other = Key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx");
    s = VerifyWith(other, kSignature);
    CHECK(Contains(s, "no matching signature"));
  }
  SUBCASE("anything when the key was never parsed") {
    const StandardWebhookKey unparsed;
    s = VerifyWith(unparsed, kSignature);
    CHECK(s.code() == Status::Code::kInternal);
    CHECK(unparsed.Sign(kId, kTs, kBody).empty());
  }
  if (!s.ok()) CHECK(s.message().find("MfKQ9r8G") == std::string::npos);
  CHECK(s.code() != Status::Code::kOk);
}

TEST_CASE("StandardWebhooks: Parse rejects malformed secrets") {
  for (const char* secret :
       {"whsec_", "", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS*",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", " whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "whsec_MfKQ9r8G KYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa==w",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa=w", "whsec_====", "whsec_QR==", "whsec_QUJ=",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw===="}) {
    CAPTURE(secret);
    StandardWebhookKey key;
    const Status s = StandardWebhookKey::Parse(secret, &key);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    if (std::string_view(secret).size() > 8) {
      CHECK(s.message().find(std::string_view(secret).substr(6, 8)) == std::string::npos);
    }
  }
  // Padding is stripped: one and two '=' give keys of the right length.
  CHECK(Key("whsec_QQ==").Sign(kId, kTs, kBody) ==  // key "A"
        "v1,VAux9uNSj6zbc0s5zoiFavs+2tHiHFyWWuBCCWPNN1Y=");
  CHECK(Key("whsec_QUI=").Sign(kId, kTs, kBody) ==  // key "AB"
        "v1,E2MxnZKVDfbYrQYPBHOQM4znOAu37VyTFtHUnIR6pQA=");
}

}  // namespace
}  // namespace careerbot::adapters
