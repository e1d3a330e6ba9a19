// Contract tests for complaint handling (changes, assignee, answers) and case
// assignments, against every Store implementation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

StaffRecord Staff(const std::string& name, const std::string& role, const std::string& title) {
  StaffRecord s;
  s.name = name;
  s.role = role;
  s.title = title;
  s.education = "master, psychology";
  return s;
}

ComplaintRecord Complaint(const std::string& ticket, int64_t at_ms) {
  ComplaintRecord c;
  c.ticket = ticket;
  c.category = "service";
  c.description = "late answer";
  c.filed_at_ms = at_ms;
  c.updated_at_ms = at_ms;
  return c;
}

ComplaintChange Change(const std::string& ticket, const std::string& field,
                       std::optional<std::string> from, std::optional<std::string> to,
                       int64_t at_ms, const std::string& note = "") {
  ComplaintChange c;
  c.ticket = ticket;
  c.staff_id = 1;
  c.field = field;
  c.from = std::move(from);
  c.to = std::move(to);
  c.note = note;
  c.at_ms = at_ms;
  return c;
}

// "C-… service status=received assignee=2 client=1 @1000/1500"
std::string Handling(const ComplaintHandling& h) {
  return h.complaint.ticket + " " + h.complaint.status + " assignee=" +
         (h.assignee_staff_id ? std::to_string(*h.assignee_staff_id) : "none") +
         " client=" + std::to_string(h.client_id) + " @" + std::to_string(h.complaint.filed_at_ms) +
         "/" + std::to_string(h.complaint.updated_at_ms);
}

std::string All(Store& store) {
  std::vector<ComplaintHandling> v;
  REQUIRE(store.ListAllComplaints(&v).ok());
  return Join(v, Handling);
}

std::string History(Store& store, const std::string& ticket) {
  std::vector<ComplaintChange> v;
  REQUIRE(store.ListComplaintHistory(ticket, &v).ok());
  return Join(v, [](const ComplaintChange& c) {
    return std::to_string(c.id) + " " + c.ticket + " " + c.field + " " + Quote(c.from) + "->" +
           Quote(c.to) + " by " + std::to_string(c.staff_id) + " '" + c.note + "' @" +
           std::to_string(c.at_ms);
  });
}

TEST_CASE_TEMPLATE("store contract: complaint handling and case assignments", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  int64_t pro = 0, aux = 0;
  REQUIRE(store.AddStaff(Staff("王老师", "professional", "consultant"), std::string(64, 'a'), 1, &pro).ok());
  REQUIRE(store.AddStaff(Staff("李助理", "auxiliary", "assessor"), std::string(64, 'b'), 1, &aux).ok());
  TurnWrite t1 = Turn(Key("u1"), "m1", 2000);
  t1.complaints = {Complaint("C-0000000B", 2000)};
  TurnWrite t2 = Turn(Key("u2"), "m1", 1000);
  t2.complaints = {Complaint("C-0000000A", 1000), Complaint("C-0000000C", 2000)};
  const int64_t c1 = MustCommit(store, t1), c2 = MustCommit(store, t2);

  // Oldest first, then by ticket, across clients.
  CHECK(All(store) ==
        "C-0000000A received assignee=none client=2 @1000/1000 | "
        "C-0000000B received assignee=none client=1 @2000/2000 | "
        "C-0000000C received assignee=none client=2 @2000/2000");
  std::optional<ComplaintHandling> found;
  REQUIRE(store.FindComplaintByTicket("C-0000000B", &found).ok());
  REQUIRE(found);
  CHECK(Handling(*found) == "C-0000000B received assignee=none client=1 @2000/2000");
  CHECK(found->complaint.description == "late answer");
  REQUIRE(store.FindComplaintByTicket("C-99999999", &found).ok());
  CHECK_FALSE(found);

  SUBCASE("a change applies only from the current value, with its history") {
    bool applied = false;
    REQUIRE(store.ChangeComplaint(Change("C-0000000B", "status", "received", "acknowledged", 3000, "seen"),
                                  &applied).ok());
    CHECK(applied);
    // From a value it no longer has: nothing changes.
    REQUIRE(store.ChangeComplaint(Change("C-0000000B", "status", "received", "acknowledged", 3500),
                                  &applied).ok());
    CHECK_FALSE(applied);
    REQUIRE(store.ChangeComplaint(Change("C-0000000B", "assignee", std::nullopt, "1", 4000), &applied).ok());
    CHECK(applied);
    REQUIRE(store.ChangeComplaint(Change("C-0000000B", "assignee", std::nullopt, "2", 4100), &applied).ok());
    CHECK_FALSE(applied);
    REQUIRE(store.ChangeComplaint(Change("C-0000000B", "assignee", "1", "2", 4200), &applied).ok());
    CHECK(applied);
    CHECK(History(store, "C-0000000B") ==
          "1 C-0000000B status 'received'->'acknowledged' by 1 'seen' @3000 | "
          "2 C-0000000B assignee null->'1' by 1 '' @4000 | "
          "3 C-0000000B assignee '1'->'2' by 1 '' @4200");
    CHECK(History(store, "C-0000000A") == "");
    CHECK(All(store) ==
          "C-0000000A received assignee=none client=2 @1000/1000 | "
          "C-0000000B acknowledged assignee=2 client=1 @2000/4200 | "
          "C-0000000C received assignee=none client=2 @2000/2000");
    // The dialog's view of the client's complaints shows the new state.
    CHECK(Complaints(store, c1) ==
          "C-0000000B service 'late answer' contact=null acknowledged @2000/4200");
  }

  SUBCASE("refused changes change nothing") {
    bool applied = true;
    CHECK(store.ChangeComplaint(Change("C-99999999", "status", "received", "closed", 1), &applied).code() ==
          Status::Code::kNotFound);
    CHECK_FALSE(applied);
    ComplaintChange by_nobody = Change("C-0000000A", "status", "received", "acknowledged", 1);
    by_nobody.staff_id = 9;
    CHECK(store.ChangeComplaint(by_nobody, &applied).code() == Status::Code::kNotFound);
    CHECK(store.ChangeComplaint(Change("C-0000000A", "assignee", std::nullopt, "9", 1), &applied).code() ==
          Status::Code::kNotFound);
    CHECK(store.ChangeComplaint(Change("C-0000000A", "status", "received", "done", 1), &applied).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.ChangeComplaint(Change("C-0000000A", "priority", "1", "2", 1), &applied).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.ChangeComplaint(Change("C-0000000A", "assignee", std::nullopt, "x", 1), &applied).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.ChangeComplaint(Change("C-0000000A", "status", "received", "closed", 1, std::string(2001, 'n')),
                                &applied).code() == Status::Code::kInvalidArgument);
    CHECK(History(store, "C-0000000A") == "");
    CHECK(All(store).rfind("C-0000000A received assignee=none client=2 @1000/1000", 0) == 0);
  }

  SUBCASE("answers are kept with the complaint, in order") {
    int64_t id = 0;
    REQUIRE(store.AddComplaintAnswer({0, "C-0000000C", pro, "我们已联系咨询师", 5000}, &id).ok());
    CHECK(id == 1);
    REQUIRE(store.AddComplaintAnswer({0, "C-0000000C", aux, "second", 6000}, &id).ok());
    CHECK(id == 2);
    std::vector<ComplaintAnswer> answers;
    REQUIRE(store.ListComplaintAnswers("C-0000000C", &answers).ok());
    CHECK(Join(answers, [](const ComplaintAnswer& a) {
            return std::to_string(a.id) + " " + a.ticket + " by " + std::to_string(a.staff_id) +
                   " '" + a.text + "' @" + std::to_string(a.at_ms);
          }) == "1 C-0000000C by 1 '我们已联系咨询师' @5000 | 2 C-0000000C by 2 'second' @6000");
    REQUIRE(store.ListComplaintAnswers("C-0000000A", &answers).ok());
    CHECK(answers.empty());
    CHECK(Complaints(store, c2) ==
          "C-0000000A service 'late answer' contact=null received @1000/1000 | "
          "C-0000000C service 'late answer' contact=null received @2000/6000");
    CHECK(store.AddComplaintAnswer({0, "C-99999999", pro, "x", 1}, &id).code() == Status::Code::kNotFound);
    CHECK(store.AddComplaintAnswer({0, "C-0000000A", 9, "x", 1}, &id).code() == Status::Code::kNotFound);
    CHECK(store.AddComplaintAnswer({0, "C-0000000A", pro, "", 1}, &id).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.AddComplaintAnswer({0, "C-0000000A", pro, std::string(4001, 'x'), 1}, &id).code() ==
          Status::Code::kInvalidArgument);
    // 4000 characters of three bytes each are within the limit: it counts characters.
    std::string long_zh;
    for (int i = 0; i < 4000; ++i) long_zh += "好";
    CHECK(store.AddComplaintAnswer({0, "C-0000000A", pro, long_zh, 7000}, &id).ok());
  }

  SUBCASE("case assignments are appended, the last one current") {
    int64_t id = 0;
    REQUIRE(store.AssignCase({0, c1, pro, pro, 1000}, &id).ok());
    CHECK(id == 1);
    REQUIRE(store.AssignCase({0, c2, pro, pro, 1500}, &id).ok());
    REQUIRE(store.AssignCase({0, c1, aux, pro, 2000}, &id).ok());
    CHECK(id == 3);
    std::vector<CaseAssignment> v;
    REQUIRE(store.ListCaseAssignments(c1, &v).ok());
    CHECK(Join(v, [](const CaseAssignment& a) {
            return std::to_string(a.id) + " client " + std::to_string(a.client_id) + " staff " +
                   std::to_string(a.staff_id) + " by " + std::to_string(a.assigned_by) + " @" +
                   std::to_string(a.at_ms);
          }) == "1 client 1 staff 1 by 1 @1000 | 3 client 1 staff 2 by 1 @2000");
    REQUIRE(store.ListCaseAssignments(99, &v).ok());
    CHECK(v.empty());
    CHECK(store.AssignCase({0, 99, pro, pro, 1}, &id).code() == Status::Code::kNotFound);
    CHECK(store.AssignCase({0, c1, 9, pro, 1}, &id).code() == Status::Code::kNotFound);
    CHECK(store.AssignCase({0, c1, pro, 9, 1}, &id).code() == Status::Code::kNotFound);
    CHECK(store.AssignCase({0, c1, 0, pro, 1}, &id).code() == Status::Code::kInvalidArgument);
    REQUIRE(store.ListCaseAssignments(c1, &v).ok());
    CHECK(v.size() == 2);
  }

  SUBCASE("erasing the client's personal data keeps complaints, their handling and assignments") {
    bool applied = false;
    REQUIRE(store.ChangeComplaint(Change("C-0000000B", "status", "received", "acknowledged", 3000), &applied).ok());
    REQUIRE(store.AddComplaintAnswer({0, "C-0000000B", pro, "answer", 3100}, nullptr).ok());
    REQUIRE(store.AssignCase({0, c1, pro, pro, 3200}, nullptr).ok());
    TurnWrite erase = Turn(Key("u1"), "m2", 4000);
    erase.erase_personal_data = true;
    MustCommit(store, erase);
    CHECK(History(store, "C-0000000B") ==
          "1 C-0000000B status 'received'->'acknowledged' by 1 '' @3000");
    std::vector<ComplaintAnswer> answers;
    REQUIRE(store.ListComplaintAnswers("C-0000000B", &answers).ok());
    CHECK(answers.size() == 1);
    std::vector<CaseAssignment> v;
    REQUIRE(store.ListCaseAssignments(c1, &v).ok());
    CHECK(v.size() == 1);
  }
}

}  // namespace
}  // namespace careerbot::storage
