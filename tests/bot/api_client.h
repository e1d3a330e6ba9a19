// A client of the generic JSON channel for integration tests: one conversation,
// message ids numbered in order.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace careerbot::testing {

struct ApiReply {
  int status = 0;
  std::string body;
  nlohmann::json json;
  // The texts of all replies joined by " | ", for one assertion per exchange.
  std::string texts() const {
    std::string out;
    for (const auto& r : json.at("replies")) out += (out.empty() ? "" : " | ") + r.at("text").get<std::string>();
    return out;
  }
  std::string state() const { return json.at("state"); }
};

class ApiConversation {
 public:
  ApiConversation(int port, std::string user) : client_("127.0.0.1", port), user_(std::move(user)) {
    client_.set_read_timeout(30, 0);
  }

  ApiReply Send(const std::string& text) {
    std::string id = "m";
    id += std::to_string(++next_id_);
    return SendWithId(text, id);
  }
  ApiReply SendWithId(const std::string& text, const std::string& id) {
    nlohmann::json body = {{"user", user_}, {"id", id}, {"text", text}};
    return Post(body.dump());
  }
  ApiReply Post(const std::string& body, const httplib::Headers& headers = {}) {
    auto res = client_.Post("/api/v1/messages", headers, body, "application/json");
    REQUIRE_MESSAGE(res, "no answer from the server");
    ApiReply reply;
    reply.status = res->status;
    reply.body = res->body;
    reply.json = nlohmann::json::parse(res->body, nullptr, false);
    return reply;
  }

  // Consent plus the intake: 小明, 28, bachelor, job seeking; ends at item 1.
  void ThroughIntake() {
    for (const char* text : {"你好", "同意", "小明", "二十八", "4", "2"}) {
      REQUIRE(Send(text).status == 200);
    }
  }

 private:
  httplib::Client client_;
  std::string user_;
  int next_id_ = 0;
};

}  // namespace careerbot::testing
