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
    CHECK(whole->link_hash.empty());
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
    if (!r.link_hash.empty()) out += " hash!";  // lists never carry the hash
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

  std::optional<ReportRecord> found;
  REQUIRE(store.FindReportByLinkHash(kLinkA, &found).ok());
  REQUIRE(found.has_value());
  CHECK(found->version == 1);
  CHECK(found->client_id == client);
  CHECK(found->link_hash == kLinkA);
  CHECK(found->sections.at(0).markdown == "- 年龄：28");
  REQUIRE(store.FindReportByLinkHash(kLinkC, &found).ok());
  CHECK_FALSE(found.has_value());

  // A new link for version 1: the old one stops working.
  REQUIRE(store.SetReportLink(client, 1, kLinkC, 12000).ok());
  REQUIRE(store.FindReportByLinkHash(kLinkA, &found).ok());
  CHECK_FALSE(found.has_value());
  REQUIRE(store.FindReportByLinkHash(kLinkC, &found).ok());
  REQUIRE(found.has_value());
  CHECK(*found->link_expires_at_ms == 12000);
  CHECK(store.SetReportLink(client, 3, kLinkA, 1).code() == Status::Code::kNotFound);
  CHECK(store.SetReportLink(client, 0, kLinkA, 1).code() == Status::Code::kNotFound);
  CHECK(store.SetReportLink(client, 1, kLinkB, 1).code() == Status::Code::kAlreadyExists);
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
  std::optional<ReportRecord> found;
  REQUIRE(store.FindReportByLinkHash(kLinkA, &found).ok());
  CHECK_FALSE(found.has_value());
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
