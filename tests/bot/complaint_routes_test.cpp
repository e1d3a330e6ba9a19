// The complaint routes of the admin API (S-6.2) with a fake clock: every allowed
// move and a sample of refused ones with their exact answers, the assignee rules,
// answers kept and handed to the delivery hook, and the overdue list as time
// passes. In process (tests/bot/admin_in_process.h), over HTTP.
#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "tests/bot/admin_in_process.h"

namespace careerbot::testing {
namespace {

using nlohmann::json;

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kT0 = 1'700'000'000'000;

// Files complaints for a new client straight into the store, as the dialog does.
int64_t FileComplaints(storage::Store& store, const std::string& user,
                       const std::vector<std::pair<std::string, int64_t>>& tickets) {
  storage::TurnWrite t;
  t.key = {"api", "", user};
  t.received_at_ms = tickets.front().second;
  t.message_id = "m1";
  t.answer_json = R"({"replies":[]})";
  t.snapshot = {"consent.notice", "{}"};
  for (const auto& [ticket, at] : tickets) {
    storage::ComplaintRecord c;
    c.ticket = ticket;
    c.category = "counsellor";
    c.description = "咨询师迟到了半小时";
    c.contact = "13800000000";
    c.filed_at_ms = at;
    c.updated_at_ms = at;
    t.complaints.push_back(c);
  }
  int64_t id = 0;
  Status s = store.CommitTurn(t, &id);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  return id;
}

std::string Path(const std::string& ticket, const std::string& what = "") {
  return "/admin/api/v1/complaints/" + ticket + what;
}

json Move(InProcessAdmin& admin, const StaffToken& who, const std::string& ticket,
          const std::string& to, int expected_status) {
  AdminReply r = admin.Post(Path(ticket, "/status"), who.token,
                            json({{"status", to}, {"note", "to " + to}}).dump());
  CHECK_MESSAGE(r.status == expected_status, r.body);
  return r.json;
}

// "field from->to by staff 'note' @hours-after-T0" per change.
std::string History(const json& complaint) {
  std::string out;
  for (const json& c : complaint.at("history")) {
    out += (out.empty() ? "" : " | ") + c.at("field").get<std::string>() + " " + c.at("from").dump() +
           "->" + c.at("to").dump() + " by " + std::to_string(c.at("staff_id").get<int64_t>()) +
           " '" + c.at("note").get<std::string>() + "' @" +
           std::to_string((c.at("at_ms").get<int64_t>() - kT0) / kHour);
  }
  return out;
}

TEST_CASE("complaint routes: every allowed move, refused moves with the state and what is allowed") {
  InProcessAdmin admin;
  admin.clock.now_ms = kT0;
  const StaffToken pro = admin.AddStaff("王老师", "professional", "consultant");
  FileComplaints(admin.store(), "u1", {{"C-0000000A", kT0}, {"C-0000000B", kT0}});

  AdminReply first = admin.Get(Path("C-0000000A"), pro.token);
  REQUIRE(first.status == 200);
  CHECK(first.json == json::parse(R"({"client_id":1,"ticket":"C-0000000A","category":"counsellor",
      "status":"received","assignee_staff_id":null,"filed_at_ms":1700000000000,
      "updated_at_ms":1700000000000,"description":"咨询师迟到了半小时","contact":"13800000000",
      "assignee":null,"allowed_moves":["acknowledged"],"due_at_ms":1700086400000,
      "history":[],"answers":[]})"));

  // Skipping a step: 409 naming the state and the one move allowed.
  CHECK(Move(admin, pro, "C-0000000A", "investigating", 409) == json::parse(R"({"error":{
      "code":"conflict","current":"received","allowed":["acknowledged"],
      "message":"complaint C-0000000A is received: it cannot move to investigating; it may move to acknowledged"}})"));
  admin.clock.now_ms = kT0 + kHour;
  json a = Move(admin, pro, "C-0000000A", "acknowledged", 200);
  CHECK(a.at("status") == "acknowledged");
  CHECK(a.at("updated_at_ms") == kT0 + kHour);
  CHECK(a.at("allowed_moves") == json::parse(R"(["investigating"])"));
  CHECK(a.at("due_at_ms") == kT0 + 72 * kHour);
  // The same state again is no move.
  CHECK(Move(admin, pro, "C-0000000A", "acknowledged", 409).at("error").at("allowed") ==
        json::parse(R"(["investigating"])"));
  admin.clock.now_ms = kT0 + 2 * kHour;
  Move(admin, pro, "C-0000000A", "investigating", 200);
  CHECK(Move(admin, pro, "C-0000000A", "closed", 409).at("error") == json::parse(R"({
      "code":"conflict","current":"investigating","allowed":["resolved","rejected"],
      "message":"complaint C-0000000A is investigating: it cannot move to closed; it may move to resolved, rejected"})"));
  admin.clock.now_ms = kT0 + 3 * kHour;
  Move(admin, pro, "C-0000000A", "resolved", 200);
  CHECK(Move(admin, pro, "C-0000000A", "investigating", 409).at("error").at("allowed") ==
        json::parse(R"(["closed"])"));
  CHECK(Move(admin, pro, "C-0000000A", "rejected", 409).at("error").at("current") == "resolved");
  admin.clock.now_ms = kT0 + 4 * kHour;
  json closed = Move(admin, pro, "C-0000000A", "closed", 200);
  CHECK(closed.at("allowed_moves") == json::array());
  CHECK(closed.at("due_at_ms").is_null());
  CHECK(History(closed) ==
        "status \"received\"->\"acknowledged\" by 1 'to acknowledged' @1 | "
        "status \"acknowledged\"->\"investigating\" by 1 'to investigating' @2 | "
        "status \"investigating\"->\"resolved\" by 1 'to resolved' @3 | "
        "status \"resolved\"->\"closed\" by 1 'to closed' @4");
  CHECK(Move(admin, pro, "C-0000000A", "received", 409) == json::parse(R"({"error":{
      "code":"conflict","current":"closed","allowed":[],
      "message":"complaint C-0000000A is closed: it cannot move to received; it is final"}})"));

  // The other branch: rejected, then closed.
  for (const char* to : {"acknowledged", "investigating", "rejected", "closed"}) Move(admin, pro, "C-0000000B", to, 200);
  CHECK(admin.Get(Path("C-0000000B"), pro.token).json.at("status") == "closed");

  // Bad requests change nothing.
  for (const char* bad : {R"({"status":"done"})", R"({"state":"closed"})", R"({"status":"closed","note":5})",
                          "not json", "[]"}) {
    CAPTURE(bad);
    AdminReply r = admin.Post(Path("C-0000000B", "/status"), pro.token, bad);
    CHECK(r.status == 400);
    CHECK(r.json.at("error").at("code") == "invalid_argument");
  }
  CHECK(admin.Post(Path("C-0000000B", "/status"), pro.token, R"({"status":"done"})").json ==
        json::parse(R"({"error":{"code":"invalid_argument","message":
            "status: must be received, acknowledged, investigating, resolved, rejected or closed"}})"));
  CHECK(admin.Post(Path("C-99999999", "/status"), pro.token, R"({"status":"closed"})").status == 404);
  CHECK(admin.Get(Path("C-99999999"), pro.token).status == 404);
  CHECK(admin.Get(Path("c-0000000a"), pro.token).status == 404);  // not a ticket at all
  std::vector<storage::ComplaintChange> history;
  REQUIRE(admin.store().ListComplaintHistory("C-0000000B", &history).ok());
  CHECK(history.size() == 4);
  // Every change and read is in the audit log, with the client.
  std::vector<storage::AuditEntry> audit;
  REQUIRE(admin.store().ListAudit(0, 100, &audit).ok());
  CHECK(audit.front().action == "complaint.read");
  CHECK(audit.front().object == "complaint:C-0000000A");
  CHECK(audit.front().client_id == 1);
  CHECK(audit.at(1).action == "complaint.move");
  CHECK(audit.at(1).at_ms == kT0 + kHour);
}

TEST_CASE("complaint routes: the assignee is a professional staff member with a valid token") {
  InProcessAdmin admin;
  admin.clock.now_ms = kT0;
  const StaffToken pro = admin.AddStaff("王老师", "professional", "consultant");  // 1
  const StaffToken aux = admin.AddStaff("李助理", "auxiliary", "assessor");        // 2
  const StaffToken adm = admin.AddStaff("Admin", "admin", "admin");               // 3
  const StaffToken pro2 = admin.AddStaff("赵老师", "professional", "coach");       // 4
  const StaffToken gone = admin.AddStaff("钱老师", "professional", "lecturer");    // 5
  REQUIRE(admin.store().RevokeStaffTokens(gone.id, kT0, std::nullopt, nullptr).ok());
  FileComplaints(admin.store(), "u1", {{"C-0000000A", kT0}});
  auto assign = [&](const std::string& body) {
    return admin.Post(Path("C-0000000A", "/assignee"), pro.token, body);
  };
  CHECK(assign(R"({"staff_id":2})").json.at("error").at("message") ==
        "staff_id: staff member 2 is auxiliary; the assignee must be a professional staff member");
  CHECK(assign(R"({"staff_id":3})").json.at("error").at("message") ==
        "staff_id: staff member 3 is admin; the assignee must be a professional staff member");
  CHECK(assign(R"({"staff_id":5})").json.at("error").at("message") ==
        "staff_id: staff member 5 has no valid token (revoked); assign someone active");
  CHECK(assign(R"({"staff_id":99})").json.at("error").at("message") ==
        "staff_id: staff member 99 does not exist");
  for (const char* bad : {R"({"staff_id":"1"})", R"({"staff_id":0})", R"({})", R"({"staff_id":1.5})"}) {
    CAPTURE(bad);
    AdminReply r = assign(bad);
    CHECK(r.status == 400);
    CHECK(r.json.at("error").at("message") == "staff_id: must be a staff id (a positive integer)");
  }
  CHECK(admin.Get(Path("C-0000000A"), pro.token).json.at("history") == json::array());

  admin.clock.now_ms = kT0 + kHour;
  AdminReply first = assign(R"({"staff_id":1,"note":"我来跟进"})");
  REQUIRE(first.status == 200);
  CHECK(first.json.at("assignee") == json::parse(R"({"staff_id":1,"name":"王老师"})"));
  CHECK(first.json.at("assignee_staff_id") == 1);
  CHECK(first.json.at("updated_at_ms") == kT0 + kHour);
  admin.clock.now_ms = kT0 + 2 * kHour;
  assign(R"({"staff_id":4})");
  assign(R"({"staff_id":4})");  // the same again changes nothing
  json now = admin.Get(Path("C-0000000A"), pro.token).json;
  CHECK(now.at("assignee") == json::parse(R"({"staff_id":4,"name":"赵老师"})"));
  CHECK(History(now) == "assignee null->1 by 1 '我来跟进' @1 | assignee 1->4 by 1 '' @2");
  // The list filters by assignee.
  CHECK(admin.Get("/admin/api/v1/complaints?assignee=4", aux.token).json.at("complaints").size() == 1);
  CHECK(admin.Get("/admin/api/v1/complaints?assignee=1", aux.token).json.at("complaints").size() == 0);
  CHECK(admin.Get("/admin/api/v1/complaints?assignee=x", aux.token).status == 400);
  // Auxiliary staff and admins may not assign (complaints.handle).
  CHECK(admin.Post(Path("C-0000000A", "/assignee"), aux.token, R"({"staff_id":1})").status == 403);
  CHECK(admin.Post(Path("C-0000000A", "/assignee"), adm.token, R"({"staff_id":1})").status == 403);
  // A closed complaint keeps its assignee.
  for (const char* to : {"acknowledged", "investigating", "resolved", "closed"}) {
    Move(admin, pro2, "C-0000000A", to, 200);
  }
  CHECK(assign(R"({"staff_id":1})").json.at("error").at("message") ==
        "complaint C-0000000A is closed: it cannot be reassigned; it is final");
}

TEST_CASE("complaint routes: an answer is kept, then handed to the delivery hook") {
  std::mutex mu;
  std::vector<bot::ComplaintAnswered> delivered;
  InProcessAdmin admin([&](bot::Config*, bot::RouteContext* context) {
    context->complaint_answered = [&](const bot::ComplaintAnswered& a) {
      std::lock_guard lock(mu);
      delivered.push_back(a);
    };
  });
  admin.clock.now_ms = kT0 + 5 * kHour;
  const StaffToken pro = admin.AddStaff("王老师", "professional", "consultant");
  const StaffToken aux = admin.AddStaff("李助理", "auxiliary", "assessor");
  FileComplaints(admin.store(), "u1", {{"C-00000001", kT0}});
  const int64_t client = FileComplaints(admin.store(), "u2", {{"C-0000000A", kT0}});
  REQUIRE(client == 2);

  AdminReply r = admin.Post(Path("C-0000000A", "/answers"), pro.token,
                            R"({"text":"已与咨询师沟通，下周一回电。"})");
  REQUIRE(r.status == 201);
  CHECK(r.json == json::parse(R"({"id":1,"ticket":"C-0000000A","staff_id":1,
      "text":"已与咨询师沟通，下周一回电。","at_ms":1700018000000})"));
  {
    std::lock_guard lock(mu);
    REQUIRE(delivered.size() == 1);
    const bot::ComplaintAnswered& a = delivered[0];
    CHECK(a.client_id == 2);
    CHECK(a.ticket == "C-0000000A");
    CHECK(a.staff_id == 1);
    CHECK(a.answer == "已与咨询师沟通，下周一回电。");
    CHECK(a.at_ms == kT0 + 5 * kHour);
  }
  json detail = admin.Get(Path("C-0000000A"), aux.token).json;
  CHECK(detail.at("answers") == json::parse(R"([{"id":1,"staff_id":1,
      "text":"已与咨询师沟通，下周一回电。","at_ms":1700018000000}])"));
  CHECK(detail.at("updated_at_ms") == kT0 + 5 * kHour);

  // Refused answers are neither kept nor handed on.
  CHECK(admin.Post(Path("C-0000000A", "/answers"), pro.token, R"({"text":""})").json.at("error").at("message") ==
        "text: must be UTF-8 text of 1 to 4000 characters");
  CHECK(admin.Post(Path("C-0000000A", "/answers"), pro.token, R"({"answer":"x"})").status == 400);
  CHECK(admin.Post(Path("C-0000000A", "/answers"), aux.token, R"({"text":"x"})").status == 403);
  for (const char* to : {"acknowledged", "investigating", "rejected", "closed"}) Move(admin, pro, "C-0000000A", to, 200);
  CHECK(admin.Post(Path("C-0000000A", "/answers"), pro.token, R"({"text":"x"})").json.at("error").at("message") ==
        "complaint C-0000000A is closed: it takes no more answers; it is final");
  std::lock_guard lock(mu);
  CHECK(delivered.size() == 1);
  std::vector<storage::AuditEntry> audit;
  REQUIRE(admin.store().ListAudit(0, 1, &audit).ok());
  CHECK(audit.at(0).action == "complaint.answer");
  CHECK(audit.at(0).object == "complaint:C-0000000A/answer:1");
  CHECK(audit.at(0).client_id == 2);
}

// "ticket status limit overdue-hours" per line of the overdue list.
std::string OverdueList(InProcessAdmin& admin, const StaffToken& who) {
  AdminReply r = admin.Get("/admin/api/v1/complaints/overdue", who.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.json.at("now_ms") == admin.clock.now_ms.load());
  std::string out;
  for (const json& c : r.json.at("complaints")) {
    const int64_t overdue = c.at("overdue_ms");
    CHECK(c.at("due_at_ms").get<int64_t>() + overdue == admin.clock.now_ms.load());
    out += (out.empty() ? "" : " | ") + c.at("ticket").get<std::string>() + " " +
           c.at("status").get<std::string>() + " " + c.at("limit").get<std::string>() + " " +
           std::to_string(overdue / 60000) + "min";
  }
  return out;
}

TEST_CASE("complaint routes: the overdue list follows the configured limits as time passes") {
  InProcessAdmin admin([](bot::Config* config, bot::RouteContext*) {
    config->complaints.time_limits = {2, 10, 100, 200};
  });
  admin.clock.now_ms = kT0;
  const StaffToken pro = admin.AddStaff("王老师", "professional", "consultant");
  const StaffToken aux = admin.AddStaff("李助理", "auxiliary", "assessor");
  FileComplaints(admin.store(), "u1", {{"C-0000000A", kT0}, {"C-0000000B", kT0 + kHour}});
  FileComplaints(admin.store(), "u2", {{"C-0000000C", kT0 + 30 * 60000}});

  CHECK(OverdueList(admin, aux) == "");
  admin.clock.now_ms = kT0 + 2 * kHour;  // exactly at A's limit: not yet
  CHECK(OverdueList(admin, aux) == "");
  admin.clock.now_ms = kT0 + 3 * kHour;
  CHECK(OverdueList(admin, aux) == "C-0000000A received acknowledge_hours 60min | "
                                   "C-0000000C received acknowledge_hours 30min");
  // Acknowledged, A has until 10 hours after its filing.
  Move(admin, pro, "C-0000000A", "acknowledged", 200);
  CHECK(OverdueList(admin, aux) == "C-0000000C received acknowledge_hours 30min");
  admin.clock.now_ms = kT0 + 11 * kHour;
  CHECK(OverdueList(admin, aux) == "C-0000000C received acknowledge_hours 510min | "
                                   "C-0000000B received acknowledge_hours 480min | "
                                   "C-0000000A acknowledged investigate_hours 60min");
  for (const char* to : {"acknowledged", "investigating", "resolved", "closed"}) Move(admin, pro, "C-0000000C", to, 200);
  Move(admin, pro, "C-0000000B", "acknowledged", 200);
  Move(admin, pro, "C-0000000B", "investigating", 200);
  CHECK(OverdueList(admin, aux) == "C-0000000A acknowledged investigate_hours 60min");
  admin.clock.now_ms = kT0 + 102 * kHour;
  CHECK(OverdueList(admin, aux) == "C-0000000A acknowledged investigate_hours 5520min | "
                                   "C-0000000B investigating resolve_hours 60min");
  // The list shows no personal text, and is audited.
  const std::string body = admin.Get("/admin/api/v1/complaints/overdue", aux.token).body;
  CHECK(body.find("迟到") == std::string::npos);
  CHECK(body.find("13800000000") == std::string::npos);
  std::vector<storage::AuditEntry> audit;
  REQUIRE(admin.store().ListAudit(0, 1, &audit).ok());
  CHECK(audit.at(0).action == "complaints.overdue");
  CHECK(admin.Get("/admin/api/v1/complaints/overdue", "").status == 401);
}

}  // namespace
}  // namespace careerbot::testing
