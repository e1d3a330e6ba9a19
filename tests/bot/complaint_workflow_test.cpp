// Unit tests of the complaint process (bot/complaint_workflow.h): the table of
// moves, the time limits and the overdue list against a clock the test sets, and
// what the client is told when a counsellor answers.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bot/complaint_workflow.h"
#include "bot/config.h"
#include "tests/support/knowledge_fixture.h"

namespace careerbot::bot {
namespace {

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kT0 = 1'700'000'000'000;

TEST_CASE("complaint workflow: the moves of clause 6.2, and no other") {
  std::string table;
  for (const std::string& from : ComplaintStates()) {
    table += from + ":";
    for (const std::string& to : AllowedComplaintMoves(from)) table += " " + to;
    table += "; ";
  }
  CHECK(table ==
        "received: acknowledged; acknowledged: investigating; investigating: resolved rejected; "
        "resolved: closed; rejected: closed; closed:; ");
  CHECK(AllowedComplaintMoves("open").empty());
  CHECK(AllowedComplaintMoves("").empty());
}

TEST_CASE("complaint workflow: time limits are checked when the configuration is read") {
  CHECK(ValidateComplaintTimeLimits({}).ok());
  CHECK(ValidateComplaintTimeLimits({1, 1, 1, 1}).ok());
  CHECK(ValidateComplaintTimeLimits({0, 72, 360, 480}).message() ==
        "complaints.time_limits.acknowledge_hours: must be at least 1");
  CHECK(ValidateComplaintTimeLimits({24, 12, 360, 480}).message() ==
        "complaints.time_limits.investigate_hours: must not be shorter than "
        "complaints.time_limits.acknowledge_hours");
  CHECK(ValidateComplaintTimeLimits({24, 72, 360, 300}).message() ==
        "complaints.time_limits.close_hours: must not be shorter than "
        "complaints.time_limits.resolve_hours");

  Config config;
  REQUIRE(ParseConfigJson(R"({"complaints": {"time_limits": {"acknowledge_hours": 4,
      "investigate_hours": 48, "resolve_hours": 240, "close_hours": 300}}})",
                          "c.json", &config)
              .ok());
  CHECK(config.complaints.time_limits.acknowledge_hours == 4);
  CHECK(config.complaints.time_limits.investigate_hours == 48);
  CHECK(config.complaints.time_limits.resolve_hours == 240);
  CHECK(config.complaints.time_limits.close_hours == 300);
  Config defaults;
  CHECK(defaults.complaints.time_limits.acknowledge_hours == 24);
  CHECK(defaults.complaints.time_limits.resolve_hours == 360);
  CHECK(ParseConfigJson(R"({"complaints": {"time_limits": {"resolve_hours": 12}}})", "c.json",
                        &defaults)
            .message() ==
        "c.json: complaints.time_limits.resolve_hours: must not be shorter than "
        "complaints.time_limits.investigate_hours");
  CHECK(ParseConfigJson(R"({"complaints": {"time_limits": {"acknowledge_hours": 0}}})", "c.json",
                        &defaults)
            .message() == "c.json: complaints.time_limits.acknowledge_hours: must be an integer from 1 to 8784");
  CHECK(ParseConfigJson(R"({"complaints": {"time_limits": {"acknowledge_days": 1}}})", "c.json",
                        &defaults)
            .message() == "c.json: complaints.time_limits.acknowledge_days: unknown key");
  // A refused file leaves the configuration as it was.
  CHECK(defaults.complaints.time_limits.resolve_hours == 360);
}

storage::ComplaintHandling Filed(const std::string& ticket, const std::string& status,
                                 int64_t filed_at_ms) {
  storage::ComplaintHandling h;
  h.client_id = 1;
  h.complaint.ticket = ticket;
  h.complaint.status = status;
  h.complaint.filed_at_ms = filed_at_ms;
  return h;
}

// "ticket limit overdue-hours", in the order of the list.
std::string Overdue(const std::vector<storage::ComplaintHandling>& all, int64_t now) {
  std::string out;
  for (const OverdueComplaint& o : FindOverdueComplaints(all, {2, 10, 100, 200}, now)) {
    out += (out.empty() ? "" : " | ") + o.handling.complaint.ticket + " " + o.limit + " " +
           std::to_string(o.overdue_ms) + " due " + std::to_string(o.due_at_ms - kT0);
  }
  return out;
}

TEST_CASE("complaint workflow: overdue means past the limit of the state it is in") {
  const std::vector<storage::ComplaintHandling> all = {
      Filed("C-0000000A", "received", kT0),
      Filed("C-0000000B", "received", kT0 + kHour),
      Filed("C-0000000C", "acknowledged", kT0),
      Filed("C-0000000D", "investigating", kT0),
      Filed("C-0000000E", "rejected", kT0),
      Filed("C-0000000F", "closed", kT0),
  };
  CHECK(Overdue(all, kT0) == "");
  // Exactly at the limit is not yet overdue.
  CHECK(Overdue(all, kT0 + 2 * kHour) == "");
  CHECK(Overdue(all, kT0 + 2 * kHour + 1) == "C-0000000A acknowledge_hours 1 due 7200000");
  CHECK(Overdue(all, kT0 + 11 * kHour) ==
        "C-0000000A acknowledge_hours 32400000 due 7200000 | "
        "C-0000000B acknowledge_hours 28800000 due 10800000 | "
        "C-0000000C investigate_hours 3600000 due 36000000");
  // A closed complaint is never overdue.
  CHECK(Overdue(all, kT0 + 300 * kHour) ==
        "C-0000000A acknowledge_hours 1072800000 due 7200000 | "
        "C-0000000B acknowledge_hours 1069200000 due 10800000 | "
        "C-0000000C investigate_hours 1044000000 due 36000000 | "
        "C-0000000D resolve_hours 720000000 due 360000000 | "
        "C-0000000E close_hours 360000000 due 720000000");
  CHECK(ComplaintDueAtMs({2, 10, 100, 200}, "resolved", kT0) == kT0 + 200 * kHour);
  CHECK(ComplaintDueAtMs({2, 10, 100, 200}, "closed", kT0) == -1);
}

TEST_CASE("complaint workflow: what the client is told of an answer, in both languages") {
  const ClientMessage m = ComplaintAnswerMessage({7, "C-1A2B3C4D", 1, "已与咨询师沟通，下周一回电。", kT0});
  CHECK(m.text_key == "complaint.answered");
  const auto& texts = testing::ShippedKnowledge().texts;
  CHECK(texts.Render(m.text_key, knowledge::Lang::kZh, m.params) ==
        "关于你的投诉 C-1A2B3C4D，负责人回复如下：\n已与咨询师沟通，下周一回电。\n"
        "发送“查询投诉 C-1A2B3C4D”可以查看处理进度。");
  CHECK(texts.Render(m.text_key, knowledge::Lang::kEn, m.params) ==
        "About your complaint C-1A2B3C4D, the person responsible answers:\n已与咨询师沟通，下周一回电。\n"
        "Send \"complaint status C-1A2B3C4D\" to see its progress.");
  // Every state has its name for the client's own status query, in both languages.
  for (const std::string& state : ComplaintStates()) {
    CAPTURE(state);
    CHECK(texts.Has("complaint_status." + state));
  }
}

}  // namespace
}  // namespace careerbot::bot
