// Contract tests for staff, their tokens and training, the audit log and the page
// of clients, against every Store implementation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

const std::string kHashA(64, 'a'), kHashB(64, 'b'), kHashC(64, 'c');

StaffRecord Staff(const std::string& name, const std::string& role, const std::string& title) {
  StaffRecord s;
  s.name = name;
  s.role = role;
  s.title = title;
  s.education = "master, psychology";
  return s;
}

std::string StaffLine(const StaffRecord& s) {
  return std::to_string(s.id) + " " + s.name + " " + s.role + "/" + s.title + " '" + s.education +
         "' @" + std::to_string(s.created_at_ms) + (s.has_active_token ? " token" : " no-token");
}

std::string AllStaff(Store& store) {
  std::vector<StaffRecord> v;
  REQUIRE(store.ListStaff(&v).ok());
  return Join(v, StaffLine);
}

std::string Who(Store& store, const std::string& hash) {
  std::optional<StaffRecord> s;
  REQUIRE(store.FindStaffByTokenHash(hash, &s).ok());
  return s ? StaffLine(*s) : "none";
}

TEST_CASE_TEMPLATE("store contract: staff and their tokens", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  int64_t a = 0, b = 0;
  REQUIRE(store.AddStaff(Staff("王老师", "professional", "consultant"), kHashA, 1000, &a).ok());
  REQUIRE(store.AddStaff(Staff("Li", "admin", "admin"), kHashB, 2000, &b).ok());
  CHECK(a == 1);
  CHECK(b == 2);
  CHECK(AllStaff(store) ==
        "1 王老师 professional/consultant 'master, psychology' @1000 token | "
        "2 Li admin/admin 'master, psychology' @2000 token");
  CHECK(Who(store, kHashA) == "1 王老师 professional/consultant 'master, psychology' @1000 token");
  CHECK(Who(store, kHashC) == "none");

  SUBCASE("a title of another role, an unknown role, empty fields and bad hashes are refused") {
    int64_t id = 0;
    CHECK(store.AddStaff(Staff("X", "auxiliary", "consultant"), kHashC, 1, &id).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.AddStaff(Staff("X", "boss", "admin"), kHashC, 1, &id).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.AddStaff(Staff("", "admin", "admin"), kHashC, 1, &id).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.AddStaff(Staff("X", "admin", "admin"), "ABC", 1, &id).code() ==
          Status::Code::kInvalidArgument);
    CHECK(store.AddStaff(Staff("X", "admin", "admin"), kHashA, 1, &id).code() ==
          Status::Code::kAlreadyExists);
    CHECK(AllStaff(store).find("X") == std::string::npos);
  }

  SUBCASE("revoking ends every token; rotating replaces it in one step") {
    int revoked = -1;
    REQUIRE(store.RevokeStaffTokens(a, 3000, std::nullopt, &revoked).ok());
    CHECK(revoked == 1);
    CHECK(Who(store, kHashA) == "none");
    REQUIRE(store.RevokeStaffTokens(a, 3100, std::nullopt, &revoked).ok());
    CHECK(revoked == 0);
    REQUIRE(store.RevokeStaffTokens(a, 4000, kHashC, &revoked).ok());
    CHECK(revoked == 0);
    CHECK(Who(store, kHashC) ==
          "1 王老师 professional/consultant 'master, psychology' @1000 token");
    REQUIRE(store.RevokeStaffTokens(b, 5000, kHashA, &revoked).code() ==
            Status::Code::kAlreadyExists);
    CHECK(Who(store, kHashB) == "2 Li admin/admin 'master, psychology' @2000 token");  // unchanged
    CHECK(store.RevokeStaffTokens(99, 5000, std::nullopt, &revoked).code() ==
          Status::Code::kNotFound);
    std::optional<StaffRecord> found;
    REQUIRE(store.FindStaff(99, &found).ok());
    CHECK_FALSE(found);
  }
}

TEST_CASE_TEMPLATE("store contract: training records per staff member, by date", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  int64_t a = 0;
  REQUIRE(store.AddStaff(Staff("A", "auxiliary", "assessor"), kHashA, 1000, &a).ok());
  auto training = [&](const std::string& date, const std::string& kind, double hours) {
    TrainingRecord t;
    t.staff_id = a;
    t.date = date;
    t.topic = "测评实务 " + date;
    t.kind = kind;
    t.hours = hours;
    t.created_at_ms = 7;
    return t;
  };
  int64_t id = 0;
  REQUIRE(store.AddTraining(training("2026-03-01", "practical", 1.5), &id).ok());
  CHECK(id == 1);
  REQUIRE(store.AddTraining(training("2026-01-15", "knowledge", 8), &id).ok());
  CHECK(id == 2);
  CHECK(store.AddTraining(training("2026-02-30", "knowledge", 1), &id).code() ==
        Status::Code::kInvalidArgument);
  CHECK(store.AddTraining(training("2026-02-01", "theory", 1), &id).code() ==
        Status::Code::kInvalidArgument);
  CHECK(store.AddTraining(training("2026-02-01", "knowledge", 0), &id).code() ==
        Status::Code::kInvalidArgument);
  TrainingRecord orphan = training("2026-02-01", "knowledge", 1);
  orphan.staff_id = 42;
  CHECK(store.AddTraining(orphan, &id).code() == Status::Code::kNotFound);
  std::vector<TrainingRecord> v;
  REQUIRE(store.ListTraining(a, &v).ok());
  CHECK(Join(v,
             [](const TrainingRecord& t) {
               return std::to_string(t.id) + " " + t.date + " " + t.topic + " " + t.kind + " " +
                      std::to_string(t.hours);
             }) ==
        "2 2026-01-15 测评实务 2026-01-15 knowledge 8.000000 | 1 2026-03-01 测评实务 2026-03-01 "
        "practical 1.500000");
  REQUIRE(store.ListTraining(42, &v).ok());
  CHECK(v.empty());
}

TEST_CASE_TEMPLATE("store contract: the audit log appends and pages in order", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  int64_t a = 0;
  REQUIRE(store.AddStaff(Staff("A", "professional", "coach"), kHashA, 1000, &a).ok());
  int64_t id = 0;
  REQUIRE(
      store
          .AppendAudit({0, std::nullopt, "staff.create", "staff:1", std::nullopt, "cli", 1000, ""}, &id)
          .ok());
  CHECK(id == 1);
  REQUIRE(store.AppendAudit({0, a, "case.read", "case", 17, "127.0.0.1", 2000, ""}, &id).ok());
  CHECK(id == 2);
  CHECK(store.AppendAudit({0, 99, "case.read", "case", 17, "127.0.0.1", 2000, ""}, &id).code() ==
        Status::Code::kNotFound);
  CHECK(store.AppendAudit({0, a, "", "case", 17, "127.0.0.1", 2000, ""}, &id).code() ==
        Status::Code::kInvalidArgument);
  auto line = [](const AuditEntry& e) {
    return std::to_string(e.id) + " " + (e.staff_id ? std::to_string(*e.staff_id) : "cli") + " " +
           e.action + " " + e.object + " " + (e.client_id ? std::to_string(*e.client_id) : "-") +
           " " + e.remote_addr + " @" + std::to_string(e.at_ms);
  };
  std::vector<AuditEntry> v;
  REQUIRE(store.ListAudit(0, 10, &v).ok());
  CHECK(Join(v, line) ==
        "1 cli staff.create staff:1 - cli @1000 | 2 1 case.read case 17 127.0.0.1 @2000");
  REQUIRE(store.ListAudit(1, 10, &v).ok());
  CHECK(Join(v, line) == "2 1 case.read case 17 127.0.0.1 @2000");
  REQUIRE(store.ListAudit(0, 1, &v).ok());
  CHECK(v.size() == 1);
}

TEST_CASE_TEMPLATE("store contract: clients are listed in pages by id", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  MustCommit(store, Turn(Key("u1"), "m1", 1000));
  MustCommit(store, Turn(Key("u2", "wechat"), "m1", 2000));
  MustCommit(store, Turn(Key("u1"), "m2", 3000));
  MustCommit(store, Turn(Key("u3"), "m1", 4000));
  auto line = [](const ClientSummary& c) {
    return std::to_string(c.client_id) + " " + c.channel + " @" + std::to_string(c.created_at_ms) +
           " " + c.session_state + " @" + std::to_string(c.updated_at_ms);
  };
  std::vector<ClientSummary> v;
  REQUIRE(store.ListClients({0, 2}, &v).ok());
  CHECK(Join(v, line) == "1 api @1000 state-m2 @3000 | 2 wechat @2000 state-m1 @2000");
  REQUIRE(store.ListClients({2, 2}, &v).ok());
  CHECK(Join(v, line) == "3 api @4000 state-m1 @4000");
  REQUIRE(store.ListClients({3, 2}, &v).ok());
  CHECK(v.empty());
}

}  // namespace
}  // namespace careerbot::storage
