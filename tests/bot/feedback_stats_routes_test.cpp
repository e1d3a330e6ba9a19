// Feedback statistics (S-6.1) over a seeded store: overall and per counsellor,
// each rating counted for the counsellor responsible for the case when it was
// given (case assignments through the API, with a fake clock), and the clients'
// comments only for those who may read clients' data, audited per client.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bot/feedback_stats.h"
#include "tests/bot/admin_in_process.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

constexpr int64_t kT0 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z

// One turn of the client `user` that writes the given feedback.
void GiveFeedback(storage::Store& store, const std::string& user, const std::string& message_id,
                  std::vector<storage::FeedbackRecord> feedback, int64_t at_ms) {
  storage::TurnWrite t;
  t.key = {"api", "", user};
  t.received_at_ms = at_ms;
  t.message_id = message_id;
  t.answer_json = R"({"replies":[]})";
  t.snapshot = {"closed", "{}"};
  t.feedback = std::move(feedback);
  Status s = store.CommitTurn(t, nullptr);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
}

storage::FeedbackRecord Rating(int rating, std::optional<std::string> goals,
                               std::optional<std::string> comment, int64_t at_ms) {
  return {rating, std::move(goals), std::move(comment), at_ms};
}

TEST_CASE("feedback statistics: per counsellor, by who was responsible when it was given") {
  InProcessAdmin admin;
  admin.clock.now_ms = kT0;
  const StaffToken wang = admin.AddStaff("王老师", "professional", "consultant");  // 1
  const StaffToken zhao = admin.AddStaff("赵老师", "professional", "coach");       // 2
  const StaffToken aux = admin.AddStaff("李助理", "auxiliary", "assessor");        // 3
  const StaffToken adm = admin.AddStaff("Admin", "admin", "admin");               // 4
  storage::Store& store = admin.store();
  GiveFeedback(store, "u1", "m1", {}, kT0);
  GiveFeedback(store, "u2", "m1", {Rating(4, "yes", std::nullopt, kT0 + 500)}, kT0 + 500);
  GiveFeedback(store, "u3", "m1", {}, kT0);

  admin.clock.now_ms = kT0 + 1000;
  auto assign = [&](int client, int64_t staff, const StaffToken& by) {
    return admin.Post("/admin/api/v1/cases/" + std::to_string(client) + "/assignee", by.token,
                      json({{"staff_id", staff}}).dump());
  };
  REQUIRE(assign(1, 1, wang).status == 200);
  REQUIRE(assign(2, 1, wang).status == 200);
  REQUIRE(assign(3, 2, wang).status == 200);
  GiveFeedback(store, "u1", "m2", {Rating(5, "yes", "很好", kT0 + 2000)}, kT0 + 2000);
  admin.clock.now_ms = kT0 + 3000;
  AdminReply moved = assign(1, 2, zhao);
  REQUIRE(moved.status == 200);
  CHECK(moved.json == json::parse(R"({"client_id":1,
      "assignee":{"staff_id":2,"name":"赵老师","assigned_by":2,"at_ms":1700000003000},
      "assignments":[{"staff_id":1,"name":"王老师","assigned_by":1,"at_ms":1700000001000},
                     {"staff_id":2,"name":"赵老师","assigned_by":2,"at_ms":1700000003000}]})"));
  admin.clock.now_ms = kT0 + 3500;
  CHECK(assign(1, 2, zhao).json.at("assignments").size() == 2);  // the same again: no new row
  GiveFeedback(store, "u1", "m3", {Rating(3, "partly", std::nullopt, kT0 + 4000)}, kT0 + 4000);
  GiveFeedback(store, "u2", "m2", {Rating(2, "no", "太慢", kT0 + 5000)}, kT0 + 5000);
  GiveFeedback(store, "u3", "m2", {Rating(1, std::nullopt, std::nullopt, kT0 + 6000)}, kT0 + 6000);

  SUBCASE("overall and per counsellor, exact") {
    AdminReply r = admin.Get("/admin/api/v1/feedback/stats?by=counsellor", wang.token);
    REQUIRE(r.status == 200);
    CHECK(r.json == json::parse(R"({"from":null,"to":null,"count":5,"mean":3.0,
        "distribution":{"1":1,"2":1,"3":1,"4":1,"5":1},
        "goals_met":{"yes":2,"partly":1,"no":1,"not_asked":1},
        "counsellors":[
          {"staff_id":1,"name":"王老师","title":"consultant","count":2,"mean":3.5,
           "distribution":{"1":0,"2":1,"3":0,"4":0,"5":1},
           "goals_met":{"yes":1,"partly":0,"no":1,"not_asked":0}},
          {"staff_id":2,"name":"赵老师","title":"coach","count":2,"mean":2.0,
           "distribution":{"1":1,"2":0,"3":1,"4":0,"5":0},
           "goals_met":{"yes":0,"partly":1,"no":0,"not_asked":1}}],
        "unassigned":{"count":1,"mean":4.0,"distribution":{"1":0,"2":0,"3":0,"4":1,"5":0},
           "goals_met":{"yes":1,"partly":0,"no":0,"not_asked":0}}})"));
    // The same numbers for an admin: aggregates name no client.
    CHECK(admin.Get("/admin/api/v1/feedback/stats?by=counsellor", adm.token).json == r.json);
    // A period without feedback.
    CHECK(admin.Get("/admin/api/v1/feedback/stats?by=counsellor&from=2023-11-15", wang.token).json ==
          json::parse(R"({"from":"2023-11-15","to":null,"count":0,"mean":null,
              "distribution":{"1":0,"2":0,"3":0,"4":0,"5":0},
              "goals_met":{"yes":0,"partly":0,"no":0,"not_asked":0},"counsellors":[],
              "unassigned":{"count":0,"mean":null,"distribution":{"1":0,"2":0,"3":0,"4":0,"5":0},
                 "goals_met":{"yes":0,"partly":0,"no":0,"not_asked":0}}})"));
    CHECK(admin.Get("/admin/api/v1/feedback/stats?from=2023-11-14&to=2023-11-14", wang.token)
              .json.at("count") == 5);
    CHECK(admin.Get("/admin/api/v1/feedback/stats?by=staff", wang.token).json.at("error").at("message") ==
          "by: must be counsellor (or left out)");
    CHECK(admin.Get("/admin/api/v1/feedback/stats?comments=yes", wang.token).status == 400);
    CHECK(admin.Get("/admin/api/v1/feedback/stats", aux.token).status == 403);
  }

  SUBCASE("comments: for those who may read clients' data, audited per client") {
    std::vector<storage::AuditEntry> before;
    REQUIRE(store.ListAudit(0, 1000, &before).ok());
    AdminReply r = admin.Get("/admin/api/v1/feedback/stats?comments=true", wang.token);
    REQUIRE(r.status == 200);
    CHECK(r.json.at("comments") == json::parse(R"([
        {"client_id":1,"rating":5,"comment":"很好","at_ms":1700000002000,"staff_id":1},
        {"client_id":2,"rating":2,"comment":"太慢","at_ms":1700000005000,"staff_id":1}])"));
    std::vector<storage::AuditEntry> audit;
    REQUIRE(store.ListAudit(before.back().id, 100, &audit).ok());
    std::string log;
    for (const auto& e : audit) {
      log += e.action + " " + e.object + " " + (e.client_id ? std::to_string(*e.client_id) : "-") + "; ";
    }
    CHECK(log == "feedback.stats feedback -; feedback.comments feedback/comments 1; "
                 "feedback.comments feedback/comments 2; ");
    // Admins see the numbers, not the clients' words.
    AdminReply denied = admin.Get("/admin/api/v1/feedback/stats?comments=true", adm.token);
    CHECK(denied.status == 403);
    CHECK(denied.json.at("error").at("message") ==
          "comments=true needs permission cases.read (the comments are the clients' own words)");
    CHECK(admin.Get("/admin/api/v1/feedback/stats", adm.token).json.contains("comments") == false);
  }

  SUBCASE("case assignment: professional counsellors only, by professional staff, history kept") {
    CHECK(assign(1, 3, wang).json.at("error").at("message") ==
          "staff_id: staff member 3 is auxiliary; the assignee must be a professional staff member");
    CHECK(assign(1, 4, wang).status == 400);
    CHECK(assign(99, 1, wang).status == 404);
    CHECK(assign(1, 1, aux).status == 403);
    CHECK(assign(1, 1, adm).status == 403);
    CHECK(admin.Post("/admin/api/v1/cases/1/assignee", wang.token, R"({"staff":1})").status == 400);
    AdminReply history = admin.Get("/admin/api/v1/cases/1/assignments", aux.token);
    REQUIRE(history.status == 200);
    CHECK(history.json.at("assignments").size() == 2);
    CHECK(history.json.at("assignee").at("staff_id") == 2);
    CHECK(admin.Get("/admin/api/v1/cases/3/assignments", aux.token).json.at("assignee").at("name") ==
          "赵老师");
    CHECK(admin.Get("/admin/api/v1/cases/99/assignments", aux.token).status == 404);
  }
}

TEST_CASE("feedback statistics: the assignee at a time is the latest assignment at or before it") {
  const std::vector<storage::CaseAssignment> a = {{1, 7, 1, 1, 1000}, {2, 7, 2, 1, 3000}};
  CHECK_FALSE(bot::AssigneeAt(a, 999));
  CHECK(bot::AssigneeAt(a, 1000) == 1);
  CHECK(bot::AssigneeAt(a, 2999) == 1);
  CHECK(bot::AssigneeAt(a, 3000) == 2);
  CHECK_FALSE(bot::AssigneeAt({}, 5000));
}

}  // namespace
}  // namespace careerbot::testing
