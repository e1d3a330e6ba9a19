// Reports (S-4.6.1, S-5.5) against every Store: one draft per client, sections
// edited one at a time, finalizing freezes numbered versions with their link,
// filing in the archive, and erasure with the client's personal data.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "storage/sqlite_database.h"
#include "storage/store.h"
#include "tests/storage/store_contract.h"

namespace careerbot::storage {
namespace {

using namespace contract;

const std::string kLinkA(64, 'a'), kLinkB(64, 'b'), kLinkC(64, 'c');
const std::string kStaffHash(64, 'f');

// What FindPersonalLink answers for a hash: "report v1 of 1 @3000-9000", or "none".
std::string LinkOf(Store& store, const std::string& hash) {
  std::optional<PersonalLinkRecord> link;
  REQUIRE(store.FindPersonalLink(hash, &link).ok());
  if (!link) return "none";
  std::string out = link->purpose;
  if (link->report_version) out += " v" + std::to_string(*link->report_version);
  return out + " of " + std::to_string(link->client_id) + " @" + std::to_string(link->issued_at_ms) + "-" +
         std::to_string(link->expires_at_ms);
}

AuditEntry RenewAudit(int64_t client_id, int64_t staff_id) {
  AuditEntry a;
  a.staff_id = staff_id;
  a.action = "report.link";
  a.object = "report:1/link";
  a.client_id = client_id;
  a.remote_addr = "127.0.0.1";
  a.at_ms = 10000;
  return a;
}

ReportRecord Draft(int64_t client_id, int64_t staff_id, const std::string& basic) {
  ReportRecord r;
  r.client_id = client_id;
  r.lang = "zh";
  r.charts_json = R"([{"kind":"radar"}])";
  r.drafted_by = staff_id;
  r.drafted_at_ms = 1000;
  r.sections = {{"basic_info", "基本信息", basic, std::nullopt, 0},
                {"training", "培训建议", "- 沟通", std::nullopt, 0}};
  return r;
}

// "v0 zh by 1 @1000 [basic_info='…' edited 1@2000; training='…'] | v1 … final 1@3000 link@9000".
std::string Reports(Store& store, int64_t client_id) {
  std::vector<ReportRecord> v;
  REQUIRE(store.ListReports(client_id, &v).ok());
  for (ReportRecord& r : v) {
    CHECK(r.sections.empty());  // the list carries no content; FindReport does
    std::optional<ReportRecord> whole;
    REQUIRE(store.FindReport(client_id, r.version, &whole).ok());
    REQUIRE(whole.has_value());
    r = *whole;
  }
  return Join(v, [](const ReportRecord& r) {
    std::string out = "v" + std::to_string(r.version) + " " + r.lang + " by " +
                      std::to_string(r.drafted_by) + " @" + std::to_string(r.drafted_at_ms) + " [";
    for (size_t i = 0; i < r.sections.size(); ++i) {
      const ReportSection& s = r.sections[i];
      out += (i ? "; " : "") + s.id + "='" + s.markdown + "'";
      if (s.edited_by) out += " edited " + std::to_string(*s.edited_by) + "@" + std::to_string(s.edited_at_ms);
    }
    out += "]";
    if (r.finalized_by) out += " final " + std::to_string(*r.finalized_by) + "@" + std::to_string(r.finalized_at_ms);
    if (r.link_expires_at_ms) out += " link@" + std::to_string(*r.link_expires_at_ms);
    return out;
  });
}

int64_t AddStaff(Store& store) {
  StaffRecord s;
  s.name = "王老师";
  s.role = "professional";
  s.title = "consultant";
  s.education = "硕士";
  int64_t id = 0;
  REQUIRE(store.AddStaff(s, kStaffHash, 1, &id).ok());
  return id;
}

TEST_CASE_TEMPLATE("store contract: a report draft is edited, finalized into versions 1, 2", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddStaff(store);
  const int64_t client = MustCommit(store, Turn(Key("a"), "1", 500));
  CHECK(Reports(store, client) == "");

  REQUIRE(store.SaveReportDraft(Draft(client, staff, "- 年龄：27"), false).ok());
  CHECK(store.SaveReportDraft(Draft(client, staff, "again"), false).code() == Status::Code::kAlreadyExists);
  REQUIRE(store.EditReportSection(client, "basic_info", "- 年龄：28", staff, 2000).ok());
  CHECK(store.EditReportSection(client, "nothing", "x", staff, 2000).code() == Status::Code::kNotFound);
  CHECK(store.EditReportSection(client, "basic_info", "x", 99, 2000).code() == Status::Code::kNotFound);
  CHECK(Reports(store, client) ==
        "v0 zh by 1 @1000 [basic_info='- 年龄：28' edited 1@2000; training='- 沟通']");

  int version = 0;
  REQUIRE(store.FinalizeReportDraft(client, staff, 3000, kLinkA, 9000, &version).ok());
  CHECK(version == 1);
  CHECK(Reports(store, client) ==
        "v1 zh by 1 @1000 [basic_info='- 年龄：28' edited 1@2000; training='- 沟通'] final 1@3000 link@9000");
  // A finalized version is frozen: there is no draft to edit or finalize.
  CHECK(store.EditReportSection(client, "basic_info", "changed", staff, 4000).code() == Status::Code::kNotFound);
  CHECK(store.FinalizeReportDraft(client, staff, 4000, kLinkB, 9000, &version).code() == Status::Code::kNotFound);

  // A second draft becomes version 2; version 1 stays as it was.
  REQUIRE(store.SaveReportDraft(Draft(client, staff, "- 年龄：29"), false).ok());
  // The link of version 1 cannot be reused.
  CHECK(store.FinalizeReportDraft(client, staff, 5000, kLinkA, 9000, &version).code() ==
        Status::Code::kAlreadyExists);
  REQUIRE(store.FinalizeReportDraft(client, staff, 5000, kLinkB, 19000, &version).ok());
  CHECK(version == 2);
  CHECK(Reports(store, client) ==
        "v1 zh by 1 @1000 [basic_info='- 年龄：28' edited 1@2000; training='- 沟通'] final 1@3000 link@9000 | "
        "v2 zh by 1 @1000 [basic_info='- 年龄：29'; training='- 沟通'] final 1@5000 link@19000");

  // Finalizing issues the version's link: a personal link of purpose "report".
  CHECK(LinkOf(store, kLinkA) == "report v1 of " + std::to_string(client) + " @3000-9000");
  CHECK(LinkOf(store, kLinkB) == "report v2 of " + std::to_string(client) + " @5000-19000");
  CHECK(LinkOf(store, kLinkC) == "none");

  // A new link for version 1, kept with its audit entry: the old one stops working.
  std::vector<AuditEntry> audit;
  REQUIRE(store.ListAudit(0, 100, &audit).ok());
  const size_t audited = audit.size();
  REQUIRE(store.IssuePersonalLink({client, "report", kLinkC, 10000, 12000, 1}, RenewAudit(client, staff)).ok());
  CHECK(LinkOf(store, kLinkA) == "none");
  CHECK(LinkOf(store, kLinkC) == "report v1 of " + std::to_string(client) + " @10000-12000");
  CHECK(LinkOf(store, kLinkB) == "report v2 of " + std::to_string(client) + " @5000-19000");
  REQUIRE(store.ListAudit(0, 100, &audit).ok());
  REQUIRE(audit.size() == audited + 1);
  CHECK(audit.back().action == "report.link");
  CHECK(audit.back().object == "report:1/link");
  CHECK(Reports(store, client) ==
        "v1 zh by 1 @1000 [basic_info='- 年龄：28' edited 1@2000; training='- 沟通'] final 1@3000 link@12000 | "
        "v2 zh by 1 @1000 [basic_info='- 年龄：29'; training='- 沟通'] final 1@5000 link@19000");
  // Refused, and nothing changes: a version the client lacks, the draft, a taken
  // hash, a report link without its version, an export link naming a version.
  const std::string kLinkD(64, 'd');
  CHECK(store.IssuePersonalLink({client, "report", kLinkD, 10000, 12000, 3}, RenewAudit(client, staff)).code() ==
        Status::Code::kNotFound);
  CHECK(store.IssuePersonalLink({client + 1, "report", kLinkD, 10000, 12000, 1}, RenewAudit(client, staff)).code() ==
        Status::Code::kNotFound);
  CHECK(store.IssuePersonalLink({client, "report", kLinkD, 10000, 12000, 0}, RenewAudit(client, staff)).code() ==
        Status::Code::kInvalidArgument);
  CHECK(store.IssuePersonalLink({client, "report", kLinkB, 10000, 12000, 1}, RenewAudit(client, staff)).code() ==
        Status::Code::kAlreadyExists);
  CHECK(store.IssuePersonalLink({client, "report", kLinkD, 10000, 12000, std::nullopt}, RenewAudit(client, staff))
            .code() == Status::Code::kInvalidArgument);
  CHECK(store.IssuePersonalLink({client, "export", kLinkD, 10000, 12000, 1}, RenewAudit(client, staff)).code() ==
        Status::Code::kInvalidArgument);
  CHECK(LinkOf(store, kLinkC) == "report v1 of " + std::to_string(client) + " @10000-12000");
  CHECK(LinkOf(store, kLinkB) == "report v2 of " + std::to_string(client) + " @5000-19000");
  CHECK(LinkOf(store, kLinkD) == "none");
  REQUIRE(store.ListAudit(0, 100, &audit).ok());
  CHECK(audit.size() == audited + 1);

  std::optional<ReportRecord> found;
  REQUIRE(store.FindReport(client, 3, &found).ok());
  CHECK_FALSE(found.has_value());
  REQUIRE(store.FindReport(client, 0, &found).ok());
  CHECK_FALSE(found.has_value());  // no draft now
  REQUIRE(store.FindReport(99, 1, &found).ok());
  CHECK_FALSE(found.has_value());
}

TEST_CASE_TEMPLATE("store contract: report drafts refuse bad records and unknown ids", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddStaff(store);
  const int64_t client = MustCommit(store, Turn(Key("a"), "1", 500));
  CHECK(store.SaveReportDraft(Draft(99, staff, "x"), false).code() == Status::Code::kNotFound);
  CHECK(store.SaveReportDraft(Draft(client, 99, "x"), false).code() == Status::Code::kNotFound);
  ReportRecord bad = Draft(client, staff, "x");
  bad.lang = "fr";
  CHECK(store.SaveReportDraft(bad, false).code() == Status::Code::kInvalidArgument);
  bad = Draft(client, staff, "x");
  bad.sections.push_back(bad.sections.front());
  CHECK(store.SaveReportDraft(bad, false).code() == Status::Code::kInvalidArgument);
  bad = Draft(client, staff, std::string(kMaxReportMarkdown + 1, 'x'));
  CHECK(store.SaveReportDraft(bad, false).code() == Status::Code::kInvalidArgument);
  CHECK(store.FinalizeReportDraft(client, staff, 1, kLinkA, 2, nullptr).code() == Status::Code::kNotFound);
  CHECK(store.FinalizeReportDraft(client, staff, 1, "short", 2, nullptr).code() ==
        Status::Code::kInvalidArgument);
  CHECK(Reports(store, client) == "");

  // Replacing a draft drops its edits.
  REQUIRE(store.SaveReportDraft(Draft(client, staff, "one"), false).ok());
  REQUIRE(store.EditReportSection(client, "training", "edited", staff, 7).ok());
  REQUIRE(store.SaveReportDraft(Draft(client, staff, "two"), true).ok());
  CHECK(Reports(store, client) == "v0 zh by 1 @1000 [basic_info='two'; training='- 沟通']");
}

TEST_CASE_TEMPLATE("store contract: a finalized report is filed in the archive, erasure deletes reports", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  const int64_t staff = AddStaff(store);
  TurnWrite agreement = Turn(Key("a"), "1", 500);
  agreement.consents.push_back({"service_agreement", "2026-1", true, "api", 500});
  agreement.open_archive = true;
  const int64_t client = MustCommit(store, agreement);
  REQUIRE(store.SaveReportDraft(Draft(client, staff, "x"), false).ok());
  REQUIRE(store.FinalizeReportDraft(client, staff, 3000, kLinkA, 9000, nullptr).ok());
  // A renewed link goes with the data too.
  REQUIRE(store.IssuePersonalLink({client, "report", kLinkB, 3500, 9500, 1}, RenewAudit(client, staff)).ok());
  CHECK(LinkOf(store, kLinkB) == "report v1 of " + std::to_string(client) + " @3500-9500");
  std::optional<ArchiveRecord> archive;
  REQUIRE(store.FindArchive(client, &archive).ok());
  REQUIRE(archive.has_value());
  std::vector<ArchiveDocument> docs;
  REQUIRE(store.ListArchiveDocuments(archive->number, &docs).ok());
  REQUIRE(docs.size() == 2);
  CHECK(docs[1].kind == "report");
  CHECK(docs[1].reference == "version 1");
  CHECK(docs[1].filed_at_ms == 3000);

  REQUIRE(store.SaveReportDraft(Draft(client, staff, "y"), false).ok());
  TurnWrite erase = Turn(Key("a"), "2", 4000);
  erase.erase_personal_data = true;
  MustCommit(store, erase);
  CHECK(Reports(store, client) == "");
  CHECK(LinkOf(store, kLinkA) == "none");  // the report's links went with it
  CHECK(LinkOf(store, kLinkB) == "none");
  REQUIRE(store.ListArchiveDocuments(archive->number, &docs).ok());
  CHECK(docs.size() == 2);  // the archive keeps what was filed (no content)
}

TEST_CASE("sqlite reports: migration 7 keeps the archive's documents and lets it file reports") {
  testing::TempDir dir;
  const std::string path = dir.File("careerbot.db");
  {
    SqliteHandle v6;  // the schema before reports
    REQUIRE(OpenSqliteDatabaseAtVersion({path, 5000}, 6, &v6).ok());
    const char* sql =
        "INSERT INTO clients (id, kind, created_at) VALUES (1, 'individual', 1);"
        "INSERT INTO archives (number, client_id, category, year, seq, opened_at) "
        "VALUES ('GR-2026-000001', 1, 'GR', 2026, 1, 100);"
        "INSERT INTO archive_documents (archive_id, kind, reference, filed_at) VALUES "
        "(1, 'agreement', 'service_agreement v1', 100), (1, 'plan', 'version 1', 200);";
    REQUIRE(sqlite3_exec(v6.get(), sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  std::unique_ptr<Store> store;
  REQUIRE(OpenSqliteStore({path, 5000}, &store).ok());
  const int64_t staff = AddStaff(*store);
  REQUIRE(store->SaveReportDraft(Draft(1, staff, "x"), false).ok());
  REQUIRE(store->FinalizeReportDraft(1, staff, 300, kLinkA, 900, nullptr).ok());
  std::vector<ArchiveDocument> docs;
  REQUIRE(store->ListArchiveDocuments("GR-2026-000001", &docs).ok());
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].reference == "service_agreement v1");
  CHECK(docs[1].reference == "version 1");
  CHECK(docs[2].kind == "report");
  CHECK(docs[2].reference == "version 1");
  CHECK(docs[2].filed_at_ms == 300);
}

}  // namespace
}  // namespace careerbot::storage
