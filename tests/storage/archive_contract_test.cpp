// Archives (S-3.5.2) against every Store: a number opened with the service
// agreement, gapless per category and year even under concurrent turns, the
// documents filed before and after, and the format helpers.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/archive_number.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"
#include "tests/storage/store_contract.h"
#include "tests/support/database_probe.h"

namespace careerbot::storage {
namespace {

using namespace contract;

// 2026-03-01 12:00 UTC, and 2026-12-31 17:00 UTC (already 2027 in Beijing).
constexpr int64_t kMarch = 1772366400000;
constexpr int64_t kNewYearInBeijing = 1798736400000;

TurnWrite Agreement(const ClientKey& key, const std::string& id, int64_t at_ms) {
  TurnWrite t = Turn(key, id, at_ms);
  t.consents.push_back({"service_agreement", "2026-1", true, "api", at_ms});
  t.open_archive = true;
  return t;
}

std::string Documents(Store& store, const std::string& number) {
  std::vector<ArchiveDocument> docs;
  REQUIRE(store.ListArchiveDocuments(number, &docs).ok());
  std::string out;
  for (const auto& d : docs) out += (out.empty() ? "" : "; ") + d.kind + " " + d.reference + " @" + std::to_string(d.filed_at_ms);
  return out;
}

TEST_CASE("archive numbers: format, category and year") {
  CHECK(FormatArchiveNumber("{category}-{year}-{seq:6}", "GR", 2026, 1) == "GR-2026-000001");
  CHECK(FormatArchiveNumber("{year}{category}{seq}", "QY", 2027, 42) == "2027QY42");
  CHECK(FormatArchiveNumber("A/{category}/{year}/{seq:3}", "GR", 2026, 12345) == "A/GR/2026/12345");
  CHECK(ValidateArchiveFormat("{category}-{year}-{seq:6}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}-{seq:6}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}-{year}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}-{year}-{seq}-{seq}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}-{year}-{seq:0}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}-{year}-{seq:13}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}-{year}-{id}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category-{year}-{seq}").ok());
  CHECK_FALSE(ValidateArchiveFormat("{category}}-{year}-{seq}").ok());
  CHECK(ArchiveCategory("individual") == "GR");
  CHECK(ArchiveCategory("enterprise") == "QY");
  CHECK(ArchiveYear(kMarch) == 2026);
  CHECK(ArchiveYear(kNewYearInBeijing) == 2027);
}

TEST_CASE_TEMPLATE("store contract: the service agreement opens an archive, numbered per year", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  // Before the agreement: a plan and a complaint, filed when the archive opens.
  TurnWrite before = Turn(Key("a"), "1", kMarch - 2000);
  before.plans.push_back({1, R"(["x"])", "{}", "proposed", "bot", kMarch - 2000});
  before.complaints.push_back({"C-AAAAAAAA", "service", "slow", std::nullopt, "received", kMarch - 1000, kMarch - 1000});
  before.consents.push_back({"privacy_notice", "1", true, "api", kMarch - 2000});
  const int64_t a = MustCommit(store, before);
  std::optional<ArchiveRecord> none;
  REQUIRE(store.FindArchive(a, &none).ok());
  CHECK_FALSE(none.has_value());

  MustCommit(store, Agreement(Key("a"), "2", kMarch));
  std::optional<ArchiveRecord> archive;
  REQUIRE(store.FindArchive(a, &archive).ok());
  REQUIRE(archive.has_value());
  CHECK(archive->number == "GR-2026-000001");
  CHECK(archive->category == "GR");
  CHECK(archive->year == 2026);
  CHECK(archive->seq == 1);
  CHECK(archive->opened_at_ms == kMarch);
  CHECK(Documents(store, "GR-2026-000001") ==
        "plan version 1 @" + std::to_string(kMarch - 2000) + "; complaint C-AAAAAAAA @" +
            std::to_string(kMarch - 1000) + "; agreement service_agreement 2026-1 @" + std::to_string(kMarch));

  // Later turns file their own documents; a second acceptance opens nothing new.
  TurnWrite later = Agreement(Key("a"), "3", kMarch + 1000);
  later.plans.push_back({2, R"(["x"])", "{}", "confirmed", "client", kMarch + 1000});
  later.feedback.push_back({5, "yes", "good", kMarch + 1000});
  MustCommit(store, later);
  CHECK(Documents(store, "GR-2026-000001").size() > 0);
  std::vector<ArchiveDocument> docs;
  REQUIRE(store.ListArchiveDocuments("GR-2026-000001", &docs).ok());
  REQUIRE(docs.size() == 6);
  CHECK(docs[3].kind == "agreement");
  CHECK(docs[4].reference == "version 2");
  CHECK(docs[5].reference == "rating 5");

  // The next client of the year is 2; in the new (Beijing) year the count starts again.
  const int64_t b = MustCommit(store, Agreement(Key("b"), "1", kMarch + 5000));
  const int64_t c = MustCommit(store, Agreement(Key("c"), "1", kNewYearInBeijing));
  std::optional<ArchiveRecord> rb, rc, by_number;
  REQUIRE(store.FindArchive(b, &rb).ok());
  REQUIRE(store.FindArchive(c, &rc).ok());
  CHECK(rb->number == "GR-2026-000002");
  CHECK(rc->number == "GR-2027-000001");
  REQUIRE(store.FindArchiveByNumber("GR-2026-000002", &by_number).ok());
  CHECK(by_number->client_id == b);
  REQUIRE(store.FindArchiveByNumber("GR-2026-000009", &by_number).ok());
  CHECK_FALSE(by_number.has_value());
  std::vector<ArchiveRecord> all;
  REQUIRE(store.ListArchives(&all).ok());
  REQUIRE(all.size() == 3);
  CHECK(all[0].number == "GR-2026-000001");
  CHECK(all[2].number == "GR-2027-000001");
  CHECK(Documents(store, "nope").empty());
}

TEST_CASE_TEMPLATE("store contract: a refused turn takes no archive number", F, CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  MustCommit(store, Turn(Key("a"), "1", kMarch));
  TurnWrite bad = Agreement(Key("a"), "1", kMarch);  // a duplicate id: AlreadyExists
  CHECK(store.CommitTurn(bad, nullptr).code() == Status::Code::kAlreadyExists);
  TurnWrite bad_format = Agreement(Key("a"), "2", kMarch);
  bad_format.archive_format = "{seq}";
  CHECK(store.CommitTurn(bad_format, nullptr).code() == Status::Code::kInvalidArgument);
  MustCommit(store, Agreement(Key("b"), "1", kMarch));
  std::vector<ArchiveRecord> all;
  REQUIRE(store.ListArchives(&all).ok());
  REQUIRE(all.size() == 1);
  CHECK(all[0].number == "GR-2026-000001");
}

TEST_CASE_TEMPLATE("store contract: 8 threads opening cases at once get gapless numbers", F,
                   CONTRACT_STORES) {
  F f;
  Store& store = *f.store;
  constexpr int kThreads = 8, kEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string user = "t" + std::to_string(t) + "-" + std::to_string(i);
        REQUIRE(store.CommitTurn(Agreement(Key(user), "1", kMarch + i), nullptr).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<ArchiveRecord> all;
  REQUIRE(store.ListArchives(&all).ok());
  REQUIRE(all.size() == kThreads * kEach);
  std::set<int64_t> seqs, clients;
  std::set<std::string> numbers;
  for (const auto& a : all) {
    seqs.insert(a.seq);
    clients.insert(a.client_id);
    numbers.insert(a.number);
  }
  CHECK(seqs.size() == all.size());
  CHECK(*seqs.begin() == 1);
  CHECK(*seqs.rbegin() == kThreads * kEach);  // 1..80, no gap, no repeat
  CHECK(clients.size() == all.size());
  CHECK(numbers.count("GR-2026-000080") == 1);
}

TEST_CASE("sqlite archives: migration 5 gives earlier clients their archives and documents") {
  testing::TempDir dir;
  const std::string path = dir.File("careerbot.db");
  {
    SqliteHandle v4;
    REQUIRE(OpenSqliteDatabaseAtVersion({path, 5000}, 4, &v4).ok());
    const char* sql =
        "INSERT INTO clients (id, kind, created_at) VALUES (1, 'individual', 1), (2, 'enterprise', 1), "
        "(3, 'individual', 1), (4, 'individual', 1);"
        "INSERT INTO consents (client_id, document, version, accepted, channel, at) VALUES "
        "(3, 'service_agreement', 'v1', 1, 'api', 1772366400000),"
        "(1, 'service_agreement', 'v1', 1, 'api', 1772366500000),"
        "(2, 'service_agreement', 'v1', 1, 'api', 1772366600000),"
        "(4, 'privacy_notice', 'v1', 1, 'api', 1772366600000);"
        "INSERT INTO feedback (client_id, rating, at) VALUES (1, 4, 1772366700000);";
    REQUIRE(sqlite3_exec(v4.get(), sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  std::unique_ptr<Store> store;
  REQUIRE(OpenSqliteStore({path, 5000}, &store).ok());
  std::vector<ArchiveRecord> all;
  REQUIRE(store->ListArchives(&all).ok());
  REQUIRE(all.size() == 3);
  CHECK(all[0].number == "GR-2026-000001");
  CHECK(all[0].client_id == 3);
  CHECK(all[1].number == "GR-2026-000002");
  CHECK(all[1].client_id == 1);
  CHECK(all[2].number == "QY-2026-000001");
  CHECK(Documents(*store, "GR-2026-000002") ==
        "agreement service_agreement v1 @1772366500000; feedback rating 4 @1772366700000");
  // Numbering goes on after the migrated ones.
  MustCommit(*store, Agreement(Key("new"), "1", kMarch));
  REQUIRE(store->ListArchives(&all).ok());
  CHECK(all.back().number == "GR-2026-000003");
}

}  // namespace
}  // namespace careerbot::storage
