// A client of the generic JSON channel for integration tests: one conversation,
// message ids numbered in order.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

  // The messages from the first contact to item 1: consent, the needs survey of a
  // student (小明, 28, bachelor …), the agreement, and a plan of the interest
  // assessment alone.
  static const std::vector<std::string>& IntakeMessages() {
    static const std::vector<std::string> messages = {
        "你好", "同意", "小明", "跳过", "二十八", "4", "计算机", "在校学生", "北京", "1 2", "跳过", "5 1 3",
        "求职", "1", "跳过", "上海", "1", "同意", "2", "1"};
    return messages;
  }
  void ThroughIntake() {
    for (const auto& text : IntakeMessages()) REQUIRE(Send(text).status == 200);
  }

 private:
  httplib::Client client_;
  std::string user_;
  int next_id_ = 0;
};

}  // namespace careerbot::testing
