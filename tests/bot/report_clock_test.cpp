// The report routes read the time from the route context's clock (a fake one
// here, tests/bot/admin_in_process.h): a draft's and a finalized version's times,
// a link's expiry, and whether the client's page still opens all follow it.
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "tests/bot/admin_in_process.h"

namespace careerbot::testing {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
constexpr int64_t kHourMs = 3600 * 1000;
constexpr char kBase[] = "https://careers.example.org";

int PageStatus(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  auto res = c.Get(path.c_str());
  REQUIRE(res);
  return res->status;
}

TEST_CASE("report routes: the times of a report and its link's expiry follow the route context's clock") {
  InProcessAdmin admin([](bot::Config* config, bot::RouteContext* context) {
    config->reports.public_base_url = kBase;
    config->reports.link_ttl_hours = 2;
    context->knowledge = &ShippedKnowledge();
  });
  admin.clock.now_ms = kT0;
  const StaffToken counsellor = admin.AddStaff("王老师", "professional", "consultant");
  storage::TurnWrite first;
  first.key = {"api", "", "client-1"};
  first.received_at_ms = kT0;
  first.answer_json = R"({"replies":[]})";
  first.snapshot = {"start", "{}"};
  int64_t client = 0;
  REQUIRE(admin.store().CommitTurn(first, &client).ok());
  const std::string base = "/admin/api/v1/cases/" + std::to_string(client) + "/reports";

  admin.clock.now_ms = kT0 + 1000;
  AdminReply draft = admin.Post(base, counsellor.token, "");
  REQUIRE_MESSAGE(draft.status == 201, draft.body);
  CHECK(draft.json.at("drafted_at_ms") == kT0 + 1000);
  admin.clock.now_ms = kT0 + 2000;
  AdminReply edited =
      AdminRequest(admin.port(), "PUT", base + "/draft/sections/training", counsellor.token, R"({"markdown": "- 沟通"})");
  REQUIRE_MESSAGE(edited.status == 200, edited.body);
  bool found = false;
  for (const auto& s : edited.json.at("sections")) {
    if (s.at("id") != "training") continue;
    found = true;
    CHECK(s.at("edited_at_ms") == kT0 + 2000);
  }
  CHECK(found);

  admin.clock.now_ms = kT0 + 3000;
  AdminReply final1 = admin.Post(base + "/draft/finalize", counsellor.token, "");
  REQUIRE_MESSAGE(final1.status == 201, final1.body);
  CHECK(final1.json.at("expires_at_ms") == kT0 + 3000 + 2 * kHourMs);
  const std::string path = final1.json.at("url").get<std::string>().substr(std::string(kBase).size());
  CHECK(admin.Get(base + "/1", counsellor.token).json.at("finalized_at_ms") == kT0 + 3000);

  // The page opens until the clock reaches the expiry, and not from then on.
  admin.clock.now_ms = kT0 + 3000 + 2 * kHourMs - 1;
  CHECK(PageStatus(admin.port(), path) == 200);
  admin.clock.now_ms = kT0 + 3000 + 2 * kHourMs;
  CHECK(PageStatus(admin.port(), path) == 404);

  // A new link runs from the clock's time then, and opens the page again.
  admin.clock.now_ms = kT0 + 10 * kHourMs;
  AdminReply renewed = admin.Post(base + "/1/link", counsellor.token, "");
  REQUIRE_MESSAGE(renewed.status == 201, renewed.body);
  CHECK(renewed.json.at("expires_at_ms") == kT0 + 12 * kHourMs);
  const std::string renewed_path = renewed.json.at("url").get<std::string>().substr(std::string(kBase).size());
  CHECK(PageStatus(admin.port(), renewed_path) == 200);
}

}  // namespace
}  // namespace careerbot::testing
