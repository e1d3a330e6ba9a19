// HttplibClient, the outbox's transport, against a fake platform on loopback:
// what it sends, what it reads back, and status 0 for every transport failure.
#include "bot/http_client.h"

#include <doctest/doctest.h>

#include "tests/support/fake_platform.h"

namespace careerbot::bot {
namespace {

using testing::FakePlatform;

TEST_CASE("http client: GET and POST reach the server as rendered, answers come back with lower-case headers") {
  FakePlatform platform;
  platform.SetHandler([](const FakePlatform::Call& call, const std::vector<FakePlatform::Call>&) {
    return FakePlatform::Answer{call.method == "GET" ? 200 : 502, "answer to " + call.method};
  });
  HttplibClient client(5);

  adapters::OutboundRequest get;
  get.method = "GET";
  get.url = platform.base() + "/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=a%2Bb";
  adapters::HttpResponse r = client.Send(get);
  CHECK(r.status == 200);
  CHECK(r.body == "answer to GET");
  CHECK(r.headers.at("content-type") == "application/json");

  adapters::OutboundRequest post;
  post.url = platform.base() + "/bot1:abc/sendMessage";
  post.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  post.body = R"({"chat_id":42,"text":"你好 😀"})";
  r = client.Send(post);
  CHECK(r.status == 502);
  CHECK(r.body == "answer to POST");
  // A second call reuses the kept connection.
  CHECK(client.Send(post).status == 502);

  const auto calls = platform.Calls();
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].method == "GET");
  CHECK(calls[0].path == "/cgi-bin/token");
  CHECK(calls[0].query == "grant_type=client_credential&appid=wx1&secret=a%2Bb");  // not encoded again
  CHECK(calls[1].method == "POST");
  CHECK(calls[1].path == "/bot1:abc/sendMessage");
  CHECK(calls[1].body == post.body);
}

TEST_CASE("http client: every transport failure is status 0") {
  HttplibClient client(2);
  adapters::OutboundRequest r;
  for (const char* url : {"ftp://127.0.0.1/x", "not a url", "http://", "http://127.0.0.1:1/refused"}) {
    CAPTURE(url);
    r.url = url;
    CHECK(client.Send(r).status == 0);
  }
  // TLS to a server that speaks plain HTTP: the handshake fails.
  FakePlatform platform;
  r.url = "https://127.0.0.1:" + platform.base().substr(platform.base().rfind(':') + 1) + "/x";
  CHECK(client.Send(r).status == 0);
}

}  // namespace
}  // namespace careerbot::bot
