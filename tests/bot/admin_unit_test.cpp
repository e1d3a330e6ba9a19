// Unit tests of the admin API's parts: staff tokens, the permission table and the
// derivation of a case's status from its records.
#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "bot/admin_case.h"
#include "bot/admin_token.h"
#include "bot/permissions.h"

namespace careerbot::bot {
namespace {

TEST_CASE("admin token: 43 base64url characters, fresh each time, only the hash compares") {
  std::string a, b;
  REQUIRE(GenerateStaffToken(&a).ok());
  REQUIRE(GenerateStaffToken(&b).ok());
  CHECK(a.size() == 43);
  CHECK(a != b);
  CHECK(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
  CHECK(HashStaffToken("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(HashStaffToken(a).size() == 64);
  CHECK(TokenHashesEqual(HashStaffToken(a), HashStaffToken(a)));
  CHECK_FALSE(TokenHashesEqual(HashStaffToken(a), HashStaffToken(b)));
  CHECK_FALSE(TokenHashesEqual(HashStaffToken(a), HashStaffToken(a).substr(1)));
  CHECK(BearerToken("Bearer " + a) == a);
  CHECK(BearerToken("bearer " + a) == a);
  CHECK(BearerToken("Basic " + a) == "");
  CHECK(BearerToken("Bearer " + a + "x") == "");
  CHECK(BearerToken("Bearer " + a.substr(0, 42) + "=") == "");
  CHECK(BearerToken("") == "");
}

TEST_CASE("admin permissions: the matrix of docs/admin-api.md") {
  auto roles = [](Permission p) {
    std::string out;
    for (const char* role : {"auxiliary", "professional", "admin"}) {
      if (RoleMay(role, p)) out += out.empty() ? role : std::string(",") + role;
    }
    return out;
  };
  CHECK(roles(Permission::kReadSelf) == "auxiliary,professional,admin");
  CHECK(roles(Permission::kReadStaff) == "auxiliary,professional,admin");
  CHECK(roles(Permission::kManageStaff) == "admin");
  CHECK(roles(Permission::kReadTraining) == "admin");
  CHECK(roles(Permission::kReadCases) == "auxiliary,professional");
  CHECK(roles(Permission::kReadFeedbackStats) == "professional,admin");
  CHECK(roles(Permission::kAssist) == "auxiliary,professional");
  CHECK(roles(Permission::kApprovePlans) == "professional");
  CHECK(roles(Permission::kDraftReports) == "auxiliary,professional");
  CHECK(roles(Permission::kFinalizeReports) == "professional");
  CHECK(roles(Permission::kCounsel) == "professional");
  CHECK(roles(Permission::kHandleComplaints) == "professional");
  CHECK(roles(Permission::kReadAudit) == "admin");
  CHECK(roles(Permission::kReadArchives) == "professional");
  CHECK(roles(Permission::kExportClients) == "professional");
  CHECK(roles(Permission::kAssignCases) == "professional");
  CHECK_FALSE(RoleMay("", Permission::kReadSelf));
  CHECK_FALSE(RoleMay("root", Permission::kReadSelf));
  // One row per permission, in the enum's order, names unique.
  std::set<std::string> names;
  for (size_t i = 0; i < PermissionTable().size(); ++i) {
    CHECK(static_cast<size_t>(PermissionTable()[i].permission) == i);
    CHECK(names.insert(PermissionTable()[i].name).second);
  }
  CHECK(PermissionTable().size() == 18);
}

// The matrix of docs/admin-api.md is the table of the code, row by row.
TEST_CASE("admin permissions: docs/admin-api.md shows the table of bot/permissions.cpp") {
  std::ifstream file(std::string(CAREERBOT_SOURCE_DIR) + "/docs/admin-api.md");
  REQUIRE(file);
  std::string line, documented, coded;
  while (std::getline(file, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    // "| `name` | ✓ | | ✓ | …": the name and the three role columns.
    std::vector<std::string> cells;
    size_t at = 1;
    for (int i = 0; i < 4; ++i) {
      const size_t bar = line.find('|', at);
      if (bar == std::string::npos) break;
      std::string cell = line.substr(at, bar - at);
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(' ') + 1);
      cells.push_back(cell);
      at = bar + 1;
    }
    auto is_mark = [](const std::string& c) { return c.empty() || c == "✓"; };
    if (cells.size() < 4 || !is_mark(cells[1]) || !is_mark(cells[2]) || !is_mark(cells[3]))
      continue;
    documented += cells[0].substr(1, cells[0].size() - 2) + ":" + (cells[1].empty() ? "-" : "a") +
                  (cells[2].empty() ? "-" : "p") + (cells[3].empty() ? "-" : "d") + " ";
  }
  for (const PermissionRow& row : PermissionTable()) {
    coded += std::string(row.name) + ":" + (row.auxiliary ? "a" : "-") +
             (row.professional ? "p" : "-") + (row.admin ? "d" : "-") + " ";
  }
  CHECK(documented == coded);
}

storage::ConsentRecord Agreement(bool accepted) {
  return {"service_agreement", "1", accepted, "api", 1};
}

TEST_CASE("admin case status: derived from the records, the furthest step of clause 5") {
  CaseFacts f;
  CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "needs_survey");
  f.consents = {{"privacy_notice", "1", true, "api", 1}};
  CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "needs_survey");
  f.consents.push_back(Agreement(true));
  CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "agreement_signed");

  SUBCASE("a withdrawal undoes the signature") {
    f.consents.push_back(Agreement(false));
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "needs_survey");
    f.consents.push_back(Agreement(true));
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "agreement_signed");
  }
  SUBCASE("the plan, then its assessments, then the end") {
    f.plans = {{1, "[]", "{}", "proposed", "bot", 2}};
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "plan_proposed");
    f.plans.push_back({2, "[]", "{}", "confirmed", "client", 3});
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "plan_approved");
    f.plans.push_back({3, "[]", "{}", "proposed", "counsellor", 4});
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "plan_proposed");
    f.has_answers = true;
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "in_progress");
    f.has_answers = false;
    f.has_results = true;
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "in_progress");
    f.report_drafted = true;
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "report_drafted");
    f.report_final = true;
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "report_final");
    f.session_state = "closed";
    CHECK(std::string(CaseStatusName(DeriveCaseStatus(f))) == "closed");
  }
  SUBCASE("names parse back, unknown ones do not") {
    for (const char* name : {"needs_survey", "agreement_signed", "plan_proposed", "plan_approved",
                             "in_progress", "report_drafted", "report_final", "closed"}) {
      CaseStatus s = CaseStatus::kClosed;
      REQUIRE(ParseCaseStatus(name, &s));
      CHECK(std::string(CaseStatusName(s)) == name);
    }
    CaseStatus s;
    CHECK_FALSE(ParseCaseStatus("open", &s));
    CHECK_FALSE(ParseCaseStatus("", &s));
  }
}

}  // namespace
}  // namespace careerbot::bot
