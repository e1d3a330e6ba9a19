// What the admin API's integration tests share: staff created through the real
// command line, and requests with a staff token.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace careerbot::testing {

struct StaffToken {
  int64_t id = 0;
  std::string token;
};

// "staff_id: N\ntoken: T\n", as `staff add` and `staff rotate` print it.
inline StaffToken ParseStaffOutput(const std::string& out) {
  StaffToken t;
  const size_t id_at = out.find("staff_id: "), token_at = out.find("\ntoken: ");
  REQUIRE_MESSAGE((id_at == 0 && token_at != std::string::npos), out);
  t.id = std::stoll(out.substr(10, token_at - 10));
  t.token = out.substr(token_at + 8);
  if (!t.token.empty() && t.token.back() == '\n') t.token.pop_back();
  REQUIRE(t.token.size() == 43);
  return t;
}

inline StaffToken AddStaff(const std::string& data_dir, const std::string& name,
                           const std::string& role, const std::string& title) {
  TempDir scratch;
  CommandResult r = RunCommand({"staff", "add", "--name", name, "--role", role, "--title", title,
                                "--education", "硕士，应用心理学", "--data-dir", data_dir},
                               "", scratch.path());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return ParseStaffOutput(r.out);
}

struct AdminReply {
  int status = 0;
  std::string body;
  nlohmann::json json;
};

inline AdminReply AdminRequest(int port, const std::string& method, const std::string& path,
                               const std::string& token, const std::string& body = "") {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto res = method == "POST"  ? client.Post(path.c_str(), headers, body, "application/json")
             : method == "PUT" ? client.Put(path.c_str(), headers, body, "application/json")
                               : client.Get(path.c_str(), headers);
  REQUIRE_MESSAGE(res, "no answer from the server");
  AdminReply r;
  r.status = res->status;
  r.body = res->body;
  r.json = nlohmann::json::parse(res->body, nullptr, false);
  return r;
}

inline AdminReply AdminGet(int port, const std::string& path, const std::string& token) {
  return AdminRequest(port, "GET", path, token);
}

}  // namespace careerbot::testing
