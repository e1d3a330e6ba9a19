// Migration 15: report links move from reports.link_hash/link_expires_at into
// personal_links (purpose 'report', naming their report), and a link handed out
// before the migration still opens the same report after it.
#include <doctest/doctest.h>

#include <string>

#include "bot/personal_link.h"
#include "bot/report_service.h"
#include "storage/store.h"
#include "tests/support/database_probe.h"
#include "tests/support/sqlite_files.h"
#include "tests/support/temp_dir.h"

namespace careerbot::storage {
namespace {

const std::string kReportToken(43, 'R');  // version 1's link, issued before the migration
const std::string kExportToken(43, 'X');

// A version-14 database: a client, a counsellor, report version 1 with its link
// and a section, version 2 whose link was renewed, the draft (no link), and an
// export link.
void CreateVersion14(const std::string& path) {
  testing::CreateAtVersion(path, 14);
  const std::string sql =
      "INSERT INTO clients (id, kind, created_at) VALUES (1, 'individual', 100);"
      "INSERT INTO staff (id, name, role, title, education, created_at) "
      "VALUES (1, 'Wang', 'professional', 'consultant', 'MSc', 100);"
      "INSERT INTO reports (id, client_id, version, lang, charts, drafted_by, drafted_at, finalized_by, "
      "finalized_at, link_hash, link_expires_at) VALUES "
      "(7, 1, 1, 'zh', '[]', 1, 1000, 1, 3000, '" + bot::PersonalLinkHash(kReportToken) + "', 90000),"
      "(8, 1, 2, 'en', '[]', 1, 4000, 1, 5000, '" + std::string(64, 'b') + "', 99000),"
      "(9, 1, 0, 'zh', '[]', 1, 6000, NULL, NULL, NULL, NULL);"
      "INSERT INTO report_sections (report_id, section, position, title, markdown) VALUES "
      "(7, 'basic_info', 0, '基本信息', '- 年龄：28');"
      "INSERT INTO personal_links (client_id, purpose, token_hash, issued_at, expires_at) VALUES "
      "(1, 'export', '" + bot::PersonalLinkHash(kExportToken) + "', 2000, 50000);";
  REQUIRE(testing::TryExec(path, sql) == SQLITE_OK);
}

TEST_CASE("sqlite report links: migration 15 moves report links into personal_links, and they still open") {
  testing::TempDir dir;
  const std::string path = dir.File("careerbot.db");
  CreateVersion14(path);
  std::unique_ptr<Store> store = testing::MustOpen(path);

  // The link handed out before the migration opens its report, sections and all.
  std::optional<ReportRecord> report;
  REQUIRE(bot::FindReportByLink(*store, kReportToken, 89999, &report).ok());
  REQUIRE(report.has_value());
  CHECK(report->client_id == 1);
  CHECK(report->version == 1);
  REQUIRE(report->sections.size() == 1);
  CHECK(report->sections[0].markdown == "- 年龄：28");
  CHECK(report->link_expires_at_ms == 90000);
  REQUIRE(bot::FindReportByLink(*store, kReportToken, 90000, &report).ok());
  CHECK_FALSE(report.has_value());  // and expires when it did

  // Issued at the report's finalizing time (the best time kept for it).
  std::optional<PersonalLinkRecord> link;
  REQUIRE(store->FindPersonalLink(bot::PersonalLinkHash(kReportToken), &link).ok());
  REQUIRE(link.has_value());
  CHECK(link->purpose == "report");
  CHECK(link->report_version == 1);
  CHECK(link->issued_at_ms == 3000);
  CHECK(link->expires_at_ms == 90000);
  REQUIRE(store->FindPersonalLink(std::string(64, 'b'), &link).ok());
  REQUIRE(link.has_value());
  CHECK(link->report_version == 2);
  CHECK(link->issued_at_ms == 5000);
  // The export link is kept as it was.
  REQUIRE(store->FindPersonalLink(bot::PersonalLinkHash(kExportToken), &link).ok());
  REQUIRE(link.has_value());
  CHECK(link->purpose == "export");
  CHECK_FALSE(link->report_version.has_value());
  CHECK(link->issued_at_ms == 2000);

  std::vector<ReportRecord> reports;
  REQUIRE(store->ListReports(1, &reports).ok());
  REQUIRE(reports.size() == 3);
  CHECK(reports[1].link_expires_at_ms == 99000);
  CHECK_FALSE(reports[2].link_expires_at_ms.has_value());  // the draft has none
}

TEST_CASE("sqlite report links: after migration 15 reports have no link columns and the CHECKs hold") {
  testing::TempDir dir;
  const std::string path = dir.File("careerbot.db");
  CreateVersion14(path);
  testing::MustOpen(path).reset();

  CHECK(testing::TryExec(path, "SELECT link_hash FROM reports") == SQLITE_ERROR);
  CHECK(testing::TryExec(path, "SELECT link_expires_at FROM reports") == SQLITE_ERROR);
  const std::string insert =
      "INSERT INTO personal_links (client_id, purpose, report_id, token_hash, issued_at, expires_at) VALUES ";
  // A report link names its report; no other link does.
  CHECK(testing::TryExec(path, insert + "(1, 'report', NULL, '" + std::string(64, 'c') + "', 1, 2)") ==
        SQLITE_CONSTRAINT_CHECK);
  CHECK(testing::TryExec(path, insert + "(1, 'export', 7, '" + std::string(64, 'c') + "', 1, 2)") ==
        SQLITE_CONSTRAINT_CHECK);
  CHECK(testing::TryExec(path, insert + "(1, 'other', NULL, '" + std::string(64, 'c') + "', 1, 2)") ==
        SQLITE_CONSTRAINT_CHECK);
  CHECK(testing::TryExec(path, insert + "(1, 'report', 70, '" + std::string(64, 'c') + "', 1, 2)") ==
        SQLITE_CONSTRAINT_FOREIGNKEY);
  // A report version has one link (renewing replaces it, IssuePersonalLink).
  CHECK(testing::TryExec(path, insert + "(1, 'report', 7, '" + std::string(64, 'c') + "', 1, 2)") ==
        SQLITE_CONSTRAINT_UNIQUE);
  CHECK(testing::TryExec(path, insert + "(1, 'export', NULL, '" + std::string(64, 'c') + "', 1, 2)") == SQLITE_OK);
  // The report's sections survived the rebuild, and deleting a report deletes its links.
  CHECK(testing::QueryInt(path, "SELECT count(*) FROM report_sections WHERE report_id = 7") == 1);
  CHECK(testing::QueryInt(path, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
  CHECK(testing::QueryInt(path, "SELECT count(*) FROM pragma_index_list('personal_links') "
                                "WHERE name = 'personal_links_report'") == 1);
  CHECK(testing::TryExec(path, "DELETE FROM reports WHERE id = 7") == SQLITE_OK);
  CHECK(testing::QueryInt(path, "SELECT count(*) FROM report_sections WHERE report_id = 7") == 0);
  std::unique_ptr<Store> store = testing::MustOpen(path);
  std::optional<PersonalLinkRecord> link;
  REQUIRE(store->FindPersonalLink(bot::PersonalLinkHash(kReportToken), &link).ok());
  CHECK_FALSE(link.has_value());
  REQUIRE(store->FindPersonalLink(std::string(64, 'b'), &link).ok());
  CHECK(link.has_value());
  REQUIRE(store->FindPersonalLink(std::string(64, 'c'), &link).ok());
  CHECK(link.has_value());
}

}  // namespace
}  // namespace careerbot::storage
